"""Call records: one summary per ended call, the same whichever channel carried it.

Twilio calls (``ivr serve``) and local microphone calls (``ivr call``) write them to the same store,
so ``ivr calls list`` shows both.
"""

from __future__ import annotations

from typing import Any

from ivr.engine.state import CallState


def call_record(flow: str, sid: str, state: CallState, *, status: str | None, duration: float) -> dict[str, Any]:
    """What happened on a call, with what the caller said masked where sensitive."""
    outcome = {"transferred": "transferred", "completed": "contained"}.get(state.outcome or "", "abandoned")
    return {
        "sid": sid,
        "flow": flow,
        "outcome": outcome,
        "reason": (state.transfer or {}).get("context", {}).get("reason") if state.transfer else None,
        "path": state.path,
        "said": state.said,
        "slots": state.masked_slots(),
        "status": status,
        "duration": duration,
    }
