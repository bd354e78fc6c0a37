"""Real phone calls: a Flask app answering Twilio Voice webhooks with TwiML, driving the same engine.

Webhooks (all POST, all signed by Twilio and checked with its RequestValidator):

    /voice[/<flow>]        incoming call: starts the call
    /turn/<sid>/<turn>     what the caller did at <turn>: a <Gather>, <Record> or <Dial>/<Enqueue> result
    /wait                  music-on-hold URL of <Enqueue>: tells the caller their place and the wait
    /status                status callback: ends the call and writes its record
    /fallback[/<flow>]     the number's Fallback URL: hands the caller to a person, without the store
    /media                 media mode (``--media``, ``asr: local``): the WebSocket of Twilio Media Streams
                           (ivr.channels.media), its upgrade signed like every webhook
    /streamed/<sid>        the <Connect> action: the call's stream ended without a hand-over

Only this module imports twilio. Every answer is built with twilio's VoiceResponse.

Whatever fails while answering (the store full, read-only, damaged or gone; a bug), the caller is
handed to the flow's person with a short apology, never to Twilio's error message: the hand-over is
known from the compiled flow, without the store. Calls whose status callback never came are closed
with a record ("expired") by a sweep at start-up and now and then from the webhooks.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_plus, urlencode
from xml.sax.saxutils import escape

from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory
from flask_sock import Sock  # type: ignore[import-untyped]
from twilio.request_validator import (
    RequestValidator,
    compare,
    get_signature_algorithm,
)
from twilio.twiml.voice_response import Gather, VoiceResponse
from werkzeug.exceptions import HTTPException
from werkzeug.wsgi import get_host

from ivr.channels.sim import HttpHandler, live_http
from ivr.engine import effects as fx
from ivr.engine.events import (
    CallerHungUp,
    CallStarted,
    DigitsEntered,
    Event,
    NoInput,
    Recorded,
    SpeechRecognized,
    TransferResult,
)
from ivr.engine.state import CallState
from ivr.engine.step import step
from ivr.flow import machine as nodes
from ivr.flow.machine import Flow
from ivr.flow.text import MASK, minutes, render
from ivr.loading import prompt_folder
from ivr.records import call_record
from ivr.sealing import Sealer
from ivr.store import Session, Store, default_path, open_store, store_errors

MAX_TWIML = 64_000  # Twilio refuses larger responses (error 11750)
RECENT_CALLS = 4096  # calls each worker keeps in memory after answering them (a few kB each)
# Twilio's webhook forms are a few hundred bytes to a few kB (20-40 fields; a long SpeechResult adds 1-2 kB): 64 kB and
# 1,000 fields leave more than ten times that, and refuse junk before it is parsed or signed (100,000 fields cost 1.1 s)
MAX_BODY = 64 << 10
MAX_FIELDS = 1000
MAX_KEYS = 64  # keypad digits in one answer (a collect's max_length is at most 64)
MAX_SPEECH = 2000  # characters of a SpeechResult (a minute of speech is about 1,000)
EXPIRE_AFTER = 5 * 3600  # a call still live this long after it started is over (Twilio ends calls at 4 h)
SWEEP_EVERY = 60.0  # seconds between a worker's sweeps of expired calls and unwritten records
RETRY_EVERY = 5.0  # seconds before records a failing store refused are tried again
LANGUAGES = {"en": "en-US", "es": "es-US", "fr": "fr-FR", "de": "de-DE", "ko": "ko-KR", "ar": "arb", "fa": "fa-IR",
             "pt": "pt-BR", "it": "it-IT"}
DIAL_RESULTS = {"completed": "answered", "answered": "answered", "busy": "busy", "no-answer": "no-answer",
                "failed": "failed", "canceled": "failed"}

APOLOGY = {"en": "Sorry, something went wrong.", "es": "Lo sentimos, algo ha fallado.", "fr": "Désolé, un problème est survenu.",
           "de": "Entschuldigung, etwas ist schiefgelaufen.", "ko": "죄송합니다. 문제가 발생했습니다.", "ar": "عذرًا، حدث خطأ.",
           "fa": "ببخشید، مشکلی پیش آمد.", "pt": "Desculpe, algo deu errado.", "it": "Ci scusi, qualcosa è andato storto."}

bp = Blueprint("ivr", __name__)
sock = Sock()
MEDIA_KEPT = "ivr-media:"  # a streamed call's kept answer starts so (ivr.channels.media.kept_turn): never sent to Twilio
MEDIA_NOTE = "<!--ivr:media-->"  # in the TwiML a streamed call goes on with (a transfer's): its record says channel media
MAX_RESUMES = 3  # streams that dropped and are connected again, per call, before the caller goes to a person


@dataclass
class Webhooks:
    """What the webhooks work with, kept on the app (``app.extensions["ivr"]``) and looked up once per
    request: each ``current_app`` or ``request`` lookup goes through a context-local proxy."""

    flows: dict[str, Flow]
    default: str
    store: Store
    validators: list[RequestValidator]
    public_url: str
    http: HttpHandler
    clock: Callable[[], str]
    rendered: dict[str, dict[tuple[str, str], str]]
    # flow -> its recordings: audio: path as written -> what <Play> fetches (None: it can't be played, its text is said),
    # and the files those URLs serve, by number
    recorded: dict[str, dict[str, str | None]] = field(default_factory=dict)
    served: dict[str, list[tuple[Path, str]]] = field(default_factory=dict)
    twiml_cache: dict[object, str] = field(default_factory=dict)
    # the calls this worker answered last, as it stored them: their next turn usually needs no read
    recent: dict[str, Session] = field(default_factory=dict)
    # where each flow's callers go when the call can't be followed (the store failed): known at start-up
    handover: dict[str, fx.Transfer | fx.Record | None] = field(default_factory=dict)
    # calls whose status callback came while the store failed: (status, duration, the call as last kept), written later
    unwritten: dict[str, tuple[str | None, float | None, Session | None]] = field(default_factory=dict)
    expire_after: float = EXPIRE_AFTER
    sweep_every: float = SWEEP_EVERY
    retry_every: float = RETRY_EVERY
    sweep_at: float = 0.0  # time.monotonic() of the next sweep
    media: bool = False  # every flow's calls are heard by this server (media streams), not by <Gather>
    secrets: list[str] = field(default_factory=list)  # what signs: the auth token, then webhook signing keys
    rest: Callable[[str], Any] = field(default=lambda account: None)  # account sid -> twilio REST client
    streams: object = None  # ivr.channels.media.Streams, made at the first stream

    def remember(self, session: Session) -> None:
        """Keep what was just stored; ``session`` hands out copies of it (the engine never changes a
        state it is given, and a turn changes only its own copy)."""
        self.recent[session.sid] = session
        while len(self.recent) > RECENT_CALLS:
            try:
                self.recent.pop(next(iter(self.recent)), None)  # the oldest
            except RuntimeError:  # another thread changed it meanwhile: try again
                continue

    def session(self, sid: str, turn: int) -> Session | None:
        """The call at ``turn`` as this worker last stored it, else as the store has it. A copy this
        worker kept may be stale only if another worker answered the same turn: then the save of the
        next turn, which checks the turn in the store, fails and that worker's answer is sent."""
        kept = self.recent.get(sid)
        if kept is not None and kept.turn == turn:
            return replace(kept)
        return self.store.get(sid)


