"""Audio in and out: check and read WAV files, resample, make speech sound like a phone line, add noise.

Everything works on 16-bit mono PCM as numpy arrays; recognizers take 16 kHz.

Audio that enters ivr (a recording posted to the designer, a script's ``say-audio``, a flow's
recorded prompt) is untrusted: :func:`check_wav` reads only its RIFF header and refuses, in one
line, anything outside what a caller's turn can be (8-48 kHz, mono or stereo, at most 60 s, 16-bit
or 8-bit PCM, G.711 µ-law or A-law) before a single sample is decoded. A header is all it takes to
ask for gigabytes: a 1 Hz recording resampled to 16 kHz gives sixteen thousand samples per sample.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np
from numpy.typing import NDArray

from ivr.errors import ScriptError

RATE = 16_000
Pcm = NDArray[np.int16]

MIN_RATE, MAX_RATE = 8_000, 48_000
PHONE_RATE = 8_000  # audio at this rate came through a phone line (a call's recording), or was made for one
MAX_CHANNELS = 2
MAX_SECONDS = 60.0  # a caller's turn: a recording posted to the designer, a script's say-audio
PROMPT_SECONDS = 300.0  # a flow's own recorded prompts and rendered prompt files
HEADER_BYTES = 64 * 1024  # room for the chunks before the samples (fmt, LIST, bext, JUNK padding)
FORMATS = "16-bit PCM WAV files (or 8-bit PCM, µ-law, A-law) at 8-48 kHz, mono or stereo"

Encoding = Literal["pcm16", "pcm8", "mulaw", "alaw"]
_CODES: dict[int, Encoding] = {1: "pcm16", 6: "alaw", 7: "mulaw"}  # WAVE_FORMAT_PCM (or 8-bit), _ALAW, _MULAW
_OTHER = {2: "MS ADPCM", 3: "32-bit float", 0x11: "IMA ADPCM", 0x31: "GSM 6.10", 0x55: "MP3"}
_EXTENSIBLE = 0xFFFE
_SUBTYPE_TAIL = bytes.fromhex("000000001000800000aa00389b71")  # KSDATAFORMAT_SUBTYPE_* after its format code


def max_bytes(max_seconds: float = MAX_SECONDS) -> int:
    """The largest WAV file that can hold ``max_seconds`` of audio ivr takes (48 kHz stereo 16-bit, and a header)."""
    return HEADER_BYTES + int(max_seconds * MAX_RATE) * MAX_CHANNELS * 2


MAX_BYTES = max_bytes()  # 11,585,536: what the designer reads of a request at most


class WavError(ScriptError):
    """Audio ivr refuses to decode; ``too_large`` when only its size or length is wrong."""

    def __init__(self, message: str, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


@dataclass(frozen=True)
class WavInfo:
    """What a checked WAV header says: how its samples are coded and where they are."""

    encoding: Encoding
    rate: int
    channels: int
    frames: int
    data_offset: int

    @property
    def width(self) -> int:
        return 2 if self.encoding == "pcm16" else 1

    @property
    def data_bytes(self) -> int:
        return self.frames * self.channels * self.width

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def check_format(rate: int, channels: int, seconds: float = 0.0, max_seconds: float = MAX_SECONDS) -> str | None:
    """Why audio of this shape is refused (one line), or None; for streams without a WAV header too."""
    if not MIN_RATE <= rate <= MAX_RATE:
        return f"its sample rate is {rate:,} Hz; ivr takes {MIN_RATE:,}-{MAX_RATE:,} Hz"
    if not 1 <= channels <= MAX_CHANNELS:
        return f"it has {channels} channels; ivr takes mono or stereo"
    if seconds > max_seconds:
        return f"it is {seconds:,.1f} s long; ivr takes at most {max_seconds:g} s"
    return None


def check_wav(source: bytes | str | Path, max_seconds: float = MAX_SECONDS) -> WavInfo:
    """Check WAV audio (its bytes, or a file's path) from its header alone, before anything is decoded:
    format, rate, channels, length and size; :class:`WavError` says in one line why it is refused."""
    if isinstance(source, bytes):
        return _check(io.BytesIO(source), len(source), "the recording", max_seconds)
    what = f"audio file {str(source)!r}"
    with _open(source, what) as f:
        return _check(f, os.fstat(f.fileno()).st_size, what, max_seconds)


def read_wav(source: bytes | str | Path, max_seconds: float = MAX_SECONDS) -> tuple[Pcm, int]:
    """WAV audio's samples (mixed to mono, 16-bit) and rate, once :func:`check_wav` has passed it;
    :class:`WavError` (a ScriptError) with the reason if it can't be read or is refused."""
    if isinstance(source, bytes):
        info = _check(io.BytesIO(source), len(source), "the recording", max_seconds)
        raw = source[info.data_offset : info.data_offset + info.data_bytes]
    else:
        what = f"audio file {str(source)!r}"
        with _open(source, what) as f:
            info = _check(f, os.fstat(f.fileno()).st_size, what, max_seconds)
            f.seek(info.data_offset)
            raw = f.read(info.data_bytes)
        if len(raw) < info.data_bytes:
            raise WavError(f"cannot read {what}: it shrank while being read")
    return _decode(raw, info), info.rate


def _open(path: str | Path, what: str) -> BinaryIO:
    p = Path(path)
    try:
        if not p.is_file():  # a FIFO or /dev/zero would never end
            if not p.exists():
                raise WavError(f"{what} does not exist")
            raise WavError(f"cannot read {what}: not a regular file")
        return p.open("rb")
    except OSError as e:
        raise WavError(f"cannot read {what}: {e.strerror or e}") from None


def _check(f: BinaryIO, size: int, what: str, max_seconds: float) -> WavInfo:
    def refuse(reason: str, too_large: bool = False) -> WavError:
        return WavError(f"cannot read {what}: {reason}", too_large)

    if size > max_bytes(max_seconds):
        raise refuse(f"it is {size:,} bytes; ivr takes at most {max_bytes(max_seconds):,} ({max_seconds:g} s of audio)", True)
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:] != b"WAVE":
        raise refuse(f"not a WAV file (no RIFF/WAVE header); ivr reads {FORMATS}")
    shape: tuple[Encoding, int, int] | None = None
    at = 12
    while True:
        chunk = f.read(8)
        if len(chunk) < 8:
            raise refuse("it has no audio data ('data' chunk)")
        kind, length = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        at += 8
        if kind == b"data":
            break
        if at + length > HEADER_BYTES:
            raise refuse(f"more than {HEADER_BYTES // 1024} KiB of header before the audio data")
        if kind == b"fmt ":
            shape = _fmt(f.read(length), refuse)
        else:
            f.seek(length, io.SEEK_CUR)
        at += length + (length & 1)  # chunks are padded to an even length
        f.seek(at)
    if shape is None:
        raise refuse("its audio data comes before its format ('fmt ' chunk)")
    encoding, rate, channels = shape
    frame = channels * (2 if encoding == "pcm16" else 1)
    frames = min(length, max(0, size - at)) // frame  # a cut-off file gives what it has, as sox and wave do
    problem = check_format(rate, channels, frames / rate, max_seconds)
    if problem:
        raise refuse(problem, True)
    return WavInfo(encoding, rate, channels, frames, at)


