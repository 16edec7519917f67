"""PatternRewriter: regex rewrites streamed exactly, holding back only what can change."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.nodes import PatternRewriter

from .helpers import collect, cut, stream_of

MONEY = PatternRewriter(
    r"\$(\d{1,3}(?:,\d{3})*|\d{1,12})(?:\.(\d\d))?(?!\d)",
    lambda m: f"{m[1].replace(',', '')} dollars" + (f" {m[2]} cents" if m[2] else ""),
)
WORD = PatternRewriter(
    r"(?<![\w'])(?:AI|cat)(?![\w'])", lambda m: {"AI": "A.I.", "cat": "dog"}[m[0]]
)
TAG_OR_KEY = PatternRewriter(
    r"<[^<>]{0,40}>|(?<!\w)(?:live ?kit)(?!\w)",
    lambda m: m[0] if m[0][0] == "<" else "Live Kit",
    flags=regex.IGNORECASE,
)


def test_whole_text_rewrites() -> None:
    assert MONEY.rewrite("It is $12.50, or $1,200 for $3.") == (
        "It is 12 dollars 50 cents, or 1200 dollars for 3 dollars."
    )
    assert WORD.rewrite("I said AI and concatenate a cat's AIs") == (
        "I said A.I. and concatenate a cat's AIs"
    )
    assert TAG_OR_KEY.rewrite('<a href="livekit">LiveKit</a> live kit') == (
        '<a href="livekit">Live Kit</a> Live Kit'
    )


async def test_streaming_holds_only_what_can_change() -> None:
    stream = MONEY.open_stream()
    assert stream.feed("It costs $12") == "It costs "
    assert stream.pending == "$12"
    assert stream.feed(".5") == ""
    assert stream.feed("0 today") == "12 dollars 50 cents today"
    assert stream.pending == ""
    assert stream.flush() == ""


async def test_a_match_at_the_end_is_released_at_flush() -> None:
    out = await collect(MONEY.transform(stream_of(["pay $", "7"])))  # type: ignore[arg-type]
    assert "".join(out) == "pay 7 dollars"  # type: ignore[arg-type]


def test_hold_back_is_bounded_by_the_pattern() -> None:
    stream = TAG_OR_KEY.open_stream()
    stream.feed("<" + "x" * 39)
    assert stream.pending.startswith("<")
    assert stream.feed("x" * 5) != ""  # past the 40-character bound: released
    assert stream.pending == ""


def test_rejects_patterns_that_match_nothing() -> None:
    import pytest

    with pytest.raises(ValueError, match="empty string"):
        PatternRewriter(r"\d*", lambda m: "")


TEXT = st.text(alphabet="$0123456789.,: abcAIt'<>/livekLIVEK\n", max_size=60)


@settings(max_examples=400, deadline=None)
@given(text=TEXT, points=st.lists(st.integers(min_value=0, max_value=80), max_size=12))
def test_chunking_invariance(text: str, points: list[int]) -> None:
    for node in (MONEY, WORD, TAG_OR_KEY):
        stream = node.open_stream()
        out = "".join(stream.feed(chunk) for chunk in cut(text, points)) + stream.flush()
        assert out == node.rewrite(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, points=st.lists(st.integers(min_value=0, max_value=80), max_size=12))
def test_held_text_could_still_match(text: str, points: list[int]) -> None:
    """Whatever is held back starts where the pattern can still reach the end."""
    for node in (MONEY, WORD, TAG_OR_KEY):
        stream = node.open_stream()
        seen = ""
        for chunk in cut(text, points):
            stream.feed(chunk)
            seen += chunk
            held = stream.pending
            assert seen.endswith(held)
            if held:
                start = len(seen) - len(held)
                assert node.pattern.fullmatch(seen, start, partial=True) is not None


# A longer alternative whose start precedes a shorter complete match: a partial search
# with the pattern itself prefers the later complete match ("c") and would release
# "ab" although "abcd" may still come.
OVERLAP = PatternRewriter(r"ab ?cd|c|\d{1,3}(?:\.\d\d)?|live ?kit 2", lambda m: f"[{m[0]}]")


def test_an_earlier_partial_match_holds_a_later_complete_one() -> None:
    stream = OVERLAP.open_stream()
    assert stream.feed("xabc") == "x"
    assert stream.pending == "abc"
    assert stream.feed("d!") == "[abcd]!"
    assert OVERLAP.rewrite("xabc c") == "xab[c] [c]"


OVERLAP_TOKENS = st.lists(
    st.sampled_from(["a", "ab", "abc", "c", "cd", "d", " ", "1", "23", ".", "live", " kit", "2"]),
    max_size=16,
)


@settings(max_examples=400, deadline=None)
@given(chunks=OVERLAP_TOKENS)
def test_chunking_invariance_with_overlapping_alternatives(chunks: list[str]) -> None:
    stream = OVERLAP.open_stream()
    out = "".join(stream.feed(chunk) for chunk in chunks) + stream.flush()
    assert out == OVERLAP.rewrite("".join(chunks))
