"""Twilio Media Streams: a phone call heard by this server's own recognizer, with each state's grammar.

In media mode (``ivr serve --media``, or a flow with ``asr: local``) ``/voice`` answers with
``<Connect><Stream>``: Twilio opens a WebSocket to ``/media`` and streams the caller's audio to it
(base64 8 kHz µ-law in JSON messages, 20 ms each) and plays what is sent back. The call is driven by
the microphone channel's device-free loop (:class:`ivr.channels.mic.MicCall`), so a flow behaves on
a phone line as it does on a microphone: the same end-of-speech, barge-in and no-input timing.

Here are the adapters: :class:`MediaStream` is the microphone (inbound ``media`` upsampled to 16 kHz
PCM), the speaker (prompts sent as 20 ms µ-law ``media`` messages followed by a ``mark``; busy until
Twilio echoes the mark, which is when the caller has heard the prompt; barge-in sends ``clear``) and
the keypad (``dtmf`` events). :func:`serve` runs one stream: the call is saved in the webhooks' store
at each turn, so a stream that drops resumes where it was when Twilio connects again with the same
CallSid. A transfer or a recording is not done over the stream: the call's TwiML is replaced through
the REST API (``calls(sid).update(twiml=...)``) and the webhooks carry on. Whatever fails inside the
stream hands the caller to a person the same way, never silence.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import logging
import queue
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np
from simple_websocket import ConnectionClosed  # type: ignore[import-untyped]

from ivr.channels import mic, sim
from ivr.engine import effects as fx
from ivr.engine.events import Event, HttpResult
from ivr.engine.step import listens
from ivr.flow.machine import Flow
from ivr.speech import Recognizer, audio
from ivr.store import Session

if TYPE_CHECKING:
    from ivr.channels.twilio import Webhooks

ULAW_RATE = 8_000
ULAW_FRAME = ULAW_RATE * mic.FRAME_MS // 1000  # 160 bytes: 20 ms of µ-law
MAX_MESSAGE = 16 << 10  # Twilio's messages are under 1 kB (a start with its parameters a few kB): a larger one fails the stream
SOCKET_LIMIT = 1 << 20  # the WebSocket reads no message larger than this at all (it closes; the Connect action follows)
MAX_BAD = 50  # messages that aren't Twilio's (not JSON, unknown, broken audio) before the stream counts as failed
START_WITHIN = 10.0  # seconds for Twilio to send connected and start after the upgrade
SILENT_FOR = 30.0  # seconds without any message from Twilio: the stream is gone
PREPARED_STATES = 300  # questions whose search a recognizer builds before it takes a call (a few hundred ms each)
MEDIA = "ivr-media:"  # a call's kept answer while its stream is live: this, then JSON (never sent to Twilio; twilio.MEDIA_KEPT)
log = logging.getLogger("ivr")


class StreamEnded(mic.Hungup):
    """Twilio said ``stop`` (the caller hung up, or the call moved on), or the WebSocket closed."""


class StreamFailed(Exception):
    """Twilio's side of the stream can't be followed (no start, too many broken messages)."""


# -- the audio ---------------------------------------------------------------------------------------


class Upsampler:
    """8 kHz to 16 kHz for a stream of 20 ms chunks, keeping the filter's state across chunks (resampling
    each chunk alone leaves a click at every chunk's edge): zeros between samples, then a low-pass FIR."""

    def __init__(self, taps: int = 63) -> None:
        from scipy.signal import firwin

        self.h = 2.0 * firwin(taps, 0.5)
        self.zi = np.zeros(taps - 1)

    def __call__(self, samples: audio.Pcm) -> bytes:
        from scipy.signal import lfilter

        stuffed = np.zeros(2 * len(samples))
        stuffed[::2] = samples
        out, self.zi = lfilter(self.h, 1.0, stuffed, zi=self.zi)
        return bytes(np.clip(np.round(out), -32768, 32767).astype("<i2").tobytes())


def ulaw(pcm: audio.Pcm) -> bytes:
    """A prompt's 16 kHz audio as 8 kHz G.711 µ-law, resampled as a whole, in whole 20 ms frames (silence after)."""
    codes = bytes(audio.mulaw_encode(audio.resample(pcm, audio.RATE, ULAW_RATE)).tobytes())
    return codes + b"\xff" * (-len(codes) % ULAW_FRAME)


