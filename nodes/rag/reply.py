"""Whether the reply an ``llm_node`` call is producing is speculative or committed.

LiveKit runs ``llm_node`` for a *preemptive* generation before the user has finished
their turn; that speech is not scheduled (not in the speech queue) until the end of
the turn confirms it, and it is discarded if the transcript changes. Replies to typed
input (``session.run``, ``generate_reply``) and tool follow-up steps are scheduled
from the start. The user is waiting only once the reply is scheduled, so that is when
a retrieval budget starts to count and when a filler may be spoken.

The speech handle of the current ``llm_node`` call is read from LiveKit's task-local
context (``agent_activity._SpeechHandleContextVar``, set for every speech task); its
``scheduled`` property is public. When the handle cannot be found (a LiveKit version
without that variable, or ``llm_node`` called outside a session), the reply counts as
committed from the start: budgets stay bounded, fillers are only ever spoken for a
scheduled reply.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import Any

from livekit.agents.voice import SpeechHandle


def _speech_handle_var() -> ContextVar[Any] | None:
    try:  # private in LiveKit 1.8: see the module docstring for the fallback
        from livekit.agents.voice.agent_activity import _SpeechHandleContextVar
    except ImportError:  # pragma: no cover - depends on the LiveKit version
        return None
    return _SpeechHandleContextVar


_HANDLE_VAR = _speech_handle_var()


class ReplyProgress:
    """The speech handle of the current ``llm_node`` call, if LiveKit exposes it."""

    def __init__(self, handle: SpeechHandle | None) -> None:
        self.handle = handle

    @classmethod
    def current(cls) -> ReplyProgress:
        handle = _HANDLE_VAR.get(None) if _HANDLE_VAR is not None else None
        return cls(handle if isinstance(handle, SpeechHandle) else None)

    @property
    def known(self) -> bool:
        """Whether the speech handle was found."""
        return self.handle is not None

    @property
    def committed(self) -> bool:
        """The reply is scheduled (the user is waiting for it), or we cannot tell."""
        return self.handle is None or self.handle.scheduled

    async def wait_committed(self) -> bool:
        """Wait until the reply is committed (true) or interrupted / discarded first
        (false)."""
        handle = self.handle
        if handle is None or handle.scheduled:
            return True
        wait_for_scheduled = getattr(handle, "_wait_for_scheduled", None)
        if wait_for_scheduled is None:  # pragma: no cover - a LiveKit without it: count now
            return True
        scheduled = asyncio.ensure_future(wait_for_scheduled())
        try:
            await handle.wait_if_not_interrupted([scheduled])
        finally:
            scheduled.cancel()
        return self.committed and not handle.interrupted
