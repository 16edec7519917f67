"""The shape of a conversation, as trimming sees it: units grouped into turns.

A *unit* is what is kept or dropped as a whole:

- ``instructions``: one system or developer message;
- ``user``: one user message, which opens a turn;
- ``reply``: one assistant step, grouped the way LiveKit's provider formats group it: the
  assistant message and the function calls that share its id prefix (``"<id>/fnc_0"``)
  or ``group_id`` (parallel calls), with every output answering one of those calls;
- ``marker``: agent handoffs and configuration updates that no conversational item
  follows (they are never sent to the LLM; otherwise they belong to the unit after them).

A function output whose call is not before it in the list belongs to no unit (no
provider accepts it). A *turn* is a user message and every unit that starts after it, up
to the next user message; turn 0 holds what comes before the first user message (a
greeting) and has no opener.

The shape depends only on item ids, kinds, roles and call ids, so a
:class:`ConversationCache` can grow it as the history grows instead of rebuilding it on
every request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, is_, is_not
from typing import Any, Literal

from livekit.agents import llm

_fields = attrgetter("__dict__")  # a pydantic model's field values
_owns_span = attrgetter("owns_span")

CONTENT_KEYS: dict[type, str] = {
    llm.ChatMessage: "content",
    llm.FunctionCallOutput: "output",
    llm.FunctionCall: "arguments",
}
"""The field an item's token count depends on, besides a function call's name."""
NO_CONTENT = "voicenodes: no content"
"""Content key of the items that cost nothing: no item has that field (it reads None)."""

UnitKind = Literal["instructions", "user", "reply", "marker"]
ORPHAN = -1
"""``unit_of`` value of an output whose call is missing."""
PENDING = -2
"""``unit_of`` value of a marker waiting for the unit that follows it."""


@dataclass(eq=False, slots=True)
class Unit:
    """Items kept or dropped together. ``indices`` are positions in the item list."""

    kind: UnitKind
    turn: int
    indices: list[int] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Turn:
    """A user message (``opener``; ``None`` for turn 0) and the units after it."""

    number: int
    opener: Unit | None = None
    units: list[Unit] = field(default_factory=list)
    start: int = 0
    """Position of the turn's user message (0 for turn 0)."""
    tokens: int | None = None
    """The tokens of all its items, when counted (see :mod:`.totals`)."""
    owns_span: bool | None = None
    """Whether its items are exactly those from its start to the next turn's (no late
    output of an older call, orphan output or handoff before the next user message);
    None: not known yet (see :meth:`Conversation.spans_owned`)."""
    _indices: list[int] | None = None

    def indices(self) -> list[int]:
        """Positions of every item of the turn's units (in no particular order)."""
        if self._indices is None:
            self._indices = [i for unit in self.units for i in unit.indices]
        return self._indices

    def changed(self) -> None:
        self._indices = None
        self.tokens = None
        self.owns_span = None


