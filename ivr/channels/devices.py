"""The sound card and the terminal for microphone calls: sounddevice (PortAudio) in and out, keys
read without Enter, and a live view with rich. Everything here is I/O around :mod:`ivr.channels.mic`.

Every way a device can fail (no PortAudio, no microphone, no permission, a busy or unknown
device) becomes a :class:`~ivr.errors.UsageError`: one line saying what to do.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from rich.console import Console, Group
from rich.live import Live
from rich.markup import escape
from rich.table import Table

from ivr.channels import mic, sim
from ivr.channels.terminal import _style, print_summary
from ivr.errors import UsageError
from ivr.flow.machine import Flow
from ivr.flow.text import MASK
from ivr.speech.audio import RATE, Pcm, resample

KEYS = "0123456789*#"


def sounddevice() -> ModuleType:
    """The sounddevice module, or a one-line error saying what is missing."""
    try:
        import sounddevice as sd
    except ImportError:
        raise UsageError('microphone calls need the mic extra (sounddevice is not installed): pip install "ivr[mic]"') from None
    except OSError:  # sounddevice raises it when the PortAudio library itself is missing
        raise UsageError("the PortAudio library is not installed: apt-get install libportaudio2 "
                         "(macOS: brew install portaudio)") from None
    module: ModuleType = sd
    return module


def devices() -> list[dict[str, Any]]:
    """The audio devices PortAudio sees, with which are the defaults."""
    sd = sounddevice()
    try:
        found = [dict(d) for d in sd.query_devices()]
        default_in, default_out = sd.default.device
    except sd.PortAudioError as e:
        raise UsageError(f"cannot list audio devices: {e}") from None
    for d in found:
        d["default_input"] = d["index"] == default_in
        d["default_output"] = d["index"] == default_out
    return found


def pick(device: str | None, kind: str) -> int | str | None:
    """A device given as a number or part of its name, checked to exist and to have ``kind`` channels."""
    sd = sounddevice()
    wanted: int | str | None = int(device) if device is not None and device.isdigit() else device
    try:
        sd.query_devices(wanted, kind=kind)
    except (ValueError, sd.PortAudioError) as e:
        what = "microphone" if kind == "input" else "speaker"
        if wanted is None:
            raise UsageError(f"no {what} found ({e}); plug one in, or choose a device with "
                             f"--{kind}-device (see 'ivr devices')") from None
        raise UsageError(f"no {kind} device matches {device!r} ({e}); see 'ivr devices'") from None
    return wanted


def _open_error(kind: str, device: int | str | None, e: Exception) -> UsageError:
    what = "microphone" if kind == "input" else "speaker"
    return UsageError(f"cannot open the {what}{f' {device!r}' if device is not None else ''}: {e}; check that it is "
                      f"connected and that you may use it (Linux: your user in the 'audio' group; macOS: System "
                      f"Settings > Privacy > Microphone), or choose another with --{kind}-device (see 'ivr devices')")


class Microphone:
    """Captures 16 kHz mono PCM; PortAudio's thread hands each 20 ms block over through a queue."""

    def __init__(self, device: int | str | None) -> None:
        sd = sounddevice()
        self.frames: queue.Queue[bytes] = queue.Queue(maxsize=1000)
        self.rate = RATE
        try:
            self.stream = self._open(sd, device, RATE)
        except sd.PortAudioError as e:
            try:  # some hardware only records at its own rate: record at that, resample here
                self.rate = int(sd.query_devices(device, kind="input")["default_samplerate"])
                self.stream = self._open(sd, device, self.rate)
            except (sd.PortAudioError, ValueError):
                raise _open_error("input", device, e) from None
        self.stream.start()

    def _open(self, sd: ModuleType, device: int | str | None, rate: int) -> Any:
        return sd.RawInputStream(samplerate=rate, blocksize=rate * mic.FRAME_MS // 1000 * (1 if rate == RATE else 5),
                                 device=device, channels=1, dtype="int16", callback=self._callback)

    def _callback(self, data: Any, frames: int, when: Any, status: Any) -> None:
        chunk = bytes(data)
        if self.rate != RATE:
            chunk = resample(np.frombuffer(chunk, dtype="<i2"), self.rate).astype("<i2").tobytes()
        with contextlib.suppress(queue.Full):  # the call loop stalled for seconds: this audio is dropped
            self.frames.put_nowait(chunk)

    def read(self, timeout: float) -> bytes | None:
        try:
            return self.frames.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self.stream.abort()
        self.stream.close()


