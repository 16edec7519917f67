"""``PronunciationRewriter``: the text node that speaks a brand's words its way."""

from __future__ import annotations

import copy
import os
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from dataclasses import replace
from typing import Any

from voicenodes.nodes.providers.detect import markup_for_name, markup_for_tts
from voicenodes.nodes.providers.markup import PhonemeMarkup
from voicenodes.nodes.sealed import UnsealStream, unseal
from voicenodes.nodes.text import TextNode, TextStream

from .keys import KeyIndex, KeySpec, written_identity
from .matcher import MatchStream, Render
from .model import Dictionary, Entry
from .phonemes import phoneme_render
from .registry import load_dictionary
from .render import render_alias

MarkupChoice = PhonemeMarkup | str | None
"""Phoneme markup to emit: ``"auto"`` (the session TTS's, when composed), a
:class:`PhonemeMarkup`, a name such as ``"elevenlabs:eleven_flash_v2"``, or ``None`` for
aliases only."""

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

    Phonemes: for a TTS that reads inline IPA (ElevenLabs ``eleven_flash_v2`` with SSML
    parsing, Cartesia...), entries with ``ipa`` are emitted as that provider's markup and
    the others as aliases (see :mod:`voicenodes.nodes.providers`). In a composed agent
    this is automatic (``markup="auto"``, the default): the agent's ``tts_node`` asks
    :meth:`for_tts` for the variant that suits the session's TTS, once per TTS. Elsewhere
    (session-wide transforms, ``rewrite``) pass ``markup=`` or call :meth:`for_tts`; an
    explicit ``markup`` (a name, or ``None`` for aliases only) is never overridden. The
    markup is emitted sealed and restored at the very end of the text chain, so no later
    rewrite (numbers, user rules) can break it.

    Args:
        dictionaries: the layers, first to last.
        name: the node name used in logs.
        markup: ``"auto"`` (default: aliases, and the session TTS's phoneme markup in a
            composed agent), ``None`` (aliases only), or the markup to emit.
    """

    def __init__(
        self,
        *dictionaries: DictionaryLike,
        name: str | None = None,
        markup: MarkupChoice = "auto",
    ) -> None:
        self.dictionaries: tuple[Dictionary, ...] = tuple(
            d if isinstance(d, Dictionary) else Dictionary.from_mapping(d) for d in dictionaries
        )
        self._name = name
        self.entries: tuple[tuple[Dictionary, Entry], ...] = layered_entries(self.dictionaries)
        """The entries in effect, after layering, with the dictionary each comes from."""
        self.index: KeyIndex[Entry] = KeyIndex(_key_specs(self.entries))
        self.render: Render[Entry] = render_alias
        self.markup: PhonemeMarkup | None = None
        """The phoneme markup this node emits (``None``: aliases only)."""
        # shared by every variant made by for_tts(): the variants and the phoneme index
        self._shared: dict[Any, Any] = {}
        self.adapts_to_tts = markup == "auto"
        """Whether :meth:`for_tts` follows the TTS it is given (else it keeps its markup)."""
        explicit = _resolve(markup)
        if explicit is not None:
            self._use_markup(explicit)

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
        markup: MarkupChoice = "auto" if self.adapts_to_tts else self.markup
        return type(self)(*self.dictionaries, *more, name=self._name, markup=markup)

    def for_tts(self, tts: object) -> PronunciationRewriter:
        """This node as it should run in front of ``tts``: a TTS object (its plugin and
        model decide, see :func:`~voicenodes.nodes.providers.markup_for_tts`), a markup
        name (``"cartesia:sonic-3"``), a :class:`PhonemeMarkup`, or ``None`` (aliases).

        Returns ``self`` when nothing changes, or when ``tts`` is a TTS object and this
        node's markup was chosen explicitly; otherwise a variant sharing this node's
        compiled keys, made once per markup and cached.
        """
        if tts is None or isinstance(tts, (str, PhonemeMarkup)):
            markup = _resolve(tts)
        elif not self.adapts_to_tts:
            return self
        else:
            markup = markup_for_tts(tts)
        if markup == self.markup:
            return self
        variants: dict[PhonemeMarkup | None, PronunciationRewriter] = self._shared.setdefault(
            "variants", {}
        )
        variant = variants.get(markup)
        if variant is None:
            variant = copy.copy(self)
            if markup is None:
                variant.index, variant.render, variant.markup = self._alias_parts()
            else:
                variant._use_markup(markup)
            variants[markup] = variant
        return variant

    def _alias_parts(self) -> tuple[KeyIndex[Entry], Render[Entry], None]:
        index: KeyIndex[Entry] | None = self._shared.get("alias_index")
        if index is None:
            index = KeyIndex(_key_specs(self.entries))
        return index, render_alias, None

    def _use_markup(self, markup: PhonemeMarkup) -> None:
        self._shared.setdefault("alias_index", self.index)
        index: KeyIndex[Entry] | None = self._shared.get("phoneme_index")
        if index is None:
            with_ipa_only = [(d, e) for d, e in self.entries if e.alias is None and e.ipa]
            index = KeyIndex(_key_specs(self.entries, ipa_too=True)) if with_ipa_only else None
            self._shared["phoneme_index"] = index = index or self._shared["alias_index"]
        self.index = index
        self.markup = markup
        self.render = phoneme_render(markup, self.entries)

    @property
    def seals_output(self) -> bool:  # type: ignore[override]
        return self.markup is not None

    def rewrite(self, text: str) -> str:
        out = super().rewrite(text)
        return unseal(out) if self.markup is not None else out

    async def transform(self, chunks: AsyncIterable[str]) -> AsyncIterator[str]:
        """The streaming result; with phoneme markup, the markup is restored here too
        (composed chains restore it at their end instead, see :mod:`voicenodes.nodes.sealed`)."""
        unsealing = UnsealStream() if self.markup is not None else None
        async for out in super().transform(chunks):
            if unsealing is None:
                yield out
            elif text := unsealing.feed(out):
                yield text
        if unsealing is not None and (tail := unsealing.flush()):
            yield tail

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


def _key_specs(
    entries: Iterable[tuple[Dictionary, Entry]], *, ipa_too: bool = False
) -> list[KeySpec[Entry]]:
    """One key per written form of each entry that has an alias (or, with ``ipa_too``,
    an IPA transcription), plus the full-stop keys of :func:`_full_stop_keys`."""
    specs = [
        KeySpec(written, entry, dictionary.case_of(entry, written), entry.whole_word)
        for dictionary, entry in entries
        if entry.alias or (ipa_too and entry.ipa)
        for written in entry.written
    ]
    return specs + _full_stop_keys(specs)


def _full_stop_keys(specs: list[KeySpec[Entry]]) -> list[KeySpec[Entry]]:
    """``AI.`` for an alias ``A.I.``: the written form with the full stop after it, so
    "the AI." becomes "the A.I." rather than "the A.I..". Only for entries read by
    their alias alone (no IPA that markup could use) and written forms that no entry
    already defines with the stop."""
    defined = {written_identity(spec.written) for spec in specs}
    return [
        replace(spec, written=spec.written + ".")
        for spec in specs
        if spec.value.alias
        and spec.value.alias.endswith(".")
        and not spec.value.ipa
        and not spec.written.endswith(".")
        and written_identity(spec.written + ".") not in defined
    ]


def _resolve(markup: MarkupChoice) -> PhonemeMarkup | None:
    if markup is None or isinstance(markup, PhonemeMarkup):
        return markup
    if markup in ("auto", "none", "aliases"):
        return None
    return markup_for_name(markup)
