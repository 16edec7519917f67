"""Phone numbers, IP addresses and card-like digit groups, read digit by digit.

``(555) 013-0199`` -> "five five five, zero one three, zero one nine nine": each group
digit by digit, groups separated by commas (a short pause in TTS). ``+1`` is "plus
one"; the ``800`` of toll-free numbers is "eight hundred".
"""

from __future__ import annotations

import regex

from ..grammar import Reader, Rule
from ..policy import NumberPolicy
from ..protected import NUMBER_END, NUMBER_START
from .words import digits

_GROUPS = regex.compile(r"\d+")
_TOLL_FREE = "800"
_WORD_RUNS = regex.compile(r"[A-Za-z]+|\d+")


def phone_reader(policy: NumberPolicy) -> Reader:
    def read(m: regex.Match[str]) -> str:
        text = m[0]
        groups = _GROUPS.findall(text)
        spoken = []
        country = m["phone_country"]
        if country:
            spoken.append("plus " + digits(country.lstrip("+"), policy.zero))
            groups = groups[1:]
        elif m["phone_trunk"]:
            spoken.append(digits(m["phone_trunk"], policy.zero))
            groups = groups[1:]
        extension = m["phone_extension"]
        if extension:
            groups = groups[:-1]
        for i, group in enumerate(groups):
            toll_free = i == 0 and group == _TOLL_FREE and (country or m["phone_trunk"])
            spoken.append("eight hundred" if toll_free else digits(group, policy.zero))
        if extension:
            spoken.append("extension " + digits(extension, policy.zero))
        return ", ".join(spoken)

    return read


def vanity_reader(policy: NumberPolicy) -> Reader:
    """``1-800-FLOWERS`` -> "one, eight hundred, FLOWERS", ``1-800-GO-2-HAUL`` -> "one,
    eight hundred, GO two HAUL": the number as a phone number, the letters as written."""

    def read(m: regex.Match[str]) -> str:
        spoken = [digits(m["vanity_trunk"], policy.zero)] if m["vanity_trunk"] else []
        area = m["vanity_area"].strip("()")
        spoken.append("eight hundred" if area == _TOLL_FREE else digits(area, policy.zero))
        if m["vanity_exchange"]:
            spoken.append(digits(m["vanity_exchange"], policy.zero))
        word = _WORD_RUNS.findall(m["vanity_word"])
        spoken.append(" ".join(run if run.isalpha() else digits(run, policy.zero) for run in word))
        return ", ".join(spoken)

    return read


def ip_reader(policy: NumberPolicy) -> Reader:
    def read(m: regex.Match[str]) -> str:
        return " dot ".join(digits(part, policy.zero) for part in m["ip_address"].split("."))

    return read


def rules(policy: NumberPolicy) -> dict[str, Rule]:
    start, end = NUMBER_START, NUMBER_END
    sep = r"[\s.-]"
    area = rf"(?:\(\d{{3}}\)\s?-?|\d{{3}}{sep})"
    extension = r"(?:\s?(?i:ext\.?|x)\s?(?P<phone_extension>\d{1,6}))"
    north_american = (
        rf"(?:(?:(?P<phone_country>\+\d{{1,3}})|(?P<phone_trunk>1))[\s.-]?)?"
        rf"{area}\d{{3}}{sep}\d{{4}}(?:-\d{{1,4}})?"
    )
    international = r"(?P<phone_country>\+\d{1,3})(?:[\s.-]\(?\d{1,5}\)?){2,5}"
    local = r"\d{3}-\d{4}|\d{3}-\d{2}-\d{4}|0\d{1,4}(?:[\s-]\d{2,4}){2,3}"  # 3-4, SSN, 0-trunk
    cards = r"\d{4}(?:[\s-]\d{4}){3}"
    # vanity numbers: after a trunk 1 any area code ([2-9]xx) and a word of 4 characters
    # or more with a letter; without one only a toll-free code and a word with a capital
    toll_free = "8(?:00|33|44|55|66|77|88)"
    word = r"(?=[A-Za-z0-9-]{4})[A-Za-z0-9]{1,10}(?:-[A-Za-z0-9]{1,10}){0,4}"
    vanity_head = r"(?:[-.]|(?<=\))\s?)(?:(?P<vanity_exchange>\d{3})[-.])?"
    vanity_word = rf"{vanity_head}(?P<vanity_word>(?=[A-Za-z0-9-]{{0,12}}[A-Za-z]){word})"
    vanity_word_upper = rf"{vanity_head}(?P<vanity_word>(?=[A-Za-z0-9-]{{0,12}}[A-Z]){word})"
    return {
        "phone": Rule(
            "phone",
            rf"{start}(?:{north_american}|{international}|{local}|{cards}){extension}?{end}",
            phone_reader(policy),
            lead_chars=r"+(",
            lead_in=r"[+(]",
        ),
        "vanity": Rule(
            "vanity",
            rf"{start}(?:(?P<vanity_trunk>1)[-.](?P<vanity_area>[2-9]\d\d|\([2-9]\d\d\)){vanity_word}"
            rf"|(?P<vanity_area>{toll_free}|\({toll_free}\)){vanity_word_upper}){end}",
            vanity_reader(policy),
            lead_chars="(",
            lead_in=r"\(",
        ),
        "ip": Rule(
            "ip",
            rf"{start}(?P<ip_address>\d{{1,3}}(?:\.\d{{1,3}}){{3}}){end}",
            ip_reader(policy),
        ),
    }