def create_app(flows: Sequence[Flow], *, auth_token: str | None = None, public_url: str | None = None,
               store: Store | None = None, http: HttpHandler = live_http,
               clock: Callable[[], str] = lambda: datetime.now().astimezone().isoformat(timespec="seconds"),
               media: bool = False, twilio_api: str | None = None) -> Flask:
    """The webhook app for ``flows`` (the first answers ``/voice``, each also ``/voice/<name>``).
    ``http`` makes the flows' web requests (tests and staging can answer them from canned data);
    ``clock`` says when a call starts (business hours). ``media``: callers of every flow are heard by
    this server over Twilio Media Streams (else only those of flows with ``asr: local``);
    ``twilio_api``: where the REST API is (default api.twilio.com; IVR_TWILIO_API_URL)."""
    app = Flask("ivr")
    from ivr.channels.media import SOCKET_LIMIT

    app.config["SOCK_SERVER_OPTIONS"] = {"max_message_size": SOCKET_LIMIT}
    token = auth_token if auth_token is not None else os.environ.get("TWILIO_AUTH_TOKEN", "")
    # the auth token signs by default; webhook shared keys (comma-separated, several while rotating) when set up
    shared = [k.strip() for k in os.environ.get("TWILIO_WEBHOOK_SIGNING_KEYS", "").split(",")]
    app.extensions["ivr"] = Webhooks(
        flows={f.name: f for f in flows}, default=flows[0].name,
        store=sealed(store or open_store(os.environ.get("IVR_STORE") or default_path()), [token, *shared]),
        validators=[RequestValidator(k) for k in [token, *shared] if k],
        public_url=(public_url or os.environ.get("IVR_PUBLIC_URL") or "").rstrip("/"),
        http=http, clock=clock, rendered={f.name: rendered_prompts(f) for f in flows},
        handover={f.name: human_handover(f) for f in flows}, media=media, secrets=[k for k in [token, *shared] if k],
        rest=rest_clients(token, twilio_api or os.environ.get("IVR_TWILIO_API_URL")))
    hooks_ = app.extensions["ivr"]
    for f in flows:
        hooks_.recorded[f.name], hooks_.served[f.name] = recorded_prompts(f)
    app.register_blueprint(bp)
    sweep(app.extensions["ivr"], app.logger)
    if media or any(f.asr == "local" for f in flows):
        from ivr.channels.media import streams

        streams(hooks_).warm([f for f in flows if media or f.asr == "local"])
    return app


def rest_clients(token: str, api_url: str | None) -> Callable[[str], Any]:
    """Twilio REST clients by account (the stream's start says which): TWILIO_API_KEY and TWILIO_API_SECRET when
    set, else the account sid and the auth token; ``api_url`` in place of https://api.twilio.com (a staging mock)."""
    made: dict[str, Any] = {}

    def client(account: str) -> Any:
        account = os.environ.get("TWILIO_ACCOUNT_SID") or account
        found = made.get(account)
        if found is None:
            from twilio.rest import Client

            key, secret = os.environ.get("TWILIO_API_KEY"), os.environ.get("TWILIO_API_SECRET")
            found = Client(key, secret, account) if key and secret else Client(account, token, account)
            if api_url:
                found.api.base_url = api_url.rstrip("/")
            made[account] = found
        return found

    return client


def sealed(store: Store, secrets: Sequence[str]) -> Store:
    """The store, sealing live calls with the app's own secret when the environment gave it none."""
    if not store.sealer.keyed and (secret := next((s for s in secrets if s), None)):
        store.sealer = Sealer(secret)
    return store


def from_env() -> Flask:
    """The app configured from the environment, for WSGI servers:
    ``IVR_FLOWS=flows/bank.yaml gunicorn -w 4 'ivr.channels.twilio:from_env()'``
    (IVR_FLOWS: flow files separated by commas; IVR_STORE: SQLite path or redis:// URL, default: ivr.store.default_path();
    IVR_PUBLIC_URL; TWILIO_AUTH_TOKEN; TWILIO_WEBHOOK_SIGNING_KEYS; IVR_MEDIA=1 for media mode)."""
    from ivr.loading import load_flow
    from ivr.store import StoreError

    paths = [p for p in os.environ.get("IVR_FLOWS", "").split(",") if p.strip()]
    if not paths:
        raise SystemExit("set IVR_FLOWS to the flow files to serve, separated by commas")
    try:
        store = open_store(os.environ.get("IVR_STORE") or default_path())
    except StoreError as e:  # damaged: one line that says what to do, not a worker's traceback
        raise SystemExit(f"ivr: error: {e}") from None
    return create_app([load_flow(p.strip()) for p in paths], store=store, media=os.environ.get("IVR_MEDIA", "") not in ("", "0"))


def hooks() -> Webhooks:
    """The webhooks' settings of the app handling this request."""
    return current_app.extensions["ivr"]  # type: ignore[no-any-return]


@bp.before_request
def check_signature() -> None:
    """Refuse anything Twilio didn't sign (403), before it can change a call."""
    env = request.environ
    if env["REQUEST_METHOD"] == "GET" and request.endpoint in ("ivr.audio", "ivr.recording"):
        return  # prompt audio is public: Twilio fetches it for <Play> like any media URL
    app = hooks()
    validators = app.validators
    if not validators:
        abort(Response("TWILIO_AUTH_TOKEN is not set; refusing unsigned webhooks\n", 403, mimetype="text/plain"))
    signature = env.get("HTTP_X_TWILIO_SIGNATURE", "")
    # Webhook settings with a shared key may sign with another algorithm, and say so in a header
    algorithm = get_signature_algorithm(env.get("HTTP_X_TWILIO_WEBHOOKS_SIGNATURE_SETTINGS"))
    params: dict[str, str] = {}
    if request.endpoint == "ivr.media_stream":  # the WebSocket upgrade: signed over the wss URL, and has no form (its body is frames)
        url = _ws_base(app, env) + _requested_path(env)
    else:
        url = _base(app, env) + _requested_path(env)
        params = _form()
    if not any(_signed_by(v, url, params, signature, algorithm) for v in validators):
        abort(Response("invalid Twilio signature\n", 403, mimetype="text/plain"))


def _base(app: Webhooks, env: dict[str, Any]) -> str:
    """Where Twilio reached this request: the public URL, or this request's scheme and host."""
    return app.public_url or f"{env['wsgi.url_scheme']}://{get_host(env)}"