class Speaker:
    """Plays one prompt at a time from PortAudio's callback. The stream runs only while a prompt
    plays: a stream kept running on silence fills the sound server's buffer with it (about a second
    through PulseAudio's ALSA plugin), and every prompt, and every barge-in, would wait behind it."""

    def __init__(self, device: int | str | None) -> None:
        sd = self.sd = sounddevice()
        self.lock = threading.Lock()
        self.pcm: Pcm = np.zeros(0, dtype=np.int16)
        self.pos = 0
        self.rate = RATE
        try:
            self.stream = self._open(device, RATE)
        except sd.PortAudioError as e:
            try:
                self.rate = int(sd.query_devices(device, kind="output")["default_samplerate"])
                self.stream = self._open(device, self.rate)
            except (sd.PortAudioError, ValueError):
                raise _open_error("output", device, e) from None

    def _open(self, device: int | str | None, rate: int) -> Any:
        return self.sd.OutputStream(samplerate=rate, blocksize=rate * mic.FRAME_MS // 1000, device=device, channels=1,
                                    dtype="int16", latency="low", callback=self._callback)

    def _callback(self, out: Any, frames: int, when: Any, status: Any) -> None:
        with self.lock:
            chunk = self.pcm[self.pos : self.pos + frames]
            self.pos += len(chunk)
        out[: len(chunk), 0] = chunk
        out[len(chunk) :, 0] = 0
        if len(chunk) < frames:
            raise self.sd.CallbackStop  # PortAudio plays what it has, then the stream goes inactive

    def play(self, pcm: Pcm) -> None:
        self.stop()
        with self.lock:
            self.pcm, self.pos = (pcm if self.rate == RATE else resample(pcm, RATE, self.rate)), 0
        self.stream.start()

    def stop(self) -> None:
        if not self.stream.stopped:
            self.stream.abort()  # drops what is buffered: a barge-in is heard at once

    def busy(self) -> bool:
        return bool(self.stream.active)

    def close(self) -> None:
        deadline = time.monotonic() + 5
        while self.stream.active and time.monotonic() < deadline:
            time.sleep(0.01)
        self.stop()
        self.stream.close()


class TerminalKeypad:
    """Keys typed in the terminal, read one at a time without Enter (cbreak mode) when it is a TTY."""

    def __init__(self, stream: Any = None) -> None:
        self.keys: queue.Queue[str] = queue.Queue()
        self.saved: Any = None
        stream = stream if stream is not None else sys.stdin
        try:
            self.fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            return  # no standard input: no keypad
        if os.isatty(self.fd):
            try:
                import termios
                import tty
            except ImportError:  # not a POSIX terminal (Windows): keys arrive when Enter is pressed
                pass
            else:
                self.saved = termios.tcgetattr(self.fd)
                tty.setcbreak(self.fd)  # Ctrl-C still interrupts: cbreak keeps signals
        threading.Thread(target=self._read, name="ivr-keypad", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 1)
            except OSError:
                return
            if not data:
                return
            char = data.decode("ascii", "ignore")
            if char and char in KEYS:
                self.keys.put(char)

    def key(self) -> str | None:
        try:
            return self.keys.get_nowait()
        except queue.Empty:
            return None

    def close(self) -> None:
        if self.saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
            self.saved = None


