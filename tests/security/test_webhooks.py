"""The Twilio webhooks under faults and hostile input (issue 13, points 6, 7, 8, 11 and 12).

Real faults against the real Flask app, signed as Twilio signs: a full disk, a read-only store, a
damaged file, a redis-server killed and started again. Whatever fails, the caller is handed to a
person with valid TwiML (never a bare 500, after which Twilio hangs up), and the store recovers by
itself once the fault is gone.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

from ivr.channels.twilio import create_app
from ivr.engine.events import CallStarted, DigitsEntered, SpeechRecognized
from ivr.engine.state import CallState
from ivr.engine.step import step
from ivr.flow import compile_flow
from ivr.loading import load_flow
from ivr.store import RedisStore, Session, SqliteStore, Store
from tests.channels.test_twilio import ROOT, TELECOM, TOKEN, Call, post
from tests.conftest import free_port, wait_for_port

TELECOM_FLOW = load_flow(ROOT / "flows" / "telecom.yaml")
PHONE = "+15550100"


def twiml(response: Any) -> str:
    """A webhook's answer as Twilio needs it: 200, text/xml, well-formed, <Response>."""
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "text/xml"
    text = str(response.get_data(as_text=True))
    assert ET.fromstring(text).tag == "Response"
    return text


def to_a_person(text: str) -> bool:
    return "<Enqueue" in text or "<Dial" in text


def app_with(store: Store, *flows: Any) -> FlaskClient:
    return create_app(list(flows) or [TELECOM_FLOW], auth_token=TOKEN, store=store).test_client()


def hooks_of(client: FlaskClient) -> Any:
    return client.application.extensions["ivr"]


def new_call(client: FlaskClient, sid: str) -> str:
    return twiml(post(client, f"/voice/{TELECOM}", {"CallSid": sid, "From": PHONE}))


def sid(n: int) -> str:
    return f"CA{n:032d}"


# -- 6. a full disk ------------------------------------------------------------------------------


def fill(folder: Path) -> Path:
    """Fill the filesystem holding ``folder`` to the last byte."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 16, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError as e:
                assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB filesystem of our own (tmpfs), or a skip where mounting isn't permitted."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or mounted.returncode}); "
                    "test_a_full_database_hands_callers_to_a_person_and_recovers covers it without root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_hands_callers_to_a_person_and_keeps_what_it_can(tiny_disk: Path, caplog: pytest.LogCaptureFixture) -> None:
    """No space left: every webhook still answers TwiML that hands the caller to a person, /status is
    taken (its record is written once there is space again), and the server recovers by itself."""
    client = app_with(SqliteStore(tiny_disk / "calls.sqlite3"))
    store = hooks_of(client).store
    for n in range(3):
        new_call(client, sid(n))
    filler = fill(tiny_disk)
    caplog.set_level(logging.INFO)
    caplog.clear()
    answers = [twiml(post(client, f"/turn/{sid(0)}/1", {"CallSid": sid(0), "Digits": "3"}))]
    answers += [new_call(client, sid(n)) for n in range(10, 40)]
    assert all(to_a_person(a) for a in answers), [a for a in answers if not to_a_person(a)][:1]
    assert "Sorry, something went wrong." in answers[0]
    status = post(client, "/status", {"CallSid": sid(1), "CallStatus": "completed", "CallDuration": "42"})
    assert status.status_code == 204
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == len(answers) + 1 and all("full" in r.getMessage() for r in failures)
    assert PHONE not in caplog.text
    filler.unlink()  # space again
    assert "<Gather" in new_call(client, sid(99))
    assert hooks_of(client).sweep_at <= time.monotonic() + 5  # records the full disk refused are tried again within 5 s,
    hooks_of(client).sweep_at = 0.0  # not in a minute: that time has come
    assert post(client, "/status", {"CallSid": sid(2), "CallStatus": "completed", "CallDuration": "7"}).status_code == 204
    kept = store.record(sid(1))
    assert kept is not None and kept["status"] == "completed" and kept["duration"] == 42.0
    assert store.get(sid(1)) is None and store.record(sid(2)) is not None


def test_a_full_database_hands_callers_to_a_person_and_recovers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The same without root: SQLite's own size limit (max_page_count) on the connection the webhooks
    use makes every write fail with SQLITE_FULL, as a full disk does."""
    store = SqliteStore(tmp_path / "calls.sqlite3")
    client = app_with(store)
    new_call(client, sid(0))
    caplog.set_level(logging.INFO)
    for round in range(3):
        db = store._connect()  # the test client answers on this thread, so on this connection
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        answers: list[str] = []
        while not answers or "<Gather" in answers[-1]:  # calls fill the last free page, then the next one fails
            assert len(answers) < 20
            answers.append(new_call(client, sid(100 * round + len(answers) + 1)))
        assert to_a_person(answers[-1]) and store.get(sid(100 * round + len(answers))) is None
        assert "<Gather" in new_call(client, sid(100 * round + 50))  # the failed connection was dropped: no limit
    logged = [r.getMessage() for r in caplog.records]
    assert logged == ["ivr: voice failed (OperationalError: database or disk is full); the caller goes to queue 'support'"] * 3


