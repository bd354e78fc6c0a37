"""Recorded prompts in any format ffmpeg reads (MP3, M4A, OGG, FLAC, WAV at any rate), through pydub.

One loader for every channel. A recording is decoded once and converted to the format a channel
plays: 16 kHz 16-bit mono PCM for the microphone and the recognizers, 8 kHz G.711 µ-law for phone
streams; Twilio's ``<Play>`` gets the original file. The copies are cached by the source's content
hash in ``recordings/`` beside the rendered prompts, so an edited recording is converted again and an
unchanged one never is. pydub needs ffmpeg for anything but WAV, and ``audioop`` (``audioop-lts``
on Python 3.13 and later).

Anything that cannot be played is a :class:`RecordingError` with one line saying why, never a
traceback: ``ivr check`` warns about it, and a call speaks the prompt's text instead.
"""

from __future__ import annotations

import hashlib
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ivr.errors import ScriptError
from ivr.flow.checks import SILENT_DBFS, RecordingFacts
from ivr.speech import audio

if TYPE_CHECKING:
    from pydub import AudioSegment

Kind = Literal["pcm16k", "ulaw8k"]
KINDS: dict[Kind, tuple[int, str]] = {"pcm16k": (audio.RATE, ".wav"), "ulaw8k": (8_000, ".ulaw.wav")}
MAX_BYTES = audio.max_bytes(audio.PROMPT_SECONDS)  # 48 kHz stereo 16-bit WAV of the longest prompt; any compressed file is smaller
MAX_SECONDS = audio.PROMPT_SECONDS

FULL_SCALE = 32_767 * 0.999  # a sample this loud was (or became) clipped

CONVERSION = 2  # bump when the conversion changes, so cached copies are made again


class RecordingError(ScriptError):
    """A recording that cannot be played, with one line saying why."""


def _pydub() -> Any:
    """pydub, imported quietly: on Python 3.11-3.12 it imports ``audioop``, which warns that it is deprecated."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pydub
    except ImportError as e:
        raise RecordingError(f'playing recorded prompts needs pydub ({e.name} is not installed): pip install "ivr[mic]"') from None
    return pydub


def _name(path: Path) -> str:
    return str(path).replace("\0", "\\0")


def decode(path: str | Path) -> AudioSegment:
    """The recording at ``path``, decoded (pydub, ffmpeg underneath); :class:`RecordingError` if it is
    not a regular file, too large, not audio ffmpeg can read, empty, or longer than a prompt can be."""
    path = Path(path)
    what = f"audio file {_name(path)!r}"
    try:
        if not path.is_file():
            raise RecordingError(f"{what} does not exist" if not path.exists() else f"cannot read {what}: not a regular file")
        size = path.stat().st_size
    except (OSError, ValueError) as e:
        raise RecordingError(f"cannot read {what}: {getattr(e, 'strerror', None) or e}") from None
    if size > MAX_BYTES:
        raise RecordingError(f"cannot read {what}: it is {size:,} bytes; recorded prompts are at most {MAX_BYTES:,}")
    if size == 0:
        raise RecordingError(f"cannot read {what}: it is empty")
    pydub = _pydub()
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError as e:
        raise RecordingError(f"cannot read {what}: {e.strerror or e}") from None
    is_wav = head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if not is_wav and shutil.which("ffmpeg") is None:
        raise RecordingError(f"cannot read {what}: reading anything but WAV needs ffmpeg (apt-get install ffmpeg, brew install ffmpeg)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydub warns when ffmpeg is missing, and audioop is deprecated
            # a PCM WAV is read here (pydub's own reader; its size is bounded above), anything else by ffmpeg, cut past a prompt's length
            segment = pydub.AudioSegment.from_file(str(path), format="wav" if is_wav else None, duration=None if is_wav else MAX_SECONDS + 1)
    except pydub.exceptions.CouldntDecodeError as e:
        raise RecordingError(f"cannot read {what}: it is not audio ffmpeg can decode ({_reason(str(e), path)})") from None
    except (OSError, ValueError, IndexError, KeyError, EOFError, MemoryError) as e:
        raise RecordingError(f"cannot read {what}: it is not audio ffmpeg can decode ({type(e).__name__}: {str(e)[:120]})") from None
    if not len(segment):
        raise RecordingError(f"cannot read {what}: it holds no audio")
    if len(segment) > MAX_SECONDS * 1000:
        raise RecordingError(f"cannot read {what}: it is longer than {MAX_SECONDS:g} s, the most a prompt can be")
    return segment


def _reason(message: str, path: Path) -> str:
    """ffmpeg's own words for why it could not decode a file (its last complaint), from the output pydub
    passes on, without the file's full path (the designer shows this message to the browser)."""
    lines = [line.strip().replace(f"{path}: ", "").replace(str(path), path.name) for line in message.splitlines() if line.strip()]
    complaints = [line.split("] ", 1)[1] for line in lines if line.startswith("[") and "] " in line]
    return (complaints[-1] if complaints else lines[-1] if lines else "unknown error")[:160]


