"""The editor bundle the package ships is the one its source and lock file build: scripts/build-editor
runs again (npm ci from designer-editor/package-lock.json, then esbuild) and must give the same bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
SHIPPED = ROOT / "ivr" / "designer" / "static" / "editor.bundle.js"

pytestmark = pytest.mark.slow


def test_the_shipped_bundle_is_what_the_lock_file_builds(tmp_path: Path) -> None:
    if shutil.which("npm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("npm is missing; CI must rebuild the editor bundle (scripts/test installs nodejs and npm)")
        pytest.skip("npm is not installed (apt-get install nodejs npm), so the editor bundle cannot be rebuilt here")
    out = tmp_path / "editor.bundle.js"
    done = subprocess.run([str(ROOT / "scripts" / "build-editor"), str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.read_bytes() == SHIPPED.read_bytes(), (
        "ivr/designer/static/editor.bundle.js is not what designer-editor/ builds: run scripts/build-editor and commit the result")


def test_the_bundle_is_package_data() -> None:
    """pip install needs no Node: the built file is in the package's data, beside designer.js."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["ivr"]
    assert "designer/static/*" in data and SHIPPED.is_file() and SHIPPED.stat().st_size > 100_000
