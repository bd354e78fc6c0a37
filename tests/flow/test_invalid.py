"""Broken flows and exactly what `ivr validate` says about them.

Every top-level ``invalid/NAME.yaml`` is a fixture; ``invalid/NAME.expected`` holds the exact stderr
of ``ivr validate tests/flow/invalid/NAME.yaml`` run from the repository root. Helper files that
fixtures include (subflows) live in ``invalid/lib/`` and are not fixtures themselves.

To regenerate after a deliberate wording change (then read every diff!)::

    for f in tests/flow/invalid/*.yaml; do .venv/bin/ivr validate "$f" 2> "${f%.yaml}.expected"; done
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.cli import main
from ivr.errors import FlowError
from ivr.flow.compiler import compile_flow
from ivr.loading import read_bytes

HERE = Path(__file__).parent
ROOT = HERE.parent.parent  # the repository root: printed paths are relative to it
INVALID = HERE / "invalid"
FIXTURES = sorted(INVALID.glob("*.yaml"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURES) >= 20


def test_every_fixture_has_an_expected_file_and_back() -> None:
    yamls = {p.stem for p in FIXTURES}
    expected = {p.stem for p in INVALID.glob("*.expected")}
    assert yamls - expected == set(), "fixtures without .expected"
    assert expected - yamls == set(), ".expected files without a fixture"


def test_helpers_in_lib_are_not_fixtures() -> None:
    assert all(p.parent == INVALID for p in FIXTURES)
    assert (INVALID / "lib" / "cycle_a.yaml").is_file()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_validate_output(path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", _relative(path)])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    assert captured.err == expected
    assert captured.out == ""
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_compiler_errors_make_compile_flow_raise(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """compile_flow() either raises, or leaves only warnings on the flow (errors then come from the checks)."""
    monkeypatch.chdir(ROOT)
    name = _relative(path)
    try:
        flow = compile_flow(read_bytes(name), name, read=read_bytes)
    except FlowError as e:
        assert any(d.severity == "error" for d in e.diagnostics)
        return
    assert [d.format() for d in flow.diagnostics if d.severity == "error"] == []
