"""Where calls live between webhooks: SQLite by default (no set-up), keyed by CallSid.

Each call keeps its CallState (JSON), the turn number and the TwiML last sent, so a webhook that
Twilio retries gets the same answer and never advances the call twice, and any worker can carry
on any call. Ended calls are written as call records.

What a caller gave in secret never stays on disk in clear: a live call's state and TwiML are sealed
(ivr.sealing) when a key is set, records hold only masks, and SQLite zeroes what it deletes
(secure_delete) and empties its write-ahead log after calls end (``_trim``).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ivr.engine.state import CallState
from ivr.sealing import from_env

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


class SqliteStore:
    """Calls in one SQLite file, safe for several worker processes on one host."""

    # the write-ahead log grows while checkpoints can't keep up (a burst of calls saturating the workers: 144 MB
    # after 40,000 webhooks in bench/webhooks); it is cut back to this once it has been copied into the database
    wal_limit = 64 << 20
    # the log is emptied (_trim) after this many closes in a process, or at a close that leaves no live call once
    # this many seconds have passed since the last time: a call alone (~25 ms of fsync) then costs nothing per webhook
    trim_every = 100
    trim_pause = 1.0

    def __init__(self, path: str | Path = "ivr-calls.sqlite3") -> None:
        self.path = str(path)
        self.local = threading.local()
        self.sealer = from_env()  # a live call's state and TwiML, sealed (ivr.sealing)
        self.closes, self.trimmed = 0, -self.trim_pause
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            _wal(db)
            db.executescript(_SCHEMA)
        finally:
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

    def get(self, sid: str) -> Session | None:
        db = self._connect()
        row = db.execute("SELECT sid, flow, state, turn, twiml, started FROM calls WHERE sid = ?", (sid,)).fetchone()
        if row is None:
            return None
        return Session(row[0], row[1], CallState.from_json(self.sealer.open(row[2], sid)), row[3],
                       self.sealer.open(row[4], sid), row[5])

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

    def records(self, limit: int = 50) -> list[dict[str, Any]]:
        db = self._connect()
        rows = db.execute("SELECT record FROM records ORDER BY ended DESC LIMIT ?", (limit,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def record(self, sid: str) -> dict[str, Any] | None:
        db = self._connect()
        row = db.execute("SELECT record FROM records WHERE sid = ?", (sid,)).fetchone()
        return json.loads(row[0]) if row else None


CALL_TTL = 6 * 3600  # a call no status callback closed is forgotten after 6 hours (Redis)

# compare-and-set of a call's turn: stored only if the call is still at ARGV[1] (0: new, not stored yet)
_SAVE = """
local turn = redis.call('HGET', KEYS[1], 'turn')
if (tonumber(turn) or 0) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'flow', ARGV[2], 'state', ARGV[3], 'turn', ARGV[4], 'twiml', ARGV[5], 'started', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[7])
return 1
"""
# a call's record and the end of its live state, together
_CLOSE = """
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('DEL', KEYS[1])
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
        return bool(self._save(keys=[f"ivr:call:{session.sid}"], args=[
            previous_turn, session.flow, self.sealer.seal(session.state.to_json(), session.sid), session.turn,
            self.sealer.seal(session.twiml, session.sid), session.started, CALL_TTL]))

    def close(self, sid: str, record: dict[str, Any]) -> None:
        self._close(keys=[f"ivr:call:{sid}", f"ivr:record:{sid}", "ivr:records"],
                    args=[sid, json.dumps(record, ensure_ascii=False), time.time()])

    def records(self, limit: int = 50) -> list[dict[str, Any]]:
        sids = self.db.zrevrange("ivr:records", 0, limit - 1)
        found = [self.db.get(f"ivr:record:{sid}") for sid in sids]
        return [json.loads(r) for r in found if r]

    def record(self, sid: str) -> dict[str, Any] | None:
        found = self.db.get(f"ivr:record:{sid}")
        return dict(json.loads(found)) if found else None


Store = SqliteStore | RedisStore


def open_store(where: str) -> Store:
    """A store from a path (SQLite) or a redis:// URL."""
    if where.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(where)
    return SqliteStore(where)
