"""The dictionary file format (TOML): reading with line-accurate problems, and writing.

```toml
[dictionary]
name = "acme-outfitters"      # required: letters, digits, '.', '_' or '-'
language = "en-US"            # optional language tag
version = "2.1.0"             # optional, a string
description = "..."           # optional
case = "preserve"             # optional default policy: exact | insensitive | preserve

[[entry]]
written = "Acme"              # required: a string or a list of strings
alias = "Ack-mee"             # what TTS receives (required unless ipa is given)
ipa = "ˈæk.mi"                # optional IPA transcription
case = "preserve"             # optional: exact | insensitive | preserve
whole_word = true             # optional (default true); false matches inside words
notes = "never 'ace-me'"      # optional, for the people who maintain the file
heard = ["ack me"]            # optional: what speech recognition may write for it
```

``tomllib`` gives values without positions, so a scan of the source maps each
``[dictionary]`` / ``[[entry]]`` table, and each key in it, to its line.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path
from typing import Any

from .errors import DictionaryError, Problem
from .keys import CasePolicy
from .model import Dictionary, Entry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DICTIONARY_FIELDS = ("name", "language", "version", "description", "case")
ENTRY_FIELDS = ("written", "alias", "ipa", "case", "whole_word", "notes", "heard")
_POLICIES = tuple(policy.value for policy in CasePolicy)

_HEADER = re.compile(r"""^\s*(\[\[?)\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\]?\s*(?:#.*)?$""")
_ERROR_LINE = re.compile(r"\(at line (\d+)")


class _SourceLines:
    """Where each table and key of a TOML document is, by scanning its lines."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str, bool]] = []  # (line, name, is array table)
        in_multiline = False
        for number, line in enumerate(self.lines, start=1):
            if not in_multiline and (match := _HEADER.match(line)):
                name = match.group(2).strip().strip("\"'")
                self.headers.append((number, name, match.group(1) == "[["))
            if (line.count('"""') + line.count("'''")) % 2:
                in_multiline = not in_multiline

    def table(self, name: str) -> int | None:
        return next((n for n, h, array in self.headers if h == name and not array), None)

    def array_tables(self, name: str) -> list[int]:
        return [n for n, h, array in self.headers if h == name and array]

    def key(self, section: int | None, key: str) -> int | None:
        """The line of ``key = ...`` in the table starting at line ``section`` (``None``:
        before the first table)."""
        start = section or 0
        end = next((n for n, _, _ in self.headers if n > start), len(self.lines) + 1)
        pattern = re.compile(
            rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*="""
        )
        for number in range(start + 1, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return section


def load_toml(path: str | Path) -> Dictionary:
    """Read a dictionary file. Raises :class:`DictionaryError` listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DictionaryError(
            [Problem(str(path), None, f"cannot read the file: {error}")]
        ) from None
    return parse_toml(text, source=str(path), default_name=path.stem)


def parse_toml(
    text: str, *, source: str = "<string>", default_name: str = "dictionary"
) -> Dictionary:
    """A dictionary from TOML text; ``source`` names it in problems."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _ERROR_LINE.search(str(error))
        line = int(found.group(1)) if found else None
        raise DictionaryError([Problem(source, line, f"not valid TOML: {error}")]) from None
    return _Reader(text, source, default_name).read(data)


class _Reader:
    def __init__(self, text: str, source: str, default_name: str) -> None:
        self.lines = _SourceLines(text)
        self.source = source
        self.default_name = default_name
        self.problems: list[Problem] = []

    def report(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.source, line, message))

    def read(self, data: dict[str, Any]) -> Dictionary:
        for key in data:
            if key not in ("dictionary", "entry"):
                self.report(
                    self.lines.table(key) or self.lines.key(None, key),
                    f"unknown top-level field {key!r}{_suggest(key, ('dictionary', 'entry'))}",
                )
        header = self.read_header(data.get("dictionary"))
        entries = self.read_entries(data.get("entry", []))
        try:
            dictionary = Dictionary(entries=tuple(entries), source=self.source, **header)
        except DictionaryError as invalid:
            self.problems.extend(invalid.problems)
        if self.problems:
            raise DictionaryError(self.problems)
        return dictionary

    def read_header(self, table: object) -> dict[str, Any]:
        section = self.lines.table("dictionary")
        header: dict[str, Any] = {"name": self.default_name, "name_line": section}
        if table is None:
            self.report(1, 'missing the [dictionary] table (with at least name = "...")')
            return header
        if not isinstance(table, dict):
            self.report(self.lines.key(None, "dictionary"), "dictionary must be a table")
            return header
        fields = _Fields(table, section, self, DICTIONARY_FIELDS, "[dictionary]")
        name = fields.string("name", required=True)
        if name is not None:
            header["name"], header["name_line"] = name, fields.line("name")
        for key in ("language", "version", "description"):
            header[key] = fields.string(key)
        header["case"] = fields.policy("case")
        return header

    def read_entries(self, tables: object) -> list[Entry]:
        if not isinstance(tables, list):
            self.report(
                self.lines.key(None, "entry"), "entry must be an array of tables: [[entry]]"
            )
            return []
        lines = self.lines.array_tables("entry")
        if len(lines) != len(tables):  # entries not written as [[entry]] headers
            lines = [self.lines.key(None, "entry") or 1] * len(tables)
        entries: list[Entry] = []
        for number, (line, table) in enumerate(zip(lines, tables, strict=True), start=1):
            if not isinstance(table, dict):
                self.report(line, f"entry #{number} must be a table")
                continue
            entry = self.read_entry(table, line, number)
            if entry is not None:
                entries.append(entry)
        return entries

    def read_entry(self, table: dict[str, Any], line: int, number: int) -> Entry | None:
        before = len(self.problems)
        fields = _Fields(table, line, self, ENTRY_FIELDS, f"entry #{number}")
        written = fields.written()
        entry = Entry(
            written=written,
            alias=fields.string("alias"),
            ipa=fields.string("ipa"),
            case=fields.policy("case"),
            whole_word=fields.boolean("whole_word", default=True),
            notes=fields.string("notes"),
            heard=fields.strings("heard"),
            line=line,
            field_lines={key: fields.line(key) for key in table},
        )
        return entry if len(self.problems) == before and written else None


class _Fields:
    """Typed access to the fields of one table, reporting problems with their lines."""

    def __init__(
        self,
        table: dict[str, Any],
        section: int | None,
        reader: _Reader,
        known: tuple[str, ...],
        label: str,
    ) -> None:
        self.table, self.section, self.reader, self.label = table, section, reader, label
        for key in table:
            if key not in known:
                reader.report(
                    self.line(key),
                    f"{label}: unknown field {key!r}{_suggest(key, known)} "
                    f"(fields are {', '.join(known)})",
                )

    def line(self, key: str) -> int:
        return self.reader.lines.key(self.section, key) or self.section or 1

    def get(self, key: str, kind: type, wanted: str, *, required: bool = False) -> Any:
        if key not in self.table:
            if required:
                self.reader.report(self.section, f"{self.label}: missing {key} = {wanted}")
            return None
        value = self.table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.reader.report(
                self.line(key), f"{self.label}: {key} must be {wanted}, not {_describe(value)}"
            )
            return None
        return value

    def string(self, key: str, *, required: bool = False) -> str | None:
        value: str | None = self.get(key, str, "a string", required=required)
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.get(key, bool, "true or false")
        return default if value is None else bool(value)

    def policy(self, key: str) -> CasePolicy | None:
        value = self.string(key)
        if value is None:
            return None
        if value not in _POLICIES:
            self.reader.report(
                self.line(key),
                f"{self.label}: {key} must be one of {', '.join(_POLICIES)}, not {value!r}",
            )
            return None
        return CasePolicy(value)

    def strings(self, key: str) -> tuple[str, ...]:
        """An optional string or list of strings."""
        value = self.table.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.reader.report(
                self.line(key),
                f"{self.label}: {key} must be a string or a list of strings, "
                f"not {_describe(value)}",
            )
            return ()
        return tuple(items)

    def written(self) -> tuple[str, ...]:
        value = self.table.get("written")
        if value is None:
            self.reader.report(self.section, f'{self.label}: missing written = "..."')
            return ()
        forms = [value] if isinstance(value, str) else value
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
            self.reader.report(
                self.line("written"),
                f"{self.label}: written must be a string or a non-empty list of strings, "
                f"not {_describe(value)}",
            )
            return ()
        return tuple(forms)


def _describe(value: object) -> str:
    kinds: dict[type, str] = {
        bool: "a boolean",
        str: "a string",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return f"{kinds.get(type(value), type(value).__name__)} ({value!r})"


def _suggest(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def dump_toml(dictionary: Dictionary) -> str:
    """The TOML text of ``dictionary`` (loading it gives an equal dictionary)."""
    out = ["[dictionary]"]

    def add(key: str, value: object) -> None:
        out.append(f"{key} = {_toml_value(value)}")

    add("name", dictionary.name)
    for key in ("language", "version", "description"):
        if (value := getattr(dictionary, key)) is not None:
            add(key, value)
    if dictionary.case is not None:
        add("case", dictionary.case.value)
    for entry in dictionary.entries:
        out += ["", "[[entry]]"]
        add("written", entry.written[0] if len(entry.written) == 1 else list(entry.written))
        for key in ("alias", "ipa"):
            if (value := getattr(entry, key)) is not None:
                add(key, value)
        if entry.case is not None:
            add("case", entry.case.value)
        if not entry.whole_word:
            add("whole_word", False)
        if entry.notes is not None:
            add("notes", entry.notes)
        if entry.heard:
            add("heard", list(entry.heard))
    return "\n".join(out) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    # a JSON string is a TOML basic string, once DEL is escaped too
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
