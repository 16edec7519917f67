"""Provider-aware pronunciation and aligned transcripts in a real AgentSession."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from livekit.agents import Agent
from livekit.agents.types import NOT_GIVEN

from voicenodes.compositions import compose, tts_text_transforms
from voicenodes.compositions.testing import RecordingTTS, ScriptedLLM, start_recorded_session
from voicenodes.nodes import NumberNormalizer, PronunciationRewriter

ANSWER = "LiveKit's plan costs $12.50 today: ask Siobhan at ACME about the Tuolumne, or 3M."
WRITTEN = ANSWER


class ElevenLabsLikeTTS(RecordingTTS):
    """A RecordingTTS that presents itself as the ElevenLabs plugin does: its class lives
    in ``livekit.plugins.elevenlabs``, it has a model and the plugin's options. Detection
    reads exactly those, so the session treats it as that provider."""

    __module__ = "livekit.plugins.elevenlabs.tts"

    def __init__(self, model: str, *, ssml: bool = True, aligned: bool = True) -> None:
        super().__init__(aligned=aligned)
        self._model = model
        self._opts = SimpleNamespace(enable_ssml_parsing=ssml, language=NOT_GIVEN)

    @property
    def model(self) -> str:
        return self._model


def _agent(*nodes: Any) -> Agent:
    return compose(Agent, *nodes)(instructions="Be brief.")


def _brand() -> PronunciationRewriter:
    return PronunciationRewriter.load("tech", "acme-outfitters")


async def test_aligned_transcripts_keep_the_written_form() -> None:
    tts = RecordingTTS(aligned=True)
    async with start_recorded_session(
        _agent(_brand(), NumberNormalizer()),
        llm_model=ScriptedLLM([ANSWER]),
        tts_model=tts,
        use_tts_aligned_transcript=True,
    ) as rec:
        await rec.session.run(user_input="What does it cost?")
    spoken = tts.texts[0]
    assert "Live Kit's" in spoken and "twelve dollars fifty cents" in spoken
    assert "shi-VAWN" in spoken and "ACK-MEE" in spoken
    assert rec.captions.segments == [WRITTEN]
    assert rec.history_texts() == [WRITTEN]


async def test_without_the_mapping_aligned_captions_would_show_the_aliases() -> None:
    # the same session with the nodes as LiveKit session transforms: LiveKit takes the
    # TTS words as they are (the mapping lives in the composed tts_node)
    tts = RecordingTTS(aligned=True)
    transforms = tts_text_transforms(_brand(), NumberNormalizer())
    async with start_recorded_session(
        Agent(instructions="Be brief."),
        llm_model=ScriptedLLM([ANSWER]),
        tts_model=tts,
        use_tts_aligned_transcript=True,
        tts_text_transforms=transforms,
    ) as rec:
        await rec.session.run(user_input="What does it cost?")
    assert rec.history_texts() == [tts.texts[0]]
    assert "Live Kit's" in rec.history_texts()[0]


async def test_the_session_tts_decides_the_markup_and_nothing_breaks_it() -> None:
    tts = ElevenLabsLikeTTS("eleven_flash_v2")
    answer = "**Acme** ships the *Tuolumne* parka for $250 to LiveKit's 3 offices."
    async with start_recorded_session(
        _agent(_brand(), NumberNormalizer()),
        llm_model=ScriptedLLM([answer]),
        tts_model=tts,
        use_tts_aligned_transcript=True,
    ) as rec:
        await rec.session.run(user_input="What ships?")
    spoken = tts.texts[0]
    assert '<phoneme alphabet="ipa" ph="ˈæk.mi">Acme</phoneme>' in spoken
    assert '<phoneme alphabet="ipa" ph="tuˈɑl.ə.mi">Tuolumne</phoneme>' in spoken
    assert '<phoneme alphabet="ipa" ph="ˈlaɪv.kɪts">LiveKit\'s</phoneme>' in spoken
    assert "two hundred fifty dollars" in spoken and "three offices" in spoken
    assert "*" not in spoken  # LiveKit's markdown filter ran first and left the tags alone
    written = "Acme ships the Tuolumne parka for $250 to LiveKit's 3 offices."
    assert rec.captions.segments == [written]
    assert rec.history_texts() == [written]


async def test_a_model_that_skips_phonemes_gets_aliases() -> None:
    for tts in (
        ElevenLabsLikeTTS("eleven_flash_v2_5"),
        ElevenLabsLikeTTS("eleven_flash_v2", ssml=False),
    ):
        async with start_recorded_session(
            _agent(_brand()), llm_model=ScriptedLLM(["Acme and LiveKit."]), tts_model=tts
        ) as rec:
            await rec.session.run(user_input="Who?")
        assert tts.texts == ["Ack-mee and Live Kit."]


async def test_one_node_serves_sessions_with_different_tts() -> None:
    node = _brand()
    agent_cls = compose(Agent, node)
    texts = []
    for tts in (ElevenLabsLikeTTS("eleven_flash_v2"), RecordingTTS()):
        async with start_recorded_session(
            agent_cls(instructions="x"), llm_model=ScriptedLLM(["Acme."]), tts_model=tts
        ) as rec:
            await rec.session.run(user_input="Who?")
        texts.append(tts.texts[-1])
    assert texts == ['<phoneme alphabet="ipa" ph="ˈæk.mi">Acme</phoneme>.', "Ack-mee."]
    assert node.markup is None  # the shared node itself is unchanged


async def test_session_wide_transform_with_explicit_markup() -> None:
    tts = RecordingTTS()
    node = _brand().for_tts("cartesia:sonic-3")
    async with start_recorded_session(
        Agent(instructions="x"),
        llm_model=ScriptedLLM(["Acme costs $5."]),
        tts_model=tts,
        tts_text_transforms=tts_text_transforms(node, NumberNormalizer()),
    ) as rec:
        await rec.session.run(user_input="Price?")
    assert tts.texts == ["<<ˈ|æ|k|m|i>> costs five dollars."]
