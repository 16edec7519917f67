"""Which retrieved passages go into a request: relevance, novelty and size.

In order: passages under ``min_score`` are dropped; duplicates (same id, or same text)
keep their first, best-ranked copy; passages already injected earlier in the context
(persisted reference messages) or whose text is already in the context (a tool result,
an earlier answer quoting it) are dropped; the best ``top_k`` remain (and as many of
the late passages of an earlier question, after them); then passages are
taken in rank order while the token cap allows (one that does not fit is skipped, so a
shorter one further down may still fit). If not even the best passage fits, it is cut
at a sentence or word boundary to the cap, so a too-small cap degrades to a shorter
quote rather than to nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import regex

from .passage import Passage
from .tokens import estimate_tokens

_SENTENCE_END = regex.compile(r"(?<=[.!?…。！？])\s")
_SPACE = regex.compile(r"\s")
ELLIPSIS = "…"


@dataclass(frozen=True)
class Selection:
    """How passages are chosen (see the module docstring)."""

    top_k: int = 3
    min_score: float | None = None
    max_tokens: int | None = 600
    count_tokens: Callable[[str], int] = estimate_tokens

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {self.top_k}")
        if self.max_tokens is not None and self.max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1 (or None), got {self.max_tokens}")

    def choose(
        self,
        candidates: Iterable[Passage],
        *,
        carried: Iterable[Passage] = (),
        exclude_ids: set[str] | frozenset[str] = frozenset(),
        context_text: str = "",
    ) -> list[Passage]:
        """The passages to inject, best first: up to ``top_k`` of ``candidates``, then
        up to ``top_k`` of ``carried`` (late passages of an earlier question), all
        within the token cap."""
        seen_ids: set[str] = set(exclude_ids)
        seen_texts: set[str] = set()
        fresh = self._novel(candidates, seen_ids, seen_texts, context_text)
        fresh += self._novel(carried, seen_ids, seen_texts, context_text)
        return self._within_cap(fresh)

    def _novel(
        self,
        passages: Iterable[Passage],
        seen_ids: set[str],
        seen_texts: set[str],
        context_text: str,
    ) -> list[Passage]:
        kept: list[Passage] = []
        for passage in passages:
            if self.min_score is not None and passage.score < self.min_score:
                continue
            text = passage.text.strip()
            if not text or passage.id in seen_ids or text in seen_texts:
                continue
            seen_ids.add(passage.id)
            seen_texts.add(text)
            if context_text and text in context_text:
                continue
            kept.append(passage)
            if len(kept) == self.top_k:
                break
        return kept

    def _within_cap(self, passages: list[Passage]) -> list[Passage]:
        if self.max_tokens is None or not passages:
            return passages
        chosen: list[Passage] = []
        used = 0
        for passage in passages:
            cost = self.count_tokens(passage.text)
            if used + cost <= self.max_tokens:
                chosen.append(passage)
                used += cost
        if not chosen:
            best = passages[0]
            chosen.append(replace(best, text=self.truncate(best.text, self.max_tokens)))
        return chosen

    def truncate(self, text: str, max_tokens: int) -> str:
        """The longest prefix of ``text`` ending at a sentence (else word) boundary that
        fits in ``max_tokens`` with an ellipsis; a hard cut when no boundary fits."""
        text = text.strip()
        for boundary in (_SENTENCE_END, _SPACE):
            cuts = [m.start() for m in boundary.finditer(text)]
            best = self._longest_fitting(text, cuts, max_tokens)
            if best is not None:
                return text[:best].rstrip() + ELLIPSIS
        cuts = list(range(1, len(text)))
        best = self._longest_fitting(text, cuts, max_tokens)
        return (text[:best] if best is not None else "") + ELLIPSIS

    def _longest_fitting(self, text: str, cuts: list[int], max_tokens: int) -> int | None:
        low, high, found = 0, len(cuts) - 1, None
        while low <= high:  # token counts grow with the prefix: binary search
            middle = (low + high) // 2
            if self.count_tokens(text[: cuts[middle]].rstrip() + ELLIPSIS) <= max_tokens:
                found, low = cuts[middle], middle + 1
            else:
                high = middle - 1
        return found