def samples(segment: AudioSegment, rate: int = audio.RATE) -> audio.Pcm:
    """A decoded recording as 16-bit mono PCM at ``rate``: channels mixed by pydub, resampled with a
    polyphase filter (pydub's own resampler, audioop.ratecv, has no anti-aliasing filter and blurs speech)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mono = segment.set_channels(1).set_sample_width(2)
    pcm = np.frombuffer(mono.raw_data, dtype="<i2").astype(np.int16)
    return audio.resample(pcm, segment.frame_rate, rate)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256(f"ivr-recording-{CONVERSION}\n".encode())
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:20]


def cached_path(source: Path, cache: Path, kind: Kind) -> Path:
    """Where the ``kind`` copy of ``source`` is kept in ``cache``: named by the source's content."""
    return cache / f"{content_hash(source)}{KINDS[kind][1]}"


def converted(source: str | Path, cache: Path | None, kind: Kind = "pcm16k") -> Path | audio.Pcm:
    """``source`` in the channel's format: the cached copy's path (made now if missing), or, with no
    writable cache, the samples themselves (16 kHz PCM) or the µ-law codes' file made nowhere."""
    source = Path(source)
    target: Path | None = None
    if cache is not None:
        try:
            target = cached_path(source, cache, kind)
            if target.is_file():
                return target
        except OSError:
            target = None
    rate = KINDS[kind][0]
    pcm = samples(decode(source), rate)
    if target is None:
        return pcm
    try:
        cache.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        from ivr.speech import render

        part = target.with_name(f".{target.name}.part")
        if kind == "pcm16k":
            render.write_pcm(part, pcm, rate)
        else:
            render.write_mulaw(part, audio.mulaw_encode(pcm))
        part.replace(target)
    except OSError:
        return pcm
    return target


def pcm16k(source: str | Path, cache: Path | None = None) -> audio.Pcm:
    """The recording as 16 kHz 16-bit mono PCM, what the microphone channel plays and the recognizers
    hear; converted once and cached in ``cache`` when given. :class:`RecordingError` if it can't be played."""
    got = converted(source, cache, "pcm16k")
    if isinstance(got, Path):
        try:
            return audio.read_wav(got, MAX_SECONDS)[0]
        except ScriptError:  # a damaged cache file: convert again, without it
            return samples(decode(source))
    return got


def ulaw8k(source: str | Path, cache: Path) -> Path:
    """The recording as an 8 kHz G.711 µ-law WAV file (phone streams), converted once into ``cache``."""
    got = converted(source, cache, "ulaw8k")
    if not isinstance(got, Path):
        raise RecordingError(f"cannot write the converted copy of {_name(Path(source))!r} to {cache}")
    return got


# -- what ivr check and ivr audio normalize measure --------------------------------------------------------


