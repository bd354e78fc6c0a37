"""Compile cost and limits: big, deep or hostile flow files end in one clear line, quickly, in bounded memory.

Each probe runs the real CLI (or the real designer app) in a subprocess, under a memory limit where reading
too much is the danger and a timeout where waiting for ever is. Speed itself is measured by bench/compile.py,
not asserted here.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ivr.designer import create_designer_app
from ivr.flow import checks
from ivr.flow.compiler import compile_flow
from ivr.layout import d2_source
from ivr.loading import load_flow
from tests.security import flowgen

ROOT = Path(__file__).parent.parent.parent
MEMORY = 512 << 20  # the CLI needs about 60 MB; reading a flow file whole would need far more


def ivr(*args: str, cwd: Path = ROOT, memory: int | None = MEMORY, timeout: float = 60, stdin: int | None = subprocess.DEVNULL,
        ) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would, with at most ``memory`` bytes of address space."""

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ivr", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          preexec_fn=limit, stdin=stdin, env=env)


def one_line_error(proc: subprocess.CompletedProcess[str], code: str) -> str:
    """The diagnostic line with ``code``; the run failed like a user error (exit 1), never an internal one."""
    assert proc.returncode == 1, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if f"error[{code}]" in line]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def calling(sub: str) -> str:
    return f"name: main\nnodes:\n  start: {{type: subflow, flow: {sub!r}, next: bye}}\n  bye: {{type: hangup}}\n"


# -- graphs deeper than Python's recursion limit ------------------------------------------------------


@pytest.fixture(scope="module")
def long_chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chain") / "chain.yaml"
    path.write_text(flowgen.chain(5000), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["validate"], ["check", "--no-table"]])
def test_a_5000_node_chain_compiles_and_checks(long_chain: Path, command: list[str]) -> None:
    proc = ivr(*command, str(long_chain), memory=None)
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr


def test_time_to_a_person_and_the_drawing_of_a_5000_node_chain(long_chain: Path) -> None:
    flow = load_flow(long_chain)
    reach = {r.node: r for r in checks.human_reach(flow)}
    assert (reach["s0"].actions, reach["s0"].seconds) == (0, 5000 * 2.0 + 2.4)  # every "Step N of the chain." then the transfer's
    assert (reach["s4999"].actions, reach["s4999"].seconds) == (0, 2.0 + 2.4)
    source = d2_source(flow)[0]
    assert "n4999 -> n5000" in source and source.count("->") == 5003  # start, the 5,000 says, the transfer's voicemail and on


def test_a_wide_menu_reports_each_sound_alike_option_once() -> None:
    """3,000 options whose phrases all sound alike: one warning per option, not one per pair (4.5 million)."""
    flow = compile_flow(flowgen.wide_menu(3000, sound_alike=True), "wide.yaml")
    found = [d for d in checks.check(flow) if d.code == "sound-alike"]
    assert len(found) == 2999
    assert found[0].message == "'extension 2' sounds like 'extension 1' (option 1); a recognizer may confuse them"


def test_a_menu_too_big_to_compare_says_so_once() -> None:
    """2,000 options named in Devanagari (whose vowel signs join their consonant, so no letter-based
    shortcut applies): 2 million comparisons, cut off at the budget with one warning instead."""
    rng = random.Random(1)
    consonants, signs = [chr(c) for c in range(0x915, 0x939)], ["\u093e", "\u0940", "\u094b", "\u094c"]
    names = {"".join(rng.choice(consonants) + rng.choice(signs) for _ in range(4)) for _ in range(2100)}
    options = "".join(f"      - {{phrases: [{name}], next: bye}}\n" for name in sorted(names)[:2000])
    flow = compile_flow(f"nodes:\n  main:\n    type: menu\n    prompt: Say a name.\n    options:\n{options}  bye: {{type: hangup}}\n")
    [cut] = [d for d in checks.check(flow) if "too many phrases" in d.message]
    assert (cut.code, cut.line) == ("sound-alike", 6)


def test_subflows_nested_1000_deep_are_one_error(tmp_path: Path) -> None:
    top = flowgen.subflow_chain(tmp_path, 1000)
    line = one_line_error(ivr("validate", str(top)), "subflow-depth")
    assert "nested more than 20 deep" in line


def test_a_subflow_called_twice_at_every_level_is_refused(tmp_path: Path) -> None:
    """18 levels, each calling the next twice: 262,144 copies once inlined, refused before they are made."""
    for i in range(18):
        nodes = (f"  a: {{type: subflow, flow: d{i + 1}.yaml, next: b}}\n  b: {{type: subflow, flow: d{i + 1}.yaml, next: z}}\n"
                 if i < 17 else "  a: {type: say, prompt: Hi., next: z}\n")
        end = "return" if i else "hangup"
        (tmp_path / f"d{i}.yaml").write_text(f"name: d{i}\nnodes:\n{nodes}  z: {{type: {end}}}\n", encoding="utf-8")
    line = one_line_error(ivr("validate", str(tmp_path / "d0.yaml"), timeout=60), "subflow-size")
    assert "subflows" in line


def test_a_flow_in_600_languages_is_refused(tmp_path: Path) -> None:
    """Every listening state carries a grammar per language: 600 language codes (3 KB of YAML) would
    multiply a flow 600 times."""
    codes = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"][:600]
    path = tmp_path / "babel.yaml"
    path.write_text(f"languages: [{', '.join(codes)}]\n" + flowgen.chain(3).split("\n", 1)[1], encoding="utf-8")
    line = one_line_error(ivr("validate", str(path)), "invalid-value")
    assert line.endswith("error[invalid-value]: 'languages' lists 600 items; at most 32 are allowed")