def _ws_base(app: Webhooks, env: dict[str, Any]) -> str:
    """Where Twilio reaches the WebSocket: the public URL, or this request's host, with ws(s) for http(s)."""
    base = _base(app, env)
    return "ws" + base[4:] if base.startswith("http") else base


def _http_base(app: Webhooks, env: dict[str, Any]) -> str:
    """Where Twilio reaches the webhooks (https, or http on a test bench), from a webhook or a WebSocket upgrade."""
    base = _base(app, env)
    return "http" + base[2:] if base.startswith("ws") else base


def _requested_path(env: Mapping[str, Any]) -> str:
    """The path and query as Twilio requested them, percent-encoding and all (the URL it signed);
    werkzeug's request.url decodes them, which also costs more than the signature check itself."""
    path = quote((env.get("SCRIPT_NAME", "") + env.get("PATH_INFO", "")).encode("latin-1"), safe="/:@!$&'()*+,;=-._~")
    query = env.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def _form() -> dict[str, str]:
    """The webhook's form fields (the first of repeated ones), parsed once per request. Twilio posts
    UTF-8 application/x-www-form-urlencoded with a Content-Length; reading and splitting it here costs
    a tenth of werkzeug's stream and form parser, which were the largest cost of a webhook after the
    engine and the store. A body over MAX_BODY (413) or with more than MAX_FIELDS fields (400) is
    refused before it is parsed; any other kind of body has no fields (and so no valid signature)."""
    env = request.environ
    found: dict[str, str] | None = env.get("ivr.form")
    if found is None:
        length = env.get("CONTENT_LENGTH") or ""
        if length.isascii() and length.isdigit():
            too_large = int(length) > MAX_BODY
            body = b"" if too_large else env["wsgi.input"].read(int(length))
        else:  # chunked (the server ends the stream): read no more than the limit allows
            body = request.stream.read(MAX_BODY + 1)
            too_large = len(body) > MAX_BODY
        if too_large:
            abort(Response(f"a webhook's form is at most {MAX_BODY} bytes\n", 413, mimetype="text/plain"))
        if body.count(b"&") >= MAX_FIELDS:
            abort(Response(f"a webhook's form has at most {MAX_FIELDS} fields\n", 400, mimetype="text/plain"))
        urlencoded = env.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
        found = parse_form(body.decode("utf-8", "replace")) if urlencoded else Form()
        env["ivr.form"] = found
    return found


class Form(dict[str, str]):
    """A webhook's form fields. ``getall`` is how twilio's RequestValidator reads a field's values
    (as from werkzeug's MultiDict); a plain dict makes it fail over twice per field."""

    def getall(self, key: str) -> list[str]:
        return [self[key]]


def parse_form(body: str) -> Form:
    """``dict(parse_qsl(body, keep_blank_values=True))`` keeping the first of repeated fields, without
    unquoting the fields that hold no escapes (most of Twilio's: sids, statuses, digits)."""
    found = Form()
    for pair in body.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if "%" in key or "+" in key:
            key = unquote_plus(key)
        if "%" in value or "+" in value:
            value = unquote_plus(value)
        found.setdefault(key, value)
    return found


_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without what XML 1.0 can't carry (control characters, lone surrogates, U+FFFE, U+FFFF):
    one in a caller's speech read back, or in a web answer said aloud, made the whole TwiML unreadable."""
    return text if text.isprintable() else _XML_BAD.sub("", text)


_SID_CHARS = "_-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _is_sid(value: str) -> bool:
    """A sid: Twilio's are letters and digits (CA + 32 hex for a call); test tools also use _ and -."""
    return 0 < len(value) <= 64 and value.isascii() and (value.isalnum() or not value.strip(_SID_CHARS))


def _text(value: str | None, limit: int) -> str | None:
    return (xml_safe(value[:limit]) or None) if value else None


def _number(value: str | None, low: float, high: float) -> float | None:
    """A finite number in [low, high], else None (``nan`` fails both comparisons)."""
    if not value or len(value) > 32:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


class Fields:
    """The Twilio fields the webhooks read, parsed in this one place: numbers finite and in range, keys
    only 0-9 * # (at most MAX_KEYS), text bounded and XML-safe. A value that doesn't parse counts as
    absent: Twilio signed it, so it is no attack, and a caller is never dropped for it. Each is parsed
    when read (a webhook reads two or three of them), from the form as it was signed."""

    __slots__ = ("form",)

    def __init__(self, form: Mapping[str, str]) -> None:
        self.form = form

    @property
    def call_sid(self) -> str:
        """"" when missing or not a sid."""
        sid = self.form.get("CallSid") or ""
        return sid if _is_sid(sid) else ""

    @property
    def caller(self) -> str | None:
        return _text(self.form.get("From"), 64)

    @property
    def digits(self) -> str | None:
        keys = self.form.get("Digits")
        return keys if keys and len(keys) <= MAX_KEYS and keys.isascii() and not keys.strip("0123456789*#") else None

    @property
    def speech(self) -> str | None:
        return _text(self.form.get("SpeechResult"), MAX_SPEECH)

    @property
    def confidence(self) -> float | None:
        """None when Twilio sent no Confidence with the SpeechResult (it may not): the engine then goes by what the words
        mean. One that is there but no number in [0, 1] ("abc", "nan") is 0: a garbled value is no reason to be sure."""
        raw = self.form.get("Confidence")
        if raw is None or not raw.strip():
            return None
        return _number(raw, 0.0, 1.0) or 0.0

    @property
    def recording_url(self) -> str | None:
        return _text(self.form.get("RecordingUrl"), 1000)

    @property
    def recording_duration(self) -> float:
        return _number(self.form.get("RecordingDuration"), 0.0, 86400.0) or 0.0

    @property
    def dial_status(self) -> str | None:
        return _text(self.form.get("DialCallStatus"), 32)

    @property
    def queue_result(self) -> str | None:
        return _text(self.form.get("QueueResult"), 32)

    @property
    def call_status(self) -> str | None:
        return _text(self.form.get("CallStatus"), 32)

    @property
    def call_duration(self) -> float | None:
        return _number(self.form.get("CallDuration"), 0.0, 86400.0)

    @property
    def queue_position(self) -> int:
        position = self.form.get("QueuePosition") or ""
        return int(position) if 0 < len(position) <= 6 and position.isascii() and position.isdigit() else 1

    @property
    def avg_queue_time(self) -> float:
        return _number(self.form.get("AvgQueueTime"), 0.0, 86400.0) or 60.0

    @property
    def error_code(self) -> str | None:
        return _text(self.form.get("ErrorCode"), 16)


def _fields() -> Fields:
    """This webhook's fields."""
    return Fields(_form())


