"""Canvas edits: how long each kind of edit takes (POST /api/edit's work, without HTTP) on the biggest
example flow and on a generated flow of 500 nodes (commented menus of three options, and says).

Each time is the median of --runs runs, in CPU time of this process (other work on the machine does
not count). "cold" parses the text first, as an edit of a text the server has not seen does; "warm"
finds its parse kept, as the edit after the property panel read that text does.

Run: .venv/bin/python bench/canvas_edits.py [--runs 7] [--nodes 500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from ivr.designer import edits  # noqa: E402
from ivr.designer.edits import apply_edit  # noqa: E402
from ivr.flow.source import load_source  # noqa: E402
from tests.security.flowgen import commented as generated  # noqa: E402


def ops(text: str) -> list[dict[str, Any]]:
    """One edit of each kind, on the flow's middle menu and the say after it."""
    nodes = load_source(text).data["nodes"]
    names = list(nodes)
    menus = [n for n in names if nodes[n]["type"] == "menu"]
    menu = menus[len(menus) // 2]
    say = next(n for n in names[names.index(menu):] + names if nodes[n]["type"] == "say" and "next" in nodes[n])
    target = names[-1]
    return [
        {"op": "add_node", "type": "menu", "from": {"node": say, "edge": "next"}},
        {"op": "add_option", "node": menu, "option": {"phrases": ["something new"]}},
        {"op": "connect", "node": say, "edge": "next", "target": target},
        {"op": "set", "node": menu, "path": ["prompt"], "value": "Press 1 for this, 2 for that."},
        {"op": "delete_option", "node": menu, "option": 1},
        {"op": "delete_node", "node": say},
        {"op": "rename_node", "node": menu, "to": "renamed"},
    ]


def measure(label: str, text: str, plan: list[dict[str, Any]], runs: int) -> None:
    print(f"{label}: {len(text.splitlines()):,} lines, {len(text.encode()):,} bytes")
    apply_edit(text, plan[0])  # ruamel.yaml's first dump sets up its emitter
    print(f"  {'':<14} {'cold':>9} {'warm':>9}")
    for op in plan:
        cold, warm = [], []
        for _ in range(runs):
            edits._parse.cache_clear()
            started = time.process_time()
            apply_edit(text, op)
            cold.append(time.process_time() - started)
            started = time.process_time()
            apply_edit(text, op)
            warm.append(time.process_time() - started)
        print(f"  {op['op']:<14} {statistics.median(cold) * 1000:6.1f} ms {statistics.median(warm) * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--nodes", type=int, default=500)
    args = parser.parse_args()
    biggest = max((ROOT / "flows").glob("*.yaml"), key=lambda p: p.stat().st_size)
    text = biggest.read_text(encoding="utf-8")
    measure(f"flows/{biggest.name}", text, ops(text), args.runs)
    text = generated(args.nodes)
    measure(f"generated, {args.nodes} nodes", text, ops(text), args.runs)


if __name__ == "__main__":
    main()
