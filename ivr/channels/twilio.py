"""Real phone calls: a Flask app answering Twilio Voice webhooks with TwiML, driving the same engine.

Webhooks (all POST, all signed by Twilio and checked with its RequestValidator):

    /voice[/<flow>]        incoming call: starts the call
    /turn/<sid>/<turn>     what the caller did at <turn>: a <Gather>, <Record> or <Dial>/<Enqueue> result
    /wait                  music-on-hold URL of <Enqueue>: tells the caller their place and the wait
    /status                status callback: ends the call and writes its record

Only this module imports twilio. Every answer is built with twilio's VoiceResponse.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_plus, urlencode
from xml.sax.saxutils import escape

from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory
from twilio.request_validator import (
    RequestValidator,
    compare,
    get_signature_algorithm,
)
from twilio.twiml.voice_response import Gather, VoiceResponse
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
from ivr.flow.machine import Flow
from ivr.flow.text import MASK, minutes, render
from ivr.records import call_record
from ivr.sealing import Sealer
from ivr.store import Session, SqliteStore, Store

MAX_TWIML = 64_000  # Twilio refuses larger responses (error 11750)
RECENT_CALLS = 4096  # calls each worker keeps in memory after answering them (a few kB each)
MAX_FORM = 1 << 20  # a webhook's form is a few hundred bytes; anything larger goes through werkzeug's checks
LANGUAGES = {"en": "en-US", "es": "es-US", "fr": "fr-FR", "de": "de-DE", "ko": "ko-KR", "ar": "arb", "fa": "fa-IR",
             "pt": "pt-BR", "it": "it-IT"}
DIAL_RESULTS = {"completed": "answered", "answered": "answered", "busy": "busy", "no-answer": "no-answer",
                "failed": "failed", "canceled": "failed"}

bp = Blueprint("ivr", __name__)


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
    twiml_cache: dict[object, str] = field(default_factory=dict)
    # the calls this worker answered last, as it stored them: their next turn usually needs no read
    recent: dict[str, Session] = field(default_factory=dict)

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
               clock: Callable[[], str] = lambda: datetime.now().astimezone().isoformat(timespec="seconds")) -> Flask:
    """The webhook app for ``flows`` (the first answers ``/voice``, each also ``/voice/<name>``).
    ``http`` makes the flows' web requests (tests and staging can answer them from canned data);
    ``clock`` says when a call starts (business hours)."""
    app = Flask("ivr")
    token = auth_token if auth_token is not None else os.environ.get("TWILIO_AUTH_TOKEN", "")
    # the auth token signs by default; webhook shared keys (comma-separated, several while rotating) when set up
    shared = [k.strip() for k in os.environ.get("TWILIO_WEBHOOK_SIGNING_KEYS", "").split(",")]
    app.extensions["ivr"] = Webhooks(
        flows={f.name: f for f in flows}, default=flows[0].name,
        store=sealed(store or SqliteStore(os.environ.get("IVR_STORE", "ivr-calls.sqlite3")), [token, *shared]),
        validators=[RequestValidator(k) for k in [token, *shared] if k],
        public_url=(public_url or os.environ.get("IVR_PUBLIC_URL") or "").rstrip("/"),
        http=http, clock=clock, rendered={f.name: rendered_prompts(f) for f in flows})
    app.register_blueprint(bp)
    return app


def sealed(store: Store, secrets: Sequence[str]) -> Store:
    """The store, sealing live calls with the app's own secret when the environment gave it none."""
    if not store.sealer.keyed and (secret := next((s for s in secrets if s), None)):
        store.sealer = Sealer(secret)
    return store


def from_env() -> Flask:
    """The app configured from the environment, for WSGI servers:
    ``IVR_FLOWS=flows/bank.yaml gunicorn -w 4 'ivr.channels.twilio:from_env()'``
    (IVR_FLOWS: flow files separated by commas; IVR_STORE: SQLite path or redis:// URL;
    IVR_PUBLIC_URL; TWILIO_AUTH_TOKEN; TWILIO_WEBHOOK_SIGNING_KEYS)."""
    from ivr.loading import load_flow
    from ivr.store import open_store

    paths = [p for p in os.environ.get("IVR_FLOWS", "").split(",") if p.strip()]
    if not paths:
        raise SystemExit("set IVR_FLOWS to the flow files to serve, separated by commas")
    return create_app([load_flow(p.strip()) for p in paths],
                      store=open_store(os.environ.get("IVR_STORE", "ivr-calls.sqlite3")))


def hooks() -> Webhooks:
    """The webhooks' settings of the app handling this request."""
    return current_app.extensions["ivr"]  # type: ignore[no-any-return]


