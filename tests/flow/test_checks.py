"""ivr check: each static check finds what it should, at the right place, and can be switched."""

from __future__ import annotations

import pytest

from ivr.flow import compile_flow
from ivr.flow.checks import CHECKS, Options, check, human_reach


def findings(yaml: str, **options: object) -> list[str]:
    flow = compile_flow(yaml, "f.yaml")
    return [f"{d.line}:{d.col} {d.severity}[{d.code}]" for d in check(flow, Options(**options))]  # type: ignore[arg-type]


def codes(yaml: str, **options: object) -> set[str]:
    return {f.split("[")[1].rstrip("]") for f in findings(yaml, **options)}


MENU = """
nodes:
  main:
    type: menu
    prompt: Say billing or sales.
    options:
{options}
  billing: {{type: transfer, queue: billing}}
  sales: {{type: transfer, queue: sales}}
"""


def menu(*options: str) -> str:
    return MENU.format(options="\n".join(f"      - {o}" for o in options))


def test_clean_menu_has_no_findings() -> None:
    assert findings(menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 2, phrases: [sales], next: sales}")) == []


CASES = [
    ("duplicate-dtmf", menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 1, phrases: [sales], next: sales}")),
    ("dtmf-conflict", menu("{dtmf: 0, phrases: [billing], next: billing}", "{dtmf: 2, phrases: [sales], next: sales}")),
    ("dtmf-prefix", menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 12, phrases: [sales], next: sales}")),
    ("phrase-overlap", menu("{dtmf: 1, phrases: [billing, help], next: billing}", "{dtmf: 2, phrases: [Help!], next: sales}")),
    ("phrase-overlap", menu("{dtmf: 1, phrases: [travel agent], next: billing}", "{dtmf: 2, phrases: [sales], next: sales}")),
    ("sound-alike", menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 2, phrases: [building], next: sales}")),
    ("thin-phrases", menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 2, phrases: [zorbs], next: sales}")),
    ("thin-phrases", menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 2, phrases: [zorb widget], next: sales}")),
    ("too-many-options", menu(*[f"{{dtmf: {i}, phrases: [word{i}], next: billing}}" for i in range(1, 7)])),
    ("long-prompt", "nodes:\n  a: {type: say, prompt: '" + "word " * 60 + "', next: b}\n  b: {type: hangup}\n"),
    ("unreachable", "nodes:\n  a: {type: hangup}\n  b: {type: hangup}\n"),
    ("dead-end", "nodes:\n  a: {type: say, prompt: hi}\n"),
    ("dead-end", "nodes:\n  a: {type: branch, when: [{if: 'x == 1', next: b}]}\n  b: {type: hangup}\n"),
    ("endless-loop", "nodes:\n  a: {type: say, prompt: hi, next: b}\n  b: {type: say, prompt: again, next: a}\n"),
    ("trap-loop", "nodes:\n  a: {type: menu, prompt: A, options: [{dtmf: 1, next: b}]}\n"
                  "  b: {type: menu, prompt: B, options: [{dtmf: 1, next: a}]}\n"),
    ("slot-unset", "nodes:\n  a: {type: say, prompt: 'Hi {nmae}', next: b}\n  b: {type: hangup}\n"),
    ("slot-maybe-unset", "nodes:\n  m: {type: menu, prompt: M, options: [{dtmf: 1, next: c}, {dtmf: 2, next: s}]}\n"
                         "  c: {type: collect, prompt: 'Number?', next: s}\n  s: {type: say, prompt: 'You said {c}', next: e}\n"
                         "  e: {type: hangup}\n"),
    ("slot-reasked", "nodes:\n  a: {type: collect, slot: acct, prompt: 'Account?', next: b}\n"
                     "  b: {type: collect, slot: acct, prompt: 'Account again?', next: e}\n  e: {type: hangup}\n"),
    ("sensitive-confirm", "nodes:\n  a: {type: collect, prompt: 'PIN?', sensitive: true, confirm: true, next: e}\n"
                          "  e: {type: hangup}\n"),
    ("unknown-allow", "nodes:\n  a: {type: hangup, allow: [unreachble]}\n"),
    ("slow-to-human", "timeout: 30\nretries: 5\nnodes:\n  a: {type: menu, prompt: Menu, options: [{dtmf: 1, next: e}]}\n"
                      "  e: {type: hangup}\n"),
]


