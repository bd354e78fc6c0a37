"""A caller on a media-mode line: plays a script into a server the way Twilio's Media Streams do.

What Twilio does when a call comes in to a number whose Voice URL answers with ``<Connect><Stream>``,
done here from the caller's side, so a QA engineer (``ivr media-call``), the end-to-end tests and
``bench/media.py`` can call a server without a phone:

1. POST the signed ``/voice`` webhook (CallSid, From, To, ...) and read ``<Connect><Stream url=...>`` and
   its ``<Parameter>``s from the TwiML;
2. open the WebSocket with ``X-Twilio-Signature`` over the stream URL (RequestValidator, no parameters);
3. send ``connected`` and ``start``, then the caller's line as ``media`` messages: base64 G.711 µ-law at
   8 kHz, 160 bytes (20 ms) each, numbered and timestamped, at the wall clock's pace (silence between
   the caller's turns, as a phone line sends), ``dtmf`` for keys and ``stop`` at hang-up;
4. play what the server sends as a phone would: its ``media`` is queued and heard in real time, a
   ``mark`` comes back once the audio queued before it has been heard, and ``clear`` drops the queue
   and sends the pending marks back at once.

Message formats: twilio.com/docs/voice/media-streams/websocket-messages. The script's turns wait for
the prompt to finish (or barge in some milliseconds after it starts); each turn records how long after
the caller stopped speaking the next prompt's first byte came, and after barge-in speech began, the ``clear``.

Every time in a report is the line's time, as Twilio's own ``timestamp``s are: 20 ms (over ``speed``) per
frame sent, plus the wall time since the last frame, up to one frame. When the caller's side keeps pace it is
the wall clock; when a loaded machine holds the sending thread back, the frames it then sends at once to catch
up still land where they belong, so a barge-in 400 ms into a prompt is 400 ms of line into it, and a server's
answer is timed against the audio it had been sent, not against the client's stall.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from websockets.exceptions import ConnectionClosed

from ivr.errors import UsageError
from ivr.speech.audio import Pcm, mulaw_decode, mulaw_encode, phone_band

RATE = 8_000
FRAME_MS = 20
FRAME_BYTES = RATE * FRAME_MS // 1000  # one µ-law byte per sample
SILENCE = bytes([0xFF]) * FRAME_BYTES  # µ-law's zero
VOICED_RMS = 185.0  # a frame louder than -45 dBFS holds speech (as bench/mic.py finds the end of an answer)
PAUSE_S = 0.3  # a caller answers this long after the prompt is heard to its end
PROMPT_WAIT_S = 20.0  # no prompt this long after a turn: the caller goes on without one
MAX_TWIML = 64_000
MAX_MESSAGE = 1 << 20  # a server's message larger than this ends the call (a prompt frame is a few hundred bytes)
DTMF_GAP_S = 0.15  # between the keys of one turn, as a person presses them

Action = Literal["say", "keys", "silence", "hangup"]


class MediaCallError(UsageError):
    """The call could not be made: the server refused it, answered without a stream, or could not be reached."""


@dataclass
class Step:
    """One thing the caller does, after the prompt before it has been heard to its end (or ``barge_in_ms``
    after it started playing). ``audio`` is µ-law 8 kHz."""

    action: Action
    label: str = ""
    audio: bytes = b""
    keys: str = ""
    seconds: float = 0.0
    barge_in_ms: float | None = None


@dataclass
class Prompt:
    """A stretch of the server's audio, as the caller heard it: when its first byte came, how long it plays,
    and whether a ``clear`` cut it short."""

    start: float
    seconds: float = 0.0
    cleared_at: float | None = None
    audio: bytearray = field(default_factory=bytearray, repr=False)


@dataclass
class TurnTiming:
    """What one step measured, in seconds since the stream started (None: did not happen)."""

    label: str
    action: Action
    began: float
    speech_start: float | None = None
    speech_end: float | None = None
    input_end: float | None = None  # the caller's last voiced frame or key
    next_prompt: float | None = None  # first byte of the server's audio after the caller's speech or keys
    clear: float | None = None  # the server's clear, after the caller began speaking
    waited_for_prompt: bool = True  # False: no prompt came before this step (PROMPT_WAIT_S)

    @property
    def response_ms(self) -> float | None:
        """End of the caller's speech (or last key) to the first byte of the next prompt."""
        return None if self.input_end is None or self.next_prompt is None else (self.next_prompt - self.input_end) * 1000

    @property
    def clear_ms(self) -> float | None:
        """Start of the caller's speech to the server's ``clear`` (barge-in)."""
        return None if self.speech_start is None or self.clear is None else (self.clear - self.speech_start) * 1000


