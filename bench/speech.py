"""Speech benchmark: does a caller who talks as people do reach the right place, or get asked again?

bench/natural/ holds a held-out set of what callers say at every menu of the English example flows,
labelled with what should happen: at least 40 sentences per option in callers' own words, requests for a
person in any wording, and requests the menu doesn't offer (which must be asked again, never routed). The
menus' own listed phrases, read from the flows, are a separate category. Each sentence is played to the
real call pipeline through the simulator (ivr.channels.sim.Runner: the flow's engine, its matcher and the
default recognizer), under each condition:

  typed       the words go straight to the engine, as a `say` line: SpeechRecognized(text, 1.0)
  clean       spoken by a synthetic caller (Piper 'joe' at several paces and variations, espeak-ng en-us
              and en-gb, taking turns), recognized with the state's grammar
  telephone   the same through a phone line (300-3400 Hz, 8 kHz, G.711 mu-law)
  noise       telephone + white noise 20 dB below the speech
  recordings  Debian's human recordings (pocketsphinx-testdata): card names at a suit menu, and read
              speech no menu offers, at every English menu; clean and through a phone line

and read back from the call where it went after the menu (the option's node, the human escape, another
node), whether it was asked again (no-match) or asked to confirm, the confidence the engine was given and
the decision latency: recognition and understanding after the end of speech. Synthesized audio is cached
per (voice, text) on disk, so a rerun only recognizes. The full run also measures PocketSphinx's load and
memory, real-time factors, and Vosk on the Korean flow's listed phrases.

Run: .venv/bin/python bench/speech.py [--quick] [--conditions typed,telephone] [--every-voice] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import resource
import statistics
import sys
import time
import wave
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parent.parent
NATURAL = ROOT / "bench" / "natural"
sys.path.insert(0, str(ROOT))

AT = "2026-11-24T10:30:00-05:00"  # a Tuesday morning in New York, as ivr.testing uses: every team is open
CATEGORIES = ("listed phrase", "own words", "human", "out-of-scope")
HUMAN, OUT = "human", "out-of-scope"
CONDITIONS = ("typed", "clean", "telephone", "noise", "recordings")
AUDIO = {"clean": (False, None), "telephone": (True, None), "noise": (True, 20.0)}
TITLES = {"typed": "typed text", "clean": "clean audio", "telephone": "telephone audio", "noise": "telephone + noise 20 dB",
          "recordings": "human recordings", "recordings, telephone": "human recordings, telephone"}
VOICES: dict[str, tuple[str, float, float]] = {  # name: (CallerVoice name, variation, pace)
    "joe": ("joe", 0.0, 1.0),  # Piper, the same every time
    "joe-fast": ("joe", 0.8, 0.88),  # Piper with most of its sampling variation, 12% faster
    "joe-slow": ("joe", 1.0, 1.15),  # Piper with its full sampling variation, 15% slower
    "espeak-us": ("espeak:en-us", 0.0, 1.0),
    "espeak-gb": ("espeak:en-gb", 0.0, 1.0),
}
QUICK_EVERY = {"listed phrase": 3, "own words": 10, "human": 12, "out-of-scope": 8}
GOALS = {  # condition: category -> least share routed right (re-asked or confirmed for out-of-scope); wrong routes at most
    "typed": {"own words": 0.97, "human": 0.99, "out-of-scope": 0.90},
    "telephone": {"own words": 0.90, "human": 0.97, "out-of-scope": 0.90},
}
MOST_WRONG = 0.02
MOST_P95_MS = 300.0
CACHE_VERSION = "1"


# -- the corpus --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One thing a caller says at one menu, and what should happen."""

    flow: str  # a flows/<flow>.yaml stem, or a path for the recordings' own flow
    menu: str
    category: str
    text: str  # the words said (for a recording, its transcript)
    expect: str  # an option's key (its dtmf), "human" or "out-of-scope"
    reach: tuple[str, ...] = ()  # simulator lines that bring the call to the menu
    audio: str | None = None  # a recording to play instead of speaking the text


@dataclass
class MenuSet:
    """A menu's labelled sentences, as bench/natural/<flow>.yaml gives them."""

    reach: list[str]
    options: dict[str, list[str]]
    human: list[str]
    out_of_scope: list[str]


def read_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def english_menus(root: Path = ROOT) -> dict[str, list[str]]:
    """Every menu of the English example flows (flows/*.yaml with English among their languages), by flow."""
    from ivr.flow.machine import Menu
    from ivr.loading import load_flow

    menus = {}
    for path in sorted((root / "flows").glob("*.yaml")):
        flow = load_flow(path)
        if "en" in flow.languages:
            menus[path.stem] = [node.id for node in flow.nodes.values() if isinstance(node, Menu)]
    return menus


