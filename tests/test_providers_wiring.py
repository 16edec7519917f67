"""Plugin wiring: the installed LiveKit plugins built with the generated arguments.

No network: the plugins take a dummy API key and open no connection until they stream.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from voicenodes.nodes import PronunciationRewriter, load_dictionary
from voicenodes.nodes.providers import markup_for_name, markup_for_tts
from voicenodes.nodes.providers.wiring import (
    cartesia_tts_options,
    deepgram_stt_options,
    elevenlabs_tts_options,
    stt_context_options,
)

deepgram = pytest.importorskip("livekit.plugins.deepgram")
elevenlabs = pytest.importorskip("livekit.plugins.elevenlabs")
cartesia = pytest.importorskip("livekit.plugins.cartesia")

BRAND = load_dictionary(Path(__file__).parent / "data" / "providers" / "brand.toml")


def test_deepgram_stt_takes_keyterms_and_replacements() -> None:
    options = deepgram_stt_options(BRAND)
    stt = deepgram.STT(api_key="test-key", **options)
    assert stt.model == "nova-3"
    assert stt._opts.keyterm == ["LiveKit", "SKU", "Acme Care", "Tuolumne"]
    assert stt._opts.replace == {"lie kit": "LiveKit", "live kit": "LiveKit"}
    # the query string the plugin would open its websocket with
    from livekit.plugins.deepgram.stt import _to_deepgram_url

    url = _to_deepgram_url(
        {"keyterm": stt._opts.keyterm, "replace": stt._opts.replace},
        base_url="https://api.deepgram.com/v1/listen",
        websocket=True,
    )
    query = parse_qs(urlparse(url).query)
    assert query["keyterm"] == ["LiveKit", "SKU", "Acme Care", "Tuolumne"]
    assert query["replace"] == ["lie kit:LiveKit", "live kit:LiveKit"]


def test_deepgram_keyterms_need_nova_3() -> None:
    with pytest.raises(ValueError, match="needs a Nova-3 model"):
        deepgram_stt_options(BRAND, model="nova-2-general")
    options = deepgram_stt_options(BRAND, model="nova-2-general", keyterms=False)
    stt = deepgram.STT(api_key="test-key", **options)
    assert stt._opts.replace == {"lie kit": "LiveKit", "live kit": "LiveKit"}


async def test_session_keyterms() -> None:
    from livekit.agents import AgentSession

    session: AgentSession = AgentSession(stt_context_options=stt_context_options(BRAND))  # type: ignore[typeddict-item]
    assert session.keyterms == ["LiveKit", "SKU", "Acme Care", "Tuolumne"]


def test_elevenlabs_tts_with_locators_and_ssml() -> None:
    options = elevenlabs_tts_options(locators=[("dict-1", "ver-1"), ("dict-2", "ver-9")])
    tts = elevenlabs.TTS(api_key="test-key", **options)
    assert tts.model == "eleven_flash_v2"
    assert tts._opts.enable_ssml_parsing is True
    locators = tts._opts.pronunciation_dictionary_locators
    assert [(loc.pronunciation_dictionary_id, loc.version_id) for loc in locators] == [
        ("dict-1", "ver-1"),
        ("dict-2", "ver-9"),
    ]
    # and the session's rewriter detects the markup this TTS reads
    assert markup_for_tts(tts) == markup_for_name("elevenlabs:eleven_flash_v2")
    node = PronunciationRewriter(BRAND).for_tts(tts)
    assert node.rewrite("LiveKit") == '<phoneme alphabet="ipa" ph="ˈlaɪv.kɪt">LiveKit</phoneme>'


def test_elevenlabs_limits_and_models_without_phonemes() -> None:
    with pytest.raises(ValueError, match="ElevenLabs applies at most 3"):
        elevenlabs_tts_options(locators=[("a", "1"), ("b", "1"), ("c", "1"), ("d", "1")])
    options = elevenlabs_tts_options(model="eleven_turbo_v2_5")
    assert "enable_ssml_parsing" not in options
    tts = elevenlabs.TTS(api_key="test-key", **options)
    assert markup_for_tts(tts) is None
    assert PronunciationRewriter(BRAND).for_tts(tts).rewrite("LiveKit") == "Live Kit"
    no_ssml = elevenlabs.TTS(api_key="test-key", model="eleven_flash_v2")
    assert markup_for_tts(no_ssml) is None  # the tags would be read aloud
    english_only = elevenlabs.TTS(
        api_key="test-key", model="eleven_flash_v2", enable_ssml_parsing=True, language="de"
    )
    assert markup_for_tts(english_only) is None


def test_cartesia_tts_with_a_dictionary_and_markup_per_model() -> None:
    tts = cartesia.TTS(api_key="test-key", **cartesia_tts_options(pronunciation_dict_id="pd_1"))
    assert tts._opts.pronunciation_dict_id == "pd_1"
    node = PronunciationRewriter(BRAND)
    assert node.for_tts(tts).rewrite("Tuolumne") == "<<t|u|ˈ|ɑ|l|ə|m|i>>"
    sonic_2 = cartesia.TTS(api_key="test-key", model="sonic-2")
    assert node.for_tts(sonic_2).rewrite("Tuolumne") == "<<t|u|ɑ|l|ə|m|i>>"  # MFA: no stress
    with pytest.raises(ValueError, match="sonic-3 and newer"):
        cartesia_tts_options(model="sonic-2", pronunciation_dict_id="pd_1")


def test_a_fallback_adapter_gets_markup_only_if_all_agree() -> None:
    from livekit.agents import tts as lk_tts

    flash = elevenlabs.TTS(api_key="k", model="eleven_flash_v2", enable_ssml_parsing=True)
    sonic = cartesia.TTS(api_key="k")
    assert markup_for_tts(lk_tts.FallbackAdapter([flash, sonic])) is None
    same = elevenlabs.TTS(api_key="k", model="eleven_turbo_v2", enable_ssml_parsing=True)
    assert markup_for_tts(lk_tts.FallbackAdapter([flash, same])) is not None
