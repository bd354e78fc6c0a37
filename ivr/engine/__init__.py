"""The pure call engine: events in, effects out. No I/O, no clock, no randomness."""

from ivr.engine.effects import DtmfSpec, Effect, Hangup, HttpRequest, Listen, Play, Record, Say, Transfer
from ivr.engine.events import (
    CallerHungUp,
    CallStarted,
    DigitsEntered,
    Event,
    HttpResult,
    NoInput,
    Recorded,
    SpeechRecognized,
    TransferResult,
)
from ivr.engine.state import CallState
from ivr.engine.step import start, step
from ivr.engine.understanding import Understanding, understand

__all__ = [
    "CallState",
    "CallStarted",
    "CallerHungUp",
    "DigitsEntered",
    "DtmfSpec",
    "Effect",
    "Event",
    "Hangup",
    "HttpRequest",
    "HttpResult",
    "Listen",
    "NoInput",
    "Play",
    "Record",
    "Recorded",
    "Say",
    "SpeechRecognized",
    "Transfer",
    "TransferResult",
    "Understanding",
    "start",
    "step",
    "understand",
]
