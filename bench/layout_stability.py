"""Layout stability: how far the nodes that did not change move in the graph when one option is added
to flows/bank.yaml's main menu, either to a new node or to a node the menu already reaches.

Positions are the centres of the nodes' labels in D2's SVG; "after the shift" first removes the median
displacement (the whole drawing sliding down or sideways, which a view anchored on a node would hide).

Run: .venv/bin/python bench/layout_stability.py [--layout elk|dagre]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from ivr.flow.compiler import compile_flow  # noqa: E402
from ivr.layout import LAYOUTS, flow_svg  # noqa: E402

BANK = ROOT / "flows" / "bank.yaml"
AFTER = "        next: branch_hours\n"
EDITS = {
    "an option to a new node": AFTER + '      - dtmf: "5"\n        phrases: [rates, interest rates]\n        next: rates\n\n'
                               "  rates:\n    type: say\n    prompt: Our savings rate is two percent.\n    next: main\n",
    "an option to a node already reached": AFTER + '      - dtmf: "5"\n        phrases: [complain loudly]\n        next: complaints\n',
}


def centres(svg: str) -> dict[str, tuple[float, float]]:
    found = re.finditer(r'ivr-node" data-node="([^"]+)".*?<text x="([\d.]+)" y="([\d.]+)"', svg, re.S)
    return {m.group(1): (float(m.group(2)), float(m.group(3))) for m in found}


def drawn(text: str, layout: str) -> dict[str, tuple[float, float]]:
    return centres(flow_svg(compile_flow(text, "bank.yaml", read=lambda name: (BANK.parent / name).read_bytes()), layout=layout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", choices=LAYOUTS, default="elk")
    args = parser.parse_args()
    text = BANK.read_text()
    before = drawn(text, args.layout)
    for what, edit in EDITS.items():
        after = drawn(text.replace(AFTER, edit, 1), args.layout)
        kept = [n for n in before if n in after]
        delta = {n: (after[n][0] - before[n][0], after[n][1] - before[n][1]) for n in kept}
        dx, dy = statistics.median(d[0] for d in delta.values()), statistics.median(d[1] for d in delta.values())
        moves = [(x * x + y * y) ** 0.5 for x, y in delta.values()]
        shifted = [((x - dx) ** 2 + (y - dy) ** 2) ** 0.5 for x, y in delta.values()]
        print(f"{args.layout}, {what}: {len(kept)} unchanged nodes; median movement {statistics.median(moves):.0f} px "
              f"(max {max(moves):.0f}); after the shift ({dx:.0f}, {dy:.0f}) {statistics.median(shifted):.0f} px, "
              f"{sum(m < 1 for m in shifted)} of {len(kept)} in place")


if __name__ == "__main__":
    main()
