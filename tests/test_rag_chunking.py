"""Cutting documents into passages: heading-aware Markdown, sizes, overlap, loading."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.nodes.rag import DocumentLoadError, chunk_markdown, chunk_text, load_passages
from voicenodes.nodes.rag.chunking import markdown_sections, split_to_size

DOC = """---
title: ignored front matter
---
Intro before any heading.

# Returns

## Window

You have 30 days.

```bash
# not a heading
echo hi
```

## Refunds
Refunds take 5 days.

Shipping
========

Ships in 2 days.

- item
--------

Tail of shipping.
"""


def test_markdown_sections_follow_headings_and_skip_code_and_front_matter() -> None:
    sections = [(s.headings, s.body.strip()) for s in markdown_sections(DOC)]
    assert sections[0] == ((), "Intro before any heading.")
    assert sections[1][0] == ("Returns", "Window")
    assert "# not a heading" in sections[1][1]  # inside a fence: body, not a heading
    assert sections[2] == (("Returns", "Refunds"), "Refunds take 5 days.")
    assert sections[3][0] == ("Shipping",)  # a setext heading
    assert "- item\n--------\n\nTail of shipping." in sections[3][1]  # "- item" is a list
    assert all("title:" not in body for _, body in sections)


def test_markdown_passages_carry_source_and_heading_path() -> None:
    passages = chunk_markdown(DOC, source="policies.md", max_chars=200, overlap=0)
    assert [p.label for p in passages] == [
        "policies.md",
        "policies.md › Returns › Window",
        "policies.md › Returns › Refunds",
        "policies.md › Shipping",
    ]
    assert passages[2].indexed_text == "Returns › Refunds\nRefunds take 5 days."


def test_long_sections_are_cut_at_sentences_with_overlap() -> None:
    body = " ".join(f"Sentence number {i} is here." for i in range(40))
    passages = chunk_markdown(f"# Big\n\n{body}\n", max_chars=200, overlap=60)
    assert len(passages) > 5
    assert all(len(p.text) <= 200 for p in passages)
    assert all(p.text.endswith(".") for p in passages)  # cut at sentence ends
    for before, after in itertools.pairwise(passages):
        first_sentence = after.text.split(". ")[0] + "."
        assert first_sentence in before.text  # the overlap repeats the previous tail


def test_plain_text_is_cut_at_paragraphs() -> None:
    text = "First paragraph.\n\nSecond one, a bit longer.\n\n\nThird."
    assert [p.text for p in chunk_text(text, max_chars=30, overlap=0)] == [
        "First paragraph.",
        "Second one, a bit longer.",
        "Third.",
    ]
    assert [p.text for p in chunk_text(text, max_chars=100, overlap=0)] == [
        "First paragraph.\n\nSecond one, a bit longer.\n\nThird."
    ]


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    assert split_to_size("ab " + "x" * 25, max_chars=10) == ["ab", "x" * 10, "x" * 10, "x" * 5]


def test_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="overlap"):
        split_to_size("text", max_chars=10, overlap=10)
    with pytest.raises(ValueError, match="max_chars"):
        chunk_text("text", max_chars=0)


WORD = st.text("abcdefghij", min_size=1, max_size=8)
SEPARATOR = st.sampled_from([" ", " ", " ", ". ", "! ", "\n", "\n\n", ",  "])


@st.composite
def documents(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORD, min_size=1, max_size=120))
    return "".join(w + draw(SEPARATOR) for w in words)


def align(chunks: list[list[str]], words: list[str], end: int = 0, previous: int = -1) -> bool:
    """Whether the chunks are windows of ``words`` that cover it in order, each starting
    after the previous one started and no later than where it ended (the overlap).
    Searches every placement: repeated words make the first match ambiguous."""
    if not chunks:
        return end == len(words)
    chunk, rest = chunks[0], chunks[1:]
    return any(
        words[start : start + len(chunk)] == chunk
        and start + len(chunk) > end
        and align(rest, words, start + len(chunk), start)
        for start in range(previous + 1, end + 1)
    )


def words_of(text: str) -> list[str]:
    return text.replace(".", " ").replace("!", " ").replace(",", " ").split()


@settings(max_examples=200, deadline=None)
@given(text=documents(), max_chars=st.integers(10, 80), overlap_share=st.floats(0, 0.9))
def test_split_keeps_every_word_in_order_within_the_size(
    text: str, max_chars: int, overlap_share: float
) -> None:
    overlap = int(max_chars * overlap_share)
    chunks = split_to_size(text, max_chars=max_chars, overlap=overlap)
    assert all(0 < len(chunk) <= max_chars for chunk in chunks)
    assert align([words_of(c) for c in chunks], words_of(text))
    if overlap == 0:
        assert [w for c in chunks for w in words_of(c)] == words_of(text)


def test_load_passages_reads_a_folder_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# B\n\nbee text\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("\ufeffplain text\n", encoding="utf-8")
    (tmp_path / "skip.json").write_text("{}", encoding="utf-8")
    passages = load_passages(tmp_path)
    assert [(p.source, p.title, p.text) for p in passages] == [
        ("b.md", "B", "bee text"),
        ("sub/a.txt", "", "plain text"),
    ]
    assert load_passages(tmp_path / "b.md")[0].source == "b.md"


def test_load_passages_errors_name_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="missing"):
        load_passages(tmp_path / "missing")
    with pytest.raises(DocumentLoadError, match=r"no file under .* matches \*\.md"):
        load_passages(tmp_path)
    (tmp_path / "bad.md").write_bytes(b"# Title\n\nline two\ncaf\xe9\n")
    with pytest.raises(DocumentLoadError, match=r"bad\.md: line 4 \(byte 21\) is not valid"):
        load_passages(tmp_path)
