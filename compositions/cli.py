"""The ``voicenodes`` command line.

voicenodes demo [--llm scripted|openai] [--wav PATH | --no-audio]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        from .demo import main as demo_main

        return demo_main(args.llm, args.model, None if args.no_audio else args.wav, sys.stdout)
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    raise SystemExit(main())
