"""docs/pronunciation.md: its code and its example file do what the page says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from voicenodes.nodes import PronunciationRewriter
from voicenodes.nodes.pronunciation import CasePolicy, parse_toml

PAGE = (Path(__file__).parent.parent / "docs" / "pronunciation.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE, flags=re.S)


def test_python_examples() -> None:
    first: dict[str, Any] = {}
    exec(compile(blocks("python")[0], "pronunciation.md", "exec"), first)
    assert first["speak"].rewrite("Ask Siobhan about LiveKit's APIs, e.g. at ACME.") == (
        "Ask shi-VAWN about Live Kit's A P Is, for example at ACK-MEE."
    )
    assert first["SupportAgent"].__name__
    layers: dict[str, Any] = {}
    exec(compile(blocks("python")[1], "pronunciation.md", "exec"), layers)
    assert layers["for_this_caller"].rewrite("Siobhan at ACME") == "Shivaun at ACK-MEE"
    assert layers["speak"].rewrite("Siobhan") == "shi-VAWN"


def test_the_example_file() -> None:
    dictionary = parse_toml(blocks("toml")[0], source="acme-outfitters.toml")
    assert dictionary.case is CasePolicy.PRESERVE
    node = PronunciationRewriter(dictionary)
    assert node.rewrite("ACME's TuolumneLite, AcmeCare and Gore-Tex") == (
        "ACK-MEE's too-ALL-uh-meeLite, Ack-mee Care and gore tex"
    )


def test_the_brand_package_entry_point_is_what_the_registry_reads() -> None:
    pyproject = next(b for b in blocks("toml") if "entry-points" in b)
    assert '[project.entry-points."voicenodes.dictionaries"]' in pyproject
