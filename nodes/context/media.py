"""Token estimates for the image and audio parts of a chat message.

Images follow OpenAI's published formula for its tile-based vision models (GPT-4o,
GPT-4.1): ``low`` detail costs a flat 85 tokens; ``high`` detail scales the image to fit
2048 × 2048, then its shortest side down to 768 pixels, and costs 85 tokens plus 170 per
512-pixel tile. ``auto`` is counted as ``high`` (the provider may pick either; counting
the larger keeps a request inside its budget). When the size is unknown (a URL or a data
URL), :attr:`MediaEstimate.default_image_size` is assumed: 1024 × 1024, 765 tokens.

Audio is counted per second of audio (OpenAI's audio models bill about 10 tokens a
second, Gemini 32). Note that LiveKit 1.8's provider formats leave ``AudioContent`` out
of LLM requests altogether; counting it errs on the side of staying within budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from livekit import rtc
from livekit.agents import llm

_TILE = 512
_TILE_TOKENS = 170
_BASE_TOKENS = 85
_MAX_SIDE = 2048
_SHORT_SIDE = 768


def openai_image_tokens(width: int, height: int, detail: str = "high") -> int:
    """Tokens OpenAI's tile-based vision models charge for a ``width`` × ``height`` image."""
    if detail == "low":
        return _BASE_TOKENS
    if width <= 0 or height <= 0:
        return _BASE_TOKENS
    scale = min(1.0, _MAX_SIDE / max(width, height))
    w, h = width * scale, height * scale
    scale = min(1.0, _SHORT_SIDE / min(w, h))
    w, h = w * scale, h * scale
    tiles = math.ceil(w / _TILE) * math.ceil(h / _TILE)
    return _BASE_TOKENS + _TILE_TOKENS * tiles


@dataclass(frozen=True)
class MediaEstimate:
    """How image and audio parts of a message are counted (see the module docstring)."""

    default_image_size: tuple[int, int] = (1024, 1024)
    """Assumed size of an image given by URL, whose pixels are not at hand."""
    audio_tokens_per_second: float = 10.0

    def image_tokens(self, image: llm.ImageContent) -> int:
        width, height = self._image_size(image)
        detail = "low" if image.inference_detail == "low" else "high"
        return openai_image_tokens(width, height, detail)

    def audio_tokens(self, audio: llm.AudioContent) -> int:
        seconds = sum(frame.duration for frame in audio.frame)
        return math.ceil(seconds * self.audio_tokens_per_second)

    def _image_size(self, image: llm.ImageContent) -> tuple[int, int]:
        if not isinstance(image.image, rtc.VideoFrame):
            return self.default_image_size
        width, height = image.image.width, image.image.height
        if image.inference_width and image.inference_height:  # LiveKit fits the frame in it
            scale = min(image.inference_width / width, image.inference_height / height)
            width, height = round(width * scale), round(height * scale)
        return width, height
