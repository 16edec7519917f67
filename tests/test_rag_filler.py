"""The verbal status ("Let me check that…"): spoken first when retrieval is slow, only then."""

from __future__ import annotations

from livekit.agents import Agent, llm

from voicenodes.compositions import compose
from voicenodes.compositions.testing import (
    RecordingTTS,
    ScriptedLLM,
    ScriptedTurnSTT,
    SilentAudioInput,
    start_recorded_session,
)
from voicenodes.nodes import RagInjector
from voicenodes.nodes.rag import find_reference

from .rag_helpers import CountingRetriever, wait_for

FILLER = "Let me check that."
VOICE_TURNS = {
    "turn_detection": "stt",
    "endpointing": {"min_delay": 0.2, "max_delay": 1.0},
    "interruption": {"resume_false_interruption": False},
}


def answering_llm(tts: RecordingTTS, seen_at_request: list[list[str]]) -> ScriptedLLM:
    def respond(ctx: llm.ChatContext) -> str:
        seen_at_request.append(list(tts.texts))
        return "Thirty days." if find_reference(ctx) else "I'm not sure."

    return ScriptedLLM(respond)


def rag_agent(delay: float, budget_ms: float = 1000, **options: object) -> Agent:
    node = RagInjector(
        CountingRetriever(delay=delay),
        budget_ms=budget_ms,
        filler=FILLER,
        filler_after_ms=100,
        **options,  # type: ignore[arg-type]
    )
    return compose(Agent, node)(instructions="x")


async def test_slow_retrieval_says_the_filler_before_the_answer() -> None:
    tts, seen = RecordingTTS(), []
    llm_model = answering_llm(tts, seen)
    async with start_recorded_session(rag_agent(0.4), llm_model=llm_model, tts_model=tts) as rec:
        await rec.session.run(user_input="How long is the return window?")
    assert seen == [[FILLER + " "]]  # spoken while retrieving, before the LLM was asked
    assert tts.texts == [FILLER + " ", "Thirty days."]  # its own segment, then the answer
    assert rec.history_texts() == [FILLER + " Thirty days."]
    assert find_reference(llm_model.requests[0]) is not None  # retrieval made the budget


async def test_fast_retrieval_says_no_filler() -> None:
    tts, seen = RecordingTTS(), []
    llm_model = answering_llm(tts, seen)
    async with start_recorded_session(rag_agent(0.0), llm_model=llm_model, tts_model=tts) as rec:
        await rec.session.run(user_input="How long is the return window?")
    assert tts.texts == ["Thirty days."]
    assert rec.history_texts() == ["Thirty days."]


async def test_fillers_rotate_per_session() -> None:
    tts, seen = RecordingTTS(), []
    agent = compose(
        Agent,
        RagInjector(
            CountingRetriever(delay=0.25),
            budget_ms=1000,
            filler=["One moment.", "Let me look."],
            filler_after_ms=50,
        ),
    )(instructions="x")
    async with start_recorded_session(
        agent, llm_model=answering_llm(tts, seen), tts_model=tts
    ) as rec:
        await rec.session.run(user_input="How long is the return window?")
        await rec.session.run(user_input="Do you ship to Japan?")
    assert [text for text in tts.texts if text.endswith(" ")] == ["One moment. ", "Let me look. "]


async def test_no_filler_while_the_user_is_still_speaking() -> None:
    # retrieval (0.3 s) outlasts filler_after (0.1 s) but ends before the end of turn
    # (0.8 s after the preflight transcript): the user never waited, nothing is said
    tts, seen = RecordingTTS(), []
    llm_model = answering_llm(tts, seen)
    stt_model = ScriptedTurnSTT()
    async with start_recorded_session(
        rag_agent(0.3),
        llm_model=llm_model,
        tts_model=tts,
        stt=stt_model,
        turn_handling=VOICE_TURNS,
    ) as rec:
        rec.session.input.audio = SilentAudioInput()
        await stt_model.user_says("how long is the return window", final_after=0.8)
        await wait_for(lambda: bool(rec.history_texts()))
    assert rec.history_texts() == ["Thirty days."]
    assert FILLER + " " not in tts.texts
    assert len(llm_model.requests) == 1  # the preemptive generation was kept


async def test_filler_after_the_end_of_turn_when_retrieval_is_still_running() -> None:
    tts, seen = RecordingTTS(), []
    llm_model = answering_llm(tts, seen)
    stt_model = ScriptedTurnSTT()
    async with start_recorded_session(
        rag_agent(1.5, budget_ms=3000),
        llm_model=llm_model,
        tts_model=tts,
        stt=stt_model,
        turn_handling=VOICE_TURNS,
    ) as rec:
        rec.session.input.audio = SilentAudioInput()
        await stt_model.user_says("how long is the return window", final_after=0.1)
        await wait_for(lambda: len(tts.texts) >= 2, timeout=8)
    assert tts.texts == [FILLER + " ", "Thirty days."]
    assert len(llm_model.requests) == 1