@dataclass
class CallReport:
    """What the server did on one call."""

    call_sid: str
    stream_url: str
    parameters: dict[str, str]
    stream_sid: str = ""
    prompts: list[Prompt] = field(default_factory=list)
    marks: list[tuple[str, float]] = field(default_factory=list)  # each mark the caller echoed, and when
    clears: list[float] = field(default_factory=list)
    turns: list[TurnTiming] = field(default_factory=list)
    ended_by: str = ""  # "caller" (stop sent), "server" (it closed the stream), "timeout"
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # messages the server sent that Twilio would reject

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["prompts"] = [{"start": round(p.start, 3), "seconds": round(p.seconds, 3), "cleared_at": p.cleared_at} for p in self.prompts]
        for turn, timing in zip(data["turns"], self.turns, strict=True):
            turn["response_ms"], turn["clear_ms"] = timing.response_ms, timing.clear_ms
        return data

    def heard(self) -> Pcm:
        """Everything the caller heard, 8 kHz: each prompt at its time, silence between."""
        end = max((p.start + len(p.audio) / RATE for p in self.prompts), default=0.0)
        out = np.zeros(int(end * RATE) + 1, dtype=np.int16)
        for p in self.prompts:
            at = int(p.start * RATE)
            pcm = mulaw_decode(np.frombuffer(bytes(p.audio), dtype=np.uint8))
            out[at : at + len(pcm)] = pcm[: len(out) - at]
        return out


def line_audio(pcm: Pcm, rate: int) -> bytes:
    """A caller's voice as the phone network carries it to Twilio: 300-3400 Hz, 8 kHz, G.711 µ-law codes."""
    return bytes(mulaw_encode(phone_band(pcm, rate)).tobytes())


def say(text: str, voice: Any = None, *, barge_in_ms: float | None = None) -> Step:
    """A step that speaks ``text`` with a CallerVoice (Piper's joe unless given)."""
    from ivr.speech.voice import CallerVoice

    voice = voice or CallerVoice("joe")
    return Step("say", label=text, audio=line_audio(voice.speak(text, 16_000), 16_000), barge_in_ms=barge_in_ms)


def say_wav(path: str | Path, *, barge_in_ms: float | None = None) -> Step:
    """A step that plays a recording (any WAV ivr reads) as the caller's voice."""
    from ivr.speech.audio import read_wav

    samples, rate = read_wav(path)
    return Step("say", label=Path(path).name, audio=line_audio(samples, rate), barge_in_ms=barge_in_ms)


def keys(digits: str) -> Step:
    bad = sorted(set(digits) - set("0123456789*#"))
    if not digits or bad:
        raise UsageError(f"keys {digits!r}: a phone keypad has 0-9, * and # only")
    return Step("keys", label=digits, keys=digits)


def silence(seconds: float) -> Step:
    return Step("silence", label=f"{seconds:g} s", seconds=seconds)


def hang_up() -> Step:
    return Step("hangup", label="hang up")


def parse_step(text: str, voice: Any = None) -> Step:
    """A step as the command line writes it: ``say:TEXT``, ``wav:FILE``, ``keys:DIGITS``, ``silence:SECONDS``,
    ``hangup``; ``barge=MS:`` before say or wav speaks MS milliseconds after the prompt starts."""
    barge: float | None = None
    if text.startswith("barge="):
        head, _, text = text.partition(":")
        try:
            barge = float(head.removeprefix("barge="))
        except ValueError:
            raise UsageError(f"{head!r}: barge= takes milliseconds, like barge=300:say:representative") from None
    kind, _, value = text.partition(":")
    if barge is not None and kind not in ("say", "wav"):
        raise UsageError(f"barge= goes before say: or wav:, not {kind!r}")
    if kind == "say" and value.strip():
        return say(value, voice, barge_in_ms=barge)
    if kind == "wav" and value:
        return say_wav(value, barge_in_ms=barge)
    if kind == "keys":
        return keys(value)
    if kind == "silence":
        try:
            return silence(float(value))
        except ValueError:
            pass
    if text == "hangup":
        return hang_up()
    raise UsageError(f"step {text!r}: write say:TEXT, wav:FILE, keys:DIGITS, silence:SECONDS or hangup (barge=MS: before say or wav)")


