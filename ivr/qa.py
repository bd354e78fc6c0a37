"""QA: scenario files, ``ivr test``, JUnit XML and coverage.

A scenario file sits in ``flows/tests/`` (``flows/tests/bank.tests.yaml``)::

    flow: ../bank.yaml                # relative to this file
    responses: ../responses/bank.yaml # canned answers for the flow's web requests (mocks)
    at: 2026-11-24T10:30:00-05:00     # the clock, for business hours
    queue_wait: 60                    # seconds callers would wait in queues
    scenarios:
      - name: balance by keypad
        script: ../scripts/bank-balance.txt       # a simulator script, or inline:
      - name: straight to a person
        caller: [say representative]
        expect:
          outcome: transferred
          reaches: [_human]
          hears: [Connecting you]
          slots: {}
          transfer: {queue: agents, reason: caller-asked}
          max_turns: 3
          max_seconds: 30

Scenario lines are simulator script lines (press, say, say-audio, silence, hangup, http,
transfer, record, expect); ``expect`` blocks add checks at the end of the call.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivr.channels.sim import CallResult, Runner, canned_http, load_responses, parse_script
from ivr.errors import ScriptError, UsageError
from ivr.flow.machine import BUILTIN, Flow, Listening
from ivr.flow.source import load_source
from ivr.flow.text import ANSWER_SECONDS, speech_seconds
from ivr.loading import load_flow


@dataclass
class Scenario:
    name: str
    lines: list[str]
    expect: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    at: str | None = None  # the scenario's own settings, or the file's
    responses: list[dict[str, Any]] | None = None
    language: str | None = None
    caller: str | None = None
    queue_wait: float | None = None


@dataclass
class Suite:
    path: Path
    flow: Flow
    scenarios: list[Scenario]
    responses: list[dict[str, Any]]
    at: str | None
    queue_wait: float


@dataclass
class Outcome:
    suite: Suite
    scenario: Scenario
    result: CallResult | None
    failures: list[str]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.failures


def load_suite(path: Path, flow: Flow | None = None) -> Suite:
    """A scenario file, checked whole before anything runs (:mod:`ivr.scenarios`): an unknown key, a wrong
    type, or a node, queue or slot the flow doesn't have is a :class:`~ivr.scenarios.ScenarioError`.
    ``flow``, when given, is tested instead of the file its ``flow:`` names (the designer's unsaved text)."""
    from ivr import scenarios as model
    from ivr.errors import FlowError

    try:
        src = load_source(_read_bytes(path), str(path))
    except FlowError as e:
        raise model.ScenarioError(e.diagnostics) from None
    doc = model.parse(src)
    base = path.parent
    flow = flow or load_flow(base / _relative(path, "'flow'", doc.flow))
    problems = model.check_names(src, doc, flow)
    for i, item in enumerate(doc.scenarios):
        if item.script is None and item.caller is None:
            problems.append(src.diag(("scenarios", i), "missing-field",
                                     f"scenario {i + 1} needs 'script' (a file) or 'caller' (a list of lines, like [press 1, say billing])"))
    if problems:
        raise model.ScenarioError(problems)
    responses = _responses(path, base, doc.responses, "'responses'")
    scenarios = []
    for i, item in enumerate(doc.scenarios, 1):
        lines = [str(x) for x in item.caller or []]
        source = ""
        if item.script is not None:
            file = base / _relative(path, f"scenario {i}: 'script'", item.script)
            lines = _read(file, f"{path}: scenario {i}: cannot read {str(file)!r}").splitlines() + lines
            source = str(file)
        own = _responses(path, base, item.responses, f"scenario {i}: 'responses'") if item.responses is not None else None
        expect = _expect(item.expect)
        name = str(item.name or Path(source).stem or f"scenario {i}")
        scenarios.append(Scenario(name, lines, expect, source, item.at or doc.at, own, item.language or doc.language,
                                  item.caller_number or doc.caller_number,
                                  item.queue_wait if item.queue_wait is not None else None))
    return Suite(path, flow, scenarios, responses, doc.at, doc.queue_wait)


def _expect(expect: Any) -> dict[str, Any]:
    """A scenario's checked ``expect`` block as the plain mapping :func:`check` reads."""
    if expect is None:
        return {}
    found: dict[str, Any] = expect.model_dump(exclude_none=True)
    for key in ("reaches", "hears"):
        if key in found and not isinstance(found[key], list):
            found[key] = [found[key]]
    return found


def _responses(path: Path, base: Path, name: str | None, what: str) -> list[dict[str, Any]]:
    if not name:
        return []
    file = base / _relative(path, what, name)
    return load_responses(_read(file, f"{path}: cannot read responses {str(file)!r}"), str(file))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror or e}") from None


