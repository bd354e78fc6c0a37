"""Twilio Media Streams, served for real: the Flask app on a threaded werkzeug server on a free port, a
WebSocket client speaking Twilio's published messages at real-time pace (caller audio made by Piper,
through the telephone band and G.711 µ-law), and a local app playing api.twilio.com for the REST API's
call updates, driven by the real twilio client."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask, request
from twilio.request_validator import RequestValidator
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect
from werkzeug.serving import BaseWSGIServer, make_server

from ivr.channels.media import ULAW_FRAME, streams, ulaw
from ivr.channels.twilio import create_app
from ivr.flow import compile_flow
from ivr.loading import load_flow
from ivr.speech import audio
from ivr.speech.audio import Pcm
from ivr.speech.voice import CallerVoice
from ivr.store import SqliteStore, Store
from tests.channels.conftest import ROOT

TOKEN = "12345"
ACCOUNT = "AC00000000000000000000000000000000"
TELECOM = load_flow(ROOT / "flows" / "telecom.yaml")
SILENCE = bytes([0xFF]) * ULAW_FRAME  # µ-law zero


def serve(app: Flask) -> tuple[BaseWSGIServer, str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@dataclass
class FakeTwilioApi:
    """api.twilio.com's call update, as far as the twilio client needs it: what each update asked for."""

    updates: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def app(self) -> Flask:
        app = Flask("fake-twilio-api")

        @app.post("/2010-04-01/Accounts/<account>/Calls/<sid>.json")
        def update(account: str, sid: str) -> dict[str, Any]:
            self.updates.append((sid, dict(request.form)))
            self.arrived.set()
            return {"sid": sid, "account_sid": account, "status": "in-progress"}

        return app

    def wait(self, timeout: float = 20.0) -> tuple[str, dict[str, str]]:
        assert self.arrived.wait(timeout), "the call was never updated through the REST API"
        return self.updates[-1]

    def twiml_for(self, sid: str) -> list[str]:
        """The TwiML each update of call ``sid`` gave it, oldest first."""
        return [form.get("Twiml", "") for updated, form in self.updates if updated == sid]


@dataclass
class Line:
    """One server with the flows, its store and the fake REST API."""

    base: str
    store: Store
    api: FakeTwilioApi
    app: Flask

    def post(self, path: str, params: dict[str, str]) -> str:
        import urllib.parse
        import urllib.request

        signature = RequestValidator(TOKEN).compute_signature(self.base + path, params)
        req = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(params).encode(),
                                     headers={"X-Twilio-Signature": signature})
        with urllib.request.urlopen(req, timeout=30) as r:
            return str(r.read().decode())

    def voice(self, sid: str, path: str = "/voice") -> ET.Element:
        return ET.fromstring(self.post(path, {"CallSid": sid, "From": "+14155550123", "AccountSid": ACCOUNT}))


@pytest.fixture()
def line(tmp_path: Path) -> Iterator[Callable[..., Line]]:
    servers: list[BaseWSGIServer] = []
    apps: list[Flask] = []

    def make(flows: list[Any] | None = None, store: Store | None = None, media: bool = True) -> Line:
        api = FakeTwilioApi()
        api_server, api_base = serve(api.app())
        store = store or SqliteStore(tmp_path / "calls.sqlite3")
        app = create_app(flows or [TELECOM], auth_token=TOKEN, store=store, http=lambda r: __import__("ivr").engine.events.HttpResult(
            error="offline"), media=media, twilio_api=api_base)
        server, base = serve(app)
        servers.extend([api_server, server])
        apps.append(app)
        if media:
            assert streams(app.extensions["ivr"]).ready.wait(120)  # a recognizer is loaded before the first call
        return Line(base, store, api, app)

    yield make
    for server in servers:
        server.shutdown()
    for app in apps:
        streams(app.extensions["ivr"]).settle()


def stream_of(twiml: ET.Element) -> tuple[str, dict[str, str]]:
    stream = twiml.find("Connect/Stream")
    assert stream is not None, ET.tostring(twiml)
    return str(stream.get("url")), {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}


