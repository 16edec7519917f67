"""`voicenodes say` normalises numbers: after the other nodes, in the chosen language."""

from __future__ import annotations

import argparse

import pytest

from voicenodes.compositions import cli
from voicenodes.nodes import NumberNormalizer, PatternRewriter


def say(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert cli.main(["say", *argv]) == 0
    return capsys.readouterr().out.rstrip("\n")


def test_say_reads_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    text = "It's **$12.50**, due March 3, 2026 - call (555) 013-0199."
    assert say(capsys, text) == (
        "It's twelve dollars fifty cents, due March third, twenty twenty-six - call "
        "five five five, zero one three, zero one nine nine."
    )


def test_lang_and_no_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert say(capsys, "--lang", "fr", "Le 1er mars: 12,50 €") == (
        "Le premier mars: douze euros et cinquante centimes"
    )
    assert say(capsys, "--no-numbers", "It is $5.") == "It is $5."


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["say", "--lang", "xx", "hi"])
    assert exit_info.value.code == 2
    assert "unsupported language 'xx'" in capsys.readouterr().err


def test_numbers_come_after_the_other_nodes() -> None:
    args = cli.build_parser().parse_args(
        ["say", "--node", "voicenodes.nodes:PatternRewriter(r'x', lambda m: 'y')", "t"]
    )
    nodes = cli.say_nodes(args)
    assert isinstance(nodes[0], PatternRewriter)
    with_dictionary = cli.build_parser().parse_args(["say", "--dictionary", "tech", "t"])
    assert [type(n).__name__ for n in cli.say_nodes(with_dictionary)] == [
        "PronunciationRewriter",
        "NumberNormalizer",
    ]
    assert isinstance(nodes[-1], NumberNormalizer) and nodes[-1].lang == "en"
    no_numbers = argparse.Namespace(node=[], dictionary=[], no_numbers=True, lang="en")
    assert cli.say_nodes(no_numbers) == []
