"""The Media Streams client behaves toward a server as Twilio does: checked against a small recording server
(a signed /voice webhook in Flask, a WebSocket that plays prompts, sends marks and clears, and keeps every message)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Connect, VoiceResponse
from websockets.datastructures import Headers
from websockets.http11 import Response as WsResponse
from websockets.sync.server import ServerConnection, serve
from werkzeug.serving import make_server

from ivr.channels import media_client as mc
from ivr.speech.audio import mulaw_decode, mulaw_encode

TOKEN = "12345678901234567890123456789012"
ROOT = Path(__file__).parent.parent.parent


def tone(seconds: float, freq: float = 440.0, level: float = 8000.0) -> bytes:
    t = np.arange(int(seconds * mc.RATE)) / mc.RATE
    return mulaw_encode((level * np.sin(2 * np.pi * freq * t)).astype(np.int16)).tobytes()


@dataclass
class Recorder:
    """A tiny media-mode IVR: a prompt on start; the caller's speech during it clears it; 200 ms of quiet after
    speech, or '#', plays the next prompt; '0' ends the stream. Keeps every message with its arrival time."""

    ws_url: str = ""
    received: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    sent: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    headers: list[Headers] = field(default_factory=list)
    prompt_s: float = 0.6
    done: threading.Event = field(default_factory=threading.Event)

    def check(self, connection: ServerConnection, req: Any) -> WsResponse | None:
        self.headers.append(req.headers)
        signature = req.headers.get("X-Twilio-Signature", "")
        if not RequestValidator(TOKEN).validate(self.ws_url, {}, signature):
            return connection.respond(403, "forged\n")
        return None

    def handle(self, ws: ServerConnection) -> None:
        sid = ""
        playing = False
        spoke, quiet, prompts = False, 0, 0

        def send(message: dict[str, Any]) -> None:
            self.sent.append((time.monotonic(), message))
            ws.send(json.dumps(message))

        def prompt() -> None:
            nonlocal playing, prompts
            prompts += 1
            audio = tone(self.prompt_s)
            for i in range(0, len(audio), 160):
                send({"event": "media", "streamSid": sid, "media": {"payload": base64.b64encode(audio[i : i + 160]).decode()}})
            send({"event": "mark", "streamSid": sid, "mark": {"name": f"prompt-{prompts}"}})
            playing = True

        try:
            for raw in ws:
                message = json.loads(raw)
                self.received.append((time.monotonic(), message))
                event = message["event"]
                if event == "start":
                    sid = message["start"]["streamSid"]
                    prompt()
                elif event == "mark":
                    playing = False
                elif event == "dtmf":
                    if message["dtmf"]["digit"] == "#":
                        prompt()
                    elif message["dtmf"]["digit"] == "0":
                        return
                elif event == "media":
                    pcm = mulaw_decode(np.frombuffer(base64.b64decode(message["media"]["payload"]), dtype=np.uint8))
                    loud = float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) > 300
                    if loud and playing:
                        send({"event": "clear", "streamSid": sid})
                        playing = False
                    spoke, quiet = spoke or loud, 0 if loud else quiet + 1
                    if spoke and quiet >= 10:
                        spoke = False
                        prompt()
                elif event == "stop":
                    return
        finally:
            self.done.set()


@pytest.fixture
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    ws_server = serve(recorder.handle, "127.0.0.1", 0, process_request=recorder.check, compression=None)
    recorder.ws_url = f"ws://127.0.0.1:{ws_server.socket.getsockname()[1]}/media"
    app = Flask("recorder")

    @app.post("/voice")
    def voice() -> Response:
        if not RequestValidator(TOKEN).validate(request.url, request.form.to_dict(), request.headers.get("X-Twilio-Signature", "")):
            abort(403)
        twiml = VoiceResponse()
        connect = Connect()
        stream = connect.stream(url=recorder.ws_url)
        stream.parameter(name="flow", value="recorder")
        stream.parameter(name="caller", value=request.form["From"])
        twiml.append(connect)
        return Response(str(twiml), mimetype="text/xml")

    @app.post("/plain")
    def plain() -> Response:
        twiml = VoiceResponse()
        twiml.say("hello")
        return Response(str(twiml), mimetype="text/xml")

    http = make_server("127.0.0.1", 0, app, threaded=True)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (ws_server, http)]
    for t in threads:
        t.start()
    yield f"http://127.0.0.1:{http.socket.getsockname()[1]}", recorder
    ws_server.shutdown()
    http.shutdown()


def events(recorder: Recorder) -> list[str]:
    return [m["event"] for _, m in recorder.received]


def test_the_client_speaks_twilios_messages_in_order_at_real_time_pace(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    report = mc.media_call(base, [mc.keys("12"), mc.silence(0.4), mc.hang_up()], token=TOKEN, caller="+15551230000")
    assert recorder.done.wait(5)
    kinds = events(recorder)
    assert kinds[:2] == ["connected", "start"] and kinds[-1] == "stop"
    connected, start = recorder.received[0][1], recorder.received[1][1]
    assert connected == {"event": "connected", "protocol": "Call", "version": "1.0.0"}
    assert start["start"]["callSid"] == report.call_sid and start["start"]["streamSid"] == report.stream_sid == start["streamSid"]
    assert start["start"]["accountSid"].startswith("AC") and start["start"]["tracks"] == ["inbound"]
    assert start["start"]["mediaFormat"] == {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}
    assert start["start"]["customParameters"] == {"flow": "recorder", "caller": "+15551230000"} == report.parameters
    numbered = [m for _, m in recorder.received[1:]]
    assert [int(m["sequenceNumber"]) for m in numbered] == list(range(1, len(numbered) + 1))
    media = [(t, m) for t, m in recorder.received if m["event"] == "media"]
    assert [int(m["media"]["chunk"]) for _, m in media] == list(range(1, len(media) + 1))
    assert [int(m["media"]["timestamp"]) for _, m in media] == [20 * i for i in range(len(media))]
    assert all(len(base64.b64decode(m["media"]["payload"])) == 160 and m["media"]["track"] == "inbound" for _, m in media)
    assert [m["dtmf"] for _, m in recorder.received if m["event"] == "dtmf"] == [{"track": "inbound_track", "digit": d} for d in "12"]
    assert recorder.received[-1][1]["stop"] == {"accountSid": start["start"]["accountSid"], "callSid": report.call_sid}
    wall = media[-1][0] - media[0][0]
    assert wall == pytest.approx(0.02 * (len(media) - 1), abs=0.1), "frames go out at the wall clock's pace, not in a burst"
    assert report.ended_by == "caller"


def test_a_mark_comes_back_when_the_audio_before_it_has_been_heard(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.prompt_s = 1.0
    report = mc.media_call(base, [mc.hang_up()], token=TOKEN)
    sent = next(t for t, m in recorder.sent if m["event"] == "mark")
    echoed = next(t for t, m in recorder.received if m["event"] == "mark")
    assert 0.95 <= echoed - sent <= 1.15, f"the mark came back {echoed - sent:.3f} s after 1 s of audio was queued"
    assert [name for name, _ in report.marks] == ["prompt-1"]
    assert report.prompts[0].seconds == pytest.approx(1.0)
    assert report.turns[0].began >= report.prompts[0].start + 1.0 + mc.PAUSE_S - 0.05, "the caller waits for the prompt's end"


def test_speech_during_a_prompt_is_cleared_and_its_mark_returned_at_once(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.prompt_s = 3.0
    words = mc.Step("say", label="tone", audio=tone(0.5, 300, 12000), barge_in_ms=400)
    report = mc.media_call(base, [words, mc.hang_up()], token=TOKEN, speed=2.0)
    turn = report.turns[0]
    assert turn.speech_start is not None and turn.clear is not None and turn.clear_ms is not None
    assert turn.speech_start - report.prompts[0].start == pytest.approx(0.2, abs=0.05), "400 ms into the prompt, at double speed"
    assert report.prompts[0].cleared_at == turn.clear
    assert report.marks[0] == ("prompt-1", turn.clear), "the cleared prompt's mark comes back with the clear"
    assert turn.response_ms is not None and 80 <= turn.response_ms * 2 <= 400, "the next prompt 10 frames after the speech"
    line = "\n".join(mc.timeline(report))
    assert "cleared after" in line and "barge-in: clear" in line and "next prompt" in line


def test_a_caller_side_held_back_by_a_loaded_machine_still_barges_in_on_the_lines_time(server: tuple[str, Recorder]) -> None:
    """On a busy 2-core machine the sending thread can be held back 100 ms at any moment; the frames it then sends at
    once to catch up still belong 400 ms into the prompt, and the report says so rather than when the thread woke."""
    base, recorder = server
    recorder.prompt_s = 3.0
    answer = mc.answer_call(base + "/voice", TOKEN, "CA2", account_sid="AC1", caller="+1", called="+2")
    sender = threading.current_thread()
    heard, stalled = [], []
    call: mc.MediaCall

    def loaded_clock() -> float:
        now = time.monotonic()
        if not stalled and threading.current_thread() is sender and call.report.prompts:
            heard.append(now)
            if now - heard[0] >= 0.15:  # just before the caller would barge in
                stalled.append(now)
                time.sleep(0.1)  # the thread really is held back: the machine is busy
        return time.monotonic()

    call = mc.MediaCall(answer, TOKEN, call_sid="CA2", account_sid="AC1", speed=2.0, clock=loaded_clock)
    report = call.run([mc.Step("say", label="tone", audio=tone(0.5, 300, 12000), barge_in_ms=400), mc.hang_up()])
    turn = report.turns[0]
    assert stalled and turn.speech_start is not None and turn.clear is not None
    assert turn.speech_start - report.prompts[0].start == pytest.approx(0.2, abs=0.03), "400 ms of line into the prompt, at double speed"
    assert report.marks[0] == ("prompt-1", turn.clear)


def test_keys_and_a_stream_the_server_ends(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    report = mc.media_call(base, [mc.keys("1#"), mc.keys("0")], token=TOKEN, speed=3.0, listen_s=5)
    assert report.ended_by == "server"
    assert report.turns[0].response_ms is not None and report.turns[0].response_ms < 100
    assert len(report.prompts) == 2
    assert "stop" not in events(recorder), "a stream the server closed gets no stop"
    assert report.seconds < 3


def test_forged_signatures_and_a_server_not_in_media_mode_are_one_line_errors(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    with pytest.raises(mc.MediaCallError, match="HTTP 403 .is TWILIO_AUTH_TOKEN"):
        mc.media_call(base, [], token="x" * 32)
    answer = mc.answer_call(base + "/voice", TOKEN, "CA1", account_sid="AC1", caller="+1", called="+2")
    with pytest.raises(mc.MediaCallError, match="refused the stream .*HTTP 403"):
        mc.MediaCall(answer, "y" * 32, call_sid="CA1", account_sid="AC1").run([])
    assert recorder.received == [], "nothing was streamed to a server that refused the upgrade"
    with pytest.raises(mc.MediaCallError, match=r"no <Connect><Stream url=...> \(it has Say\)"):
        mc.answer_call(base + "/plain", TOKEN, "CA1", account_sid="AC1", caller="+1", called="+2")


@pytest.mark.parametrize(("step", "error"), [
    ("keys:12a", "a phone keypad has 0-9, \\* and # only"),
    ("silence:soon", "write say:TEXT"),
    ("barge=x:say:hi", "barge= takes milliseconds"),
    ("barge=100:keys:1", "barge= goes before say: or wav:"),
    ("shout:hello", "write say:TEXT"),
])
def test_bad_steps_are_refused_in_one_line(step: str, error: str) -> None:
    with pytest.raises(mc.UsageError, match=error):
        mc.parse_step(step)


def run_cli(*args: str, token: str = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TWILIO_AUTH_TOKEN": token, "HOME": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ivr", "media-call", *args], capture_output=True, text=True, timeout=60, env=env)


def test_media_call_on_the_command_line(server: tuple[str, Recorder], tmp_path: Path) -> None:
    base, recorder = server
    heard = tmp_path / "heard.wav"
    done = run_cli(base, "keys:4#", "keys:0", "--record", str(heard), "--listen", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("call CA") and "(flow=recorder, caller=+15005550006)" in lines[0]
    assert "prompt 1: 0.60 s of audio" in lines[1] and "caller presses 4#; next prompt" in done.stdout
    assert "the server ended the stream" in lines[-1]
    assert heard.stat().st_size > 2 * 8000 * 1.2, "both prompts are in the recording"
    as_json = run_cli(base, "hangup", "--json")
    assert json.loads(as_json.stdout)["ended_by"] == "caller"
    forged = run_cli(base, "hangup", token="z" * 32)
    assert forged.returncode == 2 and forged.stderr.strip().startswith("ivr: error: POST") and "HTTP 403" in forged.stderr
    assert "Traceback" not in forged.stderr
    bad = run_cli(base, "keys:x")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "keypad" in bad.stderr
