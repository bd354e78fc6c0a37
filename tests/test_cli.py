"""The ivr command line, run as a user would: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ivr.cli import main

ROOT = Path(__file__).parent.parent
GOOD = """
nodes:
  main:
    type: menu
    prompt: Say billing or press 1.
    options: [{dtmf: 1, phrases: [billing], next: billing}]
  billing: {type: transfer, queue: billing}
"""


def ivr(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "ivr", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    return path


def test_validate_ok(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    code, out, err = run(capsys, "validate", str(good))
    assert code == 0 and out == f"{good}: ok (2 nodes)\n" and err == ""


def test_validate_reports_errors_like_a_compiler(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("next: billing}]", "next: bilings}]"))
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert err == (f"{bad}:6:51: error[unknown-node]: no node 'bilings'\n  hint: did you mean 'billing'?\n"
                   "1 flow: 1 error, 0 warnings\n")


@pytest.mark.parametrize("args", [["validate", "nope.yaml"], ["check", "nope.yaml"], ["graph", "nope.yaml"],
                                  ["simulate", "nope.yaml"], ["validate", "flows"]])
def test_missing_file_is_one_line(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code in (1, 2) and "Traceback" not in err
    assert "nope.yaml:1:1: error[missing-file]: cannot read: No such file or directory" in err or "is a directory" in err


def test_check_prints_time_to_human_table(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    code, out, err = run(capsys, "check", str(good))
    assert code == 0 and "worst case to reach a person" in out and "main" in out
    assert err.strip() == "1 flow: 0 errors, 0 warnings"


def test_check_json_and_promoting_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(GOOD + "  lonely: {type: hangup}\n")
    code, out, _ = run(capsys, "check", "--json", str(path))
    data = json.loads(out)
    assert code == 0 and [d["code"] for d in data["diagnostics"]] == ["unreachable"]
    assert {r["node"] for r in data["time_to_human"][str(path)]} == {"main", "billing", "lonely"}
    code, _, err = run(capsys, "check", "-W", "error", "--no-table", str(path))
    assert code == 1 and "error[unreachable]" in err
    code, _, err = run(capsys, "check", "--disable", "unreachable", str(path))
    assert code == 0 and "unreachable" not in err


def test_check_names_words_a_recognizer_cannot_hear(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A phrase with a word outside PocketSphinx's dictionary would silently never match: say so, with the word."""
    pytest.importorskip("pocketsphinx")
    flow = tmp_path / "f.yaml"
    flow.write_text(GOOD.replace("phrases: [billing]", "phrases: [billing, my zorbwidget]"))
    code, out, err = run(capsys, "check", "--no-table", str(flow))
    assert f"{flow}:6:" in err
    assert "warning[unknown-word]: pocketsphinx has no word 'zorbwidget' (in 'my zorbwidget'), so it never hears this phrase" in err
    flow.write_text(GOOD.replace("phrases: [billing]", "phrases: [billing, wi-fi]"))
    assert "unknown-word" not in run(capsys, "check", "--no-table", str(flow))[2]  # "wi fi": both words are in the dictionary


