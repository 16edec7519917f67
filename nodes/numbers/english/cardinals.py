"""Cardinals, decimals, percentages, ordinals, ranges and other plain-number forms."""

from __future__ import annotations

import regex

from ..grammar import Reader, Rule
from ..policy import NumberPolicy
from ..protected import NUMBER_END, NUMBER_START
from .numbers import (
    DECIMAL,
    INTEGER,
    NUMBER_LEAD_CHARS,
    NUMBER_LEAD_IN,
    SIGN,
    amount,
    bare_number,
    signed,
)
from .units import UNIT, unit_name
from .words import cardinal, ordinal, version, year

RANGE_DASH = r"(?:-|\s?–\s?|\s—\s)"
"""A hyphen, or an en/em dash with or without spaces. A spaced hyphen ("10 - 3") is
not a range: it may be a subtraction or a pause."""


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def read_ordinal(m: regex.Match[str]) -> str:
    """``21st`` -> "twenty-first"; a wrong suffix (``21th``) is read as written:
    "twenty-one th"."""
    n = int(m["ordinal_value"].replace(",", ""))
    suffix = m["ordinal_suffix"]
    if suffix.lower() == _ordinal_suffix(n):
        return ordinal(n)
    return f"{cardinal(n)} {suffix}"


def read_percent(m: regex.Match[str]) -> str:
    low = signed(m["percent_sign"], amount(m["percent_low"]))
    high = m["percent_high"]
    return f"{low} to {amount(high)} percent" if high else f"{low} percent"


def is_year(text: str, policy: NumberPolicy) -> bool:
    low, high = policy.year_range
    return len(text) == 4 and text.isdigit() and low <= int(text) <= high


def is_split(first: str, second: str) -> bool:
    """Whether two written numbers are the shares of a split: two digits each, summing
    to 100 ("50/50", "70-30")."""
    return (
        len(first) == len(second) == 2
        and (first + second).isdigit()
        and int(first) + int(second) == 100
    )


def split_words(first: str, second: str) -> str:
    """``50``, ``50`` -> "fifty-fifty", ``75``, ``25`` -> "seventy-five twenty-five"."""
    a, b = cardinal(int(first)), cardinal(int(second))
    return f"{a} {b}" if "-" in a + b else f"{a}-{b}"


def range_reader(policy: NumberPolicy) -> Reader:
    """``1980-1986`` -> "nineteen eighty to nineteen eighty-six", ``1960-80`` ->
    "nineteen sixty to eighty", ``3-5`` -> "three to five". A second number of 0 or
    with a leading zero (``978-0``, ``555-01``) is no range: both are read, the dash
    kept."""

    def read(m: regex.Match[str]) -> str:
        low, high = m["range_low"], m["range_high"]
        if is_year(low, policy) and (is_year(high, policy) or len(high) == 2):
            return (
                f"{year(int(low))} to {cardinal(int(high)) if len(high) == 2 else year(int(high))}"
            )
        if is_split(low, high) and int(low) >= int(high):  # "50-50", "60-40"
            return split_words(low, high)
        if high.startswith("0") and not high.startswith("0."):
            return f"{bare_number(low, policy)}-{bare_number(high, policy)}"
        return f"{bare_number(low, policy)} to {bare_number(high, policy)}"

    return read


def number_reader(policy: NumberPolicy) -> Reader:
    def read(m: regex.Match[str]) -> str:
        value, sign = m["number_value"], m["number_sign"]
        spoken = signed(sign, amount(value)) if sign else bare_number(value, policy)
        return spoken + " plus" if m["number_plus"] else spoken  # "5,000+"

    return read


OPEN_END = r"\+(?!\s?[\d(])"
"""A plus after a quantity that starts no sum: ``5,000+`` is "five thousand plus"."""

SCALE_WORDS = {"k": "thousand", "K": "thousand", "M": "million", "mn": "million",
               "B": "billion", "bn": "billion", "tn": "trillion"}  # fmt: skip
"""Scale letters after a number. Case matters: ``m`` is metres or minutes, ``b`` bits;
``K`` only after a decimal point (``4K`` is a resolution, ``1.5K`` a quantity)."""


def read_scaled(m: regex.Match[str]) -> str:
    """``1.5M`` -> "one point five million", ``500k`` -> "five hundred thousand"."""
    spoken = f"{amount(m['scaled_value'])} {SCALE_WORDS[m['scaled_scale']]}"
    return signed(m["scaled_sign"], spoken) + (" plus" if m["scaled_plus"] else "")


def read_rating(m: regex.Match[str]) -> str:
    """``4.5/5`` -> "four point five out of five"."""
    return f"{amount(m['rating_value'])} out of {cardinal(int(m['rating_scale']))}"


def read_dimensions(m: regex.Match[str]) -> str:
    """``2x4`` -> "two by four", ``2x8 m2`` -> "two by eight square meters"."""
    sides = [m["dimensions_a"], m["dimensions_b"], m["dimensions_c"]]
    spoken = " by ".join(amount(side) for side in sides if side)
    if m["dimensions_unit"]:
        spoken += " " + unit_name(m["dimensions_unit"], plural=True)
    return spoken


def read_multiplier(m: regex.Match[str]) -> str:
    """``10x`` -> "ten times"."""
    return f"{amount(m['multiplier_value'])} times"


def read_dotted(m: regex.Match[str]) -> str:
    """``2.5.1`` (a version) -> "two point five point one"."""
    return version(m["dotted_value"])


