"""What a :class:`~.trimmer.ContextTrimmer` remembers about one conversation.

A node is configured once and serves every session, so per-conversation memory lives in
a :class:`ConversationState` per agent (held weakly: it goes when the agent goes): the
token counts of its items, its summary, and the background tasks it started. Closing
the session cancels those tasks.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from livekit.agents import llm
from livekit.agents.utils import is_given

from .cache import CountCache
from .structure import ConversationCache
from .summary import SummaryState

if TYPE_CHECKING:
    from livekit.agents import Agent, AgentSession


def agent_llm(agent: Agent) -> llm.LLM[Any] | None:
    """The LLM ``agent`` talks to: its own, else its session's (``agent.llm`` is
    ``NOT_GIVEN`` when the model is configured on the session)."""
    model: Any = agent.llm
    if not is_given(model) or model is None:
        try:
            model = agent.session.llm
        except RuntimeError:  # the agent is not running
            return None
    return model if isinstance(model, llm.LLM) else None


def agent_session(agent: Agent) -> AgentSession[Any] | None:
    try:
        return agent.session
    except RuntimeError:
        return None


class ConversationState:
    """One agent's counts, conversation shapes, summary and background tasks."""

    def __init__(self, session: AgentSession[Any] | None) -> None:
        self.counts: CountCache | None = None
        self.counts_model: str | None = None
        self.shapes = ConversationCache()
        self.summary = SummaryState(self.spawn)
        self.tasks: set[asyncio.Task[Any]] = set()
        self._session = weakref.ref(session) if session is not None else None
        if session is not None:
            session.on("close", lambda _event: self.cancel())

    @property
    def session(self) -> AgentSession[Any] | None:
        return self._session() if self._session is not None else None

    def spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run ``coro`` in the background, tracked so that closing cancels it."""
        task = asyncio.create_task(coro, name="voicenodes.ContextTrimmer")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def cancel(self) -> None:
        """Cancel every background task (the session closed)."""
        for task in list(self.tasks):
            task.cancel()

    async def aclose(self) -> None:
        """Cancel every background task and wait for them to finish."""
        tasks = list(self.tasks)
        self.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
