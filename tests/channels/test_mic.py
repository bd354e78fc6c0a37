"""Microphone calls: the call loop in virtual time with a synthetic caller (fast), and the whole
``ivr call`` through a PulseAudio virtual microphone (slow)."""

from __future__ import annotations

import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ivr.channels import mic
from ivr.channels.mic import FakeCaller, FakeClock, FakeSpeaker, MicCall, Say, SpeechDetector
from ivr.flow import compile_flow
from ivr.loading import load_flow
from ivr.speech import audio, recognizer
from ivr.speech.audio import RATE, Pcm
from ivr.speech.voice import CallerVoice
from ivr.store import SqliteStore
from tests.channels.conftest import ROOT, LiveCall

TELECOM = load_flow(ROOT / "flows" / "telecom.yaml")
WORDS = ("billing", "representative", "internet")


@pytest.fixture(scope="module")
def spoken() -> dict[str, Pcm]:
    voice = CallerVoice("joe")
    return {w: voice.speak(w) for w in WORDS}


def tone(text: str, language: str, audio_file: str | None) -> Pcm:
    """Stand-in prompt audio: a quiet tone as long as the prompt would take to say (15 characters a second)."""
    t = np.arange(int(RATE * max(0.5, len(text) / 15))) / RATE
    return (3000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def call(turns: list[Say], flow: object = TELECOM, **options: object) -> tuple[MicCall, FakeCaller]:
    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, turns)
    options = {"http": None, **options}
    session = MicCall(flow, recognizer("pocketsphinx"), caller, speaker, tone, keypad=caller, clock=clock,  # type: ignore[arg-type]
                      **options)  # type: ignore[arg-type]
    session.run()
    return session, caller


def said(session: MicCall) -> list[str]:
    return [str(t["text"]) for t in session.call.transcript if t["who"] == "caller"]


def test_saying_billing_after_the_menu_routes_to_billing(spoken: dict[str, Pcm]) -> None:
    session, _ = call([Say(spoken["billing"])])
    result = session.call.result()
    assert said(session) == ["billing"]
    assert result.outcome == "transferred" and result.transfer is not None and result.transfer["queue"] == "billing"
    menu = next(c for c in session.clips if c.node == "main")
    assert not menu.interrupted and menu.ended is not None and menu.started is not None
    assert menu.ended - menu.started == pytest.approx(menu.seconds, abs=0.05)  # played to the end
    # the billing announcement and the queue position are played after the caller spoke
    assert [c.text for c in session.clips[2:]] == ["I'll connect you with our billing team.",
                                                   "You are number 1 in line. The expected wait is about 1 minute."]


@pytest.mark.slow
def test_korean_through_vosk() -> None:
    korean = load_flow(ROOT / "flows" / "korean.yaml")
    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, [Say(CallerVoice("espeak:ko").speak("환불"))])
    session = MicCall(korean, recognizer(), caller, speaker, tone, keypad=caller, clock=clock, http=None)
    result = session.run()
    assert said(session) == ["환불"] and session.asr.name == "vosk"
    assert result.transfer is not None and result.transfer["queue"] == "refunds"


def test_representative_reaches_a_person(spoken: dict[str, Pcm]) -> None:
    session, _ = call([Say(spoken["representative"])])
    result = session.call.result()
    assert result.outcome == "transferred" and result.transfer is not None
    assert result.transfer["queue"] == "support" and result.transfer["context"]["reason"] == "caller-asked"


def test_speaking_during_a_prompt_stops_it_and_is_heard(spoken: dict[str, Pcm]) -> None:
    session, _ = call([Say(spoken["billing"], barge_in=True, delay=2.0)])
    menu = next(c for c in session.clips if c.node == "main")
    assert menu.interrupted and menu.ended is not None and menu.started is not None
    assert menu.ended - menu.started < 2.5  # stopped within half a second of the caller starting to speak
    assert said(session) == ["billing"]
    assert session.call.result().transfer["queue"] == "billing"  # type: ignore[index]


