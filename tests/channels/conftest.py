"""A virtual microphone for the microphone-call tests, made as issue 7 describes: PulseAudio, a null
sink whose monitor is a virtual source (what is played into the sink is what the microphone hears),
and a second null sink as the speaker, whose monitor the tests record.

Each test run makes its own (names end in the run's process id) and hands them to ``ivr call``
through PULSE_SOURCE and PULSE_SINK instead of changing the system's defaults: two runs on one
machine would otherwise hear each other's callers. Started here, idempotently, because nothing
started by hand survives into CI; under CI (CI=true) a machine without PulseAudio fails these
tests instead of skipping them. A daemon the tests started is stopped by the last run using it
(it carries a marker sink, :data:`STARTED_HERE`); one that was already running is left alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

ROOT = Path(__file__).parent.parent.parent


@dataclass(frozen=True)
class Pulse:
    mic_sink: str  # play a WAV here (paplay -d) and the microphone hears it
    mic: str  # the virtual source on that sink's monitor
    speaker: str  # where calls play their prompts; record its monitor to hear them

    def env(self) -> dict[str, str]:
        """What makes a process's default microphone and speaker these."""
        return {"PULSE_SOURCE": self.mic, "PULSE_SINK": self.speaker}


STARTED_HERE = "ivr_tests_started_this_daemon"
"""A sink loaded into a PulseAudio daemon the tests started: the run that leaves it unused stops it."""
RUN_SINKS = ("ivr_sink_", "ivr_out_")
"""How a test run's own sinks are named (then its process id): while any are loaded, a run still uses the daemon."""


def _pactl(*args: str) -> str:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=20, check=True).stdout


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the microphone tests need PulseAudio in CI: {reason} (scripts/test installs pulseaudio)")
    pytest.skip(f"no virtual microphone: {reason} (apt-get install pulseaudio pulseaudio-utils libportaudio2)")


def start_pulse(suffix: str) -> tuple[Pulse, list[str]]:
    """PulseAudio running (started if it isn't), with this run's sinks and source; and the modules to unload."""
    for tool in ("pulseaudio", "pactl", "paplay", "parec"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is not installed")
    if subprocess.run(["pactl", "info"], capture_output=True, timeout=20).returncode != 0:
        started = subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1", "--disallow-exit"], capture_output=True,
                                 text=True, timeout=30)
        if started.returncode != 0 or subprocess.run(["pactl", "info"], capture_output=True, timeout=20).returncode != 0:
            _unavailable(f"pulseaudio would not start: {started.stderr.strip()[-300:]}")
        _pactl("load-module", "module-null-sink", f"sink_name={STARTED_HERE}")
    pulse = Pulse(f"ivr_sink_{suffix}", f"fake_mic_{suffix}", f"ivr_out_{suffix}")
    modules = [_pactl("load-module", "module-null-sink", f"sink_name={sink}", "rate=16000", "channels=1").strip()
               for sink in (pulse.mic_sink, pulse.speaker)]
    modules.append(_pactl("load-module", "module-virtual-source", f"source_name={pulse.mic}",
                          f"master={pulse.mic_sink}.monitor").strip())
    return pulse, modules


def stop_pulse(modules: list[str]) -> None:
    """Unload this run's devices, and stop the daemon if the tests started it and no other run still uses it."""
    for module in reversed(modules):
        subprocess.run(["pactl", "unload-module", module], capture_output=True, timeout=20)
    listed = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True, text=True, timeout=20)
    sinks = [line.split("\t")[1] for line in listed.stdout.splitlines() if line.count("\t") >= 1]
    if listed.returncode == 0 and STARTED_HERE in sinks and not any(s.startswith(RUN_SINKS) for s in sinks):
        subprocess.run(["pulseaudio", "--kill"], capture_output=True, timeout=20)


