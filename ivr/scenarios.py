"""The scenario file format (``*.tests.yaml``), as a typed model checked before anything runs.

A QA suite that goes green on a typo is worse than none: every key of a scenario file is known, every
value has its type, and every node, queue or slot an expectation names exists in the flow. Problems
are reported like the compiler's, at ``file:line:col`` with a did-you-mean, and ``ivr test`` exits 2
before running a scenario. The same model gives editors a JSON Schema (``ivr schema --kind scenarios``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ivr.errors import Diagnostic, FlowError, did_you_mean
from ivr.flow.machine import BUILTIN, Flow, Transfer
from ivr.flow.source import Source

OUTCOMES = ("transferred", "completed", "hangup")
REASONS = ("flow", "caller-asked", "no-input", "no-match", "max-turns", "loop", "dead-end", "system-error")
"""Why a person took over, as the hand-over context says it."""

_STRICT = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]


def _iso_time(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'at' is an ISO time, like 2026-11-24T10:30:00-05:00, not {value!r}") from None
    return value


class TransferExpect(BaseModel):
    """Where the call was handed over, and what the person taking it was told."""

    model_config = _STRICT
    queue: str | None = Field(None, description="The queue the call was put in.")
    number: str | None = Field(None, description="The number the call was dialled to.")
    reason: str | None = Field(None, description="Why a person took over: " + ", ".join(REASONS) + ".")
    language: str | None = Field(None, description="The caller's language in the hand-over context.")
    caller: str | None = Field(None, description="The caller's number in the hand-over context.")
    slots: dict[str, Any] | None = Field(None, description="The hand-over context's slots, all of them.")
    said: list[Any] | None = Field(None, description="What the caller said and entered, as the person sees it.")
    path: list[str] | None = Field(None, description="The states the call went through.")


class Expect(BaseModel):
    """Checks at the end of the call."""

    model_config = _STRICT
    outcome: Literal["transferred", "completed", "hangup"] | None = Field(None, description="How the call ended.")
    reaches: list[str] | str | None = Field(None, description="States the call must pass through.")
    hears: list[str | int | float] | str | None = Field(None, description="Text the caller must hear (case-insensitive, part of a prompt).")
    slots: dict[str, Any] | None = Field(None, description="Slot values at the end of the call.")
    transfer: TransferExpect | None = Field(None, description="The hand-over: queue or number, and its context.")
    max_turns: Annotated[int, Field(ge=0)] | None = Field(None, description="At most this many caller turns.")
    max_seconds: Seconds | None = Field(None, description="The call ends within this many seconds, as a caller lives it.")


class ScenarioDoc(BaseModel):
    """One call: caller lines (inline or a script file), optional settings of its own, and expectations."""

    model_config = _STRICT
    name: str | None = Field(None, description="Shown in reports; defaults to the script's name.")
    script: str | None = Field(None, description="A simulator script, relative to this file.")
    caller: list[str | int | float] | None = Field(None, description="Caller lines (press 1, say billing, silence, ...), after the script's.")
    expect: Expect | None = None
    at: str | None = Field(None, description="The clock for this call (business hours), overriding the file's.")
    responses: str | None = Field(None, description="Canned web answers for this call, overriding the file's.")
    language: str | None = Field(None, description="The language the call starts in.")
    caller_number: str | None = Field(None, description="The caller's number (caller ID), like +15555550100.")
    queue_wait: Seconds | None = Field(None, description="Seconds this caller would wait in a queue.")

    @field_validator("at")
    @classmethod
    def _at(cls, value: str | None) -> str | None:
        return _iso_time(value)


class _CallsOf(BaseModel):
    """What scenario and population files share: the flow, its canned web answers, the clock, the queue."""

    model_config = _STRICT
    flow: str = Field(description="The flow file, relative to this file.")
    responses: str | None = Field(None, description="Canned answers for the flow's web requests, relative to this file.")
    at: str | None = Field(None, description="The clock for every call (business hours), like 2026-11-24T10:30:00-05:00.")
    queue_wait: Seconds = Field(60.0, description="Seconds callers would wait in queues.")

    @field_validator("at")
    @classmethod
    def _at(cls, value: str | None) -> str | None:
        return _iso_time(value)


class ScenarioFile(_CallsOf):
    """A scenario file: the flow under test, shared settings, and its scenarios."""

    language: str | None = Field(None, description="The language every call starts in.")
    caller_number: str | None = Field(None, description="The callers' number (caller ID).")
    scenarios: list[ScenarioDoc] = Field(description="The calls to run.")


class ScenarioError(FlowError):
    """A scenario (or population) file that would check something other than what its author wrote: exit 2, nothing runs."""

    exit_code = 2

    def __init__(self, diagnostics: list[Diagnostic], kind: str = "scenario file") -> None:
        super().__init__(diagnostics)
        self.kind = kind


def json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files, for editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **ScenarioFile.model_json_schema(by_alias=True)}


def _names(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


_MODELS: dict[str, type[BaseModel]] = {"": ScenarioFile, "scenarios": ScenarioDoc, "expect": Expect, "transfer": TransferExpect}


def _model_at(path: tuple[str | int, ...], root: type[BaseModel]) -> type[BaseModel]:
    """The model of the mapping at ``path`` (for the names a did-you-mean offers)."""
    names = [p for p in path if isinstance(p, str)]
    return _MODELS.get(names[-1], root) if names else root


def parse(src: Source) -> ScenarioFile:
    """The scenario file's model, or :class:`ScenarioError` with every problem at its place."""
    if not isinstance(src.data, dict):
        raise ScenarioError([src.diag((), "not-a-mapping", "a scenario file is a mapping with 'flow' and 'scenarios'")])
    try:
        return ScenarioFile.model_validate(src.data)
    except ValidationError as e:
        raise ScenarioError(_diagnostics(src, e.errors())) from None


