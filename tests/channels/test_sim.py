"""The simulator: scripts, canned and live web answers, transcripts and masking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from ivr.channels.sim import Runner, canned_http, live_http, load_responses, parse_script
from ivr.engine.effects import HttpRequest
from ivr.errors import ScriptError
from ivr.flow import compile_flow
from ivr.testing import simulate

FLOW_TEXT = """
nodes:
  main: {type: menu, prompt: Menu, options: [{dtmf: 1, next: pin}]}
  pin: {type: collect, prompt: PIN, min_length: 4, max_length: 4, sensitive: true, next: lookup}
  lookup:
    type: http
    url: "http://127.0.0.1:{port}/balance?pin={pin}"
    save: {balance: balance}
    next: tell
    on_error: sorry
  tell: {type: hangup, prompt: "Your balance is {balance}."}
  sorry: {type: say, prompt: Sorry., next: agent}
  agent: {type: transfer, queue: accounts}
"""
FLOW = compile_flow(FLOW_TEXT, "sim.yaml")


@pytest.mark.parametrize(("line", "message"), [
    ("press ab", "line 1: 'press' takes keys 0-9, * and #, like 'press 12#'"),
    ("say", "line 1: 'say' needs words, like 'say check my balance'"),
    ("mumble", "line 1: 'mumble' needs words, like 'mumble check my balance'"),
    ("shout hello", "line 1: unknown action 'shout'; use press, say, mumble, say-audio, silence, hangup, http, transfer, record or expect"),
    ("http 200 {bad", "line 1: the JSON after 'http 200' is not valid: Expecting property name enclosed in double quotes at column 2"),
    ("transfer maybe", "line 1: 'transfer' takes one of answered, busy, no-answer, failed, long-wait and optional seconds of wait"),
    ("at yesterday", "line 1: 'at' takes an ISO time, like 'at 2026-11-24T10:30:00-05:00'"),
    # found by tests/fuzz: these passed the parser and crashed the run (int('²00'), a RecursionError in json)
    ("http ²00 {}", "line 1: 'http' takes a status and JSON, like 'http 200 {\"ok\": true}', or 'http error REASON'"),
    ("http 2000 {}", "line 1: 'http' takes a status and JSON, like 'http 200 {\"ok\": true}', or 'http error REASON'"),
    ("http 200 " + "[" * 100_000, "line 1: the JSON after 'http 200' is nested too deeply"),
    ("transfer busy ²", "line 1: 'transfer' takes one of answered, busy, no-answer, failed, long-wait and optional seconds of wait"),
    ("record ٣", "line 1: 'record' takes the recording's length in seconds, like 'record 12'"),
    ("say-audio x\x00y.wav", "line 1: 'say-audio' needs a WAV file, like 'say-audio audio/callers/balance.wav'"),
    ("http 200 " + "1" * 5000, "line 1: the JSON after 'http 200' has a number too long to read"),
    ("transfer answered " + "9" * 400, "line 1: 'transfer' takes one of answered, busy, no-answer, failed, long-wait and optional seconds of wait"),
    ("record " + "9" * 400, "line 1: 'record' takes the recording's length in seconds, like 'record 12'"),
], ids=lambda v: v[:30] if isinstance(v, str) else None)
def test_bad_script_lines_are_named(line: str, message: str) -> None:
    with pytest.raises(ScriptError) as e:
        parse_script(line)
    assert str(e.value) == message


def test_script_action_out_of_turn_is_a_clear_error() -> None:
    with pytest.raises(ScriptError, match="line 1: 'http' but the call at node 'main' is waiting for the caller"):
        Runner(FLOW, http=None).run(parse_script("http 200 {}"))


def test_scripted_http_answer_and_masking() -> None:
    result = simulate(FLOW, ["press 1", "press 1234", 'http 200 {"balance": "12.50"}', "expect outcome completed",
                             "expect slot pin ***"])
    assert result.ok, result.failures
    assert result.outcome == "completed"
    assert result.slots == {"pin": "***", "balance": "12.50"}
    assert "Your balance is 12.50." in result.said_by_ivr()
    text = json.dumps(result.to_dict())
    assert "1234" not in text


def test_failed_expectations_are_reported_with_their_line() -> None:
    result = simulate(FLOW, ["say representative", "expect outcome completed", "expect queue billing"])
    assert result.failures == ["line 2: expected outcome completed, got transferred",
                               "line 3: expected a transfer to queue 'billing', got 'agents'"]


def test_actions_after_the_end_are_reported() -> None:
    result = simulate(FLOW, ["say agent", "press 1"])
    assert result.failures == ["line 2: the call already ended (transferred) before 'press 1'"]


def test_script_that_runs_out_hangs_up() -> None:
    result = simulate(FLOW, ["press 1"])
    assert result.outcome == "hangup"


def test_unanswered_requests_fail_and_take_on_error() -> None:
    result = simulate(FLOW, ["press 1", "press 1234"])
    assert result.path[-2:] == ["sorry", "agent"] and result.outcome == "transferred"


def test_canned_responses_match_method_and_url() -> None:
    canned = load_responses('- {match: "GET http://127.0.0.1:*/balance*", status: 200, body: {balance: "7"}}', "r.yaml")
    result = simulate(FLOW, ["press 1", "press 1234"], http=canned_http(canned, None))
    assert result.slots["balance"] == "7"
    with pytest.raises(ScriptError, match="expected a list"):
        load_responses("match: x", "r.yaml")
    with pytest.raises(ScriptError, match="'status' must be an HTTP status code like 200, not 'ok'"):
        load_responses('- {match: "GET http://x/*", status: ok}', "r.yaml")
    assert load_responses('- {match: "GET http://x/*", body: {zip: 01234, on: yes}}', "r.yaml")[0]["body"] == {
        "zip": "01234", "on": "yes"}


HOSTILE_BODIES = {"pin=0001": b"[" * 100_000 + b"]" * 100_000, "pin=0002": b'{"balance": ' + b"1" * 5000 + b"}"}


class _Bank(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = json.dumps({"balance": "99.00"} if "pin=1234" in self.path else {"error": "bad pin"}).encode()
        body = next((b for pin, b in HOSTILE_BODIES.items() if pin in self.path), body)
        self.send_response(200 if "pin=1234" in self.path or "pin=000" in self.path else 403)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def bank() -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", 0), _Bank)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_live_http_against_a_real_local_server(bank: int) -> None:
    flow = compile_flow(FLOW_TEXT.replace("{port}", str(bank)), "live.yaml")
    ok = simulate(flow, ["press 1", "press 1234"], http=live_http)
    assert ok.outcome == "completed" and ok.slots["balance"] == "99.00"
    denied = simulate(flow, ["press 1", "press 9999"], http=live_http)
    assert denied.path[-2:] == ["sorry", "agent"] and denied.state.vars["http_error"] == "HTTP 403"


@pytest.mark.parametrize("pin", sorted(HOSTILE_BODIES))
def test_a_live_answer_python_cannot_read_is_not_json(bank: int, pin: str) -> None:
    """Found by tests/fuzz: JSON nested 100,000 deep or with a 5,000-digit number escaped live_http as
    RecursionError or ValueError (a 500 from the webhook server); it is an error answer like any other."""
    flow = compile_flow(FLOW_TEXT.replace("{port}", str(bank)), "live.yaml")
    result = simulate(flow, ["press 1", f"press {pin[4:]}"], http=live_http)
    assert result.path[-2:] == ["sorry", "agent"] and result.state.vars["http_error"] == "the response is not JSON"


def test_live_http_reports_a_refused_connection() -> None:
    result = live_http(HttpRequest("n", "GET", "http://127.0.0.1:9/nothing", timeout=2))
    assert result.error and result.status is None




def test_mumbled_speech_is_not_understood_even_where_any_words_do() -> None:
    flow = compile_flow("""
