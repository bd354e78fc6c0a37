"""Twilio webhooks, signed exactly as Twilio signs them: TwiML, forged requests, retries, workers."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

from ivr.channels.twilio import create_app, twiml
from ivr.engine import effects as fx
from ivr.engine.state import CallState
from ivr.flow import compile_flow
from ivr.loading import load_flow
from ivr.store import SqliteStore, open_store
from tests.conftest import script_flow

ROOT = Path(__file__).parent.parent.parent
TOKEN = "12345"
BASE = "http://localhost"
FLOWS = sorted(ROOT.glob("flows/*.yaml"))
TELECOM = load_flow(ROOT / "flows" / "telecom.yaml").name


def test_twilios_published_signature_vector() -> None:
    params = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675310", "Digits": "1234", "From": "+14158675310",
              "To": "+18005551212"}
    validator = RequestValidator("12345")
    assert validator.compute_signature("https://mycompany.com/myapp.php?foo=1&bar=2", params) == "GvWf1cFY/Q7PnoempGyD5oXAezc="


def post(client: FlaskClient, path: str, params: dict[str, str], token: str = TOKEN):  # type: ignore[no-untyped-def]
    signature = RequestValidator(token).compute_signature(BASE + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


class Call:
    """Follows the TwiML like Twilio: posts the caller's turn to the <Gather>/<Record>/<Dial> action."""

    def __init__(self, client: FlaskClient, sid: str = "CA00000000000000000000000000000001", flow: str = "") -> None:
        self.client, self.sid = client, sid
        self.xml = self.check(post(client, f"/voice/{flow}" if flow else "/voice", {"CallSid": sid, "From": "+15550100"}))

    @staticmethod
    def check(response) -> str:  # type: ignore[no-untyped-def]
        assert response.status_code == 200 and response.mimetype == "text/xml"
        text = response.get_data(as_text=True)
        assert text.startswith("<?xml") and ET.fromstring(text).tag == "Response" and len(text.encode()) < 64_000
        return text

    def action(self) -> str:
        match = re.search(r'action="([^"]+)"', self.xml)
        assert match, self.xml
        return match.group(1)

    def send(self, **params: str) -> str:
        self.xml = self.check(post(self.client, self.action(), {"CallSid": self.sid, **params}))
        return self.xml


@pytest.fixture()
def client(tmp_path: Path) -> FlaskClient:
    app = create_app([load_flow(p) for p in FLOWS], auth_token=TOKEN, store=SqliteStore(tmp_path / "calls.sqlite3"))
    return app.test_client()


def test_incoming_call_answers_with_a_gather(client: FlaskClient) -> None:
    call = Call(client, flow=TELECOM)
    root = ET.fromstring(call.xml)
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf speech" and gather.get("actionOnEmptyResult") == "true"
    assert gather.get("speechTimeout") == "auto" and gather.get("language") == "en-US" and gather.get("numDigits") == "1"
    assert "agent" in (gather.get("hints") or "") and gather.get("action") == f"/turn/{call.sid}/1"


@pytest.mark.parametrize("path", FLOWS, ids=lambda p: p.name)
def test_representative_reaches_a_person_with_context(tmp_path: Path, path: Path) -> None:
    """In opening hours (a flow may send the human escape to an hours check: out of hours, a message)."""
    flow = load_flow(path)
    client = create_app([load_flow(p) for p in FLOWS], auth_token=TOKEN, store=SqliteStore(tmp_path / "calls.sqlite3"),
                        clock=lambda: "2026-11-24T10:30:00-05:00").test_client()
    call = Call(client, flow=flow.name)
    for _ in range(3):  # past a welcome or a language menu
        if "<Enqueue" in call.xml or "<Dial" in call.xml:
            break
        call.send(SpeechResult="representative", Confidence="0.9")
    assert "<Enqueue" in call.xml or "<Dial" in call.xml, call.xml
    state = SqliteStore_for(client).get(call.sid)
    assert state is not None and state.state.transfer is not None
    assert state.state.transfer["context"]["reason"] == "caller-asked"
    call.send(QueueResult="bridged")
    assert SqliteStore_for(client).get(call.sid).state.outcome == "transferred"  # type: ignore[union-attr]


def SqliteStore_for(client: FlaskClient) -> SqliteStore:  # noqa: N802
    return client.application.extensions["ivr"].store  # type: ignore[no-any-return]


