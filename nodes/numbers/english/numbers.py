"""Plain numbers: the shared written pieces and their readings.

The pieces are regex sources without groups, reused by every rule that contains a
number (money, measures, percentages...): ``INTEGER`` (``1,234`` or a digit run),
``DECIMAL`` (``1,234.56``, ``.5``), ``SIGN``.
"""

from __future__ import annotations

from ..policy import NumberPolicy
from .words import cardinal, decimal, digits, year

INTEGER = r"(?>\d{1,3}(?:,\d{3}){1,6}(?!\d)|\d{1,30})"
DECIMAL = rf"(?>{INTEGER}(?:\.\d{{1,20}})?|\.\d{{1,20}})"
"""Atomic: a number never gives back digits to let the rest of a rule match (that
backtracking only multiplied the work, never found a better reading)."""
SIGN = r"[-−+±]"
NUMBER_LEAD_IN = r"(?:[-−+±~]\.?|\.)"
"""The digit-free start of a number: a sign, a decimal point, or both."""
NUMBER_LEAD_CHARS = r"\-−+±~."

SIGN_WORDS = {"-": "minus", "−": "minus", "+": "plus", "±": "plus or minus", "~": "about"}


def amount(text: str) -> str:
    """A number read as a quantity: ``"1,234.50"`` -> "one thousand two hundred
    thirty-four point five zero"; digit runs of any length are read as cardinals."""
    integer, dot, fraction = text.partition(".")
    if dot:
        return decimal(integer, fraction)
    return cardinal(int(integer.replace(",", "")))


def is_plain_one(text: str) -> bool:
    """Whether a written amount takes the singular: "1" (not "1.0", not "01")."""
    return text == "1"


def bare_number(text: str, policy: NumberPolicy) -> str:
    """A number with nothing around it that tells what it counts.

    Thousands separators or a decimal point: a quantity. A leading zero ("007") or
    more than ``policy.max_cardinal_digits`` digits: digit by digit. Four digits in
    ``policy.year_range``: a year. Otherwise a cardinal.
    """
    if "," in text or "." in text:
        return amount(text)
    if (len(text) > 1 and text[0] == "0") or len(text) > policy.max_cardinal_digits:
        return digits(text, policy.zero)
    value = int(text)
    low, high = policy.year_range
    if len(text) == 4 and low <= value <= high:
        return year(value)
    return cardinal(value)


def signed(sign: str | None, words: str) -> str:
    """Prefix a reading with its sign word ("minus", "plus", "plus or minus")."""
    return f"{SIGN_WORDS[sign]} {words}" if sign else words
