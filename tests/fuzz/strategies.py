"""Strategies the fuzz modules share."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st


def nested(leaves: st.SearchStrategy[Any], keys: st.SearchStrategy[str] | None = None, max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """JSON-like values: ``leaves`` in lists and mappings, a few levels deep. (A named function, not a
    lambda: Hypothesis reads a lambda's source to check it recurses, and misreads it when a line holds two.)"""
    key = st.text(max_size=6) if keys is None else keys

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.lists(inner, max_size=3) | st.dictionaries(key, inner, max_size=3)

    return st.recursive(leaves, extend, max_leaves=max_leaves)


VERBS = ["press", "say", "mumble", "say-audio", "silence", "hangup", "http", "transfer", "record", "at", "expect"]
ODD = ["", " ", "  ", "\t", "\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "²", "٣", "０",
       "é", "상담원", "\U0001F600", "'", '"', "#", "\\", "{", "[", "-", "+", ".", "e", "1e400", "nan", "inf", "-0"]
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["²", "1²", "٣", "０", "1_000", " 1", "1.", ".5", "1.5.", "0x10", "1e5", "١٢"]),
    st.integers(300, 5000).map(lambda n: "9" * n),
)
WORDS = st.lists(st.sampled_from(["check", "my", "balance", "agent", "representative", "yes", "no", "one", "two", "lost", "card",
                                  "hours", "billing", "internet", "english", "español", "상담원", *ODD]), max_size=6).map(" ".join)


def flow_style(value: object) -> str:
    """A value as YAML's flow style writes it on one line, like {a: 1}."""
    return yaml.safe_dump(value, default_flow_style=True).strip()


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


JSON_TEXT = st.one_of(
    st.sampled_from(['{"balance": "1520.75"}', '{"id": "4821"}', '{"eta": "tomorrow"}', "null", "[]", "{}", '{"balance": NaN}',
                     "{bad", "[1,", '"\\ud800"', '{"a": 1e999}', "1" * 5000]),
    nested(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)).map(flow_style),
    st.integers(900, 3000).map(deep),
    st.just(deep(100_000)),
)


def args_for(verb: str) -> st.SearchStrategy[str]:
    """Arguments a script author (or a careless generator) could put after ``verb``."""
    anything = st.text(max_size=12) | st.sampled_from(ODD)
    by_verb: dict[str, st.SearchStrategy[str]] = {
        "press": st.text(alphabet="0123456789*# ", min_size=1, max_size=10) | st.text(alphabet="0123456789²٣０#a", max_size=6)
        | st.integers(4000, 5000).map(lambda n: "1" * n),
        "say": WORDS | st.text(max_size=20),
        "mumble": WORDS,
        "say-audio": st.sampled_from(["missing.wav", "../missing.wav", "audio/callers/balance.wav", ".", "", "x\x00y.wav"]),
        "silence": st.sampled_from(["", "now"]),
        "hangup": st.sampled_from(["", "please"]),
        "http": st.tuples(st.sampled_from(["200", "201", "404", "500", "error"]) | NUMBERS, JSON_TEXT | anything).map(" ".join),
        "transfer": st.tuples(st.sampled_from(["answered", "busy", "no-answer", "failed", "long-wait", "maybe"]),
                              st.just("") | NUMBERS).map(" ".join),
        "record": st.just("") | NUMBERS,
        "at": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()) | anything,
        "expect": st.tuples(st.sampled_from(["outcome", "node", "slot", "said", "queue", "nothing"]), WORDS | anything).map(" ".join),
    }
    return by_verb.get(verb, anything)


@st.composite
def script_line(draw: st.DrawFn) -> str:
    verb = draw(st.sampled_from(VERBS) if draw(st.integers(0, 4)) else st.text(max_size=6))
    shown = draw(st.sampled_from([verb, verb.upper(), " " + verb, verb.title()]))
    return f"{shown} {draw(args_for(verb))}".rstrip(" ") if draw(st.integers(0, 9)) else draw(st.sampled_from(["#", "", "# x"]))


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), st.text(max_size=8),
                    st.sampled_from(ODD), NUMBERS)
VALUES = nested(SCALARS)
NAMES = st.text(max_size=20) | st.lists(st.sampled_from(["a", "b", *ODD]), max_size=4).map("".join)
