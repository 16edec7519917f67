"""The dictionary model: entries and dictionaries, validated on construction.

An :class:`Entry` says how one or more written forms are spoken: an alias (the text
TTS receives instead), optionally an IPA transcription, a case policy, whether it
matches whole words only, and notes for the people who maintain it. A
:class:`Dictionary` is a named, versioned set of entries in one language.

Every dictionary is validated when it is built, whatever built it (a TOML file, a PLS
lexicon, code): a dictionary that exists is a usable one. File loaders record where each
entry and field was defined, so that problems name the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from voicenodes.nodes.textspans import fold

from .errors import DictionaryError, Problem
from .ipa import ipa_problems
from .keys import CasePolicy, InvalidKeyError, auto_case, is_run_key, key_tokens

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Entry:
    """How one or more written forms are spoken.

    ``alias`` is what TTS receives in place of the written form. An entry may have only
    ``ipa`` (for providers that take phonemes); the alias renderer then leaves its
    written forms unchanged.
    """

    written: tuple[str, ...]
    alias: str | None = None
    ipa: str | None = None
    case: CasePolicy | None = None
    """``None``: the dictionary's default policy, else :func:`auto_case`."""
    whole_word: bool = True
    notes: str | None = None
    heard: tuple[str, ...] = ()
    """What speech recognition may write when this entry is said: spoken forms and
    common mis-hearings ("live kit", "lie kit"). The STT side rewrites them back to
    the first written form (:class:`~voicenodes.nodes.TranscriptRewriter`)."""
    line: int | None = field(default=None, compare=False)
    """Where the entry starts in its file."""
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """Where each field was set in its file."""

    def line_of(self, name: str) -> int | None:
        return self.field_lines.get(name, self.line)


@dataclass(frozen=True)
class Dictionary:
    """A named set of entries. Construction validates everything and raises
    :class:`DictionaryError` listing every problem."""

    name: str
    entries: tuple[Entry, ...]
    language: str | None = None
    version: str | None = None
    description: str | None = None
    case: CasePolicy | None = None
    """The default case policy of entries that set none (``None``: :func:`auto_case`)."""
    source: str | None = field(default=None, compare=False)
    """The file it was loaded from."""
    name_line: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        problems = check_dictionary(self)
        if problems:
            raise DictionaryError(problems)

    @classmethod
    def from_mapping(
        cls,
        aliases: Mapping[str, str],
        *,
        name: str = "overrides",
        case: CasePolicy | None = None,
        language: str | None = None,
    ) -> Dictionary:
        """A dictionary from ``{written form: alias}``, e.g. a per-session override."""
        entries = tuple(Entry((written,), alias) for written, alias in aliases.items())
        return cls(name=name, entries=entries, case=case, language=language)

    def case_of(self, entry: Entry, written: str) -> CasePolicy:
        """The case policy that applies to one written form of ``entry``."""
        return entry.case or self.case or auto_case(written)

    @property
    def where(self) -> str:
        return self.source or f"<{self.name}>"


def check_dictionary(dictionary: Dictionary) -> list[Problem]:
    """Every problem of ``dictionary``: its header, each entry, and entries that claim
    the same written form."""
    where = dictionary.where
    problems: list[Problem] = []

    def report(line: int | None, message: str) -> None:
        problems.append(Problem(where, line, message))

    if not _NAME.match(dictionary.name):
        report(
            dictionary.name_line,
            f"name {dictionary.name!r} must be letters, digits, '.', '_' or '-'",
        )
    if dictionary.language is not None and not _LANGUAGE.match(dictionary.language):
        report(None, f"language {dictionary.language!r} is not a language tag like 'en-US'")
    claimed: dict[str, list[tuple[str, CasePolicy, Entry]]] = {}
    for entry in dictionary.entries:
        for line, message in check_entry(entry):
            report(line, message)
        for written in entry.written:
            _claim(dictionary, claimed, entry, written, report)
    return problems


def check_entry(entry: Entry) -> list[tuple[int | None, str]]:
    """Problems of one entry on its own, each with its line."""
    label = _label(entry)
    found: list[tuple[int | None, str]] = []
    if not entry.written:
        found.append((entry.line_of("written"), "entry has no written form"))
    for written in entry.written:
        try:
            key_tokens(written, folded=False)
            is_run_key(written, entry.whole_word)
        except InvalidKeyError as bad:
            found.append((entry.line_of("written"), f"{label}: {bad}"))
    if entry.alias is not None and not entry.alias.strip():
        found.append((entry.line_of("alias"), f"{label}: alias is empty"))
    if entry.alias is None and entry.ipa is None:
        found.append((entry.line, f"{label}: needs an alias (or an ipa transcription)"))
    if entry.ipa is not None:
        for message in ipa_problems(entry.ipa):
            found.append((entry.line_of("ipa"), f"{label}: {message}"))
    for heard in entry.heard:
        try:
            key_tokens(heard, folded=True)
        except InvalidKeyError as bad:
            found.append((entry.line_of("heard"), f"{label}: heard {heard!r}: {bad}"))
    return found


def _claim(
    dictionary: Dictionary,
    claimed: dict[str, list[tuple[str, CasePolicy, Entry]]],
    entry: Entry,
    written: str,
    report: Callable[[int | None, str], None],
) -> None:
    """Record that ``entry`` matches ``written``; report an earlier entry matching the
    same text (a duplicate if it says the same, a conflict if not)."""
    try:
        canonical = " ".join(text for _, text in key_tokens(written, folded=False))
    except InvalidKeyError:
        return
    policy = dictionary.case_of(entry, written)
    group = claimed.setdefault(fold(canonical), [])
    for other_written, other_policy, other in group:
        both_exact = policy is CasePolicy.EXACT and other_policy is CasePolicy.EXACT
        if both_exact and other_written != canonical:
            continue  # "US" and "Us", both exact: different keys
        same = (other.alias, other.ipa) == (entry.alias, entry.ipa)
        kind = "duplicate written form" if same else "conflicting entries for"
        detail = "" if same else f": alias {entry.alias!r} here, {other.alias!r}"
        where = f" on line {other.line}" if other.line is not None else ""
        report(
            entry.line_of("written"),
            f"{kind} {written!r}{detail} (first defined{where} as {other_written!r})",
        )
        return
    group.append((canonical, policy, entry))


def _label(entry: Entry) -> str:
    return f"entry {entry.written[0]!r}" if entry.written else "entry"
