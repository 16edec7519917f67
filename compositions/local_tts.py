"""A LiveKit TTS backed by hibari-tts: an English voice inside a Python wheel, no network.

Install it with the ``demo`` extra (``pip install "voicenodes[demo]"``). Synthesis is
CPU work, so it runs in a worker thread, never on the event loop. The TTS is
non-streaming: LiveKit's ``tts_node`` wraps it in a sentence-by-sentence stream adapter.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from livekit.agents import tts, utils
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions

SAMPLE_RATE = 24000


def local_voice_available() -> bool:
    """Whether hibari-tts is installed."""
    try:
        import hibari  # noqa: F401
    except ImportError:
        return False
    return True


class LocalVoiceTTS(tts.TTS[Any]):
    """hibari-tts as a LiveKit TTS. :attr:`received` lists the texts it synthesized."""

    def __init__(self, *, voice: str = "heart", speed: float = 1.0) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=SAMPLE_RATE,
            num_channels=1,
        )
        self.voice = voice
        self.speed = speed
        self.received: list[str] = []

    @property
    def model(self) -> str:
        return f"hibari-{self.voice}"

    @property
    def provider(self) -> str:
        return "hibari"

    @functools.cached_property
    def _engine(self) -> Any:
        from hibari import Hibari

        return Hibari(voice=self.voice)

    def synthesize_pcm(self, text: str) -> bytes:
        """16-bit mono PCM at 24 kHz for ``text`` (blocking: call it from a thread)."""
        import numpy as np

        audio = self._engine(text, speed=self.speed, seed=0)
        pcm: bytes = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        return pcm

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        self.received.append(text)
        return _LocalSynthesis(tts=self, input_text=text, conn_options=conn_options)


class _LocalSynthesis(tts.ChunkedStream):
    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        voice = self._tts
        assert isinstance(voice, LocalVoiceTTS)
        output_emitter.initialize(
            request_id=utils.shortuuid("hibari_"),
            sample_rate=SAMPLE_RATE,
            num_channels=1,
            mime_type="audio/pcm",
        )
        pcm = await asyncio.to_thread(voice.synthesize_pcm, self.input_text)
        output_emitter.push(pcm)
        output_emitter.flush()
