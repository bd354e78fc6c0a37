"""Speech: recognizers that decide menu branches, and synthetic caller voices for the simulator.

A :class:`Recognizer` turns a caller's audio into a :class:`~ivr.engine.SpeechRecognized` event,
restricted to what the current state listens for (the ``phrases`` of its ``Listen`` effect, which
the compiler derived). Backends live in their own modules and need the ``speech`` extra::

    pip install "ivr[speech]"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ivr.engine.effects import Listen
from ivr.errors import UsageError

BACKENDS = ("pocketsphinx", "vosk")


@dataclass(frozen=True)
class Recognized:
    """What a recognizer heard in one caller turn."""

    text: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = field(default=())
    audio_seconds: float = 0.0
    decode_seconds: float = 0.0  # compute time spent decoding this turn


class Recognizer(Protocol):
    """A speech recognizer: one per call (never shared across threads)."""

    name: str
    sample_rate: int

    def recognize(self, listen: Listen, frames: Iterator[bytes],
                  partial: Callable[[str], None] | None = None) -> Recognized | None:
        """Stream 16-bit mono PCM frames until the caller stops speaking; None if nothing was said.
        ``partial`` hears the growing hypothesis while the caller speaks (for barge-in), where the
        backend can give one."""
        ...


def missing_extra(what: str, error: ImportError) -> UsageError:
    return UsageError(f"{what} needs the speech extra ({error.name} is not installed): pip install \"ivr[speech]\"")


def recognizer(name: str | None = None, model: str | None = None) -> Recognizer:
    """The named recognizer backend; by default Vosk where it has a model for the call's language
    (``--model``, ``IVR_VOSK_MODEL`` or a vosk-model-<language> package), else PocketSphinx."""
    if name is None:
        return AutoRecognizer(model)
    if name == "vosk":
        from ivr.speech.kaldi import VoskRecognizer

        return VoskRecognizer(model)
    if name == "pocketsphinx":
        try:
            from ivr.speech.sphinx import SphinxRecognizer
        except ImportError as e:
            raise missing_extra("--asr pocketsphinx", e) from None
        return SphinxRecognizer()
    raise UsageError(f"unknown recognizer {name!r}; choose one of: {', '.join(BACKENDS)}")


class AutoRecognizer:
    """Vosk for languages it has a model for, PocketSphinx (English) otherwise; chosen per turn."""

    name = "auto"
    sample_rate = 16_000

    def __init__(self, model: str | None = None) -> None:
        self.configured = model
        self.backends: dict[str, Recognizer] = {}

    def pick(self, language: str) -> Recognizer:
        from ivr.speech.kaldi import model_dir

        name = "pocketsphinx"
        if model_dir(language, self.configured) is not None:
            try:
                import vosk  # noqa: F401

                name = "vosk"
            except ImportError:
                pass
        if name not in self.backends:
            self.backends[name] = recognizer(name, self.configured)
        return self.backends[name]

    def recognize(self, listen: Listen, frames: Iterator[bytes],
                  partial: Callable[[str], None] | None = None) -> Recognized | None:
        backend = self.pick(listen.language)
        self.name = backend.name
        return backend.recognize(listen, frames, partial)