nodes:
  where: {type: collect, kind: speech, slot: place, prompt: "Where is it?", next: done}
  done: {type: hangup, prompt: "Thanks, {place}."}
""", "free.yaml")
    clear = Runner(flow, http=None).run(parse_script("say elm street"))
    assert clear.outcome == "completed" and clear.slots["place"] == "elm street"
    unsure = Runner(flow, http=None).run(parse_script("mumble elm street\nmumble elm street\nmumble elm street"))
    assert unsure.outcome == "transferred" and unsure.transfer is not None
    assert unsure.transfer["context"]["reason"] == "no-match" and "place" not in unsure.slots


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
  billing: {type: hangup, prompt: {text: Billing is closed today., voice: Polly.Matthew}}
  spanish: {type: transfer, queue: espanol}
"""


def test_the_transcript_shows_a_prompt_part_in_its_own_language_and_voice() -> None:
    result = simulate(compile_flow(BILINGUAL, "bilingual.yaml"), ["press 1"])
    said = [t for t in result.transcript if t["who"] == "ivr"]
    assert said == [
        {"who": "ivr", "node": "main", "text": "For billing, press 1."},
        {"who": "ivr", "node": "main", "text": "Para español, oprima nueve.", "language": "es", "voice": "Polly.Lupe"},
        {"who": "ivr", "node": "billing", "text": "Billing is closed today.", "voice": "Polly.Matthew"},
    ]
    assert result.state.language == "en"


