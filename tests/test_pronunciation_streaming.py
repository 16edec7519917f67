"""Streaming edge cases of the general path: what is held while the tokens of the tail
may still change."""

from __future__ import annotations

import pytest

from voicenodes.nodes import PronunciationRewriter


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
