"""What a :class:`~.injector.RagInjector` remembers for one session.

One node instance serves many sessions at once, so nothing per-conversation lives on
the node: each ``AgentSession`` gets a :class:`SessionState` (kept in a weak mapping,
so it goes away with the session), holding

- the lookups by query: the speculative run, the final run and the tool follow-up
  step of one turn ask the same query and share one retrieval; a changed transcript is
  a new query and a new retrieval;
- which lookups missed their reply's budget, so their late result can serve the next
  request;
- the tasks it started, cancelled when the session closes or when they are superseded
  (another query was committed while they were still running and no reply is waiting
  for them).
"""

from __future__ import annotations

import asyncio
import itertools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from livekit.agents import llm

from .lookup import Lookup
from .passage import Passage


class SessionState:
    """The lookups and background tasks of one session (see the module docstring)."""

    def __init__(self, *, max_lookups: int = 16) -> None:
        self.max_lookups = max_lookups
        self.lookups: OrderedDict[str, Lookup] = OrderedDict()
        self.tasks: set[asyncio.Task[Any]] = set()
        self.fillers = itertools.count()
        self.closed = False
        self._reference: tuple[tuple[Any, ...], llm.ChatMessage] | None = None

    def lookup(self, query: str, start: Callable[[str], Lookup]) -> Lookup:
        """The lookup of ``query``, started with ``start`` unless already there."""
        found = self.lookups.get(query)
        if found is not None:  # failures too: the same turn does not retry (see commit)
            self.lookups.move_to_end(query)
            return found
        lookup = start(query)
        self.lookups[query] = lookup
        self._evict()
        return lookup

    def commit(self, query: str) -> None:
        """A reply for ``query`` is committed: drop what no later request can use."""
        for other, lookup in list(self.lookups.items()):
            if other == query:
                continue
            stale_carry = lookup.carried_into not in (None, query)
            if lookup.failed or stale_carry or (not lookup.done and not lookup.missed):
                lookup.cancel()
                del self.lookups[other]

    def late_passages(self, query: str) -> list[Passage]:
        """Passages of an earlier query that missed its reply's budget and have
        arrived since: offered to the request for ``query`` (and to later requests
        for the same query), then dropped."""
        passages: list[Passage] = []
        for other, lookup in self.lookups.items():
            if other == query or not lookup.missed or not lookup.done or lookup.failed:
                continue
            if lookup.carried_into in (None, query):
                lookup.carried_into = query
                passages.extend(lookup.passages)
        return passages

    def reference(
        self, key: tuple[Any, ...], build: Callable[[], llm.ChatMessage]
    ) -> llm.ChatMessage:
        """A copy of the reference message for ``key`` (its id and passages), built once:
        the speculative run, the final run and the tool follow-up step of a turn inject
        the same message."""
        if self._reference is None or self._reference[0] != key:
            self._reference = (key, build())
        cached = self._reference[1]
        return cached.model_copy(
            update={"content": list(cached.content), "extra": dict(cached.extra)}
        )

    def track(self, task: asyncio.Task[Any]) -> None:
        """Keep ``task`` until it ends; cancelled when the session closes."""
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def close(self) -> None:
        """Cancel every running lookup and task (the session is closing)."""
        self.closed = True
        for lookup in self.lookups.values():
            lookup.cancel()
        self.lookups.clear()
        for task in list(self.tasks):
            task.cancel()

    def running_tasks(self) -> list[asyncio.Task[Any]]:
        """Tasks still running: lookups and background work (for tests and shutdown)."""
        lookups = [lookup.task for lookup in self.lookups.values() if not lookup.done]
        return lookups + [task for task in self.tasks if not task.done()]

    def _evict(self) -> None:
        while len(self.lookups) > self.max_lookups:
            _, oldest = self.lookups.popitem(last=False)
            oldest.cancel()
