"""What happens on a call, as the engine hears it. Channels turn their native input into these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class CallStarted:
    """A call was answered. ``at`` is an ISO 8601 time (business hours use it); ``language``
    overrides the flow's default language (e.g. from the dialled number)."""

    call_id: str = ""
    caller: str | None = None
    at: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class DigitsEntered:
    """Keys pressed, like "1" or "12345#"."""

    digits: str


@dataclass(frozen=True)
class SpeechRecognized:
    """A final recognition result, with up to N alternatives as (text, confidence).

    ``confidence`` is the recognizer's, in [0, 1]: typed text is 1.0; None when the recognizer gave none, and then
    the understanding's own confidence decides alone (never a no-match for it, nor a certainty). Below the flow's ``confidence`` a
    result is not used; above it, the engine weighs it with how well the words are understood, and
    confirms a menu answer it is unsure of (the flow's ``confirm_below``).

    The caller spoke but nothing usable was recognized (speech outside the grammar, noise, a word the
    model can't place): send ``SpeechRecognized("", 0.0)`` (:meth:`unrecognized`). The engine takes the
    no-match path ("Sorry, I didn't understand") and records that the caller spoke. Send
    :class:`NoInput` only when the caller said nothing at all (the "I didn't hear you" path).

    ``readings`` are other word strings the recognizer found nearly as likely as ``text`` (its n-best), never acted on
    alone: when every one of them means what ``text`` means at the menu, the words it doubts don't matter and the
    engine weighs the meaning alone, as for a hearing without a confidence.
    """

    text: str
    confidence: float | None = 1.0
    alternatives: tuple[tuple[str, float], ...] = field(default=())
    readings: tuple[str, ...] = field(default=())

    def placed(self, threshold: float) -> bool:
        """Whether the recognizer is sure enough of ``text`` to use it: its confidence is ``threshold`` or more, or it
        gave none (Twilio's SpeechResult may come without a Confidence), so what the words mean decides alone."""
        return self.confidence is None or self.confidence >= threshold

    @classmethod
    def unrecognized(cls) -> SpeechRecognized:
        """The caller spoke, but the recognizer could place none of it."""
        return cls("", 0.0)


@dataclass(frozen=True)
class NoInput:
    """The caller said and pressed nothing before the timeout (for speech nobody could place, see
    :meth:`SpeechRecognized.unrecognized`)."""


@dataclass(frozen=True)
class CallerHungUp:
    """The caller hung up."""


@dataclass(frozen=True)
class HttpResult:
    """The answer to an HttpRequest: a status and JSON body, or an error (timeout, refused, bad JSON)."""

    status: int | None = None
    body: Any = None
    error: str | None = None


@dataclass(frozen=True)
class TransferResult:
    """How a transfer went. ``long-wait`` means the expected wait was above the node's max_wait."""

    status: Literal["answered", "busy", "no-answer", "failed", "long-wait"]
    wait: float | None = None


@dataclass(frozen=True)
class Recorded:
    """A recording finished; ``url`` is where the channel stored it."""

    url: str | None
    duration: float = 0.0


Event = CallStarted | DigitsEntered | SpeechRecognized | NoInput | CallerHungUp | HttpResult | TransferResult | Recorded
