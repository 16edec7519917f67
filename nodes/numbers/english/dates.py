"""Dates and years: ``2026-03-03``, ``03/04/2026``, ``March 3, 2026``, ``Dec 25``,
``25 July 2012``, ``1980s``, ``'80s``, ``340 AD``, ``2Q22``."""

from __future__ import annotations

import regex

from ..grammar import Reader, Rule
from ..policy import NumberPolicy
from ..protected import NUMBER_END, NUMBER_START
from .fractions import fraction_words
from .times import read_clock
from .words import cardinal, digits, ordinal, plural, year

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_INDEX = {name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)}
MONTH = (
    r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May|MAY)"
)
"""Month names and abbreviations in any case, except "may", which is a month only
when capitalized (or, after a day, when a year follows: "17 may 2010")."""
MONTH_WORD = rf"(?<![\w@]){MONTH}(?:\.(?=[\s-]?\d)|(?![\w@]))"
"""A month name; the dot of an abbreviation is part of it only before a number, so
a sentence-final "Sept." keeps its full stop."""
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
ISO_TIME = (
    r"[Tt](?P<numeric_date_time>(?:[01]\d|2[0-3]):[0-5]\d)"
    r"(?::(?P<numeric_date_seconds>[0-5]\d)(?:\.\d{1,6})?)?"
    r"(?P<numeric_date_zone>[Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?"
)
"""The time of an ISO 8601 date-time (``T10:00``, ``T10:00:30.5Z``, ``T14:30+05:30``)."""
DAY_SUFFIX = r"(?i:st|nd|rd|th)"
MONTH_NUMBER = r"(?:1[0-2]|0?[1-9])"


def month_name(text: str) -> str:
    return MONTHS[_MONTH_INDEX[text[:3].lower()] - 1]


def year_words(text: str, zero: str = "oh") -> str:
    """A written year: four digits as a year, two ("05", "98") as a two-digit number
    ("oh five" or "zero five", "ninety-eight")."""
    if len(text) == 2:
        return f"{zero} {digits(text[1])}" if text[0] == "0" else cardinal(int(text))
    return year(int(text))


def _month_day_year(month: int, day: int, year_text: str | None, zero: str = "oh") -> str:
    spoken = f"{MONTHS[month - 1]} {ordinal(day)}"
    return f"{spoken} {year_words(year_text, zero)}" if year_text else spoken


def _day_month_year(
    month: int, day: int, year_text: str | None, *, article: bool = True, zero: str = "oh"
) -> str:
    spoken = f"{'the ' if article else ''}{ordinal(day)} of {MONTHS[month - 1]}"
    return f"{spoken} {year_words(year_text, zero)}" if year_text else spoken


_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_and_day(first: int, second: int, policy: NumberPolicy) -> tuple[int, int, bool] | None:
    """The month and day of a numeric date's two first parts, and whether the month
    came first: ``policy.date_order``, unless only the other order is a valid date;
    ``None`` if neither is."""
    month_first = policy.date_order != "dmy"
    for order in (month_first, not month_first):
        month, day = (first, second) if order else (second, first)
        if 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            return month, day, order
    return None


def _numeric(first: int, second: int, year_text: str | None, policy: NumberPolicy) -> str | None:
    parts = month_and_day(first, second, policy)
    if parts is None:
        return None
    month, day, month_first = parts
    if month_first:
        return _month_day_year(month, day, year_text, policy.zero)
    return _day_month_year(month, day, year_text, zero=policy.zero)


def _iso_time(m: regex.Match[str]) -> str:
    """The time of an ISO date-time: ``T10:00:30Z`` -> " at ten o'clock and thirty
    seconds UTC", ``T14:30+05:30`` -> " at fourteen thirty UTC plus five thirty"."""
    spoken = " at " + read_clock(m["numeric_date_time"])
    seconds = int(m["numeric_date_seconds"] or 0)
    if seconds:
        spoken += f" and {cardinal(seconds)} second{'' if seconds == 1 else 's'}"
    zone = m["numeric_date_zone"]
    if zone in ("Z", "z"):
        spoken += " UTC"
    elif zone:
        sign = "plus" if zone[0] == "+" else "minus"
        hours, minutes = int(zone[1:3]), int(zone[-2:]) if len(zone) > 3 else 0
        offset = cardinal(hours) + (f" {cardinal(minutes)}" if minutes else "")
        spoken += f" UTC {sign} {offset}"
    return spoken