@pytest.mark.parametrize(("code", "yaml"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_check_finds_its_problem(code: str, yaml: str) -> None:
    assert code in codes(yaml)
    assert code not in codes(yaml, disabled={code})


def test_every_check_has_a_test() -> None:
    recorded = {"unplayable-audio", "silent-audio", "clipped-audio", "audio-loudness", "low-sample-rate"}  # tests/speech/test_recordings.py
    assert {c for c, _ in CASES} | {"missing-audio", "unknown-word"} | recorded == set(CHECKS)  # these need files: tests/test_cli.py


def test_unknown_word_names_the_recognizer_the_word_and_a_spelling() -> None:
    def sphinx(language: str, phrase: str) -> list[str] | None:
        return [w for w in phrase.split() if w == "wifi"] if language == "en" else None

    flow = compile_flow(menu("{dtmf: 1, phrases: [billing, wifi problems], next: billing}", "{dtmf: 2, phrases: [sales], next: sales}"), "f.yaml")
    [d] = [d for d in check(flow, Options(unheard={"pocketsphinx": sphinx})) if d.code == "unknown-word"]
    assert (d.line, d.severity) == (7, "warning")
    assert d.message == "pocketsphinx has no word 'wifi' (in 'wifi problems'), so it never hears this phrase"
    assert not [d for d in check(flow, Options(unheard={"pocketsphinx": sphinx}, disabled={"unknown-word"})) if d.code == "unknown-word"]


@pytest.mark.parametrize("phrases", [["billing"], ["zorbs", "zorb widgets", "a spare gizmo"]])
def test_phrases_the_understanding_can_generalize_from_are_not_thin(phrases: list[str]) -> None:
    """A word of its lists ("billing" meets "my bill", "I was charged"), or several words of one's own."""
    yaml = menu(f"{{dtmf: 1, phrases: {phrases}, next: billing}}", "{dtmf: 2, phrases: [sales], next: sales}")
    assert "thin-phrases" not in codes(yaml)


def test_thin_phrases_say_which_option_and_how_to_help() -> None:
    flow = compile_flow(menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 2, phrases: [zorbs], next: sales}"), "f.yaml")
    [d] = [d for d in check(flow) if d.code == "thin-phrases"]
    assert d.format().splitlines() == [
        "f.yaml:8:28: warning[thin-phrases]: option 2's phrases ('zorbs') give the understanding little to go on",
        "  hint: add the ways callers say it, like \"a question about my bill\" or \"I can't get online\""]


def test_missing_audio_uses_the_given_file_lookup() -> None:
    yaml = "nodes:\n  a: {type: say, prompt: {audio: welcome.wav, text: Welcome}, next: b}\n  b: {type: hangup}\n"
    assert "missing-audio" in codes(yaml, audio_exists=lambda flow, path: False)
    assert "missing-audio" not in codes(yaml, audio_exists=lambda flow, path: True)


def test_positions_point_at_the_offending_field() -> None:
    found = findings(menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 1, phrases: [sales], next: sales}"))
    assert found == ["8:16 error[duplicate-dtmf]"]


def test_warnings_can_be_promoted() -> None:
    yaml = "nodes:\n  a: {type: hangup}\n  b: {type: hangup}\n"
    assert findings(yaml) == ["3:3 warning[unreachable]"]
    assert findings(yaml, errors={"unreachable"}) == ["3:3 error[unreachable]"]
    assert findings(yaml, all_errors=True) == ["3:3 error[unreachable]"]


def test_slots_set_on_every_path_are_fine() -> None:
    yaml = ("nodes:\n  m: {type: menu, prompt: M, options: [{dtmf: 1, next: c, set: {x: 1}}, {dtmf: 2, next: d}]}\n"
            "  c: {type: collect, prompt: 'N?', slot: n, next: s}\n  d: {type: collect, prompt: 'N?', slot: n, next: s}\n"
            "  s: {type: say, prompt: 'You said {n}', next: e}\n  e: {type: hangup}\n")
    assert codes(yaml) == set()


def test_a_retry_loop_may_ask_again() -> None:
    yaml = ("nodes:\n  pin: {type: collect, prompt: 'PIN?', next: check}\n"
            "  check: {type: http, url: 'https://x.example/{pin}', next: e, on_error: wrong}\n"
            "  wrong: {type: say, prompt: Wrong PIN, next: pin}\n  e: {type: hangup}\n")
    assert "slot-reasked" not in codes(yaml)


def test_time_to_human_table() -> None:
    flow = compile_flow("""
timeout: 5
retries: 2
nodes:
  hi: {type: say, prompt: Welcome to the bank, next: main}
  main:
    type: menu
    prompt: Say balance.
    barge_in: false
    options: [{dtmf: 1, phrases: [balance], next: bye}]
  bye: {type: hangup}
""", "t.yaml")
    reach = {r.node: r for r in human_reach(flow)}
    assert reach["main"].actions == 1
    assert reach["main"].seconds == pytest.approx(0.8 + 2.4)  # no barge-in: the prompt, then the announcement
    assert reach["hi"].seconds == pytest.approx(1.6 + 0.8 + 2.4)
    assert reach["main"].silent_seconds > 3 * 5
    assert reach["bye"].actions == float("inf")


def test_human_escape_may_not_lead_to_another_question() -> None:
    from ivr.errors import FlowError

    with pytest.raises(FlowError) as e:
        compile_flow("human: {target: people}\nnodes:\n  m: {type: menu, prompt: Hi, options: [{dtmf: 1, next: people}]}\n"
                     "  people: {type: menu, prompt: 'Which team?', options: [{dtmf: 1, next: q}]}\n"
                     "  q: {type: transfer, queue: billing}\n", "h.yaml")
    assert [d.format().splitlines()[0] for d in e.value.diagnostics] == [
        "h.yaml:1:17: error[human-target-listens]: the way to a person leads to 'people', which asks the caller again"]


def test_a_node_may_allow_a_finding() -> None:
    yaml = "nodes:\n  a: {type: hangup}\n  b: {type: hangup, allow: [unreachable]}\n  c: {type: hangup}\n"
    assert findings(yaml) == ["4:3 warning[unreachable]"]


def test_findings_at_the_same_place_are_all_kept() -> None:
    yaml = "nodes:\n  a: {type: branch, when: [{if: 'x == y', next: b}], else: b}\n  b: {type: hangup}\n"
    assert findings(yaml).count("2:33 error[slot-unset]") == 2


def test_option_set_expressions_count_as_uses() -> None:
    yaml = "nodes:\n  m: {type: menu, prompt: M, options: [{dtmf: 1, set: {n: '=zz + 1'}, next: e}]}\n  e: {type: hangup}\n"
    assert "slot-unset" in codes(yaml)


def test_upper_case_constants_are_not_slots() -> None:
    yaml = "nodes:\n  a: {type: branch, when: [{if: 'TRUE != NULL', next: b}], else: b}\n  b: {type: hangup}\n"
    assert codes(yaml) == set()


VOICES = """
voice: polly.joanna
nodes:
  main:
    type: menu
    prompt:
      - For billing, press 1.
      - {text: "Para español, oprima nueve.", language: es, voice: Polly.Lupita}
      - {text: "Pour le français, faites le 8.", language: fr, voice: Polly.Lupe}
    options:
      - {dtmf: 1, phrases: [billing], next: billing}
  billing: {type: transfer, queue: billing}
"""


def test_a_voice_twilio_does_not_know_is_a_warning_with_its_place_and_a_guess() -> None:
    flow = compile_flow(VOICES, "f.yaml")
    shown = [d.format() for d in check(flow) if d.code in ("unknown-voice", "voice-language")]
    assert shown == [
        "f.yaml:2:8: warning[unknown-voice]: unknown Twilio voice 'polly.joanna'\n  hint: did you mean 'Polly.Joanna'?",
        "f.yaml:8:68: warning[unknown-voice]: unknown Twilio voice 'Polly.Lupita'\n"
        "  hint: did you mean 'Polly.Lucia' or 'Polly.Lupe' or 'Polly.Lisa'?",
        "f.yaml:9:71: warning[voice-language]: Polly.Lupe speaks es-US, not 'fr'\n"
        "  hint: choose a voice for that language, or leave 'voice' out",
    ]


@pytest.mark.parametrize("voice", ["man", "woman", "alice", "Polly.Lupe", "Polly.Lupe-Neural", "Polly.Mia", "Google.es-US-Neural2-A"])
def test_voices_twilio_knows_for_spanish_pass(voice: str) -> None:
    flow = compile_flow(f'nodes:\n  bye: {{type: hangup, prompt: {{text: "Adiós.", language: es, voice: {voice}}}}}\n', "f.yaml")
    assert [d.code for d in check(flow) if "voice" in d.code] == []


AFTER_HOURS = """
hours:
  office:
    timezone: America/New_York
    open: {mon-fri: "09:00-17:00"}
timeout: 10
nodes:
  main:
    type: menu
    prompt: For billing, press 1. For sales, press 2. For anything else, stay on the line.
    barge_in: false
    options: [{dtmf: 1, phrases: [billing], next: billing}, {dtmf: 2, phrases: [sales], next: billing}]
  billing:
    type: branch
    when: [{if: "open('office')", next: team}]
    else: after_hours
  team: {type: transfer, queue: billing}
  after_hours:
    type: say
    prompt: >-
      Our billing team is away. Our offices are open Monday to Friday from nine to five.
      You can pay your bill at any time on our website. Please hold for our answering service.
    next: answering
  answering: {type: transfer, number: "+15550100199"}
"""


def test_human_reach_gives_the_open_and_the_closed_case_of_an_hours_branch() -> None:
    reach = {r.node: r for r in human_reach(compile_flow(AFTER_HOURS, "f.yaml"))}
    billing = reach["billing"]
    assert billing.closed is not None
    assert (billing.actions, billing.seconds) == (0, 2.4)  # open: straight to the team
    assert billing.closed.seconds == pytest.approx(billing.closed.silent_seconds) and billing.closed.seconds > 10
    assert reach["main"].closed is None and reach["team"].closed is None  # the hours change nothing there
    assert [when for when, _ in billing.cases()] == ["open", "closed"] and reach["team"].cases() == [("", reach["team"])]


def test_slow_to_human_reports_the_worse_case_and_says_which() -> None:
    flow = compile_flow(AFTER_HOURS.replace("  main:\n    type: menu\n", "  main:\n    type: menu\n    human: {target: billing}\n"), "f.yaml")
    [slow] = [d for d in check(flow, Options(max_human_seconds=30)) if d.code == "slow-to-human"]
    assert slow.message.startswith("from 'main' a caller may wait ") and " when closed (limit 30 s; " in slow.message
    assert slow.message.endswith(" s when open)")
    opened = human_reach(flow)[0]
    assert opened.closed is not None and max(opened.closed.seconds, opened.closed.silent_seconds) > 30


def test_a_branch_on_hours_without_a_person_when_closed_is_judged_on_the_open_case() -> None:
    flow = compile_flow(AFTER_HOURS.replace("next: answering", "next: bye").replace(
        '  answering: {type: transfer, number: "+15550100199"}', "  bye: {type: hangup}").replace(
        "  main:\n    type: menu\n", "  main:\n    type: menu\n    human: {target: billing}\n"), "f.yaml")
    [slow] = [d for d in check(flow, Options(max_human_seconds=20)) if d.code == "slow-to-human"]
    assert " when open (limit 20 s; no person when closed)" in slow.message


def test_a_catch_all_is_not_a_key_for_the_key_checks() -> None:
    assert findings(menu("{dtmf: 1, phrases: [billing], next: billing}", "{dtmf: 2, phrases: [sales], next: sales}",
                         "{dtmf: other, next: main}")) == []
    assert codes(menu("{dtmf: [1, other], phrases: [billing], next: billing}", "{dtmf: 1, phrases: [sales], next: sales}")) == {"duplicate-dtmf"}


def test_a_keys_only_catch_all_is_not_one_more_option_to_keep_in_mind() -> None:
    five = [f"{{dtmf: {i}, phrases: [word{i}], next: billing}}" for i in range(1, 6)]
    assert "too-many-options" not in codes(menu(*five, "{dtmf: other, next: main}"))
    assert "too-many-options" in codes(menu(*five, "{dtmf: other, phrases: [something else], next: main}"))


def test_a_menu_whose_every_key_loops_back_is_a_trap_the_checks_name() -> None:
    only = menu("{dtmf: other, next: main}").replace("  billing: {type: transfer, queue: billing}\n  sales: {type: transfer, queue: sales}\n", "")
    assert "trap-loop" in codes(only)
