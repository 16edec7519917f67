"""``voicenodes demo``: a composed agent in a real AgentSession, in the terminal.

Each turn prints what the LLM produced, what reached TTS and what the captions and the
chat history show, so the effect of every node is visible. Without an API key the LLM
is :class:`~voicenodes.compositions.testing.ScriptedLLM` replaying realistic token
streams; ``--llm openai`` uses a real model (``OPENAI_API_KEY``, extra ``openai``).
With the ``demo`` extra the spoken audio is written to a WAV file.
"""

from __future__ import annotations

import asyncio
import logging
import os
import wave
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from livekit import rtc
from livekit.agents import Agent, function_tool, llm
from livekit.agents.voice import ModelSettings

from voicenodes.nodes import (
    BM25Index,
    ContextTrimmer,
    Node,
    NumberNormalizer,
    PatternRewriter,
    PronunciationRewriter,
    RagInjector,
)
from voicenodes.nodes.rag import Analyzer, find_reference, quoted_passages

from .compose import compose
from .local_tts import LocalVoiceTTS, local_voice_available
from .testing import (
    RecordedSession,
    RecordingTTS,
    ScriptedLLM,
    ScriptedReply,
    ToolCall,
    start_recorded_session,
)

INSTRUCTIONS = (
    "You are Ava, the voice assistant of Acme Outfitters. Answer in one or two short "
    "sentences. Use the lookup_order tool for order questions."
)

ORDERS = {
    "A7X9": {"status": "shipped", "ships_on": "2026-03-03", "total": "$1,249.99", "items": 3},
}


KNOWLEDGE_BASE = Path(__file__).parent / "knowledge_base"
"""Acme Outfitters' policies (Markdown), the demo agent's knowledge base."""

ScriptedAnswer = str | ScriptedReply | Callable[[llm.ChatContext], str]


@dataclass
class Turn:
    user: str
    replies: Sequence[ScriptedAnswer]
    """What the scripted LLM answers to this turn (one entry per LLM request); a
    function answers from the request itself (see :func:`answer_from_reference`)."""


SCRIPT: tuple[Turn, ...] = (
    Turn(
        "Hi, where is my order A7X9?",
        [
            ScriptedReply(
                "Let me look that up in ACME's system.",
                [ToolCall("lookup_order", {"order_id": "A7X9"})],
            ),
            "Good news: order #A7X9 with your Tuolumne parka shipped on March 3, 2026, e.g. it "
            "should arrive in 3-5 days. The total was $1,249.99 for 3 items.",
        ],
    ),
    Turn(
        "Can I still change the delivery address?",
        [
            "Not for this one, i.e. it's already with the carrier. Call Siobhan at our "
            "Puyallup store, (555) 013-0199, between 9am and 5pm and she'll redirect it, etc. "
            "AcmePerks members get free returns."
        ],
    ),
    Turn("How many days is the return window?", [lambda ctx: answer_from_reference(ctx)]),
    Turn(
        "Do you ship to Canada, and are there import duties?",
        [lambda ctx: answer_from_reference(ctx)],
    ),
)


def demo_nodes() -> list[Node]:
    """The nodes the demo agent is composed of, in order along the data flow: the
    request-side nodes (retrieval, then trimming so the passage counts in the budget),
    then the text on its way to TTS (brand pronunciations, abbreviations, numbers)."""
    spoken = {"e.g.": "for example", "i.e.": "that is", "etc.": "and so on"}

    def expand(match: Any) -> str:
        # "etc." keeps its full stop when it ends a sentence (no punctuation follows)
        return spoken[match[0]] + ("." if match.lastgroup == "final" else "")

    return [
        RagInjector(
            BM25Index.from_folder(KNOWLEDGE_BASE),
            budget_ms=300,
            top_k=2,
            filler="Let me check that.",
            filler_after_ms=150,
            name="KnowledgeBase",
        ),
        ContextTrimmer(max_tokens=4000),
        PronunciationRewriter.load("acme-outfitters"),
        PatternRewriter(
            r"(?<![\w.])(?:e\.g\.|i\.e\.|etc\.(?=[,;:!?])|(?P<final>etc\.))",
            expand,
            name="Abbreviations",
        ),
        NumberNormalizer(lang="en"),
    ]


def answer_from_reference(chat_ctx: llm.ChatContext) -> str:
    """What the scripted LLM says to a knowledge-base question: the sentence of the
    injected passages that shares the most words with the question (so the answer
    really comes from what was retrieved), or an honest "not sure" without passages."""
    reference = find_reference(chat_ctx)
    question = next(
        (
            m.text_content or ""
            for m in reversed(chat_ctx.messages())
            if m.role == "user" and m is not reference
        ),
        "",
    )
    if reference is None:
        return "I'm not sure about that one. Let me connect you with a colleague."
    analyzer = Analyzer()
    asked = set(analyzer.terms(question))
    sentences = [
        sentence.strip()
        for passage in quoted_passages(reference)
        for sentence in passage.text.replace("\n", " ").split(". ")
        if sentence.strip()
    ]
    best = max(sentences, key=lambda sentence: len(asked & set(analyzer.terms(sentence))))
    return best if best.endswith(".") else best + "."


@dataclass
class TurnLog:
    """What one turn produced at each stage: one entry per LLM request / TTS stream."""

    llm: list[str] = field(default_factory=list)
    tts: list[str] = field(default_factory=list)
    rag: list[str] = field(default_factory=list)
    """The labels of the passages injected into the turn's first LLM request."""

    def clear(self) -> None:
        self.llm.clear()
        self.tts.clear()
        self.rag.clear()


