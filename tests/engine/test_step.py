"""Table-driven engine tests: events in, state and effects out, no mocks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ivr.engine import (
    CallerHungUp,
    CallStarted,
    CallState,
    DigitsEntered,
    HttpResult,
    NoInput,
    Recorded,
    SpeechRecognized,
    TransferResult,
    start,
    step,
)
from ivr.engine import effects as fx
from ivr.flow import compile_flow
from ivr.flow.text import normalize

FLOW = """
name: test
languages: [en, es]
retries: 2
confidence: 0.5
hours:
  office:
    timezone: America/New_York
    open: {mon-fri: "09:00-17:00"}
    holidays: ["12-25"]
nodes:
  main:
    type: menu
    prompt: {en: "Main menu.", es: "Menú principal."}
    no_match: [{en: "Try again.", es: "Otra vez."}, {en: "Say billing or press 1.", es: "Diga facturación."}]
    no_input: {en: "Are you there?", es: "¿Sigue ahí?"}
    options:
      - dtmf: 1
        phrases: {en: [billing, pay my bill], es: [facturacion]}
        next: account
      - dtmf: 2
        phrases: {en: [lost card, stolen card], es: [tarjeta perdida]}
        next: cards
      - dtmf: 3
        phrases: {en: [new card, card upgrade], es: [tarjeta nueva]}
        next: cards
      - dtmf: 4
        phrases: {en: [espanol, spanish], es: [espanol]}
        set: {language: es}
        next: main
      - dtmf: 5
        phrases: {en: [hours], es: [horario]}
        next: hours
  account:
    type: collect
    prompt: "Enter your account number."
    min_length: 4
    max_length: 6
    sensitive: true
    next: amount
  amount:
    type: collect
    kind: number
    prompt: "How much?"
    min: 1
    max: 500
    valid: "value != 13"
    invalid: "That amount is not allowed."
    next: sure
  sure:
    type: collect
    kind: yes_no
    prompt: "Pay {amount} dollars?"
    next: pay
  pay:
    type: http
    method: POST
    url: "https://api.example.com/pay/{account}"
    body: {account: "{account}", amount: "{amount}", note: "paid {amount}"}
    save: {receipt: data.receipt}
    next: done
    on_error: failed
  done:
    type: hangup
    prompt: "Receipt {receipt}. Goodbye."
  failed:
    type: say
    prompt: "We could not take the payment."
    next: cards
  cards:
    type: transfer
    queue: cards
    max_wait: 300
    on_failure: callback
  callback:
    type: collect
    prompt: "Enter a number to call you back."
    min_length: 10
    max_length: 10
    confirm: true
    next: bye
  bye:
    type: hangup
  hours:
    type: branch
    when:
      - if: "open('office')"
        next: open_now
    else: closed
  open_now:
    type: say
    prompt: "We are open."
    next: main
  closed:
    type: voicemail
