"""Soak: callers at once through README's production gunicorn command, while a worker dies and the disk fills.

Every caller dials in, listens, thinks (``--pace``: 0.5x to 1.5x of it between webhooks) and answers as a
person would (keys or speech: branch hours, a lost card, a balance with account number and PIN, complaints,
a banker; now and then nothing at all), waits in the queue when handed to a person, and hangs up; Twilio's
status callback ends each call. Each webhook is signed as Twilio signs it. Each of ``--calls`` lines takes
a new call a moment after its last one ended, for ``--seconds``; calls then in progress are seen through. Meanwhile:

- at a third of the run a gunicorn worker is SIGKILLed while requests are in flight (the master starts another);
- at half of it the store's disk is full for ``--fault-seconds``: the SQLite store lives on a small tmpfs of
  its own, and a filler file takes all of it (when mounting is not permitted, the store is made read-only
  instead, which root ignores: the bench says so).

Twilio's behaviour on a failed webhook is played too: with the number's Fallback URL set (``--fallback``,
as README tells operators), Twilio posts the call's fields there with ErrorCode and ErrorUrl, and the call
goes on with that TwiML; without one, or when that fails too, Twilio apologises and hangs up.

A call is lost when a webhook of it got no valid TwiML (connection error, timeout, 5xx, not XML), even from
the Fallback URL, or when it ended in silence (a bare hang-up) without reaching a person or finishing what the
caller came for. The table gives requests, errors, latency, calls lost and calls handed to a person they did
not ask for (a fault answered with <Enqueue> or <Dial> instead of silence), for each stretch of the run.

Run: .venv/bin/python bench/soak.py [--seconds 60] [--calls 200] [--pace 2] [--fault-seconds 10] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import aiohttp
from rich.console import Console
from rich.table import Table
from twilio.request_validator import RequestValidator
from webhooks import GUNICORN, free_port, listening

ROOT = Path(__file__).parent.parent
TOKEN = "soak"
TWILIO_TIMEOUT = 15.0  # Twilio gives up on a webhook after 15 s
MAX_HOOKS = 20  # a caller still in the menu after this many webhooks is trapped
KILL_IN_FLIGHT_WAIT = 2.0

# the caller's reason to call, how often, and what they press or say at the main menu
INTENTS = {"hours": (30, "4", "branch hours"), "lost card": (20, "2", "lost card"), "balance": (20, "1", "check my balance"),
           "complaints": (10, "3", "make a complaint"), "person": (20, "0", "talk to a banker")}
ASKS_PERSON = {"lost card", "complaints", "person"}


@dataclass
class Hook:
    """One webhook request as Twilio made it."""

    at: float  # when its answer came (or didn't), in seconds since the start of the run
    ms: float
    ok: bool
    path: str


@dataclass
class Call:
    sid: str
    intent: str
    speaks: bool
    hooks: list[float] = field(default_factory=list)  # when each of its webhooks was made
    person: bool = False
    completed: bool = False
    lost: str = ""  # why, when it was
    lost_at: float = 0.0
    unasked: list[float] = field(default_factory=list)  # when it was handed to a person it had not asked for
    status_ok: bool = False


@dataclass
class Step:
    """What the caller hears in a TwiML answer and what Twilio does next."""

    kind: str  # gather, record, person, redirect, end
    action: str | None = None
    text: str = ""
    wait: str | None = None


def read_twiml(root: ET.Element) -> Step:
    """The verb that ends the caller's listening, as Twilio runs the answer from the top."""
    heard: list[str] = []
    for verb in root:
        if verb.tag == "Say":
            heard.append(verb.text or "")
        elif verb.tag == "Play":
            heard.append("(audio)")
        elif verb.tag == "Gather":
            heard += [v.text or "" for v in verb.iter("Say")] + ["(audio)" for _ in verb.iter("Play")]
            return Step("gather", verb.get("action"), " ".join(heard))
        elif verb.tag == "Record":
            return Step("record", verb.get("action"), " ".join(heard))
        elif verb.tag in ("Enqueue", "Dial"):
            return Step("person", verb.get("action"), " ".join(heard), verb.get("waitUrl"))
        elif verb.tag == "Redirect":
            return Step("redirect", (verb.text or "").strip(), " ".join(heard))
        elif verb.tag in ("Hangup", "Reject"):
            break
    return Step("end", None, " ".join(heard))