def _sid(value: str) -> str:
    """A call's sid (from the form or the URL), or 400: a shared "" would mix every such caller's calls."""
    if not _is_sid(value):
        abort(Response("missing or malformed CallSid\n", 400, mimetype="text/plain"))
    return value


def _signed_by(validator: RequestValidator, url: str, params: dict[str, str], signature: str, algorithm: str) -> bool:
    """The URL as it reached us first (one HMAC, the usual case), then the library's full check, which
    also tries the URL with and without its port."""
    try:
        if compare(validator.compute_signature(url, params, algorithm), signature):
            return True
    except ValueError:  # an algorithm this twilio package doesn't know: its validate() logs it and refuses
        pass
    return bool(validator.validate(url, params, signature, algorithm))


@bp.post("/voice")
@bp.post("/voice/<name>")
def voice(name: str | None = None) -> Response:
    app, fields = hooks(), _fields()
    flow = app.flows.get(name or app.default)
    if flow is None:
        abort(404)
    sid = _sid(fields.call_sid)
    if time.monotonic() >= app.sweep_at:
        sweep(app, current_app.logger, batches=1)
    if app.media or flow.asr == "local":
        return _stream(app, flow, sid, fields.caller or "", flow.language, 0)
    event = CallStarted(sid, fields.caller, app.clock())
    # a retried incoming-call webhook gets the answer already stored: the new call's first save, which
    # stores it only if it is new, says so (one statement instead of a read first on every call)
    return _advance(app, flow, Session(sid, flow.name, CallState(), 0, "", time.time()), event)


def _stream(app: Webhooks, flow: Flow, sid: str, caller: str, language: str, resumes: int) -> Response:
    """``<Connect><Stream>``: the call's audio to this server's ``/media``, with its parameters signed. The call is
    kept from now on (a retried webhook gets the same answer); the Connect action hears when the stream ends."""
    from ivr.channels.media import kept_turn, sign

    if resumes == 0:
        app.store.save(Session(sid, flow.name, CallState(), 1, kept_turn("new"), time.time()), 0)
    response = VoiceResponse()
    connect = response.connect(action=f"/streamed/{sid}", method="POST")
    stream = connect.stream(url=_ws_base(app, request.environ) + "/media")
    token = sign(app.secrets[0], sid, flow.name, caller, language) if app.secrets else ""
    for name, value in (("flow", flow.name), ("caller", caller), ("language", language), ("token", token)):
        stream.parameter(name=name, value=value)
    return _xml(xml_safe(str(response)))


@sock.route("/media", bp=bp)  # type: ignore[untyped-decorator]
def media_stream(ws: Any) -> None:
    """Twilio Media Streams (its upgrade's signature was checked before the handshake)."""
    from ivr.channels.media import serve

    serve(hooks(), ws, _http_base(hooks(), request.environ))


@bp.post("/streamed/<sid>")
def streamed(sid: str) -> Response:
    """The <Connect> action: the call's stream ended and the call is still on the line. A stream whose own worker
    saw the socket drop connects again (the call goes on from the store, at most MAX_RESUMES times); a stream
    nobody saw end (its worker was killed) or one that never began hands the caller to a person."""
    from ivr.channels.media import read_kept

    app = hooks()
    session = app.store.get(_sid(sid))
    if session is None:
        return _lost(app, sid)  # ended: its record says so
    if not session.twiml.startswith(MEDIA_KEPT):
        return _xml(session.twiml)  # the call moved on (a transfer's TwiML)
    flow = app.flows.get(session.flow) or app.flows[app.default]
    deadline = time.monotonic() + DROP_WAIT
    kept = read_kept(session.twiml)
    while kept.get("stream") == "live" and time.monotonic() < deadline:
        time.sleep(0.05)
        session = app.store.get(sid) or session
        kept = read_kept(session.twiml) if session.twiml.startswith(MEDIA_KEPT) else {}
    if kept.get("stream") == "dropped" and int(kept.get("resumes", 0)) < MAX_RESUMES:
        from ivr.channels.media import kept_turn, revived

        previous = session.turn
        session.turn += 1
        session.twiml = kept_turn("reconnecting", revived(kept), kept.get("base", ""), int(kept.get("resumes", 0)) + 1)
        if app.store.save(session, previous):
            app.remember(session)
            language = session.state.language or flow.language
            return _stream(app, flow, sid, session.state.caller or "", language, 1)
    current_app.logger.warning("ivr: a media stream ended and no worker carries its call on; the caller goes to %s", _target(app, flow))
    return _xml(media_handover(app, flow, session))


DROP_WAIT = 1.0  # seconds /streamed waits for the stream's worker to say it saw the socket drop


def media_handover(app: Webhooks, flow: Flow, session: Session, state: CallState | None = None) -> str:
    """The TwiML that hands a streamed call to the flow's person with what the caller gave so far (kept, so the
    whisper and the transfer's result find it); the flow's plain hand-over when it has no person to transfer to."""
    state = state or session.state
    language = state.language or flow.language
    found = app.handover.get(flow.name)
    if not isinstance(found, fx.Transfer) or not state.node:
        return handover_twiml(app, flow, language)
    session.state = state
    if not _to_person(app, flow, session, found, app.rendered.get(flow.name), app.recorded.get(flow.name), noted):
        return handover_twiml(app, flow, language)
    return session.twiml


def _to_person(app: Webhooks, flow: Flow, session: Session, found: fx.Transfer, rendered: Mapping[tuple[str, str], str] | None,
               recorded: Mapping[str, str | None] | None, mark: Callable[[str], str] = lambda twiml: twiml) -> bool:
    """Hand ``session``'s call to the flow's person after a system error, with what the caller gave so far, as the
    call's next turn (compare-and-set: False when another worker moved it first)."""
    state = session.state.copy()
    language = state.language or flow.language
    state.path = [*state.path, found.node]
    context: dict[str, Any] = {"reason": "system-error", "language": language, "caller": state.caller, "slots": state.masked_slots(),
                               "vars": state.masked_vars(), "said": list(state.said), "path": list(state.path), "flow": flow.name}
    handed: dict[str, Any] = {"node": found.node, "queue": found.queue, "number": found.number, "context": context}
    if found.sip:
        handed["sip"] = found.sip
    state.node, state.awaiting, state.reason, state.transfer = found.node, "transfer", "system-error", handed
    apology = fx.Say(f"{APOLOGY.get(language, APOLOGY['en'])} {flow.system('escalate', language)}", language, found.node)
    previous = session.turn
    session.state, session.turn = state, session.turn + 1
    session.twiml = mark(twiml(flow, state, [apology, replace(found, context=context)], f"/turn/{session.sid}/{session.turn}",
                               rendered, session.sid, recorded))
    if not app.store.save(session, previous):
        return False
    app.remember(session)
    return True


