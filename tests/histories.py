"""Random chat histories for property tests of context trimming (Hypothesis strategies).

A history has leading instructions, maybe a greeting before the first user message,
then turns: a user message (sometimes with an image, sometimes pinned) followed by
assistant steps: text, tool calls (one or several in parallel, grouped by id prefix or
``group_id``) with zero, one or several outputs, and the odd output arriving in a later
turn. Between steps: handoffs, configuration updates, mid-conversation system
messages, orphan outputs, and LiveKit's in-progress tool placeholders.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from livekit.agents import llm

from voicenodes.nodes.chat import pin
from voicenodes.nodes.context.trimming import RUNNING_TOOL_KEY

Draw = Callable[[st.SearchStrategy[Any]], Any]


def words(count: int) -> str:
    return " ".join(["word"] * count)


class _HistoryBuilder:
    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.items: list[llm.ChatItem] = []
        self.late: list[llm.FunctionCall] = []  # calls whose output comes later, if ever
        self._ids = itertools.count()

    def new_id(self, prefix: str = "item") -> str:
        return f"{prefix}_{next(self._ids)}"

    def chance(self, one_in: int) -> bool:
        return bool(self.draw(st.integers(0, one_in - 1)) == 0)

    def text(self, high: int = 40) -> str:
        return words(self.draw(st.integers(0, high)))

    def message(self, role: str, **extra: Any) -> llm.ChatMessage:
        message = llm.ChatMessage(id=self.new_id(), role=role, content=[self.text()], **extra)  # type: ignore[arg-type]
        return pin(message) if self.chance(12) else message

    def instructions(self) -> None:
        for _ in range(self.draw(st.integers(0, 2))):
            role = self.draw(st.sampled_from(["system", "developer"]))
            self.items.append(llm.ChatMessage(id=self.new_id(), role=role, content=[self.text()]))

    def user_turn(self) -> None:
        message = self.message("user")
        if self.chance(6):
            message.content.append(llm.ImageContent(image="https://example.com/photo.jpg"))
        self.items.append(message)

    def step(self) -> None:
        if self.chance(6):
            self.items.append(llm.AgentHandoff(id=self.new_id(), new_agent_id="next"))
        if self.chance(8):
            self.items.append(llm.AgentConfigUpdate(id=self.new_id(), instructions="new"))
        if self.chance(10):
            self.items.append(llm.ChatMessage(id=self.new_id(), role="system", content=["note"]))
        kind = self.draw(st.sampled_from(["text", "tools", "text+tools"]))
        step_id = self.new_id()
        if "text" in kind:
            message = self.message("assistant")
            message.id = step_id
            self.items.append(message)
        if "tools" in kind:
            self.tool_calls(step_id)
        if self.chance(12):
            self.items.append(self.output(self.new_id("missing_call"), "orphan"))
        if self.late and self.chance(4):
            self.items.append(self.output(self.late.pop(0).call_id, "late result"))

    def tool_calls(self, step_id: str) -> None:
        grouped = self.chance(2)
        calls = [
            llm.FunctionCall(
                id=self.new_id() if grouped else f"{step_id}/fnc_{n}",
                group_id=step_id if grouped else None,
                call_id=self.new_id("call"),
                name="lookup",
                arguments=json.dumps({"query": self.text(8)}),
            )
            for n in range(self.draw(st.integers(1, 3)))
        ]
        self.items.extend(calls)
        for call in calls:
            outputs = self.draw(st.integers(0, 2))
            if outputs == 0:
                self.late.append(call)
            for _ in range(outputs):
                self.items.append(self.output(call.call_id, self.text(60)))

    def output(self, call_id: str, text: str) -> llm.FunctionCallOutput:
        return llm.FunctionCallOutput(
            id=self.new_id(), call_id=call_id, name="lookup", output=text, is_error=False
        )

    def running_placeholder(self) -> None:
        call_id = self.new_id("call")
        call = llm.FunctionCall(
            id=self.new_id() + "_running",
            call_id=call_id,
            name="slow_lookup",
            arguments="{}",
            extra={RUNNING_TOOL_KEY: True},
        )
        output = self.output(call_id, "The tool call is still in progress.")
        at = self.draw(st.integers(0, len(self.items)))
        self.items[at:at] = [call, output]


@st.composite
def histories(draw: Draw, max_turns: int = 8) -> list[llm.ChatItem]:
    """A random history (see the module docstring)."""
    history = _HistoryBuilder(draw)
    history.instructions()
    if history.chance(3):  # a greeting before the first user message
        history.step()
    for _ in range(draw(st.integers(0, max_turns))):
        history.user_turn()
        for _ in range(draw(st.integers(0, 3))):
            history.step()
    if history.chance(8):
        history.running_placeholder()
    return history.items
