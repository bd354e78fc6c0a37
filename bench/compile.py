"""Compile cost: how the time to validate, check and draw a flow grows with its size, and a 1 MB flow end to end.

Each shape comes from tests/security/flowgen.py at 1,000, 2,000 and 3,000 nodes (or options, or phrases).
The last column divides the time at the largest size by the time at the smallest: 3.0 is linear growth,
9.0 quadratic. Times are CPU seconds of this process, the best of a few runs; the 1 MB flow is then run
through the CLI as a user would (wall clock, interpreter start included), against the 2 s goal.

Run: .venv/bin/python bench/compile.py [--sizes 1000,2000,3000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from ivr.flow import checks, graph  # noqa: E402
from ivr.flow.compiler import compile_flow  # noqa: E402
from ivr.flow.machine import Flow  # noqa: E402
from ivr.layout import d2_source  # noqa: E402
from ivr.loading import load_flow  # noqa: E402
from tests.security import flowgen  # noqa: E402

GOAL = 2.0  # seconds for `ivr validate` or `ivr check` of a 1 MB flow


def cpu(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def measure(text: str | Path) -> dict[str, float]:
    """Seconds to compile, to check (as `ivr validate` does after compiling), and to build the drawings' input."""
    def compiled() -> Flow:
        return load_flow(text) if isinstance(text, Path) else compile_flow(text, "bench.yaml")

    flow = compiled()
    found = checks.check(flow)
    return {
        "compile": cpu(compiled),
        "check": cpu(lambda: checks.check(flow)),
        "graph": cpu(lambda: graph.mermaid(flow)),
        "d2 input": cpu(lambda: d2_source(flow, diagnostics=found)),
    }


def cli(*args: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "ivr", *args], capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          stdin=subprocess.DEVNULL, timeout=300)
    took = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ivr {' '.join(args)} failed: {proc.stderr.decode()[-500:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,2000,3000", help="Comma-separated sizes (nodes, options or phrases).")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="ivr-bench-compile-"))

    def calls(n: int) -> Path:
        folder = work / f"calls{n}"
        folder.mkdir(exist_ok=True)
        return flowgen.subflow_calls(folder, n)

    shapes: list[tuple[str, Callable[[int], str | Path]]] = [
        ("chain of says", flowgen.chain),
        ("every node type", flowgen.mixed),
        ("one menu, n options", flowgen.wide_menu),
        ("one menu, n look-alike options", lambda n: flowgen.wide_menu(n, sound_alike=True)),
        ("one menu, n made-up words", flowgen.many_phrases),
        ("n/11 subflow calls (2 levels)", calls),
        ("n/4 menus and says, 20 languages", lambda n: flowgen.languages(20, max(2, n // 4))),
    ]
    table = Table(title="Compile cost by shape and size: CPU seconds (best of 3); last column: largest / smallest "
                  f"(linear {sizes[-1] / sizes[0]:.1f}, quadratic {(sizes[-1] / sizes[0]) ** 2:.1f})")
    table.add_column("shape")
    table.add_column("step")
    for n in sizes:
        table.add_column(f"{n:,}", justify="right")
    table.add_column("growth", justify="right")
    for name, make in shapes:
        results = [measure(make(n)) for n in sizes]
        for step in results[0]:
            times = [r[step] for r in results]
            growth = f"{times[-1] / times[0]:.1f}x" if times[0] >= 0.002 else "—"  # too quick to time
            table.add_row(name, step, *(f"{t:.3f}" for t in times), growth)
        table.add_section()
    Console().print(table)

    big = work / "1mb.yaml"
    big.write_text(flowgen.of_size(1_000_000), encoding="utf-8")
    flow = load_flow(big)
    nodes = len(flow.nodes)
    rows = [
        ("compile (in process, CPU)", cpu(lambda: load_flow(big))),
        ("check (in process, CPU)", cpu(lambda: checks.check(flow))),
        ("ivr validate (CLI, wall)", min(cli("validate", str(big)) for _ in range(3))),
        ("ivr check (CLI, wall)", min(cli("check", str(big)) for _ in range(3))),
        ("ivr graph (CLI, wall)", min(cli("graph", str(big)) for _ in range(3))),
    ]
    table = Table(title=f"A 1,000,000-byte flow ({nodes:,} nodes); goal {GOAL:.0f} s to validate or check")
    for col in ("what", "seconds", "vs goal"):
        table.add_column(col, justify="left" if col == "what" else "right")
    for what, seconds in rows:
        table.add_row(what, f"{seconds:.2f}", f"{seconds / GOAL:.2f}x")
    Console().print(table)


if __name__ == "__main__":
    main()
