"""Audio that enters ivr (issue 13, points 2 and 3): a hostile WAV header is refused before anything
is decoded, and a long recognition neither freezes the designer nor outlives it.

Probes that could take the machine down on unfixed code (a 1 Hz header asks for gigabytes) run in a
subprocess whose address space is capped, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from flask import Flask
from werkzeug.serving import make_server

from ivr.designer import create_designer_app
from ivr.errors import ScriptError
from ivr.speech import audio

if TYPE_CHECKING:
    from ivr.speech.pool import RecognitionPool

ROOT = Path(__file__).parent.parent.parent
PYTHON = sys.executable
MEMORY_CAP = 3 << 30  # address space for the subprocess probes: far below the 23 GB a 1 Hz header asked for

NOTE_FLOW = """\
name: note
nodes:
  main:
    type: collect
    kind: speech
    slot: note
    prompt: Tell me in your own words what you need.
    next: thanks
  thanks:
    type: say
    prompt: Thanks, someone will read your note.
    next: bye
  bye:
    type: hangup
"""


def riff(rate: int = 16_000, channels: int = 1, bits: int = 16, code: int = 1, data: bytes = b"", *,
         data_size: int | None = None, align: int | None = None, before: bytes = b"", fmt: bytes | None = None) -> bytes:
    """A WAV file written field by field, so a test can make every field say what an attacker wants."""
    width = max(1, bits // 8)
    block = channels * width if align is None else align
    body = struct.pack("<HHIIHH", code, channels, rate, (rate * block) & 0xFFFFFFFF, block, bits) if fmt is None else fmt
    chunks = before + b"fmt " + struct.pack("<I", len(body)) + body
    chunks += b"data" + struct.pack("<I", len(data) if data_size is None else data_size) + data
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def pcm16(samples: np.ndarray[Any, Any], rate: int = 16_000, channels: int = 1) -> bytes:
    return riff(rate, channels, 16, 1, samples.astype("<i2").tobytes())


def noise(seconds: float, rate: int = 16_000) -> np.ndarray[Any, Any]:
    return np.random.default_rng(7).normal(0, 3000, int(seconds * rate)).astype(np.int16)


def hostile_1hz() -> bytes:
    """The issue's probe: 200 KB of samples declared at 1 Hz, which resampled to 16 kHz would be 3.2 G samples."""
    return riff(1, 1, 16, 1, bytes(200_000))


