"""Every example flow: compiles clean, passes its QA scripts, and lets callers reach a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.channels.sim import Runner, canned_http, load_responses, parse_script
from ivr.engine import CallState, DigitsEntered, HttpResult, SpeechRecognized, step
from ivr.engine import effects as fx
from ivr.flow.checks import Options, check
from ivr.flow.machine import BUILTIN, Flow, Listening
from ivr.loading import audio_exists, load_flow
from tests.conftest import script_flow

ROOT = Path(__file__).parent.parent
FLOWS = sorted(ROOT.glob("flows/*.yaml"))
SCRIPTS = sorted(ROOT.glob("flows/scripts/*.txt"))


def test_there_are_example_flows() -> None:
    assert {p.name for p in FLOWS} >= {"bank.yaml", "telecom.yaml", "multilingual.yaml"}


@pytest.mark.parametrize("path", FLOWS, ids=lambda p: p.name)
def test_flow_checks_clean(path: Path) -> None:
    flow = load_flow(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    errors = [d.format() for d in check(flow, Options(audio_exists=audio_exists)) if d.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("path", FLOWS, ids=lambda p: p.name)
def test_every_flow_has_qa_scripts(path: Path) -> None:
    assert any(s.name.startswith(path.stem + "-") for s in SCRIPTS)


def escape_reaches_a_person(flow: Flow, node: str, language: str, event: object) -> list[fx.Effect]:
    """From a caller waiting at ``node``, send ``event`` and follow the flow to a transfer."""
    state = CallState(node=node, language=language, awaiting="input", path=[node], started_at="2026-11-24T10:30:00-05:00")
    state, effects = step(flow, state, event)  # type: ignore[arg-type]
    every = list(effects)
    for _ in range(10):  # a retargeted human edge may pass through a say or an hours check first
        if any(isinstance(e, fx.Transfer) for e in effects) or state.ended:
            break
        if state.awaiting == "http":
            state, effects = step(flow, state, HttpResult(error="offline"))
            every += effects
        else:
            break
    return every


def listening_states(flow: Flow) -> list[str]:
    return [nid for nid, n in flow.nodes.items() if isinstance(n, Listening) and nid not in BUILTIN]


@pytest.mark.parametrize("path", FLOWS, ids=lambda p: p.name)
def test_human_escape_from_every_listening_state_in_every_language(path: Path) -> None:
    flow = load_flow(path)
    states = listening_states(flow)
    assert states
    for node in states:
        for language in flow.languages:
            for event in (DigitsEntered(flow.human.dtmf), SpeechRecognized(flow.human.phrases[language][0]),
                          SpeechRecognized("representative")):
                effects = escape_reaches_a_person(flow, node, language, event)
                transfers = [e for e in effects if isinstance(e, fx.Transfer)]
                assert transfers, f"{node} ({language}): {event} did not reach a person"
                assert transfers[0].context["reason"] == "caller-asked"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_qa_script_passes(script: Path) -> None:
    flow_name = script_flow(script)
    flow = load_flow(ROOT / "flows" / f"{flow_name}.yaml")
    responses = ROOT / "flows" / "responses" / f"{flow_name}.yaml"
    http = canned_http(load_responses(responses.read_text(), str(responses)), None) if responses.exists() else None
    result = Runner(flow, at="2026-11-24T10:30:00-05:00", http=http).run(parse_script(script.read_text()))
    assert result.failures == [], "\n".join(t["who"] + ": " + t["text"] for t in result.transcript)
