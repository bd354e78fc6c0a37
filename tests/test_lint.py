"""The package stays typed (mypy --strict) and lint-clean (ruff), as STYLE asks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("tool", [["ruff", "check", "ivr", "tests"], ["mypy"]], ids=["ruff", "mypy"])
def test_tool_is_clean(tool: list[str]) -> None:
    exe = BIN / tool[0] if (BIN / tool[0]).exists() else shutil.which(tool[0])
    assert exe, f"{tool[0]} is not installed: pip install -e '.[test]'"
    proc = subprocess.run([str(exe), *tool[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
