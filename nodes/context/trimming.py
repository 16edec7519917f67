"""The trimming rules: which items of a chat context fit a token budget.

:func:`trim_items` is a pure function of the item list, so it gives the same answer
each time LiveKit calls ``llm_node`` for a turn (speculative runs, the tool follow-up
step with its re-merged history) and trimming a trimmed list changes nothing.

Guarantees, whatever the history and the budget:

1. Every system and developer message is kept, and counted.
2. The current turn is kept: the newest user message and everything after it (the
   current reply's tool calls and outputs), plus any unit with an item in it (a tool
   call from an older turn whose output has just arrived).
3. Pinned items are kept: :func:`voicenodes.nodes.chat.pin`, the ``pinned`` predicate,
   and LiveKit's in-progress tool placeholders (dropping those would make the model call
   a still-running tool again).
4. A function call and all its outputs are kept or dropped together, with the parallel
   calls and the assistant message of the same step; an output whose call is missing is
   always dropped.
5. No reply loses its question: older turns are kept or dropped whole, and a kept unit
   of an older turn (pinned) brings the user message that opens its turn. So the kept
   conversation starts with a user message, unless it starts with what came before the
   first user message, a greeting, which answers nothing.
6. Handoffs and configuration updates cost nothing (they never reach the LLM) and go
   with the unit that follows them.
7. The total (items plus the request's framing) fits ``max_tokens``, or, when items 1-3
   alone exceed it, only those are kept: the smallest valid context
   (:attr:`TrimResult.over_budget`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from livekit.agents import llm

from ..chat import is_pinned
from .counting import REQUEST_OVERHEAD
from .strategies import CandidateTurn, DropOldest, TrimStrategy
from .structure import Conversation, Turn, Unit, split_conversation
from .summary import Summary

RUNNING_TOOL_KEY = "__lk_running_placeholder__"
"""``extra`` key of LiveKit's in-progress tool call placeholders (voice/generation.py)."""


@dataclass(frozen=True)
class TrimResult:
    """What :func:`trim_items` kept, and why."""

    items: list[llm.ChatItem]
    """The kept items, in their original order (with the summary message, if used)."""
    dropped: list[llm.ChatItem]
    """The items left out (a replaced summary message is not among them)."""
    tokens: int
    """Tokens of the kept items plus the request's framing."""
    required_tokens: int
    """Tokens of what is always kept: instructions, the current turn, pinned items."""
    max_tokens: int
    summary: Summary | None = None
    """The summary that stands in for older turns, when one was used."""

    @property
    def over_budget(self) -> bool:
        """Whether even the guaranteed items exceed the budget (only they were kept)."""
        return self.required_tokens > self.max_tokens


def keeps_always(item: llm.ChatItem) -> bool:
    """Pinned items and LiveKit's in-progress tool placeholders."""
    return is_pinned(item) or bool(
        item.type == "function_call" and item.extra.get(RUNNING_TOOL_KEY)
    )


def trim_items(
    items: Sequence[llm.ChatItem],
    max_tokens: int,
    *,
    count: Callable[[llm.ChatItem], int],
    strategy: TrimStrategy | None = None,
    pinned: Callable[[llm.ChatItem], bool] | None = None,
    summary: Summary | None = None,
    request_overhead: int = REQUEST_OVERHEAD,
) -> TrimResult:
    """The items of ``items`` to send within ``max_tokens`` (see the module docstring).

    Args:
        count: tokens of one item (a ``CountCache.count`` or ``TokenCounter.count_item``).
        strategy: which older turns to keep (default :class:`DropOldest`).
        pinned: more items to keep, besides :func:`keeps_always` ones.
        summary: a summary of older turns: the turns it covers are left out and its
            message takes their place, when it fits after the guaranteed items.
    """

    def keep(item: llm.ChatItem) -> bool:
        return keeps_always(item) or (pinned is not None and pinned(item))

    old_summary = _index_of(items, summary.message.id) if summary is not None else None
    if old_summary is not None:  # an earlier summary: the current one takes its place
        items = [*items[:old_summary], *items[old_summary + 1 :]]
    conversation = split_conversation(items, keep)
    required = _required_units(conversation)
    required_tokens = request_overhead + _tokens_of(conversation, required, count)
    if required_tokens > max_tokens:
        return _result(conversation, required, required_tokens, required_tokens, max_tokens)

    budget = max_tokens - required_tokens
    covered = _covered_turns(conversation, summary)
    summary_tokens = count(summary.message) if summary is not None else 0
    use_summary = summary is not None and summary_tokens <= budget
    if use_summary:
        budget -= summary_tokens
    else:
        covered = set()

    required_ids = {id(unit) for unit in required}
    candidates = [
        CandidateTurn(turn.number, _cost_of(conversation, turn, required_ids, count))
        for turn in conversation.turns[:-1]
        if turn.number not in covered
    ]
    chosen = (strategy or DropOldest()).select(candidates, budget)
    kept = list(required)
    for candidate in chosen:
        kept += _selectable(conversation.turns[candidate.number], required_ids)
    tokens = required_tokens + sum(turn.tokens for turn in chosen)
    if use_summary:
        tokens += summary_tokens
    return _result(
        conversation,
        kept,
        tokens,
        required_tokens,
        max_tokens,
        summary=summary if use_summary else None,
        anchor=_summary_anchor(conversation, covered, old_summary),
    )