@bp.post("/turn/<sid>/<int:turn>")
def turn(sid: str, turn: int) -> Response:
    app = hooks()
    session = app.session(_sid(sid), turn)
    if session is None:
        return _lost(app, sid)
    if session.twiml.startswith(MEDIA_KEPT):  # a streamed call has no turn webhooks: one for it came from elsewhere
        return _xml(media_handover(app, app.flows.get(session.flow) or app.flows[app.default], session))
    if turn != session.turn:  # a retried webhook: the same answer, the call doesn't move twice
        return _xml(session.twiml)
    return _advance(app, app.flows[session.flow], session, _event(session.state, _fields()))


@bp.post("/wait")
def wait() -> Response:
    app, fields = hooks(), _fields()
    session = app.store.get(_sid(fields.call_sid))
    return _xml(_waiting(app, fields, session))


def _waiting(app: Webhooks, fields: Fields, session: Session | None) -> str:
    """What a caller waiting in the queue hears: their place and the expected wait."""
    flow = app.flows.get(session.flow) if session else None
    language = session.state.language if session else "en"
    text = render(flow.system("queue", language) if flow else "You are number {position} in line.",
                  {"position": fields.queue_position, "wait": minutes(fields.avg_queue_time, language)})
    response = VoiceResponse()
    response.say(text, language=LANGUAGES.get(language, language))
    response.pause(length=20)
    return str(response)


@bp.post("/whisper/<sid>")
def whisper(sid: str) -> Response:
    """Played to the person who answers a dialled number, before the caller is connected: why the
    caller is coming and what they already said and entered, so nobody asks again."""
    session = hooks().store.get(_sid(sid))
    context = (session.state.transfer or {}).get("context", {}) if session else {}
    response = VoiceResponse()
    response.say(handover_summary(context), language="en-US")
    return _xml(xml_safe(str(response)))


@bp.post("/fallback")
@bp.post("/fallback/<name>")
def fallback(name: str | None = None) -> Response:
    """The number's Fallback URL, which Twilio asks when a webhook failed or took over 15 s (a worker
    killed or restarted mid-request): the caller goes to the flow's person. Never reads the store."""
    app, fields = hooks(), _fields()
    flow, language = _caller(app, name, fields.call_sid)
    current_app.logger.warning("ivr: Twilio asked the fallback URL (error %s); the caller goes to %s",
                               fields.error_code or "unknown", _target(app, flow))
    return _xml(handover_twiml(app, flow, language))


@bp.post("/ended")
def ended() -> Response:
    """Where a message left on the fallback path ends (a <Record> without an action asks its own URL again)."""
    return _xml(_hung_up())


@bp.errorhandler(Exception)
def failed(error: Exception) -> Response | HTTPException:
    """Any failure while answering a webhook: the caller goes to the flow's person (a waiting caller
    keeps waiting, a status callback is taken), with one line in the log and no caller data in it."""
    if isinstance(error, HTTPException) and (error.code or 500) < 500:
        return error
    endpoint = request.endpoint or ""
    try:
        app = hooks()
        if endpoint == "ivr.status":
            current_app.logger.error("ivr: /status failed (%s)", _describe(error))
            return Response("", 204)
        if endpoint == "ivr.wait":
            current_app.logger.error("ivr: /wait failed (%s); the caller keeps waiting", _describe(error))
            return _xml(_waiting(app, Fields(request.environ.get("ivr.form") or {}), None))
        if endpoint == "ivr.whisper":
            current_app.logger.error("ivr: /whisper failed (%s); the person is put through without it", _describe(error))
            return _xml(str(VoiceResponse()))
        if endpoint == "ivr.media_stream":  # a WebSocket has no TwiML to answer with; its Connect action hands the caller over
            current_app.logger.error("ivr: a media stream failed (%s)", _describe(error))
            return Response("", 500)
        if endpoint in ("ivr.audio", "ivr.recording"):
            current_app.logger.error("ivr: prompt audio failed (%s)", _describe(error))
            return Response("", 500)
        args = request.view_args or {}
        flow, language = _caller(app, args.get("name"), str(args.get("sid", "")))
        current_app.logger.error("ivr: %s failed (%s); the caller goes to %s", request.path.split("/")[1] or "/",
                                 _describe(error), _target(app, flow))
        return _xml(handover_twiml(app, flow, language))
    except Exception as again:  # the last resort must answer
        logging.getLogger("ivr").error("ivr: answering a failure failed too (%s)", _describe(again))
        return _xml(LAST_RESORT)


def _describe(error: BaseException) -> str:
    """An error for the log: a store's or the system's message says what broke and holds no caller data;
    any other error's message might (an answer's digits), so only its type."""
    if isinstance(error, store_errors()):
        return f"{type(error).__name__}: {str(error)[:200]}"
    return type(error).__name__


def _caller(app: Webhooks, name: object, sid: str) -> tuple[Flow, str]:
    """The flow and language of the call a failed webhook belongs to, from what this worker keeps in
    memory (the store may be what failed): the call's own if it is kept, else the default flow's."""
    kept = app.recent.get(sid) if sid else None
    if kept is not None and kept.flow in app.flows:
        return app.flows[kept.flow], kept.state.language or app.flows[kept.flow].language
    flow = app.flows.get(name) if isinstance(name, str) else None
    flow = flow or app.flows[app.default]
    return flow, flow.language


def human_handover(flow: Flow) -> fx.Transfer | fx.Record | None:
    """Where the flow's human escape leads: its first transfer (else a voicemail), found from the compiled
    flow alone, so a caller can be handed over when nothing else works."""
    queue, seen, message = deque([flow.human.target]), set(), None
    while queue:
        nid = queue.popleft()
        node = flow.nodes.get(nid)
        if node is None or nid in seen:
            continue
        seen.add(nid)
        if isinstance(node, nodes.Transfer):
            return fx.Transfer(node.id, node.queue, node.number, {}, node.announce_position, node.max_wait, node.sip)
        if isinstance(node, nodes.Record) and message is None:
            message = fx.Record(node.id, node.max_length, node.finish_key, node.beep)
        if not isinstance(node, nodes.Listening):
            queue.extend(target for target, _ in node.edges() if target)
    return message


def _target(app: Webhooks, flow: Flow) -> str:
    """Where the hand-over goes, for the log."""
    found = app.handover.get(flow.name)
    if isinstance(found, fx.Transfer):
        return f"queue {found.queue!r}" if found.queue else "the flow's number" if found.number else "the flow's SIP address"
    return "voicemail" if found else "a goodbye (the flow has no person to hand over to)"


