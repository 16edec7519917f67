"""NumberNormalizer in a real AgentSession: the audio says the words, captions and
history keep the LLM's digits."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator

from livekit.agents import Agent

from voicenodes.compositions import compose, tts_text_transforms
from voicenodes.compositions.testing import ScriptedLLM, start_recorded_session
from voicenodes.nodes import Node, NumberNormalizer

ANSWER = "Your total is $12.50 with tax, due March 3, 2026."
SPOKEN = "Your total is twelve dollars fifty cents with tax, due March third, twenty twenty-six."


class ChunkSpy(Node):
    """Records the chunks that reach it on the way to TTS."""

    def __init__(self) -> None:
        self.chunks: list[str] = []

    async def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
        async for chunk in stream:
            self.chunks.append(chunk)
            yield chunk


async def test_money_split_by_the_markdown_filter_is_spoken_whole() -> None:
    spy = ChunkSpy()
    agent_cls = compose(Agent, spy, NumberNormalizer("en"))
    async with start_recorded_session(
        agent_cls(instructions="Be brief."), llm_model=ScriptedLLM([ANSWER])
    ) as rec:
        await rec.session.run(user_input="What do I owe?")

    # LiveKit's default filter_markdown re-cut the LLM tokens at the "." of "$12.50":
    # the amount reached the nodes as " $12" then ".50"
    assert "".join(spy.chunks) == ANSWER
    assert " $12" in spy.chunks and ".50" in spy.chunks

    assert rec.tts.texts == [SPOKEN]  # type: ignore[union-attr]
    assert rec.captions.segments == [ANSWER]
    assert rec.history_texts() == [ANSWER]


async def test_session_wide_transform_after_markdown_removal() -> None:
    bold = ANSWER.replace("$12.50", "**$12.50**")
    async with start_recorded_session(
        Agent(instructions="Be brief."),
        llm_model=ScriptedLLM([bold]),
        tts_text_transforms=tts_text_transforms(NumberNormalizer("en")),
    ) as rec:
        await rec.session.run(user_input="What do I owe?")
    assert rec.tts.texts == [SPOKEN]  # type: ignore[union-attr]
    assert rec.captions.segments == [bold]