def _required_units(conversation: Conversation) -> list[Unit]:
    current = conversation.turns[-1]
    start = current.start
    required: dict[int, Unit] = {}
    for unit in conversation.units:
        if unit.kind == "orphan":
            continue
        if unit.kind == "instructions" or unit.pinned or unit.indices[-1] >= start:
            required[id(unit)] = unit
    for unit in list(required.values()):  # no reply without its question
        opener = conversation.turns[unit.turn].opener
        if unit.kind in ("reply", "marker") and opener is not None:
            required.setdefault(id(opener), opener)
    return list(required.values())


def _selectable(turn: Turn, required_ids: set[int]) -> list[Unit]:
    return [u for u in turn.units if u.kind != "orphan" and id(u) not in required_ids]


def _cost_of(
    conversation: Conversation,
    turn: Turn,
    required_ids: set[int],
    count: Callable[[llm.ChatItem], int],
) -> Callable[[], int]:
    def cost() -> int:
        return _tokens_of(conversation, _selectable(turn, required_ids), count)

    return cost


def _tokens_of(
    conversation: Conversation, units: Sequence[Unit], count: Callable[[llm.ChatItem], int]
) -> int:
    items = conversation.items
    return sum(count(items[i]) for unit in units for i in unit.indices)


def _covered_turns(conversation: Conversation, summary: Summary | None) -> set[int]:
    """Turns the summary stands in for: those with an item it covers."""
    if summary is None or not summary.covered:
        return set()
    items, covered = conversation.items, summary.covered
    current = conversation.turns[-1].number
    return {
        turn.number
        for turn in conversation.turns
        if turn.number != current
        and any(items[i].id in covered for unit in turn.units for i in unit.indices)
    }


def _summary_anchor(
    conversation: Conversation, covered: set[int], old_summary: int | None
) -> int | None:
    """Position after which the summary goes: just before the turn that follows the
    turns it covers, or where an earlier summary message was."""
    if covered:  # the current turn is never covered, so a next turn exists
        return conversation.turns[max(covered) + 1].start - 1
    return None if old_summary is None else old_summary - 1


def _result(
    conversation: Conversation,
    kept: Sequence[Unit],
    tokens: int,
    required_tokens: int,
    max_tokens: int,
    *,
    summary: Summary | None = None,
    anchor: int | None = None,
) -> TrimResult:
    items = conversation.items
    keep = [False] * len(items)
    for unit in kept:
        for i in unit.indices:
            keep[i] = True
    out: list[llm.ChatItem] = []
    dropped: list[llm.ChatItem] = []
    for i, item in enumerate(items):
        (out if keep[i] else dropped).append(item)
    if summary is not None:
        out.insert(_insert_position(items, keep, anchor), summary.message)
    return TrimResult(out, dropped, tokens, required_tokens, max_tokens, summary)


def _insert_position(items: Sequence[llm.ChatItem], keep: list[bool], anchor: int | None) -> int:
    """Index in the kept list before the first kept conversational item after ``anchor``
    (after the leading instructions when there is no anchor)."""
    position = 0
    for i, item in enumerate(items):
        if not keep[i]:
            continue
        leading = item.type == "message" and item.role in ("system", "developer")
        if (i > anchor) if anchor is not None else not leading:
            return position
        position += 1
    return position


def _index_of(items: Sequence[llm.ChatItem], item_id: str) -> int | None:
    return next((i for i, item in enumerate(items) if item.id == item_id), None)
