"""docs/providers.md: its code does what the page says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from voicenodes.compositions.cli import main

PAGE = (Path(__file__).parent.parent / "docs" / "providers.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE, flags=re.S)


def test_the_stt_example() -> None:
    code = next(b for b in blocks("python") if "TranscriptRewriter.load" in b)
    namespace: dict[str, Any] = {}
    exec(compile(code, "providers.md", "exec"), namespace)
    assert namespace["hear"].rewrite("i use live kit and lie kit's api with engine x") == (
        "i use LiveKit and LiveKit's api with nginx"
    )


async def test_the_session_and_wiring_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("livekit.plugins.elevenlabs")
    pytest.importorskip("livekit.plugins.deepgram")
    pytest.importorskip("livekit.plugins.cartesia")
    for key in ("ELEVEN_API_KEY", "DEEPGRAM_API_KEY", "CARTESIA_API_KEY"):
        monkeypatch.setenv(key, "test-key")
    for code in blocks("python"):
        if "AgentSession" in code:
            namespace: dict[str, Any] = {}
            exec(compile(code, "providers.md", "exec"), namespace)
            assert namespace["session"] is not None


def test_the_export_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    commands = [line for line in blocks("bash")[0].splitlines() if line.startswith("voicenodes")]
    assert len(commands) == 7
    for command in commands:
        argv = command.split("#")[0].split()[1:]
        assert main(argv) == 0, command
