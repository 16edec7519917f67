"""The streaming state of a number normaliser: the pattern engine plus a fast path.

Most LLM chunks hold no digit. While the unsettled text has none, the full engine (a
scan with every grammar rule, then a search for attempts that reach the end) is wasted
work: every number form contains a digit (or a vulgar fraction), so nothing can be
rewritten, and the only question is where a tail that could begin a form starts
("March", "US$", "#"). :class:`NumberStream` answers that with the grammar's small
lead-in pattern, over the last ``LEAD_IN_WINDOW`` characters only, and releases the
rest; text with a digit goes to the engine. The lead-in pattern may hold a little more
than the engine would (never less), which delays text but never changes it: the
output is exactly the engine's (``tests/test_numbers_streaming.py`` compares both).
"""

from __future__ import annotations

from voicenodes.nodes.pattern import PatternStream

from .grammar import LEAD_IN_WINDOW, LOOKBEHIND, TRIGGER, Grammar


class NumberStream(PatternStream):
    """A :class:`~voicenodes.nodes.pattern.PatternStream` over a grammar, with the
    digit-free fast path. Holds back only a tail that could still become or extend a
    number form; everything at :meth:`flush`."""

    __slots__ = ("_lead_in",)

    def __init__(self, grammar: Grammar) -> None:
        super().__init__(grammar.pattern, grammar.replace, LOOKBEHIND)
        self._lead_in = grammar.lead_in

    def feed(self, text: str) -> str:
        pos = self._pos
        if TRIGGER.search(text) is None and TRIGGER.search(self._buf, pos) is None:
            # nothing can be rewritten yet: settle all but a tail that may begin a form
            buf = self._buf + text
            hold = self._lead_in_start(buf, pos)
            keep = max(0, hold - self._lookbehind)
            self._buf, self._pos = buf[keep:], hold - keep
            return buf[pos:hold]
        return super().feed(text)

    def _lead_in_start(self, buf: str, pos: int) -> int:
        """Where a digit-free tail that could begin a number form starts (the end of
        ``buf`` if none does). Such a tail is at most ``LEAD_IN_WINDOW`` long."""
        if self._lead_in is None:
            return len(buf)
        lead = self._lead_in.search(buf, max(pos, len(buf) - LEAD_IN_WINDOW), partial=True)
        return len(buf) if lead is None else lead.start()
