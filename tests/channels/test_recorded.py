"""Recorded prompts (MP3, 44.1 kHz stereo WAV, OGG) heard the same in every channel: the simulator, a
microphone call through PulseAudio, the designer's Try it and Twilio's <Play> over the webhooks. The
recognizer listens for the flow's prompt texts in each; a corrupt recording is spoken as its text."""

from __future__ import annotations

import io
import re
import shutil
import wave
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

from ivr.channels import sim
from ivr.channels.twilio import create_app
from ivr.designer import create_designer_app
from ivr.engine import effects as fx
from ivr.loading import load_flow
from ivr.speech import audio, recognizer, recordings
from ivr.speech.audio import Pcm
from ivr.store import SqliteStore
from tests.channels.conftest import LiveCall, Pulse
from tests.recorded import GOODBYE, MENU, SENTENCES, WELCOME, Project, make_project

TOKEN = "12345"
EXPECTED = {"welcome.mp3": WELCOME, "menu.wav": MENU, "goodbye.ogg": GOODBYE}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("recorded"))


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


ASR = recognizer("pocketsphinx")
LISTEN = fx.Listen("n", "en", tuple(words(s) for s in SENTENCES), fx.DtmfSpec((), None, None), 5.0, True)


def heard(pcm: Pcm) -> str:
    result = ASR.recognize(LISTEN, audio.frames(audio.pad(pcm)))
    return result.text if result else ""


def wav_pcm(data: bytes) -> Pcm:
    """A WAV file's audio at 16 kHz, whatever its rate."""
    with wave.open(io.BytesIO(data)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int16)
        return audio.resample(pcm, w.getframerate())


def test_the_simulator_hears_each_recording_say_its_text(project: Project) -> None:
    runner = sim.Runner(load_flow(project.flow), asr=ASR, hear_prompts=True, http=None)
    result = runner.run(sim.parse_script("press 1\n"))
    plays = [e for e in result.transcript if e.get("audio")]
    assert [(e["audio"], e["played"], e["heard"]) for e in plays] == [(name, "recording", words(text)) for name, text in EXPECTED.items()]
    assert [e["seconds"] for e in plays] == pytest.approx([1.5, 2.0, 1.5], abs=0.3)  # their real lengths


def test_a_corrupt_recording_is_spoken_as_its_text_in_the_simulator(project: Project, tmp_path: Path) -> None:
    flow = project.flow.with_name("corrupt.yaml")
    flow.write_text(project.flow.read_text().replace("goodbye.ogg", "corrupt.mp3").replace("name: recorded", "name: corrupt"))
    result = sim.Runner(load_flow(flow), asr=ASR, hear_prompts=True, http=None).run(sim.parse_script("press 1\n"))
    last = [e for e in result.transcript if e.get("audio")][-1]
    assert last["audio"] == "corrupt.mp3" and last["played"] == "text" and last["text"] == GOODBYE
    assert result.outcome == "completed"


def test_the_designer_serves_the_recordings_as_heard(project: Project) -> None:
    client = create_designer_app(project.root / "flows").test_client()
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True))
    assert csrf
    for name, text in EXPECTED.items():
        got = client.get("/api/recording", query_string={"file": "recorded.yaml", "audio": name}, headers={"X-CSRF-Token": csrf.group(1)})
        assert got.status_code == 200 and got.mimetype == "audio/wav", got.get_data(as_text=True)
        assert heard(wav_pcm(got.get_data())) == words(text), name
    # the try-it call's transcript names the recording the page fetches
    call = client.post("/api/calls", json={"file": "recorded.yaml", "text": project.flow.read_text()}, headers={"X-CSRF-Token": csrf.group(1)})
    assert [e.get("audio") for e in call.get_json()["transcript"]] == ["welcome.mp3", "menu.wav"]


