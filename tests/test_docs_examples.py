"""The code in docs/ works: its examples are executed here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicenodes.compositions import nodes_of

from .helpers import cut

DOCS = Path(__file__).parent.parent / "docs"


def python_blocks(name: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (DOCS / name).read_text(), flags=re.S)


def run_block(name: str, marker: str) -> dict[str, Any]:
    block = next(b for b in python_blocks(name) if marker in b)
    namespace: dict[str, Any] = {}
    exec(compile(block, f"{name}:{marker}", "exec"), namespace)
    return namespace


ELLIPSIS = run_block("writing-a-node.md", "class Ellipsis")["Ellipsis"]()
SPEED = run_block("writing-a-node.md", "speed = PatternRewriter")["speed"]


def test_examples_do_what_the_docs_say() -> None:
    assert ELLIPSIS.rewrite("Well... maybe.") == "Well… maybe."
    assert SPEED.rewrite("up to 80 km/h here") == "up to 80 kilometers per hour here"


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=". ab80km/h", max_size=40), cuts=st.lists(st.integers(0, 40)))
def test_text_node_examples_are_chunking_invariant(text: str, cuts: list[int]) -> None:
    chunks = cut(text, cuts)
    for node in (ELLIPSIS, SPEED):
        stream = node.open_stream()
        assert "".join(stream.feed(c) for c in chunks) + stream.flush() == node.rewrite(text)


async def test_readme_quick_start_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a running event loop, as in an agent's entrypoint (AgentSession needs one)."""
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "returns.md").write_text("# Returns\n\nReturn within 30 days.\n")
    monkeypatch.chdir(tmp_path)
    readme = (DOCS.parent / "README.md").read_text()
    block = re.findall(r"```python\n(.*?)```", readme, flags=re.S)[0]
    namespace: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert [node.name for node in nodes_of(namespace["SupportAgent"])] == [
        "RagInjector",
        "ContextTrimmer",
        "PronunciationRewriter(acme-outfitters)",
        "NumberNormalizer(en)",
    ]
