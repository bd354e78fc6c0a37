"""A virtual microphone for the microphone-call tests: PulseAudio with a null sink whose monitor is
the default source (what is played into ``ivr_sink`` is what the microphone hears), and a second
null sink ``ivr_out`` as the default speaker, whose monitor the tests record.

Started here, idempotently, because nothing started by hand survives into CI. Under CI (CI=true) a
machine without PulseAudio fails these tests instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
MIC_SINK, MIC, SPEAKER = "ivr_sink", "fake_mic", "ivr_out"


@dataclass(frozen=True)
class Pulse:
    mic_sink: str = MIC_SINK  # play a WAV here (paplay -d) and the microphone hears it
    speaker: str = SPEAKER  # where calls play their prompts; record its monitor to hear them


def _pactl(*args: str) -> str:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=20, check=True).stdout


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the microphone tests need PulseAudio in CI: {reason} (scripts/test installs pulseaudio)")
    pytest.skip(f"no virtual microphone: {reason} (apt-get install pulseaudio pulseaudio-utils libportaudio2)")


def start_pulse() -> Pulse:
    """PulseAudio running with the null sinks and the virtual source; safe to call again."""
    for tool in ("pulseaudio", "pactl", "paplay", "parec"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is not installed")
    if subprocess.run(["pactl", "info"], capture_output=True, timeout=20).returncode != 0:
        started = subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1", "--disallow-exit"], capture_output=True,
                                 text=True, timeout=30)
        if started.returncode != 0 or subprocess.run(["pactl", "info"], capture_output=True, timeout=20).returncode != 0:
            _unavailable(f"pulseaudio would not start: {started.stderr.strip()[-300:]}")
    sinks = _pactl("list", "short", "sinks")
    for sink in (MIC_SINK, SPEAKER):
        if f"\t{sink}\t" not in sinks:
            _pactl("load-module", "module-null-sink", f"sink_name={sink}", "rate=16000", "channels=1")
    if f"\t{MIC}\t" not in _pactl("list", "short", "sources"):
        _pactl("load-module", "module-virtual-source", f"source_name={MIC}", f"master={MIC_SINK}.monitor")
    _pactl("set-default-source", MIC)
    _pactl("set-default-sink", SPEAKER)  # prompts must not play into the microphone's sink
    return Pulse()


@pytest.fixture(scope="session")
def pulse() -> Iterator[Pulse]:
    """PulseAudio for ``ivr call`` and ``ivr devices`` run as subprocesses: PortAudio lists devices
    once, when sounddevice is imported, so a process that imported it before PulseAudio ran sees none."""
    started = start_pulse()
    found = subprocess.run([sys.executable, "-c", "import sounddevice"], capture_output=True, text=True, timeout=60)
    if found.returncode != 0:
        _unavailable(f"sounddevice cannot load PortAudio: {found.stderr.strip().splitlines()[-1:]}")
    yield started


@pytest.fixture(scope="session")
def telecom_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """telecom.yaml in a folder of its own, so its rendered prompts (made once, by the first call)
    don't land in the repository."""
    base = tmp_path_factory.mktemp("mic")
    (base / "flows").mkdir()
    return Path(shutil.copy(ROOT / "flows" / "telecom.yaml", base / "flows" / "telecom.yaml"))
