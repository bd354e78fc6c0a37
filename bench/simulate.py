"""Simulation speed: text calls per second on the bank flow, single process and all cores.

Run: .venv/bin/python bench/simulate.py [--callers 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from ivr import bulk  # noqa: E402
from ivr.loading import load_flow  # noqa: E402
from ivr.testing import simulate  # noqa: E402

GOAL = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--callers", type=int, default=10_000)
    args = parser.parse_args()
    pop = bulk.load_population(ROOT / "flows" / "populations" / "bank.yaml")
    rows = []
    started = time.perf_counter()
    bulk.run(pop, args.callers, seed=1, workers=1)
    one = args.callers / (time.perf_counter() - started)
    rows.append(("simulate-many, 1 process", one))
    started = time.perf_counter()
    bulk.run(pop, args.callers, seed=1, workers=None)
    rows.append((f"simulate-many, {os.cpu_count()} processes", args.callers / (time.perf_counter() - started)))
    script = ["press 1", "press 12345678#", "press 1234#", 'http 200 {"balance": "1520.75", "currency": "USD"}', "press 2"]
    flow = load_flow(ROOT / "flows" / "bank.yaml")
    n = max(200, args.callers // 20)
    started = time.perf_counter()
    for _ in range(n):
        simulate(flow, script)
    rows.append(("scripted call with transcript (ivr.testing.simulate)", n / (time.perf_counter() - started)))
    table = Table(title=f"Bank flow, text callers ({args.callers:,}); goal {GOAL:,} calls/s on 2 cores")
    for col in ("how", "calls/s", "vs goal"):
        table.add_column(col, justify="left" if col == "how" else "right")
    for how, rate in rows:
        table.add_row(how, f"{rate:,.0f}", f"{rate / GOAL:.2f}x")
    Console().print(table)


if __name__ == "__main__":
    main()