def numeric_date_reader(policy: NumberPolicy) -> Reader:
    """``2026-03-04`` (ISO), ``03/04/2026`` (``policy.date_order``, unless only the
    other order is a valid date)."""

    def read(m: regex.Match[str]) -> str | None:
        if m["numeric_date_iso"]:
            spoken = _month_day_year(
                int(m["numeric_date_month"]), int(m["numeric_date_day"]), m["numeric_date_iso"]
            )
            return spoken + _iso_time(m) if m["numeric_date_time"] else spoken
        first, second = int(m["numeric_date_first"]), int(m["numeric_date_second"])
        return _numeric(first, second, m["numeric_date_year"], policy)

    return read


DATE_WORDS = (
    r"(?i:on|by|until|till|til|from|since|before|after|through|thru|due|dated|starting"
    r"|ending|every|effective|expires|expiring|expiry|scheduled|deadline)"
)
"""Words after which a month/day pair without a year (``on 11/21``) is a date."""
_COUNTED = (
    r"(?!\s(?i:of|an?|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?"
    r"|years?|cups?|teaspoons?|tablespoons?|tbsp|tsp|inch(?:es)?|miles?|pounds?|points?"
    r"|percent|more|less)(?![\w@]))"
)
"""A pair followed by what it counts is a fraction: "every 1/2 hour", "by 3/4 cup"."""
_QUANTITY_WORDS = frozenset({"by", "from", "after", "before"})
"""Date words that also take quantities: after them a small proper fraction stays a
fraction ("reduce by 1/2", "from 1/4 to 1/2 cup")."""


def short_date_reader(policy: NumberPolicy) -> Reader:
    """``on 11/21`` -> "November twenty-first" (``policy.date_order``, unless only the
    other order is a valid date); ``from 11/21-11/25`` -> "November twenty-first to
    November twenty-fifth". A pair that is no date is read as a fraction."""

    def one(first: str, second: str, word: str) -> str:
        num, den = int(first), int(second)
        small_fraction = num < den <= 8 and word.lower() in _QUANTITY_WORDS
        spoken = None if small_fraction else _numeric(num, den, None, policy)
        return fraction_words(num, den) if spoken is None else spoken

    def read(m: regex.Match[str]) -> str:
        word = m["short_date_word"]
        spoken = one(m["short_date_first"], m["short_date_second"], word)
        if m["short_date_last_first"]:
            last = one(m["short_date_last_first"], m["short_date_last_second"], word)
            joint = m["short_date_to"].strip(" -–")
            spoken += f" {joint or 'to'} {last}"
        return spoken

    return read


def read_month_first(m: regex.Match[str]) -> str:
    """``March 3, 2026`` -> "March third twenty twenty-six"; ``July 1506`` -> "July
    fifteen oh six"; ``March 3-5`` -> "March third to fifth"."""
    month = month_name(m["month_date_month"])
    if m["month_date_year_only"]:
        return f"{month} {year_words(m['month_date_year_only'])}"
    spoken = f"{month} {ordinal(int(m['month_date_day']))}"
    if m["month_date_last_day"]:
        spoken += f" to {ordinal(int(m['month_date_last_day']))}"
    if m["month_date_year"]:
        spoken += f"{m['month_date_comma'] or ''} {year_words(m['month_date_year'])}"
    return spoken


def read_day_first(m: regex.Match[str]) -> str:
    """``25 July 2012`` -> "the twenty-fifth of July twenty twelve" (no "the" after
    "the")."""
    month = _MONTH_INDEX[m["day_date_month"][:3].lower()]
    after_the = m["day_date_after_the"] is not None
    return _day_month_year(month, int(m["day_date_day"]), m["day_date_year"], article=not after_the)


def read_decade(m: regex.Match[str]) -> str:
    """``1980s`` -> "nineteen eighties", ``'80s`` -> "eighties", ``1960s-80s`` ->
    "nineteen sixties to eighties"."""
    return " to ".join(_decade(text) for text in (m["decade_first"], m["decade_last"]) if text)


