"""Helpers for testing flows from Python, the way ``ivr simulate --script`` does from the shell.

    >>> from ivr.testing import simulate
    >>> result = simulate("flows/bank.yaml", ["say representative"])
    >>> result.outcome
    'transferred'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ivr.channels.sim import CallResult, HttpHandler, Runner, actions_from
from ivr.flow.machine import Flow
from ivr.loading import load_flow

__all__ = ["CallResult", "simulate"]


def simulate(
    flow: Flow | str | Path,
    actions: Iterable[str],
    *,
    at: str | None = "2026-11-24T10:30:00-05:00",
    http: HttpHandler | None = None,
    transfer: str = "answered",
    queue_wait: float = 60.0,
    language: str | None = None,
) -> CallResult:
    """Run one simulated call with script lines like ``"press 1"`` or ``"say billing"``.

    Tests stay repeatable: the call happens at a fixed time (a Tuesday morning in New York) unless
    ``at`` says otherwise, and web requests fail as unreachable unless a script line (``http 200
    {...}``) or ``http`` answers them.
    """
    compiled = flow if isinstance(flow, Flow) else load_flow(flow)
    runner = Runner(compiled, at=at, http=http, transfer=transfer, queue_wait=queue_wait, language=language)
    return runner.run(list(actions_from(actions)))