def test_a_call_the_store_never_held_still_gets_one_record(tmp_path: Path) -> None:
    """A call whose first webhook met a full store went to a person without being stored: its status
    callback still writes its record (transferred, system error), once, however often it is retried."""
    store = SqliteStore(tmp_path / "calls.sqlite3")
    client = app_with(store)
    db = store._connect()
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    n = 1
    while "<Gather" in new_call(client, sid(n)):
        n += 1
    assert store.get(sid(n)) is None
    for _ in range(2):
        assert post(client, "/status", {"CallSid": sid(n), "CallStatus": "completed", "CallDuration": "42"}).status_code == 204
    record = store.record(sid(n))
    assert record is not None and (record["outcome"], record["reason"], record["duration"]) == ("transferred", "system-error", 42.0)
    assert [r["sid"] for r in store.records(1000)].count(sid(n)) == 1


# -- 6. a read-only store ------------------------------------------------------------------------


def serve(store: str, port: int, restricted: bool) -> subprocess.Popen[bytes]:
    """The webhooks under gunicorn (threads, each keeping its own SQLite connection). As root, without the
    capabilities that let root write read-only files, so that a chmod bites as it does for everyone else."""
    env = {"IVR_FLOWS": str(ROOT / "flows" / "telecom.yaml"), "IVR_STORE": store, "TWILIO_AUTH_TOKEN": TOKEN,
           "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "4", "-b", f"127.0.0.1:{port}",
               "ivr.channels.twilio:from_env()"]
    if restricted:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def http_post(port: int, path: str, params: dict[str, str]) -> tuple[int, str]:
    url = f"http://127.0.0.1:{port}{path}"
    request = urllib.request.Request(url, urlencode(params).encode(),
                                     {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, params)})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_a_read_only_store_hands_callers_over_and_works_again_without_a_restart(tmp_path: Path) -> None:
    """The store's file and folder made read-only under a running server: callers go to a person; once
    the permissions are back, the next call works (each thread used to keep its read-only connection)."""
    restricted = os.geteuid() == 0
    if restricted and subprocess.run(["setpriv", "--bounding-set=-dac_override,-dac_read_search", "true"],
                                     capture_output=True, check=False).returncode != 0:
        pytest.skip("as root a chmod doesn't bite, and setpriv (util-linux) can't drop that power here")
    folder = tmp_path / "store"
    folder.mkdir()
    store = folder / "calls.sqlite3"
    port = free_port()
    server = serve(str(store), port, restricted)
    try:
        wait_for_port(port)
        http_post(port, "/fallback", {"CallSid": sid(0)})  # the worker is up (this reads no store)
        store.chmod(0o444)
        folder.chmod(0o555)
        for n in range(8):  # every thread meets it
            code, text = http_post(port, "/voice", {"CallSid": sid(n), "From": PHONE})
            assert code == 200 and to_a_person(text), (code, text)
            ET.fromstring(text)
        folder.chmod(0o755)
        store.chmod(0o644)
        for n in range(10, 18):
            code, text = http_post(port, "/voice", {"CallSid": sid(n), "From": PHONE})
            assert code == 200 and "<Gather" in text, (code, text)
    finally:
        folder.chmod(0o755)
        store.chmod(0o644)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


# -- 6. a damaged file ---------------------------------------------------------------------------