@bp.before_request
def check_signature() -> None:
    """Refuse anything Twilio didn't sign (403), before it can change a call."""
    env = request.environ
    if env["REQUEST_METHOD"] == "GET" and request.endpoint == "ivr.audio":
        return  # prompt audio is public: Twilio fetches it for <Play> like any media URL
    app = hooks()
    validators = app.validators
    if not validators:
        abort(Response("TWILIO_AUTH_TOKEN is not set; refusing unsigned webhooks\n", 403, mimetype="text/plain"))
    url = (app.public_url or f"{env['wsgi.url_scheme']}://{get_host(env)}") + _requested_path(env)
    signature = env.get("HTTP_X_TWILIO_SIGNATURE", "")
    # Webhook settings with a shared key may sign with another algorithm, and say so in a header
    algorithm = get_signature_algorithm(env.get("HTTP_X_TWILIO_WEBHOOKS_SIGNATURE_SETTINGS"))
    params = _form()
    if not any(_signed_by(v, url, params, signature, algorithm) for v in validators):
        abort(Response("invalid Twilio signature\n", 403, mimetype="text/plain"))


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
    engine and the store."""
    env = request.environ
    found: dict[str, str] | None = env.get("ivr.form")
    if found is None:
        length = env.get("CONTENT_LENGTH") or ""
        if env.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded") and length.isdigit() \
                and int(length) <= MAX_FORM:
            found = parse_form(env["wsgi.input"].read(int(length)).decode("utf-8", "replace"))
        else:  # chunked, oversized or multipart: werkzeug's parser, with its limits
            found = Form(request.form.to_dict())
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
    app, form = hooks(), _form()
    flow = app.flows.get(name or app.default)
    if flow is None:
        abort(404)
    sid = form.get("CallSid", "")
    event = CallStarted(sid, form.get("From"), app.clock())
    # a retried incoming-call webhook gets the answer already stored: the new call's first save, which
    # stores it only if it is new, says so (one statement instead of a read first on every call)
    return _advance(app, flow, Session(sid, flow.name, CallState(), 0, "", time.time()), event)


@bp.post("/turn/<sid>/<int:turn>")
def turn(sid: str, turn: int) -> Response:
    app = hooks()
    session = app.session(sid, turn)
    if session is None:
        return _xml(_hung_up())
    if turn != session.turn:  # a retried webhook: the same answer, the call doesn't move twice
        return _xml(session.twiml)
    return _advance(app, app.flows[session.flow], session, _event(session.state, _form()))


@bp.post("/wait")
def wait() -> Response:
    app, form = hooks(), _form()
    position = int(form.get("QueuePosition") or 1)
    seconds = float(form.get("AvgQueueTime") or 60)
    session = app.store.get(form.get("CallSid", ""))
    flow = app.flows.get(session.flow) if session else None
    language = session.state.language if session else "en"
    text = render(flow.system("queue", language) if flow else "You are number {position} in line.",
                  {"position": position, "wait": minutes(seconds, language)})
    response = VoiceResponse()
    response.say(text, language=LANGUAGES.get(language, language))
    response.pause(length=20)
    return _xml(str(response))


@bp.post("/whisper/<sid>")
def whisper(sid: str) -> Response:
    """Played to the person who answers a dialled number, before the caller is connected: why the
    caller is coming and what they already said and entered, so nobody asks again."""
    session = hooks().store.get(sid)
    context = (session.state.transfer or {}).get("context", {}) if session else {}
    response = VoiceResponse()
    response.say(handover_summary(context), language="en-US")
    return _xml(str(response))


WHY = {"caller-asked": "asked for a person", "no-input": "did not answer the menu", "no-match": "was not understood",
       "max-turns": "took too many turns", "system-error": "hit a system error", "flow": "was sent by the menu"}


def _choices(context: Mapping[str, Any]) -> list[str]:
    """The menu options the caller picked, in order (not raw digits, not the request for a person)."""
    return [str(s["meaning"]) for s in context.get("said", []) if s.get("meaning") not in (None, "value", "human", "invalid")]


def handover_summary(context: Mapping[str, Any], limit: int = 600) -> str:
    """One spoken paragraph of the hand-over context (sensitive slots stay hidden)."""
    if not context:
        return "Incoming call from the phone menu."
    parts = [f"Call from the {context.get('flow', 'phone')} line; the caller {WHY.get(str(context.get('reason')), 'is coming')}."]
    if choices := _choices(context):
        parts.append("They chose: " + ", ".join(choices) + ".")
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
    app, form = hooks(), _form()
    sid = form.get("CallSid", "")
    app.recent.pop(sid, None)
    session = app.store.get(sid)
    if session is not None:
        state = session.state
        if not state.ended:
            state, _ = step(app.flows[session.flow], state, CallerHungUp())
        app.store.close(sid, record(session.flow, sid, state, form, session.started))
    return Response("", 204)


def record(flow: str, sid: str, state: CallState, form: Mapping[str, str], started: float) -> dict[str, Any]:
    """The call record, with Twilio's status and duration."""
    return call_record(flow, sid, state, status=form.get("CallStatus"),
                       duration=float(form.get("CallDuration") or time.time() - started))


