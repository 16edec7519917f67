"""Loading a folder of Markdown / text documents as passages.

Files are read in sorted order (so passage order, and therefore tie-breaking between
equal scores, is reproducible), as UTF-8; each file's path relative to the folder
becomes the passages' ``source``. Markdown (``.md``, ``.markdown``) is chunked by
headings, anything else by paragraphs (see :mod:`.chunking`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .chunking import chunk_markdown, chunk_text
from .passage import Passage

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


class DocumentLoadError(ValueError):
    """A document could not be read: names the file and what is wrong."""


def load_passages(
    path: str | Path,
    *,
    patterns: Sequence[str] = ("*.md", "*.markdown", "*.txt"),
    max_chars: int = 1200,
    overlap: int = 200,
    encoding: str = "utf-8",
) -> list[Passage]:
    """The passages of every file matching ``patterns`` under ``path`` (recursively), or
    of ``path`` itself when it is a file.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        DocumentLoadError: a file is not valid text in ``encoding`` (file and byte
            offset in the message), or no file under ``path`` matches ``patterns``.
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {root}")
    files = [root] if root.is_file() else _matching_files(root, patterns)
    if not files:
        raise DocumentLoadError(f"no file under {root} matches {', '.join(patterns)}")
    passages: list[Passage] = []
    for file in files:
        source = file.name if file == root else file.relative_to(root).as_posix()
        text = _read(file, encoding)
        chunk = chunk_markdown if file.suffix.lower() in MARKDOWN_SUFFIXES else chunk_text
        passages.extend(chunk(text, source=source, max_chars=max_chars, overlap=overlap))
    return passages


def _matching_files(root: Path, patterns: Sequence[str]) -> list[Path]:
    found = {file for pattern in patterns for file in root.rglob(pattern) if file.is_file()}
    return sorted(found, key=lambda file: file.relative_to(root).as_posix())


def _read(file: Path, encoding: str) -> str:
    data = file.read_bytes()
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentLoadError(
            f"{file}: line {line} (byte {error.start}) is not valid {encoding} text: {error.reason}"
        ) from None
