"""The designer's blueprint: HTML pages and the JSON API the page's script calls."""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ivr.channels.sim import load_responses
from ivr.designer.calls import Calls
from ivr.designer.workspace import Conflict, Refused, Workspace
from ivr.errors import IvrError
from ivr.flow.machine import Flow
from ivr.flow.model import LANG_RE
from ivr.flow.source import MAX_BYTES
from ivr.layout import Annotation, EdgeMarks, flow_svg

bp = Blueprint("designer", __name__, template_folder="templates", static_folder="static",
               static_url_path="/designer-static")

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
BODY_LIMIT = 4 * MAX_BYTES  # a JSON body carrying the largest flow, escaped; the flow itself is held to MAX_BYTES
OPEN = {"designer.index", "designer.edit", "designer.static"}  # the pages and their files: everything else needs the token
RAW_BODY = {"designer.hear"}  # takes a recording, not JSON: its own limits
HEADERS = {
    # The page's own script is the only script; the graph's SVG brings its own styles and fonts (data: URLs),
    # and spoken prompts play from blob: URLs the script made.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                               "font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def create_designer_app(directory: str | Path = "flows", *, host: str = "127.0.0.1", store: str | None = None,
                        warm: bool = False) -> Flask:
    """The designer for the flows in ``directory``, as an app of its own. ``host`` is the address it
    is served on: on a loopback address, requests for any other host name are refused. ``store`` is
    a call-record store (SQLite path or redis:// URL) for the visits overlay. ``warm`` checks every
    flow in a thread now, so the first flow list comes from memory."""
    app = Flask("ivr.designer")
    init_designer(app, directory, host=host, store=store)
    if warm:
        threading.Thread(target=app.config["DESIGNER"].warm, name="designer-warm", daemon=True).start()
    return app


def init_designer(app: Flask, directory: str | Path = "flows", *, host: str = "127.0.0.1", store: str | None = None) -> None:
    """Add the designer to an existing app (for example the Twilio webhook app of
    :func:`ivr.channels.twilio.create_app`); its routes, checks and CSRF token stay its own."""
    root = Path(directory)
    if not root.is_dir():
        raise IvrError(f"{directory}: no such folder; pass the folder that holds your flows, like 'ivr designer flows'")
    app.config["DESIGNER"] = Workspace(root)
    app.config["DESIGNER_CSRF"] = secrets.token_urlsafe(32)
    app.config["DESIGNER_LOOPBACK"] = host in LOOPBACK
    app.config["DESIGNER_CALLS"] = Calls()
    app.config["DESIGNER_STORE"] = store
    app.register_blueprint(bp)


def _ws() -> Workspace:
    ws: Workspace = current_app.config["DESIGNER"]
    return ws


def _fail(status: int, message: str, **extra: Any) -> Response:
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


@bp.errorhandler(Refused)
def refused(e: Refused) -> Response:
    return _fail(e.status, e.message)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(e: RequestEntityTooLarge) -> Response:
    return _fail(413, f"the request is over the designer's limit of {BODY_LIMIT:,} bytes (flows are limited to {MAX_BYTES:,})")


@bp.errorhandler(IvrError)
def ivr_error(e: IvrError) -> Response:
    return _fail(422, str(e).splitlines()[0] if str(e) else type(e).__name__)


@bp.errorhandler(Exception)
def internal_error(e: Exception) -> Response | HTTPException:
    """A bug in ivr, not the user's doing: one line for the page (the traceback goes to the server's log)."""
    if isinstance(e, HTTPException):
        return e
    current_app.logger.exception("designer request failed")
    return _fail(500, f"internal error: {type(e).__name__}: {e} (please report it)")


