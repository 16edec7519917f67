"""The demo (the README's first command) runs offline and shows each stage."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from voicenodes.compositions import cli
from voicenodes.compositions.demo import SCRIPT, run_demo
from voicenodes.compositions.local_tts import local_voice_available


def lines_of(output: str, label: str) -> list[str]:
    return [
        line.split(": ", 1)[1]
        for line in output.splitlines()
        if line.strip().startswith(label + ":")
    ]


async def test_demo_shows_tts_rewrites_while_captions_keep_the_llm_text() -> None:
    out = io.StringIO()
    await run_demo(wav_path=None, out=out)
    text = out.getvalue()
    assert "scripted" in text
    llm, tts = lines_of(text, "llm"), lines_of(text, "tts")
    captions, history = lines_of(text, "captions"), lines_of(text, "history")
    assert len(llm) == len(tts) == len(captions) == len(history) == len(SCRIPT)
    assert tts != llm  # the nodes changed what is spoken...
    assert captions == history == llm  # ...but not what is shown or remembered


def test_cli_runs_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo", "--no-audio"]) == 0
    assert "turn 2" in capsys.readouterr().out


@pytest.mark.skipif(not local_voice_available(), reason="needs the demo extra (hibari-tts)")
async def test_demo_writes_spoken_audio(tmp_path: Path) -> None:
    wav_path = tmp_path / "demo.wav"
    await run_demo(wav_path=str(wav_path), out=io.StringIO())
    with wave.open(str(wav_path)) as wav:
        assert wav.getframerate() == 24000
        assert wav.getnframes() / 24000 > 5  # several sentences of real speech


def test_openai_llm_without_a_key_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(SystemExit, match="OPENAI_API_KEY"):
        cli.main(["demo", "--llm", "openai", "--no-audio"])


async def test_demo_speaks_numbers_as_words() -> None:
    out = io.StringIO()
    await run_demo(wav_path=None, out=out)
    text = out.getvalue()
    tts, captions = " ".join(lines_of(text, "tts")), " ".join(lines_of(text, "captions"))
    for spoken in (
        "order number A seven X nine",
        "March third, twenty twenty-six",
        "three to five days",
        "one thousand two hundred forty-nine dollars ninety-nine cents",
        "five five five, zero one three, zero one nine nine",
        "nine AM and five PM",
    ):
        assert spoken in tts
    for written in ("$1,249.99", "(555) 013-0199", "March 3, 2026"):
        assert written in captions and written not in tts


async def test_demo_answers_knowledge_base_questions_from_the_injected_passages() -> None:
    out = io.StringIO()
    await run_demo(wav_path=None, out=out)
    text = out.getvalue()
    rag, llm = lines_of(text, "rag"), lines_of(text, "llm")
    assert "KnowledgeBase" in text  # the RagInjector is one of the demo's nodes
    assert rag[2].startswith("returns.md › Returns and refunds › Return window")
    assert llm[2] == "You can return most items within 30 days of delivery."
    assert rag[3].startswith("shipping.md › Shipping and delivery › International shipping")
    assert "collected at checkout for Canada" in llm[3]


def test_the_scripted_answer_depends_on_the_reference() -> None:
    from livekit.agents import llm

    from voicenodes.compositions.demo import answer_from_reference
    from voicenodes.nodes.rag import Passage
    from voicenodes.nodes.rag.reference import reference_message

    ctx = llm.ChatContext.empty()
    ctx.add_message(role="user", content="How long do refunds take?")
    assert answer_from_reference(ctx).startswith("I'm not sure")
    passage = Passage("Refunds are sent in 3 days. Stores open at 10.", source="r.md")
    ctx.items.insert(
        0, reference_message([passage], message_id="r", role="user", query="q", created_at=0)
    )
    assert answer_from_reference(ctx) == "Refunds are sent in 3 days."