def handover_twiml(app: Webhooks, flow: Flow, language: str) -> str:
    """A short apology and the flow's hand-over, without the store: no action URL (when the person hangs
    up, the call ends), no whisper (it reads the store); a voicemail ends at /ended."""
    found = app.handover.get(flow.name)
    apology = f"{APOLOGY.get(language, APOLOGY['en'])} {flow.system('escalate', language)}"
    effects: list[fx.Effect] = [fx.Say(apology, language, found.node if found else "")]
    if isinstance(found, fx.Transfer):
        effects.append(replace(found, context={"reason": "system-error", "language": language, "flow": flow.name}))
    elif found is not None:
        effects.append(found)
    else:
        effects.append(fx.Hangup("", "system-error"))
    return twiml(flow, CallState(), effects, "/ended" if isinstance(found, fx.Record) else None)


def _lost(app: Webhooks, sid: str) -> Response:
    """A turn of a call the store doesn't hold: ended (its record says so), or lost (a Redis without
    persistence restarted, or expired). A lost caller goes to the default flow's person, and the call is
    stored again at that hand-over so that its end is recorded like any other."""
    if app.store.record(sid) is not None:
        return _xml(_hung_up())
    flow = app.flows[app.default]
    found = app.handover.get(flow.name)
    if not isinstance(found, fx.Transfer):
        return _xml(handover_twiml(app, flow, flow.language))
    session = Session(sid, flow.name, CallState(call_id=sid, language=flow.language), 0, "", time.time())
    if not _to_person(app, flow, session, found, None, None):  # another worker took it up first
        latest = app.store.get(sid)
        return _xml(latest.twiml if latest else handover_twiml(app, flow, flow.language))
    current_app.logger.warning("ivr: a turn came for a call the store doesn't hold; the caller goes to %s", _target(app, flow))
    return _xml(session.twiml)


WHY = {"caller-asked": "asked for a person", "no-input": "did not answer the menu", "no-match": "was not understood",
       "max-turns": "took too many turns", "system-error": "hit a system error", "flow": "was sent by the menu"}


_NOT_CHOICES = (None, "value", "human", "invalid", "ambiguous", "confirm", "yes", "no")  # the engine's notes, not options


def _choices(context: Mapping[str, Any]) -> list[str]:
    """The menu options the caller picked, in order (not raw digits, not the request for a person, not the
    engine's questions about an answer it was unsure of)."""
    return [str(s["meaning"]) for s in context.get("said", []) if s.get("meaning") not in _NOT_CHOICES]


def _unsure(context: Mapping[str, Any]) -> list[str]:
    """The options the engine last thought the caller meant without being sure (confirmed, offered, or the closest)."""
    for entry in reversed(context.get("said", [])):
        if entry.get("options") and entry.get("meaning") in (None, "ambiguous", "confirm"):
            return [str(o) for o in entry["options"]]
    return []


def handover_summary(context: Mapping[str, Any], limit: int = 600) -> str:
    """One spoken paragraph of the hand-over context (sensitive slots stay hidden)."""
    if not context:
        return "Incoming call from the phone menu."
    parts = [f"Call from the {context.get('flow', 'phone')} line; the caller {WHY.get(str(context.get('reason')), 'is coming')}."]
    if choices := _choices(context):
        parts.append("They chose: " + ", ".join(choices) + ".")
    elif unsure := _unsure(context):
        parts.append("They may have meant " + " or ".join(unsure) + ".")
    slots = [f"{k.replace('_', ' ')}: " + ("given, hidden" if v == MASK else str(v))
             for k, v in (context.get("slots") or {}).items() if v not in (None, "")]
    if slots:
        parts.append("They gave " + "; ".join(slots) + ".")
    if context.get("language") and context.get("language") != "en":
        parts.append(f"Language: {context['language']}.")
    return " ".join(parts)[:limit]


def sip_with_context(uri: str, sid: str, context: Mapping[str, Any]) -> str:
    """The SIP address with the hand-over context as custom x- headers, which Twilio puts on the INVITE."""
    headers = {"x-ivr-call-sid": sid, "x-ivr-reason": str(context.get("reason", "")),
               "x-ivr-language": str(context.get("language", "")), "x-ivr-chose": ", ".join(_choices(context))[-200:]}
    query = urlencode({k: v for k, v in headers.items() if v}, quote_via=quote)
    return f"{uri}{'&' if '?' in uri else '?'}{query}" if query else uri


@bp.post("/status")
def status() -> Response:
    """The call ended: its record is written. If the store fails, the record waits in memory and the
    next sweep writes it (the call stays live in the store meanwhile, and expires if this worker dies)."""
    app, fields = hooks(), _fields()
    sid = _sid(fields.call_sid)
    kept = app.recent.pop(sid, None)
    try:
        end_call(app, sid, fields.call_status, fields.call_duration)
    except Exception as e:
        while len(app.unwritten) >= RECENT_CALLS:
            app.unwritten.pop(next(iter(app.unwritten)), None)
        app.unwritten[sid] = (fields.call_status, fields.call_duration, kept)
        app.sweep_at = min(app.sweep_at, time.monotonic() + app.retry_every)
        current_app.logger.error("ivr: /status failed (%s); the record is written when the store is back", _describe(e))
    if time.monotonic() >= app.sweep_at:
        sweep(app, current_app.logger, batches=1)
    return Response("", 204)


def end_call(app: Webhooks, sid: str, status: str | None, duration: float | None, kept: Session | None = None) -> None:
    """Write the call's record, with Twilio's status and duration, and forget its live state. ``kept``
    (the call as this worker last answered it) stands in for a call the store lost, unless it has a record."""
    session = app.store.get(sid)
    if session is None and app.store.record(sid) is not None:
        return  # a retried status callback: the call already has its record
    if session is None:
        session = kept or _handed_over(sid)
    state, flow = session.state, app.flows.get(session.flow)
    if not state.ended and flow is not None:
        state, _ = step(flow, state, CallerHungUp())
    record = call_record(session.flow, sid, state, status=status, duration=time.time() - session.started if duration is None else duration)
    if _streamed(session.twiml):
        record["channel"] = "media"
    app.store.close(sid, record)


def _handed_over(sid: str) -> Session:
    """A call the store never held (its first webhook met a failure) or lost: the failure path handed it to
    a person, so that is what its record says; which flow it called is not known."""
    context = {"reason": "system-error"}
    state = CallState(call_id=sid, outcome="transferred", reason="system-error", transfer={"context": context})
    return Session(sid, "", state, 0, "", time.time())


