"""The node model: which hooks a node has, and the shape checks composition relies on."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator

import pytest
from livekit.agents import Agent, llm

from voicenodes.nodes import HOOKS, Node, NodeDefinitionError, TextNode
from voicenodes.nodes.base import validate_node

from .helpers import NoOpText


class TtsOnly(Node):
    async def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterator[str]:
        async for chunk in stream:
            yield chunk


def test_base_node_has_no_active_hooks() -> None:
    assert Node().active_hooks() == frozenset()


def test_active_hooks_are_the_overridden_ones() -> None:
    assert TtsOnly().active_hooks() == {"tts_input"}
    assert NoOpText().active_hooks() == {"tts_input"}


def test_active_hooks_can_be_chosen_per_instance() -> None:
    class Switchable(TtsOnly):
        def __init__(self, on: bool) -> None:
            self.on = on

        def active_hooks(self) -> frozenset[str]:
            return super().active_hooks() if self.on else frozenset()

    assert Switchable(True).active_hooks() == {"tts_input"}
    assert Switchable(False).active_hooks() == frozenset()


def test_hook_names_match_design() -> None:
    assert HOOKS == (
        "llm_input",
        "llm_output",
        "tts_input",
        "tts_output",
        "stt_input",
        "stt_output",
        "transcript",
    )


def test_text_node_must_implement_open_stream() -> None:
    with pytest.raises(NotImplementedError, match="open_stream"):
        TextNode().rewrite("x")


@pytest.mark.parametrize(
    ("node", "message"),
    [
        (TtsOnly, "is a Node class, not a node: pass an instance"),
        ("not a node", "expected a voicenodes Node, got str"),
    ],
)
def test_validate_rejects_non_nodes(node: object, message: str) -> None:
    with pytest.raises(NodeDefinitionError, match=message):
        validate_node(node)


def test_validate_rejects_sync_generator_hook() -> None:
    class SyncGen(Node):
        def tts_input(self, stream):  # type: ignore[no-untyped-def,override]
            yield from ()

    with pytest.raises(NodeDefinitionError, match="sync generator"):
        validate_node(SyncGen())


def test_validate_rejects_coroutine_stream_hook() -> None:
    class Coro(Node):
        async def tts_input(self, stream):  # type: ignore[no-untyped-def,override]
            return stream

    with pytest.raises(NodeDefinitionError, match="without `yield`"):
        validate_node(Coro())


def test_validate_rejects_sync_llm_input() -> None:
    class SyncInput(Node):
        def llm_input(self, chat_ctx, agent):  # type: ignore[no-untyped-def,override]
            pass

    with pytest.raises(NodeDefinitionError, match="must be a coroutine"):
        validate_node(SyncInput())


def test_validate_rejects_wrong_arity() -> None:
    class TwoArgs(Node):
        async def tts_output(self, frames, extra):  # type: ignore[no-untyped-def,override]
            yield frames

    class OneArgInput(Node):
        async def llm_input(self, chat_ctx):  # type: ignore[no-untyped-def,override]
            pass

    with pytest.raises(NodeDefinitionError, match=r"TwoArgs.tts_output takes 2 argument"):
        validate_node(TwoArgs())
    with pytest.raises(NodeDefinitionError, match=r"\(self, chat_ctx, agent\)"):
        validate_node(OneArgInput())


def test_validate_accepts_plain_function_returning_stream() -> None:
    class Plain(Node):
        def tts_input(self, stream: AsyncIterable[str]) -> AsyncIterable[str]:
            return stream

    class Async(Node):
        async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
            pass

    assert validate_node(Plain()).active_hooks() == {"tts_input"}
    assert validate_node(Async()).active_hooks() == {"llm_input"}


def test_validate_rejects_unknown_hook_names() -> None:
    class Typo(Node):
        def active_hooks(self) -> frozenset[str]:
            return frozenset({"tts_imput"})

    with pytest.raises(NodeDefinitionError, match="unknown hooks"):
        validate_node(Typo())