_MOVED = {
    "queue": "a queue is checked under transfer, like transfer: {queue: billing}",
    "number": "a number is checked under transfer, like transfer: {number: '+15550100199'}",
    "reason": "the reason is checked under transfer, like transfer: {reason: caller-asked}",
    "node": "states are checked with reaches, like reaches: [billing]",
    "nodes": "states are checked with reaches, like reaches: [billing]",
    "path": "states are checked with reaches, like reaches: [billing]",
    "says": "prompts are checked with hears, like hears: [Goodbye]",
    "hear": "prompts are checked with hears, like hears: [Goodbye]",
}
"""Where a check someone reached for under ``expect`` lives."""

_TYPE_TAG = re.compile(r"str|int|float|bool|list\[.*\]|dict\[.*\]|literal\[.*\]|constrained-.*|function-.*")
"""The parts of pydantic's error locations that name a branch of a union, not a place in the file."""


def _diagnostics(src: Source, errors: list[Any], root: type[BaseModel] | None = None) -> list[Diagnostic]:
    out: dict[tuple[str | int, ...], Diagnostic] = {}
    for err in errors:
        path = tuple(p for p in err["loc"] if not (isinstance(p, str) and _TYPE_TAG.fullmatch(p)))
        if path in out:
            continue
        kind, value = err["type"], err.get("input")
        field = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
        if kind == "extra_forbidden":
            model = _model_at(path[:-1], root or ScenarioFile)
            names = _names(model)
            hint = did_you_mean(field, names) or (_MOVED.get(field) if model is Expect else None) or f"the fields here are: {', '.join(names)}"
            out[path] = src.diag(path, "unknown-field", f"unknown field {field!r}", hint=hint, key=True)
        elif kind == "missing":
            named = {"scenarios": "scenario", "callers": "caller"}.get(str(path[0]))
            where = ("population file" if root is PopulationFile else "scenario file") if len(path) == 1 else (
                f"{named} {path[1] + 1}" if named and len(path) == 3 and isinstance(path[1], int) else "this")
            out[path] = src.diag(path[:-1], "missing-field", f"{where} needs {field!r}", key=True)
        elif kind == "literal_error":
            expected = str((err.get("ctx") or {}).get("expected", ""))
            choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
            out[path] = src.diag(path, "invalid-value", f"{field!r} is one of {', '.join(choices)}, not {value!r}",
                                 hint=did_you_mean(str(value), choices))
        elif kind == "value_error":
            out[path] = src.diag(path, "invalid-value", str(err["msg"]).removeprefix("Value error, "))
        elif kind in ("int_type", "int_parsing", "int_from_float"):
            out[path] = src.diag(path, "invalid-value", f"{field!r} must be a whole number, not {value!r}")
        elif kind in ("float_type", "float_parsing", "finite_number"):
            out[path] = src.diag(path, "invalid-value", f"{field!r} must be a number of seconds, not {value!r}")
        elif kind in ("greater_than_equal",):
            out[path] = src.diag(path, "invalid-value", f"{field!r} must not be negative, not {value!r}")
        elif kind == "string_type":
            quote = "put it in quotes to keep it as text" if isinstance(value, (int, float, bool)) else None
            out[path] = src.diag(path, "invalid-value", f"{field!r} must be text, not {value!r}", hint=quote)
        elif kind == "list_type":
            out[path] = src.diag(path, "invalid-value", f"{field!r} must be a list, like {field}: [...]")
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            out[path] = src.diag(path, "invalid-value", f"{field!r} must be a mapping, like {field}: {{...}}")
        else:
            out[path] = src.diag(path, "invalid-value", f"{field!r}: {err['msg']}")
    return list(out.values())


