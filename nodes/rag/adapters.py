"""LlamaIndex and LangChain retrievers as voicenodes retrievers.

Neither library is imported here: the adapters call the async method each library
defines, so they work with any retriever of either (install the extra ``llamaindex``
or ``langchain`` for the libraries themselves).

- :class:`LlamaIndexRetriever` wraps anything with ``aretrieve(query) ->
  list[NodeWithScore]`` (``index.as_retriever()``, a ``BaseRetriever`` subclass). The
  node's text (without metadata), its score and its id are kept; the source label is
  the first of ``source_keys`` found in the node's metadata.
- :class:`LangChainRetriever` wraps a ``BaseRetriever`` (``ainvoke(query) ->
  list[Document]``) or a ``VectorStore`` (``asimilarity_search_with_relevance_scores``,
  scores in [0, 1]; for stores without a relevance function,
  ``asimilarity_search_with_score``, in the store's own scale). Plain LangChain
  retrievers return no scores: the
  passage's score is then the ``score`` / ``relevance_score`` metadata entry if there is
  one, else 0, so leave ``min_score`` unset with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .passage import Passage

SOURCE_KEYS = ("source", "file_name", "file_path", "url", "title")


def _source(metadata: Any, keys: Sequence[str]) -> str:
    if not isinstance(metadata, dict):
        return ""
    return next((str(metadata[key]) for key in keys if metadata.get(key)), "")


class LlamaIndexRetriever:
    """A LlamaIndex retriever as a :class:`~.passage.Retriever`.

    Args:
        retriever: has ``async aretrieve(query) -> list[NodeWithScore]``.
        source_keys: metadata keys tried, in order, for the source label.
    """

    def __init__(self, retriever: Any, *, source_keys: Sequence[str] = SOURCE_KEYS) -> None:
        if not callable(getattr(retriever, "aretrieve", None)):
            raise TypeError(
                f"{type(retriever).__name__} has no aretrieve(); pass a LlamaIndex retriever "
                "(e.g. index.as_retriever())"
            )
        self.retriever = retriever
        self.source_keys = tuple(source_keys)

    async def __call__(self, query: str) -> list[Passage]:
        results = await self.retriever.aretrieve(query)
        return [self._passage(result) for result in results]

    def _passage(self, result: Any) -> Passage:
        node = getattr(result, "node", result)
        text = node.get_content() if callable(getattr(node, "get_content", None)) else str(node)
        score = getattr(result, "score", None)
        return Passage(
            text,
            source=_source(getattr(node, "metadata", None), self.source_keys),
            score=float(score) if score is not None else 0.0,
            id=str(getattr(node, "node_id", "") or ""),
        )


class LangChainRetriever:
    """A LangChain retriever or vector store as a :class:`~.passage.Retriever`.

    Args:
        retriever: a ``BaseRetriever`` (``ainvoke``) or a ``VectorStore``
            (``asimilarity_search_with_relevance_scores``).
        k: how many documents to ask a vector store for (retrievers decide themselves).
        source_keys: metadata keys tried, in order, for the source label.
    """

    def __init__(
        self, retriever: Any, *, k: int = 4, source_keys: Sequence[str] = SOURCE_KEYS
    ) -> None:
        self._scored = getattr(retriever, "asimilarity_search_with_relevance_scores", None)
        if not callable(self._scored) and not callable(getattr(retriever, "ainvoke", None)):
            raise TypeError(
                f"{type(retriever).__name__} is neither a LangChain retriever (ainvoke) nor "
                "a vector store (asimilarity_search_with_relevance_scores)"
            )
        self.retriever = retriever
        self.k = k
        self.source_keys = tuple(source_keys)

    async def __call__(self, query: str) -> list[Passage]:
        if callable(self._scored):
            try:
                pairs = await self._scored(query, k=self.k)
            except NotImplementedError:  # a store without a relevance function
                self._scored = self.retriever.asimilarity_search_with_score
                pairs = await self._scored(query, k=self.k)
            return [self._passage(document, score) for document, score in pairs]
        documents = await self.retriever.ainvoke(query)
        return [self._passage(document, None) for document in documents]

    def _passage(self, document: Any, score: float | None) -> Passage:
        metadata = getattr(document, "metadata", None) or {}
        if score is None:
            score = metadata.get("score", metadata.get("relevance_score", 0.0))
        return Passage(
            str(document.page_content),
            source=_source(metadata, self.source_keys),
            score=float(score or 0.0),
            id=str(getattr(document, "id", "") or ""),
        )
