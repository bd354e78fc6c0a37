"""Understanding callers: the hand-written dev set (tests/engine/understanding_dev.yaml), the cases the
issue names, and the engine asking instead of guessing (confirm_below, "Did you mean ...?")."""

from __future__ import annotations

import functools
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from ivr.engine import CallStarted, DigitsEntered, NoInput, SpeechRecognized, start, step
from ivr.engine import effects as fx
from ivr.engine.understanding import CONFIRM_BELOW, NO_MATCH, understand
from ivr.flow import compile_flow
from ivr.flow.machine import Flow, Menu
from ivr.flow.terms import analyse
from ivr.flow.text import normalize
from ivr.loading import load_flow

ROOT = Path(__file__).parent.parent.parent
DEV = Path(__file__).parent / "understanding_dev.yaml"
DEV2 = Path(__file__).parent / "understanding_dev2.yaml"  # written later by another hand, measured before tuning on it
DEV3 = Path(__file__).parent / "understanding_dev3.yaml"  # a third hand, after dev 2 was tuned on; measured before tuning on it
DEV4 = Path(__file__).parent / "understanding_dev4.yaml"  # a fourth hand, after dev 3 was tuned on; measured before tuning on it
DEV5 = Path(__file__).parent / "understanding_dev5.yaml"  # a fifth hand: regional words, typos, negations; measured before tuning on it
DEV6 = Path(__file__).parent / "understanding_dev6.yaml"  # a sixth: asking to be connected (phone tree, pharmacy); measured before tuning on it
DEV7 = Path(__file__).parent / "understanding_dev7.yaml"  # a seventh: every English menu, callers' and recognizers' wording; measured before tuning
PROBE7 = Path(__file__).parent / "understanding_dev7_probe.yaml"  # written with the seventh, never tuned on
DEV8 = Path(__file__).parent / "understanding_dev8.yaml"  # an eighth: every English menu, the problem told; measured before tuning
PROBE8 = Path(__file__).parent / "understanding_dev8_probe.yaml"  # written with the eighth, never tuned on
DEV9 = Path(__file__).parent / "understanding_dev9.yaml"  # a ninth: every English menu, hesitations and self-corrections; measured before tuning
PROBE9 = Path(__file__).parent / "understanding_dev9_probe.yaml"  # written with the ninth, never tuned on
DEV10 = Path(__file__).parent / "understanding_dev10.yaml"  # a tenth: every English menu, long turns and the problem told; measured before tuning
PROBE10 = Path(__file__).parent / "understanding_dev10_probe.yaml"  # written with the tenth, never tuned on
DEV11 = Path(__file__).parent / "understanding_dev11.yaml"  # an eleventh: every English menu, a third long turns; measured before tuning
PROBE11 = Path(__file__).parent / "understanding_dev11_probe.yaml"  # written with the eleventh, never tuned on
OOS_STORIES11 = Path(__file__).parent / "understanding_dev11_oos_stories.yaml"  # out-of-scope stories naming an option's words on the way


@functools.cache
def flow(name: str) -> Flow:
    return load_flow(ROOT / "flows" / name)


def menu(name: str, node: str) -> Menu:
    found = flow(name).nodes[node]
    assert isinstance(found, Menu)
    return found


def option(m: Menu, name: str) -> int:
    for i, c in enumerate(m.choices):
        if c.target == name or c.target.startswith(name + ".") or name == f"key {c.dtmf[0] if c.dtmf else ''}":
            return i
    raise ValueError(name)


def dev_cases(path: Path = DEV) -> list[Any]:
    """(flow, node, language, sentence, expected) with expected an option's index, "human" or "oos"."""
    out = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        m = menu(entry["flow"], entry["node"])
        where = (entry["flow"], entry["node"], entry["language"])
        for name, sentences in (entry.get("own") or {}).items():
            out += [(*where, s, option(m, name)) for s in sentences]
        out += [(*where, s, "human") for s in entry.get("human") or ()]
        out += [(*where, s, "oos") for s in entry.get("oos") or ()]
    return out


DEV_CASES = dev_cases()
DEV2_CASES = dev_cases(DEV2)
DEV3_CASES = dev_cases(DEV3)
DEV4_CASES = dev_cases(DEV4)
DEV5_CASES = dev_cases(DEV5)
DEV6_CASES = dev_cases(DEV6)
DEV7_CASES = dev_cases(DEV7)
PROBE7_CASES = dev_cases(PROBE7)
DEV8_CASES = dev_cases(DEV8)
PROBE8_CASES = dev_cases(PROBE8)
DEV9_CASES = dev_cases(DEV9)
PROBE9_CASES = dev_cases(PROBE9)
DEV10_CASES = dev_cases(DEV10)
PROBE10_CASES = dev_cases(PROBE10)
DEV11_CASES = dev_cases(DEV11)
PROBE11_CASES = dev_cases(PROBE11)
OOS_STORIES11_CASES = dev_cases(OOS_STORIES11)


def decide(flow_name: str, node: str, language: str, text: str) -> tuple[str, tuple[int, ...], float]:
    m = menu(flow_name, node)
    r = understand(text, language, m.choices, flow(flow_name).human)
    return r.kind, r.candidates, r.confidence


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), DEV_CASES,
                         ids=[f"{c[1]}-{c[2]}-{c[3]}" for c in DEV_CASES])
def test_dev_sentence_is_never_sent_somewhere_wrong(flow_name: str, node: str, language: str, text: str, expected: Any) -> None:
    """Every dev sentence goes where it should, or is confirmed or asked again: never routed wrong at once."""
    kind, candidates, confidence = decide(flow_name, node, language, text)
    sure = confidence >= CONFIRM_BELOW
    if expected == "human":
        assert kind == "human", (kind, candidates, confidence)
    elif expected == "oos":
        ok = () if (flow_name, node) != ("telecom.yaml", "main") else (3,)  # "moving or anything else"
        assert kind in ("none", "ambiguous") or not sure or candidates[0] in ok, (kind, candidates, confidence)
    else:
        assert kind in ("option", "ambiguous"), (kind, candidates, confidence)
        assert expected in candidates[:2], (kind, candidates, confidence)


def share_right(cases: list[Any]) -> dict[str, float]:
    """Per category, the share routed right at once (for out-of-scope requests: asked again rather than confirmed)."""
    right = {"own": [0, 0], "human": [0, 0], "oos": [0, 0]}
    for flow_name, node, language, text, expected in cases:
        kind, candidates, confidence = decide(flow_name, node, language, text)
        category = expected if expected in ("human", "oos") else "own"
        ok = {"human": kind == "human", "oos": kind in ("none", "ambiguous") or confidence < CONFIRM_BELOW}.get(
            category, kind == "option" and candidates[0] == expected and confidence >= CONFIRM_BELOW)
        right[category][0] += ok
        right[category][1] += 1
    return {k: ok / n for k, (ok, n) in right.items()}


KNOWN_MISSES = {
    # labelled an option when written, but "talk to someone about X" has been a person since the first set ("I want to talk to
    # someone about my bill"); only "someone at/on/in a listed line" is that line
    "I'd like to talk to someone about directions to my ship": "a person, by the project's rule",
    "I'd like to talk to someone about refilling my medication": "a person, by the project's rule",
    # labelled the main menu when written, but at the pharmacy a request for the pharmacist is a request for its person
    "actually i also have a question for the pharmacist": "the pharmacist, the pharmacy's person",
    # the eleventh set's confident routes to a person, measured before the round (round 11's known limits)
    "so my grandmother wants to come in and talk to someone in person and she needs to know what time the doors open in the morning":
        "talking to someone in person is asked for, by the project's rule, though the question is the hours",
    "yeah so i got an automated message saying my prescription is due for a refill and i want to go ahead and order it":
        "'automated' alone asks for a person, though here it is a message the caller received",
    "oh yes please i need to go back to the main menu because i have a question for the pharmacist too": "the pharmacist, the pharmacy's person",
    # an out-of-scope story that names the branch and "open": routed at 0.754 before the round too (round 10 measured it near 0.73)
    "so i was at the branch yesterday with my daughter and i want to open a mortgage": "'open' is the branch's hours and 'mortgage' only a scene",
}
LATER_SETS = [pytest.param(*case, id=f"{name}-{case[1]}-{case[2]}-{case[3]}",
                           marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[case[3]])] if case[3] in KNOWN_MISSES else [])
              for name, cases in (("dev2", DEV2_CASES), ("dev3", DEV3_CASES), ("dev4", DEV4_CASES), ("dev5", DEV5_CASES), ("dev6", DEV6_CASES),
                                      ("dev7", DEV7_CASES), ("probe7", PROBE7_CASES), ("dev8", DEV8_CASES), ("probe8", PROBE8_CASES),
                                      ("dev9", DEV9_CASES), ("probe9", PROBE9_CASES), ("dev10", DEV10_CASES), ("probe10", PROBE10_CASES),
                                      ("dev11", DEV11_CASES), ("probe11", PROBE11_CASES), ("stories11", OOS_STORIES11_CASES))
              for case in cases]


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), LATER_SETS)
def test_later_dev_set_sentence_is_never_sent_somewhere_wrong(flow_name: str, node: str, language: str, text: str, expected: Any) -> None:
    """A sentence of the second to sixth sets may be confirmed or asked again, but is never routed to another
    option, to a person or away from one with confidence; a request the menu doesn't offer ("a personal loan", "the
    football game") neither."""
    kind, candidates, confidence = decide(flow_name, node, language, text)
    if confidence < CONFIRM_BELOW or kind in ("none", "ambiguous"):
        return
    if kind == "human" and expected not in ("human", "oos") and menu(flow_name, node).choices[expected].target == menu(flow_name, node).human_target:
        return  # the pharmacy's person is its pharmacist: "can I speak to the pharmacist" reaches the option's node either way
    if expected == "human":
        assert kind == "human", (kind, candidates, confidence)
    elif expected == "oos":
        assert (flow_name, node) == ("telecom.yaml", "main") and candidates[:1] == (3,), (kind, candidates, confidence)
    else:
        assert kind == "option" and candidates[0] == expected, (kind, candidates, confidence)


def test_second_dev_set_accuracy_by_category() -> None:
    """Callers' words the first dev set did not hold (paraphrase, the problem told instead of the department,
    extra words): 95 in 100 routed right at once (61 before the thesaurus grew, 88 after the first round), every request
    for a person, 19 in 20 out-of-scope requests asked again."""
    share = share_right(DEV2_CASES)
    assert share["own"] >= 0.97 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_third_dev_set_accuracy_by_category() -> None:
    """Callers' words told the way people talk (the situation instead of the department, rambling context, "gonna"):
    95 in 100 routed right at once (60 before the steering groups, half-weight scene words and the grown thesaurus),
    every request for a person, 9 in 10 out-of-scope requests asked again."""
    share = share_right(DEV3_CASES)
    assert share["own"] >= 0.97 and share["human"] == 1.0 and share["oos"] >= 0.9, share


def test_fourth_dev_set_accuracy_by_category() -> None:
    """Callers' own words again, with frustrated and indirect requests for a person ("I've been going round in circles",
    "who do I speak to") and services, places and products no menu offers: 97 in 100 routed right at once (83 before
    words kept whole, a lost thing as scene and the grown thesaurus), every request for a person (95 before), 19 in 20
    out-of-scope requests asked again (93 in 100 before)."""
    share = share_right(DEV4_CASES)
    assert share["own"] >= 0.97 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_fifth_dev_set_accuracy_by_category() -> None:
    """Callers' own words in British, Australian and American vocabulary, typed with slips and shorthand ("balence",
    "pls"), with negations ("spanish, not english") and two requests in one sentence: 96 in 100 routed right at once (76
    before typing slips and British spellings were corrected, negations and "and then" weighed and the regional words
    added), 19 in 20 requests for a person (92 in 100 before), 19 in 20 out-of-scope requests asked again."""
    share = share_right(DEV5_CASES)
    assert share["own"] >= 0.96 and share["human"] >= 0.95 and share["oos"] >= 0.95, share


def test_sixth_dev_set_accuracy_by_category() -> None:
    """Asking to be connected, at a phone tree and a pharmacy ("connect me to Dagobah", "put me through to billing", "can
    someone come get me"): 95 in 100 routed right at once (96 after the eighth round, 85 before the seventh) (47 before
    "put me through to <what an option offers>" was that option, labels were known and a pharmacy's words added;
    35 in 100 were sent to a person), every request for a person,
    19 in 20 out-of-scope requests asked again or confirmed (39 in 100 before: the rest went to a person)."""
    share = share_right(DEV6_CASES)
    assert share["own"] >= 0.95 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_seventh_dev_set_accuracy_by_category() -> None:
    """Every English menu in callers' and recognizers' words (lowercase, unpunctuated, indirect, misspelt, negated): 96 in 100
    routed right at once (94 after the eighth round, 95 after the ninth, 96.6 after the tenth; 86 in 100 before the seventh, with 4
    of 522 sent to the wrong option: a lead from wording alone is now asked which, an option is known by its label's names and
    by the menu it leads to, a prefixed opposite of a judgment is a complaint, every "n't" negates, a menu's words are found
    slipped, split or spelt as they sound), every request for a person, 19 in 20 out-of-scope requests asked again or confirmed."""
    share = share_right(DEV7_CASES)
    assert share["own"] >= 0.96 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_seventh_probe_accuracy_by_category() -> None:
    """The probe written with the seventh set and never tuned on: 97 in 100 own-words sentences right at once (93.8 before
    the seventh round, 96.4 after it, 97.3 after the eighth, 98.2 after the tenth as the bench counts it), every request for a
    person, every out-of-scope request asked again or confirmed."""
    share = share_right(PROBE7_CASES)
    assert share["own"] >= 0.97 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_eighth_dev_set_accuracy_by_category() -> None:
    """Every English menu again, the problem told rather than the department named ("your staff made me feel like an idiot",
    "can someone come patch the road"): 95 in 100 routed right at once (93.0 after the round, 94.6 after the ninth, 95.1 after the tenth, 83.8 before,
    with 4 of 427 sent to a person or the wrong option: somebody the caller tells about is who did it, an option named by its label or asked a question on its
    topic takes the rest as how the caller asks, fixed expressions and tenses of a group's phrases are the group), every request
    for a person, every out-of-scope request asked again or confirmed (one routed before)."""
    share = share_right(DEV8_CASES)
    assert share["own"] >= 0.95 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_eighth_probe_accuracy_by_category() -> None:
    """The probe written with the eighth set and never tuned on: 98 in 100 own-words sentences right at once (94.0 before the
    round, 95.2 after, 98.8 after the ninth), every request for a person, every out-of-scope request asked again or confirmed."""
    share = share_right(PROBE8_CASES)
    assert share["own"] >= 0.98 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_ninth_dev_set_accuracy_by_category() -> None:
    """Every English menu again, with hesitations, self-corrections ("dagobah no wait brodo") and the problem told: 92 in 100
    routed right at once (84.9 before the round, with 3 of 496 sent to a person or the wrong option: a correction takes back what
    came before it, a refused option is never taken, one unknown word beside a request one option explains is its scene, an option
    named with what it leads to is sure, a question on the pharmacist's topic is the pharmacist's), every request for a person,
    every out-of-scope request asked again or confirmed."""
    share = share_right(DEV9_CASES)
    assert share["own"] >= 0.92 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_ninth_probe_accuracy_by_category() -> None:
    """The probe written with the ninth set and never tuned on: 9 in 10 own-words sentences right at once (85.5 before the round,
    90.0 after, 91.8 after the tenth), every request for a person, every out-of-scope request asked again or confirmed."""
    share = share_right(PROBE9_CASES)
    assert share["own"] >= 0.91 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_tenth_dev_set_accuracy_by_category() -> None:
    """Every English menu again, with long rambling turns, the problem told and hesitations: 89 in 100 routed right at once (89.8 after the
    eleventh round, 88.1 after the tenth, 85.5
    before the round, with 5 of 461 sent to a person or the wrong option and one request for a person sent to the balance: "the calling
    one" is no key, somebody a complaint describes is not asked for, a caller who can't hold refuses holding, somebody at the line itself
    is a person, "um no" takes back what came before, an option is pointed at by its place in the prompt), every request for a person,
    every out-of-scope request asked again or confirmed."""
    share = share_right(DEV10_CASES)
    assert share["own"] >= 0.89 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_tenth_probe_accuracy_by_category() -> None:
    """The probe written with the tenth set and never tuned on: 89 in 100 own-words sentences right at once (88.2 before the round,
    89.1 after, 90.0 after the eleventh), every request for a person, every out-of-scope request asked again or confirmed."""
    share = share_right(PROBE10_CASES)
    assert share["own"] >= 0.9 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_eleventh_dev_set_accuracy_by_category() -> None:
    """Every English menu again, a third of it long turns of 20 words or more: 78 in 100 routed right at once (68.3 before the round,
    long turns 23.7: a turn told twice, a request after its story and its reason, a "but" conceding what came before, asking where one
    is; with 6 of 646 sent to a person or the wrong option before, 3 after), every request for a person, every out-of-scope request
    asked again or confirmed."""
    share = share_right(DEV11_CASES)
    assert share["own"] >= 0.78 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_eleventh_probe_accuracy_by_category() -> None:
    """The probe written with the eleventh set and never tuned on: 8 in 10 own-words sentences right at once (69.8 before the round,
    80.2 after; long turns 27.6 to 51.7), every request for a person, every out-of-scope request asked again or confirmed."""
    share = share_right(PROBE11_CASES)
    assert share["own"] >= 0.8 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_dev_set_accuracy_by_category() -> None:
    """Routed right at once: every listed phrase, 9 in 10 sentences in callers' own words, every request for
    a person; 9 in 10 out-of-scope requests asked again rather than confirmed."""
    right = {"listed": [0, 0], "own": [0, 0], "human": [0, 0], "oos": [0, 0]}
    for flow_name, node, language, text, expected in DEV_CASES:
        kind, candidates, confidence = decide(flow_name, node, language, text)
        category = expected if expected in ("human", "oos") else "own"
        ok = {"human": kind == "human", "oos": kind in ("none", "ambiguous") or confidence < CONFIRM_BELOW}.get(
            category, kind == "option" and candidates[0] == expected and confidence >= CONFIRM_BELOW)
        right[category][0] += ok
        right[category][1] += 1
    for entry in yaml.safe_load(DEV.read_text(encoding="utf-8")):
        m = menu(entry["flow"], entry["node"])
        for i, c in enumerate(m.choices):
            for phrase in (*c.phrases.get(entry["language"], ()), *c.phrases.get("*", ())):
                kind, candidates, confidence = decide(entry["flow"], entry["node"], entry["language"], phrase)
                right["listed"][0] += kind == "option" and candidates == (i,) and confidence >= CONFIRM_BELOW
                right["listed"][1] += 1
    share = {k: ok / n for k, (ok, n) in right.items()}
    assert share["listed"] == 1.0 and share["human"] == 1.0, share
    assert share["own"] >= 0.97 and share["oos"] >= 0.95, share


def test_decision_takes_under_5_ms() -> None:
    m, human = menu("telecom.yaml", "main"), flow("telecom.yaml").human
    understand("warm up", "en", m.choices, human)
    took = []
    for _flow, node, language, text, _ in DEV_CASES:
        target = menu(_flow, node)
        started = time.perf_counter()
        understand(text, language, target.choices, flow(_flow).human)
        took.append(time.perf_counter() - started)
    took.sort()
    assert statistics.median(took) < 0.005 and took[int(len(took) * 0.95)] < 0.005


# -- what the issue names -------------------------------------------------------------------------

BANK, TELECOM, CITY, KOREAN, PHONE_TREE, PHARMACY = "bank.yaml", "telecom.yaml", "multilingual.yaml", "korean.yaml", "phone-tree.yaml", "pharmacy.yaml"