def test_without_barge_in_the_prompt_plays_out_and_early_speech_is_not_heard(spoken: dict[str, Pcm]) -> None:
    flow = compile_flow("""
nodes:
  main:
    type: menu
    barge_in: false
    prompt: Say billing or internet, or press 1 or 2, and listen to this whole long prompt first.
    options:
      - {dtmf: 1, phrases: [billing], next: billing}
      - {dtmf: 2, phrases: [internet], next: internet}
  billing: {type: transfer, queue: billing}
  internet: {type: transfer, queue: tech}
""", "nobarge.yaml")
    session, _ = call([Say(spoken["internet"], barge_in=True, delay=0.5), Say(spoken["billing"])], flow)
    menu = session.clips[0]
    assert not menu.interrupted and menu.ended is not None and menu.started is not None
    assert menu.ended - menu.started == pytest.approx(menu.seconds, abs=0.05)
    assert said(session) == ["billing"]


def test_the_option_turns_barge_in_off_for_loudspeakers(spoken: dict[str, Pcm]) -> None:
    session, _ = call([Say(spoken["internet"], barge_in=True, delay=2.0), Say(spoken["billing"])], barge_in=False)
    assert not any(c.interrupted for c in session.clips)
    assert said(session) == ["billing"]


def test_a_key_during_the_prompt_stops_it_and_counts() -> None:
    session, _ = call([Say(keys="3", barge_in=True, delay=3.0)])
    assert session.clips[1].interrupted
    assert said(session) == ["3"]
    assert session.call.result().transfer["queue"] == "billing"  # type: ignore[index]


def test_digits_end_when_the_state_has_them_all() -> None:
    flow = compile_flow("""
nodes:
  zip: {type: collect, kind: digits, min_length: 5, max_length: 5, prompt: "ZIP code?", next: bye}
  bye: {type: hangup, prompt: "Thanks, {zip}."}
""", "zip.yaml")
    session, _ = call([Say(keys="94110")], flow)
    result = session.call.result()
    assert said(session) == ["94110"] and result.slots["zip"] == "94110" and result.outcome == "completed"
    assert session.clips[-1].text == "Thanks, 94110."


def test_the_bank_line_on_the_keypad_with_a_balance_spoken_live() -> None:
    from ivr.channels.sim import canned_http, load_responses

    responses = ROOT / "flows" / "responses" / "bank.yaml"
    http = canned_http(load_responses(responses.read_text(encoding="utf-8"), str(responses)), None)
    session, _ = call([Say(keys="1", barge_in=True, delay=1.0), Say(keys="12345678#"), Say(keys="1234"), Say(keys="2")],
                      load_flow(ROOT / "flows" / "bank.yaml"), http=http, at="2026-11-24T10:30:00-05:00")
    result = session.call.result()
    assert said(session) == ["1", "***", "***", "2"]  # sensitive keys are masked in the transcript
    assert "Your available balance is 1520.75 dollars." in [c.text for c in session.clips]
    assert result.outcome == "completed" and result.slots["account"] == "***"


def test_keys_pressed_while_speaking_win_over_the_speech(spoken: dict[str, Pcm]) -> None:
    flow = compile_flow("""
nodes:
  zip: {type: collect, kind: digits, min_length: 5, max_length: 5, prompt: "ZIP code?", next: bye}
  bye: {type: hangup, prompt: "Thanks, {zip}."}
""", "zip.yaml")
    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, [Say(spoken["representative"])])
    keys = iter([None] * 60 + list("94110"))  # keys start 1.2 s into the call: while the caller speaks

    class Keypad:
        def key(self) -> str | None:
            return next(keys, None)

    session = MicCall(flow, recognizer("pocketsphinx"), caller, speaker, tone, keypad=Keypad(), clock=clock, http=None)
    result = session.run()
    assert said(session) == ["94110"] and result.slots["zip"] == "94110"


def test_a_noise_that_is_no_word_is_a_no_input() -> None:
    rng = np.random.default_rng(3)
    cough = (rng.normal(0, 6000, int(0.3 * RATE))).astype(np.int16)
    session, _ = call([Say(cough, delay=1.0), Say(CallerVoice("joe").speak("billing"))])
    heard = [t for t in session.call.transcript if t["who"] == "caller"]
    assert heard[0]["input"] == "silence" and heard[0]["heard"] is None  # as the simulator and Twilio see it
    assert heard[1]["text"] == "billing"


