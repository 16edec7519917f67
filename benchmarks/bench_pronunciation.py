"""Pronunciation rewriting per LLM chunk, beside LiveKit's built-ins, at 10 to 10,000 entries.

Rows per dictionary size (one group each):

- *floor*: one pass-through async generator over the same chunks;
- ``voicenodes``: :class:`PronunciationRewriter` as a ``tts_input`` text node;
- ``livekit_replace``: ``livekit.agents.voice.transcription.text_transforms.replace()``
  (substring matching: it also rewrites inside words, so its output differs);
- ``livekit_replace_words``: ``livekit.agents.tokenize.utils.replace_words``.

All rows stream the same LLM-like chunks (``llm_chunks``) through the same dictionary.
``held_max`` / ``held_mean`` (extra info) are the characters each transform holds back
after a chunk, measured outside the timed runs with aliases as long as their keys, so
that characters in minus characters out is what is held.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterable, AsyncIterator, Callable
from typing import Any

import pytest
from livekit.agents.tokenize.utils import replace_words
from livekit.agents.voice.transcription.text_transforms import replace

from voicenodes.compositions.pipeline import stream_pipeline
from voicenodes.nodes import PronunciationRewriter, load_dictionary

from .conftest import PLAIN_REPLY, StreamBench, llm_chunks, passthrough

SIZES = (10, 1_000, 5_000, 10_000)
CHUNKS = llm_chunks()  # 2,000 chunks
FEW_CHUNKS = CHUNKS[:200]  # for replace() at 1,000+ entries, which costs ms per chunk

# the words of the sample reply that a brand dictionary would hold, first in every size
SAMPLE_KEYS = {
    "LiveKit": "Live Kit",
    "AI": "A.I.",
    "e-mail": "email",
    "Monday": "Mon-day",
    "Friday": "Fry-day",
    "agents": "agents",
    "questions": "questions",
    "business days": "business days",
}
_SYLLABLES = ["ka", "zo", "rb", "lax", "mi", "tu", "qua", "ven", "dor", "pli", "xo", "ster",
              "gra", "fen", "bo", "ly", "neth", "cor", "is", "ta"]  # fmt: skip


def brand_dictionary(size: int) -> dict[str, str]:
    """``size`` entries: the sample's words, the bundled examples, then made-up brand
    words (one in ten a two-word phrase, one in ten an acronym), deterministically."""
    entries = dict(SAMPLE_KEYS)
    for name in ("tech", "acme-outfitters"):
        for entry in load_dictionary(name).entries:
            if entry.alias:
                entries.setdefault(entry.written[0], entry.alias)
    rng = random.Random(size)
    while len(entries) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        roll = rng.random()
        if roll < 0.1:
            word += " " + "".join(rng.choice(_SYLLABLES) for _ in range(2))
        elif roll < 0.2:
            word = "".join(rng.choice("BCDFGKMPSTXZ") for _ in range(rng.randint(2, 4)))
        entries.setdefault(word, word.lower() + " alias")
    return dict(list(entries.items())[:size])


Transform = Callable[[AsyncIterable[str]], AsyncIterable[str]]


def voicenodes_transform(dictionary: dict[str, str]) -> Transform:
    pipeline = stream_pipeline("tts_input", [PronunciationRewriter(dictionary)])
    assert pipeline is not None
    return pipeline


def replace_words_transform(dictionary: dict[str, str]) -> Transform:
    def transform(stream: AsyncIterable[str]) -> AsyncIterable[str]:
        return replace_words(text=stream, replacements=dictionary)

    return transform


IMPLEMENTATIONS: dict[str, Callable[[dict[str, str]], Transform]] = {
    "voicenodes": voicenodes_transform,
    "livekit_replace": replace,
    "livekit_replace_words": replace_words_transform,
}


def held_back(make: Callable[[dict[str, str]], Transform], size: int) -> dict[str, float]:
    """Characters held after each chunk, with same-length aliases (in - out = held)."""
    same_length = {key: "~" * len(key) for key in brand_dictionary(size)}
    transform = make(same_length)
    chunks = FEW_CHUNKS
    held: list[int] = []
    emitted = 0

    async def source() -> AsyncIterator[str]:
        fed = 0
        for chunk in chunks:
            if fed:
                held.append(fed - emitted)
            fed += len(chunk)
            yield chunk

    async def drain() -> None:
        nonlocal emitted
        async for out in transform(source()):
            emitted += len(out)

    asyncio.run(drain())
    return {"held_max": max(held), "held_mean": round(sum(held) / len(held), 2)}


def _run(stream_bench: StreamBench, benchmark: Any, name: str, size: int) -> list[Any]:
    make = IMPLEMENTATIONS[name]
    chunks = FEW_CHUNKS if name == "livekit_replace" and size >= 1_000 else CHUNKS
    benchmark.extra_info.update(held_back(make, size))
    return stream_bench(make(brand_dictionary(size)), chunks)


@pytest.mark.parametrize("size", SIZES)
def bench_pronunciation_floor(stream_bench: StreamBench, benchmark: Any, size: int) -> None:
    benchmark.group = f"text chunk: pronunciation, {size:,} entries"
    assert len(stream_bench(passthrough, CHUNKS)) == len(CHUNKS)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(IMPLEMENTATIONS))
def bench_pronunciation(stream_bench: StreamBench, benchmark: Any, name: str, size: int) -> None:
    if size == 5_000 and name == "livekit_replace_words":
        pytest.skip("5,000 entries is the replace() comparison point only")
    benchmark.group = f"text chunk: pronunciation, {size:,} entries"
    out = "".join(_run(stream_bench, benchmark, name, size))
    if name == "voicenodes":
        assert "Live Kit's agents" in out and "the A.I. assistant" in out
        assert "Mon-day to Fry-day" in out


PLAIN_CHUNKS = llm_chunks(PLAIN_REPLY)
PLAIN_GROUP = "text chunk: pronunciation, 10,000 entries, a reply with no dictionary word"


def bench_pronunciation_plain_reply_floor(stream_bench: StreamBench, benchmark: Any) -> None:
    benchmark.group = PLAIN_GROUP
    assert len(stream_bench(passthrough, PLAIN_CHUNKS)) == len(PLAIN_CHUNKS)


@pytest.mark.parametrize("name", ["voicenodes", "livekit_replace_words"])
def bench_pronunciation_plain_reply(stream_bench: StreamBench, benchmark: Any, name: str) -> None:
    """The steady state: LLM text in which no dictionary word occurs."""
    benchmark.group = PLAIN_GROUP
    transform = IMPLEMENTATIONS[name](brand_dictionary(10_000))
    assert "".join(stream_bench(transform, PLAIN_CHUNKS)) == "".join(PLAIN_CHUNKS)
