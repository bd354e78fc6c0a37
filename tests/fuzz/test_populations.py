"""Population files (``ivr simulate-many``): whatever they hold, the callers are simulated and reported, or a
one-line error says what is wrong with the file.

Random documents with the keys a population has (shares, chances, patience, steps, languages, audio
settings) and line mutations of the examples in flows/populations/. Each one that loads is run with a
few callers in this process and turned into the report and its HTML page, as the command does.
Populations with valid ``audio`` settings are loaded only: running them synthesizes and recognizes
speech, far beyond this suite's budget (tests/test_bulk.py runs one for real).
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from ivr import bulk
from ivr.errors import FlowError, IvrError
from tests.fuzz.budget import fuzz, production_stack
from tests.fuzz.strategies import NAMES, NUMBERS, ODD, SCALARS, VALUES, WORDS, script_line

ROOT = Path(__file__).parent.parent.parent
POPULATIONS = sorted((ROOT / "flows" / "populations").glob("*.yaml"))
AT = "2026-11-24T10:30:00-05:00"
FLOW_FILES = ["../bank.yaml", "../telecom.yaml", "../multilingual.yaml", "../korean.yaml"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    target = tmp_path_factory.mktemp("bulk") / "flows"
    shutil.copytree(ROOT / "flows", target, ignore=shutil.ignore_patterns("tests", "scripts"))
    yield target


CHANCE = st.floats(0, 1) | st.sampled_from([-1, 2, math.inf, -math.inf, math.nan, "half", "0.5", True]) | SCALARS
STEP = st.sampled_from(["say check my balance", "press 12345678#", "press 1234#", "say representative", "say I lost my card",
                        "press 1", "press 0", "silence", "say", "press", "shout", "press ²", "say 상담원"]) | script_line()
CALLER = st.fixed_dictionaries(
    {"steps": st.lists(STEP, max_size=5)},
    optional={"want": NAMES | SCALARS, "share": st.floats(0, 10) | CHANCE, "language": st.sampled_from(["en", "es", "ko", "xx", ""]) | SCALARS},
) | VALUES
AUDIO = st.none() | st.fixed_dictionaries({}, optional={
    "voice": st.sampled_from(["joe", "espeak:en", "nobody"]) | SCALARS, "telephone": SCALARS, "snr": NUMBERS | SCALARS,
    "variants": st.integers(-2, 12) | SCALARS, "asr": st.sampled_from(["pocketsphinx", "vosk", "whisper"]) | SCALARS,
    "model": SCALARS, "voices": SCALARS,
}) | VALUES
KEYS = {
    "responses": st.sampled_from(["../responses/bank.yaml", "../responses/telecom.yaml", "../bank.yaml", "../missing.yaml", ".."])
    | VALUES,
    "at": st.just(AT) | st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()) | VALUES,
    "queue_wait": st.floats(0, 600) | NUMBERS | SCALARS,
    "keypad": CHANCE, "misheard": CHANCE, "silence": CHANCE,
    "patience": st.fixed_dictionaries({}, optional={"failures": st.integers(-1, 10) | SCALARS, "seconds": st.floats(0, 900) | SCALARS})
    | VALUES,
    "audio": AUDIO,
}
RUNS = {  # settings of the right kind, so the callers are simulated
    "responses": st.sampled_from(["../responses/bank.yaml", "../responses/telecom.yaml"]),
    "at": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    "queue_wait": st.floats(0, 600), "keypad": st.floats(0, 1), "misheard": st.floats(0, 1), "silence": st.floats(0, 1),
    "patience": st.fixed_dictionaries({}, optional={"failures": st.integers(0, 10), "seconds": st.floats(0, 900)}),
}
CALLER_RUNS = st.fixed_dictionaries(
    {"steps": st.lists(STEP, max_size=5)},
    optional={"want": NAMES, "share": st.floats(0.01, 10), "language": st.sampled_from(["en", "es", "ko", "fa", "xx", ""])})
POPULATION = st.one_of(
    st.fixed_dictionaries({"flow": st.sampled_from(FLOW_FILES), "callers": st.lists(CALLER_RUNS, min_size=1, max_size=3)}, optional=RUNS),
    st.fixed_dictionaries({"flow": st.sampled_from(FLOW_FILES), "callers": st.lists(CALLER, min_size=1, max_size=3)}, optional=KEYS),
    st.fixed_dictionaries({}, optional={**KEYS, "flow": st.sampled_from([*FLOW_FILES, "../missing.yaml", ".."]) | VALUES,
                                        "callers": st.lists(CALLER, max_size=3) | VALUES}),
    VALUES,
)


@st.composite
def population_text(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)):
        return yaml.safe_dump(draw(POPULATION), allow_unicode=True, sort_keys=False)
    lines = draw(st.sampled_from(POPULATIONS)).read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        key, colon, _ = lines[at].partition(": ")
        value = yaml.safe_dump(draw(VALUES | WORDS | st.sampled_from(ODD)), default_flow_style=True).strip().removesuffix("...").strip()
        lines[at] = f"{key}: {value}" if colon else lines[at] + draw(st.sampled_from(ODD))
    return "\n".join(lines) + "\n"


@fuzz(400)
@given(population_text(), st.integers(1, 30), st.integers(0, 2**32))
@production_stack
def test_populations_simulate_or_say_what_is_wrong(folder: Path, text: str, callers: int, seed: int) -> None:
    path = folder / "populations" / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        pop = bulk.load_population(path)
    except FlowError as e:
        event("refused: FlowError")
        assert e.diagnostics
        return
    except IvrError as e:
        event(f"refused: {type(e).__name__}")
        assert "\n" not in str(e) and str(e), str(e)
        return
    if pop.audio is not None:
        event("loaded, with real audio (not run)")
        return
    try:
        stats = bulk.run(pop, callers, seed, workers=1)
    except FlowError as e:
        event("refused when run: FlowError")
        assert e.diagnostics
        return
    event("simulated")
    assert len(stats) == callers
    report = bulk.report(stats)
    assert sum(report.outcomes.values()) == callers
    page = bulk.html(report, path.name, "fuzz")
    assert page.startswith("<!doctype html>")