class Conversation:
    """Units and turns of an item list, built in one pass and extendable in place."""

    def __init__(self) -> None:
        self.items: Sequence[llm.ChatItem] = ()
        self.fields: list[dict[str, Any]] = []
        """Per item of the current request: its field values (``__dict__``), read once
        per request and shared by the checks that must look at every item."""
        self.ids: list[str] = []
        self.units: list[Unit] = []
        self.unit_of: list[int] = []
        """Per item: the index of its unit in :attr:`units`, or ORPHAN / PENDING."""
        self.turns: list[Turn] = [Turn(0)]
        self.turn_starts: list[int] = [0]
        """Per turn: its :attr:`Turn.start`."""
        self.instructions: list[Unit] = []
        self.by_type: dict[type, list[int]] = {
            llm.ChatMessage: [],
            llm.FunctionCall: [],
            llm.FunctionCallOutput: [],
        }
        """Positions of the items of each type that have a token count."""
        self.content_keys: list[str] = []
        """Per item: the field its count depends on (a call's ``name`` is checked apart)."""
        self.snapshots: list[Any] = []
        """Per item: that field's value when its count in :attr:`Turn.tokens` was taken
        (a shallow copy of a message's content list; None: not counted yet)."""
        self.call_names: dict[int, str] = {}
        """Per function call counted in a turn total: its name then."""
        self.counted_by: object | None = None
        self.checked_from = 0
        """Turn totals are reused only for turns starting here or later."""
        self._steps: dict[str, int] = {}
        self._calls: dict[str, int] = {}
        self._markers: list[int] = []

    def _settle_span(self, turn: Turn) -> None:
        end = self.turns[turn.number + 1].start
        indices = turn.indices()
        turn.owns_span = len(indices) == end - turn.start and (
            not indices or (min(indices) == turn.start and max(indices) == end - 1)
        )

    def spans_owned(self, first: int, last: int) -> bool:
        """Whether turns ``first`` to ``last`` (older than the newest turn) each own
        their span (:attr:`Turn.owns_span`), so together they own the items from turn
        ``first``'s start to turn ``last + 1``'s. Known answers are reused: a turn's span
        is fixed once a newer turn exists, and a turn forgets its answer when it grows."""
        turns = self.turns[first : last + 1]
        if turns and turns[-1].owns_span is None:  # usually the one new older turn
            self._settle_span(turns[-1])
        if all(map(_owns_span, turns)):
            return True
        known = list(map(_owns_span, turns))
        for number in compress(range(first, last + 1), map(is_, known, repeat(None))):
            self._settle_span(self.turns[number])
        return all(map(_owns_span, turns))

    @property
    def trailing_markers(self) -> list[int]:
        """Positions of handoffs and configuration updates that nothing follows."""
        return self._markers

    def extend(
        self, items: Sequence[llm.ChatItem], fields: list[dict[str, Any]] | None = None
    ) -> Conversation:
        """Add ``items[len(self.ids):]``; ``items`` must start with the items seen so far
        (by id). ``fields``: the items' ``__dict__``s, when the caller has them already."""
        seen = len(self.ids)
        for index in range(seen, len(items)):
            self._add(index, items[index])
        self.ids += [item.id for item in items[seen:]]
        # a copy: the caller may edit its list afterwards (llm_input trims it in place)
        self.items = list(items)
        self.fields = list(map(_fields, items)) if fields is None else fields
        return self

    def _add(self, index: int, item: llm.ChatItem) -> None:
        cls = type(item)
        self.snapshots.append(None)
        self.content_keys.append(CONTENT_KEYS.get(cls, NO_CONTENT))
        if cls in self.by_type:
            self.by_type[cls].append(index)
        if cls is llm.ChatMessage:
            role = item.role  # type: ignore[union-attr]
            if role == "user":
                turn = Turn(len(self.turns), start=index)
                self.turns.append(turn)
                self.turn_starts.append(index)
                turn.opener = self.units[self._new("user", index)]
                self._take_markers(len(self.units) - 1)
            elif role == "assistant":
                self._join_step(item.id.partition("/")[0], index)
            else:
                self.instructions.append(self.units[self._new("instructions", index)])
        elif cls is llm.FunctionCall:
            key = item.group_id or item.id.partition("/")[0]  # type: ignore[union-attr]
            self._calls[item.call_id] = self._join_step(key, index)  # type: ignore[union-attr]
        elif cls is llm.FunctionCallOutput:
            unit = self._calls.get(item.call_id, ORPHAN)  # type: ignore[union-attr]
            self.unit_of.append(unit)
            if unit != ORPHAN:
                self._grow(unit, index)
                self._take_markers(unit)
        else:  # a handoff or configuration update
            self.unit_of.append(PENDING)
            self._markers.append(index)

    def _join_step(self, key: str, index: int) -> int:
        unit = self._steps.get(key)
        if unit is None:
            unit = self._steps[key] = self._new("reply", index)
        else:
            self.unit_of.append(unit)
            self._grow(unit, index)
        self._take_markers(unit)
        return unit

    def _grow(self, unit: int, index: int) -> None:
        self.units[unit].indices.append(index)
        self.turns[self.units[unit].turn].changed()

    def _new(self, kind: UnitKind, index: int) -> int:
        unit = Unit(kind, self.turns[-1].number, [index])
        self.units.append(unit)
        self.turns[-1].units.append(unit)
        self.turns[-1].changed()
        self.unit_of.append(len(self.units) - 1)
        return len(self.units) - 1

    def _take_markers(self, unit: int) -> None:
        if self._markers:
            indices = self.units[unit].indices
            indices.extend(self._markers)
            indices.sort()
            self.turns[self.units[unit].turn].changed()
            for marker in self._markers:
                self.unit_of[marker] = unit
            self._markers = []


def split_conversation(items: Sequence[llm.ChatItem]) -> Conversation:
    """Units and turns of ``items`` (see the module docstring)."""
    return Conversation().extend(items)


class ConversationCache:
    """Keeps the shapes of recent requests and grows one when a new request extends it.

    A conversation's requests are mostly its history plus a few new items; two slots
    cover a turn's first request and its tool follow-up step (which may carry another
    node's injected message). Anything else is split afresh.
    """

    def __init__(self, slots: int = 2) -> None:
        self._slots: list[Conversation] = []
        self._size = slots

    def split(self, items: Sequence[llm.ChatItem]) -> Conversation:
        fields: list[dict[str, Any]] | None = None
        for n, cached in enumerate(self._slots):
            if len(cached.ids) <= len(items) and all(map(is_, items, cached.items)):
                # the same objects (the usual request) have the same field dicts:
                # pydantic sets a field in the instance's dict (these models do not
                # validate assignment, which would replace it)
                cached.fields += map(_fields, items[len(cached.ids) :])
                return self._grow(n, items, cached.fields)
            if fields is None:
                fields = list(map(_fields, items))
            if _extends(items, fields, cached):
                return self._grow(n, items, fields)
        conversation = Conversation().extend(items, fields)
        self._slots.insert(0, conversation)
        del self._slots[self._size :]
        return conversation

    def _grow(
        self, slot: int, items: Sequence[llm.ChatItem], fields: list[dict[str, Any]]
    ) -> Conversation:
        conversation = self._slots.pop(slot)
        self._slots.insert(0, conversation)
        return conversation.extend(items, fields)


def _extends(
    items: Sequence[llm.ChatItem], fields: list[dict[str, Any]], cached: Conversation
) -> bool:
    """Whether ``items`` starts with the items ``cached`` was built from (by id: LiveKit
    replaces some items by copies, e.g. the instructions with a cache breakpoint)."""
    seen = len(cached.ids)
    if seen > len(items):
        return False
    if _same_fields(fields[:seen], cached.fields):
        return True  # equal field values include equal ids
    old = cached.items
    changed = compress(range(seen), map(is_not, items, old))  # C-level: objects differ
    return all(items[i].id == cached.ids[i] for i in changed)


def _same_fields(fields: list[dict[str, Any]], cached: list[dict[str, Any]]) -> bool:
    """Whether two lists of field dicts are equal: in C, by identity first, so an
    unchanged prefix costs a pointer comparison per item."""
    try:
        return fields == cached
    except Exception:  # a value in a replaced item that cannot be compared (in ``extra``)
        return False
