"""Keyword retrieval: text analysis and BM25 scoring against a direct implementation."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.nodes.rag import Analyzer, BM25Index, Passage, english_minimal_stem

from .rag_helpers import KNOWLEDGE_BASE


def test_analyzer_folds_case_and_accents_and_drops_stop_words() -> None:
    terms = Analyzer().terms("The CAFÉ's Crème Brûlée — Straße, and 30 naïve boxes!")
    assert terms == ["cafe", "creme", "brulee", "strasse", "30", "naive", "box"]


def test_analyzer_keeps_words_as_written_when_told() -> None:
    plain = Analyzer(stop_words=frozenset(), stemmer=None, fold_accents=False)
    assert plain.terms("The Cafés are open") == ["the", "cafés", "are", "open"]


def test_analyzer_cuts_chinese_and_japanese_into_bigrams() -> None:
    assert Analyzer().terms("退货政策") == ["退货", "货政", "政策"]
    assert Analyzer().terms("返品はできますか") == [
        "返品", "品は", "はで", "でき", "きま", "ます", "すか",
    ]  # fmt: skip
    assert Analyzer().terms("GPS端末 x") == ["gps", "端末", "x"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("policies", "policy"),
        ("returns", "return"),
        ("boxes", "box"),
        ("watches", "watch"),
        ("cases", "case"),
        ("shoes", "shoes"),
        ("days", "day"),
        ("glass", "glass"),
        ("bus", "bus"),
        ("is", "is"),
    ],
)
def test_english_minimal_stem_only_strips_plurals(word: str, stem: str) -> None:
    assert english_minimal_stem(word) == stem


def reference_bm25(
    docs: list[list[str]], query: list[str], k1: float = 1.2, b: float = 0.75
) -> list[float]:
    """BM25 straight from the formula, in float64."""
    n = len(docs)
    average = sum(len(d) for d in docs) / n
    df = Counter(term for d in docs for term in set(d))
    scores = []
    for doc in docs:
        tf = Counter(doc)
        score = 0.0
        for term, count in Counter(query).items():
            if tf[term] == 0:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            norm = tf[term] + k1 * (1 - b + b * len(doc) / average)
            score += count * idf * tf[term] * (k1 + 1) / norm
        scores.append(score)
    return scores


WORDS = st.sampled_from(["alpha", "beta", "gamma", "tent", "boot", "refund", "window", "ship"])
PLAIN = Analyzer(stop_words=frozenset(), stemmer=None)


@settings(max_examples=150, deadline=None)
@given(
    docs=st.lists(st.lists(WORDS, min_size=1, max_size=12), min_size=1, max_size=25),
    query=st.lists(WORDS, min_size=1, max_size=5),
    k=st.integers(1, 6),
)
def test_scores_and_ranking_match_the_formula(
    docs: list[list[str]], query: list[str], k: int
) -> None:
    index = BM25Index([Passage(" ".join(d), id=str(i)) for i, d in enumerate(docs)], analyzer=PLAIN)
    expected = reference_bm25(docs, query)
    hits = index.search(" ".join(query), k)
    positive = sorted((s for s in expected if s > 0), reverse=True)
    assert len(hits) == min(k, len(positive))
    for hit in hits:
        assert hit.score == pytest.approx(expected[int(hit.id)], rel=1e-4)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    if hits and len(positive) > len(hits):  # nothing left out scores better
        assert positive[len(hits)] <= scores[-1] * (1 + 1e-4)


def test_no_shared_term_returns_nothing_and_ties_keep_index_order() -> None:
    index = BM25Index([Passage("red tent"), Passage("blue tent"), Passage("green boot")])
    assert index.search("kayak") == []
    assert [p.text for p in index.search("tent")] == ["red tent", "blue tent"]


async def test_large_indexes_search_in_a_thread_with_the_same_result() -> None:
    passages = [Passage(f"tent number {i} with {i % 7} poles") for i in range(200)]
    inline = BM25Index(passages, top_k=5)
    threaded = BM25Index(passages, top_k=5, offload_above=10)
    assert await threaded("tent with 3 poles") == await inline("tent with 3 poles")


def test_index_from_the_bundled_knowledge_base() -> None:
    index = BM25Index.from_folder(KNOWLEDGE_BASE, top_k=3)
    assert len(index) > 30
    [best, *_] = index.search("How much is it to rent a kayak for a day?")
    assert best.label == "stores-and-services.md › Stores and services › Rentals"


def test_invalid_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="k1"):
        BM25Index([], b=2.0)
    with pytest.raises(ValueError, match="top_k"):
        BM25Index([], top_k=0)
    assert BM25Index([]).search("anything") == []
