"""Provider-aware pronunciation, aligned-transcript recording and the STT side, per item.

Group ``text chunk: provider markup`` (the sample reply's 2,000 LLM chunks through the
bundled ``tech`` + ``acme-outfitters`` dictionaries, then ``NumberNormalizer``):

- *floor*: a pass-through generator;
- ``aliases``: the rewriter and the number normaliser, aliases only (the baseline);
- ``elevenlabs_markup``: the same with ElevenLabs phoneme markup (sealed, restored at
  the end of the chain);
- ``aligned_recording``: aliases, with the recording a composed ``tts_node`` does when
  ``use_tts_aligned_transcript`` is on, and the mapping of the TTS's words (one timed
  string per chunk) back to the written text;
- ``livekit_replace_words``: LiveKit's ``replace_words`` with the same aliases (no
  numbers), the built-in a user would otherwise reach for.

Group ``stt event: transcripts``: final transcripts of 8 words through
``TranscriptRewriter`` (the floor passes them through).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from livekit.agents import stt
from livekit.agents.tokenize.utils import replace_words
from livekit.agents.types import TimedString

from voicenodes.compositions.pipeline import stream_pipeline
from voicenodes.nodes import NumberNormalizer, PronunciationRewriter, TranscriptRewriter
from voicenodes.nodes.alignment import ChainRecorder, WrittenTimings

from .conftest import StreamBench, llm_chunks, passthrough

CHUNKS = llm_chunks()
BRAND = PronunciationRewriter.load("tech", "acme-outfitters")
NUMBERS = NumberNormalizer()
GROUP = "text chunk: provider markup"


def _chain(markup: str | None) -> Any:
    pipeline = stream_pipeline("tts_input", [BRAND.for_tts(markup), NUMBERS])
    assert pipeline is not None
    return pipeline


def _aligned(stream: AsyncIterable[str]) -> AsyncIterator[str]:
    recorder = ChainRecorder()
    pipeline = stream_pipeline("tts_input", recorder.wrap([BRAND, NUMBERS]))
    assert pipeline is not None
    timings = WrittenTimings(recorder)

    async def run() -> AsyncIterator[str]:
        clock = 0.0
        async for chunk in pipeline(stream):
            for written in timings.push(TimedString(chunk, start_time=clock, end_time=clock + 0.1)):
                yield written
            clock += 0.1
        for written in timings.finish():
            yield written

    return run()


def _replace_words(stream: AsyncIterable[str]) -> AsyncIterable[str]:
    aliases = {w: e.alias for _, e in BRAND.entries if e.alias for w in e.written}
    return replace_words(text=stream, replacements=aliases)


def bench_provider_markup_floor(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = GROUP
    assert len(stream_bench(passthrough, CHUNKS)) == len(CHUNKS)


def bench_provider_markup_aliases(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = GROUP
    assert "Live Kit's" in "".join(stream_bench(_chain(None), CHUNKS))


def bench_provider_markup_elevenlabs_markup(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = GROUP
    out = "".join(stream_bench(_chain("elevenlabs:eleven_flash_v2"), CHUNKS))
    assert '<phoneme alphabet="ipa" ph="ˈlaɪv.kɪts">' in out


def bench_provider_markup_aligned_recording(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = GROUP
    out = "".join(stream_bench(_aligned, CHUNKS))
    assert out == "".join(CHUNKS)  # the written text, whole


def bench_provider_markup_livekit_replace_words(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = GROUP
    out = "".join(stream_bench(_replace_words, CHUNKS))
    assert "LiveKit's" in out  # replace_words leaves possessives alone (fact 12)


def _finals(count: int = 200) -> list[stt.SpeechEvent]:
    texts = ["so we use live kit with engine x", "and the acme care plan covers it"]
    events = []
    for i in range(count):
        text = texts[i % 2]
        words = [
            TimedString(w, start_time=0.3 * j, end_time=0.3 * j + 0.2)
            for j, w in enumerate(text.split())
        ]
        data = stt.SpeechData(language="en", text=text, words=words)
        events.append(
            stt.SpeechEvent(type=stt.SpeechEventType.FINAL_TRANSCRIPT, alternatives=[data])
        )
    return events


EVENTS = _finals()
HEAR = TranscriptRewriter.load("tech", "acme-outfitters")


def bench_transcripts_floor(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = "stt event: transcripts"
    assert len(stream_bench(passthrough, EVENTS)) == len(EVENTS)


def bench_transcripts_rewriter(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = "stt event: transcripts"
    out = stream_bench(HEAR.stt_output, EVENTS)
    assert any("LiveKit" in e.alternatives[0].text for e in out if e.alternatives)
