"""Which older turns to keep in the budget left once the guaranteed items are counted.

A strategy sees the *candidate* turns (every turn but the current one, oldest first,
whole: a turn is never cut in two, so no reply is kept without the user message it
answers) and the tokens left. It returns the turns to keep. Costs are computed lazily,
so a strategy that stops early never counts the turns it did not look at.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence


class CandidateTurn:
    """A turn that may be kept: its ``number`` (0 = before the first user message) and
    its cost in tokens, counted on first use."""

    __slots__ = ("_cost", "_tokens", "number")

    def __init__(self, number: int, cost: Callable[[], int]) -> None:
        self.number = number
        self._cost = cost
        self._tokens: int | None = None

    @property
    def tokens(self) -> int:
        if self._tokens is None:
            self._tokens = self._cost()
        return self._tokens

    def __repr__(self) -> str:
        return f"<turn {self.number}>"


class TrimStrategy(ABC):
    """Chooses the older turns to keep within ``budget`` tokens."""

    @abstractmethod
    def select(self, turns: Sequence[CandidateTurn], budget: int) -> list[CandidateTurn]:
        """The turns to keep; their tokens must add up to at most ``budget``."""


def keep_while_they_fit(turns: Iterable[CandidateTurn], budget: int) -> list[CandidateTurn]:
    """Walk ``turns`` and keep them while they fit; stop at the first that does not."""
    kept = []
    for turn in turns:
        if turn.tokens > budget:
            break
        budget -= turn.tokens
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
        head = [turn for turn in turns if turn.number <= self.turns]
        kept = keep_while_they_fit(head, budget)
        if len(kept) < len(head):
            return kept
        budget -= sum(turn.tokens for turn in kept)
        rest = [turn for turn in turns if turn.number > self.turns]
        return kept + keep_while_they_fit(reversed(rest), budget)

    def __repr__(self) -> str:
        return f"KeepFirstTurns({self.turns})"
