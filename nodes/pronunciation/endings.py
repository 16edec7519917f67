"""Word rules both matching paths apply: the endings a key's last word may take, and
which keys an apostrophe after a word leaves in play."""

from __future__ import annotations

from typing import TypeVar

from voicenodes.nodes.textspans import APOSTROPHES, fold

from .keys import Key, KeyIndex

V = TypeVar("V")

ENDINGS = ("'s", "’s", "'S", "’S", "s")
"""Possessive and plural endings a key's last word may take, tried in this order."""


def ending_key(index: KeyIndex[V], text: str) -> tuple[Key[V], int] | None:
    """A one-word key that ``text`` is, plus a possessive or plural ending, and the
    ending's length."""
    if text[-1] not in "sS":
        return None
    for ending in ENDINGS if text[-2:-1] in APOSTROPHES else ("s",):
        if len(text) > len(ending) and text.endswith(ending):
            stem = text[: -len(ending)]
            for key in index.starting_with(stem, fold(stem)):
                if len(key.tokens) == 1 and key.tokens[0][0] == "word":
                    return key, len(ending)
    return None


def ending_of(text: str, need: str) -> int:
    """The length of the ending ``text`` adds to ``need`` (0: none)."""
    for ending in ENDINGS:
        if len(text) == len(need) + len(ending) and text.endswith(ending) and text.startswith(need):
            return len(ending)
    return 0


def may_precede_apostrophe(key: Key[V]) -> bool:
    """Whether ``key``, starting with a word, may match it when an apostrophe follows
    that does not go on with the word: a key of one word, or one that goes on with the
    apostrophe."""
    return len(key.tokens) == 1 or key.tokens[1][1] == "'"
