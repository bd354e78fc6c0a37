"""Real speech decides branches: PocketSphinx on synthesized callers and on recorded human speech.

Slow-marked (they load real models), and run in CI like every other test.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from ivr.channels.sim import Runner, parse_script
from ivr.engine.effects import DtmfSpec, HttpRequest, Listen
from ivr.engine.events import HttpResult
from ivr.errors import ScriptError
from ivr.flow import compile_flow
from ivr.loading import load_flow
from ivr.speech import AutoRecognizer, audio, recognizer
from ivr.speech.sphinx import SphinxRecognizer
from ivr.speech.voice import CallerVoice

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parent.parent.parent
CARDS = Path("/usr/share/pocketsphinx/test/data/cards")  # Debian's pocketsphinx-testdata (scripts/test installs it)


@pytest.fixture(scope="module")
def asr() -> SphinxRecognizer:
    return SphinxRecognizer()


@pytest.fixture(scope="module")
def phone_asr() -> SphinxRecognizer:
    return SphinxRecognizer(phone=True)


@pytest.fixture(scope="module")
def voice() -> CallerVoice:
    return CallerVoice("joe")


@pytest.fixture(scope="module")
def bank():  # type: ignore[no-untyped-def]
    return load_flow(ROOT / "flows" / "bank.yaml")


def listen(*phrases: str, keys: tuple[str, ...] = ("1", "2", "0"), mode: str = "menu", digits: int | None = 1) -> Listen:
    return Listen("n", "en", phrases, DtmfSpec(keys, digits, None), 5.0, True, mode)  # type: ignore[arg-type]


def test_a_menu_state_hears_its_phrases_in_sentences_and_speech_outside_it(asr: SphinxRecognizer) -> None:
    """The state's language model: its phrases, inside carrier words, spoken keys, and common words as
    the path for everything else; a word the dictionary lacks can't be heard and is left out."""
    arpa = asr.language_model(listen("check my balance", "I'm ready", "xyzzyplugh", "agent"))
    assert arpa is not None
    unigrams = {line.split("\t")[1] for line in arpa.split("\\2-grams:")[0].splitlines() if line.count("\t") >= 1}
    assert {"check", "my", "balance", "i'm", "ready", "agent", "press", "two", "zero", "please", "uh"} <= unigrams
    assert {"mortgage", "weather", "tomorrow"} <= unigrams  # speech outside the menu is heard as what it is
    assert "xyzzyplugh" not in arpa
    bigrams = arpa.split("\\2-grams:")[1]
    assert "\tcheck my" in bigrams and "\tpress two" in bigrams
    assert asr.language_model(listen(keys=(), mode="collect", digits=None)) is None  # free speech: the general model
    # a free-speech question still takes 0 for a person; that key must not turn it into a digits model
    assert asr.language_model(listen(keys=("0",), mode="collect", digits=None)) is None


def test_a_menu_state_expects_other_ways_of_saying_its_phrases(asr: SphinxRecognizer) -> None:
    """"balance" brings the understanding's ways of saying it ("how much money", "funds") into the state's
    model, so a caller who says them is heard; words that only set a scene ("no") do not."""
    from ivr.speech.sphinx import related_phrases

    assert {"how much money", "funds", "available funds"} <= set(related_phrases(("balance",)))
    assert related_phrases(("yes", "no")) == []
    with_related = asr.language_model(listen("balance", "lost card"))
    plain = SphinxRecognizer(related=False).language_model(listen("balance", "lost card"))
    assert with_related is not None and plain is not None
    assert "\thow much money" in with_related.split("\\3-grams:")[1] and "\thow much money" not in plain.split("\\3-grams:")[1]


CONDITIONS = {"clean": {}, "telephone": {"telephone": True}, "telephone+noise": {"telephone": True, "snr": 25.0}}
BANK_TURNS = [
    ("check my balance", "verify.account"),
    ("I lost my card", "lost_card"),
    ("representative", "_human"),
    ("press two", "lost_card"),
    ("complaints", "complaints_team"),
]


# Heard, but under the flow's confidence and so asked again: (said, condition) -> why, as strict xfails. The two that
# were here ("press two" on the phone line at 0.37, "I lost my card" in noise heard as "i want like or") are heard
# right since the phone line has its own model.
UNSURE: dict[tuple[str, str], str] = {}


def _bank_turns() -> list[object]:
    return [pytest.param(said, node, condition, id=f"{said}-{condition}",
                         marks=[pytest.mark.xfail(strict=True, reason=UNSURE[(said, condition)])] if (said, condition) in UNSURE else [])
            for said, node in BANK_TURNS for condition in CONDITIONS]