class Phone:
    """Twilio's side of the calls: signed webhooks, its fallback on failure, and what each call went through."""

    def __init__(self, http: aiohttp.ClientSession, port: int, fallback: str, pace: float, seed: int) -> None:
        self.http, self.base, self.fallback, self.pace = http, f"http://127.0.0.1:{port}", fallback, pace
        self.validator = RequestValidator(TOKEN)
        self.rng = random.Random(seed)
        self.t0 = time.monotonic()
        self.hooks: list[Hook] = []
        self.calls: list[Call] = []
        self.in_flight = 0
        self.fallbacks = self.fallbacks_ok = 0
        self.made = 0

    def now(self) -> float:
        return time.monotonic() - self.t0

    async def post(self, path: str, form: dict[str, str], twiml: bool = True) -> tuple[ET.Element | None, str]:
        """One signed webhook: its TwiML root (None when there was none to run) and, if it failed, why."""
        url = urljoin(self.base, path)
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, form)}
        start, root, why = self.now(), None, ""
        self.in_flight += 1
        try:
            async with self.http.post(url, data=form, headers=headers) as response:
                body = await response.text()
                if twiml and response.status != 200:
                    why = f"HTTP {response.status}"
                elif not twiml and response.status >= 300:
                    why = f"HTTP {response.status}"
                elif twiml:
                    if response.content_type not in ("text/xml", "application/xml"):
                        why = f"content type {response.content_type}"
                    else:
                        try:
                            parsed = ET.fromstring(body)
                        except ET.ParseError:
                            why = "not XML"
                        else:
                            root = parsed if parsed.tag == "Response" else None
                            why = "" if root is not None else f"<{parsed.tag}> instead of <Response>"
        except (TimeoutError, aiohttp.ClientError, OSError) as e:
            why = type(e).__name__
        finally:
            self.in_flight -= 1
        end = self.now()
        self.hooks.append(Hook(end, (end - start) * 1000, not why, urlsplit(url).path.split("/")[1]))
        return root, why

    async def fetch(self, call: Call, path: str, form: dict[str, str]) -> tuple[ET.Element | None, bool]:
        """The TwiML Twilio runs next for ``call``: from the webhook, else from the Fallback URL (whether it was)."""
        call.hooks.append(self.now())
        root, why = await self.post(path, form)
        if root is not None:
            return root, False
        failed = self.now()
        if self.fallback:
            self.fallbacks += 1
            code = "11200" if why.startswith("HTTP") else "12100" if why.startswith(("not XML", "content", "<")) else "11205"
            root, _ = await self.post(self.fallback, {**form, "ErrorCode": code, "ErrorUrl": urljoin(self.base, path)})
            if root is not None:
                self.fallbacks_ok += 1
                return root, True
        call.lost, call.lost_at = f"no TwiML ({why})", failed
        return None, False

    def answer(self, call: Call, step: Step, first_menu: list[bool]) -> tuple[dict[str, str], bool]:
        """What the caller presses or says at a <Gather>, and whether it asks for a person."""
        text, rng = step.text.lower(), self.rng
        if "account number" in text:
            return {"Digits": "".join(rng.choice("0123456789") for _ in range(8))}, False
        if re.search(r"\bpin\b", text):
            return {"Digits": "".join(rng.choice("0123456789") for _ in range(4))}, True  # the lookup can't reach the bank
        if "anything else" in text:
            return ({"SpeechResult": "no thanks", "Confidence": "0.93"} if call.speaks else {"Digits": "2"}), False
        if "press 1" in text and "balance" in text:
            if first_menu[0] and rng.random() < 0.1:  # listened to the whole menu, pressed nothing
                first_menu[0] = False
                return {}, False
            first_menu[0] = False
            _, key, phrase = INTENTS[call.intent]
            spoken = {"SpeechResult": phrase, "Confidence": f"{rng.uniform(0.7, 0.98):.2f}"}
            return (spoken if call.speaks else {"Digits": key}), call.intent in ASKS_PERSON
        return {"Digits": "0"}, True  # a prompt this caller doesn't know: a person, please

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(self.pace / 2, self.pace * 3 / 2))

    async def call(self) -> Call:
        """One call from ring to the status callback."""
        self.made += 1
        intent = self.rng.choices(list(INTENTS), [w for w, _, _ in INTENTS.values()])[0]
        call = Call(f"CA{self.made:032x}", intent, self.rng.random() < 0.3)
        self.calls.append(call)
        fields = {"CallSid": call.sid, "AccountSid": "AC" + "0" * 32, "From": f"+1555{self.rng.randrange(10**7):07d}",
                  "To": "+15550001000", "Direction": "inbound", "ApiVersion": "2010-04-01"}
        path, form, asked, first_menu = "/voice", {**fields, "CallStatus": "ringing"}, False, [True]
        started = time.monotonic()
        for _ in range(MAX_HOOKS):
            root, fell_back = await self.fetch(call, path, form)
            if root is None:
                break
            step = read_twiml(root)
            here = step.action or path
            if step.kind == "person":
                if not call.person and (fell_back or not asked):
                    call.unasked.append(self.now())
                call.person = True
                if step.wait:  # on hold: Twilio fetches the wait URL for what to play
                    waited, _ = await self.fetch(call, step.wait, {**fields, "CallStatus": "in-progress", "QueuePosition": "1",
                                                                    "QueueSid": "QU" + "0" * 32, "AvgQueueTime": "30"})
                    if waited is None:
                        break
                await self.think()
                if step.action is None:
                    break
                path, form = step.action, {**fields, "CallStatus": "in-progress", "QueueResult": "bridged", "QueueTime": "30",
                                           "DialCallStatus": "completed"}
            elif step.kind == "gather":
                given, asked = self.answer(call, step, first_menu)
                await self.think()
                path, form = here, {**fields, "CallStatus": "in-progress", **given}
            elif step.kind == "record":
                await self.think()
                path, form = here, {**fields, "CallStatus": "in-progress", "RecordingUrl": "https://api.twilio.com/rec/RE1",
                                    "RecordingDuration": "9", "RecordingSid": "RE" + "0" * 32, "Digits": "#"}
            elif step.kind == "redirect":
                path, form = step.action or path, {**fields, "CallStatus": "in-progress"}
            else:
                call.completed = bool(step.text.strip())
                if not (call.person or call.completed):
                    call.lost, call.lost_at = "silence: hung up on without a word", self.now()
                break
        else:
            call.lost, call.lost_at = f"trapped: still in the menu after {MAX_HOOKS} webhooks", self.now()
        _, why = await self.post("/status", {**fields, "CallStatus": "completed",
                                             "CallDuration": str(round(time.monotonic() - started))}, twiml=False)
        call.status_ok = not why
        return call

    async def caller(self, until: float) -> None:
        """One line: calls one after another until the run ends (the call in progress then finishes)."""
        await asyncio.sleep(self.rng.uniform(0, self.pace * 1.5))
        while self.now() < until:
            await self.call()
            await self.think()  # the next caller on this line dials in a moment later