@bp.before_request
def guard() -> None:
    """No DNS rebinding on a loopback designer; the CSRF token on everything but the pages themselves
    (reads too: another site's page can fire a GET that reads, compiles or speaks); no body over the limit."""
    if current_app.config["DESIGNER_LOOPBACK"]:
        hostname = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
        if hostname not in LOOPBACK:
            abort(_fail(403, f"the designer answers requests for 127.0.0.1 or localhost only, not {request.host!r}"))
    if request.endpoint not in OPEN:
        sent = request.headers.get("X-CSRF-Token", "")
        if not hmac.compare_digest(sent.encode(), current_app.config["DESIGNER_CSRF"].encode()):
            abort(_fail(403, "missing or wrong CSRF token: reload the designer page"))
    if request.endpoint not in RAW_BODY:
        request.max_content_length = BODY_LIMIT  # a body without a length is cut off here too
        if (request.content_length or 0) > BODY_LIMIT:
            raise RequestEntityTooLarge()


@bp.after_request
def headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _json() -> Mapping[str, Any]:
    """The request's JSON object; 400 with a message for anything else (not JSON, nested past what
    the parser takes, or text with half a character, which no file or page could hold)."""
    if not request.is_json:
        abort(_fail(400, "expected a JSON object (Content-Type: application/json)"))
    try:
        data = json.loads(request.get_data())
    except RecursionError:
        abort(_fail(400, "the JSON is nested too deeply"))
    except ValueError as e:
        abort(_fail(400, f"the request is not valid JSON: {str(e).splitlines()[0]}"))
    if not isinstance(data, dict):
        abort(_fail(400, "expected a JSON object"))
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        abort(_fail(400, "the request has text that is not valid Unicode (a lone surrogate, like \\ud800)"))
    except RecursionError:
        abort(_fail(400, "the JSON is nested too deeply"))
    return data


def _text(data: Mapping[str, Any]) -> str:
    text = data.get("text")
    if not isinstance(text, str):
        abort(_fail(400, "expected 'text', the flow's YAML"))
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        abort(_fail(413, f"the flow is {size:,} bytes; flows are limited to {MAX_BYTES:,}"))
    return text


# -- pages -------------------------------------------------------------------------------------------


@bp.get("/")
def index() -> str:
    return render_template("designer/index.html", csrf=current_app.config["DESIGNER_CSRF"], root=str(_ws().root))


@bp.get("/edit/<path:name>")
def edit(name: str) -> str:
    _ws().read(name)  # 403/404 before the page
    return render_template("designer/edit.html", csrf=current_app.config["DESIGNER_CSRF"], name=name)


# -- files -------------------------------------------------------------------------------------------


@bp.get("/api/flows")
def list_flows() -> Response:
    ws = _ws()
    return jsonify({"root": str(ws.root), "flows": [ws.status(name) for name in ws.flows()]})


@bp.post("/api/flows")
def new_flow() -> Response:
    name = _json().get("name")
    if not isinstance(name, str):
        return _fail(400, "expected 'name', the new flow's name")
    file, version = _ws().new_flow(name)
    return jsonify({"file": file, "version": version})


@bp.get("/api/flows/<path:name>")
def read_flow(name: str) -> Response:
    text, version = _ws().read(name)
    return jsonify({"file": name, "text": text, "version": version})


@bp.put("/api/flows/<path:name>")
def save_flow(name: str) -> Response:
    data = _json()
    base = data.get("version")
    saved = _ws().save(name, _text(data), base if isinstance(base, str) else None)
    if isinstance(saved, Conflict):
        return _fail(409, f"{name} changed on disk since you opened it; nothing was written", diff=saved.diff,
                     version=saved.version)
    return jsonify({"file": name, "version": saved})


@bp.get("/api/schema")
def flow_schema() -> Response:
    """The flow format's JSON Schema (what ``ivr schema`` prints): the editor completes and documents fields from it."""
    from ivr.flow.model import json_schema

    return jsonify(json_schema())


@bp.post("/api/edit")
def edit_text() -> Response:
    """A canvas edit (add, connect, set, delete, rename) made as the smallest change of the editor's text:
    the new text and its changes in the editor's offsets; 400 with one line when it can't be made."""
    from ivr.designer.edits import EditError, apply_edit

    data = _json()
    text = _text(data)
    started = time.perf_counter()
    try:
        edit = apply_edit(text, data.get("op"))  # type: ignore[arg-type]
    except EditError as e:
        return _fail(400, str(e))
    return jsonify({**edit.as_dict(), "ms": round((time.perf_counter() - started) * 1000, 1)})


