"""Bulk simulation: thousands of modelled callers through a flow, with the numbers a manager asks for.

A population file describes who calls::

    flow: ../bank.yaml
    responses: ../responses/bank.yaml   # canned answers for the flow's web requests
    at: 2026-11-24T10:30:00-05:00       # when they call
    queue_wait: 90                      # seconds in queues
    callers:
      - want: balance                   # what this kind of caller wants
        share: 0.5                      # how often (shares are normalised)
        steps: [say check my balance, press 12345678#, press 1234#, press 2]
      - want: a person
        share: 0.2
        steps: [say representative]
        language: en                    # the language the caller starts in (default: the flow's first)
    keypad: 0.3          # chance a caller presses the option's key instead of speaking (where one exists)
    misheard: 0.1        # chance a spoken answer is not understood
    silence: 0.05        # chance a caller says nothing at a turn
    patience: {failures: 3, seconds: 300}   # hang up after that many failures or seconds
    audio:               # optional: speak callers' words and recognize them for real ('misheard' is then unused)
      voice: joe         # Piper's joe, or espeak:LANG
      telephone: true    # the phone band: 8 kHz µ-law, 300-3400 Hz, heard with the phone-line model
      snr: 20            # noise this many dB below the speech
      variants: 3        # recordings per phrase: speaking paces 0.85-1.15x, each with its own noise
      asr: pocketsphinx  # or vosk (default: Vosk where it has a model for the language)

With ``audio``, each distinct recording is recognized once per process with the state's grammar
(the recognizer gives the same answer for the same audio), so thousands of callers cost only as
many recognitions as there are phrases, states and variants.

Callers are drawn from a seeded generator per caller, so the same seed gives the same numbers on
any number of cores. Call time counts prompts at 150 words a minute, 2 s per caller answer and
the full timeout for silence.
"""

from __future__ import annotations

import math
import random
import statistics
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivr.channels.sim import canned_http, heard_event, load_responses
from ivr.engine import effects as fx
from ivr.engine.events import (
    CallerHungUp,
    CallStarted,
    DigitsEntered,
    Event,
    NoInput,
    Recorded,
    SpeechRecognized,
    TransferResult,
)
from ivr.engine.matching import match
from ivr.engine.state import CallState
from ivr.engine.step import step
from ivr.errors import FlowError, UsageError
from ivr.flow.machine import Collect, Flow, Hangup, Listening, Menu
from ivr.flow.source import load_source
from ivr.flow.text import ANSWER_SECONDS, YES_NO, speech_seconds
from ivr.layout import edge_counts
from ivr.loading import load_flow
from ivr.scenarios import Patience

REASONS = {"flow": "the menu sent them", "caller-asked": "asked for a person", "no-input": "said nothing",
           "no-match": "were not understood", "max-turns": "too many turns", "system-error": "a system was down",
           "dead-end": "the flow had a dead end", "loop": "the flow looped"}
OUTCOMES = {"contained": "served by the IVR", "transferred": "put through to a person", "abandoned": "hung up"}
MISHEARD = "mmm sorry what"


@dataclass
class Population:
    flow_path: Path
    callers: list[dict[str, Any]]
    responses: list[dict[str, Any]]
    at: str | None
    queue_wait: float
    keypad: float
    misheard: float
    silence: float
    max_failures: int
    max_seconds: float
    audio: Audio | None = None
    cooperative: bool = False  # after their steps, callers answer what the flow asks (derived populations)


@dataclass(frozen=True)
class Audio:
    """Callers heard for real: synthetic speech, degraded like a phone line, through a recognizer."""

    voice: str = "joe"
    telephone: bool = False
    snr: float | None = None
    variants: int = 3
    asr: str | None = None
    model: str | None = None

    def describe(self) -> str:
        parts = [f"voice {self.voice}", "telephone" if self.telephone else "wideband"]
        if self.snr is not None:
            parts.append(f"signal-to-noise {self.snr:g} dB")
        return f"heard by {self.asr or 'the default recognizer'} ({', '.join(parts)}, {self.variants} recordings per phrase)"


