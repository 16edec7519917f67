"""Hypothesis: chunking invariance and minimal hold-back, for random dictionaries."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from voicenodes.nodes import Dictionary, PronunciationRewriter
from voicenodes.nodes.pronunciation import CasePolicy, DictionaryError, Entry
from voicenodes.nodes.pronunciation.matcher import ENDINGS, MatchStream
from voicenodes.nodes.textspans import PROTECTED_SPAN, fold

from .helpers import cut

# pieces that make keys meet, overlap, touch URLs and e-mails, and cross chunk cuts
PIECES = [
    "live",
    "kit",
    "Kit",
    "LIVE",
    "io",
    "com",
    "docs",
    "AI",
    "ai",
    "said",
    "New",
    "York",
    "cat",
    "s",
    "'s",
    "’",
    "'",
    ".",
    "@",
    "://",
    "/",
    "<",
    ">",
    "-",
    "#",
    "+",
    " ",
    "  ",
    "\n",
    "微",
    "信",
    "支付",
    "é",
    "x",
    "https",
    "www",
    "e",
    "g",
]
KEY_PIECES = [
    "live",
    "kit",
    "Kit",
    "io",
    "docs",
    "AI",
    "New",
    "York",
    "cat",
    "s",
    "微",
    "信",
    "支付",
    "é",
    "e",
    "g",
    ".",
    "-",
    "#",
    " ",
    "'",
]

text_strategy = st.lists(st.sampled_from(PIECES), max_size=14).map("".join) | st.text(
    alphabet="abkitAI .'@:/<>\n-微信é", max_size=30
)
entry_strategy = st.builds(
    lambda pieces, alias, case, whole: Entry(
        ("".join(pieces),), alias, case=case, whole_word=whole
    ),
    st.lists(st.sampled_from(KEY_PIECES), min_size=1, max_size=3),
    st.sampled_from(["Z", "zz yy", "Q-q", "kit"]),
    st.sampled_from([None, *CasePolicy]),
    st.booleans() | st.just(True),
)
cuts_strategy = st.lists(st.integers(min_value=0, max_value=60), max_size=10)


def build(entries: list[Entry]) -> PronunciationRewriter:
    try:
        return PronunciationRewriter(Dictionary("random", tuple(entries)))
    except DictionaryError:
        assume(False)
        raise


def streamed(node: PronunciationRewriter, chunks: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The streamed output, and (text seen, text held) after each chunk."""
    stream = node.open_stream()
    out, seen, holds = [], "", []
    for chunk in chunks:
        out.append(stream.feed(chunk))
        seen += chunk
        holds.append((seen, stream.pending))
    out.append(stream.flush())
    assert stream.pending == ""
    return "".join(out), holds


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    entries=st.lists(entry_strategy, min_size=1, max_size=6),
    text=text_strategy,
    points=cuts_strategy,
)
def test_chunking_invariance(entries: list[Entry], text: str, points: list[int]) -> None:
    node = build(entries)
    out, _ = streamed(node, cut(text, points))
    assert out == node.rewrite(text)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def held_could_still_match(node: PronunciationRewriter, seen: str, held: str) -> bool:
    """Whether the held tail could still become or extend a match: it starts a key (with
    an ending), a run key, or a protected span that is not finished."""
    start = len(seen) - len(held)
    # a protected span that is not finished may start at the held text or at the word
    # (or address) just before it
    since_space = max(seen.rfind(c, 0, start + 1) for c in " \n\t") + 1
    if any(
        PROTECTED_SPAN.fullmatch(seen, begin, partial=True) is not None
        for begin in range(since_space, start + 1)
    ):
        return True
    for _, entry in node.entries:
        for written in entry.written:
            exact = node.index.starting_with(written.strip(), "") != []
            forms = [_collapse(written.strip()) + ending for ending in ("", *ENDINGS)]
            tail = _collapse(held)
            if not exact:
                forms, tail = [fold(f) for f in forms], fold(tail)
            if any(
                form.startswith(tail) or (not entry.whole_word and tail.startswith(form))
                for form in forms
            ):
                return True
            if any(ord(c) > 0x2E80 for c in written) and fold(written) in fold(held):
                return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    entries=st.lists(entry_strategy, min_size=1, max_size=6),
    text=text_strategy,
    points=cuts_strategy,
)
def test_only_what_could_still_match_is_held(
    entries: list[Entry], text: str, points: list[int]
) -> None:
    node = build(entries)
    _, holds = streamed(node, cut(text, points))
    for seen, held in holds:
        assert seen.endswith(held)
        if held:
            assert held_could_still_match(node, seen, held), (seen, held)


WORDS = st.lists(
    st.sampled_from(["live", "kit", "LiveKit", "New", "York", "cat", "a", "said"]),
    min_size=1,
    max_size=2,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    keys=st.lists(WORDS, min_size=1, max_size=5, unique_by=str.casefold),
    text=st.lists(
        st.sampled_from(
            ["live", "kit", "LiveKit", "New", "York", "cat", "s", "'s", " ", "\n", "said", "a"]
        ),
        max_size=16,
    ).map("".join),
    points=cuts_strategy,
)
def test_hold_back_never_exceeds_the_longest_key(
    keys: list[str], text: str, points: list[int]
) -> None:
    node = PronunciationRewriter({key: "X" for key in keys})
    longest = max(len(key) for key in keys) + max(len(e) for e in ENDINGS)
    _, holds = streamed(node, cut(text, points))
    for _, held in holds:
        assert len(_collapse(held)) <= longest


PLAIN_PIECES = [" costs", " tax", ".", ",", "-", "@", ":", "+", "%", "_", "/", " ", "$", "12", "7",
                "s", "'s", "LiveKit", " AI", "e", ".g", ".NET", "#", "(", ")", " New", " York",
                "com", "io", "x" * 130]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    keys=st.lists(
        st.sampled_from(["LiveKit", "AI", "e.g.", ".NET", "New York", "tax", "#A", "-x"]),
        min_size=1,
        max_size=4,
    ),
    chunks=st.lists(st.sampled_from(PLAIN_PIECES), max_size=16),
)
def test_the_plain_chunk_shortcut_matches_the_general_path(
    keys: list[str], chunks: list[str]
) -> None:
    """MatchStream answers common chunks without tokenizing; that must change nothing."""
    node = PronunciationRewriter({key: "Z" for key in keys})
    fast = node.open_stream()
    with mock.patch.object(MatchStream, "_feed_plain", lambda self, text: None):
        general = node.open_stream()
        expected = [general.feed(chunk) for chunk in chunks] + [general.flush()]
    assert [fast.feed(chunk) for chunk in chunks] + [fast.flush()] == expected
