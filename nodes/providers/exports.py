"""A dictionary in each provider's own format, checked against the provider's limits.

=====================  ==============================================================
function               what the provider takes
=====================  ==============================================================
:func:`azure_pls`      Azure custom lexicon (PLS, referenced by ``<lexicon uri>``)
:func:`elevenlabs_pls` ElevenLabs ``add-from-file`` (PLS)
:func:`elevenlabs_rules`  ElevenLabs ``add-from-rules`` request body (JSON)
:func:`cartesia_items` Cartesia pronunciation dictionary items (JSON)
:func:`google_pronunciations`  Google ``customPronunciations`` (JSON)
:func:`deepgram_keyterms`  Deepgram Nova-3 ``keyterm`` list
:func:`deepgram_replacements`  Deepgram ``replace`` (find and replace) terms
=====================  ==============================================================

Each export reports *every* problem at once in an :class:`ExportError` (the entry's file
and line, what the provider documents, what to do), or returns the export. The facts
and their sources are in :mod:`.facts` and ``docs/providers.md``.

Case: most providers match their dictionary case-sensitively (ElevenLabs and Azure
graphemes, Cartesia items, Google's exact phrase match) while a voicenodes entry with the
``preserve`` or ``insensitive`` policy matches any case. Exports therefore list the case
variants a text is likely to contain (as written, lower case, upper case, capitalised),
exact entries (acronyms) only as written.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Literal

import regex

from voicenodes.nodes.pronunciation.errors import Problem
from voicenodes.nodes.pronunciation.keys import CasePolicy
from voicenodes.nodes.pronunciation.model import Dictionary, Entry
from voicenodes.nodes.pronunciation.pls import dump_pls

from .facts import AZURE, DEEPGRAM
from .markup import phoneme_units

Prefer = Literal["alias", "phoneme"]
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_ENGLISH_ONLY = "ElevenLabs phonemes work only in English, not {!r}: add an alias"


class ExportError(ValueError):
    """A dictionary that cannot be exported for a provider, with every reason."""

    def __init__(self, target: str, problems: Iterable[Problem]) -> None:
        self.target = target
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        plural = "s" if count != 1 else ""
        super().__init__(f"cannot export for {target}: {count} problem{plural}:\n{lines}")


class _Report:
    def __init__(self, dictionary: Dictionary, target: str) -> None:
        self.dictionary, self.target = dictionary, target
        self.problems: list[Problem] = []

    def add(self, entry: Entry | None, message: str) -> None:
        line = entry.line if entry is not None else None
        label = f"entry {entry.written[0]!r}: " if entry is not None else ""
        self.problems.append(Problem(self.dictionary.where, line, label + message))

    def check(self) -> None:
        if self.problems:
            raise ExportError(self.target, self.problems)


def case_variants(written: str, policy: CasePolicy) -> list[str]:
    """The spellings a case-sensitive provider needs to match ``written`` as voicenodes
    does: as written only for ``exact`` entries, else also lower, upper and capitalised."""
    if policy is CasePolicy.EXACT:
        return [written]
    variants = [written, written.lower(), written.upper(), written[:1].upper() + written[1:]]
    return list(dict.fromkeys(variants))


def _graphemes(dictionary: Dictionary, entry: Entry) -> list[str]:
    out: list[str] = []
    for written in entry.written:
        out += case_variants(written, dictionary.case_of(entry, written))
    return list(dict.fromkeys(out))


def _is_english(dictionary: Dictionary) -> bool:
    return dictionary.language is None or dictionary.language.lower().split("-")[0] == "en"


def _choice(entry: Entry, prefer: Prefer) -> Literal["alias", "phoneme"] | None:
    if prefer == "phoneme" and entry.ipa:
        return "phoneme"
    if entry.alias:
        return "alias"
    return "phoneme" if entry.ipa else None


def _elevenlabs_choice(
    dictionary: Dictionary, entry: Entry, prefer: Prefer, report: _Report
) -> Literal["alias", "phoneme"] | None:
    """``_choice``, falling back to the alias where ElevenLabs takes no phonemes (any
    language but English); ``None`` (reported) when there is no alias to fall back to."""
    choice = _choice(entry, prefer)
    if choice == "phoneme" and not _is_english(dictionary):
        if not entry.alias:
            report.add(entry, _ENGLISH_ONLY.format(dictionary.language))
            return None
        return "alias"
    return choice


# -- PLS -----------------------------------------------------------------------------


def azure_pls(dictionary: Dictionary, *, prefer: Prefer = "phoneme") -> str:
    """An Azure custom lexicon. Azure: at most 100 KB, one locale per lexicon
    (``xml:lang`` required), graphemes case-sensitive, decomposed Unicode IPA, no white
    space in a phoneme and no phrase pronunciations (a phrase gets its alias)."""
    report = _Report(dictionary, "Azure custom lexicon")
    if not dictionary.language:
        report.add(None, 'Azure needs the lexicon\'s locale: set language = "en-US" (or other)')
    entries: list[Entry] = []
    for entry in dictionary.entries:
        choice = _choice(entry, prefer)
        if choice == "phoneme" and entry.ipa and len(entry.ipa.split()) > 1:
            if not entry.alias:
                report.add(
                    entry, "Azure takes no phrase pronunciation (IPA with spaces): add an alias"
                )
                continue
            choice = "alias"
        ipa = unicodedata.normalize("NFD", entry.ipa) if choice == "phoneme" and entry.ipa else None
        alias = entry.alias if choice == "alias" else None
        written = tuple(_graphemes(dictionary, entry))
        entries.append(replace(entry, written=written, ipa=ipa, alias=alias, heard=()))
    text = _plain_pls(dictionary, entries)
    size = len(text.encode("utf-8"))
    limit = AZURE.limits["lexicon_bytes"]
    if size > limit:
        report.add(
            None,
            f"the lexicon is {size:,} bytes; Azure accepts at most {limit:,} (100 KB): split "
            "the dictionary and reference several <lexicon> elements",
        )
    report.check()
    return text


def elevenlabs_pls(dictionary: Dictionary, *, prefer: Prefer = "alias") -> str:
    """A lexicon for ElevenLabs ``add-from-file``. Graphemes are case-sensitive, so case
    variants are listed; phonemes are English only (other languages need aliases)."""
    report = _Report(dictionary, "ElevenLabs (add-from-file)")
    entries: list[Entry] = []
    for entry in dictionary.entries:
        choice = _elevenlabs_choice(dictionary, entry, prefer, report)
        if choice is None:
            continue
        entries.append(
            replace(
                entry,
                written=tuple(_graphemes(dictionary, entry)),
                ipa=entry.ipa if choice == "phoneme" else None,
                alias=entry.alias if choice == "alias" else None,
                heard=(),
            )
        )
    report.check()
    return _plain_pls(dictionary, entries)


def _plain_pls(dictionary: Dictionary, entries: list[Entry]) -> str:
    # built without validation: case variants of one entry may collide with each other
    plain = object.__new__(Dictionary)
    for name, value in vars(dictionary).items():
        object.__setattr__(plain, name, value)
    object.__setattr__(plain, "entries", tuple(entries))
    return dump_pls(plain, extensions=False)


# -- ElevenLabs rules ----------------------------------------------------------------


def elevenlabs_rules(
    dictionary: Dictionary, *, prefer: Prefer = "alias", name: str | None = None
) -> dict[str, Any]:
    """The JSON body of ``POST /v1/pronunciation-dictionaries/add-from-rules``: one rule
    per written form, ``alias`` or ``phoneme`` (IPA), with ``case_sensitive`` from the
    entry's case policy and ``word_boundaries`` from ``whole_word``."""
    report = _Report(dictionary, "ElevenLabs (add-from-rules)")
    rules: list[dict[str, Any]] = []
    for entry in dictionary.entries:
        choice = _elevenlabs_choice(dictionary, entry, prefer, report)
        if choice is None:
            continue
        for written in entry.written:
            rule: dict[str, Any] = {
                "string_to_replace": written,
                "type": choice,
                "case_sensitive": dictionary.case_of(entry, written) is CasePolicy.EXACT,
                "word_boundaries": entry.whole_word,
            }
            if choice == "alias":
                rule["alias"] = entry.alias
            else:
                rule["phoneme"], rule["alphabet"] = entry.ipa, "ipa"
            rules.append(rule)
    report.check()
    body: dict[str, Any] = {"name": name or dictionary.name, "rules": rules}
    if dictionary.description:
        body["description"] = dictionary.description
    return body


