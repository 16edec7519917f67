"""Inline phoneme markup: an IPA transcription written the way one TTS reads it.

:class:`PhonemeMarkup` says how (SSML ``<phoneme>`` tags or Cartesia ``<<...>>``, one tag
per word or not, stress marks or not); :meth:`PhonemeMarkup.render` writes one
pronunciation, or answers ``None`` when it cannot (a phrase whose IPA does not have one
word per written word, where the provider needs a tag per word): the caller then falls
back to the alias.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from .facts import Syntax

STRESS = "ˈˌ"
_SYLLABLE_BREAKS = ".|‖‿"
_MODIFIERS = "ːˑʰʲʷˠˤⁿˡ˞"
_TIES = "\u0361\u035c"
# multi-letter phonemes of Cartesia's English set (diphthongs, affricates)
_UNITS = ("aɪ", "aʊ", "eɪ", "oʊ", "ɔɪ", "tʃ", "dʒ")
_SIBILANTS = ("s", "z", "ʃ", "ʒ", "tʃ", "dʒ")
_VOICELESS = ("p", "t", "k", "f", "θ")
ENDINGS = ("'s", "’s", "'S", "’S", "s")
"""Endings whose sound :func:`ipa_with_ending` knows (possessive and plural s)."""


@dataclass(frozen=True)
class PhonemeMarkup:
    """How one TTS takes an IPA pronunciation inline."""

    syntax: Syntax
    per_word: bool = False
    stress_marks: bool = True
    languages: tuple[str, ...] | None = None
    """Base languages (``en``) the phonemes work in; ``None``: any."""
    label: str = field(default="", compare=False)
    """Where it came from, for logs: ``"ElevenLabs eleven_flash_v2"``."""

    def accepts_language(self, language: str | None) -> bool:
        """Whether a dictionary in ``language`` (a tag like ``en-US``; ``None``: not
        declared, assumed to fit) may use these phonemes."""
        if self.languages is None or language is None:
            return True
        return language.split("-")[0].lower() in self.languages

    def render(self, ipa: str, text: str, ending: str = "") -> str | None:
        """The markup that makes the TTS say ``text + ending`` as ``ipa`` (plus the
        ending's sound), or ``None`` when this syntax cannot express it."""
        if ending:
            with_ending = ipa_with_ending(ipa, ending)
            if with_ending is None:
                return None
            ipa = with_ending
        ipa = unicodedata.normalize("NFC", ipa.strip())
        if not self.stress_marks:
            ipa = "".join(char for char in ipa if char not in STRESS)
        words = ipa.split()
        if self.syntax == "cartesia":
            units = [phoneme_units(word) for word in words]
            if not all(units):
                return None
            return " ".join("<<" + "|".join(u) + ">>" for u in units)
        return self._ssml(words, text + ending)

    def _ssml(self, ipa_words: list[str], text: str) -> str | None:
        if not self.per_word:
            return _phoneme_tag(" ".join(ipa_words), text)
        text_words = text.split()
        if len(text_words) != len(ipa_words):
            return None  # one tag per word, and the words cannot be paired
        return " ".join(_phoneme_tag(p, w) for p, w in zip(ipa_words, text_words, strict=True))


def _phoneme_tag(ipa: str, text: str) -> str:
    return f'<phoneme alphabet="ipa" ph={quoteattr(ipa)}>{escape(text)}</phoneme>'


def phoneme_units(ipa_word: str) -> list[str]:
    """The phonemes of one IPA word, as Cartesia separates them: ``ˈæk.mi`` gives
    ``["ˈ", "æ", "k", "m", "i"]``. Diphthongs and affricates stay whole, a letter keeps
    its diacritics, length mark and tie bar; syllable breaks are dropped."""
    units: list[str] = []
    text = unicodedata.normalize("NFD", ipa_word)
    i = 0
    while i < len(text):
        char = text[i]
        if char in _SYLLABLE_BREAKS or char.isspace():
            i += 1
            continue
        if char in STRESS:
            units.append(char)
            i += 1
            continue
        unit = next((u for u in _UNITS if text.startswith(u, i)), char)
        i += len(unit)
        while i < len(text) and (
            unicodedata.combining(text[i]) or text[i] in _MODIFIERS or unit[-1] in _TIES
        ):
            unit += text[i]  # a diacritic, length mark, or the letter after a tie bar
            i += 1
        units.append(unicodedata.normalize("NFC", unit))
    return units


def ipa_with_ending(ipa: str, ending: str) -> str | None:
    """``ipa`` with the sound of an English possessive or plural ``s`` ending: ``ɪz``
    after a sibilant, ``s`` after another voiceless consonant, ``z`` otherwise.
    ``None`` for endings it does not know."""
    if ending not in ENDINGS:
        return None
    core = ipa.rstrip().rstrip(_SYLLABLE_BREAKS + STRESS + _MODIFIERS)
    if core.endswith(_SIBILANTS):
        return ipa.rstrip() + "ɪz"
    if core.endswith(_VOICELESS):
        return ipa.rstrip() + "s"
    return ipa.rstrip() + "z"
