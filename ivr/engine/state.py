"""The state of one call: plain JSON-serialisable data, so any worker can continue any call."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from ivr.flow.text import MASK

Outcome = Literal["transferred", "completed", "hangup"]


@dataclass
class CallState:
    """Where a call is and everything the caller has given so far."""

    call_id: str = ""
    node: str = ""
    language: str = ""
    caller: str | None = None
    started_at: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    vars: dict[str, Any] = field(default_factory=dict)
    sensitive: list[str] = field(default_factory=list)  # slots and variables holding secrets: shown only as a mask
    path: list[str] = field(default_factory=list)
    said: list[dict[str, Any]] = field(default_factory=list)
    failures: int = 0
    no_input: int = 0
    no_match: int = 0
    phase: Literal["ask", "confirm", "disambiguate"] = "ask"
    pending: Any = None
    candidates: list[int] = field(default_factory=list)
    awaiting: Literal["input", "http", "transfer", "record"] | None = None
    turns: int = 0
    reason: str | None = None
    outcome: Outcome | None = None
    transfer: dict[str, Any] | None = None

    @property
    def ended(self) -> bool:
        return self.outcome is not None

    def masked_slots(self) -> dict[str, Any]:
        """Slots as they may be shown: sensitive ones replaced by a mask."""
        return {k: (MASK if k in self.sensitive and v is not None else v) for k, v in self.slots.items()}

    def masked_vars(self) -> dict[str, Any]:
        """Variables as they may be shown: those copied from a sensitive value replaced by a mask."""
        return {k: (MASK if k in self.sensitive and v is not None else v) for k, v in self.vars.items()}

    def scrub(self, text: str) -> str:
        """``text`` with each sensitive value given so far (of 4 characters or more) replaced by a mask."""
        for name in self.sensitive:
            for value in (self.slots.get(name), self.vars.get(name)):
                shown = value if isinstance(value, str) else str(value) if isinstance(value, int) and not isinstance(value, bool) else ""
                if len(shown) >= 4 and shown in text:
                    text = text.replace(shown, MASK)
        return text

    def forget_sensitive(self) -> None:
        """Keep only the mask of every sensitive value (and no answer awaiting confirmation): an ended
        call needs none of them, while its state may still be stored, shown or kept in memory."""
        for name in self.sensitive:
            for values in (self.slots, self.vars):
                if values.get(name) is not None:
                    values[name] = MASK
        self.pending = None

    def to_dict(self) -> dict[str, Any]:
        """An independent plain-data copy."""
        new = self.copy()
        return {name: getattr(new, name) for name in _ORDER}

    def to_json(self) -> str:
        # fields read directly: json.dumps copies nothing, and asdict's deep walk cost more than a webhook's step
        return _ENCODE({name: getattr(self, name) for name in _ORDER})

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, fresh: bool = False) -> CallState:
        """A state from plain data; ``fresh`` says nobody else holds ``data`` (so it isn't copied again)."""
        known = _FIELDS
        values = {k: v for k, v in data.items() if k in known}
        return cls(**(values if fresh else copy.deepcopy(values)))

    @classmethod
    def from_json(cls, text: str) -> CallState:
        data = json.loads(text)
        if isinstance(data, dict) and data.keys() == _FIELDS:  # as to_json wrote it: the fields as they are
            new = object.__new__(cls)
            new.__dict__.update(data)
            return new
        return cls.from_dict(data, fresh=True)

    def copy(self) -> CallState:
        """An independent copy (the engine never changes the state it is given). Copies each field by
        what it holds: far cheaper than asdict's generic walk, which dominated bulk simulation."""
        new = object.__new__(CallState)  # every field at once; the mutable ones are replaced below
        new.__dict__.update(self.__dict__)
        new.slots = copy.deepcopy(self.slots) if self.slots else {}
        new.vars = copy.deepcopy(self.vars) if self.vars else {}
        new.sensitive, new.path, new.candidates = list(self.sensitive), list(self.path), list(self.candidates)
        new.said = [dict(entry) for entry in self.said]  # flat records of text and numbers
        new.pending = None if self.pending is None else copy.deepcopy(self.pending)
        new.transfer = None if self.transfer is None else copy.deepcopy(self.transfer)
        return new


_ORDER = tuple(f.name for f in fields(CallState))
_FIELDS = frozenset(_ORDER)
# one encoder for every state: json.dumps with any option set builds a new encoder on each call
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