"""


@pytest.fixture(scope="module")
def flow():  # type: ignore[no-untyped-def]
    return compile_flow(FLOW, "test.yaml")


def run(flow: Any, *events: Any, at: str = "2026-11-24T10:00:00-05:00") -> tuple[CallState, list[fx.Effect], list[fx.Effect]]:
    """Start a call, send events; returns the final state, the last effects and all effects."""
    state, effects = start(flow, CallStarted("c1", "+15550001", at))
    every = list(effects)
    for e in events:
        state, effects = step(flow, state, e)
        every += effects
    return state, effects, every


def said(effects: list[fx.Effect]) -> list[str]:
    return [e.text for e in effects if isinstance(e, (fx.Say, fx.Play))]


def D(d: str) -> DigitsEntered:
    return DigitsEntered(d)


def S(text: str, confidence: float = 0.9, *alts: tuple[str, float]) -> SpeechRecognized:
    return SpeechRecognized(text, confidence, tuple(alts))


# (name, events, expected node, expected outcome)
ROUTES = [
    ("dtmf picks option", [D("1")], "account", None),
    ("phrase picks option", [S("billing")], "account", None),
    ("phrase inside a sentence", [S("I want to pay my bill please")], "account", None),
    ("words in order with a gap", [S("I lost my card")], "cards", None),
    ("number word picks key", [S("two")], "cards", None),
    ("press phrase picks key", [S("press one")], "account", None),
    ("punctuation and case", [S("BILLING!!")], "account", None),
    ("inflection: billings is billing", [S("billings")], "account", None),
    ("word boundary: a cardigan is not a card", [S("cardigan")], "main", None),
    ("low confidence is a no-match", [S("billing", 0.2)], "main", None),
    ("alternative used when best matches nothing", [S("fill in", 0.8, ("billing", 0.7))], "account", None),
    ("spanish after switching language", [D("4"), S("facturación")], "account", None),
    ("agent phrase escapes", [S("agent")], "_human", None),
    ("representative in a sentence escapes", [S("can I talk to a representative")], "_human", None),
    ("key 0 escapes", [D("0")], "_human", None),
    ("spoken zero escapes: every prompt says press 0", [S("zero")], "_human", None),
    ("press zero escapes", [S("press zero")], "_human", None),
    ("option zero escapes", [S("option zero please")], "_human", None),
    ("somebody, in a sentence, escapes", [S("uh can I just talk to somebody")], "_human", None),
    ("put me through escapes", [S("put me through to someone please")], "_human", None),
    ("talking about the bill is not a person", [S("I want to talk about my bill")], "account", None),
    ("plural and possessive: my bills", [S("a question about my bills")], "account", None),
    ("paraphrase: can't find my card is a lost card", [S("I can't find my card")], "cards", None),
    ("escape from a collect by key 0 alone", [D("1"), D("0#")], "_human", None),
    ("escape from a collect by speech", [D("1"), S("operator")], "_human", None),
    ("spanish escape phrase", [D("4"), S("quiero un agente")], "_human", None),
    ("hang up", [CallerHungUp()], "main", "hangup"),
    ("business hours open", [D("5")], "main", None),
    ("transfer answered", [D("2"), TransferResult("answered")], "cards", "transferred"),
    ("transfer busy goes to on_failure", [D("2"), TransferResult("busy")], "callback", None),
]


@pytest.mark.parametrize(("name", "events", "node", "outcome"), ROUTES, ids=[r[0] for r in ROUTES])
def test_routes(flow: Any, name: str, events: list[Any], node: str, outcome: str | None) -> None:
    state, _, _ = run(flow, *events)
    assert state.node == node
    assert state.outcome == outcome


@pytest.mark.parametrize(("text", "normal"), [("internet's", "internet"), ("it’s down", "it down"), ("can't", "cant")])
def test_possessive_s_is_dropped_not_joined(text: str, normal: str) -> None:
    assert normalize(text) == normal


def test_start_says_prompt_and_listens_with_grammar(flow: Any) -> None:
    state, effects, _ = run(flow)
    assert said(effects) == ["Main menu."]
    listen = effects[-1]
    assert isinstance(listen, fx.Listen)
    assert "billing" in listen.phrases and "agent" in listen.phrases and "representative" in listen.phrases
    assert listen.dtmf.keys == ("1", "2", "3", "4", "5", "0")
    assert listen.dtmf.max_digits == 1 and listen.timeout == 5.0 and listen.barge_in
    assert state.awaiting == "input"


def test_escalating_no_match_prompts_then_a_person(flow: Any) -> None:
    state, effects, every = run(flow, S("pizza"))
    assert said(effects) == ["Try again.", "Main menu."]
    state, effects, _ = run(flow, S("pizza"), S("pizza"))
    assert said(effects) == ["Say billing or press 1.", "Main menu."]
    state, effects, _ = run(flow, S("pizza"), S("pizza"), S("pizza"))
    assert state.node == "_human" and state.reason == "no-match"
    assert said(effects)[0] == "Let me get you to someone who can help."
    transfer = effects[-1]
    assert isinstance(transfer, fx.Transfer) and transfer.queue == "agents"
    assert [s["text"] for s in transfer.context["said"]] == ["pizza", "pizza", "pizza"]


def test_repeated_silence_goes_to_a_person_not_a_disconnect(flow: Any) -> None:
    state, effects, every = run(flow, NoInput(), NoInput(), NoInput())
    assert state.node == "_human" and state.reason == "no-input"
    assert not any(isinstance(e, fx.Hangup) for e in every)
    assert said(every).count("Are you there?") == 2


def test_mixed_failures_count_together(flow: Any) -> None:
    state, _, _ = run(flow, NoInput(), S("pizza"), NoInput())
    assert state.node == "_human"


def test_ambiguous_answer_reasks_with_only_competing_options(flow: Any) -> None:
    state, effects, _ = run(flow, S("card"))  # half of "lost card" and of "new card": which one?
    assert state.phase == "disambiguate" and state.candidates == [1, 2]
    assert said(effects) == ["Did you mean lost card or new card?"]
    flow2 = compile_flow(FLOW.replace("[new card, card upgrade]", "[new card, card]").replace("[lost card, stolen card]",
                                                                                             "[lost card, card]"), "t.yaml")
    state, effects, _ = run(flow2, S("my card"))
    assert state.phase == "disambiguate" and state.candidates == [1, 2]
    assert said(effects) == ["Did you mean lost card or new card?"]
    listen = effects[-1]
    assert isinstance(listen, fx.Listen) and listen.mode == "disambiguate"
    assert "billing" not in listen.phrases and "lost card" in listen.phrases and "agent" in listen.phrases
    assert listen.dtmf.keys == ("2", "3", "0")
    state, _, _ = run(flow2, S("my card"), S("the new one, new card"))
    assert state.node == "cards"
    state, _, _ = run(flow2, S("my card"), D("1"))  # billing is not among the candidates
    assert state.node == "main" and state.phase == "ask"


def test_collect_digits_validation_and_masking(flow: Any) -> None:
    state, effects, _ = run(flow, D("1"), D("12#"))
    assert state.node == "account" and said(effects)[0] == "Sorry, I didn't understand."
    state, effects, _ = run(flow, D("1"), D("1234#"))
    assert state.node == "amount" and state.slots["account"] == "1234"
    assert state.masked_slots()["account"] == "***"
    assert state.said[-1]["text"] == "***"


def test_spoken_digits_and_numbers(flow: Any) -> None:
    state, _, _ = run(flow, D("1"), S("five oh two seven"))
    assert state.slots["account"] == "5027"
    state, _, _ = run(flow, D("1"), D("1234"), S("forty two"))
    assert state.slots["amount"] == 42
    state, effects, _ = run(flow, D("1"), D("1234"), S("thirteen"))
    assert state.node == "amount" and said(effects)[0] == "That amount is not allowed."
    state, _, _ = run(flow, D("1"), D("1234"), D("900#"))
    assert state.node == "amount"


def test_yes_no_and_http_success(flow: Any) -> None:
    state, effects, _ = run(flow, D("1"), D("1234"), D("42"))
    assert said(effects) == ["Pay 42 dollars?"]
    state, effects, _ = run(flow, D("1"), D("1234"), D("42"), S("yes please"))
    request = effects[-1]
    assert isinstance(request, fx.HttpRequest)
    assert request.url == "https://api.example.com/pay/1234"
    assert request.body == {"account": "1234", "amount": 42, "note": "paid 42"}
    assert state.awaiting == "http"
    state, effects, _ = run(flow, D("1"), D("1234"), D("42"), D("1"), HttpResult(200, {"data": {"receipt": "R-9"}}))
    assert state.outcome == "completed" and said(effects) == ["Receipt R-9. Goodbye."]


@pytest.mark.parametrize("result", [HttpResult(500, {}), HttpResult(error="timed out"), HttpResult(200, {"data": {}})],
                         ids=["server error", "timeout", "missing field"])
def test_http_failure_goes_to_on_error(flow: Any, result: HttpResult) -> None:
    state, effects, _ = run(flow, D("1"), D("1234"), D("42"), S("yes"), result)
    assert "We could not take the payment." in said(effects)
    assert state.node == "cards" and state.vars["http_error"]


def test_confirm_reads_back_and_no_reasks(flow: Any) -> None:
    state, effects, _ = run(flow, D("2"), TransferResult("long-wait", 600), D("5551234567#"))
    assert state.phase == "confirm"
    assert said(effects) == ["I heard 5 5 5 1 2 3 4 5 6 7. Is that right? Say yes or press 1, or say no or press 2."]
    state, effects, _ = run(flow, D("2"), TransferResult("long-wait", 600), D("5551234567#"), S("no"))
    assert state.phase == "ask" and said(effects) == ["Enter a number to call you back."]
    state, _, _ = run(flow, D("2"), TransferResult("long-wait", 600), D("5551234567#"), D("1"))
    assert state.outcome == "completed" and state.slots["callback"] == "5551234567"


def test_handover_context_has_everything_the_caller_gave(flow: Any) -> None:
    state, effects, _ = run(flow, D("1"), D("1234"), S("forty two"), D("0"))
    transfer = next(e for e in effects if isinstance(e, fx.Transfer))
    ctx = transfer.context
    assert ctx["reason"] == "caller-asked"
    assert ctx["slots"] == {"account": "***", "amount": 42}
    assert [s["text"] for s in ctx["said"]] == ["1", "***", "forty two", "0"]
    assert ctx["path"] == ["main", "account", "amount", "sure", "_human"]
    assert ctx["caller"] == "+15550001" and ctx["language"] == "en"
    json.dumps(ctx)


def test_business_hours_closed_at_night_and_on_holidays(flow: Any) -> None:
    for at in ("2026-11-24T22:00:00-05:00", "2026-12-25T10:00:00-05:00", "2026-11-28T10:00:00-05:00"):
        state, effects, _ = run(flow, D("5"), at=at)
        assert state.node == "closed" and isinstance(effects[-1], fx.Record), at
    state, effects, _ = run(flow, D("5"), Recorded("file://m.wav", 12))
    assert state.node == "main"
    state, _, _ = run(flow, D("5"), at="2026-11-24T22:00:00-05:00")
    state, effects = step(flow, state, Recorded("file://m.wav", 12))
    assert state.outcome == "completed" and state.slots["closed"] == "file://m.wav"


def test_language_switch_changes_prompts(flow: Any) -> None:
    state, effects, _ = run(flow, D("4"))
    assert state.language == "es" and said(effects) == ["Menú principal."]
    state, effects, _ = run(flow, D("4"), NoInput())
    assert said(effects) == ["¿Sigue ahí?", "Menú principal."]


def test_call_started_in_a_language(flow: Any) -> None:
    state, effects = start(flow, CallStarted(language="es"))
    assert said(effects) == ["Menú principal."]


def test_max_turns_ends_loops_with_a_person() -> None:
    loop = compile_flow("""