def load_corpus(root: Path = ROOT) -> tuple[dict[tuple[str, str], MenuSet], list[str]]:
    """The labelled sentences per (flow, menu), and the wordings of "a person" tried at every menu."""
    natural = root / "bench" / "natural"
    shared = list(read_yaml(natural / "human.yaml")["human"])
    menus: dict[tuple[str, str], MenuSet] = {}
    for path in sorted(natural.glob("*.yaml")):
        data = read_yaml(path)
        if not isinstance(data, dict) or "menus" not in data:
            continue
        flow_human = list(data.get("human") or [])
        for menu, spec in data["menus"].items():
            options = {str(key): list(items) for key, items in (spec.get("options") or {}).items()}
            menus[(data["flow"], menu)] = MenuSet(list(spec.get("reach") or []), options,
                                                  flow_human + list(spec.get("human") or []), list(spec.get("out-of-scope") or []))
    return menus, shared


def plain(text: str) -> str:
    """A sentence reduced to its words, to compare sentences with listed phrases and each other."""
    return " ".join(re.sub(r"[^\w\s]", "", text.lower().replace("-", " ")).split())


def cases(root: Path = ROOT, flows: Iterable[str] | None = None) -> list[Case]:
    """Every case of the natural set: per menu the listed phrases (read from the flow), the callers' own
    words per option, the human requests (shared and the flow's own) and the out-of-scope requests."""
    from ivr.flow.machine import Menu
    from ivr.loading import load_flow

    menus, shared = load_corpus(root)
    out: list[Case] = []
    loaded: dict[str, Any] = {}
    for (name, menu_id), spec in menus.items():
        if flows is not None and name not in flows:
            continue
        flow = loaded.get(name) or loaded.setdefault(name, load_flow(root / "flows" / f"{name}.yaml"))
        node = flow.nodes[menu_id]
        assert isinstance(node, Menu)
        reach = tuple(spec.reach)
        for choice in node.choices:
            if not choice.dtmf:  # a keys-only catch-all ("any other key"): no phrase picks it
                continue
            key = choice.dtmf[0]
            for phrase in (*choice.phrases.get("en", ()), *choice.phrases.get("*", ())):
                out.append(Case(name, menu_id, "listed phrase", phrase, key, reach))
        for phrase in flow.human.phrases.get("en", ()):
            out.append(Case(name, menu_id, "listed phrase", phrase, HUMAN, reach))
        for key, sentences in spec.options.items():
            out += [Case(name, menu_id, "own words", s, key, reach) for s in sentences]
        out += [Case(name, menu_id, HUMAN, s, HUMAN, reach) for s in (*shared, *spec.human)]
        out += [Case(name, menu_id, OUT, s, OUT, reach) for s in spec.out_of_scope]
    return out


def sample(items: list[Case]) -> list[Case]:
    """A few of each category per menu and label (--quick), different ones at different menus."""
    groups: dict[tuple[str, str, str, str], list[Case]] = defaultdict(list)
    for case in items:
        groups[(case.flow, case.menu, case.category, case.expect)].append(case)
    out = []
    for n, group in enumerate(groups.values()):
        every = QUICK_EVERY[group[0].category]
        out += [case for i, case in enumerate(group) if (i + n) % every == 0]
    return out


def recording_cases(root: Path = ROOT) -> list[Case]:
    """Debian's human recordings: the card names at the cards menu, and the read speech at every English menu."""
    spec = read_yaml(root / "bench" / "natural" / "recordings.yaml")
    source = Path(spec["source"])
    out = []
    cards = spec["cards"]
    flow = str(root / "bench" / "natural" / cards["flow"])
    for audio, item in cards["recordings"].items():
        category = OUT if item["expect"] == OUT else "own words"
        out.append(Case(flow, cards["menu"], category, item["says"], str(item["expect"]), (), str(source / audio)))
    menus, _ = load_corpus(root)
    for (name, menu_id), menu in menus.items():
        for audio, says in spec["out-of-scope"].items():
            out.append(Case(name, menu_id, OUT, says, OUT, tuple(menu.reach), str(source / audio)))
    return out


# -- the caller's audio ------------------------------------------------------------------------------