def _fmt(body: bytes, refuse: Callable[[str], WavError]) -> tuple[Encoding, int, int]:
    """The 'fmt ' chunk: encoding, rate and channels, each checked before any sample is looked at."""
    if len(body) < 16:
        raise refuse("its format chunk is cut short")
    code, channels, rate, _, align, bits = struct.unpack("<HHIIHH", body[:16])
    if code == _EXTENSIBLE:
        if len(body) < 40 or body[26:40] != _SUBTYPE_TAIL:
            raise refuse(f"its samples are in an unknown extensible format; ivr reads {FORMATS}")
        code = struct.unpack("<H", body[24:26])[0]
    encoding = "pcm8" if code == 1 and bits == 8 else _CODES.get(code)
    if encoding is None:
        raise refuse(f"its samples are {_OTHER.get(code, f'in format {code:#06x}')}; ivr reads {FORMATS}")
    width = 2 if encoding == "pcm16" else 1
    if bits != 8 * width:
        raise refuse(f"it has {bits}-bit {'PCM' if code == 1 else encoding} samples; ivr reads {FORMATS}")
    problem = check_format(rate, channels)
    if problem:
        raise refuse(problem)
    if align != channels * width:
        raise refuse(f"its block size ({align} bytes) does not fit {channels} channel(s) of {bits}-bit samples")
    return encoding, rate, channels


def _g711_tables() -> tuple[Pcm, Pcm]:
    """ITU-T G.711 µ-law and A-law expansion to 16-bit linear (as Sun's g711.c and sox decode them)."""
    u = ~np.arange(256, dtype=np.int32) & 0xFF
    magnitude = (((u & 0x0F) << 3) + 0x84 << ((u >> 4) & 0x07)) - 0x84
    mulaw = np.where(u & 0x80, -magnitude, magnitude)
    a = np.arange(256, dtype=np.int32) ^ 0x55
    segment = (a >> 4) & 0x07
    t = ((a & 0x0F) << 4) + np.where(segment == 0, 8, 0x108)
    t = np.where(segment > 1, t << np.maximum(segment - 1, 0), t)
    alaw = np.where(a & 0x80, t, -t)
    return mulaw.astype(np.int16), alaw.astype(np.int16)


_MULAW, _ALAW = _g711_tables()