max_turns: 5
nodes:
  a: {type: menu, prompt: A, options: [{dtmf: 1, next: b}]}
  b: {type: menu, prompt: B, options: [{dtmf: 1, next: a}]}
""", "loop.yaml")
    state, _ = start(loop)
    for _ in range(10):
        state, effects = step(loop, state, DigitsEntered("1"))
    assert state.node == "_human" and state.reason == "max-turns"


def test_dead_end_goes_to_a_person() -> None:
    dead = compile_flow("nodes:\n  a: {type: say, prompt: Hello}\n", "dead.yaml")
    state, effects = start(dead)
    assert state.node == "_human" and state.reason == "dead-end"


def test_events_after_the_end_are_ignored(flow: Any) -> None:
    state, _, _ = run(flow, CallerHungUp())
    again, effects = step(flow, state, DigitsEntered("1"))
    assert effects == [] and again == state


def test_unexpected_events_are_ignored(flow: Any) -> None:
    state, _, _ = run(flow)
    for event in (HttpResult(200, {}), TransferResult("answered"), Recorded("x", 1), CallStarted()):
        again, effects = step(flow, state, event)
        assert effects == [] and again == state


def test_step_does_not_change_the_given_state(flow: Any) -> None:
    state, _, _ = run(flow)
    before = state.to_json()
    step(flow, state, DigitsEntered("1"))
    assert state.to_json() == before


def test_state_round_trips_through_json(flow: Any) -> None:
    state, _, _ = run(flow, D("1"), D("1234"))
    again = CallState.from_json(state.to_json())
    assert again == state
    a, ea = step(flow, state, S("forty two"))
    b, eb = step(flow, again, S("forty two"))
    assert a == b and ea == eb


def test_option_set_expressions_are_evaluated() -> None:
    counter = compile_flow("""
