"""Which characters an IPA transcription may contain.

The check is deliberately about characters, not phonology: it catches what goes wrong
in hand-maintained dictionaries (slashes or brackets around the transcription, an
apostrophe or a colon instead of the stress and length marks, capitals, digits, X-SAMPA
pasted in place of IPA) and says what to write instead.
"""

from __future__ import annotations

import unicodedata

_RANGES = (
    (0x0061, 0x007A),  # a-z
    (0x0250, 0x02AF),  # IPA Extensions
    (0x02B0, 0x02FF),  # Spacing Modifier Letters: ˈ ˌ ː ˑ ʰ ʲ ˥˦˧˨˩ ...
    (0x0300, 0x036F),  # Combining Diacritical Marks, tie bars included
    (0x1D00, 0x1DBF),  # Phonetic Extensions (and Supplement)
    (0x1DC0, 0x1DFF),  # Combining Diacritical Marks Supplement
)
_SINGLES = frozenset(
    "æçðøħŋœɐǀǁǂǃβθχ"  # Latin-1 and Greek letters that are IPA symbols
    " .|‖‿↗↘ꜛꜜⁿ"  # spaces, syllable breaks, prosody, linking, global rise/fall
)
_HINTS = {
    "'": "use ˈ (U+02C8) for primary stress, not an apostrophe",
    ",": "use ˌ (U+02CC) for secondary stress, not a comma",
    ":": "use ː (U+02D0) for length, not a colon",
    "/": "write the transcription without /.../ delimiters",
    "[": "write the transcription without [...] delimiters",
    "]": "write the transcription without [...] delimiters",
    "g": "",  # ASCII g is accepted for ɡ
}


def _allowed(char: str) -> bool:
    code = ord(char)
    return char in _SINGLES or any(low <= code <= high for low, high in _RANGES)


def ipa_problems(ipa: str) -> list[str]:
    """What is wrong with the transcription ``ipa`` (empty when nothing is)."""
    if not ipa.strip():
        return ["ipa is empty"]
    problems: list[str] = []
    seen: set[str] = set()
    for position, char in enumerate(unicodedata.normalize("NFD", ipa), start=1):
        if _allowed(char) or char in seen:
            continue
        seen.add(char)
        hint = _HINTS.get(char)
        if hint is None:
            if char.isupper():
                hint = "IPA has no capital letters"
            elif char.isdigit():
                hint = "IPA has no digits (tones are written ˥ ˦ ˧ ˨ ˩)"
            else:
                hint = "not an IPA symbol"
        name = unicodedata.name(char, "?")
        problems.append(
            f"ipa has {char!r} (U+{ord(char):04X} {name}) at character {position}: {hint}"
        )
    return problems
