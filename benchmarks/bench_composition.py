"""Composition overhead: per chunk on the text path, per frame on the audio path.

Every suite has a floor (one pass-through async generator); the report divides each
result by its item count and compares it with the floor of its group.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator

import pytest
from livekit import rtc

from tests.helpers import NoOpText
from voicenodes.compositions import as_text_transform
from voicenodes.compositions.pipeline import stream_pipeline
from voicenodes.nodes import Node

from .conftest import StreamBench, llm_chunks, passthrough


class NoOpAudio(Node):
    async def tts_output(
        self, frames: AsyncIterable[rtc.AudioFrame]
    ) -> AsyncIterator[rtc.AudioFrame]:
        async for frame in frames:
            yield frame

    async def stt_input(
        self, frames: AsyncIterable[rtc.AudioFrame]
    ) -> AsyncIterator[rtc.AudioFrame]:
        async for frame in frames:
            yield frame


def frames_20ms_24k(count: int = 1000) -> list[rtc.AudioFrame]:
    samples = 480  # 20 ms at 24 kHz
    return [rtc.AudioFrame(b"\x00\x00" * samples, 24000, 1, samples) for _ in range(count)]


CHUNKS = llm_chunks()
FRAMES = frames_20ms_24k()


@pytest.mark.benchmark(group="text chunk: composition")
def bench_text_floor(stream_bench: StreamBench) -> None:
    assert len(stream_bench(passthrough, CHUNKS)) == len(CHUNKS)


@pytest.mark.benchmark(group="text chunk: composition")
@pytest.mark.parametrize("count", [0, 1, 5])
def bench_text_noop_chain(stream_bench: StreamBench, count: int) -> None:
    pipeline = stream_pipeline("tts_input", [NoOpText() for _ in range(count)])
    assert "".join(stream_bench(pipeline, CHUNKS)) == "".join(CHUNKS)


@pytest.mark.benchmark(group="text chunk: composition")
def bench_text_noop_session_transform(stream_bench: StreamBench) -> None:
    transform = as_text_transform(*(NoOpText() for _ in range(5)))
    assert "".join(stream_bench(transform, CHUNKS)) == "".join(CHUNKS)


@pytest.mark.benchmark(group="audio frame: composition")
def bench_audio_floor(stream_bench: StreamBench) -> None:
    assert len(stream_bench(passthrough, FRAMES)) == len(FRAMES)


@pytest.mark.benchmark(group="audio frame: composition")
@pytest.mark.parametrize("hook", ["tts_output", "stt_input"])
@pytest.mark.parametrize("count", [1, 5])
def bench_audio_noop_hooks(stream_bench: StreamBench, hook: str, count: int) -> None:
    pipeline = stream_pipeline(hook, [NoOpAudio() for _ in range(count)])
    out = stream_bench(pipeline, FRAMES)
    assert out == FRAMES
