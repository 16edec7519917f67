"""Per-item token counts, remembered so a turn only counts what is new.

Entries are keyed by item id and hold a *snapshot* of what the count depends on: the
item's type and a shallow copy of its content parts (the same string objects, in a list
of the cache's own), a call's name and arguments, an output's text. A hit needs the
snapshot to equal the item's current content, so an item edited in place (LiveKit
rewrites a preemptive user message's content and strips markup from assistant replies;
``message.content[0] = ...`` in your code) is recounted, never served a stale count.
Comparing is cheap: Python compares identical objects by identity first.

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
    """What ``item``'s token count depends on: a shallow copy of a message's content
    parts, a call's name and arguments, an output's text."""
    fields = item.__dict__
    cls = type(item)
    if cls is llm.ChatMessage:
        return list(fields["content"])
    if cls is llm.FunctionCallOutput:
        return fields["output"]
    if cls is llm.FunctionCall:
        return (fields["name"], fields["arguments"])
    return None


_Message, _Output, _Call = llm.ChatMessage, llm.FunctionCallOutput, llm.FunctionCall


class CountCache:
    """Counts items with ``counter``, remembering up to ``maxsize`` of them (first in,
    first out: re-counting an evicted item is cheap, reordering on every hit is not).
    :attr:`misses` counts the items actually counted."""

    def __init__(self, counter: TokenCounter, maxsize: int = 8192) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, got {maxsize}")
        self.counter = counter
        self.maxsize = maxsize
        self._entries: dict[str, tuple[type, Any, int]] = {}
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def count(self, item: llm.ChatItem) -> int:
        """Tokens ``item`` costs: from the cache when its content is unchanged."""
        # the hit path runs for every item a request may keep: comparisons only, no
        # allocation (a list compares with its copy part by part, by identity first)
        fields = item.__dict__
        cls = type(item)
        entry = self._entries.get(fields["id"])
        if entry is not None and entry[0] is cls:
            kept = entry[1]
            if cls is _Message:
                same = kept == fields["content"]
            elif cls is _Output:
                same = kept == fields["output"]
            elif cls is _Call:
                same = kept[1] == fields["arguments"] and kept[0] == fields["name"]
            else:
                same = True
            if same:
                return entry[2]
        return self._recount(item)

    def _recount(self, item: llm.ChatItem) -> int:
        self.misses += 1
        tokens = self.counter.count_item(item)
        self._entries.pop(item.id, None)  # re-inserted last: evicted last
        self._entries[item.id] = (type(item), snapshot(item), tokens)
        if len(self._entries) > self.maxsize:
            del self._entries[next(iter(self._entries))]
        return tokens

    def clear(self) -> None:
        self._entries.clear()
