"""Stream pipelines: order, fusion of text nodes, the failure policy, closing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterable, AsyncIterator

import pytest

from voicenodes.compositions.pipeline import is_plain_text_node, stream_pipeline
from voicenodes.nodes import Node

from .helpers import ExplodingStream, ExplodingText, NoOpText, Replace, collect, stream_of


class Tag(Node):
    """Appends its tag to every chunk: shows the order layers run in."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    async def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
        async for chunk in stream:
            yield chunk + self.tag


class HoldThenRaise(Node):
    """Takes chunks without answering, then raises on the third one."""

    async def stt_output(self, events: AsyncIterable[object]) -> AsyncIterator[object]:
        taken = 0
        async for event in events:
            taken += 1
            if taken == 3:
                raise ValueError("broken node")
            if taken == 1:
                yield f"<{event}>"


async def test_no_node_means_no_pipeline() -> None:
    assert stream_pipeline("tts_input", [Node()]) is None


async def test_layers_apply_in_the_given_order() -> None:
    pipeline = stream_pipeline("tts_input", [Tag("a"), Tag("b")])
    assert pipeline is not None
    assert await collect(pipeline(stream_of(["x", "y"]))) == ["xab", "yab"]


async def test_text_nodes_are_fused_and_ordered() -> None:
    nodes = [Replace("cat", "dog"), Replace("dog", "wolf"), Tag("!"), Replace("wolf", "fox")]
    assert [is_plain_text_node(n) for n in nodes] == [True, True, False, True]
    pipeline = stream_pipeline("tts_input", nodes)
    assert pipeline is not None
    out = "".join(await collect(pipeline(stream_of(["a c", "at sat"]))))  # type: ignore[arg-type]
    # cat -> dog -> wolf in the fused run, then wolf -> fox after the tag layer: only
    # this order turns "cat" into "fox"
    assert out.replace("!", "") == "a fox sat"


async def test_text_node_failure_releases_held_text(caplog: pytest.LogCaptureFixture) -> None:
    chunks = ["one ", "two ", "three ", "four"]
    pipeline = stream_pipeline("tts_input", [NoOpText(), ExplodingText(fail_on=3), NoOpText()])
    assert pipeline is not None
    with caplog.at_level(logging.ERROR, logger="voicenodes"):
        out = await collect(pipeline(stream_of(chunks)))
    assert "".join(out) == "one two three four"  # type: ignore[arg-type]
    failures = [r for r in caplog.records if "ExplodingText failed in tts_input" in r.getMessage()]
    assert len(failures) == 1


async def test_guarded_node_failure_releases_what_it_took(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pipeline = stream_pipeline("stt_output", [HoldThenRaise()])
    assert pipeline is not None
    with caplog.at_level(logging.ERROR, logger="voicenodes"):
        out = await collect(pipeline(stream_of(["a", "b", "c", "d", "e"])))
    # "a" was answered; "b" and "c" were taken without an answer and come back raw
    assert out == ["<a>", "b", "c", "d", "e"]
    assert sum("HoldThenRaise failed in stt_output" in r.getMessage() for r in caplog.records) == 1


async def test_upstream_errors_are_not_swallowed() -> None:
    async def broken_source() -> AsyncIterator[str]:
        yield "ok"
        raise ConnectionError("provider went away")

    pipeline = stream_pipeline("tts_input", [Tag("!")])
    assert pipeline is not None
    with pytest.raises(ConnectionError, match="provider went away"):
        await collect(pipeline(broken_source()))

    fused = stream_pipeline("tts_input", [NoOpText()])
    assert fused is not None
    with pytest.raises(ConnectionError):
        await collect(fused(broken_source()))


@pytest.mark.parametrize("nodes", [[NoOpText()], [Tag("!")], [NoOpText(), Tag("!"), NoOpText()]])
async def test_closing_the_pipeline_closes_the_source(nodes: list[Node]) -> None:
    closed = asyncio.Event()

    async def endless() -> AsyncIterator[str]:
        try:
            while True:
                yield "word "
                await asyncio.sleep(0)
        finally:
            closed.set()

    tasks_before = asyncio.all_tasks()
    pipeline = stream_pipeline("tts_input", nodes)
    assert pipeline is not None
    stream = pipeline(endless())
    for _ in range(3):
        await stream.__anext__()
    await stream.aclose()  # type: ignore[attr-defined]
    assert closed.is_set()
    assert asyncio.all_tasks() == tasks_before


async def test_cancellation_mid_stream_closes_everything() -> None:
    closed = asyncio.Event()

    async def slow() -> AsyncIterator[str]:
        try:
            while True:
                yield "x"
                await asyncio.sleep(0.01)
        finally:
            closed.set()

    pipeline = stream_pipeline("tts_input", [Tag("!"), NoOpText()])
    assert pipeline is not None

    async def consume() -> None:
        async for _ in pipeline(slow()):
            pass

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert closed.is_set()


class FailsOnFlush(ExplodingText):
    """Holds everything back and raises at end of stream."""

    def open_stream(self) -> ExplodingStream:
        stream = ExplodingStream(fail_on=-1)

        def flush() -> str:
            raise RuntimeError("flush bug")

        stream.flush = flush  # type: ignore[method-assign]
        return stream


async def test_failure_at_flush_releases_the_held_text(caplog: pytest.LogCaptureFixture) -> None:
    pipeline = stream_pipeline("tts_input", [Replace("a", "b"), FailsOnFlush(), NoOpText()])
    assert pipeline is not None
    with caplog.at_level(logging.ERROR, logger="voicenodes"):
        out = await collect(pipeline(stream_of(["x a ", "y a"])))
    assert "".join(out) == "x b y b"  # type: ignore[arg-type]
    assert sum("FailsOnFlush failed" in r.getMessage() for r in caplog.records) == 1


async def test_two_nodes_failing_on_the_same_chunk() -> None:
    pipeline = stream_pipeline(
        "tts_input", [ExplodingText(fail_on=2), Replace("a", "b"), ExplodingText(fail_on=1)]
    )
    assert pipeline is not None
    out = await collect(pipeline(stream_of(["a ", "a ", "c a"])))
    assert "".join(out) == "b b c b"  # type: ignore[arg-type]