NAMED = [
    # fillers and carrier phrases
    (BANK, "main", "en", "uh I'd like to check my balance please", "verify"),
    (BANK, "main", "en", "um can I uh report a lost card", "lost_card"),
    (TELECOM, "main", "en", "I want to pay my bill", "billing"),
    # inflections
    (TELECOM, "main", "en", "I was charged twice", "billing"),
    (BANK, "main", "en", "are the branches open on saturday", "branch_hours"),
    (BANK, "main", "en", "I'm complaining about the service", "complaints"),
    (TELECOM, "main", "en", "my internet's down", "troubleshoot"),
    # synonyms and paraphrase
    (BANK, "main", "en", "how much do I have left", "verify"),
    (BANK, "main", "en", "opening times please", "branch_hours"),
    (TELECOM, "main", "en", "I need to change my address", "other"),
    (TELECOM, "main", "en", "I can't get online", "troubleshoot"),
    (CITY, "main", "es", "no han pasado a recoger la basura", "trash_days"),
    (CITY, "main", "fa", "می‌خواهم قبضم را پرداخت کنم", "payments"),
    (KOREAN, "main", "ko", "환불하고 싶어요", "refund"),
    # a person, in any wording and every language of the example flows
    (BANK, "main", "en", "uh can I just talk to somebody", "human"),
    (BANK, "main", "en", "somebody", "human"),
    (BANK, "main", "en", "a live person", "human"),
    (TELECOM, "main", "en", "put me through", "human"),
    (TELECOM, "main", "en", "a real human please", "human"),
    (TELECOM, "main", "en", "transfer me to someone", "human"),
    (TELECOM, "main", "en", "I want to talk to someone about my bill", "human"),
    (CITY, "main", "es", "quiero hablar con una persona", "human"),
    (CITY, "main", "es", "un agente", "human"),
    (CITY, "main", "fa", "می‌خواهم با یک نفر صحبت کنم", "human"),
    (CITY, "main", "fa", "لطفا وصلم کنید به کارشناس", "human"),
    (KOREAN, "main", "ko", "상담원 연결해 주세요", "human"),
    (KOREAN, "main", "ko", "사람이랑 통화하고 싶어요", "human"),
    # an option is never mistaken for a person
    (TELECOM, "main", "en", "I want to talk about my bill", "billing"),
    (BANK, "main", "en", "someone stole my card", "lost_card"),
    (BANK, "main", "en", "person to person transfer", None),  # a payment between people: not offered, not a person
    (BANK, "main", "en", "I want to open a new account", None),
    # words the first dev set did not hold: the problem told, a word for who does it, a carrier verb
    (BANK, "main", "en", "the teller was rude to me", "complaints"),
    (BANK, "main", "en", "my card's gone", "lost_card"),
    (TELECOM, "main", "en", "calls keep failing", "zip"),
    (TELECOM, "callback_offer", "en", "have a technician call me", "callback_number"),
    (TELECOM, "restart_router", "en", "it's rebooted", "fixed"),
    (BANK, "anything_else", "en", "no thanks I'm finished", "goodbye"),
    (CITY, "language", "en", "I prefer english", "key 1"),
    (CITY, "main", "en", "a huge crater in the road", "pothole"),
    (CITY, "main", "en", "my parking ticket", None),
    (TELECOM, "main", "en", "where can I buy a charger in Boston", None),
    # the third set: a steering word the menu has no option for, a complaint about something, a scene word, a name
    (CITY, "after_trash", "en", "I'm done now", "goodbye"),  # "done" stands for goodbye where no option says it
    (CITY, "after_trash", "en", "I need something else now", "main"),  # "something else" is the main menu here
    (BANK, "main", "en", "I was treated terribly at your branch", "complaints"),  # a complaint about the branch
    (CITY, "after_trash", "en", "could you repeat the pickup days", "trash_days"),
    (TELECOM, "main", "en", "my internet stopped working after the storm", "troubleshoot"),  # the storm is the scene
    (CITY, "main", "en", "someone needs to fix the road on elm avenue", "pothole"),  # "elm" names the street
    (TELECOM, "main", "en", "the network's been down for hours", "zip"),  # how long is not opening hours
    (TELECOM, "callback_offer", "en", "I don't want to wait have someone call me", "callback_number"),
    (TELECOM, "callback_offer", "en", "I don't want a callback I'll wait", "tech_hold"),
    (BANK, "anything_else", "en", "yes please I'm not finished", "main"),
    (BANK, "anything_else", "en", "no I don't need anything else", "goodbye"),
    (BANK, "main", "en", "I want to invest in a retirement fund", None),  # a service the menu doesn't offer
    (CITY, "main", "en", "where do I pay a parking ticket", None),  # two unknown words name a thing
    # the fourth set: words whose stem is another word, a lost thing as scene, indirect and frustrated requests for a person
    (BANK, "main", "en", "can I get a personal loan", None),  # "personal" is not "a person"
    (CITY, "language", "en", "english is totally fine", "key 1"),  # "totally" is not a balance's total
    (TELECOM, "callback_offer", "en", "I'll remain on the line", "tech_hold"),  # "remain" is not what is remaining
    (TELECOM, "main", "en", "what time is the football game", None),  # a game is not online gaming
    (TELECOM, "main", "en", "my signal is gone", "zip"),  # gone sets the scene where no option is about a lost thing
    (CITY, "main", "en", "the garbage truck missed our house", "trash_days"),
    (TELECOM, "main", "en", "the service went dead an hour ago", "zip"),  # an hour ago is not opening hours
    (TELECOM, "main", "en", "I've been stuck in this menu forever give me someone", "human"),
    (TELECOM, "main", "en", "who can I actually talk to", "human"),
    (CITY, "main", "en", "this isn't working who do I speak to", "human"),
    (BANK, "main", "en", "who do I talk to about bad service", "complaints"),  # who to talk to, beside an option's words, is that option
    (BANK, "anything_else", "en", "uh huh I need a bit more help", "main"),
    (BANK, "main", "en", "I want to open a new savings account", None),
    # the probe after the fourth set: services, places and products named, frustration
    (BANK, "main", "en", "can someone notarize a document for me", None),  # someone beside a service no option offers does it
    (BANK, "main", "en", "can I cash a check at walmart", None),
    (CITY, "main", "en", "there's a stray dog in my yard", None),  # a yard is not a trash day
    (BANK, "main", "en", "I've pressed every button and nothing works", "human"),
    (TELECOM, "main", "en", "I'm getting nowhere with this", "human"),
    (BANK, "main", "en", "can I be connected to a customer advisor", "human"),
    # the second probe after the fourth set: callers' own words
    (BANK, "main", "en", "I need to report a problem with one of your staff", "complaints"),  # was sent to a person
    (TELECOM, "restart_router", "en", "right I've switched it off and on", "fixed"),  # switched off is not a lost card
    (BANK, "anything_else", "en", "not today thanks", "goodbye"),
    (CITY, "main", "en", "the road by the park is full of cracks", "pothole"),  # a park is the scene; a parking ticket is not
    # the fifth set: typing slips, British spellings, shorthand, regional words, negations, two requests
    (BANK, "main", "en", "whats my balence pls", "verify"),
    (BANK, "main", "en", "my credit card was stollen", "lost_card"),
    (TELECOM, "main", "en", "my intenet isn't working", "troubleshoot"),
    (TELECOM, "main", "en", "my fibre connection is down", "troubleshoot"),  # British spelling
    (CITY, "main", "en", "what day is recyling", "trash_days"),
    (CITY, "main", "en", "when do the bin men come", "trash_days"),
    (BANK, "main", "en", "let me speak to a representitive", "human"),
    (BANK, "main", "en", "I'm skint till friday how much is left", "verify"),
    (TELECOM, "callback_offer", "en", "yeah just give me a bell later", "callback_number"),
    (TELECOM, "callback_offer", "en", "get someone to buzz me when they're free", "callback_number"),  # was sent to a person
    (CITY, "language", "en", "I want spanish not english", "key 2"),
    (CITY, "language", "en", "no english spanish", "key 2"),
    (BANK, "main", "en", "not a complaint or anything I just want to know how much money is in my account", "verify"),  # was a complaint
    (BANK, "main", "en", "I want to report a lost card and then check my balance", "lost_card"),
    (BANK, "main", "en", "the power is out is the branch open", "branch_hours"),  # "power" is a word, not a slip of "tower"
    (TELECOM, "main", "en", "where can I buy a charger", None),  # "charger" is a word, not a slip of "charge"
    (TELECOM, "main", "en", "zero zero zero", "human"),
    (BANK, "main", "en", "my creditcard is gone", "lost_card"),  # run together, a listed phrase
    (TELECOM, "callback_offer", "en", "call me on my mobile", "callback_number"),  # beside an offered group, another is the scene
    (TELECOM, "restart_router", "en", "ok the modem's back on", "fixed"),
    (TELECOM, "callback_offer", "en", "I'll hold the line", "tech_hold"),  # "I'll hold" and "hold the line" overlap
    (BANK, "main", "en", "the cash machine kept my card", "lost_card"),  # the machine is where it happened
    (BANK, "main", "en", "I want to pay my credit card bill", None),  # a bill beside a card is still not a lost card
    # spoken keys, the human key too
    (BANK, "main", "en", "zero", "human"),
    (BANK, "main", "en", "press zero", "human"),
    (BANK, "main", "en", "option zero please", "human"),
    (BANK, "main", "en", "press two", "lost_card"),
    (CITY, "main", "es", "oprima cero", "human"),
    # asking to be connected: to what an option offers is that option, to somebody (or to nothing) a person, to anything else asked again
    (PHONE_TREE, "planets", "en", "connect me to Dagobah", "dagobah"),  # was a person
    (PHONE_TREE, "planets", "en", "put me through to the swamp planet", "dagobah"),
    (PHONE_TREE, "planets", "en", "Dagobah please", "dagobah"),  # the option's label, as the prompt says it
    (PHONE_TREE, "planets", "en", "I want to talk to someone on Dagobah", "dagobah"),
    (PHONE_TREE, "planets", "en", "can someone come get me", "oober"),  # a ride, not a rubbish pickup, nor a person
    (PHONE_TREE, "main", "en", "connect me to a planet", "planets"),
    (PHONE_TREE, "planets", "en", "put me through to someone", "human"),
    (PHONE_TREE, "planets", "en", "connect me to a person", "human"),
    (TELECOM, "main", "en", "put me through to billing", "billing"),  # was a person
    (TELECOM, "main", "en", "just put me through", "human"),
    (BANK, "main", "en", "put me through to complaints", "complaints"),
    (BANK, "main", "en", "transfer me to the manager", "human"),
    (BANK, "main", "en", "connect me to the mortgage department", None),  # was a person with confidence 1.0
    (CITY, "main", "en", "put me through to trash collection", "trash_days"),
    (PHARMACY, "main", "en", "connect me to refills", "rx"),
    (PHARMACY, "main", "en", "put me through to the pharmacist", "human"),  # the flow's own word for its person
    (PHARMACY, "main", "en", "put me through to the hospital", None),
    # a menu's own names, slipped by a typist or split by a recognizer, are those names
    (PHONE_TREE, "planets", "en", "dagoba", "dagobah"),
    (PHONE_TREE, "planets", "en", "dago bah", "dagobah"),
    (PHONE_TREE, "planets", "en", "da go ba please", "dagobah"),
    (PHONE_TREE, "planets", "en", "bro doe", "brodo"),  # the menu's own spelling stays as it is
    (CITY, "language", "en", "farsee", "key 3"),  # written as it sounds
    (TELECOM, "main", "en", "I need a new charger", None),  # a word of its own, not a slip of "charges"
    # a name of an option's label, alone, is the option the prompt named with it ("For Brodo Asteroid B 612, press 2")
    (PHONE_TREE, "planets", "en", "brodo", "brodo"),
    (PHONE_TREE, "planets", "en", "oober please", "oober"),
    (PHONE_TREE, "planets", "en", "the skyway", "oober"),
    # a judgment turned into its opposite by a prefix is a complaint, whether or not the complaint words list it
    (BANK, "main", "en", "your staff were impolite and dishonest", "complaints"),
    (BANK, "main", "en", "you charged me a fee that is totally unfair and i want it looked into", "complaints"),
    (BANK, "main", "en", "the clerk was so uncooperative", "complaints"),
    # every "n't" negates what follows, and so do "speak", "understand", "read" between it and the group
    (CITY, "language", "en", "persian please my father doesnt speak english", "key 3"),
    (CITY, "language", "en", "spanish my mum can't read english", "key 2"),
    # what is wanted told by what happened or what should be done, in structures the seventh set found missing
    (PHARMACY, "main", "en", "i'm out of my inhaler", "rx"),
    (PHARMACY, "main", "en", "my prescription is about to run out", "rx"),
    (CITY, "main", "en", "i got a late notice", "payments"),
    (BANK, "anything_else", "en", "end the call", "goodbye"),
    (TELECOM, "restart_router", "en", "yes", "fixed"),  # "say ready": a yes is ready where the menu asks for nothing else
    (PHONE_TREE, "main", "en", "navigation please", "directions"),
    (PHONE_TREE, "main", "en", "what worlds can i call", "planets"),
    # the eighth round: an option named by its label takes the caller's other words as how they ask; a question on an option's
    # topic is its question; fixed expressions, tenses and a copula inside a phrase; the language asked for, spoken
    (PHONE_TREE, "planets", "en", "call the asteroid", "brodo"),
    (PHONE_TREE, "planets", "en", "i want to reach dagobah", "dagobah"),
    (PHARMACY, "main", "en", "can i split these tablets in half", "pharmacist"),
    (PHARMACY, "main", "en", "i'm pregnant is this medication safe", "pharmacist"),
    (BANK, "anything_else", "en", "nope all taken care of", "goodbye"),
    (BANK, "anything_else", "en", "sure why not", "main"),
    (BANK, "anything_else", "en", "nope that was everything", "goodbye"),
    (PHARMACY, "main", "en", "la opcion en espanol", "main"),
    (TELECOM, "main", "en", "my question isn't about any of those", "other"),
    (TELECOM, "main", "en", "my cable and phone are both dead", "zip"),
    (PHONE_TREE, "main", "en", "which way is the mothership", "directions"),
    (PHONE_TREE, "planets", "en", "back", "returning"),
    (PHARMACY, "main", "en", "please refill rx number four five six", "rx"),
    (CITY, "main", "en", "can someone come patch the road", "pothole"),
    (PHONE_TREE, "main", "en", "how do i fix my spaceship engine", None),  # an engine is no engineer
    (PHONE_TREE, "planets", "en", "b612", "brodo"),  # a number in an option's label names it, written together or said digit by digit
    (PHONE_TREE, "planets", "en", "b six one two", "brodo"),
    (PHONE_TREE, "main", "en", "what planets can i dial", "planets"),  # dialling is calling
    (TELECOM, "main", "en", "I lost my phone", None),  # but a phone is not a call
    (BANK, "main", "en", "what are your operating hours", "branch_hours"),  # "operating" is no "operator" (it went to a person, 1.0)
    (TELECOM, "main", "en", "how do i install the modem", "troubleshoot"),
]


def test_a_lead_from_wording_alone_is_asked_which() -> None:
    """When all the words that chose an option are another option's words too ("I'm calling about my inhaler": medicine is a
    refill's and a pharmacist's), the winner's lead comes from how its phrases are worded: the caller is asked which, not
    sent to the pharmacist with confidence 0.91 ("I'm out of my inhaler" was, at 0.84, before "out of my" was a refill). A
    word only one option holds ("a *question* about my medicine") still decides."""
    rx, pharmacist = option(menu(PHARMACY, "main"), "rx"), option(menu(PHARMACY, "main"), "pharmacist")
    for text in ("i'm calling about my inhaler", "something about my pills"):
        kind, candidates, _ = decide(PHARMACY, "main", "en", text)
        assert kind == "ambiguous" and set(candidates) == {rx, pharmacist}, (text, kind, candidates)
    kind, candidates, confidence = decide(PHARMACY, "main", "en", "a question about my medicine")
    assert kind == "option" and candidates == (pharmacist,) and confidence >= CONFIRM_BELOW


def test_a_question_on_the_pharmacists_topic_is_the_pharmacists_not_asked_which() -> None:
    """"Can I crush my pills", "can I take Tylenol with this medicine": the question's unknown words are its subject as the
    pharmacist hears it, and a question is what only the pharmacist takes, so the lead is the caller's, not the wording's
    (these were asked which of the refill and the pharmacist, the known limit of round 8). Telling about a medicine with no
    question is still asked which."""
    pharmacy = menu(PHARMACY, "main")
    for text in ("can i crush my pills", "can i take tylenol with this medicine", "what happens if i took my pill twice by mistake"):
        kind, candidates, confidence = decide(PHARMACY, "main", "en", text)
        assert kind == "option" and candidates == (option(pharmacy, "pharmacist"),) and confidence >= CONFIRM_BELOW, (text, kind, candidates)
    assert decide(PHARMACY, "main", "en", "i'm calling about my inhaler")[0] == "ambiguous"


def test_a_refused_option_is_never_taken_and_at_two_options_the_other_is_offered() -> None:
    """"I don't want to stay on hold" went to holding with confidence 0.96, "I don't want a call back" to the call back (0.97),
    "no I don't want anything else" to the main menu (0.91): a refusal alone was taken for the request. Now, at a menu of two,
    the other option is offered for a yes; the other's own words still decide, and "I did not get my bill" is still the bill."""
    offer, after = menu(TELECOM, "callback_offer"), menu(BANK, "anything_else")
    for flow_name, node, text, expected in ((TELECOM, "callback_offer", "i don't want to stay on hold", option(offer, "callback_number")),
                                            (TELECOM, "callback_offer", "i don't want a call back", option(offer, "tech_hold")),
                                            (BANK, "anything_else", "no i don't want anything else", option(after, "goodbye")),
                                            (BANK, "anything_else", "i don't want to hang up yet", option(after, "main"))):
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (expected,) and NO_MATCH <= confidence < CONFIRM_BELOW, (text, kind, candidates, confidence)
    kind, candidates, confidence = decide(TELECOM, "callback_offer", "en", "i don't want to hold just call me back")
    assert candidates == (option(offer, "callback_number"),) and confidence >= CONFIRM_BELOW
    kind, candidates, _ = decide(TELECOM, "main", "en", "i did not get my bill")
    assert candidates[:1] == (option(menu(TELECOM, "main"), "billing"),), (kind, candidates)


def test_one_unknown_word_beside_a_request_one_option_explains_is_its_scene() -> None:
    """"I forgot which day recycling goes out", "a huge crack opened up in the road", "my son borrowed my card and now he says he
    doesn't have it": every group named is one option's and only one word no list holds is left, the scene of the request; these
    were offered back for a yes (0.71-0.73). Two such words, or a negation, leave it a confirmation ("my internet and tv are both
    down" may be an outage); a thing named beside the request is still asked again or confirmed."""
    for flow_name, node, text, expected in ((CITY, "main", "i forgot which day recycling goes out", "trash_days"),
                                            (CITY, "main", "a huge crack opened up in the road", "pothole"),
                                            (BANK, "main", "i've called three times and nobody has fixed my problem", "complaints")):
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (option(menu(flow_name, node), expected),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)
    for text in ("my internet and tv are both down", "everything went dark no connection at all"):
        kind, candidates, confidence = decide(TELECOM, "main", "en", text)
        assert kind != "option" or confidence < CONFIRM_BELOW or candidates[0] == option(menu(TELECOM, "main"), "zip"), (text, kind, confidence)
    kind, _, confidence = decide(BANK, "main", "en", "do you have a branch in Boston")
    assert kind != "option" or confidence < CONFIRM_BELOW


def test_a_judgment_said_not_to_hold_is_a_complaint() -> None:
    """"That's not fair", "the fee is not reasonable", "the staff were not at all friendly" are complaints as "unfair" is (they were
    asked again or offered back). A negated judgment that is a listed phrase keeps its group: "this isn't helpful" asks for a person,
    and "not just my balance" is no complaint."""
    bank = menu(BANK, "main")
    for text in ("that's not fair", "the fee is not reasonable", "the staff were not at all friendly"):
        kind, candidates, confidence = decide(BANK, "main", "en", text)
        assert kind == "option" and candidates == (option(bank, "complaints"),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)
    assert decide(TELECOM, "main", "en", "this isn't helpful")[0] == "human"
    assert decide(BANK, "main", "en", "not just my balance")[1] == (option(bank, "verify"),)


def test_not_knowing_the_schedule_asks_about_it() -> None:
    """"I just moved here and don't know the trash schedule": not knowing *the* schedule asks about it (the trash was taken as refused
    and the caller asked again); not knowing a language still negates it."""
    kind, candidates, confidence = decide(CITY, "main", "en", "i just moved here and don't know the trash schedule")
    assert kind == "option" and candidates == (option(menu(CITY, "main"), "trash_days"),) and confidence >= CONFIRM_BELOW, (kind, confidence)
    kind, candidates, _ = decide(CITY, "language", "en", "my mom doesn't know english spanish please")
    assert kind == "option" and candidates == (option(menu(CITY, "language"), "key 2"),)


def test_the_ninth_sets_families() -> None:
    """What the ninth set told in expressions the groups missed: an outage by its extent ("no connection at all" went to internet
    help with 0.91), directions as a wrong turn or how far, a goodbye as thanks for the help, a refill by the pills left."""
    for flow_name, node, text, expected in ((TELECOM, "main", "there's no connection at all", "zip"),
                                            (TELECOM, "main", "everything went out about an hour ago", "zip"),
                                            (PHONE_TREE, "main", "i took a wrong turn somewhere", "directions"),
                                            (PHONE_TREE, "main", "how far away is my ship", "directions"),
                                            (BANK, "anything_else", "no that's fine you've been a big help", "goodbye"),
                                            (PHARMACY, "main", "i only have two pills left", "rx")):
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (option(menu(flow_name, node), expected),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)


def test_a_person_negated_or_refused_is_not_asked_for() -> None:
    """"I don't need an agent, just my balance", "not a person, just my balance" went to a person with confidence 1.0, and so did
    "I don't want a person": a person the caller negated or refused is no explicit request. Asking for one after refusing
    something else still reaches one."""
    bank = menu(BANK, "main")
    for text in ("i don't need an agent just my balance", "not a person just my balance"):
        kind, candidates, _ = decide(BANK, "main", "en", text)
        assert kind == "option" and candidates == (option(bank, "verify"),), (text, kind, candidates)
    assert decide(BANK, "main", "en", "i don't want a person")[0] != "human"
    assert decide(BANK, "main", "en", "i don't want the menu i want a human")[0] == "human"


@pytest.mark.parametrize("text", ["I don't want to talk to a robot", "i don't want a robot", "i do not want to speak to a recording",
                                  "i don't want to talk to a machine anymore", "no more robots", "i don't want an automated system"])
