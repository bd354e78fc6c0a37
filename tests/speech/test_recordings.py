"""The recorded-prompt loader (pydub over ffmpeg), what ``ivr check`` says of recordings, and ``ivr audio normalize``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from ivr.engine import effects as fx
from ivr.speech import audio, recognizer, recordings
from tests.recorded import GOODBYE, MENU, SENTENCES, WELCOME, Project, encode, ffmpeg, make_project

ROOT = Path(__file__).parent.parent.parent
ASR = recognizer("pocketsphinx")
LISTEN = fx.Listen("n", "en", tuple(s.lower().rstrip(".") for s in SENTENCES), fx.DtmfSpec((), None, None), 5.0, True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("recordings"))


def heard(pcm: audio.Pcm) -> str:
    result = ASR.recognize(LISTEN, audio.frames(audio.pad(pcm)))
    return result.text if result else ""


@pytest.mark.parametrize(("name", "text"), [("welcome.mp3", WELCOME), ("menu.wav", MENU), ("goodbye.ogg", GOODBYE), ("goodbye.m4a", GOODBYE)])
def test_every_format_is_heard_saying_its_words(project: Project, name: str, text: str) -> None:
    pcm = recordings.pcm16k(project.audio / name)
    assert heard(pcm) == text.lower().rstrip(".")
    assert 1.0 < len(pcm) / audio.RATE < 3.0


def test_a_recording_is_converted_once_and_again_when_it_changes(project: Project, tmp_path: Path) -> None:
    source = Path(shutil.copy(project.audio / "welcome.mp3", tmp_path / "welcome.mp3"))
    cache = tmp_path / "cache"
    first = recordings.converted(source, cache)
    assert isinstance(first, Path) and first.parent == cache
    made = first.stat().st_mtime_ns
    assert recordings.converted(source, cache) == first and first.stat().st_mtime_ns == made  # not converted again
    ulaw = recordings.ulaw8k(source, cache)
    with wave.open(str(first)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16_000, 1, 2)
    assert audio.check_wav(ulaw.read_bytes()).encoding == "mulaw" and audio.check_wav(ulaw.read_bytes()).rate == 8_000
    shutil.copy(project.audio / "goodbye.ogg", source)  # same name, new content
    assert recordings.converted(source, cache) != first


def test_a_phone_copy_is_heard_by_a_standard_g711_decoder(project: Project, tmp_path: Path) -> None:
    """ffmpeg decodes the µ-law copy (as Twilio does) to the words it holds; the old companding curve came out garbled."""
    ulaw = recordings.ulaw8k(project.audio / "menu.wav", tmp_path)
    decoded = ffmpeg(ulaw, tmp_path / "decoded.wav", "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le")
    pcm, rate = audio.read_wav(decoded)
    assert heard(audio.resample(pcm, rate)) == MENU.lower().rstrip(".")
    x = np.arange(-32768, 32768, dtype=np.int16)
    assert np.abs(audio.mulaw_decode(audio.mulaw_encode(x)).astype(np.int32) - x).max() <= 1024  # G.711's coarsest step


@pytest.mark.parametrize("make", ["corrupt", "empty", "folder", "huge", "text"])
def test_what_cannot_be_played_is_one_line(project: Project, tmp_path: Path, make: str) -> None:
    path = tmp_path / "bad.mp3"
    if make == "corrupt":
        shutil.copy(project.audio / "corrupt.mp3", path)
    elif make == "empty":
        path.write_bytes(b"")
    elif make == "folder":
        path.mkdir()
    elif make == "huge":
        with path.open("wb") as f:
            f.truncate(recordings.MAX_BYTES + 1)
    else:
        path.write_text("not audio at all\n" * 100)
    with pytest.raises(recordings.RecordingError) as e:
        recordings.pcm16k(path, tmp_path / "cache")
    assert len(str(e.value).splitlines()) == 1 and "bad.mp3" in str(e.value)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def ivr(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "ivr", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def flow_with(project: Project, tmp_path: Path, **audio_for: str) -> Path:
    """The test flow with other recordings in its prompts (welcome, menu, bye)."""
    base = tmp_path / "p"
    shutil.copytree(project.root, base)
    text = (base / "flows" / "recorded.yaml").read_text()
    for old, new in (("welcome.mp3", audio_for.get("welcome")), ("menu.wav", audio_for.get("menu")), ("goodbye.ogg", audio_for.get("bye"))):
        if new:
            text = text.replace(old, new)
    (base / "flows" / "recorded.yaml").write_text(text)
    return base


def test_ivr_check_flags_a_silent_and_a_clipped_recording(project: Project, tmp_path: Path) -> None:
    base = flow_with(project, tmp_path, welcome="silent.wav", menu="clipped.wav")
    done = ivr("check", "flows/recorded.yaml", "--no-table", cwd=base)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert any("warning[silent-audio]: audio file 'silent.wav' is silent (its loudest sample is digital silence)" in line for line in lines)
    clipped = next(line for line in lines if "warning[clipped-audio]" in line)
    assert "audio file 'clipped.wav' is clipped:" in clipped and "% of its samples are at full scale" in clipped
    assert "recorded.yaml:6:" in done.stderr and "recorded.yaml:10:" in done.stderr  # at the audio: of each prompt
    assert "Traceback" not in done.stderr


def test_ivr_check_flags_unreadable_low_rate_quiet_and_long_recordings(project: Project, tmp_path: Path) -> None:
    base = flow_with(project, tmp_path, welcome="corrupt.mp3", menu="phone.wav", bye="quiet.mp3")
    ffmpeg(project.audio / "menu.wav", base / "audio" / "phone.wav", "-ar", "6000", "-ac", "1")
    done = ivr("check", "flows/recorded.yaml", "--no-table", "--max-prompt-seconds", "1.8", cwd=base)
    text = done.stderr
    assert "warning[unplayable-audio]: cannot read audio file 'corrupt.mp3': it is not audio ffmpeg can decode (" in text
    assert "callers hear the prompt's text spoken instead" in text and "Traceback" not in text
    assert "warning[low-sample-rate]: audio file 'phone.wav' is sampled at 6,000 Hz, below telephone quality (8,000 Hz)" in text
    assert "warning[audio-loudness]: audio file 'quiet.mp3' is too quiet:" in text
    assert "warning[long-prompt]: audio file 'phone.wav' is 2.0 s long; keep prompts under 2 s" in text
    # the text's length counts only where the text is what callers hear: the corrupt recording's prompt (line 6)
    assert [line.split(":")[1] for line in text.splitlines() if "prompt takes about" in line] == ["6"]


def test_the_time_to_a_person_counts_recordings_by_their_real_length(project: Project, tmp_path: Path) -> None:
    base = flow_with(project, tmp_path)
    long = audio.pad(recordings.pcm16k(project.audio / "menu.wav"), 4.0)  # 10 s: far longer than its text takes to say
    encode(long, base / "audio", "menu.wav")
    done = ivr("check", "flows/recorded.yaml", "--json", cwd=base)
    reach = {r["node"]: r for r in json.loads(done.stdout)["time_to_human"]["flows/recorded.yaml"]}
    as_given = ivr("check", "flows/recorded.yaml", "--json", cwd=flow_with(project, tmp_path / "t"))
    plain = {r["node"]: r for r in json.loads(as_given.stdout)["time_to_human"]["flows/recorded.yaml"]}
    assert reach["main"]["silent_seconds"] - plain["main"]["silent_seconds"] == pytest.approx(3 * 8.0, abs=1.5)  # three hearings of the menu


def test_ivr_audio_normalize_matches_loudness_and_reports_before_and_after(project: Project, tmp_path: Path) -> None:
    base = flow_with(project, tmp_path, welcome="quiet.mp3", bye="corrupt.mp3")
    done = ivr("audio", "normalize", "flows/recorded.yaml", "--lufs", "-19", cwd=base)
    assert done.returncode == 1 and "Traceback" not in done.stderr  # the corrupt file is reported, and the run says so
    out = done.stdout
    assert "LUFS before" in out and "LUFS after" in out and "cannot read audio file 'corrupt.mp3'" in out
    folder = base / "flows" / "audio" / "recorded" / "normalized"  # beside the flow, with its rendered prompts
    menu = recordings.measure(folder / "menu.wav")
    assert menu.lufs == pytest.approx(-19.0, abs=0.5) and menu.channels == 1 and menu.rate == 16_000
    assert menu.peak_dbfs <= -0.9
    quiet = recordings.measure(folder / "quiet.wav")  # 30 dB too quiet: raised as far as its peaks allow
    assert quiet.lufs is not None and quiet.lufs > recordings.measure(base / "audio" / "quiet.mp3").lufs + 25  # type: ignore[operator]
    assert "gain held back so its peaks don't clip" in out
    assert heard(recordings.pcm16k(folder / "menu.wav")) == MENU.lower().rstrip(".")
    assert recordings.measure(folder / "menu.wav").seconds < recordings.measure(base / "audio" / "menu.wav").seconds  # silence trimmed


def test_a_rendered_phone_prompt_decodes_to_its_speech_with_a_standard_decoder(tmp_path: Path) -> None:
    """``ivr audio render``'s .ulaw.wav is a G.711 µ-law WAV: ffmpeg (as Twilio) decodes it to the 16 kHz copy's
    sound. Its bytes used to follow a smooth curve that no G.711 decoder reads (a correlation of about 0.6)."""
    from ivr.loading import load_flow
    from ivr.speech import render

    (tmp_path / "flows").mkdir()
    flow_file = tmp_path / "flows" / "tiny.yaml"
    flow_file.write_text("nodes:\n  main: {type: hangup, prompt: Thank you for calling goodbye.}\n", encoding="utf-8")
    flow = load_flow(flow_file)
    render.render(flow, tmp_path / "out")
    pcm_file, ulaw_file = render.files(render.Item("en", "Thank you for calling goodbye.", "main.prompt"), tmp_path / "out")
    decoded = ffmpeg(ulaw_file, tmp_path / "decoded.wav", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le")
    heard_8k, _ = audio.read_wav(decoded)
    wide, rate = audio.read_wav(pcm_file)
    reference = audio.resample(wide, rate, 8_000)
    n = min(len(heard_8k), len(reference))
    assert np.corrcoef(heard_8k[:n].astype(float), reference[:n].astype(float))[0, 1] > 0.95
