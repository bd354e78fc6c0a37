"""ivr test: scenario files, expectations, JUnit XML and coverage."""

from __future__ import annotations

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
    ("scenarios: []\n", "a scenario file has 'flow' and a list of 'scenarios'"),
    ("flow: shop.yaml\nscenarios: [{name: x}]\n", "scenario 1 needs 'script' (a file) or 'caller' (a list of lines)"),
    ("flow: shop.yaml\nscenarios: [{script: nope.txt}]\n", "cannot read"),
    # found by tests/fuzz: each of these was a traceback (exit 70) or, for the last ones, a check silently not made
    ("flow: shop.yaml\nqueue_wait: soon\nscenarios: [{caller: [hangup]}]\n", "'queue_wait' is a number of seconds, like 60"),
    ("flow: shop.yaml\nqueue_wait: .nan\nscenarios: [{caller: [hangup]}]\n", "'queue_wait' is a number of seconds, like 60"),
    ("flow: shop.yaml\nat: yesterday\nscenarios: [{caller: [hangup]}]\n", "'at' is an ISO time, like 2026-11-24T10:30:00-05:00, not 'yesterday'"),
    ('flow: "shop\\0.yaml"\nscenarios: [{caller: [hangup]}]\n', "'flow' is a file name, relative to this file"),
    ("flow: [shop.yaml]\nscenarios: [{caller: [hangup]}]\n", "'flow' is a file name, relative to this file"),
    ("flow: shop.yaml\nscenarios: [{script: shop.bin}]\n", "scenario 1: cannot read"),
    ('flow: shop.yaml\nscenarios: [{script: "two\\nlines.txt"}]\n', "scenario 1: cannot read '"),
    ("flow: shop.yaml\nresponses: shop.bin\nscenarios: [{caller: [hangup]}]\n", "not UTF-8 text"),
    ("flow: shop.yaml\nscenarios: [{caller: 5}]\n", "scenario 1: 'caller' is a list of script lines, like [press 1, say billing]"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: [outcome]}]\n", "scenario 1: 'expect' is a mapping"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {reaches: {a: 1}}}]\n", "'reaches' is a list, like reaches: [_human]"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {slots: [a]}}]\n", "'slots' is a mapping of slot names to values"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {transfer: yes}}]\n", "'transfer' is a mapping"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {max_turns: many}}]\n", "'max_turns' is a whole number, like max_turns: 5"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {max_seconds: .inf}}]\n", "'max_seconds' is a number of seconds"),
    ("flow: shop.yaml\nscenarios: [{caller: [hangup], expect: {reach: [sales]}}]\n",
     "'expect' checks outcome, reaches, hears, slots, transfer, max_turns, max_seconds; not reach"),
], ids=lambda v: v[:60])
def test_bad_scenario_files_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    (tmp_path / "shop.yaml").write_text(FLOW)
    (tmp_path / "shop.bin").write_bytes(b"\xff\xfe\x00press 1")
    (tmp_path / "bad.tests.yaml").write_text(text)
    with pytest.raises(SystemExit) as e:
        main(["test", str(tmp_path / "bad.tests.yaml")])
    err = capsys.readouterr().err
    assert e.value.code == 2 and message in err and len(err.strip().splitlines()) == 1, err


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