@bp.post("/api/node")
def node_panel() -> Response:
    """What the property panel shows for one node: its values, its type's JSON Schema, its edges,
    the flow's node names and languages."""
    from ivr.designer.edits import EditError, node_view

    data = _json()
    try:
        return jsonify(node_view(_text(data), data.get("node")))
    except EditError as e:
        return _fail(400, str(e))


@bp.post("/api/validate/<path:name>")
def validate(name: str) -> Response:
    ws = _ws()
    ws.resolve(name)
    started = time.perf_counter()
    report = ws.validate(name, _text(_json()))
    return jsonify({**report.as_dict(), "ms": round((time.perf_counter() - started) * 1000, 1)})


@bp.post("/api/graph/<path:name>")
def graph(name: str) -> Response:
    ws = _ws()
    ws.resolve(name)
    data = _json()
    report = ws.validate(name, _text(data))
    if report.flow is None:
        return _fail(422, "the flow has errors; fix them to see the graph")
    overlay = data.get("overlay")
    annotations: dict[str, Annotation] | None = None
    marks: EdgeMarks | None = None
    missing: str | None = None
    coverage: dict[str, Any] | None = None
    if isinstance(overlay, str) and overlay:
        try:
            if overlay == "coverage":
                annotations, marks, coverage = {}, *_coverage(name, report.flow)
            else:
                annotations, counts = _overlay(name, report.flow, overlay, data.get("overlay_file"))
                marks = EdgeMarks(counts=counts)
        except (IvrError, Refused) as e:  # the graph without numbers, and why: never other numbers under this overlay's name
            annotations, marks = None, None
            missing = e.message if isinstance(e, Refused) else str(e).splitlines()[0]
    started = time.perf_counter()
    svg = flow_svg(report.flow, annotations, diagnostics=report.diagnostics, marks=marks)
    return jsonify({"svg": svg, "ms": round((time.perf_counter() - started) * 1000, 1),
                    "overlay": None if annotations is None else {k: vars(v) for k, v in annotations.items()},
                    "edges": None if marks is None or marks.counts is None else dict(marks.counts),
                    "coverage": coverage, "overlay_error": missing})


def _overlay(name: str, flow: Flow, source: str, file: object) -> tuple[dict[str, Annotation], dict[str, int]]:
    from ivr.designer.overlay import from_bulk, from_file, from_records

    if source == "records":
        return from_records(current_app.config["DESIGNER_STORE"], flow.name)
    if source == "bulk":
        return from_bulk(_ws(), name, flow)
    if source == "file":
        if not isinstance(file, str) or not file:
            raise IvrError("choose the saved 'ivr simulate-many --json' file to draw")
        return from_file(_ws(), file, flow)
    raise IvrError(f"no overlay {source!r}; choose records, bulk, file or coverage")


def _coverage(name: str, flow: Flow) -> tuple[EdgeMarks, dict[str, Any]]:
    """What the flow's scenarios never exercised, as marks on the graph, and the coverage numbers."""
    from ivr.designer.scenarios import run

    found = run(_ws(), name, flow)
    if found["error"]:
        raise IvrError(found["error"])
    if found["coverage"] is None:
        raise IvrError(f"no scenarios yet: {found['file']} does not exist (save a Try-it call as a scenario)")
    cov = found["coverage"]
    return EdgeMarks(untested_nodes=frozenset(cov["states"]["missing"]), untested_edges=frozenset(cov["edges"]["missing"])), cov


@bp.get("/api/overlay-files")
def overlay_files() -> Response:
    """The .json files in the folder, for the overlay 'from a file' (a saved 'ivr simulate-many --json')."""
    from ivr.designer.overlay import overlay_files as found

    return jsonify({"files": found(_ws())})


# -- scenarios ---------------------------------------------------------------------------------------


