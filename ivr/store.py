"""Where calls live between webhooks: SQLite by default (no set-up), keyed by CallSid.

Each call keeps its CallState (JSON), the turn number and the TwiML last sent, so a webhook that
Twilio retries gets the same answer and never advances the call twice, and any worker can carry
on any call. Ended calls are written as call records.

What a caller gave in secret never stays on disk in clear: a live call's state and TwiML are sealed
(ivr.sealing) when a key is set, records hold only masks, and SQLite zeroes what it deletes
(secure_delete) and empties its write-ahead log after calls end (``_trim``).

A store that fails (disk full, read-only, Redis gone) raises its own errors on the webhook that met
them; the webhooks then hand the caller to a person. SQLite drops the failed connection so the next
webhook opens a fresh one, and checks the file at start-up (:class:`StoreError` says what to do).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from ivr.engine.state import CallState
from ivr.errors import IvrError
from ivr.sealing import SealError, from_env

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    sid TEXT PRIMARY KEY,
    flow TEXT NOT NULL,
    state TEXT NOT NULL,
    turn INTEGER NOT NULL,
    twiml TEXT NOT NULL,
    started REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    sid TEXT PRIMARY KEY,
    flow TEXT NOT NULL,
    record TEXT NOT NULL,
    ended REAL NOT NULL
);
-- a call's record and the end of its live state are one statement, so one write lock: an explicit
-- transaction (BEGIN IMMEDIATE) waited in SQLite's busy back-off behind the turns, up to a second
CREATE TRIGGER IF NOT EXISTS ended AFTER INSERT ON records BEGIN
    DELETE FROM calls WHERE sid = NEW.sid;
END;
"""


class StoreError(IvrError):
    """The call store can't be used as it is (damaged, unreachable); the message says what to do."""


def damaged(path: str, problem: object) -> StoreError:
    """The one line an operator needs when a SQLite store is damaged."""
    return StoreError(f"{path}: the call store is damaged ({problem}). Stop the server, move the file aside "
                      f"(mv {path} {path}.damaged) and start again, or restore it from a backup; to save what can be "
                      f"saved: sqlite3 {path}.damaged .recover | sqlite3 {path}")


def unusable(path: str, error: BaseException) -> StoreError:
    """A store error as one line for the command line: damaged, unreachable or refused."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return damaged(path, error)
    return StoreError(f"{path}: the call store can't be used: {error}")


def store_errors() -> tuple[type[BaseException], ...]:
    """What a failing store raises: SQLite's errors, the system's, and redis-py's when it is installed."""
    try:
        from redis import RedisError
    except ImportError:
        return (sqlite3.Error, OSError, StoreError)
    return (sqlite3.Error, OSError, StoreError, RedisError)


@dataclass
class Session:
    sid: str
    flow: str
    state: CallState
    turn: int
    twiml: str
    started: float


