"""Cutting documents into passages of a bounded size.

- :func:`chunk_markdown` follows the document's headings (ATX ``#`` and setext
  underlines; ``#`` inside fenced code is not a heading): every section becomes one or
  more passages whose ``title`` is the heading path ("Returns › Refunds"), so a passage
  never mixes two sections and always says where it comes from.
- :func:`chunk_text` cuts plain text at paragraph boundaries.

Text longer than ``max_chars`` is cut at the widest boundary that fits: paragraphs,
then sentences, then white space (a single longer word is cut hard). Consecutive
passages of one section share up to ``overlap`` characters (whole sentences or words
from the end of the previous passage), so an answer that straddles a cut is still found
in one piece.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .passage import Passage

_ATX = regex.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^ {0,3}(#{1,6})[ \t]*$")
_SETEXT = regex.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = regex.compile(r"^ {0,3}(`{3,}|~{3,})")
_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n+")
_SENTENCE_END = regex.compile(r"(?<=[.!?…。！？])[\"'”’)\]]*\s+")
_SPACE = regex.compile(r"\s+")

TITLE_SEPARATOR = " › "


@dataclass(frozen=True)
class Section:
    """The body of one Markdown section and the path of headings above it."""

    headings: tuple[str, ...]
    body: str


def chunk_markdown(
    text: str, *, source: str = "", max_chars: int = 1200, overlap: int = 200
) -> list[Passage]:
    """Passages of a Markdown document, one or more per section, in document order."""
    _check_sizes(max_chars, overlap)
    passages: list[Passage] = []
    for section in markdown_sections(text):
        title = TITLE_SEPARATOR.join(section.headings)
        for piece in split_to_size(section.body, max_chars=max_chars, overlap=overlap):
            passages.append(Passage(piece, source=source, title=title))
    return passages


def chunk_text(
    text: str, *, source: str = "", max_chars: int = 1200, overlap: int = 200
) -> list[Passage]:
    """Passages of a plain-text document, cut at paragraph boundaries."""
    _check_sizes(max_chars, overlap)
    return [
        Passage(piece, source=source)
        for piece in split_to_size(text, max_chars=max_chars, overlap=overlap)
    ]


def markdown_sections(text: str) -> list[Section]:
    """The sections of a Markdown document with a non-empty body, in order.

    Text before the first heading is a section with no headings. YAML front matter
    (``---`` ... ``---`` at the very start) is skipped.
    """
    lines = _without_front_matter(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    body: list[str] = []
    fence: str | None = None

    def close_section() -> None:
        content = "\n".join(body).strip("\n")
        if content.strip():
            sections.append(Section(tuple(h for _, h in stack), content))
        body.clear()

    def open_section(level: int, heading: str) -> None:
        close_section()
        while stack and stack[-1][0] >= level:
            stack.pop()
        if heading:
            stack.append((level, heading))

    for line in lines:
        if fence is not None:
            body.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        if (opening := _FENCE.match(line)) is not None:
            fence = opening.group(1)[0] * 3
            body.append(line)
            continue
        if (atx := _ATX.match(line)) is not None:
            marks = atx.group(1) or atx.group(3)
            open_section(len(marks), (atx.group(2) or "").strip())
            continue
        underline = _SETEXT.match(line)
        if underline is not None and body and body[-1].strip() and not _is_list_item(body[-1]):
            heading = body.pop().strip()
            open_section(1 if underline.group(1)[0] == "=" else 2, heading)
            continue
        body.append(line)
    close_section()
    return sections


def split_to_size(text: str, *, max_chars: int, overlap: int = 0) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars`` characters at the widest
    boundary that fits, consecutive pieces sharing up to ``overlap`` characters."""
    _check_sizes(max_chars, overlap)
    pieces = _pieces(text.strip(), max_chars)
    chunks: list[str] = []
    current: list[tuple[str, str]] = []  # (separator before, piece)
    size = 0
    for separator, piece in pieces:
        added = len(piece) + (len(separator) if current else 0)
        if current and size + added > max_chars:
            chunks.append(_join(current))
            current = _tail(current, overlap, room=max_chars - len(piece) - len(separator))
            size = len(_join(current)) if current else 0
            added = len(piece) + (len(separator) if current else 0)
        current.append((separator, piece))
        size += added
    if current:
        chunks.append(_join(current))
    return [chunk for chunk in chunks if chunk.strip()]


def _pieces(text: str, max_chars: int) -> list[tuple[str, str]]:
    """The text as (separator, piece) pairs, each piece at most ``max_chars`` long."""
    out: list[tuple[str, str]] = []
    for p_index, paragraph in enumerate(_PARAGRAPH_BREAK.split(text)):
        first_sep = "\n\n" if p_index else ""
        if len(paragraph) <= max_chars:
            out.append((first_sep, paragraph))
            continue
        for s_index, sentence in enumerate(_split_keep(paragraph, _SENTENCE_END)):
            sep = first_sep if s_index == 0 else " "
            if len(sentence) <= max_chars:
                out.append((sep, sentence))
                continue
            for w_index, word_run in enumerate(_word_runs(sentence, max_chars)):
                out.append((sep if w_index == 0 else " ", word_run))
    return out


def _split_keep(text: str, boundary: regex.Pattern[str]) -> list[str]:
    parts = [part.strip() for part in boundary.split(text)]
    return [part for part in parts if part]


def _word_runs(sentence: str, max_chars: int) -> list[str]:
    """Words packed into runs of at most ``max_chars``; longer words cut hard."""
    runs: list[str] = []
    current = ""
    for word in _SPACE.split(sentence.strip()):
        while len(word) > max_chars:
            if current:
                runs.append(current)
                current = ""
            runs.append(word[:max_chars])
            word = word[max_chars:]
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if len(candidate) > max_chars:
            runs.append(current)
            current = word
        else:
            current = candidate
    if current:
        runs.append(current)
    return runs


def _tail(pieces: list[tuple[str, str]], overlap: int, room: int) -> list[tuple[str, str]]:
    """The last pieces of a finished chunk that fit in ``overlap`` (and in ``room``, so
    the next piece still fits), to start the next chunk with. Never the whole chunk, so
    every chunk brings something new."""
    limit = min(overlap, room)
    kept: list[tuple[str, str]] = []
    size = 0
    for separator, piece in reversed(pieces[1:]):
        # joining puts the *following* piece's separator between this one and the rest
        size += len(piece) + (len(kept[0][0]) if kept else 0)
        if size > limit:
            break
        kept.insert(0, (separator, piece))
    return kept


def _join(pieces: list[tuple[str, str]]) -> str:
    return "".join(piece if i == 0 else sep + piece for i, (sep, piece) in enumerate(pieces))


def _without_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            newline = text.find("\n", end + 4)
            return "" if newline == -1 else text[newline + 1 :]
    return text


def _is_list_item(line: str) -> bool:
    return bool(regex.match(r"^\s*(?:[-*+]|\d+[.)])\s", line))


def _check_sizes(max_chars: int, overlap: int) -> None:
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    if not 0 <= overlap < max_chars:
        raise ValueError(f"overlap must be in [0, max_chars), got {overlap} (max {max_chars})")