# -- the WebSocket side ------------------------------------------------------------------------------


@dataclass
class Start:
    """What Twilio's ``start`` message says about the stream."""

    stream_sid: str
    call_sid: str
    account_sid: str
    parameters: dict[str, str]


class MediaStream:
    """One Twilio media stream as the call loop's microphone, speaker and keypad. Only the call's own
    thread uses it: messages are read as the loop asks for audio, so marks and keys are seen in order."""

    def __init__(self, ws: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.ws, self.clock = ws, clock
        self.stream_sid = ""
        self.keys: deque[str] = deque()
        self.marks: list[str] = []  # sent and not yet echoed
        self.marks_sent = 0
        self.bad = 0
        self.stopped = False  # Twilio said stop
        self.closed = False  # the WebSocket is gone
        self.upsample = Upsampler()
        self.encoded: dict[int, tuple[audio.Pcm, bytes]] = {}
        self.heard_at = clock()
        self.first_media_sent: list[float] = []  # when each prompt's first audio went out (for timings)
        self.clears: list[float] = []
        # the caller's line as Twilio stamps it: the last frame's media.timestamp (ms from the stream's start)
        # and when it arrived, so a barge-in is measured on the line's clock and apart from this machine's lag
        self.line_ms: int | None = None
        self.frame_at = self.heard_at
        self.clear_lines: list[tuple[int | None, float]] = []  # per clear: the deciding frame's stamp, its wait here

    # -- reading

    def _receive(self, timeout: float) -> dict[str, Any] | None:
        if self.closed:
            raise StreamEnded
        try:
            raw = self.ws.receive(timeout=max(timeout, 0.0))
        except ConnectionClosed:
            self.closed = True
            raise StreamEnded from None
        if raw is None:
            if not self.ws.connected:
                self.closed = True
                raise StreamEnded
            if self.clock() - self.heard_at > SILENT_FOR:
                raise StreamFailed(f"no message from Twilio for {SILENT_FOR:g} s")
            return None
        self.heard_at = self.clock()
        if len(raw) > MAX_MESSAGE:
            raise StreamFailed(f"a message of {len(raw):,} bytes")
        try:
            message = json.loads(raw)
        except (ValueError, TypeError):
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("event"), str):
            self._bad("a message that is not Twilio's JSON")
            return {}
        return message

    def _bad(self, what: str) -> None:
        self.bad += 1
        if self.bad >= MAX_BAD:
            raise StreamFailed(f"{self.bad} messages Twilio doesn't send (last: {what})")

    def start(self) -> Start:
        """Read ``connected`` and ``start``: the stream's and the call's ids and the call's parameters."""
        deadline = self.clock() + START_WITHIN
        while self.clock() < deadline:
            message = self._receive(deadline - self.clock())
            if not message or message.get("event") != "start":
                continue
            start = message.get("start")
            if not isinstance(start, dict):
                raise StreamFailed("a start message without its start")
            params = start.get("customParameters")
            found = Start(str(message.get("streamSid") or start.get("streamSid") or ""), str(start.get("callSid") or ""),
                          str(start.get("accountSid") or ""),
                          {str(k): str(v) for k, v in params.items()} if isinstance(params, dict) else {})
            fmt = start.get("mediaFormat")
            if isinstance(fmt, dict) and (fmt.get("encoding"), fmt.get("sampleRate")) not in (("audio/x-mulaw", 8000), (None, None)):
                raise StreamFailed(f"media format {fmt.get('encoding')} at {fmt.get('sampleRate')} Hz, not audio/x-mulaw at 8000 Hz")
            self.stream_sid = found.stream_sid
            return found
        raise StreamFailed(f"no start message within {START_WITHIN:g} s")

    def read(self, timeout: float) -> bytes | None:
        """The next 20 ms of the caller at 16 kHz; marks and keys that come first are taken on the way."""
        deadline = self.clock() + timeout
        while True:
            message = self._receive(deadline - self.clock())
            if message is None:
                return None
            event = message.get("event")
            if event == "media":
                frame = self._audio(message.get("media"))
                if frame is not None:
                    return frame
            elif event == "dtmf":
                digit = (message.get("dtmf") or {}).get("digit") if isinstance(message.get("dtmf"), dict) else None
                if isinstance(digit, str) and len(digit) == 1 and digit in "0123456789*#":
                    self.keys.append(digit)
                else:
                    self._bad("a dtmf message without a key")
            elif event == "mark":
                name = (message.get("mark") or {}).get("name") if isinstance(message.get("mark"), dict) else None
                if name in self.marks:
                    self.marks.remove(name)
            elif event == "stop":
                self.stopped = True
                raise StreamEnded
            elif event not in ("connected", "start") and message:
                self._bad(f"event {str(event)[:20]!r}")
            if self.clock() >= deadline:
                return None

    def _audio(self, media: object) -> bytes | None:
        if not isinstance(media, dict) or media.get("track", "inbound") not in ("inbound", "inbound_track"):
            return None  # only the caller is listened to
        payload = media.get("payload")
        try:
            codes = base64.b64decode(payload, validate=True) if isinstance(payload, str) and len(payload) <= MAX_MESSAGE else b""
        except (binascii.Error, ValueError):
            codes = b""
        if not codes:
            self._bad("media without audio")
            return None
        stamp = media.get("timestamp")
        self.line_ms = int(stamp) if isinstance(stamp, str) and stamp.isdigit() and len(stamp) < 16 else None
        self.frame_at = self.heard_at
        samples = audio.mulaw_decode(np.frombuffer(codes, dtype=np.uint8))
        return self.upsample(samples)

    # -- writing

    def _send(self, message: dict[str, Any]) -> None:
        if self.closed:
            return
        try:
            self.ws.send(json.dumps(message, separators=(",", ":")))
        except (ConnectionClosed, OSError):
            self.closed = True

    def play(self, pcm: audio.Pcm) -> None:
        """Send the prompt as 20 ms µ-law messages and a mark after them: Twilio plays them in order and
        echoes the mark when the caller has heard the last of them."""
        kept = self.encoded.get(id(pcm))
        if kept is None or kept[0] is not pcm:
            kept = (pcm, ulaw(pcm))
            self.encoded[id(pcm)] = kept
        codes = kept[1]
        sid = self.stream_sid
        self.first_media_sent.append(self.clock())
        for i in range(0, len(codes), ULAW_FRAME):
            self._send({"event": "media", "streamSid": sid, "media": {"payload": base64.b64encode(codes[i : i + ULAW_FRAME]).decode()}})
        self.marks_sent += 1
        name = f"prompt-{self.marks_sent}"
        self.marks.append(name)
        self._send({"event": "mark", "streamSid": sid, "mark": {"name": name}})

    def stop(self) -> None:
        """Barge-in: Twilio drops what it has not played yet (and echoes the marks queued behind it)."""
        if self.marks:
            now = self.clock()
            self.clears.append(now)
            self.clear_lines.append((self.line_ms, now - self.frame_at))
            self._send({"event": "clear", "streamSid": self.stream_sid})
        self.marks.clear()

    def busy(self) -> bool:
        return bool(self.marks)

    def key(self) -> str | None:
        return self.keys.popleft() if self.keys else None

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(Exception):  # already closed by the other side
                self.ws.close()


