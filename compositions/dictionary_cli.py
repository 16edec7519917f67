"""``voicenodes dict ...``: check, convert and list pronunciation dictionaries.

voicenodes dict check FILE...      validate; every problem as FILE:LINE: message
voicenodes dict convert IN OUT     TOML <-> PLS, by the files' extensions
voicenodes dict list               the dictionaries found by name, and where
voicenodes dict export NAME... --to PROVIDER [--out FILE]
                                   the provider's format, checked against its limits
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from voicenodes.nodes.pronunciation import (
    Dictionary,
    DictionaryError,
    DictionaryNotFoundError,
    available_dictionaries,
    dump_pls,
    dump_toml,
    load_dictionary,
    read_dictionary,
)
from voicenodes.nodes.pronunciation.rewriter import layered_entries
from voicenodes.nodes.providers.exports import (
    EXPORTERS,
    ExportError,
    azure_pls,
    cartesia_items,
    deepgram_keyterms,
    deepgram_replacements,
    elevenlabs_pls,
    elevenlabs_rules,
    google_pronunciations,
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
    export = actions.add_parser(
        "export", help="write dictionaries in a provider's format, checked against its limits"
    )
    export.add_argument("dictionaries", nargs="+", metavar="NAME_OR_FILE")
    export.add_argument(
        "--to",
        required=True,
        choices=sorted(EXPORTERS),
        help="; ".join(f"{key}: {what}" for key, (what, _) in EXPORTERS.items()),
    )
    export.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    export.add_argument(
        "--prefer",
        choices=["alias", "phoneme"],
        default=None,
        help="for entries with both: the alias (works with every model) or the IPA",
    )


def run_dict(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.dict_command == "check":
        return check_files(args.files, out, err)
    if args.dict_command == "convert":
        return convert_file(args.source, args.target, plain_pls=args.plain_pls, out=out, err=err)
    if args.dict_command == "export":
        return export_dictionaries(args, out, err)
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


def export_dictionaries(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``dict export``: 0 on success, 1 on a problem (each printed as FILE:LINE: what)."""
    try:
        dictionaries = [load_dictionary(name) for name in args.dictionaries]
        merged = merge_layers(dictionaries)
        text = render_export(args.to, merged, dictionaries, prefer=args.prefer)
    except (DictionaryError, DictionaryNotFoundError, ExportError) as failure:
        print(failure, file=err)
        return 1
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{args.out}: {EXPORTERS[args.to][0]} written", file=out)
    else:
        out.write(text)
    return 0


def merge_layers(dictionaries: list[Dictionary]) -> Dictionary:
    """One dictionary with the entries in effect after layering (later ones win)."""
    if len(dictionaries) == 1:
        return dictionaries[0]
    entries = tuple(
        replace(entry, case=entry.case or owner.case)
        for owner, entry in layered_entries(dictionaries)
    )
    last = dictionaries[-1]
    return Dictionary(
        name="_".join(d.name for d in dictionaries),
        entries=entries,
        language=last.language,
        version=last.version,
        description=last.description,
    )


def render_export(
    target: str, dictionary: Dictionary, layers: list[Dictionary], *, prefer: str | None
) -> str:
    """The text of one export (see :data:`EXPORTERS`)."""
    chosen: Any = {"prefer": prefer} if prefer else {}
    if target == "azure":
        return azure_pls(dictionary, **chosen)
    if target == "elevenlabs-pls":
        return elevenlabs_pls(dictionary, **chosen)
    if target == "pls":
        return dump_pls(dictionary, extensions=False)
    data: object
    if target == "elevenlabs":
        data = elevenlabs_rules(dictionary, **chosen)
    elif target == "cartesia":
        data = cartesia_items(dictionary, **chosen)
    elif target == "google":
        data = google_pronunciations(dictionary)
    else:
        data = {"keyterm": deepgram_keyterms(*layers), "replace": deepgram_replacements(*layers)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
