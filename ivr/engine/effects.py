"""What the engine asks a channel to do. Channels turn these into TwiML, audio or terminal output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ivr.flow.sayas import Part as Part
from ivr.flow.sayas import SayAs as SayAs


@dataclass(frozen=True)
class Say:
    """Speak ``text`` (already filled in, sensitive slots masked) in ``language``."""

    text: str
    language: str
    node: str
    voice: str | None = None
    barge_in: bool = True
    parts: tuple[Part, ...] = ()
    """The text again, with the values a TTS engine with SSML reads itself (``{rx:digits}``) as :class:`SayAs`;
    empty when there are none. ``text`` has them spelled out in words."""


@dataclass(frozen=True)
class Play:
    """Play a recorded file; ``text`` is its transcript, spoken instead when the file can't be played."""

    audio: str
    text: str
    language: str
    node: str
    barge_in: bool = True


@dataclass(frozen=True)
class DtmfSpec:
    keys: tuple[str, ...]
    max_digits: int | None
    finish_key: str | None
    any_key: bool = False
    """Keys outside ``keys`` mean something too (a menu's "any other key"): pass every key on."""

    def shown(self) -> str:
        """The keys as a listening display shows them: ``1 2 0`` or ``1 2 0, any other key``."""
        return " ".join(self.keys) + (", any other key" if self.any_key else "")


@dataclass(frozen=True)
class Listen:
    """Wait for the caller: speech restricted to ``phrases`` (empty: free speech) or keys."""

    node: str
    language: str
    phrases: tuple[str, ...]
    dtmf: DtmfSpec
    timeout: float
    barge_in: bool
    mode: Literal["menu", "collect", "confirm", "disambiguate"] = "menu"


@dataclass(frozen=True)
class HttpRequest:
    node: str
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    timeout: float = 5.0


@dataclass(frozen=True)
class Transfer:
    """Hand the call to people. ``context`` is everything the caller already gave, so they never repeat it."""

    node: str
    queue: str | None
    number: str | None
    context: dict[str, Any]
    announce_position: bool = True
    max_wait: float | None = None
    sip: str | None = None


@dataclass(frozen=True)
class Record:
    node: str
    max_length: int
    finish_key: str
    beep: bool = True


@dataclass(frozen=True)
class Hangup:
    node: str
    reason: str = "completed"


Effect = Say | Play | Listen | HttpRequest | Transfer | Record | Hangup
