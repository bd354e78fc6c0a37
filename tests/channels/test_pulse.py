"""The virtual microphone's PulseAudio (tests/channels/conftest.py): a daemon the tests start is stopped when
the last run using it ends, and one that was running before is left running. Each test has a PulseAudio of its
own (PULSE_RUNTIME_PATH), so the machine's daemon and other runs are never touched."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.channels.conftest import start_pulse, stop_pulse

pytestmark = pytest.mark.skipif(shutil.which("pulseaudio") is None or shutil.which("pactl") is None,
                                reason="PulseAudio is not installed (scripts/test installs it)")


@pytest.fixture()
def own_pulse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A PulseAudio runtime folder of this test's own; whatever daemon runs in it is stopped afterwards."""
    runtime = tmp_path / "pulse"
    runtime.mkdir()
    monkeypatch.setenv("PULSE_RUNTIME_PATH", str(runtime))
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    yield runtime
    subprocess.run(["pulseaudio", "--kill"], capture_output=True, timeout=20)


def running() -> bool:
    return subprocess.run(["pactl", "info"], capture_output=True, timeout=20).returncode == 0


def stopped_soon(seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while running():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_daemon_the_tests_started_is_stopped(own_pulse: Path) -> None:
    assert not running()
    _, modules = start_pulse("1")
    assert running()
    stop_pulse(modules)
    assert stopped_soon()


def test_a_daemon_that_was_running_is_left_alone_with_none_of_the_runs_devices(own_pulse: Path) -> None:
    subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1"], capture_output=True, timeout=30, check=True)
    _, modules = start_pulse("1")
    stop_pulse(modules)
    time.sleep(0.5)
    assert running()
    left = subprocess.run(["pactl", "list", "short", "modules"], capture_output=True, text=True, timeout=20).stdout
    assert "ivr_" not in left and "fake_mic_" not in left


def test_the_last_of_two_runs_stops_the_daemon(own_pulse: Path) -> None:
    _, first = start_pulse("1")
    _, second = start_pulse("2")
    stop_pulse(first)
    time.sleep(0.5)
    assert running()  # the second run still records from it
    stop_pulse(second)
    assert stopped_soon()