def damage(path: Path, keep_header: bool) -> None:
    """Overwrite the file: its header (not a database any more) or every page after the first."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        if keep_header:
            f.seek(4096)
            f.write(b"\xa5" * (size - 4096))
        else:
            f.write(b"this is not a database file at all")


def a_store_with_records(path: Path) -> None:
    store = SqliteStore(path)
    for n in range(200):
        store.save(Session(sid(n), TELECOM, CallState(node="main", path=["main"] * 20), 1, "<Response/>" * 20, time.time()), 0)
        store.close(sid(n), {"sid": sid(n), "flow": TELECOM, "outcome": "abandoned", "path": ["main"], "duration": 1.0})
    db = store._connect()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    store.local.db = None


@pytest.mark.parametrize("keep_header", [False, True], ids=["header", "pages"])
def test_a_damaged_store_is_found_at_start_up_and_says_what_to_do(tmp_path: Path, keep_header: bool,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ivr.channels.twilio import from_env
    from ivr.cli import main

    path = tmp_path / "calls.sqlite3"
    a_store_with_records(path)
    damage(path, keep_header)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    for command in (["calls", "list", "--store", str(path)], ["calls", "show", sid(1), "--store", str(path)],
                    ["serve", str(ROOT / "flows" / "telecom.yaml"), "--store", str(path), "--port", str(free_port())]):
        with pytest.raises(SystemExit) as exited:
            main(command)
        assert exited.value.code != 0
        said = capsys.readouterr().err.strip()
        assert len(said.splitlines()) == 1 and "Traceback" not in said, said
        assert said.startswith(f"ivr: error: {path}: the call store is damaged") and "move the file aside" in said
        assert f"sqlite3 {path}.damaged .recover" in said
    monkeypatch.setenv("IVR_FLOWS", str(ROOT / "flows" / "telecom.yaml"))
    monkeypatch.setenv("IVR_STORE", str(path))
    with pytest.raises(SystemExit, match="the call store is damaged"):  # gunicorn's workers: one line too
        from_env()


def test_a_store_damaged_while_serving_hands_callers_to_a_person(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    a_store_with_records(path)
    store = SqliteStore(path)  # checked: sound
    damage(path, keep_header=True)
    client = app_with(store)
    for n in range(300, 305):
        assert to_a_person(new_call(client, sid(n)))
    assert post(client, "/status", {"CallSid": sid(300), "CallStatus": "completed"}).status_code == 204


# -- 6. redis-server killed mid-call -----------------------------------------------------------


class RedisServer:
    """A redis-server of this test's own, without persistence (a restart forgets every call)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is missing: run scripts/test, which installs it"
        self.proc = subprocess.Popen([server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                      "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, 10)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def test_redis_killed_mid_call_hands_callers_over_and_recovers_when_it_returns(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path)
    redis.start()
    try:
        client = app_with(RedisStore(redis.url))
        talking, waiting = Call(client, sid(1), flow=TELECOM), Call(client, sid(2), flow=TELECOM)
        hooks_of(client).recent.clear()  # another worker's calls: this one has to ask Redis
        redis.kill()
        assert to_a_person(talking.send(Digits="3"))
        assert to_a_person(new_call(client, sid(3)))
        assert post(client, "/status", {"CallSid": sid(3), "CallStatus": "completed"}).status_code == 204
        redis.start()  # empty: it kept nothing
        assert "<Gather" in new_call(client, sid(4))  # redis-py connects again by itself
        lost = waiting.send(Digits="3")  # Redis forgot this call: a person, not <Hangup/>
        assert to_a_person(lost) and "<Hangup" not in lost
        waiting.send(QueueResult="bridged")
        assert post(client, "/status", {"CallSid": waiting.sid, "CallStatus": "completed", "CallDuration": "60"}).status_code == 204
        record = hooks_of(client).store.record(waiting.sid)
        assert record is not None and record["outcome"] == "transferred" and record["reason"] == "system-error"
    finally:
        if redis.proc is not None and redis.proc.poll() is None:
            redis.kill()


def test_only_a_call_that_ended_gets_hangup(tmp_path: Path) -> None:
    client = app_with(SqliteStore(tmp_path / "calls.sqlite3"))
    call = Call(client, sid(1), flow=TELECOM)
    action = call.action()
    assert post(client, "/status", {"CallSid": call.sid, "CallStatus": "completed", "CallDuration": "3"}).status_code == 204
    assert "<Hangup" in twiml(post(client, action, {"CallSid": call.sid, "Digits": "1"}))
    assert to_a_person(twiml(post(client, f"/turn/{sid(2)}/4", {"CallSid": sid(2), "Digits": "1"})))


# -- 6. calls whose status callback never came -------------------------------------------------


@pytest.mark.parametrize("where", ["sqlite", "redis"])
def test_calls_whose_status_never_came_expire_with_a_record(tmp_path: Path, request: pytest.FixtureRequest, where: str) -> None:
    if where == "sqlite":
        store: Store = SqliteStore(tmp_path / "calls.sqlite3")
    else:
        store = RedisStore(request.getfixturevalue("redis_url"))
        store.db.flushdb()
    old = time.time() - 6 * 3600  # longer than Twilio lets any call last (4 h)
    state, _ = step(TELECOM_FLOW, CallState(), CallStarted(sid(1), PHONE, None))
    assert store.save(Session(sid(1), TELECOM, state, 1, "<Response/>", old), 0)
    client = app_with(store)  # the sweep at start-up
    record = store.record(sid(1))
    assert record is not None and record["status"] == "expired" and record["outcome"] == "abandoned"
    assert store.get(sid(1)) is None
    Call(client, sid(2), flow=TELECOM)
    hooks = hooks_of(client)
    hooks.expire_after, hooks.sweep_at = 0.0, 0.0  # and from the webhooks, now and then
    Call(client, sid(3), flow=TELECOM)
    assert store.record(sid(2)) is not None and store.get(sid(2)) is None
    assert store.get(sid(3)) is not None  # the call that ran the sweep is not swept


# -- 6 and 12. the Fallback URL and any failure --------------------------------------------------


def test_the_fallback_url_hands_the_caller_over_without_the_store(tmp_path: Path) -> None:
    dead = RedisStore(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    client = app_with(dead)
    for path in ("/fallback", f"/fallback/{TELECOM}"):
        text = twiml(post(client, path, {"CallSid": sid(1), "ErrorCode": "11200", "ErrorUrl": "https://x/voice"}))
        assert "<Enqueue" in text and ">support</Enqueue>" in text
        assert client.post(path, data={"CallSid": sid(1)}).status_code == 403  # signed like every webhook
    assert to_a_person(new_call(client, sid(2)))


def test_a_dialled_number_and_taskrouter_are_handed_over_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flow = compile_flow("human: {target: desk}\nnodes:\n  m: {type: menu, prompt: Hi, options: [{dtmf: 1, phrases: [hi], next: desk}]}\n"
                        "  desk: {type: transfer, number: '+15550100199'}\n", "dial.yaml")
    dead = RedisStore(f"redis://127.0.0.1:{free_port()}/0")
    assert "<Number>+15550100199</Number>" in twiml(post(app_with(dead, flow), "/voice", {"CallSid": sid(1), "From": PHONE}))
    monkeypatch.setenv("TWILIO_WORKFLOW_SID", "WW0123456789abcdef0123456789abcdef")
    text = twiml(post(app_with(dead), "/voice", {"CallSid": sid(2), "From": PHONE}))
    task = ET.fromstring(text).find("Enqueue/Task")
    assert task is not None and '"queue": "support"' in (task.text or "") and '"reason": "system-error"' in (task.text or "")


# -- 7. bad values in signed fields --------------------------------------------------------------

NUMBER = """
nodes:
  amount:
    type: collect
    kind: number
    prompt: Enter the amount, then the hash key.
    next: said
  said: {type: say, prompt: "You entered {amount}.", next: voicemail}
  voicemail: {type: record, slot: message, next: bye}
  bye: {type: hangup}
"""


@pytest.fixture()
def numbers(tmp_path: Path) -> FlaskClient:
    return app_with(SqliteStore(tmp_path / "calls.sqlite3"), compile_flow(NUMBER, "number.yaml"), TELECOM_FLOW)


@pytest.mark.parametrize("digits", ["1" * 4301, "²", "1" * 65], ids=["4301-digits", "superscript", "65-digits"])
def test_odd_keypad_digits_are_not_understood_not_a_crash(numbers: FlaskClient, digits: str,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    call = Call(numbers, sid(1))
    again = call.send(Digits=digits)
    assert "<Gather" in again and "Enter the amount" in again  # asked again
    assert "You entered 42." in call.send(Digits="42#")
    assert digits not in caplog.text


def test_the_engine_never_crashes_on_odd_numbers() -> None:
    flow = compile_flow(NUMBER, "number.yaml")
    state, _ = step(flow, CallState(), CallStarted(sid(1), None, None))
    for event in (DigitsEntered("1" * 4301), DigitsEntered("²"), DigitsEntered("٣"),
                  SpeechRecognized("9" * 400 + " point 5", 0.9), SpeechRecognized("nine " * 400, 0.9)):
        after, _ = step(flow, state, event)
        assert after.node == "amount" and "amount" not in after.slots, event


@pytest.mark.parametrize("confidence", ["abc", "nan"])
def test_bad_confidence_is_no_confidence(client_flows: FlaskClient, confidence: str) -> None:
    call = Call(client_flows, sid(1), flow=TELECOM)
    assert "<Gather" in call.send(SpeechResult="billing", Confidence=confidence)  # not trusted: asked again


@pytest.fixture()
def client_flows(tmp_path: Path) -> FlaskClient:
    return app_with(SqliteStore(tmp_path / "calls.sqlite3"))


def test_a_bad_call_duration_still_ends_the_call(client_flows: FlaskClient) -> None:
    call = Call(client_flows, sid(1), flow=TELECOM)
    assert post(client_flows, "/status", {"CallSid": call.sid, "CallStatus": "completed", "CallDuration": "abc"}).status_code == 204
    store = hooks_of(client_flows).store
    record = store.record(call.sid)
    assert store.get(call.sid) is None and record is not None and 0 <= record["duration"] < 60


@pytest.mark.parametrize("params", [{"QueuePosition": "abc"}, {"AvgQueueTime": "nan"}, {"QueuePosition": "²", "AvgQueueTime": "1e999"}])
def test_bad_queue_numbers_still_tell_the_caller_something(client_flows: FlaskClient, params: dict[str, str]) -> None:
    call = Call(client_flows, sid(1), flow=TELECOM)
    call.send(Digits="3")
    text = twiml(post(client_flows, "/wait", {"CallSid": call.sid, **params}))
    assert "in line" in text and "<Pause" in text


def test_a_bad_recording_duration_still_takes_the_message(numbers: FlaskClient) -> None:
    call = Call(numbers, sid(1))
    assert "<Record" in call.send(Digits="42#")
    assert "<Hangup" in call.send(RecordingUrl="https://api.twilio.com/recordings/RE1", RecordingDuration="abc")
    assert hooks_of(numbers).store.get(call.sid).state.slots["message"] == "https://api.twilio.com/recordings/RE1"


@pytest.mark.parametrize("path", ["/voice", "/status", "/wait"])
@pytest.mark.parametrize("call_sid", [None, "", "CA 1", "CA/1", "x" * 65])
def test_a_missing_or_malformed_call_sid_is_400(client_flows: FlaskClient, path: str, call_sid: str | None) -> None:
    params = {"From": PHONE, "CallStatus": "completed"} | ({} if call_sid is None else {"CallSid": call_sid})
    assert post(client_flows, path, params).status_code == 400
    store = hooks_of(client_flows).store
    assert store.get("") is None and store.record("") is None


# -- 8. what XML can't carry ---------------------------------------------------------------------

SPEECH = """
nodes:
  street:
    type: collect
    kind: speech
    prompt: Which street?
    confirm: true
    next: look
  look: {type: http, url: "https://api.example.com/x", save: {note: note}, next: said, on_error: said}
  said: {type: say, prompt: "Street {street}. {note}", next: desk}
  desk: {type: transfer, number: "+15550100199"}
"""


@pytest.mark.parametrize("bad", ["\x01", "\x00", "\ufffe", "\x1b[31m"], ids=["SOH", "NUL", "U+FFFE", "ESC"])
def test_caller_speech_never_breaks_the_twiml(tmp_path: Path, bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read back in a confirmation, in a say template, to the person who answers (whisper) and in a TaskRouter
    task: every answer parses as XML."""
    from ivr.engine.events import HttpResult

    flow = compile_flow(SPEECH, "speech.yaml")
    client = create_app([flow], auth_token=TOKEN, store=SqliteStore(tmp_path / "c.sqlite3"),
                        http=lambda _r: HttpResult(200, {"note": f"web{bad}note"})).test_client()
    call = Call(client, sid(1))
    confirm = call.send(SpeechResult=f"main st{bad}", Confidence="0.9")
    assert "I heard main st" in confirm
    said, kept = call.send(Digits="1"), "".join(c for c in bad if " " <= c < "\ufffe")  # what XML 1.0 can carry
    assert f"Street main st{kept}. web{kept}note" in said and "<Dial" in said
    assert f"street: main st{kept}" in twiml(post(client, f"/whisper/{call.sid}", {"CallSid": sid(2)}))
    monkeypatch.setenv("TWILIO_WORKFLOW_SID", "WW0123456789abcdef0123456789abcdef")
    queued = create_app([TELECOM_FLOW], auth_token=TOKEN, store=SqliteStore(tmp_path / "q.sqlite3")).test_client()
    other = Call(queued, sid(3), flow=TELECOM)
    task = other.send(SpeechResult=f"billing{bad} agent", Confidence="0.9")
    assert ET.fromstring(task).find("Enqueue/Task") is not None


def test_an_unsafe_character_in_a_web_answer_never_breaks_the_twiml() -> None:
    from ivr.channels.twilio import twiml as build
    from ivr.engine import effects as fx

    text = build(TELECOM_FLOW, CallState(), [fx.Say("a\x01b\ufffec\x00", "en", "m")], "/turn/CA1/1")
    assert ET.fromstring(text).findtext("Say") == "abc"


# -- 11. junk bodies are refused cheaply ------------------------------------------------------------


def cpu_of(send: Any, times: int = 3) -> float:
    started = time.process_time()
    for _ in range(times):
        send()
    return (time.process_time() - started) / times


def test_junk_forms_are_refused_before_they_are_parsed(client_flows: FlaskClient) -> None:
    huge = "&".join(f"f{i}=v" for i in range(100_000))
    assert client_flows.post("/voice", data=huge, content_type="application/x-www-form-urlencoded").status_code == 413
    many = "&".join(f"{i}=" for i in range(2_000))  # under 64 kB, but 2,000 fields
    assert len(many) < 64 << 10
    assert client_flows.post("/voice", data=many, content_type="application/x-www-form-urlencoded").status_code == 400
    chunked = client_flows.post("/voice", input_stream=io.BytesIO(huge.encode()),
                                content_type="application/x-www-form-urlencoded", headers={"Transfer-Encoding": "chunked"})
    assert chunked.status_code == 413
    cost = cpu_of(lambda: client_flows.post("/voice", data=huge, content_type="application/x-www-form-urlencoded"))
    assert cost < 0.05, f"{cost:.3f} s of CPU to refuse one request (1.1 s before the cap)"
    most = "&".join(f"{i}=" for i in range(999))  # the most a request may carry: refused unsigned, still cheaply
    assert client_flows.post("/voice", data=most, content_type="application/x-www-form-urlencoded").status_code == 403
    assert cpu_of(lambda: client_flows.post("/voice", data=most, content_type="application/x-www-form-urlencoded")) < 0.05
    # Twilio's own forms (20-40 fields, a few kB, a long SpeechResult) are far below the caps
    params = {"CallSid": sid(1), "AccountSid": "AC" + "0" * 32, "From": PHONE, "To": "+15550199", "CallStatus": "in-progress",
              "Direction": "inbound", "ApiVersion": "2010-04-01", "Caller": PHONE, "Called": "+15550199",
              **{f"{k}{n}": "x" * 20 for k in ("FromCity", "ToState") for n in range(15)}}
    assert "<Gather" in twiml(post(client_flows, f"/voice/{TELECOM}", params))
    speech = " ".join(["billing please"] * 140)
    assert twiml(post(client_flows, f"/turn/{sid(1)}/1", {"CallSid": sid(1), "SpeechResult": speech, "Confidence": "0.9"}))
