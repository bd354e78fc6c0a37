"""Render a flow's prompts to audio files, so channels play recordings instead of live TTS.

Every fixed prompt (prompts with ``{slot}`` templates are spoken live; ``{hours.NAME}`` is fixed: it reads the flow's own hours) and every system prompt,
in every language of the flow (a prompt part given its own language, only in that one), is synthesized offline: Piper where it has a voice (English),
espeak-ng otherwise. Files are named by a hash of the voice and the text, so unchanged prompts
are never rendered twice, and each prompt is written twice: 8 kHz G.711 µ-law WAV for telephony
and 16 kHz 16-bit PCM WAV for local calls. ``manifest.json`` maps each prompt text to its files.
"""

from __future__ import annotations

import hashlib
import json
import struct
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ivr.flow import sayas
from ivr.flow import text as words
from ivr.flow.machine import Flow, Prompt
from ivr.speech import audio
from ivr.speech.voice import CallerVoice


@dataclass(frozen=True)
class Item:
    language: str
    text: str
    where: str  # node.field, or system.name


def prompts(flow: Flow) -> Iterator[Item]:
    """Every fixed prompt text of the flow, per language (templates are left to live TTS, but for the hours they read)."""
    seen: set[tuple[str, str]] = set()
    for nid, node in flow.nodes.items():
        for field in ("prompt", "announce", "confirm", "no_input", "no_match", "invalid"):
            value = getattr(node, field, None)
            for i, whole in enumerate(value if isinstance(value, tuple) else (value,)):
                if not isinstance(whole, Prompt):
                    continue
                where = f"{nid}.{field}" + (f".{i}" if isinstance(value, tuple) else "")
                for j, prompt in enumerate(whole.pieces()):
                    if prompt.text is None or not prompt.text.by_lang or prompt.audio:
                        continue
                    for lang in (prompt.language,) if prompt.language else flow.languages:  # a part in its own language
                        text = prompt.text.get(lang, flow.language)
                        if text and words.template_names(text):
                            text = sayas.fixed(text, flow.hours, lang) or ""  # {hours.NAME} is the flow's own data
                        if text and (lang, text) not in seen:
                            seen.add((lang, text))
                            yield Item(lang, text, where + (f".{j}" if whole.parts else ""))
    for name in ("no_input", "no_match", "escalate", "goodbye", "human", "voicemail"):
        for lang in flow.languages:
            text = flow.system(name, lang)
            if (lang, text) not in seen:
                seen.add((lang, text))
                yield Item(lang, text, f"system.{name}")


def voice_for(language: str) -> str:
    return "joe" if language.split("-")[0] == "en" else f"espeak:{language.split('-')[0]}"


def files(item: Item, out: Path) -> tuple[Path, Path]:
    """Where ``item`` is rendered in ``out``: its 16 kHz PCM and 8 kHz µ-law files, named by voice and text."""
    digest = hashlib.sha256(f"{voice_for(item.language)}\n{item.text}".encode()).hexdigest()[:16]
    return out / f"{digest}.wav", out / f"{digest}.ulaw.wav"


def missing(flow: Flow, out: Path) -> list[Item]:
    """The prompts of ``flow`` not rendered in ``out`` yet."""
    return [item for item in prompts(flow) if not all(p.exists() for p in files(item, out))]


def render(flow: Flow, out: Path, progress: Callable[[Item, bool], None] | None = None) -> dict[str, object]:
    """Render what is missing into ``out``; returns the manifest (also written to out/manifest.json)."""
    out.mkdir(parents=True, exist_ok=True)
    voices: dict[str, CallerVoice] = {}
    entries = []
    for item in prompts(flow):
        voice = voice_for(item.language)
        pcm_path, ulaw_path = files(item, out)
        fresh = not (pcm_path.exists() and ulaw_path.exists())
        if fresh:
            if voice not in voices:
                voices[voice] = CallerVoice(voice)
            samples = voices[voice].speak(item.text, audio.RATE)
            write_pcm(pcm_path, samples, audio.RATE)
            write_mulaw(ulaw_path, audio.mulaw_encode(audio.resample(samples, audio.RATE, 8_000)))
        entries.append({"language": item.language, "text": item.text, "where": item.where, "voice": voice,
                        "pcm16k": pcm_path.name, "ulaw8k": ulaw_path.name})
        if progress:
            progress(item, fresh)
    manifest: dict[str, object] = {"flow": flow.name, "prompts": entries}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def write_pcm(path: Path, samples: audio.Pcm, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())


def write_mulaw(path: Path, codes: NDArray[np.uint8]) -> None:
    """An 8 kHz mono G.711 µ-law WAV (format 7), what phone networks and Twilio's <Play> take."""
    data = codes.tobytes()
    fmt = struct.pack("<HHIIHHH", 7, 1, 8000, 8000, 1, 8, 0)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"fact" + struct.pack("<II", 4, len(data))
    body += b"data" + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
