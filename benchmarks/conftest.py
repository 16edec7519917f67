"""A pytest-benchmark harness for async streams.

pytest-benchmark times synchronous calls, so each benchmarked call drives a whole
stream on a private event loop and records how many items went through; per-item
costs are the call times divided by that count (see ``benchmarks/report.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import pytest

from voicenodes.compositions.testing import llm_tokens

SAMPLE_REPLY = (
    "Sure! Your order #A7X9 ships on March 3, 2026 and should arrive within 3-5 business "
    "days. The total comes to $1,249.99, which includes 8.25% sales tax. If you have "
    "questions, call us at (555) 013-0199 between 9am and 5pm, Monday to Friday. "
    "LiveKit's agents handle the rest; the AI assistant will follow up by e-mail. "
)
PLAIN_REPLY = (
    "Sure, I can help with that. Your order is on its way and should arrive soon. "
    "If anything looks wrong when it gets there, just let me know and we will sort "
    "it out together, no problem at all. Is there anything else I can do for you today? "
)

Pipeline = Callable[[AsyncIterable[Any]], AsyncIterable[Any]]


def llm_chunks(text: str = SAMPLE_REPLY, count: int = 2000) -> list[str]:
    """``count`` LLM-like chunks (token-sized, as a chat model streams them)."""
    tokens = llm_tokens(text)
    return [tokens[i % len(tokens)] for i in range(count)]


async def _source(items: Sequence[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


async def passthrough(stream: AsyncIterable[Any]) -> AsyncIterator[Any]:
    """The floor: one async generator layer that changes nothing."""
    async for item in stream:
        yield item


class StreamBench:
    def __init__(self, benchmark: Any) -> None:
        self.benchmark = benchmark
        self.loop = asyncio.new_event_loop()

    def __call__(self, pipeline: Pipeline | None, items: Sequence[Any]) -> list[Any]:
        """Time draining ``pipeline(items)`` (or the bare source when ``None``)."""
        collected: list[Any] = []

        async def drain() -> None:
            stream = _source(items) if pipeline is None else pipeline(_source(items))
            collected.clear()
            async for item in stream:
                collected.append(item)

        self.benchmark.extra_info["items"] = len(items)
        self.benchmark(lambda: self.loop.run_until_complete(drain()))
        return collected

    def close(self) -> None:
        self.loop.close()


@pytest.fixture
def stream_bench(benchmark: Any) -> Iterator[StreamBench]:
    bench = StreamBench(benchmark)
    yield bench
    bench.close()