def test_refusing_the_machine_is_asking_for_a_person(text: str) -> None:
    """Refusing a person is no request for one, but refusing the line itself is: these were asked again once a refused person
    stopped counting (the held-out set's "I don't want to talk to a robot", at all 12 menus, showed it)."""
    for flow_name, node in ((BANK, "main"), ("telecom.yaml", "main"), ("pharmacy.yaml", "main")):
        assert decide(flow_name, node, "en", text)[0] == "human", (flow_name, text)


def test_another_places_opening_hours_are_not_the_lines() -> None:
    """"When does the library open" went to the bank's branch hours at 0.91 (a place no line is counts as a scene word): right
    before its opening hours, such a place is the one asked about, so the hours are confirmed, never taken at once; the line's
    own hours and a place as a request's scene are as before."""
    for flow_name, text in ((BANK, "when does the library open"), (BANK, "what time does the mall close"), (PHARMACY, "is the library open"),
                            (PHARMACY, "when does the gym close")):
        kind, _, confidence = decide(flow_name, "main", "en", text)
        assert kind != "option" or confidence < CONFIRM_BELOW, (flow_name, text, kind, confidence)
    assert decide(BANK, "main", "en", "when does the branch open")[2] >= CONFIRM_BELOW
    assert decide(PHARMACY, "main", "en", "when does the pharmacy open")[2] >= CONFIRM_BELOW
    assert decide(CITY, "main", "en", "there's a pothole by the library")[2] >= CONFIRM_BELOW


def test_somebody_the_caller_tells_about_is_not_asked_for() -> None:
    """A word for somebody that did something ("your staff *made* me feel like an idiot", "the lady at the desk *was*
    dismissive") or the caller's own people ("get in touch with *my people*") is not a request for a person: those went to a
    person (0.68-0.73) before. Asking for somebody still reaches one."""
    for flow_name, node, text in ((BANK, "main", "your staff made me feel like an idiot"),
                                  (BANK, "main", "the lady at the desk was really dismissive and i want someone to know"),
                                  (PHONE_TREE, "main", "i need to get in touch with my people")):
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind != "human", (text, kind, confidence)
    for text in ("can i talk to your manager", "i'd like to speak to a banker", "get me someone who works there", "the person i spoke to was rude"):
        kind, candidates, _ = decide(BANK, "main", "en", text)
        assert kind == ("option" if "rude" in text else "human"), (text, kind, candidates)


def test_what_a_caller_compares_with_is_not_what_they_ask_for() -> None:
    """"My speeds are way lower than what I'm paying for" is slow internet, not a bill (billing was offered for a yes before)."""
    kind, candidates, _ = decide(TELECOM, "main", "en", "my speeds are way lower than what i'm paying for")
    assert candidates[:1] == (option(menu(TELECOM, "main"), "troubleshoot"),), (kind, candidates)


def test_a_copula_inside_a_phrase_is_skipped_but_not_a_purpose() -> None:
    """"That *was* everything" is "that's everything", though "that was it" is a phrase of its own; "someone *to* pick me up" is
    a ride, not "someone pick up" (a request for a person)."""
    kind, candidates, _ = decide(PHONE_TREE, "planets", "en", "i need someone to pick me up")
    assert kind == "option" and candidates[0] == option(menu(PHONE_TREE, "planets"), "oober"), (kind, candidates)
    assert analyse("nope that was everything", "en")[-1] == ("=goodbye", 1.0)


def test_a_phrase_does_not_reach_across_a_request_nor_a_stem_into_another_word() -> None:
    """"I'm *calling to* set up direct deposit" is not "I'm set" (a goodbye) and "*direct*" is not "directions": it was offered
    back as the balance ("Did you want your balance?"); now it is a service the bank's menu doesn't offer, asked again."""
    terms = {term for term, _ in analyse("i'm calling to set up direct deposit for my new job", "en")}
    assert "=done" not in terms and "=directions" not in terms, terms
    kind, _, _ = decide(BANK, "main", "en", "i'm calling to set up direct deposit for my new job")
    assert kind == "none"


def test_an_everyday_word_is_not_a_groups_word_that_shares_its_stem() -> None:
    """Snowball gives "recorded" and "recording", "accepted" and "acceptable", "operating" and "operator" one stem: a recorded
    message went to a person (1.0, "a recording" asks for one), a card not accepted was a complaint (0.85, "not acceptable")."""
    bank = menu(BANK, "main")
    kind, candidates, _ = decide(BANK, "main", "en", "i got a recorded message saying my card was blocked")
    assert kind == "option" and candidates[0] == option(bank, "lost_card"), (kind, candidates)
    kind, candidates, confidence = decide(BANK, "main", "en", "my card was not accepted at the store")
    assert not (kind == "option" and candidates[0] == option(bank, "complaints")), (kind, candidates, confidence)
    kind, candidates, _ = decide(TELECOM, "main", "en", "how do i interpret my bill")
    assert kind == "option" and candidates[0] == option(menu(TELECOM, "main"), "billing"), (kind, candidates)
    for text in ("can i speak to a representative", "are there any representatives", "i need an interpreter"):
        assert decide(TELECOM, "main", "en", text)[0] == "human", text


def test_what_a_verb_acts_on_is_its_object() -> None:
    """"Move *my internet* to my new address" is moving, not internet help (both were offered before); "since I moved house my
    internet keeps dropping" has no object and is still internet help."""
    telecom = menu(TELECOM, "main")
    for text in ("i need to move my internet to a new address", "we're relocating can you move my internet"):
        kind, candidates, confidence = decide(TELECOM, "main", "en", text)
        assert kind == "option" and candidates[0] == option(telecom, "other") and confidence >= CONFIRM_BELOW, (text, kind, candidates)
    kind, candidates, _ = decide(TELECOM, "main", "en", "since i moved house my internet keeps dropping")
    assert candidates[:1] == (option(telecom, "troubleshoot"),), (kind, candidates)


def test_what_an_option_leads_to_is_offered_for_a_yes() -> None:
    """At the city's "anything else?" menu, paying a bill is what its main menu offers: "I want to pay a bill now" is
    confirmed as the main menu (it was asked again, the caller's request unheard). What this menu reaches by an option of
    its own ("trash days" is its "hear it again") and what led here are not evidence for going back."""
    after = menu(CITY, "after_trash")
    kind, candidates, confidence = decide(CITY, "after_trash", "en", "i want to pay a bill now")
    assert kind == "option" and candidates == (option(after, "main"),) and NO_MATCH <= confidence < CONFIRM_BELOW
    kind, candidates, confidence = decide(CITY, "after_trash", "en", "repeat the trash days")
    assert kind == "option" and candidates == (option(after, "trash_days"),) and confidence >= CONFIRM_BELOW
    kind, candidates, _ = decide(PHONE_TREE, "planets", "en", "I want to call a planet")
    assert option(menu(PHONE_TREE, "planets"), "returning") not in candidates


def test_a_caller_who_corrects_themselves_means_what_they_said_last() -> None:
    """"Dagobah no wait Brodo", "english no wait spanish", "lost card sorry i meant my balance": what came before the correction is
    taken back (these were asked which of the two, or sent to the lost card for a yes). A person asked for last is a person, a
    person taken back is not; "no wait" with nothing said before it takes nothing back."""
    planets, language, bank = menu(PHONE_TREE, "planets"), menu(CITY, "language"), menu(BANK, "main")
    for flow_name, node, text, expected in ((PHONE_TREE, "planets", "dagobah no wait brodo", option(planets, "brodo")),
                                            (PHONE_TREE, "planets", "brodo no sorry i mean dagobah", option(planets, "dagobah")),
                                            (CITY, "language", "english no wait spanish please", option(language, "key 2")),
                                            (BANK, "main", "lost card no wait sorry i meant i just want my balance", option(bank, "verify")),
                                            (BANK, "main", "can i talk to someone no wait i mean my balance", option(bank, "verify"))):
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (expected,) and confidence >= CONFIRM_BELOW, (text, kind, candidates, confidence)
    assert decide(BANK, "main", "en", "my balance no wait just get me a person")[0] == "human"
    kind, candidates, _ = decide(BANK, "main", "en", "no wait what are your hours")
    assert kind == "option" and candidates == (option(bank, "branch_hours"),)


def test_an_option_asked_for_in_its_own_words_and_for_what_it_leads_to_is_sure() -> None:
    """"Actually I need one more refill", "I also need to pay a bill" at an "anything else?" menu: one more thing is the main
    menu's own words and the refill or the bill what it leads to, so both are evidence and the main menu is taken at once (it was
    offered for a yes, 0.57-0.72). What it leads to alone is still offered for a yes."""
    for flow_name, text in ((PHARMACY, "actually i need one more refill"), (PHARMACY, "yes i have another prescription"),
                            (CITY, "i also need to pay a bill")):
        node = "anything_else" if flow_name == PHARMACY else "after_trash"
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (option(menu(flow_name, node), "main"),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)
    kind, candidates, confidence = decide(CITY, "after_trash", "en", "i want to pay a bill now")
    assert kind == "option" and confidence < CONFIRM_BELOW


def test_one_more_request_goes_back_to_the_menu_that_offers_it() -> None:
    """"I want to report a pothole too", "I need to pay a bill as well" at the city's "hear it again / main menu / goodbye" menu:
    a request ending "too" or "as well" is one more thing, the main menu's own reason, and what it leads to says which (these were
    offered for a yes, 0.63-0.69). Thanks ending "too" is no request and stays a confirmation."""
    after = menu(CITY, "after_trash")
    for text in ("i want to report a pothole too", "i need to pay a bill as well", "i need help with a pothole too"):
        kind, candidates, confidence = decide(CITY, "after_trash", "en", text)
        assert kind == "option" and candidates == (option(after, "main"),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)
    kind, _, confidence = decide(PHARMACY, "anything_else", "en", "thanks for the refill too")
    assert kind != "option" or confidence < CONFIRM_BELOW


def test_words_that_qualify_a_groups_thing_are_not_a_thing_of_their_own() -> None:
    """"My blood pressure pills": two unknown words before a group's word say which pills, they name no other thing (they counted
    fully, and "I need to get my blood pressure medicine refilled" was offered for a yes at 0.71)."""
    for text in ("i need to get my blood pressure medicine refilled", "i'm almost out of my blood pressure pills"):
        kind, candidates, confidence = decide(PHARMACY, "main", "en", text)
        assert kind == "option" and candidates == (option(menu(PHARMACY, "main"), "rx"),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)
    kind, _, confidence = decide(CITY, "main", "en", "how do i get a parking permit")
    assert kind != "option" or confidence < CONFIRM_BELOW


def test_the_one_a_caller_points_at_is_no_key() -> None:
    """"Um the calling one", "the first one": "one" after "the" is a pronoun, not key 1 ("um the calling one" went to directions with
    confidence 1.0); "one" and "press one" are still the key."""
    main = menu(PHONE_TREE, "main")
    kind, candidates, confidence = decide(PHONE_TREE, "main", "en", "um the calling one")
    assert not (kind == "option" and candidates[0] == option(main, "directions") and confidence >= CONFIRM_BELOW), (kind, candidates, confidence)
    for text in ("one", "press one", "option one"):
        assert decide(PHONE_TREE, "main", "en", text)[:2] == ("option", (option(main, "directions"),)), text


def test_an_option_is_pointed_at_by_its_place_in_the_prompt() -> None:
    """"The first one", "the last option", "the one after brodo": the prompt's list in its order (the one after Brodo went to Brodo at
    0.80, "the first one" was asked again); where the caller's words name another option, both are offered, and "the first menu" is
    still the main menu."""
    planets = menu(PHONE_TREE, "planets")
    for text, expected in (("the one after brodo", "dagobah"), ("the first one", "brodo"), ("the last option", "returning"),
                           ("the one before oober", "dagobah"), ("the first one brodo", "brodo")):
        kind, candidates, confidence = decide(PHONE_TREE, "planets", "en", text)
        assert kind == "option" and candidates == (option(planets, expected),) and confidence >= CONFIRM_BELOW, (text, kind, candidates, confidence)
    kind, candidates, _ = decide(PHONE_TREE, "planets", "en", "the second one brodo")
    assert kind == "ambiguous" and set(candidates) == {option(planets, "brodo"), option(planets, "dagobah")}
    kind, candidates, _ = decide(PHONE_TREE, "planets", "en", "back to the first menu")
    assert kind == "option" and candidates == (option(planets, "returning"),)


def test_somebody_a_complaint_describes_is_not_asked_for() -> None:
    """"This is the worst customer service I've ever had" went to a person with confidence 1.0: "customer service" is a way to ask
    for one, but described by a complaint's word it is who the caller judges. Frustration beside a request for a person is still one."""
    kind, candidates, confidence = decide(BANK, "main", "en", "this is the worst customer service i've ever had")
    assert kind == "option" and candidates == (option(menu(BANK, "main"), "complaints"),) and confidence >= CONFIRM_BELOW, (kind, confidence)
    for text in ("i'm frustrated agent please", "you have the worst customer service put me through to a person"):
        assert decide(BANK, "main", "en", text)[0] == "human", text


def test_a_caller_who_cant_hold_refuses_holding() -> None:
    """"I can't stay on the phone" went to holding at 0.92: a steering option the caller can't or won't take is refused like one they
    don't want, and the other is offered for a yes. "I don't mind holding" is still holding."""
    offer = menu(TELECOM, "callback_offer")
    for text in ("i can't stay on the phone", "i won't hold"):
        kind, candidates, _ = decide(TELECOM, "callback_offer", "en", text)
        assert candidates[:1] != (option(offer, "tech_hold"),) and candidates[:1] == (option(offer, "callback_number"),), (text, kind, candidates)
    kind, candidates, confidence = decide(TELECOM, "callback_offer", "en", "i don't mind holding")
    assert candidates == (option(offer, "tech_hold"),) and confidence >= CONFIRM_BELOW, (kind, candidates, confidence)


def test_somebody_at_the_line_itself_is_a_person() -> None:
    """"I want to speak to someone in the bank" went to the balance at 0.91 ("in the bank" is where money is); somebody at the line
    itself is a person, and somebody at a line the menu offers is still that line."""
    assert decide(BANK, "main", "en", "i want to speak to someone in the bank")[0] == "human"
    assert decide(PHARMACY, "main", "en", "can i talk to someone at the pharmacy")[0] == "human"
    kind, candidates, confidence = decide(PHONE_TREE, "planets", "en", "can I speak to someone on the swamp planet")
    assert kind == "option" and candidates == (option(menu(PHONE_TREE, "planets"), "dagobah"),) and confidence >= CONFIRM_BELOW


def test_a_hesitation_before_no_takes_back_what_came_before() -> None:
    """"English um no spanish actually" went to English at 0.86: a hesitation before "no" is a correction; "uh no service" alone is
    no correction."""
    kind, candidates, confidence = decide(CITY, "language", "en", "english um no spanish actually")
    assert kind == "option" and candidates == (option(menu(CITY, "language"), "key 2"),) and confidence >= CONFIRM_BELOW, (kind, candidates)
    kind, candidates, confidence = decide(TELECOM, "main", "en", "uh no service")
    assert kind == "option" and candidates == (option(menu(TELECOM, "main"), "zip"),) and confidence >= CONFIRM_BELOW


def test_a_name_the_prompt_gave_counts_fully_in_a_long_story() -> None:
    """"So I need to talk to my old teacher who lives in the swamp on dagobah" was offered back at 0.68: the option's name counted half,
    as an unknown word does, among the story's words."""
    planets = menu(PHONE_TREE, "planets")
    for text, expected in (("so i need to talk to my old teacher who lives in the swamp on dagobah", "dagobah"),
                           ("so my friend lives on that little asteroid with the volcanoes can you call there", "brodo")):
        kind, candidates, confidence = decide(PHONE_TREE, "planets", "en", text)
        assert kind == "option" and candidates == (option(planets, expected),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)


def test_an_irregular_past_meets_its_present() -> None:
    """"My pills ran out" is "run out", a refill (asked which of the refill and the pharmacist in three sets); "I need to speak to a
    teller" is still a person ("spoken to" is a complaint's phrase, so "spoke" and "spoken" stay as they are)."""
    for text in ("my pills ran out", "my prescription ran out yesterday"):
        kind, candidates, confidence = decide(PHARMACY, "main", "en", text)
        assert kind == "option" and candidates == (option(menu(PHARMACY, "main"), "rx"),) and confidence >= CONFIRM_BELOW, (text, kind, candidates)
    assert decide(BANK, "main", "en", "I need to speak to a teller")[0] == "human"


def test_the_head_of_a_compound_decides() -> None:
    """"My internet bill is too high", "my cell phone bill is too high" were asked which (internet help or an outage, and billing): the
    bill is the head, what it is for only says which bill."""
    for text in ("my internet bill is too high", "my cell phone bill is too high"):
        kind, candidates, confidence = decide(TELECOM, "main", "en", text)
        assert kind == "option" and candidates == (option(menu(TELECOM, "main"), "billing"),) and confidence >= CONFIRM_BELOW, (text, kind, candidates)
    kind, candidates, confidence = decide(TELECOM, "main", "en", "the internet service is slow")
    assert candidates == (option(menu(TELECOM, "main"), "troubleshoot"),) and confidence >= CONFIRM_BELOW


def test_an_office_another_word_makes_another_place_is_not_the_lines() -> None:
    """"When does the post office open" took the bank's hours at 0.88: "post" makes the office another place, so the hours are
    confirmed; "the downtown office" and "the westside branch" are still the bank's."""
    for text in ("when does the post office open", "is the box office open"):
        kind, _, confidence = decide(BANK, "main", "en", text)
        assert kind != "option" or confidence < CONFIRM_BELOW, (text, kind, confidence)
    for text in ("is the downtown office open", "is the westside branch open"):
        kind, candidates, confidence = decide(BANK, "main", "en", text)
        assert candidates == (option(menu(BANK, "main"), "branch_hours"),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)


def test_where_a_journey_goes_is_not_another_request() -> None:
    """"Which way to the landing site", "how do I get to the landing pad", "what's the route back to the mothership": the destination
    counted as a thing named (0.58) and "back" as the menu; they are directions."""
    for text in ("which way to the landing site", "how do i get to the landing pad", "what's the route back to the mothership"):
        kind, candidates, confidence = decide(PHONE_TREE, "main", "en", text)
        assert kind == "option" and candidates == (option(menu(PHONE_TREE, "main"), "directions"),) and confidence >= CONFIRM_BELOW, (text, confidence)


def test_reaching_is_calling() -> None:
    """"Which planets can I reach" is calling one (round 8's known limit; offered back at 0.70); "transfer my contacts" is no call."""
    kind, candidates, confidence = decide(PHONE_TREE, "main", "en", "which planets can i reach")
    assert kind == "option" and candidates == (option(menu(PHONE_TREE, "main"), "planets"),) and confidence >= CONFIRM_BELOW, (kind, confidence)
    kind, _, confidence = decide(TELECOM, "main", "en", "how do I transfer my contacts")
    assert kind != "option" or confidence < CONFIRM_BELOW


def test_advice_and_a_medicines_effect_are_the_pharmacists() -> None:
    """"I need some advice about a drug", "my pills are giving me headaches", "my medicine makes me feel sick" were asked which of the
    refill and the pharmacist: asking for advice is a question, and a medicine doing something to the caller is its effect. A refill
    told by the empty bottle ("my inhaler is empty i need another one") is the refill."""
    pharmacy = menu(PHARMACY, "main")
    for text, expected in (("i need some advice about a drug", "pharmacist"), ("my pills are giving me headaches", "pharmacist"),
                           ("my medicine makes me feel sick", "pharmacist"), ("my inhaler is empty i need another one", "rx")):
        kind, candidates, confidence = decide(PHARMACY, "main", "en", text)
        assert kind == "option" and candidates == (option(pharmacy, expected),) and confidence >= CONFIRM_BELOW, (text, kind, candidates, confidence)
    assert decide(PHARMACY, "main", "en", "i'm calling about my inhaler")[0] == "ambiguous"


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), NAMED, ids=[c[3] for c in NAMED])
def test_what_callers_say(flow_name: str, node: str, language: str, text: str, expected: str | None) -> None:
    kind, candidates, confidence = decide(flow_name, node, language, text)
    if expected == "human":
        assert kind == "human"
    elif expected is None:
        assert kind == "none" or confidence < CONFIRM_BELOW, (kind, candidates, confidence)
    else:
        assert kind == "option" and candidates[0] == option(menu(flow_name, node), expected), (kind, candidates, confidence)
        assert confidence >= CONFIRM_BELOW


@pytest.mark.parametrize(("language", "text"), [("ko", "환" * 20_000), ("fa", "قبض" * 5_000), ("en", "bill " * 5_000)])
def test_a_huge_answer_is_decided_quickly(language: str, text: str) -> None:
    f = flow(KOREAN if language == "ko" else CITY if language == "fa" else TELECOM)
    started = time.perf_counter()
    understand(text, language, menu(Path(f.file).name, "main").choices, f.human)
    assert time.perf_counter() - started < 1.0


def test_every_option_and_the_person_get_a_score() -> None:
    m = menu(TELECOM, "main")
    r = understand("my internet is slow and my bill is too high", "en", m.choices, flow(TELECOM).human)
    assert len(r.scores) == 4 and r.scores[1] >= NO_MATCH and r.scores[2] >= NO_MATCH and r.scores[0] < NO_MATCH
    assert r.kind == "option" and r.choice == 1, "the internet: two of its words, one of billing's"
    assert 0.0 <= r.human_score < NO_MATCH
    r = understand("my internet and my bill", "en", m.choices, flow(TELECOM).human)
    assert r.kind == "ambiguous" and set(r.candidates) == {1, 2}