def sweep(app: Webhooks, log: logging.Logger, batches: int = 10) -> int:
    """Write the records the store refused before, and close the calls whose status callback never came
    (expired: started over ``expire_after`` ago) with a record. Runs at start-up, then at most every
    ``sweep_every`` seconds from a webhook; returns how many calls it closed."""
    app.sweep_at = time.monotonic() + app.sweep_every
    closed = 0
    try:
        for sid, (status, duration, kept) in list(app.unwritten.items()):
            end_call(app, sid, status, duration, kept)
            app.unwritten.pop(sid, None)
            closed += 1
        for _ in range(batches):
            now = time.time()
            stale = app.store.stale(now - app.expire_after)
            for session in stale:
                state, flow = session.state, app.flows.get(session.flow)
                if not state.ended and flow is not None:
                    state, _ = step(flow, state, CallerHungUp())
                app.store.close(session.sid, call_record(session.flow, session.sid, state, status="expired",
                                                         duration=min(now - session.started, 4 * 3600.0)))
                closed += 1
            if len(stale) < 100:
                break
    except Exception as e:
        log.error("ivr: closing ended calls failed (%s); tried again in %g s", _describe(e),
                  app.retry_every if app.unwritten else app.sweep_every)
    if app.unwritten:  # records still waiting for the store: soon again, not in a minute
        app.sweep_at = min(app.sweep_at, time.monotonic() + app.retry_every)
    return closed


QUEUE_RESULTS = {"hangup": "answered", "bridged": "answered", "leave": "answered", "queue-full": "busy", "redirected": "answered"}


def _event(state: CallState, fields: Fields) -> Event:
    if state.awaiting == "input":
        if fields.digits:
            return DigitsEntered(fields.digits)
        if fields.speech:
            return SpeechRecognized(fields.speech, fields.confidence)
        return NoInput()
    if state.awaiting == "record":
        return Recorded(fields.recording_url, fields.recording_duration)
    if state.awaiting == "transfer":
        status = fields.dial_status or QUEUE_RESULTS.get(fields.queue_result or "", "failed")
        return TransferResult(DIAL_RESULTS.get(status, "failed"), None)  # type: ignore[arg-type]
    return NoInput()


def _advance(app: Webhooks, flow: Flow, session: Session, event: Event) -> Response:
    state, first = step(flow, session.state, event)
    effects: list[fx.Effect] = list(first)
    if state.awaiting == "http" and session.turn == 0 and (stored := app.store.get(session.sid)) is not None:
        return _xml(stored.twiml)  # a retried incoming call whose flow starts with a web request: not asked twice
    while state.awaiting == "http":  # the data dip happens here, inside Twilio's 15 s
        asked = next(e for e in reversed(effects) if isinstance(e, fx.HttpRequest))
        effects.remove(asked)
        answer = app.http(
            fx.HttpRequest(asked.node, asked.method, asked.url, asked.headers, asked.body, min(asked.timeout, 8)))
        state, more = step(flow, state, answer)
        effects += more
    previous = session.turn
    streamed = _streamed(session.twiml)
    session.state, session.turn = state, session.turn + 1
    session.twiml = _cached_twiml(app, flow, state, effects, f"/turn/{session.sid}/{session.turn}", session.sid)
    if streamed and state.awaiting == "input":  # a streamed call back from a transfer that failed: its stream again
        from ivr.channels.media import kept_turn

        said = [e for e in effects if isinstance(e, (fx.Say, fx.Play, fx.Listen))]
        session.twiml = kept_turn("reconnecting", said, _http_base(app, request.environ))
    elif streamed:
        session.twiml = noted(session.twiml)
    if not app.store.save(session, previous):  # another worker answered this turn first: send what it sent
        app.recent.pop(session.sid, None)
        latest = app.store.get(session.sid)
        return _xml(latest.twiml) if latest else _lost(app, session.sid)  # none: the call has ended, or was lost
    app.remember(session)
    if streamed and state.awaiting == "input":
        return _stream(app, flow, session.sid, state.caller or "", state.language or flow.language, 1)
    return _xml(session.twiml)


def _streamed(twiml: str) -> bool:
    """Whether the call is heard over a media stream (now, or before the transfer it is in)."""
    return twiml.startswith(MEDIA_KEPT) or MEDIA_NOTE in twiml[:100]


def noted(twiml: str) -> str:
    """The TwiML with the mark of a streamed call, after its XML declaration."""
    head, sep, rest = twiml.partition("?>")
    return f"{head}{sep}{MEDIA_NOTE}{rest}" if sep else MEDIA_NOTE + twiml


def rendered_prompts(flow: Flow) -> dict[tuple[str, str], str]:
    """(language, text) -> µ-law file of the flow's rendered prompts (``ivr audio render``), if any."""
    manifest = prompt_folder(flow) / "manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))["prompts"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {(e["language"], e["text"]): e["ulaw8k"] for e in entries if isinstance(e, dict) and "ulaw8k" in e}


TWILIO_PLAYS = {".mp3": "audio/mpeg", ".wav": "audio/wav", ".wave": "audio/wav", ".aif": "audio/aiff", ".aiff": "audio/aiff",
                ".gsm": "audio/x-gsm", ".ulaw": "audio/basic"}  # what <Play> takes as it is; anything else is converted


def recorded_prompts(flow: Flow) -> tuple[dict[str, str | None], list[tuple[Path, str]]]:
    """What <Play> fetches for each of the flow's recordings: an http(s) URL as written; a project file
    Twilio plays (MP3, WAV) as it is, checked once here; any other format (OGG, M4A, ...) converted to
    8 kHz µ-law WAV; None for a file that can't be played, whose text is said instead. With the files
    the ``/recording`` URLs serve: only these, so no other file of the project can be fetched."""
    from ivr.loading import is_url, recorded_paths, resolve_audio

    urls: dict[str, str | None] = {}
    served: list[tuple[Path, str]] = []
    for path in recorded_paths(flow):
        if is_url(path):
            urls[path] = path
            continue
        found = resolve_audio(flow.file, path)
        file: Path | None = None
        mimetype = TWILIO_PLAYS.get(found.suffix.lower(), "audio/wav") if found is not None else "audio/wav"
        if found is not None:
            try:
                from ivr.speech import recordings
            except ImportError:  # no speech extra: files Twilio plays go out unchecked
                file = found if found.suffix.lower() in TWILIO_PLAYS else None
            else:
                try:
                    if found.suffix.lower() in TWILIO_PLAYS:
                        recordings.decode(found)
                        file = found
                    else:
                        file, mimetype = recordings.ulaw8k(found, recordings.cache_folder(flow.file, flow.name)), "audio/wav"
                except recordings.RecordingError as e:
                    logging.getLogger("ivr").warning("ivr: %s; callers hear its text instead", e)
        if file is None:
            urls[path] = None
        else:
            urls[path] = f"/recording/{quote(flow.name, safe='')}/{len(served)}"
            served.append((file, mimetype))
    return urls, served


@bp.get("/recording/<flow>/<int:number>")
def recording(flow: str, number: int) -> Response:
    """A recorded prompt for <Play>: only the files the flow names (see :func:`recorded_prompts`)."""
    files = hooks().served.get(flow, [])
    if not 0 <= number < len(files):
        abort(404)
    path, mimetype = files[number]
    return send_from_directory(path.parent, path.name, mimetype=mimetype, max_age=3600)


