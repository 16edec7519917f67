"""What retrievers return: :class:`Passage`, and the :class:`Retriever` protocol.

A retriever is any async callable from a query to scored passages::

    async def search_docs(query: str) -> list[Passage]: ...

The built-in indexes (:class:`~voicenodes.nodes.rag.bm25.BM25Index`,
:class:`~voicenodes.nodes.rag.embeddings.EmbeddingIndex`) and the LlamaIndex /
LangChain adapters are retrievers; so is a plain function calling your own search
service. Plain strings are accepted as unscored passages.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Passage:
    """One piece of reference text.

    Attributes:
        text: the text given to the LLM.
        source: where it comes from (a file name, a URL), shown to the LLM as a label.
        title: the heading path inside the source (``"Returns › Refunds"``), if any.
        score: the retriever's relevance score; its scale is the retriever's (BM25
            scores are unbounded, cosine similarities lie in [-1, 1]).
        id: a stable identity, used to de-duplicate passages across requests. Defaults
            to a hash of ``source``, ``title`` and ``text``.
    """

    text: str
    source: str = ""
    title: str = ""
    score: float = 0.0
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Passage.text must be a str, got {type(self.text).__name__}")
        if not self.id:
            digest = hashlib.blake2b(
                "\x1f".join((self.source, self.title, self.text)).encode(), digest_size=8
            ).hexdigest()
            object.__setattr__(self, "id", f"p-{digest}")

    @property
    def label(self) -> str:
        """``source › title``, or whichever of them is set."""
        return " › ".join(part for part in (self.source, self.title) if part)

    @property
    def indexed_text(self) -> str:
        """What indexes match queries against: the title path and the text."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    def scored(self, score: float) -> Passage:
        """A copy of this passage with ``score``."""
        return replace(self, score=score)


@runtime_checkable
class Retriever(Protocol):
    """An async callable from a query to passages, best first.

    Contract: return at most a few dozen passages, ordered by relevance; raise on
    failure (the caller logs it and goes on without passages); never block the event
    loop for long (do CPU-heavy work in a thread).
    """

    async def __call__(self, query: str) -> Sequence[Passage | str]: ...


class RetrieverResultError(TypeError):
    """A retriever returned something that is not a sequence of passages or strings."""


def as_passages(result: object, *, retriever: object = None) -> list[Passage]:
    """Normalise a retriever's result: strings become unscored passages.

    Raises:
        RetrieverResultError: the result is not an iterable of ``Passage`` / ``str``,
            naming the retriever and the offending item.
    """
    name = getattr(retriever, "__qualname__", None) or type(retriever).__name__
    if isinstance(result, (str, bytes)) or not isinstance(result, Iterable):
        raise RetrieverResultError(
            f"retriever {name} returned {type(result).__name__}; expected a list of Passage or str"
        )
    passages: list[Passage] = []
    for position, item in enumerate(result):
        if isinstance(item, Passage):
            passages.append(item)
        elif isinstance(item, str):
            passages.append(Passage(item))
        else:
            raise RetrieverResultError(
                f"retriever {name} returned {type(item).__name__} at position {position}; "
                "expected Passage or str"
            )
    return passages


RetrieveFn = Callable[[str], Awaitable[object]]


def as_async_retriever(retriever: object) -> RetrieveFn:
    """An async function calling ``retriever``: async callables as they are, plain
    functions in a thread (so a blocking search client does not stall the event loop).

    Raises:
        TypeError: ``retriever`` is not callable.
    """
    if not callable(retriever):
        raise TypeError(
            f"retriever must be an async callable (query -> passages), "
            f"got {type(retriever).__name__}"
        )
    call = getattr(retriever, "__call__", None)  # noqa: B004 - objects with async __call__
    if inspect.iscoroutinefunction(retriever) or inspect.iscoroutinefunction(call):
        return retriever

    async def in_thread(query: str) -> object:
        result = await asyncio.to_thread(retriever, query)
        return await result if inspect.isawaitable(result) else result

    in_thread.__qualname__ = getattr(retriever, "__qualname__", type(retriever).__name__)
    return in_thread
