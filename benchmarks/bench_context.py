"""Context trimming: cost per request of trimming a 1,000-item history to a token budget.

- ``*floor*``: copying the item list, which LiveKit does for every request anyway.
- ``trimmer_first_request``: ``ContextTrimmer.llm_input`` on a fresh node, nothing
  counted yet (cold counts).
- ``trimmer_next_turn``: the same node on the following turns: each round the history
  grows by one turn (an answer and a new question; 800 items growing to 1,200, 1,000 on
  average) and every older count comes from the cache.
- ``trim_items_next_turn``: the same turns through the trimming function alone
  (``trim_items`` with a count cache and a shape cache), like ``trim_messages``: no node,
  no event loop.
- ``livekit_truncate``: LiveKit's ``ChatContext.truncate(max_items=...)``, keeping as
  many items as the trimmer does (it counts items, not tokens).
- ``langchain_trim_messages[...]``: LangChain's ``trim_messages`` (strategy ``last``,
  ``start_on="human"``, ``include_system=True``) on the same history converted to
  LangChain messages outside the timed part, with its approximate counter or a
  per-message counter. Needs the ``langchain`` extra; skipped without it.

Each benchmarked call is one request (``items`` = 1), so the report reads µs per request.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from livekit.agents import Agent, llm

from voicenodes.nodes import ContextTrimmer
from voicenodes.nodes.context import CountCache, EstimateCounter, TrimResult, trim_items
from voicenodes.nodes.context.structure import ConversationCache

from .calibration_corpus import DIALOGUE_EN, corpus

HISTORY_ITEMS = 1000
BUDGET = 8000
ROUNDS = 200
GROUP = "request: context trimming (1,000 items to 8,000 tokens)"


def realistic_history(size: int = HISTORY_ITEMS) -> list[llm.ChatItem]:
    """Instructions, then turns of spoken dialogue; every third turn looks something up
    (assistant message, function call, JSON output) before answering."""
    lines = itertools.cycle(DIALOGUE_EN)
    payloads = itertools.cycle(s.text for s in corpus() if s.group.startswith("tool"))
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="system", content="You are Ava, the voice assistant of Acme. " * 8)
    for turn in itertools.count():
        if len(ctx.items) >= size - 1:
            break
        ctx.add_message(role="user", content=next(lines))
        if turn % 3 == 0:
            step = ctx.add_message(role="assistant", content="Let me look that up.")
            call_id = f"call_{turn}"
            ctx.items.append(
                llm.FunctionCall(
                    id=f"{step.id}/fnc_0", call_id=call_id, name="lookup", arguments=next(payloads)
                )
            )
            ctx.items.append(
                llm.FunctionCallOutput(
                    call_id=call_id, name="lookup", output=next(payloads), is_error=False
                )
            )
        ctx.add_message(role="assistant", content=next(lines))
    ctx.items[:] = ctx.items[: size - 1]
    ctx.add_message(role="user", content="And when does it arrive?")
    return ctx.items


HISTORY = realistic_history()


class RequestBench:
    """Times one request's context work per call; a fresh request copy per round."""

    def __init__(self, benchmark: Any) -> None:
        self.benchmark = benchmark
        self.loop = asyncio.new_event_loop()
        benchmark.extra_info["items"] = 1

    def __call__(
        self, target: Callable[[llm.ChatContext], Any], setup: Callable[[], llm.ChatContext]
    ) -> Any:
        result: list[Any] = []

        def prepare() -> tuple[tuple[llm.ChatContext], dict[str, Any]]:
            return (setup(),), {}

        def run(ctx: llm.ChatContext) -> None:
            result[:] = [target(ctx), ctx]

        self.benchmark.pedantic(run, setup=prepare, rounds=self._rounds())
        return result

    def _rounds(self) -> int:
        return 1 if self.benchmark.disabled else ROUNDS

    def run_async(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def close(self) -> None:
        self.loop.close()


@pytest.fixture
def request_bench(benchmark: Any) -> Iterator[RequestBench]:
    bench = RequestBench(benchmark)
    yield bench
    bench.close()


def copy_of_history() -> llm.ChatContext:
    return llm.ChatContext(list(HISTORY))


def next_turn(history: list[llm.ChatItem]) -> Callable[[], llm.ChatContext]:
    """Each round is a new turn: the history grows by an answer and a question."""
    lines = itertools.cycle(DIALOGUE_EN)

    def setup() -> llm.ChatContext:
        history.append(llm.ChatMessage(role="assistant", content=[next(lines)]))
        history.append(llm.ChatMessage(role="user", content=[next(lines)]))
        return llm.ChatContext(list(history))

    return setup


def tokens(ctx: llm.ChatContext, trimmer: ContextTrimmer, agent: Agent) -> int:
    counter = trimmer.counter_for(agent)
    return counter.request_overhead + sum(counter.count_item(i) for i in ctx.items)


@pytest.mark.benchmark(group=GROUP)
def bench_floor_copy_items(request_bench: RequestBench) -> None:
    _, ctx = request_bench(lambda c: c.items.copy(), copy_of_history)
    assert len(ctx.items) == HISTORY_ITEMS


@pytest.mark.benchmark(group=GROUP)
def bench_trimmer_first_request(request_bench: RequestBench) -> None:
    agent = Agent(instructions="x")

    def trim(ctx: llm.ChatContext) -> ContextTrimmer:
        trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate")  # nothing cached
        request_bench.run_async(trimmer.llm_input(ctx, agent))
        return trimmer

    trimmer, ctx = request_bench(trim, copy_of_history)
    assert BUDGET * 0.95 < tokens(ctx, trimmer, agent) <= BUDGET
    request_bench.benchmark.extra_info["kept items"] = len(ctx.items)


@pytest.mark.benchmark(group=GROUP)
def bench_trimmer_next_turn(request_bench: RequestBench) -> None:
    agent = Agent(instructions="x")
    trimmer = ContextTrimmer(max_tokens=BUDGET, counter="estimate")
    history = realistic_history(HISTORY_ITEMS - ROUNDS)  # grows by two items a round
    request_bench.run_async(trimmer.llm_input(llm.ChatContext(list(history)), agent))

    def trim(ctx: llm.ChatContext) -> None:
        request_bench.run_async(trimmer.llm_input(ctx, agent))

    _, ctx = request_bench(trim, next_turn(history))
    assert BUDGET * 0.95 < tokens(ctx, trimmer, agent) <= BUDGET
    request_bench.benchmark.extra_info["kept items"] = len(ctx.items)


@pytest.mark.benchmark(group=GROUP)
def bench_trim_items_next_turn(request_bench: RequestBench) -> None:
    """The trimming function alone, like trim_messages: no node, no event loop."""
    counts, shapes = CountCache(EstimateCounter()), ConversationCache()
    history = realistic_history(HISTORY_ITEMS - ROUNDS)
    trim_items(history, BUDGET, count=counts.count, shapes=shapes)

    def trim(ctx: llm.ChatContext) -> TrimResult:
        return trim_items(ctx.items, BUDGET, count=counts.count, shapes=shapes)

    result, _ = request_bench(trim, next_turn(history))
    assert BUDGET * 0.95 < result.tokens <= BUDGET
    request_bench.benchmark.extra_info["kept items"] = len(result.items)


@pytest.mark.benchmark(group=GROUP)
def bench_livekit_truncate(request_bench: RequestBench) -> None:
    agent = Agent(instructions="x")
    reference = copy_of_history()
    asyncio.run(ContextTrimmer(max_tokens=BUDGET, counter="estimate").llm_input(reference, agent))
    kept = len(reference.items)
    _, ctx = request_bench(lambda c: c.truncate(max_items=kept), copy_of_history)
    assert len(ctx.items) <= kept + 1


def to_langchain(items: list[llm.ChatItem]) -> list[Any]:
    messages = pytest.importorskip("langchain_core.messages")
    out: list[Any] = []
    for item in items:
        if item.type == "message":
            kind = {
                "system": messages.SystemMessage,
                "developer": messages.SystemMessage,
                "user": messages.HumanMessage,
                "assistant": messages.AIMessage,
            }[item.role]
            out.append(kind(item.text_content or "", id=item.id))
        elif item.type == "function_call":
            call = {"name": item.name, "args": json.loads(item.arguments), "id": item.call_id}
            last = out[-1]
            if isinstance(last, messages.AIMessage):
                last.tool_calls.append(call)
            else:
                out.append(messages.AIMessage("", tool_calls=[call]))
        elif item.type == "function_call_output":
            out.append(messages.ToolMessage(item.output, tool_call_id=item.call_id))
    return out


@pytest.mark.benchmark(group=GROUP)
@pytest.mark.parametrize("counter", ["approximate", "per-message"])
def bench_langchain_trim_messages(request_bench: RequestBench, counter: str) -> None:
    messages = pytest.importorskip("langchain_core.messages")
    history = to_langchain(HISTORY)
    token_counter: Any = "approximate"
    if counter == "per-message":

        def token_counter(message: Any) -> int:
            return int(messages.utils.count_tokens_approximately([message]))

        # trim_messages counts message by message only for this exact annotation (a
        # string annotation, as `from __future__ import annotations` makes, is not it)
        token_counter.__annotations__["message"] = messages.BaseMessage

    def trim(_: Any) -> list[Any]:
        trimmed: list[Any] = messages.trim_messages(
            history,
            max_tokens=BUDGET,
            token_counter=token_counter,
            strategy="last",
            start_on="human",
            include_system=True,
        )
        return trimmed

    trimmed, _ = request_bench(trim, copy_of_history)
    assert isinstance(trimmed[0], messages.SystemMessage) and len(trimmed) > 10
    request_bench.benchmark.extra_info["kept items"] = len(trimmed)