def test_keys_silence_and_a_full_call(client: FlaskClient) -> None:
    call = Call(client, flow=TELECOM)
    call.send()  # silence: actionOnEmptyResult brings it back as no-input
    assert "Gather" in call.xml
    call.send(Digits="3")  # billing
    assert "<Enqueue" in call.xml and ">billing<" in call.xml
    response = post(client, "/status", {"CallSid": call.sid, "CallStatus": "completed", "CallDuration": "42"})
    assert response.status_code == 204
    record = SqliteStore_for(client).record(call.sid)
    assert record is not None and record["duration"] == 42.0 and record["path"][-1] == "billing"


def test_forged_or_unsigned_requests_get_403_and_change_nothing(client: FlaskClient) -> None:
    params = {"CallSid": "CAforged", "From": "+15550100"}
    assert client.post("/voice", data=params).status_code == 403
    assert post(client, "/voice", params, token="wrong").status_code == 403
    assert SqliteStore_for(client).get("CAforged") is None
    call = Call(client)
    before = SqliteStore_for(client).get(call.sid)
    tampered = {"CallSid": call.sid, "Digits": "0"}
    signature = RequestValidator(TOKEN).compute_signature(BASE + call.action(), {"CallSid": call.sid, "Digits": "1"})
    assert client.post(call.action(), data=tampered, headers={"X-Twilio-Signature": signature}).status_code == 403
    after = SqliteStore_for(client).get(call.sid)
    assert before is not None and after is not None and after.state == before.state and after.turn == before.turn


def test_a_retried_webhook_changes_nothing(client: FlaskClient) -> None:
    call = Call(client, flow=TELECOM)
    action = call.action()
    first = call.send(Digits="3")
    again = Call.check(post(client, action, {"CallSid": call.sid, "Digits": "3"}))
    assert again == first
    assert SqliteStore_for(client).get(call.sid).turn == 2  # type: ignore[union-attr]


def test_a_retried_incoming_call_is_answered_as_before(client: FlaskClient) -> None:
    call = Call(client, flow=TELECOM)
    call.send(Digits="3")
    again = post(client, f"/voice/{TELECOM}", {"CallSid": call.sid, "From": "+15550100"})
    assert again.status_code == 200 and again.get_data(as_text=True) == call.xml  # the latest answer, not a new call
    stored = SqliteStore_for(client).get(call.sid)
    assert stored is not None and stored.turn == 2 and stored.state.path[-1] == "billing"


def test_a_retried_incoming_call_makes_its_web_request_once(tmp_path: Path) -> None:
    """A flow that opens with a web request: Twilio's retry of /voice doesn't ask the API again."""
    from ivr.engine.events import HttpResult

    flow = compile_flow("nodes:\n  look: {type: http, url: 'https://api.example.com/hours', save: {open: data.open},"
                        " next: hi, on_error: hi}\n  hi: {type: say, prompt: Hello, next: bye}\n  bye: {type: hangup}\n",
                        "dip.yaml")
    asked: list[str] = []

    def http(request: fx.HttpRequest) -> HttpResult:
        asked.append(request.url)
        return HttpResult(200, {"open": True})

    client = create_app([flow], auth_token=TOKEN, store=SqliteStore(tmp_path / "calls.sqlite3"), http=http).test_client()
    first = post(client, "/voice", {"CallSid": "CAdip", "From": "+15550100"}).get_data(as_text=True)
    again = post(client, "/voice", {"CallSid": "CAdip", "From": "+15550100"}).get_data(as_text=True)
    assert again == first and "Hello" in first and asked == ["https://api.example.com/hours"]


def test_a_call_continues_on_another_worker(tmp_path: Path) -> None:
    flows = [load_flow(p) for p in FLOWS]
    one = create_app(flows, auth_token=TOKEN, store=SqliteStore(tmp_path / "shared.sqlite3")).test_client()
    call = Call(one, flow=TELECOM)
    del one  # that worker is gone
    other = create_app(flows, auth_token=TOKEN, store=SqliteStore(tmp_path / "shared.sqlite3")).test_client()
    call.client = other
    call.send(Digits="3")
    assert ">billing<" in call.xml


