"""The shared tokenizer: word boundaries, runs and protected spans."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.nodes import textspans
from voicenodes.nodes.textspans import (
    fold,
    is_word_char,
    protected_spans,
    same_length_fold,
    token_settled,
    tokens,
)


def kinds(text: str, pos: int = 0) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for kind, start, end in tokens(text, pos)]


def test_words_keep_inner_apostrophes_and_split_at_hyphens() -> None:
    assert kinds("LiveKit's AI-powered don’t") == [
        ("word", "LiveKit's"),
        ("space", " "),
        ("word", "AI"),
        ("other", "-"),
        ("word", "powered"),
        ("space", " "),
        ("word", "don’t"),
    ]


def test_scripts_without_spaces_are_runs() -> None:
    assert kinds("用微信Pay付款") == [("run", "用微信"), ("word", "Pay"), ("run", "付款")]
    assert kinds("ภาษาไทย ok") == [("run", "ภาษาไทย"), ("space", " "), ("word", "ok")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("see https://livekit.io/docs?x=1 now", "https://livekit.io/docs?x=1"),
        ("mail jane.doe+vip@acme-outfitters.com.", "jane.doe+vip@acme-outfitters.com"),
        ("at livekit.io/docs/agents today", "livekit.io/docs/agents"),
        ("go to www.acme.com", "www.acme.com"),
        ('a <break time="1s"/> pause', '<break time="1s"/>'),
        ("x </phoneme> y", "</phoneme>"),
    ],
)
def test_protected_spans(text: str, span: str) -> None:
    assert [text[a:b] for a, b in protected_spans(text)] == [span]


@pytest.mark.parametrize("text", ["e.g. this", "Node.js", "a < b and c > d", "U.S. troops", "x@y"])
def test_not_protected(text: str) -> None:
    assert protected_spans(text) == []


def test_resuming_inside_a_word_gives_its_rest_and_what_follows() -> None:
    assert kinds("starterkit", 7) == [("cont", "kit")]
    assert kinds("https://x.io", 5) == [("url", "://x.io")]
    assert kinds("john@acme.com", 4) == [("email", "@acme.com")]
    assert kinds("acme.io/docs", 4) == [("domain", ".io/docs")]
    assert kinds("httpskit://x", 5) == [("cont", "kit"), ("url", "://x")]  # no new scheme


def test_settled_tokens() -> None:
    assert not token_settled("livekit", 0, 7)  # may grow
    assert not token_settled("livekit.", 0, 7)  # may become livekit.io
    assert token_settled("livekit. ", 0, 7)
    assert token_settled("live kit", 0, 4)


def test_folding() -> None:
    assert fold("LiveKit’s") == "livekit's"
    assert same_length_fold("Straße") == "straße"  # ß would fold to "ss"
    assert len(same_length_fold("İstanbul")) == len("İstanbul")
    assert is_word_char("é") and is_word_char("7") and not is_word_char("-")
    assert not is_word_char("微")


# the shortcuts of the tokenizer must change nothing: each is checked against what it
# stands for, on text rich in the characters protected spans are made of

LATIN = "aZkI09 é'’.-@:/<>\"+%_?#,!\t\n\x1c\x85\xa0ß²—…"
SPANNY = "ab.io@x-:/<>?#+%_ ,é'\n1"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=LATIN, max_size=24), pos=st.integers(0, 24))
def test_the_latin_tokenizer_is_the_plain_one(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    expected = [(m.lastgroup, m.span()) for m in textspans._PLAIN_TOKEN.finditer(text, pos)]
    fast = [(m.lastgroup, m.span()) for m in textspans._LATIN_PLAIN_TOKEN.finditer(text, pos)]
    assert fast == expected


def settled_by_definition(text: str, start: int, end: int) -> bool:
    """:func:`token_settled` without the shortcuts that spare most partial matches."""
    if end >= len(text):
        if end - start > 1 or not textspans._OTHER.match(text, start):
            return False
    elif text[start] != "<" and textspans._SPACE.search(text, end) is not None:
        return True
    elif end + 1 == len(text) and text[end] in "'’" and is_word_char(text[end - 1]):
        return False
    return textspans.PROTECTED_SPAN.fullmatch(text, start, partial=True) is None


SPAN_PIECES = ["ab", "io", "com", "x", "1", "é", ".", "@", "://", ":", "/", "?", "#", "-", "+",
               "%", "_", ",", ";", "$", " ", "<", ">", "'", "’", '"', "<b>"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(SPAN_PIECES), min_size=1, max_size=10).map("".join))
def test_settled_tokens_by_definition(text: str) -> None:
    for _, start, end in tokens(text):
        assert token_settled(text, start, end) == settled_by_definition(text, start, end)


def test_white_space_is_the_same_for_re_and_regex() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    expected = [m.start() for m in regex.finditer(r"\s", every)]
    assert [m.start() for m in textspans._SPACE.finditer(every)] == expected
