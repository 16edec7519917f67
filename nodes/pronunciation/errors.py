"""Problems found in dictionaries, and the errors that carry them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a dictionary: where (file and line) and what."""

    source: str
    """The file, or ``<name>`` for a dictionary built in code."""
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


class DictionaryError(ValueError):
    """A dictionary that cannot be used, with every problem found in it.

    Loading validates the whole dictionary first and raises this once, listing all the
    problems: a bad file never half-loads.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.source, p.line or 0))
        )
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in dictionary:\n{lines}")


class DictionaryNotFoundError(LookupError):
    """No dictionary of that name in any of the places searched."""
