"""RAG: injection overhead per request, and query time of the built-in indexes.

- ``request: rag injection`` — one ``llm_input`` call on a realistic request context
  (instructions, ten turns, a tool call; ~8 KB), excluding retrieval: the floor is a
  no-op ``llm_input``; LiveKit's documented way (a message added to ``turn_ctx`` in
  ``on_user_turn_completed``) is measured without its retrieval too. ``cached`` is the
  steady state (the final run / tool follow-up step of a turn: the lookup is done);
  ``instant retriever`` starts a new lookup for a new question each call.
- ``query: bm25 …`` / ``query: minilm …`` — one search over 10,000 generated passages
  (sentences of the demo knowledge base with products, numbers and codes varied, 3-6
  sentences each). The floors are the query's fixed costs (analysis; embedding the
  query). ``rank_bm25`` is the common pure-Python BM25 package, same analyzer.

Smoke mode (the test run) uses 300 passages (40 for MiniLM); full runs embed the 10,000
passages once (several minutes on two cores) and keep the vectors in ``.benchmarks/``.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import random
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from livekit.agents import Agent, llm

from voicenodes.nodes import Node
from voicenodes.nodes.rag import BM25Index, Passage, RagInjector, find_reference, load_passages

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_BASE = ROOT / "compositions" / "knowledge_base"
CACHE = ROOT / ".benchmarks"
QUERIES = [
    "How long do I have to return hiking boots?",
    "When will my refund reach my credit card?",
    "Do you ship kayaks to Canada, and who pays the duties?",
    "My tent pole snapped, can I get a replacement section?",
    "Can I pay for a 900 dollar order in instalments?",
    "What does the lifetime guarantee cover on backpack zippers?",
    "Are stores open on Sunday afternoon?",
    "How many points do I earn per dollar in the club?",
]


# -- a realistic request context --------------------------------------------------------


def request_context(question: str = QUERIES[0]) -> llm.ChatContext:
    ctx = llm.ChatContext.empty()
    ctx.add_message(
        role="system",
        content="You are Ava, the voice assistant of Acme Outfitters. " * 12,
    )
    for turn in range(10):
        ctx.add_message(role="user", content=f"Question {turn} about my order and returns? " * 3)
        ctx.add_message(
            role="assistant", content=f"Answer {turn}: here is what our policy says. " * 8
        )
    ctx.items.append(
        llm.FunctionCall(call_id="c1", name="lookup_order", arguments='{"order_id": "A7X9"}')
    )
    ctx.items.append(
        llm.FunctionCallOutput(
            call_id="c1", name="lookup_order", output='{"status": "shipped"}', is_error=False
        )
    )
    ctx.add_message(role="user", content=question)
    return ctx


class CallBench:
    """Times ``count`` awaited calls per benchmarked round, on a private loop."""

    def __init__(self, benchmark: Any) -> None:
        self.benchmark = benchmark
        self.loop = asyncio.new_event_loop()

    def __call__(self, call: Callable[[int], Awaitable[object]], count: int) -> None:
        async def run() -> None:
            for i in range(count):
                await call(i)

        self.benchmark.extra_info["items"] = count
        self.benchmark(lambda: self.loop.run_until_complete(run()))


@pytest.fixture
def call_bench(benchmark: Any) -> Iterator[CallBench]:
    bench = CallBench(benchmark)
    yield bench
    bench.loop.close()


class NoOp(Node):
    async def llm_input(self, chat_ctx: llm.ChatContext, agent: Agent) -> None:
        return None


AGENT = Agent(instructions="x")
KB_INDEX = BM25Index.from_folder(KNOWLEDGE_BASE)


@pytest.mark.benchmark(group="request: rag injection")
def bench_injection_floor(call_bench: CallBench) -> None:
    ctx, node = request_context(), NoOp()
    call_bench(lambda i: node.llm_input(ctx, AGENT), 1000)


@pytest.mark.benchmark(group="request: rag injection")
def bench_injection_livekit_docs_turn_ctx_message(call_bench: CallBench) -> None:
    ctx = request_context()
    passages = KB_INDEX.search(QUERIES[0], 3)

    async def documented_way(i: int) -> None:  # minus the retrieval it awaits
        text = "\n".join(p.text for p in passages)
        ctx.add_message(role="assistant", content=f"Additional information: {text}")
        ctx.items.pop()

    call_bench(documented_way, 1000)


@pytest.mark.benchmark(group="request: rag injection")
def bench_injection_rag_cached(call_bench: CallBench) -> None:
    ctx, node = request_context(), RagInjector(KB_INDEX)
    call_bench(lambda i: node.llm_input(ctx, AGENT), 1000)
    assert find_reference(ctx) is not None and len(ctx.items) == len(request_context().items) + 1


@pytest.mark.benchmark(group="request: rag injection")
def bench_injection_rag_instant_retriever(call_bench: CallBench) -> None:
    ctx = request_context()
    passages = KB_INDEX.search(QUERIES[1], 3)

    async def instant(query: str) -> list[Passage]:
        return passages

    node = RagInjector(instant)
    user = ctx.items[-1]
    assert isinstance(user, llm.ChatMessage)

    async def new_question(i: int) -> None:
        user.content = [f"{QUERIES[1]} ({i})"]  # a new query: a new lookup every call
        await node.llm_input(ctx, AGENT)

    call_bench(new_question, 500)
    assert find_reference(ctx) is not None


# -- indexes over many passages ------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d+")
_PRODUCT_WORDS = (
    "tent jacket boots kayak canoe backpack headlamp stove sleeping-bag helmet snowshoes "
    "paddle-board fleece parka trail-runner rope harness carabiner bike pannier cooler "
    "hammock tarp trekking-pole gaiters beanie gloves sunglasses compass GPS filter"
)
_BRAND_WORDS = "Acme Summit Ridgeline Northfork Talus Cascade Boreal Juniper Granite"
PRODUCTS = tuple(_PRODUCT_WORDS.split())
BRANDS = tuple(_BRAND_WORDS.split())


def synthetic_passages(count: int, seed: int = 7) -> list[Passage]:
    """Catalogue-like passages: knowledge-base sentences with products, numbers and
    model codes varied, so the vocabulary and term statistics look like a real store's."""
    rng = random.Random(seed)
    sentences = [s for p in load_passages(KNOWLEDGE_BASE) for s in _SENTENCE.split(p.text)]
    known = {"tent", "tents", "boots", "kayak", "kayaks", "jacket", "helmet", "headlamps"}

    def vary(sentence: str) -> str:
        words = [
            rng.choice(PRODUCTS) if w.lower().strip(",.") in known else w for w in sentence.split()
        ]
        text = " ".join(words)
        return _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()))), text)

    passages = []
    for i in range(count):
        code = f"{rng.choice('ABCDEFGHKLMX')}-{rng.randint(100, 9999)}"
        product = f"{rng.choice(BRANDS)} {rng.choice(PRODUCTS)} {code}"
        body = " ".join(vary(rng.choice(sentences)) for _ in range(rng.randint(3, 6)))
        passages.append(Passage(body, source=f"catalog/{i // 100:03d}.md", title=product))
    return passages


