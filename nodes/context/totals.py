"""Turn totals reused from one request to the next, after a bulk check.

A request walks the newest turns, adding up their tokens. The counts of their items are
cached (:mod:`.cache`), but checking each item's cache entry still costs a few
operations per item and per turn. So each turn of a conversation's shape
(:mod:`.structure`) also keeps its total (:attr:`Turn.tokens`), and the content its
items were counted from (:attr:`Conversation.snapshots`, :attr:`Conversation.call_names`).
At the start of the next request, :func:`check_totals` compares the content of every
item from where the last request's walk began, all at once with C-level ``map`` chains
over the fields read for the request, and forgets the total of any turn with an item
that changed (or that was counted by another counter). A reused total is therefore
exactly the sum its items' counts would give now.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress
from operator import ne

from livekit.agents import llm

from .structure import NO_CONTENT, Conversation


def check_totals(conversation: Conversation, counted_by: object) -> None:
    """Forget the totals that might be stale (see the module docstring)."""
    if conversation.counted_by is not counted_by:
        for turn in conversation.turns:
            turn.tokens = None
        conversation.counted_by = counted_by
        return
    start, fields = conversation.checked_from, conversation.fields
    # an item that costs nothing (NO_CONTENT) reads None, like its snapshot
    current = map(dict.get, fields[start:], conversation.content_keys[start:])
    changed = compress(range(start, len(fields)), map(ne, conversation.snapshots[start:], current))
    calls = conversation.by_type[llm.FunctionCall]
    calls = calls[bisect_left(calls, start) :]
    names = conversation.call_names
    renamed = (p for p in calls if names.get(p) != fields[p]["name"])
    for position in (*changed, *renamed):
        _forget_total_of(conversation, position)


def _forget_total_of(conversation: Conversation, position: int) -> None:
    if (unit := conversation.unit_of[position]) >= 0:
        conversation.turns[conversation.units[unit].turn].tokens = None


def remember_total(conversation: Conversation, number: int, tokens: int) -> None:
    """Keep turn ``number``'s total, with the content its items were counted from."""
    turn = conversation.turns[number]
    fields, keys, snapshots = conversation.fields, conversation.content_keys, conversation.snapshots
    for position in turn.indices():
        key = keys[position]
        if key != NO_CONTENT:
            value = fields[position][key]
            snapshots[position] = list(value) if key == "content" else value
            if key == "arguments":
                conversation.call_names[position] = fields[position]["name"]
    turn.tokens = tokens