@dataclass
class CallStats:
    want: str
    outcome: str  # contained | transferred | abandoned
    reason: str | None
    seconds: float
    to_human: float | None
    turns: int
    last_node: str
    looped: bool
    visited: tuple[str, ...] = ()  # the nodes the call passed, each once, in order (the designer's overlay)
    edges: tuple[str, ...] = ()  # the steps it took, "a -> b", each once (the overlay's arrows)


def load_population(path: Path) -> Population:
    """A population file, checked before any caller is simulated: an unknown key, a value of the wrong type or
    out of range, a file that can't be read is an error at its ``file:line:col`` (:class:`ScenarioError`, exit 2)."""
    from ivr.scenarios import ScenarioError, parse_population

    try:
        src = load_source(path.read_bytes(), str(path))
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror or e}") from None
    except FlowError as e:  # YAML the loader refuses (a duplicate key, a syntax error): this file's problem, exit 2
        raise ScenarioError(e.diagnostics, "population file") from None
    doc = parse_population(src)
    problems = []
    for key in ("flow", "responses"):
        name = getattr(doc, key)
        if name is not None and (not name or "\0" in name):
            problems.append(src.diag((key,), "invalid-value", f"'{key}' is a file name, relative to this file"))
    if not sum(c.share for c in doc.callers) > 0:
        problems.append(src.diag(("callers",), "invalid-value", "the callers' shares add up to 0; give at least one of them a share above 0"))
    responses: list[dict[str, Any]] = []
    if doc.responses and not problems:
        file = path.parent / doc.responses
        try:
            responses = load_responses(file.read_text(encoding="utf-8"), str(file))
        except (OSError, UnicodeDecodeError) as e:
            why = "not UTF-8 text" if isinstance(e, UnicodeDecodeError) else e.strerror or str(e)
            problems.append(src.diag(("responses",), "unreadable-file", f"cannot read responses {str(file)!r}: {why}"))
    if problems:
        raise ScenarioError(problems, "population file")
    patience = doc.patience or Patience()
    audio = None if doc.audio is None else Audio(doc.audio.voice, doc.audio.telephone, doc.audio.snr, doc.audio.variants, doc.audio.asr,
                                                 doc.audio.model)
    return Population(path.parent / doc.flow, [c.model_dump(exclude_none=True) for c in doc.callers], responses, doc.at, doc.queue_wait,
                      doc.keypad, doc.misheard, doc.silence, patience.failures, patience.seconds, audio)


DERIVED_KEYPAD, DERIVED_MISHEARD, DERIVED_SILENCE, DERIVED_HUMAN = 0.3, 0.05, 0.05, 0.1
"""A population derived from a flow: 30% of callers press keys, 5% of answers misheard, 5% of turns silent, 10% ask for a person."""