class CachedVoice:
    """A caller voice whose speech is kept on disk per (voice, text): the simulator's ``voice``."""

    def __init__(self, label: str, spec: tuple[str, float, float], cache: Path) -> None:
        self.label = label
        self.name, self.variation, self.pace = spec
        self.cache = cache
        self.voice: Any = None
        self.ready: tuple[str, Any] | None = None
        self.last_seconds = 0.0
        self.synth_seconds = 0.0

    def path(self, text: str) -> Path:
        key = f"{CACHE_VERSION}|{self.name}|{self.variation}|{self.pace}|{text}"
        return self.cache / f"{hashlib.sha1(key.encode()).hexdigest()}.npy"

    def speak(self, text: str) -> Any:
        """The caller's speech for ``text``: from memory when :meth:`prepare` just made it, else from disk."""
        if self.ready is not None and self.ready[0] == text:
            pcm = self.ready[1]
            self.last_seconds = len(pcm) / 16_000
            return pcm
        return self.prepare(text)

    def prepare(self, text: str) -> Any:
        """Synthesize (or load) ``text`` ahead of the call, so the simulator's turn times recognition only."""
        import numpy as np

        path = self.path(text)
        if path.exists():
            pcm = np.load(path)
        else:
            if self.voice is None:
                from ivr.speech.voice import CallerVoice

                self.voice = CallerVoice(self.name, self.variation, self.pace)
            started = time.perf_counter()
            pcm = self.voice.speak(text)
            self.synth_seconds += time.perf_counter() - started
            self.cache.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
            np.save(tmp, pcm)
            tmp.replace(path)
        self.ready = (text, pcm)
        self.last_seconds = len(pcm) / 16_000
        return pcm


def wav_of(path: str, cache: Path) -> str:
    """A WAV file for a recording (the simulator's say-audio reads WAV; some test data is raw 16 kHz PCM)."""
    if not path.endswith(".raw"):
        return path
    out = cache / f"{hashlib.sha1(path.encode()).hexdigest()}.wav"
    if not out.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with wave.open(str(out), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16_000)
            w.writeframes(Path(path).read_bytes())
    return str(out)


def seconds_of(path: str) -> float:
    with wave.open(path) as w:
        return float(w.getnframes() / w.getframerate())


# -- one call ----------------------------------------------------------------------------------------


@dataclass
class Trial:
    """What happened to one case under one condition."""

    condition: str
    voice: str
    flow: str
    menu: str
    category: str
    expect: str
    text: str
    result: str = ""  # right, wrong, re-asked or confirmed
    went: str = ""  # where the call went instead, or what it did
    heard: str | None = None  # what the engine was given (None: nothing, taken as silence)
    confidence: float | None = None
    latency_ms: float | None = None
    audio_s: float = 0.0
    hear_s: float = 0.0


def probe_class() -> type:
    """A simulator Runner that notes the call just before and after the measured caller turn, and times
    the engine's step for it (the understanding), without changing what the simulator does."""
    from ivr.channels.sim import Runner

    class Probe(Runner):
        def reset(self, turn_line: int) -> None:
            self.turn_line = turn_line
            self.before: tuple[int, int, Any] | None = None
            self.after: dict[str, Any] | None = None
            self.mark: float | None = None
            self.understand_s = 0.0
            self.hear_s = 0.0

        def event(self, call: Any, action: Any) -> Any:
            if action.line != self.turn_line:
                return super().event(call, action)
            self.before = (len(call.state.path), len(call.transcript), call.listen)
            started = time.perf_counter()
            event = super().event(call, action)
            self.mark = time.perf_counter()
            self.hear_s = self.mark - started
            return event

        def settle(self, call: Any, queue: Any) -> Any:
            if self.mark is not None:
                self.understand_s = time.perf_counter() - self.mark
                self.mark = None
                s = call.state
                self.after = {"node": s.node, "awaiting": call.awaiting, "listen": call.listen, "reason": s.reason,
                              "language": s.language, "vars": dict(s.vars), "ended": call.ended}
            return super().settle(call, queue)

    return Probe


def retry_prompts(flow: Any, menu: Any, language: str) -> list[str]:
    """What the menu says when it asks again: its own no-match and no-input prompts, or the flow's."""
    texts = []
    for prompt in (*getattr(menu, "no_match", ()), *getattr(menu, "no_input", ())):
        text = getattr(prompt, "text", None)
        if text is not None:
            texts.append(text.get(language, flow.language))
    for name in ("no_match", "no_input"):
        with contextlib.suppress(KeyError, AttributeError):
            texts.append(flow.system(name, language))
    return [t.split("{")[0].strip() for t in texts if t.split("{")[0].strip()]