def test_workers_passing_a_call_back_and_forth_never_answer_from_an_old_copy(tmp_path: Path) -> None:
    """Each worker keeps the calls it answered in memory; when the other worker moved the call on,
    a retried turn or a status callback sent to the first one still sees the call as stored."""
    flows = [load_flow(p) for p in FLOWS]
    one = create_app(flows, auth_token=TOKEN, store=SqliteStore(tmp_path / "shared.sqlite3")).test_client()
    other = create_app(flows, auth_token=TOKEN, store=SqliteStore(tmp_path / "shared.sqlite3")).test_client()
    call = Call(one, flow=TELECOM)  # worker one answered; it keeps the call at turn 1
    first = call.action()
    call.client = other
    call.send(Digits="3")  # worker two moves it to billing (turn 2)
    retried = Call.check(post(one, first, {"CallSid": call.sid, "Digits": "9"}))  # Twilio retries turn 1 at worker one
    assert retried == call.xml and ">billing<" in retried
    stored = SqliteStore_for(one).get(call.sid)
    assert stored is not None and stored.turn == 2 and stored.state.path[-1] == "billing"
    assert post(one, "/status", {"CallSid": call.sid, "CallStatus": "completed", "CallDuration": "30"}).status_code == 204
    assert SqliteStore_for(one).record(call.sid)["path"][-1] == "billing"  # type: ignore[index]
    ended = Call.check(post(other, call.action(), {"CallSid": call.sid, "Digits": "1"}))  # it kept the call at turn 2
    assert "<Hangup" in ended
    # a call the store never held (lost by a Redis without persistence, say) goes to a person, not a hang-up
    assert "<Enqueue" in Call.check(post(one, "/turn/CAnever/1", {"CallSid": "CAnever", "Digits": "1"}))


def test_behind_a_proxy_the_public_url_is_signed(tmp_path: Path) -> None:
    app = create_app([load_flow(FLOWS[0])], auth_token=TOKEN, public_url="https://ivr.example.com",
                     store=SqliteStore(tmp_path / "c.sqlite3"))
    params = {"CallSid": "CAproxy", "From": "+1555"}
    good = RequestValidator(TOKEN).compute_signature("https://ivr.example.com/voice", params)
    client = app.test_client()
    assert client.post("/voice", data=params, headers={"X-Twilio-Signature": good}).status_code == 200
    bad = RequestValidator(TOKEN).compute_signature("http://localhost/voice", params)
    assert client.post("/voice", data=params, headers={"X-Twilio-Signature": bad}).status_code == 403


def test_twiml_is_exact() -> None:
    flow = compile_flow("nodes:\n  m: {type: menu, prompt: Hi, options: [{dtmf: 1, phrases: [sales], next: s}]}\n"
                        "  s: {type: transfer, number: '+15550100199'}\n", "t.yaml")
    listen = fx.Listen("m", "en", ("sales", "agent"), fx.DtmfSpec(("1", "0"), 1, None), 5.0, True)
    text = twiml(flow, CallState(), [fx.Say("Hi", "en", "m"), listen], "/turn/CA1/1")
    assert text == ('<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/turn/CA1/1" actionOnEmptyResult="true" '
                    'bargeIn="true" finishOnKey="" hints="sales, agent" input="dtmf speech" language="en-US" method="POST" '
                    'numDigits="1" speechTimeout="auto" timeout="5"><Say language="en-US">Hi</Say></Gather></Response>')
    dial = twiml(flow, CallState(), [fx.Transfer("s", None, "+15550100199", {})], "/turn/CA1/2")
    assert '<Dial action="/turn/CA1/2" method="POST" timeout="30"><Number>+15550100199</Number></Dial>' in dial


def test_say_as_is_ssml_for_voices_that_read_it_and_words_for_the_rest() -> None:
    flow = compile_flow("nodes:\n  a: {type: hangup}\n", "t.yaml")
    parts = ("Rx ", fx.SayAs("four zero two one", "4021", "digits"), ", ready ",
             fx.SayAs("Wednesday, November twenty-fifth", "11-25", "date", "md"), " after two PM.")
    text = "Rx four zero two one, ready Wednesday, November twenty-fifth after two PM."
    polly = twiml(flow, CallState(), [fx.Say(text, "en", "a", "Polly.Joanna", True, parts)], None)
    assert ('<Say language="en-US" voice="Polly.Joanna">Rx <say-as interpret-as="digits">4021</say-as>, ready '
            '<say-as format="md" interpret-as="date">11-25</say-as> after two PM.</Say>') in polly
    basic = twiml(flow, CallState(), [fx.Say(text, "en", "a", None, True, parts)], None)  # man/woman/alice ignore SSML
    assert f'<Say language="en-US">{text}</Say>' in basic


