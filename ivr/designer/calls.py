"""Try-it calls: the designer's click-through calls, driven through the offline simulator.

Each browser call is a :class:`~ivr.channels.sim.Call` kept here, server-side, by a random id.
Web requests are answered from the flow's canned responses (``responses/<flow file>.yaml`` in the
designer's folder; nothing goes to the network), transfers are answered, and recordings are
taken, exactly as ``ivr simulate`` does when a script has no answer for them. Microphone
recordings are checked before they are decoded and recognized in worker processes with a time
limit (:mod:`ivr.speech.pool`), so one long recording can't stall the designer.
"""

from __future__ import annotations

import functools
import io
import secrets
import threading
import wave
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ivr.channels.sim import Call, Runner, canned_http, heard_event, parse_action
from ivr.engine.events import CallerHungUp, DigitsEntered, Event, NoInput, SpeechRecognized
from ivr.errors import IvrError, ScriptError, UsageError
from ivr.flow.machine import Flow
from ivr.flow.text import MASK
from ivr.speech.pool import RecognitionFailed, RecognitionPool

MAX_CALLS = 50  # the oldest try-it call is forgotten beyond this
_SPEAKING = threading.Lock()


@dataclass
class TryCall:
    id: str
    call: Call
    runner: Runner
    lock: threading.Lock = field(default_factory=threading.Lock)
    at: str | None = None  # the clock the call ran on, as 'at:' in a scenario
    language: str | None = None  # the language it was started in, if one was chosen
    lines: list[str] = field(default_factory=list)  # what the caller did, as scenario caller lines

    def settle(self) -> None:
        self.runner.settle(self.call, [])

    def view(self) -> dict[str, Any]:
        """What the try-it panel shows: where the call is, what it listens for, slots, transcript and,
        once it reaches a person, the hand-over context."""
        state = self.call.state
        listen = self.call.listen if state.awaiting == "input" else None
        return {
            "id": self.id,
            "node": state.node,
            "path": state.path,
            "awaiting": state.awaiting,
            "ended": state.ended,
            "outcome": state.outcome,
            "language": state.language,
            "slots": state.masked_slots(),
            "transcript": self.call.transcript,
            "transfer": state.transfer if state.outcome == "transferred" else None,
            "listen": None if listen is None else {"phrases": list(listen.phrases), "keys": list(listen.dtmf.keys),
                                                   "any_key": listen.dtmf.any_key,
                                                   "max_digits": listen.dtmf.max_digits, "finish_key": listen.dtmf.finish_key,
                                                   "mode": listen.mode, "language": listen.language},
        }

    def act(self, verb: str, arg: str = "") -> None:
        """One caller action, as a script line says it: press, say, silence or hangup."""
        if verb not in ("press", "say", "silence", "hangup"):
            raise ScriptError(f"a try-it call takes press, say, silence or hangup, not {verb!r}")
        action = parse_action(verb, arg)
        if self.call.ended:
            raise ScriptError(f"the call already ended ({self.call.state.outcome})")
        if verb != "hangup" and self.call.awaiting != "input":
            raise ScriptError("the call is not listening to the caller now")
        event: Event
        self.lines.append(f"{verb} {' '.join(action.arg.split())}" if verb in ("press", "say") else verb)
        if verb == "press":
            event = DigitsEntered(action.arg)
        elif verb == "say":
            event = SpeechRecognized(action.arg, 1.0)
        else:
            event = NoInput() if verb == "silence" else CallerHungUp()
        self.call.send(event)
        self.settle()

    def hear(self, wav: bytes, ears: RecognitionPool) -> tuple[str | None, str | None]:
        """The caller's recorded audio (checked before anything is decoded), recognized by ``ears``
        with what the current state listens for; returns what was heard (only a mask at a sensitive prompt; None when nobody
        spoke; "" when someone spoke but no word was made out, which the call hears as speech not understood) and, when
        the recognizer gave no answer in time, a one-line message: the call then heard silence."""
        if self.call.ended or self.call.awaiting != "input" or self.call.listen is None:
            raise ScriptError("the call is not listening to the caller now")
        try:
            from ivr.speech import audio
        except ImportError as e:
            raise UsageError(f'the microphone needs the speech extra ({e.name} is not installed): pip install "ivr[speech]"') from None
        audio.check_wav(wav)
        try:
            heard, asr = ears.hear(self.call.listen, wav)
        except RecognitionFailed as e:
            message = f"{e}; the call heard silence"
            self.lines.append("silence")
            self.call.send(NoInput(), audio="microphone", asr=ears.asr or "auto", heard=None, error=message)
            self.settle()
            return None, message
        hidden = self.call.hides_input()  # asked before the answer moves the call on
        event, details = heard_event(heard)
        self.lines.append("silence" if heard is None else f"say {heard.text}" if heard.text else "mumble (not made out)")
        self.call.send(event, audio="microphone", asr=asr, **details)
        self.settle()
        return ((MASK if hidden and heard.text else heard.text) if heard else None), None