def warm(port: int, seconds: float = 30) -> None:
    """Wait for the workers to have loaded the app (the master accepts connections before they can answer them),
    and give the slower of the two a moment more."""
    url = f"http://127.0.0.1:{port}/wait"  # hold music: answers without writing anything (a /status would leave a record)
    form = {"CallSid": "CA" + "f" * 32, "QueuePosition": "1"}
    request = urllib.request.Request(url, urlencode(form).encode(),
                                     headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, form)})
    deadline, answered = time.monotonic() + seconds, None
    while time.monotonic() < deadline and (answered is None or time.monotonic() - answered < 2):
        try:
            with urllib.request.urlopen(request, timeout=seconds) as response:
                response.read()
            answered = answered or time.monotonic()
        except OSError:
            time.sleep(0.1)
    if answered is None:
        raise SystemExit("gunicorn's workers did not answer")


def workers(master: int) -> list[int]:
    """The gunicorn master's worker processes."""
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                    found.append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        return found


def connections(pid: int) -> int:
    """How many connections a worker holds open (its sockets besides the one it listens on)."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return 0
    sockets = 0
    for fd in fds:
        try:
            sockets += os.readlink(fd).startswith("socket:")
        except OSError:
            continue
    return max(0, sockets - 1)


class Disk:
    """The store's own small disk, and a way to make it full (or, without mounting, read-only)."""

    def __init__(self, tmp: Path, size_mb: int) -> None:
        self.dir = tmp / "store"
        self.dir.mkdir()
        self.path = self.dir / "calls.sqlite3"
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(self.dir)],
                              capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL, timeout=30)
        self.mounted = done.returncode == 0
        self.how = (f"disk full (tmpfs of {size_mb} MB filled)" if self.mounted else
                    f"read-only (mounting a tmpfs was refused: {done.stderr.strip() or done.returncode}"
                    + ("; root writes anyway, so this fault may not bite" if os.geteuid() == 0 else "") + ")")
        self.filler = self.dir / "filler"

    def fail(self) -> None:
        if self.mounted:
            # SQLite reuses its write-ahead log's file once checkpointed: with megabytes of it kept from earlier,
            # a full disk went unnoticed for seconds. Cut it back first, so the fault bites at the next write
            for _ in range(20):
                db = sqlite3.connect(self.path, timeout=5)
                try:
                    if db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0:
                        break
                except sqlite3.OperationalError:
                    pass
                finally:
                    db.close()
                time.sleep(0.05)
            fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                for chunk in (1 << 20, 4096, 1):
                    try:
                        while True:
                            os.write(fd, b"\0" * chunk)
                    except OSError:  # no space left for this much: a smaller piece may still fit
                        continue
            finally:
                os.close(fd)
        else:
            for p in self.dir.iterdir():
                p.chmod(0o444)
            self.dir.chmod(0o555)

    def heal(self) -> None:
        if self.mounted:
            self.filler.unlink(missing_ok=True)
        else:
            self.dir.chmod(0o755)
            for p in self.dir.iterdir():
                p.chmod(0o644)

    def count(self) -> tuple[int, int]:
        """Call records written, and calls the store still holds as live."""
        db = sqlite3.connect(self.path)
        try:
            return db.execute("SELECT COUNT(*) FROM records").fetchone()[0], db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        finally:
            db.close()

    def release(self) -> None:
        """Undo the fault, and unmount the disk."""
        self.heal()
        if self.mounted and subprocess.run(["umount", str(self.dir)], capture_output=True, check=False,
                                          stdin=subprocess.DEVNULL, timeout=30).returncode:
            subprocess.run(["umount", "-l", str(self.dir)], capture_output=True, check=False, stdin=subprocess.DEVNULL, timeout=30)  # still busy: detach it


