"""Whatever happens on a call, the engine answers: ``step(flow, state, event)`` never raises for a flow that compiled.

The flows are the examples in flows/, the valid flow of tests/flow/test_never_traceback.py and random
mutations of it that still compile (the compiler's own fuzzing lives there). The events are what a
caller, the network and the phone system could send in any order: mostly what the call listens for
(its keys and phrases, so calls go deep), and anything else at any time. After every step the state
still round-trips through JSON, as the webhook store keeps it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from ivr.engine import effects as fx
from ivr.engine.events import (
    CallerHungUp,
    CallStarted,
    DigitsEntered,
    Event,
    HttpResult,
    NoInput,
    Recorded,
    SpeechRecognized,
    TransferResult,
)
from ivr.engine.state import CallState
from ivr.engine.step import start, step
from ivr.errors import FlowError
from ivr.flow import checks
from ivr.flow.compiler import compile_flow
from ivr.flow.machine import Collect, Flow
from ivr.loading import load_flow
from tests.flow.test_never_traceback import VALID, dump, mutated, read
from tests.fuzz.budget import fuzz, production_stack
from tests.fuzz.strategies import nested

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = {p.name: load_flow(p) for p in sorted((ROOT / "flows").glob("*.yaml"))}
FLOWS = {**EXAMPLES, "valid": compile_flow(VALID, "flow.yaml", read=read)}
KEYS = "0123456789*#"
WORDS = ["yes", "no", "agent", "representative", "operator", "balance", "one", "two", "twelve", "hundred", "point", "five",
         "sí", "네", "상담원", "stop", "help", "billing", "um", "", " ", "?", "-1", "1e9", "NaN"]

ISO = st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())
JSON = nested(st.none() | st.booleans() | st.integers(-(2**64), 2**64) | st.floats() | st.text(max_size=8), max_leaves=8)


def call_started(languages: tuple[str, ...]) -> st.SearchStrategy[CallStarted]:
    return st.builds(CallStarted, st.text(max_size=12), st.none() | st.text(max_size=16),
                     st.none() | ISO | st.text(max_size=25), st.none() | st.sampled_from(languages) | st.text(max_size=5))


def digits(keys: str = KEYS) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(keys), min_size=1, max_size=12).map("".join)


def any_event(languages: tuple[str, ...]) -> st.SearchStrategy[Event]:
    """Anything at any time, whether the call waits for it or not."""
    return st.one_of(
        st.builds(DigitsEntered, digits() | st.text(alphabet=KEYS + "abw ", max_size=8)),
        st.builds(SpeechRecognized, st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join) | st.text(max_size=20),
                  st.floats(0, 1) | st.floats(allow_nan=True),
                  st.lists(st.tuples(st.text(max_size=10), st.floats(0, 1)), max_size=2).map(tuple)),
        st.just(NoInput()),
        st.just(CallerHungUp()),
        st.builds(HttpResult, st.none() | st.integers(-1, 999), JSON, st.none() | st.text(max_size=10)),
        st.builds(TransferResult, st.sampled_from(["answered", "busy", "no-answer", "failed", "long-wait", "", "ringing"]),
                  st.none() | st.floats(allow_nan=True)),
        st.builds(Recorded, st.none() | st.text(max_size=12), st.floats(allow_nan=True)),
        call_started(languages),
    )


def answer(draw: st.DrawFn, flow: Flow, state: CallState, effects: list[fx.Effect]) -> Event:
    """What the call waits for, mostly: its keys and phrases, a value it collects, a good web answer."""
    listen = next((e for e in reversed(effects) if isinstance(e, fx.Listen)), None)
    node = flow.nodes.get(state.node)
    if state.awaiting == "input" and listen is not None:
        keys = [*listen.dtmf.keys, flow.human.dtmf]
        options: list[st.SearchStrategy[Event]] = [
            st.sampled_from(keys).map(DigitsEntered),
            st.just(NoInput()),
        ]
        if listen.phrases:
            options.append(st.sampled_from(listen.phrases).map(SpeechRecognized))
        if isinstance(node, Collect):
            finish = node.finish_key or ""
            options.append(digits("0123456789").map(lambda d: DigitsEntered(d + finish)))
            options.append(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join).map(SpeechRecognized))
        return draw(st.one_of(options))
    if state.awaiting == "http":
        body = draw(st.fixed_dictionaries({}, optional={k: JSON for k in ("balance", "data", "id", "eta", "status")}) | JSON)
        return HttpResult(draw(st.sampled_from([200, 201, 404, 500])), body)
    if state.awaiting == "transfer":
        return TransferResult(draw(st.sampled_from(["answered", "busy", "no-answer", "failed", "long-wait"])), 30.0)
    if state.awaiting == "record":
        return Recorded("sim://r.wav", 3.0)
    return NoInput()


def run_call(draw: st.DrawFn, flow: Flow) -> None:
    state, effects = start(flow, draw(call_started(flow.languages)))
    for _ in range(draw(st.integers(0, 30))):
        if state.ended and draw(st.booleans()):
            break
        ev = draw(any_event(flow.languages)) if draw(st.integers(0, 4)) == 0 else answer(draw, flow, state, effects)
        state, effects = step(flow, state, ev)
        stored = state.to_json()
        assert CallState.from_json(stored).to_json() == stored
        assert all(isinstance(e, fx.Effect) for e in effects)
    event(f"outcome: {state.outcome}")


@fuzz(400)
@given(st.sampled_from(sorted(FLOWS)), st.data())
@production_stack
def test_any_events_on_the_example_flows(name: str, data: st.DataObject) -> None:
    run_call(data.draw, FLOWS[name])


@fuzz(300)
@given(mutated(), st.data())
@production_stack
def test_any_events_on_mutated_flows(flow_data: Any, data: st.DataObject) -> None:
    try:
        flow = compile_flow(dump(flow_data), "flow.yaml", read=read)
    except FlowError:
        event("mutation refused by the compiler")
        return
    event("mutation compiled")
    run_call(data.draw, flow)


NUMBER_FLOW = compile_flow("nodes:\n  amount: {type: collect, kind: number, prompt: 'How much?', next: done}\n"
                           "  done: {type: hangup}\n", "number.yaml")


@fuzz(50)
@given(st.one_of(st.text(alphabet="²³¹٣۴߂०১੨૩୪௫౬೭൮๙໑༢၃႔០᠑", min_size=1, max_size=5),
                 st.integers(4301, 6000).map(lambda n: "9" * n)))
@production_stack
def test_hostile_digits_at_a_number_collect(keys: str) -> None:
    state, _ = start(NUMBER_FLOW)
    state, _ = step(NUMBER_FLOW, state, DigitsEntered(keys))
    assert state.node in ("amount", "_human", "done")


@fuzz(3)
@given(st.integers(1_000, 1_200), st.sampled_from(["say", "menu"]))
@production_stack
def test_long_chains_compile_check_and_run(length: int, kind: str) -> None:
    def node(i: int) -> str:
        nxt = f"n{i + 1}" if i + 1 < length else "bye"
        if kind == "say":
            return f"  n{i}: {{type: say, prompt: Step {i}., next: {nxt}}}\n"
        return f"  n{i}: {{type: menu, prompt: Press 1., options: [{{dtmf: '1', next: {nxt}}}]}}\n"

    text = "nodes:\n" + "".join(node(i) for i in range(length)) + "  bye: {type: hangup}\n"
    flow = compile_flow(text, "long.yaml")
    checks.check(flow)
    checks.human_reach(flow)
    state, _ = start(flow)
    for _ in range(5):
        state, _ = step(flow, state, DigitsEntered("1"))