# -- the signed parameters ---------------------------------------------------------------------------


def sign(secret: str, sid: str, flow: str, caller: str, language: str) -> str:
    """The token ``/voice`` puts beside the call's parameters, so the stream can trust them."""
    message = "\n".join((sid, flow, caller, language)).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def trusted(secrets: Sequence[str], start: Start) -> bool:
    """Whether the start's parameters are the ones ``/voice`` signed for this CallSid."""
    p = start.parameters
    token = p.get("token", "")
    return bool(start.call_sid) and any(
        hmac.compare_digest(sign(s, start.call_sid, p.get("flow", ""), p.get("caller", ""), p.get("language", "")), token)
        for s in secrets if s)


# -- a call's state between turns -------------------------------------------------------------------


def kept_turn(stream: str, effects: Sequence[fx.Effect] = (), base: str = "", resumes: int = 0) -> str:
    """What a media call keeps as its answer while streamed: whether the stream is live, and the prompts and
    listening of its turn, so a stream that drops picks the turn up again."""
    return MEDIA + json.dumps({"stream": stream, "effects": [_effect_data(e) for e in effects], "base": base, "resumes": resumes},
                              ensure_ascii=False)


def is_media(twiml: str) -> bool:
    return twiml.startswith(MEDIA)


def read_kept(twiml: str) -> dict[str, Any]:
    try:
        found = json.loads(twiml[len(MEDIA):])
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def revived(kept: Mapping[str, Any]) -> list[fx.Effect]:
    """The prompts and listening a kept turn holds."""
    found = [_effect_from(d) for d in kept.get("effects", []) if isinstance(d, dict)]
    return [e for e in found if e is not None]