@bp.post("/api/scenarios/<path:name>")
def run_scenarios(name: str) -> Response:
    """The flow's scenarios, run on the editor's text: pass or fail with messages, and their coverage."""
    from ivr.designer.scenarios import run

    ws = _ws()
    ws.resolve(name)
    report = ws.validate(name, _text(_json()))
    if report.flow is None:
        return _fail(422, "the flow has errors; fix them to run its scenarios")
    started = time.perf_counter()
    found = run(ws, name, report.flow)
    return jsonify({**found, "ms": round((time.perf_counter() - started) * 1000, 1)})


@bp.post("/api/scenarios/<path:name>/save")
def save_scenario(name: str) -> Response:
    """A Try-it call saved as a scenario in the flow's scenario file; then the file's scenarios run."""
    from ivr.designer.scenarios import run, save_call

    data = _json()
    call_id, title, base = data.get("call"), data.get("name"), data.get("version")
    if not isinstance(call_id, str) or not isinstance(title, str) or not title.strip():
        return _fail(400, "expected 'call' (the Try-it call) and 'name' (the scenario's name)")
    if base is not None and not isinstance(base, str):
        return _fail(400, "'version' is the scenario file's version the page read, or null for a new file")
    ws = _ws()
    ws.resolve(name)
    tc = current_app.config["DESIGNER_CALLS"].get(call_id)
    with tc.lock:
        if not tc.lines:
            return _fail(400, "the call has no caller action yet to save")
        file, saved, item = save_call(ws, name, tc.call.flow, tc, " ".join(title.split())[:300], base, _responses_file(name))
    if isinstance(saved, Conflict):
        return _fail(409, f"{file} changed on disk since the page read it; nothing was written", diff=saved.diff, version=saved.version)
    report = ws.validate(name, _text(data))
    found = run(ws, name, report.flow) if report.flow is not None else None
    return jsonify({"file": file, "version": saved, "scenario": item, "run": found})


# -- try it -----------------------------------------------------------------------------------------


def _responses_file(name: str) -> str | None:
    """The folder's name of a flow's canned web answers: responses/<stem>.yaml beside it or in the folder's root."""
    ws = _ws()
    stem = Path(name).stem
    for candidate in (str(Path(name).parent / "responses" / f"{stem}.yaml"), f"responses/{stem}.yaml"):
        try:
            path = ws.resolve(candidate.removeprefix("./"))
        except Refused:
            continue
        if path.is_file():
            return ws.name_of(path)
    return None


def _responses(name: str) -> list[dict[str, Any]]:
    """The canned web answers for a flow (see :func:`_responses_file`)."""
    file = _responses_file(name)
    if file is None:
        return []
    return load_responses(_ws().resolve(file).read_text(encoding="utf-8"), file)


@bp.post("/api/calls")
def start_call() -> Response:
    data = _json()
    name = data.get("file")
    if not isinstance(name, str):
        return _fail(400, "expected 'file', the flow to call")
    ws = _ws()
    report = ws.validate(name, _text(data))
    if report.flow is None:
        return _fail(422, "the flow has errors; fix them to try a call")
    at, language = data.get("at") or None, data.get("language") or None
    if at is not None and (not isinstance(at, str) or not _iso(at)):
        return _fail(400, f"'at' is an ISO time, like 2026-11-24T10:30:00-05:00, not {at!r}")
    if language is not None and language not in report.flow.languages:
        return _fail(400, f"the flow speaks {', '.join(report.flow.languages)}, not {language!r}")
    call = current_app.config["DESIGNER_CALLS"].start(report.flow, _responses(name), at=at, language=language)
    return jsonify(call.view())


def _iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


@bp.post("/api/calls/<call_id>")
def act(call_id: str) -> Response:
    data = _json()
    verb, arg = data.get("action"), data.get("arg", "")
    if not isinstance(verb, str) or not isinstance(arg, str):
        return _fail(400, "expected 'action' (press, say, silence, hangup) and 'arg'")
    call = current_app.config["DESIGNER_CALLS"].get(call_id)
    with call.lock:
        call.act(verb, arg)
        return jsonify(call.view())


