"""Codes and identifiers: ``A7X9``, ``#12345``, ``PIN 4821``, ``order number 88213``.

A token mixing letters and digits keeps its letters as written and reads its digits:
one or two digits as a number ("B12" -> "B twelve"), longer runs digit by digit
("ab9453" -> "ab nine four five three"). After a word that announces an identifier
(PIN, code, order, account, "ending in"...) every digit is read one by one, so a PIN
``1234`` is not read as the year "twelve thirty-four".
"""

from __future__ import annotations

import regex

from ..grammar import Reader, Rule
from ..policy import NumberPolicy
from ..protected import NUMBER_END, NUMBER_START
from .numbers import bare_number
from .words import cardinal, digits, version

CODE = r"\d{1,12}[A-Za-z][A-Za-z0-9]{0,23}"
"""A token of letters and digits that starts with a digit and has a letter."""
CODE_TAIL = (
    r"(?<=(?<![\w@])[A-Za-z]{1,12})(?:\d{1,4}(?:\.\d{1,4}){1,7}|\d[A-Za-z0-9]{0,23}(?!\.\d))"
)
"""The rest of a token of letters and digits from its first digit on ("7X9" of
"A7X9", "2.1.0" of "v2.1.0"): matched from the digit, the letters before it stay as
written, so a stream never holds back a word for the digit that might follow."""
KEYWORDS = (
    r"(?i:pin|otp|passcode|password|code|order|confirmation|reference|ref|ticket|account"
    r"|acct|booking|pnr|tracking|invoice|policy|member|membership|customer|serial|card"
    r"|ending|ends|extension)"
)
FILLERS = r"(?i:number|no\.|no|num|code|id|is|was|in|with|of)"

HASH_CODE = r"[A-Za-z]{1,12}\d[A-Za-z0-9]{0,23}"
_RUNS = regex.compile(r"[A-Za-z]+|\d+")


def _run(run: str, policy: NumberPolicy, *, spell_out: bool) -> str:
    if not run.isdigit():
        return run
    if spell_out or len(run) > 2 or (len(run) == 2 and run[0] == "0"):
        return digits(run, policy.zero)
    return cardinal(int(run))


def read_code(
    text: str, policy: NumberPolicy, *, spell_out: bool = False, whole: bool = True
) -> str:
    """Letters as written, digits as above; ``spell_out`` reads every digit alone.
    ``whole``: ``text`` is a whole token (not the tail of one)."""
    runs = _RUNS.findall(text)
    if whole and not spell_out and len(runs) == 2 and runs[0].isdigit():  # "100k", "4K"
        return f"{bare_number(runs[0], policy)} {runs[1]}"
    return " ".join(_run(run, policy, spell_out=spell_out) for run in runs)


def code_reader(policy: NumberPolicy) -> Reader:
    def read(m: regex.Match[str]) -> str:
        return read_code(m["code_value"], policy)

    return read


def code_tail_reader(policy: NumberPolicy) -> Reader:
    def read(m: regex.Match[str]) -> str:
        value = m["code_tail_value"]
        if "." in value:  # a version: "v2.1.0" -> "v two point one point zero"
            return " " + version(value)
        return " " + read_code(value, policy, whole=False)

    return read


def number_sign_reader(policy: NumberPolicy, group: str) -> Reader:
    """A code after a number sign, read from ``group``: ``#1`` -> "number one", ``#A7X9``
    -> "number A seven X nine", ``No. 5`` -> "number five"."""

    def read(m: regex.Match[str]) -> str:
        return "number " + read_code(m[group], policy)

    return read


def context_reader(policy: NumberPolicy) -> Reader:
    def read(m: regex.Match[str]) -> str:
        spoken = read_code(m["code_context_value"], policy, spell_out=True)
        return f"number {spoken}" if m["code_context_hash"] else spoken

    return read


def rules(policy: NumberPolicy) -> dict[str, Rule]:
    start, end = NUMBER_START, NUMBER_END
    # no "X?" inside the lookbehind: regex's partial matching (which the stream relies
    # on) wrongly reports such lookbehinds as unfinished; "(?:X|)" is read correctly
    announced = rf"(?<=(?<![\w@]){KEYWORDS}(?:\s{FILLERS}){{0,3}}(?::|)(?:\s|))"
    return {
        "code_context": Rule(
            "code_context",
            rf"{announced}(?P<code_context_hash>#\s?)?(?P<code_context_value>\d{{3,24}}|{CODE}){end}",
            context_reader(policy),
            lead_chars="#",
            lead_in="(?<![&#])#",
        ),
        "hash": Rule(
            "hash",
            rf"(?<![\w@&#])#(?P<hash_value>\d{{1,24}}|{CODE}|{HASH_CODE}){end}",
            number_sign_reader(policy, "hash_value"),
            lead_chars="#",
            lead_in="(?<![&#])#[A-Za-z]{0,12}",
            starts_with_trigger=False,
        ),
        "numero": Rule(
            "numero",
            rf"(?<![\w@])(?:[Nn][oº]\.|[Nn]º|№)\s?(?P<numero_value>\d{{1,24}}|{CODE}){end}",
            number_sign_reader(policy, "numero_value"),
            lead_chars="Nn№",
            lead_in=r"(?:[Nn](?:[oº]\.?)?|№)\s?",
        ),
        "code": Rule("code", rf"{start}(?P<code_value>{CODE}){end}", code_reader(policy)),
        "code_tail": Rule(
            "code_tail", rf"(?P<code_tail_value>{CODE_TAIL}){end}", code_tail_reader(policy)
        ),
    }
