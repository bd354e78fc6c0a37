"""The offline simulator: a call driven by typed caller actions instead of a phone line.

A script has one caller action per line::

    # lines starting with '#' and blank lines are skipped (there are no end-of-line comments)
    at 2026-11-24T10:30:00-05:00
    press 12345#
    say check my balance
    mumble elm street
    silence
    hangup
    http 200 {"balance": "1520.75"}
    http error connection refused
    transfer busy
    record 12
    expect outcome transferred

``at`` (first line only) sets when the call happens, for business hours. ``press`` sends keys,
``say`` speech recognized with confidence 1.0, ``mumble`` speech the recognizer was unsure of
(confidence 0.2, below any sensible threshold: a no-match even where any words are accepted),
``silence`` a no-input timeout, ``hangup`` ends the
call. ``http`` answers the pending web request with a status and JSON (or ``error REASON``),
``transfer`` the pending transfer (answered, busy, no-answer, failed or long-wait, then optional
seconds of wait), ``record`` the pending recording (its length in seconds). ``expect`` checks
outcome, node, slot NAME VALUE, said TEXT or queue NAME.
"""

from __future__ import annotations

import json
import math
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivr.engine import effects as fx
from ivr.engine.events import (
    CallerHungUp,
    CallStarted,
    DigitsEntered,
    Event,
    HttpResult,
    NoInput,
    Recorded,
    SpeechRecognized,
    TransferResult,
)
from ivr.engine.state import CallState
from ivr.engine.step import hides_input, step
from ivr.errors import ScriptError
from ivr.flow.machine import Flow
from ivr.flow.text import MASK, minutes, render

if TYPE_CHECKING:
    from ivr.speech import Recognized, Recognizer
    from ivr.speech.voice import CallerVoice

HttpHandler = Callable[[fx.HttpRequest], HttpResult]
MUMBLE_CONFIDENCE = 0.2  # what a recognizer reports for speech it barely made out
TRANSFER_STATUSES = ("answered", "busy", "no-answer", "failed", "long-wait")
_KEYS = re.compile(r"^[0-9*#]+$")
_STATUS = re.compile(r"[1-5][0-9][0-9]")  # an HTTP status, in ASCII digits (str.isdigit also takes '²' and '٣')
_SECONDS = re.compile(r"[0-9]+\.?[0-9]*|\.[0-9]+")


@dataclass(frozen=True)
class Action:
    """One script line."""

    line: int
    verb: str
    arg: str = ""


def parse_script(text: str) -> list[Action]:
    """Parse a script; raises ScriptError naming the line of the first bad action."""
    actions: list[Action] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        verb, _, arg = line.partition(" ")
        verb, arg = verb.lower(), arg.strip()
        actions.append(parse_action(verb, arg, number))
    return actions


def parse_action(verb: str, arg: str, line: int = 0) -> Action:
    where = f"line {line}: " if line else ""
    if verb == "press":
        arg = arg.replace(" ", "")
        if not _KEYS.match(arg):
            raise ScriptError(f"{where}'press' takes keys 0-9, * and #, like 'press 12#'")
    elif verb in ("say", "mumble"):
        arg = arg.strip("\"'") if len(arg) > 1 and arg[0] == arg[-1] and arg[0] in "\"'" else arg
        if not arg:
            raise ScriptError(f"{where}'{verb}' needs words, like '{verb} check my balance'")
    elif verb == "say-audio":
        if not arg or "\0" in arg:
            raise ScriptError(f"{where}'say-audio' needs a WAV file, like 'say-audio audio/callers/balance.wav'")
    elif verb in ("silence", "hangup"):
        if arg:
            raise ScriptError(f"{where}'{verb}' takes nothing after it")
    elif verb == "http":
        status, _, body = arg.partition(" ")
        if status != "error":
            if not _STATUS.fullmatch(status):
                raise ScriptError(f"{where}'http' takes a status and JSON, like 'http 200 {{\"ok\": true}}', or 'http error REASON'")
            try:
                json.loads(body or "null")
            except json.JSONDecodeError as e:
                raise ScriptError(f"{where}the JSON after 'http {status}' is not valid: {e.msg} at column {e.colno}") from None
            except RecursionError:
                raise ScriptError(f"{where}the JSON after 'http {status}' is nested too deeply") from None
            except ValueError:  # Python's limit on integer digits
                raise ScriptError(f"{where}the JSON after 'http {status}' has a number too long to read") from None
    elif verb == "transfer":
        status, _, wait = arg.partition(" ")
        if status not in TRANSFER_STATUSES or (wait and not _is_seconds(wait)):
            raise ScriptError(f"{where}'transfer' takes one of {', '.join(TRANSFER_STATUSES)} and optional seconds of wait")
    elif verb == "record":
        if arg and not _is_seconds(arg):
            raise ScriptError(f"{where}'record' takes the recording's length in seconds, like 'record 12'")
    elif verb == "at":
        try:
            datetime.fromisoformat(arg)
        except ValueError:
            raise ScriptError(f"{where}'at' takes an ISO time, like 'at 2026-11-24T10:30:00-05:00'") from None
    elif verb == "expect":
        what, _, _rest = arg.partition(" ")
        if what not in ("outcome", "node", "slot", "said", "queue"):
            raise ScriptError(f"{where}'expect' checks outcome, node, slot NAME VALUE, said TEXT or queue NAME")
    else:
        raise ScriptError(f"{where}unknown action {verb!r}; use press, say, mumble, say-audio, silence, hangup, http, transfer, record "
                          "or expect")
    return Action(line, verb, arg)


