"""The plain-chunk shortcut of MatchStream: the same answers as the general path, chunk
by chunk, and it answers the common chunks of LLM text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicenodes.compositions.testing import llm_tokens
from voicenodes.nodes import PronunciationRewriter
from voicenodes.nodes.pronunciation import DictionaryError, matcher
from voicenodes.nodes.pronunciation.matcher import MatchStream

from .helpers import cut

# keys whose first word is common in the chunks, phrases, keys that start with
# punctuation or end with it, digits, apostrophes, hyphens, addresses
KEYS = ["LiveKit", "AI", "I", "is", "tax", "Monday", "business days", "New York", "Monday Night",
        ".NET", "e.g.", "#A", "-x", ".", "-", ":)", "e-mail", "API", "kit", "s", "12", "A7",
        "3-5", "-5", "99", "25%", "%", "+1", "Inc,", ". Net", "..", "I'm", "don't", "LiveKit's",
        "'s", "'", "Y'", "x@y", "acme.io", "x" * 63, "LIVEKIT"]  # fmt: skip
# LLM-like chunks: a space and a word, punctuation, the next piece of a word...
CHUNKS = [" costs", " tax", ".", ",", "-", "@", ":", "+", "%", "_", "/", " ", "$", "12", "7",
          "s", "'s", "’s", "'", "'t", "'m", "LiveKit", " Live", "Kit", " AI", " I", " is", "e",
          ".g", ".NET", "#", "(", ")", " New", " York", " Monday", " Night", "com", "io",
          ".io", "x" * 62, "x" * 64, "x" * 130, ".\n\n", " business", " days", " don",
          ":)", ". ", "\n", "’", "<", ">", "A", "X", "-5", ".99", "019", "9am", " e", "mail",
          "s.", "?", "!", "é", "”", "ा", "\x1c", "\xa0", "微", "Inc", " Y", " all", "://",
          "$x"]  # fmt: skip

chunk_strategy = st.sampled_from(CHUNKS) | st.text(
    alphabet="aAIkKstx059 .,-@:+%_/'’#\n", min_size=1, max_size=6
)


def node_with(keys: list[str]) -> PronunciationRewriter | None:
    try:
        return PronunciationRewriter({key: "Z" for key in keys})
    except DictionaryError:
        return None  # two keys that differ only in case


def answers(node: PronunciationRewriter, chunks: list[str]) -> list[tuple[str, str]]:
    """What each feed returns and what is held after it, then the flush."""
    stream = node.open_stream()
    out = [(stream.feed(chunk), stream.pending) for chunk in chunks]
    return [*out, (stream.flush(), stream.pending)]


@contextmanager
def general_path_only() -> Iterator[None]:
    with mock.patch.object(MatchStream, "_feed_plain", lambda self, text: None):
        yield


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True),
    chunks=st.lists(chunk_strategy, max_size=20),
)
def test_the_shortcut_answers_each_chunk_as_the_general_path(
    keys: list[str], chunks: list[str]
) -> None:
    node = node_with(keys)
    if node is None:
        return
    fast = answers(node, chunks)
    with general_path_only():
        assert fast == answers(node, chunks)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True),
    text=st.lists(st.sampled_from(CHUNKS), max_size=12).map("".join),
    points=st.lists(st.integers(min_value=0, max_value=200), max_size=12),
)
def test_the_shortcut_agrees_with_the_general_path_on_any_cutting(
    keys: list[str], text: str, points: list[int]
) -> None:
    node = node_with(keys)
    if node is None:
        return
    chunks = cut(text, points)
    fast = answers(node, chunks)
    with general_path_only():
        assert fast == answers(node, chunks)
    assert "".join(out for out, _ in fast) == node.rewrite(text)


@contextmanager
def counting_general_scans() -> Iterator[list[str]]:
    scanned: list[str] = []
    real = matcher._Scan

    def scan(*args: object, final: bool) -> object:
        if not final:
            scanned.append(str(args[2]))  # the buffer
        return real(*args, final=final)  # type: ignore[arg-type]

    with mock.patch.object(matcher, "_Scan", scan):
        yield scanned


BRAND = {
    "LiveKit": "Live Kit",
    "Monday": "Mon-day",
    "AI": "A.I.",
    "I": "eye",
    "e.g.": "for example",
    "business days": "working days",
    "e-mail": "email",
    "Kit": "kit",
}


@pytest.mark.parametrize(
    "reply",
    [
        "Sure, I'd call LiveKit's team at 555-0199 on Monday. It's 8.25% off, e.g. today.",
        "Your order ships in 3-5 business days; we don't charge for e-mail support.",
        "The AI assistant will follow up. Is there anything else I can do for you today?",
    ],
)
def test_common_llm_chunks_take_the_shortcut(reply: str) -> None:
    """Brand words split across chunks, contractions, numbers with punctuation, sentence
    ends: only phrases and keys with punctuation inside need the general path."""
    node = PronunciationRewriter(BRAND)
    chunks = [piece for token in llm_tokens(reply) for piece in (token[:3], token[3:]) if piece]
    with counting_general_scans() as scanned:
        out = answers(node, chunks)
    assert "".join(text for text, _ in out) == node.rewrite(reply)
    phrases = ("e.g", "business", "e-mail")
    assert [buf for buf in scanned if not any(p in buf for p in phrases)] == []
    assert len(scanned) <= 6


@pytest.mark.parametrize(
    "chunks",
    [
        ["at 12", ":", "/", "/", "$", "x y"],  # a separator goes on with a URL
        ["see it", ":/", "/", "?x", " "],
        ["at 12", ":", " x"],  # white space ends it
    ],
)
def test_what_ends_held_punctuation(chunks: list[str]) -> None:
    node = PronunciationRewriter({"x": "Z"})
    fast = answers(node, chunks)
    with general_path_only():
        assert fast == answers(node, chunks)
    assert "".join(out for out, _ in fast) == node.rewrite("".join(chunks))


def test_a_renderer_failing_in_the_shortcut_leaves_the_held_text_pending() -> None:
    node = PronunciationRewriter({"LiveKit": "Live Kit"})

    def broken(match: object) -> str:
        raise RuntimeError("renderer bug")

    node.render = broken
    stream = node.open_stream()
    assert stream.feed("hi LiveKit") == "hi "
    with pytest.raises(RuntimeError):
        stream.feed(" and")
    assert stream.pending == "LiveKit"