# -- Cartesia ------------------------------------------------------------------------


def cartesia_items(
    dictionary: Dictionary, *, prefer: Prefer = "phoneme", stress_marks: bool = True
) -> list[dict[str, str]]:
    """Cartesia pronunciation dictionary items (``sonic-3`` and newer): ``{"text",
    "pronunciation"}``, the pronunciation ``<<...>>`` IPA or the alias. Matching is
    case-sensitive, except that a lower-case item also matches its capitalised form."""
    report = _Report(dictionary, "Cartesia pronunciation dictionary")
    items: list[dict[str, str]] = []
    for entry in dictionary.entries:
        choice = _choice(entry, prefer)
        pronunciation = entry.alias or ""
        if choice == "phoneme" and entry.ipa:
            words = [phoneme_units(w) for w in entry.ipa.split()]
            if not stress_marks:
                words = [[u for u in w if u not in "ˈˌ"] for w in words]
            pronunciation = " ".join("<<" + "|".join(w) + ">>" for w in words)
        for written in entry.written:
            variants = [written]
            if dictionary.case_of(entry, written) is not CasePolicy.EXACT:
                # a lower-case item also covers the capitalised form at a sentence start
                variants += [written.lower(), written.upper()]
            items += [{"text": v, "pronunciation": pronunciation} for v in variants]
    report.check()
    return _dedupe(items, "text")


