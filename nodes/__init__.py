"""voicenodes nodes: pieces of pipeline behaviour to mix into LiveKit ``Agent`` classes.

See :mod:`voicenodes.nodes.base` for the hooks and :mod:`voicenodes.nodes.text` for the
text-node contract.
"""

from .base import HOOK_SPECS, HOOKS, LLMOutput, Node, NodeDefinitionError, TranscriptText
from .chat import is_pinned, pin, upsert_message
from .context import ContextTrimmer, DropOldest, KeepFirstTurns, Summarizer
from .numbers import NumberNormalizer, NumberPolicy
from .pattern import PatternRewriter
from .pronunciation import Dictionary, PronunciationRewriter, TranscriptRewriter, load_dictionary
from .rag import BM25Index, Passage, RagInjector, Retriever
from .text import TextNode, TextStream

__all__ = [
    "HOOKS",
    "HOOK_SPECS",
    "BM25Index",
    "ContextTrimmer",
    "Dictionary",
    "DropOldest",
    "KeepFirstTurns",
    "LLMOutput",
    "Node",
    "NodeDefinitionError",
    "NumberNormalizer",
    "NumberPolicy",
    "Passage",
    "PatternRewriter",
    "PronunciationRewriter",
    "RagInjector",
    "Retriever",
    "Summarizer",
    "TextNode",
    "TextStream",
    "TranscriptRewriter",
    "TranscriptText",
    "is_pinned",
    "load_dictionary",
    "pin",
    "upsert_message",
]