def post(client: FlaskClient, path: str, params: dict[str, str]):  # type: ignore[no-untyped-def]
    signature = RequestValidator(TOKEN).compute_signature("http://localhost" + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def test_twilio_plays_each_recording_from_a_url_it_can_fetch(project: Project, tmp_path: Path) -> None:
    app = create_app([load_flow(project.flow)], auth_token=TOKEN, store=SqliteStore(tmp_path / "calls.sqlite3"))
    client = app.test_client()
    sid = "CA00000000000000000000000000000001"
    first = ET.fromstring(post(client, "/voice", {"CallSid": sid, "From": "+15550100"}).get_data(as_text=True))
    gather = first.find("Gather")
    assert gather is not None
    plays = [p.text or "" for p in first.iter("Play")]
    action = gather.get("action") or ""
    last = ET.fromstring(post(client, action, {"CallSid": sid, "Digits": "1"}).get_data(as_text=True))
    plays += [p.text or "" for p in last.iter("Play")]
    assert len(plays) == 3 and all(p.startswith("/recording/recorded/") for p in plays)
    kinds = []
    for url, text in zip(plays, EXPECTED.values(), strict=True):
        got = client.get(url)  # Twilio fetches media unsigned
        assert got.status_code == 200
        kinds.append(got.mimetype)
        served = tmp_path / f"served{Path(url).name}"
        served.write_bytes(got.get_data())
        got.close()
        assert heard(recordings.pcm16k(served)) == words(text), url
    # MP3 and WAV go out as the voice talent made them; OGG, which <Play> doesn't take, as 8 kHz µ-law
    assert kinds == ["audio/mpeg", "audio/wav", "audio/wav"]
    with client.get(plays[0]) as original:
        assert original.get_data() == (project.audio / "welcome.mp3").read_bytes()
    assert client.get("/recording/recorded/3").status_code == 404 and client.get("/recording/other/0").status_code == 404


def test_twilio_says_the_text_of_a_recording_it_cannot_play(project: Project, tmp_path: Path) -> None:
    flow = project.flow.with_name("broken.yaml")
    flow.write_text(project.flow.read_text().replace("welcome.mp3", "corrupt.mp3").replace("name: recorded", "name: broken"))
    app = create_app([load_flow(flow)], auth_token=TOKEN, store=SqliteStore(tmp_path / "calls.sqlite3"))
    xml = post(app.test_client(), "/voice", {"CallSid": "CA00000000000000000000000000000002", "From": "+15550100"}).get_data(as_text=True)
    root = ET.fromstring(xml)
    assert [s.text for s in root.iter("Say")] == [WELCOME] and len(list(root.iter("Play"))) == 1


def test_the_microphone_channel_plays_the_recordings_the_simulator_hears(project: Project) -> None:
    from ivr.channels import mic

    flow = load_flow(project.flow)
    prompts = mic.RenderedPrompts(flow, mic.prompt_folder(flow))
    for name, text in EXPECTED.items():
        played = prompts(text, "en", name)
        assert np.array_equal(played, recordings.pcm16k(project.audio / name)), name  # the recording, not the text spoken
        assert heard(played) == words(text), name
    assert (mic.prompt_folder(flow) / "recordings").is_dir()  # converted once, kept beside the rendered prompts
    live = prompts(GOODBYE, "en", "corrupt.mp3")  # can't be played: the text is spoken in the prompt voice
    assert heard(live) == words(GOODBYE)


def voiced_chunks(pcm: Pcm, gap_s: float = 0.35) -> list[Pcm]:
    """The stretches of sound in ``pcm``, split where it is quiet for ``gap_s`` or longer."""
    frames = pcm[: len(pcm) // 320 * 320].reshape(-1, 320).astype(np.float64)
    loud = np.sqrt((frames**2).mean(axis=1)) > 200
    chunks, start, quiet = [], None, 0
    for i, on in enumerate(loud):
        if on:
            start = i if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet * 0.02 >= gap_s:
                chunks.append(pcm[start * 320 : (i - quiet + 1) * 320])
                start, quiet = None, 0
    if start is not None:
        chunks.append(pcm[start * 320 :])
    return [c for c in chunks if len(c) > 0.3 * audio.RATE]


@pytest.mark.slow
def test_a_live_mic_call_plays_the_recordings_through_pulseaudio(pulse: Pulse, project: Project, tmp_path: Path) -> None:
    from ivr.speech.voice import CallerVoice
    from tests.recorded import write_wav

    base = tmp_path / "live"
    shutil.copytree(project.root, base)
    session = LiveCall(pulse, base / "flows" / "recorded.yaml", tmp_path)
    try:
        session.wait_for("listening at main")
        session.say(write_wav(tmp_path / "billing.wav", audio.pad(CallerVoice("joe").speak("billing"), 0.3)))
        text = session.finish()
    finally:
        session.close()
    assert "caller billing" in text and "outcome: completed" in text
    # the welcome runs straight into the menu, so they may come out as one stretch of sound
    assert " ".join(heard(chunk) for chunk in voiced_chunks(session.heard())) == " ".join(words(t) for t in EXPECTED.values())
