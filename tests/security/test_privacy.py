"""Probe 9 of issue 13: what a caller says or keys at a sensitive prompt never reaches a record, a
screen, a person or the disk in clear, whatever it turned out to mean."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from ivr.channels.sim import canned_http
from ivr.channels.twilio import create_app
from ivr.designer import create_designer_app
from ivr.engine import effects as fx
from ivr.engine.events import CallerHungUp, DigitsEntered, Event, SpeechRecognized, TransferResult
from ivr.engine.state import CallState
from ivr.engine.step import start, step
from ivr.flow import compile_flow
from ivr.loading import load_flow
from ivr.records import call_record
from ivr.sealing import PREFIX, Sealer, SealError
from ivr.store import RedisStore, Session, SqliteStore, Store
from tests.channels.test_twilio import TOKEN, Call, post
from tests.conftest import free_port, wait_for_port

ROOT = Path(__file__).parent.parent.parent
BANK = load_flow(ROOT / "flows" / "bank.yaml")
PIN, ACCOUNT, CALLER = "4921", "80417263", "+14155550123"
BALANCE = [{"match": "POST https://api.acmebank.example/v1/balance", "status": 200, "body": {"balance": "1520.75"}}]

# a PIN read back for confirmation, copied into a variable and a spoken template, and a person on a phone number
CONFIRMED = """
name: confirmed
human: {target: person}
nodes:
  pin:
    type: collect
    kind: digits
    min_length: 4
    max_length: 4
    sensitive: true
    confirm: true
    prompt: Your PIN?
    next: copy
  copy:
    type: set
    set: {copied: "{pin}", same: "=pin", joined: "='PIN ' + pin", plain: "not secret"}
    next: tell
  tell: {type: say, prompt: "You gave {copied}.", next: menu}
  menu:
    type: menu
    prompt: Press 1 for a person.
    options: [{dtmf: 1, next: person}]
  person: {type: transfer, number: "+15550100199"}
"""


def leaks(value: Any, *secrets: str) -> list[str]:
    """The secrets found anywhere in ``value`` (as JSON)."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return [s for s in secrets if s in text]


class CallFrom(Call):
    """A call from ``CALLER``."""

    def __init__(self, client: FlaskClient, sid: str) -> None:
        self.client, self.sid = client, sid
        self.xml = self.check(post(client, "/voice", {"CallSid": sid, "From": CALLER}))


def bank_call(client: FlaskClient, sid: str, pin_turn: dict[str, str]) -> Call:
    """A bank call to the PIN prompt, then ``pin_turn`` there."""
    call = CallFrom(client, sid)
    call.send(Digits="1")
    call.send(Digits=f"{ACCOUNT}#")
    assert "4-digit PIN" in call.xml
    call.send(**pin_turn)
    return call


def end(client: FlaskClient, sid: str) -> None:
    assert post(client, "/status", {"CallSid": sid, "CallStatus": "completed", "CallDuration": "31"}).status_code == 204