@dataclass(frozen=True)
class Answer:
    """The TwiML's ``<Connect><Stream>``: where to stream and the parameters it carries."""

    stream_url: str
    parameters: dict[str, str]
    twiml: str


def read_stream(twiml: str) -> Answer:
    try:
        root = ET.fromstring(twiml)
    except ET.ParseError as e:
        raise MediaCallError(f"the /voice answer is not TwiML ({e})") from None
    stream = root.find("./Connect/Stream")
    if root.tag != "Response" or stream is None or not stream.get("url"):
        verbs = ", ".join(child.tag for child in root) or "nothing"
        raise MediaCallError(f"the /voice answer has no <Connect><Stream url=...> (it has {verbs}): is the server in media mode?")
    params = {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}
    return Answer(stream.get("url", ""), params, twiml)


def answer_call(url: str, token: str, call_sid: str, *, account_sid: str, caller: str, called: str, timeout: float = 15.0) -> Answer:
    """POST the incoming-call webhook as Twilio does (signed over the URL and every field) and read the stream it answers with."""
    from twilio.request_validator import RequestValidator

    form = {"AccountSid": account_sid, "ApiVersion": "2010-04-01", "CallSid": call_sid, "CallStatus": "ringing", "Called": called,
            "Caller": caller, "Direction": "inbound", "From": caller, "To": called}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                     headers={"X-Twilio-Signature": RequestValidator(token).compute_signature(url, form),
                                              "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "TwilioProxy/1.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_TWIML + 1)
    except urllib.error.HTTPError as e:
        raise MediaCallError(f"POST {url}: the server answered HTTP {e.code}" + (" (is TWILIO_AUTH_TOKEN the server's?)" if e.code == 403 else "")) from None
    except (urllib.error.URLError, OSError) as e:
        raise MediaCallError(f"POST {url}: {getattr(e, 'reason', e)}") from None
    if len(body) > MAX_TWIML:
        raise MediaCallError(f"POST {url}: the answer is over {MAX_TWIML:,} bytes, which Twilio refuses")
    return read_stream(body.decode("utf-8", "replace"))


