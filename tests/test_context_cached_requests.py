"""Requests served from the caches see every edit a fresh trim would see.

A conversation's shape, turn totals and item counts are reused from one request to the
next (:mod:`voicenodes.nodes.context.structure`, ``.totals``, ``.cache``), and the usual
request, the previous one plus a few new items, takes a fast path. Whatever happens to
the history between requests (items edited in place or reassigned, replaced by
equal-looking copies that are edited later, pinned later, renamed, removed), a request
served from the caches keeps exactly what a fresh trim keeps.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from livekit.agents import llm

from voicenodes.nodes.chat import PINNED_KEY
from voicenodes.nodes.context import CountCache
from voicenodes.nodes.context.strategies import TrimStrategy
from voicenodes.nodes.context.structure import ConversationCache
from voicenodes.nodes.context.trimming import RUNNING_TOOL_KEY, trim_items

from .histories import histories, words
from .test_context_trimming import STRATEGIES, WORDS, check_guarantees, full_cost

Edit = Callable[[list[llm.ChatItem], llm.ChatItem, int], None]


def edit_in_place(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    if item.type == "message" and item.content:
        item.content[0] = f"{item.content[0]} {words(3)}"
    elif item.type == "function_call":
        item.arguments = f"{item.arguments} {words(3)}"  # strings: the field is reassigned
    elif item.type == "function_call_output":
        item.output = f"{item.output} {words(4)}"


def reassign_content(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    if item.type == "message":
        item.content = [words(7)]


def replace_by_copy(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    # an equal-looking new object under the same id: later edits go to the copy only
    history[at] = item.model_copy(deep=True)


def pin_later(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    if item.type in ("message", "function_call"):
        item.extra[PINNED_KEY] = True  # type: ignore[union-attr]


def unpin(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    if item.type in ("message", "function_call"):
        item.extra = {}  # type: ignore[union-attr]


def mark_running(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    if item.type == "function_call":
        item.extra = {RUNNING_TOOL_KEY: True}


def rename_call(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    if item.type == "function_call":
        item.name = f"{item.name} {words(5)}"  # counted by words


def remove(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
    del history[at]


EDITS: list[Edit] = [
    edit_in_place,
    reassign_content,
    replace_by_copy,
    pin_later,
    unpin,
    mark_running,
    rename_call,
    remove,
]


@settings(max_examples=300, deadline=None)
@given(items=histories(), data=st.data(), strategy=STRATEGIES)
def test_a_cached_request_keeps_what_a_fresh_trim_keeps(
    items: list[llm.ChatItem], data: st.DataObject, strategy: TrimStrategy
) -> None:
    shapes, counts = ConversationCache(), CountCache(WORDS)
    budget = data.draw(st.integers(0, full_cost(items) + 10), label="budget")
    grown = data.draw(st.integers(0, len(items)), label="first request")
    history, coming = items[:grown], items[grown:]
    for _ in range(data.draw(st.integers(1, 6), label="requests")):
        cached = trim_items(history, budget, count=counts.count, strategy=strategy, shapes=shapes)
        fresh = trim_items(history, budget, count=WORDS.count_item, strategy=strategy)
        assert [i.id for i in cached.items] == [i.id for i in fresh.items]
        assert (cached.tokens, cached.required_tokens) == (fresh.tokens, fresh.required_tokens)
        assert all(a is b for a, b in zip(cached.items, fresh.items, strict=True))
        check_guarantees(history, cached)
        # between requests: the history grows by a few items, and maybe some are edited
        new = data.draw(st.integers(0, min(3, len(coming))), label="new items")
        history, coming = history + coming[:new], coming[new:]
        for _ in range(data.draw(st.integers(0, 2), label="edits")):
            if history:
                at = data.draw(st.integers(0, len(history) - 1), label="at")
                data.draw(st.sampled_from(EDITS), label="edit")(history, history[at], at)


def tool_history(turns: int = 8) -> list[llm.ChatItem]:
    """Instructions, then turns with a tool call each, every item 10 words long."""
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="system", content=words(10))
    for n in range(turns):
        ctx.add_message(role="user", content=words(10))
        step = ctx.add_message(role="assistant", content=words(10))
        ctx.items.append(
            llm.FunctionCall(id=f"{step.id}/fnc_0", call_id=f"c{n}", name="x", arguments=words(9))
        )
        ctx.items.append(llm.FunctionCallOutput(call_id=f"c{n}", output=words(10), is_error=False))
        ctx.add_message(role="assistant", content=words(10))
    ctx.add_message(role="user", content=words(10))
    return ctx.items


BUDGET = 260  # the instructions, the current turn and the four newest older turns


def trims_alike_after(edit: Edit, position: Callable[[list[llm.ChatItem]], int]) -> None:
    """Trim a request from the caches, then ``edit`` an item of a kept older turn and
    trim the next request (one more turn): the cached and fresh results agree, and the
    edit changed what is kept (so the check could fail)."""
    history = tool_history()
    shapes, counts = ConversationCache(), CountCache(WORDS)
    before = trim_items(history, BUDGET, count=counts.count, shapes=shapes)
    assert len(before.items) < len(history)
    history = [*history, llm.ChatMessage(role="assistant", content=[words(2)])]
    history.append(llm.ChatMessage(role="user", content=[words(2)]))
    trim_items(history, BUDGET, count=counts.count, shapes=shapes)  # every total is reused
    unedited = trim_items(history, BUDGET, count=WORDS.count_item)
    at = position(history)
    edit(history, history[at], at)
    cached = trim_items(history, BUDGET, count=counts.count, shapes=shapes)
    fresh = trim_items(history, BUDGET, count=WORDS.count_item)
    assert [i.id for i in cached.items] == [i.id for i in fresh.items]
    assert (cached.tokens, cached.required_tokens) == (fresh.tokens, fresh.required_tokens)
    assert all(a is b for a, b in zip(cached.items, fresh.items, strict=True))
    assert ([i.id for i in cached.items], cached.tokens) != (
        [i.id for i in unedited.items],
        unedited.tokens,
    )


def kept_call(history: list[llm.ChatItem]) -> int:
    return max(i for i, item in enumerate(history) if item.type == "function_call")


def kept_reply(history: list[llm.ChatItem]) -> int:
    return kept_call(history) - 1


def test_a_cached_request_sees_a_call_renamed() -> None:
    trims_alike_after(rename_call, kept_call)


def test_a_cached_request_sees_arguments_and_outputs_edited() -> None:
    trims_alike_after(edit_in_place, kept_call)
    trims_alike_after(edit_in_place, lambda history: kept_call(history) + 1)


def test_a_cached_request_sees_content_edited_in_place_or_reassigned() -> None:
    trims_alike_after(edit_in_place, kept_reply)
    trims_alike_after(reassign_content, kept_reply)


def test_a_cached_request_sees_an_old_item_pinned_later() -> None:
    trims_alike_after(pin_later, lambda history: 2)  # the first turn's reply: dropped so far


def test_a_cached_request_sees_an_edit_of_an_equal_looking_copy() -> None:
    def copy_then_edit(history: list[llm.ChatItem], item: llm.ChatItem, at: int) -> None:
        replace_by_copy(history, item, at)
        edit_in_place(history, history[at], at)  # the copy only: the original is unchanged

    trims_alike_after(copy_then_edit, kept_reply)


def test_a_cached_request_sees_a_removed_item() -> None:
    trims_alike_after(remove, kept_reply)
