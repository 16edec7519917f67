"""Per-item token counts, remembered so a turn only counts what is new.

Entries are keyed by item id and hold a *snapshot* of what the count depends on: the
item's type, role and content parts (references to the same objects, not copies). A hit
needs the snapshot to equal the item's current one, so an item edited in place (LiveKit
rewrites a preemptive user message's content, strips markup from assistant replies) is
recounted, never served a stale count. Comparing snapshots is cheap: Python compares
identical objects by identity first. Because snapshots hold references, an old string's
id can never be reused by a new one while its entry lives.

The cache is a bounded LRU (``maxsize`` entries, default 8,192), one per conversation,
so neither a long session nor many sessions make it grow without bound. An
``ImageContent`` changed in place (not replaced) keeps its count: give a replaced image
a new object, as LiveKit asks for its own change tracking.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from livekit.agents import llm

from .counting import TokenCounter


def snapshot(item: llm.ChatItem) -> tuple[Any, ...]:
    """What ``item``'s token count depends on."""
    if item.type == "message":
        return ("message", item.role, *item.content)
    if item.type == "function_call":
        return ("function_call", item.name, item.arguments)
    if item.type == "function_call_output":
        return ("function_call_output", item.output)
    return (item.type,)


class CountCache:
    """Counts items with ``counter``, remembering up to ``maxsize`` of them."""

    def __init__(self, counter: TokenCounter, maxsize: int = 8192) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, got {maxsize}")
        self.counter = counter
        self.maxsize = maxsize
        self._entries: OrderedDict[str, tuple[tuple[Any, ...], int]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def count(self, item: llm.ChatItem) -> int:
        """Tokens ``item`` costs: from the cache when its content is unchanged."""
        current = snapshot(item)
        entry = self._entries.get(item.id)
        if entry is not None and entry[0] == current:
            self._entries.move_to_end(item.id)
            self.hits += 1
            return entry[1]
        self.misses += 1
        tokens = self.counter.count_item(item)
        self._entries[item.id] = (current, tokens)
        self._entries.move_to_end(item.id)
        if len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return tokens

    def clear(self) -> None:
        self._entries.clear()