nodes:
  start: {type: set, set: {n: 0}, next: m}
  m:
    type: menu
    prompt: "Count {n}."
    options: [{dtmf: 1, set: {n: "=n + 1"}, next: m}, {dtmf: 2, next: e}]
  e: {type: hangup}
""", "c.yaml")
    state, effects = start(counter)
    for _ in range(3):
        state, effects = step(counter, state, DigitsEntered("1"))
    assert state.vars["n"] == 3 and said(effects) == ["Count 3."]


def test_a_number_inside_a_sentence_is_not_a_key(flow: Any) -> None:
    state, _, _ = run(flow, D("4"), S("tengo una pregunta"))
    assert state.node == "main"
    state, _, _ = run(flow, D("4"), S("oprima uno"))
    assert state.node == "account"


def test_plain_prompt_override_replaces_every_language() -> None:
    flow = compile_flow("languages: [en, es]\nprompts: {goodbye: See you soon!}\nnodes:\n  a: {type: hangup}\n", "g.yaml")
    for language in ("en", "es"):
        _, effects = start(flow, CallStarted(language=language))
        assert said(effects) == ["See you soon!"]


def test_free_speech_collect_listens_without_a_phrase_list() -> None:
    flow = compile_flow("nodes:\n  d: {type: collect, kind: speech, prompt: Describe it., next: e}\n  e: {type: hangup}\n", "s.yaml")
    state, effects = start(flow)
    assert isinstance(effects[-1], fx.Listen) and effects[-1].phrases == ()
    state, effects = step(flow, state, SpeechRecognized("a pothole on Main Street"))
    assert state.slots["d"] == "a pothole on Main Street"
    state, effects = start(flow)
    state, effects = step(flow, state, SpeechRecognized("I want a representative"))
    assert state.node == "_human"


def test_templates_in_web_requests() -> None:
    flow = compile_flow("""