def judge(trial: Trial, case: Case, flow: Any, result: Any, probe: Any) -> None:
    """Where the call went after the menu, against what the case expects."""
    menu = flow.nodes[case.menu]
    if probe.before is None or probe.after is None:
        raise RuntimeError(f"{case.flow}/{case.menu}: the call never got to listen for {case.text!r} (path {result.path})")
    path_at, transcript_at, listen_before = probe.before
    after = probe.after
    said: dict[str, Any] = next((t for t in result.transcript[transcript_at:] if t["who"] == "caller"), {})
    trial.heard = said.get("text") if said.get("input") == "speech" else None
    trial.confidence = said.get("confidence")
    decode_ms = said.get("decode_ms")
    if trial.condition == "typed":
        trial.latency_ms = probe.understand_s * 1000
    elif trial.heard is not None:
        trial.latency_ms = (decode_ms if decode_ms is not None else probe.hear_s * 1000) + probe.understand_s * 1000
    trial.hear_s = probe.hear_s
    new = result.path[path_at:]
    exits = {c.target for c in menu.choices} | {menu.human_target}
    if not new or new[0] not in exits:
        # The call stayed (re-asked, or asks to confirm), or stepped to a node the menu doesn't lead to: an
        # engine's own confirmation step, if the call now waits for the caller.
        listen = after["listen"]
        if after["awaiting"] != "input":
            trial.result, trial.went = "wrong", f"node {new[0] if new else after['node']}"
            return
        same = after["node"] == case.menu and listen_before is not None and listen is not None and (
            (listen.mode, listen.phrases) == (listen_before.mode, listen_before.phrases))
        replies = [t["text"] for t in result.transcript[transcript_at:] if t["who"] == "ivr"]
        if same or any(r.startswith(p) for r in replies for p in retry_prompts(flow, menu, after["language"])):
            trial.result = "re-asked"
            trial.went = "not heard" if trial.heard is None else "no match"
        else:
            trial.result, trial.went = "confirmed", f"asked to confirm ({after['node']}, {getattr(listen, 'mode', '?')})"
        return
    went = new[0]
    chosen = [c for c in menu.choices if c.target == went and all(
        (after["language"] == v) if k == "language" else (after["vars"].get(k) == v) for k, v in c.set.items())]
    to_human = went == menu.human_target
    if case.expect == HUMAN:
        ok = to_human
    elif case.expect == OUT:
        ok = False
    else:
        ok = any(case.expect in c.dtmf for c in chosen)
    trial.result = "right" if ok else "wrong"
    if to_human and after["reason"] == "caller-asked":
        trial.went = "a person"
    elif chosen:
        trial.went = "option " + "/".join(c.dtmf[0] if c.dtmf else "other" for c in chosen)
    else:
        trial.went = f"node {went}"


def run_case(case: Case, condition: str, flow: Any, probe: Any, voice: CachedVoice | None, cache: Path) -> Trial:
    from ivr.channels.sim import actions_from

    lines = list(case.reach)
    if case.audio is not None:
        audio = wav_of(case.audio, cache)
        lines.append(f"say-audio {audio}")
        audio_s = seconds_of(audio)
    else:
        lines.append(f"say {case.text}")
        audio_s = 0.0
        if voice is not None:
            voice.prepare(case.text)
    probe.voice = voice
    probe.reset(len(lines))
    trial = Trial(condition, voice.label if voice is not None else ("recording" if case.audio else "text"), Path(case.flow).stem, case.menu,
                  case.category, case.expect, case.text)
    result = probe.run(list(actions_from(lines)))
    judge(trial, case, flow, result, probe)
    trial.audio_s = voice.last_seconds if voice is not None else audio_s
    return trial


# -- running the conditions --------------------------------------------------------------------------


def flow_of(name: str, flows: dict[str, Any]) -> Any:
    from ivr.loading import load_flow

    if name not in flows:
        flows[name] = load_flow(Path(name) if name.endswith(".yaml") else ROOT / "flows" / f"{name}.yaml")
    return flows[name]


def run_condition(condition: str, todo: list[tuple[Case, CachedVoice | None]], asr: Any, cache: Path,
                  telephone: bool = False, snr: float | None = None, progress: Any = None) -> list[Trial]:
    Probe = probe_class()
    task = progress.add_task(TITLES.get(condition, condition), total=len(todo)) if progress is not None else None
    flows: dict[str, Any] = {}
    probes: dict[str, Any] = {}
    trials = []
    for case, voice in todo:
        flow = flow_of(case.flow, flows)
        if case.flow not in probes:
            probes[case.flow] = Probe(flow, at=AT, http=None, asr=asr, telephone=telephone, snr=snr)
        trials.append(run_case(case, condition, flow, probes[case.flow], voice, cache))
        if progress is not None:
            progress.advance(task)
    return trials