class MediaCall:
    """One call on a stream: sends the caller's line at real time (``speed`` > 1 for faster tests), plays the
    server's audio into a queue heard at the same pace, and runs the script's steps."""

    def __init__(self, answer: Answer, token: str, *, call_sid: str, account_sid: str, speed: float = 1.0,
                 connect_url: str | None = None, listen_s: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        """``connect_url``: where to open the WebSocket when it is not the stream URL Twilio would dial (a local
        server behind a public wss:// name); the signature is still over the stream URL. ``listen_s``: how long
        the caller stays on the line after the script, until the server ends the stream."""
        self.answer, self.token, self.call_sid, self.account_sid = answer, token, call_sid, account_sid
        self.speed, self.connect_url, self.listen_s, self.clock = speed, connect_url, listen_s, clock
        self.report = CallReport(call_sid, answer.stream_url, dict(answer.parameters))
        self.lock = threading.Lock()  # the player's state, shared by the sending and receiving threads
        self.send_lock = threading.Lock()
        self.t0 = 0.0
        self.line_s = 0.0  # the line's time when the last frame was sent (its start)
        self.sent_at = 0.0  # the wall clock then
        self.play_end = 0.0  # when the audio queued so far will have been heard
        self.pending: list[tuple[float, str]] = []  # marks not yet echoed: (when heard, name)
        self.closed = threading.Event()
        self.sequence = 0
        self.chunk = 0
        self.line: list[bytes] = []  # frames queued for the caller's line (speech); silence when empty
        self.ws: Any = None

    def now(self) -> float:
        """The line's time (see the module's docstring): where the last frame sent began, plus the wall time since, up to a frame."""
        return self.line_s + min(max(self.clock() - self.sent_at, 0.0), FRAME_MS / 1000 / self.speed)

    def run(self, steps: Sequence[Step]) -> CallReport:
        from twilio.request_validator import RequestValidator
        from websockets.exceptions import InvalidStatus, WebSocketException
        from websockets.sync.client import connect

        url = self.answer.stream_url
        signature = RequestValidator(self.token).compute_signature(url, {})
        stack = contextlib.ExitStack()
        try:  # websockets < 17 connects in connect(), later ones on entering it
            self.ws = stack.enter_context(connect(self.connect_url or url, additional_headers={"X-Twilio-Signature": signature},
                                                  compression=None, proxy=None, max_size=MAX_MESSAGE, open_timeout=10,
                                                  user_agent_header="Twilio.TmeWs/1.0"))
        except InvalidStatus as e:
            raise MediaCallError(f"the server refused the stream {url}: HTTP {e.response.status_code}") from None
        except (OSError, WebSocketException, TimeoutError) as e:
            raise MediaCallError(f"could not open the stream {self.connect_url or url}: {e}") from None
        stream_sid = "MZ" + uuid.uuid4().hex
        self.report.stream_sid = stream_sid
        self.t0 = self.sent_at = self.clock()
        receiver = threading.Thread(target=self._receive, name=f"media-call-{self.call_sid[-6:]}", daemon=True)
        receiver.start()
        with stack:
            try:
                self._send({"event": "connected", "protocol": "Call", "version": "1.0.0"}, numbered=False)
                self._send({"event": "start", "start": {
                    "accountSid": self.account_sid, "streamSid": stream_sid, "callSid": self.call_sid, "tracks": ["inbound"],
                    "customParameters": dict(self.answer.parameters),
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": RATE, "channels": 1}}})
                self._script(steps)
            finally:
                if not self.closed.is_set():
                    self.report.ended_by = self.report.ended_by or "caller"
                    with contextlib.suppress(WebSocketException, OSError):  # the server may have gone: the caller hangs up either way
                        self._send({"event": "stop", "stop": {"accountSid": self.account_sid, "callSid": self.call_sid}})
                self.ws.close()
                receiver.join(timeout=5)
                self.report.seconds = self.now()
                self._measure()
        return self.report

    def _measure(self) -> None:
        """Each turn's next prompt (the first audio after the caller's input, or after a silence began) and barge-in clear."""
        for turn in self.report.turns:
            since = turn.input_end if turn.input_end is not None else turn.began
            if turn.action != "hangup":
                turn.next_prompt = next((p.start for p in self.report.prompts if p.start >= since), None)
            if turn.speech_start is not None:
                turn.clear = next((c for c in self.report.clears if c >= turn.speech_start), None)

    def _send(self, message: dict[str, Any], numbered: bool = True) -> None:
        with self.send_lock:
            if numbered:
                self.sequence += 1
                message = {"event": message["event"], "sequenceNumber": str(self.sequence), **message}
                if message["event"] != "connected":
                    message["streamSid"] = self.report.stream_sid
            try:
                self.ws.send(json.dumps(message))
            except ConnectionClosed:  # the server ended the stream while this was on its way
                self.report.ended_by = self.report.ended_by or "server"
                self.closed.set()

    # --- the caller's line

    def _tick(self) -> float:
        """Send the next 20 ms of the line when it is due by the wall clock (at once if late); echo marks whose audio
        has been heard. Returns the frame's place on the line."""
        self.chunk += 1
        at = (self.chunk - 1) * FRAME_MS / 1000 / self.speed
        wait = self.t0 + at - self.clock()
        if wait > 0:
            time.sleep(wait)
        frame = self.line.pop(0) if self.line else SILENCE
        self._send({"event": "media", "media": {"track": "inbound", "chunk": str(self.chunk),
                                                "timestamp": str((self.chunk - 1) * FRAME_MS), "payload": base64.b64encode(frame).decode()}})
        self.line_s, self.sent_at = at, self.clock()
        self._echo_marks()
        return at

    def _echo_marks(self) -> None:
        now = self.now()
        with self.lock:
            due = [name for at, name in self.pending if at <= now]
            self.pending = [(at, name) for at, name in self.pending if at > now]
        for name in due:
            self.report.marks.append((name, now))
            self._send({"event": "mark", "mark": {"name": name}})

    def _live(self) -> bool:
        return not self.closed.is_set()

    def _idle_since(self, since: float) -> bool:
        """Whether a prompt came after ``since``, has been heard to its end, and PAUSE_S has passed."""
        with self.lock:
            started = any(p.start >= since for p in self.report.prompts)
            return started and not self.pending and self.now() >= self.play_end + PAUSE_S / self.speed

    def _wait_prompt(self, since: float, barge_in_ms: float | None) -> bool:
        """Until the next prompt has played to its end (however many follow each other), or ``barge_in_ms`` into it;
        False when none starts within PROMPT_WAIT_S."""
        deadline = self.now() + PROMPT_WAIT_S / self.speed
        while self._live():
            with self.lock:
                start = next((p.start for p in self.report.prompts if p.start >= since), None)
            if start is None and self.now() >= deadline:
                return False
            if barge_in_ms is not None:
                if start is not None and self.now() >= start + barge_in_ms / 1000 / self.speed:
                    return True
            elif self._idle_since(since):
                return True
            self._tick()
        return False

    def _script(self, steps: Sequence[Step]) -> None:
        since = 0.0
        for step in steps:
            if not self._live():
                return
            waited = self._wait_prompt(since, step.barge_in_ms)
            if not self._live():
                return
            turn = TurnTiming(step.label, step.action, self.now(), waited_for_prompt=waited)
            self.report.turns.append(turn)
            if step.action == "hangup":
                return
            if step.action == "silence":
                end = self.now() + step.seconds / self.speed
                while self._live() and self.now() < end:
                    self._tick()
            elif step.action == "keys":
                for digit in step.keys:
                    self._send({"event": "dtmf", "dtmf": {"track": "inbound_track", "digit": digit}})
                    turn.input_end = self.now()
                    gap = self.now() + DTMF_GAP_S / self.speed
                    while self._live() and self.now() < gap:
                        self._tick()
            else:
                self._speak(step, turn)
            since = turn.input_end if turn.input_end is not None else self.now()
        end = self.now() + self.listen_s / self.speed
        while self._live() and self.now() < end:
            self._tick()
        if self._live():
            self.report.ended_by = "timeout"

    def _speak(self, step: Step, turn: TurnTiming) -> None:
        audio = step.audio + SILENCE[: -len(step.audio) % FRAME_BYTES]
        frames = [audio[i : i + FRAME_BYTES] for i in range(0, len(audio), FRAME_BYTES)]
        voiced = [float(np.sqrt(np.mean(mulaw_decode(np.frombuffer(f, dtype=np.uint8)).astype(np.float64) ** 2))) > VOICED_RMS for f in frames]
        self.line = list(frames)
        for is_voiced in voiced:
            if not self._live():
                return
            sent = self._tick()
            if is_voiced:
                turn.speech_start = sent if turn.speech_start is None else turn.speech_start
                turn.speech_end = turn.input_end = sent

    # --- what the server sends

    def _receive(self) -> None:
        try:
            for raw in self.ws:
                self._handle(raw)
        except ConnectionClosed:
            pass
        finally:
            if not self.report.ended_by:
                self.report.ended_by = "server"
            self.closed.set()

    def _handle(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
            event = message["event"]
        except (ValueError, KeyError, TypeError):
            self.report.errors.append(f"not a Media Streams message: {str(raw)[:80]!r}")
            return
        now = self.now()
        dropped: list[tuple[float, str]] = []
        if message.get("streamSid") != self.report.stream_sid:
            self.report.errors.append(f"{event}: streamSid {message.get('streamSid')!r} is not this stream's")
        with self.lock:
            if event == "media":
                try:
                    audio = base64.b64decode(message["media"]["payload"], validate=True)
                except (KeyError, TypeError, ValueError):
                    self.report.errors.append("media without a base64 payload")
                    return
                seconds = len(audio) / RATE / self.speed
                if self.play_end < now or not self.report.prompts or self.report.prompts[-1].cleared_at is not None:
                    self.report.prompts.append(Prompt(now))
                    self.play_end = max(self.play_end, now)
                prompt = self.report.prompts[-1]
                prompt.audio += audio
                prompt.seconds += len(audio) / RATE
                self.play_end += seconds
            elif event == "mark":
                name = str((message.get("mark") or {}).get("name", ""))
                self.pending.append((max(self.play_end, now), name))
            elif event == "clear":
                self.report.clears.append(now)
                if self.report.prompts and self.play_end > now:
                    self.report.prompts[-1].cleared_at = now
                self.play_end = now
                dropped, self.pending = self.pending, []
            else:
                self.report.errors.append(f"{event}: not a message a server may send on a bidirectional stream")
        for _, name in dropped:
            self.report.marks.append((name, now))
            self._send({"event": "mark", "mark": {"name": name}})


def media_call(base_url: str, steps: Sequence[Step], *, token: str, flow: str | None = None, caller: str = "+15005550006",
               called: str = "+15005550001", speed: float = 1.0, connect_url: str | None = None, listen_s: float = 30.0,
               call_sid: str | None = None) -> CallReport:
    """Call the media-mode server at ``base_url`` (its public URL, as the number's Voice URL has it) and play ``steps``."""
    voice_url = base_url.rstrip("/") + "/voice" + (f"/{urllib.parse.quote(flow)}" if flow else "")
    call_sid = call_sid or "CA" + uuid.uuid4().hex
    account_sid = "AC" + uuid.uuid5(uuid.NAMESPACE_URL, base_url).hex
    answer = answer_call(voice_url, token, call_sid, account_sid=account_sid, caller=caller, called=called)
    return MediaCall(answer, token, call_sid=call_sid, account_sid=account_sid, speed=speed, connect_url=connect_url,
                     listen_s=listen_s).run(steps)


def timeline(report: CallReport) -> list[str]:
    """What the server did, in time order, as lines a person reads: prompts heard, the caller's turns and
    how fast the server answered them, clears, and how the stream ended."""
    entries: list[tuple[float, str]] = []
    for i, p in enumerate(report.prompts, 1):
        cut = f", cleared after {p.cleared_at - p.start:.2f} s" if p.cleared_at is not None else ""
        entries.append((p.start, f"prompt {i}: {p.seconds:.2f} s of audio{cut}"))
    for t in report.turns:
        what = {"say": f"caller says {t.label!r}", "keys": f"caller presses {t.label}", "silence": f"caller stays silent {t.label}",
                "hangup": "caller hangs up"}[t.action]
        if not t.waited_for_prompt:
            what += f" (no prompt came within {PROMPT_WAIT_S:g} s)"
        if t.response_ms is not None:
            what += f"; next prompt {t.response_ms:.0f} ms after the caller {'stopped' if t.action == 'say' else 'pressed the last key'}"
        elif t.action in ("say", "keys"):
            what += "; no prompt followed"
        if t.clear_ms is not None:
            what += f"; barge-in: clear {t.clear_ms:.0f} ms after the caller began"
        entries.append((t.speech_start if t.speech_start is not None else t.began, what))
    for c in report.clears:
        entries.append((c, "server: clear"))
    entries.sort(key=lambda e: e[0])
    lines = [f"call {report.call_sid} on {report.stream_url}" + (f" ({', '.join(f'{k}={v}' for k, v in report.parameters.items())})"
                                                                  if report.parameters else "")]
    lines += [f"{at:7.2f} s  {text}" for at, text in entries]
    ended = {"server": "the server ended the stream", "caller": "the caller hung up (stop)",
             "timeout": "the caller hung up: the server did nothing more"}.get(report.ended_by, report.ended_by)
    lines.append(f"{report.seconds:7.2f} s  {ended}; {len(report.marks)} marks echoed, {len(report.clears)} clears")
    lines += [f"protocol error: {e}" for e in report.errors]
    return lines