@pytest.mark.parametrize(("said", "node", "condition"), _bank_turns())
def test_synthesized_caller_picks_the_branch(asr: SphinxRecognizer, phone_asr: SphinxRecognizer, voice: CallerVoice,  # type: ignore[no-untyped-def]
                                             bank, condition: str, said: str, node: str) -> None:
    heard_by = phone_asr if CONDITIONS[condition].get("telephone") else asr  # as `ivr simulate --telephone` hears
    runner = Runner(bank, at="2026-11-24T10:30:00-05:00", http=None, asr=heard_by, voice=voice, **CONDITIONS[condition])
    result = runner.run(parse_script(f"say {said}\n"))
    assert node in result.path, result.transcript
    heard = next(t for t in result.transcript if t["who"] == "caller")
    assert heard["audio"] == "tts:joe" and heard["asr"] == "pocketsphinx" and heard["said"] == said


def test_spoken_digits_fill_a_collect(asr: SphinxRecognizer, voice: CallerVoice, bank) -> None:  # type: ignore[no-untyped-def]
    asked: list[HttpRequest] = []  # the balance lookup gets the real digits; the ended call keeps only masks
    runner = Runner(bank, at="2026-11-24T10:30:00-05:00", http=lambda r: asked.append(r) or HttpResult(401, {}), asr=asr,
                    voice=voice, telephone=True)
    result = runner.run(parse_script("press 1\nsay one two three four five six seven eight\nexpect node verify.pin\npress 4921\n"))
    assert result.failures == [], result.transcript
    assert isinstance(asked[0].body, dict) and asked[0].body["account"] == "12345678"
    spoken = [t for t in result.transcript if t.get("audio") == "tts:joe"]
    assert spoken[0]["text"] == "***" and spoken[0]["said"] == "***"  # sensitive: masked in the transcript


CARD_FLOW = """
nodes:
  pick:
    type: menu
    prompt: Name a card.
    options:
      - {dtmf: 1, phrases: [ten of clubs], next: ten}
      - {dtmf: 2, phrases: [seven of clubs], next: seven}
      - {dtmf: 3, phrases: [four queen of clubs], next: four_queen}
  ten: {type: hangup}
  seven: {type: hangup}
  four_queen: {type: hangup}
"""


@pytest.mark.parametrize(("recording", "node"), [("001.wav", "ten"), ("002.wav", "four_queen"), ("003.wav", "seven")])
def test_recorded_human_speech_picks_the_branch(asr: SphinxRecognizer, phone_asr: SphinxRecognizer, recording: str, node: str) -> None:
    assert CARDS.is_dir(), "Debian's pocketsphinx-testdata is missing: run scripts/test, which installs it"
    flow = compile_flow(CARD_FLOW, "cards.yaml")
    for telephone, heard_by in ((False, asr), (True, phone_asr)):
        result = Runner(flow, http=None, asr=heard_by, telephone=telephone, audio_dir=CARDS).run(
            parse_script(f"say-audio {recording}\n"))
        assert result.path[-1] == node, result.transcript


READ = Path("/usr/share/pocketsphinx/test/data")  # Debian's human recordings with their transcripts


def _human_recordings() -> list[tuple[Path, list[str]]]:
    import re

    found = []
    for folder, listing in (("cards", "cards.transcription"), ("librivox", "transcription")):
        for line in (READ / folder / listing).read_text().splitlines():
            said = re.fullmatch(r"<s>(.*)</s>\s*\((.*)\)", line.strip())
            if said:
                found.append((READ / folder / f"{said.group(2)}.wav", said.group(1).split()))
    return found


def _word_errors(said: list[str], heard: list[str]) -> int:
    row = list(range(len(heard) + 1))
    for i, word in enumerate(said, 1):
        before, row[0] = row[:], i
        for j, other in enumerate(heard, 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (word != other))
    return row[-1]


def test_the_phone_line_model_hears_human_speech_on_a_phone_line_better(asr: SphinxRecognizer, phone_asr: SphinxRecognizer) -> None:
    """Debian's human recordings (read sentences, card names) put through a phone line and heard as free speech: the
    model adapted to the line (scripts/adapt_phone.py, made from synthetic speech only) mishears fewer of their words;
    the wideband model keeps hearing wideband speech better, so a microphone keeps it."""
    recordings = _human_recordings()
    assert len(recordings) == 10, "Debian's pocketsphinx-testdata is missing: run scripts/test, which installs it"
    free = Listen("n", "en", (), DtmfSpec(("0",), 1, None), 5.0, True, "collect")

    def errors(recognizer: SphinxRecognizer, telephone: bool) -> float:
        wrong = total = 0
        for path, said in recordings:
            samples, rate = audio.read_wav(path)
            pcm = audio.resample(samples, rate)
            heard = recognizer.decode(free, (audio.telephone(pcm) if telephone else pcm).tobytes(), 2 * len(pcm))
            wrong += _word_errors(said, heard.text.split() if heard else [])
            total += len(said)
        return wrong / total

    wideband, adapted = errors(asr, True), errors(phone_asr, True)
    print(f"\nword errors on a phone line: wideband model {wideband:.1%}, phone-line model {adapted:.1%}")
    assert adapted < wideband - 0.08  # 42% -> 30% when it was made
    assert errors(asr, False) < errors(phone_asr, False)