def voiced(items: list[Case], voices: list[CachedVoice], every: bool) -> list[tuple[Case, CachedVoice | None]]:
    """Each case in one voice, the voices taking turns (or in every voice)."""
    if every:
        return [(case, v) for case in items for v in voices]
    return [(case, voices[i % len(voices)]) for i, case in enumerate(items)]


# -- the report --------------------------------------------------------------------------------------


@dataclass
class Stats:
    n: int = 0
    right: int = 0
    wrong: int = 0
    reasked: int = 0
    confirmed: int = 0
    not_heard: int = 0
    wrong_confidence: list[float] = field(default_factory=list)
    latency_ms: list[float] = field(default_factory=list)
    audio_s: float = 0.0
    hear_s: float = 0.0

    def add(self, t: Trial) -> None:
        self.n += 1
        if t.result == "right":
            self.right += 1
        elif t.result == "wrong":
            self.wrong += 1
            if t.confidence is not None:
                self.wrong_confidence.append(t.confidence)
        elif t.result == "re-asked":
            self.reasked += 1
        else:
            self.confirmed += 1
        if t.result == "re-asked" and t.heard is None:
            self.not_heard += 1
        if t.latency_ms is not None:
            self.latency_ms.append(t.latency_ms)
        self.audio_s += t.audio_s
        self.hear_s += t.hear_s

    def share(self, k: int) -> float:
        return k / self.n if self.n else 0.0

    def score(self, category: str) -> float:
        """Routed right; for out-of-scope requests, asked again or asked to confirm."""
        return self.share(self.reasked + self.confirmed) if category == OUT else self.share(self.right)

    def p(self, q: float) -> float | None:
        if not self.latency_ms:
            return None
        s = sorted(self.latency_ms)
        return s[min(len(s) - 1, int(len(s) * q))]

    def summary(self) -> dict[str, Any]:
        conf = self.wrong_confidence
        return {"n": self.n, "right": self.right, "wrong": self.wrong, "re-asked": self.reasked, "confirmed": self.confirmed,
                "not heard": self.not_heard, "wrong confidence mean": statistics.fmean(conf) if conf else None,
                "wrong confidence max": max(conf) if conf else None, "latency p50 ms": self.p(0.5), "latency p95 ms": self.p(0.95),
                "real-time factor": self.hear_s / self.audio_s if self.audio_s else None}


def tally(trials: Iterable[Trial], key: Any) -> dict[Any, Stats]:
    out: dict[Any, Stats] = defaultdict(Stats)
    for t in trials:
        out[key(t)].add(t)
    return out


def pct(k: int, n: int) -> str:
    return f"{k / n:.1%} ({k})" if n else "-"


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.2f}"


def goal_mark(condition: str, category: str, s: Stats) -> str:
    goal = GOALS.get(condition, {}).get(category)
    if goal is None or not s.n:
        return ""
    return f"{'ok' if s.score(category) >= goal else 'MISS'} (≥ {goal:.0%})"


def condition_table(condition: str, trials: list[Trial]) -> Any:
    from rich.table import Table

    by = tally(trials, lambda t: t.category)
    every = tally(trials, lambda t: "all")["all"]
    audio = condition not in ("typed",)
    table = Table(title=f"{TITLES.get(condition, condition)}: {every.n} caller turns")
    for col in ("category", "turns", "routed right", "routed wrong", "wrong: conf. mean/max", "re-asked",
                "not heard", "confirmed", "p50/p95 ms", "goal"):
        table.add_column(col, justify="left" if col in ("category", "goal") else "right")
    for category in (*CATEGORIES, "all"):
        s = every if category == "all" else by.get(category)
        if s is None or not s.n:
            continue
        conf = s.wrong_confidence
        if category == "all":
            goal = ""
            if condition in GOALS:
                goal = f"{'ok' if s.share(s.wrong) <= MOST_WRONG else 'MISS'} (wrong ≤ {MOST_WRONG:.0%})"
            if audio and s.p(0.95) is not None:
                goal += f"{'; ' if goal else ''}{'ok' if (s.p(0.95) or 0) <= MOST_P95_MS else 'MISS'} (p95 ≤ {MOST_P95_MS:.0f} ms)"
        else:
            goal = goal_mark(condition, category, s)
        table.add_row(category, str(s.n), "-" if category == OUT else pct(s.right, s.n), pct(s.wrong, s.n),
                      f"{statistics.fmean(conf):.2f} / {max(conf):.2f}" if conf else "-", pct(s.reasked, s.n),
                      pct(s.not_heard, s.n) if audio else "-", pct(s.confirmed, s.n), f"{ms(s.p(0.5))} / {ms(s.p(0.95))}", goal)
    return table


