"""One retrieval for one query: a task that outlives the request that started it.

A request waits for its lookup only as long as its budget allows; the task keeps
running (up to ``timeout`` seconds in all) so that a late result can still serve the
next request. The task never raises: a failing retriever is logged once, with the
node's name and the query, and the lookup's result is then empty.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from .passage import Passage, as_passages

logger = logging.getLogger("voicenodes")


class Lookup:
    """The retrieval of ``query``: started at construction, bounded by ``timeout``."""

    def __init__(
        self,
        query: str,
        retrieve: Callable[[str], Awaitable[object]],
        *,
        timeout: float,
        owner: str,
    ) -> None:
        self.query = query
        self.owner = owner
        self.started_at = time.perf_counter()
        self.finished_at: float | None = None
        self.failed = False
        self.missed = False
        """A committed request went on without this result (it was over budget)."""
        self.carried_into: str | None = None
        """The query of the later turn this (late) result was offered to."""
        self._passages: list[Passage] = []
        self.task: asyncio.Task[None] = asyncio.create_task(
            self._run(retrieve), name=f"voicenodes.{owner}.retrieve"
        )
        self._timer = asyncio.get_running_loop().call_later(timeout, self._time_out, timeout)
        self.task.add_done_callback(lambda _: self._timer.cancel())

    @property
    def done(self) -> bool:
        return self.task.done()

    @property
    def passages(self) -> list[Passage]:
        """The retrieved passages (empty until done, and after a failure)."""
        return self._passages if self.task.done() else []

    @property
    def elapsed_ms(self) -> float:
        end = self.finished_at if self.finished_at is not None else time.perf_counter()
        return (end - self.started_at) * 1000

    def cancel(self) -> None:
        self.task.cancel()

    def _time_out(self, timeout: float) -> None:
        self.failed = True
        self.task.cancel()
        logger.warning(
            "%s: retrieval still running after %.0f ms, cancelled (query %r)",
            self.owner,
            timeout * 1000,
            self.query,
            extra={"voicenodes_node": self.owner},
        )

    async def _run(self, retrieve: Callable[[str], Awaitable[object]]) -> None:
        try:
            self._passages = as_passages(await retrieve(self.query), retriever=retrieve)
        except Exception:
            self.failed = True
            logger.exception(
                "%s: retriever failed; replies go on without passages (query %r)",
                self.owner,
                self.query,
                extra={"voicenodes_node": self.owner},
            )
        finally:
            self.finished_at = time.perf_counter()
        if self.missed and not self.failed:  # helps to choose a budget
            logger.info(
                "%s: late retrieval answered after %.0f ms; it serves the next request (query %r)",
                self.owner,
                self.elapsed_ms,
                self.query,
                extra={"voicenodes_node": self.owner},
            )
