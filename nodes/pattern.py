"""A text node defined by a regular expression and a replacement, streamed exactly.

:class:`PatternRewriter` rewrites every match of a pattern, left to right, like
``pattern.sub(replace, text)``, and streams that result without ever cutting a match:
it uses the partial matching of the ``regex`` package to tell, at the end of each
chunk, whether the tail could still become a match or change one. Only that tail is
held back; everything before it is settled and released.

The scan stops at the first position where a match attempt reaches the end of the
buffer (``pattern.fullmatch(buffer, position, partial=True)`` succeeds; lookarounds
that reach the end count as reaching it): what that attempt finds depends on text not
yet seen, so everything from there is held back. Every match before it is settled: no
way of matching from its start reaches the end, so no later text can lengthen, shorten
or replace it. That position is found with a *probe*, the pattern followed by
``(?=[\\s\\S])(?!)``: it can never match, only match partially, and does so exactly
where an attempt of the pattern reaches the end. (A partial search with the pattern
itself is not enough: ``regex`` prefers a later complete match to an earlier partial
one, so ``abcd|c`` on ``"abc"`` finds ``"c"`` and misses that ``"abc"`` may become
``"abcd"``.) Hence the chunking invariance holds for any pattern, with two rules for
pattern authors:

- bound what a match may span (``\\d{1,15}``, ``[^<>]{0,200}``): the bound is the
  hold-back cap, and the whole-text result obeys the same bound;
- look behind at most ``lookbehind`` characters, and never use ``^`` / ``\\A``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex

from .text import TextNode, TextStream

Replacement = Callable[["regex.Match[str]"], str]


@lru_cache(maxsize=256)
def reach_probe(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """A pattern that never matches and matches partially exactly where an attempt of
    ``pattern`` reaches the end of the string: ``probe.search(text, pos,
    partial=True).start()`` is the first position from ``pos`` whose match attempt
    depends on text beyond the end (``len(text)`` when none does)."""
    return regex.compile(f"(?:{pattern.pattern})" + r"(?=[\s\S])(?!)", pattern.flags)


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
        return PatternStream(self.pattern, self.replace, self.lookbehind, reach_probe(self.pattern))


class PatternStream(TextStream):
    """Streaming state of a :class:`PatternRewriter`: the unsettled tail plus a little
    settled context before it for lookbehinds."""

    __slots__ = ("_buf", "_lookbehind", "_pattern", "_pos", "_probe", "_replace")

    def __init__(
        self,
        pattern: regex.Pattern[str],
        replace: Replacement,
        lookbehind: int,
        probe: regex.Pattern[str] | None = None,
    ) -> None:
        self._pattern = pattern
        self._probe = probe or reach_probe(pattern)
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
        end = len(buf)
        hold = end if final else self._reach(buf, pos)
        for match in self._pattern.finditer(buf, pos):
            start = match.start()
            if start >= hold:
                break
            parts.append(buf[pos:start])
            parts.append(self._replace(match))
            pos = match.end()
            if pos > hold:  # the unsettled attempt lay inside this match: look further
                hold = self._reach(buf, pos)
        hold = max(hold, pos)
        parts.append(buf[pos:hold])
        return "".join(parts), hold

    def _reach(self, buf: str, pos: int) -> int:
        """The first position from ``pos`` whose match attempt reaches the end."""
        probe = self._probe.search(buf, pos, partial=True)
        return len(buf) if probe is None else probe.start()
