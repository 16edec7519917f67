"""Aligned transcripts: the written text comes back whole, whatever the TTS reports."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from livekit.agents.types import TimedString

from voicenodes.compositions.pipeline import stream_pipeline
from voicenodes.nodes import NumberNormalizer, PatternRewriter, PronunciationRewriter, TextNode
from voicenodes.nodes.alignment import ChainRecorder, WrittenTimings, refine_pieces
from voicenodes.nodes.text import TextStream

BRAND = PronunciationRewriter.load("tech", "acme-outfitters")
PARTS = ["LiveKit's", " plan", " costs", " $12.50", " today", ",", " ask", " Siobhan",
         " at", " ACME", " about", " the", " Tuolumne", " at 3:30 pm", ".", " **Bold**",
         " 42", "\n"]  # fmt: skip


def cut(text: str, points: Sequence[int]) -> list[str]:
    edges = sorted({p for p in points if 0 < p < len(text)})
    return [text[a:b] for a, b in zip([0, *edges], [*edges, len(text)], strict=False)]


def speak(nodes: list[object], chunks: list[str]) -> tuple[list[str], WrittenTimings]:
    recorder = ChainRecorder()
    pipeline = stream_pipeline("tts_input", recorder.wrap(nodes))  # type: ignore[arg-type]
    assert pipeline is not None

    async def source() -> AsyncIterator[str]:
        for chunk in chunks:
            yield chunk

    async def run() -> list[str]:
        return [c async for c in pipeline(source())]

    return asyncio.run(run()), WrittenTimings(recorder)


def report(timings: WrittenTimings, pieces: list[str]) -> list[TimedString]:
    out: list[TimedString] = []
    for i, piece in enumerate(pieces):
        out += timings.push(TimedString(piece, start_time=i * 0.1, end_time=i * 0.1 + 0.1))
    return out + timings.finish()


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_the_written_text_comes_back_whole(data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(st.sampled_from(PARTS), min_size=1, max_size=12)))
    chunks = cut(text, data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    markup = data.draw(st.sampled_from([None, "elevenlabs:eleven_flash_v2", "cartesia"]))
    spoken, timings = speak([BRAND.for_tts(markup), NumberNormalizer()], chunks)
    joined = "".join(spoken)
    # the TTS reports the text it got: as chunks, as words, or words it normalised itself
    style = data.draw(st.sampled_from(["chunks", "words", "upper", "dropped"]))
    if style == "chunks":
        reported = spoken
    else:
        reported = [w + " " for w in joined.split()]
        if style == "upper":
            reported = [w.upper() for w in reported]
        elif style == "dropped":
            reported = reported[::2]
    out = report(timings, reported)
    assert "".join(out) == text
    times = [t.start_time for t in out if isinstance(t.start_time, float)]
    assert times == sorted(times)


def test_captions_are_released_as_the_tts_speaks() -> None:
    spoken, timings = speak([BRAND, NumberNormalizer()], ["LiveKit", " costs", " $5", " today."])
    assert "".join(spoken) == "Live Kit costs five dollars today."
    first = timings.push(TimedString("Live ", start_time=0.0, end_time=0.2))
    assert first == []  # "LiveKit" needs both spoken words
    second = timings.push(TimedString("Kit ", start_time=0.2, end_time=0.4))
    assert "".join(second).strip() == "LiveKit"
    assert (second[0].start_time, second[0].end_time) == (0.0, 0.4)
    rest = timings.push(TimedString("costs five dollars today.", start_time=0.4, end_time=1.4))
    assert "".join(second + rest + timings.finish()) == "LiveKit costs $5 today."


class Broken(TextNode):
    """Fails on its third chunk (composition bypasses it from then on)."""

    def open_stream(self) -> TextStream:
        return _Breaks()


class _Breaks(TextStream):
    def __init__(self) -> None:
        self.count = 0

    def feed(self, text: str) -> str:
        self.count += 1
        if self.count == 3:
            raise RuntimeError("boom")
        return text.replace("a", "A")

    def flush(self) -> str:
        return ""


def test_nothing_is_lost_when_a_node_fails() -> None:
    chunks = ["alpha", " beta", " gamma", " delta", " $5."]
    spoken, timings = speak([Broken(), NumberNormalizer()], chunks)
    out = report(timings, spoken)
    assert "".join(out) == "".join(chunks)


def test_refined_pieces() -> None:
    pieces = refine_pieces("costs $12.50 today", "costs twelve dollars fifty cents today")
    assert [(p.written, p.spoken) for p in pieces if p.written != p.spoken] == [
        ("$12.50", "twelve dollars fifty cents")
    ]
    assert PatternRewriter  # the module's other text nodes compose the same way
