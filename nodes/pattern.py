"""A text node defined by a regular expression and a replacement, streamed exactly.

:class:`PatternRewriter` rewrites every match of a pattern, left to right, like
``pattern.sub(replace, text)``, and streams that result without ever cutting a match:
it uses the partial matching of the ``regex`` package to tell, at the end of each
chunk, whether the tail could still become a match or change one. Only that tail is
held back; everything before it is settled and released.

A match ``m`` is settled when ``pattern.fullmatch(buffer, m.start(), partial=True)``
fails: no way of matching from ``m.start()`` reaches the end of the buffer, so no
later text can lengthen, shorten or replace it (lookarounds that reach the end count
as reaching it). A position where the pattern matches only partially holds back
everything from there. Hence the chunking invariance holds for any pattern, with two
rules for pattern authors:

- bound what a match may span (``\\d{1,15}``, ``[^<>]{0,200}``): the bound is the
  hold-back cap, and the whole-text result obeys the same bound;
- look behind at most ``lookbehind`` characters, and never use ``^`` / ``\\A``.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from .text import TextNode, TextStream

Replacement = Callable[["regex.Match[str]"], str]


class PatternRewriter(TextNode):
    """Replace each match of ``pattern`` by ``replace(match)``, streaming.

    Args:
        pattern: a ``regex`` pattern (string or compiled). It must not match the empty
            string.
        replace: the spoken form of a match. Called once per match, on the event loop:
            keep it cheap.
        lookbehind: how many characters before the unsettled tail stay in view for
            lookbehind assertions and ``\\b``.
        name: the node name used in logs.
    """

    def __init__(
        self,
        pattern: str | regex.Pattern[str],
        replace: Replacement,
        *,
        lookbehind: int = 16,
        flags: int = 0,
        name: str | None = None,
    ) -> None:
        compiled = pattern if isinstance(pattern, regex.Pattern) else regex.compile(pattern, flags)
        if compiled.match("") is not None:
            raise ValueError(f"pattern {compiled.pattern!r} matches the empty string")
        if lookbehind < 0:
            raise ValueError("lookbehind must be >= 0")
        self.pattern = compiled
        self.replace = replace
        self.lookbehind = lookbehind
        self._name = name

    @property
    def name(self) -> str:
        return self._name or super().name

    def open_stream(self) -> TextStream:
        return PatternStream(self.pattern, self.replace, self.lookbehind)


class PatternStream(TextStream):
    """Streaming state of a :class:`PatternRewriter`: the unsettled tail plus a little
    settled context before it for lookbehinds."""

    __slots__ = ("_buf", "_lookbehind", "_pattern", "_pos", "_replace")

    def __init__(self, pattern: regex.Pattern[str], replace: Replacement, lookbehind: int) -> None:
        self._pattern = pattern
        self._replace = replace
        self._lookbehind = lookbehind
        self._buf = ""  # settled context, then the held-back raw tail
        self._pos = 0  # where the held-back tail starts in _buf

    @property
    def pending(self) -> str:
        return self._buf[self._pos :]

    def feed(self, text: str) -> str:
        if not text:
            return ""
        buf = self._buf + text
        out, hold = self._scan(buf, self._pos, final=False)
        keep = max(0, hold - self._lookbehind)
        self._buf, self._pos = buf[keep:], hold - keep
        return out

    def flush(self) -> str:
        out, _ = self._scan(self._buf, self._pos, final=True)
        self._buf, self._pos = "", 0
        return out

    def _scan(self, buf: str, pos: int, *, final: bool) -> tuple[str, int]:
        """Rewrite ``buf[pos:]`` up to the first unsettled position; return the output
        and that position (``len(buf)`` when everything is settled)."""
        parts: list[str] = []
        pattern = self._pattern
        for match in pattern.finditer(buf, pos, partial=not final):
            start = match.start()
            if not final and (
                match.partial or pattern.fullmatch(buf, start, partial=True) is not None
            ):
                parts.append(buf[pos:start])
                return "".join(parts), start
            parts.append(buf[pos:start])
            parts.append(self._replace(match))
            pos = match.end()
        parts.append(buf[pos:])
        return "".join(parts), len(buf)
