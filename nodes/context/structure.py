"""The shape of a conversation, as trimming sees it: units grouped into turns.

A *unit* is what is kept or dropped as a whole:

- ``instructions``: one system or developer message;
- ``user``: one user message, which opens a turn;
- ``reply``: one assistant step, grouped the way LiveKit's provider formats group it: the
  assistant message and the function calls that share its id prefix (``"<id>/fnc_0"``)
  or ``group_id`` (parallel calls), with every output answering one of those calls;
- ``marker``: agent handoffs and configuration updates that no conversational item
  follows (they are never sent to the LLM; otherwise they belong to the unit after them);
- ``orphan``: a function output whose call is not in the context (no provider accepts it).

A *turn* is a user message and every unit that starts after it, up to the next user
message. Turn 0 holds what comes before the first user message (a greeting) and has no
opener.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from livekit.agents import llm

UnitKind = Literal["instructions", "user", "reply", "marker", "orphan"]


@dataclass(eq=False)
class Unit:
    """Items kept or dropped together. ``indices`` are positions in the item list."""

    kind: UnitKind
    turn: int
    indices: list[int] = field(default_factory=list)
    pinned: bool = False


@dataclass(eq=False)
class Turn:
    """A user message (``opener``; ``None`` for turn 0) and the units after it."""

    number: int
    opener: Unit | None = None
    units: list[Unit] = field(default_factory=list)

    @property
    def start(self) -> int:
        """Position of the turn's user message (0 for turn 0)."""
        return self.opener.indices[0] if self.opener is not None else 0


@dataclass
class Conversation:
    items: Sequence[llm.ChatItem]
    units: list[Unit]
    turns: list[Turn]


def split_conversation(
    items: Sequence[llm.ChatItem], pinned: Callable[[llm.ChatItem], bool]
) -> Conversation:
    """Group ``items`` into units and turns (see the module docstring) in one pass.

    ``pinned(item)`` marks the unit holding ``item`` as pinned.
    """
    builder = _Builder(items)
    for index, item in enumerate(items):
        unit = builder.unit_for(index, item)
        if unit is None:
            continue
        if pinned(item):
            unit.pinned = True
    builder.finish()
    return Conversation(items, builder.units, builder.turns)


class _Builder:
    def __init__(self, items: Sequence[llm.ChatItem]) -> None:
        self.items = items
        self.units: list[Unit] = []
        self.turns: list[Turn] = [Turn(0)]
        self._steps: dict[str, Unit] = {}
        self._calls: dict[str, Unit] = {}
        self._markers: list[int] = []

    def unit_for(self, index: int, item: llm.ChatItem) -> Unit | None:
        """Add ``item`` to its unit and return the unit (``None`` for a marker)."""
        if isinstance(item, llm.ChatMessage):
            if item.role in ("system", "developer"):
                return self._new(Unit("instructions", self.turns[-1].number, [index]))
            if item.role == "user":
                turn = Turn(len(self.turns))
                self.turns.append(turn)
                turn.opener = self._new(Unit("user", turn.number, [index]))
                return self._attach_markers(turn.opener)
            return self._join_step(item.id.split("/", 1)[0], index)
        if isinstance(item, llm.FunctionCall):
            unit = self._join_step(item.group_id or item.id.split("/", 1)[0], index)
            self._calls[item.call_id] = unit
            return unit
        if isinstance(item, llm.FunctionCallOutput):
            call_unit = self._calls.get(item.call_id)
            if call_unit is None:
                return self._new(Unit("orphan", self.turns[-1].number, [index]))
            return self._attach_markers(self._insert(call_unit, index))
        self._markers.append(index)  # handoff or configuration update
        return None

    def finish(self) -> None:
        if self._markers:
            self._new(Unit("marker", self.turns[-1].number, self._markers))
            self._markers = []

    def _join_step(self, key: str, index: int) -> Unit:
        unit = self._steps.get(key)
        if unit is None:
            unit = self._steps[key] = self._new(Unit("reply", self.turns[-1].number))
        return self._attach_markers(self._insert(unit, index))

    def _attach_markers(self, unit: Unit) -> Unit:
        if self._markers:
            unit.indices.extend(self._markers)
            unit.indices.sort()
            self._markers = []
        return unit

    @staticmethod
    def _insert(unit: Unit, index: int) -> Unit:
        unit.indices.append(index)  # items arrive in order: stays sorted
        return unit

    def _new(self, unit: Unit) -> Unit:
        self.units.append(unit)
        self.turns[unit.turn].units.append(unit)
        return unit
