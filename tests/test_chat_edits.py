"""Idempotent chat-context edits for llm_input nodes."""

from __future__ import annotations

from livekit.agents import llm

from voicenodes.nodes.chat import is_pinned, pin, remove_by_id, upsert_message


def context() -> llm.ChatContext:
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="system", content="instructions")
    ctx.add_message(role="user", content="first question")
    ctx.add_message(role="assistant", content="first answer")
    ctx.add_message(role="user", content="second question")
    return ctx


def roles(ctx: llm.ChatContext) -> list[str]:
    return [f"{item.role}:{item.text_content}" for item in ctx.messages()]


def test_upsert_goes_before_the_newest_user_message_and_replaces_itself() -> None:
    ctx = context()
    for version in ("v1", "v2"):
        upsert_message(ctx, llm.ChatMessage(role="system", content=[version], id="note"))
    assert roles(ctx) == [
        "system:instructions",
        "user:first question",
        "assistant:first answer",
        "system:v2",
        "user:second question",
    ]


def test_upsert_appends_without_a_user_message() -> None:
    ctx = llm.ChatContext.empty()
    upsert_message(ctx, llm.ChatMessage(role="system", content=["x"], id="note"))
    assert [item.id for item in ctx.items] == ["note"]


def test_pin_and_remove() -> None:
    ctx = context()
    message = pin(llm.ChatMessage(role="system", content=["kept"], id="pinned"))
    upsert_message(ctx, message)
    assert is_pinned(ctx.get_by_id("pinned"))
    assert not is_pinned(ctx.items[0])
    assert remove_by_id(ctx, "pinned") and not remove_by_id(ctx, "pinned")
