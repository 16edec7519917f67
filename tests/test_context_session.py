"""ContextTrimmer inside a real AgentSession: long conversations with tool calls."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import pytest
from livekit.agents import Agent, function_tool, llm
from livekit.agents.voice import SpeechHandle
from livekit.agents.voice.agent_activity import _SpeechHandleContextVar

from voicenodes.compositions import compose
from voicenodes.compositions.testing import (
    ScriptedLLM,
    ScriptedReply,
    ToolCall,
    start_recorded_session,
)
from voicenodes.nodes import ContextTrimmer, Summarizer
from voicenodes.nodes.context.counting import REQUEST_OVERHEAD, EstimateCounter
from voicenodes.nodes.context.summary import SUMMARY_ID

INSTRUCTIONS = "You are a travel assistant. Use lookup_weather for weather questions."
CITIES = ["Paris", "Lima", "Oslo", "Kyoto", "Cairo", "Quito", "Perth"]
COUNTER = EstimateCounter()


class TravelAgent(Agent):
    def __init__(self, chat_ctx: llm.ChatContext | None = None) -> None:
        super().__init__(instructions=INSTRUCTIONS, chat_ctx=chat_ctx)

    @function_tool
    async def lookup_weather(self, city: str) -> str:
        """Look up the weather of a city."""
        return f"{city}: sunny, 24 degrees, light wind from the west, humidity 40 percent"


def user_turns(count: int) -> list[str]:
    turns = []
    for n in range(count):
        if n % 2 == 0:
            turns.append(f"What is the weather in {CITIES[n // 2 % len(CITIES)]}?")
        else:
            turns.append(f"Thanks. Tell me one fact about trip number {n}, please.")
    return turns


def respond(chat_ctx: llm.ChatContext) -> str | ScriptedReply:
    """The scripted model: weather questions call the tool, the rest get a reply."""
    last = chat_ctx.items[-1]
    if last.type == "function_call_output":
        return f"Here you go: {last.output}. Anything else for your trip?"
    question = next(m for m in reversed(chat_ctx.messages()) if m.role == "user").text_content
    assert question is not None
    if question.startswith("What is the weather"):
        city = question.rstrip("?").split()[-1]
        return ScriptedReply("Let me check.", [ToolCall("lookup_weather", {"city": city})])
    return f"Sure. {question} Trip facts are my favourite topic, and here is a long one."


def tokens_of(request: llm.ChatContext) -> int:
    return REQUEST_OVERHEAD + sum(COUNTER.count_item(item) for item in request.items)


def user_texts(items: list[llm.ChatItem]) -> list[str]:
    return [i.text_content or "" for i in items if i.type == "message" and i.role == "user"]


def check_request_shape(request: llm.ChatContext) -> None:
    items = request.items
    assert items[0].type == "message" and items[0].role == "system"
    conversation = [
        i
        for i in items
        if i.type in ("message", "function_call", "function_call_output")
        and not (i.type == "message" and i.role == "system")
    ]
    assert conversation[0].type == "message" and conversation[0].role == "user"
    calls = {i.call_id for i in items if i.type == "function_call"}
    outputs = {i.call_id for i in items if i.type == "function_call_output"}
    assert calls == outputs, "a call without its output, or an output without its call"


async def run_conversation(
    trimmer: ContextTrimmer, turns: list[str], llm_model: ScriptedLLM | None = None
) -> tuple[Any, ScriptedLLM, Agent]:
    llm_model = llm_model or ScriptedLLM(respond)
    agent = compose(TravelAgent, trimmer)()
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        for text in turns:
            await rec.session.run(user_input=text)
    return rec, llm_model, agent


BUDGET = 260


async def test_a_long_conversation_with_tools_stays_within_budget() -> None:
    turns = user_turns(14)
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate")
    rec, llm_model, agent = await run_conversation(trimmer, turns)

    answers = [t for t in rec.history_texts() if t != "Let me check."]
    assert len(answers) == len(turns)  # every turn answered, tool turns included
    assert all(answer.startswith("Here you go: ") for answer in answers[::2])
    requests = [r for r in llm_model.requests]
    assert len(requests) == len(turns) + len(turns) // 2  # tool turns take two requests
    full_sizes = []
    for request in requests:
        assert tokens_of(request) <= BUDGET
        check_request_shape(request)
        full_sizes.append(len(request.items))
    asked = [user_texts(r.items)[-1] for r in requests]
    assert asked == [t for t in turns for _ in range(2 if t.startswith("What") else 1)]
    assert max(tokens_of(r) for r in requests) > BUDGET * 0.7  # the budget was used...
    assert len(user_texts(requests[-1].items)) < len(turns)  # ...and binding: turns dropped

    # nothing persisted: the session transcript and the agent's history are complete
    assert user_texts(rec.session.history.items) == turns
    assert user_texts(agent.chat_ctx.items) == turns
    assert sum(i.type == "function_call" for i in rec.session.history.items) == len(turns) // 2


async def test_tool_follow_up_step_is_trimmed_again_after_livekit_re_merges() -> None:
    turns = user_turns(9)
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate")
    _, llm_model, _ = await run_conversation(trimmer, turns)
    last_reply, follow_up = llm_model.requests[-2:]
    # LiveKit merges the full history back into the follow-up step's context; the
    # trimmer cuts it again to the same older turns, plus the new call and output
    assert tokens_of(follow_up) <= BUDGET
    older = [i.id for i in last_reply.items]
    kept_again = [i.id for i in follow_up.items if i.id in set(older)]
    assert set(kept_again) <= set(older)
    assert follow_up.items[-1].type == "function_call_output"


async def test_persistence_trims_the_agents_history_but_not_the_transcript() -> None:
    turns = user_turns(14)
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate", persist=True)
    rec, llm_model, agent = await run_conversation(trimmer, turns)

    for request in llm_model.requests:
        assert tokens_of(request) <= BUDGET
        check_request_shape(request)
    history = agent.chat_ctx
    check_request_shape(history)
    remembered = user_texts(history.items)
    assert len(remembered) < len(turns)
    assert remembered == turns[-len(remembered) :]  # the newest turns, in order
    assert user_texts(rec.session.history.items) == turns  # the transcript is complete
    assert len([a for a in rec.history_texts() if a != "Let me check."]) == len(turns)


async def test_over_budget_logs_once_per_request_and_still_answers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    trimmer = ContextTrimmer(max_tokens=20, counter="estimate")
    with caplog.at_level(logging.WARNING, logger="voicenodes"):
        rec, llm_model, _ = await run_conversation(trimmer, user_turns(3))
    warnings = [r for r in caplog.records if "ContextTrimmer" in r.getMessage()]
    assert len(warnings) == len(llm_model.requests) == 5
    assert "more than max_tokens=20" in warnings[0].getMessage()
    for request in llm_model.requests:  # the smallest valid context: instructions + turn
        assert user_texts(request.items) == user_texts(request.items)[-1:]
        check_request_shape(request)
    assert len(rec.history_texts()) == 5


def summary_aware(delay_s: float = 0.0) -> ScriptedLLM:
    """Answers the agent like :func:`respond`, and summary requests with a summary."""

    def reply(chat_ctx: llm.ChatContext) -> str | ScriptedReply:
        first = chat_ctx.items[0]
        if first.type == "message" and "compress" in (first.text_content or ""):
            source = chat_ctx.items[-1].text_content or ""
            return f"The user asked about {source.count('<user>')} things."
        return respond(chat_ctx)

    return ScriptedLLM(reply, first_token_delay=delay_s)


async def test_summaries_stand_in_for_dropped_turns_from_the_next_request() -> None:
    llm_model = summary_aware()
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate", summarize=True)
    rec, _, _ = await run_conversation(trimmer, user_turns(14), llm_model)

    agent_requests = [r for r in llm_model.requests if r.items[0].id != r.items[-1].id]
    summary_requests = [
        r for r in llm_model.requests if "compress" in (r.items[0].text_content or "")
    ]
    assert summary_requests, "no summary was ever requested"
    with_summary = [r for r in agent_requests if r.get_by_id(SUMMARY_ID) is not None]
    assert with_summary, "no request used the summary"
    first_use = next(n for n, r in enumerate(llm_model.requests) if r in with_summary)
    first_ask = next(n for n, r in enumerate(llm_model.requests) if r in summary_requests)
    assert first_ask < first_use  # produced in the background, used later
    for request in with_summary:
        summary = request.get_by_id(SUMMARY_ID)
        assert summary is not None and "The user asked about" in (summary.text_content or "")
        assert tokens_of(request) <= BUDGET
        position = request.items.index(summary)
        assert all(i.type == "message" and i.role == "system" for i in request.items[:position])
    assert len([t for t in rec.history_texts() if t != "Let me check."]) == 14


async def test_a_slow_summary_never_delays_a_reply_and_is_cancelled_on_close() -> None:
    slow = summary_aware(delay_s=30.0)  # the summariser's model: never answers in time
    trimmer = ContextTrimmer(
        max_tokens=BUDGET, counter="estimate", summarize=Summarizer(llm=slow, timeout=60)
    )
    agent = compose(TravelAgent, trimmer)()
    async with start_recorded_session(agent, llm_model=ScriptedLLM(respond)) as rec:
        for text in user_turns(12):
            await rec.session.run(user_input=text)
        assert len([t for t in rec.history_texts() if t != "Let me check."]) == 12
        # every turn was answered while the first summary is still being written
        running = [t for t in asyncio.all_tasks() if t.get_name() == "voicenodes.ContextTrimmer"]
        assert len(running) == 1 and not running[0].done()
        assert len(slow.requests) == 1, "one summary requested, none finished"
    await asyncio.wait(running, timeout=1.0)  # closing the session cancelled it
    assert running[0].cancelled()
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "voicenodes.ContextTrimmer"]


async def test_a_handoff_supersedes_the_previous_agents_summary() -> None:
    slow = summary_aware(delay_s=30.0)
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate", summarize=Summarizer(slow))
    first = compose(TravelAgent, trimmer)()
    async with start_recorded_session(first, llm_model=ScriptedLLM(respond)) as rec:
        for text in user_turns(12):
            await rec.session.run(user_input=text)
        running = [t for t in asyncio.all_tasks() if t.get_name() == "voicenodes.ContextTrimmer"]
        assert len(running) == 1
        second = compose(TravelAgent, trimmer)(chat_ctx=first.chat_ctx)
        rec.session.update_agent(second)
        for _ in range(200):  # the handoff completes in the background
            with contextlib.suppress(RuntimeError):
                if second.session is rec.session:  # raises until the agent is active
                    break
            await asyncio.sleep(0.01)
        await rec.session.run(user_input="What is the weather in Rome?")
        await asyncio.wait(running, timeout=1.0)
        assert running[0].cancelled()
        # the new agent summarises its own (inherited) history, from its own state
        mine = [t for t in asyncio.all_tasks() if t.get_name() == "voicenodes.ContextTrimmer"]
        assert len(mine) == 1 and mine[0] is not running[0]
        await trimmer.aclose()
        assert mine[0].cancelled()


async def test_persistence_waits_for_a_committed_speech() -> None:
    history = llm.ChatContext.empty()
    history.add_message(role="system", content="be brief")
    for n in range(6):
        history.add_message(role="user", content=f"question {n} " * 20)
        history.add_message(role="assistant", content=f"answer {n} " * 20)
    history.add_message(role="user", content="last question")
    trimmer = ContextTrimmer(max_tokens=120, counter="estimate", persist=True)
    agent = Agent(instructions="be brief", chat_ctx=history)
    stored = [i.id for i in agent.chat_ctx.items]

    async def request_in(speech: SpeechHandle) -> None:
        token = _SpeechHandleContextVar.set(speech)
        try:
            await trimmer.llm_input(agent.chat_ctx.copy(), agent)
        finally:
            _SpeechHandleContextVar.reset(token)

    speculative = SpeechHandle.create()  # a preemptive generation that gets discarded
    await request_in(speculative)
    speculative._cancel()
    speculative._mark_done()
    await asyncio.sleep(0.01)
    assert [i.id for i in agent.chat_ctx.items] == stored

    committed = SpeechHandle.create()
    await request_in(committed)
    await asyncio.sleep(0.01)
    assert [i.id for i in agent.chat_ctx.items] == stored  # not before the speech is done
    committed._mark_scheduled()
    committed._mark_done()
    await asyncio.sleep(0.01)
    kept = user_texts(agent.chat_ctx.items)
    assert kept[-1] == "last question" and 1 <= len(kept) < 7
    assert REQUEST_OVERHEAD + sum(COUNTER.count_item(i) for i in agent.chat_ctx.items) <= 120


async def test_persisting_with_summaries_keeps_the_summary_in_the_history() -> None:
    llm_model = summary_aware()
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate", summarize=True, persist=True)
    rec, _, agent = await run_conversation(trimmer, user_turns(14), llm_model)

    history = agent.chat_ctx
    summaries = [i for i in history.items if i.id == SUMMARY_ID]
    assert len(summaries) == 1  # persisted once, replaced in place since
    assert "The user asked about" in (summaries[0].text_content or "")
    check_request_shape(history)
    assert len(user_texts(history.items)) < 14
    assert user_texts(rec.session.history.items) == user_turns(14)
    assert all(i.id != SUMMARY_ID for i in rec.session.history.items)


async def test_auto_counts_exactly_for_the_model_the_session_uses() -> None:
    pytest.importorskip("quicktok")
    from voicenodes.nodes.context import ExactCounter

    class NamedLLM(ScriptedLLM):
        @property
        def model(self) -> str:
            return "gpt-4o-mini"

    trimmer = ContextTrimmer(max_tokens=BUDGET)  # counter="auto"
    agent = compose(TravelAgent, trimmer)()
    async with start_recorded_session(agent, llm_model=NamedLLM(respond)) as rec:
        await rec.session.run(user_input="What is the weather in Lima?")
        counter = trimmer.counter_for(agent)  # agent.llm is NOT_GIVEN: the session's LLM
    assert isinstance(counter, ExactCounter) and counter.name == "o200k_base"


async def test_a_failing_summary_is_logged_and_the_conversation_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(chat_ctx: llm.ChatContext) -> str:
        raise RuntimeError("summary model unavailable")

    down = ScriptedLLM(broken)
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate", summarize=Summarizer(down))
    with caplog.at_level(logging.WARNING, logger="voicenodes"):
        rec, llm_model, _ = await run_conversation(trimmer, user_turns(12))
    failures = [r for r in caplog.records if "summarising" in r.getMessage()]
    assert len(failures) == 1 and "summary model unavailable" in failures[0].getMessage()
    assert 2 <= len(down.requests) <= 4  # retried, backing off: not on every request
    assert len([t for t in rec.history_texts() if t != "Let me check."]) == 12
    assert all(r.get_by_id(SUMMARY_ID) is None for r in llm_model.requests)
    for request in llm_model.requests:
        assert tokens_of(request) <= BUDGET
