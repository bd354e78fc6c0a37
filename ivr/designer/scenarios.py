"""From trying to testing: a Try-it call saved as a scenario in the flow's ``.tests.yaml``, the flow's
scenarios run (through :mod:`ivr.qa`, as ``ivr test`` runs them), and what they exercised.

The scenario file is ``tests/<flow>.tests.yaml`` beside the flow (as the example flows have theirs).
A saved call is appended to its ``scenarios:`` as text, so every comment and the file's formatting
stay; the result is read back through the strict scenario model before anything is written, and it is
written like a flow (confined to the designer's folder, refused if the file changed on disk since the
page read it). Every file a scenario file names (its flow, scripts, canned answers) must be inside the
designer's folder too, or nothing runs.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from ivr import qa
from ivr import scenarios as model
from ivr.designer.calls import TryCall
from ivr.designer.workspace import Conflict, Refused, Workspace
from ivr.errors import FlowError, IvrError
from ivr.flow.machine import BUILTIN, Flow
from ivr.flow.source import load_source

_KEY = re.compile(r"(?m)^scenarios[ \t]*:[ \t]*([^#\n]*?)[ \t]*(#[^\n]*)?$")
_ITEM = re.compile(r"(?m)^([ \t]*)-[ \t]")
_TOP = re.compile(r"[^\s#]")


def tests_file(flow_name: str) -> str:
    """The scenario file of the flow ``flow_name``: ``tests/<stem>.tests.yaml`` beside it."""
    flow = PurePosixPath(flow_name)
    return (flow.parent / "tests" / f"{flow.stem}.tests.yaml").as_posix().removeprefix("./")


def _relative(target: str, start: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(start) or ".")


def _inside(ws: Workspace, file: str, value: str, what: str) -> str:
    """The folder's name for a path a scenario file names (relative to it); Refused if it is outside."""
    if not value or "\0" in value or value.startswith(("/", "~")) or "\\" in value:
        raise Refused(403, f"{file}: {what} {value[:80]!r} is not a path inside the designer's folder")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(file), value))
    if joined == ".." or joined.startswith("../"):
        raise Refused(403, f"{file}: {what} {value[:80]!r} leads outside the designer's folder")
    ws.resolve(joined)
    return joined


def scenario_for(tc: TryCall, name: str, flow: Flow, responses: str | None) -> dict[str, Any]:
    """The scenario a Try-it call makes: its caller lines, its clock, language and canned answers,
    and where it got to (outcome, last state, queue or number, why a person took over) as expectations."""
    state = tc.call.state
    item: dict[str, Any] = {"name": name}
    if tc.at:
        item["at"] = tc.at
    if tc.language:
        item["language"] = tc.language
    if responses:
        item["responses"] = responses
    item["caller"] = list(tc.lines)
    expect: dict[str, Any] = {}
    if state.ended and state.outcome:
        expect["outcome"] = state.outcome
    last = [n for n in state.path if n not in BUILTIN or n == "_human"]
    if last:
        expect["reaches"] = [last[-1]]
    if state.outcome == "transferred" and state.transfer:
        transfer = {k: state.transfer[k] for k in ("queue", "number") if state.transfer.get(k)}
        reason = (state.transfer.get("context") or {}).get("reason")
        if reason:
            transfer["reason"] = reason
        if transfer:
            expect["transfer"] = transfer
    if expect:
        item["expect"] = expect
    return item


def _block(item: dict[str, Any], indent: str) -> str:
    text = yaml.safe_dump([item], sort_keys=False, allow_unicode=True, default_flow_style=None, width=10**6)
    return "".join(indent + line + "\n" for line in text.splitlines())


def appended(text: str, item: dict[str, Any]) -> str:
    """``text`` (a scenario file) with ``item`` added at the end of its ``scenarios:``, every other
    character as it was: a comment, a blank line, a quote style the designer chose stays."""
    if text and not text.endswith("\n"):
        text += "\n"
    m = _KEY.search(text)
    if m is None:
        return text + "scenarios:\n" + _block(item, "  ")
    rest = m.group(1)
    if rest not in ("", "[]"):
        raise Refused(422, "the file's 'scenarios:' is written on one line ([...]); write it as a list of '- name: ...' items to add to it")
    start = m.end() + 1 if m.end() < len(text) else len(text)
    head = text[:m.start(1)].rstrip(" \t") + (" " + m.group(2) if m.group(2) else "") + "\n" if rest == "[]" else text[:start]
    body = text[start:]
    lines = body.splitlines(keepends=True)
    end = 0  # the lines of the list: up to the next top-level key, less the blank lines and comments before it
    for i, line in enumerate(lines):
        if line[:1] not in (" ", "\t", "#", "\n", "\r", "-") and _TOP.match(line):
            break
        if line.strip() and not line.startswith("#"):
            end = i + 1
    found = _ITEM.search("".join(lines[:end]))
    indent = found.group(1) if found else "  "
    return head + "".join(lines[:end]) + _block(item, indent) + "".join(lines[end:])


