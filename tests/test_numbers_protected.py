"""``inside_protected`` answers as the one-pattern definition of a protected span does
(an open markup tag, a URL, a bare domain's path or query), only faster."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.nodes.numbers.protected import REACH, inside_protected
from voicenodes.nodes.textspans import TLDS

DEFINITION = regex.compile(
    r"(?:<[/!?]?[A-Za-z][^<>\n]{0,200}"
    r"|(?<![\w@.])(?i:https?://|www\.)[^\s<>\"'`]{0,200}"
    rf"|(?<![\w@.-])(?:[\w-]{{1,63}}\.){{1,8}}(?i:{TLDS})[/?#][^\s<>\"'`]{{0,200}})\Z"
)
PIECES = ["<", ">", "/", "?", "#", "!", "b", "break", " ", "\n", '"', "'", "`", ".", "-",
          "@", "io", "com", "acme", "http", "://", "www.", "3", "12", "=", "x", "é",
          "a" * 40]  # fmt: skip


def by_definition(text: str, position: int) -> bool:
    return DEFINITION.search(text, max(0, position - REACH), position) is not None


@settings(max_examples=2000, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=40), data=st.data())
def test_same_answer_as_the_definition(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    position = data.draw(st.integers(0, len(text)))
    assert inside_protected(text, position) == by_definition(text, position)


def test_cases() -> None:
    for text, inside in [
        ('<break time="5', True),
        ('<break time="5"/> 5', False),
        ("see https://x.io/a?id=1", True),
        ("see docs.acme.io/v2/page-3", True),
        ("x.com?id=4 or 5", False),
        ("mail bob@acme.io/5", False),
        ("a < 5", False),
        ("<b\nsee http://x.io/5", True),
    ]:
        assert inside_protected(text, len(text) - 1) is inside, text
