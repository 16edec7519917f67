"""Which phoneme markup a TTS takes: detected from its LiveKit plugin, or named.

:func:`markup_for_tts` looks at a TTS object (the plugin class's module, its model, the
options the markup needs) and answers from :mod:`.facts`; :func:`markup_for_name` reads an
explicit choice such as ``"elevenlabs:eleven_flash_v2"`` or ``"cartesia"``.
"""

from __future__ import annotations

import logging
from typing import Any

from .facts import PROVIDERS, InlinePhonemes, ProviderFacts, provider_of_plugin
from .markup import PhonemeMarkup

logger = logging.getLogger("voicenodes")

_MISSING = object()
_reported: set[tuple[str, str, str]] = set()


def markup_for_tts(tts: Any) -> PhonemeMarkup | None:
    """The phoneme markup ``tts`` reads, or ``None`` (aliases only).

    ``None`` when the plugin is not one of :data:`~.facts.PROVIDERS` with automatic
    markup, the model ignores phonemes, an option the markup needs is off (ElevenLabs
    without ``enable_ssml_parsing=True``: logged once, since the tags would be read
    aloud), or the TTS language is one the phonemes do not work in. A
    ``FallbackAdapter`` gets markup only if every TTS it may use reads the same one.
    """
    instances = getattr(tts, "_tts_instances", None)
    if isinstance(instances, list) and instances:
        found = {markup_for_tts(instance) for instance in instances}
        return found.pop() if len(found) == 1 else None
    facts = provider_of_plugin(type(tts).__module__)
    if facts is None:
        return None
    model = str(getattr(tts, "model", "") or "")
    group = facts.inline_for(model)
    if group is None or not group.auto_detect:
        return None
    options = getattr(tts, "_opts", None)
    for option, wanted in group.requires:
        if getattr(options, option, _MISSING) != wanted:
            _report_once(facts, model, option, wanted)
            return None
    markup = _markup(facts, group, model)
    language = getattr(options, "language", None)
    if isinstance(language, str) and language and not markup.accepts_language(language):
        return None
    return markup


def markup_for_name(name: str) -> PhonemeMarkup:
    """The markup named ``"provider"`` or ``"provider:model"``, e.g.
    ``"elevenlabs:eleven_flash_v2"``, ``"cartesia:sonic-2"``, ``"azure"``.

    Raises:
        ValueError: unknown provider, or a model that takes no inline phonemes.
    """
    key, _, model = name.partition(":")
    facts = PROVIDERS.get(key.strip().lower())
    if facts is None or not facts.inline:
        known = ", ".join(k for k, f in PROVIDERS.items() if f.inline)
        raise ValueError(f"no phoneme markup for {name!r}: known providers are {known}")
    model = model.strip()
    group = facts.inline_for(model) if model else facts.inline[0]
    if group is None:
        models = ", ".join(m for g in facts.inline for m in (g.models or ()))
        raise ValueError(
            f"{facts.name} model {model!r} takes no inline phonemes (models that do: {models}); "
            "its words get their aliases"
        )
    return _markup(facts, group, model or (group.models or ("",))[0])


def _markup(facts: ProviderFacts, group: InlinePhonemes, model: str) -> PhonemeMarkup:
    return PhonemeMarkup(
        syntax=group.syntax,
        per_word=group.per_word,
        stress_marks=group.stress_marks,
        languages=group.languages,
        label=f"{facts.name} {model}".strip(),
    )


def _report_once(facts: ProviderFacts, model: str, option: str, wanted: object) -> None:
    key = (facts.key, model, option)
    if key in _reported:
        return
    _reported.add(key)
    logger.info(
        "%s %s reads IPA phonemes only with %s=%r; speaking aliases instead",
        facts.name,
        model,
        option,
        wanted,
    )