@pytest.mark.parametrize(("text", "normal"), [("internet's", "internet"), ("What’s my balance?", "what my balance"),
                                               ("can't", "cant")])
def test_normalisation_of_apostrophes(text: str, normal: str) -> None:
    assert normalize(text) == normal


@pytest.mark.parametrize(("a", "b"), [("complaining", "complain"), ("branches", "branch"), ("charged", "charge"),
                                      ("internet's", "internet"), ("billing", "bills")])
def test_inflections_meet(a: str, b: str) -> None:
    assert analyse(a, "en") == analyse(b, "en")


# -- asking instead of guessing ---------------------------------------------------------------------

CONFIRM_FLOW = """
name: confirm
languages: [en, es]
nodes:
  main:
    type: menu
    prompt: {en: "Billing or internet?", es: "¿Facturación o internet?"}
    options:
      - {dtmf: 1, phrases: {en: [billing, pay my bill], es: [factura]}, label: {en: billing, es: facturación}, next: billing}
      - {dtmf: 2, phrases: {en: [internet, wifi], es: [internet]}, label: {en: internet, es: internet}, next: internet}
  billing: {type: transfer, queue: billing}
  internet: {type: transfer, queue: internet}
"""


def said(effects: list[fx.Effect]) -> list[str]:
    return [e.text for e in effects if isinstance(e, (fx.Say, fx.Play))]


def call(source: str, *events: Any, language: str | None = None) -> tuple[Any, list[fx.Effect]]:
    f = compile_flow(source, "c.yaml")
    state, effects = start(f, CallStarted("c", language=language))
    for e in events:
        state, effects = step(f, state, e)
    return state, effects


UNSURE = "billing for the boat club"  # a listed word beside a thing the menu doesn't know


def test_unsure_answer_is_confirmed_and_yes_takes_it() -> None:
    state, effects = call(CONFIRM_FLOW, SpeechRecognized(UNSURE))
    assert said(effects) == ["Did you want billing? Say yes or press 1, or say no or press 2."]
    listen = effects[-1]
    assert isinstance(listen, fx.Listen) and listen.mode == "confirm" and listen.dtmf.keys == ("1", "2", "0")
    assert "yes" in listen.phrases and "agent" in listen.phrases and "wifi" in listen.phrases
    assert state.node == "main" and state.phase == "confirm"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), SpeechRecognized("yes please"))
    assert state.node == "billing"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), DigitsEntered("1"))
    assert state.node == "billing"


def test_no_asks_the_menu_again_and_the_retries_end_with_a_person_who_sees_what_was_heard() -> None:
    state, effects = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), SpeechRecognized("no"))
    assert state.node == "main" and state.phase == "ask" and said(effects) == ["Billing or internet?"]
    state, effects = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), DigitsEntered("2"))
    assert state.node == "main" and said(effects) == ["Billing or internet?"]
    no = (SpeechRecognized(UNSURE), SpeechRecognized("no"))
    state, effects = call(CONFIRM_FLOW, *no, *no, *no)
    assert state.node == "_human" and state.reason == "no-match"
    transfer = effects[-1]
    assert isinstance(transfer, fx.Transfer)
    heard = transfer.context["said"]
    assert heard[0]["text"] == UNSURE and heard[0]["meaning"] == "confirm" and heard[0]["options"] == ["billing"]
    assert 0 < heard[0]["understood"] < CONFIRM_BELOW and heard[1]["meaning"] == "no"


def test_a_no_match_keeps_the_closest_option_for_the_person_who_takes_the_call() -> None:
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("the bill for the boat club regatta trophy engraving"))
    assert state.phase == "ask" and state.no_match == 1
    assert state.said[-1]["meaning"] is None and state.said[-1]["options"] == ["billing"] and 0 < state.said[-1]["understood"] < 0.5


def test_a_fresh_answer_while_confirming() -> None:
    state, _ = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), SpeechRecognized("no, the internet"))
    assert state.node == "internet"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), SpeechRecognized("wifi"))
    assert state.node == "internet"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), SpeechRecognized("let me talk to a person"))
    assert state.node == "_human" and state.reason == "caller-asked"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), DigitsEntered("0"))
    assert state.node == "_human"
    state, effects = call(CONFIRM_FLOW, SpeechRecognized(UNSURE), NoInput())
    assert state.node == "main" and state.phase == "ask" and said(effects) == ["Sorry, I didn't hear anything.", "Billing or internet?"]


def test_an_unsure_recognizer_makes_a_sure_understanding_confirm() -> None:
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("billing", 0.95))
    assert state.node == "billing"
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("billing", 0.55))
    assert state.phase == "confirm" and said(effects)[0].startswith("Did you want billing?")


def test_a_hearing_below_the_flows_confidence_is_offered_back_never_taken() -> None:
    """A phone line's recognizer often hears the caller's words exactly and is still unsure (PocketSphinx:
    "is there an outage in my area" at 0.44). Between half the flow's `confidence` and it, an option read
    from the words, or a request for a person, is offered back for a yes, not re-asked whole; a spoken key
    or a pair of close options is not read from it."""
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("uh I want to pay my bill", 0.4))
    assert state.phase == "confirm" and said(effects)[0] == "Did you want billing? Say yes or press 1, or say no or press 2."
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("uh I want to pay my bill", 0.4), SpeechRecognized("yes", 0.9))
    assert state.node == "billing"
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("can I talk to a person", 0.4))
    assert state.phase == "confirm" and said(effects)[0] == "Did you want to speak to a person? Say yes or press 1, or say no or press 2."
    assert state.said[-1]["meaning"] == "confirm" and state.said[-1]["options"] == ["to speak to a person"]
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("can I talk to a person", 0.4), DigitsEntered("1"))
    assert state.node == "_human" and state.reason == "caller-asked"
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("can I talk to a person", 0.4), SpeechRecognized("no", 0.9))
    assert state.node == "main" and state.phase == "ask" and state.failures == 1
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("quiero hablar con una persona", 0.4), language="es")
    assert said(effects)[0].startswith("¿Quería hablar con una persona?")
    for unsure in ("press one", "zero", "my wifi and my bill"):
        state, effects = call(CONFIRM_FLOW, SpeechRecognized(unsure, 0.4))
        assert state.node == "main" and state.phase == "ask" and state.no_match == 1, unsure
        assert said(effects)[0] == "Sorry, I didn't understand.", unsure
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("billing", 0.2))
    assert state.phase == "ask" and state.no_match == 1, "below half the flow's confidence it is not heard at all"
    state, _ = call(CONFIRM_FLOW.replace("name: confirm", "name: confirm\nconfidence: 0.8"), SpeechRecognized("billing", 0.6))
    assert state.phase == "confirm", "the band follows the flow's confidence"
    state, _ = call(CONFIRM_FLOW.replace("name: confirm", "name: confirm\nconfirm_below: 0"), SpeechRecognized("billing", 0.4))
    assert state.phase == "ask", "a flow that never confirms ignores what it isn't sure it heard"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("billing", 0.4), SpeechRecognized("internet", 0.4))
    assert state.phase == "confirm" and state.candidates == [1], "an unsure fresh answer while confirming is offered in turn"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("fill in", 0.9, (("internet", 0.4),)))
    assert state.phase == "confirm" and state.candidates == [1], "an unsure alternative can be offered back"


def test_a_decision_every_reading_agrees_on_is_taken_at_once() -> None:
    """PocketSphinx on a phone line is often unsure of words that don't matter ("transfer me to live person" at 0.13,
    "i need to pay the bill" at 0.4): when every other reading it weighed means the same at the menu, the engine takes
    the meaning as it would typed text. One reading that means something else, a spoken key, or a hearing below the
    unsure floor keeps the old path."""
    readings = ("i need to pay the bill", "uh i need to pay my bill", "i need to pay my bills")
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("i need to pay my bill", 0.4, (), readings))
    assert state.node == "billing"
    assert state.said[-1]["meaning"] == "billing"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("i need to pay my bill", 0.4))
    assert state.phase == "confirm", "without readings the unsure hearing is offered back, as before"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("i need to pay my bill", 0.4, (), (*readings, "i need the wifi")))
    assert state.phase == "confirm", "one reading elsewhere: the words matter, and are offered back"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("i need to pay my bill", 0.4, (), (*readings, "i need a")))
    assert state.phase == "confirm", "one reading that means nothing: offered back"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("i need to pay my bill", 0.2, (), readings))
    assert state.phase == "ask" and state.no_match == 1, "below the unsure floor nothing was heard, however the readings agree"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("transfer me to live person", 0.13, (), ("transfer me to a live person",)))
    assert state.phase == "ask", "below the floor a person is not taken either"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("can i talk to someone", 0.3, (), ("can i talk to somebody", "i talk to someone")))
    assert state.node == "_human" and state.reason == "caller-asked"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("press one", 0.4, (), ("press one please", "uh press one")))
    assert state.phase == "ask", "a spoken key is never read from an unsure hearing"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("billing for the boat club", 0.4, (), ("billing for the boat clubs",)))
    assert state.phase == "confirm", "agreeing readings make the words sure, not their meaning: an unsure understanding still confirms"


def test_the_confirmation_is_translated() -> None:
    state, effects = call(CONFIRM_FLOW, DigitsEntered("9"), language="es")
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("factura", 0.55), language="es")
    assert said(effects) == ["¿Quería facturación? Diga sí o pulse 1, o diga no o pulse 2."]
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("factura", 0.55), SpeechRecognized("sí"), language="es")
    assert state.node == "billing"


def test_confirm_below_is_set_per_flow() -> None:
    never = CONFIRM_FLOW.replace("name: confirm", "name: confirm\nconfirm_below: 0")
    state, _ = call(never, SpeechRecognized(UNSURE))
    assert state.node == "billing"
    always = CONFIRM_FLOW.replace("name: confirm", "name: confirm\nconfirm_below: 1")
    state, effects = call(always, SpeechRecognized("billing"))
    assert state.node == "billing", "a whole listed phrase is sure"
    state, effects = call(always, SpeechRecognized("billing", 0.9))
    assert state.phase == "confirm"
    state, _ = call(always, DigitsEntered("1"))
    assert state.node == "billing", "keys are never confirmed"
    state, _ = call(always, SpeechRecognized("press two", 0.9))
    assert state.node == "internet", "nor spoken keys"


def test_close_options_are_offered_both() -> None:
    state, effects = call(CONFIRM_FLOW, SpeechRecognized("my wifi and my bill"))
    assert said(effects) == ["Did you mean billing or internet?"] and state.phase == "disambiguate"
    state, _ = call(CONFIRM_FLOW, SpeechRecognized("my wifi and my bill"), SpeechRecognized("the internet"))
    assert state.node == "internet"


def test_speech_the_recognizer_could_not_place_is_a_no_match_not_silence() -> None:
    """The channel's "the caller spoke, nothing usable was recognized": SpeechRecognized("", 0.0)."""
    assert SpeechRecognized.unrecognized() == SpeechRecognized("", 0.0)
    state, effects = call(CONFIRM_FLOW, SpeechRecognized.unrecognized())
    assert said(effects) == ["Sorry, I didn't understand.", "Billing or internet?"]
    assert state.no_match == 1 and state.no_input == 0
    assert state.said[-1]["input"] == "speech" and state.said[-1]["text"] == "" and state.said[-1]["meaning"] is None
    state, effects = call(CONFIRM_FLOW, NoInput())
    assert said(effects) == ["Sorry, I didn't hear anything.", "Billing or internet?"]


def test_unplaceable_speech_in_a_collect_is_a_no_match_too() -> None:
    state, effects = call("nodes:\n  a: {type: collect, prompt: Account?, next: b}\n  b: {type: hangup}\n", SpeechRecognized("", 0.0))
    assert said(effects) == ["Sorry, I didn't understand.", "Account?"]


@pytest.mark.parametrize("text", ["put me through to someone please", "just put me through", "a live person", "somebody", "I need a human"])
def test_a_person_is_reached_from_a_collect_in_any_wording(text: str) -> None:
    state, _ = call("nodes:\n  a: {type: collect, prompt: Account?, next: b}\n  b: {type: hangup}\n", SpeechRecognized(text))
    assert state.node == "_human"


def test_free_speech_mentioning_someone_is_kept_as_speech() -> None:
    source = "nodes:\n  a: {type: collect, kind: speech, prompt: Where?, next: b}\n  b: {type: hangup}\n"
    state, _ = call(source, SpeechRecognized("someone dumped trash on Elm Street"))
    assert state.node == "b" or state.ended
    assert state.slots["a"] == "someone dumped trash on Elm Street"


# -- the eleventh round ---------------------------------------------------------------------------


def test_a_long_turn_that_comes_back_to_one_option_is_that_option() -> None:
    """A long turn that names one option's words twice, apart, and nothing else ("what time do you guys close ... until after dinner",
    "i have no idea which day they collect the trash or the recycling") was confirmed (0.58-0.67): its many generic words outweighed
    the request. Its story now counts as fillers. Two words of one mention ("devices can get *online*") are not told twice, and an
    out-of-scope story that names what it wants ("retirement accounts") stays below a sure route."""
    for flow_name, node, text, expected in (
        (PHARMACY, "main", "um hello what time do you guys close on saturday night because i can't make it over there until after dinner", "store_hours"),
        (CITY, "main", "so i just moved to elm street and i have no idea which day they collect the trash or the recycling", "trash_days"),
        (CITY, "main", "so i was driving home last night and i hit this massive pothole on fifth avenue and it nearly blew my tire", "pothole"),
    ):
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (option(menu(flow_name, node), expected),) and confidence >= CONFIRM_BELOW, (text, confidence)
    for flow_name, node, text in ((TELECOM, "main", "none of my devices can get online and my neighbors say theirs is down too"),
                                  (BANK, "main", "so i was at the branch on main street and the teller said i should ask about your retirement accounts")):
        kind, _, confidence = decide(flow_name, node, "en", text)
        assert kind != "option" or confidence < CONFIRM_BELOW, (text, kind, confidence)


def test_a_request_after_a_story_is_the_requests_option() -> None:
    """A turn that ends on its request ("... and *i'm wondering* if i can get it refilled today", "... *can you* tell me which way to
    go") was confirmed (0.47-0.64): the story before the request verb counts as fillers when the request names one option's group and
    nothing else, and so does a reason after it ("... *because* my english is not so good"). A request that names what no option offers
    ("i want to print some photos"), or asks "or not", keeps its score."""
    for flow_name, node, text, expected in (
        (PHARMACY, "main", "so my doctor called in a new prescription yesterday and i'm wondering if i can get it refilled today", "rx"),
        (PHONE_TREE, "main", "okay so my crew is waiting for me at the landing site and i'm totally turned around can you tell me which way to go",
         "directions"),
        (BANK, "main", "okay so i'm standing at the car dealership and they want a down payment and i need to know if i have enough money in savings",
         "verify"),
        (PHARMACY, "main", "yes hi i'd like to continue in spanish if that's possible because my english is not so good", "main"),
    ):
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (option(menu(flow_name, node), expected),) and confidence >= CONFIRM_BELOW, (text, confidence)
    for flow_name, node, text in (
        (PHARMACY, "main", "hi so i refilled my pills yesterday and i want to print some photos from my phone at the photo counter"),
        (BANK, "main", "so payday was supposed to be yesterday but my boss said there was a delay and i want to see if the money went in or not"),
    ):
        kind, _, confidence = decide(flow_name, node, "en", text)
        assert kind != "option" or confidence < CONFIRM_BELOW, (text, kind, confidence)


def test_asking_for_somebody_told_is_no_request_for_a_person() -> None:
    """"Since i talked to anyone from my world", "talk to my people back home" went to a person at once: a way of asking for somebody
    in the past, or to the caller's own people, is told, not asked. "I want to talk to a person" still is a person."""
    for text in ("i want to talk to my people back home",
                 "so it's been way too long since i talked to anyone from my world and i really want to hear a familiar voice"):
        assert decide(PHONE_TREE, "main", "en", text)[0] != "human", text
    assert decide(PHONE_TREE, "main", "en", "i want to talk to a person")[0] == "human"
    assert decide(BANK, "main", "en", "I've pressed every button and nothing works")[0] == "human"


def test_asking_where_one_is_asks_the_way() -> None:
    """"Where am i", "i can't find where i landed", "i don't know where i'm going" were asked again (0.03-0.11): at a menu that gives
    directions, asking where the caller or their things are asks the way. Knowing where ("i know where my ship is") asks nothing."""
    directions = option(menu(PHONE_TREE, "main"), "directions")
    for text in ("where am i", "i can't find where i landed", "i don't know where i'm going", "where is my ship", "where did i park"):
        kind, candidates, confidence = decide(PHONE_TREE, "main", "en", text)
        assert kind == "option" and candidates == (directions,) and confidence >= CONFIRM_BELOW, (text, kind, confidence)
    for text in ("where is the nearest gas station", "where are the restrooms"):  # another place: not the menu's directions
        kind, candidates, confidence = decide(PHONE_TREE, "main", "en", text)
        assert not (kind == "option" and candidates == (directions,) and confidence >= CONFIRM_BELOW), (text, kind, confidence)
    story = "so i know where my ship is and i already called my family but i want to know how to fix my ship's engine"
    kind, candidates, _ = decide(PHONE_TREE, "main", "en", story)
    assert kind != "option" or candidates != (directions,)


def test_what_a_caller_concedes_before_but_is_not_what_they_mean() -> None:
    """"That answered my first question *but* i have a second one ... can i go back to the options", "thanks for that *but* i also need to
    report a problem with the road" were asked which of the main menu and goodbye: what comes before a "but" that is followed by a group
    is conceded. An out-of-scope request after a "but" ("the branch hours work for me but i want to add my wife as a joint owner") is
    no longer confirmed as the branch's hours."""
    for flow_name, text in ((BANK, "yeah so that answered my first question but i have a second one about my card so can i go back to the options"),
                            (CITY, "okay thanks for that but i actually also need to report a problem with the road so can you take me back to the main menu")):
        node = "anything_else" if flow_name == BANK else "after_trash"
        kind, candidates, confidence = decide(flow_name, node, "en", text)
        assert kind == "option" and candidates == (option(menu(flow_name, node), "main"),) and confidence >= CONFIRM_BELOW, (text, kind, confidence)
    kind, _, _ = decide(BANK, "main", "en", "so the branch hours work for me but i want to know how to add my wife as a joint owner on the account")
    assert kind == "none"


# -- the twelfth round, part a: the pharmacy and the phone tree -------------------------------------------------------------------

DEV12A = Path(__file__).parent / "understanding_dev12.yaml"  # a twelfth (a): the pharmacy and the phone tree, short and medium turns; measured before tuning
PROBE12A = Path(__file__).parent / "understanding_dev12_probe.yaml"  # written with it, never tuned on
DEV12A_CASES = dev_cases(DEV12A)
PROBE12A_CASES = dev_cases(PROBE12A)
KNOWN_MISSES_12A = {
    # labelled Oober when written, but the planets prompt's last item is "to go back to the main menu, press star"
    "the last one": "the prompt's last item is the main menu",
    # the probe's one confident wrong route, there before the round too (seen when this test was first run; held out, not tuned on)
    "does anybody there speak spanish": "held out: 'anybody there' asks for a person, though it asks for one who speaks Spanish",
}


@pytest.mark.parametrize(("cases", "floor"), [(DEV9_CASES, 0.94), (PROBE9_CASES, 0.95), (DEV10_CASES, 0.91), (PROBE10_CASES, 0.91),
                                              (DEV11_CASES, 0.81), (PROBE11_CASES, 0.82)],
                         ids=["dev9", "probe9", "dev10", "probe10", "dev11", "probe11"])
def test_earlier_sets_floors_after_round_12a(cases: list[Any], floor: float) -> None:
    """The earlier sets' own words right at once, raised where round 12a's groups lifted them (dev 9 93.3 -> 95.0, its probe 93.6 -> 96.4,
    dev 10 89.8 -> 92.4, its probe 90.0 -> 92.7, dev 11 78.8 -> 82.5, its probe 80.2 -> 83.7), a point or so below each."""
    share = share_right(cases)
    assert share["own"] >= floor and share["human"] == 1.0, share


def test_the_twelfth_sets_word_groups_a() -> None:
    """Each option's everyday words that no list held (re-asked or confirmed before the round): the caller's craft in any word, a swamp,
    getting in touch, which road, a ride however it is asked for, changing one's mind, a refill by the last pills, a new supply or
    getting it filled, medicines by class, what a pharmacist is asked (symptoms, how much to take, keeping it, a mix-up, stopping)."""
    cases = [
        (PHONE_TREE, "main", "directions", ("i can't find my spacecraft", "where's my rocket", "which road do i take", "i got separated from my crew")),
        (PHONE_TREE, "main", "planets", ("i need to get in touch with my people", "i want to talk to my relatives", "make a long distance call",
                                         "which destinations are there")),
        (PHONE_TREE, "planets", "dagobah", ("the bog planet", "the misty swamp", "the wet muddy one")),
        (PHONE_TREE, "planets", "brodo", ("the tiny planet with the prince",)),
        (PHONE_TREE, "planets", "oober", ("a shuttle please", "hail a ride", "i'm stuck and need someone to drive me")),
        (PHONE_TREE, "planets", "returning", ("i changed my mind", "never mind", "i don't want any of those", "go back a level")),
        (PHARMACY, "main", "rx", ("i'm down to my last two tablets", "gonna need a new supply of my medication", "i need to restock my pills",
                                  "i'd like more of the same prescription", "is my prescription ready", "i'm out of pills")),
        (PHARMACY, "main", "pharmacist", ("how many of these am i supposed to take", "i took two by accident is that bad",
                                          "should i keep this in the fridge", "what happens if i stop taking this", "my stomach hurts from the medication",
                                          "these pills look different from last time")),
        (PHARMACY, "main", "store_hours", ("what's your schedule", "do you close for lunch")),
        (PHARMACY, "main", "main", ("habla espanol", "no hablo ingles", "spanish version please")),
        (PHARMACY, "anything_else", "goodbye", ("we're good", "thanks for your help")),
        (PHARMACY, "anything_else", "main", ("uh huh",)),
    ]
    for flow_name, node, name, texts in cases:
        wanted = option(menu(flow_name, node), name)
        for text in texts:
            kind, candidates, confidence = decide(flow_name, node, "en", text)
            assert kind == "option" and candidates == (wanted,) and confidence >= CONFIRM_BELOW, (text, kind, candidates, confidence)


