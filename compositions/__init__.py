"""voicenodes compositions: stack nodes into ``Agent`` subclasses or session transforms."""

from .compose import CompositionError, compose, nodes_of, with_nodes
from .session import as_text_transform, tts_text_transforms

__all__ = [
    "CompositionError",
    "as_text_transform",
    "compose",
    "nodes_of",
    "tts_text_transforms",
    "with_nodes",
]
