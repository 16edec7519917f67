"""What each TTS / STT provider supports, as data, with the documentation it comes from.

Everything provider-specific that the toolkit decides on (which models honour inline
phonemes, which syntax they take, what a server-side dictionary may hold) is read from
the tables below, never from conditionals scattered in the code. ``docs/providers.md``
shows the same table with its sources; ``tests/test_providers_facts.py`` keeps the two
in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Syntax = Literal["ssml", "cartesia"]
"""``ssml``: ``<phoneme alphabet="ipa" ph="...">word</phoneme>``;
``cartesia``: ``<<ph|o|n|e|m|e|s>>`` (phonemes between ``<<``/``>>``, separated by ``|``)."""


@dataclass(frozen=True)
class Source:
    """A documentation page a fact comes from."""

    title: str
    url: str


@dataclass(frozen=True)
class InlinePhonemes:
    """How some models of a provider take an IPA pronunciation inside the text."""

    syntax: Syntax
    models: tuple[str, ...] | None
    """Model names this applies to (a name also covers its dated or point versions,
    ``sonic-3`` covers ``sonic-3-2026-01-12`` and ``sonic-3.5``); ``None``: every model."""
    languages: tuple[str, ...] | None = None
    """Base languages (``en``) the phonemes work in; ``None``: any."""
    per_word: bool = False
    """Each tag holds one word: a phrase needs one tag per word."""
    stress_marks: bool = True
    """Whether ``ˈ`` / ``ˌ`` may be sent (MFA-style IPA has none)."""
    requires: tuple[tuple[str, object], ...] = ()
    """Plugin options that must have these values for the markup to be parsed, e.g.
    ``(("enable_ssml_parsing", True),)``: without them the tags would be spoken."""
    auto_detect: bool = True
    """Whether a session using this provider's LiveKit plugin gets the markup without
    being asked (``False``: only when set explicitly, see ``notes``)."""
    notes: str = ""
    sources: tuple[Source, ...] = ()

    def covers(self, model: str) -> bool:
        return self.models is None or any(_same_model(model, m) for m in self.models)


@dataclass(frozen=True)
class ProviderFacts:
    """One provider: its LiveKit plugin, inline phonemes per model group, and limits."""

    key: str
    """Name used on the command line and in ``for_tts("elevenlabs:eleven_flash_v2")``."""
    name: str
    plugin_module: str
    """The LiveKit plugin's module; a TTS whose class lives under it is this provider's."""
    inline: tuple[InlinePhonemes, ...] = ()
    """Most specific model groups first."""
    limits: dict[str, int] = field(default_factory=dict)
    """Documented limits of the provider's dictionary features (see ``limit_sources``)."""
    limit_sources: tuple[Source, ...] = ()

    def inline_for(self, model: str) -> InlinePhonemes | None:
        """The inline-phoneme facts for ``model``: the group naming the longest
        matching model name wins (``sonic-2`` before ``sonic``)."""
        best: tuple[int, InlinePhonemes] | None = None
        for group in self.inline:
            if group.models is None:
                score = 0
            else:
                matching = [len(m) for m in group.models if _same_model(model, m)]
                if not matching:
                    continue
                score = max(matching)
            if best is None or score > best[0]:
                best = (score, group)
        return best[1] if best else None


def _same_model(model: str, name: str) -> bool:
    return model == name or model.startswith((name + "-", name + "."))


_EL_SSML = Source(
    "ElevenLabs help: Do pauses and SSML phoneme tags work with the API?",
    "https://help.elevenlabs.io/hc/en-us/articles/24352686926609",
)
_EL_BEST = Source(
    "ElevenLabs docs: Best practices, Pronunciation, Phoneme tags",
    "https://elevenlabs.io/docs/overview/capabilities/text-to-speech/best-practices",
)
_EL_DICTS = Source(
    "ElevenLabs docs: Using pronunciation dictionaries",
    "https://elevenlabs.io/docs/eleven-api/guides/how-to/text-to-speech/pronunciation-dictionaries",
)
_EL_RULES = Source(
    "ElevenLabs API: Create a pronunciation dictionary from rules",
    "https://elevenlabs.io/docs/api-reference/pronunciation-dictionaries/create-from-rules",
)
_EL_TTS = Source(
    "ElevenLabs API: Text to speech (pronunciation_dictionary_locators)",
    "https://elevenlabs.io/docs/api-reference/text-to-speech/convert",
)
_CARTESIA_IPA = Source(
    "Cartesia docs: IPA phonemes",
    "https://docs.cartesia.ai/build-with-cartesia/capability-guides/phonemes",
)
_CARTESIA_CUSTOM = Source(
    "Cartesia docs: Custom pronunciations",
    "https://docs.cartesia.ai/build-with-cartesia/capability-guides/custom-pronunciations",
)
_AZURE = Source(
    "Azure AI Speech: Pronunciation with SSML (phoneme, custom lexicon)",
    "https://learn.microsoft.com/azure/ai-services/speech-service/speech-synthesis-markup-pronunciation",
)
_GOOGLE_INPUT = Source(
    "Google Cloud TTS REST: SynthesisInput (customPronunciations)",
    "https://cloud.google.com/text-to-speech/docs/reference/rest/v1/SynthesisInput",
)
_GOOGLE_SSML = Source(
    "Google Cloud TTS: SSML (phoneme)", "https://cloud.google.com/text-to-speech/docs/ssml"
)
_DG_KEYTERM = Source(
    "Deepgram docs: Keyterm Prompting", "https://developers.deepgram.com/docs/keyterm"
)
_DG_REPLACE = Source(
    "Deepgram docs: Find and Replace", "https://developers.deepgram.com/docs/find-and-replace"
)

