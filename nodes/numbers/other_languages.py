"""Spanish, French and German: cardinals, decimals, ordinals, money, percentages,
dates and clock times, read by ``num2words``.

Written conventions differ from English: the decimal separator is a comma
(``3,14``), thousands are grouped with dots or spaces (``1.234.567``, ``1 234 567``),
dates are day first (``03/04/2026`` is 3 April), ordinals carry their own marks
(``1º``, ``1er``, ``2e``, German ``3.``) and the currency sign often follows the amount
(``12,50 €``).

Two ``num2words`` traps are avoided: its default currency is EUR (here a bare ``$``
is ``NumberPolicy.default_currency``, USD unless set), and an ``int`` given to
``to_currency`` is read as cents (here amounts are always ``Decimal``). Whole amounts
are read without num2words' "con cero céntimos".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import regex
from num2words import CONVERTER_CLASSES, num2words

from .grammar import Rule
from .literals import literal_alternation
from .policy import NumberPolicy
from .protected import NUMBER_END, NUMBER_START

START, END = NUMBER_START, NUMBER_END


@dataclass(frozen=True)
class Language:
    """What differs between the languages: words and written conventions."""

    code: str
    months: tuple[str, ...]
    month_abbreviations: dict[str, int]
    point: str
    percent: str
    minus: str
    cents_separator: str
    ordinal_marks: str
    """A regex for the marks written after an ordinal number."""
    day_of: str
    """How a day and a month join: "{day} de {month}", "{day} {month}"."""
    year_joint: str
    hours: str
    clock: str = r"(?P<time_hour>[01]?\d|2[0-3]):(?P<time_minute>[0-5]\d)"
    """A clock time as written (groups ``time_hour``, ``time_minute`` (optional))."""
    whole_hour: str | None = None
    """How a time on the hour is read ("{hour} en punto"); ``None``: ``hours`` without
    the minute."""


def _abbreviations(months: tuple[str, ...], extra: dict[str, int]) -> dict[str, int]:
    found = {name: i for i, name in enumerate(months, start=1)}
    found |= {name[:3]: i for i, name in enumerate(months, start=1) if len(name) > 3}
    return found | extra


_ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_DE_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]

LANGUAGES: dict[str, Language] = {
    "es": Language(
        "es",
        tuple(_ES_MONTHS),
        _abbreviations(tuple(_ES_MONTHS), {"sept": 9, "setiembre": 9}),
        point="coma",
        percent="por ciento",
        minus="menos",
        cents_separator=" con",
        ordinal_marks=r"\.?[ºª°]|(?:er|ro|do|to|vo|no|mo)(?![\w@])",
        day_of="{day} de {month}",
        year_joint=" de ",
        hours="{hour} y {minute}",
        whole_hour="{hour} en punto",
    ),
    "fr": Language(
        "fr",
        tuple(_FR_MONTHS),
        _abbreviations(tuple(_FR_MONTHS), {"janv": 1, "févr": 2, "juil": 7, "sept": 9}),
        point="virgule",
        percent="pour cent",
        minus="moins",
        cents_separator=" et",
        ordinal_marks=r"(?:er|re|ère|e|ème|eme|nd|nde)(?![\w@])",
        day_of="{day} {month}",
        year_joint=" ",
        hours="{hour} heures {minute}",
        # "9h30", "9 h 30", "21h" as well as "9:30"
        clock=r"(?P<time_hour>[01]?\d|2[0-3])(?::(?P<time_minute>[0-5]\d)"
        r"|\s?h(?:\s?(?P<time_minute>[0-5]\d))?)",
    ),
    "de": Language(
        "de",
        tuple(_DE_MONTHS),
        _abbreviations(tuple(_DE_MONTHS), {"Sept": 9, "Mrz": 3}),
        point="Komma",
        percent="Prozent",
        minus="minus",
        cents_separator=" und",
        ordinal_marks=r"\.(?=\s\p{L})",
        day_of="{day} {month}",
        year_joint=" ",
        hours="{hour} Uhr {minute}",
        # "9:30", "9:30 Uhr", "9.30 Uhr": the written "Uhr" is read once
        clock=r"(?P<time_hour>[01]?\d|2[0-3])(?::(?P<time_minute>[0-5]\d)(?:\s?Uhr)?"
        r"|\.(?P<time_minute>[0-5]\d)\s?Uhr)",
    ),
}

GROUPED = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3}){1,6}(?!\d)"
"""Thousands grouped with dots or (narrow) no-break or plain spaces: 1.234.567."""
NUMBER = rf"(?>(?:{GROUPED}|\d{{1,30}})(?:,\d{{1,20}})?)"
SIGNS = {"€": "EUR", "$": "", "£": "GBP", "¥": "JPY"}
GERMAN_DATIVE = r"(?P<{name}>(?<=(?<!\w)(?i:am|im|vom|zum|beim|bis zum|dem|den|ab dem)\s))?"
"""German ordinals after these words take the dative ending: "am dritten"."""
CODES = ("EUR", "USD", "GBP", "CHF", "MXN", "ARS", "COP", "CLP", "JPY", "CNY", "CAD", "AUD")


class Reading:
    """The readings of one language under one policy."""

    def __init__(self, language: Language, policy: NumberPolicy) -> None:
        self.language = language
        self.policy = policy

    def words(self, n: int) -> str:
        """A cardinal; beyond num2words' range (10^27 in Spanish), digit by digit."""
        try:
            return str(num2words(n, lang=self.language.code))
        except OverflowError:
            return " ".join(str(num2words(int(d), lang=self.language.code)) for d in str(n))

    def number(self, text: str) -> str:
        """A written number: "1.234" -> "mil doscientos treinta y cuatro", "3,14" ->
        "tres coma uno cuatro"; a bare run longer than the policy allows, or with a
        leading zero, digit by digit; four bare digits in the policy's year range, a
        year."""
        integer, _, fraction = text.partition(",")
        digits_only = regex.sub(r"\D", "", integer)
        if not fraction and integer == digits_only:
            too_long = len(integer) > self.policy.max_cardinal_digits
            if too_long or (len(integer) > 1 and integer[0] == "0"):
                return " ".join(self.words(int(d)) for d in integer)
            low, high = self.policy.year_range
            if len(integer) == 4 and low <= int(integer) <= high:  # as in English
                return self.year(int(integer))  # "1999": "neunzehnhundertneunundneunzig"
        spoken = self.words(int(digits_only))
        if fraction:
            spoken += f" {self.language.point} " + " ".join(self.words(int(d)) for d in fraction)
        return spoken

    def ordinal(self, n: int) -> str:
        return str(num2words(n, lang=self.language.code, to="ordinal"))

    def year(self, n: int) -> str:
        return str(num2words(n, lang=self.language.code, to="year"))

    def money(self, amount: str, currency: str | None) -> str | None:
        """An amount in ``currency`` (ISO code): "doce dólares con cincuenta centavos";
        ``None`` when num2words does not know the currency in this language."""
        if currency is None or currency not in CONVERTER_CLASSES[self.language.code].CURRENCY_FORMS:
            return None
        integer, _, fraction = amount.partition(",")
        digits = regex.sub(r"\D", "", integer)
        if len(fraction.rstrip("0")) > 2 or len(digits) > 15:  # beyond what money reads
            return None
        value = Decimal(digits + "." + (fraction or "0"))
        spoken = str(num2words(value, lang=self.language.code, to="currency", currency=currency))
        if value == value.to_integral_value():  # no "con cero céntimos"
            spoken = spoken.rsplit(self.language.cents_separator + " ", 1)[0]
        return spoken

    def month(self, text: str) -> int:
        key = text.rstrip(".")
        table = self.language.month_abbreviations
        return table.get(key) or table.get(key.lower()) or table[key.capitalize()]

    def date(self, day: int, month: int, year_text: str | None, *, dative: bool = False) -> str:
        """ "tres de marzo de dos mil veintiséis", "premier mars", German "dritter
        März" ("am dritten März" after a dative preposition)."""
        lang = self.language
        day_words = self.ordinal(1) if day == 1 and lang.code != "de" else self.words(day)
        if lang.code == "de":
            day_words = self.ordinal(day) + ("n" if dative else "r")
        spoken = lang.day_of.format(day=day_words, month=lang.months[month - 1])
        if year_text:
            year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
            spoken += lang.year_joint + self.year(year)
        return spoken


