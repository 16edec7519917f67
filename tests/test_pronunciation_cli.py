"""`voicenodes dict check|convert|list` and `voicenodes say --dictionary`."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicenodes.compositions import cli
from voicenodes.nodes.pronunciation import load_dictionary, parse_pls
from voicenodes.nodes.pronunciation.registry import EXAMPLES

BROKEN = """\
[dictionary]
name = "broken"

[[entry]]
written = "Acme"
alias = ""

[[entry]]
written = "Sequim"
alias = "skwim"
ipa = "skwi:m"
"""


def test_check_reports_every_problem_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    good = str(EXAMPLES / "tech.toml")
    assert cli.main(["dict", "check", good, str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{good}: ok (tech, " in captured.out
    assert captured.err.splitlines() == [
        f"{bad}:6: entry 'Acme': alias is empty",
        f"{bad}:11: entry 'Sequim': ipa has ':' (U+003A COLON) at character 5: "
        "use ː (U+02D0) for length, not a colon",
        "1 of 2 file(s) have problems",
    ]


def test_check_passes_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(EXAMPLES / "tech.toml"), str(EXAMPLES / "acme-outfitters.toml")]
    assert cli.main(["dict", "check", *files]) == 0
    assert capsys.readouterr().err == ""


def test_convert_toml_to_pls_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pls, toml = tmp_path / "acme.pls", tmp_path / "acme.toml"
    assert cli.main(["dict", "convert", "acme-outfitters", str(pls)]) == 0
    assert cli.main(["dict", "convert", str(pls), str(toml)]) == 0
    assert load_dictionary(toml) == load_dictionary("acme-outfitters")
    plain = tmp_path / "plain.pls"
    assert cli.main(["dict", "convert", "acme-outfitters", str(plain), "--plain-pls"]) == 0
    assert "voicenodes" not in plain.read_text(encoding="utf-8")
    assert len(parse_pls(plain.read_bytes()).entries) == len(load_dictionary(toml).entries)
    assert cli.main(["dict", "convert", "acme-outfitters", str(tmp_path / "x.json")]) == 2
    assert cli.main(["dict", "convert", "no-such-brand", str(pls)]) == 1
    assert "no dictionary named 'no-such-brand'" in capsys.readouterr().err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["dict", "list"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert {"acme-outfitters", "tech"} <= set(names)


def test_say_with_dictionaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    override = tmp_path / "session.toml"
    override.write_text(
        '[dictionary]\nname = "session"\n[[entry]]\nwritten = "AI"\nalias = "Ava"\n'
    )
    text = "**LiveKit's** AI helps Siobhan at ACME, e.g. with APIs 🎉"
    assert cli.main(["say", "--dictionary", "tech", "--dictionary", "acme-outfitters", text]) == 0
    assert capsys.readouterr().out == (
        "Live Kit's A.I. helps shi-VAWN at ACK-MEE, for example with A P Is \n"
    )
    args = ["say", "--dictionary", "tech", "--dictionary", str(override), text]
    assert cli.main(args) == 0
    assert "Live Kit's Ava helps Siobhan" in capsys.readouterr().out


def test_say_with_a_missing_dictionary(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["say", "--dictionary", "no-such-brand", "hi"]) == 1
    assert "no dictionary named 'no-such-brand'" in capsys.readouterr().err