@pytest.mark.parametrize(("flow_name", "said", "node"), [("bank", "I think I lost my card", "lost_card"), ("telecom", "pay my bill", "billing")])
def test_words_the_recognizer_doubts_but_every_reading_agrees_on_route_at_once(phone_asr: SphinxRecognizer, voice: CallerVoice,
                                                                               flow_name: str, said: str, node: str) -> None:
    """On the phone line PocketSphinx hears "i think uh lost my card" at 0.41 and "pay my bill" at 0.44, under the flow's 0.5,
    and the caller was asked "Did you want a lost or stolen card?". Every other reading among its 10 best paths ("i think oh
    lost my card", "they my bill") means the same at the menu, so the call goes on at once."""
    flow = load_flow(ROOT / "flows" / f"{flow_name}.yaml")
    runner = Runner(flow, at="2026-11-24T10:30:00-05:00", http=None, asr=phone_asr, voice=voice, telephone=True)
    result = runner.run(parse_script(f"say {said}\n"))
    heard = next(t for t in result.transcript if t["who"] == "caller")
    assert node in result.path, result.transcript
    assert not any("Did you want" in t["text"] for t in result.transcript if t["who"] == "ivr"), result.transcript
    assert heard["confidence"] < 0.5, heard  # the words are doubted...
    main = flow.nodes["main"]
    listen_for = Listen("main", "en", main.grammar.phrases["en"], DtmfSpec(main.grammar.dtmf, 1, None), 5.0, True)
    pcm = audio.telephone(voice.speak(said))
    recognized = phone_asr.recognize(listen_for, audio.frames(audio.pad(pcm)))
    assert recognized is not None and recognized.readings and recognized.text not in recognized.readings
    assert all(r and "<" not in r and "[" not in r and "(" not in r for r in recognized.readings)  # words only: no fillers, no variants