nodes:
  s: {type: set, set: {order: {id: "A B"}, items: [x, y]}, next: h}
  h:
    type: http
    url: "https://api.example.com/orders/{order.id}"
    headers: {X-Missing: "{nothing}"}
    body: {first: "{items.0}"}
    next: e
  e: {type: hangup}
""", "t.yaml")
    _, effects = start(flow)
    request = effects[-1]
    assert isinstance(request, fx.HttpRequest)
    assert request.url == "https://api.example.com/orders/A%20B"
    assert request.headers == {"X-Missing": ""} and request.body == {"first": "x"}


@pytest.mark.parametrize(("language", "text", "node"), [("ko", "이 번", "b"), ("ar", "اثنين", "b"), ("de", "drücken Sie zwei", "b")])
def test_built_in_number_words_match_in_every_language(language: str, text: str, node: str) -> None:
    flow = compile_flow(f"languages: [{language}]\nnodes:\n  m: {{type: menu, prompt: M, options: [{{dtmf: 1, next: a}}, "
                        "{dtmf: 2, next: b}]}\n  a: {type: hangup}\n  b: {type: hangup}\n", "l.yaml")
    state, _ = start(flow)
    state, _ = step(flow, state, SpeechRecognized(text))
    assert state.node == node


PARTNER = """
nodes:
  main:
    type: menu
    prompt: For refills press 1. For our partner clinic press 2. To just hang up press 3.
    options:
      - {dtmf: 1, next: refills}
      - {dtmf: 2, next: clinic}
      - {dtmf: 3, next: quiet}
  refills: {type: transfer, queue: pharmacy}
  clinic: {type: transfer, number: "+15550100199", person: false}
  quiet: {type: hangup, prompt: ""}