def summary_table(results: dict[str, list[Trial]]) -> Any:
    """The issue's table: per category, the share that went right under each condition."""
    from rich.table import Table

    table = Table(title="Summary: routed right (out-of-scope: asked again or to confirm); wrong routes; decision p95")
    table.add_column("what the caller says")
    for condition in results:
        table.add_column(TITLES.get(condition, condition), justify="right")
    table.add_column("goal: typed / telephone")
    stats = {c: tally(ts, lambda t: t.category) for c, ts in results.items()}
    alls = {c: tally(ts, lambda t: "all")["all"] for c, ts in results.items()}
    for category in CATEGORIES:
        cells = []
        for condition in results:
            s = stats[condition].get(category)
            cells.append(f"{s.score(category):.1%}" if s and s.n else "-")
        goals = f"{GOALS['typed'].get(category, 0):.0%} / {GOALS['telephone'].get(category, 0):.0%}" if category in GOALS["typed"] else ""
        table.add_row(category, *cells, goals)
    table.add_row("routed wrong (all turns)", *[f"{s.share(s.wrong):.1%}" if s.n else "-" for s in alls.values()], f"≤ {MOST_WRONG:.0%}")
    table.add_row("decision p95 ms", *[ms(s.p(0.95)) for s in alls.values()], f"- / ≤ {MOST_P95_MS:.0f}")
    return table


def breakdown_table(results: dict[str, list[Trial]], by: str, conditions: list[str]) -> Any:
    """Per voice or per menu: the share right in each category, and the share routed wrong, per condition."""
    from rich.table import Table

    def key(t: Trial) -> str:
        return t.voice if by == "voice" else f"{t.flow}/{t.menu}"

    table = Table(title=f"By {by}: listed phrase / own words / human routed right; out-of-scope re-asked; routed wrong (all turns)")
    table.add_column(by)
    for condition in conditions:
        table.add_column(TITLES.get(condition, condition), justify="right")
    for name in sorted({key(t) for c in conditions for t in results[c]}):
        cells = []
        for condition in conditions:
            ts = [t for t in results[condition] if key(t) == name]
            cats = tally(ts, lambda t: t.category)
            every = tally(ts, lambda t: "all")["all"]
            parts = [f"{cats[c].score(c):.0%}" if c in cats and cats[c].n else "-" for c in CATEGORIES]
            cells.append(" / ".join(parts[:3]) + f"; {parts[3]}; {every.share(every.wrong):.0%}" if every.n else "-")
        table.add_row(name, *cells)
    return table


def show_misses(console: Any, condition: str, trials: list[Trial], limit: int) -> None:
    wrong = [t for t in trials if t.result == "wrong"]
    missed = [t for t in trials if t.result != "right" and t.category != OUT and t.result != "wrong"]
    for title, items in (("routed wrong", wrong), ("asked again though in scope", missed)):
        if not items or limit <= 0:
            continue
        shown = []
        for t in items[:limit]:
            heard = "" if t.heard == t.text else f" heard {t.heard!r}" if t.heard is not None else " heard nothing"
            conf = f" ({t.confidence:.2f})" if t.confidence is not None and t.result == "wrong" else ""
            shown.append(f"{t.flow}/{t.menu} [{t.expect}] {t.text!r}{heard} -> {t.went}{conf}")
        more = f"\n  ... and {len(items) - limit} more" if len(items) > limit else ""
        console.print(f"{TITLES.get(condition, condition)}, {title} ({len(items)}):\n  " + "\n  ".join(shown) + more, style="dim", markup=False,
                      highlight=False)


# -- the model measurements kept from the listed-phrase bench -----------------------------------------


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sphinx_resources() -> str:
    from ivr.speech.sphinx import SphinxRecognizer

    base = rss_mb()
    started = time.perf_counter()
    first = SphinxRecognizer()
    load_s = time.perf_counter() - started
    one_model = rss_mb() - base
    extra = [SphinxRecognizer() for _ in range(3)]
    per_call = (rss_mb() - base - one_model) / 3
    del extra, first
    return f"PocketSphinx: load {load_s:.2f} s, {one_model:.0f} MB, each extra concurrent call {per_call:.0f} MB (a decoder can't share its model)"


