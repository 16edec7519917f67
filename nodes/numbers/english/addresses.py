"""Street addresses: ``1428 Elm St.`` -> "fourteen twenty-eight Elm Street"."""

from __future__ import annotations

import regex

from ..grammar import Reader, Rule
from ..policy import NumberPolicy
from ..protected import NUMBER_START
from .words import cardinal, digits, ordinal

STREET_TYPES = {
    "St": "Street",
    "Ave": "Avenue",
    "Rd": "Road",
    "Blvd": "Boulevard",
    "Dr": "Drive",
    "Ln": "Lane",
    "Ct": "Court",
    "Pl": "Place",
    "Hwy": "Highway",
    "Expy": "Expressway",
    "Pkwy": "Parkway",
    "Ter": "Terrace",
    "Cir": "Circle",
    "Sq": "Square",
}
DIRECTIONS = {"N": "North", "S": "South", "E": "East", "W": "West"}
_FULL_TYPES = "Street|Avenue|Road|Boulevard|Drive|Lane|Court|Place|Highway|Parkway|Way"
_ORDINAL_NAME = regex.compile(r"(\d{1,3})(?:st|nd|rd|th)")


def house_number(text: str, policy: NumberPolicy) -> str:
    """ "1428" -> "fourteen twenty-eight", "123" -> "one twenty-three", "708" ->
    "seven zero eight", "12" -> "twelve"."""
    n = int(text)
    if len(text) <= 2 or n % 100 == 0:
        return cardinal(n)
    if len(text) > 4:
        return digits(text, policy.zero)
    high, low = text[:-2], text[-2:]
    tail = f"{policy.zero} {digits(low[1])}" if low[0] == "0" else cardinal(int(low))
    return f"{cardinal(int(high))} {tail}"


def _name(words: str) -> str:
    return " ".join(
        ordinal(int(m[1])) if (m := _ORDINAL_NAME.fullmatch(word)) else word
        for word in words.split()
    )


def address_reader(policy: NumberPolicy) -> Reader:
    def read(m: regex.Match[str]) -> str:
        parts = [house_number(m["address_number"], policy)]
        if m["address_direction"]:
            parts.append(DIRECTIONS.get(m["address_direction"], m["address_direction"]))
        parts.append(_name(m["address_name"]))
        kind = m["address_type"]
        parts.append(STREET_TYPES.get(kind, kind))
        return " ".join(parts) + ("." if m["address_stop"] is not None else "")

    return read


def rules(policy: NumberPolicy) -> dict[str, Rule]:
    abbreviations = "|".join(STREET_TYPES)
    name = r"(?:[A-Z][a-z]{1,20}|\d{1,3}(?:st|nd|rd|th))"
    pattern = (
        rf"{NUMBER_START}(?P<address_number>\d{{1,5}})\s"
        rf"(?:(?P<address_direction>[NSEW]|North|South|East|West)\.?\s)?"
        rf"(?P<address_name>{name}(?:\s{name}){{0,2}})\s"
        rf"(?:(?P<address_type>{abbreviations})(?P<address_stop>\.(?=\s+[A-Z]|\s*\Z))?\.?"
        rf"|(?P<address_type>{_FULL_TYPES}))(?![\w@])"
    )
    return {"address": Rule("address", pattern, address_reader(policy))}