class TwilioStream:
    """Twilio's side of a bidirectional media stream: caller audio every 20 ms at real-time pace, the
    server's audio "played" in real time (marks echoed when the audio before them has played, and at
    once on clear), keys as dtmf events, and stop."""

    def __init__(self, url: str, sid: str, parameters: dict[str, str], *, signature: str | None = None) -> None:
        sig = RequestValidator(TOKEN).compute_signature(url, {}) if signature is None else signature
        self.ws: ClientConnection = connect(url, additional_headers={"X-Twilio-Signature": sig}, open_timeout=10).__enter__()
        self.sid, self.stream_sid = sid, "MZ" + sid[2:]
        self.lock = threading.Lock()
        self.outgoing: list[bytes] = []  # µ-law frames of the caller still to send
        self.keys: list[str] = []
        self.playing_until = 0.0  # when the server's audio queued so far has played
        self.pending_marks: list[tuple[float, str]] = []
        self.received: list[tuple[float, str, Any]] = []  # (when, event, payload or name)
        self.speech_sent: list[float] = []  # when each frame of the last speech was sent
        self.speech_chunks: list[int] = []  # and its chunk: its place on the line, 20 ms each
        self.echoed: list[float] = []  # when each mark was echoed: the caller had heard that prompt's end
        self.sequence = 0
        self.closed = threading.Event()
        self.running = True
        self._send({"event": "connected", "protocol": "Call", "version": "1.0.0"})
        self._send({"event": "start", "sequenceNumber": "1", "streamSid": self.stream_sid,
                    "start": {"accountSid": ACCOUNT, "streamSid": self.stream_sid, "callSid": sid, "tracks": ["inbound"],
                              "customParameters": parameters,
                              "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}}})
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.reader.start()
        self.writer.start()

    def _send(self, message: dict[str, Any]) -> None:
        self.sequence += 1
        try:
            self.ws.send(json.dumps({**message, "sequenceNumber": str(self.sequence)}))
        except ConnectionClosed:
            self.closed.set()

    def _read(self) -> None:
        try:
            for raw in self.ws:
                now = time.monotonic()
                message = json.loads(raw)
                event = message["event"]
                with self.lock:
                    if event == "media":
                        codes = base64.b64decode(message["media"]["payload"])
                        self.playing_until = max(self.playing_until, now) + len(codes) / 8000
                        self.received.append((now, "media", codes))
                    elif event == "mark":
                        self.pending_marks.append((max(self.playing_until, now), message["mark"]["name"]))
                        self.received.append((now, "mark", message["mark"]["name"]))
                    elif event == "clear":
                        self.playing_until = now
                        self.pending_marks = [(now, name) for _, name in self.pending_marks]
                        self.received.append((now, "clear", None))
        except ConnectionClosed:
            pass
        self.closed.set()

    def _write(self) -> None:
        chunk, start = 0, time.monotonic()
        while self.running and not self.closed.is_set():
            chunk += 1
            with self.lock:
                frame = self.outgoing.pop(0) if self.outgoing else SILENCE
                if frame is not SILENCE:
                    self.speech_sent.append(time.monotonic())
                    self.speech_chunks.append(chunk)
                now = time.monotonic()
                due = [name for when, name in self.pending_marks if when <= now]
                self.pending_marks = [(w, n) for w, n in self.pending_marks if w > now]
                keys, self.keys = self.keys, []
            self._send({"event": "media", "streamSid": self.stream_sid,
                        "media": {"track": "inbound", "chunk": str(chunk), "timestamp": str(chunk * 20),
                                  "payload": base64.b64encode(frame).decode()}})
            for name in due:
                self._send({"event": "mark", "streamSid": self.stream_sid, "mark": {"name": name}})
                self.echoed.append(time.monotonic())
            for key in keys:
                self._send({"event": "dtmf", "streamSid": self.stream_sid, "dtmf": {"track": "inbound_track", "digit": key}})
            time.sleep(max(0.0, start + chunk * 0.02 - time.monotonic()))

    # -- what a test does

    def quiet(self, marks: int) -> bool:
        with self.lock:
            return not self.pending_marks and time.monotonic() >= self.playing_until and sum(e == "mark" for _, e, _ in self.received) >= marks

    def wait_quiet(self, timeout: float = 60.0, settle: float = 0.3, marks: int = 1) -> None:
        """Until at least ``marks`` prompts came and every prompt sent has played (and nothing new came for ``settle`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.quiet(marks):
                time.sleep(settle)
                if self.quiet(marks):
                    return
            time.sleep(0.02)
        raise AssertionError("the prompts never finished playing")

    def wait_playing(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if time.monotonic() < self.playing_until:
                    return
            time.sleep(0.01)
        raise AssertionError("nothing was played")

    def say(self, pcm16k: Pcm, wait: bool = True) -> None:
        """The caller speaks: the audio through the phone network, 20 ms a frame at real-time pace."""
        codes = ulaw(audio.telephone(pcm16k))
        frames = [codes[i : i + ULAW_FRAME].ljust(ULAW_FRAME, b"\xff") for i in range(0, len(codes), ULAW_FRAME)]
        with self.lock:
            self.speech_sent, self.speech_chunks = [], []
            self.outgoing.extend(frames)
        while wait and self.outgoing and not self.closed.is_set():
            time.sleep(0.01)

    def press(self, key: str) -> None:
        with self.lock:
            self.keys.append(key)

    def stop(self) -> None:
        self._send({"event": "stop", "streamSid": self.stream_sid, "stop": {"accountSid": ACCOUNT, "callSid": self.sid}})

    def close(self) -> None:
        self.running = False
        self.ws.close()

    def events(self, kind: str) -> list[tuple[float, Any]]:
        with self.lock:
            return [(t, p) for t, e, p in self.received if e == kind]


@pytest.fixture(scope="module")
def caller() -> CallerVoice:
    return CallerVoice("joe")


def loud_from(pcm: Pcm, threshold: float = 1000.0) -> tuple[int, int]:
    """The 20 ms frames (at 8 kHz after the phone) where the speech starts and ends."""
    frames = np.abs(pcm[: len(pcm) // 320 * 320].reshape(-1, 320).astype(np.int32)).max(axis=1)
    loud = np.nonzero(frames > threshold)[0]
    return int(loud[0]), int(loud[-1])


def test_voice_answers_with_a_signed_stream(line: Callable[..., Line]) -> None:
    served = line()
    twiml = served.voice("CA0000000000000000000000000000000a")
    url, params = stream_of(twiml)
    connect_ = twiml.find("Connect")
    assert connect_ is not None and connect_.get("action") == "/streamed/CA0000000000000000000000000000000a"
    assert url == served.base.replace("http", "ws") + "/media"
    assert params["flow"] == TELECOM.name and params["caller"] == "+14155550123" and params["language"] == "en"
    assert re.fullmatch(r"[0-9a-f]{64}", params["token"])
    # a retried webhook gets the same stream, and the call is kept
    assert stream_of(served.voice("CA0000000000000000000000000000000a")) == (url, params)
    assert served.store.get("CA0000000000000000000000000000000a") is not None


def test_a_flow_with_asr_local_streams_without_the_media_flag(line: Callable[..., Line]) -> None:
    flow = compile_flow("name: local\nasr: local\nnodes:\n  bye:\n    type: hangup\n", "local.yaml")
    served = line([TELECOM, flow], media=False)
    assert served.voice("CA0000000000000000000000000000000b", "/voice/local").find("Connect/Stream") is not None
    assert served.voice("CA0000000000000000000000000000000c").find("Gather") is not None  # telecom still gathers


@pytest.mark.parametrize("signature", ["", "forged", "wrong-url"])
def test_unsigned_or_forged_upgrades_are_refused_before_the_handshake(line: Callable[..., Line], signature: str) -> None:
    served = line()
    url, params = stream_of(served.voice("CA0000000000000000000000000000000d"))
    sig = {"": "", "forged": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
           "wrong-url": RequestValidator(TOKEN).compute_signature(url.replace("/media", "/other"), {})}[signature]
    with pytest.raises(InvalidStatus) as refused:
        TwilioStream(url, "CA0000000000000000000000000000000d", params, signature=sig)
    assert refused.value.response.status_code == 403


def test_representative_in_a_sentence_reaches_a_person_with_the_context(line: Callable[..., Line], caller: CallerVoice) -> None:
    served = line()
    sid = "CA00000000000000000000000000000001"
    url, params = stream_of(served.voice(sid))
    twilio = TwilioStream(url, sid, params)
    try:
        twilio.wait_quiet(marks=2)  # the welcome and the menu
        played = twilio.events("media")
        assert len(played) > 100 and all(len(p) == ULAW_FRAME for _, p in played)  # 20 ms messages
        spoken = caller.speak("I would like to talk to a representative please")
        twilio.say(spoken)
        updated_sid, form = served.api.wait()
    finally:
        twilio.close()
    assert updated_sid == sid
    twiml = ET.fromstring(form["Twiml"])
    enqueue = twiml.find("Enqueue")
    assert enqueue is not None and enqueue.text == "support"
    session = served.store.get(sid)
    assert session is not None and session.state.awaiting == "transfer"
    assert enqueue.get("action") == f"{served.base}/turn/{sid}/{session.turn}"  # absolute: no webhook to resolve it against
    context = session.state.transfer["context"]  # type: ignore[index]
    assert context["reason"] == "caller-asked" and context["flow"] == TELECOM.name
    # the hand-over announcement was played over the stream before the update
    marks = twilio.events("mark")
    assert len(marks) >= 2
    # the queue's result comes back to the webhooks like any <Enqueue>'s
    served.post(f"/turn/{sid}/{session.turn}", {"CallSid": sid, "QueueResult": "bridged"})
    served.post("/status", {"CallSid": sid, "CallStatus": "completed", "CallDuration": "30"})
    record = served.store.record(sid)
    assert record is not None and record["outcome"] == "transferred" and record["channel"] == "media"


SHORT_YAML = """
name: short
human: {queue: support}
timeout: 2
retries: 1
nodes:
  main:
    type: menu
    prompt: Say billing or press 1. Press 2 to end.
    options:
      - dtmf: "1"
        phrases: [billing]
        next: billing
      - dtmf: "2"
        phrases: [goodbye]
        next: bye
  billing:
    type: transfer
    queue: billing
    announce: Connecting you to billing.
  bye:
    type: hangup
    prompt: Goodbye.
"""
SHORT = compile_flow(SHORT_YAML, "short.yaml")


def call(served: Line, sid: str, path: str = "/voice") -> TwilioStream:
    url, params = stream_of(served.voice(sid, path))
    return TwilioStream(url, sid, params)


def test_barge_in_sends_clear_within_100_ms_and_the_speech_is_heard(line: Callable[..., Line], caller: CallerVoice) -> None:
    served = line()
    sid = "CA00000000000000000000000000000002"
    twilio = call(served, sid)
    try:
        twilio.wait_playing()
        twilio.wait_quiet()  # the welcome
        twilio.wait_playing()  # the menu, 9 s long
        time.sleep(1.0)
        spoken = caller.speak("billing")
        twilio.say(spoken)
        _, form = served.api.wait()
    finally:
        twilio.close()
    clears = twilio.events("clear")
    assert clears, "the prompt was never stopped"
    first, _ = loud_from(audio.telephone(spoken))
    kept = streams(served.app.extensions["ivr"]).calls[-1]
    stamp, waited = kept["clear_lines"][0]
    # On the line's clock: how much of the caller's speech the server had heard when it stopped the prompt. The
    # machine's own lag (the deciding frame's wait in this process) is apart: a loaded CI machine adds to it.
    line_ms = stamp - twilio.speech_chunks[first] * 20
    wall_ms = (kept["clears"][0] - twilio.speech_sent[first]) * 1000  # the server's clock is this process's
    print(f"\nbarge-in: caller speech start -> clear sent: {line_ms} ms of the line, {waited * 1000:.0f} ms waiting here; "
          f"{wall_ms:.0f} ms wall, received {(clears[0][0] - twilio.speech_sent[first]) * 1000:.0f} ms")
    assert line_ms <= 100
    assert waited < 0.5, "the prompt was stopped only after other work"
    enqueue = ET.fromstring(form["Twiml"]).find("Enqueue")
    assert enqueue is not None and enqueue.text == "billing"


def test_end_of_speech_to_the_next_prompt(line: Callable[..., Line], caller: CallerVoice, tmp_path: Path) -> None:
    from ivr.loading import prompt_folder
    from ivr.speech.render import render

    (tmp_path / "short.yaml").write_text(SHORT_YAML, encoding="utf-8")
    flow = load_flow(tmp_path / "short.yaml")
    render(flow, prompt_folder(flow))  # ivr audio render: the prompts are played from its files
    served = line([flow])
    sid = "CA00000000000000000000000000000003"
    twilio = call(served, sid)
    try:
        twilio.wait_quiet()
        before = len(twilio.events("media"))
        spoken = caller.speak("billing")
        twilio.say(spoken)
        served.api.wait()
    finally:
        twilio.close()
    _, last = loud_from(audio.telephone(spoken))
    answer = twilio.events("media")[before:]
    assert answer, "no prompt after the caller's answer"
    gap_ms = (answer[0][0] - twilio.speech_sent[last]) * 1000
    turn = streams(served.app.extensions["ivr"]).calls[-1]["turns"][0]
    print(f"\nend of speech -> first byte of the next prompt: {gap_ms:.0f} ms (server: last loud frame -> decided "
          f"{(turn['decided'] - turn['speech_end']) * 1000:.0f} ms, of it decoding {turn['decode'] * 1000:.0f} ms)")
    assert gap_ms < 1500


def test_keys_are_dtmf_events(line: Callable[..., Line]) -> None:
    served = line([SHORT])
    sid = "CA00000000000000000000000000000004"
    twilio = call(served, sid)
    try:
        twilio.wait_quiet()
        twilio.press("1")
        _, form = served.api.wait()
    finally:
        twilio.close()
    enqueue = ET.fromstring(form["Twiml"]).find("Enqueue")
    assert enqueue is not None and enqueue.text == "billing"
    said = served.store.get(sid).state.said  # type: ignore[union-attr]
    assert said and said[-1].get("meaning") == "billing"


def test_the_no_input_timer_starts_when_the_prompt_has_played(line: Callable[..., Line]) -> None:
    served = line()  # telecom: a 9 s menu, 5 s of silence allowed
    sid = "CA00000000000000000000000000000005"
    twilio = call(served, sid)
    try:
        twilio.wait_quiet(marks=2)  # the welcome and the menu: its mark came back
        heard_at = twilio.echoed[-1]  # the menu's end, as Twilio tells the server
        count = len(twilio.events("media"))
        deadline = time.monotonic() + 15
        while len(twilio.events("media")) == count and time.monotonic() < deadline:
            time.sleep(0.02)
        reprompt = twilio.events("media")[count][0]
    finally:
        twilio.close()
    print(f"\nthe menu heard to the reprompt: {reprompt - heard_at:.2f} s")
    assert 4.95 <= reprompt - heard_at <= 7.5  # 5 s after the caller heard the menu end (not after it was sent, 9 s earlier)


def test_caller_hanging_up_writes_a_media_record(line: Callable[..., Line]) -> None:
    served = line([SHORT])
    sid = "CA00000000000000000000000000000006"
    twilio = call(served, sid)
    try:
        twilio.wait_quiet()
        twilio.stop()
        assert twilio.closed.wait(30)
    finally:
        twilio.close()
    record = wait_for(lambda: served.store.record(sid))
    assert record["outcome"] == "abandoned" and record["channel"] == "media" and record["path"] == ["main"]
    assert "Hangup" in served.post(f"/streamed/{sid}", {"CallSid": sid})


def test_the_flow_hanging_up_ends_the_stream_and_the_call(line: Callable[..., Line]) -> None:
    served = line([SHORT])
    sid = "CA00000000000000000000000000000007"
    twilio = call(served, sid)
    try:
        twilio.wait_quiet()
        twilio.press("2")
        assert twilio.closed.wait(30), "the stream was never closed"
    finally:
        twilio.close()
    record = wait_for(lambda: served.store.record(sid))
    assert record["outcome"] == "contained" and record["channel"] == "media"
    assert ET.fromstring(served.post(f"/streamed/{sid}", {"CallSid": sid})).find("Hangup") is not None
    assert not served.api.updates  # no REST call needed: the Connect action hangs up


def wait_for(found: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("never happened")


def test_a_dropped_stream_resumes_from_the_store(line: Callable[..., Line], caller: CallerVoice) -> None:
    served = line([SHORT])
    sid = "CA00000000000000000000000000000008"
    first = call(served, sid)
    first.wait_quiet()
    first.close()  # the WebSocket drops, no stop: the caller is still on the line
    wait_for(lambda: '"stream": "dropped"' in served.store.get(sid).twiml)  # type: ignore[union-attr]
    again = ET.fromstring(served.post(f"/streamed/{sid}", {"CallSid": sid}))  # Twilio asks the Connect action
    url, params = stream_of(again)
    second = TwilioStream(url, sid, params)
    try:
        second.wait_quiet()
        assert second.events("media")  # the menu again, where the call was
        second.say(caller.speak("billing"))
        _, form = served.api.wait()
    finally:
        second.close()
    enqueue = ET.fromstring(form["Twiml"]).find("Enqueue")
    assert enqueue is not None and enqueue.text == "billing"
    assert served.store.get(sid).state.path == ["main", "billing"]  # type: ignore[union-attr]


def test_a_stream_nobody_carries_on_hands_the_caller_to_a_person(line: Callable[..., Line]) -> None:
    served = line([SHORT])
    sid = "CA00000000000000000000000000000009"
    twilio = call(served, sid)
    twilio.wait_quiet()
    twilio.press("9")  # a turn that is kept (a wrong key)
    time.sleep(1.0)
    # the worker dies: nothing says the stream dropped (its state stays live), Twilio asks the Connect action
    session = served.store.get(sid)
    assert session is not None and '"stream": "live"' in session.twiml
    twilio.running = False
    answer = ET.fromstring(served.post(f"/streamed/{sid}", {"CallSid": sid}))
    twilio.close()
    enqueue = answer.find("Enqueue")
    assert enqueue is not None and enqueue.text == "support" and answer.find("Say") is not None
    context = served.store.get(sid).state.transfer["context"]  # type: ignore[union-attr,index]
    assert context["reason"] == "system-error" and context["path"][0] == "main"


def test_a_stream_that_never_began_hands_the_caller_to_a_person(line: Callable[..., Line]) -> None:
    served = line([SHORT])
    sid = "CA0000000000000000000000000000000e"
    served.voice(sid)
    answer = ET.fromstring(served.post(f"/streamed/{sid}", {"CallSid": sid}))
    enqueue = answer.find("Enqueue")
    assert enqueue is not None and enqueue.text == "support"


class FailingStore(SqliteStore):
    """A store whose disk fills after ``saves`` saves."""

    def __init__(self, path: Path, saves: int) -> None:
        super().__init__(path)
        self.left = saves

    def save(self, session: Any, previous_turn: int) -> bool:
        self.left -= 1
        if self.left < 0:
            import sqlite3

            raise sqlite3.OperationalError("database or disk is full")
        return super().save(session, previous_turn)


def test_a_failing_store_mid_call_hands_the_caller_to_a_person(line: Callable[..., Line], tmp_path: Path) -> None:
    served = line([SHORT], store=FailingStore(tmp_path / "failing.sqlite3", saves=2))  # /voice, the first turn
    sid = "CA0000000000000000000000000000000f"
    twilio = call(served, sid)
    try:
        twilio.wait_quiet()
        twilio.press("9")
        _, form = served.api.wait()
    finally:
        twilio.close()
    answer = ET.fromstring(form["Twiml"])
    enqueue = answer.find("Enqueue")
    assert enqueue is not None and enqueue.text == "support" and "went wrong" in (answer.findtext("Say") or "")


@pytest.mark.parametrize("junk", ["huge", "garbage"])
def test_junk_on_the_stream_hands_the_caller_to_a_person(line: Callable[..., Line], junk: str) -> None:
    served = line([SHORT])
    sid = "CA0000000000000000000000000000001" + ("0" if junk == "huge" else "1")
    twilio = call(served, sid)
    try:
        twilio.wait_playing()
        if junk == "huge":
            twilio.ws.send(json.dumps({"event": "media", "media": {"payload": "A" * (64 << 10)}}))
        else:
            for _ in range(60):
                try:
                    twilio.ws.send("not json at all")
                except ConnectionClosed:  # the server may hand the caller over and close after its 50th bad message, before our 60th
                    break
        _, form = served.api.wait()
    finally:
        twilio.close()
    enqueue = ET.fromstring(form["Twiml"]).find("Enqueue")
    assert enqueue is not None and enqueue.text == "support"


def test_a_start_with_parameters_not_signed_for_the_call_is_closed(line: Callable[..., Line]) -> None:
    served = line([SHORT])
    sid = "CA00000000000000000000000000000012"
    url, params = stream_of(served.voice(sid))
    twilio = TwilioStream(url, "CA00000000000000000000000000000013", params)  # another call's parameters
    try:
        assert twilio.closed.wait(30)
    finally:
        twilio.close()
    assert not twilio.events("media") and not served.api.updates


def test_a_recognizer_handed_to_a_stream_has_every_question_of_the_flow_ready() -> None:
    """Building a state's search took about a second at bank's 'anything else?' (2 s at its main menu): a
    caller answering there must not wait for it, so the recognizer a stream takes has built them all."""
    from ivr.channels.media import loaded
    from ivr.engine.step import listens

    flow = load_flow(ROOT / "flows" / "bank.yaml")
    english = loaded([flow]).pick("en")  # type: ignore[attr-defined]
    questions = listens(flow)
    assert {q.node for q in questions} >= {"main", "anything_else", "verify.account", "verify.pin"}
    for listen in questions:
        key = (listen.phrases, listen.dtmf.keys, listen.dtmf.max_digits, listen.mode)
        assert key in english.states, listen.node