def derived_population(flow_path: Path) -> tuple[Population, str]:
    """The callers a flow alone implies, for ``ivr simulate-many FLOW``: one kind of caller per option of the
    first menu (saying its first phrase, or pressing its key), sharing 90% of calls, and 10% asking for a
    person; 30% use the keypad, 5% of answers are misheard, 5% of turns silent; a caller hangs up after 3
    failed tries or 300 s. After their choice callers cooperate (:func:`_cooperative`): they give what is
    asked for (digits of the longest length a collect takes, a number in its range), say yes to confirmations
    and yes/no questions, and at a later menu take the option that ends the call.
    Web answers come from ``responses/<flow name>.yaml`` beside the flow's folder when there is one.
    Returns the population and a sentence saying what it is."""
    from ivr.flow.machine import BUILTIN

    flow = load_flow(flow_path)
    seen, queue, menu = set(), [flow.start], None
    while queue and menu is None:
        nid = queue.pop(0)
        if nid in seen or nid not in flow.nodes:
            continue
        seen.add(nid)
        node = flow.nodes[nid]
        if isinstance(node, Menu) and nid not in BUILTIN:
            menu = node
        queue += [target for target, _ in node.edges() if target]
    if menu is None:
        raise UsageError(f"{flow_path}: the flow has no menu for callers to choose from; describe them in a population file "
                         "(--population FILE)")
    lang = flow.language
    callers: list[dict[str, Any]] = []
    for choice in menu.choices:
        phrases = choice.phrases.get(lang) or choice.phrases.get("*") or ()
        key = choice.dtmf[0] if choice.dtmf else menu.other_key(flow.human.dtmf) if choice.other else None
        step = f"say {phrases[0]}" if phrases else f"press {key}" if key else None
        if step is not None:
            callers.append({"want": choice.label.get(lang, lang), "steps": [step]})
    for c in callers:
        c["share"] = (1 - DERIVED_HUMAN) / len(callers)
    human = (flow.human.phrases.get(lang) or ("representative",))[0]
    callers.append({"want": "a person", "share": DERIVED_HUMAN if callers else 1.0, "steps": [f"say {human}"]})
    responses: list[dict[str, Any]] = []
    canned = flow_path.parent / "responses" / f"{flow_path.stem}.yaml"
    if canned.is_file():
        responses = load_responses(canned.read_text(encoding="utf-8"), str(canned))
    described = (f"derived from {flow_path.name}: {len(callers) - 1} options of menu '{menu.id}' ({(1 - DERIVED_HUMAN):.0%} of calls, "
                 f"each caller saying its first phrase) and {DERIVED_HUMAN:.0%} asking for a person; {DERIVED_KEYPAD:.0%} on the keypad, "
                 f"{DERIVED_MISHEARD:.0%} misheard, {DERIVED_SILENCE:.0%} silent turns; patience 3 tries or 300 s; then they answer "
                 "what is asked (valid digits and numbers, yes to confirmations) and finish at the next menu"
                 + (f"; web answers from responses/{canned.name}" if responses else "; no canned web answers"))
    return Population(flow_path, callers, responses, None, 60.0, DERIVED_KEYPAD, DERIVED_MISHEARD, DERIVED_SILENCE, 3, 300.0,
                      cooperative=True), described


class Ears:
    """One process's recognizer and caller voices, and what each recording was heard as."""

    def __init__(self, config: Audio) -> None:
        from ivr.speech import recognizer
        from ivr.speech.voice import CallerVoice

        self.config = config
        self.asr = recognizer(config.asr, config.model, phone=config.telephone)
        paces = [1.0] if config.variants == 1 else [0.85 + 0.3 * k / (config.variants - 1) for k in range(config.variants)]
        voice = CallerVoice(config.voice)
        self.voices = [voice.paced(pace) for pace in paces]
        self.heard: dict[tuple[fx.Listen, str, int], Event] = {}

    def hear(self, listen: fx.Listen, text: str, variant: int) -> Event:
        key = (listen, text, variant)
        if key not in self.heard:
            from ivr.speech import audio

            pcm = self.voices[variant].speak(text)
            if self.config.telephone:
                pcm = audio.telephone(pcm)
            if self.config.snr is not None:
                pcm = audio.add_noise(pcm, self.config.snr, seed=zlib.crc32(f"{text}:{variant}".encode()))
            result = self.asr.recognize(listen, audio.frames(audio.pad(pcm)))
            self.heard[key] = heard_event(result)[0]
        return self.heard[key]


_EARS: dict[Audio, Ears] = {}


def ears(config: Audio) -> Ears:
    if config not in _EARS:
        _EARS[config] = Ears(config)
    return _EARS[config]