def _relative(path: Path, what: str, value: Any) -> str:
    """A path a scenario file names (relative to it): text, without the NUL no file name can hold."""
    if not isinstance(value, str) or not value or "\0" in value:
        raise UsageError(f"{path}: {what} is a file name, relative to this file")
    return value


def _read(file: Path, error: str) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except OSError as e:
        raise UsageError(f"{error}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{error}: not UTF-8 text") from None


def find_suites(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob("*.tests.yaml"))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return found


def run_scenario(suite: Suite, scenario: Scenario) -> Outcome:
    started = time.perf_counter()
    responses = suite.responses if scenario.responses is None else scenario.responses
    runner = Runner(suite.flow, at=scenario.at or suite.at, http=canned_http(responses, None),
                    queue_wait=suite.queue_wait if scenario.queue_wait is None else scenario.queue_wait,
                    language=scenario.language, caller=scenario.caller or "+15555550100",
                    audio_dir=suite.path.parent)  # say-audio paths are relative to the scenario file, as to a script
    try:
        result = runner.run(parse_script("\n".join(scenario.lines)))
    except ScriptError as e:
        return Outcome(suite, scenario, None, [str(e)], time.perf_counter() - started)
    failures = list(result.failures) + check(result, scenario.expect, suite.flow)
    return Outcome(suite, scenario, result, failures, time.perf_counter() - started)


def check(result: CallResult, expect: dict[str, Any], flow: Flow | None = None) -> list[str]:
    """The scenario file's end-of-call expectations."""
    failures = []
    if "outcome" in expect and result.outcome != expect["outcome"]:
        failures.append(f"expected outcome {expect['outcome']}, got {result.outcome}")
    for node in expect.get("reaches", []):
        if node not in result.path:
            failures.append(f"expected to reach {node!r}; path was {' -> '.join(result.path)}")
    heard = " ".join(result.said_by_ivr()).lower()
    for text in expect.get("hears", []):
        if str(text).lower() not in heard:
            failures.append(f"expected to hear {text!r}")
    for name, value in (expect.get("slots") or {}).items():
        if str(result.slots.get(name)) != str(value):
            failures.append(f"expected slot {name} = {value!r}, got {result.slots.get(name)!r}")
    if "transfer" in expect:
        want = expect["transfer"] or {}
        got = result.transfer
        if got is None:
            failures.append("expected a transfer to a person, the call was not transferred")
        else:
            for key in ("queue", "number"):
                if key in want and got.get(key) != want[key]:
                    failures.append(f"expected transfer {key} {want[key]!r}, got {got.get(key)!r}")
            for key, value in want.items():
                if key not in ("queue", "number") and got["context"].get(key) != value:
                    failures.append(f"expected hand-over {key} {value!r}, got {got['context'].get(key)!r}")
    if "max_turns" in expect and result.state.turns > int(expect["max_turns"]):
        failures.append(f"expected at most {expect['max_turns']} turns, took {result.state.turns}")
    if "max_seconds" in expect and (took := call_seconds(result, flow)) > float(expect["max_seconds"]):
        failures.append(f"expected the call to end within {float(expect['max_seconds']):g} s, it took about {took:.0f} s")
    return failures


def call_seconds(result: CallResult, flow: Flow | None = None) -> float:
    """Call time as a caller lives it: prompts at 150 words a minute, 2 s per answer, a silence's full timeout."""
    seconds = 0.0
    for entry in result.transcript:
        if entry["who"] == "ivr":
            seconds += speech_seconds(entry["text"])
        elif entry["who"] == "caller" and entry.get("input") == "silence":
            node = flow.nodes.get(entry["node"]) if flow else None
            seconds += node.timeout if isinstance(node, Listening) else 5.0
        elif entry["who"] == "caller" and entry.get("input") in ("speech", "dtmf"):
            seconds += ANSWER_SECONDS
    return seconds