def _effect_data(effect: fx.Effect) -> dict[str, Any]:
    data = {f.name: getattr(effect, f.name) for f in fields(effect) if f.name != "parts"}
    if isinstance(effect, fx.Listen):
        data["dtmf"] = asdict(effect.dtmf)
    return {"kind": type(effect).__name__, **data}


def _effect_from(data: Mapping[str, Any]) -> fx.Effect | None:
    data = dict(data)
    kind = data.pop("kind", "")
    if kind == "Say":
        return fx.Say(**data)
    if kind == "Play":
        return fx.Play(**data)
    if kind == "Listen":
        dtmf = data.pop("dtmf")
        return fx.Listen(**{**data, "phrases": tuple(data["phrases"])},
                         dtmf=fx.DtmfSpec(**{**dtmf, "keys": tuple(dtmf["keys"])}))
    return None


# -- one streamed call -------------------------------------------------------------------------------


class StreamRunner(sim.Runner):
    """Answers the flow's web requests; a transfer or a recording is left for the phone line."""

    def settle(self, call: sim.Call, queue: list[sim.Action]) -> None:
        for _ in range(1000):
            if call.ended or call.awaiting != "http":
                return
            request = next(e for e in reversed(call.last_effects) if isinstance(e, fx.HttpRequest))
            call.send(self.http(request) if self.http else HttpResult(error="web requests are off"))


class StreamCall(mic.MicCall):
    """A :class:`MicCall` over a media stream, saved in the store at every turn."""

    def __init__(self, flow: Flow, asr: Recognizer, stream: MediaStream, prompts: mic.PromptAudio, *, app: Webhooks,
                 session: Session, base: str, language: str | None, caller: str | None) -> None:
        super().__init__(flow, asr, stream, stream, prompts, keypad=stream, language=language, caller=caller, at=app.clock(),
                         http=app.http, sid=session.sid)
        self.runner = StreamRunner(flow, http=app.http, language=language, caller=caller)
        self.app, self.session, self.base, self.stream = app, session, base, stream
        self.turn_effects: list[fx.Effect] = []
        self.resumed = bool(session.state.node)

    def _effect(self, effect: fx.Effect, call: sim.Call) -> None:
        if isinstance(effect, (fx.Say, fx.Play, fx.Listen)):
            self.turn_effects.append(effect)
        super()._effect(effect, call)

    def begin(self) -> None:
        if not self.resumed:
            super().begin()
        else:  # the stream dropped and Twilio connected again: the turn it was at, from the store
            self.call.state = self.session.state
            for effect in revived(read_kept(self.session.twiml)):
                if isinstance(effect, fx.Listen):
                    self.call.listen = effect
                self._effect(effect, self.call)
        self.save()

    def send(self, event: Event, **details: Any) -> None:
        self.turn_effects = []
        super().send(event, **details)
        self.save()

    def save(self, stream: str = "live") -> None:
        """Keep the call as it is now (each turn, as the webhooks do), or fail: a store that fails ends
        the stream with the caller handed to a person."""
        session = self.session
        previous = session.turn
        session.state, session.turn = self.call.state, session.turn + 1
        session.twiml = kept_turn(stream, self.turn_effects, self.base)
        if not self.app.store.save(session, previous):
            raise StreamFailed("another stream took this call over")
        self.app.remember(session)

    def hang_up(self) -> None:
        if self.stream.stopped or not self.stream.closed:
            super().hang_up()  # the caller hung up (Twilio says stop): the call ends here
        else:  # the socket dropped with the caller still on the line: the call is kept for a new stream
            self.hung_up = True


