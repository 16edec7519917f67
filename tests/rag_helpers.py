"""Retrievers and session helpers shared by the RAG tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from livekit.agents import llm

from voicenodes.compositions.testing import ScriptedLLM
from voicenodes.nodes.rag import BM25Index, Passage, find_reference, quoted_passages

KNOWLEDGE_BASE = Path(__file__).parent.parent / "compositions" / "knowledge_base"


def kb_index() -> BM25Index:
    return BM25Index.from_folder(KNOWLEDGE_BASE)


class CountingRetriever:
    """Wraps a retriever: records each query, can be slow or fail, tracks cancellation."""

    def __init__(
        self,
        inner: Callable[[str], Any] | None = None,
        *,
        delay: float = 0.0,
        error: BaseException | None = None,
        result: object = None,
    ) -> None:
        self.inner = inner or kb_index()
        self.delay = delay
        self.error = error
        self.result = result
        self.queries: list[str] = []
        self.cancelled = 0
        self.finished = 0

    async def __call__(self, query: str) -> Sequence[Passage]:
        self.queries.append(query)
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        if self.error is not None:
            raise self.error
        self.finished += 1
        if self.result is not None:
            return self.result  # type: ignore[return-value]
        result: Sequence[Passage] = await self.inner(query)
        return result


class TimedLLM(ScriptedLLM):
    """A ScriptedLLM that also records when each request arrived (loop time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_times: list[float] = []

    def chat(self, *, chat_ctx: llm.ChatContext, **kwargs: Any) -> llm.LLMStream:
        self.request_times.append(time.perf_counter())
        return super().chat(chat_ctx=chat_ctx, **kwargs)


def references_in(request: llm.ChatContext) -> list[llm.ChatMessage]:
    return [
        item
        for item in request.items
        if item.type == "message" and item.id.startswith("voicenodes-rag-")
    ]


def labels_in(request: llm.ChatContext) -> list[str]:
    message = find_reference(request)
    return [] if message is None else [p.label for p in quoted_passages(message)]


async def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def ours(tasks: set[asyncio.Task[Any]] | None = None) -> list[asyncio.Task[Any]]:
    """Running tasks started by voicenodes (retrievals, persistence)."""
    return [
        task
        for task in (tasks or asyncio.all_tasks())
        if task.get_name().startswith("voicenodes.") and not task.done()
    ]