def read_power(m: regex.Match[str]) -> str:
    """``2^10`` -> "two to the power of ten", ``10^-3`` -> "ten to the power of minus
    three", ``5^2`` -> "five squared", ``3^3`` -> "three cubed"."""
    base, exponent = amount(m["power_base"]), m["power_exponent"]
    if m["power_sign"] is None and exponent in ("2", "3"):
        return f"{base} {'squared' if exponent == '2' else 'cubed'}"
    return f"{base} to the power of {signed(m['power_sign'], cardinal(int(exponent)))}"


def read_ratio(m: regex.Match[str]) -> str:
    """``16:9`` -> "sixteen to nine", ``1:100`` -> "one to one hundred"."""
    return " to ".join(amount(part) for part in m["ratio_value"].split(":"))


_MATH_WORDS = {"+": "plus", "×": "times", "*": "times", "=": "equals"}


def math_reader(policy: NumberPolicy) -> Reader:
    """``2+3=5`` -> "two plus three equals five"."""
    split = regex.compile(r"\s*([+×*=])\s*")

    def read(m: regex.Match[str]) -> str:
        parts = split.split(m["math_value"])
        return " ".join(
            _MATH_WORDS[part] if i % 2 else bare_number(part, policy)
            for i, part in enumerate(parts)
        )

    return read


def rules(policy: NumberPolicy) -> dict[str, Rule]:
    """The plain-number rules, by name (the grammar orders them)."""
    start, end = NUMBER_START, NUMBER_END
    return {
        "percent": Rule(
            "percent",
            rf"{start}(?P<percent_sign>{SIGN})?(?P<percent_low>{DECIMAL})"
            rf"(?:%?{RANGE_DASH}(?P<percent_high>{DECIMAL}))?\s?%",
            read_percent,
            lead_chars=NUMBER_LEAD_CHARS,
            lead_in=NUMBER_LEAD_IN,
        ),
        "ordinal": Rule(
            "ordinal",
            rf"{start}(?P<ordinal_value>{INTEGER})(?P<ordinal_suffix>(?i:st|nd|rd|th)){end}",
            read_ordinal,
        ),
        "range": Rule(
            "range",
            # no range before a hyphen and capitals: the number part of "1-800-GO-HAUL"
            rf"{start}(?P<range_low>{DECIMAL}){RANGE_DASH}(?P<range_high>{DECIMAL}){end}"
            r"(?!-[A-Z]{2})",
            range_reader(policy),
        ),
        "power": Rule(
            "power",
            rf"{start}(?P<power_base>{DECIMAL})\s?\^\s?(?P<power_sign>[-−])?"
            rf"(?P<power_exponent>\d{{1,3}}){end}(?![.,]\d)",
            read_power,
        ),
        "ratio": Rule(  # two digits after the colon are a time's minutes ("3:10")
            "ratio",
            rf"{start}(?P<ratio_value>\d{{1,6}}(?:\.\d{{1,2}})?"
            rf"(?::(?:\d(?:\.\d{{1,2}})?|\d{{3,6}})){{1,3}}){end}(?![.,:]\d)",
            read_ratio,
        ),
        "dimensions": Rule(
            "dimensions",
            rf"{start}(?P<dimensions_a>{DECIMAL})\s?[x×]\s?(?P<dimensions_b>{DECIMAL})"
            rf"(?:\s?[x×]\s?(?P<dimensions_c>{DECIMAL}))?(?:\s?(?P<dimensions_unit>{UNIT}))?{end}",
            read_dimensions,
            lead_chars=NUMBER_LEAD_CHARS,
            lead_in=NUMBER_LEAD_IN,
        ),
        "multiplier": Rule(
            "multiplier",
            rf"{start}(?P<multiplier_value>{DECIMAL})[x×]{end}",
            read_multiplier,
            lead_chars=NUMBER_LEAD_CHARS,
            lead_in=NUMBER_LEAD_IN,
        ),
        "scaled": Rule(
            "scaled",
            rf"{start}(?:(?P<scaled_sign>{SIGN}|~)(?=\.?\d))?"
            rf"(?:(?P<scaled_value>{DECIMAL})(?P<scaled_scale>bn|mn|tn|[kMB])"
            rf"|(?P<scaled_value>{INTEGER}?\.\d{{1,20}})(?P<scaled_scale>K))"
            rf"(?P<scaled_plus>{OPEN_END})?{end}",
            read_scaled,
            lead_chars=NUMBER_LEAD_CHARS,
            lead_in=NUMBER_LEAD_IN,
        ),
        "rating": Rule(
            "rating",
            rf"{start}(?P<rating_value>\d{{1,3}}\.\d{{1,2}})/(?P<rating_scale>\d{{1,3}}){end}",
            read_rating,
        ),
        "math": Rule(
            "math",
            rf"{start}(?P<math_value>\d{{1,12}}(?:\s?[+×*=]\s?\d{{1,12}}){{1,6}}){end}",
            math_reader(policy),
        ),
        "dotted": Rule(
            "dotted", rf"{start}(?P<dotted_value>\d{{1,4}}(?:\.\d{{1,4}}){{2}}){end}", read_dotted
        ),
        "number": Rule(
            "number",
            rf"{start}(?:(?P<number_sign>{SIGN}|~)(?=\.?\d))?(?P<number_value>{DECIMAL})"
            rf"(?P<number_plus>{OPEN_END})?{end}",
            number_reader(policy),
            lead_chars=NUMBER_LEAD_CHARS,
            lead_in=NUMBER_LEAD_IN,
        ),
    }