def test_the_pharmacy_reads_the_rx_number_back_as_say_as_digits(tmp_path: Path) -> None:
    flow = load_flow(ROOT / "flows" / "pharmacy.yaml")
    client = create_app([flow], auth_token=TOKEN, store=SqliteStore(tmp_path / "calls.sqlite3"),
                        clock=lambda: "2026-11-24T10:30:00-05:00").test_client()
    call = Call(client)
    call.send(Digits="1")
    xml = call.send(Digits="1234567")
    assert ('That\'s prescription number <say-as interpret-as="digits">1234567</say-as>. If that\'s right' in xml
            or "That&apos;s" in xml), xml
    assert 'voice="Polly.Joanna"' in xml


def test_call_records_on_the_command_line(client: FlaskClient, capsys: pytest.CaptureFixture[str]) -> None:
    from ivr.cli import main

    call = Call(client, flow=TELECOM)
    call.send(Digits="3")
    post(client, "/status", {"CallSid": call.sid, "CallStatus": "completed", "CallDuration": "12"})
    path = SqliteStore_for(client).path
    main(["calls", "list", "--store", path])
    assert call.sid in capsys.readouterr().out
    main(["calls", "show", call.sid, "--store", path])
    shown = capsys.readouterr().out
    assert '"outcome": "abandoned"' in shown or '"outcome": "transferred"' in shown
    with pytest.raises(SystemExit):
        main(["calls", "show", "CAnope", "--store", path])


