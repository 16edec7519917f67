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
    return {
        "phone": Rule(
            "phone",
            rf"{start}(?:{north_american}|{international}|{local}|{cards}){extension}?{end}",
            phone_reader(policy),
            lead_chars=r"+(",
            lead_in=r"[+(]",
        ),
        "ip": Rule(
            "ip",
            rf"{start}(?P<ip_address>\d{{1,3}}(?:\.\d{{1,3}}){{3}}){end}",
            ip_reader(policy),
        ),
    }
