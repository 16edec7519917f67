"""Measurements: ``12kg``, ``5 km/h``, ``-3°C``, ``2-5 lb``, ``4 1/2 lbs``, ``12/kg``,
``a 5-km run``; heights ``5 ft 10 in`` and ``6'2"``."""

from __future__ import annotations

import regex

from ..grammar import Rule
from ..protected import NUMBER_START
from .cardinals import RANGE_DASH
from .fractions import MIXED, is_fraction, read_mixed, split_mixed
from .numbers import DECIMAL, NUMBER_LEAD_CHARS, NUMBER_LEAD_IN, SIGN, amount, signed
from .units import UNIT, Unit, lookup
from .words import cardinal


def _unit(written: str) -> Unit:
    unit = lookup(written)
    assert unit is not None, written
    return unit


def _with_article(words: str) -> str:
    return ("an " if words[0] in "aeiou" else "a ") + words


def _unit_words(value: str, *, many: bool, joint: str, unit: Unit) -> str:
    one, plural = unit
    if joint == "-":  # "a 5-km run": an adjective, singular
        return f"-{one}"
    if is_fraction(value) and split_mixed(value)[0] is None:  # "1/2 lb": part of one unit
        return f" of {_with_article(one)}"
    return f" {plural if many or value != '1' else one}"


def read_measure(m: regex.Match[str]) -> str:
    """ "12kg" -> "twelve kilograms", "1/2 lb" -> "one half of a pound", "2-5 lb" ->
    "two to five pounds", "a 5-km run" -> "a five-kilometer run", "100 million kg" ->
    "one hundred million kilograms"."""
    value, high, scale = m["measure_value"], m["measure_high"], m["measure_scale"]
    spoken = signed(m["measure_sign"], read_mixed(value) if is_fraction(value) else amount(value))
    if scale:
        spoken += scale
    if high:
        spoken += " to " + amount(high)
    if m["measure_unit"]:
        many = bool(high or scale)
        unit = _unit(m["measure_unit"])
        spoken += _unit_words(value, many=many, joint=m["measure_joint"], unit=unit)
    if m["measure_per"]:
        spoken += f" per {_unit(m['measure_per'])[0]}"
    return spoken


def read_height(m: regex.Match[str]) -> str:
    """``5 ft 10 in`` -> "five feet ten inches", ``6'2"`` -> "six feet two inches",
    ``6'0"`` -> "six feet"."""
    feet, inches = m["height_feet"], m["height_inches"]
    spoken = f"{cardinal(int(feet))} {'foot' if feet == '1' else 'feet'}"
    if float(inches):
        spoken += f" {amount(inches)} {'inch' if inches == '1' else 'inches'}"
    return spoken


def rules() -> dict[str, Rule]:
    value = (
        rf"(?P<measure_value>{MIXED}|{DECIMAL})"
        rf"(?P<measure_scale>\s(?:thousand|million|billion|trillion))?"
    )
    unit = rf"(?P<measure_joint>\s?|-)(?P<measure_unit>{UNIT})"
    per = rf"/(?P<measure_per>{UNIT})"
    inches = r"(?P<height_inches>(?:1[01]|0?\d)(?:\.\d{1,2})?)"
    return {
        "height": Rule(  # feet then inches; a lone 10" may be a quote, a lone 10 in a word
            "height",
            rf"{NUMBER_START}(?<!['‘’\"“])(?P<height_feet>\d{{1,3}})"
            rf"(?:\s?(?i:ft\.?|feet|foot)\s?{inches}\s?(?i:in|inch|inches)"
            rf"|\s?['′’]\s?{inches}(?:\s?(?:\"|″|”|''|(?i:in|inch|inches)(?![\w@]))|(?![\w@'’])))"
            r"(?![\w@]|[.,]\d)",
            read_height,
        ),
        "measure": Rule(
            "measure",
            rf"{NUMBER_START}(?P<measure_sign>{SIGN}|~)?{value}"
            rf"(?:{RANGE_DASH}(?P<measure_high>{DECIMAL}))?"
            rf"(?:{unit}(?:{per})?|{per})(?![\w@])",
            read_measure,
            lead_chars=NUMBER_LEAD_CHARS,
            lead_in=NUMBER_LEAD_IN,
        ),
    }