SCRIPTS = sorted((ROOT / "flows" / "scripts").glob("*.txt"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_qa_script_as_a_real_call_through_the_webhooks(tmp_path: Path, script: Path) -> None:
    """Each QA script, played as Twilio would play it: caller turns become Gather results, web
    requests are answered by the script's 'http' lines, transfers and recordings by Twilio's callbacks."""
    import json

    from ivr.channels.sim import parse_script
    from ivr.engine.events import HttpResult

    flow = load_flow(ROOT / "flows" / f"{script_flow(script)}.yaml")
    parsed = parse_script(script.read_text())
    at = parsed[0].arg if parsed and parsed[0].verb == "at" else "2026-11-24T10:30:00-05:00"
    actions = [a for a in parsed if a.verb != "at"]
    answers: list[HttpResult] = []

    def http(_request: fx.HttpRequest) -> HttpResult:
        return answers.pop(0) if answers else HttpResult(error="no answer scripted")

    store = SqliteStore(tmp_path / "calls.sqlite3")
    client = create_app([flow], auth_token=TOKEN, store=store, http=http, clock=lambda: at).test_client()
    call = Call(client, sid="CA" + script.stem.replace("-", "")[:32])
    for i, action in enumerate(actions):
        if action.verb in ("http", "expect"):
            if action.verb == "expect":
                state = store.get(call.sid).state if store.get(call.sid) else None  # type: ignore[union-attr]
                what, _, rest = action.arg.partition(" ")
                if state is not None and what == "outcome":
                    # Twilio bridges the caller after <Enqueue>/<Dial>; the simulator answered at once
                    outcome = "transferred" if state.awaiting == "transfer" and state.transfer else state.outcome
                    assert outcome == rest, (action, state.path)
                elif state is not None and what == "node":
                    # a web request is made inside the same webhook, so the call may already be past it
                    assert rest in state.path, (action, state.path)
                elif state is not None and what == "queue":
                    assert (state.transfer or {}).get("queue") == rest, (action, state.path)
            continue
        for later in actions[i + 1 :]:  # the web answers this turn will need
            if later.verb == "http":
                status, _, body = later.arg.partition(" ")
                answers.append(HttpResult(error=body) if status == "error" else HttpResult(int(status), json.loads(body or "null")))
            elif later.verb != "expect":
                break
        if action.verb == "press":
            call.send(Digits=action.arg)
        elif action.verb == "say":
            call.send(SpeechResult=action.arg, Confidence="0.92")
        elif action.verb == "silence":
            call.send()
        elif action.verb == "transfer":
            status = action.arg.split()[0]
            call.send(**({"QueueResult": "bridged"} if status == "answered" else {"DialCallStatus": status,
                                                                                    "QueueResult": "queue-full"}))
        elif action.verb == "record":
            call.send(RecordingUrl="https://api.twilio.com/recordings/RE1", RecordingDuration=action.arg or "10")
        elif action.verb == "hangup":
            post(client, "/status", {"CallSid": call.sid, "CallStatus": "completed", "CallDuration": "30"})
            break


def test_logs_hold_no_digits_speech_or_caller_numbers(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    call = Call(client, flow=TELECOM)
    call.send(SpeechResult="my secret words", Confidence="0.9")
    call.send(Digits="987654")
    text = caplog.text
    assert "+15550100" not in text and "987654" not in text and "secret" not in text


def test_rendered_prompts_are_played_and_served(tmp_path: Path) -> None:
    import json
    import shutil

    (tmp_path / "flows").mkdir()
    shutil.copy(ROOT / "flows" / "telecom.yaml", tmp_path / "flows" / "telecom.yaml")
    flow = load_flow(tmp_path / "flows" / "telecom.yaml")
    rendered = tmp_path / "flows" / "audio" / flow.name
    rendered.mkdir(parents=True)
    welcome = flow.nodes[flow.start].prompt.text.get("en", "en")  # type: ignore[attr-defined]
    (rendered / "abc.ulaw.wav").write_bytes(b"RIFF....WAVE")
    (rendered / "manifest.json").write_text(json.dumps({"prompts": [{"language": "en", "text": welcome,
                                                                     "ulaw8k": "abc.ulaw.wav"}]}))
    client = create_app([flow], auth_token=TOKEN, store=SqliteStore(tmp_path / "c.sqlite3")).test_client()
    call = Call(client)
    assert f"<Play>/audio/{flow.name}/abc.ulaw.wav</Play>" in call.xml
    with client.get(f"/audio/{flow.name}/abc.ulaw.wav") as served:
        assert served.status_code == 200 and served.data == b"RIFF....WAVE"
    assert client.get(f"/audio/{flow.name}/..%2Fmanifest.json").status_code == 404


def test_app_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivr.channels.twilio import from_env

    monkeypatch.setenv("IVR_FLOWS", f"{ROOT / 'flows' / 'bank.yaml'}, {ROOT / 'flows' / 'telecom.yaml'}")
    monkeypatch.setenv("IVR_STORE", str(tmp_path / "env.sqlite3"))
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    app = from_env()
    assert set(app.extensions["ivr"].flows) == {load_flow(ROOT / "flows" / "bank.yaml").name, TELECOM}
    Call(app.test_client(), flow=TELECOM)
    monkeypatch.delenv("IVR_FLOWS")
    with pytest.raises(SystemExit, match="set IVR_FLOWS"):
        from_env()


def test_each_call_gets_its_own_action_urls_and_context(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same question asked on two calls: the same TwiML but for each call's own next turn, and
    with TaskRouter each call's own hand-over context (never another caller's)."""
    first, second = Call(client, "CA" + "1" * 32, flow=TELECOM), Call(client, "CA" + "2" * 32, flow=TELECOM)
    assert first.xml.replace(first.sid, "SID") == second.xml.replace(second.sid, "SID")
    assert first.action() == f"/turn/{first.sid}/1" and second.action() == f"/turn/{second.sid}/1"
    monkeypatch.setenv("TWILIO_WORKFLOW_SID", "WW0123456789abcdef0123456789abcdef")
    first.send(Digits="3")
    second.send(SpeechResult="billing", Confidence="0.9")
    tasks = [ET.fromstring(call.xml).find("Enqueue/Task") for call in (first, second)]
    said = [json.loads(task.text or "")["said"][0]["input"] for task in tasks if task is not None]
    assert said == ["dtmf", "speech"]


@pytest.mark.parametrize("where", ["sqlite", "redis"])
def test_killing_a_worker_process_loses_no_call(tmp_path: Path, request: pytest.FixtureRequest, where: str) -> None:
    """Two real server processes share the store; the one that answered is killed (SIGKILL, no
    clean-up) mid-call, and the caller's next webhook, sent to the other, carries the call on."""
    import signal
    import subprocess
    import sys
    import urllib.request
    from urllib.parse import urlencode

    from tests.conftest import free_port, wait_for_port

    store = str(tmp_path / "calls.sqlite3") if where == "sqlite" else request.getfixturevalue("redis_url")
    if where == "redis":
        open_store(store).db.flushdb()  # type: ignore[union-attr]
    env = {"IVR_FLOWS": str(ROOT / "flows" / "telecom.yaml"), "IVR_STORE": store, "TWILIO_AUTH_TOKEN": TOKEN,
           "PATH": os.environ.get("PATH", "")}
    workers = []
    for _ in range(2):
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                                 "ivr.channels.twilio:from_env()"], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        workers.append((port, proc))
    try:
        for port, _ in workers:
            wait_for_port(port)

        def post(port: int, path: str, params: dict[str, str]) -> str:
            url = f"http://127.0.0.1:{port}{path}"
            signature = RequestValidator(TOKEN).compute_signature(url, params)
            req = urllib.request.Request(url, urlencode(params).encode(), {"X-Twilio-Signature": signature})
            with urllib.request.urlopen(req, timeout=10) as response:
                return str(response.read().decode())

        sid = "CA" + "7" * 32
        first = post(workers[0][0], "/voice", {"CallSid": sid, "From": "+15550100"})
        action = re.search(r'action="([^"]+)"', first)
        assert action, first
        os.killpg(workers[0][1].pid, signal.SIGKILL)  # the worker and its gunicorn master, without warning
        workers[0][1].wait(timeout=10)
        after = post(workers[1][0], action.group(1), {"CallSid": sid, "Digits": "3"})
        assert "<Enqueue" in after and ">billing<" in after
    finally:
        for _, proc in workers:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)


TRANSFERS = """
nodes:
  main:
    type: menu
    prompt: Sales, press 1. Support, press 2.
    options:
      - {dtmf: 1, phrases: [sales], next: sales}
      - {dtmf: 2, phrases: [support], next: support}
  sales: {type: transfer, number: "+15550100199"}
  support: {type: transfer, sip: "sip:support@pbx.example.com"}
"""


@pytest.mark.parametrize(("key", "noun"), [("1", "Number"), ("2", "Sip")])
def test_dialled_people_get_the_hand_over_context(tmp_path: Path, key: str, noun: str) -> None:
    """A number hears a whisper before the caller is put through; a SIP address gets x- headers."""
    flow = compile_flow(TRANSFERS, "transfers.yaml")
    client = create_app([flow], auth_token=TOKEN, store=SqliteStore(tmp_path / "c.sqlite3")).test_client()
    call = Call(client)
    call.send(Digits=key)
    dial = ET.fromstring(call.xml).find("Dial")
    assert dial is not None and dial.get("action") == f"/turn/{call.sid}/2"
    target = dial.find(noun)
    assert target is not None
    if noun == "Sip":
        assert target.text == (f"sip:support@pbx.example.com?x-ivr-call-sid={call.sid}&x-ivr-reason=flow"
                               "&x-ivr-language=en&x-ivr-chose=support")
        return
    assert target.text == "+15550100199" and target.get("url") == f"/whisper/{call.sid}"
    whisper = Call.check(post(client, f"/whisper/{call.sid}", {"CallSid": "CAagentleg", "To": "+15550100199"}))
    said = ET.fromstring(whisper).findtext("Say") or ""
    assert "the caller was sent by the menu" in said and "They chose: sales" in said


def test_handover_summary_says_what_an_unsure_engine_heard() -> None:
    from ivr.channels.twilio import handover_summary

    said = [{"node": "main", "input": "speech", "text": "billing for my grandmother", "meaning": "confirm", "understood": 0.7,
             "options": ["billing"]}, {"node": "main", "input": "speech", "text": "no", "meaning": "no"}]
    summary = handover_summary({"flow": "telecom", "reason": "no-match", "said": said})
    assert "They chose" not in summary and "They may have meant billing." in summary


def test_transfer_needs_one_target_and_a_real_sip_address() -> None:
    from ivr.errors import FlowError

    with pytest.raises(FlowError) as both:
        compile_flow(TRANSFERS.replace('number: "+15550100199"', 'number: "+15550100199", sip: "sip:a@b.example.com"'), "t.yaml")
    assert "needs exactly one of 'queue', 'number' or 'sip'" in str(both.value)
    with pytest.raises(FlowError) as bad:
        compile_flow(TRANSFERS.replace("sip:support@pbx.example.com", "support at pbx"), "t.yaml")
    assert "'support at pbx' is not a SIP address" in str(bad.value) and "sip:agents@pbx.example.com" in str(bad.value)


def test_webhooks_signed_with_a_shared_key_and_sha256(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twilio's webhook settings can sign with a shared key (several while rotating) and HMAC-SHA256,
    named in X-Twilio-Webhooks-Signature-Settings; the auth token keeps working beside them."""
    monkeypatch.setenv("TWILIO_WEBHOOK_SIGNING_KEYS", "old-key, new-key")
    app = create_app([load_flow(ROOT / "flows" / "telecom.yaml")], auth_token=TOKEN, store=SqliteStore(tmp_path / "c.sqlite3"))
    client = app.test_client()
    settings = "key=webhooks_sharedkey_01,algorithm=HMAC_SHA256"

    def signed(key: str, sid: str, algorithm: str | None) -> int:
        params = {"CallSid": sid, "From": "+15550100"}
        signature = RequestValidator(key).compute_signature(BASE + "/voice", params, algorithm)
        headers = {"X-Twilio-Signature": signature}
        if algorithm:
            headers["X-Twilio-Webhooks-Signature-Settings"] = settings
        return client.post("/voice", data=params, headers=headers).status_code

    assert signed("new-key", "CAsha256new", "HMAC_SHA256") == 200
    assert signed("old-key", "CAsha256old", "HMAC_SHA256") == 200
    assert signed(TOKEN, "CAtoken", None) == 200
    assert signed("someone-else", "CAforged", "HMAC_SHA256") == 403
    assert SqliteStore_for(client).get("CAforged") is None


def test_the_signature_covers_the_url_as_twilio_requested_it(client: FlaskClient) -> None:
    """Percent-encoding and query strings are signed as sent, not as decoded."""
    params = {"CallSid": "CAencoded", "From": "+15550100"}
    path = "/voice/caf%C3%A9?lang=fr&x=%2F"
    good = RequestValidator(TOKEN).compute_signature(BASE + path, params)
    assert client.post(path, data=params, headers={"X-Twilio-Signature": good}).status_code == 404  # signed; no such flow
    decoded = RequestValidator(TOKEN).compute_signature(BASE + "/voice/café?lang=fr&x=/", params)
    assert client.post(path, data=params, headers={"X-Twilio-Signature": decoded}).status_code == 403


def test_form_fields_are_read_as_twilio_posts_them(client: FlaskClient) -> None:
    """UTF-8 speech, blank fields and a repeated field (the first counts, as werkzeug's to_dict)."""
    call = Call(client, flow=TELECOM)
    body = "CallSid=" + call.sid + "&SpeechResult=facturaci%C3%B3n&Confidence=0.9&Digits=&SpeechResult=ignored"
    params = {"CallSid": call.sid, "SpeechResult": "facturación", "Confidence": "0.9", "Digits": ""}
    signature = RequestValidator(TOKEN).compute_signature(BASE + call.action(), params)
    response = client.post(call.action(), data=body, content_type="application/x-www-form-urlencoded",
                           headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    said = SqliteStore_for(client).get(call.sid).state.said  # type: ignore[union-attr]
    assert said[-1]["text"] == "facturación"


BILINGUAL = """
voice: Polly.Joanna
nodes:
  main:
    type: menu
    prompt:
      - For billing, press 1.
      - {text: "Para español, oprima nueve.", language: es, voice: Polly.Lupe}
    options:
      - {dtmf: 1, phrases: [billing], next: billing}
      - {dtmf: 9, phrases: [español], next: spanish}
  billing: {type: transfer, queue: billing}
  spanish: {type: transfer, queue: espanol}
"""


def test_a_prompt_in_parts_is_one_say_per_part_in_its_own_language_and_voice(tmp_path: Path) -> None:
    flow = compile_flow(BILINGUAL, "bilingual.yaml")
    client = create_app([flow], auth_token=TOKEN, store=SqliteStore(tmp_path / "c.sqlite3")).test_client()
    gather = ET.fromstring(Call(client).xml).find("Gather")
    assert gather is not None and gather.get("language") == "en-US"  # the caller is still heard in English
    says = [(s.text, s.get("language"), s.get("voice")) for s in gather.findall("Say")]
    assert says == [("For billing, press 1.", "en-US", "Polly.Joanna"), ("Para español, oprima nueve.", "es-US", "Polly.Lupe")]


def test_the_language_menu_of_the_311_line_speaks_each_language_in_its_own(client: FlaskClient) -> None:
    name = load_flow(ROOT / "flows" / "multilingual.yaml").name
    gather = ET.fromstring(Call(client, flow=name).xml).find("Gather")
    assert gather is not None
    assert [s.get("language") for s in gather.findall("Say")] == ["en-US", "es-US", "fa-IR"]


PHONE_TREE = load_flow(ROOT / "flows" / "phone-tree.yaml").name


def test_an_unlisted_key_from_twilio_takes_the_catch_all(client: FlaskClient) -> None:
    """Twilio's own phone tree: any key the menu doesn't list returns to the main menu; 0 is still a person,
    and words that match nothing are still a no-match."""
    call = Call(client, sid="CA0000000000000000000000000000e701", flow=PHONE_TREE)
    gather = ET.fromstring(call.xml).find("Gather")
    assert gather is not None and gather.get("numDigits") == "1"
    again = ET.fromstring(call.send(Digits="5"))
    assert [s.text for s in again.iter("Say")][0] == "Returning to the main menu."
    menu = again.find("Gather")
    assert menu is not None and [p.text for p in menu.iter("Play")] == ["https://can-tasty-8188.twil.io/assets/et-phone.mp3"]  # the tutorial's welcome
    assert "Press 1 for directions." in "".join(s.text or "" for s in menu.iter("Say"))
    planets = call.send(Digits="2")
    assert "Dagobah" in planets
    assert "Returning to the main menu." in call.send(Digits="#")
    unknown = call.send(SpeechResult="the weather on mars", Confidence="0.9")
    assert "Sorry, I didn't understand." in unknown and "Returning" not in unknown
    assert "<Enqueue" in call.send(Digits="0")


def test_a_planet_is_dialled_without_a_person_announced(client: FlaskClient) -> None:
    call = Call(client, sid="CA0000000000000000000000000000e702", flow=PHONE_TREE)
    call.send(Digits="2")
    dial = ET.fromstring(call.send(Digits="3"))
    assert [n.text for n in dial.iter("Number")] == ["+15550100103"]
    assert not any("person" in (s.text or "") for s in dial.iter("Say"))


def test_speech_without_a_confidence_goes_by_what_the_words_mean(client: FlaskClient) -> None:
    """Twilio may send a SpeechResult without a Confidence: a clear sentence is routed (it was a no-match, as if the
    recognizer were sure of nothing), a doubtful one is confirmed (not taken as certain), a request for a person is one."""
    clear = Call(client, "CA" + "a" * 32, flow=TELECOM)
    clear.send(SpeechResult="I need help with my bill")
    assert "<Enqueue" in clear.xml and ">billing<" in clear.xml, clear.xml
    doubtful = Call(client, "CA" + "b" * 32, flow=TELECOM)
    doubtful.send(SpeechResult="the bill for my sister in Denver")  # understood at 0.63, under confirm_below
    assert "Did you want" in doubtful.xml and "<Enqueue" not in doubtful.xml, doubtful.xml
    doubtful.send(SpeechResult="yes")
    assert "<Enqueue" in doubtful.xml and ">billing<" in doubtful.xml, doubtful.xml
    person = Call(client, "CA" + "c" * 32, flow=TELECOM)
    person.send(SpeechResult="can I talk to somebody")
    assert "<Enqueue" in person.xml or "<Dial" in person.xml, person.xml
    said = SqliteStore_for(client).get(clear.sid).state.said  # type: ignore[union-attr]
    assert said[-1]["confidence"] is None and said[-1]["understood"] >= 0.75, said


def test_a_speech_result_twilio_is_unsure_of_is_offered_back_not_thrown_away(client: FlaskClient) -> None:
    """Twilio's Confidence under the flow's 0.5 (down to half of it): the caller is asked "Did you want billing?"
    instead of the whole menu again, and a request for a person is offered back the same way; a yes takes it."""
    call = Call(client, flow=TELECOM)
    assert "<Say language=\"en-US\">Did you want billing? Say yes or press 1, or say no or press 2.</Say>" in call.send(
        SpeechResult="uh my bill looks wrong", Confidence="0.35")
    assert ">billing</Enqueue>" in call.send(SpeechResult="yes", Confidence="0.9")
    call = Call(client, sid="CA00000000000000000000000000000002", flow=TELECOM)
    assert "Did you want to speak to a person?" in call.send(SpeechResult="can i just talk to somebody", Confidence="0.3")
    assert "Connecting you to a person now." in call.send(Digits="1")
    call = Call(client, sid="CA00000000000000000000000000000003", flow=TELECOM)
    assert "Did you want" not in call.send(SpeechResult="can i just talk to somebody", Confidence="0.2")
