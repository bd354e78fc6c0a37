"""Speech: recognizers that decide menu branches, and synthetic caller voices for the simulator.

A :class:`Recognizer` turns a caller's audio into a :class:`~ivr.engine.SpeechRecognized` event,
restricted to what the current state listens for (the ``phrases`` of its ``Listen`` effect, which
the compiler derived). Backends live in their own modules and need the ``speech`` extra::

    pip install "ivr[speech]"
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ivr.engine.effects import Listen
from ivr.errors import UsageError

BACKENDS = ("pocketsphinx",)


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

    def recognize(self, listen: Listen, frames: Iterator[bytes]) -> Recognized | None:
        """Stream 16-bit mono PCM frames until the caller stops speaking; None if nothing was said."""
        ...


def missing_extra(what: str, error: ImportError) -> UsageError:
    return UsageError(f"{what} needs the speech extra ({error.name} is not installed): pip install \"ivr[speech]\"")


def recognizer(name: str = "pocketsphinx") -> Recognizer:
    """The named recognizer backend."""
    if name == "pocketsphinx":
        try:
            from ivr.speech.sphinx import SphinxRecognizer
        except ImportError as e:
            raise missing_extra("--asr pocketsphinx", e) from None
        return SphinxRecognizer()
    raise UsageError(f"unknown recognizer {name!r}; choose one of: {', '.join(BACKENDS)}")