def simulate_caller(flow: Flow, pop: Population, index: int, seed: int) -> CallStats:
    rng = random.Random(f"{seed}:{index}")
    weights = [float(c.get("share", 1)) for c in pop.callers]
    kind = rng.choices(pop.callers, weights)[0]
    steps = [str(s) for s in kind["steps"]]
    http = canned_http(pop.responses, None)
    language = kind.get("language")
    state, effects = step(flow, CallState(), CallStarted(f"bulk-{index}", "+15550000000", pop.at,
                                                        str(language) if language else None))
    seconds, to_human, failures = 0.0, None, 0

    def hear(effs: list[fx.Effect]) -> None:
        nonlocal seconds, to_human
        for e in effs:
            if isinstance(e, (fx.Say, fx.Play)):
                seconds += speech_seconds(e.text)
            elif isinstance(e, fx.Transfer) and to_human is None:
                to_human = seconds

    hear(effects)
    for _ in range(200):
        if state.ended:
            break
        event: Event
        if state.awaiting == "http":
            request = next(e for e in reversed(effects) if isinstance(e, fx.HttpRequest))
            event = http(request)
        elif state.awaiting == "transfer":
            seconds += pop.queue_wait
            event = TransferResult("answered", pop.queue_wait)
        elif state.awaiting == "record":
            seconds += 20
            event = Recorded("bulk://recording", 20)
        else:
            listen = next((e for e in reversed(effects) if isinstance(e, fx.Listen)), None)
            answer = None
            if failures >= pop.max_failures or seconds >= pop.max_seconds:
                event = CallerHungUp()
            elif not steps and pop.cooperative and (line := _cooperative(flow, state)) is not None:
                steps.append(line)
                continue
            elif not steps or rng.random() < pop.silence:
                event = NoInput()
                seconds += listen.timeout if listen else 5.0
            else:
                answer = steps[0]
                event = _answer(flow, state.node, answer, pop, rng, listen)
                seconds += ANSWER_SECONDS
            node, tries = state.node, state.failures
            state, effects = step(flow, state, event)
            hear(effects)
            failed = state.node == node and state.failures > tries
            failures += failed
            if answer is not None and not failed:
                steps.pop(0)
            continue
        state, effects = step(flow, state, event)
        hear(effects)
    outcome = {"completed": "contained", "transferred": "transferred"}.get(state.outcome or "", "abandoned")
    reason = (state.transfer or {}).get("context", {}).get("reason") if outcome == "transferred" else None
    return CallStats(str(kind.get("want", "?")), outcome, reason, round(seconds, 1),
                     None if to_human is None else round(to_human, 1), state.turns, state.node,
                     state.reason in ("max-turns", "loop") or state.turns > flow.max_turns, tuple(dict.fromkeys(state.path)),
                     tuple(edge_counts([state.path])))


def _cooperative(flow: Flow, state: CallState) -> str | None:
    """What a caller who got past their first choice answers next, as a script line: a valid value for what is
    collected (digits of the longest length the flow takes, a number in its range), yes to a confirmation or a
    yes/no question, and at a later menu the option that ends the call (None: nothing sensible, so silence)."""
    node = flow.nodes.get(state.node)
    yes = YES_NO.get(state.language, YES_NO["en"])[0][0]
    if state.phase == "confirm" or isinstance(node, Collect) and node.input == "yes_no":
        return f"say {yes}"
    if isinstance(node, Collect):
        if node.input == "number":
            low = node.min if node.min is not None else 1
            value = math.ceil(low) if node.max is None or math.ceil(low) <= node.max else node.max
            return f"press {int(value)}{node.finish_key}"
        if node.input == "speech":
            return f"say {node.slot.replace('_', ' ') or yes}"
        length = node.max_length or max(node.min_length, 4)
        return f"press {('1234567890' * (length // 10 + 1))[:length]}{node.finish_key}"
    if isinstance(node, Menu):
        return _ending_choice(flow, node.id)
    return None


_ENDING: dict[tuple[str, str], str | None] = {}


def _ending_choice(flow: Flow, menu_id: str) -> str | None:
    """The script line for the option of a menu that ends the call soonest without another question, else the
    first option that doesn't go back to where the call started (found once per flow and menu)."""
    key = (flow.file, menu_id)
    if key not in _ENDING:
        menu = flow.nodes[menu_id]
        assert isinstance(menu, Menu)
        lang = flow.language

        def line(choice_index: int) -> str | None:
            choice = menu.choices[choice_index]
            phrases = choice.phrases.get(lang) or choice.phrases.get("*") or ()
            return f"say {phrases[0]}" if phrases else f"press {choice.dtmf[0]}" if choice.dtmf else None

        def ends(target: str) -> bool:
            seen, queue = set(), [target]
            while queue:
                nid = queue.pop(0)
                node = flow.nodes.get(nid)
                if nid in seen or node is None or isinstance(node, Listening):
                    continue
                if isinstance(node, Hangup):
                    return True
                seen.add(nid)
                queue += [t for t, _ in node.edges() if t]
            return False

        order = sorted(range(len(menu.choices)), key=lambda i: (not ends(menu.choices[i].target), menu.choices[i].target == flow.start))
        _ENDING[key] = next((found for i in order if (found := line(i)) is not None), None)
    return _ENDING[key]


