"""WAV files with any header: a 4xx from the designer and a one-line ScriptError from ``say-audio``, or the caller
is heard. Never another exception.

Headers are built field by field: RIFF and chunk sizes that lie about the length, format tags,
channel counts, sample widths, extra chunks before ``fmt``, missing chunks. They go to the designer's
``/api/calls/<id>/audio`` on a try-it call listening at the main menu, and into a script's
``say-audio`` line. Declared data may be as large as 4 GB but the data sent is at most a few hundred
bytes, so decoding stays small.

Sample rates outside 8-48 kHz make today's decoder allocate without bound (issue 13 point 2: a 1 Hz
WAV grew the server to 23 GB). Until read_wav refuses them, their test checks that it does and stops
as an expected failure before decoding anything; data that is not a whole number of frames is a
numpy ValueError inside read_wav, the same validation's job.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from flask import Flask
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from ivr.channels.sim import Runner, canned_http, parse_script
from ivr.designer import create_designer_app
from ivr.errors import ScriptError
from ivr.loading import load_flow
from ivr.speech import Recognizer, recognizer
from tests.fuzz.budget import fuzz, production_stack

ROOT = Path(__file__).parent.parent.parent
BANK = load_flow(ROOT / "flows" / "bank.yaml")
SAFE_RATES = st.integers(8_000, 48_000)
HOSTILE_RATES = st.one_of(st.integers(0, 7_999), st.integers(48_001, 2**32 - 1), st.sampled_from([0, 1, 2, 7_999, 48_001, 2**31, 2**32 - 1]))


class Header(NamedTuple):
    tag: int
    channels: int
    rate: int
    bits: int
    byte_rate: int | None
    block_align: int | None
    fmt_size: int
    riff_size: int | None
    data_size: int | None
    before: bytes  # chunks before 'fmt '
    has_fmt: bool
    has_data: bool

    def build(self, data: bytes) -> bytes:
        align = self.block_align if self.block_align is not None else (self.channels * self.bits // 8) & 0xFFFF
        rate = self.byte_rate if self.byte_rate is not None else (self.rate * align) & 0xFFFFFFFF
        fmt = struct.pack("<HHIIHH", self.tag, self.channels, self.rate, rate, align, self.bits)
        fmt = (fmt + bytes(24))[: min(self.fmt_size, 40)]  # the declared size may lie; what is sent stays small
        body = b"WAVE" + self.before
        if self.has_fmt:
            body += b"fmt " + struct.pack("<I", self.fmt_size) + fmt + (b"\x00" if self.fmt_size % 2 else b"")
        if self.has_data:
            body += b"data" + struct.pack("<I", len(data) if self.data_size is None else self.data_size) + data
        return b"RIFF" + struct.pack("<I", len(body) if self.riff_size is None else self.riff_size) + body


U32 = st.integers(0, 2**32 - 1)
LIST_CHUNK = st.binary(max_size=12).map(lambda b: b"LIST" + struct.pack("<I", len(b)) + b + (b"\x00" if len(b) % 2 else b""))


def headers(rates: st.SearchStrategy[int], channels: st.SearchStrategy[int]) -> st.SearchStrategy[Header]:
    """Honest PCM headers whose sizes may lie, and headers with any field at all."""
    honest = st.builds(Header, tag=st.just(1), channels=channels, rate=rates, bits=st.just(16), byte_rate=st.none(), block_align=st.none(),
                       fmt_size=st.just(16), riff_size=st.none() | U32, data_size=st.none() | U32,
                       before=st.lists(LIST_CHUNK, max_size=1).map(b"".join), has_fmt=st.just(True), has_data=st.just(True))
    wild = st.builds(
        Header,
        tag=st.sampled_from([1, 3, 0xFFFE, 0, 2, 6, 7]) | st.integers(0, 0xFFFF),
        channels=channels,
        rate=rates,
        bits=st.sampled_from([16, 8, 24, 32, 0, 1, 12]) | st.integers(0, 0xFFFF),
        byte_rate=st.none() | U32,
        block_align=st.none() | st.integers(0, 0xFFFF),
        fmt_size=st.sampled_from([16, 18, 40, 14, 0, 2**31, 2**32 - 1]),
        riff_size=st.none() | U32,
        data_size=st.none() | U32,
        before=st.lists(LIST_CHUNK, max_size=2).map(b"".join),
        has_fmt=st.booleans(),
        has_data=st.booleans(),
    )
    return honest | wild


@st.composite
def aligned_wav(draw: st.DrawFn, rates: st.SearchStrategy[int]) -> tuple[Header, bytes]:
    """A header and a few frames of data (whole frames, whatever the header says they are)."""
    header = draw(headers(rates, st.sampled_from([1, 1, 2, 0, 3, 8]) | st.integers(0, 0xFFFF)))
    frame = max(1, header.channels) * 2
    frames = draw(st.integers(0, max(0, 512 // frame)))
    return header, draw(st.binary(min_size=frames * frame, max_size=frames * frame))


@pytest.fixture(scope="module")
def asr() -> Recognizer:
    """One recognizer for the module: making one takes seconds, recognizing a fraction of a second of audio much less."""
    return recognizer("pocketsphinx")


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("wav") / "flows"
    folder.mkdir()
    for name in ("bank.yaml", "lib/verify.yaml", "responses/bank.yaml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((ROOT / "flows" / name).read_bytes())
    yield create_designer_app(folder)


def post_to_designer(app: Flask, asr: Recognizer, wav: bytes) -> int:
    """The recording posted to a try-it call listening at the main menu (a new one when the last moved on)."""
    client = app.test_client()
    token = app.config["DESIGNER_CSRF"]
    calls = app.config["DESIGNER_CALLS"]
    call_id = app.config.get("FUZZ_CALL")
    if call_id is None or calls.get(call_id).call.awaiting != "input":
        started = client.post("/api/calls", json={"file": "bank.yaml", "text": (ROOT / "flows" / "bank.yaml").read_text()},
                              headers={"X-CSRF-Token": token})
        assert started.status_code == 200, started.get_data(as_text=True)
        call_id = app.config["FUZZ_CALL"] = started.get_json()["id"]
        calls.get(call_id).asr = asr
    response = client.post(f"/api/calls/{call_id}/audio", data=wav, content_type="audio/wav", headers={"X-CSRF-Token": token})
    body = response.get_json(silent=True)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    assert isinstance(body, dict)
    if response.status_code >= 400:
        assert isinstance(body.get("error"), str) and "\n" not in body["error"], body
    if currently_in_test_context():
        event(f"designer: {response.status_code}")
    return response.status_code


def say_audio(tmp: Path, asr: Recognizer, wav: bytes) -> None:
    """The recording in a script's say-audio line: heard, or one line saying why not."""
    (tmp / "caller.wav").write_bytes(wav)
    runner = Runner(BANK, at="2026-11-24T10:30:00-05:00", http=canned_http([], None), asr=asr, audio_dir=tmp)
    try:
        result = runner.run(parse_script("say-audio caller.wav\nhangup"))
    except ScriptError as e:
        assert "\n" not in str(e) and str(e).startswith("line 1: "), str(e)
        if currently_in_test_context():
            event("say-audio: refused")
        return
    if currently_in_test_context():
        event(f"say-audio: heard, {result.outcome}")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("say-audio")