def korean(console: Any, cache: Path) -> str:
    """Vosk on the Korean flow's listed phrases (espeak-ng 'ko'), clean / telephone / noise, and its memory."""
    import vosk

    from ivr.engine import effects as fx
    from ivr.flow.machine import Menu
    from ivr.loading import load_flow
    from ivr.speech.kaldi import VoskRecognizer

    asr = VoskRecognizer()
    base = rss_mb()
    started = time.perf_counter()
    model = asr.model("ko")
    load_s = time.perf_counter() - started
    one_model = rss_mb() - base
    flow = load_flow(ROOT / "flows" / "korean.yaml")
    menu = flow.nodes["main"]
    assert isinstance(menu, Menu)
    listen = fx.Listen(menu.id, "ko", menu.grammar.phrases["ko"], fx.DtmfSpec(menu.grammar.dtmf, 1, None), 5.0, True)
    grammar = json.dumps(asr.grammar(model, listen), ensure_ascii=False)
    before = rss_mb()
    calls = [vosk.KaldiRecognizer(model, 16000.0, grammar) for _ in range(20)]
    per_call = (rss_mb() - before) / len(calls)
    del calls
    voice = CachedVoice("espeak-ko", ("espeak:ko", 0.0, 1.0), cache)
    items = []
    for node in flow.nodes.values():
        if isinstance(node, Menu):
            for choice in node.choices:
                items += [Case(str(ROOT / "flows" / "korean.yaml"), node.id, "listed phrase", p, choice.dtmf[0])
                          for p in (*choice.phrases.get("ko", ()), *choice.phrases.get("*", ()))]
    results = {c: run_condition(c, [(case, voice) for case in items], asr, cache, *AUDIO[c]) for c in AUDIO}
    from rich.table import Table

    table = Table(title=f"Vosk, Korean: {len(items)} listed phrases per condition (espeak-ng 'ko')")
    for col in ("condition", "routed right", "routed wrong", "re-asked", "real-time factor", "decision p50 / p95 ms"):
        table.add_column(col, justify="left" if col == "condition" else "right")
    for condition, trials in results.items():
        s = tally(trials, lambda t: "all")["all"]
        table.add_row(TITLES[condition], pct(s.right, s.n), pct(s.wrong, s.n), pct(s.reasked + s.confirmed, s.n),
                      f"{s.hear_s / s.audio_s:.3f}" if s.audio_s else "-", f"{ms(s.p(0.5))} / {ms(s.p(0.95))}")
    console.print(table)
    return f"Vosk (Korean model): load {load_s:.2f} s, {one_model:.0f} MB shared by every call, each extra concurrent call {per_call:.1f} MB"


