"""Composed agents inside a real AgentSession (no room): the behaviours issue #2 promises."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterable, AsyncIterator

import pytest
from livekit import rtc
from livekit.agents import Agent, AgentSession, function_tool, llm, stt
from livekit.agents.voice import ModelSettings

from voicenodes.compositions import compose, tts_text_transforms, with_nodes
from voicenodes.compositions.testing import (
    IdleRealtimeModel,
    RecordingTTS,
    ScriptedLLM,
    ScriptedReply,
    ScriptedSTT,
    ToolCall,
    start_recorded_session,
)
from voicenodes.nodes import Node, PatternRewriter

from .helpers import ExplodingText, InjectNote, Replace

ANSWER = "Your order ships on Monday, and the total is $12.50 with tax."
MONEY = PatternRewriter(
    r"\$(\d{1,9})\.(\d\d)(?!\d)", lambda m: f"{m[1]} dollars {m[2]} cents", name="Money"
)


class Shout(Node):
    async def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
        async for chunk in stream:
            yield chunk.upper()


class CountFrames(Node):
    """tts_output: counts frames per stream, checks userdata survives, marks the frames."""

    def __init__(self) -> None:
        self.frames = 0
        self.userdata_seen = 0

    async def tts_output(
        self, frames: AsyncIterable[rtc.AudioFrame]
    ) -> AsyncIterator[rtc.AudioFrame]:
        async for frame in frames:
            self.frames += 1
            self.userdata_seen += isinstance(frame.userdata, dict)
            frame.userdata.setdefault("marks", []).append(self.frames)
            yield frame


class WeatherAgent(Agent):
    def __init__(self) -> None:
        super().__init__(instructions="You answer weather questions.")

    @function_tool
    async def lookup_weather(self, city: str) -> str:
        """Look up the weather of a city."""
        return f"Sunny in {city}"


async def test_tts_input_changes_audio_text_only() -> None:
    agent_cls = compose(Agent, MONEY)
    async with start_recorded_session(
        agent_cls(instructions="Be brief."), llm_model=ScriptedLLM([ANSWER])
    ) as rec:
        await rec.session.run(user_input="When does it ship?")
    assert rec.tts.texts == [  # type: ignore[union-attr]
        "Your order ships on Monday, and the total is 12 dollars 50 cents with tax."
    ]
    assert rec.captions.segments == [ANSWER]
    assert rec.history_texts() == [ANSWER]
    assert rec.audio.duration > 0


async def test_llm_input_reaches_request_once_per_step_and_is_not_persisted() -> None:
    llm_model = ScriptedLLM(
        [
            ScriptedReply("Let me check.", [ToolCall("lookup_weather", {"city": "Paris"})]),
            "It is sunny in Paris.",
        ]
    )
    note = InjectNote("Reference: Paris is in France.")
    agent = compose(WeatherAgent, note)()
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="Weather in Paris?")
        persisted = [item.id for item in agent.chat_ctx.items]

    assert len(llm_model.requests) == 2  # the reply, then the tool follow-up step
    assert note.calls == 2  # the hook ran again in the follow-up step...
    for step, request in enumerate(llm_model.requests, start=1):
        notes = [i for i in request.items if i.id == "voicenodes-test-note"]
        assert len(notes) == 1  # ...and replaced its first edit instead of adding one
        assert notes[0].text_content == f"Reference: Paris is in France. (call {step})"
    follow_up = llm_model.requests[1]
    assert any(item.type == "function_call_output" for item in follow_up.items)
    assert "voicenodes-test-note" not in persisted
    assert all(item.id != "voicenodes-test-note" for item in rec.session.history.items)
    assert rec.history_texts()[-1] == "It is sunny in Paris."


async def test_failing_llm_input_sends_the_unedited_request(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Vandal(Node):
        async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
            chat_ctx.items.clear()
            raise RuntimeError("retriever down")

    llm_model = ScriptedLLM(["Fine."])
    agent_cls = compose(Agent, InjectNote("kept"), Vandal())
    with caplog.at_level(logging.ERROR, logger="voicenodes"):
        async with start_recorded_session(agent_cls(instructions="x"), llm_model=llm_model) as rec:
            await rec.session.run(user_input="hello")
    request = llm_model.requests[0]
    assert [m.text_content for m in request.messages() if m.role == "user"] == ["hello"]
    assert next(m.text_content for m in request.messages() if m.role == "system") == "x"
    assert request.get_by_id("voicenodes-test-note") is not None  # the earlier node's edit
    assert rec.history_texts() == ["Fine."]
    assert any("Vandal failed in llm_input" in r.getMessage() for r in caplog.records)


async def test_base_class_tts_node_still_runs_under_with_nodes() -> None:
    calls: list[str] = []

    @with_nodes(MONEY)
    class Existing(Agent):
        """An agent with its own tts_node override."""

        async def tts_node(
            self, text: AsyncIterable[str], model_settings: ModelSettings
        ) -> AsyncIterator[rtc.AudioFrame]:
            async def mark(source: AsyncIterable[str]) -> AsyncIterator[str]:
                async for chunk in source:
                    calls.append(chunk)
                    yield chunk.replace("Monday", "Tuesday")

            async for frame in Agent.default.tts_node(self, mark(text), model_settings):
                yield frame

    assert Existing.__name__ == "Existing"
    assert Existing.__doc__ == "An agent with its own tts_node override."
    async with start_recorded_session(
        Existing(instructions="x"), llm_model=ScriptedLLM([ANSWER])
    ) as rec:
        await rec.session.run(user_input="When?")
    # the node rewrote the money before the base override saw the text
    assert "".join(calls) == ANSWER.replace("$12.50", "12 dollars 50 cents")
    assert "Tuesday" in rec.tts.texts[0]  # type: ignore[union-attr]
    assert rec.history_texts() == [ANSWER]


def test_only_the_needed_livekit_nodes_are_overridden() -> None:
    text_only = compose(Agent, MONEY)
    assert text_only.stt_node is Agent.stt_node
    assert text_only.llm_node is Agent.llm_node
    assert text_only.transcription_node is Agent.transcription_node
    assert text_only.tts_node is not Agent.tts_node
    assert text_only.realtime_audio_output_node is Agent.realtime_audio_output_node

    context_only = compose(Agent, InjectNote("x"))
    assert context_only.tts_node is Agent.tts_node
    assert context_only.llm_node is not Agent.llm_node
    assert compose(Agent).__dict__.keys().isdisjoint({"llm_node", "tts_node", "stt_node"})


async def test_order_of_several_nodes_along_the_flow() -> None:
    first, second = CountFrames(), CountFrames()
    agent_cls = compose(
        Agent, Replace("cat", "dog"), Shout(), Replace("DOG", "wolf"), first, second
    )
    async with start_recorded_session(
        agent_cls(instructions="x"), llm_model=ScriptedLLM(["the cat sat"])
    ) as rec:
        await rec.session.run(user_input="go")
    assert rec.tts.texts == ["THE wolf SAT"]  # type: ignore[union-attr]
    assert first.frames == second.frames > 0
    assert first.userdata_seen == first.frames
    assert all(
        frame.userdata["marks"][0] == frame.userdata["marks"][1] for frame in rec.audio.frames
    )


async def test_composing_a_composed_class_appends_nodes() -> None:
    inner = compose(Agent, Replace("cat", "dog"))
    outer = compose(inner, Replace("dog", "wolf"))
    assert issubclass(outer, inner)
    async with start_recorded_session(
        outer(instructions="x"), llm_model=ScriptedLLM(["a cat"])
    ) as rec:
        await rec.session.run(user_input="go")
    assert rec.tts.texts == ["a wolf"]  # type: ignore[union-attr]


async def test_concurrent_sessions_share_node_instances_without_cross_talk() -> None:
    shared = compose(Agent, MONEY, Replace("cat", "dog"))
    replies = {
        "a": "The cat costs $10.25 and the cat is small.",
        "b": "A cat and $99.99, then another cat today.",
    }

    async def one(key: str) -> list[str]:
        llm_model = ScriptedLLM([replies[key]], token_delay=0.001)
        async with start_recorded_session(shared(instructions="x"), llm_model=llm_model) as rec:
            await rec.session.run(user_input=key)
            return rec.tts.texts  # type: ignore[union-attr]

    got_a, got_b = await asyncio.gather(one("a"), one("b"))
    assert got_a == ["The dog costs 10 dollars 25 cents and the dog is small."]
    assert got_b == ["A dog and 99 dollars 99 cents, then another dog today."]


@pytest.mark.parametrize("broken", [ExplodingText(fail_on=4), "generic"])
async def test_node_exception_mid_stream_still_delivers_all_text(
    broken: Node | str, caplog: pytest.LogCaptureFixture
) -> None:
    class BreaksAfterAFewChunks(Node):
        async def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
            seen = 0
            async for chunk in stream:
                seen += 1
                if seen == 4:
                    raise RuntimeError("node bug")
                yield chunk

    node = BreaksAfterAFewChunks() if broken == "generic" else broken
    friday = PatternRewriter(r"\bMonday\b", lambda m: "Friday")
    agent_cls = compose(Agent, node, friday)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="voicenodes"):
        async with start_recorded_session(
            agent_cls(instructions="x"), llm_model=ScriptedLLM([ANSWER])
        ) as rec:
            await rec.session.run(user_input="When?")
    assert rec.tts.texts == [ANSWER.replace("Monday", "Friday")]  # type: ignore[union-attr]
    assert rec.history_texts() == [ANSWER]
    assert len([r for r in caplog.records if "failed in tts_input" in r.getMessage()]) == 1


async def test_llm_output_and_transcript_hooks_reach_captions_and_history() -> None:
    class DropBrackets(Node):
        async def llm_output(self, stream: AsyncIterable[object]) -> AsyncIterator[object]:
            async for chunk in stream:
                if isinstance(chunk, llm.ChatChunk) and chunk.delta and chunk.delta.content:
                    chunk.delta.content = chunk.delta.content.replace("[", "").replace("]", "")
                yield chunk

    class CaptionTag(Node):
        async def transcript(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
            async for chunk in stream:
                yield chunk
            yield " (captioned)"

    agent_cls = compose(Agent, DropBrackets(), CaptionTag())
    async with start_recorded_session(
        agent_cls(instructions="x"), llm_model=ScriptedLLM(["[Hello] there."])
    ) as rec:
        await rec.session.run(user_input="hi")
    assert rec.tts.texts == ["Hello there."]  # type: ignore[union-attr]
    assert rec.captions.segments == ["Hello there. (captioned)"]
    assert rec.history_texts() == ["Hello there. (captioned)"]


async def test_stt_hooks_run_around_the_real_stt_node() -> None:
    class Fix(Node):
        def __init__(self) -> None:
            self.frames = 0

        async def stt_input(
            self, frames: AsyncIterable[rtc.AudioFrame]
        ) -> AsyncIterator[rtc.AudioFrame]:
            async for frame in frames:
                self.frames += 1
                yield frame

        async def stt_output(self, events: AsyncIterable[object]) -> AsyncIterator[object]:
            async for event in events:
                for alt in getattr(event, "alternatives", []):
                    alt.text = alt.text.replace("live kit", "LiveKit")
                yield event

    fix = Fix()
    agent_cls = compose(Agent, fix)
    assert agent_cls.stt_node is not Agent.stt_node
    stt_model = ScriptedSTT(["I love live kit"], frames_per_transcript=3)
    agent = agent_cls(instructions="x", stt=stt_model)

    async def microphone() -> AsyncIterator[rtc.AudioFrame]:
        for _ in range(3):
            yield rtc.AudioFrame(b"\x00\x00" * 160, 16000, 1, 160)

    texts: list[str] = []
    async with start_recorded_session(agent, llm_model=ScriptedLLM([])):
        events = agent.stt_node(microphone(), ModelSettings())
        stream = await events if asyncio.iscoroutine(events) else events
        async for event in stream:  # type: ignore[union-attr]
            if event.alternatives:
                texts.append(event.alternatives[0].text)
            if event.type == stt.SpeechEventType.FINAL_TRANSCRIPT:
                break
        await stream.aclose()  # type: ignore[union-attr]
    assert fix.frames == 3 == len(stt_model.frames_seen)
    assert texts == ["I love LiveKit", "I love LiveKit"]  # interim and final


async def test_interruption_closes_every_node_stream() -> None:
    opened: list[str] = []
    closed: list[str] = []

    class Tracks(Node):
        async def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
            opened.append("tts")
            try:
                async for chunk in stream:
                    yield chunk
            finally:
                closed.append("tts")

    long_reply = " ".join(["This is a long answer that keeps going."] * 40)
    llm_model = ScriptedLLM([long_reply], token_delay=0.005)
    agent_cls = compose(Agent, Tracks(), MONEY)
    async with start_recorded_session(
        agent_cls(instructions="x"), llm_model=llm_model, playout_speed=1.0
    ) as rec:
        handle = rec.session.generate_reply(user_input="talk")
        for _ in range(200):
            if rec.audio.frames:
                break
            await asyncio.sleep(0.01)
        handle.interrupt()
        await handle
        await asyncio.sleep(0.05)
        assert opened == closed == ["tts"]
        ours = [t for t in asyncio.all_tasks() if "voicenodes" in repr(t.get_coro())]
        assert ours == []
    tts_text = rec.tts.texts[0]  # type: ignore[union-attr]
    assert 0 < len(tts_text) < len(long_reply)


async def test_session_wide_text_transforms() -> None:
    llm_model = ScriptedLLM(["**Total**: $12.50."])
    async with start_recorded_session(
        Agent(instructions="x"),
        llm_model=llm_model,
        tts_text_transforms=tts_text_transforms(MONEY, ExplodingText(fail_on=99)),
    ) as rec:
        await rec.session.run(user_input="total?")
    assert rec.tts.texts == ["Total: 12 dollars 50 cents."]  # type: ignore[union-attr]
    assert rec.captions.segments == ["**Total**: $12.50."]


async def test_realtime_model_reports_skipped_hooks_once(caplog: pytest.LogCaptureFixture) -> None:
    agent_cls = compose(Agent, InjectNote("x"), MONEY, CountFrames())
    session: AgentSession = AgentSession(llm=IdleRealtimeModel(), vad=None)
    with caplog.at_level(logging.WARNING, logger="voicenodes"):
        await session.start(agent_cls(instructions="x"))
        await asyncio.sleep(0.05)
        session.update_agent(agent_cls(instructions="again"))
        await asyncio.sleep(0.05)
        await session.aclose()
    warnings = [r.getMessage() for r in caplog.records if "realtime model" in r.getMessage()]
    assert len(warnings) == 1
    assert "InjectNote.llm_input" in warnings[0]
    assert "Money.tts_input" in warnings[0]
    assert "CountFrames" not in warnings[0]  # tts_output applies to the model's own audio
    assert RecordingTTS  # the doubles import cleanly alongside the realtime model


async def test_audio_output_hooks_apply_to_a_realtime_models_audio() -> None:
    counter = CountFrames()
    agent = compose(Agent, counter)(instructions="x")
    session: AgentSession = AgentSession(llm=IdleRealtimeModel(), vad=None)
    await session.start(agent)
    try:

        async def model_audio() -> AsyncIterator[rtc.AudioFrame]:
            for _ in range(4):
                yield rtc.AudioFrame(b"\x00\x00" * 480, 24000, 1, 480)

        result = agent.realtime_audio_output_node(model_audio(), ModelSettings())
        stream = await result if asyncio.iscoroutine(result) else result
        frames = [frame async for frame in stream]  # type: ignore[union-attr]
    finally:
        await session.aclose()
    assert len(frames) == counter.frames == 4
    assert [frame.userdata["marks"] for frame in frames] == [[1], [2], [3], [4]]
