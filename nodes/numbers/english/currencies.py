"""Currencies: their written signs and codes, and their English names."""

from __future__ import annotations

from dataclasses import dataclass

from ..literals import literal_alternation


@dataclass(frozen=True)
class Currency:
    """The English names of a currency and of its minor unit (``None``: amounts
    with decimals are read with "point")."""

    one: str
    many: str
    minor_one: str | None = None
    minor_many: str | None = None

    def name(self, count_is_one: bool) -> str:
        return self.one if count_is_one else self.many

    def minor_name(self, count_is_one: bool) -> str:
        assert self.minor_one is not None and self.minor_many is not None
        return self.minor_one if count_is_one else self.minor_many


def _dollar(country: str = "") -> Currency:
    prefix = f"{country} " if country else ""
    return Currency(f"{prefix}dollar", f"{prefix}dollars", "cent", "cents")


BY_CODE: dict[str, Currency] = {
    "USD": _dollar("US"),
    "CAD": _dollar("Canadian"),
    "AUD": _dollar("Australian"),
    "NZD": _dollar("New Zealand"),
    "HKD": _dollar("Hong Kong"),
    "SGD": _dollar("Singapore"),
    "EUR": Currency("euro", "euros", "cent", "cents"),
    "GBP": Currency("pound", "pounds", "penny", "pence"),
    "JPY": Currency("yen", "yen"),
    "CNY": Currency("yuan", "yuan"),
    "KRW": Currency("won", "won"),
    "INR": Currency("rupee", "rupees", "paisa", "paise"),
    "CHF": Currency("Swiss franc", "Swiss francs", "centime", "centimes"),
    "MXN": Currency("Mexican peso", "Mexican pesos", "centavo", "centavos"),
    "BRL": Currency("real", "reais", "centavo", "centavos"),
    "RUB": Currency("ruble", "rubles", "kopek", "kopeks"),
    "TRY": Currency("Turkish lira", "Turkish lira", "kurus", "kurus"),
    "ILS": Currency("shekel", "shekels", "agora", "agorot"),
    "PHP": Currency("Philippine peso", "Philippine pesos", "centavo", "centavos"),
    "THB": Currency("baht", "baht", "satang", "satang"),
    "VND": Currency("dong", "dong"),
    "NGN": Currency("naira", "naira", "kobo", "kobo"),
    "UAH": Currency("hryvnia", "hryvnias", "kopiyka", "kopiykas"),
    "SEK": Currency("Swedish krona", "Swedish kronor", "öre", "öre"),
    "NOK": Currency("Norwegian krone", "Norwegian kroner", "øre", "øre"),
    "DKK": Currency("Danish krone", "Danish kroner", "øre", "øre"),
    "PLN": Currency("zloty", "zlotys", "grosz", "groszy"),
    "ZAR": Currency("rand", "rand", "cent", "cents"),
}

LOCAL_DOLLAR_SIGN: dict[str, Currency] = {
    code: _dollar() for code in ("USD", "CAD", "AUD", "NZD", "HKD", "SGD")
} | {
    "MXN": Currency("peso", "pesos", "centavo", "centavos"),
    "ARS": Currency("peso", "pesos", "centavo", "centavos"),
    "CLP": Currency("peso", "pesos"),
    "COP": Currency("peso", "pesos", "centavo", "centavos"),
}
"""What the bare ``$`` is called where it is the local currency: "five dollars" in
Toronto as in Boston, "five pesos" in Mexico City."""

SIGNS: dict[str, str] = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "MX$": "MXN",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₩": "KRW",
    "₹": "INR",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₱": "PHP",
    "฿": "THB",
    "₫": "VND",
    "₦": "NGN",
    "₴": "UAH",
}
"""Currency signs other than the bare ``$`` (see ``NumberPolicy.default_currency``)."""


SIGN_PATTERN = literal_alternation([*SIGNS, "$"])
CODE_PATTERN = literal_alternation(BY_CODE)


def dollar_sign_currency(default_currency: str) -> Currency:
    """The currency the bare ``$`` stands for under ``default_currency``."""
    if default_currency in LOCAL_DOLLAR_SIGN:
        return LOCAL_DOLLAR_SIGN[default_currency]
    if default_currency in BY_CODE:
        return BY_CODE[default_currency]
    raise ValueError(f"unknown default currency {default_currency!r}")
