"""The designer's web API, through Flask's test client: what a user's browser would get back."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ivr.designer import create_designer_app

ROOT = Path(__file__).parent.parent.parent
FLOWS = ROOT / "flows"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example flows, so tests can write."""
    target = tmp_path / "flows"
    shutil.copytree(FLOWS, target)
    return target


@pytest.fixture
def app(folder: Path) -> Flask:
    return create_designer_app(folder)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def token(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found
    return found.group(1)


def get(client: FlaskClient, url: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """A read, as the page's script makes it: with the token (every /api/ route asks for it)."""
    return client.get(url, headers={"X-CSRF-Token": token(client), **(headers or {})}, **kwargs)


def post(client: FlaskClient, url: str, body: dict[str, Any], method: str = "POST") -> Any:
    return client.open(url, method=method, json=body, headers={"X-CSRF-Token": token(client)})


def test_the_list_shows_every_flow_with_its_state(client: FlaskClient, folder: Path) -> None:
    (folder / "broken.yaml").write_text("name: broken\nnodes:\n  main:\n    type: say\n    next: nowhere\n")
    flows = {f["file"]: f for f in get(client, "/api/flows").get_json()["flows"]}
    assert {"bank.yaml", "telecom.yaml", "lib/verify.yaml", "broken.yaml"} <= set(flows)
    assert not any(name.startswith(("responses/", "populations/", "tests/")) for name in flows)
    assert flows["bank.yaml"]["status"] == "valid"
    assert flows["broken.yaml"]["status"] == "errors" and flows["broken.yaml"]["errors"] >= 1


def compiling(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the designer's workspace compiles from now on, in order."""
    import ivr.designer.workspace as workspace

    compiled: list[str] = []
    real = workspace.compile_flow

    def counting(text: Any, file: str, **kwargs: Any) -> Any:
        compiled.append(file)
        return real(text, file, **kwargs)

    monkeypatch.setattr(workspace, "compile_flow", counting)
    return compiled


def test_the_list_validates_a_flow_again_only_when_what_it_reads_changed(client: FlaskClient, folder: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the list again compiles nothing; an edited flow, a changed included file or an audio file
    that appeared is noticed at the next load, and only the flows it concerns are compiled again."""
    compiled = compiling(monkeypatch)

    def states() -> dict[str, str]:
        return {f["file"]: f["status"] for f in get(client, "/api/flows").get_json()["flows"]}

    first = states()
    assert sorted(compiled) == sorted(first) and first["bank.yaml"] == "valid"
    compiled.clear()
    assert states() == first and compiled == []

    bank = folder / "bank.yaml"
    bank.write_text(bank.read_text().replace("next: main", "next: mian", 1))  # the same size: only the content says it changed
    assert states()["bank.yaml"] == "errors" and compiled == ["bank.yaml"]

    bank.write_text((FLOWS / "bank.yaml").read_text())
    verify = folder / "lib" / "verify.yaml"
    verify.write_text(verify.read_text().replace("max_length: 8", "max_length: eight", 1))  # included by bank.yaml
    compiled.clear()
    after = states()
    assert after["bank.yaml"] == "errors" and after["lib/verify.yaml"] == "errors" and sorted(compiled) == ["bank.yaml", "lib/verify.yaml"]

    flow = folder / "recorded.yaml"
    flow.write_text("name: recorded\nnodes:\n  main:\n    type: hangup\n    prompt: {audio: hello.wav}\n")
    assert states()["recorded.yaml"] == "errors"  # missing-audio
    (folder / "hello.wav").write_bytes(b"RIFF")
    compiled.clear()
    assert states()["recorded.yaml"] != "errors" and compiled == ["recorded.yaml"]


def test_a_warm_designer_answers_its_first_list_from_memory(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ivr designer`` checks every flow in a thread as it starts: the first list a browser asks for compiles nothing."""
    import threading

    compiled = compiling(monkeypatch)
    client = create_designer_app(folder, warm=True).test_client()
    for thread in threading.enumerate():
        if thread.name == "designer-warm":
            thread.join(120)
    warmed = sorted(compiled)
    compiled.clear()
    flows = get(client, "/api/flows").get_json()["flows"]
    assert compiled == [] and warmed == sorted(f["file"] for f in flows)
    assert {f["file"]: f["status"] for f in flows}["bank.yaml"] == "valid"


def test_validation_gives_each_error_at_its_line_with_the_hint(client: FlaskClient) -> None:
    text = (FLOWS / "bank.yaml").read_text().replace("next: main", "next: mian", 1)
    line = text.splitlines().index("    next: mian") + 1
    report = post(client, "/api/validate/bank.yaml", {"text": text}).get_json()
    assert report["status"] == "errors"
    [d] = report["diagnostics"]
    assert (d["line"], d["col"], d["code"], d["hint"]) == (line, 11, "unknown-node", "did you mean 'main'?")


def test_validation_reports_warnings_and_time_to_a_person(client: FlaskClient) -> None:
    text = (FLOWS / "bank.yaml").read_text() + "\n  orphan:\n    type: hangup\n"
    report = post(client, "/api/validate/bank.yaml", {"text": text}).get_json()
    assert report["status"] == "warnings"
    assert [d["code"] for d in report["diagnostics"]] == ["unreachable"]
    assert report["diagnostics"][0]["line"] == len(text.splitlines()) - 1
    assert 0 < report["nodes"]["main"]["to_human"] < 120


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/passwd", "lib/../../pyproject.toml", "%2e%2e/pyproject.toml",
                                  "..%2fpyproject.toml"])
def test_no_file_outside_the_folder_can_be_read(client: FlaskClient, name: str) -> None:
    response = get(client, f"/api/flows/{name}", follow_redirects=True)
    assert response.status_code in (403, 404)
    assert "requires-python" not in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/passwd", "lib/../../x.yaml", "~/x.yaml", "a\\..\\b.yaml", ""])
def test_the_workspace_refuses_paths_out_of_its_folder(folder: Path, name: str) -> None:
    from ivr.designer.workspace import Refused, Workspace

    with pytest.raises(Refused) as refused:
        Workspace(folder).resolve(name)
    assert refused.value.status == 403


def test_a_symlink_out_of_the_folder_is_refused(client: FlaskClient, folder: Path) -> None:
    (folder / "escape.yaml").symlink_to(ROOT / "pyproject.toml")
    assert get(client, "/api/flows/escape.yaml").status_code == 403
    assert post(client, "/api/flows/escape.yaml", {"text": "x", "version": None}, "PUT").status_code == 403
    assert "escape.yaml" not in str(get(client, "/api/flows").get_json())


def test_writes_without_the_csrf_token_are_refused(client: FlaskClient, folder: Path) -> None:
    before = (folder / "bank.yaml").read_bytes()
    version = get(client, "/api/flows/bank.yaml").get_json()["version"]
    for headers in ({}, {"X-CSRF-Token": "guess"}):
        response = client.put("/api/flows/bank.yaml", json={"text": "name: x\n", "version": version}, headers=headers)
        assert response.status_code == 403 and "CSRF" in response.get_json()["error"]
        assert client.post("/api/flows", json={"name": "new"}, headers=headers).status_code == 403
    assert (folder / "bank.yaml").read_bytes() == before
    assert not (folder / "new.yaml").exists()


def test_another_host_name_is_refused(client: FlaskClient) -> None:
    """A web page on another site that rebinds its name to 127.0.0.1 gets nothing."""
    assert get(client, "/api/flows", headers={"Host": "attacker.example:8080"}).status_code == 403
    assert get(client, "/api/flows", headers={"Host": "127.0.0.1:8080"}).status_code == 200


def test_saving_keeps_comments_and_formatting_byte_for_byte(client: FlaskClient, folder: Path) -> None:
    opened = get(client, "/api/flows/bank.yaml").get_json()
    text = opened["text"].replace("Thank you for calling Acme Bank.", "Thanks for calling Acme Bank.  # edited")
    response = post(client, "/api/flows/bank.yaml", {"text": text, "version": opened["version"]}, "PUT")
    assert response.status_code == 200
    assert (folder / "bank.yaml").read_text() == text
    assert get(client, "/api/flows/bank.yaml").get_json()["version"] == response.get_json()["version"]


def test_crlf_files_keep_their_line_ends(client: FlaskClient, folder: Path) -> None:
    (folder / "bank.yaml").write_bytes((FLOWS / "bank.yaml").read_bytes().replace(b"\n", b"\r\n"))
    opened = get(client, "/api/flows/bank.yaml").get_json()
    edited = opened["text"].replace("\r\n", "\n").replace("Acme", "Apex")  # what a browser's text area gives back
    assert post(client, "/api/flows/bank.yaml", {"text": edited, "version": opened["version"]}, "PUT").status_code == 200
    assert (folder / "bank.yaml").read_bytes() == edited.replace("\n", "\r\n").encode()


def test_a_file_changed_on_disk_is_not_overwritten_and_the_difference_is_shown(client: FlaskClient, folder: Path) -> None:
    opened = get(client, "/api/flows/bank.yaml").get_json()
    theirs = opened["text"].replace("retries: 2", "retries: 3")
    (folder / "bank.yaml").write_text(theirs)
    mine = opened["text"].replace("Thank you for calling", "Welcome to")
    response = post(client, "/api/flows/bank.yaml", {"text": mine, "version": opened["version"]}, "PUT")
    assert response.status_code == 409
    body = response.get_json()
    assert "-retries: 3" in body["diff"] and "+retries: 2" in body["diff"] and "+    prompt: Welcome to" in body["diff"]
    assert (folder / "bank.yaml").read_text() == theirs
    again = post(client, "/api/flows/bank.yaml", {"text": mine, "version": body["version"]}, "PUT")  # overwrite knowingly
    assert again.status_code == 200 and (folder / "bank.yaml").read_text() == mine


def test_a_new_flow_from_the_template_validates(client: FlaskClient, folder: Path) -> None:
    response = post(client, "/api/flows", {"name": "support"})
    assert response.get_json()["file"] == "support.yaml"
    text = (folder / "support.yaml").read_text()
    report = post(client, "/api/validate/support.yaml", {"text": text}).get_json()
    assert report["status"] == "valid", report["diagnostics"]
    assert post(client, "/api/flows", {"name": "support"}).status_code == 409
    assert post(client, "/api/flows", {"name": "../outside"}).status_code in (400, 403)
    assert not (folder.parent / "outside.yaml").exists()


def test_the_graph_marks_nodes_for_the_page(client: FlaskClient) -> None:
    text = (FLOWS / "bank.yaml").read_text()
    data = post(client, "/api/graph/bank.yaml", {"text": text}).get_json()
    svg = data["svg"]
    assert svg.startswith("<svg") and "http://" not in svg.replace("http://www.w3.org/", "")
    main_line = text.splitlines().index("  main:") + 1
    assert f'data-node="main" data-file="bank.yaml" data-line="{main_line}"' in svg
    assert 'data-node="verify.account" data-file="lib/verify.yaml"' in svg


def test_the_graph_draws_the_subflows_the_page_closed_as_one_box_each(client: FlaskClient) -> None:
    text = (FLOWS / "bank.yaml").read_text()
    svg = post(client, "/api/graph/bank.yaml", {"text": text, "collapsed": ["verify"]}).get_json()["svg"]
    assert 'collapsed" data-node="verify" data-file="bank.yaml"' in svg and 'data-node="verify.account"' not in svg
    for stored in ("verify", [1, "verify"], {"verify": True}, None):  # a choice stored by another version of the page
        data = post(client, "/api/graph/bank.yaml", {"text": text, "collapsed": stored})
        assert data.status_code == 200 and 'data-node="verify.account"' in data.get_json()["svg"]


def test_the_graph_of_the_text_just_checked_is_not_checked_again(client: FlaskClient, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page checks a text and then asks for its graph: a 500-node flow was checked twice per edit. The
    report is remembered per text until a file it includes changes."""
    from tests.security.flowgen import menu_tree

    big = menu_tree(500)
    (folder / "big.yaml").write_text(big)
    compiled = compiling(monkeypatch)
    assert post(client, "/api/validate/big.yaml", {"text": big}).get_json()["status"] != "errors"
    assert 'data-node="m0"' in post(client, "/api/graph/big.yaml", {"text": big}).get_json()["svg"]
    assert compiled == ["big.yaml"]

    bank = (FLOWS / "bank.yaml").read_text()
    assert post(client, "/api/validate/bank.yaml", {"text": bank}).get_json()["status"] == "valid"
    verify = folder / "lib" / "verify.yaml"
    verify.write_text(verify.read_text().replace("next: done", "next: nowhere", 1))
    report = post(client, "/api/validate/bank.yaml", {"text": bank}).get_json()
    assert report["status"] == "errors" and any("nowhere" in d["message"] for d in report["diagnostics"])
    assert post(client, "/api/graph/bank.yaml", {"text": bank}).status_code == 422
    assert compiled == ["big.yaml", "bank.yaml", "bank.yaml"]


def test_a_try_it_call_reaches_a_person_with_the_keypad(client: FlaskClient) -> None:
    text = (FLOWS / "bank.yaml").read_text()
    call = post(client, "/api/calls", {"file": "bank.yaml", "text": text}).get_json()
    assert call["node"] == "main" and call["awaiting"] == "input" and "0" in call["listen"]["keys"]
    assert call["transcript"][0] == {"who": "ivr", "node": "welcome", "text": "Thank you for calling Acme Bank."}
    after = post(client, f"/api/calls/{call['id']}", {"action": "press", "arg": "0"}).get_json()
    assert after["ended"] and after["outcome"] == "transferred"
    assert after["transfer"]["context"]["reason"] == "caller-asked"


def test_a_try_it_call_answers_web_requests_from_the_canned_responses(client: FlaskClient) -> None:
    call = post(client, "/api/calls", {"file": "bank.yaml", "text": (FLOWS / "bank.yaml").read_text()}).get_json()
    for action, arg in [("say", "check my balance"), ("press", "12345678#"), ("press", "1234#")]:
        call = post(client, f"/api/calls/{call['id']}", {"action": action, "arg": arg}).get_json()
    said = " ".join(t["text"] for t in call["transcript"] if t["who"] == "ivr")
    assert "1520.75" in said.replace(",", "") or "1,520" in said
    assert call["slots"]["account"] == "***"


def test_a_bad_action_is_one_line(client: FlaskClient) -> None:
    call = post(client, "/api/calls", {"file": "bank.yaml", "text": (FLOWS / "bank.yaml").read_text()}).get_json()
    response = post(client, f"/api/calls/{call['id']}", {"action": "press", "arg": "abc"})
    assert response.status_code == 422 and "\n" not in response.get_json()["error"]
    assert post(client, "/api/calls/try-nope", {"action": "press", "arg": "1"}).status_code == 422


def test_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    from ivr.errors import IvrError

    with pytest.raises(IvrError, match="no such folder"):
        create_designer_app(tmp_path / "nope")


def test_the_overlay_from_simulated_callers_counts_per_node(client: FlaskClient) -> None:
    data = post(client, "/api/graph/bank.yaml", {"text": (FLOWS / "bank.yaml").read_text(), "overlay": "bulk"}).get_json()
    overlay = data["overlay"]
    assert overlay["welcome"]["visits"] == 1000 and overlay["main"]["visits"] == 1000
    assert overlay["lost_card"]["transfers"] > 100
    assert sum(v["transfers"] for v in overlay.values()) + sum(v["drop_off"] for v in overlay.values()) <= 1000
    assert "1000 visits" in data["svg"]


def test_the_overlay_from_call_records(folder: Path, tmp_path: Path) -> None:
    from ivr.store import SqliteStore

    store = SqliteStore(tmp_path / "calls.sqlite3")
    store.close("CA1", {"sid": "CA1", "flow": "acme-bank", "outcome": "transferred", "path": ["welcome", "main", "_human"]})
    store.close("CA2", {"sid": "CA2", "flow": "acme-bank", "outcome": "abandoned", "path": ["welcome", "main"]})
    store.close("CA3", {"sid": "CA3", "flow": "other", "outcome": "abandoned", "path": ["welcome"]})
    client = create_designer_app(folder, store=str(tmp_path / "calls.sqlite3")).test_client()
    overlay = post(client, "/api/graph/bank.yaml", {"text": (FLOWS / "bank.yaml").read_text(), "overlay": "records"}).get_json()["overlay"]
    assert overlay["welcome"] == {"visits": 2, "drop_off": 0, "transfers": 0}
    assert overlay["main"] == {"visits": 2, "drop_off": 1, "transfers": 0}
    assert overlay["_human"] == {"visits": 1, "drop_off": 0, "transfers": 1}


def test_an_overlay_without_data_says_why_in_one_line_and_draws_no_numbers(client: FlaskClient, tmp_path: Path) -> None:
    """The graph comes without numbers and with the reason: no page can keep showing another overlay's
    numbers under this one's name."""
    for flow, overlay, why in (("telecom.yaml", "records", "--store"), ("telecom.yaml", "bulk", "population"), ("bank.yaml", "records", "--store")):
        data = post(client, f"/api/graph/{flow}", {"text": (FLOWS / flow).read_text(), "overlay": overlay}).get_json()
        assert data["overlay"] is None and why in data["overlay_error"] and "\n" not in data["overlay_error"]
        assert "<svg" in data["svg"] and "visits" not in data["svg"]


def test_prompts_are_spoken_by_the_offline_voice(client: FlaskClient) -> None:
    response = get(client, "/api/speech?text=Thank+you+for+calling.&language=en")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.data[:4] == b"RIFF" and len(response.data) > 16_000  # more than half a second at 16 kHz
    assert get(client, "/api/speech?text=").status_code == 400


def test_the_opening_prompts_are_spoken_ahead(client: FlaskClient) -> None:
    """What the page asks when it opens: afterwards the call's first prompts come from memory."""
    import time

    text = (FLOWS / "bank.yaml").read_text()
    ready = post(client, "/api/speech/ready", {"file": "bank.yaml", "text": text, "language": "en"})
    assert ready.status_code == 200 and ready.get_json() == {"ready": True, "prompts": 2}
    started = time.perf_counter()
    assert get(client, "/api/speech?text=Thank+you+for+calling+Acme+Bank.&language=en").status_code == 200
    assert time.perf_counter() - started < 0.5
    wrong = post(client, "/api/speech/ready", {"file": "bank.yaml", "text": text, "language": "xx"})
    assert wrong.status_code == 400 and "not 'xx'" in wrong.get_json()["error"]
    broken = post(client, "/api/speech/ready", {"file": "bank.yaml", "text": "nodes: [", "language": "en"})
    assert broken.status_code == 422 and "errors" in broken.get_json()["error"]


def test_a_try_it_call_in_another_language_at_a_given_time(client: FlaskClient) -> None:
    text = (FLOWS / "multilingual.yaml").read_text()
    call = post(client, "/api/calls", {"file": "multilingual.yaml", "text": text, "language": "es",
                                       "at": "2026-11-24T10:30:00-05:00"}).get_json()
    assert call["language"] == "es" and call["listen"]["language"] == "es"
    bad = post(client, "/api/calls", {"file": "multilingual.yaml", "text": text, "language": "xx"})
    assert bad.status_code == 400 and "not 'xx'" in bad.get_json()["error"]
    assert post(client, "/api/calls", {"file": "multilingual.yaml", "text": text, "at": "tuesday"}).status_code == 400


def test_pages_and_assets_name_no_other_host(client: FlaskClient) -> None:
    """Works offline: nothing the app serves points at a CDN or any other site."""
    for url in ["/", "/edit/bank.yaml", "/designer-static/designer.js", "/designer-static/designer.css", "/designer-static/editor.bundle.js"]:
        with client.get(url) as response:
            body = response.get_data(as_text=True)
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", body.replace("http://www.w3.org/", "")), url


def test_a_bug_is_one_line_for_the_page(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivr.designer.workspace import Workspace

    def broken(self: Workspace, name: str, text: str, inputs: object = None) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(Workspace, "validate", broken)
    response = post(client, "/api/validate/bank.yaml", {"text": "x"})
    assert response.status_code == 500 and response.get_json()["error"] == "internal error: KeyError: 'boom' (please report it)"


def test_the_designer_joins_the_twilio_app_and_leaves_its_webhooks_alone(folder: Path) -> None:
    from ivr.channels.twilio import create_app
    from ivr.designer import init_designer
    from ivr.loading import load_flow
    from ivr.store import SqliteStore

    app = create_app([load_flow(FLOWS / "bank.yaml")], auth_token="12345", store=SqliteStore(folder / "calls.sqlite3"))
    init_designer(app, folder)
    client = app.test_client()
    assert "bank.yaml" in str(get(client, "/api/flows").get_json())
    assert client.post("/voice", data={"CallSid": "CA1"}).status_code == 403  # still signed webhooks only
    assert post(client, "/api/validate/bank.yaml", {"text": (FLOWS / "bank.yaml").read_text()}).get_json()["status"] == "valid"


def test_the_editor_gets_the_flow_schema(client: FlaskClient) -> None:
    """What the editor completes and documents fields from: the schema `ivr schema` prints, behind the token like every API."""
    from ivr.flow.model import json_schema

    assert get(client, "/api/schema").get_json() == json.loads(json.dumps(json_schema()))
    assert client.get("/api/schema").status_code == 403


def test_validation_gives_the_time_to_a_person_outside_opening_hours(client: FlaskClient) -> None:
    text = (FLOWS / "bank.yaml").read_text()
    nodes = post(client, "/api/validate/bank.yaml", {"text": text}).get_json()["nodes"]
    assert nodes["complaints"]["to_human"] == 3.2 and nodes["complaints"]["to_human_closed"] is None  # a message, no person
    assert "to_human_closed" not in nodes["main"]


def test_a_try_it_call_at_a_catch_all_menu_takes_any_other_key(client: FlaskClient) -> None:
    call = post(client, "/api/calls", {"file": "phone-tree.yaml", "text": (FLOWS / "phone-tree.yaml").read_text()}).get_json()
    assert call["listen"]["keys"] == ["1", "2", "0"] and call["listen"]["any_key"] is True
    call = post(client, f"/api/calls/{call['id']}", {"action": "press", "arg": "7"}).get_json()
    assert call["node"] == "main" and "Returning to the main menu." in [t["text"] for t in call["transcript"]]
    graph = post(client, "/api/graph/phone-tree.yaml", {"text": (FLOWS / "phone-tree.yaml").read_text()}).get_json()
    assert "any other key" in graph["svg"]
