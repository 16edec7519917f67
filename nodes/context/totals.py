"""Turn totals reused from one request to the next, after a bulk check.

A request walks the newest turns, adding up their tokens. The counts of their items are
cached (:mod:`.cache`), but checking each item's cache entry still costs a few
operations per item and per turn. So each turn of a conversation's shape
(:mod:`.structure`) also keeps its total (:attr:`Turn.tokens`), and the content its
items were counted from (:attr:`Conversation.snapshots`). At the start of the next
request, :func:`check_totals` compares the content of every item from where the last
request's walk began, all at once with C-level ``map`` chains, and forgets the total of
any turn with an item that changed (or that was counted by another counter). A reused
total is therefore exactly the sum its items' counts would give now.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress
from operator import attrgetter, itemgetter, ne
from typing import Any

from livekit.agents import llm

from .cache import snapshot
from .structure import Conversation

_fields = attrgetter("__dict__")
_CONTENT: dict[type, Any] = {
    llm.ChatMessage: itemgetter("content"),
    llm.FunctionCallOutput: itemgetter("output"),
    llm.FunctionCall: itemgetter("name", "arguments"),
}


def check_totals(conversation: Conversation, counted_by: object) -> None:
    """Forget the totals that might be stale (see the module docstring)."""
    if conversation.counted_by is not counted_by:
        for turn in conversation.turns:
            turn.tokens = None
        conversation.counted_by = counted_by
        return
    items, snapshots = conversation.items, conversation.snapshots
    units, unit_of, turns = conversation.units, conversation.unit_of, conversation.turns
    for cls, positions in conversation.by_type.items():
        checked = positions[bisect_left(positions, conversation.checked_from) :]
        current = map(_CONTENT[cls], map(_fields, map(items.__getitem__, checked)))
        counted = map(snapshots.__getitem__, checked)
        for position in compress(checked, map(ne, counted, current)):
            if (unit := unit_of[position]) >= 0:
                turns[units[unit].turn].tokens = None


def remember_total(conversation: Conversation, number: int, tokens: int) -> None:
    """Keep turn ``number``'s total, with the content its items were counted from."""
    turn = conversation.turns[number]
    items, snapshots = conversation.items, conversation.snapshots
    for position in turn.indices():
        snapshots[position] = snapshot(items[position])
    turn.tokens = tokens