@dataclass
class Streams:
    """What media streams share in one worker: each flow's prompt audio, idle recognizers, the REST client."""

    prompts: dict[str, mic.RenderedPrompts] = field(default_factory=dict)
    recognizers: queue.SimpleQueue[Recognizer] = field(default_factory=queue.SimpleQueue)
    lock: threading.Lock = field(default_factory=threading.Lock)
    live: dict[str, float] = field(default_factory=dict)  # CallSid -> when its stream started, in this worker
    calls: list[dict[str, Any]] = field(default_factory=list)  # finished streams' timings, newest last (bounded)
    warming: bool = False
    ready: threading.Event = field(default_factory=threading.Event)  # the first spare recognizer is loaded (or failed)

    def prompts_for(self, flow: Flow) -> mic.PromptAudio:
        with self.lock:
            found = self.prompts.get(flow.name)
            if found is None:
                found = self.prompts[flow.name] = mic.RenderedPrompts(flow, mic.prompt_folder(flow))
        lock = self.lock

        def speak(text: str, language: str, audio_file: str | None) -> audio.Pcm:
            with lock:  # a prompt not rendered yet is spoken now, by a voice all streams share
                return found(text, language, audio_file)

        return speak

    def settle(self, timeout: float = 60.0) -> None:
        """Wait for a spare recognizer being loaded (before a process exits: a model half-loaded then aborts it)."""
        deadline = time.monotonic() + timeout
        while self.warming and time.monotonic() < deadline:
            time.sleep(0.05)

    def recognizer(self, flows: Sequence[Flow]) -> Recognizer:
        """An idle recognizer with its models loaded; one more is loaded meanwhile, so the next call doesn't wait."""
        try:
            found = self.recognizers.get_nowait()
        except queue.Empty:
            found = loaded(flows)
        self.warm(flows)
        return found

    def warm(self, flows: Sequence[Flow]) -> None:
        """Load a spare recognizer in the background, unless one is idle or loading."""
        with self.lock:
            if self.warming or not self.recognizers.empty():
                return
            self.warming = True

        def load() -> None:
            try:
                self.recognizers.put(loaded(flows))
            except Exception as e:  # a model that can't load: each stream tries itself, and fails into a hand-over
                log.error("ivr: loading a recognizer failed (%s)", type(e).__name__)
            finally:
                self.warming = False
                self.ready.set()

        threading.Thread(target=load, name="ivr-asr-warm", daemon=True).start()


def loaded(flows: Sequence[Flow]) -> Recognizer:
    """A recognizer (as ``ivr call`` picks it) with the models of the flows' languages loaded: loading takes
    seconds, which a caller must not wait through at their first answer."""
    from ivr.speech import AutoRecognizer, recognizer

    found = recognizer(phone=True)  # Twilio streams the caller at 8 kHz µ-law
    if isinstance(found, AutoRecognizer):
        for language in dict.fromkeys(lang for f in flows for lang in f.languages):
            found.pick(language)
        for flow in flows:  # the first question first: building its search took seconds of the first answer
            first = sim.Call(flow)
            first.start()
            asked = [first.listen] if first.listen is not None else []
            for listen in [*asked, *listens(flow)][:PREPARED_STATES]:  # and every other (hundreds of ms each)
                prepare = getattr(found.pick(listen.language), "prepare", None)
                if prepare is not None:
                    prepare(listen)
    return found


_MAKING = threading.Lock()


def streams(app: Webhooks) -> Streams:
    """The worker's shared stream state, made at its first stream."""
    with _MAKING:
        if not isinstance(app.streams, Streams):
            app.streams = Streams()
        return app.streams


