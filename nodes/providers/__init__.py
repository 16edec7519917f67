"""TTS and STT providers: what each supports (as data), phoneme markup, exports, wiring.

- :mod:`.facts` — the support table, with its sources;
- :mod:`.markup` — :class:`PhonemeMarkup`, IPA written as SSML ``<phoneme>`` or
  Cartesia ``<<...>>``; :mod:`.detect` — which markup a TTS object reads;
- :mod:`.exports` — a dictionary in each provider's format, checked against its limits;
- :mod:`.wiring` — keyword arguments for the LiveKit plugins, from a dictionary.
"""

from .detect import markup_for_name, markup_for_tts
from .exports import (
    EXPORTERS,
    ExportError,
    azure_pls,
    cartesia_items,
    deepgram_keyterms,
    deepgram_replacements,
    elevenlabs_pls,
    elevenlabs_rules,
    google_pronunciations,
)
from .facts import PROVIDERS, InlinePhonemes, ProviderFacts, Source
from .markup import PhonemeMarkup

__all__ = [
    "EXPORTERS",
    "PROVIDERS",
    "ExportError",
    "InlinePhonemes",
    "PhonemeMarkup",
    "ProviderFacts",
    "Source",
    "azure_pls",
    "cartesia_items",
    "deepgram_keyterms",
    "deepgram_replacements",
    "elevenlabs_pls",
    "elevenlabs_rules",
    "google_pronunciations",
    "markup_for_name",
    "markup_for_tts",
]
