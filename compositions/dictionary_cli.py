"""``voicenodes dict ...``: check, convert and list pronunciation dictionaries.

voicenodes dict check FILE...      validate; every problem as FILE:LINE: message
voicenodes dict convert IN OUT     TOML <-> PLS, by the files' extensions
voicenodes dict list               the dictionaries found by name, and where
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from voicenodes.nodes.pronunciation import (
    DictionaryError,
    DictionaryNotFoundError,
    available_dictionaries,
    dump_pls,
    dump_toml,
    load_dictionary,
    read_dictionary,
)

WRITERS = {".toml": dump_toml, ".pls": dump_pls, ".xml": dump_pls}


def add_dict_commands(commands: Any) -> None:
    """Add ``dict`` and its subcommands to the ``voicenodes`` parser's subparsers."""
    parser = commands.add_parser("dict", help="check, convert and list pronunciation dictionaries")
    actions = parser.add_subparsers(dest="dict_command", required=True)
    check = actions.add_parser(
        "check", help="validate dictionary files (non-zero exit on problems)"
    )
    check.add_argument("files", nargs="+", metavar="FILE", help=".toml or .pls files")
    convert = actions.add_parser("convert", help="convert between TOML and PLS (by extension)")
    convert.add_argument("source", metavar="IN")
    convert.add_argument("target", metavar="OUT")
    convert.add_argument(
        "--plain-pls",
        action="store_true",
        help="PLS without voicenodes metadata (names, notes, case policies)",
    )
    actions.add_parser("list", help="list the dictionaries found by name, and where")


def run_dict(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.dict_command == "check":
        return check_files(args.files, out, err)
    if args.dict_command == "convert":
        return convert_file(args.source, args.target, plain_pls=args.plain_pls, out=out, err=err)
    for name, where in sorted(available_dictionaries().items()):
        print(f"{name:24} {where}", file=out)
    return 0


def check_files(files: list[str], out: TextIO, err: TextIO) -> int:
    """Print every problem of every file; 1 if any, else 0."""
    failed = 0
    for file in files:
        try:
            dictionary = read_dictionary(Path(file))
        except DictionaryError as invalid:
            failed += 1
            for problem in invalid.problems:
                print(problem, file=err)
            continue
        print(f"{file}: ok ({dictionary.name}, {len(dictionary.entries)} entries)", file=out)
    if failed:
        print(f"{failed} of {len(files)} file(s) have problems", file=err)
    return 1 if failed else 0


def convert_file(source: str, target: str, *, plain_pls: bool, out: TextIO, err: TextIO) -> int:
    suffix = Path(target).suffix.lower()
    if suffix not in WRITERS:
        print(f"{target}: unknown format {suffix!r}: use .toml or .pls", file=err)
        return 2
    try:
        dictionary = load_dictionary(source)
    except (DictionaryError, DictionaryNotFoundError) as failure:
        print(failure, file=err)
        return 1
    text = (
        dump_pls(dictionary, extensions=False)
        if plain_pls and suffix != ".toml"
        else (WRITERS[suffix](dictionary))
    )
    Path(target).write_text(text, encoding="utf-8")
    print(f"{target}: {len(dictionary.entries)} entries written", file=out)
    return 0
