"""Webhook benchmark: the ivr app under gunicorn against a bare Flask endpoint, side by side.

Each simulated call posts /voice (a new CallSid) then the caller's key press to the <Gather>
action, every request signed as Twilio signs it, from N concurrent callers on loopback.
Run: .venv/bin/python bench/webhooks.py [--calls 1000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from rich.console import Console
from rich.table import Table
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).parent.parent
TOKEN = "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", "8", "-b",
                             f"127.0.0.1:{port}", "--chdir", str(ROOT / "bench"), f"webhook_apps:{app}"],
                            env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"gunicorn for {app} did not start")


def load(port: int, calls: int, concurrency: int, tag: str) -> tuple[float, list[float], int]:
    """Run ``calls`` two-turn calls; returns requests per second, latencies (ms) and failures."""
    validator = RequestValidator(TOKEN)
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    todo = iter(range(calls))

    def post(conn: http.client.HTTPConnection, path: str, params: dict[str, str]) -> str:
        body = urlencode(params)
        signature = validator.compute_signature(f"http://127.0.0.1:{port}{path}", params)
        started = time.perf_counter()
        conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                          "X-Twilio-Signature": signature})
        response = conn.getresponse()
        text = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies.append(elapsed)
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        return text

    def caller() -> None:
        nonlocal failures
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for n in todo:
            sid = f"CA{tag}{n:032d}"
            try:
                twiml = post(conn, "/voice", {"CallSid": sid, "From": "+15550100"})
                action = re.search(r'action="([^"]+)"', twiml)
                post(conn, action.group(1) if action else f"/turn/{sid}/1", {"CallSid": sid, "Digits": "3"})
            except Exception:  # noqa: BLE001 - counted and reported
                with lock:
                    failures += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=caller) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.perf_counter() - started), latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {"BENCH_TOKEN": TOKEN, "BENCH_STORE": str(Path(tmp) / "calls.sqlite3")}
        for name, app in (("bare Flask endpoint", "bare_app"), ("ivr webhooks (SQLite)", "ivr_app")):
            port = free_port()
            proc = serve(app, port, env)
            try:
                load(port, 50, 10, "warm" + app)  # warm up
                results[name] = load(port, args.calls, args.concurrency, app)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    bare_rps = results["bare Flask endpoint"][0]
    table = Table(title=f"{args.calls} two-turn calls, {args.concurrency} concurrent, gunicorn 2 workers x 8 threads, "
                        f"{os.cpu_count()} cores")
    for col in ("app", "requests/s", "vs bare", "p50 ms", "p99 ms", "failures"):
        table.add_column(col, justify="left" if col == "app" else "right")
    for name, (rps, lat, failed) in results.items():
        lat = sorted(lat)
        table.add_row(name, f"{rps:.0f}", f"{rps / bare_rps:.2f}x", f"{statistics.median(lat):.1f}",
                      f"{lat[int(len(lat) * 0.99) - 1]:.1f}", str(failed))
    Console().print(table)


if __name__ == "__main__":
    main()
