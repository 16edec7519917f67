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

import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, itemgetter
from typing import Any

from livekit.agents import llm

from ..chat import PINNED_KEY
from .counting import REQUEST_OVERHEAD
from .strategies import CandidateTurn, CandidateTurns, DropOldest, TrimStrategy
from .structure import Conversation, ConversationCache, Unit, split_conversation
from .summary import Summary
from .totals import check_totals, remember_total

logger = logging.getLogger("voicenodes")

_FLIP = bytes.maketrans(b"\0\1", b"\1\0")
_turn_tokens = attrgetter("tokens")

RUNNING_TOOL_KEY = "__lk_running_placeholder__"
"""``extra`` key of LiveKit's in-progress tool call placeholders (voice/generation.py)."""


@dataclass(frozen=True)
class TrimResult:
    """What :func:`trim_items` kept, and why."""

    items: list[llm.ChatItem]
    """The kept items, in their original order (with the summary message, if used)."""
    tokens: int
    """Tokens of the kept items plus the request's framing."""
    required_tokens: int
    """Tokens of what is always kept: instructions, the current turn, pinned items."""
    max_tokens: int
    summary: Summary | None = None
    """The summary that stands in for older turns, when one was used."""
    source: Sequence[llm.ChatItem] = ()
    """The items that were trimmed (an earlier summary message left out)."""
    kept_positions: Sequence[int] = ()
    """Positions in :attr:`source` of the kept items, ascending."""

    @property
    def over_budget(self) -> bool:
        """Whether even the guaranteed items exceed the budget (only they were kept)."""
        return self.required_tokens > self.max_tokens

    @cached_property
    def dropped(self) -> list[llm.ChatItem]:
        """The items left out (a replaced summary message is not among them)."""
        keep = bytearray(len(self.source))
        for position in self.kept_positions:
            keep[position] = 1
        return list(compress(self.source, keep.translate(_FLIP)))


def trim_items(
    items: Sequence[llm.ChatItem],
    max_tokens: int,
    *,
    count: Callable[[llm.ChatItem], int],
    strategy: TrimStrategy | None = None,
    pinned: Callable[[llm.ChatItem], bool] | None = None,
    summary: Summary | None = None,
    request_overhead: int = REQUEST_OVERHEAD,
    shapes: ConversationCache | None = None,
) -> TrimResult:
    """The items of ``items`` to send within ``max_tokens`` (see the module docstring).

    Args:
        count: tokens of one item (a ``CountCache.count`` or ``TokenCounter.count_item``).
        strategy: which older turns to keep (default :class:`DropOldest`).
        pinned: more items to keep, besides pinned ones (:func:`voicenodes.nodes.pin`)
            and LiveKit's in-progress tool placeholders.
        summary: a summary of older turns: the turns it covers are left out and its
            message takes their place, when it fits after the guaranteed items.
        shapes: a conversation's cache of shapes, so that a request which extends an
            earlier one is not split into units again.
    """
    old_summary = _index_of(items, summary.message.id) if summary is not None else None
    if old_summary is not None:  # an earlier summary: the current one takes its place
        items = [*items[:old_summary], *items[old_summary + 1 :]]
    conversation = shapes.split(items) if shapes is not None else split_conversation(items)
    check_totals(conversation, getattr(count, "__self__", count))
    required = _required_units(conversation, _pinned_positions(conversation, pinned))
    required_tokens = request_overhead + _tokens_of(items, required, count)
    if required_tokens > max_tokens:
        kept: list[Sequence[int]] = [unit.indices for unit in required]
        return _result(conversation.items, kept, required_tokens, required_tokens, max_tokens)

    budget = max_tokens - required_tokens
    covered = _covered_turns(conversation, summary)
    summary_tokens = count(summary.message) if summary is not None else 0
    use_summary = summary is not None and summary_tokens <= budget
    if use_summary:
        budget -= summary_tokens
    else:
        covered = set()

    costs = _TurnCosts(conversation, set(required), count)
    older = range(len(conversation.turns) - 1)
    numbers = [n for n in older if n not in covered] if covered else older
    kept = [unit.indices for unit in required]
    if strategy is None or type(strategy) is DropOldest:  # the default, walked inline
        chosen, chosen_tokens = costs.newest_that_fit(numbers, budget)
        kept += costs.positions(chosen, newest=not covered)
    else:
        candidates = _select(strategy, CandidateTurns(numbers, costs), budget)
        chosen = [turn.number for turn in candidates]
        chosen_tokens = sum(turn.tokens for turn in candidates)
        kept += costs.positions(chosen)
    conversation.checked_from = costs.oldest_of_newest()
    tokens = required_tokens + chosen_tokens
    if use_summary:
        tokens += summary_tokens
    return _result(
        conversation.items,  # the shape's own copy: the caller may edit ``items``
        kept,
        tokens,
        required_tokens,
        max_tokens,
        summary=summary if use_summary else None,
        anchor=_summary_anchor(conversation, covered, old_summary),
    )


