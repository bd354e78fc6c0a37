"""The soak benchmark runs end to end in a few seconds, and leaves no server or mount behind."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def store_mounts() -> set[str]:
    """Mount points like the soak's own disk for its store."""
    return {line for line in Path("/proc/mounts").read_text().splitlines() if line.split()[1].endswith("/store")}


@pytest.mark.skipif(importlib.util.find_spec("gunicorn") is None, reason="the soak runs README's gunicorn command: pip install gunicorn")
def test_a_short_soak_accounts_for_every_call_and_cleans_up() -> None:
    before = store_mounts()
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "soak.py"), "--seconds", "4", "--calls", "10", "--pace", "0.4", "--json"],
                          capture_output=True, text=True, timeout=90, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    totals = json.loads(done.stdout.strip().splitlines()[-1])
    assert totals["calls"] > 10 and totals["requests"] > totals["calls"]
    assert totals["unfinished"] == 0, "each call was done in the menu, handed to a person or lost"
    assert totals["killed"], "a gunicorn worker is SIGKILLed midway"
    fault = "store disk full" if "tmpfs" in totals["fault"] else "store read-only"
    assert [s["stretch"].split(" (")[0] for s in totals["stretches"]] == ["before the faults", "worker SIGKILLed", fault, "store back, to the end"]
    assert "goal: 0 calls lost" in done.stdout
    assert store_mounts() == before, "the store's tmpfs is unmounted"


@pytest.mark.slow
def test_the_media_benchmark_streams_calls_and_prints_the_calls_at_300_ms_figure() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "media.py"), "--calls", "1", "--turns", "2", "--json"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    row = result["rows"][0]
    assert row["answered"] == row["turns"] == 2, row["failed"]
    assert row["webhook_p50"] >= 1000 * result["speech_timeout_auto_s"], "the webhook side waits Twilio's speechTimeout"
    assert "calls at 300 ms:" in done.stdout and "webhooks/media p50" in done.stdout
