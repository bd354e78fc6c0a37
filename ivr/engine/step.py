"""The engine: ``step(flow, state, event) -> (state, effects)``.

Pure: no I/O, no clock, no randomness. Time arrives as events (``NoInput``, ``CallStarted.at``);
the given state is never changed, a new one is returned. Effects tell the channel what to do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from ivr.engine import effects as fx
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
from ivr.engine.understanding import Understanding, asks_for_person, combined, understand
from ivr.flow import sayas
from ivr.flow import text as words
from ivr.flow.expr import Expr
from ivr.flow.machine import (
    Assign,
    Branch,
    Collect,
    Flow,
    Hangup,
    Http,
    Listening,
    Menu,
    Node,
    Prompt,
    Record,
    Say,
    Text,
    Transfer,
)

MAX_AUTO_STEPS = 200  # nodes run for one event before the engine decides the flow is looping
PERSON = -1  # the candidate being confirmed is the human escape, not an option
UNSURE_FLOOR = 0.5  # of the flow's `confidence`: a hearing down to there may still be offered back (chosen in docs/speech.md)
FAILURE_REASONS = {"no_input": "no-input", "no_match": "no-match", "invalid": "no-match"}


def start(flow: Flow, event: CallStarted | None = None) -> tuple[CallState, list[fx.Effect]]:
    """Begin a call: a fresh state stepped with ``CallStarted``."""
    return step(flow, CallState(), event or CallStarted())


def step(flow: Flow, state: CallState, event: Event) -> tuple[CallState, list[fx.Effect]]:
    """Advance one call by one event."""
    run = _Run(flow, state.copy())
    run.handle(event)
    if run.s.ended and not state.ended:
        run.s.forget_sensitive()
    return run.s, run.effects


def hides_input(flow: Flow, state: CallState) -> bool:
    """Whether what the caller keys or says now is kept only as a mask: at a sensitive prompt, whatever
    it turns out to mean (the value, a wrong one, words that match nothing, the way to a person)."""
    node = flow.nodes.get(state.node)
    return isinstance(node, Collect) and node.sensitive


class _Run:
    def __init__(self, flow: Flow, state: CallState) -> None:
        self.flow = flow
        self.s = state
        self.effects: list[fx.Effect] = []

    # -- dispatch --------------------------------------------------------------------------------

    def handle(self, event: Event) -> None:
        s = self.s
        if s.ended:
            return
        if isinstance(event, CallStarted):
            if s.node:
                return
            s.call_id = event.call_id
            s.caller = event.caller
            s.started_at = event.at
            s.language = event.language if event.language in self.flow.languages else self.flow.language
            self.enter(self.flow.start)
            return
        if isinstance(event, CallerHungUp):
            s.outcome, s.awaiting = "hangup", None
            return
        if not s.node:
            return
        node = self.flow.nodes[s.node]
        if isinstance(event, (DigitsEntered, SpeechRecognized, NoInput)) and s.awaiting == "input":
            if isinstance(node, Menu):
                self.menu_input(node, event)
            elif isinstance(node, Collect):
                self.collect_input(node, event)
        elif isinstance(event, HttpResult) and s.awaiting == "http" and isinstance(node, Http):
            self.http_result(node, event)
        elif isinstance(event, TransferResult) and s.awaiting == "transfer" and isinstance(node, Transfer):
            self.transfer_result(node, event)
        elif isinstance(event, Recorded) and s.awaiting == "record" and isinstance(node, Record):
            s.slots[node.slot] = event.url
            s.awaiting = None
            self.enter(node.next)

    # -- moving between nodes ----------------------------------------------------------------------

    def enter(self, target: str | None, *, reason: str | None = None, again: tuple[str, int, int, int] | None = None) -> None:
        """Go to ``target`` and run nodes until one waits for the caller or the network, or the call ends.
        ``again``: (menu, failures, no-inputs, no-matches) kept if the first question reached is that menu."""
        s, flow = self.s, self.flow
        if reason is not None:
            s.reason = reason
        for _ in range(MAX_AUTO_STEPS):
            if target is None:  # a dead end in the flow: never drop the caller
                target = self.to_human_target("dead-end")
            node = flow.nodes[target]
            s.node, s.awaiting = target, None
            s.path.append(target)
            s.failures = s.no_input = s.no_match = 0
            s.phase, s.pending, s.candidates = "ask", None, []
            if isinstance(node, Say):
                self.speak(node.prompt, node, node.barge_in)
                target = node.next
            elif isinstance(node, Assign):
                for name, value in node.values.items():
                    self.assign(name, value)
                target = node.next
            elif isinstance(node, Branch):
                target = next((t for e, t in node.cases if e.evaluate(self.names(), self.is_open)), node.otherwise)
            elif isinstance(node, Http):
                self.http_request(node)
                return
            elif isinstance(node, Listening):
                if again is not None and again[0] == target:
                    s.failures, s.no_input, s.no_match = again[1:]
                    if s.failures > node.retries:
                        self.escalate(node, "no-match")
                        return
                s.turns += 1
                if s.turns > flow.max_turns and target != node.human_target and s.reason != "max-turns":
                    target = self.to_human_target("max-turns", node)
                    continue
                self.ask(node)
                return
            elif isinstance(node, Transfer):
                self.transfer(node)
                return
            elif isinstance(node, Record):
                prompt = node.prompt
                if prompt is not None:
                    self.speak(prompt, node, False, system="voicemail")
                self.effects.append(fx.Record(node.id, node.max_length, node.finish_key, node.beep))
                s.awaiting = "record"
                return
            elif isinstance(node, Hangup):
                self.speak(node.prompt or Prompt(None), node, False, system="goodbye")
                self.effects.append(fx.Hangup(node.id, "completed"))
                s.outcome = "completed"
                return
        # The flow went round without stopping: a loop the static checks warn about.
        if s.reason != "loop":
            self.enter(self.to_human_target("loop"))
        else:
            self.effects.append(fx.Hangup(s.node, "loop"))
            s.outcome = "completed"

    def to_human_target(self, reason: str, node: Node | None = None) -> str:
        """Note why the caller goes to a person, say so if it wasn't their choice, and return where."""
        self.s.reason = reason
        if reason != "caller-asked":
            self.say_system("escalate", node)
        if isinstance(node, Listening):
            return node.human_target
        return self.flow.human.target

    def escalate(self, node: Node, reason: str) -> None:
        self.enter(self.to_human_target(reason, node))

    # -- prompts ---------------------------------------------------------------------------------

    def names(self) -> dict[str, Any]:
        """What templates and conditions can read: variables, then slots, and the call's facts."""
        s = self.s
        return {**s.vars, **s.slots, "language": s.language, "caller": s.caller}

    def shown_names(self) -> dict[str, Any]:
        s = self.s
        return {**s.masked_vars(), **s.masked_slots(), "language": s.language, "caller": s.caller}

    def is_open(self, name: str | None) -> bool:
        hours = self.flow.hours.get(name or "") or (next(iter(self.flow.hours.values())) if len(self.flow.hours) == 1 else None)
        if hours is None or not self.s.started_at:
            return True
        try:
            at = datetime.fromisoformat(self.s.started_at)
        except ValueError:
            return True
        return hours.is_open(at)

    def text_of(self, text: Text | None, system: str | None, extra: Mapping[str, Any] | None = None,
                language: str | None = None) -> tuple[str, tuple[fx.Part, ...]]:
        """The prompt filled in as the caller hears it (say-as values spelled out), and its say-as parts."""
        lang, default = language or self.s.language, self.flow.language
        template = text.get(lang, default) if text is not None and text.by_lang else (
            self.flow.system(system, lang) if system else "")
        if "{" not in template:
            return template, ()
        return sayas.speak(template, {**self.shown_names(), **(extra or {})}, lang, hours=self.flow.hours, now=self.started())

    def started(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.s.started_at) if self.s.started_at else None
        except ValueError:
            return None

    def voice(self, language: str) -> str | None:
        """The flow's voice for ``language``; a part in a language the flow doesn't list gets only a voice
        given for that language (the flow's voice speaks its own languages)."""
        voice = self.flow.voice
        if voice is None:
            return None
        return voice.get(language, self.flow.language) if language in self.flow.languages else voice.by_lang.get(language)

    def speak(self, prompt: Prompt, node: Node, barge_in: bool, *, system: str | None = None,
              extra: Mapping[str, Any] | None = None) -> None:
        """Say a prompt, part by part: each part in its own language and voice (default: the call's)."""
        for part in prompt.pieces():
            lang = part.language or self.s.language
            text, parts = self.text_of(part.text, system if part.audio is None else None, extra, lang)
            if part.audio is not None:
                audio = part.audio.get(lang, self.flow.language)
                self.effects.append(fx.Play(audio, text, lang, node.id, barge_in))
            elif text:
                self.effects.append(fx.Say(text, lang, node.id, part.voice or self.voice(lang), barge_in, parts))

    def say_system(self, name: str, node: Node | None, extra: Mapping[str, Any] | None = None) -> None:
        self.speak(Prompt(None), node or self.flow.nodes[self.s.node], False, system=name, extra=extra)

    # -- listening -------------------------------------------------------------------------------

    def ask(self, node: Listening, retry: Prompt | None = None, retry_system: str | None = None) -> None:
        s = self.s
        if retry is not None or retry_system is not None:
            self.speak(retry or Prompt(None), node, node.barge_in, system=retry_system)
        if s.phase == "confirm" and isinstance(node, Collect):
            confirm = node.confirm or Prompt(None)
            shown = words.MASK if node.sensitive else self.spoken_value(s.pending, s.language)
            self.speak(confirm, node, node.barge_in, system="confirm", extra={"value": shown})
            yes, no = words.YES_NO.get(s.language, words.YES_NO["en"])
            phrases = (*yes, *no, *self.flow.human.phrases.get(s.language, ()))
            self.listen(node, phrases, fx.DtmfSpec(("1", "2", self.flow.human.dtmf), 1, None), "confirm")
            return
        if retry is None and retry_system is None or node.reprompt:
            self.speak(node.prompt, node, node.barge_in)
        asked = asking(node, s.language)
        self.listen(node, asked.phrases, asked.dtmf, asked.mode)

    def listen(self, node: Listening, phrases: tuple[str, ...], dtmf: fx.DtmfSpec, mode: Any) -> None:
        self.effects.append(fx.Listen(node.id, self.s.language, tuple(phrases), dtmf, node.timeout, node.barge_in, mode))
        self.s.awaiting = "input"

    def fail(self, node: Listening, kind: str) -> None:
        """A no-input, no-match or invalid answer: re-ask with the next escalating prompt, or hand over."""
        s = self.s
        s.failures += 1
        if kind == "no_input":
            s.no_input += 1
        else:
            s.no_match += 1
        if s.failures > node.retries:
            s.awaiting = None
            self.escalate(node, FAILURE_REASONS[kind])
            return
        s.turns += 1
        if s.turns > self.flow.max_turns and s.node != node.human_target:
            s.awaiting = None
            self.escalate(node, "max-turns")
            return
        if s.phase == "disambiguate" or s.phase == "confirm" and isinstance(node, Menu):
            s.phase, s.candidates = "ask", []
        count = s.no_input if kind == "no_input" else s.no_match
        prompts = node.no_input if kind == "no_input" else node.no_match
        if kind == "invalid" and isinstance(node, Collect) and node.invalid:
            prompts = node.invalid
        retry = prompts[min(count, len(prompts)) - 1] if prompts else None
        self.ask(node, retry, "no_input" if kind == "no_input" else "no_match")

    def record_said(self, node: Listening, event: DigitsEntered | SpeechRecognized, meaning: str | None,
                    understood: float | None = None, *options: str) -> None:
        """Keep the caller's answer as it may be shown: only a mask at a sensitive prompt, and elsewhere
        with any secret given before masked in it ("my PIN 4921 didn't work, a person please"). For speech
        at a menu, also how sure the engine was (``understood``) and the options it thought of, so the person
        who takes the call sees what the caller seemed to want."""
        entry: dict[str, Any] = {"node": node.id}
        sensitive = hides_input(self.flow, self.s)
        if isinstance(event, DigitsEntered):
            entry |= {"input": "dtmf", "text": words.MASK if sensitive else self.s.scrub(event.digits)}
        else:
            entry |= {"input": "speech", "text": words.MASK if sensitive else self.s.scrub(event.text),
                      "confidence": None if event.confidence is None else round(event.confidence, 3)}
        entry["meaning"] = meaning
        if understood is not None:
            entry["understood"] = round(understood, 3)
        if options:
            entry["options"] = list(options)
        self.s.said.append(entry)

    def menu_input(self, node: Menu, event: DigitsEntered | SpeechRecognized | NoInput) -> None:
        s, human = self.s, self.flow.human
        if isinstance(event, NoInput):
            self.fail(node, "no_input")
            return
        if s.phase == "confirm":
            self.menu_confirm(node, event)
            return
        allowed = s.candidates if s.phase == "disambiguate" else None
        if isinstance(event, DigitsEntered):
            digits = event.digits.rstrip("#") if node.grammar.finish_key else event.digits
            if digits == human.dtmf:
                self.record_said(node, event, "human")
                self.to_human(node)
                return
            for i, choice in enumerate(node.choices):
                if digits in choice.dtmf and (allowed is None or i in allowed):
                    self.record_said(node, event, self.label(node, i))
                    self.choose(node, i)
                    return
            other = node.catch_all
            if other is not None and digits and (allowed is None or other in allowed):
                self.record_said(node, event, self.label(node, other))
                self.choose(node, other)
                return
            self.record_said(node, event, None)
            self.fail(node, "no_match")
            return
        result, sure, unsure = self.understand(node, event, allowed)
        if result.kind == "human" and unsure:
            self.ask_confirm(node, event, PERSON, sure)
        elif result.kind == "human":
            self.record_said(node, event, "human", sure)
            self.to_human(node)
        elif result.kind == "option" and result.choice is not None:
            i = result.choice
            if (sure < self.flow.confirm_below or unsure) and not result.by_key:
                self.ask_confirm(node, event, i, sure)
                return
            self.record_said(node, event, self.label(node, i), sure)
            self.choose(node, i)
        elif result.kind == "ambiguous" and s.phase != "disambiguate":
            self.record_said(node, event, "ambiguous", sure, *(self.label(node, i) for i in result.candidates[:2]))
            self.disambiguate(node, result.candidates[:2])
        else:
            self.record_said(node, event, None, sure or result.confidence, *(self.label(node, i) for i in result.candidates[:1]))
            self.fail(node, "no_match")

    def understand(self, node: Menu, event: SpeechRecognized, allowed: list[int] | None) -> tuple[Understanding, float, bool]:
        """The best reading of what was heard (of the recognizer's alternatives too), how sure the engine is
        of it (the understanding's confidence and the recognizer's together), and whether the hearing was
        unsure. Speech with no text, or heard below half the flow's ``confidence``, is understood as nothing
        (a no-match). A hearing between half the flow's ``confidence`` and it is unsure: an option or a person
        read from it is only offered back ("Did you want billing?"), never taken at once, and a spoken key or a
        choice between two is not read from it at all (a confirmation costs the caller a "yes"; a re-ask the
        whole request). A flow that never confirms (``confirm_below: 0``) ignores unsure hearings."""
        s, flow = self.s, self.flow
        understood: dict[str, Understanding] = {}

        def read(text: str) -> Understanding:  # the best reading is read once, for the readings' agreement and for the decision
            if text not in understood:
                understood[text] = understand(text, s.language, node.choices, flow.human, allowed)
            return understood[text]

        best, sure, doubt = Understanding(), 0.0, False
        first = None if self.readings_agree(event, read) else event.confidence  # none: the words alone decide
        for text, confidence in ((event.text, first), *event.alternatives):
            heard = 1.0 if confidence is None else confidence
            unsure = heard < flow.confidence
            if not text.strip() or (unsure and (heard < flow.confidence * UNSURE_FLOOR or flow.confirm_below <= 0)):
                continue
            result = read(text)
            if result.kind == "none" or (unsure and (result.kind == "ambiguous" or result.by_key)):
                if best.kind == "none" and result.kind == "none" and result.confidence > best.confidence:
                    best = result
                continue
            value = result.confidence if confidence is None else combined(result.confidence, confidence)  # none given: the words alone
            if best.kind == "none" or value > sure:
                best, sure, doubt = result, value, unsure
        return best, sure, doubt

    def readings_agree(self, event: SpeechRecognized, read: Callable[[str], Understanding]) -> bool:
        """Whether every reading the recognizer weighed (``event.readings``: its other n-best word strings) is understood
        as its best one is, the same option or a person, not by a spoken key: the words it doubts then don't change the
        decision, and the hearing is as sure as the words' meaning (docs/speech.md, "Readings that agree"). A hearing
        below the unsure floor is still nothing."""
        flow = self.flow
        if not event.readings or event.confidence is None or event.confidence < flow.confidence * UNSURE_FLOOR or not event.text.strip():
            return False
        best = read(event.text)
        if best.kind not in ("option", "human") or best.by_key:
            return False
        for reading in event.readings:
            other = read(reading)
            if other.kind != best.kind or other.choice != best.choice or other.by_key:
                return False
        return True

    def label(self, node: Menu, index: int) -> str:
        return node.choices[index].label.get(self.s.language, self.flow.language)

    def shown_label(self, node: Menu, index: int) -> str:
        return words.render(self.label(node, index), self.shown_names())

    def ask_confirm(self, node: Menu, event: SpeechRecognized, index: int, sure: float) -> None:
        """"Did you want billing?" (``index`` PERSON: "Did you want to speak to a person?"): yes (or 1) takes it,
        no (or 2) asks the menu again. The menu's own phrases are listened for too, so "no, the internet" can be heard."""
        s = self.s
        person = words.PERSON_OPTION.get(s.language, words.PERSON_OPTION["en"])
        self.record_said(node, event, "confirm", sure, person if index == PERSON else self.label(node, index))
        s.phase, s.candidates = "confirm", [index]
        self.say_system("confirm_option", node, {"option": person if index == PERSON else self.shown_label(node, index)})
        yes, no = words.YES_NO.get(s.language, words.YES_NO["en"])
        phrases = dict.fromkeys((*yes, *no, *node.grammar.phrases.get(s.language, ())))
        self.listen(node, tuple(phrases), fx.DtmfSpec(("1", "2", self.flow.human.dtmf), 1, None), "confirm")

    def disambiguate(self, node: Menu, candidates: tuple[int, ...]) -> None:
        """"Did you mean billing or internet?": only those two (and a person) are listened for."""
        s, human = self.s, self.flow.human
        s.phase, s.candidates = "disambiguate", list(candidates)
        labels = [self.shown_label(node, i) for i in candidates]
        self.say_system("ambiguous", node, {"options": words.join_or(labels, s.language)})
        phrases = tuple(p for i in candidates for p in (*node.choices[i].phrases.get(s.language, ()),
                                                         *node.choices[i].phrases.get("*", ())))
        keys = tuple(k for i in candidates for k in node.choices[i].dtmf)
        self.listen(node, (*phrases, *human.phrases.get(s.language, ())),
                    fx.DtmfSpec((*keys, human.dtmf), node.grammar.max_digits, node.grammar.finish_key), "disambiguate")

    def menu_confirm(self, node: Menu, event: DigitsEntered | SpeechRecognized) -> None:
        """The caller's answer to "Did you want billing?". Yes takes the option; no asks the menu again (a
        failed try, so a caller who never gets understood still reaches a person); anything else is
        heard as a fresh answer to the menu ("no, internet", a key, another option's words)."""
        s, human = self.s, self.flow.human
        index = s.candidates[0] if s.candidates else 0
        answer: bool | None = None
        if isinstance(event, DigitsEntered):
            digits = event.digits.rstrip("#")
            if digits == human.dtmf:
                self.record_said(node, event, "human")
                self.to_human(node)
                return
            answer = {"1": True, "2": False}.get(digits)
        elif event.placed(self.flow.confidence):
            if asks_for_person(event.text, s.language, human):
                self.record_said(node, event, "human")
                self.to_human(node)
                return
            answer = words.yes_no(event.text, s.language)
            if answer is False:
                other, sure, unsure = self.understand(node, event, None)
                if other.kind == "option" and other.choice not in (None, index) and sure >= self.flow.confirm_below and not unsure:
                    answer = None  # "no, internet": a fresh answer
        if answer is True:
            self.record_said(node, event, "yes")
            if index == PERSON:
                self.to_human(node)
            else:
                self.choose(node, index)
            return
        s.phase, s.candidates = "ask", []
        if answer is False:
            self.record_said(node, event, "no")
            s.failures += 1
            s.no_match += 1
            if s.failures > node.retries:
                s.awaiting = None
                self.escalate(node, "no-match")
                return
            self.ask(node)
            return
        self.menu_input(node, event)

    def choose(self, node: Menu, index: int) -> None:
        """Take an option. The catch-all is a try that failed if it leads straight back to this menu (Twilio's
        "any other key returns to the main menu"): the counts go on there, so retries still end with a person."""
        s = self.s
        choice = node.choices[index]
        s.reason = None
        for name, value in choice.set.items():
            self.assign(name, value)
        s.awaiting = None
        again = (node.id, s.failures + 1, s.no_input, s.no_match + 1) if choice.other else None
        self.enter(choice.target, again=again)

    def to_human(self, node: Listening) -> None:
        self.s.awaiting = None
        self.enter(self.to_human_target("caller-asked", node))

    def collect_input(self, node: Collect, event: DigitsEntered | SpeechRecognized | NoInput) -> None:
        s, human = self.s, self.flow.human
        if isinstance(event, NoInput):
            self.fail(node, "no_input")
            return
        asked_human = False
        if isinstance(event, DigitsEntered):
            asked_human = event.digits.removesuffix(node.finish_key) == human.dtmf
        else:
            asked_human = event.placed(self.flow.confidence) and asks_for_person(event.text, s.language, human)
        if asked_human:
            self.record_said(node, event, "human")
            self.to_human(node)
            return
        if s.phase == "confirm":
            if isinstance(event, DigitsEntered):
                answer = {"1": True, "2": False}.get(event.digits.rstrip("#"))
            else:
                answer = words.yes_no(event.text, s.language) if event.placed(self.flow.confidence) else None
            self.record_said(node, event, {True: "yes", False: "no", None: None}[answer])
            if answer is True:
                self.store(node, s.pending)
            elif answer is False:
                s.failures += 1
                if s.failures > node.retries:
                    s.awaiting = None
                    self.escalate(node, "no-match")
                    return
                s.phase, s.pending = "ask", None
                self.ask(node)
            else:
                self.fail(node, "no_match")
            return
        value = self.parse_value(node, event)
        if value is None:
            self.record_said(node, event, None)
            self.fail(node, "no_match")
            return
        if not self.is_valid(node, value):
            self.record_said(node, event, "invalid")
            self.fail(node, "invalid")
            return
        self.record_said(node, event, "value")
        if node.confirm is not None:
            s.phase, s.pending = "confirm", value
            self.ask(node)
            return
        self.store(node, value)

    def parse_value(self, node: Collect, event: DigitsEntered | SpeechRecognized) -> Any:
        lang = self.s.language
        if isinstance(event, DigitsEntered):
            entry = event.digits[:-1] if event.digits.endswith(node.finish_key) else event.digits
            if node.input == "yes_no":
                return {"1": True, "2": False}.get(entry)
            if node.input == "number":  # ASCII keys only ("²" is a digit to isdigit), short of int()'s 4,300-digit limit
                return int(entry) if entry.isascii() and entry.isdigit() and len(entry) <= 64 else None
            return entry if entry else None
        if not event.placed(self.flow.confidence):
            return None
        if node.input == "digits":
            return words.spoken_digits(event.text, lang)
        if node.input == "number":
            try:
                number = words.spoken_number(event.text, lang)
            except (OverflowError, ValueError):  # hundreds of spoken digits
                return None
            if number is None or not math.isfinite(number):
                return None
            return int(number) if number.is_integer() else number
        if node.input == "yes_no":
            return words.yes_no(event.text, lang)
        return event.text.strip() or None

    def is_valid(self, node: Collect, value: Any) -> bool:
        if node.input == "digits":
            if not str(value).isdigit() or len(value) < node.min_length:
                return False
            if node.max_length is not None and len(value) > node.max_length:
                return False
        if node.input == "number":
            if node.min is not None and value < node.min:
                return False
            if node.max is not None and value > node.max:
                return False
        if node.valid is not None:
            return bool(node.valid.evaluate({**self.names(), "value": value}, self.is_open))
        return True

    def store(self, node: Collect, value: Any) -> None:
        s = self.s
        s.reason = None
        s.slots[node.slot] = value
        if node.sensitive and node.slot not in s.sensitive:
            s.sensitive.append(node.slot)
        s.awaiting = None
        self.enter(node.next)

    @staticmethod
    def spoken_value(value: Any, language: str) -> str:
        if isinstance(value, bool):
            yes, no = words.YES_NO.get(language, words.YES_NO["en"])
            return yes[0] if value else no[0]
        if isinstance(value, str) and value.isdigit():
            return " ".join(value)  # read digits one by one
        return str(value)

    # -- variables -------------------------------------------------------------------------------

    def assign(self, name: str, value: Any) -> None:
        if self.reads_sensitive(value) and name != "language" and name not in self.s.sensitive:
            self.s.sensitive.append(name)  # a copy of a PIN is as secret as the PIN
        if isinstance(value, Expr):
            value = value.evaluate(self.names(), self.is_open)
        elif isinstance(value, str) and "{" in value:
            value = self.fill(value)
        if name == "language":
            if value in self.flow.languages:
                self.s.language = value
            return
        if name in self.s.slots:
            self.s.slots[name] = value
        else:
            self.s.vars[name] = value

    def reads_sensitive(self, value: Any) -> bool:
        """Whether a ``set`` value is made from a sensitive slot or variable."""
        if isinstance(value, Expr):
            read: set[str] = set(value.names)
        elif isinstance(value, str) and "{" in value:
            read = {name.split(".", 1)[0] for name in words.template_names(value)}
        else:
            return False
        return not read.isdisjoint(self.s.sensitive)

    def fill(self, template: str, encode: bool = False) -> Any:
        """A template with real values (sensitive ones too): for web requests and variables.
        A template that is exactly one ``{name}`` keeps the value's type."""
        names = words.template_names(template)
        if len(names) == 1 and template.strip() == "{" + names[0] + "}" and not encode:
            return words.lookup_path(self.names(), names[0])
        return words.render(template, self.names(), (lambda v: quote(v, safe="")) if encode else None)

    def fill_json(self, body: Any) -> Any:
        if isinstance(body, str):
            return self.fill(body)
        if isinstance(body, list):
            return [self.fill_json(b) for b in body]
        if isinstance(body, dict):
            return {k: self.fill_json(v) for k, v in body.items()}
        return body

    # -- web requests ----------------------------------------------------------------------------

    def http_request(self, node: Http) -> None:
        self.effects.append(fx.HttpRequest(
            node=node.id,
            method=node.method,
            url=self.fill(node.url, encode=True),
            headers={k: words.render(v, self.names()) for k, v in node.headers.items()},
            body=self.fill_json(node.body),
            timeout=node.timeout,
        ))
        self.s.awaiting = "http"

    def http_result(self, node: Http, event: HttpResult) -> None:
        s = self.s
        s.awaiting = None
        ok = event.error is None and event.status is not None and 200 <= event.status < 300
        saved: dict[str, Any] = {}
        if ok:
            for slot, path in node.save.items():
                value = _dig(event.body, path)
                if value is _MISSING:
                    ok, event = False, HttpResult(event.status, event.body, f"no {path!r} in the response")
                    break
                saved[slot] = value
        if ok:
            s.slots.update(saved)
            s.sensitive.extend(n for n in node.sensitive if n not in s.sensitive)
            s.vars.pop("http_error", None)
            self.enter(node.next)
            return
        s.vars["http_error"] = event.error or f"HTTP {event.status}"
        if node.on_error == self.flow.human.target:
            self.escalate(node, "system-error")
        else:
            self.enter(node.on_error)

    # -- hand-over -------------------------------------------------------------------------------

    def context(self, node: Transfer) -> dict[str, Any]:
        """What the person taking the call sees, so the caller never repeats themselves."""
        s = self.s
        return {
            "reason": s.reason or "flow",
            "language": s.language,
            "caller": s.caller,
            "slots": s.masked_slots(),
            "vars": s.masked_vars(),
            "said": list(s.said),
            "path": list(s.path),
            "flow": self.flow.name,
        }

    def transfer(self, node: Transfer) -> None:
        s = self.s
        if node.announce is not None:
            self.speak(node.announce, node, False)
        elif node.person and s.reason in (None, "caller-asked"):
            self.say_system("human", node)
        context = self.context(node)
        self.effects.append(fx.Transfer(node.id, node.queue, node.number, context, node.announce_position, node.max_wait,
                                        node.sip))
        s.transfer = {"node": node.id, "queue": node.queue, "number": node.number, "context": context}
        if node.sip:
            s.transfer["sip"] = node.sip
        s.awaiting = "transfer"

    def transfer_result(self, node: Transfer, event: TransferResult) -> None:
        s = self.s
        s.awaiting = None
        if event.status == "answered":
            s.outcome = "transferred"
            return
        s.transfer = None
        s.vars["transfer_status"] = event.status
        self.enter(node.on_failure)


_MISSING = object()


def _dig(body: Any, path: str) -> Any:
    cur = body
    for part in path.split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and part.lstrip("-").isdigit() and -len(cur) <= int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return _MISSING
    return cur


def asking(node: Listening, language: str) -> fx.Listen:
    """What a listening state listens for when it asks its question in ``language``."""
    grammar = node.grammar
    spec = fx.DtmfSpec(grammar.dtmf, grammar.max_digits, grammar.finish_key, grammar.any_key)
    return fx.Listen(node.id, language, tuple(grammar.phrases.get(language, ())), spec, node.timeout, node.barge_in,
                     "menu" if isinstance(node, Menu) else "collect")


def listens(flow: Flow) -> list[fx.Listen]:
    """Every question the flow can ask, in each of its languages: what a recognizer prepares ahead of a call
    so that no caller's answer waits while a state's search is built."""
    return [asking(node, language) for node in flow.nodes.values() if isinstance(node, Listening) for language in flow.languages]
