"""Sealed text: output of one text node that no later text node may change.

Provider markup (``<phoneme ph="...">Acme</phoneme>``, ``<<k|æ|m>>``) must reach the TTS
exactly as written, but the node that decides it (the pronunciation dictionary) runs
*first* in the text chain, so that it sees the words as the LLM wrote them, before the
number normaliser turns "3M" into "three M". It therefore emits its markup *sealed*:
encoded in private-use characters, which no text rule touches (they are no letters,
digits, white space or punctuation), between :data:`SEAL_OPEN` and :data:`SEAL_CLOSE`.
The composed text chain ends with :class:`Unseal`, which restores the markup: markup is
applied last and cannot be broken by the transforms between.

A node that seals says so with ``seals_output = True``;
:func:`voicenodes.compositions.pipeline.stream_pipeline` then appends the unsealing
step to the ``tts_input`` chain.
"""

from __future__ import annotations

from .text import TextNode, TextStream

SEAL_OPEN = "\ue000"
SEAL_CLOSE = "\ue001"
_BMP_BASE = 0xF0000  # Supplementary Private Use Area-A: one character per BMP character
_HIGH_BASE = 0x100000  # Area-B: the high part of a character beyond the BMP


def seal(text: str) -> str:
    """``text`` encoded so that later text nodes leave it alone; :func:`unseal` restores it."""
    out = [SEAL_OPEN]
    for char in text:
        code = ord(char)
        if code < 0xFFFE:
            out.append(chr(_BMP_BASE + code))
        else:
            out.append(chr(_HIGH_BASE + (code >> 16)))
            out.append(chr(_BMP_BASE + (code & 0xFFFF)))
    out.append(SEAL_CLOSE)
    return "".join(out)


def _decode(payload: str) -> str:
    out: list[str] = []
    high = -1
    for char in payload:
        code = ord(char)
        if code >= _HIGH_BASE:
            high = code - _HIGH_BASE
        elif code >= _BMP_BASE:
            low = code - _BMP_BASE
            out.append(chr((high << 16) | low) if high >= 0 else chr(low))
            high = -1
        else:  # not produced by seal(): a later node inserted it; keep it
            out.append(char)
    return "".join(out)


def unseal(text: str) -> str:
    """``text`` with every sealed part restored."""
    if SEAL_OPEN not in text:
        return text
    out: list[str] = []
    pos = 0
    while (start := text.find(SEAL_OPEN, pos)) >= 0:
        end = text.find(SEAL_CLOSE, start + 1)
        if end < 0:
            break
        out.append(text[pos:start])
        out.append(_decode(text[start + 1 : end]))
        pos = end + 1
    out.append(_decode_unclosed(text[pos:]))
    return "".join(out)


def _decode_unclosed(rest: str) -> str:
    start = rest.find(SEAL_OPEN)
    if start < 0:
        return rest
    return rest[:start] + _decode(rest[start + 1 :])


class UnsealStream(TextStream):
    """Restores sealed parts as they complete; holds back only an unfinished one."""

    __slots__ = ("_held",)

    def __init__(self) -> None:
        self._held = ""

    @property
    def pending(self) -> str:
        return self._held

    def feed(self, text: str) -> str:
        buf = self._held + text
        cut = buf.rfind(SEAL_OPEN)
        if cut >= 0 and buf.find(SEAL_CLOSE, cut) < 0:
            out, self._held = unseal(buf[:cut]), buf[cut:]
            return out
        self._held = ""
        return unseal(buf)

    def flush(self) -> str:
        held, self._held = self._held, ""
        return unseal(held)


class Unseal(TextNode):
    """The last step of a text chain with sealing nodes: restores their output."""

    def open_stream(self) -> TextStream:
        return UnsealStream()


UNSEAL = Unseal()
"""The shared instance the pipeline appends."""