def calls_cli(*args: str) -> str:
    """What ``ivr calls ...`` prints, run as a user runs it."""
    proc = subprocess.run([sys.executable, "-m", "ivr", "calls", *args], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_speech_asking_for_a_person_at_the_pin_prompt_is_masked_in_the_task_the_record_and_calls_show(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TWILIO_WORKFLOW_SID", "WW0123456789abcdef0123456789abcdef")
    store = tmp_path / "calls.sqlite3"
    client = create_app([BANK], auth_token=TOKEN, store=SqliteStore(store)).test_client()
    call = bank_call(client, "CApinagent", {"SpeechResult": f"my pin is {PIN} get me an agent", "Confidence": "0.93"})
    task = ET.fromstring(call.xml).find("Enqueue/Task")
    assert task is not None and task.text, call.xml
    attributes = json.loads(task.text)
    assert attributes["reason"] == "caller-asked" and not leaks(attributes, PIN, ACCOUNT)
    assert [s["text"] for s in attributes["said"]] == ["1", "***", "***"]
    assert [s["meaning"] for s in attributes["said"]][-1] == "human"
    end(client, call.sid)
    shown = calls_cli("show", call.sid, "--store", str(store))
    record = json.loads(shown)
    assert not leaks(shown, PIN, ACCOUNT) and record["said"][-1] == {
        "node": "verify.pin", "input": "speech", "text": "***", "confidence": 0.93, "meaning": "human"}


def run(flow: Any, *events: Event) -> tuple[Any, list[fx.Effect]]:
    state, effects = start(flow)
    for event in events:
        state, more = step(flow, state, event)
        effects += more
    return state, effects


def test_everything_heard_at_a_sensitive_prompt_is_masked_whatever_it_meant() -> None:
    flow = compile_flow(CONFIRMED, "confirmed.yaml")
    calls = [
        # invalid (too short), no match, then the human escape in words
        [DigitsEntered(PIN[:2]), SpeechRecognized(f"purple {PIN} elephant", 0.9), SpeechRecognized(f"my pin is {PIN} get me an agent", 0.9)],
        # the value, a spoken "no" with the PIN in it, the value again and a "yes" with it
        [DigitsEntered(PIN), SpeechRecognized(f"no it is {PIN} not that", 0.9), DigitsEntered(PIN), SpeechRecognized(f"yes {PIN}", 0.9)],
        [SpeechRecognized(f"it is {PIN}", 0.2), DigitsEntered("0")],  # heard with too little confidence, the keypad's escape
    ]
    for events in calls:
        state, effects = run(flow, *events)
        assert len(state.said) == len(events) and all(s["text"] == "***" for s in state.said), state.said
        assert not leaks(state.said, PIN, PIN[:2])
        assert not leaks([e.text for e in effects if isinstance(e, (fx.Say, fx.Play))], PIN)
    assert [s["meaning"] for s in run(flow, *calls[0])[0].said] == ["invalid", None, "human"]
    assert [s["meaning"] for s in run(flow, *calls[1])[0].said] == ["value", "no", "value", "yes"]


def test_variables_copied_from_a_sensitive_slot_stay_masked_in_prompts_and_the_handover() -> None:
    flow = compile_flow(CONFIRMED, "confirmed.yaml")
    state, effects = run(flow, DigitsEntered(PIN), DigitsEntered("1"), DigitsEntered("1"))
    transfer = next(e for e in effects if isinstance(e, fx.Transfer))
    assert "You gave ***." in [e.text for e in effects if isinstance(e, fx.Say)]
    assert transfer.context["vars"] == {"copied": "***", "same": "***", "joined": "***", "plain": "not secret"}
    assert not leaks(transfer.context, PIN)


def test_sensitive_values_are_dropped_when_the_call_ends() -> None:
    flow = compile_flow(CONFIRMED, "confirmed.yaml")
    state, _ = run(flow, DigitsEntered(PIN), DigitsEntered("1"), DigitsEntered("1"))
    assert state.awaiting == "transfer" and state.slots["pin"] == PIN  # still there while the call needs it
    ended, _ = step(flow, state, TransferResult("answered"))
    assert ended.outcome == "transferred" and not leaks(ended.to_dict(), PIN)
    assert ended.slots["pin"] == "***" and ended.vars["copied"] == "***" and ended.vars["plain"] == "not secret"
    hung_up, _ = run(flow, DigitsEntered(PIN), SpeechRecognized("hang on", 0.9))
    assert hung_up.pending == PIN
    gone, _ = step(flow, hung_up, CallerHungUp())
    assert gone.pending is None and not leaks(gone.to_dict(), PIN)


def test_the_whisper_and_the_try_it_transcript_show_only_the_mask(tmp_path: Path) -> None:
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "confirmed.yaml").write_text(CONFIRMED)
    designer = create_designer_app(folder).test_client()
    page = designer.get("/").get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found
    headers = {"X-CSRF-Token": found.group(1)}
    view = designer.post("/api/calls", json={"file": "confirmed.yaml", "text": CONFIRMED}, headers=headers).get_json()
    for action, arg in [("press", PIN), ("say", f"no it is {PIN} not that"), ("press", PIN), ("say", "yes"), ("press", "1")]:
        view = designer.post(f"/api/calls/{view['id']}", json={"action": action, "arg": arg}, headers=headers).get_json()
    assert view["outcome"] == "transferred"
    assert not leaks(view, PIN), view["transcript"]

    flow = compile_flow(CONFIRMED, str(tmp_path / "confirmed.yaml"))
    client = create_app([flow], auth_token=TOKEN, store=SqliteStore(tmp_path / "calls.sqlite3")).test_client()
    call = Call(client, sid="CAwhisper")
    call.send(SpeechResult=f"it is {PIN}", Confidence="0.9")
    call.send(Digits="1")
    call.send(Digits="1")
    assert "/whisper/CAwhisper" in call.xml
    whisper = post(client, "/whisper/CAwhisper", {"CallSid": "CAwhisper"}).get_data(as_text=True)
    assert "Call from the confirmed line" in whisper and not leaks(whisper, PIN)


def on_disk(*files: Path) -> bytes:
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_no_pin_account_or_caller_number_stays_in_the_sqlite_files_after_the_call(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    client = create_app([BANK], auth_token=TOKEN, store=SqliteStore(path), http=canned_http(BALANCE, None)).test_client()
    for i in range(3):
        call = bank_call(client, f"CAdisk{i}", {"Digits": PIN})
        assert "1520.75" in call.xml
        call.send(SpeechResult=f"my pin is {PIN} and I want a banker", Confidence="0.9")
        end(client, call.sid)
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert Path(f"{path}-wal").exists()
    data = on_disk(*files)
    assert b"acme-bank" in data  # the records are there, readable
    assert not leaks(data.decode("latin-1"), PIN, ACCOUNT, CALLER[2:])


def test_without_a_key_an_ended_call_leaves_no_trace_in_the_sqlite_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IVR_STORE_KEY", raising=False)
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    path = tmp_path / "calls.sqlite3"
    store = SqliteStore(path)  # the state in clear: no key in the environment, and no app to give it one
    state = CallState(node="verify.pin", caller=CALLER, slots={"account": ACCOUNT, "pin": PIN}, sensitive=["account", "pin"])
    store.save(Session("CAplain", "acme-bank", state, 1, "<Response/>", time.time()), 0)
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert leaks(on_disk(*files).decode("latin-1"), PIN) == [PIN]  # in clear while the call is live
    store.close("CAplain", call_record("acme-bank", "CAplain", state, status="completed", duration=20))
    assert not leaks(on_disk(*files).decode("latin-1"), PIN, ACCOUNT, CALLER[2:])
    assert store.record("CAplain") is not None


def test_a_call_sealed_under_another_key_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    client = create_app([BANK], auth_token=TOKEN, store=SqliteStore(path)).test_client()
    bank_call(client, "CAkey", {"Digits": PIN})
    stored = sqlite3.connect(path).execute("SELECT state FROM calls WHERE sid = 'CAkey'").fetchone()[0]
    assert stored.startswith(PREFIX) and PIN not in stored
    other = SqliteStore(path)
    other.sealer = Sealer("another token")
    with pytest.raises(SealError, match="^call 'CAkey' cannot be opened: IVR_STORE_KEY or TWILIO_AUTH_TOKEN changed"):
        other.get("CAkey")
    same = SqliteStore(path)
    same.sealer = Sealer(TOKEN)
    found = same.get("CAkey")
    assert found is not None and found.state.slots["pin"] == PIN


@pytest.fixture()
def redis_aof(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A redis-server of this test's own that logs every write to its append-only file at once."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run scripts/test, which installs it"
    port = free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                             "--appendfsync", "always", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 10)
        yield f"redis://127.0.0.1:{port}/0", tmp_path
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_no_pin_account_or_caller_number_in_the_redis_append_only_file(redis_aof: tuple[str, Path]) -> None:
    url, folder = redis_aof
    store: Store = RedisStore(url)
    client = create_app([BANK], auth_token=TOKEN, store=store, http=canned_http(BALANCE, None)).test_client()
    call = bank_call(client, "CAaof", {"Digits": PIN})
    call.send(SpeechResult=f"my pin is {PIN}, a banker please", Confidence="0.9")
    end(client, call.sid)
    assert store.record("CAaof") is not None
    logged = on_disk(*[p for p in folder.rglob("*") if p.is_file()])
    assert b"CAaof" in logged  # the calls were logged
    assert not leaks(logged.decode("latin-1"), PIN, ACCOUNT, CALLER[2:])


def test_call_records_keep_only_the_last_digits_of_the_caller(tmp_path: Path) -> None:
    store = tmp_path / "calls.sqlite3"
    client = create_app([BANK], auth_token=TOKEN, store=SqliteStore(store)).test_client()
    call = bank_call(client, "CAcaller", {"Digits": "0"})
    end(client, call.sid)
    record = json.loads(calls_cli("show", call.sid, "--store", str(store)))
    assert record["caller"] == "***0123"
    listed = calls_cli("list", "--store", str(store))
    assert "***0123" in listed and CALLER[2:] not in listed
