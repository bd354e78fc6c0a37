"""How the embedded recognizers hear callers who talk in sentences: the development benchmark.

Callers' sentences (bench/hearing_dev.py: around the English example menus' phrases, in the
callers' own words, requests for a person, requests the menus don't offer) and every listed phrase
are spoken by several synthetic voices (Piper 'joe' at two paces and sampling noises, espeak-ng's
American and British English), degraded per condition (clean, telephone, telephone + 20 dB noise),
recognized by each candidate way of hearing, and then decided by the engine exactly as in a call.

A turn is heard right when the engine decides on the heard text (with its confidence) what it
decides on the typed sentence; a false accept is out-of-menu speech (the typed sentence re-asks)
sent to an option or a person; "empty" is speech that came back as nothing. Word error rate is
over the typed words. Confidence calibration compares the reported confidence with how often the
turn was heard right (expected calibration error, over 10 bins). Decode time is compute after the
end of the caller's speech, per turn.

Run: .venv/bin/python bench/hearing.py [--approach NAME ...] [--voices joe,espeak:en-us] [--quick] [--fit]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from hearing_dev import MENUS  # noqa: E402

from ivr.engine import effects as fx  # noqa: E402
from ivr.engine.events import SpeechRecognized  # noqa: E402
from ivr.engine.state import CallState  # noqa: E402
from ivr.engine.step import step  # noqa: E402
from ivr.flow.machine import Flow, Menu  # noqa: E402
from ivr.flow.text import normalize  # noqa: E402
from ivr.loading import load_flow  # noqa: E402
from ivr.speech import Recognized, audio  # noqa: E402

CONDITIONS = {"clean": (False, None), "telephone": (True, None), "telephone + noise 20 dB": (True, 20.0)}
VOICES = ("joe", "joe~", "espeak:en-us", "espeak:en-gb")  # joe~: Piper's sampling noise on, 10% slower
CACHE = Path("/tmp/ivr-hearing-cache")


@dataclass(frozen=True)
class Item:
    menu: str
    kind: str  # "listed" (a listed phrase alone), an option's label, "human" or "out"
    text: str
    listen: fx.Listen
    typed: str  # what the engine decides on the typed text


@dataclass
class Turn:
    item: Item
    voice: str
    condition: str
    heard: Recognized | None
    decided: str
    seconds: float
    features: dict[str, float] = field(default_factory=dict)
    text_right: bool = False  # the heard text, taken as certain, leads where the typed text does

    @property
    def right(self) -> bool:
        return self.decided == self.item.typed

    @property
    def false_accept(self) -> bool:
        return self.item.typed == "re-ask" and self.decided not in ("re-ask", "ambiguous", "confirm")


def decide(flow: Flow, node: str, text: str, confidence: float, readings: tuple[str, ...] = ()) -> str:
    """What the engine does with this turn at ``node``: the node it goes to, or 're-ask' / 'ambiguous' / 'confirm'."""
    state = CallState(call_id="bench", node=node, language=flow.language, awaiting="input", path=[node])
    after, _ = step(flow, state, SpeechRecognized(text, confidence, (), readings))
    if len(after.path) > 1:
        return after.path[1]
    return "re-ask" if after.phase == "ask" else after.phase


def listen_for(flow: Flow, node: Menu) -> fx.Listen:
    return fx.Listen(node.id, "en", node.grammar.phrases["en"], fx.DtmfSpec(node.grammar.dtmf, 1, None), node.timeout,
                     node.barge_in)


def items(quick: bool) -> tuple[list[Item], dict[str, Flow]]:
    out: list[Item] = []
    flows: dict[str, Flow] = {}
    for menu, groups in MENUS.items():
        name, node_id = menu.split(":")
        flow = flows.setdefault(name, load_flow(ROOT / "flows" / f"{name}.yaml"))
        node = flow.nodes[node_id]
        assert isinstance(node, Menu)
        listen = listen_for(flow, node)
        listed = [p for c in node.choices for p in (*c.phrases.get("en", ()), *c.phrases.get("*", ()))]
        for kind, texts in (("listed", listed), *groups.items()):
            for text in texts[:: 3 if quick else 1]:
                out.append(Item(menu, kind, text, listen, decide(flow, node_id, text, 1.0)))
    return out, flows


def voice_audio(names: list[str], texts: set[str]) -> dict[tuple[str, str], np.ndarray]:
    """Every text in every voice, cached on disk (synthesis is slow; voices repeat exactly)."""
    from ivr.speech.voice import CallerVoice

    CACHE.mkdir(exist_ok=True)
    out = {}
    for name in names:
        voice = None
        for text in sorted(texts):
            path = CACHE / (hashlib.sha1(f"{name}\0{text}".encode()).hexdigest() + ".npy")
            if not path.exists():
                if voice is None:
                    voice = CallerVoice("joe", variation=1.0, pace=1.1) if name == "joe~" else CallerVoice(name)
                np.save(path, voice.speak(text))
            out[name, text] = np.load(path)
    return out


def degrade(pcm: np.ndarray, condition: str, seed: int) -> np.ndarray:
    telephone, snr = CONDITIONS[condition]
    if telephone:
        pcm = audio.telephone(pcm)
    if snr is not None:
        pcm = audio.add_noise(pcm, snr, seed=seed)
    return pcm


def wer(said: str, heard: str) -> tuple[int, int]:
    """(edits, words said) between two texts, normalised as the engine does."""
    a, b = normalize(said).split(), normalize(heard).split()
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1], len(a)


# -- the candidates ----------------------------------------------------------------------------------


def approaches() -> dict[str, Callable[[], Any]]:
    from ivr.speech import sphinx

    return {"grammar": ExactGrammar, "grammar+garbage": GarbageGrammar, "keyphrases": Keyphrases,
            "state-lm (phrases only)": lambda: sphinx.SphinxRecognizer(related=False),
            "state-lm": sphinx.SphinxRecognizer,
            "state-lm (phone model)": lambda: sphinx.SphinxRecognizer(phone=True),
            "state-lm (phone model, no readings)": lambda: sphinx.SphinxRecognizer(phone=True, readings=0),
            "state-lm (related x0.25)": lambda: sphinx.SphinxRecognizer(related_weight=0.25),
            "state-lm (+person words)": lambda: sphinx.SphinxRecognizer(human_words=True),
            "state-lm (+person words x2)": lambda: sphinx.SphinxRecognizer(human_words=True, human_weight=2.0)}


class ExactGrammar:
    """The recognizer before: a JSGF grammar of the state's exact phrases plus spoken keys, confidence 1."""

    name = "grammar"

    def __init__(self) -> None:
        from ivr.speech.sphinx import SphinxRecognizer

        self.inner = SphinxRecognizer()
        self.inner.search = self.search  # type: ignore[method-assign]
        self.names: dict[str, str] = {}

    def body(self, listen: fx.Listen) -> list[str]:
        from ivr.speech.sphinx import _KEY_WORDS, _NUMBERS

        alternatives = [" ".join(w) for w in (self.inner.spelled(p) for p in listen.phrases) if w]
        keys = [_NUMBERS[k] for k in listen.dtmf.keys if k in _NUMBERS]
        return [*dict.fromkeys(alternatives), f"[{' | '.join(_KEY_WORDS)}] ({' | '.join(keys)})"]

    def jsgf(self, listen: fx.Listen) -> str:
        return f"#JSGF V1.0;\ngrammar state;\npublic <utt> = {' | '.join(self.body(listen))};\n"

    def search(self, listen: fx.Listen) -> str:
        jsgf = self.jsgf(listen)
        name = self.names.get(jsgf)
        if name is None:
            name = self.names[jsgf] = "x" + hashlib.sha1(jsgf.encode()).hexdigest()[:12]
            self.inner.decoder.add_jsgf_string(name, jsgf)
            self.inner.searches[name] = "g"
        return name

    def prepare(self, listen: fx.Listen) -> None:
        self.search(listen)

    def recognize(self, listen: fx.Listen, frames: Iterator[bytes]) -> Recognized | None:
        heard = self.inner.recognize(listen, frames)
        if heard is None or not heard.text:
            return None  # the recognizer before: nothing heard and nothing placed were both silence
        return Recognized(heard.text, 1.0, (), heard.audio_seconds, heard.decode_seconds)


