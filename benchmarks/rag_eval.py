"""Retrieval quality on the labelled questions about the demo knowledge base.

    python benchmarks/rag_eval.py            # markdown table: recall@1, recall@3, MRR@10

Each question in ``benchmarks/data/rag_questions.json`` names the section that answers
it (``source › heading path``); a hit is a passage with that label among the first k.
The indexes are built with their defaults (BM25 over 1,200-character chunks, MiniLM
over 800-character chunks); the analyzer variants show what stemming and stop words
change. The embedding rows need the ``embeddings`` extra; the Porter row needs ``nltk``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from voicenodes.nodes.rag import Analyzer, BM25Index, Passage

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_BASE = ROOT / "compositions" / "knowledge_base"
QUESTIONS = Path(__file__).resolve().parent / "data" / "rag_questions.json"

Search = Callable[[str, int], Sequence[Passage]]


@dataclass(frozen=True)
class Question:
    text: str
    answer: str
    kind: str


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Question(q["q"], q["a"], q["kind"]) for q in data["questions"]]


def rank_of_answer(search: Search, question: Question, depth: int = 10) -> int | None:
    """1-based rank of the first passage from the answering section, if in the top ``depth``."""
    for rank, passage in enumerate(search(question.text, depth), start=1):
        if passage.label == question.answer:
            return rank
    return None


def scores(search: Search, questions: Sequence[Question]) -> dict[str, float]:
    ranks = [rank_of_answer(search, q) for q in questions]
    n = len(questions)
    return {
        "recall@1": sum(r is not None and r <= 1 for r in ranks) / n,
        "recall@3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr@10": sum(1 / r for r in ranks if r is not None) / n,
    }


def retrievers() -> dict[str, Search]:
    found: dict[str, Search] = {
        "BM25 (default: English stop words, plural stemming)": BM25Index.from_folder(
            KNOWLEDGE_BASE
        ).search,
        "BM25, no stemming": BM25Index.from_folder(
            KNOWLEDGE_BASE, analyzer=Analyzer(stemmer=None)
        ).search,
        "BM25, no stop words, no stemming": BM25Index.from_folder(
            KNOWLEDGE_BASE, analyzer=Analyzer(stop_words=frozenset(), stemmer=None)
        ).search,
    }
    try:
        from nltk.stem import PorterStemmer

        found["BM25, Porter stemming (nltk)"] = BM25Index.from_folder(
            KNOWLEDGE_BASE, analyzer=Analyzer(stemmer=PorterStemmer().stem)
        ).search
    except ImportError:
        pass
    try:
        from voicenodes.nodes.rag.embeddings import EmbeddingIndex

        found["MiniLM embeddings (int8 ONNX)"] = EmbeddingIndex.from_folder(KNOWLEDGE_BASE).search
    except Exception as error:  # the extra is optional
        print(f"(embedding index skipped: {error})", file=sys.stderr)
    return found


def main() -> None:
    questions = load_questions()
    kinds = sorted({q.kind for q in questions})
    counts = ", ".join(f"{sum(q.kind == k for q in questions)} {k}" for k in kinds)
    print(f"{len(questions)} questions ({counts})\n")
    print(
        "| retriever | recall@1 | recall@3 | MRR@10 | "
        + " | ".join(f"recall@3 {k}" for k in kinds)
        + " |"
    )
    print("|---|---:|---:|---:|" + "---:|" * len(kinds))
    for name, search in retrievers().items():
        overall = scores(search, questions)
        by_kind = [scores(search, [q for q in questions if q.kind == k]) for k in kinds]
        print(
            f"| {name} | {overall['recall@1']:.2f} | {overall['recall@3']:.2f} | "
            f"{overall['mrr@10']:.2f} | "
            + " | ".join(f"{s['recall@3']:.2f}" for s in by_kind)
            + " |"
        )


if __name__ == "__main__":
    main()
