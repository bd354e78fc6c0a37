"""Media Streams benchmark: how many callers one server hears at once and still answers within 300 ms.

N callers (N = 1, 2, 4, ...) call one media-mode server at once (``gunicorn -k gthread``, the command README
gives for webhooks, with IVR_MEDIA=1), each through ivr's Media Streams client as Twilio streams a call:
20 ms µ-law frames at the wall clock's pace, the server's prompts "played" in real time, marks echoed
when heard. Each caller answers a looping menu turn after turn (Piper's voice through the telephone band),
starting at a random moment in the first two seconds. Measured per turn: the end of the caller's speech
(their last voiced frame sent) to the first byte of the next prompt, as the caller's phone receives it;
and the server's memory (RSS of gunicorn and its workers) per call.

Side by side, in the same run, the same flow over webhooks (``<Gather input="speech" speechTimeout="auto">``)
with the same callers at the same pace: Twilio decides the caller has finished after a pause
(:data:`SPEECH_TIMEOUT_AUTO_S`) and only then posts the result; ivr's measured answer to that post is added.
What Twilio spends transcribing and then fetching or speaking the next prompt is not counted, so the
webhook column is a lower bound.

Run: .venv/bin/python bench/media.py [--calls 1,2,4,8,16,32] [--turns 6] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from twilio.request_validator import RequestValidator  # noqa: E402

from bench.mic import FLOW as MIC_FLOW  # noqa: E402
from bench.mic import PHRASES  # noqa: E402
from ivr.channels import media_client as mc  # noqa: E402
from ivr.loading import load_flow, prompt_folder  # noqa: E402
from ivr.speech import render  # noqa: E402
from ivr.speech.voice import CallerVoice  # noqa: E402

TOKEN = "bench-media-token"
GOAL_MS = 300.0
SPEECH_TIMEOUT_AUTO_S = 1.0
"""How long Twilio's ``speechTimeout="auto"`` waits after the caller stops before it posts: Twilio documents no figure
("stops recognizing speech when there is a pause in speech", twilio.com/docs/voice/twiml/gather), ../shared/REFERENCE.md
gives none; issue 17 says "about 1 s of silence", the figure used here."""
STAGGER_S = 2.0
WARM_RSS_MB = 150.0  # a worker this large has loaded PocketSphinx and its grammar
WORST_MS = 2000.0  # a load whose p95 is past this is not worth doubling
FLOW = MIC_FLOW.replace("name: bench-mic", "name: bench-media")  # the menu bench/mic answers, so the two gaps compare


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's master and workers), MB."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def worker_rss_mb(pid: int) -> list[float]:
    """Each gunicorn worker's resident memory, MB."""
    try:
        children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    except OSError:
        return []
    return [rss_mb(c) for c in children]


class Server:
    """The flow under gunicorn (threads enough for every call at once), in media mode or answering webhooks."""

    def __init__(self, flow_file: Path, tmp: Path, media: bool, threads: int) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "IVR_FLOWS": str(flow_file), "IVR_STORE": str(tmp / f"calls-{self.port}.sqlite3"),
               "TWILIO_AUTH_TOKEN": TOKEN, "IVR_MEDIA": "1" if media else "0"}
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", str(threads),
                                      "-b", f"127.0.0.1:{self.port}", "ivr.channels.twilio:from_env()"],
                                     env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


