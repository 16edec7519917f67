"""The ``voicenodes`` command line.

voicenodes demo [--llm scripted|openai] [--wav PATH | --no-audio]
voicenodes say [--dictionary NAME_OR_FILE]... [--tts PROVIDER[:MODEL]] [--node MODULE:EXPR]... TEXT
voicenodes dict check FILE... | dict convert IN OUT | dict list | dict export NAME... --to P
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from voicenodes.nodes import Node, NumberNormalizer, PronunciationRewriter
from voicenodes.nodes.numbers.languages import base_language
from voicenodes.nodes.pronunciation import DictionaryError, DictionaryNotFoundError

from .dictionary_cli import add_dict_commands, run_dict
from .say import load_node, spoken_text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voicenodes", description="Pipeline-node middleware for LiveKit Agents."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="run a composed agent in a real AgentSession and show every stage"
    )
    demo.add_argument(
        "--llm",
        choices=["scripted", "openai"],
        default="scripted",
        help="scripted token streams (default, offline) or OpenAI (needs OPENAI_API_KEY)",
    )
    demo.add_argument("--model", default="gpt-4o-mini", help="model for --llm openai")
    audio = demo.add_mutually_exclusive_group()
    audio.add_argument(
        "--wav", default="voicenodes-demo.wav", help="where to write the spoken audio"
    )
    audio.add_argument("--no-audio", action="store_true", help="do not synthesize audio")

    say = commands.add_parser("say", help="print exactly what TTS would receive for TEXT")
    say.add_argument("text", help="the text, as the LLM would write it ('-' reads stdin)")
    say.add_argument(
        "--node",
        action="append",
        default=[],
        metavar="MODULE:EXPR",
        help="an extra node, e.g. 'voicenodes.nodes:PatternRewriter(...)' (repeatable)",
    )
    say.add_argument(
        "--no-filters",
        action="store_true",
        help="skip LiveKit's default filter_markdown and filter_emoji",
    )
    say.add_argument(
        "--dictionary",
        action="append",
        default=[],
        metavar="NAME_OR_FILE",
        help="a pronunciation dictionary, by name or path (repeatable; later ones override)",
    )
    say.add_argument(
        "--lang",
        default="en",
        type=_number_language,
        help="language of the number normaliser: en (default), es, fr, de",
    )
    say.add_argument(
        "--no-numbers",
        action="store_true",
        help="do not normalise numbers (money, dates, times, phone numbers...)",
    )
    say.add_argument(
        "--tts",
        metavar="PROVIDER[:MODEL]",
        help="write the dictionaries' IPA as this TTS's phoneme markup, e.g. "
        "elevenlabs:eleven_flash_v2 or cartesia:sonic-3 (default: aliases only)",
    )
    add_dict_commands(commands)
    return parser


def _number_language(lang: str) -> str:
    try:
        base_language(lang)
    except ValueError as unsupported:
        raise argparse.ArgumentTypeError(str(unsupported)) from None
    return lang


def say_nodes(args: argparse.Namespace) -> list[Node]:
    """The nodes ``voicenodes say`` applies, in order along the data flow."""
    nodes: list[Node] = []
    if args.dictionary:
        rewriter = PronunciationRewriter.load(*args.dictionary)
        nodes.append(rewriter.for_tts(getattr(args, "tts", None)))
    nodes += [load_node(spec) for spec in args.node]
    if not args.no_numbers:
        nodes.append(NumberNormalizer(args.lang))  # last: it reads what the others leave
    return nodes


def run_say(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        nodes = say_nodes(args)
    except (DictionaryError, DictionaryNotFoundError, ValueError) as failure:
        print(failure, file=sys.stderr)
        return 1
    spoken = asyncio.run(spoken_text(text, nodes, livekit_filters=not args.no_filters))
    print(spoken)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        from .demo import main as demo_main

        return demo_main(args.llm, args.model, None if args.no_audio else args.wav, sys.stdout)
    if args.command == "say":
        return run_say(args)
    if args.command == "dict":
        return run_dict(args)
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    raise SystemExit(main())
