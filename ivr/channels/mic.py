"""Local microphone calls: talk to a flow with your own voice, no phone line and no internet.

The call loop (:class:`MicCall`) knows no devices. It reads 20 ms frames of 16 kHz mono 16-bit PCM
from an :class:`AudioIn`, plays prompts on an :class:`AudioOut`, takes keys from a :class:`Keypad`
and reads the time from an injected clock, so tests drive it with WAV files in virtual time, and
``ivr.channels.devices`` plugs in the sound card (sounddevice) and the terminal.

One caller turn:

1. The prompts play. While a prompt that allows barge-in plays, the microphone is watched: caller
   speech (energy above the room's noise floor for 100 ms) or a key stops playback at once.
2. When the prompts end, the no-input timer starts (the state's ``timeout``).
3. Once the caller speaks, their audio (from just before the speech began) is gathered until they
   pause, then recognized with what the state listens for. A short pause (0.2 s) is enough when
   what was heard holds one of the state's phrases, word for word, with a confidence the engine
   accepts ("uh I'd like to check my balance"); otherwise the turn waits for a sure one (0.6 s), so
   digits, sentences spoken with pauses and half-said answers ("when are you ...") are not cut or
   taken for an answer. This keeps the gap after a menu answer short. Speech in which no word was
   made out is speech not understood (a no-match), never a no-input.
4. Keys end the turn when the state has all it asks for (``max_digits``, the finish key) or after
   a pause; a key while the caller speaks abandons the speech.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ivr.channels import sim
from ivr.engine import effects as fx
from ivr.engine.events import CallerHungUp, DigitsEntered, Event, NoInput
from ivr.flow.machine import Flow
from ivr.flow.text import MASK, contains, tokens
from ivr.records import call_record
from ivr.speech import Recognized, Recognizer, audio
from ivr.speech.audio import RATE, Pcm
from ivr.speech.render import prompts as flow_prompts
from ivr.speech.render import voice_for
from ivr.speech.voice import CallerVoice

FRAME_MS = 20
FRAME_BYTES = 2 * RATE * FRAME_MS // 1000
PREROLL_S = 0.4  # audio kept from before speech was detected, so the recognizer hears its start
MAX_UTTERANCE_S = 15.0  # a caller (or a noisy room) that never stops is cut off here
END_QUICK_S = 0.2  # a pause this long ends the turn when what was said is one of the state's phrases
END_SURE_S = 0.6  # a pause this long always ends it
QUICK_CONFIDENCE = 0.5  # what was heard at a short pause must be this sure to end the turn there
PARTIAL_EVERY_S = 0.4  # while the caller speaks, the live view shows what was heard so far this often
TAIL = [bytes(FRAME_BYTES)] * 50  # silence after an utterance, so the recognizer's own endpointer closes it too
CALIBRATION_FRAMES = 10  # the first 200 ms of a call set the noise floor
KEY_PAUSE_S = 3.0  # keys pressed without a finish: the entry ends after this pause


class AudioIn(Protocol):
    """The microphone: 16 kHz mono 16-bit PCM."""

    def read(self, timeout: float) -> bytes | None:
        """The next chunk of audio (about 20 ms), or None if none came within ``timeout`` seconds."""
        ...


class AudioOut(Protocol):
    """The speaker."""

    def play(self, pcm: Pcm) -> None:
        """Start playing ``pcm`` (16 kHz mono) now."""
        ...

    def stop(self) -> None:
        """Stop playing at once."""
        ...

    def busy(self) -> bool:
        """Whether audio is still playing."""
        ...


class Keypad(Protocol):
    def key(self) -> str | None:
        """A key (0-9, *, #) pressed since the last call, or None."""
        ...


class NoKeys:
    def key(self) -> str | None:
        return None


class View(Protocol):
    """What the caller sees: transcript lines as they happen, and the call's live state. ``refresh``
    is called on every change and every frame, from the call's own thread."""

    def line(self, entry: dict[str, Any]) -> None: ...

    def refresh(self, call: MicCall) -> None: ...


class NoView:
    def line(self, entry: dict[str, Any]) -> None:
        pass

    def refresh(self, call: MicCall) -> None:
        pass


@dataclass
class Clip:
    """One prompt to play, and what became of it."""

    text: str
    node: str
    pcm: Pcm
    barge_in: bool
    started: float | None = None
    ended: float | None = None
    interrupted: bool = False

    @property
    def seconds(self) -> float:
        return len(self.pcm) / RATE


@dataclass
class TurnTiming:
    """When the caller stopped speaking (last loud frame), when the recognizer decided, and when
    the next prompt started playing: the gaps a caller hears."""

    speech_end: float
    decided: float
    text: str | None
    decode: float = 0.0  # of the time to the decision, what the recognizer spent computing
    next_prompt: float | None = None


class SpeechDetector:
    """Says when a caller starts speaking: frame energy ``margin_db`` above the room's noise floor
    (and above ``min_db``) for ``onset_ms``. The floor is the quietest of the first frames, then
    follows quiet frames quickly and loud ones slowly, so a steady fan or hum stops counting as
    speech within seconds. One per call: the room doesn't change between turns. Cheap and
    predictable; the recognizer decides what was said."""

    def __init__(self, min_db: float = -45.0, margin_db: float = 15.0, onset_ms: int = 100) -> None:
        self.min_db, self.margin_db = min_db, margin_db
        self.floor_db = 0.0
        self.seen = 0
        self.needed = max(1, onset_ms // FRAME_MS)
        self.loud = 0

    @staticmethod
    def level(frame: bytes) -> float:
        """The frame's level in dB below full scale."""
        x = np.frombuffer(frame[: len(frame) // 2 * 2], dtype="<i2").astype(np.float64)
        rms = float(np.sqrt(np.mean(x * x))) if len(x) else 0.0
        return 20 * float(np.log10(max(rms, 1.0) / 32768.0))

    def is_loud(self, frame: bytes) -> bool:
        return self.level(frame) > max(self.min_db, self.floor_db + self.margin_db)

    def reset(self) -> None:
        """A new turn: speech must begin anew."""
        self.loud = 0

    def feed(self, frame: bytes) -> bool:
        """True once speech has begun."""
        level = self.level(frame)
        self.seen += 1
        if self.seen <= CALIBRATION_FRAMES:  # the call's first moments tell how quiet the room is
            self.floor_db = level if self.seen == 1 else min(self.floor_db, level)
            return False
        if level > max(self.min_db, self.floor_db + self.margin_db):
            self.loud = min(self.loud + 1, self.needed)
            self.floor_db += 0.002 * (level - self.floor_db)
        else:
            self.loud = max(0, self.loud - 1)
            self.floor_db += 0.05 * (level - self.floor_db)
        return self.loud >= self.needed


class Hungup(Exception):
    """The caller hung up (the microphone went away, or the loop was told to stop)."""


PromptAudio = Callable[[str, str, "str | None"], Pcm]
"""(text, language, audio file or None) -> the prompt's 16 kHz audio."""


class MicCall:
    """One call through a microphone and a speaker, driving the same engine as every channel."""

    def __init__(self, flow: Flow, asr: Recognizer, mic: AudioIn, speaker: AudioOut, prompts: PromptAudio, *,
                 keypad: Keypad | None = None, clock: Callable[[], float] = time.monotonic, view: View | None = None,
                 language: str | None = None, caller: str | None = None, at: str | None = None,
                 http: sim.HttpHandler | None = sim.live_http, transfer: str = "answered", queue_wait: float = 60.0,
                 barge_in: bool = True, sid: str | None = None) -> None:
        self.flow, self.asr, self.mic, self.speaker, self.prompts = flow, asr, mic, speaker, prompts
        self.keypad = keypad or NoKeys()
        self.clock = clock
        self.view = view or NoView()
        self.barge_in = barge_in
        self.sid = sid or f"mic-{datetime.now(UTC).strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        self.runner = sim.Runner(flow, at=at, http=http, transfer=transfer, queue_wait=queue_wait, language=language,
                                 caller=caller)
        self.call = sim.Call(flow, at=at, language=language, caller=caller, call_id=self.sid, on_effect=self._effect)
        self.queue: deque[Clip] = deque()
        self.detector = SpeechDetector()
        self.playing: Clip | None = None
        self.clips: list[Clip] = []
        self.timings: list[TurnTiming] = []
        self.partial = ""
        self.deadline: float | None = None  # when the no-input timer runs out
        self.keys = ""
        self.speaking_since: float | None = None  # the caller is speaking (for the view)
        self.started = 0.0
        self.shown = 0
        self.hung_up = False

    # -- the engine's side ------------------------------------------------------------------------

    def _effect(self, effect: fx.Effect, call: sim.Call) -> None:
        if isinstance(effect, fx.Say):
            self.queue.append(Clip(effect.text, effect.node, self.prompts(effect.text, effect.language, None), effect.barge_in))
        elif isinstance(effect, fx.Play):
            self.queue.append(Clip(effect.text, effect.node, self.prompts(effect.text, effect.language, effect.audio),
                                   effect.barge_in))

    def send(self, event: Event, **details: Any) -> None:
        self.call.send(event, **details)
        self.runner.settle(self.call, [])
        self._show()

    def _show(self) -> None:
        for entry in self.call.transcript[self.shown:]:
            self.view.line(entry)
        self.shown = len(self.call.transcript)
        self.view.refresh(self)

    def run(self) -> sim.CallResult:
        """The whole call, until it ends or the caller hangs up (Ctrl-C, or :class:`Hungup`)."""
        self.started = self.clock()
        try:
            self.begin()
            self._show()
            while not self.call.ended and self.call.awaiting == "input":  # a channel may leave a transfer to the phone line
                listen = self.call.listen
                assert listen is not None, self.call.awaiting
                event, details = self.turn(listen)
                self.send(event, **details)
            self.finish_prompts()
        except (KeyboardInterrupt, Hungup):
            self.hang_up()
        return self.call.result()

    def begin(self) -> None:
        """Start the call (a channel that carries calls across connections may pick one up instead)."""
        self.call.start()
        self.runner.settle(self.call, [])

    def hang_up(self) -> None:
        self.speaker.stop()
        self.queue.clear()
        self.hung_up = True
        if not self.call.ended:
            self.call.send(CallerHungUp())
            self._show()

    def record(self) -> dict[str, Any]:
        """The call record, as the Twilio channel writes it."""
        return call_record(self.flow.name, self.sid, self.call.state, status="completed",
                           duration=round(self.clock() - self.started, 2))

    # -- the speaker -----------------------------------------------------------------------------

    def pump(self) -> None:
        """Start the next prompt when the last one has finished."""
        now = self.clock()
        if self.playing is not None and not self.speaker.busy():
            self.playing.ended = now
            self.playing = None
        if self.playing is None and self.queue:
            clip = self.queue.popleft()
            clip.started = now
            self.clips.append(clip)
            self.playing = clip
            for timing in self.timings:
                if timing.next_prompt is None:
                    timing.next_prompt = now
            self.speaker.play(clip.pcm)
            self.view.refresh(self)

    def talking(self) -> bool:
        self.pump()
        return self.playing is not None

    def stop_prompts(self) -> None:
        """Barge-in: the caller spoke or pressed a key, so every prompt of this turn stops."""
        if self.playing is not None:
            self.speaker.stop()
            self.playing.ended, self.playing.interrupted = self.clock(), True
            self.playing = None
        self.queue.clear()

    def finish_prompts(self) -> None:
        """Play what the call still has to say (the goodbye, the transfer announcement)."""
        while self.talking():
            self.mic.read(0.05)
            self.view.refresh(self)

    # -- the caller's side -----------------------------------------------------------------------

    def _key(self) -> str | None:
        key = self.keypad.key()
        return key if key is not None and key in "0123456789*#" else None

    def turn(self, listen: fx.Listen) -> tuple[Event, dict[str, Any]]:
        """Play the prompts and wait for the caller: speech, keys or silence."""
        detector = self.detector
        detector.reset()
        preroll: deque[bytes] = deque(maxlen=int(PREROLL_S * 1000 / FRAME_MS))
        self.keys, self.partial, self.deadline = "", "", None
        key_deadline = 0.0
        while True:
            frame = self.mic.read(0.05)
            now = self.clock()
            talking = self.talking()
            self.view.refresh(self)
            interruptible = talking and self.barge_in and self.playing is not None and self.playing.barge_in
            key = self._key()
            if key is not None and key == listen.dtmf.finish_key and not self.keys:
                key = None  # a finish key with nothing before it: the end of the last entry, pressed after it was full
            if key is not None and (not talking or interruptible):
                self.stop_prompts()
                talking = False
                self.keys += key
                key_deadline = now + min(KEY_PAUSE_S, listen.timeout)
                self.view.refresh(self)
                if self._complete(listen):
                    return DigitsEntered(self.keys), {}
            if talking and not interruptible:
                continue  # the caller can't interrupt this prompt: what they say now is not heard
            if frame is not None:
                preroll.append(frame)
                if detector.feed(frame) and not self.keys:
                    self.stop_prompts()
                    heard = self.hear(listen, preroll, detector)
                    if heard is not None:
                        return heard
                    # a key while speaking: the speech is dropped, the keys count
                    if self._complete(listen):
                        return DigitsEntered(self.keys), {}
                    key_deadline = self.clock() + min(KEY_PAUSE_S, listen.timeout)
                    continue
            if talking:
                continue
            if self.deadline is None:
                self.deadline = now + listen.timeout
                self.view.refresh(self)
            if self.keys and now >= key_deadline:
                return DigitsEntered(self.keys), {}
            if not self.keys and now >= self.deadline:
                return NoInput(), {}

    def _complete(self, listen: fx.Listen) -> bool:
        spec = listen.dtmf
        if spec.finish_key and self.keys.endswith(spec.finish_key):
            return True
        if spec.max_digits is not None and len(self.keys) >= spec.max_digits:
            return True
        return listen.mode != "collect" and spec.max_digits is None and not spec.finish_key

    def hear(self, listen: fx.Listen, preroll: deque[bytes], detector: SpeechDetector) -> tuple[Event, dict[str, Any]] | None:
        """Gather the caller's utterance until they stop speaking, and recognize it; None if they
        pressed a key instead (it is in ``self.keys``). A sound the recognizer finds no speech in (a
        cough) is a no-input; speech with no word made out is speech not understood (an empty text
        with confidence 0), as in the simulator: the caller spoke.

        At the first short pause (``END_QUICK_S``) what was said so far is decoded: a sure answer
        (:func:`answers`) ends the turn there; anything else (digits, free speech, a half sentence)
        waits for a sure pause (``END_SURE_S``), and speech that resumes keeps the turn going."""
        utterance = list(preroll)
        started = self.clock()
        quick = int(END_QUICK_S * 1000 / FRAME_MS) if listen.phrases and listen.mode != "collect" else None
        sure = int(END_SURE_S * 1000 / FRAME_MS)
        phrases = {tokens(p, listen.language) for p in listen.phrases}
        self.speaking_since = started
        self.view.refresh(self)
        try:
            return self._gather(listen, detector, utterance, started, quick, sure, phrases)
        finally:
            self.speaking_since = None

    def _gather(self, listen: fx.Listen, detector: SpeechDetector, utterance: list[bytes], started: float,
                quick: int | None, sure: int, phrases: set[tuple[str, ...]]) -> tuple[Event, dict[str, Any]] | None:
        last_loud, next_partial = started, started + PARTIAL_EVERY_S
        quiet, heard, decided, spent = 0, None, False, 0.0
        while True:
            key = self._key()
            if key is not None:
                self.keys = key
                return None
            frame = self.mic.read(0.05) or bytes(FRAME_BYTES)  # a stalled microphone is heard as silence
            self.view.refresh(self)
            now = self.clock()
            utterance.append(frame)
            if detector.is_loud(frame):
                last_loud, quiet, decided = now, 0, False
                if now >= next_partial:  # what was said so far, for the live view (the turn goes on)
                    so_far = self.asr.recognize(listen, iter([*utterance, *TAIL]))
                    self.partial = f"{so_far.text} …" if so_far and so_far.text else ""
                    next_partial = self.clock() + PARTIAL_EVERY_S
                if now - started > MAX_UTTERANCE_S:
                    quiet = sure  # a caller (or a room) that never stops: take what there is
                else:
                    continue
            else:
                quiet += 1
            if not decided and (quiet == quick or quiet >= sure):
                decided, result = True, self.asr.recognize(listen, iter([*utterance, *TAIL]))
                heard = result
                spent = result.decode_seconds if result else 0.0
                self.partial = result.text if result else ""
                self.view.refresh(self)
                if result is not None and answers(result, phrases, listen.language):
                    break
            if quiet >= sure:
                break
        shown = (MASK if self.call.hides_input() and heard.text else heard.text) if heard else None
        self.timings.append(TurnTiming(last_loud, self.clock(), shown, spent))
        event, details = sim.heard_event(heard)
        return event, {"audio": "microphone", "asr": self.asr.name, **details}


def answers(heard: Recognized, phrases: set[tuple[str, ...]], language: str) -> bool:
    """Whether what was heard so far is a sure answer to the state: one of its phrases, word for word,
    among the words heard, with a confidence the engine accepts. The turn may end at a short pause then."""
    said = tokens(heard.text, language)
    return heard.confidence >= QUICK_CONFIDENCE and any(contains(said, p) for p in phrases)


class RenderedPrompts:
    """Prompt audio: the flow's rendered files (``ivr audio render``, in ``folder``), or, for prompts
    with slots in them and anything else not rendered, spoken now with the same voice."""

    def __init__(self, flow: Flow, folder: Path) -> None:
        self.flow, self.folder = flow, folder
        self.files: dict[tuple[str, str], Path] = {}
        try:
            entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["prompts"]
            self.files = {(e["language"], e["text"]): folder / e["pcm16k"] for e in entries}
        except (OSError, ValueError, KeyError, TypeError):
            pass
        self.voices: dict[str, CallerVoice] = {}
        self.cache: dict[tuple[str, str], Pcm] = {}
        self.recorded: dict[str, Pcm | None] = {}  # audio: path -> its 16 kHz audio, None when it can't be played

    def warm(self) -> None:
        """Load the voices now, so a prompt spoken live doesn't make the caller wait for them."""
        for language in dict.fromkeys([*self.flow.languages, *(item.language for item in flow_prompts(self.flow))]):
            name = voice_for(language)
            if name not in self.voices:
                self.voices[name] = CallerVoice(name)

    def __call__(self, text: str, language: str, audio_file: str | None) -> Pcm:
        if audio_file:
            if audio_file not in self.recorded:
                from ivr.speech.recordings import prompt_pcm

                self.recorded[audio_file] = prompt_pcm(self.flow.file, self.flow.name, audio_file, self.folder / "recordings")
            played = self.recorded[audio_file]
            if played is not None:
                return played  # else it cannot be played: its text is spoken
        key = (language, text)
        if key not in self.cache:
            path = self.files.get(key)
            if path is not None and path.is_file():
                self.cache[key] = audio.resample(*audio.read_wav(path, audio.PROMPT_SECONDS))
            else:
                name = voice_for(language)
                if name not in self.voices:
                    self.voices[name] = CallerVoice(name)
                self.cache[key] = self.voices[name].speak(text, RATE)
        return self.cache[key]


def prompt_folder(flow: Flow) -> Path:
    """Where ``ivr audio render`` puts a flow's prompts (:func:`ivr.loading.prompt_folder`)."""
    from ivr.loading import prompt_folder as folder

    return folder(flow)


@dataclass
class FakeClock:
    """Virtual time for tests: it moves only when the fake microphone delivers audio."""

    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeSpeaker:
    """A speaker that plays in virtual time and remembers what it played."""

    clock: FakeClock
    until: float = 0.0
    played: list[tuple[float, int]] = field(default_factory=list)  # (start, samples)

    def play(self, pcm: Pcm) -> None:
        self.played.append((self.clock.now, len(pcm)))
        self.until = self.clock.now + len(pcm) / RATE

    def stop(self) -> None:
        self.until = self.clock.now

    def busy(self) -> bool:
        return self.clock.now < self.until


@dataclass
class Say:
    """One thing a fake caller does: speak ``pcm`` or press ``keys``, ``delay`` seconds after the
    prompts finish (or after they start, with ``barge_in``)."""

    pcm: Pcm | None = None
    keys: str = ""
    delay: float = 0.3
    barge_in: bool = False


class FakeCaller:
    """A caller in virtual time: the microphone and keypad of a test. Each :class:`Say` waits for
    its moment (the prompts finishing, or starting), then its audio arrives frame by frame."""

    def __init__(self, clock: FakeClock, speaker: FakeSpeaker, turns: list[Say], *, hang_up_after: float = 120.0) -> None:
        self.clock, self.speaker, self.turns = clock, speaker, list(turns)
        self.audio = b""
        self.pending_keys = ""
        self.waiting_since: float | None = None
        self.seen_prompt = len(speaker.played)
        self.hang_up_after = hang_up_after
        self.speech_ends: list[float] = []

    def read(self, timeout: float) -> bytes:
        self.clock.now += FRAME_MS / 1000
        if self.clock.now > self.hang_up_after:
            raise Hungup
        if not self.audio and not self.pending_keys and self.turns:
            self._next()
        if self.audio:
            frame, self.audio = self.audio[:FRAME_BYTES], self.audio[FRAME_BYTES:]
            if not self.audio:
                self.speech_ends.append(self.clock.now)
            return frame.ljust(FRAME_BYTES, b"\0")
        return bytes(FRAME_BYTES)

    def _next(self) -> None:
        turn = self.turns[0]
        started = len(self.speaker.played) > self.seen_prompt
        if self.speaker.busy():
            self.waiting_since = None
        if turn.barge_in:
            if not (started and self.speaker.busy()):
                return
            reference = self.speaker.played[-1][0]
        else:
            if not started or self.speaker.busy():
                return
            if self.waiting_since is None:
                self.waiting_since = self.clock.now
            reference = self.waiting_since
        if self.clock.now - reference < turn.delay:
            return
        self.turns.pop(0)
        self.waiting_since = None
        if not turn.barge_in:  # after barging in, the next turn still waits for the prompt to finish
            self.seen_prompt = len(self.speaker.played)
        if turn.pcm is not None:
            self.audio = turn.pcm.astype("<i2").tobytes()
        self.pending_keys = turn.keys

    def key(self) -> str | None:
        if self.pending_keys:
            key, self.pending_keys = self.pending_keys[0], self.pending_keys[1:]
            return key
        return None
