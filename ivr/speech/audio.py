"""Caller audio for the simulator: read, resample, make it sound like a phone line, add noise.

Everything works on 16-bit mono PCM as numpy arrays; recognizers take 16 kHz.
"""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.signal import butter, resample_poly, sosfilt

from ivr.errors import ScriptError

RATE = 16_000
Pcm = NDArray[np.int16]


def read_wav(path: str | Path) -> tuple[Pcm, int]:
    """A WAV file's samples (mixed to mono) and rate; ScriptError with the reason if it can't be read."""
    try:
        with wave.open(str(path), "rb") as w:
            width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
            raw = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise ScriptError(f"audio file {str(path)!r} does not exist") from None
    except (wave.Error, EOFError, OSError) as e:
        raise ScriptError(f"cannot read audio file {str(path)!r}: {e} (ivr reads 16-bit PCM WAV files)") from None
    if width != 2:
        raise ScriptError(f"audio file {str(path)!r} has {8 * width}-bit samples; ivr reads 16-bit PCM WAV files")
    samples = np.frombuffer(raw, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return samples.astype(np.int16), rate


def resample(samples: Pcm, rate: int, to: int = RATE) -> Pcm:
    if rate == to:
        return samples
    g = np.gcd(rate, to)
    return _clip(resample_poly(samples.astype(np.float64), to // g, rate // g))


def telephone(samples: Pcm, rate: int = RATE) -> Pcm:
    """What a caller sounds like through the phone network: 300-3400 Hz, 8 kHz, G.711 µ-law, back to ``rate``."""
    sos = butter(4, [300, 3400], btype="bandpass", fs=rate, output="sos")
    narrow = resample(_clip(sosfilt(sos, samples.astype(np.float64))), rate, 8_000)
    return resample(mulaw_decode(mulaw_encode(narrow)), 8_000, rate)


def mulaw_encode(samples: Pcm) -> NDArray[np.uint8]:
    """G.711 µ-law, as Twilio's media streams carry it."""
    x = np.clip(samples.astype(np.float64) / 32768.0, -1.0, 1.0)
    y = np.sign(x) * np.log1p(255 * np.abs(x)) / np.log1p(255)
    codes: NDArray[np.uint8] = ((y + 1) / 2 * 255 + 0.5).astype(np.uint8)
    return codes


def mulaw_decode(codes: NDArray[np.uint8]) -> Pcm:
    y = codes.astype(np.float64) / 255 * 2 - 1
    x = np.sign(y) * (np.power(256.0, np.abs(y)) - 1) / 255
    return _clip(x * 32768.0)


def add_noise(samples: Pcm, snr_db: float, seed: int = 0) -> Pcm:
    """White noise at ``snr_db`` below the speech's power (seeded, so runs repeat)."""
    signal = samples.astype(np.float64)
    power = float(np.mean(signal**2)) or 1.0
    noise = np.random.default_rng(seed).normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), size=signal.shape)
    return _clip(signal + noise)


def frames(samples: Pcm, ms: int = 20, rate: int = RATE) -> Iterator[bytes]:
    """The caller's audio as a live call streams it: little-endian 16-bit chunks of ``ms`` milliseconds."""
    data = samples.astype("<i2").tobytes()
    step = 2 * rate * ms // 1000
    return (data[i : i + step] for i in range(0, len(data), step))


def pad(samples: Pcm, seconds: float = 0.8, rate: int = RATE) -> Pcm:
    """Silence before and after, as a caller's turn has."""
    gap = np.zeros(int(seconds * rate), dtype=np.int16)
    return np.concatenate([gap, samples, gap])


def _clip(x: NDArray[np.float64]) -> Pcm:
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)
