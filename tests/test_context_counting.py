"""Token counters, media estimates and the per-item count cache."""

from __future__ import annotations

import pytest
from livekit import rtc
from livekit.agents import Agent, llm

from benchmarks.calibrate_counter import window_errors
from benchmarks.calibration_corpus import corpus
from voicenodes.nodes import ContextTrimmer, pin
from voicenodes.nodes.context import (
    CallableCounter,
    CountCache,
    EstimateCounter,
    ExactCounter,
    MediaEstimate,
    counter_for_model,
    encoding_for_model,
    openai_image_tokens,
    trim_items,
)
from voicenodes.nodes.context.counting import CALL_OVERHEAD, MESSAGE_OVERHEAD, OUTPUT_OVERHEAD

WORDS = CallableCounter(lambda text: len(text.split()), name="words")


def test_the_estimate_meets_its_documented_error_against_o200k() -> None:
    quicktok = pytest.importorskip("quicktok")
    samples = corpus()
    truth = [quicktok.get_encoding("o200k_base").count(s.text) for s in samples]
    estimate = [EstimateCounter().count_text(s.text) for s in samples]
    per_text = [abs(e - t) / t for e, t in zip(estimate, truth, strict=True)]
    windows = sorted(abs(e) for e in window_errors(estimate, truth))
    assert sum(per_text) / len(per_text) < 0.09  # documented: 8.0 %
    assert windows[int(0.95 * len(windows))] < 0.06  # documented: 4.8 % (p95, 40 texts)
    rule_of_thumb = [
        abs(round(len(s.text) / 4) - t) / t for s, t in zip(samples, truth, strict=True)
    ]
    assert sum(rule_of_thumb) > 3 * sum(per_text)  # len/4 is off by 28 %


def test_the_estimate_handles_every_script() -> None:
    counter = EstimateCounter()
    assert counter.count_text("") == 0
    assert counter.count_text("a") == 1
    english = counter.count_text("Your order ships on Monday.")
    chinese = counter.count_text("您的订单已于2026年3月3日发货")
    assert 5 <= english <= 8 and 9 <= chinese <= 16
    assert counter.count_text("🙏🎉😄") >= 2


def test_exact_counts_come_from_the_offline_tokenizer() -> None:
    quicktok = pytest.importorskip("quicktok")
    text = "Good news: order #A7X9 shipped on March 3, 2026."
    assert ExactCounter("o200k_base").count_text(text) == quicktok.get_encoding("o200k_base").count(
        text
    )
    assert ExactCounter("cl100k_base").count_text(text) == quicktok.get_encoding(
        "cl100k_base"
    ).count(text)


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o-mini", "o200k_base"),
        ("openai/gpt-4.1-mini", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("gpt-4-turbo", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("gpt-oss-120b", "o200k_harmony"),
        ("meta-llama/Llama-3.1-8B-Instruct", "llama3"),
        ("claude-sonnet-4", None),
        ("gemini-2.5-flash", None),
        ("scripted", None),
    ],
)
def test_models_map_to_their_tokenizer(model: str, encoding: str | None) -> None:
    assert encoding_for_model(model) == encoding
    counter = counter_for_model(model)
    if encoding is None:
        assert isinstance(counter, EstimateCounter)
    else:
        pytest.importorskip("quicktok")
        assert isinstance(counter, ExactCounter) and counter.name == encoding


def test_items_are_counted_with_their_framing() -> None:
    message = llm.ChatMessage(role="user", content=["three little words", "and two"])
    call = llm.FunctionCall(call_id="c1", name="lookup", arguments='{"city": "Paris"}')
    output = llm.FunctionCallOutput(call_id="c1", name="lookup", output="sunny", is_error=False)
    assert WORDS.count_item(message) == MESSAGE_OVERHEAD + 5
    assert WORDS.count_item(call) == CALL_OVERHEAD + 1 + 2
    assert WORDS.count_item(output) == OUTPUT_OVERHEAD + 1
    assert WORDS.count_item(llm.AgentHandoff(new_agent_id="next")) == 0
    assert WORDS.count_item(llm.AgentConfigUpdate(instructions="x y z")) == 0


@pytest.mark.parametrize(
    ("width", "height", "detail", "tokens"),
    [
        (1024, 1024, "high", 765),  # OpenAI's examples
        (2048, 4096, "high", 1105),
        (4096, 8192, "low", 85),
        (512, 512, "high", 255),
        (100, 3000, "high", 85 + 170 * 4),
    ],
)
def test_image_tokens_follow_openais_tile_formula(
    width: int, height: int, detail: str, tokens: int
) -> None:
    assert openai_image_tokens(width, height, detail) == tokens