def loudness(segment: AudioSegment) -> float | None:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, pyloudnorm), mono-summed as a phone line plays it;
    None for silence, or audio shorter than the 400 ms the measure needs."""
    try:
        import pyloudnorm
    except ImportError:  # measured only where the mic extra is installed
        return None
    rate = segment.frame_rate
    x = samples(segment, rate).astype(np.float64) / 32768.0
    if len(x) < int(0.4 * rate) + 1:
        return None
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        value = float(pyloudnorm.Meter(rate).integrated_loudness(x))
    return value if np.isfinite(value) else None


def measure(path: str | Path) -> RecordingFacts:
    """What ``ivr check`` needs to know of a recording: its shape, level, clipping and loudness."""
    segment = decode(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wide = segment.set_sample_width(2)
    raw = np.frombuffer(wide.raw_data, dtype="<i2")
    peak = float(np.abs(raw.astype(np.int32)).max()) if raw.size else 0.0
    peak_dbfs = 20 * float(np.log10(peak / 32768.0)) if peak else -float("inf")
    clipped = float(np.count_nonzero(np.abs(raw.astype(np.int32)) >= FULL_SCALE)) / max(1, raw.size)
    return RecordingFacts(seconds=len(segment) / 1000.0, rate=segment.frame_rate, channels=segment.channels,
                          peak_dbfs=peak_dbfs, clipped=clipped, lufs=loudness(segment))


def speech_bounds(segment: AudioSegment, below_peak_db: float = 40.0, keep_ms: int = 100) -> tuple[int, int]:
    """Milliseconds where sound starts and ends (``keep_ms`` of margin kept each side), for trimming:
    silence is anything ``below_peak_db`` under the recording's peak, so a quiet recording keeps its speech."""
    from pydub.silence import detect_leading_silence

    threshold_dbfs = max(segment.max_dBFS - below_peak_db, -80.0)
    lead = detect_leading_silence(segment, silence_threshold=threshold_dbfs, chunk_size=10)
    tail = detect_leading_silence(segment.reverse(), silence_threshold=threshold_dbfs, chunk_size=10)
    start, end = max(0, lead - keep_ms), min(len(segment), len(segment) - tail + keep_ms)
    return (start, end) if end > start else (0, len(segment))


@dataclass(frozen=True)
class Normalized:
    """One recording's before and after for ``ivr audio normalize``."""

    source: Path
    target: Path | None
    before: RecordingFacts | None
    after: RecordingFacts | None
    trimmed: float  # seconds of leading and trailing silence cut
    error: str | None = None


def normalize(source: Path, target: Path, lufs: float = -19.0, rate: int = 8_000) -> Normalized:
    """Loudness-match ``source`` to ``lufs`` (mono), trim its leading and trailing silence and write it to
    ``target`` as 16-bit PCM WAV at ``rate``; the gain is held back so no sample clips."""
    try:
        before = measure(source)
        segment = decode(source)
    except RecordingError as e:
        return Normalized(source, None, None, None, 0.0, str(e))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mono = segment.set_channels(1).set_sample_width(2)
        start, end = speech_bounds(mono)
        cut = mono[start:end]
        level = loudness(cut)
        if level is None or before.peak_dbfs < SILENT_DBFS:
            return Normalized(source, None, before, None, 0.0, "silent: nothing to match")
        gain = min(lufs - level, -1.0 - cut.max_dBFS)  # at most up to -1 dBFS peak: louder would clip
        out = samples(cut.apply_gain(gain), rate)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part")
    part.write_bytes(wav_bytes(out, rate))
    part.replace(target)
    return Normalized(source, target, before, measure(target), (len(mono) - len(cut)) / 1000.0)


def cache_folder(flow_file: str, flow_name: str) -> Path:
    """Where a flow's converted recordings are kept: recordings/ in audio/<flow name>/ in the flow file's own
    folder, with the rendered prompts (:func:`ivr.loading.prompt_folder`)."""
    from ivr.loading import prompt_folder_of

    return prompt_folder_of(flow_file, flow_name) / "recordings"


def prompt_pcm(flow_file: str, flow_name: str, path: str, cache: Path | None = None) -> audio.Pcm | None:
    """A flow's ``audio:`` prompt as 16 kHz PCM, the one loader the simulator, the microphone and the
    designer's recognizer share; None when it is a URL, not found inside the project, or cannot be
    played, and the channel speaks the prompt's text instead."""
    from ivr.loading import resolve_audio

    found = resolve_audio(flow_file, path)
    if found is None:
        return None
    try:
        return pcm16k(found, cache if cache is not None else cache_folder(flow_file, flow_name))
    except RecordingError:
        return None


def wav_bytes(pcm: audio.Pcm, rate: int = audio.RATE) -> bytes:
    """16-bit mono PCM as the bytes of a WAV file."""
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    return buffer.getvalue()
