"""Token counters: how many tokens a chat item costs in an LLM request.

A counter counts text (:meth:`TokenCounter.count_text`); :meth:`TokenCounter.count_item`
adds the chat format's framing per item and the image and audio estimates of
:mod:`.media`. Three kinds:

- :class:`EstimateCounter` (the default when no exact tokenizer applies): a linear model
  over byte-class counts of the UTF-8 text (whitespace, ASCII letters, digits and
  punctuation, 2-byte, 3-byte and 4-byte characters), each counted in C by
  ``bytes.translate``. Calibrated against the o200k tokenizer on a corpus of voice-agent
  text (``benchmarks/calibrate_counter.py``; the error statistics are in
  ``docs/context.md``).
- :class:`ExactCounter`: exact counts from an offline BPE tokenizer (``quicktok-v1``, the
  ``tokens`` extra): ``o200k_base`` (GPT-4o, GPT-4.1, GPT-5, o-series), ``cl100k_base``
  (GPT-4, GPT-3.5), ``llama3``, ``qwen3``. :func:`counter_for_model` picks one from a
  model name.
- :class:`CallableCounter`: any ``text -> tokens`` function.

Framing follows OpenAI's chat format: every message costs 3 tokens plus its role, every
request 3 more for the reply's priming. OpenAI does not publish how tool calls are
framed; :data:`CALL_OVERHEAD` and :data:`OUTPUT_OVERHEAD` are estimates on the high side.
Handoff and configuration items are not sent to the LLM and cost nothing.
"""

from __future__ import annotations

import math
import string
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Literal

from livekit.agents import llm

from .media import MediaEstimate

MESSAGE_OVERHEAD = 4
"""``<|start|>{role}<|message|>…<|end|>``: three framing tokens and the role."""
CALL_OVERHEAD = 10
"""A function call inside an assistant message: its id, the JSON framing, the name's
namespace (an estimate)."""
OUTPUT_OVERHEAD = 8
"""A tool message: framing, role and the call id it answers (an estimate)."""
REQUEST_OVERHEAD = 3
"""Every reply is primed with ``<|start|>assistant<|message|>``."""


class TokenCounter(ABC):
    """Counts the tokens chat items cost in a request. Subclasses count text."""

    name: str = "counter"
    request_overhead: int = REQUEST_OVERHEAD

    def __init__(self, *, media: MediaEstimate | None = None) -> None:
        self.media = media or MediaEstimate()

    @abstractmethod
    def count_text(self, text: str) -> int:
        """Tokens of ``text``."""

    def count_item(self, item: llm.ChatItem) -> int:
        """Tokens ``item`` costs in a request, framing included."""
        if item.type == "message":
            return MESSAGE_OVERHEAD + sum(self._count_part(part) for part in item.content)
        if item.type == "function_call":
            return CALL_OVERHEAD + self.count_text(item.name) + self.count_text(item.arguments)
        if item.type == "function_call_output":
            return OUTPUT_OVERHEAD + self.count_text(item.output)
        return 0  # handoffs and configuration updates never reach the LLM

    def _count_part(self, part: Any) -> int:
        if isinstance(part, str):
            return self.count_text(part)
        if isinstance(part, llm.ImageContent):
            return self.media.image_tokens(part)
        if isinstance(part, llm.AudioContent):
            return self.media.audio_tokens(part)
        return 0  # cache breakpoints

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def _deleting_all_but(kept: bytes) -> bytes:
    """The ``delete`` argument of ``bytes.translate`` that keeps only ``kept``."""
    return bytes(b for b in range(256) if b not in kept)


_WHITESPACE = _deleting_all_but(b" \t\n\r")
_LETTERS = _deleting_all_but(string.ascii_letters.encode())
_DIGITS = _deleting_all_but(string.digits.encode())
_PUNCTUATION = _deleting_all_but(string.punctuation.encode())
_LEAD_2 = _deleting_all_but(bytes(range(0xC2, 0xE0)))  # Latin accents, Cyrillic, Greek…
_LEAD_3_LOW = _deleting_all_but(bytes(range(0xE0, 0xE3)))  # U+0800–2FFF: Indic, Thai, symbols
_LEAD_3_CJK = _deleting_all_but(bytes(range(0xE3, 0xF0)))  # U+3000–FFFF: CJK, kana, Hangul
_LEAD_4 = _deleting_all_but(bytes(range(0xF0, 0xF5)))  # emoji and rare scripts

# Tokens per byte of each class, fitted to o200k_base by benchmarks/calibrate_counter.py
# (least squares on the relative error; see docs/context.md for the error statistics).
WEIGHTS: dict[str, float] = {
    "whitespace": 0.959,
    "letters": 0.048,
    "digits": 0.517,
    "punctuation": 0.679,
    "2-byte": 0.115,
    "3-byte below U+3000": 0.169,
    "3-byte from U+3000": 0.714,
    "4-byte": 0.795,
}