@bp.get("/audio/<flow>/<name>")
def audio(flow: str, name: str) -> Response:
    """Rendered prompt audio for <Play> (Twilio fetches it; no signature on GETs of media)."""
    found = hooks().flows.get(flow)
    if found is None:
        abort(404)
    return send_from_directory(prompt_folder(found), name,
                               mimetype="audio/wav")


_ACTION = "__ivr_action__"


def _cached_twiml(app: Webhooks, flow: Flow, state: CallState, effects: Sequence[fx.Effect], action: str,
                  sid: str = "") -> str:
    """``twiml()``, built once per distinct set of effects: most turns of most calls ask the same
    questions, and building the XML cost more than the rest of the webhook. Only the action URL
    (this call's next turn) differs, so it is filled in afterwards, escaped as ElementTree would."""
    cache = app.twiml_cache
    rendered = app.rendered.get(flow.name)
    recorded = app.recorded.get(flow.name)
    workflow = os.environ.get("TWILIO_WORKFLOW_SID")
    key = (flow.name, workflow, *(_key(e, workflow) for e in effects))
    try:
        template = cache.get(key)
    except TypeError:  # the hand-over context (a dict) goes with the transfer: built for this call only
        return twiml(flow, state, effects, action, rendered, sid, recorded)
    if template is None:
        template = twiml(flow, state, effects, _ACTION, rendered, recorded=recorded)
        if len(cache) >= 4096:
            cache.clear()
        cache[key] = template
    return _bounded(template.replace(_ACTION, escape(action, {'"': "&quot;"})))


def _key(effect: fx.Effect, workflow: str | None) -> object:
    """What of an effect its TwiML depends on: a transfer's hand-over context only when it travels with
    the call (a TaskRouter task, SIP headers, the whisper to whoever answers a dialled number)."""
    if isinstance(effect, fx.Transfer) and effect.queue and not workflow:
        return (fx.Transfer, effect.node, effect.queue, effect.number, effect.sip)
    return effect


def twiml(flow: Flow, state: CallState, effects: Sequence[fx.Effect], action: str | None,
          rendered: Mapping[tuple[str, str], str] | None = None, sid: str = "",
          recorded: Mapping[str, str | None] | None = None) -> str:
    """The TwiML for what the engine asked for; ``action`` is where Twilio reports the caller's turn.
    Prompts rendered with ``ivr audio render`` are played; the rest is spoken by Twilio's TTS. A
    recording plays from where ``recorded`` says (a recording that can't be played is said as its text). What
    XML can't carry is dropped (a caller's speech read back, a web answer said aloud)."""
    response = VoiceResponse()
    listen = next((e for e in effects if isinstance(e, fx.Listen)), None)
    gather: Gather | None = None
    if listen is not None:
        spec = listen.dtmf
        gather = Gather(input="dtmf speech", action=action, method="POST", timeout=int(round(listen.timeout)),
                        speech_timeout="auto", language=LANGUAGES.get(listen.language, listen.language),
                        hints=", ".join(listen.phrases)[:2000] or None, action_on_empty_result=True,
                        num_digits=spec.max_digits, finish_on_key=spec.finish_key or "",
                        barge_in=listen.barge_in)
    for effect in effects:
        target = gather if gather is not None and isinstance(effect, (fx.Say, fx.Play)) and effect.barge_in else response
        if isinstance(effect, fx.Say) and rendered and (effect.language, effect.text) in rendered:
            target.play(f"/audio/{flow.name}/{rendered[(effect.language, effect.text)]}")
        elif isinstance(effect, fx.Say):
            say(target, effect)
        elif isinstance(effect, fx.Play) and recorded is not None and effect.audio in recorded:
            url = recorded[effect.audio]
            if url is None:
                target.say(effect.text, language=LANGUAGES.get(effect.language, effect.language))
            else:
                target.play(url)
        elif isinstance(effect, fx.Play):
            target.play(effect.audio)
        elif isinstance(effect, fx.Listen) and gather is not None:
            response.append(gather)
        elif isinstance(effect, fx.Record):
            response.record(action=action, method="POST", max_length=effect.max_length, finish_on_key=effect.finish_key,
                            play_beep=effect.beep)
        elif isinstance(effect, fx.Transfer):
            if effect.number or effect.sip:
                dial = response.dial(action=action, method="POST", timeout=30)
                if effect.sip:  # the hand-over context as SIP X-headers on the INVITE
                    dial.sip(sip_with_context(effect.sip, sid, effect.context))
                elif sid:  # whoever answers hears the hand-over context before the caller is put through
                    dial.number(effect.number, url=f"/whisper/{sid}", method="POST")
                else:
                    dial.number(effect.number)
            elif os.environ.get("TWILIO_WORKFLOW_SID"):  # TaskRouter: the hand-over context rides on the task
                enqueue = response.enqueue(None, action=action, method="POST", wait_url="/wait", wait_url_method="POST",
                                           workflow_sid=os.environ["TWILIO_WORKFLOW_SID"])
                enqueue.task(json.dumps({"queue": effect.queue, **effect.context}, ensure_ascii=False))
            else:
                response.enqueue(effect.queue, action=action, method="POST", wait_url="/wait", wait_url_method="POST")
        elif isinstance(effect, fx.Hangup):
            response.hangup()
    return _bounded(xml_safe(str(response)))


SSML_VOICES = ("polly.", "google.")
"""Twilio's voices that read SSML; its basic voices (man, woman, alice, and no voice given) ignore it."""


def say(target: VoiceResponse | Gather, effect: fx.Say) -> None:
    """A <Say>: values marked say-as (``{rx:digits}``) as SSML ``<say-as>`` for a voice that reads SSML,
    else the text with them spelled out in words, which every voice reads right."""
    language = LANGUAGES.get(effect.language, effect.language)
    if not effect.parts or not (effect.voice or "").lower().startswith(SSML_VOICES):
        target.say(effect.text, voice=effect.voice, language=language)
        return
    verb = target.say(voice=effect.voice, language=language)
    for part in effect.parts:
        if isinstance(part, str):
            verb.nest(part)
        else:
            verb.say_as(part.value, interpret_as=part.interpret_as, format=part.format)


def _bounded(text: str) -> str:
    """TwiML Twilio will take (64 kB at most), or a way to a person."""
    if len(text.encode()) <= MAX_TWIML:
        return text
    fallback = VoiceResponse()
    fallback.say("Sorry, something went wrong. Connecting you to a person.")
    fallback.enqueue("agents")
    return str(fallback)


LAST_RESORT = ('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Sorry, something went wrong. Connecting you to a person.'
               '</Say><Enqueue>agents</Enqueue></Response>')


def _hung_up() -> str:
    """The answer for a call that has already ended (VoiceResponse.hangup returns the <Hangup> verb, not the response)."""
    response = VoiceResponse()
    response.hangup()
    return str(response)


def _xml(text: str) -> Response:
    return Response(text, 200, mimetype="text/xml")
