"""From trying to testing, through Flask's test client: a Try-it call saved as a scenario, the flow's
scenarios run with pass or fail, their coverage and the traffic drawn on the graph."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient

from ivr.designer import create_designer_app
from ivr.designer.scenarios import appended
from tests.designer.test_api import get, post


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return create_designer_app(folder).test_client()


def _call(client: FlaskClient, folder: Path, actions: list[tuple[str, str]], flow: str = "bank.yaml") -> str:
    text = (folder / flow).read_text()
    call = post(client, "/api/calls", {"file": flow, "text": text, "at": "2026-11-24T10:30:00-05:00"}).get_json()
    for verb, arg in actions:
        call = post(client, f"/api/calls/{call['id']}", {"action": verb, "arg": arg}).get_json()
    return str(call["id"])


def test_a_try_it_call_is_appended_as_a_scenario_keeping_the_files_comments(client: FlaskClient, folder: Path) -> None:
    tests = folder / "tests" / "bank.tests.yaml"
    before = tests.read_text()
    text = (folder / "bank.yaml").read_text()
    version = post(client, "/api/scenarios/bank.yaml", {"text": text}).get_json()["version"]
    call = _call(client, folder, [("press", "2")])
    saved = post(client, "/api/scenarios/bank.yaml/save", {"text": text, "call": call, "name": "lost card by keypad",
                                                           "version": version})
    assert saved.status_code == 200, saved.get_json()
    after = tests.read_text()
    assert after.startswith(before.rstrip("\n"))  # every character of the file as it was, comments included
    added = yaml.safe_load(after)["scenarios"][-1]
    assert added["name"] == "lost card by keypad"
    assert added["caller"] == ["press 2"]
    assert added["at"] == "2026-11-24T10:30:00-05:00"
    assert added["expect"]["outcome"] == "transferred" and added["expect"]["transfer"]["queue"]
    listed = saved.get_json()["run"]["scenarios"]
    assert listed[-1]["name"] == "lost card by keypad" and listed[-1]["ok"], listed[-1]
    assert all(s["ok"] for s in listed)


def test_a_new_scenario_file_gets_the_schema_header_and_the_canned_answers(client: FlaskClient, folder: Path) -> None:
    (folder / "tests" / "bank.tests.yaml").unlink()
    text = (folder / "bank.yaml").read_text()
    listed = post(client, "/api/scenarios/bank.yaml", {"text": text}).get_json()
    assert listed["version"] is None and listed["scenarios"] == []
    call = _call(client, folder, [("press", "1"), ("press", "12345678"), ("press", "1234"), ("say", "no")])
    saved = post(client, "/api/scenarios/bank.yaml/save", {"text": text, "call": call, "name": "balance", "version": None})
    assert saved.status_code == 200, saved.get_json()
    written = (folder / "tests" / "bank.tests.yaml").read_text()
    assert written.startswith("# yaml-language-server: $schema=../../schema/scenarios.schema.json\n")
    doc = yaml.safe_load(written)
    assert doc["flow"] == "../bank.yaml" and doc["responses"] == "../responses/bank.yaml"
    assert doc["scenarios"][0]["caller"] == ["press 1", "press 12345678", "press 1234", "say no"]
    assert saved.get_json()["run"]["scenarios"][0]["ok"]


def test_saving_never_clobbers_a_scenario_file_changed_on_disk(client: FlaskClient, folder: Path) -> None:
    tests = folder / "tests" / "bank.tests.yaml"
    text = (folder / "bank.yaml").read_text()
    version = post(client, "/api/scenarios/bank.yaml", {"text": text}).get_json()["version"]
    tests.write_text(tests.read_text() + "# someone else's edit\n")
    call = _call(client, folder, [("press", "2")])
    answer = post(client, "/api/scenarios/bank.yaml/save", {"text": text, "call": call, "name": "x", "version": version})
    assert answer.status_code == 409 and "someone else's edit" in answer.get_json()["diff"]
    assert tests.read_text().endswith("# someone else's edit\n")
    fresh = (folder / "tests" / "bank.tests.yaml").read_text()
    (folder / "tests" / "bank.tests.yaml").unlink()
    answer = post(client, "/api/scenarios/bank.yaml/save", {"text": text, "call": call, "name": "x", "version": "0" * 64})
    assert answer.status_code == 409 and not tests.exists()
    tests.write_text(fresh)
    answer = post(client, "/api/scenarios/bank.yaml/save", {"text": text, "call": call, "name": "x", "version": None})
    assert answer.status_code == 409 and tests.read_text() == fresh


def test_saving_a_scenario_needs_the_csrf_token_and_stays_in_the_folder(client: FlaskClient, folder: Path) -> None:
    text = (folder / "bank.yaml").read_text()
    call = _call(client, folder, [("press", "2")])
    before = (folder / "tests" / "bank.tests.yaml").read_text()
    answer = client.post("/api/scenarios/bank.yaml/save", json={"text": text, "call": call, "name": "x", "version": None})
    assert answer.status_code == 403 and "CSRF" in answer.get_json()["error"]
    assert (folder / "tests" / "bank.tests.yaml").read_text() == before
    answer = post(client, "/api/scenarios/../bank.yaml/save", {"text": text, "call": call, "name": "x", "version": None})
    assert answer.status_code in (403, 404)
    answer = post(client, "/api/scenarios/bank.yaml/save", {"text": text, "call": "try-nope", "name": "x", "version": None})
    assert answer.status_code == 422 and "no try-it call" in answer.get_json()["error"]


def test_a_failing_scenario_shows_its_message_and_a_file_outside_the_folder_is_refused(client: FlaskClient, folder: Path) -> None:
    tests = folder / "tests" / "bank.tests.yaml"
    tests.write_text(tests.read_text() + "  - name: wrong on purpose\n    caller: [press 2]\n    expect: {outcome: completed}\n")
    text = (folder / "bank.yaml").read_text()
    found = post(client, "/api/scenarios/bank.yaml", {"text": text}).get_json()
    wrong = next(s for s in found["scenarios"] if s["name"] == "wrong on purpose")
    assert not wrong["ok"] and wrong["failures"] == ["expected outcome completed, got transferred"]
    assert sum(not s["ok"] for s in found["scenarios"]) == 1
    (folder.parent / "secret.txt").write_text("press 9\n")
    tests.write_text("flow: ../bank.yaml\nscenarios:\n  - script: ../../secret.txt\n")
    found = post(client, "/api/scenarios/bank.yaml", {"text": text}).get_json()
    assert found["scenarios"] == [] and "outside the designer's folder" in found["error"]


def test_the_text_append_keeps_everything_and_follows_the_files_indent() -> None:
    item = {"name": "n", "caller": ["press 1"]}
    text = "# top\nflow: a.yaml\nscenarios:\n    - name: old   # mine\n      caller: [press 2]\n\n# trailing note\n"
    out = appended(text, item)
    assert out == "# top\nflow: a.yaml\nscenarios:\n    - name: old   # mine\n      caller: [press 2]\n" \
                  "    - name: n\n      caller: [press 1]\n\n# trailing note\n"
    assert yaml.safe_load(appended("flow: a.yaml\nscenarios: []  # none yet\nat: x\n", item)) == \
        {"flow": "a.yaml", "scenarios": [item], "at": "x"}
    assert yaml.safe_load(appended("flow: a.yaml\n", item))["scenarios"] == [item]


def test_coverage_marks_what_the_scenarios_never_exercised(client: FlaskClient, folder: Path) -> None:
    tests = folder / "tests" / "bank.tests.yaml"
    tests.write_text("flow: ../bank.yaml\nresponses: ../responses/bank.yaml\nat: 2026-11-24T10:30:00-05:00\n"
                     "scenarios:\n  - caller: [press 2]\n")
    text = (folder / "bank.yaml").read_text()
    graph = post(client, "/api/graph/bank.yaml", {"text": text, "overlay": "coverage"}).get_json()
    assert graph["overlay_error"] is None and graph["coverage"]["states"]["percent"] < 50
    untested = set(re.findall(r'ivr-node untested" data-node="([^"]+)"', graph["svg"]))
    assert "complaints" in untested and "main" not in untested and "welcome" not in untested
    edges = set(re.findall(r'ivr-edge untested" data-edge="([^"]+)"', graph["svg"]))
    assert "main -&gt; complaints" in edges and "welcome -&gt; main" not in edges


def test_the_overlay_counts_calls_on_edges_and_reads_a_saved_simulate_many_report(client: FlaskClient, folder: Path) -> None:
    import subprocess
    import sys

    text = (folder / "bank.yaml").read_text()
    bulk = post(client, "/api/graph/bank.yaml", {"text": text, "overlay": "bulk"}).get_json()
    assert bulk["edges"]["welcome -> main"] == 1000
    widths = {m.group(1): int(m.group(2)) for m in re.finditer(r'data-edge="([^"]+)" data-calls="(\d+)"', bulk["svg"])}
    assert widths["welcome -&gt; main"] == 1000
    report = subprocess.run([sys.executable, "-m", "ivr", "simulate-many", str(folder / "bank.yaml"), "--callers", "100", "--json"],
                            capture_output=True, text=True, check=True).stdout
    (folder / "bank-sim.json").write_text(report)
    assert "bank-sim.json" in get(client, "/api/overlay-files").get_json()["files"]
    saved = post(client, "/api/graph/bank.yaml", {"text": text, "overlay": "file", "overlay_file": "bank-sim.json"}).get_json()
    assert saved["overlay_error"] is None
    assert saved["edges"] == json.loads(report)["per_edge"] and saved["overlay"]["main"]["visits"] == 100
    for bad, why in [("../secret.json", "not a path inside"), (".hidden.json", "hidden"), ("bank.yaml", ".json"), ("nope.json", "no file")]:
        answer = post(client, "/api/graph/bank.yaml", {"text": text, "overlay": "file", "overlay_file": bad}).get_json()
        assert answer["overlay"] is None and answer["edges"] is None and why in answer["overlay_error"], (bad, answer["overlay_error"])
    (folder / "other.json").write_text('{"per_node": {"x": {"visits": 1}}}')
    answer = post(client, "/api/graph/bank.yaml", {"text": text, "overlay": "file", "overlay_file": "other.json"}).get_json()
    assert "another flow" in answer["overlay_error"]
