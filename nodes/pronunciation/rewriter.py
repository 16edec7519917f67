"""``PronunciationRewriter``: the text node that speaks a brand's words its way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace

from voicenodes.nodes.text import TextNode, TextStream

from .keys import KeyIndex, KeySpec, written_identity
from .matcher import MatchStream, Render
from .model import Dictionary, Entry
from .registry import load_dictionary
from .render import render_alias

DictionaryLike = Dictionary | Mapping[str, str]
"""A dictionary, or ``{written form: alias}`` for a quick override."""


class PronunciationRewriter(TextNode):
    """Rewrites written forms to their aliases on the way to TTS, streaming.

    Built from one or more dictionaries, applied as layers: a later dictionary overrides
    an earlier one for every written form it defines (compared case-insensitively), so
    a shared base, a brand and a per-session override stack in that order. Captions and
    chat history keep the original text; only what TTS receives changes.

    Matching (see :mod:`voicenodes.nodes.pronunciation.matcher`): whole words only
    (``AI`` never touches "said"), phrases across any white space, possessive and plural
    endings kept (``LiveKit's`` -> ``Live Kit's``), the longest match wins, never inside
    URLs, e-mail addresses or markup tags, and output is never scanned again.

    Streaming: only a tail that could still become or extend a match is held back (a
    word being written that starts some key, an unfinished phrase or protected span),
    and it is released at the end of the stream. The work per chunk is proportional to
    the chunk, whatever the number of entries: everything is compiled here, once.

    Args:
        dictionaries: the layers, first to last.
        name: the node name used in logs.
    """

    def __init__(self, *dictionaries: DictionaryLike, name: str | None = None) -> None:
        self.dictionaries: tuple[Dictionary, ...] = tuple(
            d if isinstance(d, Dictionary) else Dictionary.from_mapping(d) for d in dictionaries
        )
        self._name = name
        self.entries: tuple[tuple[Dictionary, Entry], ...] = layered_entries(self.dictionaries)
        """The entries in effect, after layering, with the dictionary each comes from."""
        self.index: KeyIndex[Entry] = KeyIndex(_key_specs(self.entries))
        self.render: Render[Entry] = render_alias

    @classmethod
    def load(
        cls,
        *names: str | os.PathLike[str],
        overrides: DictionaryLike | None = None,
        name: str | None = None,
    ) -> PronunciationRewriter:
        """A rewriter from dictionaries found by name or path (see
        :func:`~voicenodes.nodes.pronunciation.load_dictionary`), then ``overrides``.

        ``PronunciationRewriter.load("tech", "acme-outfitters", overrides={"Ava": "Ah-va"})``
        """
        layers: list[DictionaryLike] = [load_dictionary(n) for n in names]
        if overrides is not None:
            layers.append(overrides)
        return cls(*layers, name=name)

    def layered(self, *more: DictionaryLike) -> PronunciationRewriter:
        """A new rewriter with ``more`` layered on top (e.g. a per-session override).
        This one is unchanged."""
        return type(self)(*self.dictionaries, *more, name=self._name)

    @property
    def name(self) -> str:
        if self._name:
            return self._name
        names = "+".join(d.name for d in self.dictionaries)
        return f"PronunciationRewriter({names})"

    def open_stream(self) -> TextStream:
        return MatchStream(self.index, self.render)


def layered_entries(dictionaries: Iterable[Dictionary]) -> tuple[tuple[Dictionary, Entry], ...]:
    """The entries in effect: each written form (compared case-insensitively) defined by
    a later dictionary drops it from every earlier one."""
    effective: list[tuple[Dictionary, Entry]] = []
    for dictionary in dictionaries:
        overridden = {written_identity(w) for e in dictionary.entries for w in e.written}
        kept: list[tuple[Dictionary, Entry]] = []
        for owner, entry in effective:
            written = tuple(w for w in entry.written if written_identity(w) not in overridden)
            if written == entry.written:
                kept.append((owner, entry))
            elif written:
                kept.append((owner, _with_written(entry, written)))
        effective = kept + [(dictionary, entry) for entry in dictionary.entries]
    return tuple(effective)


def _with_written(entry: Entry, written: tuple[str, ...]) -> Entry:
    return replace(entry, written=written)


def _key_specs(entries: Iterable[tuple[Dictionary, Entry]]) -> list[KeySpec[Entry]]:
    """One key per written form of each entry that has an alias."""
    return [
        KeySpec(written, entry, dictionary.case_of(entry, written), entry.whole_word)
        for dictionary, entry in entries
        if entry.alias
        for written in entry.written
    ]
