"""Persisting a trimmed history, only once the reply it was trimmed for is committed.

LiveKit may run ``llm_node`` speculatively (preemptive generation) and discard the run.
Writing the agent's history from such a run would be wrong twice over: the run may never
count, and changing ``agent.chat_ctx`` while a preemptive reply waits makes LiveKit
discard that reply too (it only adopts one whose context still matches the history).

So :class:`PersistAfterTurn` remembers the latest trim of each reply (the *speech*, which
spans the tool follow-up steps) and writes it when the speech is done, and only if the
speech was *scheduled*: a discarded preemptive generation never is. Writing removes the
items the last request left out from ``agent.chat_ctx`` and puts the summary message
(when one was used) in their place, through ``agent.update_chat_ctx``.
``session.history``, the session's transcript, is never changed.

The speech is found through LiveKit's context variable for the current speech handle
(``voice.agent_activity._SpeechHandleContextVar``, set for every reply task). When
``llm_node`` runs outside a speech (called directly), there is nothing speculative to
wait for and the trimmed history is written at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from livekit.agents import llm

from .trimming import TrimResult

if TYPE_CHECKING:
    from livekit.agents import Agent
    from livekit.agents.voice import SpeechHandle

logger = logging.getLogger("voicenodes")

Spawn = Callable[[Coroutine[Any, Any, None]], object]


def current_speech() -> SpeechHandle | None:
    """The speech the running ``llm_node`` call generates, if LiveKit says."""
    try:
        from livekit.agents.voice.agent_activity import _SpeechHandleContextVar
    except ImportError:  # a LiveKit version without it: treated as no speech
        return None
    return _SpeechHandleContextVar.get(None)


def persisted_history(history: llm.ChatContext, result: TrimResult) -> llm.ChatContext:
    """``history`` without the items ``result`` dropped, with its summary in their place."""
    dropped = {item.id for item in result.dropped}
    items = [item for item in history.items if item.id not in dropped]
    if result.summary is not None:
        message = result.summary.message
        items = [item for item in items if item.id != message.id]
        request_ids = [item.id for item in result.items]
        following = set(request_ids[request_ids.index(message.id) + 1 :])
        items.insert(_position_before(items, following), message)
    return llm.ChatContext(items)


def _position_before(items: list[llm.ChatItem], following: set[str]) -> int:
    """Index of the first item in ``following``; else just after the leading instructions."""
    for position, item in enumerate(items):
        if item.id in following:
            return position
    leading = 0
    for item in items:
        if not (isinstance(item, llm.ChatMessage) and item.role in ("system", "developer")):
            break
        leading += 1
    return leading


class PersistAfterTurn:
    """Writes each speech's last trim to the agent's history once the speech is done."""

    def __init__(self) -> None:
        self._latest: dict[SpeechHandle, TrimResult] = {}

    def record(self, agent: Agent, result: TrimResult, spawn: Spawn) -> None:
        """Note ``result`` as the latest trim of the current speech."""
        speech = current_speech()
        if speech is None:
            spawn(persist(agent, result))
            return
        first = speech not in self._latest
        self._latest[speech] = result
        if first:
            speech.add_done_callback(lambda done: self._on_done(agent, done, spawn))

    def _on_done(self, agent: Agent, speech: SpeechHandle, spawn: Spawn) -> None:
        result = self._latest.pop(speech, None)
        if result is not None and speech.scheduled:
            spawn(persist(agent, result))

    def __len__(self) -> int:
        return len(self._latest)


async def persist(agent: Agent, result: TrimResult) -> None:
    """Replace ``agent``'s history by its trimmed form (see :func:`persisted_history`)."""
    try:
        trimmed = persisted_history(agent.chat_ctx.copy(), result)
        await agent.update_chat_ctx(trimmed, exclude_invalid_function_calls=False)
    except Exception:
        logger.exception("ContextTrimmer: persisting the trimmed history failed")
