"""The core stays pure: the engine and the flow compiler import no channel, clock or randomness."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ivr

PACKAGE = Path(ivr.__file__).parent
FORBIDDEN = {"flask", "twilio", "vosk", "sounddevice", "pydub", "time", "random", "socket", "urllib.request",
             "requests", "httpx", "subprocess", "os", "pathlib", "threading", "asyncio"}
PURE = sorted([*PACKAGE.joinpath("engine").glob("*.py"), *PACKAGE.joinpath("flow").glob("*.py")])


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_core_module_imports_nothing_impure(path: Path) -> None:
    for name in imported(path):
        top = {name, name.split(".")[0]}
        assert not top & FORBIDDEN, f"{path.name} imports {name}"
        assert not name.startswith(("ivr.channels", "ivr.cli", "ivr.loading")), f"{path.name} imports {name}"


def test_public_api_is_complete_and_sorted() -> None:
    assert ivr.__all__ == sorted(ivr.__all__)
    for name in ivr.__all__:
        assert getattr(ivr, name) is not None
