"""``NumberNormalizer``: written numbers to spoken words, streaming."""

from __future__ import annotations

from ..text import TextNode, TextStream
from .languages import base_language, grammar_for
from .policy import NumberPolicy
from .stream import NumberStream


class NumberNormalizer(TextNode):
    """Rewrites written numbers into the words TTS should say, as the LLM streams.

    ``"$12.50"`` -> "twelve dollars fifty cents", ``"March 3, 2026"`` -> "March third,
    twenty twenty-six", ``"(555) 013-0199"`` -> "five five five, zero one three, zero
    one nine nine". See ``docs/numbers.md`` for every form and the policy knobs.

    Streaming contract: for any cutting of the input, the concatenated output equals
    :meth:`rewrite` of the whole text. Only a tail that could still become or extend a
    number form is held back ("$1,2", "5:3", "555-12", a trailing "March"), never more
    than the grammar's bounds allow (under 150 characters: a money range of two
    50-digit amounts); all of it is released at the end of the stream. Text without
    digits passes through a fast path.

    Markup tags (``<break time="500ms"/>``), URLs and e-mail addresses keep their
    digits. A form no rule decides (an impossible date, ``1-800-GO-HAUL``) is left as
    written.

    Args:
        lang: ``"en"`` (every form), or ``"es"``, ``"fr"``, ``"de"`` (cardinals,
            decimals, ordinals, money, percentages, dates, via ``num2words``). Region
            suffixes are accepted (``"en-GB"``).
        policy: the readings of ambiguous forms (date order, long digit runs, "zero" or
            "oh", what ``$`` means); :class:`NumberPolicy` documents the defaults.
        name: the node name used in logs.
    """

    def __init__(
        self, lang: str = "en", *, policy: NumberPolicy | None = None, name: str | None = None
    ) -> None:
        self.lang = base_language(lang)
        self.policy = policy or NumberPolicy()
        self.grammar = grammar_for(self.lang, self.policy)
        self._name = name

    @property
    def name(self) -> str:
        return self._name or f"NumberNormalizer({self.lang})"

    def open_stream(self) -> TextStream:
        return NumberStream(self.grammar)

    def rewrite(self, text: str) -> str:
        """The whole-text result (one pass; equal to streaming ``text`` in any cut)."""
        return self.grammar.sub(text)

    def __repr__(self) -> str:
        return f"NumberNormalizer(lang={self.lang!r}, policy={self.policy!r})"