def _dedupe(items: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item[key] not in seen:
            seen.add(item[key])
            out.append(item)
    return out


# -- Google --------------------------------------------------------------------------


def google_pronunciations(dictionary: Dictionary) -> dict[str, Any]:
    """``SynthesisInput.customPronunciations``: ``{"pronunciations": [{"phrase",
    "phoneticEncoding": "PHONETIC_ENCODING_IPA", "pronunciation"}]}`` for entries with
    IPA. Google matches the phrase exactly, so case variants are listed; the v1 API
    supports en-US (a dictionary in another language is refused)."""
    report = _Report(dictionary, "Google customPronunciations")
    if not _is_english(dictionary):
        report.add(
            None, f"Google custom pronunciations support en-US (v1), not {dictionary.language!r}"
        )
    pronunciations: list[dict[str, str]] = []
    for entry in dictionary.entries:
        if not entry.ipa:
            continue
        pronunciations += [
            {"phrase": g, "phoneticEncoding": "PHONETIC_ENCODING_IPA", "pronunciation": entry.ipa}
            for g in _graphemes(dictionary, entry)
        ]
    if not pronunciations:
        report.add(None, "no entry has an ipa transcription, so there is nothing to export")
    report.check()
    return {"pronunciations": _dedupe(pronunciations, "phrase")}


# -- Deepgram ------------------------------------------------------------------------


def estimate_keyterm_tokens(term: str) -> int:
    """An upper estimate of the tokens Deepgram counts for ``term`` (its tokenizer is not
    documented): a word costs one token per three characters (at least one), any other
    character one."""
    words = _WORD.findall(term)
    rest = _WORD.sub("", term).replace(" ", "")
    return sum(max(1, math.ceil(len(w) / 3)) for w in words) + len(rest)


def deepgram_keyterms(
    *dictionaries: Dictionary,
    max_tokens: int = DEEPGRAM.limits["keyterm_tokens"],
    max_terms: int = DEEPGRAM.limits["keyterms_suggested"],
    count_tokens: Callable[[str], int] = estimate_keyterm_tokens,
) -> list[str]:
    """Keyterms for Deepgram Nova-3: the first written form of each entry, with its case
    (keyterms keep formatting), abbreviations ("e.g.", "w/") left out. Deepgram refuses
    more than 500 tokens across all keyterms and recommends at most 100 terms; both are
    checked (the token count is an upper estimate unless ``count_tokens`` counts exactly)."""
    terms = list(
        dict.fromkeys(
            e.written[0]
            for d in dictionaries
            for e in d.entries
            if not e.written[0].endswith((".", "/"))  # abbreviations: never said as written
        )
    )
    report = _Report(dictionaries[0], "Deepgram keyterm prompting")
    total = sum(count_tokens(t) for t in terms)
    if total > max_tokens:
        biggest = sorted(terms, key=count_tokens, reverse=True)[:5]
        report.add(
            None,
            f"the {len(terms)} keyterms come to about {total} tokens; Deepgram accepts at most "
            f"{max_tokens} across all keyterms (largest: {', '.join(biggest)}): keep the terms "
            "speech recognition gets wrong",
        )
    if len(terms) > max_terms:
        report.add(None, f"{len(terms)} keyterms; Deepgram recommends at most {max_terms}")
    report.check()
    return terms


def deepgram_replacements(
    *dictionaries: Dictionary, max_terms: int = DEEPGRAM.limits["replace_terms_suggested"]
) -> dict[str, str]:
    """Deepgram find-and-replace terms: each ``heard`` form, and each alias that spells
    its written form with other spacing or case ("live kit" for "LiveKit"), in lower
    case as Deepgram asks, mapped to the first written form. A term may not contain
    ``:`` (it separates find and replace); Deepgram suggests at most 200 terms."""
    report = _Report(dictionaries[0], "Deepgram find and replace")
    out: dict[str, str] = {}
    for dictionary in dictionaries:
        for entry in dictionary.entries:
            target = entry.written[0]
            for find in spoken_forms(entry):
                find = find.lower()
                if ":" in find or ":" in target:
                    report.add(
                        entry,
                        f"{find!r} -> {target!r}: Deepgram's replace uses ':' between them",
                    )
                    continue
                if find != target:
                    out.setdefault(find, target)
    if len(out) > max_terms:
        report.add(None, f"{len(out)} replace terms; Deepgram suggests at most {max_terms}")
    report.check()
    return out


def spoken_forms(entry: Entry) -> list[str]:
    """What speech recognition may write for ``entry``: its ``heard`` forms, and its alias
    when the alias spells a written form with only spacing, case or punctuation changed
    ("Live Kit" for "LiveKit", "A P I" for "API")."""
    forms = list(entry.heard)
    if entry.alias is not None:
        letters = _letters(entry.alias)
        if letters and any(_letters(w) == letters for w in entry.written):
            forms.append(entry.alias)
    return list(dict.fromkeys(forms))


def _letters(text: str) -> str:
    return "".join(_WORD.findall(text)).casefold()


EXPORTERS: dict[str, tuple[str, str]] = {
    "azure": ("Azure custom lexicon (PLS)", "pls"),
    "elevenlabs": ("ElevenLabs add-from-rules body (JSON)", "json"),
    "elevenlabs-pls": ("ElevenLabs add-from-file lexicon (PLS)", "pls"),
    "cartesia": ("Cartesia pronunciation dictionary items (JSON)", "json"),
    "google": ("Google customPronunciations (JSON)", "json"),
    "deepgram": ("Deepgram keyterm and replace options (JSON)", "json"),
    "pls": ("W3C PLS 1.0 without voicenodes extensions", "pls"),
}
"""The targets of ``voicenodes dict export --to``: description and file kind."""