class TerminalView:
    """The transcript as it happens, and (on a terminal) a live panel: node, prompt, what is being
    heard, slots and timers. Off a terminal it prints a line when the call starts listening."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.call: mic.MicCall | None = None
        self.live: Live | None = None
        self.listening: tuple[str, int] | None = None
        self.reported = 0
        self.drawn = 0.0
        if console.is_terminal:
            # drawn from the call's thread only: a refresh thread racing the transcript lines lost some of them
            self.live = Live(console=console, auto_refresh=False, transient=True, get_renderable=self.panel)
            self.live.start()

    def line(self, entry: dict[str, Any]) -> None:
        self.console.print(_style(entry))

    def refresh(self, call: mic.MicCall) -> None:
        self.call = call
        if self.live is not None and time.monotonic() - self.drawn >= 0.1:
            self.drawn = time.monotonic()
            self.live.refresh()
        for clip in call.clips[self.reported :]:
            if clip.ended is None:
                break
            if clip.interrupted:
                self.console.print(f"[dim]       · barge-in: stopped {escape(repr(_short(clip.text)))}[/]")
            self.reported += 1
        listen = call.call.listen
        if call.deadline is not None and listen is not None and self.listening != (listen.node, call.call.state.turns):
            self.listening = (listen.node, call.call.state.turns)
            if self.live is None:
                keys = listen.dtmf.shown()
                self.console.print(f"[dim]       · listening at {escape(listen.node)} (keys {escape(keys)}; "
                                   f"{listen.timeout:g} s)[/]")

    def panel(self) -> Group | str:
        call = self.call
        if call is None:
            return ""
        now = call.clock()
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        state = call.call.state
        grid.add_row("node", escape(state.node or "-"))
        if call.playing is not None:
            played = now - call.playing.started if call.playing.started is not None else 0.0
            grid.add_row("prompt", f"▶ {escape(_short(call.playing.text, 90))} [dim]{played:.1f}/{call.playing.seconds:.1f} s[/]")
        elif call.call.listen is not None and not state.ended:
            listen = call.call.listen
            words = ", ".join(listen.phrases[:6]) + (", …" if len(listen.phrases) > 6 else "")
            grid.add_row("listening", escape(f"keys {listen.dtmf.shown()}" + (f"; say {words}" if words else "")))
        if call.speaking_since is not None and not call.partial:
            grid.add_row("heard", f"[dim](speaking {now - call.speaking_since:.1f} s)[/]")
        else:
            heard = call.partial or call.keys
            grid.add_row("heard", escape(MASK if heard and call.call.hides_input() else heard or "…"))
        if state.slots:
            grid.add_row("slots", escape(str(state.masked_slots())))
        timers = f"call {int(now - call.started) // 60}:{int(now - call.started) % 60:02d}"
        if call.deadline is not None and call.playing is None and not call.partial:
            timers += f"   no input in {max(0.0, call.deadline - now):.1f} s"
        grid.add_row("timers", timers)
        return Group(grid, "[dim]speak, or type 0-9 * # for keys; Ctrl-C hangs up[/]")

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@contextlib.contextmanager
def _opened(thing: Any) -> Iterator[Any]:
    try:
        yield thing
    finally:
        thing.close()


def call(flow: Flow, *, asr: str | None, model: str | None, input_device: str | None, output_device: str | None,
         language: str | None, store: str, http: sim.HttpHandler | None, barge_in: bool, audio_dir: Path | None,
         console: Console, err: Console) -> sim.CallResult:
    """A call on this machine's microphone and speaker; writes the call record to ``store``."""
    from ivr.speech import AutoRecognizer, recognizer
    from ivr.speech import render as rendering
    from ivr.speech.kaldi import VoskRecognizer
    from ivr.store import open_store

    sounddevice()
    listener = recognizer(asr, model)
    first = language or flow.language
    if isinstance(listener, AutoRecognizer):
        listener.pick(first)  # load the model now, not while the caller waits (and fail now if it is missing)
    elif isinstance(listener, VoskRecognizer):
        listener.model(first)
    input_at, output_at = pick(input_device, "input"), pick(output_device, "output")
    folder = audio_dir or mic.prompt_folder(flow)
    todo = rendering.missing(flow, folder)
    if todo:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as progress:
            task = progress.add_task(f"rendering {len(todo)} prompts of {flow.name} (once)", total=len(todo))
            try:
                rendering.render(flow, folder, lambda item, fresh: progress.advance(task) if fresh else None)
            except OSError as e:
                raise UsageError(f"cannot write prompt audio to {folder}: {e.strerror or e}") from None
    prompts = mic.RenderedPrompts(flow, folder)
    prompts.warm()
    records = open_store(store)
    with _opened(Microphone(input_at)) as microphone, _opened(Speaker(output_at)) as speaker:
        console.print(f"[bold]Calling {escape(flow.name)}[/] on this machine's microphone. Speak, type 0-9 * # for "
                      "keys, Ctrl-C to hang up.")
        with _opened(TerminalKeypad()) as keypad, _opened(TerminalView(console)) as view:
            session = mic.MicCall(flow, listener, microphone, speaker, prompts, keypad=keypad, view=view,
                                  language=language, http=http, barge_in=barge_in)
            result = session.run()
    records.close(session.sid, session.record())
    if session.hung_up:
        console.print("[dim]       · you hung up[/]")
    print_summary(console, result, context=True)
    console.print(f"[dim]call record {session.sid} in {store} ('ivr calls show {session.sid}')[/]")
    return result