def _money_rule(reading: Reading) -> Rule:
    dollar = reading.policy.default_currency
    signs = literal_alternation(SIGNS)
    codes = literal_alternation(CODES)

    def read(m: regex.Match[str]) -> str:
        written = m["money_sign"] or m["money_code"]
        currency = SIGNS.get(written, written) or dollar
        spoken = reading.money(m["money_amount"], currency)
        if spoken is None:  # a currency num2words cannot name here: say the code
            spoken = f"{reading.number(m['money_amount'])} {written}"
        return f"{reading.language.minus} {spoken}" if m["money_minus"] else spoken

    currency = rf"(?:(?P<money_sign>{signs})|(?P<money_code>{codes}))"
    amount = rf"(?P<money_amount>{NUMBER})"
    return Rule(
        "money",
        rf"{START}(?P<money_minus>-)?(?:{currency}\s?{amount}|{amount}\s?{currency}){END}",
        read,
        lead_chars=regex.escape("".join(SIGNS) + "-" + "".join(c[0] for c in CODES)),
        lead_in=rf"-?(?:{signs}|{codes})\s?",
    )


def _number_rules(reading: Reading) -> list[Rule]:
    lang = reading.language

    def read_percent(m: regex.Match[str]) -> str:
        spoken = f"{reading.number(m['percent_value'])} {lang.percent}"
        return f"{lang.minus} {spoken}" if m["percent_minus"] else spoken

    def read_ordinal(m: regex.Match[str]) -> str:
        spoken = reading.ordinal(int(m["ordinal_value"]))
        if lang.code == "de" and m["ordinal_dative"] is not None:
            spoken += "n"  # "am dritten"
        elif lang.code == "es" and "ª" in m[0] and spoken.endswith("o"):
            spoken = spoken[:-1] + "a"  # "la 2.ª": "segunda"
        elif lang.code == "es" and m[0].endswith("er") and spoken.endswith("o"):
            spoken = spoken[:-1]  # "el 1er piso": "primer"
        return spoken

    def read_time(m: regex.Match[str]) -> str:
        minute = int(m["time_minute"] or 0)
        hour = reading.words(int(m["time_hour"]))
        if minute == 0 and lang.whole_hour:
            return lang.whole_hour.format(hour=hour)
        if minute == 0:
            return lang.hours.format(hour=hour, minute="").rstrip()
        return lang.hours.format(hour=hour, minute=reading.words(minute))

    def read_number(m: regex.Match[str]) -> str:
        spoken = reading.number(m["number_value"])
        return f"{lang.minus} {spoken}" if m["number_minus"] else spoken

    dative = GERMAN_DATIVE.format(name="ordinal_dative")
    after_article = r"(?<=(?<!\w)(?i:der|die|das|den|dem|des|am|im|vom|zum|zur|beim)\s)"
    ordinal_value = r"(?P<ordinal_value>\d{1,4})"
    ordinal = (
        rf"{START}{dative}{after_article}{ordinal_value}{lang.ordinal_marks}"
        if lang.code == "de"
        else rf"{START}{ordinal_value}(?:{lang.ordinal_marks})"
    )
    return [
        Rule(
            "percent",
            rf"{START}(?P<percent_minus>-)?(?P<percent_value>{NUMBER})\s?%",
            read_percent,
            lead_chars=r"\-",
            lead_in="-",
        ),
        Rule("ordinal", ordinal, read_ordinal),
        Rule(
            "time",
            rf"{START}{lang.clock}{END}",
            read_time,
        ),
        Rule(
            "number",
            rf"{START}(?P<number_minus>-)?(?P<number_value>{NUMBER}){END}",
            read_number,
            lead_chars=r"\-",
            lead_in="-",
        ),
    ]