def test_images_and_audio_in_messages() -> None:
    frame = rtc.VideoFrame(2048, 4096, rtc.VideoBufferType.RGBA, bytes(2048 * 4096 * 4))
    video = llm.ImageContent(image=frame)
    resized = llm.ImageContent(image=frame, inference_width=512, inference_height=512)
    url = llm.ImageContent(image="https://example.com/photo.jpg", inference_detail="low")
    unknown = llm.ImageContent(image="https://example.com/photo.jpg")
    second = rtc.AudioFrame(b"\x00\x00" * 16000, 16000, 1, 16000)
    audio = llm.AudioContent(frame=[second, second])
    media = MediaEstimate(default_image_size=(512, 512), audio_tokens_per_second=10)
    counter = CallableCounter(lambda text: len(text.split()), media=media)
    assert counter.count_item(llm.ChatMessage(role="user", content=[video])) == 4 + 1105
    assert counter.count_item(llm.ChatMessage(role="user", content=[resized])) == 4 + 255
    assert counter.count_item(llm.ChatMessage(role="user", content=[url])) == 4 + 85
    assert counter.count_item(llm.ChatMessage(role="user", content=[unknown])) == 4 + 255
    assert counter.count_item(llm.ChatMessage(role="user", content=[audio, "hi"])) == 4 + 20 + 1


def test_the_cache_counts_each_unchanged_item_once() -> None:
    cache = CountCache(WORDS)
    message = llm.ChatMessage(role="user", content=["one two three"])
    assert cache.count(message) == cache.count(message) == MESSAGE_OVERHEAD + 3
    assert cache.misses == 1
    twin = message.model_copy(update={"content": ["one two three"]})  # equal content
    assert cache.count(twin) == MESSAGE_OVERHEAD + 3
    assert cache.misses == 1


def test_the_cache_never_serves_a_stale_count() -> None:
    cache = CountCache(WORDS)
    message = llm.ChatMessage(role="user", content=["one two"])
    assert cache.count(message) == MESSAGE_OVERHEAD + 2
    message.content[0] = "one two three four"  # edited in place, same list
    assert cache.count(message) == MESSAGE_OVERHEAD + 4
    message.content = ["a new list"]  # LiveKit rewrites preemptive user messages so
    assert cache.count(message) == MESSAGE_OVERHEAD + 3
    message.content.append(llm.ImageContent(image="https://example.com/a.png"))
    assert cache.count(message) == MESSAGE_OVERHEAD + 3 + 765
    call = llm.FunctionCall(id=message.id, call_id="c", name="f", arguments="{}")
    assert cache.count(call) == CALL_OVERHEAD + 1 + 1  # same id, another item


def test_the_cache_is_bounded() -> None:
    cache = CountCache(WORDS, maxsize=3)
    items = [llm.ChatMessage(role="user", content=[f"message {n}"]) for n in range(10)]
    for item in items:
        cache.count(item)
    assert len(cache) == 3
    cache.count(items[-1])
    cache.count(items[0])  # evicted long ago: counted again
    assert cache.misses == 11
    with pytest.raises(ValueError, match="maxsize"):
        CountCache(WORDS, maxsize=0)


def long_history(turns: int) -> list[llm.ChatItem]:
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="system", content="be brief")
    for n in range(turns):
        ctx.add_message(role="user", content=f"question {n} " * 10)
        ctx.add_message(role="assistant", content=f"answer {n} " * 10)
    ctx.add_message(role="user", content="last question")
    return ctx.items


def test_a_turn_counts_only_new_items_and_never_the_dropped_past() -> None:
    history = long_history(500)
    cache = CountCache(EstimateCounter())
    first = trim_items(history, 400, count=cache.count)
    assert len(first.items) < 40
    assert cache.misses < 50  # items older than what fits are never even counted
    history.append(llm.ChatMessage(role="assistant", content=["an answer"]))
    history.append(llm.ChatMessage(role="user", content=["another question"]))
    misses = cache.misses
    trim_items(history, 400, count=cache.count)
    assert cache.misses - misses == 2  # only the two new items


async def test_pinned_ids_and_predicates_are_kept() -> None:
    items = long_history(30)
    profile = items[1]  # the first user message
    flagged = items[6]
    flagged.extra["keep"] = True
    by_pin = pin(items[10])
    for pinned in ([profile.id], lambda item: item.id == profile.id):
        trimmer = ContextTrimmer(
            max_tokens=200,
            counter=WORDS,
            pinned=pinned,  # type: ignore[arg-type]
        )
        ctx = llm.ChatContext(list(items))
        await trimmer.llm_input(ctx, Agent(instructions="be brief"))
        kept = {item.id for item in ctx.items}
        assert profile.id in kept and by_pin.id in kept
        assert flagged.id not in kept
        assert len(ctx.items) < len(items)


def test_bad_configuration_is_rejected_at_once() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        ContextTrimmer(max_tokens=0)
    with pytest.raises(ValueError, match="counter"):
        ContextTrimmer(max_tokens=100, counter="tiktoken")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="collection of item ids"):
        ContextTrimmer(max_tokens=100, pinned="item_1")