def serve(app: Webhooks, ws: Any, base: str) -> None:
    """One media stream, from ``start`` to the end of the call or its hand-over. ``base`` is the https URL
    the webhooks are reached at (for the TwiML of a hand-over)."""
    from ivr.channels import twilio

    stream = MediaStream(ws)
    shared = streams(app)
    started: Start | None = None
    call: StreamCall | None = None
    flow: Flow | None = None
    asr: Recognizer | None = None
    try:
        started = stream.start()
        if not trusted(app.secrets, started):
            log.warning("ivr: a media stream's parameters are not the ones /voice signed; closed")
            started = None
            return
        p = started.parameters
        flow = app.flows.get(p.get("flow", ""))
        if flow is None:
            raise StreamFailed("the stream's flow is not served here")
        session = app.store.get(started.call_sid)
        if session is None:  # ended (its record written) or lost: nothing to carry on
            log.warning("ivr: a media stream for a call the store doesn't hold; the call goes to the webhooks")
            return
        shared.live[started.call_sid] = time.monotonic()
        asr = shared.recognizer([flow])
        call = StreamCall(flow, asr, stream, shared.prompts_for(flow), app=app, session=session, base=base,
                          language=p.get("language") or None, caller=p.get("caller") or None)
        call.run()
        if call.call.awaiting in ("transfer", "record") and not call.hung_up:
            _hand_over(app, flow, call, started, base)
        elif call.call.ended:
            record = mic.MicCall.record(call)
            record["channel"] = "media"
            app.store.close(call.sid, record)
            app.recent.pop(call.sid, None)
        elif call.hung_up and not stream.stopped:
            call.save("dropped")  # Twilio asks the Connect action next: it reconnects, and this turn is played again
    except Exception as e:
        if started is None:
            log.warning("ivr: a media stream failed before its start (%s)", twilio._describe(e))
            return
        log.error("ivr: a media stream failed (%s); the caller goes to a person", twilio._describe(e))
        _rescue(app, flow, call, started, base)
    finally:
        if started is not None:
            shared.live.pop(started.call_sid, None)
        if call is not None:
            _keep_timings(shared, call)
        if asr is not None:
            shared.recognizers.put(asr)
        stream.close()


def _keep_timings(shared: Streams, call: StreamCall) -> None:
    entry = {"sid": call.sid, "turns": [asdict(t) for t in call.timings], "clears": list(call.stream.clears),
             "clear_lines": list(call.stream.clear_lines), "first_media": list(call.stream.first_media_sent)}
    shared.calls.append(entry)
    del shared.calls[:-100]


def _hand_over(app: Webhooks, flow: Flow, call: StreamCall, started: Start, base: str) -> None:
    """The flow transfers the caller (or records a message): the announcement has played; the call's TwiML is
    replaced with the ``<Dial>``/``<Enqueue>``/``<Record>`` the webhooks would have answered, whose result comes
    back to the webhooks' ``/turn``."""
    from ivr.channels import twilio

    effect = next(e for e in reversed(call.call.last_effects) if isinstance(e, (fx.Transfer, fx.Record)))
    session = call.session
    previous = session.turn
    session.turn += 1
    session.state = call.call.state
    action = f"/turn/{session.sid}/{session.turn}"
    session.twiml = twilio.noted(twilio.twiml(flow, session.state, [effect], action, app.rendered.get(flow.name), session.sid,
                                              app.recorded.get(flow.name)))
    if not app.store.save(session, previous):
        raise StreamFailed("another stream took this call over")
    app.remember(session)
    update_call(app, started, absolute(session.twiml, base))


def _rescue(app: Webhooks, flow: Flow | None, call: StreamCall | None, started: Start, base: str) -> None:
    """Whatever failed in the stream, the caller goes to a person through the REST API: with what they gave
    (from the call as kept) when the store works, else the flow's hand-over as the webhooks' failure path does."""
    from ivr.channels import twilio

    flow = flow or app.flows[app.default]
    twiml = ""
    if call is not None:
        try:
            twiml = twilio.media_handover(app, flow, call.session, call.call.state)
        except Exception as e:
            log.error("ivr: keeping the hand-over failed too (%s)", twilio._describe(e))
    if not twiml:
        language = call.call.state.language if call is not None and call.call.state.language else flow.language
        twiml = twilio.handover_twiml(app, flow, language)
    try:
        update_call(app, started, absolute(twiml, base))
    except Exception as e:  # the stream closes: Twilio asks the Connect action, which hands the caller over
        log.error("ivr: the REST API refused the hand-over (%s); the stream's end hands the caller over", twilio._describe(e))


_RELATIVE = re.compile(r'(="|>)(/(?:turn|wait|whisper|audio|recording|ended|streamed)/?)')


def absolute(twiml: str, base: str) -> str:
    """TwiML sent through the REST API has no webhook to resolve its relative URLs against: make them absolute."""
    return _RELATIVE.sub(lambda m: f"{m.group(1)}{base}{m.group(2)}", twiml) if base else twiml


def update_call(app: Webhooks, started: Start, twiml: str) -> None:
    """Replace the call's TwiML (``calls(sid).update(twiml=...)``): the stream ends, the call goes on with it."""
    client = app.rest(started.account_sid)
    client.calls(started.call_sid).update(twiml=twiml)