def _answer(flow: Flow, node: str, line: str, pop: Population, rng: random.Random, listen: fx.Listen | None) -> Event:
    """One caller answer: keys, words, the keypad instead of words, or words the recognizer missed."""
    verb, _, arg = line.partition(" ")
    if verb == "press":
        return DigitsEntered(arg.replace(" ", ""))
    if verb != "say":
        return NoInput()
    if rng.random() < pop.keypad and (key := _key_for(flow, node, arg)):
        return DigitsEntered(key)
    if pop.audio is not None and listen is not None:
        return ears(pop.audio).hear(listen, arg, rng.randrange(pop.audio.variants))
    if rng.random() < pop.misheard:
        return SpeechRecognized(MISHEARD, 0.9)
    return SpeechRecognized(arg, 0.9)


def _key_for(flow: Flow, node: str, said: str) -> str | None:
    """The key of the option the caller would speak, for callers who prefer the keypad."""
    menu = flow.nodes.get(node)
    if not isinstance(menu, Menu):
        return None
    found = match(said, flow.language, menu.choices, flow.human)
    if len(found.choices) == 1:
        choice = menu.choices[found.choices[0]]
        return choice.dtmf[0] if choice.dtmf else menu.other_key(flow.human.dtmf) if choice.other else None
    return None


_FLOWS: dict[str, Flow] = {}  # compiled once per process, not once per chunk


def _run_chunk(args: tuple[str, Population, int, int, int]) -> list[CallStats]:
    flow_path, pop, start, stop, seed = args
    if flow_path not in _FLOWS:
        _FLOWS[flow_path] = load_flow(flow_path)
    flow = _FLOWS[flow_path]
    return [simulate_caller(flow, pop, i, seed) for i in range(start, stop)]


