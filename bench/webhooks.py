"""Webhook benchmark: the ivr app under gunicorn beside the app a user would write instead, in one run.

Three apps, each under README's gunicorn command (bench/webhook_apps.py):

- ``ivr``: ivr's webhook app for flows/telecom.yaml;
- ``app``: the same kind of menu written with Flask and the twilio SDK: VoiceResponse for the TwiML,
  RequestValidator.validate() on every request, and the caller's session read from and written to SQLite
  once per webhook. The goal: ivr answers at least 1.5x as many webhooks a second, on /voice and turns alike;
- ``bare``: a Flask endpoint answering fixed TwiML, the floor under any Flask app.

The load comes from wrk, a C client in its own process, so the Python under test has the cores to
itself (a Python load client spent as much CPU as the server and hid the difference). Every request
is signed as Twilio signs it, every call has its own CallSid:

- ``/voice``: N new calls answered (each creates a session in the store);
- ``gather turn``: the caller's key press posted to each of those calls' <Gather> action;
- both again at the pace of real callers: 50 calls at once, each waiting between its webhooks as a
  caller listens and answers (``--pace``), which is what "50 concurrent calls" means on a phone line.

The ivr app keeps its calls in SQLite (the default store); ``--store redis`` measures it with a
throwaway redis-server on loopback instead (the store for several hosts).

Run: .venv/bin/python bench/webhooks.py [--seconds 5] [--concurrency 50] [--pace 1.0] [--rounds 3] [--store redis]
     [--app-connection request]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from rich.console import Console
from rich.table import Table
from twilio.request_validator import RequestValidator
from webhook_apps import init_user_db

ROOT = Path(__file__).parent.parent
TOKEN = "bench"
# gunicorn 24+ hands an accepted connection to a thread, which waits on it for the next request: with fewer threads
# per worker than calls at once (8, or 25 when the two workers accept unevenly), requests waited up to a second
GUNICORN = ["-w", "2", "-k", "gthread", "--threads", "50"]

# wrk script: replay pre-signed requests from a file in order; print the results as JSON.
LUA = r"""
local requests, i, pace = {}, 0, 0
function init(args)
  pace = tonumber(args[2]) or 0
  for line in io.lines(args[1]) do
    local path, sig, body = line:match("([^\t]*)\t([^\t]*)\t(.*)")
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/x-www-form-urlencoded", ["X-Twilio-Signature"] = sig}, body)
  end
end
-- callers don't speak in step: each waits about the pace (0.5x to 1.5x) before its next webhook
function delay() if pace > 0 then return math.random(math.floor(pace / 2), math.floor(pace * 3 / 2)) end return 0 end
function request()
  i = i + 1
  wrapped = i > #requests
  return requests[(i - 1) % #requests + 1]
end
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p99": %f, "errors": %d, "wrapped": %s}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write + e.status + e.timeout, tostring(threads[1]:get("wrapped") or false)))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *GUNICORN, "-b", f"127.0.0.1:{port}",
                             "--chdir", str(ROOT / "bench"), f"webhook_apps:{app}()"],
                            env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return listening(proc, port, f"gunicorn for {app}", 20)


def listening(proc: subprocess.Popen[bytes], port: int, what: str, seconds: float) -> subprocess.Popen[bytes]:
    """``proc`` once it accepts connections on ``port``; stopped, and the benchmark with it, if it doesn't in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{what} did not start")


def signed(validator: RequestValidator, port: int, path: str, params: dict[str, str]) -> str:
    return f"{path}\t{validator.compute_signature(f'http://127.0.0.1:{port}{path}', params)}\t{urlencode(params)}"


def first_action(port: int, validator: RequestValidator) -> str:
    """The <Gather action> of a call's first turn, as the app writes it (with the turn in the URL)."""
    params = {"CallSid": "CAprobe", "From": "+15550100"}
    req = urllib.request.Request(f"http://127.0.0.1:{port}/voice", urlencode(params).encode(), headers={
        "X-Twilio-Signature": validator.compute_signature(f"http://127.0.0.1:{port}/voice", params)})
    with urllib.request.urlopen(req, timeout=10) as response:
        found = re.search(r'action="([^"]+)"', response.read().decode())
    return found.group(1) if found else "/turn/CAprobe/1"