def _event(state: CallState, form: Mapping[str, str]) -> Event:
    if state.awaiting == "input":
        if form.get("Digits"):
            return DigitsEntered(form["Digits"])
        if form.get("SpeechResult"):
            return SpeechRecognized(form["SpeechResult"], float(form.get("Confidence") or 0.0))
        return NoInput()
    if state.awaiting == "record":
        return Recorded(form.get("RecordingUrl"), float(form.get("RecordingDuration") or 0))
    if state.awaiting == "transfer":
        status = form.get("DialCallStatus") or {"hangup": "answered", "bridged": "answered", "leave": "answered",
                                                 "queue-full": "busy", "redirected": "answered"}.get(
            form.get("QueueResult", ""), "failed")
        return TransferResult(DIAL_RESULTS.get(status, status), None)  # type: ignore[arg-type]
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
    session.state, session.turn = state, session.turn + 1
    session.twiml = _cached_twiml(app, flow, state, effects, f"/turn/{session.sid}/{session.turn}", session.sid)
    if not app.store.save(session, previous):  # another worker answered this turn first: send what it sent
        app.recent.pop(session.sid, None)
        latest = app.store.get(session.sid)
        return _xml(latest.twiml if latest else _hung_up())  # none: the call has ended
    app.remember(session)
    return _xml(session.twiml)


def rendered_prompts(flow: Flow) -> dict[tuple[str, str], str]:
    """(language, text) -> µ-law file of the flow's rendered prompts (``ivr audio render``), if any."""
    manifest = Path(flow.file).resolve().parent.parent / "audio" / flow.name / "manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))["prompts"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {(e["language"], e["text"]): e["ulaw8k"] for e in entries if isinstance(e, dict) and "ulaw8k" in e}


@bp.get("/audio/<flow>/<name>")
def audio(flow: str, name: str) -> Response:
    """Rendered prompt audio for <Play> (Twilio fetches it; no signature on GETs of media)."""
    found = hooks().flows.get(flow)
    if found is None:
        abort(404)
    return send_from_directory(Path(found.file).resolve().parent.parent / "audio" / found.name, name,
                               mimetype="audio/wav")


_ACTION = "__ivr_action__"


def _cached_twiml(app: Webhooks, flow: Flow, state: CallState, effects: Sequence[fx.Effect], action: str,
                  sid: str = "") -> str:
    """``twiml()``, built once per distinct set of effects: most turns of most calls ask the same
    questions, and building the XML cost more than the rest of the webhook. Only the action URL
    (this call's next turn) differs, so it is filled in afterwards, escaped as ElementTree would."""
    cache = app.twiml_cache
    rendered = app.rendered.get(flow.name)
    workflow = os.environ.get("TWILIO_WORKFLOW_SID")
    key = (flow.name, workflow, *(_key(e, workflow) for e in effects))
    try:
        template = cache.get(key)
    except TypeError:  # the hand-over context (a dict) goes with the transfer: built for this call only
        return twiml(flow, state, effects, action, rendered, sid)
    if template is None:
        template = twiml(flow, state, effects, _ACTION, rendered)
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


def twiml(flow: Flow, state: CallState, effects: Sequence[fx.Effect], action: str,
          rendered: Mapping[tuple[str, str], str] | None = None, sid: str = "") -> str:
    """The TwiML for what the engine asked for; ``action`` is where Twilio reports the caller's turn.
    Prompts rendered with ``ivr audio render`` are played; the rest is spoken by Twilio's TTS."""
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
            target.say(effect.text, voice=effect.voice, language=LANGUAGES.get(effect.language, effect.language))
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
    return _bounded(str(response))


def _bounded(text: str) -> str:
    """TwiML Twilio will take (64 kB at most), or a way to a person."""
    if len(text.encode()) <= MAX_TWIML:
        return text
    fallback = VoiceResponse()
    fallback.say("Sorry, something went wrong. Connecting you to a person.")
    fallback.enqueue("agents")
    return str(fallback)


def _hung_up() -> str:
    """The answer for a call that has already ended (VoiceResponse.hangup returns the <Hangup> verb, not the response)."""
    response = VoiceResponse()
    response.hangup()
    return str(response)


def _xml(text: str) -> Response:
    return Response(text, 200, mimetype="text/xml")