def _select(strategy: TrimStrategy, turns: CandidateTurns, budget: int) -> list[CandidateTurn]:
    """The strategy's choice, or DropOldest's if it broke the budget (logged: a strategy
    bug must not make a request too large or stop the agent)."""
    chosen = strategy.select(turns, budget)
    numbers = [turn.number for turn in chosen]
    if sum(turn.tokens for turn in chosen) <= budget and len(set(numbers)) == len(numbers):
        return chosen
    logger.error(
        "ContextTrimmer: strategy %r chose turns %s, %d tokens for a budget of %d (or a "
        "turn twice); using DropOldest for this request",
        strategy,
        numbers,
        sum(turn.tokens for turn in chosen),
        budget,
    )
    return DropOldest().select(turns, budget)


def _pinned_positions(
    conversation: Conversation, pinned: Callable[[llm.ChatItem], bool] | None
) -> list[int]:
    # checked on every request, since a pin can be added to an item at any time; the
    # scan runs in C over the fields read once for this request, and only items with a
    # non-empty ``extra`` are looked at in Python
    fields = conversation.fields
    positions = []
    if any(map(dict.get, fields, repeat("extra"))):  # usually every ``extra`` is empty
        with_extra = compress(range(len(fields)), map(dict.get, fields, repeat("extra")))
        positions = [i for i in with_extra if _kept_by_extra(fields[i]["extra"])]
    if pinned is not None:
        positions += [i for i, item in enumerate(conversation.items) if pinned(item)]
    return positions


def _kept_by_extra(extra: dict[str, Any]) -> bool:
    return bool(extra.get(PINNED_KEY) or extra.get(RUNNING_TOOL_KEY))


def _required_units(conversation: Conversation, pinned: list[int]) -> list[Unit]:
    units, unit_of = conversation.units, conversation.unit_of
    current = conversation.turns[-1]
    required = dict.fromkeys(conversation.instructions)  # a dict keeps the order
    required.update(dict.fromkeys(current.units))
    late = (unit_of[i] for i in range(current.start, len(unit_of)))  # older calls' outputs
    positions = (unit_of[i] for i in pinned)
    required.update(dict.fromkeys(units[i] for i in (*late, *positions) if i >= 0))
    for unit in list(required):  # no reply without its question
        opener = conversation.turns[unit.turn].opener
        if unit.kind in ("reply", "marker") and opener is not None:
            required[opener] = None
    if conversation.trailing_markers:
        required[Unit("marker", current.number, list(conversation.trailing_markers))] = None
    return list(required)