# -- main --------------------------------------------------------------------------------------------


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ivr" / "bench-speech"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a sample of each category per menu and label, no Korean")
    parser.add_argument("--conditions", default=",".join(CONDITIONS),
                        help=f"comma-separated, of: {', '.join(CONDITIONS)} (default: all)")
    parser.add_argument("--flows", help="comma-separated flows/<name>.yaml stems (default: every English flow in bench/natural)")
    parser.add_argument("--voices", default=",".join(VOICES), help=f"comma-separated, of: {', '.join(VOICES)}")
    parser.add_argument("--every-voice", action="store_true", help="speak every sentence in every voice (default: the voices take turns)")
    parser.add_argument("--asr", choices=("pocketsphinx", "vosk"), help="the recognizer (default: ivr's default, as a call gets it)")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="where synthesized speech is kept (default: %(default)s)")
    parser.add_argument("--misses", type=int, default=12, help="how many misses to list per condition (default: %(default)s)")
    parser.add_argument("--korean", action=argparse.BooleanOptionalAction, default=None,
                        help="also measure Vosk on the Korean flow (default: on, off with --quick)")
    parser.add_argument("--phone-model", action=argparse.BooleanOptionalAction, default=True,
                        help="hear phone-line audio with PocketSphinx's phone-line model, as a call does (default: %(default)s)")
    parser.add_argument("--readings", action=argparse.BooleanOptionalAction, default=True,
                        help="let PocketSphinx offer its other n-best readings, so the engine takes a decision they all agree on "
                             "(default: %(default)s)")
    parser.add_argument("--json", type=Path, help="write every turn and the totals to this file")
    args = parser.parse_args(argv)
    args.conditions = [c.strip() for c in args.conditions.split(",") if c.strip()]
    unknown = [c for c in args.conditions if c not in CONDITIONS]
    voices = [v.strip() for v in args.voices.split(",") if v.strip()]
    bad_voices = [v for v in voices if v not in VOICES]
    if unknown or bad_voices or not voices:
        parser.error(f"unknown condition {unknown[0]!r}; choose from {', '.join(CONDITIONS)}" if unknown else
                     f"unknown voice {(bad_voices or [''])[0]!r}; choose from {', '.join(VOICES)}")
    args.voices = voices
    args.flows = [f.strip() for f in args.flows.split(",")] if args.flows else None
    if args.korean is None:
        args.korean = not args.quick and any(c in AUDIO for c in args.conditions)
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    from rich.console import Console
    from rich.progress import Progress

    console = Console(width=None if sys.stdout.isatty() else 180)
    items = cases(ROOT, args.flows)
    if args.quick:
        items = sample(items)
    counts = tally((Trial("", "", c.flow, c.menu, c.category, c.expect, c.text) for c in items), lambda t: t.category)
    console.print(f"Natural set: {sum(s.n for s in counts.values())} caller turns at {len({(c.flow, c.menu) for c in items})} menus "
                  f"({', '.join(f'{k} {counts[k].n}' for k in CATEGORIES if k in counts)}){' (quick sample)' if args.quick else ''}")
    asr = line_asr = None
    if any(c in AUDIO or c == "recordings" for c in args.conditions):
        from ivr.speech import recognizer

        asr = recognizer(args.asr)
        line_asr = recognizer(args.asr, phone=True) if args.phone_model else asr  # as a phone call hears
        if not args.readings:
            from ivr.speech import AutoRecognizer

            for each in (asr, line_asr):
                backend = each.pick("en") if isinstance(each, AutoRecognizer) else each
                if hasattr(backend, "reading_paths"):
                    backend.reading_paths = 0
    voices = [CachedVoice(name, VOICES[name], args.cache / "tts") for name in args.voices]
    results: dict[str, list[Trial]] = {}
    notes: list[str] = []
    with Progress(console=console, transient=True) as progress:
        for condition in args.conditions:
            if condition == "typed":
                typed: list[tuple[Case, CachedVoice | None]] = [(case, None) for case in items]
                results[condition] = run_condition(condition, typed, None, args.cache, progress=progress)
            elif condition in AUDIO:
                spoken = voiced(items, voices, args.every_voice)
                telephone, snr = AUDIO[condition]
                results[condition] = run_condition(condition, spoken, line_asr if telephone else asr, args.cache, telephone, snr,
                                                   progress=progress)
            else:
                recorded = [c for c in recording_cases(ROOT) if args.flows is None or c.flow in args.flows or c.flow.endswith(".yaml")]
                for name, telephone in (("recordings", False), ("recordings, telephone", True)):
                    results[name] = run_condition(name, [(c, None) for c in recorded], line_asr if telephone else asr,
                                                  args.cache / "recordings", telephone,
                                                  progress=progress)
    for condition, trials in results.items():
        console.print(condition_table(condition, trials))
        show_misses(console, condition, trials, args.misses)
    if len(results) > 1:
        console.print(summary_table(results))
    natural = [c for c in results if c in ("typed", *AUDIO)]
    if natural:
        console.print(breakdown_table(results, "menu", natural))
    if any(c in AUDIO for c in results):
        console.print(breakdown_table(results, "voice", [c for c in results if c in AUDIO]))
    for condition, trials in results.items():
        s = tally(trials, lambda t: "all")["all"]
        if s.audio_s:
            notes.append(f"{TITLES.get(condition, condition)}: real-time factor {s.hear_s / s.audio_s:.3f} "
                         f"(the line's filtering, endpointing and decoding, per second of speech)")
    synth = sum(v.synth_seconds for v in voices)
    if synth:
        notes.append(f"Synthesized speech this run: {synth:.0f} s of compute, cached in {args.cache / 'tts'}")
    if asr is not None:
        notes.append(f"Recognizer: {getattr(asr, 'name', type(asr).__name__)}")
        if not args.quick:
            try:
                notes.append(sphinx_resources())
            except ImportError as e:
                notes.append(f"PocketSphinx not measured: {e}")
    if args.korean:
        try:
            notes.append(korean(console, args.cache / "tts"))
        except (ImportError, AttributeError, OSError) as e:
            notes.append(f"Vosk on Korean not measured: {e}")
    for note in notes:
        console.print(note)
    console.print(f"Decision latency is compute after the end of the caller's turn: the recognizer's decode (its decode_seconds) "
                  f"and the engine's step (understanding); typed text has only the latter. {os.cpu_count()} cores.")
    if args.json:
        data = {"conditions": {c: {k: s.summary() for k, s in (tally(ts, lambda t: t.category) | tally(ts, lambda t: "all")).items()}
                               for c, ts in results.items()},
                "turns": [asdict(t) for ts in results.values() for t in ts]}
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