def test_what_a_clinic_does_or_a_store_sells_is_asked_again() -> None:
    """Services no option offers stay out of scope though an option's group is beside them: a cough is no longer the pharmacist's alone
    ("do you sell cough drops" went there at 0.77 on the round's first word lists), a flu shot or a covid test is the clinic's."""
    for flow_name, node, text in ((PHARMACY, "main", "do you sell cough drops"), (PHARMACY, "main", "can i get a flu shot"),
                                  (PHARMACY, "main", "i need a covid test"), (PHONE_TREE, "main", "do you sell spaceship parts")):
        kind, _, confidence = decide(flow_name, node, "en", text)
        assert kind == "none" or confidence < NO_MATCH, (text, kind, confidence)


def test_a_repair_heads_a_compound() -> None:
    """The craft before a repair only says which ("my *spaceship engine*", "the *spaceship repair shop*"): asked again, not offered the way to
    the ship (0.67 for a yes before)."""
    for text in ("how do i fix my spaceship engine", "transfer me to the spaceship repair shop"):
        kind, _, confidence = decide(PHONE_TREE, "main", "en", text)
        assert kind == "none" and confidence < NO_MATCH, (text, kind, confidence)


def test_one_word_after_my_says_which_of_a_groups_things() -> None:
    """"my *thyroid* pills are running low", "can you get my *allergy* prescription ready for pickup": the word between "my" and the group's
    word says which one, as two such words do ("blood pressure pills"); it counted as a thing named and the refill was confirmed (0.70)."""
    rx = option(menu(PHARMACY, "main"), "rx")
    for text in ("my thyroid pills are running low", "can you get my allergy prescription ready for pickup"):
        kind, candidates, confidence = decide(PHARMACY, "main", "en", text)
        assert kind == "option" and candidates == (rx,) and confidence >= CONFIRM_BELOW, (text, kind, candidates, confidence)
    kind, _, confidence = decide(BANK, "main", "en", "my water is brown")  # a word standing alone beside the request still names a thing
    assert kind == "none", (kind, confidence)


def test_star_is_the_star_key() -> None:
    """The planets menu says "press star": "star", "press star" is that key, as "press two" is 2 (they were asked again)."""
    m = menu(PHONE_TREE, "planets")
    back = option(m, "returning")
    for text in ("star", "press star", "the star key please"):
        r = understand(text, "en", m.choices, flow(PHONE_TREE).human)
        assert r.kind == "option" and r.choice == back and r.by_key, (text, r)
    r = understand("star", "en", menu(BANK, "main").choices, flow(BANK).human)  # no option on the star key: understood as words
    assert not r.by_key


# -- round 12, part b: the telecom, bank and city menus (understanding_dev13.yaml and its probe) --------------------------------------

DEV13 = Path(__file__).parent / "understanding_dev13.yaml"  # a twelfth round's set: telecom, bank, city; short and medium; measured before tuning
PROBE13 = Path(__file__).parent / "understanding_dev13_probe.yaml"  # written with it, never tuned on
DEV13_CASES = dev_cases(DEV13)
PROBE13_CASES = dev_cases(PROBE13)
ROUND12B_KNOWN = {
    # the probe's one confident wrong route, there before the round and left as it was (the probe is never tuned on): a way of asking
    # for a person judged after it, not before ("the worst customer service" is told about; "customer service has been terrible" is not yet)
    "your customer service has been terrible": "held out: 'customer service' before its judgment still asks for a person",
}


def right_at_once(flow_name: str, node: str, text: str, expected: str) -> None:
    kind, candidates, confidence = decide(flow_name, node, "en", text)
    assert kind == "option" and candidates == (option(menu(flow_name, node), expected),) and confidence >= CONFIRM_BELOW, (text, kind, candidates, confidence)


def not_sure(flow_name: str, node: str, text: str) -> None:
    kind, _, confidence = decide(flow_name, node, "en", text)
    assert kind in ("none", "ambiguous") or confidence < CONFIRM_BELOW, (text, kind, confidence)


def test_a_counted_one_is_no_key() -> None:
    """"Yeah one more thing" at the city's "hear it again / main menu / goodbye" menu was key 1, hear it again, at 1.0: "one" before
    "more", "thing", "of" or "last" counts requests. "One", "press one", "option 1" are still key 1."""
    right_at_once(CITY, "after_trash", "yeah one more thing", "main")
    right_at_once(BANK, "anything_else", "just one more thing", "main")
    for text in ("one", "press one", "option 1 please"):
        right_at_once(CITY, "after_trash", text, "trash_days")


def test_a_state_said_not_to_hold_is_not_ready() -> None:
    """"The lights aren't steady", "it didn't come back on" were ready (0.87, 0.98) while the caller waits for the router: a state said
    not to hold is refused, and the caller is asked again; "the lights are still blinking" likewise. "I'm ready" is ready."""
    for text in ("the lights aren't steady", "it didn't come back on", "the lights don't look normal", "the lights are still blinking", "not yet"):
        kind, _, _ = decide(TELECOM, "restart_router", "en", text)
        assert kind == "none", text
    right_at_once(TELECOM, "restart_router", "okay i'm ready now", "fixed")


def test_a_negation_inside_a_phrase_is_no_filler() -> None:
    """A phrase's words may have fillers between them, but not "don't": "i don't have time" is not "i have time", nor "the lights
    don't look good" "the lights look good". A guard for the round's own phrases (no earlier set's sentence moved with it)."""
    right_at_once(TELECOM, "callback_offer", "i don't have time to hold call me", "callback_number")
    assert decide(TELECOM, "restart_router", "en", "the lights don't look good")[0] == "none"


def test_on_the_first_is_a_date_not_the_first_option() -> None:
    """"I'm going to a new apartment on the first" was asked which of moving and the outage (the first option, 0.90): "the first" after
    "on", "by", "until" is a date. "The first one" still points at the first option."""
    right_at_once(TELECOM, "main", "i'm going to a new apartment on the first", "other")
    right_at_once(TELECOM, "main", "we move out by the first", "other")
    right_at_once(TELECOM, "main", "the first one", "zip")


def test_where_a_move_goes_is_not_another_request() -> None:
    """"I'm moving to florida" was confirmed (0.71: a word no list holds standing alone): after a move and "to", the place is its
    destination, as after directions or a ride."""
    for text in ("i'm moving to florida", "we're relocating to austin next month"):
        right_at_once(TELECOM, "main", text, "other")


def test_what_a_city_or_a_mover_does_that_no_menu_offers_is_asked_again() -> None:
    """A water main break went to the city's bill at 0.82, dumped rubbish to the trash days at 0.82 and a moving truck to the telecom's
    "moving or anything else" at 0.85: they are services no option offers, confirmed or asked again. A water bill is still the bill."""
    for flow_name, text in ((CITY, "there's a water main break on my street"), (CITY, "someone dumped trash in the park"),
                            (CITY, "the water in my house is brown"), (TELECOM, "i need to rent a moving truck")):
        not_sure(flow_name, "main", text)
    right_at_once(CITY, "main", "my water got shut off and i need to pay", "payments")


def test_a_weak_language_tells_why_not_which() -> None:
    """"My english isn't very good so ... spanish" was asked which of English and Spanish: saying one's English is weak is why the
    caller chooses another language. "Stick with english" keeps English."""
    right_at_once(CITY, "language", "hola my english isn't very good so can you please put everything in spanish for me", "key 2")
    right_at_once(CITY, "language", "i'd like farsi my english is not great", "key 3")
    right_at_once(CITY, "language", "stick with english", "key 1")


def test_thanks_or_a_puzzled_word_alone() -> None:
    """"Perfect", "thanks", "great" after the trash days were asked again (no group), and so was "sorry?": a turn of acknowledgement
    alone is a goodbye where the menu offers one, a turn of puzzlement alone asks to hear it again. While the caller restarts the router
    "thanks" is no "ready", and a turn with a request of its own is left as it was."""
    for text in ("perfect", "thanks", "great", "thank you so much", "excellent"):
        right_at_once(CITY, "after_trash", text, "goodbye")
    right_at_once(BANK, "anything_else", "thank you", "goodbye")
    for text in ("what", "sorry"):
        right_at_once(CITY, "after_trash", text, "trash_days")
    assert decide(TELECOM, "restart_router", "en", "thanks")[0] == "none"
    assert decide(CITY, "after_trash", "en", "great so what about yard waste")[0] == "none"


def test_call_quality_and_service_restored_are_the_outage() -> None:
    """"People can't hear me" and "i can't hear anyone on calls" went to a person (0.87, 0.74: a word for somebody), "when will service
    be back" to "moving or anything else" at 0.91 (through "back", the menu before): they are the network's."""
    for text in ("people can't hear me", "when will service be back", "when will it be fixed", "my phone doesn't work"):
        right_at_once(TELECOM, "main", text, "zip")
    kind, candidates, _ = decide(TELECOM, "main", "en", "i can't hear anyone on calls")
    assert kind == "option" and candidates[0] == option(menu(TELECOM, "main"), "zip")
    right_at_once(CITY, "after_trash", "i can't hear you", "trash_days")


ROUND12B_SAID = [
    (TELECOM, "main", "are you guys having problems in my neighborhood", "zip"),
    (TELECOM, "main", "none of the phones in the house are working", "zip"),
    (TELECOM, "main", "my phone isn't connecting to anything", "zip"),
    (TELECOM, "main", "the network at home is down", "troubleshoot"),
    (TELECOM, "main", "i'm not getting the speeds i pay for", "troubleshoot"),
    (TELECOM, "main", "the amount you took out of my bank was wrong", "billing"),
    (TELECOM, "main", "my payment bounced", "billing"),
    (TELECOM, "main", "can i get a credit for the outage", "billing"),
    (TELECOM, "main", "i'm changing houses soon", "other"),
    (TELECOM, "main", "we sold our house", "other"),
    (TELECOM, "restart_router", "okay i'm back", "fixed"),
    (TELECOM, "restart_router", "lights look normal now", "fixed"),
    (TELECOM, "callback_offer", "yeah have them call", "callback_number"),
    (TELECOM, "callback_offer", "return call please", "callback_number"),
    (TELECOM, "callback_offer", "i'll hang up and wait for your call", "callback_number"),
    (TELECOM, "callback_offer", "i'm in a hurry", "callback_number"),
    (TELECOM, "callback_offer", "i'll hang tight", "tech_hold"),
    (TELECOM, "callback_offer", "i'd rather not lose my place", "tech_hold"),
    (TELECOM, "callback_offer", "no rush", "tech_hold"),
    (BANK, "main", "how much can i spend", "verify"),
    (BANK, "main", "what's my checking at", "verify"),
    (BANK, "main", "did my paycheck go in", "verify"),
    (BANK, "main", "somebody used my card without permission", "lost_card"),
    (BANK, "main", "suspend my card", "lost_card"),
    (BANK, "main", "i want to voice a concern", "complaints"),
    (BANK, "main", "i've been treated unfairly", "complaints"),
    (BANK, "main", "the bank made a mistake and nobody will fix it", "complaints"),
    (BANK, "anything_else", "thanks for your help", "goodbye"),
    (BANK, "anything_else", "while i have you", "main"),
    (CITY, "main", "when do they empty the cans", "trash_days"),
    (CITY, "main", "i need to report a problem with the road", "pothole"),
    (CITY, "after_trash", "say that over", "trash_days"),
    (CITY, "after_trash", "top menu", "main"),
    (CITY, "after_trash", "let me choose again", "main"),
    (CITY, "after_trash", "we're good", "goodbye"),
    (CITY, "language", "spanish speaker", "key 2"),
]


# -- round 13, part a: the telecom, bank and city menus with new eyes (understanding_dev14.yaml and its probe) -------------------------

DEV14 = Path(__file__).parent / "understanding_dev14.yaml"  # a thirteenth round's set: telecom, bank, city; short and medium; measured before tuning
PROBE14 = Path(__file__).parent / "understanding_dev14_probe.yaml"  # written with it, never tuned on
DEV14_CASES = dev_cases(DEV14)
PROBE14_CASES = dev_cases(PROBE14)
ROUND13A_KNOWN = {
    # labelled the complaints team when written, but "talk to someone about X" has been a person since the first set
    "i want to speak to someone about a complaint": "a person, by the project's rule",
}


def test_how_long_the_wait_is_or_a_visit_booked_is_no_choice() -> None:
    """At the call-back menu "how long is the wait" went to holding at 0.91 and "can i schedule a technician visit" to a person (holding)
    at 0.67: asking how long the wait is chooses neither, and a technician's visit is a service the menu doesn't offer. "I'll wait" holds."""
    for text in ("how long is the wait", "what's the wait time", "can i schedule a technician visit", "can i book an appointment"):
        kind, _, _ = decide(TELECOM, "callback_offer", "en", text)
        assert kind == "none", text
    right_at_once(TELECOM, "callback_offer", "i'll wait", "tech_hold")


def test_street_works_are_asked_again_but_a_landmark_is_no_request() -> None:
    """A broken street light, a speed bump, graffiti and a fallen tree are what a city does that its menu doesn't: asked again. A pothole
    "by the stop sign" is still the pothole: a stop sign or a traffic light named as a place is no request for one."""
    for text in ("the street light is out on my corner", "can we get a speed bump on our road", "there's graffiti on the bridge",
                 "a tree fell across the road"):
        kind, _, _ = decide(CITY, "main", "en", text)
        assert kind == "none", text
    for text in ("there's a huge pothole right by the stop sign", "the pothole by the traffic light is huge"):
        right_at_once(CITY, "main", text, "pothole")


ROUND13A_SAID = [
    (TELECOM, "main", "i can't get a dial tone", "zip"),
    (TELECOM, "main", "i keep getting a call failed message", "zip"),
    (TELECOM, "main", "is there maintenance going on in my area", "zip"),
    (TELECOM, "main", "has there been a power cut at the tower", "zip"),
    (TELECOM, "main", "i'm in a dead zone all of a sudden", "zip"),
    (TELECOM, "main", "my mobile has been offline all day", "zip"),
    (TELECOM, "main", "my net's gone", "troubleshoot"),
    (TELECOM, "main", "my wireless signal is bad", "troubleshoot"),
    (TELECOM, "main", "i think you overbilled me", "billing"),
    (TELECOM, "main", "i need a receipt for my payment", "billing"),
    (TELECOM, "main", "payment arrangement please", "billing"),
    (TELECOM, "main", "you lot took too much money off me", "billing"),
    (TELECOM, "main", "different topic", "other"),
    (TELECOM, "restart_router", "okey dokey it's back", "fixed"),
    (TELECOM, "restart_router", "it's been two minutes", "fixed"),
    (TELECOM, "callback_offer", "i'd sooner you rang me back", "callback_number"),
    (TELECOM, "callback_offer", "shoot me a call later", "callback_number"),
    (TELECOM, "callback_offer", "i'll wait for a call", "callback_number"),
    (BANK, "main", "how much dough do i have", "verify"),
    (BANK, "main", "how much money do i have left", "verify"),
    (BANK, "main", "i've mislaid my card", "lost_card"),
    (BANK, "main", "your service is bad", "complaints"),
    (BANK, "main", "i have an issue with customer service", "complaints"),
    (BANK, "main", "what's the latest you're open", "branch_hours"),
    (BANK, "anything_else", "nah i'm sweet", "goodbye"),
    (BANK, "anything_else", "no nothing", "goodbye"),
    (CITY, "language", "english innit", "key 1"),
    (CITY, "language", "my father doesn't speak english well so please switch the menu to farsi for him", "key 3"),
    (CITY, "main", "i need to pay the council", "payments"),
    (CITY, "after_trash", "ta ra", "goodbye"),
]


# -- round 13, part b: the pharmacy and the phone tree with new eyes (understanding_dev15.yaml and its probe) ----------------------------

DEV15 = Path(__file__).parent / "understanding_dev15.yaml"  # round 13b's set: the pharmacy and the phone tree; measured before tuning
PROBE15 = Path(__file__).parent / "understanding_dev15_probe.yaml"  # written with it, never tuned on
DEV15_CASES = dev_cases(DEV15)
PROBE15_CASES = dev_cases(PROBE15)
ROUND13B_KNOWN = {
    # the probe's one confident wrong route, seen when this test was first run (held out, not tuned on): "anyone there" asks for a
    # person, though here it asks whether the store is open
    "is anyone there on weekends": "held out: 'anyone there' asks for a person, though it asks about the hours",
}


def test_an_overlapping_phrase_never_shortens_a_phrase() -> None:
    """"Go back a step" is a phrase of the menu group, and so is "go back" inside it: the overlap was taken as the shorter one, and
    "step" was left over as a thing named (confirmed at 0.70)."""
    right_at_once(PHONE_TREE, "planets", "go back a step", "returning")
    right_at_once(CITY, "after_trash", "go back a step please", "main")


def test_a_turn_that_only_says_where_to_go_back() -> None:
    """"Return", "restart", "back up", "main", "home" alone were asked again (a refund's, a router's, or no group's words); where a menu
    offers going back, such a turn is going back. Elsewhere the words keep their own meaning."""
    for text in ("return", "restart please", "back up", "main", "um home"):
        right_at_once(PHONE_TREE, "planets", text, "returning")
    right_at_once(PHARMACY, "anything_else", "main please", "main")
    not_sure(PHONE_TREE, "main", "restart")


def test_a_medicine_filled_is_a_refill() -> None:
    """"Filled" alone is too many things' to be a refill's word, but a medicine filled is one, however the medicine is named ("my blood
    pressure medication filled" was the pharmacist's at 0.63)."""
    right_at_once(PHARMACY, "main", "i need my blood pressure pills filled before the weekend", "rx")
    right_at_once(PHARMACY, "main", "can you fill the metformin for me", "rx")


def test_a_digit_and_a_teen_are_one_number() -> None:
    """"Six twelve" is how a caller says 612, the asteroid's number in its label (confirmed at 0.60 before)."""
    right_at_once(PHONE_TREE, "planets", "six twelve", "brodo")
    right_at_once(PHONE_TREE, "planets", "b six twelve please", "brodo")


def test_another_shop_the_weather_and_a_sighting_are_not_the_options() -> None:
    """Out of scope with an option's word beside it, routed at once before the round: another shop's opening hours ("the grocery store",
    0.79), the weather on a planet (0.92), a ufo sighting (the way to the caller's ship, 0.84). The line's own store stays its hours."""
    not_sure(PHARMACY, "main", "when does the hardware store open")
    not_sure(PHONE_TREE, "planets", "what's the weather like on dagobah")
    not_sure(PHONE_TREE, "main", "i want to report a ufo sighting")
    right_at_once(PHARMACY, "main", "what time does the store open", "store_hours")


ROUND13B_SAID = [
    (PHARMACY, "main", "i've got my prescription number ready", "rx"),
    (PHARMACY, "main", "can i re up my inhaler", "rx"),
    (PHARMACY, "main", "how much can i take of this", "pharmacist"),
    (PHARMACY, "main", "are my two prescriptions ok together", "pharmacist"),
    (PHARMACY, "main", "can you show me how to use my inhaler", "pharmacist"),
    (PHARMACY, "main", "what does this pill treat", "pharmacist"),
    (PHARMACY, "main", "i took my meds twice today", "pharmacist"),
    (PHARMACY, "main", "is there a spanish speaking line", "main"),
    (PHONE_TREE, "planets", "can somebody pick us up", "oober"),
    (PHONE_TREE, "planets", "i need a driver", "oober"),
    (PHONE_TREE, "main", "can i call somewhere", "planets"),
]


EVERYDAY_WORDS = [pytest.param(*case, id=f"{name}-{case[2]}") for name, said in (("12b", ROUND12B_SAID), ("13a", ROUND13A_SAID), ("13b", ROUND13B_SAID))
                  for case in said]


@pytest.mark.parametrize(("flow_name", "node", "text", "expected"), EVERYDAY_WORDS)
def test_rounds_12_and_13_everyday_words(flow_name: str, node: str, text: str, expected: str) -> None:
    """How callers say the options in everyday words no list held, each re-asked, confirmed or asked which before its round, or routed
    wrong: round 12b's "let me choose again" to hearing the schedule again at 0.92, round 13a's "i have an issue with customer service"
    to a person at 1.0, round 13b's "can somebody pick us up" to a person (somebody to pick up the phone)."""
    right_at_once(flow_name, node, text, expected)