@bp.post("/api/calls/<call_id>/audio")
def hear(call_id: str) -> Response:
    """A try-it microphone recording: its size is capped before the body is read and its header
    checked before a sample is decoded (400 or 413, one line); the recognizer runs in a worker
    process with a time limit, past which the call hears silence and the answer says why."""
    from werkzeug.exceptions import RequestEntityTooLarge

    from ivr.errors import UsageError

    try:
        from ivr.speech.audio import MAX_BYTES, MAX_SECONDS, WavError, check_wav
    except ImportError as e:
        raise UsageError(f'the microphone needs the speech extra ({e.name} is not installed): pip install "ivr[speech]"') from None
    too_large = f"the recording is larger than {MAX_BYTES:,} bytes; the designer takes at most {MAX_SECONDS:g} s of audio"
    if (request.content_length or 0) > MAX_BYTES:
        return _fail(413, too_large)
    request.max_content_length = MAX_BYTES + 1  # a body without a length is read one byte past the cap, no further
    try:
        data = request.get_data(cache=False)
    except RequestEntityTooLarge:
        return _fail(413, too_large)
    if len(data) > MAX_BYTES:
        return _fail(413, too_large)
    try:
        check_wav(data)
    except WavError as e:
        return _fail(413 if e.too_large else 400, str(e))
    calls = current_app.config["DESIGNER_CALLS"]
    call = calls.get(call_id)
    with call.lock:
        heard, message = call.hear(data, calls.ears)
        return jsonify({**call.view(), "heard": heard, **({"message": message} if message else {})})


@bp.get("/api/recording")
def recording() -> Response:
    """A flow's recorded prompt for try-it calls, as the microphone channel plays it (16 kHz PCM WAV,
    converted once by the shared loader): ``file`` is the flow, ``audio`` the path its prompt names.
    Confined like flow files; a recording that can't be played is 422 and the page speaks its text."""
    from ivr.speech import recordings

    file, path = request.args.get("file", ""), request.args.get("audio", "")
    if not file or not path:
        return _fail(400, "expected 'file' (the flow) and 'audio' (the recording its prompt names)")
    found = _ws().recording(file, path)
    try:
        flow_file = str(_ws().resolve(file))
        wav = recordings.converted(found, recordings.cache_folder(flow_file, Path(file).stem), "pcm16k")
    except recordings.RecordingError as e:
        return _fail(422, str(e).replace(repr(str(found)), repr(path)))
    data = wav.read_bytes() if isinstance(wav, Path) else recordings.wav_bytes(wav)
    return Response(data, mimetype="audio/wav", headers={"Cache-Control": "max-age=3600"})


@bp.get("/api/speech")
def speech() -> Response:
    """A prompt spoken by the offline TTS voice (the speech extra), so try-it calls can be heard."""
    from ivr.designer.calls import spoken

    text, language = request.args.get("text", ""), request.args.get("language", "en")
    if not text or len(text) > 2000:
        return _fail(400, "expected 'text', up to 2000 characters")
    if not LANG_RE.fullmatch(language):
        return _fail(400, f"expected 'language', a language code like en or ko-KR, not {language[:40]!r}")
    wav = spoken(text, language)
    if wav is None:
        return _fail(404, 'speaking prompts needs the speech extra: pip install "ivr[speech]"')
    return Response(wav, mimetype="audio/wav", headers={"Cache-Control": "max-age=3600"})


@bp.post("/api/speech/ready")
def speech_ready() -> Response:
    """Load the voice and speak the opening prompts of a call of the flow in ``language`` now, so a
    try-it call started later hears its first prompt at once: the page asks when it opens (sound on)."""
    from ivr.designer.calls import speak_ahead

    data = _json()
    name = data.get("file")
    if not isinstance(name, str):
        return _fail(400, "expected 'file', the flow whose prompts to speak")
    report = _ws().validate(name, _text(data))
    if report.flow is None:
        return _fail(422, "the flow has errors; fix them to hear it")
    language = data.get("language") or None
    if language is not None and language not in report.flow.languages:
        return _fail(400, f"the flow speaks {', '.join(report.flow.languages)}, not {language!r}")
    spoken = speak_ahead(report.flow, _responses(name), language)
    if spoken is None:
        return _fail(404, 'speaking prompts needs the speech extra: pip install "ivr[speech]"')
    return jsonify({"ready": True, "prompts": spoken})
