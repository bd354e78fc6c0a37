"""Speech benchmark: branch accuracy, speed and memory per recognizer and audio condition.

Every menu phrase of the English example flows is spoken by the Piper caller voice at three
speaking rates, degraded per condition, recognized with the state's grammar, and matched by the
engine exactly as in a call. Run: .venv/bin/python bench/speech.py [--quick]
"""

from __future__ import annotations

import argparse
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


def cases(quick: bool) -> list[tuple[Menu, fx.Listen, str, int]]:
    out = []
    for name in ("bank", "telecom"):
        flow = load_flow(ROOT / "flows" / f"{name}.yaml")
        for node in flow.nodes.values():
            if not isinstance(node, Menu):
                continue
            listen = fx.Listen(node.id, "en", node.grammar.phrases["en"], fx.DtmfSpec(node.grammar.dtmf, 1, None),
                               node.timeout, node.barge_in)
            for i, choice in enumerate(node.choices):
                for phrase in (*choice.phrases.get("en", ()), *choice.phrases.get("*", ())):
                    out.append((node, listen, phrase, i))
    return out[:: 4 if quick else 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a quarter of the phrases, one speaking rate")
    args = parser.parse_args()
    from piper import SynthesisConfig

    from ivr.speech.sphinx import SphinxRecognizer
    from ivr.speech.voice import CallerVoice

    console = Console()
    base = rss_mb()
    started = time.perf_counter()
    asr = SphinxRecognizer()
    load_s = time.perf_counter() - started
    one_model = rss_mb() - base
    extra = [SphinxRecognizer() for _ in range(3)]
    per_call = (rss_mb() - base - one_model) / 3
    del extra
    voice = CallerVoice()
    rates = (1.0,) if args.quick else (0.85, 1.0, 1.15)
    todo = cases(args.quick)
    spoken: list[tuple[Menu, fx.Listen, str, int, audio.Pcm]] = []
    for rate in rates:
        voice.config = SynthesisConfig(length_scale=rate, noise_scale=0.0, noise_w_scale=0.0)
        spoken += [(node, listen, phrase, want, voice.speak(phrase)) for node, listen, phrase, want in todo]
    scores = {c: Score() for c in CONDITIONS}
    misses: dict[str, list[str]] = {c: [] for c in CONDITIONS}
    for condition, (telephone, snr) in CONDITIONS.items():
        score = scores[condition]
        for n, (node, listen, phrase, want, pcm) in enumerate(spoken):
            if telephone:
                pcm = audio.telephone(pcm)
            if snr is not None:
                pcm = audio.add_noise(pcm, snr, seed=n)
            data = audio.pad(pcm).tobytes()
            heard = asr.recognize(listen, (data[i : i + 640] for i in range(0, len(data), 640)))
            score.total += 1
            if heard is None:
                misses[condition].append(f"{phrase!r} -> (nothing)")
                continue
            score.audio_s += heard.audio_seconds
            score.decode_s += heard.decode_seconds
            score.decisions_ms.append(heard.decode_seconds * 1000)
            result = match(heard.text, "en", node.choices, load_flow_human(node))
            if result.choices == (want,):
                score.right += 1
            else:
                misses[condition].append(f"{phrase!r} -> {heard.text!r}")
    clean = scores["clean"].right / max(scores["clean"].total, 1)
    table = Table(title=f"PocketSphinx, {len(spoken)} spoken menu phrases per condition (Piper 'joe', rates {rates})")
    for col in ("condition", "branch accuracy", "vs clean", "real-time factor", "decision p50 ms", "decision p95 ms"):
        table.add_column(col, justify="left" if col == "condition" else "right")
    for condition, s in scores.items():
        acc = s.right / max(s.total, 1)
        p = sorted(s.decisions_ms) or [0.0]
        table.add_row(condition, f"{acc:.1%} ({s.right}/{s.total})", f"{acc / clean:.2f}x" if clean else "-",
                      f"{s.decode_s / max(s.audio_s, 1e-9):.3f}", f"{statistics.median(p):.0f}",
                      f"{p[min(len(p) - 1, int(len(p) * 0.95))]:.0f}")
    console.print(table)
    console.print(f"model load {load_s:.2f} s; memory: first recognizer {one_model:.0f} MB, each extra call "
                  f"{per_call:.0f} MB (PocketSphinx can't share a model between decoders); "
                  f"the endpointer waits {END_OF_SPEECH_S} s of silence before deciding (not counted above). "
                  f"{os.cpu_count()} cores.")
    for condition, items in misses.items():
        if items:
            console.print(f"[dim]{condition} misses: {'; '.join(items[:12])}{' ...' if len(items) > 12 else ''}[/]")


_HUMAN: dict[str, object] = {}


def load_flow_human(node: Menu):  # type: ignore[no-untyped-def]
    """The human escape of the flow a menu belongs to (both example flows use the built-in one)."""
    if "bank" not in _HUMAN:
        _HUMAN["bank"] = load_flow(ROOT / "flows" / "bank.yaml").human
    return _HUMAN["bank"]


if __name__ == "__main__":
    main()