# -- files that are not flow files ----------------------------------------------------------------------


def test_a_subflow_of_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "main.yaml").write_text(calling("/dev/zero"), encoding="utf-8")
    line = one_line_error(ivr("validate", "main.yaml", cwd=tmp_path), "missing-file")
    assert "not a regular file" in line


def test_a_subflow_of_dev_stdin_does_not_wait_for_input(tmp_path: Path) -> None:
    (tmp_path / "main.yaml").write_text(calling("/dev/stdin"), encoding="utf-8")
    line = one_line_error(ivr("validate", "main.yaml", cwd=tmp_path, stdin=subprocess.PIPE, timeout=30), "missing-file")
    assert "not a regular file" in line


def test_a_subflow_that_is_a_fifo_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "main.yaml").write_text(calling("pipe.yaml"), encoding="utf-8")
    line = one_line_error(ivr("check", "main.yaml", cwd=tmp_path, timeout=30), "missing-file")
    assert "not a regular file" in line


@pytest.fixture
def huge(tmp_path: Path) -> Path:
    """A 3 GB flow file that takes no disk space (sparse)."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(3 << 30)
    return path


def test_a_3_gb_subflow_is_refused_by_its_size(tmp_path: Path, huge: Path) -> None:
    (tmp_path / "main.yaml").write_text(calling("huge.yaml"), encoding="utf-8")
    line = one_line_error(ivr("validate", "main.yaml", cwd=tmp_path), "file-too-large")
    assert "huge.yaml:1:1: error[file-too-large]: file is 3,221,225,472 bytes; flows are limited to 1,000,000" in line


def test_a_3_gb_flow_is_refused_by_its_size(huge: Path) -> None:
    line = one_line_error(ivr("validate", str(huge)), "file-too-large")
    assert "file is 3,221,225,472 bytes" in line


def test_dev_zero_as_the_flow_is_refused_after_a_megabyte() -> None:
    line = one_line_error(ivr("validate", "/dev/zero", timeout=30), "file-too-large")
    assert line.startswith("/dev/zero:1:1: error[file-too-large]: file is more than 1,000,000 bytes")


# -- the designer reads subflows through its own confined reader ----------------------------------------


@pytest.fixture
def designer(tmp_path: Path) -> Iterator[tuple[FlaskClient, Path]]:
    folder = tmp_path / "flows"
    folder.mkdir()
    app = create_designer_app(folder)
    yield app.test_client(), folder


def _validate(client: FlaskClient, text: str) -> dict[str, object]:
    page = client.get("/").get_data(as_text=True)
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    response = client.post("/api/validate/main.yaml", json={"text": text}, headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    data: dict[str, object] = response.get_json()
    return data


def test_the_designer_does_not_wait_on_a_fifo_subflow(designer: tuple[FlaskClient, Path]) -> None:
    client, folder = designer
    os.mkfifo(folder / "pipe.yaml")
    result: list[dict[str, object]] = []
    worker = threading.Thread(target=lambda: result.append(_validate(client, calling("pipe.yaml"))), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # let the stuck read finish before failing
        with open(folder / "pipe.yaml", "wb"):
            pass
        worker.join(20)
        pytest.fail("validating a flow whose subflow is a FIFO waited for a writer")
    [report] = result
    [d] = report["diagnostics"]  # type: ignore[misc]
    assert d["code"] == "missing-file" and "not a regular file" in d["message"]


def test_the_designer_refuses_a_3_gb_subflow_by_its_size(tmp_path: Path) -> None:
    """In a subprocess under a memory limit: reading the file whole would need 3 GB."""
    folder = tmp_path / "flows"
    folder.mkdir()
    with (folder / "huge.yaml").open("wb") as fh:
        fh.truncate(3 << 30)
    script = f"""
import json, resource
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))
from ivr.designer.workspace import Workspace
report = Workspace({str(folder)!r}).validate("main.yaml", {calling("huge.yaml")!r})
print(json.dumps([d.as_dict() for d in report.diagnostics]))
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert '"code": "file-too-large"' in proc.stdout and "3,221,225,472 bytes" in proc.stdout


def test_a_flow_path_holding_a_nul_is_one_line() -> None:
    """Found by the fuzz suite: Python refuses a NUL in a path with ValueError, which went past load_flow."""
    from ivr.errors import FlowError

    with pytest.raises(FlowError, match=r"^a\\0b:1:1: error\[missing-file\]: cannot read: a file name cannot hold a NUL$"):
        load_flow("a\0b")


def test_a_queue_wait_nobody_can_know_is_still_spoken() -> None:
    """Found by the fuzz suite: an infinite or NaN expected wait (a population's queue_wait, Twilio's AvgQueueTime)
    crashed the announcement of the caller's place in the queue."""
    from ivr.flow.text import minutes

    assert [minutes(s, "en") for s in (float("inf"), float("nan"), 1e308, -5.0, 240.0)] == \
        ["1440 minutes", "1 minute", "1440 minutes", "1 minute", "4 minutes"]
    done = ivr("simulate", "flows/bank.yaml", "--script", "flows/scripts/bank-lost-card.txt", "--queue-wait", "inf")
    assert done.returncode == 2 and "internal error" not in done.stderr and "Invalid value for '--queue-wait'" in done.stderr
