"""Money: ``$12.50``, ``€5``, ``USD 20``, ``20 EUR``, ``$2.5 million``, ``$100k``,
``$50-$100``, ``$20/mo``."""

from __future__ import annotations

import regex

from ..grammar import Reader, Rule
from ..policy import NumberPolicy
from ..protected import NUMBER_END, NUMBER_START
from .cardinals import RANGE_DASH
from .currencies import (
    BY_CODE,
    CODE_PATTERN,
    SIGN_PATTERN,
    SIGNS,
    Currency,
    dollar_sign_currency,
)
from .numbers import DECIMAL, amount
from .words import cardinal, decimal

SCALES = {
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "mm": "million",
    "b": "billion",
    "bn": "billion",
    "tn": "trillion",
}
SCALE = r"\s?(?:thousand|million|billion|trillion|(?i:bn|mn|mm|tn|[kmb]))(?![\w@])"

PERIODS = {
    "mo": "month",
    "mth": "month",
    "month": "month",
    "yr": "year",
    "year": "year",
    "wk": "week",
    "week": "week",
    "d": "day",
    "day": "day",
    "hr": "hour",
    "h": "hour",
    "hour": "hour",
    "min": "minute",
    "minute": "minute",
    "night": "night",
    "person": "person",
    "user": "user",
    "seat": "seat",
    "month/user": "month per user",
}
PER = r"\s?/\s?(?:mo|mth|month|yr|year|wk|week|day|d|hr|hour|h|min|minute|night|person|user|seat)"


COMMA_CENTS = r"\d{1,3},\d{2}(?![\d,]|\.\d)"
"""An amount with a decimal comma and two decimals (``€3,50``, ``$1,50``): two digits
after a comma are no thousands group."""
AMOUNT = rf"(?:{COMMA_CENTS}|{DECIMAL})"

LEAD_CHARS = regex.escape("".join(sorted({w[0] for w in [*SIGNS, *BY_CODE, "$", "-", "−"]})))


def read_amount(text: str, scale: str | None, currency: Currency) -> str:
    """One amount of ``currency``: "twelve dollars fifty cents", "two point five
    million dollars", "point five zero six dollars" (more than two decimals)."""
    if scale:
        return f"{amount(text)} {SCALES.get(scale.lower(), scale)} {currency.many}"
    integer, _, fraction = text.partition(".")
    if len(fraction) > 2:
        fraction = fraction.rstrip("0").ljust(2, "0") if fraction.rstrip("0") else ""
    if len(fraction) > 2 or (fraction and currency.minor_one is None):
        return f"{decimal(integer, fraction)} {currency.many}"
    major = int(integer.replace(",", "") or "0")
    minor = int(fraction.ljust(2, "0")) if fraction else 0
    parts = []
    if major or not minor:
        parts.append(f"{cardinal(major)} {currency.name(major == 1 and integer == '1')}")
    if minor:
        parts.append(f"{cardinal(minor)} {currency.minor_name(minor == 1)}")
    return " ".join(parts)


def _currency(sign: str | None, code: str | None, dollar: Currency) -> Currency:
    if code:
        return BY_CODE[code]
    assert sign is not None
    return dollar if sign == "$" else BY_CODE[SIGNS[sign]]


def _decimal_point(text: str) -> str:
    """``"3,50"`` (a decimal comma, :data:`COMMA_CENTS`) -> ``"3.50"``."""
    integer, comma, cents = text.partition(",")
    return f"{integer}.{cents}" if comma and len(cents) == 2 else text


def _scale_of(text: str | None) -> str | None:
    return text.strip() if text else None


def money_reader(policy: NumberPolicy) -> Reader:
    dollar = dollar_sign_currency(policy.default_currency)

    def read(m: regex.Match[str]) -> str:
        currency = _currency(m["money_sign"], m["money_code"], dollar)
        low, high = _decimal_point(m["money_amount"]), m["money_high"]
        high = high and _decimal_point(high)
        scale, high_scale = _scale_of(m["money_scale"]), _scale_of(m["money_high_scale"])
        if not high:
            spoken = read_amount(low, scale, currency)
        elif m["money_high_sign"] or scale:  # "$50-$100", "$2 million-$3 million"
            low_spoken = read_amount(low, scale, currency)
            spoken = f"{low_spoken} to {read_amount(high, high_scale or scale, currency)}"
        else:  # "$10-20", "$2-3 million": the currency and the scale belong to both
            spoken = f"{amount(low)} to {read_amount(high, high_scale, currency)}"
        if m["money_minus"] or m["money_minus_after"]:
            spoken = "minus " + spoken
        if m["money_per"]:
            spoken += " per " + PERIODS[m["money_per"].strip(" /")]
        return spoken

    return read


def rules(policy: NumberPolicy) -> dict[str, Rule]:
    start, end = NUMBER_START, NUMBER_END
    currency = rf"(?:(?P<money_sign>{SIGN_PATTERN})\s?|(?P<money_code>{CODE_PATTERN})\s?)"
    written_after = rf"\s?(?:(?P<money_sign>{SIGN_PATTERN})|(?P<money_code>{CODE_PATTERN}))"
    amounts = (
        rf"(?P<money_amount>{AMOUNT})(?P<money_scale>{SCALE})?"
        rf"(?:{RANGE_DASH}(?P<money_high_sign>{SIGN_PATTERN})?\s?(?P<money_high>{AMOUNT})"
        rf"(?P<money_high_scale>{SCALE})?)?"
    )
    pattern = (  # the minus before the currency or after it: "-$5", "$-5"
        rf"{start}(?P<money_minus>[-−])?"
        rf"(?:{currency}(?P<money_minus_after>[-−])?{amounts}"
        rf"|{amounts}{written_after})"
        rf"(?P<money_per>{PER})?{end}"
    )
    return {
        "money": Rule(
            "money",
            pattern,
            money_reader(policy),
            lead_chars=LEAD_CHARS,
            lead_in=rf"[-−]?(?:{SIGN_PATTERN}|{CODE_PATTERN})\s?[-−]?\.?",
        )
    }