def test_the_terminal_simulator_marks_the_spanish_part(tmp_path: Path) -> None:
    flow = tmp_path / "bilingual.yaml"
    flow.write_text(BILINGUAL, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ivr", "simulate", str(flow)], input="9\n", capture_output=True, text=True,
                          timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "IVR    For billing, press 1." in lines
    assert "IVR    (es, Polly.Lupe) Para español, oprima nueve." in lines
    assert "outcome: transferred" in proc.stdout


PHONE_TREE = Path(__file__).parent.parent.parent / "flows" / "phone-tree.yaml"


def test_a_typed_key_no_option_lists_takes_the_catch_all() -> None:
    result = simulate(PHONE_TREE, ["press 5", "expect node main", "press 2", "press 7", "expect node main", "press 0"])
    assert result.failures == []
    assert result.path == ["main", "returning", "main", "planets", "returning", "main", "_human"]
    assert result.state.transfer is not None and result.state.transfer["context"]["reason"] == "caller-asked"
    heard = [t["text"] for t in result.transcript if t["who"] == "ivr"]
    assert heard.count("Returning to the main menu.") == 2


def test_words_that_match_nothing_are_not_any_other_key() -> None:
    result = simulate(PHONE_TREE, ["say the weather on mars", "say nine"])
    assert result.path == ["main"] and result.state.no_match == 2
    assert "Returning to the main menu." not in [t["text"] for t in result.transcript]


def test_the_interactive_simulator_shows_and_takes_any_other_key() -> None:
    proc = subprocess.run([sys.executable, "-m", "ivr", "simulate", str(PHONE_TREE)], input="5\n2\n*\n0\n",
                          capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    assert "keys: 1 2 0, any other key" in proc.stdout
    assert proc.stdout.count("Returning to the main menu.") == 2
    assert "outcome: transferred" in proc.stdout and "main → returning → main → planets → returning → main → _human" in proc.stdout


KOREAN_SAY_AS = """
languages: [ko]
nodes:
  rx: {type: collect, prompt: 번호를 눌러 주세요., min_length: 4, max_length: 4, next: read}
  read: {type: hangup, prompt: "처방전 {rx:digits}번, 금액 {rx:money}."}
"""


def test_the_transcript_spells_say_as_values_in_the_callers_language() -> None:
    flow = compile_flow(KOREAN_SAY_AS, "ko.yaml")
    result = Runner(flow, at="2026-11-24T10:30:00+09:00").run(parse_script("press 4021"))
    assert "처방전 사 공 이 일번, 금액 사천이십일 달러." in result.said_by_ivr()


def test_the_pharmacy_transcript_reads_digits_dates_and_money() -> None:
    from pathlib import Path

    root = Path(__file__).parent.parent.parent
    flow = compile_flow((root / "flows" / "pharmacy.yaml").read_text(), "pharmacy.yaml")
    script = parse_script('press 1\npress 1234567\npress 1\nhttp 200 {"ready": {"date": "2026-11-25", "time": "14:00"}, "copay": "12.5"}')
    said = " ".join(t["text"] for t in Runner(flow, at="2026-11-24T10:30:00-05:00").run(script).transcript)
    assert "That's prescription number one two three four five six seven." in said
    assert ("Your refill of prescription one two three four five six seven will be ready Wednesday, November twenty-fifth "
            "after two PM. Your copay is twelve dollars and fifty cents.") in said
