"""Text analysis for keyword search: Unicode-aware tokens, stop words, light stemming.

:class:`Analyzer` turns text into index terms:

1. case-folded (``str.casefold``: "Straße" matches "STRASSE") and compatibility-
   normalised (NFKD), then accents removed from Latin and Greek letters ("café"
   matches "cafe"; marks that make a different letter in other scripts are kept);
2. cut into words: runs of letters, marks and digits in any script (an apostrophe
   inside a word is kept, then a trailing possessive ``'s`` is dropped); Chinese and
   Japanese text, written without spaces, becomes overlapping character bigrams (the
   usual CJK approach of search engines);
3. stop words dropped (by default Lucene's 33 English stop words);
4. stemmed (by default :func:`english_minimal_stem`: plural forms only, the
   conservative stemmer Lucene calls *EnglishMinimalStemmer*).

``Analyzer(stop_words=frozenset(), stemmer=None)`` keeps every word as written. Any
``str -> str`` function can serve as stemmer (e.g. ``nltk``'s Porter stemmer).
The retrieval-quality numbers for these choices are in ``docs/rag.md``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    }
)
"""Lucene's default English stop words."""

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*")
_CJK_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]+")
_LATIN_GREEK_MARKS = regex.compile(r"(?<=[\p{Latin}\p{Greek}]\p{M}*)\p{M}+")


def english_minimal_stem(word: str) -> str:
    """Strip English plural endings only ("policies" -> "policy", "returns" ->
    "return", "boxes" -> "box"), leaving other words alone.

    Lucene's *EnglishMinimalStemmer*, plus ``-xes`` / ``-ches`` / ``-shes`` -> drop
    ``es`` (Lucene would turn "boxes" into "boxe").
    """
    if len(word) < 3 or word[-1] != "s" or word[-2] in "us":
        return word
    if word[-2] == "e":
        if len(word) > 3 and word[-3] == "i" and word[-4] not in "ae":
            return word[:-3] + "y"
        if word[-3] in "iaoe":
            return word
        if word.endswith(("xes", "ches", "shes")):
            return word[:-2]
    return word[:-1]


def fold(text: str) -> str:
    """Case-fold and remove accents from Latin and Greek letters: "Café ÉTÉ" ->
    "cafe ete". Marks that change a letter in other scripts (the Japanese dakuten of
    "で", Devanagari vowel signs) are kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", _LATIN_GREEK_MARKS.sub("", decomposed))


@dataclass(frozen=True)
class Analyzer:
    """Turns text into index terms (see the module docstring for the steps).

    Args:
        stop_words: words to drop (after folding). Default: Lucene's English list.
        stemmer: applied to every word; ``None`` keeps words as written.
        fold_accents: remove diacritics ("café" == "cafe").
    """

    stop_words: frozenset[str] = ENGLISH_STOP_WORDS
    stemmer: Callable[[str], str] | None = english_minimal_stem
    fold_accents: bool = True
    _stem_cache: Callable[[str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        stemmer = self.stemmer
        stop_words = self.stop_words

        @lru_cache(maxsize=65536)
        def term(word: str) -> str:
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            word = word.replace("’", "'")
            if word in stop_words:
                return ""
            return stemmer(word) if stemmer is not None else word

        object.__setattr__(self, "_stem_cache", term)

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``, in order (repeats kept)."""
        folded = fold(text) if self.fold_accents else text.casefold()
        out: list[str] = []
        for word in _WORD.findall(folded):
            if _CJK_RUN.search(word):
                out.extend(_cjk_terms(word))
                continue
            term = self._stem_cache(word)
            if term:
                out.append(term)
        return out


def _cjk_terms(word: str) -> list[str]:
    """Han / kana runs as overlapping bigrams; other scripts in the word as words."""
    terms: list[str] = []
    position = 0
    for run in _CJK_RUN.finditer(word):
        if run.start() > position:
            terms.append(word[position : run.start()])
        chars = run.group()
        if len(chars) == 1:
            terms.append(chars)
        else:
            terms.extend(chars[i : i + 2] for i in range(len(chars) - 1))
        position = run.end()
    if position < len(word):
        terms.append(word[position:])
    return terms
