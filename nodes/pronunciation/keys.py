"""Compiled keys: what a dictionary matches, indexed for hash lookups.

A key is a written form, tokenized with :mod:`voicenodes.nodes.textspans`, plus how it
compares (its case policy) and the value it stands for. Keys are compiled once into a
:class:`KeyIndex`, whose lookups cost the same for 10 keys or 100,000:

- *token keys* (whole words and phrases) are found by their first token: a dict from
  the first token's text to the keys starting with it, longest first, and a set of every
  prefix of a first token, to decide whether a word still being written could become one;
- *run keys* (keys in scripts written without spaces, and keys with ``whole_word=False``)
  are found inside words and runs: a dict from text to key per key length, tried longest
  first at each position, and a set of proper prefixes.

The index is generic in the value, so the same machinery maps any written form to
anything (aliases, phonemes, or back from a spoken form to the written one).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from voicenodes.nodes.textspans import fold, same_length_fold, tokens

V = TypeVar("V")


QUIET_SEPARATORS = ',;!?()[]{}"“”*$€£#&=~^|\\'
"""Characters that can be no part of a protected span (URL, e-mail, domain, tag)."""


class CasePolicy(str, Enum):
    """How a written form compares with the text, and how its alias is cased."""

    EXACT = "exact"
    """Matches only the same case (``US`` is not ``us``); the alias is used as written."""
    INSENSITIVE = "insensitive"
    """Matches any case; the alias is used as written."""
    PRESERVE = "preserve"
    """Matches any case; the alias takes the case pattern of the text (``NIKE`` ->
    ``NYE-KEY``, ``nike`` -> ``nye-key``, ``Nike`` -> ``Nye-key``)."""


def auto_case(written: str) -> CasePolicy:
    """The policy of an entry that sets none: ``exact`` for all-capital written forms of
    two letters or more (acronyms: ``US`` must not match "us", ``IT`` not "it"),
    ``preserve`` otherwise."""
    letters = [char for char in written if char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters if char.isalpha()):
        return CasePolicy.EXACT
    return CasePolicy.PRESERVE


class InvalidKeyError(ValueError):
    """A written form that cannot be a key (empty, or not a single word where one is
    needed). Reported by dictionary validation with its file and line."""


@dataclass(frozen=True)
class KeySpec(Generic[V]):
    """One written form to match and the value it stands for."""

    written: str
    value: V
    case: CasePolicy = CasePolicy.PRESERVE
    whole_word: bool = True


@dataclass(frozen=True, eq=False)
class Key(Generic[V]):
    """A compiled written form."""

    spec: KeySpec[V]
    tokens: tuple[tuple[str, str], ...]
    """``(kind, text)`` per token, ``text`` folded unless the policy is exact; white
    space is ``("space", " ")`` and matches any run of white space."""
    folded: bool

    @property
    def value(self) -> V:
        return self.spec.value


def normalize_written(written: str) -> str:
    """NFC, trimmed: the canonical spelling of a written form."""
    return unicodedata.normalize("NFC", written.strip())


def key_tokens(written: str, *, folded: bool) -> tuple[tuple[str, str], ...]:
    """The token form of ``written``. Raises :class:`InvalidKeyError` when it has none."""
    text = normalize_written(written)
    if not text:
        raise InvalidKeyError("the written form is empty")
    out: list[tuple[str, str]] = []
    for kind, start, end in tokens(text):
        piece = text[start:end]
        if kind == "space":
            out.append(("space", " "))
        else:
            out.append((kind, fold(piece) if folded else piece.replace("’", "'")))
    return tuple(out)


def written_identity(written: str) -> str:
    """What two written forms share when they name the same thing whatever their case
    and spacing: ``"New  york"`` and ``"New York"`` both give ``"new york"``."""
    return "".join(text for _, text in key_tokens(written, folded=True))


def is_run_key(written: str, whole_word: bool) -> bool:
    """Whether ``written`` is matched inside words and runs rather than as whole tokens:
    a single run of a script without spaces, or any single word with ``whole_word=False``.
    Raises :class:`InvalidKeyError` for ``whole_word=False`` on more than one word."""
    toks = key_tokens(written, folded=False)
    if len(toks) == 1 and toks[0][0] == "run":
        return True
    if whole_word:
        return False
    if len(toks) != 1 or toks[0][0] not in ("word", "run"):
        raise InvalidKeyError("whole_word = false needs a single word (no spaces or punctuation)")
    return True


@dataclass
class _RunIndex(Generic[V]):
    by_text: dict[str, Key[V]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)  # proper prefixes of keys


class KeyIndex(Generic[V]):
    """Every key of a rule set, compiled for constant-time lookups.

    When two keys have the same written form and compare the same way, the first one
    given wins (layering and validation make that rare: see
    :func:`~voicenodes.nodes.pronunciation.rewriter.layered_entries`). At a token,
    longer keys are tried first; an exact key before a case-insensitive one of the same
    length.
    """

    def __init__(self, specs: Iterable[KeySpec[V]]) -> None:
        self._first_exact: dict[str, list[Key[V]]] = {}
        self._first_folded: dict[str, list[Key[V]]] = {}
        self._prefixes_exact: set[str] = set()
        self._prefixes_folded: set[str] = set()
        self._run_exact: _RunIndex[V] = _RunIndex()
        self._run_folded: _RunIndex[V] = _RunIndex()
        self._run_lengths: set[int] = set()
        for spec in specs:
            self._add(spec)
        for table in (self._first_exact, self._first_folded):
            for keys in table.values():
                keys.sort(key=lambda k: -len(k.tokens))  # stable: first given wins ties
        self.run_apostrophes = any(
            "'" in text or "’" in text
            for index in (self._run_exact, self._run_folded)
            for text in index.by_text
        )
        """Whether some run key has an apostrophe in it."""
        self.run_lengths: tuple[int, ...] = tuple(sorted(self._run_lengths, reverse=True))
        """Lengths of the run keys, longest first (empty: no run keys)."""
        self.quiet_separators = "".join(c for c in QUIET_SEPARATORS if not self._starts_key(c))
        """Separators that start no key and can be part of no protected span."""
        self.settles_before_space = self.quiet_separators + "".join(
            c for c in ".:@-+%_/" if not self._starts_key(c)
        )
        """Punctuation that starts no key and, followed by white space, is settled."""
        self.holds_after_word = "".join(c for c in ".-@:+%_" if not self._starts_key(c))
        """Punctuation that starts no key but, right after a plain word, may make it a
        domain, an e-mail address or a URL."""

    def _starts_key(self, char: str) -> bool:
        return self.could_start(char, char)  # run keys are words: none starts with one

    def _add(self, spec: KeySpec[V]) -> None:
        folded = spec.case is not CasePolicy.EXACT
        written = normalize_written(spec.written)
        if is_run_key(written, spec.whole_word):
            index = self._run_folded if folded else self._run_exact
            text = same_length_fold(written) if folded else written
            if text not in index.by_text:
                index.by_text[text] = Key(spec, (("run", text),), folded)
                index.prefixes.update(text[:n] for n in range(1, len(text)))
                self._run_lengths.add(len(text))
            return
        key = Key(spec, key_tokens(written, folded=folded), folded)
        table = self._first_folded if folded else self._first_exact
        existing = table.setdefault(key.tokens[0][1], [])
        if any(k.tokens == key.tokens for k in existing):
            return
        existing.append(key)
        first = key.tokens[0][1]
        prefixes = self._prefixes_folded if folded else self._prefixes_exact
        prefixes.update(first[:n] for n in range(1, len(first) + 1))

    def starting_with(self, text: str, folded_text: str) -> list[Key[V]]:
        """Token keys whose first token is ``text`` (exact keys) or ``folded_text``
        (case-insensitive keys), longest first."""
        exact = self._first_exact.get(text)
        folded = self._first_folded.get(folded_text)
        if exact is None:
            return folded or []
        if folded is None:
            return exact
        return sorted(exact + folded, key=lambda k: -len(k.tokens))

    def could_start(self, text: str, folded_text: str) -> bool:
        """Whether a token being written (``text`` so far) may still become the first
        token of a token key."""
        return text in self._prefixes_exact or folded_text in self._prefixes_folded

    def run_key(self, text: str, folded_text: str) -> Key[V] | None:
        """The run key spelled ``text`` (exact first, then case-insensitive)."""
        return self._run_exact.by_text.get(text) or self._run_folded.by_text.get(folded_text)

    def could_start_run_key(self, text: str, folded_text: str) -> bool:
        """Whether ``text`` is a proper prefix of a run key."""
        return text in self._run_exact.prefixes or folded_text in self._run_folded.prefixes