class Calls:
    """The try-it calls of one designer app, by id (thread-safe; the oldest are forgotten), and the
    recognizer processes their microphone recordings go to."""

    def __init__(self) -> None:
        self._calls: OrderedDict[str, TryCall] = OrderedDict()
        self._lock = threading.Lock()
        self.ears = RecognitionPool()  # the microphone's recognizer processes, started at its first use

    def start(self, flow: Flow, responses: list[dict[str, Any]], *, at: str | None = None,
              language: str | None = None) -> TryCall:
        tc = _called(flow, responses, at, language)
        call_id = tc.id
        with self._lock:
            self._calls[call_id] = tc
            while len(self._calls) > MAX_CALLS:
                self._calls.popitem(last=False)
        return tc

    def get(self, call_id: str) -> TryCall:
        with self._lock:
            found = self._calls.get(call_id)
        if found is None:
            raise IvrError(f"no try-it call {call_id!r} (it ended long ago, or the designer restarted)")
        return found


def _called(flow: Flow, responses: list[dict[str, Any]], at: str | None, language: str | None) -> TryCall:
    """A new try-it call of ``flow``, run up to the first time it waits for the caller."""
    call_id = "try-" + secrets.token_hex(8)
    when = at or datetime.now(UTC).isoformat(timespec="seconds")
    runner = Runner(flow, at=when, http=canned_http(responses, None), language=language)
    call = Call(flow, at=when, language=language, call_id=call_id)
    tc = TryCall(call_id, call, runner, at=when, language=language)
    call.start()
    tc.settle()
    return tc


def speak_ahead(flow: Flow, responses: list[dict[str, Any]], language: str | None) -> int | None:
    """Load the voice and speak the prompts a call of ``flow`` opens with, so that a try-it call started
    later hears its first prompt at once (:func:`spoken` keeps them). The number of prompts spoken; None
    without the speech extra."""
    tc = _called(flow, responses, None, language)
    said = [entry["text"] for entry in tc.call.transcript if entry["who"] == "ivr" and entry.get("text")]
    spoken_in = tc.call.state.language
    for text in said[:3]:
        if spoken(text, spoken_in) is None:
            return None
    if not said and spoken("ready", spoken_in) is None:
        return None
    return len(said[:3])


@functools.lru_cache(maxsize=256)
def spoken(text: str, language: str) -> bytes | None:
    """``text`` as 16 kHz WAV in the voice prompts are rendered with; None without the speech extra."""
    try:
        from ivr.speech.render import voice_for

        with _SPEAKING:  # one synthesis at a time: the page's requests come on several threads
            pcm = _voice(voice_for(language)).speak(text)
    except (ImportError, UsageError):
        return None
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes(pcm.astype("<i2").tobytes())
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def _voice(name: str) -> Any:
    from ivr.speech.voice import CallerVoice

    return CallerVoice(name)