async def soak(args: argparse.Namespace, port: int, master: subprocess.Popen[bytes], disk: Disk) -> tuple[Phone, dict[str, Any]]:
    """The calls, with the faults at their times; the phone's log and what happened when."""
    events: dict[str, Any] = {}
    fault = min(args.fault_seconds, args.seconds / 4)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)  # a webhook per connection, as Twilio's come
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=TWILIO_TIMEOUT)) as http:
        phone = Phone(http, port, args.fallback, args.pace, args.seed)

        async def faults() -> None:
            await asyncio.sleep(args.seconds / 3)
            waited = time.monotonic()
            while True:  # the worker holding the most connections, once one holds any
                busy = sorted((connections(pid), pid) for pid in workers(master.pid))
                if not busy or busy[-1][0] > 0 or time.monotonic() - waited > KILL_IN_FLIGHT_WAIT:
                    break
                await asyncio.sleep(0.002)
            if busy:
                os.kill(busy[-1][1], signal.SIGKILL)
                events["kill"] = (phone.now(), busy[-1][1], busy[-1][0])
            await asyncio.sleep(max(0.0, args.seconds / 2 - phone.now()))
            events["full"] = phone.now()
            try:
                await asyncio.to_thread(disk.fail)
                await asyncio.sleep(fault)
            finally:
                await asyncio.to_thread(disk.heal)
                events["healed"] = phone.now()

        chaos = asyncio.create_task(faults())
        lines = [asyncio.create_task(phone.caller(args.seconds)) for _ in range(args.calls)]
        done, pending = await asyncio.wait(lines, timeout=args.seconds + TWILIO_TIMEOUT * 2 + MAX_HOOKS * args.pace)
        for task in pending:
            task.cancel()
        await chaos
        for task in done:
            task.result()
        events["end"] = phone.now()
    return phone, events


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(args: argparse.Namespace, phone: Phone, events: dict[str, Any], disk: Disk, stored: tuple[int, int] | None) -> dict[str, Any]:
    """Print the table and the totals; the totals as data."""
    kill = events.get("kill", (float("inf"), 0, 0))
    marks = [("before the faults", 0.0), (f"worker SIGKILLed ({kill[2]} connections open)", kill[0]),
             (f"store {disk.how.split(' (')[0]}", events.get("full", float("inf"))),
             ("store back, to the end", events.get("healed", float("inf")))]
    marks.sort(key=lambda m: m[1])

    def phase(t: float) -> int:
        return max(i for i, (_, start) in enumerate(marks) if start <= t)

    table = Table(title=f"{args.calls} callers at once for {args.seconds:g} s, {args.pace / 2:g}-{args.pace * 1.5:g} s between webhooks; "
                        f"gunicorn {' '.join(GUNICORN)} 'ivr.channels.twilio:from_env()'; {Path(args.flow).name}; SQLite store; "
                        f"Fallback URL {args.fallback or 'not set'}; {os.cpu_count()} cores")
    for col in ("stretch", "from s", "requests", "errors", "p50 ms", "p99 ms", "calls", "lost", "to a person unasked"):
        table.add_column(col, justify="left" if col == "stretch" else "right")
    rows: list[dict[str, Any]] = []
    for i, (name, start) in enumerate([*marks, ("all", 0.0)]):
        every = name == "all"
        hooks = [h for h in phone.hooks if every or phase(h.at) == i]
        ms = [h.ms for h in hooks]
        row = {"stretch": name, "from": start, "requests": len(hooks), "errors": sum(not h.ok for h in hooks),
               "p50": statistics.median(ms) if ms else 0.0, "p99": percentile(ms, 0.99),
               "calls": sum(1 for c in phone.calls if any(every or phase(t) == i for t in c.hooks)),
               "lost": sum(1 for c in phone.calls if c.lost and (every or phase(c.lost_at) == i)),
               "unasked": sum(1 for c in phone.calls if c.unasked and (every or phase(c.unasked[0]) == i))}
        rows.append(row)
        if start != float("inf"):
            table.add_row(name, f"{start:.1f}", str(row["requests"]), str(row["errors"]), f"{row['p50']:.1f}", f"{row['p99']:.1f}",
                          str(row["calls"]), str(row["lost"]), str(row["unasked"]))
    console = Console(width=max(Console().width, 150))
    console.print(table)
    calls = phone.calls
    why: dict[str, int] = {}
    for c in calls:
        if c.lost:
            why[c.lost] = why.get(c.lost, 0) + 1
    ended = sum(c.status_ok for c in calls)
    totals = {"calls": len(calls), "completed": sum(c.completed and not c.person for c in calls), "person": sum(c.person for c in calls),
              "lost": sum(bool(c.lost) for c in calls), "lost_why": why,
              "unfinished": sum(not (c.completed or c.person or c.lost) for c in calls), "unasked_person": sum(bool(c.unasked) for c in calls),
              "requests": rows[-1]["requests"], "errors": rows[-1]["errors"], "p50_ms": rows[-1]["p50"], "p99_ms": rows[-1]["p99"],
              "fallback_asked": phone.fallbacks, "fallback_answered": phone.fallbacks_ok, "status_accepted": ended,
              "records": stored[0] if stored else None, "left_live": stored[1] if stored else None, "fault": disk.how,
              "killed": "kill" in events, "stretches": rows[:-1]}
    console.print(f"calls: {len(calls)}: {totals['completed']} done in the menu, {totals['person']} reached a person, "
                  f"[bold]{totals['lost']} lost[/bold]" + (f" ({', '.join(f'{n} {w}' for w, n in sorted(why.items()))})" if why else "")
                  + (f"; {totals['unfinished']} still going when the bench stopped waiting" if totals["unfinished"] else ""))
    if args.fallback:
        console.print(f"Fallback URL {args.fallback}: Twilio asked it {phone.fallbacks} times, {phone.fallbacks_ok} answered with TwiML")
    if "kill" not in events:
        console.print("no worker was killed: none was found under the gunicorn master")
    if stored:
        console.print(f"store: {stored[0]} call records for {ended} status callbacks accepted ({len(calls)} calls); "
                      f"{stored[1]} calls left live (their end never reached the store)")
    used = resource.getrusage(resource.RUSAGE_SELF)
    console.print(f"the callers (this process) used {used.ru_utime + used.ru_stime:.1f} s of CPU beside the server's; "
                  f"load average {os.getloadavg()[0]:.1f} at the end")
    console.print("goal: 0 calls lost; every caller whose webhook met a fault is handed to a person")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long new calls keep coming (default 60)")
    parser.add_argument("--calls", type=int, default=200, help="calls at once (default 200)")
    parser.add_argument("--pace", type=float, default=2.0, help="seconds a caller listens and thinks between webhooks, on average (default 2)")
    parser.add_argument("--fault-seconds", type=float, default=10.0, help="how long the store's disk stays full (default 10, at most a quarter of the run)")
    parser.add_argument("--fallback", default="/fallback", help="the number's Fallback URL path ('' for none; default /fallback)")
    parser.add_argument("--flow", default=str(ROOT / "flows" / "bank.yaml"), help="the flow served (the callers know the bank's menus)")
    parser.add_argument("--disk-mb", type=int, default=32, help="size of the store's tmpfs (default 32)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true", help="also print the totals as one line of JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        disk = Disk(tmp, args.disk_mb)
        master: subprocess.Popen[bytes] | None = None
        log = (tmp / "gunicorn.log").open("wb")
        try:
            port = free_port()
            env = {**os.environ, "IVR_FLOWS": args.flow, "IVR_STORE": str(disk.path), "TWILIO_AUTH_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)}
            master = subprocess.Popen([sys.executable, "-m", "gunicorn", *GUNICORN, "-b", f"127.0.0.1:{port}", "ivr.channels.twilio:from_env()"],
                                      env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            try:
                listening(master, port, "gunicorn", 30)
                warm(port)
            except SystemExit:
                log.flush()
                sys.stderr.write((tmp / "gunicorn.log").read_text(errors="replace")[-2000:])
                raise
            phone, events = asyncio.run(soak(args, port, master, disk))
            master.terminate()
            master.wait(timeout=30)
            stored = disk.count() if disk.path.exists() else None
            totals = report(args, phone, events, disk, stored)
            if args.json:
                print(json.dumps(totals))
        finally:
            if master is not None and master.poll() is None:
                master.kill()
                master.wait(timeout=10)
            log.close()
            disk.release()


if __name__ == "__main__":
    main()