def test_unknown_check_code(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    code, _, err = run(capsys, "check", "--disable", "unreachble", str(good))
    assert code == 2 and err == "ivr: error: unknown check 'unreachble'; did you mean 'unreachable'?\n"


def test_graph_draws_human_edges_dashed(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    code, out, _ = run(capsys, "graph", str(good))
    assert code == 0 and out.startswith("flowchart TD")
    assert 'n_main -.->|"human (0)"| n__human' in out and "stroke-dasharray" in out
    code, out, _ = run(capsys, "graph", "--format", "dot", str(good))
    assert '"main" -> "_human" [label="human (0)", style=dashed' in out


def test_graph_labels_the_catch_all_any_other_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "graph", str(ROOT / "flows" / "phone-tree.yaml"))
    assert code == 0 and 'n_main -->|"any other key"| n_returning' in out
    assert 'n_planets -->|"*, any other key / the main menu"| n_returning' in out
    code, out, _ = run(capsys, "graph", "--format", "dot", str(ROOT / "flows" / "phone-tree.yaml"))
    assert '"main" -> "returning" [label="any other key"];' in out


def test_schema_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert json.loads(out) == json.loads((ROOT / "schema" / "flow.schema.json").read_text())


def test_simulate_script_json(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("say representative please\n")
    code, out, _ = run(capsys, "simulate", str(good), "--script", str(script), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["outcome"] == "transferred" and data["path"] == ["main", "_human"]
    assert data["transfer"]["queue"] == "agents"
    assert data["transfer"]["context"]["reason"] == "caller-asked"
    assert data["transcript"][0] == {"who": "ivr", "node": "main", "text": "Say billing or press 1."}


def test_simulate_bad_script_is_one_line(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("press 1\nwhistle\n")
    code, _, err = run(capsys, "simulate", str(good), "--script", str(script))
    assert code == 2 and err == f"ivr: error: {script}: line 2: unknown action 'whistle'; use press, say, mumble, say-audio, silence, " \
                                "hangup, http, transfer, record or expect\n"


def test_interactive_simulation_in_a_real_process(good: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "ivr", "simulate", str(good)], input="pizza\n/silence\nbilling\n",
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Say billing or press 1." in out
    assert "Sorry, I didn't understand." in out and "Sorry, I didn't hear anything." in out
    assert "outcome: transferred" in out


def test_interactive_end_of_input_hangs_up(good: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "ivr", "simulate", str(good)], input="", capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and "outcome: hangup" in proc.stdout


def test_version() -> None:
    code, out, _ = ivr("--version")
    assert code == 0 and out.startswith("ivr, version ")


def test_check_list_needs_no_flow(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--list")
    assert code == 0 and "slow-to-human" in out
    code, _, err = run(capsys, "check")
    assert code == 2 and "give one or more flow files" in err


WITHOUT_EXTRAS = """
import sys

class NoExtras:
    \"\"\"An install without ivr's extras: their modules are not there.\"\"\"
    HIDDEN = {"numpy", "scipy", "pocketsphinx", "vosk", "piper", "sounddevice", "pydub", "pyloudnorm", "flask", "twilio", "redis", "cryptography"}

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoExtras())
from ivr.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize(("args", "extra"), [
    (["devices"], "mic"),
    (["call", "flows/bank.yaml", "--offline"], "mic"),
    (["simulate", "flows/bank.yaml", "--script", "flows/scripts/bank-lost-card.txt", "--voice", "joe"], "speech"),
    (["simulate", "flows/bank.yaml", "--script", "flows/scripts/bank-lost-card.txt", "--voice", "espeak:ko"], "speech"),
    (["simulate-many", "flows/populations/bank-phone.yaml", "--callers", "5"], "speech"),
    (["audio", "render", "flows/bank.yaml", "-o", "/nonexistent/ivr-audio"], "speech"),
    (["audio", "normalize", "flows/bank.yaml", "-o", "/nonexistent/ivr-audio"], "mic"),
    (["serve", "flows/bank.yaml"], "twilio"),
    (["designer"], "designer"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_every_command_without_its_extra_says_which_to_install(args: list[str], extra: str) -> None:
    """In the quick start's install (no speech, mic or twilio extra) these ended in 'internal error: ModuleNotFoundError'."""
    env = {k: v for k, v in os.environ.items() if k != "IVR_DEBUG"}
    proc = subprocess.run([sys.executable, "-c", WITHOUT_EXTRAS, *args], capture_output=True, text=True, cwd=ROOT, timeout=60, env=env,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert f'needs the {extra} extra' in line and f'pip install "ivr[{extra}]"' in line, line


def test_a_prompt_played_from_a_url_is_valid_and_shown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Twilio plays http(s) audio itself: validate doesn't call it missing (and fetches nothing); the simulator shows it."""
    flow = tmp_path / "url.yaml"
    flow.write_text("nodes:\n  hi: {type: say, prompt: {text: Welcome to the shop., audio: 'https://cdn.example.com/welcome.mp3'}, "
                    "next: bye}\n  bye: {type: hangup}\n")
    assert run(capsys, "validate", str(flow))[0] == 0
    script = tmp_path / "s.txt"
    script.write_text("")
    code, out, _ = run(capsys, "simulate", str(flow), "--script", str(script))
    assert code == 0 and "IVR    Welcome to the shop. (plays https://cdn.example.com/welcome.mp3)" in out
    flow.write_text(flow.read_text().replace("https://cdn.example.com/welcome.mp3", "ftp://cdn.example.com/welcome.mp3"))
    assert run(capsys, "validate", str(flow))[0] == 1  # not a URL Twilio plays, and no such file


def test_interactive_state_masks_sensitive_answers(tmp_path: Path) -> None:
    """/state showed a PIN in clear; it shows what transcripts and call records show."""
    flow = tmp_path / "pin.yaml"
    flow.write_text("nodes:\n  pin: {type: collect, prompt: Your PIN?, sensitive: true, min_length: 4, max_length: 4, next: more}\n"
                    "  more: {type: menu, prompt: Press 1 to hang up., options: [{dtmf: 1, next: end}]}\n  end: {type: hangup}\n")
    proc = subprocess.run([sys.executable, "-m", "ivr", "simulate", str(flow)], input="4321\n/state\n", capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "4321" not in proc.stdout.split("caller", 1)[-1].replace("caller 4321", "")  # typed by the caller, never shown back
    assert '"pin": "***"' in proc.stdout and '"node": "more"' in proc.stdout


def test_check_summary_stands_apart_from_the_table(good: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "ivr", "check", str(good)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=60, env={**os.environ, "COLUMNS": "120"})
    lines = proc.stdout.rstrip("\n").splitlines()
    assert lines[-1] == "1 flow: 0 errors, 0 warnings" and lines[-2] == "", proc.stdout
    legend = next(i for i, line in enumerate(lines) if line.startswith("  caller actions:"))
    assert lines[legend - 1].startswith("└") and lines[-3].startswith("  —: no person that way"), proc.stdout


FRONT_DESK = """
hours:
  office:
    timezone: America/New_York
    open: {mon-fri: "09:00-17:00"}
    holidays: ["12-25"]
human: {target: front_desk}
nodes:
  main:
    type: menu
    prompt: For opening hours, press 1.
    options: [{dtmf: 1, phrases: [hours], next: hours}]
  hours: {type: hangup, prompt: We are open weekdays from nine to five.}
  front_desk:
    type: branch
    when: [{if: "open('office')", next: staff}]
    else: message
  staff: {type: transfer, queue: staff}
  message: {type: voicemail}
"""


def test_the_time_to_person_table_shows_the_open_and_the_closed_case(tmp_path: Path) -> None:
    """Every state reached a person through an hours branch, so the table said '—' everywhere."""
    flow = tmp_path / "desk.yaml"
    flow.write_text(FRONT_DESK)
    proc = subprocess.run([sys.executable, "-m", "ivr", "check", str(flow)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "160"})
    assert proc.returncode == 0, proc.stderr
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in proc.stdout.splitlines() if line.startswith("│")]
    assert rows[:2] == [["main", "menu", "open", "1", "2.4", "31"], ["", "", "closed", "—", "—", "—"]]
    assert ["staff", "transfer", "", "0", "2.4", "2.4"] in rows
    legend = proc.stdout.split("└", 1)[1]
    assert 'caller actions: how many times a caller who knows to press 0 or say "agent"' in legend
    assert "s if silent: seconds until a caller who says and presses nothing is put through" in legend
    assert "—: no person that way: the call ends in a voicemail or a goodbye" in legend
    assert "hours: branches test opening hours ('office')" in legend and '"closed" outside the hours and on holidays' in legend


def test_check_json_gives_the_closed_case_beside_the_open_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    flow = tmp_path / "desk.yaml"
    flow.write_text(FRONT_DESK)
    code, out, _ = run(capsys, "check", "--json", str(flow))
    reach = {r["node"]: r for r in json.loads(out)["time_to_human"][str(flow)]}
    assert code == 0
    assert reach["main"] == {"node": "main", "type": "menu", "actions": 1, "seconds": 2.4, "silent_seconds": 31.0,
                             "closed": {"actions": None, "seconds": None, "silent_seconds": None}}
    assert "closed" not in reach["staff"]


def test_bank_complaints_are_a_person_while_open_and_a_message_while_closed(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "ivr", "check", "flows/bank.yaml"], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env={**os.environ, "COLUMNS": "160"})
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in proc.stdout.splitlines() if line.startswith("│")]
    at = rows.index(["complaints", "branch", "open", "0", "3.2", "3.2"])
    assert rows[at + 1] == ["", "", "closed", "—", "—", "—"]
    assert ["main", "menu", "", "1", "2.4", "57"] in rows


def test_an_unknown_voice_is_a_warning_with_its_place_that_can_be_switched_off(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    flow = tmp_path / "voice.yaml"
    flow.write_text('nodes:\n  bye: {type: hangup, prompt: {text: "Adiós.", language: es, voice: Polly.lupe}}\n')
    code, _, err = run(capsys, "check", "--no-table", str(flow))
    assert code == 0 and f"{flow}:2:69: warning[unknown-voice]: unknown Twilio voice 'Polly.lupe'\n  hint: did you mean 'Polly.Lupe'?" in err
    code, _, err = run(capsys, "check", "--no-table", "--disable", "unknown-voice", str(flow))
    assert code == 0 and "unknown-voice" not in err
    code, _, err = run(capsys, "check", "--no-table", "--error", "unknown-voice", str(flow))
    assert code == 1 and "error[unknown-voice]" in err
