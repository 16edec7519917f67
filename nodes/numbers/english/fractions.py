"""Fractions: ``3/4``, ``2 1/2``, ``1/4th``, ``2/3rds``, ``½``, ``1½``; splits
``50/50``."""

from __future__ import annotations

import regex

from ..grammar import Rule
from ..protected import NUMBER_END, NUMBER_START
from .cardinals import is_split, split_words
from .words import cardinal, ordinal, plural

VULGAR = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅖": (2, 5),
    "⅗": (3, 5),
    "⅘": (4, 5),
    "⅙": (1, 6),
    "⅚": (5, 6),
    "⅐": (1, 7),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
    "⅑": (1, 9),
    "⅒": (1, 10),
    "↉": (0, 3),
}
VULGAR_CLASS = "[" + "".join(VULGAR) + "]"
SLASHED = r"\d{1,9}\s?/\s?\d{1,9}"
FRACTION = rf"(?:{SLASHED}|{VULGAR_CLASS})"
"""A fraction without its whole part (no groups): for rules that contain one."""
MIXED = rf"(?:\d{{1,9}}\s?{VULGAR_CLASS}|\d{{1,9}}\s{SLASHED}|{FRACTION})"
"""A fraction with an optional whole part (no groups)."""

_PARTS = regex.compile(r"(?:(\d+)(?:\s(?=\d+\s?/)|\s?(?=[^\d\s/])))?(?:(\d+)\s?/\s?(\d+)|(.))")


def fraction_words(numerator: int, denominator: int) -> str:
    """3/4 -> "three quarters", 1/2 -> "one half", 31/32 -> "thirty-one thirty-seconds",
    5/1 -> "five over one"."""
    if denominator in (0, 1):
        return f"{cardinal(numerator)} over {cardinal(denominator)}"
    name = {2: "half", 4: "quarter"}.get(denominator) or ordinal(denominator)
    return f"{cardinal(numerator)} {name if numerator == 1 else plural(name)}"


def split_mixed(text: str) -> tuple[int | None, int, int]:
    """``"2 1/2"`` -> ``(2, 1, 2)``, ``"¾"`` -> ``(None, 3, 4)``."""
    m = _PARTS.fullmatch(text.strip())
    assert m is not None, text
    whole, num, den, glyph = m.groups()
    numerator, denominator = VULGAR[glyph] if glyph else (int(num), int(den))
    return (None if whole is None else int(whole)), numerator, denominator


def is_fraction(text: str) -> bool:
    """Whether a written value (from :data:`MIXED` or a decimal) is a fraction."""
    return "/" in text or text[-1] in VULGAR


def read_mixed(text: str) -> str:
    """``"2 1/2"`` -> "two and a half", ``"3 2/4"`` -> "three and two quarters"."""
    whole, numerator, denominator = split_mixed(text)
    words = fraction_words(numerator, denominator)
    if whole is None:
        return words
    if numerator == 1 and denominator > 1:
        words = "a " + words.split(" ", 1)[1]
    return f"{cardinal(whole)} and {words}"


def read_fraction(m: regex.Match[str]) -> str:
    """A fraction, or the shares of a split: ``50/50`` -> "fifty-fifty", ``20/20`` ->
    "twenty-twenty"."""
    first, slash, second = m["fraction_value"].partition("/")
    if slash and (is_split(first, second) or (first == second and "20" <= first <= "99")):
        return split_words(first, second)
    return read_mixed(m["fraction_value"])


def rules() -> dict[str, Rule]:
    return {
        "fraction": Rule(
            "fraction",
            rf"{NUMBER_START}(?<!/)(?P<fraction_value>{MIXED})(?i:(?:st|nd|rd|th)s?)?(?![\w@/])",
            read_fraction,
        ),
        "idiom": Rule("idiom", rf"{NUMBER_START}24/7{NUMBER_END}", lambda m: "twenty-four seven"),
    }
