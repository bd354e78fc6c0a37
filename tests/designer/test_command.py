"""``ivr designer``: starts on 127.0.0.1, prints its URL, and a wrong folder is one line."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_designer_starts_on_loopback_and_prints_its_url() -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ivr", "designer", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url and url.group(0) == f"http://127.0.0.1:{port}/", line
        assert str(ROOT / "flows") in line
        for _ in range(100):
            try:
                with urllib.request.urlopen(url.group(0), timeout=5) as page:
                    token = re.search(r'name="csrf-token" content="([^"]+)"', page.read().decode())
                assert token
                request = urllib.request.Request(url.group(0) + "api/flows", headers={"X-CSRF-Token": token.group(1)})
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert b"bank.yaml" in response.read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the designer never answered")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "ivr", "designer", str(tmp_path / "nope")], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "no such folder" in proc.stderr


def test_a_busy_port_is_one_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "ivr", "designer", "--port", str(port)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith(f"ivr: error: cannot listen on 127.0.0.1:{port}")
