"""Streaming edge cases of the general path: what is held while the tokens of the tail
may still change."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.nodes import Dictionary, PronunciationRewriter
from voicenodes.nodes.pronunciation.model import Entry


def streamed(node: PronunciationRewriter, chunks: list[str]) -> list[str]:
    stream = node.open_stream()
    return [stream.feed(chunk) for chunk in chunks] + [stream.flush()]


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        (["so 's.io", "12"], ["so ", "", "Z.io12"]),  # "s.io12" is no domain: "'s" matches
        (["so 's.io", " x"], ["so ", "'s.io x", ""]),  # "s.io" is one: nothing matches in it
    ],
)
def test_an_unfinished_span_may_fall_back_to_the_words_a_key_needs(
    chunks: list[str], expected: list[str]
) -> None:
    node = PronunciationRewriter({"'s": "Z"})
    assert streamed(node, chunks) == expected
    assert "".join(expected) == node.rewrite("".join(chunks))


class TestApostrophes:
    """A word followed by an apostrophe at the end of the text may go on ("don't") or
    end there: what is held depends on which keys may still match."""

    def test_a_word_whose_keys_need_more_than_an_apostrophe_is_released(self) -> None:
        node = PronunciationRewriter({"live": "Z", "livelive.": "Q"})
        stream = node.open_stream()
        assert stream.feed("livelive’") == "livelive’"
        assert stream.feed("s") == "s"
        assert stream.flush() == ""
        assert node.rewrite("livelive’ livelive.") == "livelive’ Q"

    def test_a_key_may_still_match_before_the_apostrophe(self) -> None:
        stream = PronunciationRewriter({"AI": "A.I."}).open_stream()
        assert stream.feed("the AI’") == "the "
        assert stream.pending == "AI’"  # "AI’s" is one word; "AI’ " matches "AI"
        assert stream.feed(" x") == "A.I.’ x"

    def test_a_key_may_go_on_with_the_apostrophe(self) -> None:
        stream = PronunciationRewriter({"Y'": "Why"}).open_stream()
        assert stream.feed("say Y’") == "say "
        assert stream.pending == "Y’"
        assert stream.feed(" all") == "Why all"

    def test_contractions_go_out_as_they_come(self) -> None:
        stream = PronunciationRewriter({"I": "eye", "LiveKit": "Live Kit"}).open_stream()
        assert stream.feed("we don") == "we don"
        assert stream.feed("'t") == "'t"
        assert stream.feed(" I") == " "
        assert stream.feed("'m") == "I'm"
        assert stream.feed(" LiveKit") == " "
        assert stream.feed("'") == ""
        assert stream.feed("s") == ""
        assert stream.feed(" team") == "Live Kit's team"


class TestAliasEndingInAFullStop:
    """An alias that ends with a full stop takes the place of the one that follows the
    written form: "the AI." is "the A.I.", not "the A.I.."."""

    NODE = PronunciationRewriter({"AI": "A.I.", "Inc": "Incorporated.", "e.g.": "for example"})

    @pytest.mark.parametrize(
        ("text", "spoken"),
        [
            ("We use AI.", "We use A.I."),
            ("AI. Then Acme Inc.", "A.I. Then Acme Incorporated."),
            ("the AI, and AI", "the A.I., and A.I."),
            ("see AI.io", "see AI.io"),  # a domain is left as written
            ("e.g. this", "for example this"),  # a key written with its stop is untouched
        ],
    )
    def test_one_full_stop(self, text: str, spoken: str) -> None:
        assert self.NODE.rewrite(text) == spoken

    def test_an_entry_written_with_the_stop_wins(self) -> None:
        node = PronunciationRewriter({"AI": "A.I.", "AI.": "the A.I. stop"})
        assert node.rewrite("AI.") == "the A.I. stop"

    def test_an_entry_with_ipa_keeps_its_stop_apart(self) -> None:
        # markup for the entry could swallow the sentence's stop into a phoneme tag
        entry = Entry(("AI",), alias="A.I.", ipa="ˌeɪˈaɪ")
        node = PronunciationRewriter(Dictionary(name="t", entries=(entry,), language="en"))
        assert node.rewrite("AI.") == "A.I.."


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(["AI", "Inc", ".", " ", "io", "'s", ",", "x"]), max_size=12),
    cuts=st.lists(st.integers(0, 40), max_size=6),
)
def test_full_stop_keys_stream_as_the_whole_text(pieces: list[str], cuts: list[int]) -> None:
    node = TestAliasEndingInAFullStop.NODE
    text = "".join(pieces)
    bounds = sorted({0, len(text), *(c for c in cuts if c < len(text))})
    chunks = [text[a:b] for a, b in pairwise(bounds)]
    assert "".join(streamed(node, chunks)) == node.rewrite(text)