class GarbageGrammar(ExactGrammar):
    """The exact grammar with a garbage loop around the phrases and instead of them: any of English's
    500 most common words (weighted down), so words around a phrase and speech outside the menu have a path."""

    name = "grammar+garbage"

    def jsgf(self, listen: fx.Listen) -> str:
        from ivr.speech.sphinx import _common_words

        common = [w for w in _common_words(self.inner.dictionary, 500) if self.inner.known(w)]
        fill = " | ".join(common)
        body = " | ".join(self.body(listen))
        return (f"#JSGF V1.0;\ngrammar state;\n<fill> = {fill};\n"
                f"public <utt> = /0.8/ ([<fill>+] ({body}) [<fill>+]) | /0.2/ (<fill>+);\n")

    def recognize(self, listen: fx.Listen, frames: Iterator[bytes]) -> Recognized | None:
        heard = self.inner.recognize(listen, frames)
        if heard is None or not heard.text:
            return None
        return Recognized(heard.text, min(1.0, heard.confidence), (), heard.audio_seconds, heard.decode_seconds)


class Keyphrases(ExactGrammar):
    """Keyphrase spotting: PocketSphinx's kws search listens for the state's phrases anywhere in the
    turn, each with a detection threshold by its length; the text is the phrases spotted."""

    name = "keyphrases"

    def search(self, listen: fx.Listen) -> str:
        from ivr.speech.sphinx import _NUMBERS

        phrases = [w for w in (self.inner.spelled(p) for p in listen.phrases) if w]
        phrases += [[k, _NUMBERS[d]] for d in listen.dtmf.keys if d in _NUMBERS for k in ("press", "option")]
        lines = "".join(f"{' '.join(p)} /1e-{10 + 10 * min(len(p), 3)}/\n" for p in phrases)
        name = self.names.get(lines)
        if name is None:
            import tempfile

            name = self.names[lines] = "k" + hashlib.sha1(lines.encode()).hexdigest()[:12]
            with tempfile.NamedTemporaryFile("w", suffix=".kws") as f:
                f.write(lines)
                f.flush()
                self.inner.decoder.add_kws(name, f.name)
            self.inner.searches[name] = "k"
        return name

    def recognize(self, listen: fx.Listen, frames: Iterator[bytes]) -> Recognized | None:
        heard = self.inner.recognize(listen, frames)
        if heard is None or not heard.text:
            return None
        return Recognized(heard.text, 1.0, (), heard.audio_seconds, heard.decode_seconds)


