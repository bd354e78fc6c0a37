"""Errors and diagnostics.

Every failure a user can cause ends as one of these, printed in one line per problem, never as a
traceback::

    IvrError                    base; ``exit_code`` is what the CLI exits with
    ├── FlowError               a flow file has errors (``diagnostics`` holds every one, sorted)
    ├── ScriptError             a simulator script line cannot be understood
    └── UsageError              a command was used wrongly (missing file, bad option value)

A :class:`Diagnostic` is one compiler-style message::

    flows/bank.yaml:12:9: error[unknown-node]: no node 'bilings'
      hint: did you mean 'billing'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a flow, at a 1-based line and column."""

    file: str
    line: int
    col: int
    severity: Severity = field(compare=False)
    code: str = field(compare=False)
    message: str = field(compare=False)
    hint: str | None = field(default=None, compare=False)

    def format(self) -> str:
        head = f"{self.file}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        return head if self.hint is None else f"{head}\n  hint: {self.hint}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt name, as click does with difflib."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"


class Hints:
    """:func:`did_you_mean` with a budget of names compared, for one compile or one check.

    Each hint compares the word with every choice; a flow with thousands of misspelt targets and
    thousands of nodes would spend minutes on hints alone. The first ones get their hint; once
    ``budget`` comparisons are spent, the rest get none.
    """

    def __init__(self, budget: int = 300_000) -> None:
        self.budget = budget

    def __call__(self, word: str, choices: Iterable[str]) -> str | None:
        if self.budget <= 0:
            return None
        names = list(choices)
        self.budget -= len(names)
        return did_you_mean(word, names)


class IvrError(Exception):
    """Base of every error ivr reports to a user."""

    exit_code = 1


class FlowError(IvrError):
    """A flow failed to load or compile; ``diagnostics`` lists every problem found."""

    exit_code = 1

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class ScriptError(IvrError):
    """A simulator script could not be understood."""

    exit_code = 2


class UsageError(IvrError):
    """A command was called wrongly."""

    exit_code = 2