def capped(code: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Python ``code`` in a subprocess whose address space is capped at MEMORY_CAP."""
    prelude = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run([PYTHON, "-c", prelude + code], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


# -- point 2: a header is checked before anything is decoded ---------------------------------------------------


def test_a_1_hz_wav_posted_to_the_designer_is_refused_and_memory_stays_bounded(tmp_path: Path) -> None:
    """The issue's probe against the real designer app: 400 with one line, and the process grows by
    a few megabytes, not by the gigabytes the header asks for."""
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "note.yaml").write_text(NOTE_FLOW)
    (tmp_path / "hostile.wav").write_bytes(hostile_1hz())
    probe = capped("""
import json, re, resource
from pathlib import Path
from ivr.designer import create_designer_app
client = create_designer_app("flows").test_client()
token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
headers = {"X-CSRF-Token": token}
call = client.post("/api/calls", json={"file": "note.yaml", "text": Path("flows/note.yaml").read_text()}, headers=headers).get_json()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
r = client.post(f"/api/calls/{call['id']}/audio", data=Path("hostile.wav").read_bytes(), headers=headers)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": r.status_code, "body": r.get_json(), "grew_kb": after - before}))
""", tmp_path)
    assert probe.returncode == 0, probe.stderr[-2000:]
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert result["status"] == 400
    assert result["body"]["error"] == "cannot read the recording: its sample rate is 1 Hz; ivr takes 8,000-48,000 Hz"
    assert result["grew_kb"] < 50_000


def test_say_audio_with_a_1_hz_wav_is_one_line_from_the_cli(tmp_path: Path) -> None:
    (tmp_path / "note.yaml").write_text(NOTE_FLOW)
    (tmp_path / "hostile.wav").write_bytes(hostile_1hz())
    (tmp_path / "call.txt").write_text("say-audio hostile.wav\n")
    run = capped("from ivr.cli import main; main(['simulate', 'note.yaml', '--script', 'call.txt', '--asr', 'pocketsphinx'])", tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["ivr: error: call.txt: line 1: cannot read audio file 'hostile.wav': its sample rate is 1 Hz; "
                                       "ivr takes 8,000-48,000 Hz"]


@dataclass
class Designer:
    url: str
    app: Flask
    token: str

    @property
    def ears(self) -> RecognitionPool:
        pool: RecognitionPool = self.app.config["DESIGNER_CALLS"].ears
        return pool

    def request(self, method: str, path: str, body: bytes | dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Any]:
        conn = http.client.HTTPConnection(self.url.removeprefix("http://"), timeout=120)
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        sent = {"X-CSRF-Token": self.token, **({"Content-Type": "application/json"} if isinstance(body, dict) else {}), **(headers or {})}
        try:
            conn.request(method, path, data, sent)
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            conn.close()

    def call(self) -> str:
        status, view = self.request("POST", "/api/calls", {"file": "note.yaml", "text": NOTE_FLOW})
        assert status == 200, view
        call_id: str = view["id"]
        return call_id


@pytest.fixture
def designer(tmp_path: Path) -> Iterator[Designer]:
    """The real designer app on a real server thread (port 0); its recognizer processes are checked
    to be gone afterwards."""
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "note.yaml").write_text(NOTE_FLOW)
    app = create_designer_app(folder)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_port}"
    conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
    conn.request("GET", "/")
    found = re.search(r'name="csrf-token" content="([^"]+)"', conn.getresponse().read().decode())
    conn.close()
    assert found
    started: list[int] = []
    try:
        yield Designer(url, app, found.group(1))
    finally:
        pool: RecognitionPool = app.config["DESIGNER_CALLS"].ears
        started = pool.processes()
        pool.close()
        httpd.shutdown()
        thread.join(5)
    assert not [pid for pid in started if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


HOSTILE = [
    pytest.param(riff(4_000, data=bytes(8_000)), 400, "its sample rate is 4,000 Hz; ivr takes 8,000-48,000 Hz", id="4-kHz"),
    pytest.param(riff(96_000, data=bytes(8_000)), 400, "its sample rate is 96,000 Hz", id="96-kHz"),
    pytest.param(riff(0, data=bytes(8_000)), 400, "its sample rate is 0 Hz", id="0-Hz"),
    pytest.param(riff(4_294_967_295, data=bytes(8_000)), 400, "its sample rate is 4,294,967,295 Hz", id="4-GHz"),
    pytest.param(riff(channels=6, data=bytes(12_000)), 400, "it has 6 channels; ivr takes mono or stereo", id="6-channels"),
    pytest.param(riff(channels=0, align=2, data=bytes(8_000)), 400, "it has 0 channels", id="0-channels"),
    pytest.param(riff(bits=24, data=bytes(9_000)), 400, "it has 24-bit PCM samples; ivr reads 16-bit PCM WAV files", id="24-bit"),
    pytest.param(riff(bits=32, code=3, data=bytes(8_000)), 400, "its samples are 32-bit float; ivr reads", id="float"),
    pytest.param(riff(bits=0, code=0x55, align=1, data=bytes(8_000)), 400, "its samples are MP3; ivr reads", id="mp3"),
    pytest.param(riff(bits=16, code=0xFFFE, fmt=struct.pack("<HHIIHHHHI", 0xFFFE, 1, 16_000, 32_000, 2, 16, 22, 16, 4) + bytes(16),
                      data=bytes(8_000)), 400, "its samples are in an unknown extensible format", id="extensible-unknown"),
    pytest.param(riff(align=7, data=bytes(8_000)), 400, "its block size (7 bytes) does not fit 1 channel(s) of 16-bit samples", id="block-size"),
    pytest.param(b"RIFF\x00\x00\x00\x00WAVEdata\x10\x00\x00\x00" + bytes(16), 400, "its audio data comes before its format", id="data-first"),
    pytest.param(riff(fmt=bytes(8), data=bytes(100)), 400, "its format chunk is cut short", id="short-fmt"),
    pytest.param(riff(before=b"LIST" + struct.pack("<I", 100_000) + bytes(100_000), data=bytes(800)), 400,
                 "more than 64 KiB of header before the audio data", id="long-header"),
    pytest.param(b"RIFF\x00\x00\x00\x00WAVEfmt " + struct.pack("<I", 16) + struct.pack("<HHIIHH", 1, 1, 16_000, 32_000, 2, 16), 400,
                 "it has no audio data", id="no-data"),
    pytest.param(b"ID3\x04" + bytes(1000), 400, "not a WAV file (no RIFF/WAVE header)", id="not-wav"),
    pytest.param(riff(8_000, data=bytes(2 * 8_000 * 90)), 413, "it is 90.0 s long; ivr takes at most 60 s", id="90-seconds"),
]


@pytest.mark.parametrize(("wav", "status", "message"), HOSTILE)
def test_hostile_headers_are_refused_in_one_line(designer: Designer, wav: bytes, status: int, message: str) -> None:
    answer, body = designer.request("POST", f"/api/calls/{designer.call()}/audio", wav)
    assert (answer, body["error"].startswith("cannot read the recording: ")) == (status, True), body
    assert message in body["error"] and "\n" not in body["error"]
    assert designer.ears.processes() == []  # nothing reached a recognizer


def test_a_body_over_the_cap_is_refused_before_it_is_read(designer: Designer) -> None:
    """A 50 MB upload (the issue's probe) is answered 413 at once, from its Content-Length, while the
    client has sent only its first 64 KiB; a chunked body without a length stops at the cap."""
    call = designer.call()
    conn = http.client.HTTPConnection(designer.url.removeprefix("http://"), timeout=10)
    conn.putrequest("POST", f"/api/calls/{call}/audio")
    conn.putheader("X-CSRF-Token", designer.token)
    conn.putheader("Content-Length", str(50 << 20))
    conn.endheaders(riff(data=bytes(64 << 10), data_size=(50 << 20) - 44))
    started = time.perf_counter()
    response = conn.getresponse()
    assert response.status == 413 and time.perf_counter() - started < 5
    assert json.loads(response.read())["error"] == ("the recording is larger than 11,585,536 bytes; the designer takes at most 60 s of audio")
    conn.close()

    conn = http.client.HTTPConnection(designer.url.removeprefix("http://"), timeout=30)
    chunks = iter([riff(data=bytes(1 << 20), data_size=12 << 20)] + [bytes(1 << 20)] * 12)
    conn.request("POST", f"/api/calls/{call}/audio", chunks, {"X-CSRF-Token": designer.token}, encode_chunked=True)
    response = conn.getresponse()
    assert response.status == 413 and "larger than 11,585,536 bytes" in json.loads(response.read())["error"]
    conn.close()


def test_telephony_encodings_are_decoded_safely(tmp_path: Path) -> None:
    """8-bit PCM, G.711 µ-law and A-law WAVs (what telephony tools write) and WAVE_FORMAT_EXTENSIBLE
    16-bit are read, each close to the 16-bit original; stereo is mixed to mono."""
    t = np.arange(8_000) / 8_000
    tone = (np.sin(2 * np.pi * 440 * t) * 12_000).astype(np.int16)
    files = {
        "pcm8": riff(8_000, bits=8, data=((tone.astype(np.int32) >> 8) + 128).astype(np.uint8).tobytes()),
        "mulaw": riff(8_000, bits=8, code=7, data=_g711(tone, "ulaw")),
        "alaw": riff(8_000, bits=8, code=6, data=_g711(tone, "alaw")),
        "extensible": riff(8_000, fmt=struct.pack("<HHIIHHHHI", 0xFFFE, 1, 8_000, 16_000, 2, 16, 22, 16, 4)
                           + struct.pack("<H", 1) + bytes.fromhex("000000001000800000aa00389b71"), data=tone.astype("<i2").tobytes()),
        "stereo": riff(8_000, channels=2, data=np.repeat(tone, 2).astype("<i2").tobytes()),
    }
    for name, wav in files.items():
        path = tmp_path / f"{name}.wav"
        path.write_bytes(wav)
        for source in (wav, path):
            samples, rate = audio.read_wav(source)
            assert rate == 8_000 and len(samples) == len(tone), name
            error = np.abs(samples.astype(np.int32) - tone.astype(np.int32))
            assert error.max() <= 12_000 * 0.04, name  # G.711's largest step near the peak is 1,024 of 32,768


def _g711(samples: np.ndarray[Any, Any], law: str) -> bytes:
    """G.711 encoding by the book (ITU-T G.191's reference coder), independent of ivr's decoder."""
    out = bytearray()
    for s in samples.astype(np.int32):
        if law == "ulaw":
            sign = 0x80 if s < 0 else 0
            magnitude = min(abs(int(s)), 32_635) + 0x84
            exponent = max(0, magnitude.bit_length() - 8)
            out.append(~(sign | (exponent << 4) | ((magnitude >> (exponent + 3)) & 0x0F)) & 0xFF)
        else:
            sign = 0x80 if s >= 0 else 0
            magnitude = min(abs(int(s)), 32_767) >> 3
            if magnitude < 32:
                code = magnitude >> 1
            else:
                exponent = magnitude.bit_length() - 5
                code = (exponent << 4) | ((magnitude >> exponent) & 0x0F)
            out.append((sign | code) ^ 0x55)
    return bytes(out)


def test_a_fifo_or_device_is_refused_not_waited_on(tmp_path: Path) -> None:
    """``say-audio`` of a named pipe would wait for a writer for ever; /dev/zero would never end."""
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    run = capped(f"""
from ivr.speech import audio
for path in ({str(fifo)!r}, "/dev/zero"):
    try:
        audio.read_wav(path)
    except audio.WavError as e:
        print(e)
""", tmp_path, timeout=30)
    assert run.stdout.splitlines() == [f"cannot read audio file {str(fifo)!r}: not a regular file",
                                       "cannot read audio file '/dev/zero': not a regular file"]


def test_a_recorded_prompt_may_be_longer_than_a_callers_turn(tmp_path: Path) -> None:
    """Caller audio stops at 60 s; a flow's own recorded prompt may run to 5 minutes."""
    path = tmp_path / "terms.wav"
    path.write_bytes(riff(8_000, data=bytes(2 * 8_000 * 90)))
    with pytest.raises(ScriptError, match="it is 90.0 s long; ivr takes at most 60 s"):
        audio.read_wav(path)
    samples, _ = audio.read_wav(path, audio.PROMPT_SECONDS)
    assert len(samples) == 8_000 * 90


# -- point 3: recognition runs off the request threads, with a time limit --------------------------------------


def test_the_designer_answers_while_a_long_recognition_runs_and_it_times_out(designer: Designer) -> None:
    """60 s of noise in a free-speech state kept PocketSphinx busy for over 30 s with the GIL held: every
    other request waited. Now it runs in a worker process: pages answer within a second meanwhile,
    the recognition is stopped at the time limit and the call hears silence; the next recording gets
    a fresh worker and is recognized."""
    assert designer.ears.processes() == []  # lazy: nothing runs before the first recording
    designer.ears.time_limit = 4.0
    call = designer.call()
    answer: dict[str, Any] = {}

    def speak() -> None:
        started = time.perf_counter()
        answer["status"], answer["body"] = designer.request("POST", f"/api/calls/{call}/audio", pcm16(noise(60)))
        answer["seconds"] = time.perf_counter() - started

    speaking = threading.Thread(target=speak)
    speaking.start()
    while not designer.ears.processes() and speaking.is_alive():
        time.sleep(0.05)
    first = designer.ears.processes()
    latencies = []
    while speaking.is_alive():
        started = time.perf_counter()
        status, _ = designer.request("GET", "/api/flows")
        latencies.append(time.perf_counter() - started)
        assert status == 200
        time.sleep(0.1)
    speaking.join()
    assert answer["status"] == 200, answer
    assert answer["seconds"] >= 4.0 and len(latencies) >= 10
    assert max(latencies) < 1.0, latencies
    body = answer["body"]
    assert body["heard"] is None and body["node"] == "main"
    assert body["message"] == "recognition took longer than 4 s and was stopped; the call heard silence"
    turn = [t for t in body["transcript"] if t["who"] == "caller"][-1]
    assert turn["input"] == "silence" and turn["error"] == body["message"]
    assert len(first) == 1 and designer.ears.processes() == []  # the stuck worker was killed

    designer.ears.time_limit = 60.0
    status, body = designer.request("POST", f"/api/calls/{call}/audio", pcm16(_spoken("i need a new card")))
    assert status == 200 and body["heard"], body
    assert len(designer.ears.processes()) == 1 and designer.ears.processes() != first


def _spoken(words: str) -> np.ndarray[Any, Any]:
    from ivr.speech.voice import CallerVoice

    return audio.pad(CallerVoice("joe").speak(words), 0.5)


def test_sigterm_stops_the_designer_and_its_recognizer(tmp_path: Path) -> None:
    """The real ``ivr designer`` process, busy recognizing a long recording: SIGTERM ends it within
    seconds, and its recognizer process with it."""
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "note.yaml").write_text(NOTE_FLOW)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "COLUMNS": "1000"}
    server = subprocess.Popen([PYTHON, "-m", "ivr", "designer", str(folder), "--port", "0"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        found = None
        for line in server.stdout:
            if found := re.search(r"http://(127\.0\.0\.1:\d+)/", line):
                break
        assert found, server.stderr.read() if server.stderr else ""
        page = _get(found.group(1), "/")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert token
        designer = Designer(f"http://{found.group(1)}", Flask("unused"), token.group(1))
        call = designer.call()
        threading.Thread(target=_ignore_errors, args=(designer.request, "POST", f"/api/calls/{call}/audio", pcm16(noise(60))),
                         daemon=True).start()
        deadline = time.monotonic() + 60
        while not (workers := _children(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers, "no recognizer process started"
        time.sleep(3)  # the worker has loaded PocketSphinx and is decoding
        assert _get(found.group(1), "/api/flows")  # and the designer still answers
        workers = _children(server.pid, everything=True)
        server.send_signal(signal.SIGTERM)
        server.wait(5)
        deadline = time.monotonic() + 5
        while any(_state(pid) not in ("gone", "Z") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in workers if _state(pid) not in ("gone", "Z")] == []
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for stream in (server.stdout, server.stderr):
            if stream:
                stream.close()


def _get(address: str, path: str) -> str:
    conn = http.client.HTTPConnection(address, timeout=5)
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def _ignore_errors(fn: Any, *args: Any) -> None:
    with contextlib.suppress(OSError):  # the server was stopped mid-request, as intended
        fn(*args)


def _children(pid: int, everything: bool = False) -> list[int]:
    """The recognizer processes ``pid`` started (``everything``: any child)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and (everything or b"ivr.speech.pool" in cmdline):
            found.append(int(stat.parent.name))
    return found