def _wal(db: sqlite3.Connection, patience: float = 10.0) -> None:
    """Put the database in WAL mode. Switching needs the file to itself and SQLite doesn't wait for
    that (no busy handler): workers starting together on a new file retry instead of failing."""
    deadline = time.monotonic() + patience
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")  # says "memory" for a database in memory, which stays so
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _trim(db: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database and cut it to nothing, so the states of ended calls don't
    linger in it (their rows are zeroed in the database: secure_delete). It never waits: while another
    connection reads, it gives up, and a later close does it."""
    patience = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout=0")
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.OperationalError:
        pass
    finally:
        db.execute(f"PRAGMA busy_timeout={int(patience)}")


_P = ParamSpec("_P")
_R = TypeVar("_R")
_SQLITE_READONLY = 8  # sqlite3.SQLITE_READONLY, with its extended codes in the higher bits


def _fresh_after_error(method: Callable[Concatenate[SqliteStore, _P], _R]) -> Callable[Concatenate[SqliteStore, _P], _R]:
    """Forget this thread's connection when SQLite fails: a connection opened while the file was read-only
    stays read-only, and one that met a disk I/O error may not recover, even once the cause is gone.
    A read-only refusal is tried once more on a new connection (it fails at once, no waiting): the first
    connection opened after the file became writable again can still be handed a read-only descriptor
    SQLite kept open for the process."""

    @functools.wraps(method)
    def run(self: SqliteStore, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as e:
            self.reset()
            if getattr(e, "sqlite_errorcode", 0) & 0xFF != _SQLITE_READONLY:
                raise
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error:
            self.reset()
            raise

    return run


class SqliteStore:
    """Calls in one SQLite file, safe for several worker processes on one host."""

    # the write-ahead log grows while checkpoints can't keep up (a burst of calls saturating the workers: 144 MB
    # after 40,000 webhooks in bench/webhooks); it is cut back to this once it has been copied into the database
    wal_limit = 64 << 20
    # the log is emptied (_trim) after this many closes in a process, or at a close that leaves no live call once
    # this many seconds have passed since the last time: a call alone (~25 ms of fsync) then costs nothing per webhook
    trim_every = 100
    trim_pause = 1.0
    # every page is checked at start-up up to this size (a quarter of a second warm, 5 s cold, per 256 MB);
    # a larger file has its live calls checked, the rest when it is read
    check_limit = 256 << 20

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.local = threading.local()
        self.sealer = from_env()  # a live call's state and TwiML, sealed (ivr.sealing)
        self.closes, self.trimmed = 0, -self.trim_pause
        try:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.Error as e:
            raise unusable(self.path, e) from None
        try:
            _wal(db)
            db.executescript(_SCHEMA)
            self.check(db)
        except sqlite3.Error as e:
            raise unusable(self.path, e) from None
        finally:
            db.close()

    def check(self, db: sqlite3.Connection) -> None:
        """SQLite's quick check of the file (the live calls only, in a file too large to read at start-up)."""
        try:
            size = os.path.getsize(self.path)
        except OSError:
            size = 0
        found = db.execute("PRAGMA quick_check" if size <= self.check_limit else "PRAGMA quick_check(calls)").fetchall()
        if [tuple(r) for r in found] != [("ok",)]:
            problems = [line for r in found for line in str(r[0]).splitlines() if line.strip() and not line.startswith("***")]
            raise damaged(self.path, f"{len(problems)} problem{'s' * (len(problems) != 1)}, first: {problems[0] if problems else '?'}")

    def reset(self) -> None:
        """Forget this thread's connection; the next use opens a new one."""
        db: sqlite3.Connection | None = getattr(self.local, "db", None)
        self.local.db = None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection, kept open between webhooks (opening one per request costs more than the work)."""
        db: sqlite3.Connection | None = getattr(self.local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=True)
            db.execute("PRAGMA busy_timeout=10000")
            # WAL with synchronous=NORMAL survives a crashed process; only a power cut may lose the latest turns
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA journal_size_limit={int(self.wal_limit)}")
            db.execute("PRAGMA secure_delete=ON")  # an ended call's row is zeroed, not left in a free page
            self.local.db = db
        return db

    @_fresh_after_error
    def get(self, sid: str) -> Session | None:
        db = self._connect()
        row = db.execute("SELECT sid, flow, state, turn, twiml, started FROM calls WHERE sid = ?", (sid,)).fetchone()
        if row is None:
            return None
        return self._session(row)

    def _session(self, row: tuple[Any, ...]) -> Session:
        """A row of ``calls`` (sid, flow, state, turn, twiml, started), its sealed values opened."""
        sid = row[0]
        return Session(sid, row[1], CallState.from_json(self.sealer.open(row[2], sid)), row[3], self.sealer.open(row[4], sid), row[5])

    @_fresh_after_error
    def save(self, session: Session, previous_turn: int) -> bool:
        """Store the call's next turn, unless another worker already moved it past ``previous_turn``
        (0: the call is new, and is stored only if no other worker stored it first)."""
        now = time.time()
        db = self._connect()
        if previous_turn == 0:
            cursor = db.execute(
                "INSERT INTO calls (sid, flow, state, turn, twiml, started, updated) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(sid) DO NOTHING",
                (session.sid, session.flow, self.sealer.seal(session.state.to_json(), session.sid), session.turn,
                 self.sealer.seal(session.twiml, session.sid), session.started, now))
        else:
            cursor = db.execute("UPDATE calls SET state = ?, turn = ?, twiml = ?, updated = ? WHERE sid = ? AND turn = ?",
                                (self.sealer.seal(session.state.to_json(), session.sid), session.turn,
                                 self.sealer.seal(session.twiml, session.sid), now, session.sid, previous_turn))
        return cursor.rowcount == 1

    @_fresh_after_error
    def close(self, sid: str, record: dict[str, Any]) -> None:
        """End a call: write its record and forget its live state (the trigger ``ended``), at once."""
        db = self._connect()
        db.execute("INSERT OR REPLACE INTO records (sid, flow, record, ended) VALUES (?, ?, ?, ?)",
                   (sid, record.get("flow", ""), json.dumps(record, ensure_ascii=False), time.time()))
        self._closed(db)

    def _closed(self, db: sqlite3.Connection) -> None:
        """Count a close, and trim the write-ahead log when it is due (``trim_every``, ``trim_pause``)."""
        self.closes += 1
        now = time.monotonic()
        if self.closes >= self.trim_every or (
                now - self.trimmed >= self.trim_pause and db.execute("SELECT NOT EXISTS (SELECT 1 FROM calls)").fetchone()[0]):
            self.closes, self.trimmed = 0, now
            _trim(db)

    @_fresh_after_error
    def records(self, limit: int = 50) -> list[dict[str, Any]]:
        db = self._connect()
        rows = db.execute("SELECT record FROM records ORDER BY ended DESC LIMIT ?", (limit,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    @_fresh_after_error
    def record(self, sid: str) -> dict[str, Any] | None:
        db = self._connect()
        row = db.execute("SELECT record FROM records WHERE sid = ?", (sid,)).fetchone()
        return json.loads(row[0]) if row else None

    @_fresh_after_error
    def stale(self, started_before: float, limit: int = 100) -> list[Session]:
        """Calls still live that started before ``started_before``: their status callback never came."""
        rows = self._connect().execute("SELECT sid, flow, state, turn, twiml, started FROM calls WHERE started < ? LIMIT ?",
                                       (started_before, limit)).fetchall()
        found = []
        for r in rows:
            try:
                found.append(self._session(r))
            except SealError:  # sealed under a key no longer set: still closed, with what is known
                found.append(Session(r[0], r[1], CallState(), r[3], "", r[5]))
        return found


CALL_TTL = 6 * 3600  # a call no status callback closed is forgotten after 6 hours (Redis)
LIVE = "ivr:live"  # the calls in progress by when they started, to find those whose status callback never came

# compare-and-set of a call's turn: stored only if the call is still at ARGV[1] (0: new, not stored yet)
_SAVE = """
local turn = redis.call('HGET', KEYS[1], 'turn')
if (tonumber(turn) or 0) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'flow', ARGV[2], 'state', ARGV[3], 'turn', ARGV[4], 'twiml', ARGV[5], 'started', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[7])
if tonumber(ARGV[1]) == 0 then redis.call('ZADD', KEYS[2], ARGV[6], KEYS[1]) end
return 1
"""
# a call's record and the end of its live state, together
_CLOSE = """
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[4], KEYS[1])
return 1
"""


class RedisStore:
    """Calls in Redis, for several workers or hosts (``--store redis://host:6379/0``)."""

    def __init__(self, url: str) -> None:
        try:
            import redis
        except ImportError:
            from ivr.errors import UsageError

            raise UsageError('a redis:// store needs the redis package: pip install "ivr[twilio]"') from None
        self.url = url
        self.db: Any = redis.Redis.from_url(url, decode_responses=True)  # redis-py's own types don't follow decode_responses
        self.path = url
        self.sealer = from_env()  # a live call's state and TwiML, sealed (ivr.sealing): an append-only file keeps every write
        # each a single round trip run atomically by the server (EVALSHA, loaded again if the server forgot it):
        # WATCH, HGET, MULTI/EXEC took three to four, and were a third slower per webhook under load
        self._save = self.db.register_script(_SAVE)
        self._close = self.db.register_script(_CLOSE)

    def get(self, sid: str) -> Session | None:
        data = self.db.hgetall(f"ivr:call:{sid}")
        if not data:
            return None
        return Session(sid, str(data["flow"]), CallState.from_json(self.sealer.open(str(data["state"]), sid)), int(data["turn"]),
                       self.sealer.open(str(data["twiml"]), sid), float(data["started"]))

    def save(self, session: Session, previous_turn: int) -> bool:
        return bool(self._save(keys=[f"ivr:call:{session.sid}", LIVE], args=[
            previous_turn, session.flow, self.sealer.seal(session.state.to_json(), session.sid), session.turn,
            self.sealer.seal(session.twiml, session.sid), session.started, CALL_TTL]))

    def close(self, sid: str, record: dict[str, Any]) -> None:
        self._close(keys=[f"ivr:call:{sid}", f"ivr:record:{sid}", "ivr:records", LIVE],
                    args=[sid, json.dumps(record, ensure_ascii=False), time.time()])

    def records(self, limit: int = 50) -> list[dict[str, Any]]:
        sids = self.db.zrevrange("ivr:records", 0, limit - 1)
        found = [self.db.get(f"ivr:record:{sid}") for sid in sids]
        return [json.loads(r) for r in found if r]

    def record(self, sid: str) -> dict[str, Any] | None:
        found = self.db.get(f"ivr:record:{sid}")
        return dict(json.loads(found)) if found else None

    def stale(self, started_before: float, limit: int = 100) -> list[Session]:
        """Calls still live that started before ``started_before``; one Redis already forgot comes back
        empty (its flow unknown), so that it is still closed with a record."""
        found = []
        for key, started in self.db.zrangebyscore(LIVE, "-inf", f"({started_before}", start=0, num=limit, withscores=True):
            sid = str(key).removeprefix("ivr:call:")
            found.append(self.get(sid) or Session(sid, "", CallState(), 0, "", float(started)))
        return found


Store = SqliteStore | RedisStore


def default_path() -> str:
    """Where calls are recorded unless ``--store`` or ``IVR_STORE`` says otherwise: ``calls.sqlite3`` in the
    user's data directory (``$XDG_DATA_HOME/ivr``, else ``~/.local/share/ivr`` on Linux; platformdirs' choice
    elsewhere), so no command leaves a file in whatever directory it was run from."""
    import platformdirs

    return str(platformdirs.user_data_path("ivr") / "calls.sqlite3")


def is_url(where: str) -> bool:
    return where.startswith(("redis://", "rediss://", "unix://"))


def open_store(where: str) -> Store:
    """A store from a path (SQLite, made with its folder if missing) or a redis:// URL."""
    if is_url(where):
        return RedisStore(where)
    try:
        Path(where).parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"{where}: cannot make the call store's folder: {e.strerror or e}") from None
    return SqliteStore(where)


def open_records(where: str) -> Store | None:
    """A store to read call records from, or None when no call was recorded there yet: reading makes
    no file and no folder (``ivr calls list`` in any directory leaves it as it was)."""
    if not is_url(where) and not Path(where).exists():
        return None
    return open_store(where)

