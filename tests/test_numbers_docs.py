"""The example in docs/numbers.md runs and says what the page says."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).parent.parent / "docs" / "numbers.md"


def test_numbers_page_example_runs() -> None:
    block = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)[0]
    namespace: dict[str, object] = {}
    exec(compile(block, "docs/numbers.md", "exec"), namespace)  # its asserts check the text
    assert "SupportAgent" in namespace
