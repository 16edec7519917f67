"""``ContextTrimmer``: the node that keeps every LLM request within a token budget."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from livekit.agents import llm

from ..base import Node
from .cache import CountCache
from .counting import CounterSpec, TokenCounter, resolve_counter
from .persistence import PersistAfterTurn
from .state import ConversationState, agent_llm, agent_session
from .strategies import DropOldest, TrimStrategy
from .summary import Summarizer
from .trimming import TrimResult, trim_items

if TYPE_CHECKING:
    from livekit.agents import Agent

logger = logging.getLogger("voicenodes")

Pinned = Collection[str] | Callable[[llm.ChatItem], bool]
"""Item ids to keep, or a predicate choosing items to keep."""


class ContextTrimmer(Node):
    """Trims the chat context of every LLM request to ``max_tokens`` (``llm_input``).

    It edits the per-request copy only, so it is safe with preemptive generation and
    runs again, with the same result, on the tool follow-up step (whose context LiveKit
    re-merges from the full history). Guarantees (see :mod:`.trimming`): instructions,
    the current turn and pinned items are kept; a function call and all its outputs are
    kept or dropped together; older turns go whole, so no reply is kept without its
    question; if even the guaranteed items exceed the budget, one warning is logged and
    only they are sent.

    Args:
        max_tokens: the budget for the request's chat context: items plus framing. Tool
            schemas are sent besides it: leave them room.
        counter: ``"auto"`` (default): exact counts for OpenAI, Llama 3 and Qwen models
            when the ``tokens`` extra is installed, else the calibrated estimate;
            ``"estimate"``; a :class:`~.counting.TokenCounter`; or any
            ``text -> tokens`` function.
        strategy: which older turns to keep: :class:`~.strategies.DropOldest` (default)
            or :class:`~.strategies.KeepFirstTurns`.
        pinned: ids of items to keep, or a predicate; items marked with
            :func:`voicenodes.nodes.pin` are always kept.
        summarize: ``True`` (the agent's LLM) or a :class:`~.summary.Summarizer`: dropped
            turns are summarised in the background and the summary stands in for them
            from the next request on. A request never waits for it.
        persist: also remove what the request left out from the agent's history
            (``agent.chat_ctx``), once the reply is committed (never from a discarded
            speculative run). ``session.history``, the transcript, is never changed.
        cache_size: token counts remembered per conversation.
    """

    def __init__(
        self,
        max_tokens: int,
        *,
        counter: CounterSpec = "auto",
        strategy: TrimStrategy | None = None,
        pinned: Pinned | None = None,
        summarize: bool | Summarizer = False,
        persist: bool = False,
        cache_size: int = 8192,
    ) -> None:
        if max_tokens < 1:
            raise ValueError(f"max_tokens must be a positive number of tokens, got {max_tokens}")
        self.max_tokens = max_tokens
        self.counter = counter
        self.strategy = strategy or DropOldest()
        self.pinned = _pin_predicate(pinned)
        self.summarizer: Summarizer | None = (
            summarize if isinstance(summarize, Summarizer) else Summarizer() if summarize else None
        )
        self.persist = persist
        self.cache_size = cache_size
        resolve_counter(counter)  # reject a bad spec now, not on the first request
        self._counters: dict[str | None, TokenCounter] = {}
        self._conversations: weakref.WeakKeyDictionary[Agent, ConversationState] = (
            weakref.WeakKeyDictionary()
        )
        self._persistence = PersistAfterTurn()

    async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
        state = self._state(agent)
        model = agent_llm(agent)
        counts = self._counts(state, model)
        summary = state.summary.summary if self.summarizer else None
        before = len(chat_ctx.items)
        result = trim_items(
            chat_ctx.items,
            self.max_tokens,
            count=counts.count,
            strategy=self.strategy,
            pinned=self.pinned,
            summary=summary,
            request_overhead=counts.counter.request_overhead,
            shapes=state.shapes,
        )
        chat_ctx.items[:] = result.items
        self._report(result, before)
        if self.summarizer is not None:
            state.summary.queue(result.dropped)
            state.summary.start(self.summarizer, self.summarizer.llm or model)
        if self.persist and result.dropped:
            self._persistence.record(agent, result, state.spawn)

    def counter_for(self, agent: Agent) -> TokenCounter:
        """The counter used for ``agent``'s requests."""
        return self._counts(self._state(agent), agent_llm(agent)).counter

    def forget(self, agent: Agent) -> None:
        """Drop what is remembered about ``agent``'s conversation (counts, summary) and
        cancel its background work: call it after replacing the agent's history."""
        state = self._conversations.pop(agent, None)
        if state is not None:
            state.cancel()

    async def aclose(self) -> None:
        """Cancel every background task (summaries, persistence) and wait for them."""
        for state in list(self._conversations.values()):
            await state.aclose()

    def _state(self, agent: Agent) -> ConversationState:
        state = self._conversations.get(agent)
        if state is None:
            session = agent_session(agent)
            for other in self._conversations.values():
                if session is not None and other.session is session:
                    other.summary.cancel()  # a handoff: the new agent's summary supersedes
            state = self._conversations[agent] = ConversationState(session)
        return state

    def _counts(self, state: ConversationState, model: llm.LLM[Any] | None) -> CountCache:
        model_name = model.model if model is not None and self.counter == "auto" else None
        if state.counts is None or state.counts_model != model_name:
            counter = self._counters.get(model_name)
            if counter is None:
                counter = self._counters[model_name] = resolve_counter(self.counter, model_name)
            state.counts = CountCache(counter, self.cache_size)
            state.counts_model = model_name
        return state.counts

    def _report(self, result: TrimResult, before: int) -> None:
        if result.over_budget:
            logger.warning(
                "ContextTrimmer: the instructions, the current turn and pinned items need "
                "%d tokens, more than max_tokens=%d: sending only them (%d of %d items)",
                result.required_tokens,
                self.max_tokens,
                len(result.items),
                before,
                extra={"voicenodes_node": self.name},
            )
        elif len(result.items) < before:
            logger.debug(
                "ContextTrimmer: kept %d of %d items, %d of %d tokens",
                len(result.items),
                before,
                result.tokens,
                self.max_tokens,
            )

    def __repr__(self) -> str:
        return (
            f"ContextTrimmer(max_tokens={self.max_tokens}, strategy={self.strategy!r}, "
            f"summarize={self.summarizer is not None}, persist={self.persist})"
        )


def _pin_predicate(pinned: Pinned | None) -> Callable[[llm.ChatItem], bool] | None:
    if pinned is None or callable(pinned):
        return pinned
    if isinstance(pinned, str):
        raise TypeError("pinned takes a collection of item ids, not one string: use [item_id]")
    ids = frozenset(pinned)
    return lambda item: item.id in ids
