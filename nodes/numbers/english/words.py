"""English number words: cardinals, ordinals, years, digit strings, decimals.

Written here rather than taken from ``num2words`` for two reasons: speed (these run on
the event loop for every number, ~1 µs here against 15–70 µs a ``num2words`` call) and
the spoken style wanted for TTS (no commas inside numbers, no "and", years as
"nineteen ninety-nine"). ``tests/test_numbers_english.py`` checks the cardinals and
ordinals against ``num2words`` for agreement.
"""

from __future__ import annotations

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [
    "_",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
    "sextillion",
    "septillion",
    "octillion",
    "nonillion",
    "decillion",
]
MAX_CARDINAL = 10 ** (3 * len(SCALES)) - 1

_IRREGULAR_ORDINALS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _under_hundred(n: int) -> str:
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] if ones == 0 else f"{TENS[tens]}-{ONES[ones]}"


def _under_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _under_hundred(rest)
    head = f"{ONES[hundreds]} hundred"
    return head if rest == 0 else f"{head} {_under_hundred(rest)}"


def cardinal(n: int) -> str:
    """``1234`` -> ``"one thousand two hundred thirty-four"`` (American style, no "and").

    Raises:
        ValueError: beyond the decillions.
    """
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 1000:
        return _under_thousand(n)
    if n > MAX_CARDINAL:
        raise ValueError(f"{n} is too large to read as a cardinal")
    parts: list[str] = []
    scale = 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            words = _under_thousand(group)
            parts.append(f"{words} {SCALES[scale]}" if scale else words)
        scale += 1
    return " ".join(reversed(parts))


def ordinalize(words: str) -> str:
    """Turn the last word of a cardinal reading into its ordinal: ``"twenty-one"`` ->
    ``"twenty-first"``, ``"one hundred"`` -> ``"one hundredth"``."""
    cut = max(words.rfind(" "), words.rfind("-")) + 1
    head, last = words[:cut], words[cut:]
    if last in _IRREGULAR_ORDINALS:
        return head + _IRREGULAR_ORDINALS[last]
    if last.endswith("y"):
        return head + last[:-1] + "ieth"
    return head + last + "th"


def ordinal(n: int) -> str:
    """``21`` -> ``"twenty-first"``."""
    return ordinalize(cardinal(n))


def plural(words: str) -> str:
    """Pluralize the last word of a reading: ``"nineteen eighty"`` -> ``"nineteen
    eighties"``, ``"one half"`` -> ``"one halves"``, ``"third"`` -> ``"thirds"``."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith("x"):
        return words + "es"
    if words.endswith("half"):
        return words[:-4] + "halves"
    return words + "s"


def digits(text: str, zero: str = "zero") -> str:
    """Read each digit of ``text``: ``"0199"`` -> ``"zero one nine nine"``."""
    return " ".join(zero if ch == "0" else ONES[int(ch)] for ch in text)


def version(text: str) -> str:
    """A dotted version, each part a cardinal: ``"2.10.1"`` -> "two point ten point one"."""
    return " point ".join(cardinal(int(part)) for part in text.split("."))


def year(n: int) -> str:
    """A year as spoken: 1999 -> "nineteen ninety-nine", 1506 -> "fifteen oh six",
    1900 -> "nineteen hundred", 2000–2009 -> "two thousand (six)", 2010 -> "twenty
    ten", 340 -> "three forty"."""
    if n < 100 or (n >= 1000 and n % 1000 < 10):
        return cardinal(n)
    high, low = divmod(n, 100)
    if low == 0:
        return f"{cardinal(high)} hundred"
    if low < 10:
        return f"{cardinal(high)} oh {ONES[low]}"
    return f"{cardinal(high)} {_under_hundred(low)}"


def decimal(integer: str, fraction: str, zero: str = "zero") -> str:
    """``("3", "14")`` -> ``"three point one four"``; an empty integer part is not
    read (``".5"`` -> ``"point five"``). ``integer`` may hold thousands commas."""
    head = cardinal(int(integer.replace(",", ""))) + " " if integer else ""
    return f"{head}point {digits(fraction, zero)}"
