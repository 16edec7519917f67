"""Dates and years: ``2026-03-03``, ``03/04/2026``, ``March 3, 2026``, ``Dec 25``,
``25 July 2012``, ``1980s``, ``'80s``, ``340 AD``, ``2Q22``."""

from __future__ import annotations

import regex

from ..grammar import Reader, Rule
from ..policy import NumberPolicy
from ..protected import NUMBER_END, NUMBER_START
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


def numeric_date_reader(policy: NumberPolicy) -> Reader:
    """``2026-03-04`` (ISO), ``03/04/2026`` (``policy.date_order``, unless only the
    other order is a valid date)."""

    def read(m: regex.Match[str]) -> str | None:
        if m["numeric_date_iso"]:
            return _month_day_year(
                int(m["numeric_date_month"]), int(m["numeric_date_day"]), m["numeric_date_iso"]
            )
        first, second = int(m["numeric_date_first"]), int(m["numeric_date_second"])
        year_text = m["numeric_date_year"]
        month_first = policy.date_order != "dmy"
        if (month_first and first > 12) or (not month_first and second > 12):
            month_first = not month_first
        month, day = (first, second) if month_first else (second, first)
        if month > 12:
            return None
        if month_first:
            return _month_day_year(month, day, year_text, policy.zero)
        return _day_month_year(month, day, year_text, zero=policy.zero)

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
            rf"(?P<numeric_date_day>{DAY})"
            rf"|(?P<numeric_date_first>{DAY})(?P<numeric_date_sep>[-/.])"
            rf"(?P<numeric_date_second>{DAY})(?P=numeric_date_sep)"
            rf"(?P<numeric_date_year>\d{{4}}|\d{{2}})){end}",
            numeric_date_reader(policy),
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
