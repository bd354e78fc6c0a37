"""Fixtures shared across the suite: a free loopback port, a real redis-server, and a user data directory of
the run's own (where commands keep call records unless told otherwise), so no test writes into the real one."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def script_flow(script: Path) -> str:
    """The example flow a QA script belongs to: the longest flow name its name starts with, then '-'
    (``phone-tree-agent.txt`` is phone-tree's, ``bank-agent.txt`` bank's)."""
    names = sorted((p.stem for p in (ROOT / "flows").glob("*.yaml")), key=len, reverse=True)
    return next(n for n in names if script.name.startswith(n + "-"))


@pytest.fixture(scope="session", autouse=True)
def user_data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """XDG_DATA_HOME for this run (subprocesses inherit it): the default call store lands in a temporary folder."""
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data-home"))
    yield os.environ["XDG_DATA_HOME"]
    if before is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = before


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port} after {seconds:g} s")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A redis-server of our own on loopback (scripts/test installs the Debian package)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run scripts/test, which installs it"
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, 10)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)
