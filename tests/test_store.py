"""Call stores: SQLite and a real redis-server (installed by scripts/test, started here on loopback)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from ivr.engine.state import CallState
from ivr.store import RedisStore, Session, SqliteStore, Store, open_store


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        return open_store(str(tmp_path / "calls.sqlite3"))
    url = request.getfixturevalue("redis_url")
    found = open_store(url)
    assert isinstance(found, RedisStore)
    found.db.flushdb()
    return found


def session(turn: int, node: str = "main") -> Session:
    return Session("CA1", "bank", CallState(node=node), turn, f"<Response>{turn}</Response>", 1000.0)


def test_save_get_and_compare_and_set(store: Store) -> None:
    assert store.get("CA1") is None
    assert store.save(session(1), previous_turn=0)
    assert store.get("CA1") == session(1)
    assert store.save(session(2, "next"), previous_turn=1)
    assert not store.save(session(2, "other"), previous_turn=1)  # a second worker answering the same turn loses
    got = store.get("CA1")
    assert got is not None and got.state.node == "next" and got.twiml == "<Response>2</Response>"


def test_close_writes_a_record_and_forgets_the_call(store: Store) -> None:
    store.save(session(1), previous_turn=0)
    store.close("CA1", {"sid": "CA1", "flow": "bank", "outcome": "contained"})
    assert store.get("CA1") is None
    assert store.record("CA1") == {"sid": "CA1", "flow": "bank", "outcome": "contained"}
    assert [r["sid"] for r in store.records()] == ["CA1"]


def test_a_call_moves_between_workers_through_redis(redis_url: str) -> None:
    from flask.testing import FlaskClient  # noqa: F401

    from ivr.channels.twilio import create_app
    from ivr.loading import load_flow
    from tests.channels.test_twilio import TELECOM, TOKEN, Call

    flows = [load_flow(Path(__file__).parent.parent / "flows" / "telecom.yaml")]
    RedisStore(redis_url).db.flushdb()
    one = create_app(flows, auth_token=TOKEN, store=RedisStore(redis_url)).test_client()
    call = Call(one, sid="CAredis", flow=TELECOM)
    two = create_app(flows, auth_token=TOKEN, store=RedisStore(redis_url)).test_client()
    call.client = two
    call.send(Digits="3")
    assert ">billing<" in call.xml


def test_sqlite_is_the_default(tmp_path: Path) -> None:
    assert isinstance(open_store(str(tmp_path / "x.sqlite3")), SqliteStore)


def _open(path: str, go: Any) -> None:
    go.wait()
    SqliteStore(path)


def test_workers_starting_together_on_a_new_file_all_start(tmp_path: Path) -> None:
    """gunicorn starts its workers at once; each opens the store, and one switches it to WAL while
    another may be creating the tables (SQLite doesn't wait for that switch: it said "locked")."""
    import multiprocessing

    forked = multiprocessing.get_context("fork")
    for attempt in range(40):
        path, go = str(tmp_path / f"calls-{attempt}.sqlite3"), forked.Event()
        workers = [forked.Process(target=_open, args=(path, go)) for _ in range(2)]
        for w in workers:
            w.start()
        go.set()
        for w in workers:
            w.join(30)
        assert [w.exitcode for w in workers] == [0, 0]


def test_redis_saves_after_the_server_forgot_its_scripts(redis_url: str) -> None:
    """A restarted or failed-over Redis has none of the store's scripts loaded: they are sent again."""
    store = RedisStore(redis_url)
    store.db.flushdb()
    assert store.save(session(1), previous_turn=0)
    store.db.script_flush()
    assert store.save(session(2, "next"), previous_turn=1)
    assert not store.save(session(2, "other"), previous_turn=1)
    assert 0 < store.db.ttl("ivr:call:CA1") <= 6 * 3600  # a call no status callback closes doesn't stay forever
    store.db.script_flush()
    store.close("CA1", {"sid": "CA1", "flow": "bank"})
    assert store.get("CA1") is None and store.record("CA1") == {"sid": "CA1", "flow": "bank"}


def test_a_log_grown_by_a_burst_of_calls_is_cut_back(tmp_path: Path) -> None:
    """While something holds the log (checkpoints can't finish: a burst saturating the workers, a long
    read), SQLite's write-ahead log grows; once it has been copied into the database the file is cut
    back instead of keeping its largest size on disk."""
    import sqlite3

    path = tmp_path / "calls.sqlite3"
    store = SqliteStore(path)
    store.wal_limit = 1 << 20
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM calls").fetchone()  # a snapshot no checkpoint may pass
    for i in range(1500):
        store.save(Session(f"CA{i}", "bank", CallState(), 1, "<Response/>" * 50, 1.0), previous_turn=0)
    grown = (tmp_path / "calls.sqlite3-wal").stat().st_size
    reader.execute("COMMIT")
    for i in range(1500, 3500):
        store.save(Session(f"CA{i}", "bank", CallState(), 1, "<Response/>" * 50, 1.0), previous_turn=0)
    assert grown > 4 << 20
    assert (tmp_path / "calls.sqlite3-wal").stat().st_size <= 2 << 20
    assert store.get("CA0") is not None and store.get("CA3499") is not None


# -- where calls are recorded: the user's data directory, never the working directory ---------------------------------

ROOT = Path(__file__).parent.parent


def cli(cwd: Path, data_home: Path, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "IVR_STORE"}
    env.update({"XDG_DATA_HOME": str(data_home), "COLUMNS": "250", "PYTHONPATH": str(ROOT), **(extra_env or {})})
    return subprocess.run([sys.executable, "-m", "ivr", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_reading_calls_where_none_were_recorded_creates_nothing(tmp_path: Path) -> None:
    work, data = tmp_path / "work", tmp_path / "data"
    work.mkdir()
    default = data / "ivr" / "calls.sqlite3"
    listed = cli(work, data, "calls", "list")
    assert (listed.returncode, listed.stdout, listed.stderr) == (0, f"no calls recorded yet (store: {default})\n", "")
    shown = cli(work, data, "calls", "show", "CA1")
    assert (shown.returncode, shown.stdout, shown.stderr) == (2, "", f"ivr: error: no calls recorded yet (store: {default})\n")
    named = cli(work, data, "calls", "list", "--store", "ivr-calls.sqlite3")
    assert named.stdout == "no calls recorded yet (store: ivr-calls.sqlite3)\n"
    assert list(work.iterdir()) == [] and not data.exists()


@pytest.mark.parametrize("command", [["calls", "list"], ["calls", "show"], ["serve"], ["call"], ["designer"]])
def test_help_shows_the_real_default_store(tmp_path: Path, command: list[str]) -> None:
    shown = cli(tmp_path, tmp_path / "data", *command, "--help")
    assert shown.returncode == 0, shown.stderr
    assert f"default:{tmp_path / 'data' / 'ivr' / 'calls.sqlite3'}]" in "".join(shown.stdout.split()), shown.stdout  # wrapped at 80


def test_calls_served_go_to_the_default_store_and_are_listed_from_any_directory(tmp_path: Path) -> None:
    from twilio.request_validator import RequestValidator

    from tests.conftest import free_port, wait_for_port

    data, served_from, listed_from = tmp_path / "data", tmp_path / "served", tmp_path / "listed"
    served_from.mkdir()
    listed_from.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "IVR_STORE"}
    env.update({"XDG_DATA_HOME": str(data), "TWILIO_AUTH_TOKEN": "12345", "PYTHONPATH": str(ROOT)})
    server = subprocess.Popen([sys.executable, "-m", "ivr", "serve", str(ROOT / "flows" / "telecom.yaml"), "--port", str(port)],
                              cwd=served_from, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 30)
        sid = "CA" + "5" * 32
        for path, params in (("/voice", {"CallSid": sid, "From": "+15550100"}),
                             ("/status", {"CallSid": sid, "CallStatus": "completed", "CallDuration": "9"})):
            url = f"http://127.0.0.1:{port}{path}"
            signature = RequestValidator("12345").compute_signature(url, params)
            request = urllib.request.Request(url, urlencode(params).encode(), {"X-Twilio-Signature": signature})
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status in (200, 204)
    finally:
        server.terminate()
        server.wait(10)
    assert (data / "ivr" / "calls.sqlite3").is_file()
    assert list(served_from.iterdir()) == []
    listed = cli(listed_from, data, "calls", "list")
    assert listed.returncode == 0 and sid in listed.stdout, listed.stderr
    elsewhere = cli(listed_from, tmp_path / "other", "calls", "list", extra_env={"IVR_STORE": str(data / "ivr" / "calls.sqlite3")})
    assert sid in elsewhere.stdout
    assert list(listed_from.iterdir()) == []
