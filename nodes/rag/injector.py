"""``RagInjector``: retrieved passages in every LLM request, within a time budget.

Where: in ``llm_input``, i.e. inside ``llm_node``, on the request's own copy of the
chat context. That is the one place that

- runs for every reply: audio turns, typed input (``session.run``, ``generate_reply``
  with user input) for which ``on_user_turn_completed`` is never called, and the tool
  follow-up step;
- leaves LiveKit's preemptive generation alone: an edit of ``turn_ctx`` in
  ``on_user_turn_completed`` makes the speculative reply's context differ from the
  final one (``ChatContext.is_equivalent``), so LiveKit throws the speculative reply
  away and starts again; an edit of the request copy does not.

How, per request:

1. the query is the newest user message (with ``context_turns`` earlier user messages
   before it);
2. the session's lookup for that query is reused or started (one retrieval per query:
   the speculative run, the final run and the tool follow-up step of a turn share it);
3. the request waits for it at most ``budget_ms`` *from the moment the user is
   waiting*: a speculative generation waits for free while the user still speaks,
   and its budget starts when LiveKit commits it. Past the budget the request goes on
   without passages (logged); the retrieval keeps running (up to
   ``retrieval_timeout_ms``) and its late result serves the next request (the tool
   follow-up step of the same turn, or the next turn);
4. passages are filtered, de-duplicated and capped (:class:`~.selection.Selection`),
   then injected as one reference message (:mod:`.reference`) just before the user's
   message, with a stable id derived from that message (so the follow-up step replaces
   it instead of adding a second one), pinned for context trimmers;
5. nothing is persisted, unless ``persist=True``: then the reference message is also
   added to the agent's chat history once the reply is committed (never from a
   speculative generation that may be discarded), and later turns do not inject the
   same passages again.

With ``filler`` set, a reply whose retrieval is still running ``filler_after_ms`` after
the user started waiting first says the filler ("Let me check that…"): see
:mod:`voicenodes.nodes.interim` for why this goes through the reply's own stream.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from livekit.agents import llm

from ..base import Node
from ..chat import newest_user_index, pin, remove_by_id, upsert_message
from ..interim import say_interim
from .lookup import Lookup
from .passage import as_async_retriever
from .reference import DEFAULT_PREAMBLE, is_reference, reference_message, scan_context
from .reply import ReplyProgress
from .selection import Selection
from .session_state import SessionState
from .tokens import estimate_tokens

if TYPE_CHECKING:
    from livekit.agents import Agent

logger = logging.getLogger("voicenodes")

MESSAGE_ID_PREFIX = "voicenodes-rag-"


class RagInjector(Node):
    """Inject retrieved passages into each LLM request (see the module docstring).

    Args:
        retriever: an async callable ``query -> passages`` (a
            :class:`~.passage.Retriever`); a plain function runs in a thread.
        budget_ms: how long a reply may wait for retrieval once the user is waiting.
        top_k: at most this many passages per request.
        min_score: drop passages scoring below this (in the retriever's scale).
        max_tokens: cap on the passages' text (``None``: no cap).
        count_tokens: token counter for the cap (default: an estimate, see
            :mod:`.tokens`).
        context_turns: earlier user messages added to the query (0: the newest only).
        role: the reference message's role; ``"user"`` by default, so retrieved text
            gets no more authority than the caller (``"system"`` if your model
            ignores user-role context).
        preamble: the text framing the passages as reference data.
        persist: also add the reference message to the agent's chat history once the
            reply is committed.
        filler: what to say when retrieval is slow (one text, or several used in
            turn); ``None`` says nothing.
        filler_after_ms: how long the user waits before the filler is said; below
            ``budget_ms`` (default: half of it).
        retrieval_timeout_ms: a retrieval still running this long after it started is
            cancelled (its result could serve no request any more).
        name: the node's name in logs.
    """

    def __init__(
        self,
        retriever: object,
        *,
        budget_ms: float = 300,
        top_k: int = 3,
        min_score: float | None = None,
        max_tokens: int | None = 600,
        count_tokens: Callable[[str], int] = estimate_tokens,
        context_turns: int = 0,
        role: llm.ChatRole = "user",
        preamble: str = DEFAULT_PREAMBLE,
        persist: bool = False,
        filler: str | Sequence[str] | None = None,
        filler_after_ms: float | None = None,
        retrieval_timeout_ms: float = 10_000,
        name: str | None = None,
    ) -> None:
        if filler_after_ms is None:
            filler_after_ms = budget_ms / 2
        if budget_ms < 0 or filler_after_ms < 0 or context_turns < 0:
            raise ValueError("budget_ms, filler_after_ms and context_turns must be >= 0")
        if filler and filler_after_ms >= budget_ms:
            raise ValueError(
                f"filler_after_ms ({filler_after_ms}) must be below budget_ms ({budget_ms}): "
                "the reply stops waiting at the budget, so the filler would never be said"
            )
        if retrieval_timeout_ms < budget_ms:
            raise ValueError(
                f"retrieval_timeout_ms ({retrieval_timeout_ms}) must be at least "
                f"budget_ms ({budget_ms})"
            )
        self.retriever = retriever
        self._retrieve = as_async_retriever(retriever)
        self.budget = budget_ms / 1000
        self.selection = Selection(
            top_k=top_k, min_score=min_score, max_tokens=max_tokens, count_tokens=count_tokens
        )
        self.context_turns = context_turns
        self.role: llm.ChatRole = role
        self.preamble = preamble
        self.persist = persist
        self.fillers: tuple[str, ...] = (
            (filler,) if isinstance(filler, str) else tuple(filler or ())
        )
        self.filler_after = filler_after_ms / 1000
        self.retrieval_timeout = retrieval_timeout_ms / 1000
        self._name = name
        self._states: weakref.WeakKeyDictionary[Any, SessionState] = weakref.WeakKeyDictionary()

    @property
    def name(self) -> str:
        return self._name or type(self).__name__

    def speaks_while_preparing(self) -> bool:
        return bool(self.fillers)

    async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
        user_index = newest_user_index(chat_ctx)
        if user_index is None:
            return
        user = chat_ctx.items[user_index]
        assert isinstance(user, llm.ChatMessage)  # newest_user_index finds messages
        query = self.query_for(chat_ctx, user_index)
        state = self.state_for(agent)
        if not query or state.closed:
            return
        reply = ReplyProgress.current()
        lookup = state.lookup(query, self._start_lookup)
        if not lookup.done:
            await asyncio.sleep(0)  # in-process retrievers often answer in one loop turn
        if not lookup.done:
            await self._wait_within_budget(lookup, reply, state)
        if reply.committed:
            state.commit(query)
        message = self._reference_for(chat_ctx, user, lookup, state)
        if message is None:
            remove_by_id(chat_ctx, MESSAGE_ID_PREFIX + user.id)
            return
        upsert_message(chat_ctx, message)
        if self.persist:
            await self._persist(message, agent, reply, state)

    def _reference_for(
        self,
        chat_ctx: llm.ChatContext,
        user: llm.ChatMessage,
        lookup: Lookup,
        state: SessionState,
    ) -> llm.ChatMessage | None:
        """The reference message for this request, or ``None`` when no passage is left
        after selection."""
        message_id = MESSAGE_ID_PREFIX + user.id
        carried = state.late_passages(lookup.query)
        if not lookup.passages and not carried:
            return None
        injected, context_text = scan_context(chat_ctx, except_id=message_id)
        chosen = self.selection.choose(
            lookup.passages, carried=carried, exclude_ids=injected, context_text=context_text
        )
        if not chosen:
            return None
        return state.reference(
            (message_id, *chosen),
            lambda: pin(
                reference_message(
                    chosen,
                    message_id=message_id,
                    role=self.role,
                    query=lookup.query,
                    created_at=user.created_at - 1e-6,  # sorts just before the user's message
                    preamble=self.preamble,
                )
            ),
        )

    def query_for(self, chat_ctx: llm.ChatContext, user_index: int) -> str:
        """The retrieval query: the newest user message, after ``context_turns``
        earlier user messages."""
        newest = chat_ctx.items[user_index]
        texts = [newest.text_content or ""] if newest.type == "message" else []
        index = user_index
        while len(texts) <= self.context_turns and index > 0:
            index -= 1
            item = chat_ctx.items[index]
            if item.type == "message" and item.role == "user" and not is_reference(item):
                texts.insert(0, item.text_content or "")
        return "\n".join(text.strip() for text in texts if text.strip())

    def state_for(self, agent: Agent) -> SessionState:
        """This node's state for the session ``agent`` runs in (created on first use,
        closed with the session)."""
        try:
            owner: Any = agent.session
        except RuntimeError:  # not running in a session: keyed by the agent
            owner = agent
        state = self._states.get(owner)
        if state is None:
            state = self._states[owner] = SessionState()
            if owner is not agent:
                owner.on("close", lambda _event: self._forget(owner, state))
        return state

    def _forget(self, session: Any, state: SessionState) -> None:
        """The session closed: cancel what it started; a restarted session starts afresh."""
        state.close()
        if self._states.get(session) is state:
            del self._states[session]

    def _start_lookup(self, query: str) -> Lookup:
        return Lookup(query, self._retrieve, timeout=self.retrieval_timeout, owner=self.name)

    async def _wait_within_budget(
        self, lookup: Lookup, reply: ReplyProgress, state: SessionState
    ) -> None:
        if not reply.committed:  # speculative: the user is still talking, waiting is free
            committed = asyncio.ensure_future(reply.wait_committed())
            try:
                await asyncio.wait({lookup.task, committed}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                committed.cancel()
            if lookup.done or not reply.committed:
                return
        remaining = self.budget
        if self.speaks_while_preparing():
            await asyncio.wait({lookup.task}, timeout=self.filler_after)
            if lookup.done:
                return
            filler = self.fillers[next(state.fillers) % len(self.fillers)]
            say_interim(filler if filler[-1:].isspace() else filler + " ")
            remaining -= self.filler_after
        await asyncio.wait({lookup.task}, timeout=remaining)
        if not lookup.done:
            lookup.missed = True
            logger.warning(
                "%s: retrieval over its %.0f ms budget; the reply goes on without passages "
                "and a late result will serve the next request (query %r)",
                self.name,
                self.budget * 1000,
                lookup.query,
                extra={"voicenodes_node": self.name},
            )

    async def _persist(
        self, message: llm.ChatMessage, agent: Agent, reply: ReplyProgress, state: SessionState
    ) -> None:
        if reply.committed:
            await _write_to_history(message, agent)
            return

        async def when_committed() -> None:
            if await reply.wait_committed():
                await _write_to_history(message, agent)

        state.track(asyncio.create_task(when_committed(), name=f"voicenodes.{self.name}.persist"))


async def _write_to_history(message: llm.ChatMessage, agent: Agent) -> None:
    history = agent.chat_ctx.copy()
    remove_by_id(history, message.id)
    history.insert(message.model_copy())
    await agent.update_chat_ctx(history)