def run(pop: Population, callers: int, seed: int, workers: int | None = None,
        progress: Callable[[int], None] | None = None) -> list[CallStats]:
    """Every caller, spread over processes in chunks; the order and numbers don't depend on ``workers``."""
    load_flow(pop.flow_path)  # fail early, in this process, on a broken flow
    chunk = max(50, callers // 40)
    jobs = [(str(pop.flow_path), pop, i, min(i + chunk, callers), seed) for i in range(0, callers, chunk)]
    out: list[CallStats] = []
    if workers == 1 or callers <= chunk:
        for job in jobs:
            out += _run_chunk(job)
            if progress:
                progress(job[3] - job[2])
        return out
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for job, stats in zip(jobs, pool.map(_run_chunk, jobs), strict=True):
            out += stats
            if progress:
                progress(job[3] - job[2])
    return out


@dataclass
class Report:
    callers: int
    outcomes: dict[str, int]
    reasons: dict[str, int]
    seconds: dict[str, float]
    to_human: dict[str, float]
    drop_off: dict[str, int]
    looped: int
    by_want: dict[str, dict[str, int]] = field(default_factory=dict)
    per_node: dict[str, dict[str, int]] = field(default_factory=dict)  # visits, drop_off, transfers
    per_edge: dict[str, int] = field(default_factory=dict)  # "a -> b": calls that took that step
    to_human_all: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data.pop("to_human_all")
        return data


def _summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {"mean": math.nan, "p50": math.nan, "p95": math.nan}
    s = sorted(values)
    return {"mean": round(statistics.fmean(s), 1), "p50": round(s[len(s) // 2], 1),
            "p95": round(s[min(len(s) - 1, int(len(s) * 0.95))], 1)}


def per_node(calls: Iterable[tuple[Iterable[str], str]]) -> dict[str, dict[str, int]]:
    """Per node: calls that passed it, hung up in it and were put through to a person from it."""
    from ivr.layout import tally

    return {n: a.as_dict() for n, a in tally(calls).items()}


def report(stats: list[CallStats]) -> Report:
    by_want: dict[str, Counter[str]] = {}
    for s in stats:
        by_want.setdefault(s.want, Counter())[s.outcome] += 1
    humans = [s.to_human for s in stats if s.to_human is not None]
    return Report(
        callers=len(stats),
        outcomes=dict(Counter(s.outcome for s in stats)),
        reasons=dict(Counter(s.reason for s in stats if s.reason)),
        seconds=_summary([s.seconds for s in stats]),
        to_human=_summary(humans),
        drop_off=dict(Counter(s.last_node for s in stats if s.outcome == "abandoned").most_common()),
        looped=sum(s.looped for s in stats),
        by_want={w: dict(c) for w, c in by_want.items()},
        per_node=per_node((s.visited, s.outcome) for s in stats),
        per_edge=dict(Counter(e for s in stats for e in s.edges).most_common()),
        to_human_all=humans,
    )


def html(r: Report, title: str, heard: str = "", graph: str = "") -> str:
    """A self-contained page: outcome funnel, time-to-person histogram, drop-off per node, and
    ``graph`` (the flow drawn with each node's callers, from ``ivr.layout.flow_svg``) if given."""
    import html as escape

    def bars(items: list[tuple[str, float]], unit: str = "") -> str:
        top = max((v for _, v in items), default=1) or 1
        rows = []
        for i, (label, value) in enumerate(items):
            width = 460 * value / top
            rows.append(f'<text x="0" y="{i * 26 + 17}">{escape.escape(label)}</text>'
                        f'<rect x="200" y="{i * 26 + 4}" width="{width:.1f}" height="18" fill="#3b7dd8"/>'
                        f'<text x="{205 + width:.1f}" y="{i * 26 + 17}">{value:g}{unit}</text>')
        return f'<svg width="760" height="{len(items) * 26 + 8}" font-family="sans-serif" font-size="13">{"".join(rows)}</svg>'

    total = r.callers or 1
    funnel: list[tuple[str, float]] = [(OUTCOMES.get(k, k), round(100 * v / total, 1))
                                       for k, v in sorted(r.outcomes.items(), key=lambda kv: -kv[1])]
    bins: Counter[str] = Counter()
    for v in r.to_human_all:
        low = int(v // 15) * 15
        bins[f"{low}-{low + 15} s"] += 1
    histogram: list[tuple[str, float]] = [(k, float(v)) for k, v in sorted(bins.items(), key=lambda kv: int(kv[0].split("-")[0]))]
    drops: list[tuple[str, float]] = [(k, float(v)) for k, v in list(r.drop_off.items())[:15]]
    rows = "".join(f"<tr><td>{escape.escape(w)}</td><td>{c.get('contained', 0)}</td><td>{c.get('transferred', 0)}</td>"
                   f"<td>{c.get('abandoned', 0)}</td></tr>" for w, c in r.by_want.items())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}}td,th{{padding:4px 10px;text-align:left}}</style>
</head><body><h1>{escape.escape(title)}</h1>
<p>{r.callers:,} simulated callers{'; ' + escape.escape(heard) if heard else ''}. Contained {r.outcomes.get('contained', 0):,}, transferred to a person
{r.outcomes.get('transferred', 0):,}, hung up {r.outcomes.get('abandoned', 0):,}. Callers who looped: {r.looped}.</p>
<h2>Outcomes (% of callers)</h2>{bars(funnel, '%')}
<h2>Why callers reached a person</h2>{bars([(REASONS.get(k, k), float(v)) for k, v in sorted(r.reasons.items(), key=lambda kv: -kv[1])])}
<h2>Time to a person</h2><p>mean {r.to_human['mean']} s, median {r.to_human['p50']} s, 95th percentile {r.to_human['p95']} s</p>
{bars(histogram)}
<h2>Call duration</h2><p>mean {r.seconds['mean']} s, median {r.seconds['p50']} s, 95th percentile {r.seconds['p95']} s</p>
<h2>Where callers hung up</h2>{bars(drops) if drops else '<p>Nobody hung up.</p>'}
{('<h2>The flow, with its callers</h2><p>Each node shows how many callers passed it, hung up in it and were '
  'put through to a person from it.</p><div style="overflow:auto;border:1px solid #ddd">' + graph + '</div>') if graph else ''}
<h2>By what callers wanted</h2><table><tr><th>wanted</th><th>contained</th><th>transferred</th><th>hung up</th></tr>
{rows}
</table></body></html>
"""
