"""The trimming rules: every guarantee holds for random histories and every budget.

The checks below recompute each guarantee from the item list alone (positions, roles,
call ids), independently of the trimmer's own grouping.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit.agents import llm

from voicenodes.nodes.chat import is_pinned
from voicenodes.nodes.context.counting import REQUEST_OVERHEAD, CallableCounter, EstimateCounter
from voicenodes.nodes.context.strategies import (
    CandidateTurn,
    DropOldest,
    KeepFirstTurns,
    TrimStrategy,
)
from voicenodes.nodes.context.structure import ConversationCache
from voicenodes.nodes.context.summary import SUMMARY_ID, Summary
from voicenodes.nodes.context.trimming import RUNNING_TOOL_KEY, TrimResult, trim_items

from .histories import histories, words

WORDS = CallableCounter(lambda text: len(text.split()), name="words")
STRATEGIES = st.sampled_from([DropOldest(), KeepFirstTurns(0), KeepFirstTurns(2)])


def full_cost(items: Sequence[llm.ChatItem]) -> int:
    return REQUEST_OVERHEAD + sum(WORDS.count_item(item) for item in items)


def user_positions(items: Sequence[llm.ChatItem]) -> list[int]:
    return [i for i, it in enumerate(items) if it.type == "message" and it.role == "user"]


def is_instruction(item: llm.ChatItem) -> bool:
    return item.type == "message" and item.role in ("system", "developer")


def orphans(items: Sequence[llm.ChatItem]) -> set[str]:
    """Outputs with no call before them."""
    seen: set[str] = set()
    found = set()
    for item in items:
        if item.type == "function_call":
            seen.add(item.call_id)
        elif item.type == "function_call_output" and item.call_id not in seen:
            found.add(item.id)
    return found


def running(item: llm.ChatItem) -> bool:
    return item.type == "function_call" and bool(item.extra.get(RUNNING_TOOL_KEY))


def step_key(item: llm.ChatItem) -> str | None:
    if item.type == "function_call":
        return item.group_id or item.id.split("/")[0]
    if item.type == "message" and item.role == "assistant":
        return item.id.split("/")[0]
    return None


def check_guarantees(items: Sequence[llm.ChatItem], result: TrimResult) -> None:
    kept_ids = [item.id for item in result.items]
    kept = set(kept_ids)
    position = {item.id: i for i, item in enumerate(items)}
    bad = orphans(items)

    # order kept, nothing duplicated, nothing invented (but the summary)
    real = [i for i in kept_ids if i != SUMMARY_ID]
    assert len(kept_ids) == len(kept)
    assert [position[i] for i in real] == sorted(position[i] for i in real)

    # 1. instructions; 3. pinned items and running-tool placeholders
    for item in items:
        if is_instruction(item) and item.id != SUMMARY_ID:
            assert item.id in kept, f"instruction {item.id} dropped"
        if (is_pinned(item) or running(item)) and item.id not in bad:
            assert item.id in kept, f"pinned {item.id} dropped"

    # 2. the current turn
    users = user_positions(items)
    start = users[-1] if users else 0
    for item in items[start:]:
        if item.id not in bad:
            assert item.id in kept, f"current-turn item {item.id} dropped"

    # 4. calls and all their outputs together; steps (parallel calls) whole; no orphans
    outputs: dict[str, list[str]] = {}
    for item in items:
        if item.type == "function_call_output" and item.id not in bad:
            outputs.setdefault(item.call_id, []).append(item.id)
    for item in items:
        if item.type == "function_call":
            together = [item.id, *outputs.get(item.call_id, [])]
            assert len({i in kept for i in together}) == 1, f"call {item.call_id} split"
    assert not bad & kept, "orphan output kept"
    steps: dict[str, set[bool]] = {}
    for item in items:
        if (key := step_key(item)) is not None:
            steps.setdefault(key, set()).add(item.id in kept)
    assert all(len(flags) == 1 for flags in steps.values()), "a step was split"

    # 5. no reply without its question; the kept conversation starts with a user message
    # (or with what came before the first user message)
    for i, item in enumerate(items):
        if item.id in kept and step_key(item) is not None:
            asked = [u for u in users if u < i]
            if asked:
                assert items[asked[-1]].id in kept, f"{item.id} kept without its question"
    conversational = [
        item
        for item in result.items
        if item.type in ("message", "function_call", "function_call_output")
        and not is_instruction(item)
    ]
    if conversational and users:
        first = conversational[0]
        assert (first.type == "message" and first.role == "user") or position[first.id] < users[0]

    # 7. the budget, or the smallest valid context
    assert result.tokens == full_cost([i for i in result.items]), "reported tokens are wrong"
    if result.over_budget:
        assert result.tokens == result.required_tokens > result.max_tokens
    else:
        assert result.tokens <= result.max_tokens


def newest_dropped_turn_cost(items: Sequence[llm.ChatItem], result: TrimResult) -> int | None:
    """Tokens it would take to also keep the newest turn DropOldest left out (None when
    it left none out)."""
    kept = {item.id for item in result.items}
    bad = orphans(items)
    users = user_positions(items)
    starts = [0, *users] if not users or users[0] > 0 else users
    for begin, end in reversed(list(zip(starts, [*starts[1:], len(items)], strict=True))):
        span = items[begin:end]
        calls = {it.call_id for it in span if it.type == "function_call"}
        late_outputs = [
            it for it in items[end:] if it.type == "function_call_output" and it.call_id in calls
        ]
        foreign = {
            it.id for it in span if it.type == "function_call_output" and it.call_id not in calls
        }
        missing = [
            it
            for it in [*span, *late_outputs]
            if it.id not in kept and it.id not in bad and it.id not in foreign
        ]
        if any(it.type in ("message", "function_call") for it in missing):
            return sum(WORDS.count_item(it) for it in missing)
    return None


@settings(max_examples=400, deadline=None)
@given(items=histories(), data=st.data(), strategy=STRATEGIES)
def test_every_guarantee_holds_for_every_budget(
    items: list[llm.ChatItem], data: st.DataObject, strategy: TrimStrategy
) -> None:
    budget = data.draw(st.integers(0, full_cost(items) + 10), label="budget")
    before = list(items)
    result = trim_items(items, budget, count=WORDS.count_item, strategy=strategy)
    assert items == before, "the input list was changed"
    check_guarantees(items, result)


@settings(max_examples=300, deadline=None)
@given(items=histories(), data=st.data())
def test_drop_oldest_drops_only_what_it_must(
    items: list[llm.ChatItem], data: st.DataObject
) -> None:
    budget = data.draw(st.integers(0, full_cost(items) + 10), label="budget")
    result = trim_items(items, budget, count=WORDS.count_item)
    if result.over_budget:
        return
    extra = newest_dropped_turn_cost(items, result)
    if extra is not None:
        assert result.tokens + extra > budget, "a dropped turn would have fit"
    if budget >= full_cost([i for i in items if i.id not in orphans(items)]):
        assert extra is None


@settings(max_examples=300, deadline=None)
@given(items=histories(), data=st.data(), strategy=STRATEGIES)
def test_trimming_a_trimmed_context_changes_nothing(
    items: list[llm.ChatItem], data: st.DataObject, strategy: TrimStrategy
) -> None:
    budget = data.draw(st.integers(0, full_cost(items) + 10), label="budget")
    once = trim_items(items, budget, count=WORDS.count_item, strategy=strategy)
    twice = trim_items(once.items, budget, count=WORDS.count_item, strategy=strategy)
    assert [i.id for i in twice.items] == [i.id for i in once.items]
    assert twice.tokens == once.tokens


@settings(max_examples=200, deadline=None)
@given(items=histories(), data=st.data(), strategy=STRATEGIES)
def test_a_shape_grown_request_by_request_trims_like_a_fresh_one(
    items: list[llm.ChatItem], data: st.DataObject, strategy: TrimStrategy
) -> None:
    shapes = ConversationCache()
    budget = data.draw(st.integers(0, full_cost(items) + 10), label="budget")
    cuts = sorted(data.draw(st.lists(st.integers(0, len(items)), max_size=4), label="cuts"))
    requests = [items[:cut] for cut in [*cuts, len(items)]]  # the history grows
    if items:  # then an item goes (persistence), and an earlier request comes back
        gone = data.draw(st.integers(0, len(items) - 1), label="removed")
        requests += [items[:gone] + items[gone + 1 :], items[: cuts[0] if cuts else 0]]
    for request in requests:
        grown = trim_items(
            request, budget, count=WORDS.count_item, strategy=strategy, shapes=shapes
        )
        fresh = trim_items(request, budget, count=WORDS.count_item, strategy=strategy)
        assert [i.id for i in grown.items] == [i.id for i in fresh.items]
        assert grown.tokens == fresh.tokens
        request[:] = grown.items  # as llm_input does; then LiveKit's follow-up step
        request.append(llm.ChatMessage(role="assistant", content=["follow-up"]))  # reuses it
        again = trim_items(
            request, budget, count=WORDS.count_item, strategy=strategy, shapes=shapes
        )
        fresh = trim_items(request, budget, count=WORDS.count_item, strategy=strategy)
        assert [i.id for i in again.items] == [i.id for i in fresh.items]
        messages = [i for i in items if i.type == "message" and i.content]
        if messages:  # an item edited in place: no total may hide it
            edited = messages[data.draw(st.integers(0, len(messages) - 1), label="edited")]
            edited.content[0] = f"{edited.content[0]} two more"


@settings(max_examples=200, deadline=None)
@given(items=histories(), data=st.data())
def test_guarantees_hold_with_the_default_estimate(
    items: list[llm.ChatItem], data: st.DataObject
) -> None:
    counter = EstimateCounter()
    total = REQUEST_OVERHEAD + sum(counter.count_item(i) for i in items)
    budget = data.draw(st.integers(0, total + 10), label="budget")
    result = trim_items(items, budget, count=counter.count_item)
    kept_total = REQUEST_OVERHEAD + sum(counter.count_item(i) for i in result.items)
    assert kept_total == result.tokens
    assert result.tokens <= budget or result.over_budget


@settings(max_examples=200, deadline=None)
@given(items=histories(), data=st.data(), strategy=STRATEGIES)
def test_a_summary_stands_in_for_the_turns_it_covers(
    items: list[llm.ChatItem], data: st.DataObject, strategy: TrimStrategy
) -> None:
    users = user_positions(items)
    cut = data.draw(st.integers(0, len(users)), label="covered turns")
    end = users[cut] if cut < len(users) else len(items)
    covered = frozenset(i.id for i in items[:end] if not is_instruction(i))
    summary = Summary(words(data.draw(st.integers(1, 30))), covered)
    budget = data.draw(st.integers(0, full_cost(items) + 40), label="budget")
    result = trim_items(items, budget, count=WORDS.count_item, strategy=strategy, summary=summary)
    check_guarantees(items, result)
    ids = [i.id for i in result.items]
    if result.summary is None:
        assert SUMMARY_ID not in ids
        return
    assert ids.count(SUMMARY_ID) == 1
    required = {i.id for i in trim_items(items, 0, count=WORDS.count_item).items}
    position = {item.id: n for n, item in enumerate(items)}
    at = ids.index(SUMMARY_ID)
    covered_at = [position[i] for i in covered] or [-1]
    for n, item_id in enumerate(ids):
        if item_id in required or item_id == SUMMARY_ID:
            continue
        if position[item_id] < min(covered_at):
            assert n < at, "an older kept turn comes after the summary"
        if position[item_id] > max(covered_at):
            assert n > at, "a newer kept turn comes before the summary"
    assert covered & set(ids) <= required, "a covered item was kept without need"


def history_of(*entries: tuple[str, str]) -> list[llm.ChatItem]:
    """Items from (kind, text) pairs: system / user / assistant / call:ID / output:ID."""
    items: list[llm.ChatItem] = []
    for n, (kind, text) in enumerate(entries):
        if kind.startswith("call:"):
            items.append(
                llm.FunctionCall(id=f"c{n}", call_id=kind[5:], name="lookup", arguments=text)
            )
        elif kind.startswith("output:"):
            items.append(
                llm.FunctionCallOutput(
                    id=f"o{n}", call_id=kind[7:], name="lookup", output=text, is_error=False
                )
            )
        else:
            items.append(llm.ChatMessage(id=f"m{n}", role=kind, content=[text]))  # type: ignore[arg-type]
    return items


def texts(result: TrimResult) -> list[str]:
    out = []
    for item in result.items:
        if item.type == "message":
            out.append(f"{item.role}: {item.text_content}")
        elif item.type == "function_call":
            out.append(f"call {item.call_id}")
        elif item.type == "function_call_output":
            out.append(f"output {item.call_id}")
    return out


LONG_TOOL_TURN = history_of(
    ("system", "be brief"),
    ("user", "where is my order"),
    ("assistant", "checking"),
    ("call:a", "order one two"),
    ("output:a", words(50)),
    ("assistant", "it shipped"),
    ("user", "and the other one"),
    ("assistant", "it is on its way"),
    ("user", "thanks"),
)


def test_a_tool_result_is_never_kept_without_its_call() -> None:
    # LiveKit's truncate(max_items=4) would keep "it shipped" without its question, and
    # LangChain's trim_messages (without start_on) the tool output without its call.
    truncated = llm.ChatContext(list(LONG_TOOL_TURN)).truncate(max_items=4)
    assert truncated.items[1].type == "message" and truncated.items[1].role == "assistant"
    result = trim_items(LONG_TOOL_TURN, 40, count=WORDS.count_item)
    assert texts(result) == [
        "system: be brief",
        "user: and the other one",
        "assistant: it is on its way",
        "user: thanks",
    ]


def test_keep_first_turns_keeps_the_opening_and_the_newest() -> None:
    history = history_of(
        ("system", "be brief"),
        ("user", "my name is Ada account 42"),
        ("assistant", "hello Ada"),
        *[(role, words(10)) for _ in range(5) for role in ("user", "assistant")],
        ("user", "what is my account"),
    )
    result = trim_items(history, 61, count=WORDS.count_item, strategy=KeepFirstTurns(1))
    assert texts(result)[:3] == [
        "system: be brief",
        "user: my name is Ada account 42",
        "assistant: hello Ada",
    ]
    assert texts(result)[-1] == "user: what is my account"
    assert len(result.items) == 6  # one newer turn fits in between
    assert result.tokens == 61  # 17 required, 16 for the first turn, 28 for the newest


def test_over_budget_keeps_the_smallest_valid_context() -> None:
    result = trim_items(LONG_TOOL_TURN, 5, count=WORDS.count_item)
    assert result.over_budget
    assert texts(result) == ["system: be brief", "user: thanks"]


def test_the_tool_follow_up_step_keeps_the_current_calls() -> None:
    history = history_of(
        ("system", "be brief"),
        *[(role, words(20)) for _ in range(3) for role in ("user", "assistant")],
        ("user", "weather in Paris"),
        ("call:p", "paris"),
        ("output:p", words(30)),
    )
    result = trim_items(history, 10, count=WORDS.count_item)
    assert texts(result) == ["system: be brief", "user: weather in Paris", "call p", "output p"]
    assert result.over_budget  # 54 tokens needed


@pytest.mark.parametrize("strategy", [DropOldest(), KeepFirstTurns(3)])
def test_nothing_is_dropped_when_everything_fits(strategy: TrimStrategy) -> None:
    result = trim_items(LONG_TOOL_TURN, 10_000, count=WORDS.count_item, strategy=strategy)
    assert result.items == LONG_TOOL_TURN and result.dropped == []


def test_an_earlier_summary_message_is_replaced_in_place() -> None:
    old = Summary("the user asked about order 7", frozenset({"gone"}))
    history = [LONG_TOOL_TURN[0], old.message, *LONG_TOOL_TURN[1:]]
    new = Summary("the user asked about orders 7 and 8", frozenset({"gone", "also gone"}))
    result = trim_items(history, 10_000, count=WORDS.count_item, summary=new)
    assert texts(result)[:2] == [
        "system: be brief",
        "system: Summary of the earlier conversation:\nthe user asked about orders 7 and 8",
    ]
    assert len(result.items) == len(history)
    assert old.message not in result.dropped


def test_a_reused_turn_total_notices_an_item_edited_in_place() -> None:
    history = history_of(
        ("system", "be brief"),
        *[(role, words(10)) for _ in range(6) for role in ("user", "assistant")],
        ("user", "last question"),
    )
    shapes = ConversationCache()
    first = trim_items(history, 60, count=WORDS.count_item, shapes=shapes)
    assert texts(first)[-3:] == [
        f"user: {words(10)}",
        f"assistant: {words(10)}",
        "user: last question",
    ]
    kept_reply = history[-2]
    assert kept_reply.type == "message"
    kept_reply.content[0] = words(30)  # the kept answer grows: its turn no longer fits
    again = trim_items(history, 60, count=WORDS.count_item, shapes=shapes)
    fresh = trim_items(history, 60, count=WORDS.count_item)
    assert again.tokens == fresh.tokens <= 60
    assert [i.id for i in again.items] == [i.id for i in fresh.items]
    assert kept_reply not in again.items


def test_a_strategy_that_breaks_the_budget_falls_back_to_drop_oldest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Greedy(TrimStrategy):
        def select(self, turns: Sequence[CandidateTurn], budget: int) -> list[CandidateTurn]:
            return list(turns)  # everything, whatever the budget

    with caplog.at_level(logging.ERROR, logger="voicenodes"):
        result = trim_items(LONG_TOOL_TURN, 40, count=WORDS.count_item, strategy=Greedy())
    assert result.tokens <= 40
    assert result.items == trim_items(LONG_TOOL_TURN, 40, count=WORDS.count_item).items
    assert "strategy" in caplog.records[0].getMessage()


def test_the_summary_keeps_the_context_sorted_by_creation_time() -> None:
    history = llm.ChatContext.empty()
    history.add_message(role="system", content="be brief", created_at=1.0)
    for n in range(10):
        history.add_message(role="user", content=words(10), created_at=10.0 + 2 * n)
        history.add_message(role="assistant", content=words(10), created_at=11.0 + 2 * n)
    covered = frozenset(item.id for item in history.items[1:9])
    result = trim_items(
        history.items, 80, count=WORDS.count_item, summary=Summary("four turns", covered)
    )
    assert result.summary is not None
    times = [item.created_at for item in result.items]
    assert times == sorted(times)
