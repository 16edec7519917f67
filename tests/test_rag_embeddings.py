"""The local embedding index: the MiniLM model itself, and the index around it."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from voicenodes.nodes.rag import Passage
from voicenodes.nodes.rag.embeddings import (
    EmbeddingIndex,
    EmbeddingModelError,
    MiniLMEmbedder,
    default_model_path,
    default_tokenizer_path,
)

from .rag_helpers import KNOWLEDGE_BASE


def model_installed() -> bool:
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401

        default_model_path()
        default_tokenizer_path()
    except (ImportError, EmbeddingModelError):
        return False
    return True


needs_model = pytest.mark.skipif(not model_installed(), reason="needs the embeddings extra")


class WordEmbedder(MiniLMEmbedder):
    """A stand-in model: one dimension per known word; records the calling thread."""

    WORDS = ("tent", "boot", "refund", "ship", "club")
    dimension = len(WORDS)
    model_id = "test-words"

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:  # type: ignore[override]
        self.threads.append(threading.current_thread().name)
        vectors = np.array(
            [[float(w in t.lower()) for w in self.WORDS] for t in texts], dtype=np.float32
        ).reshape(len(texts), self.dimension)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.clip(norms, 1e-12, None)


PASSAGES = [Passage("A tent for two."), Passage("Boots and a tent."), Passage("Refund rules.")]


async def test_index_ranks_by_cosine_and_queries_off_the_event_loop() -> None:
    embedder = WordEmbedder()
    index = EmbeddingIndex(PASSAGES, embedder=embedder, top_k=2)
    hits = await index("which tent?")
    assert [p.text for p in hits] == ["A tent for two.", "Boots and a tent."]
    assert hits[0].score == pytest.approx(1.0)
    assert embedder.threads[-1] != threading.current_thread().name
    assert index.search("   ") == [] and index.search("kayak", k=5)[0].score == 0.0


async def test_build_runs_in_a_thread_and_vectors_round_trip(tmp_path: Path) -> None:
    embedder = WordEmbedder()
    index = await EmbeddingIndex.build(PASSAGES, embedder=embedder)
    assert embedder.threads[0] != threading.current_thread().name
    index.save(tmp_path / "kb.npz")
    loaded = EmbeddingIndex.load(tmp_path / "kb.npz", embedder=embedder)
    assert loaded.passages == index.passages
    assert np.array_equal(loaded.vectors, index.vectors)
    with pytest.raises(ValueError, match="vectors of model 'test-words'"):
        EmbeddingIndex.load(tmp_path / "kb.npz", embedder=MiniLMEmbedder())
    with pytest.raises(ValueError, match="shape"):
        EmbeddingIndex(PASSAGES, embedder=embedder, vectors=np.zeros((2, 5), np.float32))


def test_missing_files_say_how_to_fix_it(tmp_path: Path) -> None:
    embedder = MiniLMEmbedder(
        model_path=tmp_path / "none.onnx", tokenizer_path=tmp_path / "none.json"
    )
    with pytest.raises(EmbeddingModelError, match=r"none\.json: not a tokenizer file"):
        embedder.load()


@needs_model
def test_minilm_vectors_are_unit_length_and_capture_paraphrase() -> None:
    embedder = MiniLMEmbedder()
    vectors = embedder.embed(
        [
            "When will my money come back?",
            "Refunds reach your card within 5 to 10 business days.",
            "Our stores open at 10 am.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1
    again = embedder.embed(["When will my money come back?"])
    assert np.allclose(again[0], vectors[0], atol=1e-5)  # batch-independent


@needs_model
def test_minilm_index_finds_answers_that_share_no_words_with_the_question() -> None:
    index = EmbeddingIndex.from_folder(KNOWLEDGE_BASE, top_k=3)
    hits = index.search("my tent pole snapped in half")
    assert hits[0].label == "warranty.md › Warranty and repairs › Tent pole replacement"
