"""Retrieval-augmented generation for voice: :class:`RagInjector` and retrievers.

- :mod:`.injector` — the node: passages in every LLM request, within a time budget,
  without cancelling preemptive generation;
- :mod:`.passage` — :class:`Passage` and the :class:`Retriever` protocol;
- :mod:`.bm25`, :mod:`.analysis` — an in-process keyword index;
- :mod:`.embeddings` — a local MiniLM embedding index (extra ``embeddings``);
- :mod:`.adapters` — LlamaIndex and LangChain retrievers as retrievers;
- :mod:`.loading`, :mod:`.chunking` — a folder of Markdown / text files as passages;
- :mod:`.selection`, :mod:`.reference`, :mod:`.tokens` — what is injected and how;
- :mod:`.session_state`, :mod:`.lookup`, :mod:`.reply` — per-session retrieval state.
"""

from .adapters import LangChainRetriever, LlamaIndexRetriever
from .analysis import Analyzer, english_minimal_stem
from .bm25 import BM25Index
from .chunking import chunk_markdown, chunk_text
from .embeddings import EmbeddingIndex, EmbeddingModelError, MiniLMEmbedder
from .injector import RagInjector
from .loading import DocumentLoadError, load_passages
from .passage import Passage, Retriever, RetrieverResultError
from .reference import QuotedPassage, find_reference, quoted_passages
from .selection import Selection
from .tokens import estimate_tokens

__all__ = [
    "Analyzer",
    "BM25Index",
    "DocumentLoadError",
    "EmbeddingIndex",
    "EmbeddingModelError",
    "LangChainRetriever",
    "LlamaIndexRetriever",
    "MiniLMEmbedder",
    "Passage",
    "QuotedPassage",
    "RagInjector",
    "Retriever",
    "RetrieverResultError",
    "Selection",
    "chunk_markdown",
    "chunk_text",
    "english_minimal_stem",
    "estimate_tokens",
    "find_reference",
    "load_passages",
    "quoted_passages",
]
