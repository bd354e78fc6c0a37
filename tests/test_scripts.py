"""scripts/: the test runner's apt-get waits for a package manager that holds apt's lock instead of failing
at once. Run against a package-lists folder of the test's own, so the machine's apt is never touched."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.skipif(shutil.which("apt-get") is None or os.geteuid() != 0,
                                reason="needs apt-get, run as root (as scripts/test runs it)")


def update(lists: Path, wait: int) -> tuple[subprocess.CompletedProcess[str], float]:
    """apt-get update of no sources into ``lists``: it takes that folder's lock, as a real update takes the system's."""
    (lists / "sources.list").write_text("")
    (lists / "sources.list.d").mkdir(exist_ok=True)
    started = time.monotonic()
    done = subprocess.run([str(ROOT / "scripts" / "apt-get-waiting"), "-o", f"Dir::Etc::SourceList={lists / 'sources.list'}",
                           "-o", f"Dir::Etc::SourceParts={lists / 'sources.list.d'}", "-o", f"Dir::State::Lists={lists}", "-qq", "update"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "IVR_APT_LOCK_WAIT": str(wait)})
    return done, time.monotonic() - started


def hold_lock(lists: Path, seconds: float) -> threading.Thread:
    """Another package manager holding the lists' lock for ``seconds`` (apt's locks are fcntl locks)."""
    (lists / "partial").mkdir(parents=True, exist_ok=True)
    held = threading.Event()

    def hold() -> None:
        with (lists / "lock").open("a+") as f:
            fcntl.lockf(f, fcntl.LOCK_EX)
            held.set()
            time.sleep(seconds)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    return holder


def test_apt_waits_for_the_lock_another_install_holds(tmp_path: Path) -> None:
    holder = hold_lock(tmp_path, 3)
    done, took = update(tmp_path, 60)
    holder.join()
    assert done.returncode == 0, done.stderr
    assert took >= 2.5 and "waiting for another package manager" in done.stderr


def test_apt_gives_up_after_the_wait_with_apts_own_message(tmp_path: Path) -> None:
    holder = hold_lock(tmp_path, 8)
    done, took = update(tmp_path, 2)
    holder.join()
    assert done.returncode != 0 and "Could not get lock" in done.stderr
    assert 2 <= took < 8


def test_the_test_runner_installs_ffmpeg_and_waits_for_apt() -> None:
    script = (ROOT / "scripts" / "test").read_text()
    packages = next(line for line in script.splitlines() if line.startswith("for pkg in ")).removesuffix("; do").split()[3:]
    assert {"ffmpeg", "fonts-nanum", "fonts-farsiweb"} <= set(packages), packages
    assert "scripts/apt-get-waiting update" in script and "scripts/apt-get-waiting install" in script
