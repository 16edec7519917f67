"""NumberNormalizer streams exactly: any cutting of the input gives the whole-text
result, only a tail that could still become a number form is held back, and the
digit-free fast path answers exactly as the full engine would."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.nodes import NumberNormalizer, NumberPolicy
from voicenodes.nodes.numbers.grammar import LEAD_IN_WINDOW, LOOKBEHIND, TRIGGER
from voicenodes.nodes.pattern import PatternStream, reach_probe

from .helpers import collect, cut, stream_of

EN = NumberNormalizer("en")
NODES = {
    "en": EN,
    "en-dmy-oh": NumberNormalizer("en", policy=NumberPolicy(date_order="dmy", zero="oh")),
    "es": NumberNormalizer("es"),
    "fr": NumberNormalizer("fr"),
    "de": NumberNormalizer("de"),
}

# LLM-sized pieces of every number form, and of the words that can start one
TOKENS = [
    " ",
    ", ",
    ".",
    "-",
    "–",
    "/",
    ":",
    "%",
    "$",
    "€",
    "£",
    "US$",
    "USD",
    " USD",
    "(",
    ")",
    "+",
    "#",
    "'",
    "~",
    "0",
    "1",
    "12",
    "5",
    "50",
    "2026",
    "1999",
    "555",
    "0199",
    "013",
    "999",
    ",000",
    ".5",
    "1/2",
    "½",
    "3rd",
    "st",
    "th",
    " am",
    "pm",
    "p.m.",
    " EST",
    " March",
    " Dec",
    " Mar",
    "ch",
    " May",
    " the",
    " of",
    " order",
    " number",
    " PIN",
    " is",
    " ending in",
    " kg",
    "km",
    "/h",
    " °F",
    "°C",
    " GB",
    "x",
    " A7",
    "X9",
    "s",
    " million",
    "k",
    "/mo",
    " St",
    ".",
    " Elm",
    '<break time="',
    "500ms",
    '"/>',
    " www.",
    "x.com/p",
    " docs.acme.io",
    "/v",
    "?id=",
    " v",
    "M",
    "B",
    "K",
    "bn",
    "+ ",
    " No.",
    "h",
    " h ",
    " Uhr",
    "9.30",
    " No",
    "№",
    "/5",
    "4.5",
    "bob",
    "@",
    "mail.com",
    " AD",
    " de ",
    " mars",
    " März",
    " am ",
    "€ ",
    ",50",
    " Jan",
    "uary",
    " 15",
    " at ",
    " March ",
    "Dec. ",
    " Sept, ",
    "USD ",
    "- ",
    ". ",
    " on ",
    " by ",
    "11/21",
    " hour",
    "€3",
    ",5",
    ":1",
    "100",
    " 1-",
    "800-",
    "FLOW",
    "ERS",
    "GO-",
    "flowers",
    "^",
    "^-",
    "rds",
    "/50",
    "2026-11-21",
    "T10",
    ":00",
    "Z",
    "+05:30",
    " ft",
    " in",
    '"',
    "6'",
    "10",
    ":59",
    " PM",
    "(800)",
    " TAXI",
    " due ",
]
CHUNKS = st.lists(st.sampled_from(TOKENS), max_size=24)


def stream(node: NumberNormalizer, chunks: list[str]) -> str:
    s = node.open_stream()
    return "".join(s.feed(chunk) for chunk in chunks) + s.flush()


@settings(max_examples=500, deadline=None)
@given(chunks=CHUNKS, points=st.lists(st.integers(0, 200), max_size=8))
def test_any_cutting_gives_the_whole_text_result(chunks: list[str], points: list[int]) -> None:
    text = "".join(chunks)
    for node in NODES.values():
        whole = node.rewrite(text)
        assert stream(node, chunks) == whole
        assert stream(node, cut(text, points)) == whole


@settings(max_examples=400, deadline=None)
@given(chunks=CHUNKS)
def test_the_fast_path_answers_as_the_engine_does(chunks: list[str]) -> None:
    """Chunk by chunk, the fast path releases a prefix of what the pattern engine alone
    releases (it may hold a little more, never less), and the same text in the end."""
    for node in NODES.values():
        grammar = node.grammar
        fast = node.open_stream()
        engine = PatternStream(grammar.pattern, grammar.replace, LOOKBEHIND)
        fast_out = engine_out = ""
        for chunk in chunks:
            fast_out += fast.feed(chunk)
            engine_out += engine.feed(chunk)
            assert engine_out.startswith(fast_out)
            assert fast.pending.endswith(engine.pending)
        assert fast_out + fast.flush() == engine_out + engine.flush()


@settings(max_examples=300, deadline=None)
@given(chunks=CHUNKS)
def test_held_text_could_still_become_a_number_form(chunks: list[str]) -> None:
    """What is held back starts where a match attempt reaches the end of the text, or
    is a short digit-free tail that the lead-in pattern could not rule out."""
    probe = reach_probe(EN.grammar.pattern)
    s = EN.open_stream()
    seen = ""
    for chunk in chunks:
        s.feed(chunk)
        seen += chunk
        held = s.pending
        assert seen.endswith(held)
        if held and TRIGGER.search(held):
            start = len(seen) - len(held)
            assert probe.search(seen, start, partial=True).start() == start  # type: ignore[union-attr]
        else:
            assert len(held) <= LEAD_IN_WINDOW


@settings(max_examples=200, deadline=None)
@given(digits=st.text(alphabet="0123456789,.-: ", min_size=1, max_size=300))
def test_hold_back_is_capped(digits: str) -> None:
    s = EN.open_stream()
    for char in digits:
        s.feed(char)
        assert len(s.pending) <= 80
    s.flush()
    assert s.pending == ""


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.sampled_from(TOKENS), min_size=20, max_size=60))
def test_hold_back_is_capped_whatever_the_text(chunks: list[str]) -> None:
    for node in NODES.values():
        s = node.open_stream()
        for chunk in chunks:
            s.feed(chunk)
            assert len(s.pending) <= 80


def test_a_lookbehind_never_holds_text_forever() -> None:
    """Regression: "no\\.?" in a lookbehind made regex report every later "#" attempt
    as unfinished, so "Dec. # hello..." was held to the end of the stream."""
    s = EN.open_stream()
    out = "".join(s.feed(c) for c in ["Dec. ", "#", " ", "hello", " world"])
    assert out == "Dec. # hello world"
    assert s.pending == ""


@pytest.mark.parametrize(
    ("chunks", "held"),
    [
        (["It costs $1,2"], "$1,2"),
        (["at 5:3"], "5:3"),
        (["call 555-12"], "555-12"),
        (["on March"], "March"),
        (["in US$"], "US$"),
    ],
)
def test_holds_only_the_number_being_written(chunks: list[str], held: str) -> None:
    s = EN.open_stream()
    out = "".join(s.feed(chunk) for chunk in chunks)
    assert s.pending == held
    assert out + held == "".join(chunks)


def test_a_number_form_is_released_as_soon_as_it_is_complete() -> None:
    s = EN.open_stream()
    assert s.feed("It costs $12") == "It costs "
    assert s.feed(".50") == ""
    assert s.feed(" today") == "twelve dollars fifty cents today"
    assert s.pending == ""


def test_digit_free_text_passes_untouched_and_at_once() -> None:
    s = EN.open_stream()
    assert s.feed("Sure, I can help") == "Sure, I can help"
    assert s.feed(" with that.") == " with that."
    assert s.pending == ""


async def test_transform_releases_the_tail_at_end_of_stream() -> None:
    out = await collect(EN.transform(stream_of(["Total: $", "12", ".", "5"])))  # type: ignore[arg-type]
    assert "".join(out) == "Total: twelve dollars fifty cents"  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet="0123456789 ,.-–/:%$€£#+()'xX°CkKmMbBstndrhapPAM½¾@<>aeiou\n", max_size=80
    )
)
def test_no_reader_fails_on_arbitrary_text(text: str) -> None:
    """A failing reader is logged and its text left as written; none fails here."""
    failures: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = failures.append  # type: ignore[method-assign]
    logger = logging.getLogger("voicenodes.numbers")
    logger.addHandler(handler)
    try:
        for node in NODES.values():
            node.rewrite(text)
            node.rewrite("9" * 30 + text)
    finally:
        logger.removeHandler(handler)
    assert [record.getMessage() for record in failures] == []


def test_a_failing_reader_leaves_its_text_as_written(caplog: pytest.LogCaptureFixture) -> None:
    from voicenodes.nodes.numbers.grammar import Grammar, Rule

    def broken(m: object) -> str:
        raise ZeroDivisionError("bug")

    grammar = Grammar([Rule("broken", r"\d+", broken)])
    with caplog.at_level(logging.ERROR, logger="voicenodes.numbers"):
        assert grammar.sub("a 12 b") == "a 12 b"
    assert "number rule 'broken' failed on '12'" in caplog.text


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de"])
def test_longest_numbers_are_read(lang: str) -> None:
    node = NODES[lang]
    for text in (
        "1" + "0" * 29,
        "1,000,000,000,000,000,000",
        "-" + "9" * 30 + ",5",
        "$" + "9" * 30,
    ):
        assert node.rewrite(text) != ""
