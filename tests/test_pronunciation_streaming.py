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
