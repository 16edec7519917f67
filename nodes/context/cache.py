"""Per-item token counts, remembered so a turn only counts what is new.

Entries are keyed by item id and hold a *snapshot* of what the count depends on: the
item's type and content parts (references to the same objects, not copies). A hit
needs the snapshot to equal the item's current one, so an item edited in place (LiveKit
rewrites a preemptive user message's content, strips markup from assistant replies) is
recounted, never served a stale count. Comparing snapshots is cheap: Python compares
identical objects by identity first. Because snapshots hold references, an old string's
id can never be reused by a new one while its entry lives.

The cache is bounded (``maxsize`` entries, default 8,192; the entry counted longest ago
goes first), one per conversation, so neither a long session nor many sessions make it
grow without bound. A hit costs one dict lookup and one snapshot comparison. An
``ImageContent`` changed in place (not replaced) keeps its count: give a replaced image
a new object, as LiveKit asks for its own change tracking.
"""

from __future__ import annotations

from typing import Any

from livekit.agents import llm

from .counting import TokenCounter


def snapshot(item: llm.ChatItem) -> Any:
    """What ``item``'s token count depends on: its content parts, call or output text."""
    cls = type(item)
    if cls is llm.ChatMessage:
        return (cls, *item.content)  # type: ignore[union-attr]
    if cls is llm.FunctionCallOutput:
        return (cls, item.output)  # type: ignore[union-attr]
    if cls is llm.FunctionCall:
        return (cls, item.name, item.arguments)  # type: ignore[union-attr]
    return (cls,)


_Message, _Output = llm.ChatMessage, llm.FunctionCallOutput


class CountCache:
    """Counts items with ``counter``, remembering up to ``maxsize`` of them (first in,
    first out: re-counting an evicted item is cheap, reordering on every hit is not)."""

    def __init__(self, counter: TokenCounter, maxsize: int = 8192) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, got {maxsize}")
        self.counter = counter
        self.maxsize = maxsize
        self._entries: dict[str, tuple[Any, int]] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def count(self, item: llm.ChatItem) -> int:
        """Tokens ``item`` costs: from the cache when its content is unchanged."""
        cls = type(item)  # snapshot(item), inlined: this runs for every kept item
        if cls is _Message:
            current: Any = (cls, *item.content)  # type: ignore[union-attr]
        elif cls is _Output:
            current = (cls, item.output)  # type: ignore[union-attr]
        else:
            current = snapshot(item)
        entry = self._entries.get(item.id)
        if entry is not None and entry[0] == current:
            self.hits += 1
            return entry[1]
        self.misses += 1
        tokens = self.counter.count_item(item)
        self._entries.pop(item.id, None)  # re-inserted last: evicted last
        self._entries[item.id] = (current, tokens)
        if len(self._entries) > self.maxsize:
            del self._entries[next(iter(self._entries))]
        return tokens

    def clear(self) -> None:
        self._entries.clear()
