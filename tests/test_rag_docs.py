"""The examples of docs/rag.md run and do what the page says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from voicenodes.compositions.testing import ScriptedLLM, start_recorded_session
from voicenodes.nodes.rag import find_reference, quoted_passages

ROOT = Path(__file__).parent.parent
PAGE = (ROOT / "docs" / "rag.md").read_text(encoding="utf-8")


def run_block(marker: str) -> dict[str, Any]:
    block = next(b for b in re.findall(r"```python\n(.*?)```", PAGE, flags=re.S) if marker in b)
    namespace: dict[str, Any] = {}
    exec(compile(block, f"rag.md:{marker}", "exec"), namespace)
    return namespace


async def test_quick_start_agent_injects_passages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    agent = run_block("SupportAgent = compose(")["agent"]
    llm_model = ScriptedLLM(["Five to ten business days."])
    async with start_recorded_session(agent, llm_model=llm_model) as rec:
        await rec.session.run(user_input="How long does a refund take to reach my card?")
    reference = find_reference(llm_model.requests[0])
    assert reference is not None
    labels = [p.label for p in quoted_passages(reference)]
    assert labels[0] == "returns.md › Returns and refunds › Refunds"
    assert rec.history_texts() == ["Five to ten business days."]


async def test_custom_retriever_example_is_a_retriever() -> None:
    search_docs = run_block("async def search_docs")["search_docs"]
    [passage] = await search_docs("returns")
    assert passage.label == "returns.md" and passage.score == 1.0


def test_quality_table_matches_the_labelled_set_size() -> None:
    from benchmarks import rag_eval

    questions = rag_eval.load_questions()
    direct = sum(q.kind == "direct" for q in questions)
    assert f"{len(questions)} questions" in PAGE
    assert f"{direct} *direct*" in PAGE