@dataclass
class Coverage:
    """What the scenarios exercised in one flow, and what they never did."""

    flow: Flow
    items: dict[str, set[str]]  # kind -> every item
    covered: dict[str, set[str]]

    def percent(self, kind: str) -> float:
        total = len(self.items[kind])
        return 100.0 if not total else 100.0 * len(self.covered[kind] & self.items[kind]) / total

    def missing(self, kind: str) -> list[str]:
        return sorted(self.items[kind] - self.covered[kind])


def coverage(flow: Flow, results: Iterable[CallResult]) -> Coverage:
    items: dict[str, set[str]] = {"states": set(), "edges": set(), "human escapes": set(), "retries": set()}
    for nid, node in flow.nodes.items():
        if nid in BUILTIN:
            continue
        items["states"].add(nid)
        for target, kind in node.edges():
            if kind == "human":
                items["human escapes"].add(nid)
            else:
                items["edges"].add(f"{nid} -> {target}")
        if isinstance(node, Listening):
            for n in range(1, node.retries + 2):
                items["retries"] |= {f"{nid} no-input #{n}", f"{nid} no-match #{n}"}
    covered: dict[str, set[str]] = {k: set() for k in items}
    for result in results:
        path = result.path
        covered["states"] |= set(path)
        for a, b in zip(path, path[1:], strict=False):
            covered["edges"].add(f"{a} -> {b}")
            here = flow.nodes.get(a)
            if isinstance(here, Listening) and b == here.human_target and any(
                    s.get("node") == a and s.get("meaning") == "human" for s in result.state.said):
                covered["human escapes"].add(a)
        failures = [(said["node"], "no-match") for said in result.state.said  # one entry per answer, in order
                    if said.get("meaning") in (None, "invalid")]
        failures += [(entry["node"], "no-input") for entry in result.transcript
                     if entry["who"] == "caller" and entry.get("input") == "silence"]
        counts: dict[tuple[str, str], int] = {}
        for key in failures:
            if isinstance(flow.nodes.get(key[0]), Listening):
                counts[key] = counts.get(key, 0) + 1
                covered["retries"].add(f"{key[0]} {key[1]} #{counts[key]}")
    return Coverage(flow, items, covered)


def junit(outcomes: list[Outcome], path: Path) -> None:
    """JUnit XML, as CI servers read it: one testsuite per scenario file."""
    root = ET.Element("testsuites", name="ivr", tests=str(len(outcomes)),
                      failures=str(sum(not o.ok for o in outcomes)))
    by_suite: dict[Path, list[Outcome]] = {}
    for o in outcomes:
        by_suite.setdefault(o.suite.path, []).append(o)
    for suite_path, items in by_suite.items():
        suite = ET.SubElement(root, "testsuite", name=_xml(str(suite_path)), tests=str(len(items)),
                              failures=str(sum(not o.ok for o in items)),
                              time=f"{sum(o.seconds for o in items):.3f}")
        for o in items:
            case = ET.SubElement(suite, "testcase", classname=_xml(o.suite.flow.name), name=_xml(o.scenario.name),
                                 time=f"{o.seconds:.3f}")
            if not o.ok:
                failure = ET.SubElement(case, "failure", message=_xml(o.failures[0]))
                failure.text = _xml("\n".join(o.failures) + "\n\n" + transcript_text(o))
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry: one control character from a script line or a name would leave the whole
    report unreadable to the CI server (ElementTree writes it as it is)."""
    return _NOT_XML.sub("\ufffd", text)


def transcript_text(o: Outcome) -> str:
    if o.result is None:
        return ""
    lines = [f"{t['who']:>6} [{t['node']}] {t['text']}" for t in o.result.transcript]
    return "\n".join(lines + [f"path: {' -> '.join(o.result.path)}"])


def run_paths(paths: Iterable[Path]) -> tuple[list[Outcome], dict[str, Coverage]]:
    outcomes: list[Outcome] = []
    results: dict[str, tuple[Flow, list[CallResult]]] = {}
    for file in find_suites(paths):
        suite = load_suite(file)
        for scenario in suite.scenarios:
            o = run_scenario(suite, scenario)
            outcomes.append(o)
            entry = results.setdefault(suite.flow.name, (suite.flow, []))
            if o.result is not None:
                entry[1].append(o.result)
    return outcomes, {name: coverage(flow, rs) for name, (flow, rs) in results.items()}