# -- rounds 12 and 13: fresh sets of short and medium turns, written by two hands each round (the pharmacy and the phone tree; the telecom,
# the bank and the city), each measured before the round; the probes written with them and never tuned on ------------------------------

def round_sets(known: dict[str, str], *sets: tuple[str, list[Any]]) -> list[Any]:
    """A round's named sets as test parameters, each sentence of ``known`` a strict expected failure with its reason."""
    return [pytest.param(*case, id=f"{name}-{case[1]}-{case[2]}-{case[3]}",
                         marks=[pytest.mark.xfail(strict=True, reason=known[case[3]])] if case[3] in known else [])
            for name, cases in sets for case in cases]


SHORT_TURN_SETS = [*round_sets(KNOWN_MISSES_12A, ("dev12a", DEV12A_CASES), ("probe12a", PROBE12A_CASES)),
                   *round_sets(ROUND12B_KNOWN, ("dev13", DEV13_CASES), ("probe13", PROBE13_CASES)),
                   *round_sets(ROUND13A_KNOWN, ("dev14", DEV14_CASES), ("probe14", PROBE14_CASES)),
                   *round_sets(ROUND13B_KNOWN, ("dev15", DEV15_CASES), ("probe15", PROBE15_CASES))]


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), SHORT_TURN_SETS)
def test_short_turn_set_sentence_is_never_sent_somewhere_wrong(flow_name: str, node: str, language: str, text: str, expected: Any) -> None:
    """Rounds 12 and 13's sets and probes, held like the later sets': confirmed or asked again, never routed elsewhere with confidence."""
    test_later_dev_set_sentence_is_never_sent_somewhere_wrong(flow_name, node, language, text, expected)


@pytest.mark.parametrize(("cases", "own", "oos"), [(DEV12A_CASES, 0.95, 0.95), (PROBE12A_CASES, 0.85, 0.95), (DEV13_CASES, 0.95, 0.95),
                                                   (PROBE13_CASES, 0.96, 0.95), (DEV14_CASES, 0.97, 1.0), (PROBE14_CASES, 0.98, 1.0),
                                                   (DEV15_CASES, 0.97, 1.0)],
                         ids=["dev12a", "probe12a", "dev13", "probe13", "dev14", "probe14", "dev15"])
def test_short_turn_sets_accuracy_by_category(cases: list[Any], own: float, oos: float) -> None:
    """Own words in short and medium turns right at once, every request for a person, out-of-scope requests asked again or confirmed. Before
    their rounds: dev 12a 77.5%, its probe 77.9% (86.8% after); dev 13 88.4%, its probe 94.7% (96.8% after); dev 14 93.6%, its probe 99.0%;
    dev 15 92.1% (its probe 92.7% before and after: round 13b's groups fixed the sentences that found them)."""
    share = share_right(cases)
    assert share["own"] >= own and share["human"] == 1.0 and share["oos"] >= oos, share


# -- round 14a: the telecom and the bank, callers who tell their situation instead of naming what they want ("the little light on the box
# went orange this morning", "my card got declined at the till"); the set measured before the round, the probe written with it and never
# tuned on --------------------------------------------------------------------------------------------------------------------------------

DEV16 = Path(__file__).parent / "understanding_dev16.yaml"  # round 14a's set: the telecom and the bank, told situations; measured before tuning
PROBE16 = Path(__file__).parent / "understanding_dev16_probe.yaml"  # written with it, never tuned on
DEV16_CASES = dev_cases(DEV16)
PROBE16_CASES = dev_cases(PROBE16)
ROUND14A_KNOWN = {
    # the probe's one confident out-of-scope route, there before the round and left as it was (held out, not tuned on): "no signal" is
    # an outage's words, whatever has none
    "my car radio has no signal": "held out: 'no signal' is the outage's, even a car radio's",
}


def oos_ok(path: Path) -> dict[tuple[str, str, str], tuple[int, ...]]:
    """The options each out-of-scope request of a set may go to too (its entry's ``oos_ok``), by flow, node and sentence."""
    ok: dict[tuple[str, str, str], tuple[int, ...]] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        m = menu(entry["flow"], entry["node"])
        for text in entry.get("oos") or ():
            ok[(entry["flow"], entry["node"], text)] = tuple(option(m, name) for name in entry.get("oos_ok") or ())
    return ok


def never_wrong_but_where_allowed(flow_name: str, node: str, language: str, text: str, expected: Any,
                                  allowed: dict[tuple[str, str, str], tuple[int, ...]]) -> None:
    """Confirmed or asked again, never routed elsewhere with confidence; an out-of-scope request may go at once to an option its
    entry allows (``allowed``, from :func:`oos_ok`)."""
    if expected == "oos":
        kind, candidates, confidence = decide(flow_name, node, language, text)
        if kind == "option" and confidence >= CONFIRM_BELOW and candidates[0] in allowed.get((flow_name, node, text), ()):
            return
    test_later_dev_set_sentence_is_never_sent_somewhere_wrong(flow_name, node, language, text, expected)


ROUND14A_OOS_OK = {**oos_ok(DEV16), **oos_ok(PROBE16)}
ROUND14A_SETS = round_sets(ROUND14A_KNOWN, ("dev16", DEV16_CASES), ("probe16", PROBE16_CASES))


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), ROUND14A_SETS)
def test_round_14a_sentence_is_never_sent_somewhere_wrong(flow_name: str, node: str, language: str, text: str, expected: Any) -> None:
    """Round 14a's set and probe, held like the later sets': confirmed or asked again, never routed elsewhere with confidence; an
    out-of-scope request may go at once where its entry allows (parking at the branch, the nearest ATM: the branch's hours)."""
    never_wrong_but_where_allowed(flow_name, node, language, text, expected, ROUND14A_OOS_OK)


def test_round_14a_set_accuracy_by_category() -> None:
    """Told situations and everyday turns at the telecom and the bank: 76.9% of own words right at once before the round (11.8%
    confirmed, 4 routed wrong), 90.5% after; every request for a person; out-of-scope requests asked again or confirmed (at the
    telecom's main menu "moving or anything else" may take them too, which this share counts as not asked again)."""
    share = share_right(DEV16_CASES)
    assert share["own"] >= 0.90 and share["human"] == 1.0 and share["oos"] >= 0.90, share


def test_a_situation_told_around_one_option_is_that_option() -> None:
    """A caller who tells the situation without asking ("my phone hasn't had any reception since i woke up and my wife's is the same")
    was confirmed (0.60-0.74): every group named is the option's and the rest is everyday words, so those are the story. A told
    situation with a thing of its own (a fridge), two options' words (the devices and the neighbours: the internet or an outage), or a
    request verb ("... i want to see if the money went in or not") keeps its score."""
    right_at_once(TELECOM, "main", "my phone hasn't had any reception since i woke up and my wife's is the same", "zip")
    right_at_once(TELECOM, "main", "i'm out in the country and there's been zero signal for two days now", "zip")
    right_at_once(TELECOM, "main", "you took the money out of my account twice this month and now i'm short on rent", "billing")
    right_at_once(BANK, "main", "i've got a day off on thursday and thought i'd pop in what time should i come", "branch_hours")
    right_at_once(TELECOM, "main", "hey so i've had zero reception since last night and my wife's phone is the same so is something wrong on your end",
                  "zip")
    not_sure(TELECOM, "main", "my fridge has been making a weird noise since the storm")
    kind, candidates, confidence = decide(TELECOM, "main", "en", "none of my devices can get online and my neighbors say theirs is down too")
    assert confidence < CONFIRM_BELOW or kind != "option" or candidates != (option(menu(TELECOM, "main"), "troubleshoot"),), (kind, candidates)
    not_sure(BANK, "main", "so payday was supposed to be yesterday but my boss said there was a delay and i want to see if the money went in or not")


def test_a_card_no_bank_issued_and_a_wait_told_are_not_the_options() -> None:
    """A library card or a gift card is no bank card ("my library card expired" went to the lost card at 0.78); how long a caller was
    kept waiting is no opening hour ("i was kept waiting an hour in the branch ..." went to the branch's hours at 0.85)."""
    not_sure(BANK, "main", "my library card expired")
    not_sure(BANK, "main", "i lost my gift card")
    not_sure(BANK, "main", "i was kept waiting an hour in the branch and then told to come back another day")
    right_at_once(BANK, "main", "i lost my debit card", "lost_card")


ROUND14A_SAID = [
    (TELECOM, "main", "is anyone else reporting problems near me", "zip"),
    (TELECOM, "main", "i keep getting call failed every time i try to ring anyone", "zip"),
    (TELECOM, "main", "since the thunderstorm my mobile hasn't worked no calls no texts nothing", "zip"),
    (TELECOM, "main", "nobody on our street can make calls since about ten o'clock", "zip"),
    (TELECOM, "main", "the box in the hallway keeps rebooting itself over and over", "troubleshoot"),
    (TELECOM, "main", "so the little light on the front of the box went from blue to orange this morning", "troubleshoot"),
    (TELECOM, "main", "i'm paying for fast speeds and the speed test says two megs", "troubleshoot"),
    (TELECOM, "main", "i got charged for roaming but i never left the country", "billing"),
    (TELECOM, "main", "i paid last week but i just got a letter saying i'm overdue", "billing"),
    (TELECOM, "main", "i got a text saying my account's in arrears but i pay every month", "billing"),
    (TELECOM, "main", "my mum passed away and i need to sort out her account", "other"),
    (TELECOM, "main", "my daughter is going off to college and she needs her own line", "other"),
    (TELECOM, "main", "i'd like to change the name on the account since we got divorced", "other"),
    (TELECOM, "main", "we're downsizing to a smaller place across town in the spring", "other"),
    (TELECOM, "main", "the landlord is selling so we have to be out of this flat by the end of the month", "other"),
    (TELECOM, "restart_router", "righto", "fixed"),
    (TELECOM, "callback_offer", "later is better", "callback_number"),
    (TELECOM, "callback_offer", "i can't sit on the phone all afternoon i'm at work", "callback_number"),
    (TELECOM, "callback_offer", "i've got to pick up the kids in ten minutes so have someone ring me later", "callback_number"),
    (TELECOM, "callback_offer", "it's fine i've got nothing else on today so i'll sit here", "tech_hold"),
    (TELECOM, "callback_offer", "i've got the kettle on and a cup of tea so i'll stay", "tech_hold"),
    (BANK, "main", "my benefit payment should have come in today", "verify"),
    (BANK, "main", "suspicious transactions on my account", "lost_card"),
    (BANK, "main", "there's purchases from a shop in another state and i've still got the card with me", "lost_card"),
    (BANK, "main", "your app keeps logging me out and nobody seems to care", "complaints"),
    (BANK, "main", "the cashier made a mistake counting my money and wouldn't admit it", "complaints"),
    (BANK, "main", "it's a public holiday monday and i don't know if you'll be open", "branch_hours"),
    (BANK, "main", "i'm coming from out of town so i need to know you'll be there before i drive over", "branch_hours"),
    (BANK, "anything_else", "brilliant that's plenty for now", "goodbye"),
    (BANK, "main", "i'm not dealing with a machine", "human"),
]


@pytest.mark.parametrize(("flow_name", "node", "text", "expected"), [pytest.param(*case, id=case[2]) for case in ROUND14A_SAID])
def test_round_14a_everyday_words(flow_name: str, node: str, text: str, expected: str) -> None:
    """Situations told and everyday turns at the telecom and the bank that no list held, each re-asked, confirmed, asked which or routed
    wrong before round 14a ("is anyone else reporting problems near me" went to "anything else" at 0.78, "i'm not dealing with a
    machine" was asked again)."""
    if expected == "human":
        assert decide(flow_name, node, "en", text)[0] == "human", text
        return
    right_at_once(flow_name, node, text, expected)


# -- round 14b: the pharmacy, the phone tree and the city line, callers who TELL their situation (understanding_dev17.yaml and its probe) --

DEV17 = Path(__file__).parent / "understanding_dev17.yaml"  # round 14b's set: about half told situations; measured before tuning
PROBE17 = Path(__file__).parent / "understanding_dev17_probe.yaml"  # written with it, never tuned on
DEV17_CASES = dev_cases(DEV17)
PROBE17_CASES = dev_cases(PROBE17)
ROUND14B_KNOWN = {
    # whether anyone is in the shop asks about the hours, but "anyone" asks for a person (round 13b's probe has the same known miss)
    "is anybody in the shop right now": "'anybody' asks for a person, though it asks about the hours",
    # labelled the main menu when written, but a question for the pharmacist reaches the pharmacist, the flow's person, at once
    "now that's done i've got a question for the pharmacist too": "the pharmacist named is the flow's person: reached at once",
    # out of scope, but the set lets it go to the trash days (oos_ok): a stolen recycling bin is fairly the trash line's
    "my recycling bin was stolen": "oos_ok: the trash days may take a stolen recycling bin",
    # the probe's confident wrong routes, seen when this test was first run (held out, not tuned on); each was routed so before the round
    "is anyone there on sunday": "held out: 'anyone there' asks for a person, though it asks about the hours",
    "what happens if i skip a day of my pills": "held out: 'skip a day' is read as a refill",
    "is the optician upstairs open": "held out: another shop named by a word no list holds, asked when it opens",
    "i don't speak spanish or farsi": "held out: the negation does not carry over 'or' (round 13a's known limit)",
}
ROUND14B_SETS = round_sets(ROUND14B_KNOWN, ("dev17", DEV17_CASES), ("probe17", PROBE17_CASES))


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), ROUND14B_SETS)
def test_round_14b_sentence_is_never_sent_somewhere_wrong(flow_name: str, node: str, language: str, text: str, expected: Any) -> None:
    """Round 14b's set and probe, held like the earlier sets': confirmed or asked again, never routed elsewhere with confidence."""
    test_later_dev_set_sentence_is_never_sent_somewhere_wrong(flow_name, node, language, text, expected)


def test_round_14b_set_accuracy_by_category() -> None:
    """Dev 17, a told situation in about half its own-words sentences: 71.7% right at once before the round; every request for a person
    (95.8% before), every out-of-scope request asked again or confirmed but a stolen recycling bin, which the set
    lets go to the trash days (one other was routed at once before)."""
    share = share_right(DEV17_CASES)
    assert share["own"] >= 0.87 and share["human"] == 1.0 and share["oos"] >= 0.99, share


def test_a_medicine_told_running_out_is_a_refill() -> None:
    """A medicine with a word that tells it runs out or is due again, after it or before it with "of", "for" between, however the medicine
    is named ("on its last few puffs" was asked which of the refill and the pharmacist; "again" was hearing it again). A medicine that does
    something to the caller stays the pharmacist's."""
    right_at_once(PHARMACY, "main", "my daughter's epipen is on its last one", "rx")
    right_at_once(PHARMACY, "main", "same again for my thyroid tablets please", "rx")
    right_at_once(PHARMACY, "main", "the last of my allergy tablets went this morning", "rx")
    right_at_once(PHARMACY, "main", "the tablets are making me sick again", "pharmacist")


def test_a_symptom_since_a_medicine_is_no_refill() -> None:
    """A new prescription a symptom came since is its cause ("my stomach's been upset since the new prescription" went to the refill at 0.82)."""
    right_at_once(PHARMACY, "main", "i've had headaches since the new prescription", "pharmacist")


def test_what_a_bill_is_for_says_which_bill() -> None:
    """"An invoice for the trash service" is a bill, not the trash days (asked which of the two)."""
    right_at_once(CITY, "main", "i got a bill for the trash service", "payments")


def test_reaching_someone_there_is_no_request_for_a_person() -> None:
    """"Reach someone there" is somebody at the place told of, not the line's person ("... sinking in a bog and i need to reach someone
    there" went to a person at once); "is anyone there" still asks for one."""
    kind, _, _ = decide(PHONE_TREE, "planets", "en", "my friend is in the swamp and i need to reach someone there")
    assert kind != "human"
    assert decide(PHONE_TREE, "planets", "en", "is anyone there")[0] == "human"


def test_again_after_going_back_is_going_back() -> None:
    """"The top menu again" at the "hear it again" menu is the main menu (asked which of the main menu and hearing it again)."""
    right_at_once(CITY, "after_trash", "the main options again", "main")


def test_a_language_not_spoken_is_refused() -> None:
    """"I don't speak spanish" at the language menu went to Spanish at 0.98; a correction ("english um no spanish") still chooses."""
    kind, _, confidence = decide(CITY, "language", "en", "my husband doesn't speak spanish")
    assert kind != "option" or confidence < CONFIRM_BELOW
    right_at_once(CITY, "language", "english um no spanish actually", "key 2")


def test_letting_people_know_is_getting_in_touch() -> None:
    """"Let my people know where i am" went to a person (0.70): it is calling home. "Let me know" asks the line and is left alone."""
    right_at_once(PHONE_TREE, "main", "i have to let the family know i landed", "planets")


def test_this_planet_is_where_the_caller_is() -> None:
    """"Lost on this planet" was asked again (the way and the planets tied): this planet is where the caller is."""
    right_at_once(PHONE_TREE, "main", "i'm lost on this planet", "directions")


def test_not_knowing_where_asks_the_way() -> None:
    """"I've no clue where that is", "can't tell where they're landing": the way, whatever follows "where" (re-asked or confirmed before)."""
    right_at_once(PHONE_TREE, "main", "i can't tell where my crew went", "directions")


def test_the_second_place_and_the_third_language_point_at_the_list() -> None:
    """A caller points at the list by its kind ("the second place", "the third language"); "in the first place" points at nothing."""
    right_at_once(PHONE_TREE, "planets", "the second place", "dagobah")
    right_at_once(CITY, "language", "the third language", "key 3")
    kind, _, confidence = decide(PHONE_TREE, "planets", "en", "why did i call in the first place")
    assert kind != "option" or confidence < CONFIRM_BELOW


def test_one_more_thing_told_is_the_main_menu() -> None:
    """"There's *also* a bill", "*while i'm here* ...", "there's a hole down our street *too*" at the anything-else menus: one more thing
    told, not asked (confirmed before at 0.57-0.70). Thanks ending "too" tells nothing more (round 10's test holds it)."""
    right_at_once(CITY, "after_trash", "there's also a pothole near the school", "main")
    right_at_once(PHARMACY, "anything_else", "while i'm here i need a refill for my wife", "main")


def test_uncertainty_starts_a_request() -> None:
    """"... and i'm not sure you'll still be there", "i never know which morning to put things out": what follows the caller's
    uncertainty is the request, what came before its story (confirmed before)."""
    right_at_once(PHARMACY, "main", "my bus gets in late tonight and i'm not sure if you'll still be open", "store_hours")
    right_at_once(CITY, "main", "we moved here in june and i never know when the garbage goes", "trash_days")


ROUND14B_SAID = [
    (PHARMACY, "main", "my repeat please", "rx"),
    (PHARMACY, "main", "i've just used the last of my asthma preventer", "rx"),
    (PHARMACY, "main", "i think my prescription needs redoing", "rx"),
    (PHARMACY, "main", "my grandson swallowed one of my tablets and i'm worried", "pharmacist"),
    (PHARMACY, "main", "how many of these am i meant to take", "pharmacist"),
    (PHARMACY, "main", "whether my kid can have adult tylenol", "pharmacist"),
    (PHARMACY, "main", "i'm an early riser and like to be there the minute you unlock", "store_hours"),
    (PHARMACY, "main", "there's a holiday monday coming and i don't know if you'll be trading", "store_hours"),
    (PHARMACY, "main", "hable en español por favor", "main"),
    (PHARMACY, "anything_else", "yes please love", "main"),
    (PHARMACY, "anything_else", "that was the only reason i called", "goodbye"),
    (PHARMACY, "anything_else", "that's grand thanks", "goodbye"),
    (PHONE_TREE, "main", "i'm stuck out here and i've no way home", "directions"),
    (PHONE_TREE, "main", "the mothership is somewhere near here but i've lost my bearings", "directions"),
    (PHONE_TREE, "main", "the kids at home are waiting to hear from their dad", "planets"),
    (PHONE_TREE, "main", "my cousin's on that little asteroid and i wanna say hi", "planets"),
    (PHONE_TREE, "planets", "the one with the little rose", "brodo"),
    (PHONE_TREE, "planets", "it's late and there are no buses out here", "oober"),
    (PHONE_TREE, "planets", "i'm waiting outside the diner and need collecting", "oober"),
    (PHONE_TREE, "planets", "i came here by mistake", "returning"),
    (PHONE_TREE, "planets", "wrong list", "returning"),
    (CITY, "main", "i put the bags out last night and they're still there", "trash_days"),
    (CITY, "main", "blue bin day", "trash_days"),
    (CITY, "main", "i hit something on the highway exit and bent my rim", "pothole"),
    (CITY, "main", "the online portal wouldn't take my money", "payments"),
    (CITY, "after_trash", "you went a bit fast there for me", "trash_days"),
    (CITY, "after_trash", "i only caught half of that", "trash_days"),
    (CITY, "after_trash", "take me back please love", "main"),
    (CITY, "language", "my dad is from tehran and doesn't speak english", "key 3"),
]


@pytest.mark.parametrize(("flow_name", "node", "text", "expected"), [pytest.param(*case, id=case[2]) for case in ROUND14B_SAID])
def test_round_14b_everyday_words(flow_name: str, node: str, text: str, expected: str) -> None:
    """How callers tell the options in everyday words no list held, each re-asked, confirmed, asked which or routed wrong before round 14b
    ("yes please love" went to goodbye at 0.92: "love" was stemmed as "lovely")."""
    right_at_once(flow_name, node, text, expected)


