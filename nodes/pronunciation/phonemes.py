"""The phoneme renderer: a match becomes the TTS provider's IPA markup, sealed.

An entry with ``ipa`` whose dictionary's language suits the markup is written as markup
(:class:`~voicenodes.nodes.providers.PhonemeMarkup`); when the markup cannot say it (a
phrase for a provider that needs one tag per word and IPA that does not pair with the
words, an ending it does not know) or the entry has no IPA, the alias renderer answers,
and an entry with neither alias nor usable IPA leaves the text as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from voicenodes.nodes.providers.markup import PhonemeMarkup
from voicenodes.nodes.sealed import seal

from .matcher import Match, Render
from .model import Dictionary, Entry
from .render import render_alias


def phoneme_render(
    markup: PhonemeMarkup, entries: Iterable[tuple[Dictionary, Entry]]
) -> Render[Entry]:
    """A renderer emitting ``markup`` for the entries (of ``entries``) it suits."""
    usable = {
        id(entry)
        for dictionary, entry in entries
        if entry.ipa and markup.accepts_language(dictionary.language)
    }

    def render(match: Match[Entry]) -> str:
        entry = match.value
        if id(entry) in usable:
            assert entry.ipa is not None
            written = markup.render(entry.ipa, match.source, match.ending)
            if written is not None:
                return seal(written)
        if entry.alias is None:
            return match.source + match.ending
        return render_alias(match)

    return render
