"""ivr audio render: every fixed prompt, every language, both formats, rendered once."""

from __future__ import annotations

import json
import struct
import wave
from pathlib import Path

import pytest

from ivr.cli import main
from ivr.flow import compile_flow
from ivr.speech import render

pytestmark = pytest.mark.slow
FLOW = """
name: tiny
languages: [en, ko]
prompts: {no_input: {en: "Are you there?", ko: "듣고 계신가요?"}}
nodes:
  hi: {type: say, prompt: {en: Welcome., ko: 안녕하세요.}, next: ask}
  ask: {type: collect, kind: speech, prompt: "Hello {caller}, what happened?", next: bye}
  bye: {type: hangup, prompt: {en: Goodbye., ko: 안녕히 계세요.}}
"""


def test_prompts_lists_fixed_texts_per_language() -> None:
    items = list(render.prompts(compile_flow(FLOW, "tiny.yaml")))
    texts = {(i.language, i.text) for i in items}
    assert ("en", "Welcome.") in texts and ("ko", "안녕하세요.") in texts and ("ko", "듣고 계신가요?") in texts
    assert not any("{caller}" in t for _, t in texts)  # templates are spoken live


def test_hours_read_from_the_flow_are_rendered_like_any_fixed_prompt() -> None:
    root = Path(__file__).parent.parent.parent
    flow = compile_flow((root / "flows" / "pharmacy.yaml").read_text(), "pharmacy.yaml")
    texts = {(i.language, i.text) for i in render.prompts(flow)}
    assert ("en", "The pharmacy is open Monday to Friday nine AM to seven PM, Saturday nine AM to one PM, Central time.") in texts
    assert any(lang == "es" and t.startswith("La farmacia abre de lunes a viernes, de las nueve") for lang, t in texts)
    assert not any("{" in t for _, t in texts)  # the next opening depends on the call: spoken live


def test_render_writes_both_formats_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = tmp_path / "flows" / "tiny.yaml"
    flow.parent.mkdir()
    flow.write_text(FLOW, encoding="utf-8")
    main(["audio", "render", str(flow)])
    first = capsys.readouterr().out
    out = tmp_path / "flows" / "audio" / "tiny"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    count = len(manifest["prompts"])
    assert f"{count} prompts, {count} rendered, 0 already there" in first
    entry = next(p for p in manifest["prompts"] if p["text"] == "Welcome.")
    assert entry["voice"] == "joe" and next(p for p in manifest["prompts"] if p["language"] == "ko")["voice"] == "espeak:ko"
    with wave.open(str(out / entry["pcm16k"])) as w:
        assert (w.getframerate(), w.getsampwidth(), w.getnchannels()) == (16000, 2, 1) and w.getnframes() > 8000
    raw = (out / entry["ulaw8k"]).read_bytes()
    assert raw[:4] == b"RIFF" and raw[8:12] == b"WAVE"
    fmt, channels, rate, _, _, bits = struct.unpack("<HHIIHH", raw[20:36])
    assert (fmt, channels, rate, bits) == (7, 1, 8000, 8)
    main(["audio", "render", str(flow)])
    assert f"{count} prompts, 0 rendered, {count} already there" in capsys.readouterr().out


def test_render_writes_beside_the_flow_where_serve_and_call_play_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A flow kept in a folder of its own, rendered from that folder: the files land in its audio/, not in the
    folder above the working directory, and the Twilio webhooks and microphone calls find them there."""
    from ivr.channels import mic
    from ivr.channels.twilio import create_app
    from ivr.loading import load_flow
    from ivr.store import SqliteStore

    project = tmp_path / "pharmacy"
    project.mkdir()
    (project / "pharmacy.yaml").write_text("name: pharmacy\nnodes:\n  bye: {type: hangup, prompt: Thank you for calling.}\n",
                                           encoding="utf-8")
    monkeypatch.chdir(project)
    main(["audio", "render", "pharmacy.yaml"])
    assert capsys.readouterr().out.startswith(f"{project / 'audio' / 'pharmacy'}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pharmacy"]
    assert (project / "audio" / "pharmacy" / "manifest.json").is_file()
    flow = load_flow(project / "pharmacy.yaml")
    assert mic.prompt_folder(flow) == project / "audio" / "pharmacy"
    from twilio.request_validator import RequestValidator

    client = create_app([flow], auth_token="12345", store=SqliteStore(tmp_path / "calls.sqlite3")).test_client()
    params = {"CallSid": "CA" + "1" * 32, "From": "+15550100"}
    signature = RequestValidator("12345").compute_signature("http://localhost/voice", params)
    played = client.post("/voice", data=params, headers={"X-Twilio-Signature": signature}).get_data(as_text=True)
    assert "<Play>/audio/pharmacy/" in played, played
    file = played.split("<Play>/audio/pharmacy/")[1].split("<")[0]
    with client.get(f"/audio/pharmacy/{file}") as served:
        assert served.status_code == 200 and served.data[:4] == b"RIFF"


def test_a_prompt_part_is_rendered_in_its_own_language_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = tmp_path / "flows" / "parts.yaml"
    flow.parent.mkdir()
    flow.write_text('name: parts\nnodes:\n  bye:\n    type: hangup\n    prompt: [Goodbye., {text: "Adiós.", language: es}]\n',
                    encoding="utf-8")
    main(["audio", "render", str(flow)])
    capsys.readouterr()
    manifest = json.loads((flow.parent / "audio" / "parts" / "manifest.json").read_text(encoding="utf-8"))
    mine = [(p["language"], p["text"], p["voice"], p["where"]) for p in manifest["prompts"] if p["where"].startswith("bye")]
    assert mine == [("en", "Goodbye.", "joe", "bye.prompt.0"), ("es", "Adiós.", "espeak:es", "bye.prompt.1")]
    with wave.open(str(flow.parent / "audio" / "parts" / next(p["pcm16k"] for p in manifest["prompts"] if p["text"] == "Adiós."))) as w:
        assert w.getnframes() > 4000
