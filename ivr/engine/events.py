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
    """A final recognition result, with up to N alternatives as (text, confidence)."""

    text: str
    confidence: float = 1.0
    alternatives: tuple[tuple[str, float], ...] = field(default=())


@dataclass(frozen=True)
class NoInput:
    """The caller said and pressed nothing before the timeout."""


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