ELEVENLABS = ProviderFacts(
    key="elevenlabs",
    name="ElevenLabs",
    plugin_module="livekit.plugins.elevenlabs",
    inline=(
        InlinePhonemes(
            syntax="ssml",
            models=("eleven_flash_v2", "eleven_turbo_v2", "eleven_monolingual_v1"),
            languages=("en",),
            per_word=True,
            requires=(("enable_ssml_parsing", True),),
            notes=(
                "Phoneme tags are English only and work per word. Other models "
                "(eleven_flash_v2_5, eleven_turbo_v2_5, eleven_multilingual_v2, eleven_v3) "
                "silently skip the word, so they get the alias."
            ),
            sources=(_EL_SSML, _EL_BEST, _EL_DICTS),
        ),
    ),
    limits={"locators_per_request": 3},
    limit_sources=(_EL_TTS, _EL_RULES, _EL_DICTS),
)

CARTESIA = ProviderFacts(
    key="cartesia",
    name="Cartesia",
    plugin_module="livekit.plugins.cartesia",
    inline=(
        InlinePhonemes(
            syntax="cartesia",
            models=("sonic-3",),
            notes="sonic-3 and sonic-3.5 take IPA phonemes (charsiu set) with stress marks.",
            sources=(_CARTESIA_IPA, _CARTESIA_CUSTOM),
        ),
        InlinePhonemes(
            syntax="cartesia",
            models=("sonic-2", "sonic-turbo"),
            stress_marks=False,
            notes="sonic-2 and sonic-turbo take MFA-style IPA, which has no stress marks.",
            sources=(_CARTESIA_CUSTOM,),
        ),
        InlinePhonemes(
            syntax="cartesia",
            models=None,
            notes="Every Sonic model takes <<...>> pronunciations; older ones Sonic-flavored IPA.",
            sources=(_CARTESIA_CUSTOM,),
        ),
    ),
    limits={},
    limit_sources=(_CARTESIA_CUSTOM,),
)

AZURE = ProviderFacts(
    key="azure",
    name="Azure AI Speech",
    plugin_module="livekit.plugins.azure",
    inline=(
        InlinePhonemes(
            syntax="ssml",
            models=None,
            auto_detect=False,
            notes=(
                'SSML <phoneme alphabet="ipa">. Explicit only: the LiveKit plugin sends '
                "plain text unless it builds SSML itself (prosody or style set); prefer a "
                "custom lexicon (PLS, at most 100 KB, one locale, graphemes case sensitive, "
                "decomposed Unicode, no phrase pronunciations, IPA without white space)."
            ),
            sources=(_AZURE,),
        ),
    ),
    limits={"lexicon_bytes": 100 * 1024},
    limit_sources=(_AZURE,),
)

GOOGLE = ProviderFacts(
    key="google",
    name="Google Cloud Text-to-Speech",
    plugin_module="livekit.plugins.google",
    inline=(
        InlinePhonemes(
            syntax="ssml",
            models=None,
            auto_detect=False,
            notes=(
                'SSML <phoneme alphabet="ipa"> needs SSML input. Explicit only; '
                "customPronunciations (IPA or X-SAMPA; en-US in v1) travel with each "
                "request and need an exact phrase match."
            ),
            sources=(_GOOGLE_SSML, _GOOGLE_INPUT),
        ),
    ),
    limits={"input_bytes": 5000},
    limit_sources=(_GOOGLE_INPUT,),
)

DEEPGRAM = ProviderFacts(
    key="deepgram",
    name="Deepgram",
    plugin_module="livekit.plugins.deepgram",
    limits={"keyterm_tokens": 500, "keyterms_suggested": 100, "replace_terms_suggested": 200},
    limit_sources=(_DG_KEYTERM, _DG_REPLACE),
)

PROVIDERS: dict[str, ProviderFacts] = {
    p.key: p for p in (ELEVENLABS, CARTESIA, AZURE, GOOGLE, DEEPGRAM)
}
"""Every provider the toolkit knows, by key."""


def provider_of_plugin(module: str) -> ProviderFacts | None:
    """The provider whose LiveKit plugin defines a class in ``module``."""
    for facts in PROVIDERS.values():
        if module == facts.plugin_module or module.startswith(facts.plugin_module + "."):
            return facts
    return None
