"""Simulator scripts and QA scenario files: whatever they hold, a call runs or a one-line error says why.

Script lines come from a grammar of every action with hostile arguments (keys in other scripts,
non-ASCII digits, huge numbers, deep or broken JSON, control characters), alone or spliced into the
example scripts so the calls go deep. Scenario files are random documents with the keys ``ivr test``
reads, and mutations of the example ones; each is loaded, run, checked, covered and written as JUnit
XML (which must stay well-formed).
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from ivr import qa
from ivr.channels.sim import Runner, actions_from, canned_http, load_responses, parse_script
from ivr.errors import FlowError, IvrError, ScriptError
from ivr.loading import load_flow
from tests.conftest import script_flow
from tests.fuzz.budget import fuzz, production_stack
from tests.fuzz.strategies import NAMES, ODD, SCALARS, VALUES, WORDS, script_line

ROOT = Path(__file__).parent.parent.parent
FLOWS = {p.stem: load_flow(p) for p in sorted((ROOT / "flows").glob("*.yaml"))}
RESPONSES = {name: load_responses((ROOT / "flows" / "responses" / f"{name}.yaml").read_text(), name) for name in FLOWS}
SCRIPTS = sorted((ROOT / "flows" / "scripts").glob("*.txt"))
SUITES = sorted((ROOT / "flows" / "tests").glob("*.tests.yaml"))
AT = "2026-11-24T10:30:00-05:00"


@st.composite
def script(draw: st.DrawFn) -> tuple[str, str]:
    """A flow and a script for it: an example script with random lines spliced in, or random lines only."""
    if draw(st.booleans()):
        path = draw(st.sampled_from(SCRIPTS))
        lines = path.read_text(encoding="utf-8").splitlines()
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(lines)))
            if draw(st.booleans()) and at < len(lines):
                lines[at] = draw(script_line())
            else:
                lines.insert(at, draw(script_line()))
        return script_flow(path), "\n".join(lines)
    return draw(st.sampled_from(sorted(FLOWS))), "\n".join(draw(st.lists(script_line(), max_size=12)))


def one_line(e: IvrError) -> str:
    message = str(e)
    assert message and "\n" not in message and "Traceback" not in message, message
    return message


@fuzz(800)
@given(script())
@production_stack
def test_scripts_run_or_name_the_bad_line(flow_and_script: tuple[str, str]) -> None:
    name, text = flow_and_script
    try:
        actions = parse_script(text)
    except ScriptError as e:
        event("refused when parsed")
        one_line(e)
        return
    runner = Runner(FLOWS[name], at=AT, http=canned_http(RESPONSES[name], None), audio_dir=ROOT / "flows" / "scripts")
    try:
        result = runner.run(actions)
    except ScriptError as e:
        event("refused while running")
        one_line(e)
        return
    event(f"ran: {result.outcome}")
    assert result.outcome in ("completed", "transferred", "hangup")


@fuzz(300)
@given(st.lists(script_line(), max_size=6))
@production_stack
def test_line_lists_as_ivr_testing_takes_them(lines: list[str]) -> None:
    try:
        actions = list(actions_from(lines))
        Runner(FLOWS["bank"], at=AT, http=None).run(actions)
    except ScriptError as e:
        one_line(e)


# -- scenario files ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of flows/ to write scenario files into (their paths are relative to them)."""
    target = tmp_path_factory.mktemp("qa") / "flows"
    shutil.copytree(ROOT / "flows", target, ignore=shutil.ignore_patterns("populations"))
    yield target


EXPECT = st.fixed_dictionaries({}, optional={
    "outcome": st.sampled_from(["completed", "transferred", "hangup"]) | VALUES,
    "reaches": st.lists(st.sampled_from(["_human", "main", "goodbye"]) | st.text(max_size=6), max_size=3) | VALUES,
    "hears": st.lists(WORDS, max_size=2) | VALUES,
    "slots": st.dictionaries(st.sampled_from(["account", "balance", "zip"]), SCALARS, max_size=2) | VALUES,
    "transfer": st.none() | st.fixed_dictionaries({}, optional={"queue": SCALARS, "number": SCALARS, "reason": SCALARS}) | VALUES,
    "max_turns": st.integers(0, 50) | SCALARS,
    "max_seconds": st.floats(0, 1000) | SCALARS,
}) | VALUES
EXPECT_RUNS = st.fixed_dictionaries({}, optional={  # expectations of the right shape, with any values in it
    "outcome": st.sampled_from(["completed", "transferred", "hangup"]) | NAMES,
    "reaches": st.lists(st.sampled_from(["_human", "main", "goodbye"]) | NAMES, max_size=3),
    "hears": st.lists(WORDS | NAMES, max_size=2),
    "slots": st.dictionaries(st.sampled_from(["account", "balance", "zip"]) | NAMES, SCALARS, max_size=2),
    "transfer": st.fixed_dictionaries({}, optional={"queue": SCALARS, "number": SCALARS, "reason": SCALARS}),
    "max_turns": st.integers(0, 50),
    "max_seconds": st.floats(0, 1000),
})
SCRIPT_FILES = st.sampled_from([f"../scripts/{p.name}" for p in SCRIPTS] + ["../scripts/missing.txt", "..", "../bank.yaml", "",
                                                                            "../../flows/scripts/bank-agent.txt"])