def test_silence_times_out_after_the_prompt_ends() -> None:
    session, _ = call([])
    first_retry = next(t for t in session.call.transcript if t["who"] == "caller")
    assert first_retry["input"] == "silence"
    menu, sorry = session.clips[1], session.clips[2]
    assert sorry.text == "Sorry, I didn't hear you."
    assert menu.ended is not None and sorry.started is not None
    assert sorry.started - menu.ended == pytest.approx(5.0, abs=0.1)  # telecom's main menu waits 5 s
    assert session.call.result().outcome == "transferred"  # silent callers reach a person


def test_hanging_up_ends_the_call_and_writes_an_abandoned_record(tmp_path: Path) -> None:
    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, [], hang_up_after=3.0)
    session = MicCall(TELECOM, recognizer("pocketsphinx"), caller, speaker, tone, keypad=caller, clock=clock, http=None)
    result = session.run()
    assert session.hung_up and result.outcome == "hangup"
    store = SqliteStore(tmp_path / "calls.sqlite3")
    store.close(session.sid, session.record())
    record = store.record(session.sid)
    assert record is not None and record["outcome"] == "abandoned" and record["path"] == ["welcome", "main"]
    assert record["duration"] == pytest.approx(3.0, abs=0.1)


def test_a_menu_answer_ends_at_a_short_pause(spoken: dict[str, Pcm]) -> None:
    session, _ = call([Say(spoken["billing"])])
    (timing,) = session.timings
    assert timing.text == "billing" and timing.next_prompt == timing.decided
    assert timing.decided - timing.speech_end == pytest.approx(mic.END_QUICK_S, abs=0.05)


def trim(pcm: Pcm) -> Pcm:
    """The speech without the voice's own silence before and after."""
    loud = np.nonzero(np.abs(pcm) > 300)[0]
    return pcm[loud[0] : loud[-1] + 1]


def test_digits_spoken_with_pauses_are_not_cut() -> None:
    flow = compile_flow("""
nodes:
  zip: {type: collect, kind: digits, min_length: 5, max_length: 5, prompt: "ZIP code?", next: bye}
  bye: {type: hangup, prompt: "Thanks, {zip}."}
""", "zip.yaml")
    voice = CallerVoice("joe")
    pause = np.zeros(int(0.4 * RATE), dtype=np.int16)
    digits = np.concatenate([trim(voice.speak("nine four")), pause, trim(voice.speak("one one zero"))])
    session, _ = call([Say(digits)], flow)
    assert said(session) == ["nine four one one zero"] and session.call.result().slots["zip"] == "94110"
    (timing,) = session.timings
    assert timing.decided - timing.speech_end == pytest.approx(mic.END_SURE_S, abs=0.05)


def test_speech_detector_needs_sustained_sound_above_the_room() -> None:
    def sine(amplitude: float) -> bytes:
        return (amplitude * np.sin(np.arange(320) / 3)).astype("<i2").tobytes()

    detector = SpeechDetector()
    assert not any(detector.feed(bytes(640)) for _ in range(20))
    assert [detector.feed(sine(8000)) for _ in range(5)] == [False] * 4 + [True]
    noisy = SpeechDetector()  # a fan at -30 dBFS from the start of the call: the room, not a caller
    assert not any(noisy.feed(sine(1400)) for _ in range(200))
    assert [noisy.feed(sine(16000)) for _ in range(5)] == [False] * 4 + [True]  # a caller over it
    hum = SpeechDetector()  # a hum that starts later stops counting as speech within seconds
    assert not any(hum.feed(bytes(640)) for _ in range(20))
    onsets = [hum.feed(sine(1400)) for _ in range(1000)]
    assert onsets[10] and not any(onsets[-100:])


class NoisyRoom:
    """The fake caller's microphone in a room with steady noise (-33 dBFS)."""

    def __init__(self, caller: FakeCaller) -> None:
        self.caller, self.rng = caller, np.random.default_rng(1)

    def read(self, timeout: float) -> bytes:
        frame = np.frombuffer(self.caller.read(timeout), dtype="<i2").astype(np.float64)
        return np.clip(frame + self.rng.normal(0, 700, len(frame)), -32768, 32767).astype("<i2").tobytes()


def test_a_noisy_room_is_not_a_caller(spoken: dict[str, Pcm]) -> None:
    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, [Say(spoken["billing"])])
    session = MicCall(TELECOM, recognizer("pocketsphinx"), NoisyRoom(caller), speaker, tone, keypad=caller, clock=clock,
                      http=None)
    session.run()
    assert not any(clip.interrupted for clip in session.clips)  # the noise never barged in
    assert said(session) == ["billing"]