"""


def test_a_line_that_is_not_a_person_is_not_announced_as_one() -> None:
    flow = compile_flow(PARTNER, "partner.yaml")
    _, clinic, _ = run(flow, D("2"))
    assert not any("person" in text.lower() for text in said(clinic))
    assert any(isinstance(e, fx.Transfer) and e.number == "+15550100199" and e.context["reason"] == "flow" for e in clinic)
    _, refills, _ = run(flow, D("1"))
    assert any("person" in text.lower() for text in said(refills))  # a queue of people is still announced
    state, quiet, _ = run(flow, D("3"))
    assert said(quiet) == [] and state.outcome == "completed"  # prompt: "" hangs up saying nothing


PARTS = """
languages: [en, fr]
voice: {en: Polly.Joanna, fr: Polly.Lea}
nodes:
  main:
    type: menu
    prompt:
      - {en: "For billing, press 1.", fr: "Pour la facturation, tapez 1."}
      - {text: "Para español, oprima nueve.", language: es}
      - {text: "Press 8 for the operator's line.", voice: Polly.Matthew}
    no_match: [[{en: Sorry., fr: Pardon.}, {text: "Lo siento.", language: es}]]
    options:
      - {dtmf: 1, phrases: {en: [billing], fr: [facturation]}, next: bye}
  bye: {type: hangup, prompt: [{text: "Adiós.", language: es}, Goodbye.]}
"""


@pytest.mark.parametrize(("language", "first", "first_voice"), [
    ("en", "For billing, press 1.", "Polly.Joanna"), ("fr", "Pour la facturation, tapez 1.", "Polly.Lea")])
def test_a_prompt_in_parts_says_each_part_in_its_language_and_voice_and_listens_in_the_calls(
        language: str, first: str, first_voice: str) -> None:
    flow = compile_flow(PARTS, "parts.yaml")
    _, effects = start(flow, CallStarted("c1", "+15550001", "2026-11-24T10:00:00-05:00", language=language))
    says = [(e.text, e.language, e.voice, e.barge_in) for e in effects if isinstance(e, fx.Say)]
    assert says == [(first, language, first_voice, True), ("Para español, oprima nueve.", "es", None, True),
                    ("Press 8 for the operator's line.", language, "Polly.Matthew", True)]
    listen = next(e for e in effects if isinstance(e, fx.Listen))
    assert listen.language == language and listen.barge_in


def test_no_match_and_goodbye_prompts_in_parts() -> None:
    flow = compile_flow(PARTS, "parts.yaml")
    _, last, _ = run(flow, D("7"))
    assert [(e.text, e.language) for e in last if isinstance(e, fx.Say)][:2] == [("Sorry.", "en"), ("Lo siento.", "es")]
    _, last, _ = run(flow, D("1"))
    assert [(e.text, e.language) for e in last if isinstance(e, fx.Say)] == [("Adiós.", "es"), ("Goodbye.", "en")]


PHONE_TREE = """
name: et
nodes:
  main:
    type: menu
    prompt: Press 1 for directions. Press 2 for planets.
    no_match: Sorry, I didn't understand.
    options:
      - {dtmf: 1, phrases: [directions], next: directions}
      - {dtmf: 2, phrases: [planets], next: planets}
      - {dtmf: other, next: returning}
  returning: {type: say, prompt: Returning to the main menu., next: main}
  directions: {type: hangup, prompt: Go past the moon.}
  planets:
    type: menu
    prompt: For Dagobah press 3. For the main menu press star.
    options:
      - {dtmf: 3, phrases: [dagobah], next: dagobah}
      - {dtmf: ["*", other], phrases: [main menu], label: the main menu, next: main}
  dagobah: {type: transfer, number: "+15550100103", person: false}
  long:
    type: menu
    prompt: Enter an extension.
    options:
      - {dtmf: "12", next: directions}
      - {dtmf: other, next: planets}
