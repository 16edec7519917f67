"""Interim speech: an llm_input hook that speaks while it prepares the request."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterable, AsyncIterator

import pytest
from livekit.agents import Agent, llm

from voicenodes.compositions import compose
from voicenodes.compositions.testing import ScriptedLLM, start_recorded_session
from voicenodes.nodes import Node, upsert_message
from voicenodes.nodes.interim import say_interim


class SlowPrep(Node):
    """Says something, works a while, then adds a note to the request."""

    def __init__(self, seconds: float = 0.2, fail: bool = False) -> None:
        self.seconds = seconds
        self.fail = fail
        self.said: list[bool] = []
        self.cancelled = 0

    def speaks_while_preparing(self) -> bool:
        return True

    async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
        self.said.append(say_interim("Hmm, "))
        try:
            await asyncio.sleep(self.seconds)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        if self.fail:
            chat_ctx.items.clear()
            raise RuntimeError("prep failed")
        upsert_message(chat_ctx, llm.ChatMessage(id="prep-note", role="system", content=["n"]))


class Upper(Node):
    async def llm_output(self, stream: AsyncIterable[object]) -> AsyncIterator[object]:
        async for chunk in stream:
            if isinstance(chunk, llm.ChatChunk) and chunk.delta and chunk.delta.content:
                chunk.delta.content = chunk.delta.content.upper()
            yield chunk


def test_say_interim_outside_a_speaking_llm_node_says_nothing() -> None:
    assert say_interim("hello") is False


async def test_interim_speech_is_spoken_first_and_skips_llm_output_hooks() -> None:
    prep = SlowPrep()
    llm_model = ScriptedLLM(["the answer."])
    agent = compose(Agent, prep, Upper())(instructions="x")
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="question")
    assert prep.said == [True]
    assert rec.tts.texts == ["Hmm, ", "THE ANSWER."]  # type: ignore[union-attr]
    assert rec.history_texts() == ["Hmm, THE ANSWER."]
    assert llm_model.requests[0].get_by_id("prep-note") is not None


async def test_a_failing_speaking_hook_keeps_the_failure_policy(
    caplog: pytest.LogCaptureFixture,
) -> None:
    llm_model = ScriptedLLM(["fine."])
    agent = compose(Agent, SlowPrep(seconds=0.01, fail=True))(instructions="x")
    with caplog.at_level(logging.ERROR, logger="voicenodes"):
        async with start_recorded_session(agent, llm_model=llm_model) as rec:
            await rec.session.run(user_input="question")
    assert rec.history_texts() == ["Hmm, fine."]
    request = llm_model.requests[0]
    assert [m.text_content for m in request.messages() if m.role == "user"] == ["question"]
    assert any("SlowPrep failed in llm_input" in r.getMessage() for r in caplog.records)


async def test_interrupting_while_preparing_cancels_the_hooks() -> None:
    prep = SlowPrep(seconds=30)
    agent = compose(Agent, prep)(instructions="x")
    async with start_recorded_session(agent, llm_model=ScriptedLLM(["never"])) as rec:
        handle = rec.session.generate_reply(user_input="question")
        for _ in range(100):
            if prep.said:
                break
            await asyncio.sleep(0.01)
        handle.interrupt()
        await handle
        await asyncio.sleep(0.05)
        assert prep.cancelled == 1
        leftover = [t for t in asyncio.all_tasks() if "_prepare" in repr(t.get_coro())]
        assert leftover == []


async def test_the_documented_example_speaks_when_slow() -> None:
    import re
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "writing-a-node.md").read_text()
    block = next(b for b in re.findall(r"```python\n(.*?)```", page, re.S) if "SlowLookup" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, "writing-a-node.md:SlowLookup", "exec"), namespace)
    node = namespace["SlowLookup"]()  # type: ignore[operator]
    llm_model = ScriptedLLM(["Found it."])
    async with start_recorded_session(
        compose(Agent, node)(instructions="x"), llm_model=llm_model
    ) as rec:
        await rec.session.run(user_input="question")
    assert rec.tts.texts == ["Let me check that. ", "Found it."]  # type: ignore[union-attr]
