"""voicenodes against LiveKit's ``replace_words``, stream by stream, in turns.

On a shared machine another job's load comes and goes over seconds, and pytest-benchmark
times one row after the other: two rows of one run may see different loads. Here the
two transforms stream the same chunks in turns (which one goes first alternates), so
each pair sees the same load; the ratio of each pair is reported (median and quartiles),
with the median µs per chunk of each.

    python -m benchmarks.pronunciation_paired [PAIRS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import AsyncIterator

from benchmarks.bench_pronunciation import (
    CHUNKS,
    PLAIN_CHUNKS,
    Transform,
    brand_dictionary,
    replace_words_transform,
    voicenodes_transform,
)


async def _source(chunks: list[str]) -> AsyncIterator[str]:
    for chunk in chunks:
        yield chunk


def _stream_time(loop: asyncio.AbstractEventLoop, transform: Transform, chunks: list[str]) -> float:
    async def drain() -> None:
        async for _ in transform(_source(chunks)):
            pass

    start = time.process_time()
    loop.run_until_complete(drain())
    return (time.process_time() - start) * 1e6 / len(chunks)


def paired(size: int, chunks: list[str], pairs: int) -> str:
    dictionary = brand_dictionary(size)
    ours, theirs = voicenodes_transform(dictionary), replace_words_transform(dictionary)
    loop = asyncio.new_event_loop()
    times: dict[str, list[float]] = {"voicenodes": [], "replace_words": []}
    for turn in range(pairs):
        order = [("voicenodes", ours), ("replace_words", theirs)]
        for name, transform in order if turn % 2 else order[::-1]:
            times[name].append(_stream_time(loop, transform, chunks))
    loop.close()
    ratios = sorted(a / b for a, b in zip(times["voicenodes"], times["replace_words"], strict=True))
    q1, median, q3 = statistics.quantiles(ratios, n=4)
    return (
        f"voicenodes {statistics.median(times['voicenodes']):.2f} µs, "
        f"replace_words {statistics.median(times['replace_words']):.2f} µs per chunk; "
        f"ratio median {median:.2f} (quartiles {q1:.2f}-{q3:.2f}, "
        f"{sum(r < 1 for r in ratios)}/{pairs} pairs faster)"
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    for size in (10, 10_000):
        print(f"{size:>6,} entries, sample reply: {paired(size, CHUNKS, count)}")
    print(f"{10_000:>6,} entries, plain reply:  {paired(10_000, PLAIN_CHUNKS, count)}")
