"""Nodes and stream helpers shared by the tests."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterable, AsyncIterator, Iterable

from livekit.agents import Agent, llm

from voicenodes.nodes import Node, TextNode, TextStream, upsert_message


def cut(text: str, points: Iterable[int]) -> list[str]:
    """``text`` cut at ``points`` (taken modulo its length + 1): a random chunking."""
    bounds = sorted({0, len(text), *(p % (len(text) + 1) for p in points)})
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


async def stream_of(items: Iterable[object]) -> AsyncIterator[object]:
    for item in items:
        yield item


async def collect(stream: AsyncIterable[object]) -> list[object]:
    return [item async for item in stream]


class Identity(TextStream):
    def feed(self, text: str) -> str:
        return text

    def flush(self) -> str:
        return ""


class NoOpText(TextNode):
    """A text node that changes nothing: the cost of the text-node machinery alone."""

    def open_stream(self) -> TextStream:
        return Identity()


class Replace(TextNode):
    """Whole-word replacement with a one-word hold-back, for ordering tests."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def open_stream(self) -> TextStream:
        return _ReplaceStream(self.old, self.new)


class _ReplaceStream(TextStream):
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new, self.held = old, new, ""

    @property
    def pending(self) -> str:
        return self.held

    def feed(self, text: str) -> str:
        buf = self.held + text
        cut = max(buf.rfind(" "), 0)
        out, self.held = buf[:cut], buf[cut:]
        return self._sub(out)

    def flush(self) -> str:
        out, self.held = self.held, ""
        return self._sub(out)

    def _sub(self, text: str) -> str:
        return " ".join(self.new if w == self.old else w for w in text.split(" "))


class ExplodingStream(TextStream):
    """Holds everything back, then raises on the n-th feed."""

    def __init__(self, fail_on: int) -> None:
        self.fail_on, self.calls, self.held = fail_on, 0, ""

    @property
    def pending(self) -> str:
        return self.held

    def feed(self, text: str) -> str:
        self.calls += 1
        if self.calls == self.fail_on:
            raise RuntimeError("boom")
        self.held += text
        return ""

    def flush(self) -> str:
        out, self.held = self.held, ""
        return out


class ExplodingText(TextNode):
    def __init__(self, fail_on: int = 3) -> None:
        self.fail_on = fail_on

    def open_stream(self) -> TextStream:
        return ExplodingStream(self.fail_on)


class InjectNote(Node):
    """An idempotent llm_input: one system note with a stable id before the last user turn."""

    def __init__(self, note: str, item_id: str = "voicenodes-test-note") -> None:
        self.note, self.item_id = note, item_id
        self.calls = 0  # test instrumentation only: real nodes keep no per-call state

    async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
        self.calls += 1
        text = f"{self.note} (call {self.calls})"
        upsert_message(chat_ctx, llm.ChatMessage(role="system", content=[text], id=self.item_id))
