"""Microphone-call benchmark: how long after a caller stops speaking the next prompt starts.

A synthetic caller (the Piper voice) answers a looping menu turn after turn through the real call
loop, in real time: its audio arrives in 20 ms frames at the pace a sound card delivers them, the
recognizer (PocketSphinx for English, with the state's grammar) finds the end of the caller's
speech, the engine steps, and the next prompt's first sample goes to the speaker. The gap is split
into the end-of-speech wait, decoding, and the step to the next prompt.
Run: .venv/bin/python bench/mic.py [--turns 24] [--asr pocketsphinx|vosk]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from ivr.channels import mic  # noqa: E402
from ivr.flow import compile_flow  # noqa: E402
from ivr.speech import recognizer, render  # noqa: E402
from ivr.speech.audio import RATE, Pcm  # noqa: E402
from ivr.speech.voice import CallerVoice  # noqa: E402

FLOW = """
name: bench-mic
nodes:
  main:
    type: menu
    prompt: Which one?
    options:
      - {dtmf: 1, phrases: [billing, pay my bill], next: ok}
      - {dtmf: 2, phrases: [internet, my internet is not working], next: ok}
      - {dtmf: 3, phrases: [outage, is there an outage], next: ok}
  ok: {type: say, prompt: Okay., next: main}
"""
PHRASES = ("billing", "internet", "outage", "pay my bill", "my internet is not working", "is there an outage")
GOAL_MS = 300.0
PAUSE_S = 0.3  # the caller answers this long after the prompt ends


class Speaker:
    """A speaker in real time: remembers when each prompt started."""

    def __init__(self) -> None:
        self.until = 0.0
        self.starts: list[float] = []

    def play(self, pcm: Pcm) -> None:
        now = time.monotonic()
        self.starts.append(now)
        self.until = now + len(pcm) / RATE

    def stop(self) -> None:
        self.until = time.monotonic()

    def busy(self) -> bool:
        return time.monotonic() < self.until


class Caller:
    """A microphone in real time: frame n is captured at start + n x 20 ms and handed over no earlier
    (later if the call loop was busy, as from a sound card's queue). It answers each prompt with the
    next phrase, and knows when each answer's last voiced frame was captured."""

    def __init__(self, speaker: Speaker, answers: list[Pcm], turns: int) -> None:
        self.speaker, self.answers, self.turns = speaker, answers, turns
        self.start = time.monotonic()
        self.n = 0
        self.audio = b""
        self.voiced_frames = 0
        self.idle_since: float | None = None
        self.heard_prompts = 0
        self.spoken = 0
        self.speech_ends: list[float] = []

    def read(self, timeout: float) -> bytes:
        due = self.start + self.n * mic.FRAME_MS / 1000
        if due > time.monotonic():
            time.sleep(due - time.monotonic())
        captured = due + mic.FRAME_MS / 1000
        self.n += 1
        if not self.audio:
            self._maybe_speak()
        if not self.audio:
            return bytes(mic.FRAME_BYTES)
        frame, self.audio = self.audio[: mic.FRAME_BYTES], self.audio[mic.FRAME_BYTES :]
        self.voiced_frames -= 1
        if self.voiced_frames == 0:
            self.speech_ends.append(captured)
        return frame.ljust(mic.FRAME_BYTES, b"\0")

    def _maybe_speak(self) -> None:
        if self.speaker.busy() or len(self.speaker.starts) <= self.heard_prompts:
            self.idle_since = None
            return
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if now - self.idle_since < PAUSE_S:
            return
        if self.spoken >= self.turns:
            raise mic.Hungup
        pcm = self.answers[self.spoken % len(self.answers)]
        self.spoken += 1
        self.heard_prompts = len(self.speaker.starts)
        self.audio = pcm.astype("<i2").tobytes()
        self.voiced_frames = voiced_frames(pcm)


def voiced_frames(pcm: Pcm) -> int:
    """Frames up to the last one louder than -45 dBFS: where the speech really ends."""
    frames = pcm[: len(pcm) // 320 * 320].reshape(-1, 320).astype(np.float64)
    loud = np.nonzero(np.sqrt((frames**2).mean(axis=1)) > 185)[0]
    return int(loud[-1]) + 1


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=24)
    parser.add_argument("--asr", choices=("pocketsphinx", "vosk"), default=None)
    args = parser.parse_args()
    console = Console()
    flow = compile_flow(FLOW, "bench-mic.yaml")
    folder = Path(tempfile.mkdtemp(prefix="ivr-bench-mic-"))
    render.render(flow, folder)
    voice = CallerVoice("joe")
    answers = [voice.speak(p) for p in PHRASES]
    asr = recognizer(args.asr)
    speaker = Speaker()
    caller = Caller(speaker, answers, args.turns)
    call = mic.MicCall(flow, asr, caller, speaker, mic.RenderedPrompts(flow, folder), http=None)
    call.run()

    timings = [t for t in call.timings if t.next_prompt is not None]
    ends = caller.speech_ends[: len(timings)]
    right = sum(t.text is not None and PHRASES[i % len(PHRASES)] == t.text for i, t in enumerate(timings))
    rows = {
        "caller stops → recognizer decides": [(t.decided - e) * 1000 for t, e in zip(timings, ends, strict=True)],
        "  of which decoding": [t.decode * 1000 for t in timings],
        "recognizer decides → next prompt starts": [(t.next_prompt - t.decided) * 1000 for t in timings],  # type: ignore[operator]
        "caller stops → next prompt starts": [(t.next_prompt - e) * 1000 for t, e in zip(timings, ends, strict=True)],  # type: ignore[operator]
    }
    table = Table(title=f"ivr call: {len(timings)} turns, {asr.name}, {os.cpu_count()} cores", title_justify="left")
    for col in ("interval", "p50 ms", "p95 ms", "max ms"):
        table.add_column(col, justify="left" if col == "interval" else "right")
    for name, values in rows.items():
        table.add_row(name, f"{statistics.median(values):.0f}", f"{pct(values, 0.95):.0f}", f"{max(values):.0f}")
    console.print(table)
    waited = [t.text for t, e in zip(timings, ends, strict=True) if t.decided - e >= mic.END_SURE_S]
    console.print(f"recognized exactly: {right}/{len(timings)}; waited for a sure pause: {len(waited)} "
                  f"({', '.join(repr(w) for w in waited) or 'none'})")
    gap = pct(rows["caller stops → next prompt starts"], 0.95)
    console.print(f"goal: p95 ≤ {GOAL_MS:.0f} ms from the end of the caller's speech to the next prompt: "
                  f"{'met' if gap <= GOAL_MS else 'MISSED'} ({gap:.0f} ms). A menu answer ends at a "
                  f"{mic.END_QUICK_S:g} s pause; anything else at {mic.END_SURE_S:g} s.")

if __name__ == "__main__":
    main()
