"""Call records: one summary per ended call, the same whichever channel carried it.

Twilio calls (``ivr serve``) and local microphone calls (``ivr call``) write them to the same store,
so ``ivr calls list`` shows both. A record keeps nothing a caller gave in secret: what was said or
keyed at a sensitive prompt and sensitive slots are masked, and of the caller's number only the
last digits remain (enough to find a call a caller asks about, not to call them).
"""

from __future__ import annotations

from typing import Any

from ivr.engine.state import CallState
from ivr.flow.text import MASK

CALLER_DIGITS = 4  # of the caller's number kept in a record


def call_record(flow: str, sid: str, state: CallState, *, status: str | None, duration: float) -> dict[str, Any]:
    """What happened on a call, with what the caller said masked where sensitive."""
    outcome = {"transferred": "transferred", "completed": "contained"}.get(state.outcome or "", "abandoned")
    return {
        "sid": sid,
        "flow": flow,
        "caller": masked_caller(state.caller),
        "outcome": outcome,
        "reason": (state.transfer or {}).get("context", {}).get("reason") if state.transfer else None,
        "path": state.path,
        "said": state.said,
        "slots": state.masked_slots(),
        "status": status,
        "duration": duration,
    }


def masked_caller(number: str | None) -> str | None:
    """``+14155550123`` as ``***0123``; a short or unusual caller ID (``anonymous``, ``client:alice``) as ``***``."""
    if not number:
        return None
    digits = "".join(c for c in number if c in "0123456789")
    return MASK + digits[-CALLER_DIGITS:] if len(digits) >= 2 * CALLER_DIGITS else MASK
