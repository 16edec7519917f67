"""Turn a pytest-benchmark JSON file into the per-item tables of docs/benchmarks.md.

    python -m pytest benchmarks --benchmark-json=.benchmarks/latest.json
    python benchmarks/report.py .benchmarks/latest.json

Each benchmarked call drives a whole stream; the table divides the median call time by
the number of items (``extra_info["items"]``) and compares each row with the group's
floor (the row whose name contains ``floor``), or with its first row.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import Any


def per_item_us(bench: dict[str, Any]) -> float:
    items = bench.get("extra_info", {}).get("items", 1) or 1
    return float(bench["stats"]["median"]) * 1e6 / items


def render(data: dict[str, Any]) -> str:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for bench in data["benchmarks"]:
        groups[bench.get("group") or "ungrouped"].append(bench)
    machine = data.get("machine_info", {})
    lines = [
        f"Machine: {machine.get('cpu', {}).get('brand_raw', '?')}, "
        f"Python {machine.get('python_version', '?')}; median of "
        f"{min(b['stats']['rounds'] for b in data['benchmarks'])}+ rounds.",
        "",
    ]
    for group, benches in groups.items():
        floor = next((b for b in benches if "floor" in b["name"]), benches[0])
        base = per_item_us(floor)
        unit = group.split(":")[0]
        extra_keys = sorted({k for b in benches for k in b.get("extra_info", {}) if k != "items"})
        header = f"| {group} | µs per {unit} | vs {floor['name']} |"
        header += "".join(f" {k} |" for k in extra_keys)
        lines += [header, "|---|---:|---:|" + "---:|" * len(extra_keys)]
        for bench in sorted(benches, key=per_item_us):
            us = per_item_us(bench)
            row = f"| `{bench['name']}` | {us:.3f} | {us / base:.2f}× |"
            row += "".join(f" {bench['extra_info'].get(k, '')} |" for k in extra_keys)
            lines.append(row)
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(render(json.load(handle)))