def _decade(text: str) -> str:
    number = text.strip("'s’")
    return plural(year(int(number)) if len(number) == 4 else cardinal(int(number)))


def read_era(m: regex.Match[str]) -> str:
    """``340 A.D.`` -> "three forty AD"."""
    era = m["era_name"].replace(".", "").upper()
    return f"{year(int(m['era_year']))} {era}"


def read_quarter(m: regex.Match[str]) -> str:
    """``2Q22`` -> "the second quarter of twenty-two"."""
    return f"the {ordinal(int(m['quarter_number']))} quarter of {year_words(m['quarter_year'])}"


def rules(policy: NumberPolicy) -> dict[str, Rule]:
    start, end = NUMBER_START, NUMBER_END
    month_lead = rf"{MONTH}\.?[\s,-]{{0,3}}"
    return {
        "numeric_date": Rule(
            "numeric_date",
            rf"{start}(?:(?P<numeric_date_iso>\d{{4}})(?P<numeric_date_sep>[-/.])"
            rf"(?P<numeric_date_month>{MONTH_NUMBER})(?P=numeric_date_sep)"
            rf"(?P<numeric_date_day>{DAY})(?:{ISO_TIME})?"
            rf"|(?P<numeric_date_first>{DAY})(?P<numeric_date_sep>[-/.])"
            rf"(?P<numeric_date_second>{DAY})(?P=numeric_date_sep)"
            rf"(?P<numeric_date_year>\d{{4}}|\d{{2}})){end}",
            numeric_date_reader(policy),
        ),
        "short_date": Rule(
            "short_date",
            rf"(?<=(?<![\w@])(?P<short_date_word>{DATE_WORDS})\s)"
            rf"(?P<short_date_first>{DAY})/(?P<short_date_second>{DAY})"
            rf"(?:(?P<short_date_to>\s?[-–]\s?|\s(?i:to|through|thru|until|till|and)\s)"
            rf"(?P<short_date_last_first>{DAY})/(?P<short_date_last_second>{DAY}))?"
            rf"(?![\w@/]|[.,]\d){_COUNTED}",
            short_date_reader(policy),
        ),
        "month_date": Rule(
            "month_date",
            rf"(?P<month_date_month>{MONTH_WORD})[\s-]?"
            rf"(?:(?P<month_date_day>{DAY}){DAY_SUFFIX}?"
            rf"(?:\s?[-–]\s?(?P<month_date_last_day>{DAY}){DAY_SUFFIX}?)?"
            rf"(?:(?P<month_date_comma>,)?[\s-](?P<month_date_year>\d{{4}}))?"
            rf"|,?\s?(?P<month_date_year_only>\d{{4}})){end}",
            read_month_first,
            lead_chars="JjFfMmAaSsOoNnDd",
            lead_in=month_lead,
            starts_with_trigger=False,
        ),
        "day_date": Rule(
            "day_date",
            rf"{start}(?P<day_date_after_the>(?<=(?<!\w)(?i:the)\s))?"
            rf"(?P<day_date_day>{DAY}){DAY_SUFFIX}?\s"
            rf"(?:(?P<day_date_month>{MONTH_WORD})(?:,?\s(?P<day_date_year>\d{{4}}){end})?"
            rf"|(?P<day_date_month>(?i:may))\s(?P<day_date_year>\d{{4}}){end})",
            read_day_first,
        ),
        "decade": Rule(
            "decade",
            rf"(?<![\w@'’])(?P<decade_first>\d{{3}}0['’]?s|['’]?\d0['’]?s)"
            rf"(?:[-–](?P<decade_last>\d{{3}}0['’]?s|['’]?\d0['’]?s))?{end}",
            read_decade,
            lead_chars="'’",
            lead_in="['’]",
        ),
        "era": Rule(
            "era",
            rf"{start}(?P<era_year>\d{{1,4}})\s?(?P<era_name>(?:A\.?D|B\.?C(?:\.?E)?|C\.?E)\.?){end}",
            read_era,
        ),
        "quarter": Rule(
            "quarter",
            rf"{start}(?P<quarter_number>[1-4])Q(?P<quarter_year>\d{{2}}|\d{{4}}){end}",
            read_quarter,
        ),
    }
