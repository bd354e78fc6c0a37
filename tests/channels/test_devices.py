"""The sound card and terminal side of microphone calls: one-line errors, the keypad, the view, Ctrl-C."""

from __future__ import annotations

import importlib.abc
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from rich.console import Console

from ivr.channels import devices
from ivr.channels.mic import FakeCaller, FakeClock, FakeSpeaker, MicCall, Say
from ivr.errors import UsageError
from ivr.speech import recognizer
from ivr.store import SqliteStore
from tests.channels.conftest import ROOT, LiveCall, Pulse
from tests.channels.test_mic import TELECOM, tone
from tests.test_cli import run


class NoPortAudio(importlib.abc.MetaPathFinder):
    """Importing sounddevice fails as it does on a machine without the PortAudio library."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "sounddevice":
            raise OSError("PortAudio library not found")


@pytest.mark.parametrize("command", [["call", "flows/telecom.yaml"], ["devices"]])
def test_missing_portaudio_is_one_line_with_what_to_do(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                       command: list[str]) -> None:
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [NoPortAudio(), *sys.meta_path])
    code, _, err = run(capsys, *command)
    assert code == 2
    assert err == "ivr: error: the PortAudio library is not installed: apt-get install libportaudio2 (macOS: brew install portaudio)\n"


def test_missing_extra_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    code, _, err = run(capsys, "call", "flows/telecom.yaml")
    assert (code, err) == (2, 'ivr: error: microphone calls need the mic extra (sounddevice is not installed): pip install "ivr[mic]"\n')


def test_a_missing_speech_model_is_found_before_the_call(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IVR_VOSK_MODEL", raising=False)
    monkeypatch.setenv("IVR_MODELS_DIR", "/nonexistent")
    code, out, err = run(capsys, "call", str(ROOT / "flows" / "telecom.yaml"), "--asr", "vosk")
    assert code == 2 and err.startswith("ivr: error: no Vosk model for 'en'") and err.count("\n") == 1
    assert "Calling" not in out


def test_unknown_device_is_one_line(capsys: pytest.CaptureFixture[str], pulse: Pulse) -> None:
    code, _, err = run(capsys, "call", str(ROOT / "flows" / "telecom.yaml"), "--input-device", "no such microphone")
    assert code == 2 and err.startswith("ivr: error: no input device matches 'no such microphone'")
    assert err.endswith("; see 'ivr devices'\n") and err.count("\n") == 1


class Refusing:
    """sounddevice on a machine whose microphone exists but may not be opened."""

    class PortAudioError(Exception):
        pass

    def query_devices(self, device: object = None, kind: str | None = None) -> dict[str, object]:
        return {"name": "Built-in Microphone", "default_samplerate": 48000.0}

    def RawInputStream(self, **options: object) -> None:  # noqa: N802 - sounddevice's name
        raise self.PortAudioError("Error opening RawInputStream: Device unavailable [PaErrorCode -9985]")


def test_a_microphone_that_cannot_be_opened_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "sounddevice", lambda: Refusing())
    with pytest.raises(UsageError) as e:
        devices.Microphone(None)
    assert str(e.value) == ("cannot open the microphone: Error opening RawInputStream: Device unavailable [PaErrorCode -9985]; "
                            "check that it is connected and that you may use it (Linux: your user in the 'audio' group; "
                            "macOS: System Settings > Privacy > Microphone), or choose another with --input-device "
                            "(see 'ivr devices')")
    assert e.value.exit_code == 2


def test_devices_lists_what_portaudio_sees(pulse: Pulse) -> None:
    listed = subprocess.run([sys.executable, "-m", "ivr", "devices"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "COLUMNS": "200"})
    assert listed.returncode == 0 and "pulse" in listed.stdout and "input, output" in listed.stdout


def test_keypad_reads_keys_one_at_a_time_and_ignores_the_rest() -> None:
    read, write = os.pipe()
    with os.fdopen(read, "rb", buffering=0) as stream:
        keypad = devices.TerminalKeypad(stream)
        os.write(write, b"1x #\n")
        os.close(write)
        keys: list[str] = []
        deadline = time.monotonic() + 5
        while len(keys) < 2 and time.monotonic() < deadline:
            key = keypad.key()
            if key is None:
                time.sleep(0.01)
            else:
                keys.append(key)
        keypad.close()
    assert keys == ["1", "#"]


def test_keypad_on_a_terminal_reads_keys_without_enter_and_restores_it() -> None:
    import termios

    main_fd, terminal_fd = os.openpty()
    before = termios.tcgetattr(terminal_fd)
    with os.fdopen(terminal_fd, "rb", buffering=0) as stream:
        keypad = devices.TerminalKeypad(stream)
        assert not termios.tcgetattr(terminal_fd)[3] & termios.ICANON  # cbreak: no Enter needed
        assert termios.tcgetattr(terminal_fd)[3] & termios.ISIG  # Ctrl-C still hangs up
        os.write(main_fd, b"5")
        deadline = time.monotonic() + 5
        key = None
        while key is None and time.monotonic() < deadline:
            key = keypad.key()
            time.sleep(0.01)
        keypad.close()
        assert key == "5" and termios.tcgetattr(terminal_fd) == before
    os.close(main_fd)


def test_live_panel_shows_node_prompt_heard_slots_and_timers() -> None:
    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, [])
    session = MicCall(TELECOM, recognizer("pocketsphinx"), caller, speaker, tone, keypad=caller, clock=clock, http=None)
    session.started = 0.0
    session.call.start()
    session.pump()
    clock.now = 1.5
    session.partial = "billing"
    view = devices.TerminalView(Console(file=io.StringIO()))
    view.refresh(session)
    text = io.StringIO()
    Console(file=text, width=120).print(view.panel())
    shown = text.getvalue()
    assert "node    main" in shown and "▶ Welcome to Northwind Mobile. 1.5/1.9 s" in shown
    assert "heard   billing" in shown and "call 0:01" in shown and "Ctrl-C hangs up" in shown


def test_view_off_a_terminal_prints_the_transcript_and_when_it_listens() -> None:
    text = io.StringIO()
    view = devices.TerminalView(Console(file=text, highlight=False, width=200))
    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, [Say(keys="0", barge_in=True, delay=3.0)])
    MicCall(TELECOM, recognizer("pocketsphinx"), caller, speaker, tone, keypad=caller, clock=clock, view=view, http=None).run()
    lines = text.getvalue().splitlines()
    assert lines[:2] == ["IVR    Welcome to Northwind Mobile.",
                         "IVR    For an outage or no service, press 1. Internet help, press 2. Billing, press 3. Moving or "
                         "anything else, press 4. For a person, press 0."]
    assert any(line.startswith("       · barge-in: stopped 'For an outage or no service") for line in lines)
    assert "caller 0" in lines


@pytest.mark.slow
def test_ctrl_c_hangs_up_and_writes_the_record(live_call: Callable[..., LiveCall]) -> None:
    session = live_call()
    session.wait_for("IVR    For an outage")
    session.process.send_signal(signal.SIGINT)
    text = session.finish()
    assert "you hung up" in text and "outcome: hangup" in text and "Traceback" not in text, text
    record = SqliteStore(session.store).records()[0]
    assert record["outcome"] == "abandoned" and record["path"] == ["welcome", "main"]
