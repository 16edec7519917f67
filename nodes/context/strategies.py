"""Which older turns to keep in the budget left once the guaranteed items are counted.

A strategy sees the *candidate* turns (every turn but the current one, oldest first,
whole: a turn is never cut in two, so no reply is kept without the user message it
answers) and the tokens left. It returns the turns to keep. A turn is counted when the
strategy reaches it, so a strategy that stops early never counts the turns it did not
look at.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload


class CandidateTurn:
    """A turn that may be kept: its ``number`` (0 = before the first user message) and
    the ``tokens`` keeping it would add."""

    __slots__ = ("number", "tokens")

    def __init__(self, number: int, tokens: int) -> None:
        self.number = number
        self.tokens = tokens

    def __repr__(self) -> str:
        return f"<turn {self.number}: {self.tokens} tokens>"


class CandidateTurns(Sequence[CandidateTurn]):
    """The candidate turns, oldest first, each counted when it is first reached: a
    strategy that looks at a few turns costs nothing for the others. Slices are views."""

    def __init__(self, numbers: Sequence[int], cost: Callable[[int], int]) -> None:
        self._numbers = numbers
        self._cost = cost

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> CandidateTurn: ...

    @overload
    def __getitem__(self, index: slice) -> CandidateTurns: ...

    def __getitem__(self, index: int | slice) -> CandidateTurn | CandidateTurns:
        if isinstance(index, slice):
            return CandidateTurns(self._numbers[index], self._cost)
        number = self._numbers[index]
        return CandidateTurn(number, self._cost(number))

    def __iter__(self) -> Iterator[CandidateTurn]:
        cost = self._cost
        return (CandidateTurn(number, cost(number)) for number in self._numbers)

    def __reversed__(self) -> Iterator[CandidateTurn]:
        cost = self._cost
        return (CandidateTurn(number, cost(number)) for number in reversed(self._numbers))


class TrimStrategy(ABC):
    """Chooses the older turns to keep within ``budget`` tokens."""

    @abstractmethod
    def select(self, turns: Sequence[CandidateTurn], budget: int) -> list[CandidateTurn]:
        """The turns to keep; their tokens must add up to at most ``budget``."""


def keep_while_they_fit(turns: Iterable[CandidateTurn], budget: int) -> list[CandidateTurn]:
    """Walk ``turns`` and keep them while they fit; stop at the first that does not."""
    kept = []
    for turn in turns:
        tokens = turn.tokens
        if tokens > budget:
            break
        budget -= tokens
        kept.append(turn)
    return kept


class DropOldest(TrimStrategy):
    """Keep the newest turns that fit; drop every turn older than the first that does not
    (the kept history has no gaps)."""

    def select(self, turns: Sequence[CandidateTurn], budget: int) -> list[CandidateTurn]:
        return keep_while_they_fit(reversed(turns), budget)

    def __repr__(self) -> str:
        return "DropOldest()"


class KeepFirstTurns(TrimStrategy):
    """Keep the first ``turns`` user turns (and anything before the first user message,
    a greeting), then fill the rest of the budget with the newest turns.

    The opening turns often carry what the whole call depends on (the caller's name, an
    account or order number). They come first: if they do not all fit, the first ones
    that do are kept and no newer turn is.
    """

    def __init__(self, turns: int = 1) -> None:
        if turns < 0:
            raise ValueError(f"turns must be >= 0, got {turns}")
        self.turns = turns

    def select(self, turns: Sequence[CandidateTurn], budget: int) -> list[CandidateTurn]:
        split = 0  # turns are in order: the head is a prefix
        while split < len(turns) and turns[split].number <= self.turns:
            split += 1
        kept = keep_while_they_fit(turns[:split], budget)
        if len(kept) < split:
            return kept
        budget -= sum(turn.tokens for turn in kept)
        return kept + keep_while_they_fit(reversed(turns[split:]), budget)

    def __repr__(self) -> str:
        return f"KeepFirstTurns({self.turns})"
