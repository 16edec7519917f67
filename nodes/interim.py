"""Interim speech: what an ``llm_input`` hook says while it is still preparing a request.

A slow ``llm_input`` (a retrieval past a second, say) leaves the user in silence. The
reply's own stream is the only place where something can be said *before* the reply in
LiveKit: ``session.say()`` from inside ``llm_node`` is queued behind the speech that is
running that ``llm_node``, so it would be heard after the answer.

A node whose :meth:`~voicenodes.nodes.Node.speaks_while_preparing` is true makes
composition run the ``llm_input`` hooks next to the reply stream; while they run,
:func:`say_interim` puts text on that stream, each piece followed by a segment flush, so
TTS speaks it at once. It belongs to the reply: it is spoken only when the reply is
(never from a discarded speculative generation), interrupted with it, and kept in the
chat history as the start of the assistant's message.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextvars import ContextVar, Token
from typing import Any


class InterimSpeech:
    """The text said for one ``llm_node`` call while its ``llm_input`` hooks run."""

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._wakeup = asyncio.Event()
        self._closed = False

    def say(self, text: str) -> bool:
        """Queue ``text``; false once the request is ready (it would no longer come
        before the reply)."""
        if self._closed or not text:
            return False
        self._texts.append(text)
        self._wakeup.set()
        return True

    def close(self) -> None:
        self._closed = True

    async def until(self, preparing: asyncio.Future[Any]) -> AsyncIterator[str]:
        """Yield queued texts as they come, until ``preparing`` is done; then close."""
        try:
            while True:
                while self._texts:
                    yield self._texts.pop(0)
                if preparing.done():
                    return
                self._wakeup.clear()
                wakeup = asyncio.ensure_future(self._wakeup.wait())
                try:
                    await asyncio.wait({wakeup, preparing}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    wakeup.cancel()
        finally:
            self.close()


_CURRENT: ContextVar[InterimSpeech | None] = ContextVar("voicenodes_interim", default=None)


def say_interim(text: str) -> bool:
    """Say ``text`` now, before the reply whose request is being prepared.

    Call it from ``llm_input`` of a node whose ``speaks_while_preparing()`` is true.
    Returns whether the text will be said: false when composition is not running the
    hooks next to the reply stream, or when the request is already ready.
    """
    speech = _CURRENT.get()
    return speech.say(text) if speech is not None else False


def enter_interim(speech: InterimSpeech) -> Token[InterimSpeech | None]:
    """Make ``speech`` the target of :func:`say_interim` in the current context (for
    composition: set it, create the hooks' task, reset it)."""
    return _CURRENT.set(speech)


def exit_interim(token: Token[InterimSpeech | None]) -> None:
    _CURRENT.reset(token)
