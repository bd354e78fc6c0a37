"""Recorded prompts the tests make for themselves: spoken by Piper, then encoded by ffmpeg the way voice
talent delivers them (MP3, OGG, M4A, 44.1 kHz stereo WAV), plus a silent, a clipped and a corrupt file.

:func:`make_project` lays out a project (flows/recorded.yaml and audio/) in a folder; the modules that
use it make one per module, so nothing lands in the repository."""

from __future__ import annotations

import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from ivr.speech.audio import Pcm

WELCOME = "Welcome to the billing line."
MENU = "For billing say billing or press one."
GOODBYE = "Thank you for calling goodbye."
SENTENCES = (WELCOME, MENU, GOODBYE, "Your order has been shipped today.", "Please hold for the next agent.")

FLOW = f"""\
name: recorded
languages: [en]
nodes:
  welcome:
    type: say
    prompt: {{text: {WELCOME}, audio: welcome.mp3}}
    next: main
  main:
    type: menu
    prompt: {{text: {MENU}, audio: menu.wav}}
    options:
      - dtmf: "1"
        phrases: [billing]
        next: bye
  bye:
    type: hangup
    prompt: {{text: {GOODBYE}, audio: goodbye.ogg}}
"""


@dataclass(frozen=True)
class Project:
    root: Path
    flow: Path
    audio: Path


def write_wav(path: Path, pcm: Pcm, rate: int = 16_000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    return path


def ffmpeg(src: Path, dst: Path, *args: str) -> Path:
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(src), *args, str(dst)], check=True, timeout=120)
    return dst


def encode(pcm: Pcm, folder: Path, name: str) -> Path:
    """``pcm`` (16 kHz mono) as the file ``name``, in the format its extension names; a .wav is 44.1 kHz stereo."""
    source = write_wav(folder / f".{name}.src.wav", pcm)
    target = folder / name
    stereo = ["-af", "pan=stereo|c0=c0|c1=c0"]  # both channels the same, at the same level (ffmpeg's own upmix is 3 dB down)
    options = {".mp3": ["-ar", "44100", *stereo, "-b:a", "128k"], ".ogg": ["-ar", "44100", "-c:a", "libvorbis", "-q:a", "4"],
               ".m4a": ["-ar", "44100", "-c:a", "aac", "-b:a", "96k"], ".wav": ["-ar", "44100", *stereo, "-c:a", "pcm_s16le"]}
    ffmpeg(source, target, *options[target.suffix])
    source.unlink()
    return target


def make_project(base: Path) -> Project:
    """A project whose flow plays an MP3, a 44.1 kHz stereo WAV and an OGG; audio/ also holds an M4A,
    a silent, a clipped and a corrupt recording for the checks."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("these tests need ffmpeg (scripts/test installs it: apt-get install ffmpeg)")
    from ivr.speech.voice import CallerVoice

    voice = CallerVoice("joe")
    (base / "flows").mkdir(parents=True)
    folder = base / "audio"
    folder.mkdir()
    spoken = {text: voice.speak(text) for text in (WELCOME, MENU, GOODBYE)}
    encode(spoken[WELCOME], folder, "welcome.mp3")
    encode(spoken[MENU], folder, "menu.wav")
    encode(spoken[GOODBYE], folder, "goodbye.ogg")
    encode(spoken[GOODBYE], folder, "goodbye.m4a")
    encode(np.zeros(16_000 * 2, dtype=np.int16), folder, "silent.wav")
    loud = np.clip(spoken[MENU].astype(np.float64) * 12, -32768, 32767).astype(np.int16)  # +22 dB: the peaks are cut flat
    encode(loud, folder, "clipped.wav")
    quiet = (spoken[WELCOME].astype(np.float64) * 0.03).astype(np.int16)  # -30 dB
    encode(quiet, folder, "quiet.mp3")
    (folder / "corrupt.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40)
    flow = base / "flows" / "recorded.yaml"
    flow.write_text(FLOW, encoding="utf-8")
    return Project(base, flow, folder)
