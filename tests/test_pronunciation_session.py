"""PronunciationRewriter in a real AgentSession: TTS hears the alias, people read the brand."""

from __future__ import annotations

import io

from livekit.agents import Agent, AgentSession

from voicenodes.compositions import compose, tts_text_transforms
from voicenodes.compositions.demo import demo_nodes, run_demo
from voicenodes.compositions.testing import ScriptedLLM, start_recorded_session
from voicenodes.nodes import PronunciationRewriter

ANSWER = (
    "**LiveKit's** APIs power ACME's agent: ask Siobhan about the Tuolumne parka, "
    "or see https://livekit.io/docs/livekit."
)
SPOKEN = (
    "Live Kit's A P Is power ACK-MEE's agent: ask shi-VAWN about the too-ALL-uh-mee parka, "
    "or see https://livekit.io/docs/livekit."
)


async def test_composed_agent_speaks_aliases_and_shows_the_brand() -> None:
    node = PronunciationRewriter.load("tech", "acme-outfitters")
    agent_cls = compose(Agent, node)
    async with start_recorded_session(
        agent_cls(instructions="Be brief."), llm_model=ScriptedLLM([ANSWER])
    ) as rec:
        await rec.session.run(user_input="Who can help me?")
    assert rec.tts.texts == [SPOKEN]  # type: ignore[attr-defined]
    chunks = rec.tts.received[0]  # type: ignore[attr-defined]
    assert len(chunks) > 10  # streamed, not buffered to the end
    assert rec.captions.segments == [ANSWER]
    assert rec.history_texts() == [ANSWER]


async def test_session_wide_transform_with_a_per_session_override() -> None:
    base = PronunciationRewriter.load("tech", "acme-outfitters")
    node = base.layered({"Siobhan": "Shivaun"})
    llm_model = ScriptedLLM([ANSWER])
    session_options = {"tts_text_transforms": tts_text_transforms(node)}
    async with start_recorded_session(
        Agent(instructions="Be brief."), llm_model=llm_model, **session_options
    ) as rec:
        assert isinstance(rec.session, AgentSession)
        await rec.session.run(user_input="Who can help me?")
    assert rec.tts.texts == [SPOKEN.replace("shi-VAWN", "Shivaun")]  # type: ignore[attr-defined]
    assert rec.history_texts() == [ANSWER]


async def test_the_demo_agent_uses_the_brand_dictionary() -> None:
    assert any(isinstance(node, PronunciationRewriter) for node in demo_nodes())
    out = io.StringIO()
    await run_demo(wav_path=None, out=out)
    lines = out.getvalue().splitlines()
    tts = " ".join(line for line in lines if line.strip().startswith("tts:"))
    history = " ".join(line for line in lines if line.strip().startswith("history:"))
    assert "too-ALL-uh-mee" in tts and "shi-VAWN" in tts and "Ack-mee Perks" in tts
    assert "Tuolumne" in history and "Siobhan" in history and "AcmePerks" in history