def corpus_size(benchmark: Any, smoke: int = 300) -> int:
    return smoke if benchmark.disabled else 10_000


@pytest.mark.benchmark(group="query: bm25 over generated passages")
def bench_bm25_floor_query_analysis(benchmark: Any) -> None:
    index = BM25Index(synthetic_passages(corpus_size(benchmark)))
    benchmark.extra_info.update(items=len(QUERIES), passages=len(index))
    benchmark(lambda: [index.analyzer.terms(q) for q in QUERIES])


@pytest.mark.benchmark(group="query: bm25 over generated passages")
def bench_bm25_search(benchmark: Any) -> None:
    index = BM25Index(synthetic_passages(corpus_size(benchmark)))
    benchmark.extra_info.update(items=len(QUERIES), passages=len(index))
    results = benchmark(lambda: [index.search(q, 3) for q in QUERIES])
    assert all(len(hits) == 3 for hits in results)


@pytest.mark.benchmark(group="query: bm25 over generated passages")
def bench_bm25_rank_bm25_package(benchmark: Any) -> None:
    rank_bm25 = pytest.importorskip("rank_bm25")
    passages = synthetic_passages(corpus_size(benchmark))
    index = BM25Index(passages)
    okapi = rank_bm25.BM25Okapi([index.analyzer.terms(p.indexed_text) for p in passages])
    benchmark.extra_info.update(items=len(QUERIES), passages=len(passages))
    results = benchmark(
        lambda: [okapi.get_top_n(index.analyzer.terms(q), passages, n=3) for q in QUERIES]
    )
    assert all(len(hits) == 3 for hits in results)


@functools.cache
def embedding_index(count: int) -> Any:
    embeddings = pytest.importorskip("voicenodes.nodes.rag.embeddings")
    try:
        embedder = embeddings.MiniLMEmbedder()
        embedder.load()
    except embeddings.EmbeddingModelError as error:
        pytest.skip(str(error))
    passages = synthetic_passages(count)
    key = hashlib.blake2b("\n".join(p.id for p in passages).encode(), digest_size=6).hexdigest()
    cached = CACHE / f"rag-minilm-{count}-{key}.npz"
    if cached.exists():
        return embeddings.EmbeddingIndex.load(cached, embedder=embedder)
    index = embeddings.EmbeddingIndex(passages, embedder=embedder)
    if count > 1000:
        CACHE.mkdir(exist_ok=True)
        index.save(cached)
    return index


@pytest.mark.benchmark(group="query: minilm over generated passages")
def bench_minilm_floor_embed_query(benchmark: Any) -> None:
    index = embedding_index(corpus_size(benchmark, smoke=40))
    benchmark.extra_info.update(items=len(QUERIES), passages=len(index))
    benchmark(lambda: [index.embedder.embed([q]) for q in QUERIES])


@pytest.mark.benchmark(group="query: minilm over generated passages")
def bench_minilm_search(benchmark: Any) -> None:
    index = embedding_index(corpus_size(benchmark, smoke=40))
    benchmark.extra_info.update(items=len(QUERIES), passages=len(index))
    results = benchmark(lambda: [index.search(q, 3) for q in QUERIES])
    assert all(len(hits) == 3 for hits in results)


@pytest.mark.benchmark(group="query: minilm over generated passages")
def bench_minilm_similarity_only(benchmark: Any) -> None:
    index = embedding_index(corpus_size(benchmark, smoke=40))
    vectors = index.embedder.embed(QUERIES)
    benchmark.extra_info.update(items=len(QUERIES), passages=len(index))

    def top3() -> list[Any]:
        return [np.argpartition(np.einsum("ij,j->i", index.vectors, v), -3)[-3:] for v in vectors]

    assert all(len(best) == 3 for best in benchmark(top3))
