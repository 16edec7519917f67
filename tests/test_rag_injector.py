"""RagInjector.llm_input on its own: queries, idempotence, options (no session needed)."""

from __future__ import annotations

import pytest
from livekit.agents import Agent, llm

from voicenodes.nodes import RagInjector
from voicenodes.nodes.rag import Passage, find_reference, quoted_passages

from .rag_helpers import CountingRetriever, references_in

AGENT = Agent(instructions="x")


def conversation(*turns: str) -> llm.ChatContext:
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="system", content="You are Acme's agent.")
    for number, text in enumerate(turns):
        ctx.add_message(role="user", content=text)
        if number < len(turns) - 1:
            ctx.add_message(role="assistant", content=f"answer {number}")
    return ctx


async def test_query_is_the_newest_user_message_with_optional_earlier_turns() -> None:
    retriever = CountingRetriever()
    ctx = conversation("Do you ship to Canada?", "And how long does it take?")
    await RagInjector(retriever).llm_input(ctx, AGENT)
    await RagInjector(retriever, context_turns=1).llm_input(ctx, AGENT)
    assert retriever.queries == [
        "And how long does it take?",
        "Do you ship to Canada?\nAnd how long does it take?",
    ]


async def test_repeated_calls_leave_one_identical_message() -> None:
    node = RagInjector(CountingRetriever())
    ctx = conversation("How long is the return window?")
    await node.llm_input(ctx, AGENT)
    first = [item.id for item in ctx.items]
    text = find_reference(ctx).text_content  # type: ignore[union-attr]
    await node.llm_input(ctx, AGENT)
    assert [item.id for item in ctx.items] == first
    assert find_reference(ctx).text_content == text  # type: ignore[union-attr]
    assert len(references_in(ctx)) == 1


async def test_no_user_message_or_no_passage_injects_nothing() -> None:
    retriever = CountingRetriever(result=[])
    greeting = llm.ChatContext.empty()
    greeting.add_message(role="system", content="Greet the caller.")
    await RagInjector(retriever).llm_input(greeting, AGENT)
    assert retriever.queries == [] and len(greeting.items) == 1
    ctx = conversation("Anything about kayaks?")
    await RagInjector(retriever).llm_input(ctx, AGENT)
    assert references_in(ctx) == []


async def test_options_reach_the_message() -> None:
    passages = [Passage("Low.", score=0.1), Passage("High score passage.", score=0.9)]
    node = RagInjector(
        CountingRetriever(result=passages), min_score=0.5, role="system", preamble="Facts:"
    )
    ctx = conversation("question")
    await node.llm_input(ctx, AGENT)
    reference = find_reference(ctx)
    assert reference is not None and reference.role == "system"
    assert (reference.text_content or "").startswith("Facts:\n\n")
    assert [p.text for p in quoted_passages(reference)] == ["High score passage."]


def test_invalid_options_are_refused() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        RagInjector(CountingRetriever(), budget_ms=-1)
    with pytest.raises(ValueError, match="retrieval_timeout_ms"):
        RagInjector(CountingRetriever(), budget_ms=500, retrieval_timeout_ms=100)
    with pytest.raises(ValueError, match="top_k"):
        RagInjector(CountingRetriever(), top_k=0)
    with pytest.raises(TypeError, match="async callable"):
        RagInjector("not a retriever")


def test_only_llm_input_is_hooked_and_speaking_needs_a_filler() -> None:
    assert RagInjector(CountingRetriever()).active_hooks() == {"llm_input"}
    assert not RagInjector(CountingRetriever()).speaks_while_preparing()
    assert RagInjector(CountingRetriever(), filler="One moment.").speaks_while_preparing()
    assert RagInjector(CountingRetriever(), filler="x", budget_ms=300).filler_after == 0.15
    with pytest.raises(ValueError, match="would never be said"):
        RagInjector(CountingRetriever(), filler="x", budget_ms=300, filler_after_ms=400)
