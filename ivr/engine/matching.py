"""Deciding which option a caller's words mean.

Both the utterance and each phrase are normalised the same way (:func:`ivr.flow.text.tokens`:
case, accents, punctuation, number words to digits), then matched on word boundaries:
a phrase found as consecutive words scores its length, one found in order with a word or two in
between ("lost *my* card") scores a little less, and a spoken key ("two", "press 2", "option 2")
scores below any real phrase. The best score wins; a tie between options is ambiguous, and the
engine re-asks with only those options.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ivr.flow.machine import Choice, HumanEscape
from ivr.flow.text import contains, normalize, tokens

GAP = 2  # words allowed between a phrase's words


@dataclass(frozen=True)
class Match:
    human: bool = False
    choices: tuple[int, ...] = ()  # one index: a match; several: ambiguous; none: no match

    @property
    def ambiguous(self) -> bool:
        return len(self.choices) > 1


def phrase_score(said: tuple[str, ...], phrase: tuple[str, ...]) -> float:
    if not phrase:
        return 0.0
    if contains(said, phrase):
        return float(len(phrase))
    if len(phrase) > 1 and _in_order(said, phrase):
        return len(phrase) - 0.5
    return 0.0


def _in_order(said: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    for start, word in enumerate(said):
        if word != phrase[0]:
            continue
        i, gaps = 1, 0
        for w in said[start + 1 :]:
            if i == len(phrase):
                break
            if w == phrase[i]:
                i += 1
            else:
                gaps += 1
                if gaps > GAP:
                    break
        if i == len(phrase):
            return True
    return False


KEY_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(["press", "push", "option", "number", "key", "choose", "select", "pick", "the", "um", "uh", "please"]),
    "es": frozenset(["oprima", "pulse", "presione", "marque", "opcion", "numero", "tecla", "la", "el", "por", "favor"]),
    "fr": frozenset(["appuyez", "tapez", "option", "numero", "touche", "le", "la", "s'il", "vous", "plait"]),
    "de": frozenset(["drucken", "drucke", "drücken", "drücke", "sie", "option", "nummer", "taste", "die", "bitte"]),
    "fa": frozenset(["شماره", "گزینه", "کلید", "دکمه", "را", "رو", "بزنید", "لطفا"]),
    "ar": frozenset(["اضغط", "رقم", "خيار", "الرقم", "من", "فضلك"]),
    "ko": frozenset(["번", "버튼", "눌러", "주세요"]),
}


_FILLERS = {lang: frozenset(t for w in ws for t in normalize(w).split()) for lang, ws in KEY_WORDS.items()}


def _spoken_key(said: tuple[str, ...], language: str) -> str | None:
    """The key a caller said ("two", "press 2", "option number two"), or None if they said more."""
    fillers = _FILLERS.get(language, frozenset()) | _FILLERS["en"]
    rest = [w for w in said if w not in fillers]
    return rest[0] if len(rest) == 1 and rest[0].isdigit() else None


def match(
    text: str,
    language: str,
    choices: Sequence[Choice],
    human: HumanEscape,
    allowed: Sequence[int] | None = None,
) -> Match:
    said = tokens(text, language)
    if not said:
        return Match()
    if any(contains(said, p) for p in human.words.get(language, ())):
        return Match(human=True)
    scores: dict[int, float] = {}
    for i, choice in enumerate(choices):
        if allowed is not None and i not in allowed:
            continue
        best = 0.0
        for phrase in choice.words.get(language, ()):
            best = max(best, phrase_score(said, phrase))
        if best == 0.0 and _spoken_key(said, language) in choice.dtmf:
            best = 0.5
        if best:
            scores[i] = best
    if not scores:
        return Match()
    top = max(scores.values())
    return Match(choices=tuple(i for i, s in scores.items() if s == top))