def test_silence_is_no_input(asr: SphinxRecognizer, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.wav"
    with wave.open(str(quiet), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(np.zeros(8000, dtype=np.int16).tobytes())
    flow = compile_flow(CARD_FLOW, "cards.yaml")
    result = Runner(flow, http=None, asr=asr, audio_dir=tmp_path).run(parse_script("say-audio quiet.wav\n"))
    caller = [t for t in result.transcript if t["who"] == "caller"]
    assert caller[0]["input"] == "silence" and caller[0]["heard"] is None


def test_missing_or_wrong_audio_is_a_clear_error(asr: SphinxRecognizer, tmp_path: Path) -> None:
    flow = compile_flow(CARD_FLOW, "cards.yaml")
    with pytest.raises(ScriptError, match="line 1: audio file '.*nope.wav' does not exist"):
        Runner(flow, http=None, asr=asr, audio_dir=tmp_path).run(parse_script("say-audio nope.wav\n"))
    (tmp_path / "text.wav").write_text("not audio")
    with pytest.raises(ScriptError, match="line 1: cannot read audio file .*16-bit PCM WAV"):
        Runner(flow, http=None, asr=asr, audio_dir=tmp_path).run(parse_script("say-audio text.wav\n"))


def test_telephone_band_and_mulaw_keep_the_level() -> None:
    t = np.arange(16000) / 16000
    tone = (np.sin(2 * np.pi * 1000 * t) * 8000).astype(np.int16)
    low = (np.sin(2 * np.pi * 100 * t) * 8000).astype(np.int16)
    rms = lambda x: float(np.sqrt(np.mean(x.astype(float) ** 2)))  # noqa: E731
    assert rms(audio.telephone(tone)) == pytest.approx(rms(tone), rel=0.15)  # 1 kHz passes
    assert rms(audio.telephone(low)) < rms(low) * 0.2  # 100 Hz is cut
    assert np.abs(audio.mulaw_decode(audio.mulaw_encode(tone)).astype(int) - tone).max() < 400


def test_recognizer_factory_names_backends() -> None:
    assert recognizer("pocketsphinx").name == "pocketsphinx"
    from ivr.errors import UsageError

    with pytest.raises(UsageError, match="unknown recognizer 'whisper'; choose one of: pocketsphinx"):
        recognizer("whisper")


def test_pocketsphinx_refuses_languages_it_has_no_model_for(asr: SphinxRecognizer, voice: CallerVoice) -> None:
    from ivr.errors import UsageError

    flow = load_flow(ROOT / "flows" / "multilingual.yaml")
    with pytest.raises(UsageError, match="PocketSphinx has only an English model, and the call is in 'es'"):
        Runner(flow, http=None, asr=asr, voice=voice).run(parse_script("press 2\nsay facturas\n"))


def _english_scripts() -> list[object]:
    # bank-anything-else-agent.txt was a strict expected failure here: 'talk to a banker' heard exactly at 0.43 was offered back
    # ('Did you want to speak to a person?'); every other reading of its 10 best paths asks for a person too, so it is taken at once.
    unsure: dict[str, str] = {}
    return [pytest.param(path, id=path.name, marks=[pytest.mark.xfail(strict=True, reason=unsure[path.name])] if path.name in unsure else [])
            for path in sorted((ROOT / "flows" / "scripts").glob("[bt]*.txt"))]


@pytest.mark.parametrize("script", _english_scripts())
def test_english_qa_scripts_pass_with_spoken_callers(asr: SphinxRecognizer, voice: CallerVoice, script: Path) -> None:
    """The bank and telecom QA scripts, with every 'say' line spoken by Piper and heard by PocketSphinx."""
    from ivr.channels.sim import canned_http, load_responses

    flow_name = script.stem.split("-")[0]
    responses = ROOT / "flows" / "responses" / f"{flow_name}.yaml"
    http = canned_http(load_responses(responses.read_text(), str(responses)), None)
    result = Runner(load_flow(ROOT / "flows" / f"{flow_name}.yaml"), at="2026-11-24T10:30:00-05:00", http=http, asr=asr,
                    voice=voice, telephone=True).run(parse_script(script.read_text()))
    assert result.failures == [], [(t.get("said"), t["text"]) for t in result.transcript if t["who"] == "caller"]


def test_phone_line_audio_is_heard_with_the_phone_line_model(tmp_path: Path) -> None:
    """What comes through a phone line (Twilio's media streams, `ivr simulate --telephone`, bulk telephone audio) is
    heard with the model adapted to it; a microphone's wideband audio with the model as it ships."""
    from click.testing import CliRunner

    from ivr import bulk
    from ivr.channels import media
    from ivr.cli import cli

    def phone(found: object) -> bool:
        from ivr.speech import AutoRecognizer

        backend = found.pick("en") if isinstance(found, AutoRecognizer) else found
        assert isinstance(backend, SphinxRecognizer)
        return backend.phone

    flow = compile_flow(CARD_FLOW, "cards.yaml")
    assert phone(media.loaded([flow]))
    assert phone(recognizer(phone=True)) and not phone(recognizer())
    assert phone(bulk.Ears(bulk.Audio("joe", telephone=True, snr=None, variants=1, asr="pocketsphinx")).asr)
    assert not phone(bulk.Ears(bulk.Audio("joe", telephone=False, snr=None, variants=1, asr="pocketsphinx")).asr)
    runner = Runner(flow, http=None, telephone=True, audio_dir=CARDS)
    runner.run(parse_script("say-audio 001.wav\n"))
    assert runner.asr is not None and phone(runner.asr)
    # the CLI: "press two" on the phone line was heard at 0.37 by the wideband model and asked again
    (tmp_path / "two.txt").write_text("say press two\nexpect node lost_card\n")
    result = CliRunner().invoke(cli, ["simulate", str(ROOT / "flows" / "bank.yaml"), "--script", str(tmp_path / "two.txt"), "--voice", "joe",
                                       "--telephone", "--asr", "pocketsphinx", "--at", "2026-11-24T10:30:00-05:00"])
    assert result.exit_code == 0, result.output


def test_a_recording_made_on_a_phone_line_is_heard_as_one(tmp_path: Path) -> None:
    """A QA script that plays a call's recording (8 kHz, as Twilio records) is heard with the phone-line model without
    --telephone; a wideband recording with the wideband model."""
    from ivr.cli import _phone_recordings

    samples, rate = audio.read_wav(CARDS / "001.wav")
    narrow = audio.resample(audio.telephone(audio.resample(samples, rate)), 16_000, 8_000)
    with wave.open(str(tmp_path / "call.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(narrow.astype(np.int16).tobytes())
    flow = compile_flow(CARD_FLOW, "cards.yaml")
    for folder, name, phone in ((tmp_path, "call.wav", True), (CARDS, "001.wav", False)):
        runner = Runner(flow, http=None, audio_dir=folder)
        result = runner.run(parse_script(f"say-audio {name}\n"))
        assert result.path[-1] == "ten", result.transcript
        assert isinstance(runner.asr, AutoRecognizer)
        backend = runner.asr.pick("en")
        assert isinstance(backend, SphinxRecognizer) and backend.phone is phone
        assert _phone_recordings(parse_script(f"say 1\nsay-audio {name}\n"), folder) is phone
    assert _phone_recordings(parse_script("say-audio missing.wav\n"), tmp_path) is False  # its turn says why
