"""An in-process keyword index: Okapi BM25 over passages, no extra dependencies.

Build once (at start-up), query many times::

    index = BM25Index(passages)                 # or BM25Index.from_folder("kb/")
    hits = await index("how long do refunds take")

Scoring is Okapi BM25 with Lucene's always-positive idf,
``log(1 + (N - df + 0.5) / (df + 0.5))``, and the per-document term weights
``tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg_len))`` computed at build time, so
a query costs one vectorised add per query term over that term's postings (numpy,
which ``livekit-agents`` already depends on) plus a top-k selection.

Querying a 10,000-passage index takes well under a millisecond (see
``docs/benchmarks.md``), so small indexes answer inline; above
``offload_above`` passages the search runs in a thread to keep the event loop free.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .analysis import Analyzer
from .loading import load_passages
from .passage import Passage


class BM25Index:
    """Okapi BM25 over a fixed set of passages; a :class:`~.passage.Retriever`.

    Args:
        passages: the passages to index (their ``title`` and ``text`` are searched).
        k1: term-frequency saturation (Lucene's default 1.2).
        b: length normalisation (0.75).
        top_k: how many passages a call returns at most.
        analyzer: how text becomes terms; the same analyzer handles queries.
        offload_above: indexes with more passages search in a thread.
    """

    def __init__(
        self,
        passages: Iterable[Passage],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        top_k: int = 10,
        analyzer: Analyzer | None = None,
        offload_above: int = 50_000,
    ) -> None:
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        self.passages: tuple[Passage, ...] = tuple(passages)
        self.k1, self.b, self.top_k = k1, b, top_k
        self.analyzer = analyzer or Analyzer()
        self.offload_above = offload_above
        self._postings = self._build()

    @classmethod
    def from_folder(
        cls,
        folder: str | Path,
        *,
        max_chars: int = 1200,
        overlap: int = 200,
        patterns: Sequence[str] = ("*.md", "*.markdown", "*.txt"),
        **options: object,
    ) -> BM25Index:
        """Index every Markdown / text file under ``folder``, chunked with
        :func:`~.chunking.chunk_markdown` / :func:`~.chunking.chunk_text`."""
        passages = load_passages(folder, max_chars=max_chars, overlap=overlap, patterns=patterns)
        return cls(passages, **options)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self.passages)

    def __repr__(self) -> str:
        return f"<BM25Index passages={len(self)} terms={len(self._postings)}>"

    async def __call__(self, query: str) -> list[Passage]:
        if len(self.passages) > self.offload_above:
            return await asyncio.to_thread(self.search, query)
        return self.search(query)

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        """The ``k`` (default ``top_k``) best passages for ``query``, best first, with
        their BM25 scores; passages sharing no term with the query are never returned."""
        k = self.top_k if k is None else k
        weights = Counter(self.analyzer.terms(query))
        matched = [(self._postings[t], n) for t, n in weights.items() if t in self._postings]
        if not matched or k < 1:
            return []
        scores = np.zeros(len(self.passages), dtype=np.float32)
        for (docs, term_weights, idf), count in matched:
            scores[docs] += (idf * count) * term_weights
        candidates = np.flatnonzero(scores)
        if len(candidates) > k:
            candidates = candidates[np.argpartition(scores[candidates], -k)[-k:]]
        # best first; equal scores keep index order, so results are deterministic
        order = sorted(candidates.tolist(), key=lambda i: (-scores[i], i))
        return [self.passages[i].scored(float(scores[i])) for i in order]

    def _build(self) -> dict[str, tuple[npt.NDArray[np.int32], npt.NDArray[np.float32], float]]:
        lengths: list[int] = []
        by_term: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for doc, passage in enumerate(self.passages):
            counts = Counter(self.analyzer.terms(passage.indexed_text))
            lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                by_term[term].append((doc, tf))
        count = len(self.passages)
        average = (sum(lengths) / count) if count else 0.0
        norm = np.asarray(lengths, dtype=np.float32) / (average or 1.0)
        postings = {}
        for term, pairs in by_term.items():
            docs = np.fromiter((d for d, _ in pairs), dtype=np.int32, count=len(pairs))
            freqs = np.fromiter((f for _, f in pairs), dtype=np.float32, count=len(pairs))
            denominator = freqs + self.k1 * (1 - self.b + self.b * norm[docs])
            term_weights = (freqs * (self.k1 + 1) / denominator).astype(np.float32)
            idf = math.log(1 + (count - len(pairs) + 0.5) / (len(pairs) + 0.5))
            postings[term] = (docs, term_weights, idf)
        return postings
