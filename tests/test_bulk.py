"""ivr simulate-many: modelled callers in bulk; same seed, same numbers, on any number of cores."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ivr import bulk
from ivr.cli import main

ROOT = Path(__file__).parent.parent
POPULATION = ROOT / "flows" / "populations" / "bank.yaml"


def test_same_seed_same_numbers_on_any_number_of_processes() -> None:
    pop = bulk.load_population(POPULATION)
    one = bulk.report(bulk.run(pop, 400, seed=7, workers=1)).as_dict()
    two = bulk.report(bulk.run(pop, 400, seed=7, workers=2)).as_dict()
    assert one == two
    other = bulk.report(bulk.run(pop, 400, seed=8, workers=1)).as_dict()
    assert other != one


def test_callers_get_what_they_want() -> None:
    pop = bulk.load_population(POPULATION)
    pop.misheard = pop.silence = pop.keypad = 0.0
    stats = bulk.run(pop, 300, seed=1, workers=1)
    by_want: dict[str, set[str]] = {}
    for s in stats:
        by_want.setdefault(s.want, set()).add(s.outcome)
    assert by_want["a person"] == {"transferred"} and by_want["balance"] == {"contained"}
    assert all(s.reason == "caller-asked" for s in stats if s.want == "a person")
    assert all(s.to_human is not None and s.to_human < 30 for s in stats if s.want == "a person")


def test_impatient_callers_hang_up_and_the_drop_off_says_where(tmp_path: Path) -> None:
    pop = bulk.load_population(POPULATION)
    pop.misheard, pop.max_failures = 1.0, 1  # nothing is understood; one failure is too many
    result = bulk.report(bulk.run(pop, 200, seed=3, workers=1))
    assert result.outcomes.get("abandoned", 0) > 0 and "main" in result.drop_off


def test_cli_json_and_html_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.html"
    main(["simulate-many", str(POPULATION), "--callers", "300", "--workers", "1", "--json", "--report", str(report)])
    data = json.loads(capsys.readouterr().out)
    assert data["callers"] == 300 and sum(data["outcomes"].values()) == 300
    assert set(data["to_human"]) == {"mean", "p50", "p95"} and "elapsed_seconds" in data
    page = report.read_text(encoding="utf-8")
    for heading in ("Outcomes", "Why callers reached a person", "Time to a person", "Where callers hung up"):
        assert heading in page
    assert page.count("<svg") >= 3
    # the flow drawn with its callers: every node a caller reached, with the numbers the JSON gives
    assert data["per_node"]["main"]["visits"] == 300
    hung_up = {n: v["drop_off"] for n, v in data["per_node"].items() if v["drop_off"]}
    assert sum(hung_up.values()) == data["outcomes"].get("abandoned", 0) and hung_up == data["drop_off"]
    assert "The flow, with its callers" in page and 'data-node="main"' in page and "300 visits" in page


def test_bad_population_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "pop.yaml"
    bad.write_text("flow: x.yaml\ncallers: []\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate-many", str(bad)])
    assert exit_info.value.code == 2
    assert f"{bad}:2:10: error[invalid-value]: 'callers' is a non-empty list of kinds of caller" in capsys.readouterr().err
    bad.write_text("callers: [{steps: [say representative]}]\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate-many", str(bad)])
    assert f"{bad}:1:1: error[missing-field]: population file needs 'flow'" in capsys.readouterr().err


@pytest.mark.parametrize(("change", "where", "message"), [
    # wrong types and values out of range, each at its place (several were tracebacks, found by tests/fuzz/test_populations.py)
    (("share: 0.45", "share: lots"), "13:12", "'share' is a number of 0 or more, like 0.2 (shares are normalised), not 'lots'"),
    (("share: 0.45", "share: -1"), "13:12", "'share' is a number of 0 or more, like 0.2 (shares are normalised), not -1"),
    (("steps: [say representative]", "steps: [{say: representative}]"), "26:13", "'steps' is a list of script lines"),
    (("steps: [say representative]", "steps: [say representative]\n    language: [en]"), "27:15", "'language' is a language code"),
    (("callers:\n", "callers: many\nunused:\n"), "11:10", "'callers' is a non-empty list of kinds of caller"),
    (("keypad: 0.3", "keypad: half"), "7:9", "'keypad' is a chance between 0 and 1, like 0.3, not 'half'"),
    (("misheard: 0.1", "misheard: 1.5"), "8:11", "'misheard' is a chance between 0 and 1, like 0.1, not 1.5"),
    (("silence: 0.05", "silence: -0.1"), "9:10", "'silence' is a chance between 0 and 1, like 0.05, not -0.1"),
    (("patience: {failures: 3, seconds: 300}", "patience: 3"), "10:11", "'patience' is a mapping, like patience: {failures: 3, seconds: 300}"),
    (("patience: {failures: 3, seconds: 300}", "patience: {failures: -1}"), "10:22", "'failures' is a whole number of 0 or more, like 3, not -1"),
    (("patience: {failures: 3, seconds: 300}", "patience: {failures: .inf}"), "10:22", "'failures' is a whole number of 0 or more"),
    (("patience: {failures: 3, seconds: 300}", "patience: {seconds: -5}"), "10:21", "'seconds' is a number of seconds of 0 or more, like 300, not -5"),
    (("queue_wait: 90", "queue_wait: .nan"), "6:13", "'queue_wait' is a number of seconds of 0 or more, like 60, not nan"),
    (("at: 2026-11-24T10:30:00-05:00", "at: yesterday"), "5:5", "'at' is an ISO time, like 2026-11-24T10:30:00-05:00, not 'yesterday'"),
    (("at: 2026-11-24T10:30:00-05:00", "at: 1030"), "5:5", "'at' is an ISO time"),
    (("responses: ../responses/bank.yaml", 'responses: "a\\0b"'), "4:12", "'responses' is a file name, relative to this file"),
    (("responses: ../responses/bank.yaml", "responses: pop.bin"), "4:12", "cannot read responses"),
    (("flow: ../bank.yaml", "flow: 7"), "3:7", "'flow' is a file name, relative to this file"),
    (("keypad: 0.3", "audio: {variants: .inf}"), "7:19", "'variants' is a whole number from 1 to 10, not inf"),
    (("keypad: 0.3", "audio: {variants: 40}"), "7:19", "'variants' is a whole number from 1 to 10, not 40"),
    (("keypad: 0.3", "audio: {snr: .nan}"), "7:14", "'snr' is a number of dB, like 20, not nan"),
    (("keypad: 0.3", "audio: {snr: loud}"), "7:14", "'snr' is a number of dB, like 20, not 'loud'"),
    (("keypad: 0.3", "audio: {asr: whisper}"), "7:14", "'asr' is one of pocketsphinx, vosk, not 'whisper'"),
    (("keypad: 0.3", "audio: {voices: joe}"), "7:9", "unknown field 'voices'\n  hint: did you mean 'voice'?"),
    (("queue_wait: 90", "queue_wait: 90\nkeypad: 0.2"), "8:1", "duplicate key 'keypad'"),
], ids=lambda v: v[1][:40] if isinstance(v, tuple) else None)
def test_bad_population_settings_are_errors_at_their_place(tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str],
                                                           where: str, message: str) -> None:
    """Nothing runs (exit 2) and the error says where, as for a flow or a scenario file."""
    text = POPULATION.read_text().replace("flow: ../bank.yaml", f"flow: {ROOT / 'flows' / 'bank.yaml'}")
    text = text.replace("responses: ../responses/bank.yaml", f"responses: {ROOT / 'flows' / 'responses' / 'bank.yaml'}")
    old, new = change
    old = old.replace("../bank.yaml", str(ROOT / "flows" / "bank.yaml")).replace("../responses", str(ROOT / "flows" / "responses"))
    assert old in text
    path = tmp_path / "pop.yaml"
    path.write_text(text.replace(old, new, 1))
    (tmp_path / "pop.bin").write_bytes(b"\xff\xfe- match")
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate-many", str(path), "--callers", "10", "--workers", "1"])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == "", err
    assert err.startswith(f"{path}:{where}: error[") and message in err, err
    assert err.endswith("1 population file: 1 error, 0 warnings\n") or "unknown field 'unused'" in err, err


@pytest.mark.slow
def test_callers_heard_for_real_through_the_recognizer() -> None:
    """With 'audio', spoken answers are synthesized, degraded and recognized: clear phone audio is
    understood; speech drowned in noise is not, and those callers reach a person for it."""
    pop = bulk.load_population(POPULATION)
    pop.misheard = pop.silence = pop.keypad = 0.0
    pop.callers = [c for c in pop.callers if c["want"] in ("a person", "lost card")]
    pop.audio = bulk.Audio("joe", telephone=True, snr=None, variants=2, asr="pocketsphinx")
    clear = bulk.run(pop, 60, seed=3, workers=1)
    assert {s.reason for s in clear} == {"caller-asked", "flow"}  # representative, and the card team
    assert bulk.ears(pop.audio).heard, "nothing went through the recognizer"
    pop.audio = bulk.Audio("joe", telephone=True, snr=-15, variants=2, asr="pocketsphinx")
    drowned = bulk.run(pop, 60, seed=3, workers=1)
    assert {"no-input", "no-match"} & {s.reason for s in drowned}
    assert sum(s.outcome == "transferred" for s in drowned) + sum(s.outcome == "abandoned" for s in drowned) == 60


@pytest.mark.parametrize("path", sorted((ROOT / "flows" / "populations").glob("*.yaml")), ids=lambda p: p.name)
def test_example_populations_load(path: Path) -> None:
    pop = bulk.load_population(path)
    assert pop.flow_path.exists() and pop.callers


def test_a_misspelt_population_setting_is_an_error_at_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'kepad: 0.3' used to be silently ignored (every caller spoke): now it stops the run, like a flow's typo."""
    text = POPULATION.read_text().replace("flow: ../bank.yaml", f"flow: {ROOT / 'flows' / 'bank.yaml'}")
    text = text.replace("responses: ../responses/bank.yaml", f"responses: {ROOT / 'flows' / 'responses' / 'bank.yaml'}")
    path = tmp_path / "pop.yaml"
    path.write_text(text.replace("keypad: 0.3", "kepad: 0.3").replace("share: 0.45", "shares: 0.45"))
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate-many", str(path), "--callers", "10"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert f"{path}:7:1: error[unknown-field]: unknown field 'kepad'\n  hint: did you mean 'keypad'?" in err
    assert "unknown field 'shares'\n  hint: did you mean 'share'?" in err
    assert err.strip().endswith("1 population file: 2 errors, 0 warnings")