# -- the report --------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def calibration(turns: list[Turn]) -> tuple[float, list[tuple[float, float, int]]]:
    """Expected calibration error and (mean confidence, share heard right, count) per 0.1 bin."""
    bins: dict[int, list[Turn]] = {}
    for t in turns:
        c = t.heard.confidence if t.heard else 0.0
        bins.setdefault(min(int(c * 10), 9), []).append(t)
    rows, ece = [], 0.0
    for b in sorted(bins):
        group = bins[b]
        conf = statistics.mean(t.heard.confidence if t.heard else 0.0 for t in group)
        acc = sum(t.right for t in group) / len(group)
        ece += len(group) / len(turns) * abs(conf - acc)
        rows.append((conf, acc, len(group)))
    return ece, rows


def auc(turns: list[Turn]) -> float:
    """How well confidence ranks turns heard right above those heard wrong (0.5: not at all)."""
    pos = [t.heard.confidence if t.heard else 0.0 for t in turns if t.right]
    neg = [t.heard.confidence if t.heard else 0.0 for t in turns if not t.right]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def report(name: str, turns: list[Turn]) -> None:
    print(f"\n== {name}: {len(turns)} turns")
    head = ("condition", "listed", "around", "human", "out: re-asked", "false acc.", "empty", "WER", "ECE", "AUC", "p50 ms", "p95 ms")
    print(" | ".join(head))
    for condition in [*CONDITIONS, "all"]:
        ts = [t for t in turns if condition in ("all", t.condition)]
        if not ts:
            continue

        def share(pred: Callable[[Turn], bool], sel: Callable[[Turn], bool], ts: list[Turn] = ts) -> str:
            group = [t for t in ts if sel(t)]
            return f"{sum(pred(t) for t in group) / len(group):.1%}" if group else "-"

        edits = [wer(t.item.text, t.heard.text if t.heard else "") for t in ts]
        ms = [t.seconds * 1000 for t in ts]
        ece, _ = calibration(ts)
        print(" | ".join([
            condition,
            share(lambda t: t.right, lambda t: t.item.kind == "listed"),
            share(lambda t: t.right, lambda t: t.item.kind not in ("listed", "human", "out")),
            share(lambda t: t.decided == t.item.typed, lambda t: t.item.kind == "human"),
            share(lambda t: t.decided in ("re-ask", "ambiguous", "confirm"), lambda t: t.item.kind == "out" and t.item.typed == "re-ask"),
            share(lambda t: t.false_accept, lambda t: t.item.typed == "re-ask"),
            share(lambda t: t.heard is None or not t.heard.text, lambda t: True),
            f"{sum(e for e, _ in edits) / max(1, sum(n for _, n in edits)):.1%}",
            f"{ece:.3f}", f"{auc(ts):.3f}", f"{pct(ms, 0.5):.0f}", f"{pct(ms, 0.95):.0f}",
        ]))
    for voice in sorted({t.voice for t in turns}):
        ts = [t for t in turns if t.voice == voice]
        print(f"   {voice}: heard right {sum(t.right for t in ts) / len(ts):.1%}, "
              f"false accepts {sum(t.false_accept for t in ts)}/{sum(t.item.typed == 're-ask' for t in ts)}")
    _, rows = calibration(turns)
    print("   calibration (confidence -> heard right, turns): " + ", ".join(f"{c:.2f}->{a:.0%} ({n})" for c, a, n in rows))


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2) -> np.ndarray:
    """Weights (bias first) of a logistic regression, by Newton's method with a little L2."""
    x = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def fit(turns: list[Turn]) -> None:
    """Fit the confidence to 'the heard text leads where the typed text does' over the turns with
    words heard; report it held out by voice (fit on the other voices, scored on this one)."""
    usable = [t for t in turns if t.features]
    names = sorted(usable[0].features)
    x = np.array([[t.features[n] for n in names] for t in usable])
    y = np.array([float(t.text_right) for t in usable])
    voices = sorted({t.voice for t in usable})
    held: list[float] = [0.0] * len(usable)
    for voice in voices:
        train = np.array([t.voice != voice for t in usable])
        w = logistic(x[train], y[train])
        for i in np.nonzero(~train)[0]:
            held[i] = float(1 / (1 + np.exp(-(w[0] + x[i] @ w[1:]))))
    w = logistic(x, y)
    print("   fitted: CALIBRATION = {" + ", ".join(f'"{n}": {v:.3f}' for n, v in zip(["bias", *names], w, strict=True)) + "}")
    scored = [Turn(t.item, t.voice, t.condition, Recognized(t.heard.text, c) if t.heard else None, t.decided, t.seconds,
                   t.features, t.text_right) for t, c in zip(usable, held, strict=True)]
    for t in scored:
        t.decided = t.item.typed if t.text_right else "x"
    ece, rows = calibration(scored)
    print(f"   held out by voice: ECE {ece:.3f}, AUC {auc(scored):.3f}; "
          + ", ".join(f"{c:.2f}->{a:.0%} ({n})" for c, a, n in rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--approach", action="append", help="candidates to run (default: all)")
    parser.add_argument("--voices", default=",".join(VOICES))
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("--quick", action="store_true", help="a third of the sentences")
    parser.add_argument("--misses", action="store_true", help="print the turns heard wrong")
    parser.add_argument("--fit", action="store_true", help="fit the confidence calibration to these turns and print it")
    parser.add_argument("--dump", help="write every turn (features included) to this JSON-lines file")
    args = parser.parse_args()
    todo, flows = items(args.quick)
    voices = args.voices.split(",")
    conditions = args.conditions.split(",")
    spoken = voice_audio(voices, {i.text for i in todo})
    candidates = approaches()
    for name in args.approach or list(candidates):
        asr = candidates[name]()
        for listen in {i.listen for i in todo}:
            asr.prepare(listen)  # as a call does when the state starts listening
        turns = []
        for n, item in enumerate(todo):
            flow = flows[item.menu.split(":")[0]]
            for voice in voices:
                for condition in conditions:
                    pcm = degrade(spoken[voice, item.text], condition, seed=n)
                    started = time.perf_counter()
                    heard = asr.recognize(item.listen, audio.frames(audio.pad(pcm)))
                    elapsed = time.perf_counter() - started
                    seconds = heard.decode_seconds if heard is not None and heard.decode_seconds else elapsed
                    decided = decide(flow, item.listen.node, heard.text, heard.confidence, heard.readings) if heard else "re-ask"
                    features = dict(getattr(asr, "last_features", {}) or {}) if heard is not None and heard.text else {}
                    text_right = (decide(flow, item.listen.node, heard.text, 1.0) if heard else "re-ask") == item.typed
                    turns.append(Turn(item, voice, condition, heard, decided, seconds, features, text_right))
        report(name, turns)
        if args.fit:
            fit(turns)
        if args.misses:
            for t in turns:
                if not t.right:
                    print(f"   miss [{t.voice}, {t.condition}] {t.item.menu} {t.item.kind}: {t.item.text!r} -> "
                          f"{t.heard.text if t.heard else None!r} ({t.heard.confidence if t.heard else 0:.2f}) "
                          f"{t.decided} (typed: {t.item.typed})")
        if args.dump:
            import json

            with open(args.dump, "a", encoding="utf-8") as f:
                for t in turns:
                    f.write(json.dumps({"approach": name, "menu": t.item.menu, "kind": t.item.kind, "said": t.item.text,
                                        "voice": t.voice, "condition": t.condition, "typed": t.item.typed,
                                        "heard": t.heard.text if t.heard else None,
                                        "confidence": t.heard.confidence if t.heard else None, "decided": t.decided,
                                        "right": t.right, "text_right": t.text_right, "ms": round(t.seconds * 1000, 1), "features": t.features}) + "\n")


if __name__ == "__main__":
    main()
