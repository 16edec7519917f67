"""voicenodes nodes: pieces of pipeline behaviour to mix into LiveKit ``Agent`` classes.

See :mod:`voicenodes.nodes.base` for the hooks and :mod:`voicenodes.nodes.text` for the
text-node contract.
"""

from .base import HOOK_SPECS, HOOKS, LLMOutput, Node, NodeDefinitionError, TranscriptText
from .chat import is_pinned, pin, upsert_message
from .pattern import PatternRewriter
from .pronunciation import Dictionary, PronunciationRewriter, load_dictionary
from .text import TextNode, TextStream

__all__ = [
    "HOOKS",
    "HOOK_SPECS",
    "Dictionary",
    "LLMOutput",
    "Node",
    "NodeDefinitionError",
    "PatternRewriter",
    "PronunciationRewriter",
    "TextNode",
    "TextStream",
    "TranscriptText",
    "is_pinned",
    "load_dictionary",
    "pin",
    "upsert_message",
]