def slot_names(flow: Flow) -> set[str]:
    """Every name a call on ``flow`` can set: collected answers, web results, assignments, option values."""
    from ivr.flow.checks import BUILTIN_NAMES, Options, _Checker

    checker = _Checker(flow, Options())
    names = set(BUILTIN_NAMES)
    for node in flow.nodes.values():
        for gens in checker.gens(node).values():
            names |= gens
    return names


def check_names(src: Source, doc: ScenarioFile, flow: Flow) -> list[Diagnostic]:
    """Expectations that name a node, queue or slot the flow doesn't have can never be what the author meant."""
    out: list[Diagnostic] = []
    nodes = [n for n in flow.nodes if n not in BUILTIN or n == "_human"]
    queues = sorted({n.queue for n in flow.nodes.values() if isinstance(n, Transfer) and n.queue})
    slots = slot_names(flow)
    for i, scenario in enumerate(doc.scenarios):
        expect = scenario.expect
        if expect is None:
            continue
        reaches = [expect.reaches] if isinstance(expect.reaches, str) else expect.reaches or []
        for j, node in enumerate(reaches):
            if node not in flow.nodes:
                path: tuple[str | int, ...] = ("scenarios", i, "expect", "reaches") + (() if isinstance(expect.reaches, str) else (j,))
                out.append(src.diag(path, "unknown-node", f"{flow.name} has no node {node!r}", hint=did_you_mean(node, nodes)))
        reason = expect.transfer.reason if expect.transfer is not None else None
        if reason is not None and reason not in REASONS:
            out.append(src.diag(("scenarios", i, "expect", "transfer", "reason"), "invalid-value",
                                f"'reason' is one of {', '.join(REASONS)}, not {reason!r}", hint=did_you_mean(reason, REASONS)))
        if expect.transfer is not None and expect.transfer.queue is not None and expect.transfer.queue not in queues:
            out.append(src.diag(("scenarios", i, "expect", "transfer", "queue"), "unknown-queue",
                                f"{flow.name} transfers to no queue {expect.transfer.queue!r}",
                                hint=did_you_mean(expect.transfer.queue, queues) or (f"its queues: {', '.join(queues)}" if queues else None)))
        for name in expect.slots or {}:
            if name not in slots:
                out.append(src.diag(("scenarios", i, "expect", "slots", name), "unknown-slot", f"{flow.name} sets no slot {name!r}",
                                    hint=did_you_mean(name, sorted(slots)), key=True))
    return out


# -- population files (``ivr simulate-many``) ----------------------------------------------------------------------------

Chance = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class Patience(BaseModel):
    """When a caller gives up."""

    model_config = _STRICT
    failures: Annotated[int, Field(ge=0)] = Field(3, description="Failed tries (no-input or no-match) before hanging up.")
    seconds: Seconds = Field(600.0, description="Seconds of call before hanging up.")


class AudioSettings(BaseModel):
    """Callers heard for real: synthetic speech, degraded like a phone line, through a recognizer."""

    model_config = _STRICT
    voice: str = Field("joe", description="joe (Piper) or espeak:LANG.")
    telephone: bool = Field(False, description="Degrade to the phone band (8 kHz mu-law, 300-3400 Hz).")
    snr: float | None = Field(None, allow_inf_nan=False, description="Noise this many dB below the speech.")
    variants: Annotated[int, Field(ge=1, le=10)] = Field(3, description="Recordings per phrase (paces).")
    asr: Literal["pocketsphinx", "vosk"] | None = Field(None, description="The recognizer; default: Vosk where it has a model.")
    model: str | None = Field(None, description="A Vosk model folder.")