class _TurnCosts:
    """Tokens of the items of a turn that are not kept anyway, counted on demand.

    A turn with nothing kept anyway (the common case) costs its whole total, reused
    across requests when :mod:`.totals` vouches for it.
    """

    def __init__(
        self, conversation: Conversation, required: set[Unit], count: Callable[[llm.ChatItem], int]
    ) -> None:
        self._conversation = conversation
        self._required = required
        self._required_turns = {unit.turn for unit in required}
        self._count = count
        self.tokens: dict[int, int] = {}
        self.walked_from: int | None = None
        """The oldest turn :meth:`newest_that_fit` looked at (it walks one run)."""
        self._reusable_from: int | None = None
        """The oldest turn whose total may be reused (see :meth:`_reused_run`)."""

    def indices(self, number: int) -> list[int]:
        """Positions of the items a turn adds when kept."""
        turn = self._conversation.turns[number]
        if number not in self._required_turns:
            return turn.indices()
        return [i for unit in turn.units if unit not in self._required for i in unit.indices]

    def __call__(self, number: int) -> int:
        tokens = self.tokens.get(number)
        if tokens is not None:
            return tokens
        whole = number not in self._required_turns
        if whole:  # a total checked for this request is reused
            turn = self._conversation.turns[number]
            if turn.start >= self._conversation.checked_from:
                tokens = turn.tokens
        if tokens is None:
            items = map(self._conversation.items.__getitem__, self.indices(number))
            tokens = sum(map(self._count, items))
            if whole:
                remember_total(self._conversation, number, tokens)
        self.tokens[number] = tokens
        return tokens

    def newest_that_fit(self, numbers: Sequence[int], budget: int) -> tuple[list[int], int]:
        """:class:`DropOldest`'s choice (turn numbers, newest first) and its tokens,
        without building candidate objects: the walk over the kept turns is the hot loop
        of a request. Reuses a turn's total exactly when :meth:`__call__` would; runs of
        reused totals are summed in C (``accumulate``) and cut with ``bisect``."""
        turns, checked_from = self._conversation.turns, self._conversation.checked_from
        required_turns = self._required_turns
        gapless = isinstance(numbers, range) and numbers == range(len(turns) - 1)
        order = reversed(numbers) if not gapless else None
        kept: list[int] = []
        left = budget
        number = len(turns) - 2
        while True:
            if gapless:
                run = self._reused_run(number)
                if run:  # newest first
                    sums = list(accumulate(run))
                    fit = bisect_right(sums, left)
                    kept += range(number, number - fit, -1)
                    if fit < len(sums):  # a reused turn that does not fit: the end
                        self.walked_from = number - fit
                        return kept, budget - left + (sums[fit - 1] if fit else 0)
                    left -= sums[-1]
                    number -= len(run)
                    self.walked_from = number + 1
            else:
                number = next(order, -1)  # type: ignore[arg-type]
            if number < 0:
                return kept, budget - left
            turn = turns[number]
            tokens = turn.tokens
            if tokens is None or turn.start < checked_from or number in required_turns:
                tokens = self(number)
            else:
                self.tokens[number] = tokens
            if gapless:
                self.walked_from = number
            if tokens > left:
                return kept, budget - left
            left -= tokens
            kept.append(number)
            if gapless:
                number -= 1

    def _reused_run(self, number: int) -> list[int]:
        """Totals of the turns ``number``, ``number - 1``... down to the first whose
        total :meth:`__call__` would not reuse (checked range, no item kept anyway,
        counted): newest first."""
        turns = self._conversation.turns
        if self._reusable_from is None:
            conversation, current = self._conversation, len(turns) - 1
            required = max((n for n in self._required_turns if n < current), default=-1)
            checked = bisect_left(conversation.turn_starts, conversation.checked_from)
            self._reusable_from = max(checked, required + 1)
        oldest = self._reusable_from
        if number < oldest or turns[number].tokens is None:
            return []
        run = list(map(_turn_tokens, turns[number : oldest - 1 if oldest else None : -1]))
        if None in run:
            run = run[: run.index(None)]
        if min(run) < 0:  # a counter gone wrong: sums must not decrease
            return []
        return run

    def positions(self, numbers: list[int], newest: bool = False) -> list[Sequence[int]]:
        """Positions of the items the turns ``numbers`` add when kept. When they are the
        newest older turns (``newest``: as :meth:`newest_that_fit` chose them, with no
        turn skipped), none has an item kept anyway, and each owns its span
        (:meth:`Conversation.spans_owned`), that is one range; else turn by turn."""
        conversation = self._conversation
        turns = conversation.turns
        current = len(turns) - 1
        oldest = current - len(numbers)
        if (
            newest
            and numbers
            and max((n for n in self._required_turns if n < current), default=-1) < oldest
            and conversation.spans_owned(oldest, current - 1)
        ):
            return [range(turns[oldest].start, turns[current].start)]
        return [self.indices(number) for number in numbers]

    def oldest_of_newest(self) -> int:
        """Start of the oldest turn in the unbroken run of counted turns that ends with
        the newest older turn: where the next request's check begins."""
        turns, walked = self._conversation.turns, self.tokens
        if self.walked_from is not None:  # DropOldest's walk: one run from the newest
            return turns[self.walked_from].start
        number = len(turns) - 2
        while number >= 0 and number in walked:
            number -= 1
        return turns[number + 1].start


