"""Summaries of dropped turns, written by an LLM in the background.

A :class:`Summary` stands in for the older turns it covers: one system message (stable
id :data:`SUMMARY_ID`, pinned) placed where those turns were. :class:`Summarizer` is the
configuration (which LLM, how long); :class:`SummaryState` is one conversation's summary,
the dropped items waiting to be summarised, and the background task summarising them.

Off the hot path: a request never waits for a summary. Items dropped by a request are
queued; if no summary is being written, a task starts summarising the queue (with the
previous summary) and the result is used from the next request on. A failed or cancelled
run loses nothing: its items stay queued, and a later request retries (after a failure,
2, 4, 8... up to 32 requests later; the first failure in a row is logged as a warning).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from livekit.agents import llm
from livekit.agents.llm.chat_context import to_xml

from ..chat import PINNED_KEY

logger = logging.getLogger("voicenodes")

SUMMARY_ID = "voicenodes-context-summary"
"""Id of the summary message in a request (and in the history, when persisted)."""
SUMMARY_KEY = "voicenodes_summary"
"""``extra`` key marking the summary message."""

PROMPT = """\
You compress the older part of a voice conversation into a short, faithful summary that \
replaces it in the assistant's memory.

The conversation is XML: <user>…</user> is what the user said, <assistant>…</assistant> \
what the assistant said, <function_call name="…">…</function_call> an action the \
assistant took and <function_call_output name="…">…</function_call_output> its result. \
<previous_summary> summarises what came before, if anything.

Write plain sentences, at most {max_words} words. Keep what the rest of the call may \
need: the user's goals, names, numbers, ids, dates, decisions, facts learned from \
actions, and anything still pending. Leave out greetings and small talk. Do not mention \
that this is a summary or that tools were called."""


@dataclass(frozen=True)
class Summary:
    """A summary of older turns: ``text``, and the ids of the items it ``covered``."""

    text: str
    covered: frozenset[str]
    message: llm.ChatMessage = field(init=False, compare=False)

    def __post_init__(self) -> None:
        message = llm.ChatMessage(
            id=SUMMARY_ID,
            role="system",
            content=[f"Summary of the earlier conversation:\n{self.text}"],
            extra={PINNED_KEY: True, SUMMARY_KEY: True},
        )
        object.__setattr__(self, "message", message)


class Summarizer:
    """How dropped turns are summarised (pass to ``ContextTrimmer(summarize=...)``).

    Args:
        llm: the model that writes summaries; by default the one the agent uses (its own
            ``llm``, else the session's), resolved per request.
        max_words: the length the summary is asked to stay within.
        timeout: seconds a summary may take before the attempt is abandoned.
        prompt: system prompt; ``{max_words}`` is filled in.
    """

    def __init__(
        self,
        llm: llm.LLM[Any] | None = None,
        *,
        max_words: int = 150,
        timeout: float = 30.0,
        prompt: str = PROMPT,
    ) -> None:
        self.llm = llm
        self.max_words = max_words
        self.timeout = timeout
        self.prompt = prompt

    async def summarize(
        self, model: llm.LLM[Any], previous: Summary | None, items: Sequence[llm.ChatItem]
    ) -> Summary:
        """A summary covering ``previous`` and ``items``.

        Raises:
            RuntimeError: the model answered with no text.
            TimeoutError: it took longer than ``timeout``.
        """
        request = llm.ChatContext.empty()
        request.add_message(role="system", content=self.prompt.format(max_words=self.max_words))
        request.add_message(role="user", content=conversation_xml(previous, items))
        text = await asyncio.wait_for(_complete(model, request), self.timeout)
        if not text:
            raise RuntimeError(f"{model.model} returned an empty summary")
        covered = frozenset(item.id for item in items)
        return Summary(text, covered | previous.covered if previous else covered)

    def __repr__(self) -> str:
        return f"Summarizer(llm={self.llm!r}, max_words={self.max_words})"


async def _complete(model: llm.LLM[Any], request: llm.ChatContext) -> str:
    parts: list[str] = []
    async with model.chat(chat_ctx=request) as stream:
        async for chunk in stream:
            if chunk.delta and chunk.delta.content:
                parts.append(chunk.delta.content)
    return "".join(parts).strip()


def conversation_xml(previous: Summary | None, items: Sequence[llm.ChatItem]) -> str:
    """``items`` (and the previous summary) in the XML the prompt describes."""
    lines = [to_xml("previous_summary", previous.text)] if previous else []
    for item in items:
        if item.type == "message" and (text := (item.text_content or "").strip()):
            lines.append(to_xml(item.role, text))
        elif item.type == "function_call":
            lines.append(to_xml("function_call", item.arguments, {"name": item.name}))
        elif item.type == "function_call_output":
            lines.append(to_xml("function_call_output", item.output, {"name": item.name}))
    return "\n".join(lines)


def summarizable(item: llm.ChatItem) -> bool:
    """Conversation worth summarising: user and assistant messages, calls, outputs."""
    if item.type == "message":
        return item.role in ("user", "assistant") and not item.extra.get(SUMMARY_KEY)
    return item.type in ("function_call", "function_call_output")


class SummaryState:
    """One conversation's summary, its queue of dropped items, and the task writing the
    next summary.

    ``spawn`` creates the background task (the node tracks it, so that closing the
    session or the node cancels it).
    """

    def __init__(self, spawn: Callable[[Any], asyncio.Task[Any]]) -> None:
        self.summary: Summary | None = None
        self.pending: dict[str, llm.ChatItem] = {}
        self.task: asyncio.Task[Any] | None = None
        self.failures = 0
        """Failed attempts in a row; after each, 2, 4, 8... (at most 32) requests pass
        before the next attempt, so a model that is down is not called every turn."""
        self._wait = 0
        self._spawn = spawn

    def queue(self, dropped: Sequence[llm.ChatItem]) -> None:
        """Queue the items a request dropped that no summary covers yet."""
        covered = self.summary.covered if self.summary else frozenset()
        for item in dropped:
            if item.id not in covered and item.id not in self.pending and summarizable(item):
                self.pending[item.id] = item

    def start(self, summarizer: Summarizer, model: llm.LLM[Any] | None) -> None:
        """Start summarising the queue in the background, unless a run is under way."""
        if not self.pending or model is None or (self.task and not self.task.done()):
            return
        if self._wait > 0:
            self._wait -= 1
            return
        batch = list(self.pending.values())
        self.task = self._spawn(self._run(summarizer, model, batch))

    async def _run(
        self, summarizer: Summarizer, model: llm.LLM[Any], batch: list[llm.ChatItem]
    ) -> None:
        try:
            summary = await summarizer.summarize(model, self.summary, batch)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self.failures += 1
            self._wait = min(2**self.failures, 32) - 1
            logger.log(
                logging.WARNING if self.failures == 1 else logging.DEBUG,
                "ContextTrimmer: summarising %d dropped items failed (%s: %s); "
                "retrying in %d request(s), the turns stay queued",
                len(batch),
                type(error).__name__,
                error,
                self._wait + 1,
            )
            return
        self.failures = 0
        self.summary = summary
        for item in batch:
            self.pending.pop(item.id, None)

    def cancel(self) -> None:
        """Cancel the run under way; its items stay queued."""
        if self.task is not None and not self.task.done():
            self.task.cancel()
