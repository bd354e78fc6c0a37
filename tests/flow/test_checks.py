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
