"""Number normalisation: per chunk while streaming, per sentence against NeMo.

- ``text chunk: numbers (digits)`` / ``(no digits)``: ``NumberNormalizer`` on the
  ``tts_input`` path over 2,000 LLM-like chunks of a reply with numbers
  (``SAMPLE_REPLY``) and of one without (``PLAIN_REPLY``), against the pass-through
  floor.
- ``sentence: numbers``: whole sentences through ``NumberNormalizer.rewrite``,
  NeMo-text-processing's English normaliser (the optional ``nemo`` extra; skipped when
  absent) and a naive baseline that runs ``num2words`` on every digit run.

NeMo compiles its grammars once (~30 s) and caches them in
``$VOICENODES_NEMO_CACHE`` (default ``.benchmarks/nemo-grammars``, git-ignored).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

import pytest
import regex
from num2words import num2words

from voicenodes.compositions.pipeline import stream_pipeline
from voicenodes.nodes import NumberNormalizer

from .conftest import PLAIN_REPLY, SAMPLE_REPLY, StreamBench, llm_chunks, passthrough

NODE = NumberNormalizer("en")
DIGIT_CHUNKS = llm_chunks(SAMPLE_REPLY)
PLAIN_CHUNKS = llm_chunks(PLAIN_REPLY)
SENTENCES = [
    *(s.strip() + "." for s in SAMPLE_REPLY.split(". ") if s.strip()),
    "Your appointment is on 03/14/2026 at 10:30 am, and the copay is $25.",
    "The package weighs 2.5 kg and measures 30x20 cm; tracking number 1Z999AA10123456784.",
    PLAIN_REPLY.split(". ")[0] + ".",
]
NEMO_CACHE = os.environ.get("VOICENODES_NEMO_CACHE", ".benchmarks/nemo-grammars")

_DIGIT_RUN = regex.compile(r"\d+(?:\.\d+)?")


def naive_num2words(text: str) -> str:
    """The baseline: every digit run through num2words, nothing else understood."""
    return _DIGIT_RUN.sub(lambda m: str(num2words(float(m[0]) if "." in m[0] else int(m[0]))), text)


def _bench_sentences(benchmark: Any, normalize: Callable[[str], str]) -> list[str]:
    benchmark.extra_info["items"] = len(SENTENCES)
    result: list[str] = benchmark(lambda: [normalize(s) for s in SENTENCES])
    return result


@pytest.mark.benchmark(group="text chunk: numbers (digits)")
def bench_chunk_floor(stream_bench: StreamBench) -> None:
    assert len(stream_bench(passthrough, DIGIT_CHUNKS)) == len(DIGIT_CHUNKS)


@pytest.mark.benchmark(group="text chunk: numbers (digits)")
def bench_chunk_numbers(stream_bench: StreamBench) -> None:
    out = "".join(stream_bench(stream_pipeline("tts_input", [NODE]), DIGIT_CHUNKS))
    assert out == NODE.rewrite("".join(DIGIT_CHUNKS))
    assert "twelve" not in out and "one thousand two hundred forty-nine dollars" in out


@pytest.mark.benchmark(group="text chunk: numbers (no digits)")
def bench_plain_chunk_floor(stream_bench: StreamBench) -> None:
    assert len(stream_bench(passthrough, PLAIN_CHUNKS)) == len(PLAIN_CHUNKS)


@pytest.mark.benchmark(group="text chunk: numbers (no digits)")
def bench_plain_chunk_numbers(stream_bench: StreamBench) -> None:
    out = "".join(stream_bench(stream_pipeline("tts_input", [NODE]), PLAIN_CHUNKS))
    assert out == "".join(PLAIN_CHUNKS)


@pytest.mark.benchmark(group="sentence: numbers")
def bench_sentence_voicenodes(benchmark: Any) -> None:
    out = _bench_sentences(benchmark, NODE.rewrite)
    assert "March third, twenty twenty-six" in out[0]


@pytest.mark.benchmark(group="sentence: numbers")
def bench_sentence_naive_num2words(benchmark: Any) -> None:
    out = _bench_sentences(benchmark, naive_num2words)
    assert "one thousand, two hundred and forty-nine" not in " ".join(out)  # "$1,249.99" is misread


@pytest.fixture(scope="module")
def nemo() -> Any:
    normalize = pytest.importorskip("nemo_text_processing.text_normalization.normalize")
    logging.getLogger("NeMo-text-processing").setLevel(logging.ERROR)
    os.makedirs(NEMO_CACHE, exist_ok=True)
    return normalize.Normalizer(input_case="cased", lang="en", cache_dir=NEMO_CACHE)


@pytest.mark.benchmark(group="sentence: numbers")
def bench_sentence_nemo(benchmark: Any, nemo: Any) -> None:
    out = _bench_sentences(benchmark, lambda s: str(nemo.normalize(s, punct_post_process=True)))
    assert "march third" in out[0].lower()