def test_callers_whose_shares_add_up_to_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pop.yaml"
    path.write_text(f"flow: {ROOT / 'flows' / 'bank.yaml'}\ncallers:\n  - {{share: 0, steps: [hangup]}}\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate-many", str(path), "--callers", "10"])
    assert exit_info.value.code == 2 and "the callers' shares add up to 0" in capsys.readouterr().err


def test_a_flow_alone_can_be_simulated_and_the_report_says_who_called(capsys: pytest.CaptureFixture[str]) -> None:
    """A designer with only a flow: its callers are derived from its first menu, and the report says so."""
    main(["simulate-many", str(ROOT / "flows" / "bank.yaml"), "--callers", "400", "--workers", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["population"].startswith("derived from bank.yaml: 4 options of menu 'main' (90% of calls")
    assert "10% asking for a person; 30% on the keypad, 5% misheard, 5% silent turns" in data["population"]
    assert "web answers from responses/bank.yaml" in data["population"]
    assert sum(data["outcomes"].values()) == 400 and data["reasons"]["caller-asked"] > 0


def test_a_population_file_is_chosen_with_population_or_given_as_the_argument(capsys: pytest.CaptureFixture[str]) -> None:
    main(["simulate-many", str(ROOT / "flows" / "bank.yaml"), "--population", str(POPULATION), "--callers", "50", "--workers", "1",
          "--json"])
    chosen = json.loads(capsys.readouterr().out)
    assert chosen["population"] == f"{POPULATION} (its callers, on bank.yaml)"
    main(["simulate-many", str(POPULATION), "--callers", "50", "--workers", "1", "--json"])
    given = json.loads(capsys.readouterr().out)
    assert given["population"] == str(POPULATION) and given["outcomes"] == chosen["outcomes"]


def test_a_flow_without_a_menu_needs_a_population_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = tmp_path / "hello.yaml"
    flow.write_text("nodes:\n  hi: {type: say, prompt: Hello., next: bye}\n  bye: {type: hangup}\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate-many", str(flow)])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "the flow has no menu for callers to choose from" in err and "--population FILE" in err


def test_derived_callers_cooperate_after_their_choice_so_bank_contains_calls(capsys: pytest.CaptureFixture[str]) -> None:
    """Bank callers wanting their balance give an 8-digit account and a 4-digit PIN, hear it and say goodbye:
    they were silent after their choice, so no call was contained (0%). The stated mix stays: a tenth ask for a
    person, and silence and mishearing still send some to one."""
    main(["simulate-many", str(ROOT / "flows" / "bank.yaml"), "--callers", "2000", "--seed", "7", "--workers", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    contained = data["outcomes"].get("contained", 0)
    assert 0.35 * 2000 < contained < 0.6 * 2000, data["outcomes"]
    assert data["by_want"]["your balance"].get("contained", 0) > 0.8 * sum(data["by_want"]["your balance"].values())
    assert data["by_want"]["branch hours"].get("contained", 0) > 0.8 * sum(data["by_want"]["branch hours"].values())
    assert 0.08 * 2000 < data["reasons"]["caller-asked"] < 0.12 * 2000
    assert "then they answer what is asked" in data["population"]


def test_the_same_seed_prints_the_same_report(tmp_path: Path) -> None:
    """ivr simulate-many FLOW --seed N, run twice as a user runs it (every core): the same lines, bar the time taken."""
    def printed() -> str:
        proc = subprocess.run([sys.executable, "-m", "ivr", "simulate-many", "flows/bank.yaml", "--callers", "1500", "--seed", "7"],
                              capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ, "COLUMNS": "200"})
        assert proc.returncode == 0, proc.stderr
        return re.sub(r"in [0-9.]+ s", "in ? s", proc.stdout)

    first, second = printed(), printed()
    assert first == second and "contained" in first and "contained            │            0 (0.0%)" not in first


def test_a_derived_caller_for_any_other_key_presses_a_key_no_option_lists() -> None:
    from ivr.bulk import derived_population

    population, described = derived_population(ROOT / "flows" / "phone-tree.yaml")
    steps = {c["want"]: c["steps"] for c in population.callers}
    assert steps["any other key"] == ["press 3"] and steps["directions"] == ["say directions"]
    assert described.startswith("derived from phone-tree.yaml: 3 options of menu 'main'")


def test_the_phone_tree_in_bulk_sends_stray_keys_back_and_never_loops(capsys: pytest.CaptureFixture[str]) -> None:
    main(["simulate-many", str(ROOT / "flows" / "phone-tree.yaml"), "--callers", "300", "--workers", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert sum(data["outcomes"].values()) == 300 and "loop" not in data["reasons"]
