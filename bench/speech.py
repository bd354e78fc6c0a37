"""Speech benchmark: branch accuracy, speed and memory per recognizer and audio condition.

Every menu phrase of the English example flows is spoken by the Piper caller voice at three
speaking rates, degraded per condition, recognized with the state's grammar, and matched by the
engine exactly as in a call. Run: .venv/bin/python bench/speech.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from ivr.engine import effects as fx  # noqa: E402
from ivr.engine.matching import match  # noqa: E402
from ivr.flow.machine import Menu  # noqa: E402
from ivr.loading import load_flow  # noqa: E402
from ivr.speech import audio  # noqa: E402

CONDITIONS = {"clean": (False, None), "telephone": (True, None), "telephone + noise 20 dB": (True, 20.0)}
END_OF_SPEECH_S = 0.6


@dataclass
class Score:
    right: int = 0
    total: int = 0
    audio_s: float = 0.0
    decode_s: float = 0.0
    decisions_ms: list[float] = field(default_factory=list)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cases(flows: tuple[str, ...], language: str, quick: bool) -> list[tuple[Menu, fx.Listen, str, int]]:
    out = []
    for name in flows:
        flow = load_flow(ROOT / "flows" / f"{name}.yaml")
        for node in flow.nodes.values():
            if not isinstance(node, Menu):
                continue
            listen = fx.Listen(node.id, language, node.grammar.phrases[language], fx.DtmfSpec(node.grammar.dtmf, 1, None),
                               node.timeout, node.barge_in)
            for i, choice in enumerate(node.choices):
                for phrase in (*choice.phrases.get(language, ()), *choice.phrases.get("*", ())):
                    out.append((node, listen, phrase, i))
    return out[:: 4 if quick else 1]


def run(console: Console, title: str, asr, spoken, language: str, human) -> None:  # type: ignore[no-untyped-def]
    scores = {c: Score() for c in CONDITIONS}
    misses: dict[str, list[str]] = {c: [] for c in CONDITIONS}
    for condition, (telephone, snr) in CONDITIONS.items():
        score = scores[condition]
        for n, (node, listen, phrase, want, pcm) in enumerate(spoken):
            if telephone:
                pcm = audio.telephone(pcm)
            if snr is not None:
                pcm = audio.add_noise(pcm, snr, seed=n)
            padded = audio.pad(pcm)
            started = time.perf_counter()
            heard = asr.recognize(listen, audio.frames(padded))
            elapsed = time.perf_counter() - started
            score.total += 1
            score.audio_s += len(padded) / audio.RATE
            score.decode_s += elapsed
            if heard is None:
                misses[condition].append(f"{phrase!r} -> (nothing)")
                continue
            score.decisions_ms.append(heard.decode_seconds * 1000)
            result = match(heard.text, language, node.choices, human)
            if result.choices == (want,):
                score.right += 1
            else:
                misses[condition].append(f"{phrase!r} -> {heard.text!r}")
    clean = scores["clean"].right / max(scores["clean"].total, 1)
    table = Table(title=title)
    for col in ("condition", "branch accuracy", "vs clean", "real-time factor", "decision p50 ms", "decision p95 ms"):
        table.add_column(col, justify="left" if col == "condition" else "right")
    for condition, s in scores.items():
        acc = s.right / max(s.total, 1)
        p = sorted(s.decisions_ms) or [0.0]
        table.add_row(condition, f"{acc:.1%} ({s.right}/{s.total})", f"{acc / clean:.2f}x" if clean else "-",
                      f"{s.decode_s / max(s.audio_s, 1e-9):.3f}", f"{statistics.median(p):.0f}",
                      f"{p[min(len(p) - 1, int(len(p) * 0.95))]:.0f}")
    console.print(table)
    for condition, items in misses.items():
        if items:
            console.print(f"[dim]{condition} misses: {'; '.join(items[:10])}{' ...' if len(items) > 10 else ''}[/]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a quarter of the phrases, one speaking rate")
    args = parser.parse_args()

    from ivr.speech.kaldi import VoskRecognizer
    from ivr.speech.sphinx import SphinxRecognizer
    from ivr.speech.voice import CallerVoice

    console = Console()
    notes = []

    base = rss_mb()
    started = time.perf_counter()
    sphinx = SphinxRecognizer()
    load_s = time.perf_counter() - started
    one_model = rss_mb() - base
    extra = [SphinxRecognizer() for _ in range(3)]
    per_call = (rss_mb() - base - one_model) / 3
    del extra
    notes.append(f"PocketSphinx: load {load_s:.2f} s, {one_model:.0f} MB, each extra concurrent call {per_call:.0f} MB "
                 "(a decoder can't share its model)")
    voice = CallerVoice()
    rates = (1.0,) if args.quick else (0.85, 1.0, 1.15)
    todo = cases(("bank", "telecom"), "en", args.quick)
    spoken = []
    for rate in rates:
        paced = voice.paced(rate)
        spoken += [(node, listen, phrase, want, paced.speak(phrase)) for node, listen, phrase, want in todo]
    human = load_flow(ROOT / "flows" / "bank.yaml").human
    run(console, f"PocketSphinx, English: {len(spoken)} menu phrases per condition (Piper 'joe', rates {rates})",
        sphinx, spoken, "en", human)

    import vosk

    vosk_asr = VoskRecognizer()
    base = rss_mb()
    started = time.perf_counter()
    model = vosk_asr.model("ko")
    load_s = time.perf_counter() - started
    one_model = rss_mb() - base
    korean = load_flow(ROOT / "flows" / "korean.yaml")
    menu = korean.nodes["main"]
    assert isinstance(menu, Menu)
    listen = fx.Listen(menu.id, "ko", menu.grammar.phrases["ko"], fx.DtmfSpec(menu.grammar.dtmf, 1, None), 5.0, True)
    grammar = json.dumps(vosk_asr.grammar(model, listen), ensure_ascii=False)
    before = rss_mb()
    calls = [vosk.KaldiRecognizer(model, 16000.0, grammar) for _ in range(20)]
    per_call = (rss_mb() - before) / len(calls)
    del calls
    notes.append(f"Vosk (Korean model): load {load_s:.2f} s, {one_model:.0f} MB shared by every call, "
                 f"each extra concurrent call {per_call:.1f} MB")
    espeak = CallerVoice("espeak:ko")
    todo = cases(("korean",), "ko", False)
    spoken = [(node, listen, phrase, want, espeak.speak(phrase)) for node, listen, phrase, want in todo]
    run(console, f"Vosk, Korean: {len(spoken)} menu phrases per condition (espeak-ng 'ko')", vosk_asr, spoken, "ko",
        korean.human)
    for note in notes:
        console.print(note)
    console.print(f"Decision time is compute after the end of the caller's turn; the end itself is "
                  f"{END_OF_SPEECH_S} s of silence (PocketSphinx) or Vosk's endpointing. {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
