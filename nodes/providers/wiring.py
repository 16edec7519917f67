"""Keyword arguments for the LiveKit provider plugins, from dictionaries.

The plugins are optional (extras ``deepgram``, ``elevenlabs``, ``cartesia``); these
helpers only build dictionaries of arguments, checked against what the installed plugin
and the provider accept, and import a plugin only to build its own option objects::

    from livekit.plugins import deepgram, elevenlabs
    stt = deepgram.STT(**deepgram_stt_options(brand))
    tts = elevenlabs.TTS(**elevenlabs_tts_options(locators=[("dict_id", "version_id")]))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from voicenodes.nodes.pronunciation.model import Dictionary

from .exports import deepgram_keyterms, deepgram_replacements
from .facts import CARTESIA, ELEVENLABS


def deepgram_stt_options(
    *dictionaries: Dictionary,
    model: str = "nova-3",
    keyterms: bool = True,
    replacements: bool = True,
) -> dict[str, Any]:
    """Arguments for ``livekit.plugins.deepgram.STT``: ``keyterm`` (Nova-3 keyterm
    prompting: the written forms, at most 500 tokens) and ``replace`` (find and replace:
    spoken forms and mis-hearings to the written form), with ``model``.

    Raises:
        ExportError: the keyterms or replacements exceed Deepgram's limits.
        ValueError: keyterms for a model other than Nova-3 (Deepgram accepts them only
            there; pass ``keyterms=False``).
    """
    options: dict[str, Any] = {"model": model}
    if keyterms:
        if not model.startswith("nova-3"):
            raise ValueError(
                f"Deepgram keyterm prompting needs a Nova-3 model, not {model!r}; "
                "pass keyterms=False (replacements work with every model)"
            )
        options["keyterm"] = deepgram_keyterms(*dictionaries)
    if replacements:
        options["replace"] = deepgram_replacements(*dictionaries)
    return options


def stt_context_options(*dictionaries: Dictionary) -> dict[str, Any]:
    """``AgentSession(stt_context_options=...)``: LiveKit's session-wide keyterms, sent
    to any STT plugin that accepts a term list."""
    return {"keyterms": deepgram_keyterms(*dictionaries)}


def elevenlabs_tts_options(
    *,
    model: str = "eleven_flash_v2",
    locators: Sequence[tuple[str, str]] = (),
    phonemes: bool = True,
) -> dict[str, Any]:
    """Arguments for ``livekit.plugins.elevenlabs.TTS``: ``model``, SSML parsing on when
    the model reads phoneme tags (so that a composed ``PronunciationRewriter`` sends them),
    and ``pronunciation_dictionary_locators`` for dictionaries uploaded with
    ``voicenodes dict export --to elevenlabs`` (``(dictionary id, version id)`` pairs).

    Raises:
        ValueError: more locators than ElevenLabs takes per request (3).
    """
    limit = ELEVENLABS.limits["locators_per_request"]
    if len(locators) > limit:
        raise ValueError(
            f"{len(locators)} pronunciation dictionaries; ElevenLabs applies at most {limit} "
            "per request: merge them (voicenodes dict export takes several dictionaries)"
        )
    options: dict[str, Any] = {"model": model}
    group = ELEVENLABS.inline_for(model)
    if phonemes and group is not None:
        options["enable_ssml_parsing"] = True
    if locators:
        from livekit.plugins.elevenlabs import tts as plugin

        options["pronunciation_dictionary_locators"] = [
            plugin.PronunciationDictionaryLocator(
                pronunciation_dictionary_id=dictionary_id, version_id=version_id
            )
            for dictionary_id, version_id in locators
        ]
    return options


def cartesia_tts_options(
    *, model: str = "sonic-3", pronunciation_dict_id: str | None = None
) -> dict[str, Any]:
    """Arguments for ``livekit.plugins.cartesia.TTS``: ``model`` and the
    ``pronunciation_dict_id`` of a dictionary uploaded from ``voicenodes dict export --to
    cartesia`` (Cartesia applies dictionaries on sonic-3 and newer).

    Raises:
        ValueError: a dictionary id with an older model.
    """
    options: dict[str, Any] = {"model": model}
    if pronunciation_dict_id is not None:
        group = CARTESIA.inline_for(model)
        if group is None or group.models is None or "sonic-3" not in group.models:
            raise ValueError(
                f"Cartesia applies pronunciation dictionaries on sonic-3 and newer, not {model!r}"
            )
        options["pronunciation_dict_id"] = pronunciation_dict_id
    return options
