"""WSGI apps for bench/webhooks.py, each made by a factory so a gunicorn builds only the one it serves:

- ``ivr_app()``: the ivr webhook app, for flows/telecom.yaml;
- ``user_app()``: the app a user would write instead of ivr, with Flask and the twilio SDK;
- ``bare_app()``: a Flask endpoint answering fixed TwiML, the floor under any Flask app.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, request
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Gather, VoiceResponse

ROOT = Path(__file__).parent.parent


def settings() -> tuple[str, str]:
    """The auth token and the store's path the benchmark gives the app."""
    return os.environ.get("BENCH_TOKEN", "bench"), os.environ.get("BENCH_STORE", "/tmp/ivr-bench.sqlite3")


def ivr_app() -> Flask:
    from ivr.channels.twilio import create_app
    from ivr.loading import load_flow
    from ivr.store import open_store

    token, store = settings()
    return create_app([load_flow(ROOT / "flows" / "telecom.yaml")], auth_token=token, store=open_store(store))


TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/turn/x/1" input="dtmf speech">'
         "<Say>Welcome.</Say></Gather></Response>")


def bare_app() -> Flask:
    app = Flask("bare")

    @app.post("/voice")
    @app.post("/turn/<sid>/<int:turn>")
    def bare(sid: str = "", turn: int = 0) -> Response:
        return Response(TWIML, 200, mimetype="text/xml")

    @app.post("/status")
    def bare_status() -> Response:
        return Response("", 204)

    return app


MENU = ("For an outage, press 1. Internet help, press 2. Billing, press 3. "
        "Moving or anything else, press 4. For a person, press 0.")
QUEUES = {"3": "billing", "4": "support", "0": "support"}


def init_user_db(path: str) -> None:
    """The user app's table, made once before it serves (Flask's tutorial has an ``init-db`` command for it):
    two workers switching a new file to WAL at once can fail, as SQLite doesn't wait for that."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS sessions (sid TEXT PRIMARY KEY, session TEXT NOT NULL)")
    finally:
        db.close()


def user_app() -> Flask:
    """The menu as the twilio tutorials build one: Flask, the SDK's VoiceResponse, and its RequestValidator on
    every request (``validate()`` with Flask's ``request.url`` and ``request.form``). Where the caller is in the
    menu is kept in SQLite, read and written once per webhook, tuned as ivr's store is: WAL (without it two
    workers writing at once soon meet "database is locked"), synchronous=NORMAL (SQLite's default, an fsync on
    every turn, answered a third as many webhooks) and a connection kept by each thread.
    ``BENCH_CONNECTION=request`` opens one per request instead, as Flask's tutorial does (``g.db``, closed when
    the request ends): then closing the last connection checkpoints the WAL, and the app is slower still."""
    app = Flask("user")
    token, store = settings()
    validator = RequestValidator(token)

    per_request = os.environ.get("BENCH_CONNECTION") == "request"
    connections = threading.local()

    def database() -> sqlite3.Connection:
        holder: Any = g if per_request else connections
        db: sqlite3.Connection | None = getattr(holder, "db", None)
        if db is None:
            db = holder.db = sqlite3.connect(store, timeout=10)
            db.execute("PRAGMA synchronous=NORMAL")  # as durable as ivr's store: no fsync per turn, safe from a crashed worker
        return db

    @app.teardown_appcontext
    def close(_: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @app.before_request
    def signed() -> None:
        if not validator.validate(request.url, request.form, request.headers.get("X-Twilio-Signature", "")):
            abort(403)

    def load(sid: str) -> dict[str, Any]:
        row = database().execute("SELECT session FROM sessions WHERE sid = ?", (sid,)).fetchone()
        return json.loads(row[0]) if row else {"tries": 0, "pressed": []}

    def save(sid: str, session: dict[str, Any]) -> None:
        db = database()
        db.execute("INSERT OR REPLACE INTO sessions (sid, session) VALUES (?, ?)", (sid, json.dumps(session)))
        db.commit()

    def menu(response: VoiceResponse) -> Response:
        gather = Gather(input="dtmf speech", num_digits=1, action="/gather", method="POST", timeout=5)
        gather.say(MENU)
        response.append(gather)
        response.redirect("/gather", method="POST")
        return Response(str(response), 200, mimetype="text/xml")

    @app.post("/voice")
    def voice() -> Response:
        sid = request.form["CallSid"]
        session = load(sid)
        session["caller"] = request.form.get("From")
        save(sid, session)
        response = VoiceResponse()
        response.say("Welcome to Northwind Mobile.")
        return menu(response)

    @app.post("/gather")
    def gather() -> Response:
        sid, digits = request.form["CallSid"], request.form.get("Digits", "")
        session = load(sid)
        session["pressed"].append(digits)
        response = VoiceResponse()
        if digits in QUEUES or session["tries"] >= 2:
            save(sid, session)
            response.say("Connecting you now.")
            response.enqueue(QUEUES.get(digits, "support"))
            return Response(str(response), 200, mimetype="text/xml")
        session["tries"] += 1
        save(sid, session)
        response.say("Let's try a quick fix: restart your router." if digits in ("1", "2") else "Sorry, I didn't get that.")
        return menu(response)

    @app.post("/status")
    def status() -> Response:
        sid = request.form["CallSid"]
        load(sid)
        db = database()
        db.execute("DELETE FROM sessions WHERE sid = ?", (sid,))
        db.commit()
        return Response("", 204)

    return app