def _decode(raw: bytes, info: WavInfo) -> Pcm:
    if info.encoding == "pcm16":
        samples = np.frombuffer(raw, dtype="<i2").astype(np.int16)
    elif info.encoding == "pcm8":
        samples = ((np.frombuffer(raw, dtype=np.uint8).astype(np.int16) - 128) << 8).astype(np.int16)
    else:
        samples = (_MULAW if info.encoding == "mulaw" else _ALAW)[np.frombuffer(raw, dtype=np.uint8)]
    if info.channels > 1:
        samples = samples.reshape(-1, info.channels).mean(axis=1).astype(np.int16)
    return samples


def resample(samples: Pcm, rate: int, to: int = RATE) -> Pcm:
    if rate == to or not samples.size:
        return samples
    g = np.gcd(rate, to)
    from scipy.signal import resample_poly  # scipy takes a second to import; most callers of this module never resample

    return _clip(resample_poly(samples.astype(np.float64), to // g, rate // g))


def telephone(samples: Pcm, rate: int = RATE) -> Pcm:
    """What a caller sounds like through the phone network: 300-3400 Hz, 8 kHz, G.711 µ-law, back to ``rate``."""
    return resample(_companded(phone_band(samples, rate)), 8_000, rate)


def phone_band(samples: Pcm, rate: int = RATE) -> Pcm:
    """What the phone network keeps of a voice before it is companded: 300-3400 Hz, at 8 kHz."""
    from scipy.signal import butter, sosfilt

    sos = butter(4, [300, 3400], btype="bandpass", fs=rate, output="sos")
    return resample(_clip(sosfilt(sos, samples.astype(np.float64))), rate, 8_000)


def mulaw_encode(samples: Pcm) -> NDArray[np.uint8]:
    """ITU-T G.711 µ-law codes, as phone networks, Twilio's media streams and ``<Play>`` of a µ-law WAV
    decode them (Sun's g711.c, as audioop.lin2ulaw and sox encode): sign, 3-bit segment, 4-bit step, inverted."""
    x = samples.astype(np.int32) >> 2  # 14-bit, as the standard's tables are
    mask = np.where(x < 0, 0x7F, 0xFF)
    magnitude = np.minimum(np.abs(x), 8159) + 0x21
    segment = np.searchsorted(np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF]), magnitude)
    value = np.where(segment > 7, 0x7F, (segment << 4) | ((magnitude >> (segment + 1)) & 0x0F))
    codes: NDArray[np.uint8] = ((value ^ mask) & 0xFF).astype(np.uint8)
    return codes


def mulaw_decode(codes: NDArray[np.uint8]) -> Pcm:
    """G.711 µ-law codes back to 16-bit linear samples."""
    return _MULAW[codes]


def _companded(samples: Pcm) -> Pcm:
    """µ-law companding's loss as a smooth curve (8 bits over the µ = 255 law), the line model the spoken-caller
    tests were tuned on; files and streams use the standard's codes (:func:`mulaw_encode`), whose steps differ slightly."""
    x = np.clip(samples.astype(np.float64) / 32768.0, -1.0, 1.0)
    y = np.floor((np.sign(x) * np.log1p(255 * np.abs(x)) / np.log1p(255) + 1) / 2 * 255 + 0.5) / 255 * 2 - 1
    return _clip(np.sign(y) * (np.power(256.0, np.abs(y)) - 1) / 255 * 32768.0)


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


class SpeechMeter:
    """Whether a stream held speech: frames ``margin_db`` above the quietest one heard (and above
    ``min_db``) for ``onset_ms`` in a row. Tells a turn where the caller spoke but no word could be made
    out from one where nobody spoke, for recognizers without an endpointer of their own."""

    def __init__(self, min_db: float = -45.0, margin_db: float = 15.0, onset_ms: int = 100, rate: int = RATE) -> None:
        self.min_db, self.margin_db, self.onset_ms, self.rate = min_db, margin_db, onset_ms, rate
        self.floor_db = 0.0
        self.levels: list[tuple[float, float]] = []  # (level dB, milliseconds) per chunk

    def feed(self, chunk: bytes) -> None:
        x = np.frombuffer(chunk[: len(chunk) // 2 * 2], dtype="<i2").astype(np.float64)
        if not len(x):
            return
        level = 20 * float(np.log10(max(float(np.sqrt(np.mean(x * x))), 1.0) / 32768.0))
        self.floor_db = level if not self.levels else min(self.floor_db, level)
        self.levels.append((level, 1000 * len(x) / self.rate))

    @property
    def spoke(self) -> bool:
        threshold = max(self.min_db, self.floor_db + self.margin_db)
        run = 0.0
        for level, ms in self.levels:
            run = run + ms if level > threshold else 0.0
            if run >= self.onset_ms:
                return True
        return False


def _clip(x: NDArray[np.float64]) -> Pcm:
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)
