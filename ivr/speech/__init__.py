"""Speech: recognizers that decide menu branches, and synthetic caller voices for the simulator.

A :class:`Recognizer` turns a caller's audio into a :class:`~ivr.engine.SpeechRecognized` event,
restricted to what the current state listens for (the ``phrases`` of its ``Listen`` effect, which
the compiler derived). Backends live in their own modules and need the ``speech`` extra::

    pip install "ivr[speech]"
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ivr.engine.effects import Listen
from ivr.errors import UsageError

BACKENDS = ("pocketsphinx", "vosk")


@dataclass(frozen=True)
class Recognized:
    """What a recognizer heard in one caller turn: the caller's words as heard (words around a phrase
    kept; speech outside the menu as the words it was, not a phrase), and how likely the engine
    decides on them what it would on the caller's true words. An empty text means someone spoke but
    no word could be made out (the engine hears it as speech not understood, not as silence)."""

    text: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = field(default=())
    audio_seconds: float = 0.0
    decode_seconds: float = 0.0  # compute time spent decoding this turn
    readings: tuple[str, ...] = field(default=())  # other word strings nearly as likely (the n-best), for the engine's agreement


def tokens(phrase: str, numbers: Mapping[str, str] | None = None) -> list[str]:
    """A phrase's words as recognizers' dictionaries spell them: lower case, apostrophes and inner
    hyphens kept ("Wi-Fi" -> "wi-fi"), digits as ``numbers`` says them."""
    out = []
    for token in re.sub(r"[^\w'\-*#]+", " ", phrase.casefold()).split():
        token = token.strip("'-")
        if token:
            out.append(numbers.get(token, token) if numbers else token)
    return out


def spell(phrase: str, known: Callable[[str], bool], numbers: Mapping[str, str] | None = None) -> list[str] | None:
    """``phrase`` in a recognizer's words: each token as itself where the dictionary has it, else its
    hyphenated parts ("wi-fi" -> "wi fi"); None if some word can't be said."""
    out: list[str] = []
    for token in tokens(phrase, numbers):
        parts = [token] if known(token) else [p for p in token.split("-") if p]
        if not parts or not all(known(p) for p in parts):
            return None
        out += parts
    return out


def unknown(phrase: str, known: Callable[[str], bool], numbers: Mapping[str, str] | None = None) -> list[str]:
    """The words of ``phrase`` (as written) a recognizer can't say, so it never hears the phrase."""
    return [t for t in tokens(phrase, numbers) if not known(t) and not all(known(p) for p in t.split("-") if p)]


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


def recognizer(name: str | None = None, model: str | None = None, phone: bool = False) -> Recognizer:
    """The named recognizer backend; by default Vosk where it has a model for the call's language
    (``--model``, ``IVR_VOSK_MODEL`` or a vosk-model-<language> package), else PocketSphinx. ``phone``: the
    caller comes through a phone line (8 kHz, 300-3400 Hz), and PocketSphinx hears with its model adapted to it."""
    if name is None:
        return AutoRecognizer(model, phone)
    if name == "vosk":
        from ivr.speech.kaldi import VoskRecognizer

        return VoskRecognizer(model)
    if name == "pocketsphinx":
        try:
            from ivr.speech.sphinx import SphinxRecognizer
        except ImportError as e:
            raise missing_extra("--asr pocketsphinx", e) from None
        return SphinxRecognizer(phone=phone)
    raise UsageError(f"unknown recognizer {name!r}; choose one of: {', '.join(BACKENDS)}")


class AutoRecognizer:
    """Vosk for languages it has a model for, PocketSphinx (English) otherwise; chosen per turn."""

    name = "auto"
    sample_rate = 16_000

    def __init__(self, model: str | None = None, phone: bool = False) -> None:
        self.configured, self.phone = model, phone
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
            self.backends[name] = recognizer(name, self.configured, self.phone)
        return self.backends[name]

    def recognize(self, listen: Listen, frames: Iterator[bytes],
                  partial: Callable[[str], None] | None = None) -> Recognized | None:
        backend = self.pick(listen.language)
        self.name = backend.name
        return backend.recognize(listen, frames, partial)


Unheard = Callable[[str, str], "list[str] | None"]


@functools.lru_cache(maxsize=1)
def unheard_words() -> Mapping[str, Unheard]:
    """For ``ivr check`` and the designer: per installed recognizer, (language, phrase) -> the phrase's words it
    can never hear, or None where it has no model for the language. Reads dictionaries, loads no model; made
    once per process (the designer checks on every edit)."""
    out: dict[str, Unheard] = {}
    try:
        from ivr.speech.sphinx import vocabulary_check

        out["pocketsphinx"] = vocabulary_check()
    except ImportError:
        pass
    try:
        import vosk  # noqa: F401

        from ivr.speech.kaldi import vocabulary_check as vosk_check

        out["vosk"] = vosk_check()
    except ImportError:
        pass
    return out