def whole_frames(header: Header, data: bytes) -> Header:
    """The header with its lies kept to ones that still cut the data at a frame: a data size rounded
    down to whole frames, a RIFF size no shorter than the file (shorter ones cut anywhere), a format chunk
    no longer than what is sent (their own tests below)."""
    frame = max(1, header.channels * 2)
    if header.fmt_size > 40:  # a format chunk reaching past the file: its own test below
        header = header._replace(fmt_size=16)
    if header.data_size is not None:
        header = header._replace(data_size=header.data_size - header.data_size % frame)
    if header.riff_size is not None and header.riff_size < len(header._replace(riff_size=None).build(data)) - 8:
        header = header._replace(riff_size=None)
    return header


@fuzz(250)
@given(aligned_wav(SAFE_RATES))
@production_stack
def test_wav_headers_are_heard_or_refused(designer: Flask, asr: Recognizer, scratch: Path, wav: tuple[Header, bytes]) -> None:
    audio = whole_frames(*wav).build(wav[1])
    post_to_designer(designer, asr, audio)
    say_audio(scratch, asr, audio)


def test_not_a_wav_at_all(designer: Flask, asr: Recognizer, scratch: Path) -> None:
    for data in (b"", b"RIFF", b"RIFF\x00\x00\x00\x00WAVE", b"RIFX" + bytes(40), bytes(44)):
        status = post_to_designer(designer, asr, data) if data.startswith(b"RIFF") else 400
        assert 400 <= status < 500
        say_audio(scratch, asr, data)


# -- issue 13 point 2: every place audio enters validates format, rate, channels, duration and size ------------


def read_wav_refuses_hostile_rates(tmp: Path) -> bool:
    """Whether the audio fix has landed: read_wav refuses a 1 Hz and a 4 GHz WAV before decoding anything."""
    from ivr.speech import audio

    for rate in (1, 2**32 - 1):
        path = tmp / f"rate-{rate}.wav"
        path.write_bytes(Header(1, 1, rate, 16, None, None, 16, None, None, b"", True, True).build(bytes(64)))
        try:
            audio.read_wav(path)
        except ScriptError:
            continue
        return False
    return True


@fuzz(60)
@given(aligned_wav(HOSTILE_RATES))
@production_stack
def test_hostile_sample_rates(designer: Flask, asr: Recognizer, scratch: Path, wav: tuple[Header, bytes]) -> None:
    assert read_wav_refuses_hostile_rates(scratch), "read_wav decodes a 1 Hz WAV: not running hostile rates, to keep this machine's memory"
    header, data = wav
    audio = header.build(data)
    post_to_designer(designer, asr, audio)
    say_audio(scratch, asr, audio)


@fuzz(40)
@given(headers(SAFE_RATES, st.sampled_from([1, 2, 3, 7]) | st.integers(1, 0xFFFF)), st.binary(max_size=301))
@production_stack
def test_data_that_is_not_whole_frames(designer: Flask, asr: Recognizer, scratch: Path, header: Header, data: bytes) -> None:
    audio = header._replace(tag=1, bits=16, has_fmt=True, has_data=True, fmt_size=16).build(data)
    post_to_designer(designer, asr, audio)
    say_audio(scratch, asr, audio)


@fuzz(20)
@given(headers(SAFE_RATES, st.just(1)), st.sampled_from([2**31, 2**32 - 1, 1000]), st.binary(max_size=64))
@production_stack
def test_format_chunk_longer_than_the_file(designer: Flask, asr: Recognizer, scratch: Path, header: Header, fmt_size: int,
                                           data: bytes) -> None:
    audio = header._replace(fmt_size=fmt_size, has_fmt=True).build(data)
    post_to_designer(designer, asr, audio)
    say_audio(scratch, asr, audio)
