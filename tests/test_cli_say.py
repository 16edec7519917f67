"""`voicenodes say` prints exactly what TTS would receive."""

from __future__ import annotations

import pytest

from voicenodes.compositions import cli
from voicenodes.compositions.say import load_node, spoken_text
from voicenodes.nodes import PatternRewriter

SPEED = (
    "voicenodes.nodes:PatternRewriter(r'(\\d{1,6}) ?km/h', lambda m: m[1] + ' kilometers per hour')"
)


async def test_spoken_text_applies_livekit_filters_then_nodes() -> None:
    node = PatternRewriter(r"\*\*", lambda m: "STARS")  # would match if markdown survived
    assert await spoken_text("**Hi** 🎉 there", [node]) == "Hi  there"
    assert await spoken_text("**Hi**", [node], livekit_filters=False) == "STARSHiSTARS"


def test_say_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["say", "--no-numbers", "--node", SPEED, "Go at 30 km/h, *slowly*."]) == 0
    assert capsys.readouterr().out == "Go at 30 kilometers per hour, slowly.\n"


def test_load_node_rejects_non_nodes() -> None:
    with pytest.raises(ValueError, match="MODULE:EXPRESSION"):
        load_node("voicenodes.nodes")
    with pytest.raises(ValueError, match="not a Node"):
        load_node("voicenodes.nodes:42")