class CallerKind(BaseModel):
    """One kind of caller: what they want, how many of them, and what they do."""

    model_config = _STRICT
    want: str | None = Field(None, description="What they call for (the report's rows).")
    share: Annotated[float, Field(ge=0, allow_inf_nan=False)] = Field(1.0, description="Their share of calls (shares are normalised).")
    steps: list[str | int | float] = Field(description="Script lines, like [say representative, press 1].")
    language: str | None = Field(None, description="The language they speak.")


class PopulationFile(_CallsOf):
    """Who calls: for ``ivr simulate-many``."""

    keypad: Chance = Field(0.0, description="The chance a caller presses keys instead of speaking.")
    misheard: Chance = Field(0.0, description="The chance an answer is misheard.")
    silence: Chance = Field(0.0, description="The chance a caller says nothing at a turn.")
    patience: Patience | None = None
    audio: AudioSettings | None = None
    callers: list[CallerKind] = Field(min_length=1, description="The kinds of callers.")


_MODELS.update({"callers": CallerKind, "patience": Patience, "audio": AudioSettings})


_POPULATION_SAYS = {
    "flow": "'flow' is a file name, relative to this file, like ../bank.yaml",
    "responses": "'responses' is a file name, relative to this file, like ../responses/bank.yaml",
    "at": "'at' is an ISO time, like 2026-11-24T10:30:00-05:00",
    "queue_wait": "'queue_wait' is a number of seconds of 0 or more, like 60",
    "keypad": "'keypad' is a chance between 0 and 1, like 0.3",
    "misheard": "'misheard' is a chance between 0 and 1, like 0.1",
    "silence": "'silence' is a chance between 0 and 1, like 0.05",
    "patience": "'patience' is a mapping, like patience: {failures: 3, seconds: 300}",
    "failures": "'failures' is a whole number of 0 or more, like 3",
    "seconds": "'seconds' is a number of seconds of 0 or more, like 300",
    "callers": "'callers' is a non-empty list of kinds of caller, like callers: [{want: a person, steps: [say representative]}]",
    "want": "'want' is text, like a person",
    "share": "'share' is a number of 0 or more, like 0.2 (shares are normalised)",
    "steps": "'steps' is a list of script lines, like [say representative, press 1]",
    "language": "'language' is a language code, like en",
    "audio": "'audio' is a mapping, like audio: {voice: joe, telephone: true}",
    "voice": "'voice' is joe or espeak:LANG",
    "telephone": "'telephone' is true or false",
    "snr": "'snr' is a number of dB, like 20",
    "variants": "'variants' is a whole number from 1 to 10",
    "model": "'model' is a Vosk model folder",
}
"""What each population setting is, said where a value of the wrong type or out of range is found."""


def parse_population(src: Source) -> PopulationFile:
    """The population file's model, or :class:`ScenarioError` with every problem at its place: unknown keys
    (with a did-you-mean), values of the wrong type and values out of range, before any caller is simulated."""
    if not isinstance(src.data, dict):
        raise ScenarioError([src.diag((), "not-a-mapping", "a population file is a mapping with 'flow' and 'callers'")],
                            "population file")
    try:
        return PopulationFile.model_validate(src.data)
    except ValidationError as e:
        found: dict[tuple[str | int, ...], Diagnostic] = {}
        rest = []
        for err in e.errors():
            path = tuple(p for p in err["loc"] if not (isinstance(p, str) and _TYPE_TAG.fullmatch(p)))
            field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
            if err["type"] in ("extra_forbidden", "missing", "literal_error") or field not in _POPULATION_SAYS:
                rest.append(err)
            elif path not in found:
                value = err.get("input")
                shown = "" if isinstance(value, (dict, list)) else f", not {value!r}"
                hint = "put it in quotes to keep it as text" if err["type"] == "string_type" and isinstance(value, (int, float, bool)) else None
                found[path] = src.diag(path, "invalid-value", _POPULATION_SAYS[field] + shown, hint=hint)
        problems = [*found.values(), *_diagnostics(src, rest, PopulationFile)]
        raise ScenarioError(sorted(problems, key=lambda d: (d.line, d.col)), "population file") from None


def population_schema() -> dict[str, Any]:
    """The JSON Schema of population files, for editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **PopulationFile.model_json_schema(by_alias=True)}