class EstimateCounter(TokenCounter):
    """A fast estimate: a linear model over byte-class counts (see the module docstring).

    On the calibration corpus its error against o200k is documented in
    ``docs/context.md``; summed over a conversation window the errors largely cancel.
    ``weights`` overrides the calibrated :data:`WEIGHTS` (same keys).
    """

    name = "estimate"

    def __init__(
        self, *, weights: dict[str, float] | None = None, media: MediaEstimate | None = None
    ) -> None:
        super().__init__(media=media)
        w = {**WEIGHTS, **(weights or {})}
        self._ascii = (w["whitespace"], w["letters"], w["digits"], w["punctuation"])
        self._multibyte = (w["2-byte"], w["3-byte below U+3000"], w["3-byte from U+3000"])
        self._four = w["4-byte"]

    def count_text(self, text: str) -> int:
        if not text:
            return 0
        data = text.encode()
        ws, letters, digits, punct = self._ascii
        tokens = (
            ws * len(data.translate(None, _WHITESPACE))
            + letters * len(data.translate(None, _LETTERS))
            + digits * len(data.translate(None, _DIGITS))
            + punct * len(data.translate(None, _PUNCTUATION))
        )
        if len(data) != len(text):  # some characters take more than one byte
            two, three_low, three_cjk = self._multibyte
            tokens += (
                two * len(data.translate(None, _LEAD_2))
                + three_low * len(data.translate(None, _LEAD_3_LOW))
                + three_cjk * len(data.translate(None, _LEAD_3_CJK))
                + self._four * len(data.translate(None, _LEAD_4))
            )
        return max(1, math.ceil(tokens))


class CallableCounter(TokenCounter):
    """Counts text with any function ``text -> tokens`` (a provider's tokenizer, say)."""

    def __init__(
        self, count: Callable[[str], int], *, name: str = "", media: MediaEstimate | None = None
    ) -> None:
        super().__init__(media=media)
        self._count = count
        self.name = name or getattr(count, "__name__", "callable")

    def count_text(self, text: str) -> int:
        return int(self._count(text)) if text else 0


class ExactCounter(TokenCounter):
    """Exact counts from an offline BPE tokenizer (``pip install "voicenodes[tokens]"``).

    Args:
        encoding: ``o200k_base`` (GPT-4o, GPT-4.1, GPT-5, o-series), ``cl100k_base``
            (GPT-4, GPT-3.5), ``o200k_harmony`` (gpt-oss), ``llama3`` or ``qwen3``.

    Raises:
        ImportError: ``quicktok-v1`` is not installed.
    """

    def __init__(self, encoding: str = "o200k_base", *, media: MediaEstimate | None = None):
        super().__init__(media=media)
        try:
            import quicktok
        except ImportError as missing:
            raise ImportError(
                'ExactCounter needs the tokens extra: pip install "voicenodes[tokens]" '
                "(quicktok-v1, offline cl100k/o200k tables)"
            ) from missing
        self._encoding = quicktok.get_encoding(encoding)
        self.name = encoding

    def count_text(self, text: str) -> int:
        count: int = self._encoding.count(text)
        return count


# model name prefixes (after any "provider/" part) -> encoding; the longest prefix wins
_MODEL_ENCODINGS = {
    "gpt-4o": "o200k_base",
    "chatgpt-4o": "o200k_base",
    "gpt-4.1": "o200k_base",
    "gpt-4.5": "o200k_base",
    "gpt-5": "o200k_base",
    "o1": "o200k_base",
    "o3": "o200k_base",
    "o4": "o200k_base",
    "gpt-oss": "o200k_harmony",
    "gpt-4": "cl100k_base",
    "gpt-3.5": "cl100k_base",
    "llama-3": "llama3",
    "llama3": "llama3",
    "meta-llama-3": "llama3",
    "qwen2.5": "qwen3",
    "qwen3": "qwen3",
}


def encoding_for_model(model: str) -> str | None:
    """The tokenizer encoding of ``model`` (``"openai/gpt-4.1-mini"``, ``"gpt-4o"``…),
    or ``None`` when it is not known."""
    name = model.lower().rsplit("/", 1)[-1]
    for prefix in sorted(_MODEL_ENCODINGS, key=len, reverse=True):
        if name == prefix or name.startswith((prefix + "-", prefix + ".", prefix + ":")):
            return _MODEL_ENCODINGS[prefix]
    return None


def counter_for_model(model: str | None) -> TokenCounter:
    """An :class:`ExactCounter` when ``model``'s tokenizer is known and ``quicktok-v1`` is
    installed, else an :class:`EstimateCounter`."""
    encoding = encoding_for_model(model) if model else None
    if encoding is not None:
        try:
            return ExactCounter(encoding)
        except ImportError:
            pass
    return EstimateCounter()


CounterSpec = TokenCounter | Callable[[str], int] | Literal["auto", "estimate"]
"""What ``ContextTrimmer(counter=...)`` accepts: a counter, a ``text -> tokens``
function, ``"estimate"``, or ``"auto"`` (:func:`counter_for_model` on the LLM in use)."""


def resolve_counter(spec: CounterSpec, model: str | None = None) -> TokenCounter:
    """The counter ``spec`` stands for, for an LLM named ``model``."""
    if isinstance(spec, TokenCounter):
        return spec
    if spec == "auto":
        return counter_for_model(model)
    if spec == "estimate":
        return EstimateCounter()
    if callable(spec):
        return CallableCounter(spec)
    raise ValueError(
        f"counter must be a TokenCounter, a text -> tokens function, 'auto' or 'estimate'; "
        f"got {spec!r}"
    )