def test_rendered_prompts_are_played_and_templates_spoken(tmp_path: Path) -> None:
    from ivr.speech import render

    (tmp_path / "flows").mkdir()
    path = tmp_path / "flows" / "tiny.yaml"
    path.write_text("nodes:\n  main: {type: hangup, prompt: Goodbye now.}\n", encoding="utf-8")
    flow = load_flow(path)
    folder = mic.prompt_folder(flow)
    assert folder == tmp_path / "flows" / "audio" / flow.name
    render.render(flow, folder)
    prompts = mic.RenderedPrompts(flow, folder)
    rendered, _ = audio.read_wav(render.files(render.Item("en", "Goodbye now.", "main.prompt"), folder)[0])
    assert np.array_equal(prompts("Goodbye now.", "en", None), rendered)
    live = prompts("Your balance is 12 dollars.", "en", None)
    assert 1.0 < len(live) / RATE < 4.0


# -- the real thing: ivr call through a PulseAudio virtual microphone ------------------------------


def write_wav(path: Path, pcm: Pcm) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.astype("<i2").tobytes())
    return path


def voiced_seconds(pcm: Pcm) -> float:
    """Seconds of 20 ms frames louder than -40 dBFS."""
    frames = pcm[: len(pcm) // 320 * 320].reshape(-1, 320).astype(np.float64)
    rms = np.sqrt((frames**2).mean(axis=1))
    return float((rms > 328).sum() * 0.02)


def prompt_audio(flow: Path, *texts: str) -> Pcm:
    compiled = load_flow(flow)
    prompts = mic.RenderedPrompts(compiled, mic.prompt_folder(compiled))
    return np.concatenate([prompts(text, "en", None) for text in texts])


@pytest.mark.slow
def test_ivr_call_billing_through_the_virtual_microphone(live_call: Callable[..., LiveCall], telecom_copy: Path,
                                                         tmp_path: Path, spoken: dict[str, Pcm]) -> None:
    flow, tmp = telecom_copy, tmp_path
    session = live_call()
    session.wait_for("listening at main")
    session.say(write_wav(tmp / "billing.wav", audio.pad(spoken["billing"], 0.3)))
    text = session.finish()
    assert "caller billing" in text and "outcome: transferred" in text and "hand-over context:" in text
    record = SqliteStore(session.store).records()[0]
    assert record["sid"].startswith("mic-") and record["outcome"] == "transferred" and record["path"][-1] == "billing"
    # every prompt reached the speaker, whole and audible
    expected = prompt_audio(flow, "Welcome to Northwind Mobile.", TELECOM.nodes["main"].prompt.text.get("en", "en"),  # type: ignore[attr-defined]
                            "I'll connect you with our billing team.",
                            "You are number 1 in line. The expected wait is about 1 minute.")
    heard = session.heard()
    assert voiced_seconds(heard) == pytest.approx(voiced_seconds(expected), rel=0.05)
    loud = heard[np.abs(heard) > 328]
    assert np.sqrt(np.mean(loud.astype(np.float64) ** 2)) > 0.5 * np.sqrt(np.mean(expected[np.abs(expected) > 328].astype(np.float64) ** 2))


@pytest.mark.slow
def test_ivr_call_representative_reaches_a_person(live_call: Callable[..., LiveCall], tmp_path: Path,
                                                  spoken: dict[str, Pcm]) -> None:
    tmp = tmp_path
    session = live_call()
    session.wait_for("listening at main")
    session.say(write_wav(tmp / "agent.wav", audio.pad(spoken["representative"], 0.3)))
    text = session.finish()
    assert "caller representative" in text and "outcome: transferred" in text
    assert '"reason": "caller-asked"' in text  # the hand-over context, printed for the person
    assert SqliteStore(session.store).records()[0]["reason"] == "caller-asked"


@pytest.mark.slow
def test_ivr_call_speaking_during_the_menu_stops_it(live_call: Callable[..., LiveCall], telecom_copy: Path,
                                                    tmp_path: Path, spoken: dict[str, Pcm]) -> None:
    flow, tmp = telecom_copy, tmp_path
    session = live_call()
    session.wait_for("IVR    For an outage")
    time.sleep(2.0)  # the welcome, then a little of the menu
    session.say(write_wav(tmp / "billing.wav", audio.pad(spoken["billing"], 0.3)))
    text = session.finish()
    assert "· barge-in: stopped '" in text and "caller billing" in text  # the menu, or the welcome if the sound server lags
    assert "listening at main" not in text  # the caller never had to wait for the menu to end
    menu = prompt_audio(flow, TELECOM.nodes["main"].prompt.text.get("en", "en"))  # type: ignore[attr-defined]
    assert voiced_seconds(session.heard()) < voiced_seconds(menu)  # far less than the whole menu reached the speaker


class SeenPartials:
    """A live view that remembers what it showed as heard while the caller was still speaking."""

    def __init__(self) -> None:
        self.partials: list[str] = []

    def line(self, entry: dict[str, object]) -> None:
        pass

    def refresh(self, call: MicCall) -> None:
        if call.speaking_since is not None and call.partial and call.partial not in self.partials:
            self.partials.append(call.partial)


def test_the_live_view_shows_what_is_heard_while_the_caller_speaks() -> None:
    flow = compile_flow("""
nodes:
  where: {type: collect, kind: speech, slot: place, prompt: "Where is the pothole?", next: done}
  done: {type: hangup, prompt: "Thanks."}
""", "pothole.yaml")
    view = SeenPartials()
    sentence = CallerVoice("joe").speak("the corner of main street and fifth avenue")
    session, _ = call([Say(sentence)], flow, view=view)
    growing = [p for p in view.partials if p.endswith(" …")]
    assert len(growing) >= 2 and growing[-1].startswith(growing[0][:-2].split()[0]), view.partials
    # the turn still ends with the whole sentence decoded, as free speech (not as digits)
    assert session.call.result().slots.get("place") == "the corner of main street and fifth avenue"


def test_a_spanish_part_of_an_english_menu_is_played_in_spanish_and_heard_in_english(spoken: dict[str, Pcm]) -> None:
    flow = compile_flow("""
nodes:
  main:
    type: menu
    prompt: ["For billing, say billing.", {text: "Para español, oprima nueve.", language: es}]
    options: [{dtmf: 1, phrases: [billing], next: billing}, {dtmf: 9, next: spanish}]
  billing: {type: transfer, queue: billing}
  spanish: {type: transfer, queue: espanol}
""", "parts.yaml")
    asked: list[tuple[str, str]] = []

    def prompts(text: str, language: str, audio_file: str | None) -> Pcm:
        asked.append((text, language))
        return tone(text, language, audio_file)

    clock = FakeClock()
    speaker = FakeSpeaker(clock)
    caller = FakeCaller(clock, speaker, [Say(spoken["billing"])])
    session = MicCall(flow, recognizer("pocketsphinx"), caller, speaker, prompts, keypad=caller, clock=clock, http=None)
    session.run()
    assert asked[:2] == [("For billing, say billing.", "en"), ("Para español, oprima nueve.", "es")]
    result = session.call.result()
    assert result.transfer is not None and result.transfer["queue"] == "billing"  # the menu still listens in English


def test_rendered_prompts_warm_the_voice_of_a_parts_language(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    path = tmp_path / "flows" / "parts.yaml"
    path.write_text('nodes:\n  bye: {type: hangup, prompt: [Goodbye., {text: "Adiós.", language: es}]}\n', encoding="utf-8")
    flow = load_flow(path)
    prompts = mic.RenderedPrompts(flow, mic.prompt_folder(flow))
    prompts.warm()
    assert set(prompts.voices) == {"joe", "espeak:es"}


def test_a_key_no_option_lists_takes_the_catch_all_at_the_microphone() -> None:
    """The phone tree at the microphone: 5 is any other key (back to the main menu), then 2 and 3 dial Dagobah."""
    tree = load_flow(ROOT / "flows" / "phone-tree.yaml")
    session, _ = call([Say(keys="5"), Say(keys="2"), Say(keys="3")], tree)
    result = session.call.result()
    assert said(session) == ["5", "2", "3"]
    assert result.path[:5] == ["main", "returning", "main", "planets", "dagobah"]
    assert "Returning to the main menu." in [c.text for c in session.clips]