def _is_seconds(text: str) -> bool:
    """Seconds in ASCII digits, short of infinity (a 400-digit number reads as inf, and no call waits that long)."""
    return bool(_SECONDS.fullmatch(text)) and math.isfinite(float(text))


def live_http(request: fx.HttpRequest) -> HttpResult:
    """Make the flow's web request for real."""
    data = None
    headers = {"Accept": "application/json", **request.headers}
    if request.body is not None and request.method != "GET":
        data = json.dumps(request.body).encode()
        headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(request.url, data=data, headers=headers, method=request.method)
    try:
        with urllib.request.urlopen(req, timeout=request.timeout) as response:  # noqa: S310 - the flow's own URL
            raw = response.read(1_000_000)
            status = response.status
    except urllib.error.HTTPError as e:
        return HttpResult(status=e.code, error=f"HTTP {e.code}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        return HttpResult(error=str(reason) or type(e).__name__)
    try:
        body = json.loads(raw) if raw.strip() else None
    except (ValueError, RecursionError):  # not JSON, not UTF-8, a number past Python's digit limit, or nested too deep
        return HttpResult(status=status, error="the response is not JSON")
    return HttpResult(status=status, body=body)


def canned_http(responses: list[dict[str, Any]], fallback: HttpHandler | None) -> HttpHandler:
    """Answer web requests from a list of canned responses, like a recorded API.

    Each item is ``{match: "POST https://api.example.com/v1/*", status: 200, body: {...}}`` or
    ``{match: ..., error: "connection refused"}``; ``*`` matches anything. The first match wins;
    requests that match none go to ``fallback`` (a live request), or fail when it is None.
    """
    import fnmatch

    def handler(request: fx.HttpRequest) -> HttpResult:
        for item in responses:
            method, _, pattern = str(item.get("match", "")).partition(" ")
            if method.upper() == request.method and fnmatch.fnmatchcase(request.url, pattern):
                if "error" in item:
                    return HttpResult(error=str(item["error"]))
                return HttpResult(status=int(item.get("status", 200)), body=item.get("body"))
        if fallback is None:
            return HttpResult(error=f"no canned response for {request.method} {request.url}")
        return fallback(request)

    return handler


def load_responses(text: str, name: str) -> list[dict[str, Any]]:
    """Read a canned-responses file (YAML or JSON): a list of {match, status, body | error}."""
    from ivr.errors import FlowError
    from ivr.flow.source import load_source

    try:
        data = load_source(text, name).data
    except FlowError as e:
        raise ScriptError(e.diagnostics[0].format().splitlines()[0]) from None
    if not isinstance(data, list) or not all(isinstance(i, dict) and isinstance(i.get("match"), str) for i in data):
        raise ScriptError(f"{name}: expected a list of items like {{match: 'GET https://api.example.com/*', status: 200, body: {{}}}}")
    for i, item in enumerate(data, 1):
        method = item["match"].partition(" ")[0].upper()
        if method not in ("GET", "POST", "PUT", "PATCH", "DELETE") or " " not in item["match"]:
            raise ScriptError(f"{name}: item {i}: 'match' is a method and a URL pattern, like 'GET https://api.example.com/*'")
        status = item.get("status", 200)
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise ScriptError(f"{name}: item {i}: 'status' must be an HTTP status code like 200, not {status!r}")
    return data


@dataclass
class CallResult:
    """What happened on a simulated call, as ``ivr simulate --json`` prints it."""

    flow: str
    state: CallState
    transcript: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str | None:
        return self.state.outcome

    @property
    def path(self) -> list[str]:
        return self.state.path

    @property
    def slots(self) -> dict[str, Any]:
        return self.state.masked_slots()

    @property
    def transfer(self) -> dict[str, Any] | None:
        return self.state.transfer if self.state.outcome == "transferred" else None

    @property
    def ok(self) -> bool:
        return not self.failures

    def said_by_ivr(self) -> list[str]:
        return [t["text"] for t in self.transcript if t["who"] == "ivr"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "outcome": self.outcome,
            "path": self.path,
            "slots": self.slots,
            "vars": self.state.masked_vars(),
            "language": self.state.language,
            "transfer": self.transfer,
            "transcript": self.transcript,
            "failures": self.failures,
            "ok": self.ok,
        }


class Call:
    """One simulated call: feed it events, it runs the engine and keeps a transcript."""

    def __init__(self, flow: Flow, *, at: str | None = None, caller: str | None = "+15555550100",
                 language: str | None = None, call_id: str = "sim-1",
                 on_effect: Callable[[fx.Effect, Call], None] | None = None) -> None:
        self.flow = flow
        self.state = CallState()
        self.transcript: list[dict[str, Any]] = []
        self.start_event = CallStarted(call_id, caller, at or datetime.now(UTC).isoformat(timespec="seconds"), language)
        self.on_effect = on_effect
        self.recordings = 0
        self.last_effects: list[fx.Effect] = []
        self.listen: fx.Listen | None = None  # what the caller is being listened for now
        self.pending_details: dict[str, Any] = {}

    @property
    def awaiting(self) -> str | None:
        return self.state.awaiting

    @property
    def ended(self) -> bool:
        return self.state.ended

    def start(self) -> list[fx.Effect]:
        return self.send(self.start_event)

    def mask(self, text: str) -> str:
        for name in self.state.sensitive:
            for value in (self.state.slots.get(name), self.state.vars.get(name)):
                if value not in (None, "") and str(value) in text:
                    text = text.replace(str(value), MASK)
        return text

    def hides_input(self) -> bool:
        """Whether the caller is answering a sensitive prompt now (what they give is shown only masked)."""
        return hides_input(self.flow, self.state)

    def send(self, event: Event, **details: Any) -> list[fx.Effect]:
        """Step the call; ``details`` (like the audio a speech event came from) go into the transcript."""
        node = self.flow.nodes.get(self.state.node)
        self.note_event(event, node)
        if details and self.transcript and self.transcript[-1]["who"] == "caller":
            entry = self.transcript[-1]
            entry.update({k: (MASK if k == "said" and entry["text"] == MASK else v) for k, v in details.items()})
        self.state, effects = step(self.flow, self.state, event)
        for effect in effects:
            if isinstance(effect, fx.Listen):
                self.listen = effect
            self.note_effect(effect)
            if self.on_effect:
                self.on_effect(effect, self)
        self.last_effects = effects
        return effects

    def note_event(self, event: Event, node: object) -> None:
        where = self.state.node
        sensitive = self.hides_input()
        entry: dict[str, Any] | None = None
        if isinstance(event, DigitsEntered):
            entry = {"who": "caller", "node": where, "input": "dtmf", "text": MASK if sensitive else event.digits}
        elif isinstance(event, SpeechRecognized):
            entry = {"who": "caller", "node": where, "input": "speech", "text": MASK if sensitive else event.text,
                     "confidence": event.confidence}
        elif isinstance(event, NoInput):
            entry = {"who": "caller", "node": where, "input": "silence", "text": ""}
        elif isinstance(event, CallerHungUp):
            entry = {"who": "caller", "node": where, "input": "hangup", "text": ""}
        elif isinstance(event, HttpResult):
            text = f"HTTP {event.status}" if event.error is None else f"HTTP error: {event.error}"
            entry = {"who": "system", "node": where, "text": text}
        elif isinstance(event, TransferResult):
            entry = {"who": "system", "node": where, "text": f"transfer {event.status}"}
        elif isinstance(event, Recorded):
            entry = {"who": "system", "node": where, "text": f"recorded {event.duration:g} s"}
        if entry is not None:
            self.transcript.append(entry)

    def note_effect(self, effect: fx.Effect) -> None:
        if isinstance(effect, (fx.Say, fx.Play)):
            entry: dict[str, Any] = {"who": "ivr", "node": effect.node, "text": effect.text}
            if effect.language != self.state.language:  # a prompt part in its own language, like "Para español, ..."
                entry["language"] = effect.language
            if isinstance(effect, fx.Say) and effect.voice and effect.voice != self.default_voice(effect.language):
                entry["voice"] = effect.voice
            if isinstance(effect, fx.Play):
                entry["audio"] = effect.audio
            self.transcript.append(entry)
        elif isinstance(effect, fx.HttpRequest):
            self.transcript.append({"who": "system", "node": effect.node, "text": self.mask(f"{effect.method} {effect.url}")})
        elif isinstance(effect, fx.Transfer):
            to = f"queue {effect.queue}" if effect.queue else f"SIP {effect.sip}" if effect.sip else f"number {effect.number}"
            self.transcript.append({"who": "system", "node": effect.node, "text": f"transfer to {to} ({effect.context['reason']})"})
        elif isinstance(effect, fx.Record):
            self.transcript.append({"who": "system", "node": effect.node, "text": f"recording (up to {effect.max_length} s)"})
        elif isinstance(effect, fx.Hangup):
            self.transcript.append({"who": "system", "node": effect.node, "text": "hang up"})

    def default_voice(self, language: str) -> str | None:
        voice = self.flow.voice
        return voice.get(language, self.flow.language) if voice is not None else None

    def announce_queue(self, effect: fx.Transfer | None, wait: float) -> None:
        """What the caller hears on hold, when the transfer asks for it: their place and the wait."""
        if effect is not None and effect.announce_position and effect.queue:
            lang = self.state.language
            text = render(self.flow.system("queue", lang), {"position": 1, "wait": minutes(wait, lang)})
            self.transcript.append({"who": "ivr", "node": effect.node, "text": text})
            if self.on_effect:  # channels that speak (the microphone channel) play it like any prompt
                self.on_effect(fx.Say(text, lang, effect.node), self)

    def result(self, failures: Iterable[str] = ()) -> CallResult:
        return CallResult(self.flow.name, self.state, self.transcript, list(failures))


class Runner:
    """Runs a script against a flow, answering web requests and transfers the script doesn't."""

    def __init__(self, flow: Flow, *, at: str | None = None, http: HttpHandler | None = live_http,
                 transfer: str = "answered", queue_wait: float = 60.0, language: str | None = None,
                 caller: str | None = "+15555550100", asr: Recognizer | None = None, voice: CallerVoice | None = None,
                 telephone: bool = False, snr: float | None = None, audio_dir: Path | None = None,
                 hear_prompts: bool = False) -> None:
        self.flow = flow
        self.hear_prompts = hear_prompts and asr is not None
        self.asr = asr
        self.voice = voice
        self.telephone = telephone
        self.snr = snr
        self.audio_dir = audio_dir or Path(".")
        self.turns = 0
        self.at = at
        self.http = http
        self.transfer_status = transfer
        self.queue_wait = queue_wait
        self.language = language
        self.caller = caller

    def run(self, actions: list[Action]) -> CallResult:
        at = self.at
        if actions and actions[0].verb == "at":
            at = actions[0].arg
            actions = actions[1:]
        call = Call(self.flow, at=at, language=self.language, caller=self.caller,
                    on_effect=self.play_recording if self.hear_prompts else None)
        failures: list[str] = []
        call.start()
        queue = list(actions)
        while True:
            self.settle(call, queue)
            while queue and queue[0].verb == "expect":
                failure = self.expect(call, queue.pop(0))
                if failure:
                    failures.append(failure)
            if call.ended:
                leftover = [a for a in queue if a.verb not in ("expect", "at")]
                if leftover:
                    failures.append(f"line {leftover[0].line}: the call already ended ({call.state.outcome}) "
                                    f"before '{leftover[0].verb} {leftover[0].arg}'".rstrip("' ") + "'")
                for a in queue:
                    if a.verb == "expect":
                        failure = self.expect(call, a)
                        if failure:
                            failures.append(failure)
                break
            if not queue:
                call.transcript.append({"who": "system", "node": call.state.node, "text": "script ended: the caller hangs up"})
                call.send(CallerHungUp())
                break
            action = queue.pop(0)
            if action.verb == "at":
                raise ScriptError(f"line {action.line}: 'at' must be the first action")
            event = self.event(call, action)
            call.send(event, **call.pending_details)
            call.pending_details = {}
        return call.result(failures)

    def play_recording(self, effect: fx.Effect, call: Call) -> None:
        """A recorded prompt, played as a call plays it (the loader every channel shares) into the
        recognizer, listening for the flow's prompt texts: the transcript says which it heard and how
        long the recording is, or that its text was spoken because the recording can't be played."""
        if not isinstance(effect, fx.Play) or self.asr is None:
            return
        from ivr.speech import audio, recordings

        entry = next((e for e in reversed(call.transcript) if e.get("audio") == effect.audio), None)
        pcm = recordings.prompt_pcm(self.flow.file, self.flow.name, effect.audio)
        if entry is None:
            return
        if pcm is None:
            entry["played"] = "text"
            return
        listen = fx.Listen(effect.node, effect.language, self.prompt_phrases(effect.language), fx.DtmfSpec((), None, None), 5.0, False)
        heard = self.asr.recognize(listen, audio.frames(audio.pad(pcm)))
        entry.update({"played": "recording", "seconds": round(len(pcm) / audio.RATE, 2), "heard": heard.text if heard else ""})

    def prompt_phrases(self, language: str) -> tuple[str, ...]:
        """Every fixed prompt text of the flow in ``language``, as words a recognizer's grammar takes."""
        from ivr.flow import text as words

        found: dict[str, None] = {}
        for node in self.flow.nodes.values():
            for name in ("prompt", "announce", "confirm", "no_input", "no_match", "invalid"):
                value = getattr(node, name, None)
                for prompt in value if isinstance(value, tuple) else (value,):
                    text = getattr(prompt, "text", None)
                    if text is not None and text.by_lang:
                        said = " ".join(words.tokens(text.get(language, self.flow.language), language))
                        if said and not words.template_names(text.get(language, self.flow.language)):
                            found[said] = None
        return tuple(found)

    def settle(self, call: Call, queue: list[Action]) -> None:
        """Answer what the call waits for when the script has no answer for it next."""
        for _ in range(1000):
            if call.ended:
                return
            nxt = next((a.verb for a in queue if a.verb != "expect"), None)
            if call.awaiting == "http" and nxt != "http":
                request = next(e for e in reversed(call.last_effects) if isinstance(e, fx.HttpRequest))
                call.send(self.http(request) if self.http else HttpResult(error="web requests are off in this simulation"))
            elif call.awaiting == "transfer" and nxt != "transfer":
                effect = next(e for e in reversed(call.last_effects) if isinstance(e, fx.Transfer))
                call.send(self.auto_transfer(call, effect))
            elif call.awaiting == "record" and nxt != "record":
                call.recordings += 1
                call.send(Recorded(f"sim://recordings/{call.recordings}.wav", 0.0))
            else:
                return

    def auto_transfer(self, call: Call, effect: fx.Transfer) -> TransferResult:
        if self.transfer_status != "answered":
            return TransferResult(self.transfer_status, self.queue_wait)  # type: ignore[arg-type]
        if effect.max_wait is not None and self.queue_wait > effect.max_wait:
            return TransferResult("long-wait", self.queue_wait)
        call.announce_queue(effect, self.queue_wait)
        return TransferResult("answered", self.queue_wait)

    def event(self, call: Call, action: Action) -> Event:
        verb, arg = action.verb, action.arg
        waiting = call.awaiting
        wants = {"press": "input", "say": "input", "mumble": "input", "say-audio": "input", "silence": "input", "http": "http",
                 "transfer": "transfer", "record": "record", "hangup": None}[verb]
        if wants is not None and waiting != wants:
            what = {"input": "the caller", "http": "a web request", "transfer": "a transfer", "record": "a recording"}
            raise ScriptError(f"line {action.line}: '{verb}' but the call at node {call.state.node!r} is waiting for "
                              f"{what.get(waiting or '', 'nothing')}")
        if verb == "press":
            return DigitsEntered(arg.replace(" ", ""))
        if verb == "say-audio" or (verb == "say" and self.voice is not None):
            return self.hear(call, action)
        if verb == "say":
            return SpeechRecognized(arg, 1.0)
        if verb == "mumble":
            return SpeechRecognized(arg, MUMBLE_CONFIDENCE)
        if verb == "silence":
            return NoInput()
        if verb == "hangup":
            return CallerHungUp()
        if verb == "http":
            status, _, body = arg.partition(" ")
            if status == "error":
                return HttpResult(error=body or "error")
            return HttpResult(status=int(status), body=json.loads(body or "null"))
        if verb == "transfer":
            status, _, wait = arg.partition(" ")
            if status == "answered":
                effect = next((e for e in reversed(call.last_effects) if isinstance(e, fx.Transfer)), None)
                call.announce_queue(effect, float(wait or self.queue_wait))
            return TransferResult(status, float(wait) if wait else None)  # type: ignore[arg-type]
        if verb == "record":
            call.recordings += 1
            return Recorded(f"sim://recordings/{call.recordings}.wav", float(arg or 10))
        raise ScriptError(f"line {action.line}: cannot use {verb!r} here")  # pragma: no cover

    def hear(self, call: Call, action: Action) -> Event:
        """The caller speaks (a recording, or the script's words in a synthetic voice); the recognizer
        decides what the engine hears, exactly as on a live call."""
        from ivr.speech import audio

        if action.verb == "say-audio":
            path = Path(action.arg) if Path(action.arg).is_absolute() else self.audio_dir / action.arg
            try:
                samples, rate = audio.read_wav(path)
            except ScriptError as e:
                raise ScriptError(f"line {action.line}: {e}") from None
            pcm, source = audio.resample(samples, rate), {"audio": action.arg}
            narrow = rate <= audio.PHONE_RATE
        else:
            assert self.voice is not None
            pcm, source = self.voice.speak(action.arg), {"audio": f"tts:{self.voice.name}", "said": action.arg}
            narrow = False
        if self.telephone:
            pcm = audio.telephone(pcm)
        if self.snr is not None:
            self.turns += 1
            pcm = audio.add_noise(pcm, self.snr, seed=self.turns)
        if self.asr is None:
            from ivr.speech import recognizer

            self.asr = recognizer(phone=self.telephone or narrow)  # a phone line's audio, heard as such
        listen = call.listen
        assert listen is not None
        event, details = heard_event(self.asr.recognize(listen, audio.frames(audio.pad(pcm))))
        call.pending_details = {**source, "asr": self.asr.name, **details}
        return event

    @staticmethod
    def expect(call: Call, action: Action) -> str | None:
        what, _, rest = action.arg.partition(" ")
        rest = rest.strip()
        state = call.state
        if what == "outcome":
            got: Any = state.outcome or f"none yet (at {state.node!r})"
            return None if state.outcome == rest else f"line {action.line}: expected outcome {rest}, got {got}"
        if what == "node":
            return None if rest in state.path[-1:] else f"line {action.line}: expected to be at node {rest!r}, at {state.node!r}"
        if what == "slot":
            name, _, value = rest.partition(" ")
            shown = state.masked_slots().get(name)
            if str(shown) == value or (isinstance(shown, float) and value and _same_number(shown, value)):
                return None
            return f"line {action.line}: expected slot {name} = {value!r}, got {shown!r}"
        if what == "queue":
            queue = (state.transfer or {}).get("queue")
            return None if queue == rest else f"line {action.line}: expected a transfer to queue {rest!r}, got {queue!r}"
        if what == "said":
            said = " ".join(t["text"] for t in call.transcript if t["who"] == "ivr").lower()
            return None if rest.lower() in said else f"line {action.line}: the IVR never said {rest!r}"
        return f"line {action.line}: cannot check {what!r}"  # pragma: no cover


def heard_event(heard: Recognized | None) -> tuple[Event, dict[str, Any]]:
    """The engine's event for what a recognizer made of a caller's turn, and the transcript's details
    of it: nobody spoke is a no-input; someone spoke but no word was made out is speech not
    understood (an empty text with confidence 0, which the engine treats as a no-match, never as
    silence); else the words heard, their confidence, the alternatives and the other readings."""
    if heard is None:
        return NoInput(), {"heard": None}
    details: dict[str, Any] = {"decode_ms": round(heard.decode_seconds * 1000, 1)}
    if not heard.text:
        return SpeechRecognized("", 0.0), {**details, "understood": False}
    return SpeechRecognized(heard.text, heard.confidence, heard.alternatives, heard.readings), details


def _same_number(a: float, b: str) -> bool:
    try:
        return a == float(b)
    except ValueError:
        return False


def actions_from(lines: Iterable[str]) -> Iterator[Action]:
    """Actions from a list like ``["press 1", "say billing"]`` (ivr.testing)."""
    for i, line in enumerate(lines, 1):
        verb, _, arg = line.strip().partition(" ")
        yield parse_action(verb.lower(), arg.strip(), i)
