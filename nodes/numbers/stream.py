"""The streaming state of a number normaliser: the pattern engine plus a fast path.

Most LLM chunks hold no digit. For those the full engine (a scan with every grammar
rule, then a partial-match check) is wasted work: nothing can be rewritten, and the
only question is whether the end of the chunk could start a number form ("March",
"US$", "<"). :class:`NumberStream` answers that with the grammar's small lead-in
pattern and passes the chunk through; anything else goes to the engine. The fast path
returns exactly what the engine would (see the module doc of
:mod:`voicenodes.nodes.numbers.grammar` for why, and
``tests/test_numbers_streaming.py`` for the property test comparing both).
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
        if self._pos == len(self._buf) and TRIGGER.search(text) is None:
            buf = self._buf + text
            start = max(len(self._buf), len(buf) - LEAD_IN_WINDOW)
            lead_in = self._lead_in
            lead = None if lead_in is None else lead_in.search(buf, start, partial=True)
            if lead is None or lead.start() == len(buf):
                keep = max(0, len(buf) - self._lookbehind)
                self._buf, self._pos = buf[keep:], len(buf) - keep
                return text
        return super().feed(text)