def wrk(port: int, lines: list[str], concurrency: int, seconds: float, pace_ms: int, tmp: Path) -> dict[str, float]:
    """Replay signed requests for a while; each request is used once unless the list runs out ('wrapped')."""
    requests = tmp / "requests.tsv"
    requests.write_text("\n".join(lines) + "\n")
    script = tmp / "replay.lua"
    script.write_text(LUA)
    out = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(script),
                          f"http://127.0.0.1:{port}", "--", str(requests), str(pace_ms)],
                         capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL, timeout=seconds + 60)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


class App:
    """One app under gunicorn, and the calls it has answered so far."""

    def __init__(self, name: str, tmp: Path, store: str = "", env: dict[str, str] | None = None) -> None:
        self.name, self.port = name, free_port()
        store = store or str(tmp / f"{name}.sqlite3")
        if name == "user_app":
            init_user_db(store)
        self.proc = serve(name, self.port, {"BENCH_TOKEN": TOKEN, "BENCH_STORE": store, **(env or {})})
        self.validator = RequestValidator(TOKEN)
        self.template = first_action(self.port, self.validator).replace("CAprobe", "{sid}")
        self.calls = 0

    def measure(self, concurrency: int, seconds: float, pace_ms: int, tmp: Path) -> dict[str, dict[str, float]]:
        """/voice for new calls for a while, then a gather turn for the calls it answered."""
        n = 40_000 if not pace_ms else int(concurrency * seconds * 1000 / pace_ms + concurrency) * 2
        sids = [f"CA{self.name[:4]}{self.calls + i:028d}" for i in range(n)]
        self.calls += n
        voice = [signed(self.validator, self.port, "/voice", {"CallSid": sid, "From": "+15550100"}) for sid in sids]
        answered = wrk(self.port, voice, concurrency, seconds, pace_ms, tmp)
        # only calls that were answered can take a turn: a shorter run keeps within them
        done = int(answered["requests"]) - concurrency
        turns = [signed(self.validator, self.port, self.template.format(sid=sid), {"CallSid": sid, "Digits": "3"})
                 for sid in sids[:done]]
        turned = wrk(self.port, turns, concurrency, seconds * 0.5, pace_ms, tmp)
        # and each call ends as real ones do, with Twilio's status callback: the call's record is written and its live
        # session deleted, so the store holds the calls in progress (without it, every call ever made stayed live)
        ended = [signed(self.validator, self.port, "/status", {"CallSid": sid, "CallStatus": "completed", "CallDuration": "42"})
                 for sid in sids[:int(answered["requests"])]]
        return {"/voice": answered, "turn": turned, "/status": wrk(self.port, ended, concurrency, seconds * 0.5, pace_ms, tmp)}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def redis_server(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A redis-server of its own on loopback, keeping nothing on disk; and its URL."""
    if shutil.which("redis-server") is None:
        raise SystemExit("--store redis needs redis-server: apt-get install redis-server (scripts/test installs it)")
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return listening(proc, port, "redis-server", 10), f"redis://127.0.0.1:{port}/0"


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the most requests per second (the one least disturbed by anything else on the
    machine), with the median p99 of all runs."""
    top = dict(max(runs, key=lambda r: r["requests"] / r["seconds"]))
    top["p99"] = statistics.median(r["p99"] for r in runs)
    top["p50"] = statistics.median(r["p50"] for r in runs)
    top["wrapped"] = any(r.get("wrapped") for r in runs)
    top["errors"] = sum(r["errors"] for r in runs)
    return top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each measurement (default 5)")
    parser.add_argument("--concurrency", type=int, default=50, help="calls at once (default 50)")
    parser.add_argument("--pace", type=float, default=1.0, help="seconds each paced caller waits between webhooks")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the best throughput of each is kept")
    parser.add_argument("--store", choices=("sqlite", "redis"), default="sqlite",
                        help="where the ivr app keeps its calls (default sqlite, the default store)")
    parser.add_argument("--app-connection", choices=("thread", "request"), default="thread",
                        help="the Flask + SDK app's SQLite connection: kept by each thread (default), or opened per request as in Flask's tutorial")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/webhooks.py needs wrk as its load client: apt-get install wrk (or run scripts/bench)")
    runs: dict[tuple[str, str, str], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        redis, store = redis_server(tmp) if args.store == "redis" else (None, "")
        apps: list[App] = []
        try:
            apps += [App("bare_app", tmp), App("user_app", tmp, env={"BENCH_CONNECTION": args.app_connection}), App("ivr_app", tmp, store)]
            for app in apps:
                app.measure(args.concurrency, 1, 0, tmp)  # warm up
            for _ in range(args.rounds):  # interleaved, so a disturbance hits every app alike
                for app in apps:
                    for phase, pace_ms in (("load", 0), ("paced", int(args.pace * 1000))):
                        for hook, result in app.measure(args.concurrency, args.seconds, pace_ms, tmp).items():
                            runs.setdefault((app.name, phase, hook), []).append(result)
        finally:
            for app in apps:
                app.stop()
            if redis is not None:
                redis.terminate()
                redis.wait(timeout=10)
    best_of = {name: {f"{phase} {hook}": best(r) for (app, phase, hook), r in runs.items() if app == f"{name}_app"}
               for name in ("bare", "user", "ivr")}
    table = Table(title=f"{args.concurrency} calls at once; gunicorn {' '.join(GUNICORN)}; wrk on loopback; "
                        f"{os.cpu_count()} cores; ivr's store: {args.store}; best of {args.rounds} interleaved rounds (p50/p99: their medians); "
                        f"app: Flask + the twilio SDK + SQLite (a connection per {args.app_connection}), as a user would write it")
    for col in ("load", "webhook", "bare req/s", "app req/s", "ivr req/s", "ivr vs app", "ivr vs bare",
                "bare p50/p99 ms", "app p50/p99 ms", "ivr p50/p99 ms", "errors"):
        table.add_column(col, justify="left" if col in ("load", "webhook") else "right")
    verdicts = []
    for phase, label in (("load", "back to back"), ("paced", f"callers pace {args.pace:g} s")):
        for hook in ("/voice", "turn", "/status"):
            b, u, i = (best_of[name][f"{phase} {hook}"] for name in ("bare", "user", "ivr"))
            b_rps, u_rps, i_rps = (r["requests"] / r["seconds"] for r in (b, u, i))
            throughput = phase == "load" and hook != "/status"
            if throughput:
                verdicts.append(f"{hook} {i_rps / u_rps:.2f}x")
            if any(r.get("wrapped") for r in (b, u, i)):
                label += " (requests repeated: run shorter)"
            table.add_row(label, hook, f"{b_rps:.0f}", f"{u_rps:.0f}", f"{i_rps:.0f}",
                          f"{i_rps / u_rps:.2f}x" if throughput else "-", f"{i_rps / b_rps:.2f}x" if throughput else "-",
                          *(f"{r['p50']:.1f} / {r['p99']:.1f}" for r in (b, u, i)), str(int(b["errors"] + u["errors"] + i["errors"])))
    Console(width=max(Console().width, 160)).print(table)
    print(f"goal: ivr >= 1.5x the app's throughput back to back, on /voice and turns alike (measured: {', '.join(verdicts)}); "
          "p99 < 20 ms with 50 calls at once")

if __name__ == "__main__":
    main()
