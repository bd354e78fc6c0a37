"""Call records: the same summary whichever channel carried the call."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.records import call_record
from ivr.testing import simulate

BANK = Path(__file__).parent.parent / "flows" / "bank.yaml"


@pytest.mark.parametrize(("script", "outcome", "reason"), [
    (["say representative"], "transferred", "caller-asked"),
    (["press 4", "press 2"], "contained", None),
    (["hangup"], "abandoned", None),
])
def test_outcomes_as_the_call_list_shows_them(script: list[str], outcome: str, reason: str | None) -> None:
    result = simulate(BANK, script)
    record = call_record("acme-bank", "mic-1", result.state, status="completed", duration=12.5)
    assert (record["outcome"], record["reason"]) == (outcome, reason)
    assert record["sid"] == "mic-1" and record["path"] == result.path and record["duration"] == 12.5


def test_sensitive_answers_are_masked() -> None:
    result = simulate(BANK, ["press 1", "press 12345678#", "press 1234#", 'http 200 {"balance": "5"}'])
    record = call_record("acme-bank", "mic-2", result.state, status="completed", duration=1.0)
    assert record["slots"]["pin"] == "***" and "1234" not in str(record["said"])