"""


@pytest.fixture(scope="module")
def tree():  # type: ignore[no-untyped-def]
    return compile_flow(PHONE_TREE, "et.yaml")


CATCH_ALL_ROUTES = [
    ("an unlisted key takes the catch-all", [D("5")], "main", ["Returning to the main menu."]),
    ("a listed key wins over the catch-all", [D("2")], "planets", []),
    ("star and any other key share an option", [D("2"), D("*")], "main", []),
    ("any other key at the planets menu", [D("2"), D("#")], "main", []),
    ("0 stays the human's", [D("0")], "_human", []),
    ("0 stays the human's at a menu with keys and other", [D("2"), D("0")], "_human", []),
]


@pytest.mark.parametrize(("name", "events", "node", "hears"), CATCH_ALL_ROUTES, ids=[r[0] for r in CATCH_ALL_ROUTES])
def test_any_other_key_routes(tree: Any, name: str, events: list[Any], node: str, hears: list[str]) -> None:
    state, _, every = run(tree, *events)
    assert state.node == node
    assert all(h in said(every) for h in hears)
    assert state.reason in (None, "caller-asked")


def test_the_catch_all_takes_keys_never_speech(tree: Any) -> None:
    state, effects, _ = run(tree, S("purple elephant"))
    assert state.node == "main" and state.no_match == 1  # a no-match, re-asked: not "returning to the main menu"
    assert said(effects)[0] == "Sorry, I didn't understand."
    state, effects, _ = run(tree, S("five"))  # a key said aloud is speech too
    assert state.node == "main" and state.no_match == 1 and "Returning to the main menu." not in said(effects)
    state, _, _ = run(tree, S("purple elephant"), S("purple elephant"), S("purple elephant"))
    assert state.node == "_human" and state.reason == "no-match"


def test_stray_keys_back_to_the_same_menu_end_with_a_person(tree: Any) -> None:
    state, effects, _ = run(tree, D("5"), D("6"))
    assert state.node == "main" and state.failures == 2 and not state.ended
    state, effects, _ = run(tree, D("5"), D("6"), D("7"))
    assert state.node == "_human" and state.reason == "no-match"
    assert said(effects)[:2] == ["Returning to the main menu.", "Let me get you to someone who can help."]
    state, _, _ = run(tree, D("5"), NoInput(), NoInput())  # stray keys count with silences and no-matches
    assert state.node == "_human" and state.reason == "no-input"


def test_a_catch_all_elsewhere_is_progress_not_a_failure(tree: Any) -> None:
    state, _, _ = run(tree, D("2"), D("9"), D("2"), D("9"), D("2"), D("9"), D("2"))
    assert state.node == "planets" and state.failures == 0
    state, _, _ = run(tree, D("5"), D("2"))  # a listed option after a stray key starts the count again
    assert state.node == "planets" and state.failures == 0


def test_the_caller_said_any_other_key(tree: Any) -> None:
    state, _, _ = run(tree, D("5"), D("2"), D("*"))
    assert [(s["text"], s["meaning"]) for s in state.said] == [("5", "any other key"), ("2", "planets"), ("*", "the main menu")]


def test_a_catch_all_menu_listens_for_every_key(tree: Any) -> None:
    _, effects, _ = run(tree)
    listen = next(e for e in effects if isinstance(e, fx.Listen))
    assert listen.dtmf.any_key and listen.dtmf.keys == ("1", "2", "0")
    assert listen.dtmf.shown() == "1 2 0, any other key"
    assert "other" not in listen.phrases


def test_any_other_key_at_a_menu_of_long_keys(tree: Any) -> None:
    long = tree
    state = CallState(node="long", language="en", awaiting="input", path=["long"])
    assert step(long, state, D("12#"))[0].node == "directions"
    assert step(long, state, D("9#"))[0].node == "planets"
    assert step(long, state, D("1#"))[0].node == "planets"  # a key's beginning is another key
    assert step(long, state, D("0#"))[0].node == "_human"
    assert step(long, state, D("#"))[0].node == "long"  # nothing keyed is no key
