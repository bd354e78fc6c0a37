"""The designer's API with anything in the request: a JSON answer or a 4xx, never a 500 and never a traceback.

Each example gets a fresh copy of flows/ and its own designer app (so what one example saved cannot
change what another sees), then sends requests with the page's CSRF token: random JSON bodies
(right keys with wrong values, wrong shapes, broken JSON, other content types), random file names
and paths (``..``, absolute, NUL, dot-folders, very long), flow texts mutated from the examples, and
try-it calls driven by random actions. Lone surrogates and 100,000-deep JSON (issue 13 point 5) have
tests of their own at the end.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from werkzeug.test import TestResponse

from ivr.designer import create_designer_app
from tests.fuzz.budget import fuzz, production_stack
from tests.fuzz.strategies import ODD, WORDS, nested

ROOT = Path(__file__).parent.parent.parent
FLOW_FILES = ["bank.yaml", "telecom.yaml", "multilingual.yaml", "korean.yaml", "lib/verify.yaml"]
TEXTS = {name: (ROOT / "flows" / name).read_text(encoding="utf-8") for name in FLOW_FILES}


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("designer")


class Designer:
    """A designer app on a fresh copy of flows/, and a client that sends the page's CSRF token."""

    count = 0

    def __init__(self, workdir: Path) -> None:
        Designer.count += 1
        self.folder = workdir / f"flows-{Designer.count}"
        shutil.copytree(ROOT / "flows", self.folder, ignore=shutil.ignore_patterns("scripts", "tests"))
        self.app: Flask = create_designer_app(self.folder)
        self.errors = Errors()
        self.app.logger.addHandler(self.errors)
        self.client: FlaskClient = self.app.test_client()
        self.token = self.app.config["DESIGNER_CSRF"]

    def close(self) -> None:
        self.app.logger.removeHandler(self.errors)
        shutil.rmtree(self.folder, ignore_errors=True)

    def send(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json") -> TestResponse:
        response = self.client.open(path, method=method, data=body, content_type=content_type, headers={"X-CSRF-Token": self.token})
        response.get_data()
        response.close()  # static files are streamed from an open file
        self.check(response)
        return response

    def check(self, response: TestResponse) -> None:
        """The property: no 5xx, nothing logged as an internal error, and JSON where the API answers."""
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        assert not self.errors.records, [r.getMessage() for r in self.errors.records]
        if currently_in_test_context():
            event(f"{response.status_code}")
        if response.mimetype == "application/json":
            data = response.get_json()
            assert isinstance(data, dict)
            if response.status_code >= 400:
                assert isinstance(data.get("error"), str) and data["error"]


NAMES = st.one_of(
    st.sampled_from([*FLOW_FILES, "new.yaml", "sub/new.yaml", "../x.yaml", "/etc/passwd", "a/../../x.yaml", "~/x.yaml", "x\\y.yaml",
                     ".hidden.yaml", "bank.yaml/x.yaml", "responses/bank.yaml", "populations/bank.yaml", "nope.yaml", "x.txt", "x",
                     "", ".", "./bank.yaml", "é.yaml", "상담원.yaml", "a b.yaml", "x%00.yaml", "CON.yaml", "x" * 300 + ".yaml",
                     "/".join(["d"] * 40) + "/x.yaml"]),
    st.text(max_size=16).map(lambda t: t + ".yaml"),
    st.text(max_size=12),
)
# NUL and other characters XML or a path cannot hold; the lone surrogates are kept for their own test below
SAFE_TEXT = st.text(max_size=40)
VALUE = nested(st.none() | st.booleans() | st.integers() | st.floats() | SAFE_TEXT | st.sampled_from(ODD), SAFE_TEXT, max_leaves=8)


@st.composite
def flow_text(draw: st.DrawFn) -> str:
    """An example flow's text, whole or with a few lines changed, cut or repeated."""
    lines = TEXTS[draw(st.sampled_from(FLOW_FILES))].splitlines()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["change", "cut", "repeat", "insert"]))
        if op == "change":
            key, colon, _ = lines[at].partition(": ")
            lines[at] = f"{key}: {json.dumps(draw(VALUE), ensure_ascii=False)}" if colon else draw(SAFE_TEXT)
        elif op == "cut":
            del lines[at:at + draw(st.integers(1, 20))]
            if not lines:
                lines = [""]
        elif op == "repeat":
            lines[at:at] = lines[at:at + draw(st.integers(1, 10))]
        else:
            lines.insert(at, draw(st.sampled_from(ODD)) + draw(SAFE_TEXT))
    return "\n".join(lines) + "\n"


def body_for(draw: st.DrawFn, keys: dict[str, st.SearchStrategy[Any]]) -> tuple[bytes, str]:
    """A request body: the right keys with any values, any JSON, broken JSON or another content type."""
    kind = draw(st.sampled_from(["right", "right", "right", "any", "broken", "form"]))
    if kind == "right":
        data = draw(st.fixed_dictionaries({}, optional={k: v | VALUE for k, v in keys.items()}))
        return json.dumps(data, ensure_ascii=draw(st.booleans())).encode(), "application/json"
    if kind == "any":
        return json.dumps(draw(VALUE)).encode(), "application/json"
    if kind == "broken":
        return draw(st.sampled_from([b"", b"{", b'{"text": ', b"\xff\xfe", b"null", b"[]", b"NaN", b'{"a": Infinity}', b"\x00"])), "application/json"
    return draw(st.binary(max_size=40)), draw(st.sampled_from(["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"]))


