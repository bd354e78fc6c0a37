"""The compiled flow: an immutable state machine the engine runs.

Produced only by :func:`ivr.flow.compiler.compile_flow`. Every target is resolved, every
listening state carries its grammar and its human escape edge, subflows are inlined (a subflow
called from node ``verify`` has its nodes named ``verify.<id>``) and defaults are filled in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ivr.errors import Diagnostic
from ivr.flow.expr import Expr

HUMAN = "_human"
VOICEMAIL = "_voicemail"
GOODBYE = "_goodbye"
BUILTIN = (HUMAN, VOICEMAIL, GOODBYE)
CONFIRM_BELOW = 0.75
"""A flow's default ``confirm_below``: chosen by measurement (docs/speech.md, "Understanding what callers say")."""
OTHER = "other"
"""Written in an option's ``dtmf``: any key no other option lists (the human key stays the human's)."""
ANY_OTHER_KEY = "any other key"
_KEYPAD = "123456789*#0"


@dataclass(frozen=True)
class Span:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Text:
    """Text in one or more languages; ``"*"`` holds text meant for every language."""

    by_lang: Mapping[str, str]

    def get(self, language: str, default: str) -> str:
        for lang in (language, "*", default):
            if lang in self.by_lang:
                return self.by_lang[lang]
        return next(iter(self.by_lang.values()), "")


@dataclass(frozen=True)
class Prompt:
    """What the caller hears: text (a template), a recording, or a recording with its text."""

    text: Text | None = None
    audio: Text | None = None
    language: str | None = None
    """Spoken in this language whatever the call's (None: the call's language)."""
    voice: str | None = None
    """The text-to-speech voice for this prompt (None: the flow's voice for its language)."""
    parts: tuple[Prompt, ...] = ()
    """A prompt in parts, said one after another, each with its own language and voice (text and audio are None)."""

    def pieces(self) -> tuple[Prompt, ...]:
        """What is said, in order: the parts, or the prompt itself."""
        return self.parts or (self,)

    def seconds(self, language: str, default: str, hours: Mapping[str, Hours] | None = None) -> float:
        """About how long the prompt takes to say; with the flow's ``hours``, the hours it reads out count as said."""
        from ivr.flow.sayas import fixed
        from ivr.flow.text import speech_seconds

        def said(template: str, lang: str) -> str:
            return (fixed(template, hours, lang) or template) if hours else template

        return sum(speech_seconds(said(p.text.get(p.language or language, default), p.language or language)) for p in self.pieces() if p.text)


@dataclass(frozen=True)
class Choice:
    """One menu option, compiled."""

    label: Text
    dtmf: tuple[str, ...]
    phrases: Mapping[str, tuple[str, ...]]  # language (or "*") -> phrases as written
    words: Mapping[str, tuple[tuple[str, ...], ...]]  # language (or "*") -> normalised phrase tokens
    target: str
    set: Mapping[str, Any]
    span: Span
    terms: Mapping[str, tuple[tuple[tuple[str, float], ...], ...]] = field(default_factory=dict)
    """language -> each phrase as the understanding's weighted terms (:func:`ivr.flow.terms.analyse`)"""
    beyond: Mapping[str, tuple[tuple[tuple[str, float], ...], ...]] = field(default_factory=dict)
    """language -> the terms of the phrases of the menu this option leads to, where no other option of its menu leads: what
    choosing it lets the caller do next ("pay a bill" at an "anything else?" menu is its main menu)"""
    other: bool = False
    """The menu's catch-all: any key no option lists picks it (``dtmf: other``); speech never falls into it."""

    def keys_shown(self) -> str:
        """The keys as graphs and option lists show them: ``1,2`` or ``9, any other key``."""
        return ", ".join(filter(None, [",".join(self.dtmf), ANY_OTHER_KEY if self.other else ""]))


@dataclass(frozen=True)
class Grammar:
    """What a listening state accepts: per-language phrases (the human ones included) and keys.

    Derived once, by the compiler; Vosk's phrase list, Twilio's hints, the designer's option list
    and the speech matcher all read it.
    """

    phrases: Mapping[str, tuple[str, ...]]
    dtmf: tuple[str, ...]
    max_digits: int | None
    finish_key: str | None
    any_key: bool = False
    """A catch-all option takes keys outside ``dtmf`` too: channels must pass every key on."""


@dataclass(frozen=True)
class Node:
    id: str
    span: Span

    kind = "node"

    def edges(self) -> list[tuple[str, str]]:
        """(target, kind) for every way out of this node."""
        return []


@dataclass(frozen=True)
class Listening(Node):
    prompt: Prompt
    timeout: float
    retries: int
    no_input: tuple[Prompt, ...]
    no_match: tuple[Prompt, ...]
    barge_in: bool
    reprompt: bool
    human_target: str
    grammar: Grammar

    def edges(self) -> list[tuple[str, str]]:
        return [(self.human_target, "human")]


@dataclass(frozen=True)
class Menu(Listening):
    choices: tuple[Choice, ...] = ()
    kind = "menu"

    def edges(self) -> list[tuple[str, str]]:
        return [(c.target, "option") for c in self.choices] + super().edges()

    @property
    def catch_all(self) -> int | None:
        """The index of the option any other key picks, if the menu has one."""
        return next((i for i, c in enumerate(self.choices) if c.other), None)

    def other_key(self, human: str) -> str | None:
        """A key that picks the catch-all (none of the listed keys, not the human key nor the finish key),
        for simulated callers and tests that press "any other key"."""
        if self.catch_all is None:
            return None
        taken = {*self.grammar.dtmf, human, self.grammar.finish_key}
        return next((k for k in _KEYPAD if k not in taken), None)


