"""Clock times: ``9:05``, ``5pm``, ``1.59 p.m.``, ``14:10:30``, ``10:30 pm PST``,
``9am-5pm``."""

from __future__ import annotations

import regex

from ..grammar import Rule
from ..protected import NUMBER_START
from .words import cardinal

AMPM = r"[aApP]\.?[mM]\.?(?![\w@])"
HOUR_12 = r"(?:1[0-2]|0?[1-9])"
CLOCK = r"(?:[01]?\d|2[0-4]):[0-5]\d(?::[0-5]\d)?"
TIME = rf"(?:{CLOCK}(?:\s?{AMPM}|(?![\w@:]))|{HOUR_12}\.[0-5]\d\s?{AMPM}|{HOUR_12}\s?{AMPM})"
TIME_WITH_AMPM = rf"(?:{HOUR_12}(?:[:.][0-5]\d)?\s?{AMPM})"
ZONES = (
    r"(?i:[ecmpa]\.?[sd]\.?t\.?|utc|gmt|bst|cest|cet|ist|jst|aest|aedt|hst|akst|akdt|sgt)"
    r"|ET|CT|MT|PT"
)

_PARTS = regex.compile(r"(\d{1,2})(?:[:.](\d\d))?(?::(\d\d))?\s?(?:([aApP])\.?[mM]\.?)?")


def _minutes(minute: int) -> str:
    return f"oh {cardinal(minute)}" if minute < 10 else cardinal(minute)


def _unit(n: int, unit: str) -> str:
    return f"{cardinal(n)} {unit}" if n == 1 else f"{cardinal(n)} {unit}s"


def read_clock(text: str) -> str:
    """One time: "9:05" -> "nine oh five", "12:00" -> "twelve o'clock", "5pm" ->
    "five PM", "1:01:01" -> "one hour one minute and one second", "11:59:59 PM" ->
    "eleven fifty-nine and fifty-nine seconds PM"."""
    m = _PARTS.fullmatch(text.strip())
    assert m is not None, text
    hour, minute, second, half = int(m[1]), int(m[2] or 0), m[3], m[4]
    suffix = f" {half.upper()}M" if half else ""
    if second is not None and half and int(second):  # "eleven fifty-nine and ..."
        clock = f"{cardinal(hour)} {_minutes(minute)}" if minute else f"{cardinal(hour)} o'clock"
        return f"{clock} and {_unit(int(second), 'second')}{suffix}"
    if second is not None and not half:
        return (
            f"{_unit(hour, 'hour')} {_unit(minute, 'minute')} and "
            f"{_unit(int(second), 'second')}{suffix}"
        )
    if minute == 0:
        return f"{cardinal(hour)}{suffix}" if half else f"{cardinal(hour)} o'clock"
    return f"{cardinal(hour)} {_minutes(minute)}{suffix}"


def read_time(m: regex.Match[str]) -> str:
    start = m["time_start"]
    spoken = cardinal(int(start)) if start.isdigit() else read_clock(start)  # "9-5pm"
    if m["time_end"]:
        spoken += " to " + read_clock(m["time_end"])
    if m["time_zone"]:
        spoken += " " + m["time_zone"].replace(".", "").upper()
    if m["time_stop"] is not None:  # the dot of "p.m." also ended the sentence
        spoken += "."
    return spoken


def rules() -> dict[str, Rule]:
    dash = r"\s?[-–]\s?"
    pattern = (
        rf"{NUMBER_START}(?:(?P<time_start>{TIME})(?:{dash}(?P<time_end>{TIME}))?"
        rf"|(?P<time_start>{HOUR_12}){dash}(?P<time_end>{TIME_WITH_AMPM}))"
        rf"(?:\s?(?P<time_zone>{ZONES})(?![\w@]))?"
        r"(?P<time_stop>(?<=\.)(?=\s+[A-Z]|\s*\Z))?"
    )
    return {"time": Rule("time", pattern, read_time)}