class RssPeak(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            self.peak = max(self.peak, rss_mb(self.pid))


def media_calls(server: Server, n: int, turns: int, answers: list[mc.Step], seed: int) -> dict[str, Any]:
    """N streamed calls at once; each turn's caller-stops -> next-prompt gap, the server's RSS per call."""
    rng = random.Random(seed)
    offsets = [rng.uniform(0, STAGGER_S) for _ in range(n)]

    def one(i: int) -> mc.CallReport | str:
        time.sleep(offsets[i])
        steps = [answers[(i + t) % len(answers)] for t in range(turns)] + [mc.hang_up()]
        try:
            return mc.media_call(server.base, steps, token=TOKEN, listen_s=5)
        except mc.MediaCallError as e:
            return str(e)

    idle = rss_mb(server.proc.pid)
    peak = RssPeak(server.proc.pid)
    peak.start()
    with ThreadPoolExecutor(n) as pool:
        reports = list(pool.map(one, range(n)))
    peak.done.set()
    peak.join()
    gaps = [t.response_ms for r in reports if isinstance(r, mc.CallReport) for t in r.turns if t.action == "say" and t.response_ms is not None]
    said = sum(t.action == "say" for r in reports if isinstance(r, mc.CallReport) for t in r.turns)
    failed = [r for r in reports if isinstance(r, str)] + [e for r in reports if isinstance(r, mc.CallReport) for e in r.errors]
    return {"gaps": gaps, "turns": said, "answered": len(gaps), "failed": failed, "rss_per_call_mb": max(0.0, peak.peak - idle) / n,
            "rss_idle_mb": idle}


def warm(server: Server, answers: list[mc.Step]) -> None:
    """Calls until every worker has loaded a recognizer (a worker's first stream loads it, which takes seconds: not measured)."""
    for _ in range(8):
        workers = worker_rss_mb(server.proc.pid)
        if len(workers) >= 2 and min(workers) > WARM_RSS_MB:
            return
        media_calls(server, 2, 1, answers, seed=random.randrange(1 << 30))


def webhook_calls(server: Server, n: int, turns: int, answers: list[tuple[str, float]], seed: int) -> dict[str, Any]:
    """The same callers over webhooks: each turn posts what Twilio would (SpeechResult) after the caller spoke and
    speechTimeout="auto" waited; the gap is that wait plus ivr's measured answer."""
    rng = random.Random(seed)
    offsets = [rng.uniform(0, STAGGER_S) for _ in range(n)]
    validator = RequestValidator(TOKEN)

    def post(path: str, params: dict[str, str]) -> tuple[str, float]:
        url = server.base + path
        req = urllib.request.Request(url, urlencode(params).encode(), headers={"X-Twilio-Signature": validator.compute_signature(url, params)})
        start = time.monotonic()
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read().decode()
        return body, (time.monotonic() - start) * 1000

    def one(i: int) -> list[float]:
        time.sleep(offsets[i])
        sid = f"CAbench{seed:04d}{i:04d}"
        twiml, _ = post("/voice", {"CallSid": sid, "From": "+15550100", "To": "+15550101", "AccountSid": "AC" + "0" * 32})
        measured = []
        for t in range(turns):
            action = re.search(r'action="(/turn/[^"]+)"', twiml)
            if action is None:
                break
            text, seconds = answers[(i + t) % len(answers)]
            time.sleep(mc.PAUSE_S + seconds + SPEECH_TIMEOUT_AUTO_S)  # the prompt is heard, the caller speaks, Twilio waits
            twiml, ms = post(action.group(1), {"CallSid": sid, "SpeechResult": text, "Confidence": "0.9"})
            measured.append(ms)
        post("/status", {"CallSid": sid, "CallStatus": "completed", "CallDuration": "20"})
        return measured

    with ThreadPoolExecutor(n) as pool:
        measured = [ms for call in pool.map(one, range(n)) for ms in call]
    return {"response": measured, "gaps": [SPEECH_TIMEOUT_AUTO_S * 1000 + ms for ms in measured]}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", default="1,2,4,8,16,32", help="Numbers of simultaneous calls, comma-separated (default: %(default)s).")
    parser.add_argument("--turns", type=int, default=6, help="Answers each caller gives (default: %(default)s).")
    parser.add_argument("--json", action="store_true", help="Also print the results as one JSON line at the end.")
    args = parser.parse_args()
    counts = [int(c) for c in args.calls.split(",")]
    console = Console(width=max(Console().width, 180))
    tmp = Path(tempfile.mkdtemp(prefix="ivr-bench-media-"))
    flow_file = tmp / "bench-media.yaml"
    flow_file.write_text(FLOW, encoding="utf-8")
    flow = load_flow(flow_file)
    render.render(flow, prompt_folder(flow))  # as deployed: `ivr audio render` before `ivr serve`
    voice = CallerVoice("joe")
    spoken = [voice.speak(p, 16_000) for p in PHRASES]
    answers = [mc.Step("say", label=p, audio=mc.line_audio(pcm, 16_000)) for p, pcm in zip(PHRASES, spoken, strict=True)]
    typed = [(p, len(pcm) / 16_000) for p, pcm in zip(PHRASES, spoken, strict=True)]

    rows: list[dict[str, Any]] = []
    for i, n in enumerate(counts):
        threads = n + 8
        server = Server(flow_file, tmp, media=True, threads=threads)
        try:
            warm(server, answers)
            media = media_calls(server, n, args.turns, answers, seed=i)
        finally:
            server.stop()
        hooks = Server(flow_file, tmp, media=False, threads=threads)
        try:
            webhooks = webhook_calls(hooks, n, args.turns, typed, seed=i)
        finally:
            hooks.stop()
        row = {"calls": n, "media_p50": pct(media["gaps"], 0.5), "media_p95": pct(media["gaps"], 0.95),
               "webhook_p50": pct(webhooks["gaps"], 0.5), "webhook_p95": pct(webhooks["gaps"], 0.95),
               "webhook_response_p50": pct(webhooks["response"], 0.5), "webhook_response_p95": pct(webhooks["response"], 0.95),
               "rss_per_call_mb": media["rss_per_call_mb"], "rss_idle_mb": media["rss_idle_mb"], "answered": media["answered"],
               "turns": media["turns"], "failed": media["failed"][:5]}
        rows.append(row)
        if row["media_p95"] > WORST_MS or row["answered"] < row["turns"] * 0.9:
            break

    table = Table(title=f"Media Streams vs webhooks: caller stops → first byte of the next prompt; {args.turns} answers per caller, "
                        f"gunicorn -w 2 -k gthread, {os.cpu_count()} cores", title_justify="left")
    for col in ("calls", "media p50 ms", "media p95 ms", "webhooks p50 ms", "webhooks p95 ms", "webhooks/media p50",
                "webhook answer p95 ms", "RSS/call MB", "turns answered"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(str(r["calls"]), f"{r['media_p50']:.0f}", f"{r['media_p95']:.0f}", f"{r['webhook_p50']:.0f}", f"{r['webhook_p95']:.0f}",
                      f"{r['webhook_p50'] / r['media_p50']:.2f}x", f"{r['webhook_response_p95']:.1f}", f"{r['rss_per_call_mb']:.1f}",
                      f"{r['answered']}/{r['turns']}")
    console.print(table)
    met = [r["calls"] for r in rows if r["media_p95"] <= GOAL_MS and r["answered"] == r["turns"]]
    at_300 = max(met) if met else 0
    console.print(f"calls at 300 ms: {at_300} (the most simultaneous streamed calls whose p95 from the end of the caller's speech to "
                  f"the next prompt's first byte is ≤ {GOAL_MS:.0f} ms, every turn answered)")
    console.print(f"webhooks: Twilio's speechTimeout=\"auto\" modelled as {SPEECH_TIMEOUT_AUTO_S:g} s of silence before it posts "
                  "(Twilio gives no figure; issue 17's), plus ivr's measured answer; Twilio's transcription and prompt fetch not counted")
    for r in rows:
        for failure in r["failed"]:
            console.print(f"{r['calls']} calls: {failure}")
    if args.json:
        print(json.dumps({"calls_at_300ms": at_300, "rows": rows, "speech_timeout_auto_s": SPEECH_TIMEOUT_AUTO_S}))


if __name__ == "__main__":
    main()