@dataclass(frozen=True)
class Collect(Listening):
    slot: str = ""
    input: Literal["digits", "number", "yes_no", "speech"] = "digits"
    min_length: int = 1
    max_length: int | None = None
    finish_key: str = "#"
    min: float | None = None
    max: float | None = None
    valid: Expr | None = None
    invalid: tuple[Prompt, ...] = ()
    confirm: Prompt | None = None
    sensitive: bool = False
    next: str | None = None
    kind = "collect"

    def edges(self) -> list[tuple[str, str]]:
        return ([(self.next, "next")] if self.next else []) + super().edges()


@dataclass(frozen=True)
class Say(Node):
    prompt: Prompt
    barge_in: bool
    next: str | None
    kind = "say"

    def edges(self) -> list[tuple[str, str]]:
        return [(self.next, "next")] if self.next else []


@dataclass(frozen=True)
class Assign(Node):
    values: Mapping[str, Any]  # a str template, an Expr, or a plain value
    next: str | None
    kind = "set"

    def edges(self) -> list[tuple[str, str]]:
        return [(self.next, "next")] if self.next else []


@dataclass(frozen=True)
class Branch(Node):
    cases: tuple[tuple[Expr, str], ...]
    otherwise: str | None
    kind = "branch"

    def edges(self) -> list[tuple[str, str]]:
        out = [(t, "branch") for _, t in self.cases]
        return out + ([(self.otherwise, "else")] if self.otherwise else [])


@dataclass(frozen=True)
class Http(Node):
    method: str
    url: str
    headers: Mapping[str, str]
    body: Any
    timeout: float
    save: Mapping[str, str]
    sensitive: frozenset[str]
    next: str | None
    on_error: str
    kind = "http"

    def edges(self) -> list[tuple[str, str]]:
        return ([(self.next, "next")] if self.next else []) + [(self.on_error, "error")]


@dataclass(frozen=True)
class Transfer(Node):
    queue: str | None
    number: str | None
    announce: Prompt | None
    announce_position: bool
    max_wait: float | None
    on_failure: str
    sip: str | None = None
    person: bool = True  # False: a partner's line or another IVR, announced as nothing but itself
    kind = "transfer"

    def edges(self) -> list[tuple[str, str]]:
        return [(self.on_failure, "failure")]


@dataclass(frozen=True)
class Record(Node):
    prompt: Prompt | None
    slot: str
    max_length: int
    finish_key: str
    beep: bool
    next: str | None
    kind = "record"

    def edges(self) -> list[tuple[str, str]]:
        return [(self.next, "next")] if self.next else []


@dataclass(frozen=True)
class Hangup(Node):
    prompt: Prompt | None
    kind = "hangup"


@dataclass(frozen=True)
class Hours:
    """Opening hours: minutes-of-day ranges per weekday (0 = Monday) and closed dates."""

    name: str
    timezone: str
    weekly: Mapping[int, tuple[tuple[int, int], ...]]
    holidays: frozenset[str]  # "YYYY-MM-DD" or "MM-DD"

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(ZoneInfo(self.timezone)) if at.tzinfo else at.replace(tzinfo=ZoneInfo(self.timezone))
        day: date = local.date()
        if day.isoformat() in self.holidays or day.isoformat()[5:] in self.holidays:
            return False
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.weekly.get(local.weekday(), ()))


@dataclass(frozen=True)
class HumanEscape:
    dtmf: str
    phrases: Mapping[str, tuple[str, ...]]
    words: Mapping[str, tuple[tuple[str, ...], ...]]
    target: str
    terms: Mapping[str, tuple[tuple[tuple[str, float], ...], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Flow:
    """A compiled, validated call flow."""

    name: str
    file: str
    languages: tuple[str, ...]
    voice: Text | None
    start: str
    nodes: Mapping[str, Node]
    human: HumanEscape
    confidence: float
    max_turns: int
    hours: Mapping[str, Hours]
    prompts: Mapping[str, Text]
    files: tuple[str, ...]
    confirm_below: float = CONFIRM_BELOW
    """A menu answer understood with less confidence than this is confirmed with the caller."""
    asr: Literal["twilio", "local"] = "twilio"
    """Who hears callers on a phone line: Twilio's <Gather> speech, or this server's recognizer over Media Streams."""
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False)
    allowed: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)  # node -> check codes it accepts
    locations: Mapping[str, Span] = field(default_factory=dict, compare=False, repr=False)

    @property
    def language(self) -> str:
        """The default language."""
        return self.languages[0]

    def system(self, name: str, language: str) -> str:
        return self.prompts[name].get(language, self.language)

    def where(self, node: str, *path: str | int) -> Span:
        """Where a node, or a field inside it, is written."""
        key = ".".join([node, *map(str, path)])
        while key:
            if key in self.locations:
                return self.locations[key]
            key = key.rpartition(".")[0] if "." in key else ""
        return self.nodes[node].span if node in self.nodes else Span(self.file, 1, 1)