class DemoAgent(Agent):
    """The demo's own agent: a tool, and overrides that record what passes through.

    Composition wraps the nodes around these overrides, so ``llm_node`` sees the raw
    LLM output and ``tts_node`` sees exactly the text TTS receives.
    """

    def __init__(self, log: TurnLog) -> None:
        super().__init__(instructions=INSTRUCTIONS)
        self.log = log

    @function_tool
    async def lookup_order(self, order_id: str) -> dict[str, Any]:
        """Look up an order by its id (e.g. "A7X9")."""
        return ORDERS.get(order_id.strip("#").upper(), {"status": "not found"})

    async def llm_node(
        self, chat_ctx: llm.ChatContext, tools: list[llm.Tool], model_settings: ModelSettings
    ) -> AsyncIterator[Any]:
        self.log.llm.append("")
        if not self.log.rag and (reference := find_reference(chat_ctx)) is not None:
            self.log.rag.extend(p.label for p in quoted_passages(reference))
        async for chunk in Agent.default.llm_node(self, chat_ctx, tools, model_settings):
            if isinstance(chunk, llm.ChatChunk) and chunk.delta and chunk.delta.content:
                self.log.llm[-1] += chunk.delta.content
            elif isinstance(chunk, str):
                self.log.llm[-1] += chunk
            yield chunk

    async def tts_node(
        self, text: AsyncIterable[str], model_settings: ModelSettings
    ) -> AsyncIterator[rtc.AudioFrame]:
        self.log.tts.append("")

        async def record(source: AsyncIterable[str]) -> AsyncIterator[str]:
            async for chunk in source:
                self.log.tts[-1] += chunk
                yield chunk

        async for frame in Agent.default.tts_node(self, record(text), model_settings):
            yield frame


def scripted_llm(script: Sequence[Turn]) -> ScriptedLLM:
    replies = [reply for turn in script for reply in turn.replies]

    def respond(chat_ctx: llm.ChatContext) -> str | ScriptedReply:
        if not replies:
            raise RuntimeError("the demo script has no reply left")
        reply = replies.pop(0)
        return reply(chat_ctx) if callable(reply) else reply

    return ScriptedLLM(respond, token_delay=0.0)


def openai_llm(model: str) -> llm.LLM[Any]:
    if not os.environ.get("OPENAI_API_KEY"):
        raise SystemExit("--llm openai needs OPENAI_API_KEY in the environment")
    try:
        import livekit.plugins.openai as lk_openai
    except ImportError as missing:
        raise SystemExit(
            '--llm openai needs the openai extra: pip install "voicenodes[openai]"'
        ) from missing
    plugin_llm: llm.LLM[Any] = lk_openai.LLM(model=model)
    return plugin_llm


async def run_demo(
    *,
    llm_choice: str = "scripted",
    model: str = "gpt-4o-mini",
    wav_path: str | None = "voicenodes-demo.wav",
    out: TextIO,
    script: Sequence[Turn] = SCRIPT,
) -> RecordedSession:
    """Run the scripted conversation and print each turn to ``out``."""
    log = TurnLog()
    agent_cls = compose(DemoAgent, *demo_nodes())
    if llm_choice == "openai":
        llm_model: llm.LLM[Any] = openai_llm(model)
        print(f"LLM: OpenAI {model}", file=out)
    else:
        llm_model = scripted_llm(script)
        print("LLM: scripted (no API key needed): replays recorded token streams", file=out)
    voice = LocalVoiceTTS() if wav_path and local_voice_available() else None
    print(
        "TTS: hibari-tts (local voice)"
        if voice
        else 'TTS: silent recorder (pip install "voicenodes[demo]" to hear the audio)',
        file=out,
    )
    print("nodes: " + ", ".join(node.name for node in demo_nodes()), file=out)

    async with start_recorded_session(
        agent_cls(log), llm_model=llm_model, tts_model=voice or RecordingTTS()
    ) as rec:
        for number, turn in enumerate(script, start=1):
            captions_before = len(rec.captions.segments)
            history_before = len(rec.history_texts())
            log.clear()
            await rec.session.run(user_input=turn.user)
            _print_turn(out, number, turn.user, log, rec, captions_before, history_before)
        if voice is not None and wav_path:
            write_wav(wav_path, rec.audio.frames)
            print(f"\naudio: {rec.audio.duration:.1f} s written to {wav_path}", file=out)
    return rec


def _print_turn(
    out: TextIO,
    number: int,
    user: str,
    log: TurnLog,
    rec: RecordedSession,
    captions_before: int,
    history_before: int,
) -> None:
    rows = [
        ("user", user),
        ("rag", " | ".join(log.rag) or "(no passages)"),
        ("llm", " | ".join(text for text in log.llm if text)),
        ("tts", " | ".join(text for text in log.tts if text)),
        ("captions", " | ".join(rec.captions.segments[captions_before:])),
        ("history", " | ".join(rec.history_texts()[history_before:])),
    ]
    print(f"\n── turn {number} " + "─" * 60, file=out)
    for label, text in rows:
        print(f"{label:>9}: {text}", file=out)


def write_wav(path: str, frames: Sequence[rtc.AudioFrame]) -> None:
    """Write mono 16-bit frames (one sample rate) to a WAV file."""
    if not frames:
        return
    with wave.open(path, "wb") as wav:
        wav.setnchannels(frames[0].num_channels)
        wav.setsampwidth(2)
        wav.setframerate(frames[0].sample_rate)
        for frame in frames:
            wav.writeframes(bytes(frame.data))


def main(llm_choice: str, model: str, wav_path: str | None, out: TextIO) -> int:
    logging.getLogger("livekit.agents").setLevel(logging.ERROR)
    asyncio.run(run_demo(llm_choice=llm_choice, model=model, wav_path=wav_path, out=out))
    return 0
