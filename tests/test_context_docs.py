"""The code in docs/context.md runs, and the demo keeps its requests within budget."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from voicenodes.compositions.demo import demo_nodes, run_demo
from voicenodes.compositions.testing import ScriptedLLM
from voicenodes.nodes import ContextTrimmer, RagInjector
from voicenodes.nodes.context import EstimateCounter

DOC = Path(__file__).parent.parent / "docs" / "context.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_context_doc_examples_run(block: str) -> None:
    exec(compile(block, str(DOC), "exec"), {})


async def test_the_demo_trims_after_retrieval_and_stays_within_its_budget() -> None:
    nodes = demo_nodes()
    trimmer = next(node for node in nodes if isinstance(node, ContextTrimmer))
    injectors = [node for node in nodes if isinstance(node, RagInjector)]
    assert injectors and nodes.index(injectors[0]) < nodes.index(trimmer)
    rec = await run_demo(wav_path=None, out=io.StringIO())
    assert isinstance(rec.llm, ScriptedLLM)
    counter = EstimateCounter()
    for request in rec.llm.requests:
        used = counter.request_overhead + sum(counter.count_item(i) for i in request.items)
        assert used <= trimmer.max_tokens
