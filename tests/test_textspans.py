"""The shared tokenizer: word boundaries, runs and protected spans."""

from __future__ import annotations

import pytest

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