SCENARIO_KEYS = {"name": NAMES | VALUES, "script": SCRIPT_FILES | VALUES, "caller": st.lists(script_line(), max_size=5) | VALUES,
                 "expect": EXPECT}
SCENARIO_RUNS = st.fixed_dictionaries({"name": NAMES, "caller": st.lists(script_line(), max_size=5)}, optional={"expect": EXPECT_RUNS})
SCENARIO = st.one_of(
    SCENARIO_RUNS,
    st.fixed_dictionaries({}, optional=SCENARIO_KEYS),
    VALUES,
)
FLOW_FILES = st.sampled_from([f"../{n}.yaml" for n in FLOWS])
SUITE_KEYS = {
    "flow": FLOW_FILES | st.sampled_from(["../missing.yaml", "..", "../lib/verify.yaml", "../responses/bank.yaml"]) | VALUES,
    "responses": st.sampled_from([f"../responses/{n}.yaml" for n in FLOWS] + ["../bank.yaml", "../missing.yaml", ".."]) | VALUES,
    "at": st.just(AT) | st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()) | VALUES,
    "queue_wait": st.floats(0, 600) | SCALARS,
    "scenarios": st.lists(SCENARIO, max_size=3) | VALUES,
}
SUITE = st.one_of(
    st.fixed_dictionaries(  # well-formed, so the scenarios run: hostile names, lines and expectations
        {"flow": FLOW_FILES, "scenarios": st.lists(SCENARIO_RUNS, min_size=1, max_size=3)},
        optional={"responses": st.sampled_from([f"../responses/{n}.yaml" for n in FLOWS]),
                  "at": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()), "queue_wait": st.floats(0, 600)}),
    st.fixed_dictionaries({}, optional=SUITE_KEYS),
    VALUES,
)


def mutated_suite(draw: st.DrawFn) -> str:
    """An example scenario file cut to a few scenarios (the run stays short), with lines changed."""
    data = yaml.safe_load(draw(st.sampled_from(SUITES)).read_text(encoding="utf-8"))
    data["scenarios"] = draw(st.lists(st.sampled_from(data["scenarios"]), min_size=1, max_size=3))
    lines = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        key, colon, _ = line.partition(": ")
        replacement = f"{key}: {yaml.safe_dump(draw(VALUES), default_flow_style=True).strip()}" if colon else draw(script_line())
        lines[at] = draw(st.sampled_from([replacement, line + draw(st.sampled_from(ODD)), ""]))
    return "\n".join(lines) + "\n"


@st.composite
def suite_text(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return mutated_suite(draw)
    return yaml.safe_dump(draw(SUITE), allow_unicode=True, sort_keys=False)


def run_suite(path: Path) -> None:
    """What ``ivr test --coverage --junit`` does with one file."""
    try:
        suite = qa.load_suite(path)
    except FlowError as e:
        event("refused: FlowError (the file or its flow)")
        assert e.diagnostics
        return
    except IvrError as e:
        event(f"refused: {type(e).__name__}")
        one_line(e)
        return
    outcomes = [qa.run_scenario(suite, s) for s in suite.scenarios]
    for o in outcomes:
        assert all(isinstance(f, str) for f in o.failures)
        qa.transcript_text(o)
    event(f"ran {len(outcomes)} scenarios, {sum(o.ok for o in outcomes)} passed")
    cover = qa.coverage(suite.flow, [o.result for o in outcomes if o.result is not None])
    for kind in cover.items:
        assert 0 <= cover.percent(kind) <= 100
        cover.missing(kind)
    junit = path.with_suffix(".xml")
    qa.junit(outcomes, junit)
    ET.parse(junit)  # CI servers read it: it must stay well-formed XML


@fuzz(300)
@given(suite_text())
@production_stack
def test_scenario_files_run_or_say_what_is_wrong(folder: Path, text: str) -> None:
    path = folder / "tests" / "fuzz.tests.yaml"
    path.write_text(text, encoding="utf-8")
    run_suite(path)
