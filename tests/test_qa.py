"""ivr test: scenario files, expectations, JUnit XML and coverage."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ivr import qa
from ivr.cli import main
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
FLOW = """
nodes:
  main:
    type: menu
    prompt: Say sales or press 1.
    options: [{dtmf: 1, phrases: [sales], next: sales}, {dtmf: 2, phrases: [support], next: support}]
  sales: {type: transfer, queue: sales}
  support: {type: hangup, prompt: Goodbye.}
"""
SUITE = """
flow: shop.yaml
scenarios:
  - name: sales by voice
    caller: [say sales]
    expect: {outcome: transferred, reaches: [sales], hears: [press 1], transfer: {queue: sales, reason: flow}, max_turns: 2,
             max_seconds: 20}
  - name: a wrong expectation
    caller: [press 2]
    expect: {outcome: transferred}
"""


@pytest.fixture()
def suite(tmp_path: Path) -> Path:
    (tmp_path / "shop.yaml").write_text(FLOW)
    path = tmp_path / "shop.tests.yaml"
    path.write_text(SUITE)
    return path


def test_failures_show_expectation_and_transcript(suite: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "test", str(suite), "--junit", str(tmp_path / "junit.xml"))
    assert code == 1
    assert "PASS" in out and "FAIL" in out and "expected outcome transferred, got completed" in out
    assert "ivr [support] Goodbye." in out and "path: main -> support" in out
    assert out.rstrip().endswith("1 passed, 1 failed")
    root = ET.parse(tmp_path / "junit.xml").getroot()
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    failed = root.find(".//testcase[@name='a wrong expectation']/failure")
    assert failed is not None and failed.get("message") == "expected outcome transferred, got completed"


def test_coverage_lists_what_was_never_exercised(suite: Path) -> None:
    outcomes, coverages = qa.run_paths([suite])
    cov = next(iter(coverages.values()))
    assert cov.missing("states") == []
    assert cov.missing("human escapes") == ["main"]
    assert "main no-input #1" in cov.missing("retries")
    assert cov.percent("edges") == pytest.approx(100 * 2 / 3)


def test_example_scenarios_pass_and_write_junit(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "test", "flows", "--coverage", "--junit", str(tmp_path / "j.xml"))
    assert code == 0, out
    assert "coverage" in out and ET.parse(tmp_path / "j.xml").getroot().get("failures") == "0"


def test_example_scenarios_cover_everything() -> None:
    """Every state, edge, human escape and retry (no-input and no-match, up to the hand-over) of every example flow."""
    _, coverages = qa.run_paths([ROOT / "flows"])
    assert len(coverages) == len(list((ROOT / "flows").glob("*.yaml")))
    for name, cov in coverages.items():
        for kind in cov.items:
            assert cov.missing(kind) == [], f"{name}: {kind}"


@pytest.mark.parametrize(("text", "message"), [
    ("scenarios: []\n", ":1:1: error[missing-field]: scenario file needs 'flow'"),
    ("flow: shop.yaml\nscenarios: [{name: x}]\n", ":2:13: error[missing-field]: scenario 1 needs 'script' (a file) or 'caller' (a list of lines"),
    ("flow: shop.yaml\nscenarios: [{script: nope.txt}]\n", "cannot read"),
    # found by tests/fuzz: each of these was a traceback (exit 70) or, for the last ones, a check silently not made
    ("flow: shop.yaml\nqueue_wait: soon\nscenarios: [{caller: [hangup]}]\n", "'queue_wait' must be a number of seconds, not 'soon'"),
    ("flow: shop.yaml\nqueue_wait: .nan\nscenarios: [{caller: [hangup]}]\n", "'queue_wait' must be a number of seconds, not nan"),
    ("flow: shop.yaml\nat: yesterday\nscenarios: [{caller: [hangup]}]\n", ":2:5: error[invalid-value]: 'at' is an ISO time, like 2026-11-24T10:30:00-05:00"),
    ('flow: "shop\\0.yaml"\nscenarios: [{caller: [hangup]}]\n', "'flow' is a file name, relative to this file"),
    ("flow: [shop.yaml]\nscenarios: [{caller: [hangup]}]\n", ":1:7: error[invalid-value]: 'flow' must be text, not ['shop.yaml']"),
    ("flow: shop.yaml\nscenarios: [{script: shop.bin}]\n", "scenario 1: cannot read"),
    ('flow: shop.yaml\nscenarios: [{script: "two\\nlines.txt"}]\n', "scenario 1: cannot read '"),
    ("flow: shop.yaml\nresponses: shop.bin\nscenarios: [{caller: [hangup]}]\n", "not UTF-8 text"),
    ("flow: shop.yaml\nscenarios: [{caller: 5}]\n", "error[invalid-value]: 'caller' must be a list, like caller: [...]"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: [outcome]}]\n", "error[invalid-value]: 'expect' must be a mapping"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {reaches: {a: 1}}}]\n", "error[invalid-value]: 'reaches' must be a list"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {slots: [a]}}]\n", "error[invalid-value]: 'slots' must be a mapping"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {transfer: yes}}]\n", "error[invalid-value]: 'transfer' must be a mapping"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {max_turns: many}}]\n", "error[invalid-value]: 'max_turns' must be a whole number, not 'many'"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {max_seconds: .inf}}]\n", "'max_seconds' must be a number of seconds, not inf"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {reach: [sales]}}]\n",
     "error[unknown-field]: unknown field 'reach'\n  hint: did you mean 'reaches'?"),
], ids=lambda v: v[:60])
def test_bad_scenario_files_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    (tmp_path / "shop.yaml").write_text(FLOW)
    (tmp_path / "shop.bin").write_bytes(b"\xff\xfe\x00press 1")
    (tmp_path / "bad.tests.yaml").write_text(text)
    with pytest.raises(SystemExit) as e:
        main(["test", str(tmp_path / "bad.tests.yaml")])
    err = capsys.readouterr().err
    assert e.value.code == 2 and message in err and "Traceback" not in err, err
    lines = err.strip().splitlines()
    if lines[0].startswith("ivr: error:"):  # a file it names can't be read: one line
        assert len(lines) == 1, err
    else:  # the file itself is wrong: each problem at its place, like the compiler's, then a summary
        assert all(re.match(r".*bad\.tests\.yaml:\d+:\d+: error\[", line) or line.startswith("  hint:") for line in lines[:-1]), err
        assert lines[-1] == "1 scenario file: 1 error, 0 warnings", err


def test_junit_stays_well_formed_whatever_the_scenarios_hold(tmp_path: Path) -> None:
    """Found by tests/fuzz: a control character in a name or a script line made the whole report unreadable."""
    (tmp_path / "shop.yaml").write_text(FLOW)
    path = tmp_path / "shop.tests.yaml"
    path.write_text('flow: shop.yaml\nscenarios:\n  - name: "bell\\x07"\n    caller: ["say sales\\x01"]\n'
                    "    expect: {outcome: completed}\n")
    outcomes, _ = qa.run_paths([path])
    qa.junit(outcomes, tmp_path / "junit.xml")
    case = ET.parse(tmp_path / "junit.xml").getroot().find(".//testcase")
    assert case is not None and case.get("name") == "bell\ufffd"


def test_call_time_budget(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(FLOW)
    path = tmp_path / "slow.tests.yaml"
    path.write_text("flow: shop.yaml\nscenarios:\n  - name: slow\n    caller: [silence, silence, say sales]\n"
                    "    expect: {max_seconds: 5}\n")
    outcomes, _ = qa.run_paths([path])
    assert outcomes[0].failures and outcomes[0].failures[0].startswith("expected the call to end within 5 s, it took about")


def test_say_audio_in_a_scenario_is_found_beside_the_scenario_file(suite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a script file, a recording a scenario plays is named relative to the file, not to where ivr runs."""
    import wave

    with wave.open(str(tmp_path / "quiet.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(16000))
    suite.write_text("flow: shop.yaml\nscenarios:\n  - name: silence recorded\n    caller: [say-audio quiet.wav, press 1]\n"
                     "    expect: {outcome: transferred, reaches: [sales]}\n")
    monkeypatch.chdir(ROOT)
    outcomes, _ = qa.run_paths([suite])
    assert [o.failures for o in outcomes] == [[]]


def test_a_typo_in_a_scenario_file_fails_before_anything_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's file printed PASS while checking nothing: every unknown key is now an error at its place."""
    (tmp_path / "shop.yaml").write_text(FLOW)
    path = tmp_path / "typo.tests.yaml"
    path.write_text("flow: shop.yaml\nrespones: answers.yaml\nscenarios:\n  - caller: [press 2]\n"
                    "    expect: {outcom: completed, queue: no-such-queue, node: nowhere}\n")
    code, out, err = run(capsys, "test", str(path))
    assert code == 2 and "PASS" not in out
    assert f"{path}:2:1: error[unknown-field]: unknown field 'respones'\n  hint: did you mean 'responses'?" in err
    assert f"{path}:5:14: error[unknown-field]: unknown field 'outcom'\n  hint: did you mean 'outcome'?" in err
    assert "unknown field 'queue'\n  hint: a queue is checked under transfer, like transfer: {queue: billing}" in err
    assert "unknown field 'node'\n  hint: states are checked with reaches, like reaches: [billing]" in err
    assert err.strip().endswith("1 scenario file: 4 errors, 0 warnings")


def test_expectations_name_only_what_the_flow_has(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "shop.yaml").write_text(FLOW)
    path = tmp_path / "names.tests.yaml"
    path.write_text("flow: shop.yaml\nscenarios:\n  - caller: [say sales]\n    expect:\n      reaches: [main, sale]\n"
                    "      transfer: {queue: saels, reason: caller-askd}\n      slots: {acount: '1'}\n      outcome: transfered\n")
    code, _, err = run(capsys, "test", str(path))
    assert code == 2
    assert "'outcome' is one of transferred, completed, hangup, not 'transfered'\n  hint: did you mean 'transferred'?" in err
    path.write_text(path.read_text().replace("transfered", "transferred"))
    code, _, err = run(capsys, "test", str(path))
    assert code == 2
    assert f"{path}:5:23: error[unknown-node]: shop has no node 'sale'\n  hint: did you mean 'sales'?" in err
    assert "error[unknown-queue]: shop transfers to no queue 'saels'\n  hint: did you mean 'sales'?" in err
    assert "'reason' is one of flow, caller-asked," in err and "hint: did you mean 'caller-asked'?" in err
    assert f"{path}:7:15: error[unknown-slot]: shop sets no slot 'acount'" in err


CLOCK = """
hours:
  office: {timezone: America/New_York, open: {mon-fri: "09:00-17:00"}}
nodes:
  start: {type: branch, when: [{if: "open('office')", next: open}], else: closed}
  open: {type: say, prompt: "We are open. Your number is {caller}.", next: bye}
  closed: {type: say, prompt: We are closed., next: bye}
  bye: {type: hangup}
"""


def test_each_scenario_can_set_its_clock_and_caller(tmp_path: Path) -> None:
    """Per-scenario 'at' and 'caller_number' are used, not silently dropped (the file's are the default)."""
    (tmp_path / "clock.yaml").write_text(CLOCK)
    path = tmp_path / "clock.tests.yaml"
    path.write_text("flow: clock.yaml\nat: 2026-11-24T10:30:00-05:00\ncaller_number: '+15550001111'\nscenarios:\n"
                    "  - name: day\n    caller: []\n    expect: {hears: [We are open, '+15550001111']}\n"
                    "  - name: night\n    at: 2026-11-24T23:30:00-05:00\n    caller: []\n    expect: {hears: [We are closed]}\n"
                    "  - name: another caller\n    caller_number: '+15550002222'\n    caller: []\n    expect: {hears: ['+15550002222']}\n")
    outcomes, _ = qa.run_paths([path])
    assert [(o.scenario.name, o.failures) for o in outcomes] == [("day", []), ("night", []), ("another caller", [])]


def test_the_documented_example_passes_and_is_the_one_in_the_docs(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/testing.md shows docs/examples/shop.tests.yaml whole, and it passes, so the docs stay true."""
    example = ROOT / "docs" / "examples" / "shop.tests.yaml"
    assert example.read_text(encoding="utf-8") in (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "test", str(example))
    assert code == 0 and "5 passed, 0 failed" in out
    code, out, _ = run(capsys, "test", "--help")
    assert "docs/testing.md" in out


def test_coverage_counts_the_catch_all_as_an_edge_and_a_stray_key_as_no_no_match(tmp_path: Path) -> None:
    (tmp_path / "et.tests.yaml").write_text(f"flow: {ROOT / 'flows' / 'phone-tree.yaml'}\n"
                                            "scenarios: [{caller: [press 5, press 1], expect: {outcome: completed}}]\n")
    outcomes, coverages = qa.run_paths([tmp_path / "et.tests.yaml"])
    assert [o.ok for o in outcomes] == [True]
    cov = next(iter(coverages.values()))
    assert {"main -> returning", "returning -> main", "main -> directions"} <= cov.covered["edges"]
    assert "main -> returning" in cov.items["edges"] and "planets -> returning" in cov.missing("edges")
    assert not any(r.startswith("main no-match") for r in cov.covered["retries"])  # no "didn't understand" was said
