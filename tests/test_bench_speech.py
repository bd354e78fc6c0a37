"""bench/speech's natural-speech set is well-formed, and its quick typed-text run works.

The set is derived against the flows: a new menu or option in an English example flow without
callers' sentences fails here, as does a label that names no option, a listed phrase passed off as a
caller's own words, or a sentence given twice at one menu.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from ivr.channels.sim import Runner, actions_from
from ivr.flow.machine import Menu
from ivr.loading import load_flow

ROOT = Path(__file__).parent.parent
LEAST = 40


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_speech", ROOT / "bench" / "speech.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def speech() -> ModuleType:
    return bench()


def menu_node(flow: str, menu: str) -> Menu:
    node = load_flow(ROOT / "flows" / f"{flow}.yaml").nodes[menu]
    assert isinstance(node, Menu)
    return node


def test_every_option_of_every_english_menu_has_40_callers_sentences(speech: ModuleType) -> None:
    menus, shared = speech.load_corpus(ROOT)
    english = speech.english_menus(ROOT)
    assert set(english) == {"bank", "telecom", "multilingual", "phone-tree", "pharmacy"}, "the English example flows (Korean has no English side)"
    for flow, ids in english.items():
        for menu in ids:
            assert (flow, menu) in menus, f"bench/natural/{flow}.yaml has no sentences for menu {menu!r}"
            spec = menus[(flow, menu)]
            for choice in menu_node(flow, menu).choices:
                if not choice.dtmf:  # a keys-only catch-all takes no speech
                    continue
                said = spec.options.get(choice.dtmf[0], [])
                assert len(said) >= LEAST, f"{flow}/{menu}: option {choice.dtmf[0]} has {len(said)} callers' sentences, not {LEAST}"
            assert len(spec.out_of_scope) >= LEAST, f"{flow}/{menu}: {len(spec.out_of_scope)} out-of-scope sentences, not {LEAST}"
    assert len({speech.plain(s) for s in shared}) >= LEAST, "different wordings of asking for a person"


def test_labels_name_real_menus_and_options(speech: ModuleType) -> None:
    menus, shared = speech.load_corpus(ROOT)
    english = speech.english_menus(ROOT)
    for (flow, menu), spec in menus.items():
        assert menu in english.get(flow, []), f"bench/natural/{flow}.yaml: {menu!r} is no menu of flows/{flow}.yaml"
        keys = {choice.dtmf[0] for choice in menu_node(flow, menu).choices if choice.dtmf}
        assert set(spec.options) <= keys, f"{flow}/{menu}: labels {sorted(set(spec.options) - keys)} name no option (options: {sorted(keys)})"
        every = [*spec.reach, *(s for ss in spec.options.values() for s in ss), *spec.human, *spec.out_of_scope]
        assert all(isinstance(s, str) and s.strip() for s in every), f"{flow}/{menu}: every sentence is text (quote yes/no in YAML)"
    assert all(isinstance(s, str) and s.strip() for s in shared)


def test_no_sentence_is_a_listed_phrase_of_its_menu_or_said_twice(speech: ModuleType) -> None:
    menus, shared = speech.load_corpus(ROOT)
    for (flow, menu), spec in menus.items():
        node = menu_node(flow, menu)
        human = load_flow(ROOT / "flows" / f"{flow}.yaml").human
        listed = {speech.plain(p) for c in node.choices for ps in c.phrases.values() for p in ps}
        listed |= {speech.plain(p) for ps in human.phrases.values() for p in ps}
        said = [*(s for ss in spec.options.values() for s in ss), *shared, *spec.human, *spec.out_of_scope]
        verbatim = sorted({s for s in said if speech.plain(s) in listed})
        assert not verbatim, f"{flow}/{menu}: listed phrases given as callers' own words: {verbatim}"
        twice = sorted(s for s, n in Counter(speech.plain(s) for s in said).items() if n > 1)
        assert not twice, f"{flow}/{menu}: said twice: {twice}"


def test_each_menu_is_reached_by_its_reach_lines(speech: ModuleType) -> None:
    menus, _ = speech.load_corpus(ROOT)
    for (flow, menu), spec in menus.items():
        runner = Runner(load_flow(ROOT / "flows" / f"{flow}.yaml"), at=speech.AT, http=None)
        result = runner.run(list(actions_from([*spec.reach, "expect node " + menu])))
        assert result.ok, f"{flow}/{menu}: reach {spec.reach} -> {result.failures} (path {result.path})"


def test_the_recordings_exist_and_fit_the_cards_menu(speech: ModuleType) -> None:
    recorded = speech.recording_cases(ROOT)
    missing = [c.audio for c in recorded if not Path(c.audio).is_file()]
    assert not missing, f"Debian's pocketsphinx-testdata is missing (scripts/test installs it): {missing[:3]}"
    cards = [c for c in recorded if c.flow.endswith("cards.yaml")]
    node = load_flow(cards[0].flow).nodes[cards[0].menu]
    assert isinstance(node, Menu)
    keys = {choice.dtmf[0] for choice in node.choices}
    assert {c.expect for c in cards} <= keys | {speech.OUT}
    menus, _ = speech.load_corpus(ROOT)
    assert {(c.flow, c.menu) for c in recorded if c not in cards} == set(menus), "the read speech is played at every menu"


def test_the_quick_typed_text_run_measures_every_category(tmp_path: Path) -> None:
    out = tmp_path / "speech.json"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "speech.py"), "--quick", "--conditions", "typed", "--json", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "typed text" in done.stdout
    data = json.loads(out.read_text())
    totals = data["conditions"]["typed"]
    assert set(totals) == {"listed phrase", "own words", "human", "out-of-scope", "all"}
    turns = data["turns"]
    assert totals["all"]["n"] == len(turns) > 100
    assert {t["result"] for t in turns} <= {"right", "wrong", "re-asked", "confirmed"}
    assert all(t["heard"] == t["text"] and t["confidence"] == 1.0 for t in turns), "typed text reaches the engine as said"
    listed = [t for t in turns if t["category"] == "listed phrase"]
    assert listed and all(t["result"] == "right" for t in listed), "a menu's own phrases, typed, go where they say"