def _date_rules(reading: Reading) -> list[Rule]:
    lang = reading.language
    names = literal_alternation(reading.language.month_abbreviations, ignore_case=True)
    month_word = rf"(?P<month_date_month>{names})(?![\w@])"
    day = r"(?:3[01]|[12]\d|0?[1-9])"
    day_mark = r"(?:\.|º|er|ᵉʳ)?" if lang.code != "es" else r"(?:º|\.º)?"
    joint = r"\s(?:de\s)?" if lang.code == "es" else r"\s"

    def read_numeric(m: regex.Match[str]) -> str | None:
        dative = m["numeric_date_dative"] is not None
        if m["numeric_date_iso"]:
            first, second = int(m["numeric_date_day"]), int(m["numeric_date_month"])
            return reading.date(first, second, m["numeric_date_iso"], dative=dative)
        day_first = reading.policy.date_order != "mdy"
        first, second = int(m["numeric_date_first"]), int(m["numeric_date_second"])
        day_value, month = (first, second) if day_first else (second, first)
        if month > 12:
            day_value, month = month, day_value
        if month > 12:
            return None
        return reading.date(day_value, month, m["numeric_date_year"], dative=dative)

    def read_month(m: regex.Match[str]) -> str:
        month = reading.month(m["month_date_month"])
        dative = m["month_date_dative"] is not None
        return reading.date(int(m["month_date_day"]), month, m["month_date_year"], dative=dative)

    return [
        Rule(
            "numeric_date",
            rf"{START}{GERMAN_DATIVE.format(name='numeric_date_dative')}"
            rf"(?:(?P<numeric_date_iso>\d{{4}})-(?P<numeric_date_month>1[0-2]|0?[1-9])-"
            rf"(?P<numeric_date_day>{day})|(?P<numeric_date_first>{day})(?P<numeric_date_sep>[./-])"
            rf"(?P<numeric_date_second>{day})(?P=numeric_date_sep)(?P<numeric_date_year>\d{{4}}|\d{{2}})){END}",
            read_numeric,
        ),
        Rule(
            "month_date",
            rf"{START}{GERMAN_DATIVE.format(name='month_date_dative')}"
            rf"(?P<month_date_day>{day}){day_mark}{joint}{month_word}"
            rf"(?:\.?,?(?:\sde)?\s(?P<month_date_year>\d{{4}}){END})?",
            read_month,
        ),
    ]


def european_rules(lang: str, policy: NumberPolicy) -> list[Rule]:
    """The rules of ``lang`` (``"es"``, ``"fr"`` or ``"de"``), in grammar order."""
    if policy.date_order is None:  # these languages write the day first
        policy = replace(policy, date_order="dmy")
    reading = Reading(LANGUAGES[lang], policy)
    return [*_date_rules(reading), _money_rule(reading), *_number_rules(reading)]