def test_a_job_opening_is_no_opening_hours() -> None:
    """"The job opening you advertised" went to the store's hours at 0.76: a job is a service no option offers."""
    kind, _, confidence = decide(PHARMACY, "main", "en", "i'm calling about the job opening you advertised")
    assert kind != "option" or confidence < CONFIRM_BELOW


def test_words_only_naming_a_language_are_that_languages_fillers() -> None:
    """"En castellano", "mi abuela no habla ingles": "en" and "mi" are English lists' words only inside the phrases that name Spanish
    ("en espanol"), so a caller asking for Spanish in Spanish says them as fillers (confirmed at 0.70-0.71 before)."""
    right_at_once(PHARMACY, "main", "en castellano por favor", "main")
    right_at_once(PHARMACY, "main", "mi abuela no habla inglés", "main")


# -- round 15a: the pharmacy, the phone tree and the city line, as non-native, older and anxious callers say them, and short elliptical
# turns with self-corrections (understanding_dev18.yaml and its probe); the set measured before the round, the probe never tuned on -----

DEV18 = Path(__file__).parent / "understanding_dev18.yaml"  # round 15a's set; measured before tuning
PROBE18 = Path(__file__).parent / "understanding_dev18_probe.yaml"  # written with it, never tuned on
DEV18_CASES = dev_cases(DEV18)
PROBE18_CASES = dev_cases(PROBE18)
ROUND15A_KNOWN = {
    # labelled the bill when written, but a request to talk to somebody about a thing goes to a person by design (round 10)
    "please i want speak with somebody for my bill": "talking to somebody about a bill asks for a person, by design",
    # the probe's confident wrong route, seen when this test was first run (held out, not tuned on); routed so before the round
    "uh refill no a question": "held out: after 'no' only a generic word ('a question'), so the refill is not taken back",
}
ROUND15A_OOS_OK = {**oos_ok(DEV18), **oos_ok(PROBE18)}
ROUND15A_SETS = round_sets(ROUND15A_KNOWN, ("dev18", DEV18_CASES), ("probe18", PROBE18_CASES))


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), ROUND15A_SETS)
def test_round_15a_sentence_is_never_sent_somewhere_wrong(flow_name: str, node: str, language: str, text: str, expected: Any) -> None:
    """Round 15a's set and probe, held like the earlier sets': confirmed or asked again, never routed elsewhere with confidence; an
    out-of-scope request may go at once where its entry allows (each so before the round: a call's price to the planets, council tax
    to the city's payments, a broken bin to the trash days)."""
    never_wrong_but_where_allowed(flow_name, node, language, text, expected, ROUND15A_OOS_OK)


def test_round_15a_set_accuracy_by_category() -> None:
    """Dev 18, non-native, older and anxious callers and short self-correcting turns: 88.5% right at once before the round (9 routed
    wrong); every request for a person (100% before); out-of-scope requests asked again or confirmed but four the set lets go to an
    option, each routed so before the round (this share counts them as not asked again)."""
    share = share_right(DEV18_CASES)
    assert share["own"] >= 0.95 and share["human"] == 1.0 and share["oos"] >= 0.95, share


def test_a_bare_no_after_the_only_thing_said_corrects_it() -> None:
    """"Uh directions no the planets", "spanish no english", "brodo no the swamp one": a bare "no" right after all the caller had said
    takes it back (the planets were negated and directions taken at 0.87 before). After more than that, "no" is the negation's."""
    right_at_once(PHONE_TREE, "main", "uh directions no the planets", "planets")
    right_at_once(CITY, "language", "english no farsi", "key 3")
    right_at_once(PHONE_TREE, "planets", "brodo no the swamp one", "dagobah")
    right_at_once(CITY, "main", "trash no the pothole", "pothole")


def test_a_turn_starting_not_means_what_follows() -> None:
    """"Not the pharmacist the refill one" went to a person at 1.0, "not the refill i have a question" to the refill at 0.87: a turn
    that starts by saying what is not meant means what follows."""
    right_at_once(PHARMACY, "main", "not the pharmacist the refill one", "rx")
    right_at_once(PHONE_TREE, "planets", "not dagobah the little prince one", "brodo")
    kind, candidates, confidence = decide(PHARMACY, "main", "en", "not the refill i have a question")
    assert not (kind == "option" and candidates[:1] == (option(menu(PHARMACY, "main"), "rx"),) and confidence >= CONFIRM_BELOW)


def test_taking_a_medicine_is_the_pharmacists() -> None:
    """"Take" was the lost card's "taken": taking a medicine is how it is taken ("she took her pills two times today" was asked which),
    and so is "take them" after one. A medicine told left or running out stays the refill."""
    right_at_once(PHARMACY, "main", "she took her pills two times today", "pharmacist")
    right_at_once(PHARMACY, "main", "about my heart pills can i take them after dinner", "pharmacist")
    right_at_once(PHARMACY, "main", "i need to take again the same medicine like last month", "rx")


def test_finish_and_over_tell_a_medicine_runs_out() -> None:
    """"My inhaler is finish", "my cream is almost over" (asked which of the refill and the pharmacist before)."""
    right_at_once(PHARMACY, "main", "my inhaler is finish", "rx")
    right_at_once(PHARMACY, "main", "my cream is almost over", "rx")


def test_excuse_me_opening_a_request_asks_for_attention() -> None:
    """"Excuse me i'd like the main menu please" at the "hear it again" menu was asked which of the main menu and hearing it again;
    "excuse me" alone still asks to hear it again."""
    right_at_once(CITY, "after_trash", "excuse me i'd like the main menu please", "main")
    right_at_once(CITY, "after_trash", "excuse me", "trash_days")


def test_start_alone_goes_back() -> None:
    """"Start" alone at the "hear it again" menu was asked again: it goes back where the menu offers it."""
    right_at_once(CITY, "after_trash", "start", "main")


ROUND15A_SAID = [
    (CITY, "language", "farsi please dear", "key 3"),
    (PHARMACY, "main", "i need to make again my recipe", "rx"),
    (PHARMACY, "main", "i have a doubt about my tablets", "pharmacist"),
    (PHARMACY, "main", "are you working on sunday", "store_hours"),
    (PHONE_TREE, "main", "how i arrive at the mothership", "directions"),
    (PHONE_TREE, "main", "i miss home so much", "planets"),
    (PHARMACY, "anything_else", "sorry that wasn't all", "main"),
    (PHARMACY, "anything_else", "no i not need more thank you", "goodbye"),
    (CITY, "after_trash", "enough thank you", "goodbye"),
    (CITY, "after_trash", "i got muddled with the days", "trash_days"),
]


@pytest.mark.parametrize(("flow_name", "node", "text", "expected"), [pytest.param(*case, id=case[2]) for case in ROUND15A_SAID])
def test_round_15a_everyday_words(flow_name: str, node: str, text: str, expected: str) -> None:
    """How non-native, older and anxious callers say the options in words no list held, each re-asked, confirmed or asked which before
    round 15a ("farsi please dear" confirmed at 0.70: "dear" was a thing named)."""
    right_at_once(flow_name, node, text, expected)


def test_a_yes_or_no_corrected_is_the_last_answer() -> None:
    """"Uh yes no sorry no" at the anything-else menu was asked which of the main menu and goodbye: a yes or a no counts as something
    said before and after a correction."""
    right_at_once(PHARMACY, "anything_else", "uh yes no sorry no", "goodbye")
    right_at_once(CITY, "after_trash", "yeah no wait no thanks", "goodbye")


# -- round 15b: the telecom and the bank, callers whose English is not their first language ("the card it is lost", "is possible to talk
# with person"), older or anxious callers ("hello dear i'm so sorry to bother you but ..."), short turns and self-corrections ("uh bill no
# sorry the internet"); the set measured before the round, the probe written with it and never tuned on --------------------------------

DEV19 = Path(__file__).parent / "understanding_dev19.yaml"  # round 15b's set: the telecom and the bank; measured before tuning
PROBE19 = Path(__file__).parent / "understanding_dev19_probe.yaml"  # written with it, never tuned on
DEV19_CASES = dev_cases(DEV19)
PROBE19_CASES = dev_cases(PROBE19)
ROUND15B_KNOWN = {
    # the set's confident wrong routes left after the round (each there before it)
    "please i want speak with somebody for my bill": "talking to somebody about a bill is a person, as the line has it ('talk to someone "
                                                     "about my bill'), though the billing team are people too",
    "can you text me instead": "'text me' is one of the call back's phrases",
    "what's the technician's name": "a technician's name asked is a technician asked for",
    "oh dear where is the nearest cash machine": "the nearest cash machine is the branch's (round 14a's set allows it; this one does not)",
    # the probe's confident wrong routes, each there before the round and left as they were (held out, not tuned on)
    "more data": "held out: data is the internet's word",
    "uh hold no call me back": "held out: 'no' before 'call me back' with no 'the' or 'my' after it reads as a call back refused",
    "nobody help me in the branch i want complain": "held out: 'help me' beside 'nobody' reads as asking for somebody",
    "for the overdraft": "held out: an overdraft is the balance's word",
}
ROUND15B_OOS_OK = {**oos_ok(DEV19), **oos_ok(PROBE19)}
ROUND15B_SETS = round_sets(ROUND15B_KNOWN, ("dev19", DEV19_CASES), ("probe19", PROBE19_CASES))


@pytest.mark.parametrize(("flow_name", "node", "language", "text", "expected"), ROUND15B_SETS)
def test_round_15b_sentence_is_never_sent_somewhere_wrong(flow_name: str, node: str, language: str, text: str, expected: Any) -> None:
    """Round 15b's set and probe, held like the later sets': confirmed or asked again, never routed elsewhere with confidence; an
    out-of-scope request may go at once where its entry allows (at the bank's "anything else?", back to the main menu)."""
    never_wrong_but_where_allowed(flow_name, node, language, text, expected, ROUND15B_OOS_OK)


def test_round_15b_set_accuracy_by_category() -> None:
    """Learners' English, older and anxious callers, short turns and self-corrections at the telecom and the bank: 85.6% of own words
    right at once before the round (7.7% confirmed, 5 routed wrong), 94.6% after (1 wrong); requests for a person 96.9% before, 98.4% after;
    out-of-scope requests asked again or confirmed (at the telecom's main menu "moving or anything else" may take them too, which
    this share counts as not asked again)."""
    share = share_right(DEV19_CASES)
    assert share["own"] >= 0.94 and share["human"] >= 0.98 and share["oos"] >= 0.85, share


def test_a_bare_no_after_a_thing_named_takes_it_back() -> None:
    """"Uh internet no the bill sorry", "uh balance no the hours": a bare "no" after a thing named in a few words, before a thing named
    again ("the", "my", "a"), is a correction, as "no sorry" is; before it the thing "no" came before was read as refused and the one
    taken back was routed to at once (0.86). "No" before a thing itself still says it is missing ("uh no service", "my phone no
    signal")."""
    right_at_once(TELECOM, "main", "uh internet no the bill sorry", "billing")
    right_at_once(BANK, "main", "uh balance no the hours", "branch_hours")
    right_at_once(TELECOM, "main", "uh no service", "zip")
    right_at_once(TELECOM, "main", "my phone no signal since morning", "zip")


def test_a_correction_starts_no_phrase_across_it() -> None:
    """"Uh bill no sorry the internet": "no ... internet" (fillers between) was read as one phrase, so the correction found nothing after
    it to keep and the bill was asked beside the internet; "uh wait no call me back" was a refused call back ("no call me back") and
    waiting, routed to holding at 0.99. A correction's words start no phrase that runs past it, and one with nothing before it ("wait
    no ...") is no request of its own, unless it is only words that may answer ("no sorry that's all" is still a goodbye)."""
    right_at_once(TELECOM, "main", "uh bill no sorry the internet", "troubleshoot")
    right_at_once(TELECOM, "callback_offer", "uh wait no call me back", "callback_number")
    right_at_once(TELECOM, "callback_offer", "wait", "tech_hold")
    right_at_once(BANK, "anything_else", "no sorry that's all", "goodbye")


ROUND15B_SAID = [
    (TELECOM, "main", "the bars are gone", "zip"),
    (TELECOM, "main", "oh dear the little bars on my mobile have all gone and i can't ring anybody", "zip"),
    (TELECOM, "main", "hello dear i'm so sorry to bother you but my telephone has no service", "zip"),
    (TELECOM, "main", "i'm so sorry to trouble you but the thingy with the lights is blinking orange", "troubleshoot"),
    (TELECOM, "main", "the email won't come through on the computer", "troubleshoot"),
    (TELECOM, "main", "they take two times the money from my account", "billing"),
    (TELECOM, "main", "good afternoon i need to sort out my payments please dear", "billing"),
    (TELECOM, "main", "hello dear we're moving into a bungalow next month and i'd like to take the phone with us", "other"),
    (TELECOM, "restart_router", "it is okay now the lights", "fixed"),
    (TELECOM, "restart_router", "right dear i've pulled the plug out and put it back in", "fixed"),
    (TELECOM, "callback_offer", "is possible you telephone me back", "callback_number"),
    (BANK, "main", "i want know if my salary is arrive", "verify"),
    (BANK, "main", "hello dear i'm in a terrible state i can't find my card anywhere", "lost_card"),
    (BANK, "main", "is possible to make reclamation", "complaints"),
    (BANK, "main", "nobody resolve my problem since one month", "complaints"),
    (BANK, "main", "i do apologise what are your opening times", "branch_hours"),
    (BANK, "anything_else", "still i have question", "main"),
    (BANK, "anything_else", "i not need other thing", "goodbye"),
]


@pytest.mark.parametrize(("flow_name", "node", "text", "expected"), [pytest.param(*case, id=case[2]) for case in ROUND15B_SAID])
def test_round_15b_everyday_words(flow_name: str, node: str, text: str, expected: str) -> None:
    """How learners of English and older or anxious callers say the options in words no list held, each re-asked, confirmed or routed
    wrong before round 15b ("hello dear i'm in a terrible state i can't find my card" was a complaint: "terrible")."""
    right_at_once(flow_name, node, text, expected)


def test_a_filler_word_is_no_word_beside_a_key() -> None:
    """Every word of a filler phrase may be said around a spoken key ("press one please"): "good morning" as a filler made "have a good
    one" key 1, the main menu, at the bank's "anything else?" (found while writing round 15b's fillers, which left it out)."""
    right_at_once(BANK, "anything_else", "have a good one", "goodbye")



# -- merging rounds 15a and 15b --------------------------------------------------------------------------------------------------------

def test_a_filler_of_several_words_stands_beside_a_key_only_whole() -> None:
    """Round 15a's "good morning" filler made "good" a word that may stand beside a spoken key, so "have a good one" was key 1 (the main
    menu) at the bank's "anything else?" menu; a filler of several words now stands beside a key only whole."""
    right_at_once(BANK, "anything_else", "have a good one", "goodbye")
    assert decide(BANK, "anything_else", "en", "good morning two please")[:2] == ("option", (1,))
    assert decide(BANK, "anything_else", "en", "good two")[0] == "none"


def test_advice_alone_is_no_question_about_a_medicine() -> None:
    """Round 15a's "advice" for the pharmacist and round 14a's "pension" for the balance together sent "some advice about my pension" at
    the bank to the balance at 0.79; advice is a question for the pharmacist when it is about a medicine."""
    assert decide(BANK, "main", "en", "hello dear i'd like some advice about my pension")[2] < CONFIRM_BELOW
    right_at_once(PHARMACY, "main", "i need some advice about my medication", "pharmacist")


# -- round 16a: no confident wrong route on a new business's menu -------------------------------------------------------------------

UNSEEN = ROOT / "bench" / "unseen" / "sentences.yaml"
GARAGE = """
name: riverside-auto
languages: [en]
human:
  queue: service_desk
nodes:
  main:
    type: menu
    prompt: >-
      To book a service appointment, press 1. To change or cancel an appointment, press 2. For the status of a repair, press 3.
      For our hours and location, press 4. For billing and payments, press 5. To speak with our service desk, press 0.
    options:
      - {dtmf: "1", phrases: [book a service, schedule an appointment, book an appointment, appointment, oil change], label: a service appointment, next: book}
      - {dtmf: "2", phrases: [reschedule, cancel, change my appointment, cancel my appointment], label: changing or cancelling an appointment, next: change}
      - {dtmf: "3", phrases: [repair status, is my car ready, status of my repair], label: the status of a repair, next: status}
      - {dtmf: "4", phrases: [hours, location, directions, when are you open, address], label: hours and location, next: hours}
      - {dtmf: "5", phrases: [billing, bill, payment, pay my bill, disconnect], label: billing and payments, next: billing}
  book: {type: hangup, prompt: Booking.}
  change: {type: hangup, prompt: Changing.}
  status: {type: hangup, prompt: Status.}
  hours: {type: hangup, prompt: Hours.}
  billing: {type: hangup, prompt: Billing.}
"""
"""A garage's service line written for these tests (a business no word list was written for): its hours hold "location" (a bank's
branch), its billing "disconnect" (a telecom's internet)."""


@functools.cache
def garage() -> Flow:
    return compile_flow(GARAGE, "garage.yaml")


def at_main(flow: Flow, text: str) -> tuple[str, str, float]:
    """What ``flow``'s main menu makes of ``text``: the kind, the (first) option's target ("-" for none) and the confidence."""
    m = flow.nodes["main"]
    assert isinstance(m, Menu)
    r = understand(text, "en", m.choices, flow.human)
    target = m.choices[r.candidates[0]].target if r.kind in ("option", "ambiguous") and r.candidates else "-"
    return r.kind, target, r.confidence


def routed_right(decision: tuple[str, str, float], text: str, expected: str) -> None:
    kind, target, confidence = decision
    assert kind == "option" and target == expected and confidence >= CONFIRM_BELOW, (text, kind, target, confidence)


def not_routed(decision: tuple[str, str, float], text: str) -> None:
    """Asked again, asked which, or confirmed: neither sent to an option nor to a person at once."""
    kind, target, confidence = decision
    assert kind in ("none", "ambiguous") or confidence < CONFIRM_BELOW, (text, kind, target, confidence)


def at_garage(text: str) -> tuple[str, str, float]:
    return at_main(garage(), text)


def garage_right(text: str, expected: str) -> None:
    routed_right(at_garage(text), text, expected)


def garage_not_routed(text: str) -> None:
    not_routed(at_garage(text), text)


def garage_person(text: str) -> None:
    kind, target, confidence = at_garage(text)
    assert kind == "human" and confidence >= CONFIRM_BELOW, (text, kind, target, confidence)


def test_an_option_reached_only_through_another_business_is_confirmed() -> None:
    """The garage's billing holds "disconnect", a telecom's internet word: "my internet is down" went to billing at 1.00. An option chosen
    only through a group its designer's words never name, when the caller said none of them, is confirmed; the designer's own words
    ("pay my bill") and a group they name ("billing") still route at once."""
    garage_not_routed("my internet is down")
    garage_right("i want to pay my bill", "billing")
    garage_right("there's a problem with my billing", "billing")
    garage_right("what are your hours", "hours")


def test_a_visit_where_visits_are_booked_is_no_question_of_hours() -> None:
    """A bank made "come in" and "visit" its opening hours; at a line that books appointments "first visit" went to the hours at 0.93
    and "i won't be able to come in on friday" at 0.81. The visit is the booking; one called off is asked again. At the bank, coming in is
    still the hours."""
    garage_right("first visit", "book")
    kind, target, confidence = at_garage("i need to bring my car in for a visit")
    assert target != "hours", (kind, target, confidence)
    garage_not_routed("i won't be able to come in on friday")
    right_at_once(BANK, "main", "can i come in tomorrow", "branch_hours")
    right_at_once(BANK, "main", "when can i visit the branch", "branch_hours")


def test_the_callers_own_thing_shut_is_no_question_of_hours() -> None:
    """A bank made doors, locks, opening and closing its hours: "my car door won't open" went to the garage's hours at 0.87, "my window
    won't close" at 0.77, "the door to my room won't lock" at 0.81. Said of the caller's own thing, with no word for the line or a time,
    they are asked again or confirmed; the line's doors and times are still its hours."""
    garage_not_routed("my car door won't open")
    garage_not_routed("my window won't close")
    garage_not_routed("the door to my room won't lock")
    garage_right("is the store closed today", "hours")
    garage_right("are you open on sunday", "hours")
    right_at_once(BANK, "main", "what time does my branch close", "branch_hours")


def test_somebody_at_the_lines_own_place_is_a_person() -> None:
    """"Connect me with the office" went to the garage's hours (an office is a bank's branch, "location" the hours') at 0.92. Somebody
    at the line's own place is a person."""
    garage_person("connect me with the office")
    garage_person("someone from the shop please")
    garage_person("put me through to somebody at the garage")
    right_at_once(BANK, "main", "what's the nearest branch", "branch_hours")


def test_a_word_qualifying_an_options_word_is_no_name_of_it() -> None:
    """At a dental clinic, "dental" of the label "a dental emergency" was a name of that option (no list holds it), so "i'm calling from a
    dental lab about an order" went to emergencies at 0.86. It only qualifies "emergency"; the emergency is still one."""
    dental = load_flow(ROOT / "bench" / "unseen" / "dental.yaml")
    m = dental.nodes["main"]
    assert isinstance(m, Menu)
    for text in ("i'm calling from a dental lab about an order", "can i get dental work done on a saturday"):
        r = understand(text, "en", m.choices, dental.human)
        assert r.kind in ("none", "ambiguous") or r.confidence < CONFIRM_BELOW, (text, r)
    r = understand("i have a dental emergency", "en", m.choices, dental.human)
    assert r.kind == "option" and m.choices[r.candidates[0]].target == "emergency" and r.confidence >= CONFIRM_BELOW, r


