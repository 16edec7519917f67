"""TranscriptRewriter: user transcripts carry the brand's written forms."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit.agents import Agent, stt
from livekit.agents.types import TimedString

from tests.rag_helpers import wait_for
from voicenodes.compositions import compose
from voicenodes.compositions.testing import (
    ScriptedLLM,
    ScriptedTurnSTT,
    SilentAudioInput,
    start_recorded_session,
)
from voicenodes.nodes import Dictionary, PronunciationRewriter, TranscriptRewriter
from voicenodes.nodes.pronunciation import Entry

NODE = TranscriptRewriter.load("tech", "acme-outfitters")
FINAL = stt.SpeechEventType.FINAL_TRANSCRIPT
INTERIM = stt.SpeechEventType.INTERIM_TRANSCRIPT
END = stt.SpeechEventType.END_OF_SPEECH


def event(kind: stt.SpeechEventType, text: str, t0: float = 0.0) -> stt.SpeechEvent:
    words = [
        TimedString(
            w, start_time=t0 + 0.3 * i, end_time=t0 + 0.3 * i + 0.25, confidence=0.8 + i / 100
        )
        for i, w in enumerate(text.split())
    ]
    data = stt.SpeechData(
        language="en",
        text=text,
        start_time=t0,
        end_time=t0 + 0.3 * len(words),
        confidence=0.9,
        words=words,
    )
    return stt.SpeechEvent(type=kind, request_id="req-1", alternatives=[data])


async def run(node: TranscriptRewriter, events: Sequence[stt.SpeechEvent]) -> list[stt.SpeechEvent]:
    async def source() -> AsyncIterator[stt.SpeechEvent]:
        for item in events:
            yield item

    return [e async for e in node.stt_output(source())]


def texts(events: Sequence[stt.SpeechEvent], kind: stt.SpeechEventType = FINAL) -> list[str]:
    return [e.alternatives[0].text for e in events if e.type == kind]


def test_spoken_forms_mishearings_and_case() -> None:
    heard = "so I use live kit and lie kit's API, engine x, livekit, acme care and gore tex"
    assert NODE.rewrite(heard) == (
        "so I use LiveKit and LiveKit's API, nginx, LiveKit, Acme Care and GORE-TEX"
    )
    # plain words, and acronyms (exact entries), are left as recognised
    assert NODE.rewrite("the teton trail is it us") == "the teton trail is it us"
    assert NODE.rewrite("Live Kit.") == "LiveKit."
    # never inside other words
    assert NODE.rewrite("olive kite") == "olive kite"


async def test_events_keep_their_fields_and_words_merge() -> None:
    source = event(FINAL, "I love live kit today", t0=2.0)
    (out,) = await run(NODE, [source])
    alt = out.alternatives[0]
    assert out.type == FINAL and out.request_id == "req-1"
    assert alt.text == "I love LiveKit today"
    assert (alt.language, alt.confidence) == ("en", 0.9)
    assert [str(w) for w in alt.words or []] == ["I", "love", "LiveKit", "today"]
    merged = (alt.words or [])[2]
    assert (merged.start_time, merged.end_time) == (2.6, 3.15)  # "live" start, "kit" end
    assert merged.confidence == pytest.approx(0.82)  # the lower of the two
    assert (alt.start_time, alt.end_time) == (2.0, 3.5)  # as the provider reported


async def test_a_phrase_split_between_final_transcripts() -> None:
    events = [
        event(INTERIM, "we love live"),
        event(FINAL, "We love live", 0.0),
        event(INTERIM, "kit. It is", 1.0),
        event(FINAL, "kit. It is great", 1.0),
        stt.SpeechEvent(type=END),
    ]
    out = await run(NODE, events)
    assert texts(out) == ["We love", "LiveKit. It is great"]
    assert texts(out, INTERIM) == ["we love live", "LiveKit. It is"]  # held words shown
    second = [e for e in out if e.type == FINAL][1].alternatives[0]
    assert [str(w) for w in second.words or []][:2] == ["LiveKit.", "It"]
    assert second.start_time == 0.6  # it now starts with the held word
    assert out[-1].type == END


async def test_held_words_go_out_at_end_of_speech_end_of_stream_or_after_a_pause() -> None:
    out = await run(NODE, [event(FINAL, "ask live"), stt.SpeechEvent(type=END)])
    assert [e.type for e in out] == [FINAL, FINAL, END]
    assert texts(out) == ["ask", "live"]
    assert texts(await run(NODE, [event(FINAL, "ask live")])) == ["ask", "live"]

    async def paused() -> AsyncIterator[stt.SpeechEvent]:
        yield event(FINAL, "ask live")
        await asyncio.sleep(0.3)
        yield event(FINAL, "again")

    quick = TranscriptRewriter.load("tech", hold_seconds=0.05)
    out = [e async for e in quick.stt_output(paused())]
    assert texts(out) == ["ask", "live", "again"]


def test_only_active_when_there_is_something_to_rewrite() -> None:
    nothing = TranscriptRewriter(Dictionary(name="d", entries=(Entry(("Acme",), "Ack-mee"),)))
    assert nothing.active_hooks() == frozenset()
    agent_cls = compose(Agent, nothing, PronunciationRewriter.load("acme-outfitters"))
    assert agent_cls.stt_node is Agent.stt_node  # LiveKit keeps its STT-stream reuse
    assert NODE.active_hooks() == {"stt_output"}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_finals_cut_anywhere_give_the_whole_rewrite(data: st.DataObject) -> None:
    vocabulary = [
        "live",
        "kit",
        "lie",
        "kit's",
        "engine",
        "x",
        "acme",
        "care",
        "gore",
        "tex",
        "we",
        "so",
    ]
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=12))
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(words) - 1)), max_size=4)))
    finals = [" ".join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, len(words)], strict=False)]
    finals = [f for f in finals if f]
    out = asyncio.run(run(NODE, [event(FINAL, f) for f in finals]))
    assert " ".join(texts(out)) == NODE.rewrite(" ".join(words))


async def test_in_a_session_the_user_turn_carries_the_written_form() -> None:
    llm_model = ScriptedLLM(["Sure."])
    stt_model = ScriptedTurnSTT()
    agent = compose(Agent, NODE)(instructions="x")
    turns = {"turn_detection": "stt", "endpointing": {"min_delay": 0.2, "max_delay": 1.0}}
    async with start_recorded_session(
        agent, llm_model=llm_model, stt=stt_model, turn_handling=turns
    ) as rec:
        rec.session.input.audio = SilentAudioInput()
        await stt_model.user_says("tell me about lie kit and engine x")
        await wait_for(lambda: bool(rec.history_texts()))
        users = rec.history_texts("user")
    assert users == ["tell me about LiveKit and nginx"]
    request = llm_model.requests[-1]
    assert request.items[-1].text_content == "tell me about LiveKit and nginx"  # type: ignore[union-attr]