def _header(ws: Workspace, file: str, flow_name: str, responses: str | None) -> str:
    schema = _relative((ws.root.parent / "schema" / "scenarios.schema.json").as_posix(), (ws.root / file).as_posix())
    lines = [f"# yaml-language-server: $schema={schema}",
             f"# QA scenarios for {PurePosixPath(flow_name).name}: run with 'ivr test' (add --coverage, --junit FILE).",
             f"flow: {_relative(flow_name, file)}"]
    if responses:
        lines.append(f"responses: {_relative(responses, file)}")
    return "\n".join(lines) + "\nscenarios:\n"


def save_call(ws: Workspace, flow_name: str, flow: Flow, tc: TryCall, name: str, base: str | None,
              responses: str | None) -> tuple[str, str | Conflict, dict[str, Any]]:
    """Append the call ``tc`` as scenario ``name`` to the flow's scenario file (made if missing, ``base``
    None then). Returns the file, its new version (or the Conflict) and the scenario as written."""
    file = tests_file(flow_name)
    path = ws.resolve(file)
    if base is None and path.exists():
        _, now = ws.read(file)
        return file, Conflict(f"{file} already exists; reload its scenarios and save again", now), {}
    if base is not None and not path.is_file():
        return file, Conflict(f"{file} was removed since the page read it; reload its scenarios and save again", ""), {}
    old = ws.read(file)[0] if base is not None else _header(ws, file, flow_name, responses)
    own = None
    if responses:
        file_responses = _file_setting(old, "responses")
        if file_responses is None or posixpath.normpath(posixpath.join(posixpath.dirname(file), file_responses)) != responses:
            own = _relative(responses, file)
    item = scenario_for(tc, name, flow, own)
    new = appended(old, item)
    before = _parsed(new if base is None else old, file, flow)
    after = _parsed(new, file, flow)
    added = after.scenarios[-1].model_dump(exclude_none=True)
    if len(after.scenarios) != len(before.scenarios) + (base is not None) or added != model.ScenarioDoc.model_validate(item).model_dump(exclude_none=True):
        raise Refused(422, f"{file} could not be added to as text without changing its other scenarios; add the scenario by hand")
    return file, ws.save(file, new, base), item


def _file_setting(text: str, key: str) -> str | None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _parsed(text: str, file: str, flow: Flow) -> model.ScenarioFile:
    """The scenario file's strict model, its names checked against ``flow``; Refused(422) with the first problem."""
    try:
        src = load_source(text.encode("utf-8"), file)
        doc = model.parse(src)
        problems = model.check_names(src, doc, flow)
    except FlowError as e:
        problems = list(e.diagnostics)
    if problems:
        first = problems[0]
        raise Refused(422, f"{file}:{first.line}:{first.col}: {first.message}" + (f" ({first.hint})" if first.hint else ""))
    return doc


def run(ws: Workspace, flow_name: str, flow: Flow) -> dict[str, Any]:
    """Every scenario of the flow's scenario file, run on ``flow`` (the editor's text) as ``ivr test``
    runs them: pass or fail with the messages, and the coverage of states, edges, escapes and retries."""
    file = tests_file(flow_name)
    path = ws.resolve(file)
    if not path.is_file():
        return {"file": file, "version": None, "scenarios": [], "coverage": None, "error": None}
    text, ver = ws.read(file)
    found: dict[str, Any] = {"file": file, "version": ver, "scenarios": [], "coverage": None, "error": None}
    try:
        src = load_source(text.encode("utf-8"), file)
        doc = model.parse(src)
        if _inside(ws, file, doc.flow, "'flow'") != ws.name_of(ws.resolve(flow_name)):
            raise Refused(422, f"{file} tests {doc.flow}, not {flow_name}")
        for what, value in [("'responses'", doc.responses)] + [(f"scenario {i}: {k!r}", v) for i, s in enumerate(doc.scenarios, 1)
                                                               for k, v in (("script", s.script), ("responses", s.responses))]:
            if value is not None:
                _inside(ws, file, value, what)
        suite = qa.load_suite(path, flow=flow)
    except FlowError as e:
        found["error"] = "; ".join(f"{file}:{d.line}:{d.col}: {d.message}" for d in e.diagnostics[:3])
        return found
    except Refused as e:
        found["error"] = e.message
        return found
    except IvrError as e:
        found["error"] = str(e).splitlines()[0]
        return found
    results = []
    for scenario in suite.scenarios:
        outcome = qa.run_scenario(suite, scenario)
        if outcome.result is not None:
            results.append(outcome.result)
        found["scenarios"].append({"name": scenario.name, "ok": outcome.ok, "failures": outcome.failures,
                                   "outcome": outcome.result.outcome if outcome.result else None,
                                   "path": outcome.result.path if outcome.result else [],
                                   "ms": round(outcome.seconds * 1000, 1)})
    cov = qa.coverage(flow, results)
    found["coverage"] = {kind: {"percent": round(cov.percent(kind), 1), "covered": len(cov.items[kind] & cov.covered[kind]),
                                "total": len(cov.items[kind]), "missing": cov.missing(kind)} for kind in cov.items}
    return found
