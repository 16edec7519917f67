"""What a match becomes: the render step, kept apart from matching.

The matcher says *what* matched (the entry, the text it matched, a possessive or plural
ending); a renderer decides what to emit. :func:`render_alias` emits the entry's alias,
cased by the entry's policy. Other renderers (phoneme markup for a given TTS provider,
say) plug in at the same place.
"""

from __future__ import annotations

from .keys import CasePolicy
from .matcher import Match
from .model import Entry


def apply_case_pattern(alias: str, source: str, written: str) -> str:
    """``alias`` with the case pattern of ``source`` (the text that matched ``written``).

    All capitals give capitals (``NIKE`` -> ``NYE-KEY``); otherwise the text as written
    gives the alias as written; all lower case gives lower case; a capital first letter
    then lower case gives the alias a capital first letter; any other mix gives the
    alias as written.
    """
    cased = [char for char in source if char.isupper() or char.islower()]
    if len(cased) > 1 and all(char.isupper() for char in cased):
        return alias.upper()
    if source == written or not cased:
        return alias
    if all(char.islower() for char in cased):
        return alias.lower()
    if cased[0].isupper() and all(char.islower() for char in cased[1:]):
        return _capitalize_first(alias)
    return alias


def _capitalize_first(text: str) -> str:
    for index, char in enumerate(text):
        if char.isupper() or char.islower():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


def render_alias(match: Match[Entry]) -> str:
    """The alias of the matched entry, cased by its policy, plus the text's ending."""
    alias = match.value.alias or match.source
    if match.key.spec.case is CasePolicy.PRESERVE:
        alias = apply_case_pattern(alias, match.source, match.key.spec.written)
    return alias + match.ending
