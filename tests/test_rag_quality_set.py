"""The labelled retrieval set stays valid: every answer is a section of the knowledge base."""

from __future__ import annotations

from benchmarks import rag_eval
from voicenodes.nodes.rag import BM25Index

from .rag_helpers import KNOWLEDGE_BASE


def test_every_labelled_answer_is_a_section_of_the_knowledge_base() -> None:
    questions = rag_eval.load_questions()
    labels = {p.label for p in BM25Index.from_folder(KNOWLEDGE_BASE).passages}
    assert len(questions) >= 40
    assert {q.kind for q in questions} == {"direct", "paraphrase"}
    assert [q.answer for q in questions if q.answer not in labels] == []
    assert len({q.text for q in questions}) == len(questions)


def test_the_scoring_counts_ranks() -> None:
    index = BM25Index.from_folder(KNOWLEDGE_BASE)
    question = rag_eval.Question(
        "How much does it cost to rent a kayak?",
        "stores-and-services.md › Stores and services › Rentals",
        "direct",
    )
    assert rag_eval.rank_of_answer(index.search, question) == 1
    result = rag_eval.scores(index.search, [question])
    assert result == {"recall@1": 1.0, "recall@3": 1.0, "mrr@10": 1.0}
