"""The menu matcher's old interface, kept for callers of ``match``: it now asks the understanding.

:func:`match` answers what :func:`ivr.engine.understanding.understand` decides, in the old shape: a
person, one option, several close options (ambiguous), or none. New code should call ``understand``,
which also gives every option's score and the confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ivr.engine.understanding import understand
from ivr.flow.machine import Choice, HumanEscape


@dataclass(frozen=True)
class Match:
    human: bool = False
    choices: tuple[int, ...] = ()  # one index: a match; several: ambiguous; none: no match
    confidence: float = 0.0

    @property
    def ambiguous(self) -> bool:
        return len(self.choices) > 1


def match(
    text: str,
    language: str,
    choices: Sequence[Choice],
    human: HumanEscape,
    allowed: Sequence[int] | None = None,
) -> Match:
    result = understand(text, language, choices, human, allowed)
    if result.kind == "human":
        return Match(human=True, confidence=result.confidence)
    if result.kind in ("option", "ambiguous"):
        return Match(choices=result.candidates, confidence=result.confidence)
    return Match(confidence=result.confidence)
