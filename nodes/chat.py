"""Idempotent edits of a request's chat context, shared by ``llm_input`` nodes.

LiveKit calls ``llm_node`` several times per turn (preemptive generation, the tool
follow-up step), and the follow-up context already holds the previous step's edits. An
``llm_input`` hook therefore replaces what it injected, by a stable id, instead of
appending; :func:`upsert_message` does that. Injected items can be *pinned*
(:func:`pin`), which tells context-trimming nodes to keep them.
"""

from __future__ import annotations

from typing import Any

from livekit.agents import llm

PINNED_KEY = "voicenodes_pinned"
"""Key set to ``True`` in an item's ``extra`` dict to ask trimming nodes to keep it."""


def pin(item: llm.ChatMessage) -> llm.ChatMessage:
    """Mark ``item`` as pinned (kept by context trimming) and return it."""
    item.extra[PINNED_KEY] = True
    return item


def is_pinned(item: Any) -> bool:
    """Whether ``item`` was marked with :func:`pin`."""
    extra = getattr(item, "extra", None)
    return bool(extra and extra.get(PINNED_KEY))


def newest_user_index(chat_ctx: llm.ChatContext) -> int | None:
    """Index of the newest user message, or ``None`` when there is none."""
    for index in range(len(chat_ctx.items) - 1, -1, -1):
        item = chat_ctx.items[index]
        if item.type == "message" and item.role == "user":
            return index
    return None


def upsert_message(
    chat_ctx: llm.ChatContext, message: llm.ChatMessage, *, before_newest_user: bool = True
) -> None:
    """Put ``message`` into ``chat_ctx``, replacing any item with the same id.

    It goes just before the newest user message (so the user's words stay last, where
    models expect them), or at the end when there is no user message or
    ``before_newest_user`` is false. Applying the same upsert twice leaves one copy.
    """
    if (existing := chat_ctx.index_by_id(message.id)) is not None:
        chat_ctx.items.pop(existing)
    anchor = newest_user_index(chat_ctx) if before_newest_user else None
    chat_ctx.items.insert(len(chat_ctx.items) if anchor is None else anchor, message)


def remove_by_id(chat_ctx: llm.ChatContext, item_id: str) -> bool:
    """Remove the item with ``item_id``; return whether there was one."""
    if (existing := chat_ctx.index_by_id(item_id)) is None:
        return False
    chat_ctx.items.pop(existing)
    return True
