"""WSGI apps for bench/webhooks.py: the ivr webhook app, and a bare Flask endpoint for comparison."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

from ivr.channels.twilio import create_app
from ivr.loading import load_flow
from ivr.store import open_store

ROOT = Path(__file__).parent.parent

ivr_app = create_app([load_flow(ROOT / "flows" / "telecom.yaml")], auth_token=os.environ.get("BENCH_TOKEN", "bench"),
                     store=open_store(os.environ.get("BENCH_STORE", "/tmp/ivr-bench.sqlite3")))

bare_app = Flask("bare")
TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/turn/x/1" input="dtmf speech">'
         "<Say>Welcome.</Say></Gather></Response>")


@bare_app.post("/voice")
@bare_app.post("/turn/<sid>/<int:turn>")
def bare(sid: str = "", turn: int = 0) -> Response:
    return Response(TWIML, 200, mimetype="text/xml")


@bare_app.post("/status")
def bare_status() -> Response:
    return Response("", 204)
