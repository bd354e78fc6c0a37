"""pytest collects scenario files through ivr's plugin: one test per scenario, failures with transcripts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FLOW = """
nodes:
  main: {type: menu, prompt: Say sales., options: [{dtmf: 1, phrases: [sales], next: sales}]}
  sales: {type: transfer, queue: sales}
"""
SUITE = """
flow: shop.yaml
scenarios:
  - name: sales
    caller: [say sales]
    expect: {outcome: transferred}
  - name: wrong on purpose
    caller: [say sales]
    expect: {outcome: completed}
"""


def test_scenarios_run_under_pytest(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(FLOW)
    (tmp_path / "shop.tests.yaml").write_text(SUITE)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 failed, 1 passed" in proc.stdout
    assert "expected outcome completed, got transferred" in proc.stdout and "path: main -> sales" in proc.stdout