def test_for_the_fifth_is_a_date() -> None:
    """"I'd like to book for the fifth" pointed at the fifth option: a date after "for" points at nothing."""
    garage_right("i'd like to book for the fifth", "book")


def test_somebody_who_would_do_a_deed_is_no_request_for_a_person() -> None:
    """"I'd like someone to check the noise" was a person at 0.76: somebody named for a deed is who would do it. Somebody to talk to or
    to help is still a person."""
    garage_not_routed("i'd like someone to check the noise")
    garage_not_routed("i need somebody to fix the rattle")
    garage_person("can someone help me")
    garage_person("i need somebody to talk to")


def test_a_caller_saying_who_they_are_asks_for_no_agent() -> None:
    """"I'm an insurance agent calling about a claim" was a person at 1.00 ("agent"): the caller says who they are."""
    garage_not_routed("i'm an insurance agent calling about a claim")
    garage_not_routed("this is a rep from the parts supplier")
    garage_person("i'd like to speak to an agent")


def test_a_thing_not_helping_is_no_request_for_a_person() -> None:
    """"Not helping" asks for a person when the line isn't ("this isn't helping"); "the cream isn't helping" tells of the cream."""
    garage_not_routed("the cream isn't helping")
    garage_person("this isn't helping")
    garage_person("you're not helping")


def test_somebody_a_request_is_about_or_elsewhere_is_no_request_for_a_person() -> None:
    """"A question about a former employee" was a person at 0.77, "can you page someone at the airport" (at the airline) one at 0.66:
    somebody the request is about, or at another place than the line, is not asked for. "Get somebody on the line" still is."""
    garage_not_routed("a question about a former employee")
    garage_not_routed("i'm calling to verify employment for a former employee")
    assert at_garage("can you page someone at the airport")[0] != "human"
    assert at_garage("get somebody on the line")[0] == "human"


def test_somebody_in_a_story_is_no_request_for_a_person() -> None:
    """"Someone hit my car in your lot" was a person at 0.81, "i'm meeting someone here at noon" one at 0.86: somebody who did a deed told,
    or whom the caller meets or fetches, is not asked for."""
    garage_not_routed("someone hit my car in your lot")
    garage_not_routed("i'm meeting someone here at noon")
    garage_person("i need somebody")


def test_no_request_for_a_person_runs_across_two_clauses() -> None:
    """"The invoice came from you and i don't understand the charges" was a person at 1.00: "you ... don't understand" with "and i"
    skipped as fillers. No request for a person runs across "and", "but", "so"; "you don't understand" is still one."""
    garage_right("the invoice came from you and i don't understand the charges", "billing")
    garage_person("you don't understand")
    garage_person("you don't understand me and i want a person")


def test_take_is_no_thing_taken() -> None:
    """The lost group's single word "taken" is compared as "take", so "how long does it take" went to an airline's lost baggage at 0.85
    and "can i take my car in today" at 0.83. Only its phrases remain: a card taken or someone who took it is still lost."""
    airline = load_flow(ROOT / "bench" / "unseen" / "airline.yaml")
    m = airline.nodes["main"]
    assert isinstance(m, Menu)
    for text in ("how long does it take", "can i take my car in today"):
        r = understand(text, "en", m.choices, airline.human)
        assert r.kind in ("none", "ambiguous") or r.confidence < CONFIRM_BELOW, (text, r)
    right_at_once(BANK, "main", "someone took my card", "lost_card")
    right_at_once(BANK, "main", "my card was taken", "lost_card")


def test_availability_and_showing_up_are_no_balance() -> None:
    """The bank's "have available" and "showed up" (money arrived) sent "do you have availability this week" to the garage's billing at
    0.98 and "the technician never showed up" at 0.87. "Availability" is kept whole and the bare "show up" dropped; money that shows up
    is still the balance."""
    garage_not_routed("do you have availability this week")
    garage_not_routed("the technician never showed up")
    right_at_once(BANK, "main", "did my paycheck show up", "verify")
    right_at_once(BANK, "main", "what do i have available", "verify")


def test_due_for_a_thing_is_no_bill_due() -> None:
    """"My car is due for a service" went to billing at 0.86 ("due" is the bill group's)."""
    garage_not_routed("my car is due for a service")
    garage_right("i'm due for an oil change", "book")


ROUND16A_SAID = [
    ("first visit", "book"),
    ("i'd like to book for the fifth", "book"),
    ("connect me with the office", "human"),
    ("my internet is down", None),
    ("my car is due for a service", None),
    ("i won't be able to come in on friday", None),
    ("can i come in tomorrow morning for brakes", None),
    ("i'm an insurance agent calling about a claim", None),
    ("i'd like someone to check the noise", None),
    ("the cream isn't helping", None),
    ("a question about a former employee", None),
    ("someone hit my car in your lot", None),
    ("the invoice came from you and i don't understand the charges", "billing"),
    ("my car door won't open", None),
    ("do you have availability this week", None),
    ("the technician never showed up", None),
]
"""Round 16a: everyday words at the garage, each routed wrong at once before the round (an option, or a person where none was asked for):
now right at once (an option's target, "human") or asked again or confirmed (None)."""


@pytest.mark.parametrize(("text", "expected"), [pytest.param(*case, id=case[0]) for case in ROUND16A_SAID])
def test_round_16a_everyday_words(text: str, expected: str | None) -> None:
    if expected is None:
        garage_not_routed(text)
    elif expected == "human":
        garage_person(text)
    else:
        garage_right(text, expected)

# -- round 16b: coverage across businesses -------------------------------------------------------------------------------------------

@functools.cache
def bench_flow(path: Path) -> Flow:
    return load_flow(path)


def unseen_decide(name: str, text: str) -> tuple[str, str, float]:
    """Kind, target and confidence for ``text`` at the main menu of a bench/unseen flow (dental clinic, airline, utility)."""
    return at_main(bench_flow(UNSEEN.parent / name), text)


def unseen_right_at_once(name: str, text: str, expected: str) -> None:
    routed_right(unseen_decide(name, text), text, expected)


ROUND16B_SAID = [
    ("dental.yaml", "i need to postpone my appointment", "reschedule"),
    ("dental.yaml", "could i see the dentist sometime next week", "schedule"),
    ("dental.yaml", "can you fit me in on friday", "schedule"),
    ("dental.yaml", "can i get an appointment for my daughter", "schedule"),
    ("dental.yaml", "my tooth really hurts", "emergency"),
    ("dental.yaml", "it's urgent", "emergency"),
    ("dental.yaml", "is there parking at your office", "hours"),
    ("dental.yaml", "what's your address please", "hours"),
    ("dental.yaml", "what's my copay", "billing"),
    ("airline.yaml", "my suitcase is missing", "baggage"),
    ("utility.yaml", "we have no electricity on our street", "outages"),
    ("utility.yaml", "please put the account in my name", "service"),
    ("utility.yaml", "i'd like to end my service", "service"),
]


@pytest.mark.parametrize(("name", "text", "expected"), [pytest.param(*case, id=case[1]) for case in ROUND16B_SAID])
def test_round_16b_everyday_words(name: str, text: str, expected: str) -> None:
    """What callers of any service business say for appointments, postponing, pain and urgency, finding the place, copays, points and
    rewards, luggage, an outage and a service in their name, at menus of businesses the word lists were not written for: each was asked
    again, offered for a yes or asked which before round 16b."""
    unseen_right_at_once(name, text, expected)


@pytest.mark.parametrize("text", ["how many points do i have now", "i want to redeem my rewards"])
def test_round_16b_points_are_offered_for_a_yes_where_the_designer_said_miles(text: str) -> None:
    """Points and rewards are the rewards group, and the airline's designer wrote "miles" and "loyalty program": round 16b found
    them there, but rewards is a service a line may not offer, and round 16a confirms an option reached only through such a group
    rather than guess ("what's my rewards balance" at a line with none). Merged, the caller is offered the loyalty option for a yes
    (before round 16b: asked again)."""
    kind, target, confidence = unseen_decide("airline.yaml", text)
    assert kind == "option" and target == "loyalty" and confidence < CONFIRM_BELOW, (kind, target, confidence)


def test_round_16b_a_group_stands_for_a_related_one_the_menu_offers() -> None:
    """Postponing is a change where a menu offers no "reschedule" (the airline's "change flight"); a reservation is an appointment at a
    menu of appointments, and an appointment a booking at a menu of bookings."""
    unseen_right_at_once("airline.yaml", "we have to postpone our trip", "changes")
    unseen_right_at_once("dental.yaml", "can i make a reservation for next week", "schedule")
    kind, _, _ = unseen_decide("airline.yaml", "i'd like to make an appointment")
    assert kind == "ambiguous"  # a new booking or a change to one: the caller is asked which


def test_round_16b_new_groups_only_set_the_scene_where_no_option_offers_them() -> None:
    """Being late, a trip, pain and urgency are the scene of another request at a menu that offers nothing for them."""
    right_at_once(BANK, "main", "i'm running late for work can you tell me my balance", "verify")
    right_at_once(BANK, "main", "i'm going on a trip next week and i lost my card", "lost_card")
    right_at_once(TELECOM, "main", "my internet is down and it's urgent", "troubleshoot")
    right_at_once(PHARMACY, "main", "my knee hurts can i get a refill", "rx")


def test_round_16b_insurance_rewards_and_luggage_are_services_a_line_may_not_offer() -> None:
    """Asked to be put through to a service no option offers, the caller is asked again, not taken for a person request ("put me
    through to the insurance people" at the telecom was a person at 0.77), and points no option offers are no option."""
    assert decide(TELECOM, "main", "en", "put me through to the insurance people")[0] == "none"
    not_sure(BANK, "main", "how many reward points do i have")


def test_round_16b_a_plane_is_a_flight() -> None:
    """"Plane", a word no list held, was read as a slip for the phone tree's "planet": "has the plane landed" was asked again."""
    assert analyse("has the plane landed", "en") == analyse("has the flight landed", "en")
    kind, target, _ = unseen_decide("airline.yaml", "my plane was late")
    assert kind == "ambiguous" or target == "status"


# -- round 17a: out of scope and wrong options - another business named, a shared deed on a thing no option names ---------------------

UNSEEN4 = ROOT / "bench" / "unseen4" / "sentences.yaml"  # gym, moving & storage, food delivery, public library: a development set


def unseen4_decide(name: str, text: str) -> tuple[str, str, float]:
    """Kind, target and confidence for ``text`` at the main menu of a bench/unseen4 flow (gym, mover, food delivery, library)."""
    return at_main(bench_flow(UNSEEN4.parent / name), text)


def unseen4_not_routed(name: str, text: str) -> None:
    not_routed(unseen4_decide(name, text), text)


def unseen4_right(name: str, text: str, expected: str) -> None:
    routed_right(unseen4_decide(name, text), text, expected)


def test_another_business_named_is_confirmed() -> None:
    """Another business's word right before a bill, a balance or a password ("my *gas* bill", "my *bank* password"), or its place asked
    when it opens or where it is ("the *pharmacy*", "the *bank*", "the nearest *gas station*"), makes the shared word that business's:
    confirmed, not routed. At a menu of that business (two of its groups, or the word's own group offered) it is the line's."""
    garage_not_routed("my gas bill is way too high")
    garage_not_routed("i have a question about my electric bill")
    garage_not_routed("what time does the pharmacy close")
    garage_not_routed("when does the bank open on saturday")
    unseen4_not_routed("gym.yaml", "where is the nearest gas station")
    unseen4_not_routed("delivery.yaml", "i forgot my bank password")
    garage_right("i want to pay my bill", "billing")
    garage_right("can i pay with a credit card", "billing")  # a credit card is how a caller pays any line
    garage_right("there's a charge on my bank statement from you", "billing")  # "from you": the line's charge
    garage_right("when are you open on saturday", "hours")
    unseen4_right("delivery.yaml", "i forgot my password", "account")
    bank = load_flow(ROOT / "flows" / "bank.yaml")
    m = bank.nodes["main"]
    assert isinstance(m, Menu)
    r = understand("what time does the bank close today", "en", m.choices, bank.human)
    assert r.kind == "option" and r.confidence >= CONFIRM_BELOW, r  # at a bank, the bank is the line


def test_a_shared_deed_on_a_thing_no_option_names_is_confirmed() -> None:
    """Cancel or freeze and change are every menu's deeds, each for its own thing: "freeze my debit card" at a gym and "my wife wants to
    change jobs" at a mover's went to the gym's cancellations and the mover's existing moves at once. Done to a thing no option names, the
    deed is confirmed; alone, on "it", on a time or on the option's own thing it still routes."""
    unseen4_not_routed("gym.yaml", "i need to freeze my debit card")
    unseen4_not_routed("gym.yaml", "please cancel my phone contract")
    unseen4_not_routed("moving.yaml", "my wife wants to change jobs")
    unseen4_right("gym.yaml", "i want to freeze my membership for a month", "cancel")
    unseen4_right("gym.yaml", "cancel it please", "cancel")
    unseen4_right("gym.yaml", "i need to cancel today", "cancel")
    unseen4_right("moving.yaml", "i need to change the day of my move", "existing")
    garage_right("i want to cancel my oil change", "change")


ROUND17A_SAID = [
    ("garage", "my gas bill is way too high"),
    ("garage", "my cable bill went up again"),
    ("garage", "i have a question about my electric bill"),
    ("garage", "what time does the pharmacy close"),
    ("garage", "when does the bank open on saturday"),
    ("gym.yaml", "my internet bill is too high"),
    ("gym.yaml", "where is the nearest gas station"),
    ("gym.yaml", "i need to freeze my debit card"),
    ("gym.yaml", "please cancel my phone contract"),
    ("moving.yaml", "my wife wants to change jobs"),
    ("delivery.yaml", "i forgot my bank password"),
]
"""Round 17a: everyday words about another business, at the garage of round 16a and at bench/unseen4's menus, each routed wrong at once
before the round (at 0.76 to 0.92): now confirmed."""


@pytest.mark.parametrize(("name", "text"), [pytest.param(*case, id=case[1]) for case in ROUND17A_SAID])
def test_round_17a_everyday_words(name: str, text: str) -> None:
    if name == "garage":
        garage_not_routed(text)
    else:
        unseen4_not_routed(name, text)


# -- round 17b: the line's own staff and desks, and actions every business offers ----------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [
    ("library.yaml", "could i speak with a librarian please"),
    ("moving.yaml", "put me through to the dispatcher"),
    ("gym.yaml", "i'd like to talk to the front desk"),
    ("moving.yaml", "transfer me to my relocation coordinator"),
    ("library.yaml", "can someone at the reference desk help me"),
])
def test_round_17b_the_lines_own_staff_or_desk_named_is_a_person(name: str, text: str) -> None:
    """A member of the line's staff (a general title, or a title no list holds that ends like one: "librarian", "dispatcher",
    "coordinator") or its desk, asked for by a request to talk or to be put through, is a person (before round 17b: asked again, or
    asked which of two options a word of the title named)."""
    assert unseen4_decide(name, text)[0] == "human", text


def test_round_17b_staff_an_option_names_or_another_business_is_no_person() -> None:
    """A title the designer wrote for an option is that option ("a trainer" at the gym); a desk an option's word or a list's group
    qualifies is that option or nothing ("the billing desk", "the mortgage department"); a trade's professional at another business
    is asked again ("get me a doctor" at the library); somebody beside a request is who does it."""
    kind, target, _ = unseen4_decide("gym.yaml", "can i talk to a trainer")
    assert (kind, target) == ("option", "training")
    kind, target, _ = unseen_decide("dental.yaml", "put me through to the billing desk")
    assert (kind, target) == ("option", "billing")
    assert unseen_decide("utility.yaml", "connect me to the mortgage department")[0] == "none"
    assert unseen4_decide("library.yaml", "get me a doctor")[0] == "none"
    kind, target, _ = unseen4_decide("library.yaml", "can a librarian help me renew my books")
    assert (kind, target) == ("option", "renew")
    assert unseen4_decide("library.yaml", "do you have a photo counter")[0] != "human"  # whether the place has one: no request


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("gym.yaml", "i want to terminate my membership", "cancel"),
    ("gym.yaml", "i need to put my membership on hold", "cancel"),
    ("gym.yaml", "how do i quit my membership", "cancel"),
    ("library.yaml", "can i extend my books", "renew"),
    ("delivery.yaml", "i'm locked out of my account", "account"),
])
def test_round_17b_an_everyday_action_is_said_in_the_menus_word(name: str, text: str, expected: str) -> None:
    """Ending (terminate, quit, get out of), pausing (put on hold), renewing (extend), logging in (locked out): said in the word the one
    option that names the action uses ("cancel", "freeze", "renew", "login"), the caller is routed there at once (before round 17b:
    asked which, or offered for a yes)."""
    kind, target, confidence = unseen4_decide(name, text)
    assert kind == "option" and target == expected and confidence >= CONFIRM_BELOW, (text, kind, target, confidence)


def test_round_17b_an_action_beside_another_options_words_is_left_alone() -> None:
    """"Sign up" beside a class's words is booking the class, not joining the gym; unsubscribing from a thing no list holds is no
    appointment's cancellation; tracking a suitcase is the airline's baggage."""
    kind, target, _ = unseen4_decide("gym.yaml", "i want to sign up for the spin class")
    assert target != "membership", (kind, target)
    assert unseen_decide("dental.yaml", "i'd like to unsubscribe from your newsletter")[0] == "none"
    kind, target, _ = unseen_decide("airline.yaml", "where is my suitcase")
    assert (kind, target) == ("option", "baggage")


ROUND17B_SAID = [
    ("library.yaml", "i want to speak with the circulation desk about a hold", "holds"),
    ("moving.yaml", "can i chat with my coordinator", "human"),
    ("gym.yaml", "i need to speak to the concierge", "human"),
    ("gym.yaml", "i want to put my account on hold", "cancel"),
    ("gym.yaml", "how do i get out of my contract", "cancel"),
    ("library.yaml", "can i extend my dvds for another week", "renew"),
    ("delivery.yaml", "i keep getting locked out of the app", "account"),
    ("gym.yaml", "sign me up for a membership", "membership"),
    ("moving.yaml", "i need the dispatcher", "human"),
    ("library.yaml", "the circulation desk please", "human"),
]
"""Round 17b: everyday words of this round's writer (not from the sets), each asked again, asked which or offered for a yes before it."""


@pytest.mark.parametrize(("name", "text", "expected"), [pytest.param(*case, id=case[1]) for case in ROUND17B_SAID])
def test_round_17b_everyday_words(name: str, text: str, expected: str) -> None:
    kind, target, confidence = unseen4_decide(name, text)
    if expected == "human":
        assert kind == "human", (text, kind, target, confidence)
    else:
        assert kind == "option" and target == expected and confidence >= CONFIRM_BELOW, (text, kind, target, confidence)


@functools.cache
def bench_tallies(path: Path) -> dict[str, dict[str, int]]:
    """A set as bench/understanding.py counts it: per category, how many turns were right, confirmed, asked which, asked again, wrong."""
    spec = importlib.util.spec_from_file_location("bench_understanding", ROOT / "bench" / "understanding.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up while being defined
    spec.loader.exec_module(bench)
    decide, confirm_below = bench.lexical()
    tallies, _ = bench.run(bench.load_cases(path), decide, confirm_below)
    return {category: dict(tally.counts) for category, tally in tallies.items()}


@pytest.mark.parametrize(("path", "own_right", "own_wrong", "all_wrong", "oos_routed", "person"), [
    # dental, airline, utility: own words 26.8% right at once before round 16 (5.5% wrong), 11.1% of out of scope routed, 5.3% of all wrong
    pytest.param(UNSEEN, 0.388, 0.020, 0.015, 0.033, 0.989, id="unseen"),
    # gym, mover, food delivery, library: 18.7% right (4.0% wrong) before round 17, 10.8% of out of scope routed, a person 91%
    pytest.param(UNSEEN4, 0.217, 0.043, 0.032, 0.030, 1.0, id="unseen4"),
])
def test_menus_of_new_businesses_hold_their_figures(path: Path, own_right: float, own_wrong: float, all_wrong: float, oos_routed: float,
                                                    person: float) -> None:
    """The development sets of businesses the example flows don't cover, after rounds 16 and 17 (bench/unseen: own words 40.8% right at
    once, 1.0% wrong, out of scope 2.2% routed at once, 0.9% of all turns wrong, a person 100%; bench/unseen4: 23.7%, 3.8%, 2.5%, 2.7%,
    100%): own words right at once no more than two points lower, wrong routes at most half a point to a point higher."""
    tallies = bench_tallies(path)
    own, oos, human = tallies["own"], tallies["oos"], tallies["human"]
    every = sum(sum(counts.values()) for counts in tallies.values())
    assert own["right"] / sum(own.values()) >= own_right, own
    assert own["wrong"] / sum(own.values()) <= own_wrong, own
    assert sum(counts["wrong"] for counts in tallies.values()) / every <= all_wrong, tallies
    assert oos["wrong"] / sum(oos.values()) <= oos_routed, oos
    assert human["right"] / sum(human.values()) >= person, human