def url(name: str) -> str:
    return quote(name.encode("utf-8", "surrogatepass"), safe="/")


@fuzz(150)
@given(st.data())
@production_stack
def test_designer_api_answers_json_or_4xx(workdir: Path, data: st.DataObject) -> None:
    draw = data.draw
    d = Designer(workdir)
    try:
        for _ in range(draw(st.integers(1, 5))):
            request(d, draw)
    finally:
        d.close()


def request(d: Designer, draw: st.DrawFn) -> None:
    what = draw(st.sampled_from(["list", "read", "page", "new", "save", "validate", "graph", "call", "speech", "stray"]))
    name = draw(NAMES)
    text = st.just(TEXTS[name]) if name in TEXTS else flow_text()
    if what == "list":
        d.send("GET", "/api/flows")
    elif what == "read":
        d.send("GET", f"/api/flows/{url(name)}")
    elif what == "page":
        d.send("GET", draw(st.sampled_from(["/", f"/edit/{url(name)}", "/designer-static/designer.js", "/designer-static/../views.py"])))
    elif what == "new":
        d.send("POST", "/api/flows", *body_for(draw, {"name": NAMES}))
    elif what == "save":
        current = d.client.get(f"/api/flows/{url(name)}").get_json(silent=True) or {}
        version = st.sampled_from([current.get("version"), None, "", "0" * 64])
        d.send("PUT", f"/api/flows/{url(name)}", *body_for(draw, {"text": flow_text() | text, "version": version}))
    elif what == "validate":
        d.send("POST", f"/api/validate/{url(name)}", *body_for(draw, {"text": flow_text() | text}))
    elif what == "graph":
        overlay = st.sampled_from(["", "records", "bulk", "bulk", "nothing", "Bulk"]) | SAFE_TEXT
        d.send("POST", f"/api/graph/{url(name)}", *body_for(draw, {"text": flow_text() | text, "overlay": overlay}))
    elif what == "call":
        try_it(d, draw, name)
    elif what == "speech":  # only what is refused before anything is spoken: speaking is the speech extra's test
        d.send("GET", "/api/speech?" + draw(st.sampled_from(["", "text=", "language=ko", "text=" + "a" * 2001])))
    else:
        path = draw(st.sampled_from(["/api", "/api/flows/", "/api/calls", "/api/calls/x", "/api/validate/", "/nope", "//", "/edit/"]))
        d.send(draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"])), path, *body_for(draw, {"text": text, "name": NAMES}))


ACTIONS = st.sampled_from(["press", "say", "silence", "hangup", "mumble", "http", "say-audio", "", "PRESS", "press "])
ARGS = st.one_of(
    st.text(alphabet="0123456789*#", max_size=12),
    WORDS,
    SAFE_TEXT,
    st.sampled_from(ODD),
    st.just("1" * 4000),
)


def try_it(d: Designer, draw: st.DrawFn, name: str) -> None:
    """A try-it call: started with any settings, then taken through random caller actions."""
    file = draw(st.sampled_from(FLOW_FILES) | st.just(name))
    keys = {"file": st.just(file), "text": st.just(TEXTS.get(file, "")) | flow_text(),
            "at": st.datetimes(timezones=st.timezones()).map(lambda t: t.isoformat()) | SAFE_TEXT,
            "language": st.sampled_from(["en", "es", "ko", "fa", "xx", ""])}
    started = d.send("POST", "/api/calls", *body_for(draw, keys))
    call = (started.get_json(silent=True) or {}).get("id") if started.status_code == 200 else None
    call = call or draw(st.sampled_from(["try-0", "", "x/y", "try-" + "f" * 16]))
    for _ in range(draw(st.integers(0, 8))):
        d.send("POST", f"/api/calls/{url(call)}", *body_for(draw, {"action": ACTIONS, "arg": ARGS}))


# -- issue 13 point 5, until the designer reads JSON bodies defensively ---------------------------------


@fuzz(20)
@given(st.sampled_from(["PUT /api/flows/new.yaml", "POST /api/validate/bank.yaml", "POST /api/flows", "POST /api/calls"]),
       st.sampled_from(["text", "name", "file"]), st.sampled_from(["\ud800", "a\udfffb", "\udc80" * 3]))
@production_stack
def test_lone_surrogates(workdir: Path, where: str, key: str, value: str) -> None:
    method, path = where.split(" ")
    d = Designer(workdir)
    try:
        d.send(method, path, json.dumps({key: TEXTS["bank.yaml"] + "# " + value if key == "text" else value, "file": "bank.yaml"}).encode())
    finally:
        d.close()


@fuzz(10)
@given(st.sampled_from(["PUT /api/flows/new.yaml", "POST /api/validate/bank.yaml", "POST /api/flows", "POST /api/calls"]),
       st.integers(50_000, 120_000))
@production_stack
def test_deep_json(workdir: Path, where: str, depth: int) -> None:
    method, path = where.split(" ")
    d = Designer(workdir)
    try:
        d.send(method, path, b'{"text": ' + b"[" * depth + b"]" * depth + b"}")
    finally:
        d.close()
