"""RagInjector in real AgentSessions: typed and spoken turns, tools, budgets, failures."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from livekit.agents import Agent, RunContext, function_tool, llm

from voicenodes.compositions import compose
from voicenodes.compositions.testing import (
    ScriptedLLM,
    ScriptedReply,
    ScriptedTurnSTT,
    SilentAudioInput,
    ToolCall,
    start_recorded_session,
)
from voicenodes.nodes import RagInjector
from voicenodes.nodes.chat import is_pinned
from voicenodes.nodes.rag import Passage, find_reference

from .rag_helpers import (
    CountingRetriever,
    TimedLLM,
    labels_in,
    ours,
    references_in,
    wait_for,
)

REFUND_LABEL = "returns.md › Returns and refunds › Refunds"
VOICE_TURNS = {
    "turn_detection": "stt",
    "endpointing": {"min_delay": 0.2, "max_delay": 1.0},
    "interruption": {"resume_false_interruption": False},
}


class OrderAgent(Agent):
    def __init__(self, tool_seconds: float = 0.0) -> None:
        super().__init__(instructions="You are Acme's support agent.")
        self.tool_seconds = tool_seconds

    @function_tool
    async def lookup_order(self, context: RunContext, order_id: str) -> str:
        """Look up an order."""
        await asyncio.sleep(self.tool_seconds)
        return f"Order {order_id} was delivered on March 3."


async def test_typed_input_gets_the_passages_in_the_request_only() -> None:
    retriever = CountingRetriever()
    llm_model = ScriptedLLM(["Refunds take five to ten business days."])
    agent = compose(Agent, RagInjector(retriever, budget_ms=500))(instructions="x")
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="How long until my refund shows up on my card?")
        history = agent.chat_ctx.copy()

    request = llm_model.requests[0]
    [reference] = references_in(request)
    assert REFUND_LABEL in labels_in(request)
    assert reference.role == "user" and is_pinned(reference)
    user_index = next(
        i
        for i, item in enumerate(request.items)
        if item.id != reference.id and item.type == "message" and item.role == "user"
    )
    assert request.items.index(reference) == user_index - 1  # just before the question
    assert "not instructions" in (reference.text_content or "")
    assert retriever.queries == ["How long until my refund shows up on my card?"]
    assert not references_in(history)  # nothing persisted
    assert not references_in(llm.ChatContext(list(rec.session.history.items)))
    assert rec.history_texts() == ["Refunds take five to ten business days."]


async def test_tool_follow_up_step_has_exactly_one_injection_and_no_second_retrieval() -> None:
    retriever = CountingRetriever()
    llm_model = ScriptedLLM(
        [
            ScriptedReply("Let me check.", [ToolCall("lookup_order", {"order_id": "A7X9"})]),
            "It was delivered on March 3; you can return it within 30 days.",
        ]
    )
    agent = compose(OrderAgent, RagInjector(retriever, budget_ms=500))()
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="Order A7X9: can I still return it?")

    first, follow_up = llm_model.requests
    assert any(item.type == "function_call_output" for item in follow_up.items)
    assert [len(references_in(request)) for request in (first, follow_up)] == [1, 1]
    assert references_in(first)[0].text_content == references_in(follow_up)[0].text_content
    assert len(retriever.queries) == 1
    assert rec.history_texts()[-1].startswith("It was delivered")


async def test_slow_retriever_does_not_delay_the_reply_beyond_the_budget(
    caplog: pytest.LogCaptureFixture,
) -> None:
    retriever = CountingRetriever(delay=3.0)
    llm_model = TimedLLM(["I'm not sure, let me find out."])
    agent = compose(Agent, RagInjector(retriever, budget_ms=150))(instructions="x")
    with caplog.at_level(logging.WARNING, logger="voicenodes"):
        async with start_recorded_session(agent, llm_model=llm_model) as rec:
            started = time.perf_counter()
            await rec.session.run(user_input="What is the return window?")
            assert time.perf_counter() - started < 2.0  # the whole turn, not 3 s
    waited = llm_model.request_times[0] - started
    assert 0.15 <= waited < 1.0  # the budget, not the retriever's 3 s
    assert not references_in(llm_model.requests[0])
    assert any("over its 150 ms budget" in r.getMessage() for r in caplog.records)
    assert rec.history_texts() == ["I'm not sure, let me find out."]


async def test_late_result_serves_the_tool_follow_up_step(
    caplog: pytest.LogCaptureFixture,
) -> None:
    retriever = CountingRetriever(delay=0.3)
    llm_model = ScriptedLLM(
        [
            ScriptedReply("One moment.", [ToolCall("lookup_order", {"order_id": "B2"})]),
            "Delivered on March 3, and returns are open for 30 days.",
        ]
    )
    agent = compose(OrderAgent, RagInjector(retriever, budget_ms=50))(tool_seconds=0.5)
    with caplog.at_level(logging.INFO, logger="voicenodes"):
        async with start_recorded_session(agent, llm_model=llm_model) as rec:
            await rec.session.run(user_input="When was order B2 delivered, and can I return it?")
    assert any("late retrieval answered after" in r.getMessage() for r in caplog.records)
    first, follow_up = llm_model.requests
    assert references_in(first) == []  # over budget: went on without it
    assert len(references_in(follow_up)) == 1  # the late result, for the same turn
    assert len(retriever.queries) == retriever.finished == 1
    assert rec.history_texts()[-1].startswith("Delivered")


async def test_late_result_is_offered_to_the_next_turn() -> None:
    slow_then_fast = CountingRetriever(delay=0.4)
    llm_model = ScriptedLLM(["Let me see.", "Thirty days, or sixty for members."])
    node = RagInjector(slow_then_fast, budget_ms=50, max_tokens=None)
    agent = compose(Agent, node)(instructions="x")
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="How long does a refund take to reach my card?")
        await asyncio.sleep(0.5)  # the first retrieval finishes, late
        slow_then_fast.delay = 0.0
        await rec.session.run(user_input="And how long is the window for Trail Club members?")
    first, second = llm_model.requests
    assert references_in(first) == []
    labels = labels_in(second)
    assert REFUND_LABEL in labels  # the late passages of turn 1
    assert "returns.md › Returns and refunds › Return window" in labels  # turn 2's own


async def test_raising_or_broken_retrievers_never_break_the_reply(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = [
        CountingRetriever(error=RuntimeError("search service down")),
        CountingRetriever(result=42),
        CountingRetriever(result=[Passage("fine"), 3.5]),
    ]
    for retriever in broken:
        llm_model = ScriptedLLM(["Our return window is 30 days."])
        agent = compose(Agent, RagInjector(retriever, name="KB"))(instructions="x")
        with caplog.at_level(logging.ERROR, logger="voicenodes"):
            async with start_recorded_session(agent, llm_model=llm_model) as rec:
                await rec.session.run(user_input="What is the return window?")
        assert rec.history_texts() == ["Our return window is 30 days."]
        assert references_in(llm_model.requests[0]) == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 3
    assert all(message.startswith("KB: retriever failed") for message in errors)
    assert "returned int" in str(caplog.records[-2].exc_info[1])  # type: ignore[index]
    assert "float at position 1" in str(caplog.records[-1].exc_info[1])  # type: ignore[index]


async def test_concurrent_sessions_share_the_node_without_sharing_turn_state() -> None:
    node = RagInjector(CountingRetriever(delay=0.05), budget_ms=1000)
    shared = compose(Agent, node)
    questions = {
        "returns": ("Can I return worn boots?", "returns.md"),
        "shipping": ("Do you ship to Japan and who pays the import duties?", "shipping.md"),
    }

    async def one(key: str) -> llm.ChatContext:
        llm_model = ScriptedLLM(["ok"], token_delay=0.001)
        async with start_recorded_session(shared(instructions="x"), llm_model=llm_model) as rec:
            await rec.session.run(user_input=questions[key][0])
        return llm_model.requests[0]

    returns, shipping = await asyncio.gather(one("returns"), one("shipping"))
    assert labels_in(returns)[0].startswith("returns.md")
    assert labels_in(shipping)[0].startswith("shipping.md")
    assert find_reference(returns).extra["voicenodes_rag"]["query"] == questions["returns"][0]  # type: ignore[union-attr]


async def test_closing_the_session_cancels_running_retrievals() -> None:
    hanging = CountingRetriever(delay=60.0)
    agent = compose(Agent, RagInjector(hanging, budget_ms=20))(instructions="x")
    async with start_recorded_session(agent, llm_model=ScriptedLLM(["ok"])) as rec:
        await rec.session.run(user_input="Is anyone there?")
        assert len(ours()) == 1  # the retrieval outlives its reply, for the next request
    await wait_for(lambda: not ours(), timeout=1.0)  # cancelled, not left to run 60 s
    assert hanging.cancelled == 1


async def test_persist_adds_the_reference_to_history_and_is_not_repeated() -> None:
    retriever = CountingRetriever()
    llm_model = ScriptedLLM(["Thirty days.", "Sixty days for members."])
    agent = compose(Agent, RagInjector(retriever, persist=True, top_k=2))(instructions="x")
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="What is the return window?")
        await rec.session.run(user_input="What is the return window for club members?")
        history = agent.chat_ctx.copy()

    persisted = references_in(history)
    assert len(persisted) == 2
    users = [
        i
        for i in history.items
        if i.type == "message" and i.role == "user" and not i.id.startswith("voicenodes-rag-")
    ]
    for reference, user in zip(persisted, users, strict=True):
        assert history.items.index(reference) == history.items.index(user) - 1
    first_ids = {p["id"] for p in persisted[0].extra["voicenodes_rag"]["passages"]}
    second_ids = {p["id"] for p in persisted[1].extra["voicenodes_rag"]["passages"]}
    assert first_ids and second_ids and first_ids.isdisjoint(second_ids)
    assert len(references_in(llm_model.requests[1])) == 2  # the persisted one, plus new


# -- preemptive generation ---------------------------------------------------------------


class TurnCompletedRag(Agent):
    """The documented LiveKit way: retrieve in on_user_turn_completed, edit turn_ctx."""

    def __init__(self, retriever: CountingRetriever) -> None:
        super().__init__(instructions="You are Acme's support agent.")
        self.retriever = retriever

    async def on_user_turn_completed(
        self, turn_ctx: llm.ChatContext, new_message: llm.ChatMessage
    ) -> None:
        passages = await self.retriever(new_message.text_content or "")
        text = "\n".join(p.text if isinstance(p, Passage) else p for p in passages[:3])
        turn_ctx.add_message(role="assistant", content=f"Reference: {text}")


async def spoken_turn(
    agent: Agent, llm_model: ScriptedLLM, transcript: str, *, preflight: str | None = None
) -> list[str]:
    stt_model = ScriptedTurnSTT()
    async with start_recorded_session(
        agent, llm_model=llm_model, stt=stt_model, turn_handling=VOICE_TURNS
    ) as rec:
        rec.session.input.audio = SilentAudioInput()
        await stt_model.user_says(transcript, preflight=preflight)
        await wait_for(lambda: bool(rec.history_texts()))
        return rec.history_texts()


async def test_injection_keeps_the_preemptive_generation_where_turn_ctx_edits_cancel_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    question = "how many days do I have to return a tent"
    with caplog.at_level(logging.DEBUG, logger="livekit.agents"):
        ours_llm = ScriptedLLM(lambda ctx: "Thirty days." if find_reference(ctx) else "?")
        ours_retriever = CountingRetriever()
        node_agent = compose(Agent, RagInjector(ours_retriever, budget_ms=500))(
            instructions="You are Acme's support agent."
        )
        assert await spoken_turn(node_agent, ours_llm, question) == ["Thirty days."]
        ours_log = [r.getMessage() for r in caplog.records]
        caplog.clear()

        theirs_llm = ScriptedLLM(lambda ctx: "Thirty days.")
        theirs_retriever = CountingRetriever()
        assert await spoken_turn(TurnCompletedRag(theirs_retriever), theirs_llm, question) == [
            "Thirty days."
        ]
        theirs_log = [r.getMessage() for r in caplog.records]

    # ours: the speculative request (made at the preflight transcript) is the reply
    assert "using preemptive generation" in ours_log
    assert not any("invalidated" in message for message in ours_log)
    assert len(ours_llm.requests) == 1 and len(references_in(ours_llm.requests[0])) == 1
    assert ours_retriever.queries == [question]
    # on_user_turn_completed: the speculative reply is thrown away and redone
    assert any("preemptive generation invalidated" in message for message in theirs_log)
    assert len(theirs_llm.requests) == 2
    assert not any(
        "Reference:" in (m.text_content or "") for m in theirs_llm.requests[0].messages()
    )  # the wasted one lacked the passages


async def test_a_changed_transcript_retrieves_again() -> None:
    llm_model = ScriptedLLM(lambda ctx: "Sure.")
    retriever = CountingRetriever()
    agent = compose(Agent, RagInjector(retriever, budget_ms=500))(instructions="x")
    await spoken_turn(
        agent,
        llm_model,
        "what is the return window for boots",
        preflight="what is the return",
    )
    assert retriever.queries == ["what is the return", "what is the return window for boots"]
    assert find_reference(llm_model.requests[-1]).extra["voicenodes_rag"]["query"] == (  # type: ignore[union-attr]
        "what is the return window for boots"
    )


async def test_speculative_wait_is_free_and_the_budget_starts_at_the_end_of_turn() -> None:
    # retrieval (0.3 s) is slower than the budget (0.1 s) but finishes while the user
    # is still talking (final transcript 0.8 s after the preflight): no passage is lost
    retriever = CountingRetriever(delay=0.3)
    llm_model = ScriptedLLM(lambda ctx: "Yes." if find_reference(ctx) else "No passages.")
    agent = compose(Agent, RagInjector(retriever, budget_ms=100))(instructions="x")
    stt_model = ScriptedTurnSTT()
    async with start_recorded_session(
        agent, llm_model=llm_model, stt=stt_model, turn_handling=VOICE_TURNS
    ) as rec:
        rec.session.input.audio = SilentAudioInput()
        await stt_model.user_says("can I return worn boots", final_after=0.8)
        await wait_for(lambda: bool(rec.history_texts()))
    assert rec.history_texts() == ["Yes."]
    assert len(llm_model.requests) == 1


async def test_persisting_waits_for_the_commit_and_skips_discarded_replies() -> None:
    llm_model = ScriptedLLM(lambda ctx: "Thirty days.")
    agent = compose(Agent, RagInjector(CountingRetriever(), persist=True))(instructions="x")
    stt_model = ScriptedTurnSTT()
    async with start_recorded_session(
        agent, llm_model=llm_model, stt=stt_model, turn_handling=VOICE_TURNS
    ) as rec:
        rec.session.input.audio = SilentAudioInput()
        # the first speculative reply ("what is the return") is discarded, the second kept
        await stt_model.user_says("what is the return window", preflight="what is the return")
        await wait_for(lambda: bool(rec.history_texts()))
        await wait_for(lambda: not ours())  # the discarded reply's persist task ended
        history = agent.chat_ctx.copy()
    [persisted] = references_in(history)
    assert persisted.extra["voicenodes_rag"]["query"] == "what is the return window"
    user = next(
        i for i in history.items if i.type == "message" and i.role == "user" and i is not persisted
    )
    assert history.items.index(persisted) == history.items.index(user) - 1
    assert len(llm_model.requests) == 2


async def test_a_session_started_again_after_closing_gets_fresh_state() -> None:
    from livekit.agents import AgentSession

    from voicenodes.compositions.testing import RecordingAudioOutput, RecordingTTS

    retriever = CountingRetriever()
    node = RagInjector(retriever)
    llm_model = ScriptedLLM(["One.", "Two."])
    session: AgentSession = AgentSession(
        llm=llm_model, tts=RecordingTTS(), vad=None, turn_handling={"turn_detection": None}
    )
    session.output.audio = RecordingAudioOutput()
    for question in ("What is the return window?", "Do you ship to Japan?"):
        await session.start(compose(Agent, node)(instructions="x"))
        await session.run(user_input=question)
        await session.aclose()
    assert [len(references_in(request)) for request in llm_model.requests] == [1, 1]
    assert len(retriever.queries) == 2