def _tokens_of(
    items: Sequence[llm.ChatItem], units: Sequence[Unit], count: Callable[[llm.ChatItem], int]
) -> int:
    return sum(count(items[i]) for unit in units for i in unit.indices)


def _covered_turns(conversation: Conversation, summary: Summary | None) -> set[int]:
    """Turns the summary stands in for: those with an item it covers."""
    if summary is None or not summary.covered:
        return set()
    covered, units, unit_of = summary.covered, conversation.units, conversation.unit_of
    current = conversation.turns[-1].number
    turns = {
        units[unit_of[i]].turn
        for i, item_id in enumerate(conversation.ids)
        if item_id in covered and unit_of[i] >= 0
    }
    turns.discard(current)
    return turns


def _summary_anchor(
    conversation: Conversation, covered: set[int], old_summary: int | None
) -> int | None:
    """Position after which the summary goes: just before the turn that follows the
    turns it covers, or where an earlier summary message was."""
    if covered:  # the current turn is never covered, so a next turn exists
        return conversation.turns[max(covered) + 1].start - 1
    return None if old_summary is None else old_summary - 1


def _result(
    items: Sequence[llm.ChatItem],
    kept: Sequence[Sequence[int]],
    tokens: int,
    required_tokens: int,
    max_tokens: int,
    *,
    summary: Summary | None = None,
    anchor: int | None = None,
) -> TrimResult:
    positions, out = _pick(items, kept)
    if summary is not None:
        at = _insert_position(items, positions, anchor)
        if at < len(out):  # LiveKit keeps histories sorted by created_at: fit in
            summary.message.created_at = out[at].created_at - 1e-6
        out.insert(at, summary.message)
    return TrimResult(out, tokens, required_tokens, max_tokens, summary, items, positions)


def _pick(
    items: Sequence[llm.ChatItem], kept: Sequence[Sequence[int]]
) -> tuple[list[int], list[llm.ChatItem]]:
    """The kept positions, ascending, and their items. The newest turns often come as
    one range (:meth:`_TurnCosts.positions`): that part is one slice."""
    span = kept[-1] if kept else None
    if isinstance(span, range) and isinstance(items, list):
        rest = sorted(chain.from_iterable(kept[:-1]))
        cut = bisect_left(rest, span.start)
        before, after = rest[:cut], rest[cut:]
        if not after or after[0] >= span.stop:  # no overlap (none by construction)
            positions = [*before, *span, *after]
            out = [items[i] for i in before]
            out += items[span.start : span.stop]
            out += [items[i] for i in after]
            return positions, out
    positions = sorted(chain.from_iterable(kept))
    # itemgetter picks them all in one C call (it returns a bare item for one position)
    if len(positions) > 1:
        return positions, list(itemgetter(*positions)(items))
    return positions, [items[i] for i in positions]


def _insert_position(
    items: Sequence[llm.ChatItem], positions: list[int], anchor: int | None
) -> int:
    """Index in the kept list before the first kept conversational item after ``anchor``
    (after the leading instructions when there is no anchor)."""
    if anchor is not None:
        return bisect_right(positions, anchor)
    leading = 0
    for position in positions:
        item = items[position]
        if not (item.type == "message" and item.role in ("system", "developer")):
            break
        leading += 1
    return leading


def _index_of(items: Sequence[llm.ChatItem], item_id: str) -> int | None:
    return next((i for i, item in enumerate(items) if item.id == item_id), None)
