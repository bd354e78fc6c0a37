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
    out = tmp_path / "audio" / "tiny"
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