@pytest.fixture(scope="session")
def pulse() -> Iterator[Pulse]:
    """The virtual microphone and speaker, for ``ivr call`` and ``ivr devices`` run as subprocesses
    (PortAudio lists devices once, when sounddevice is imported)."""
    made, modules = start_pulse(str(os.getpid()))
    try:
        found = subprocess.run([sys.executable, "-c", "import sounddevice"], capture_output=True, text=True, timeout=60)
        if found.returncode != 0:
            _unavailable(f"sounddevice cannot load PortAudio: {found.stderr.strip().splitlines()[-1:]}")
        yield made
    finally:
        stop_pulse(modules)


@pytest.fixture(scope="session")
def telecom_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """telecom.yaml in a folder of its own, so its rendered prompts (made once, by the first call)
    don't land in the repository."""
    base = tmp_path_factory.mktemp("mic")
    (base / "flows").mkdir()
    return Path(shutil.copy(ROOT / "flows" / "telecom.yaml", base / "flows" / "telecom.yaml"))


def _hear_ctrl_c() -> None:
    """A test run started in the background (``pytest &``) ignores SIGINT, and a child inherits that: the
    call would never hear its Ctrl-C. A terminal's ``ivr call`` has the default, so the test gives it that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class LiveCall:
    """``ivr call`` in a subprocess on the virtual devices, with what reaches the speaker recorded."""

    def __init__(self, pulse: Pulse, flow: Path, tmp: Path, *args: str) -> None:
        self.pulse, self.tmp = pulse, tmp
        self.store = tmp / "calls.sqlite3"
        self.out = (tmp / "call.out").open("w+")
        self.recording = (tmp / "speaker.raw").open("wb")
        self.recorder = subprocess.Popen(["parec", "-d", f"{pulse.speaker}.monitor", "--rate=16000", "--channels=1",
                                          "--format=s16le", "--latency-msec=20"], stdout=self.recording)
        env = {**os.environ, **pulse.env(), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
        self.process = subprocess.Popen([sys.executable, "-m", "ivr", "call", str(flow), "--offline", "--store",
                                         str(self.store), *args], stdin=subprocess.DEVNULL, stdout=self.out,
                                        stderr=subprocess.STDOUT, env=env, cwd=tmp, preexec_fn=_hear_ctrl_c)

    def text(self) -> str:
        return Path(self.out.name).read_text()

    def wait_for(self, text: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.text():
            assert self.process.poll() is None, f"ivr call ended before {text!r}:\n{self.text()}"
            assert time.monotonic() < deadline, f"no {text!r} after {timeout} s:\n{self.text()}"
            time.sleep(0.05)

    def say(self, wav: Path) -> None:
        subprocess.run(["paplay", "-d", self.pulse.mic_sink, str(wav)], check=True, timeout=30)

    def finish(self, timeout: float = 60.0) -> str:
        """Wait for the call to end by itself (exit 0); what it printed."""
        try:
            assert self.process.wait(timeout) == 0, self.text()
        finally:
            self.close()
        return self.text()

    def close(self) -> None:
        """Stop the call and the recorder, whatever state the test left them in."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        if self.recorder.poll() is None:
            time.sleep(0.3)  # the last block reaches the monitor
            self.recorder.terminate()
            self.recorder.wait(10)
        self.recording.close()
        self.out.close()

    def heard(self) -> NDArray[np.int16]:
        """What reached the speaker."""
        return np.frombuffer((self.tmp / "speaker.raw").read_bytes(), dtype="<i2")


@pytest.fixture()
def live_call(pulse: Pulse, telecom_copy: Path, tmp_path: Path) -> Iterator[Callable[..., LiveCall]]:
    """Starts ``ivr call`` on telecom.yaml (extra arguments pass through); every call is stopped afterwards."""
    started: list[LiveCall] = []

    def start(*args: str) -> LiveCall:
        started.append(LiveCall(pulse, telecom_copy, tmp_path, *args))
        return started[-1]

    yield start
    for call in started:
        call.close()
