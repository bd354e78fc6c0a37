"""Understanding what a caller said: which option of a menu, a person, or nothing the menu offers.

One component for every channel: the simulator's typed text, the designer, the microphone and
Twilio's SpeechResult all reach it through the engine's handling of ``SpeechRecognized``.

How (chosen by measurement against a sentence-embedding model; docs/speech.md, "Understanding what
callers say"):

1. The sentence and every phrase of the menu become weighted terms (:func:`ivr.flow.terms.analyse`):
   normalised words, Snowball stems, and the concept groups of :mod:`ivr.flow.lexicon`, so "how much do
   I have left" and a designer's "balance" meet at ``=balance``; fillers ("uh", "I'd like to") barely count.
2. Each option (and the human escape) is scored by how much of the sentence its phrases explain and how
   much of its best phrase the sentence covers: ``score = sqrt(explained * covered)``, in [0, 1].
   Words the menu doesn't know ("mortgage") explain nothing, so a request the menu doesn't offer
   scores low and is re-asked rather than sent somewhere.
3. An explicit request for a person ("put me through to someone", "quiero hablar con una persona",
   "상담원 연결해 주세요") wins over every option; a spoken key ("press zero", "option two") is a key.
4. Below :data:`NO_MATCH` nothing matched; two options within :data:`MARGIN` of each other are
   ambiguous. The engine confirms a match whose confidence (this score, and the recognizer's) is
   below the flow's ``confirm_below``.

Pure: no I/O, no clock; the word lists are data in the package.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import jellyfish

from ivr.flow import terms as t
from ivr.flow.lexicon import (
    CONCEPTS,
    FILLERS,
    FRAMES,
    GENERIC,
    RELATED,
    ROUND17A_ACTIONS,
    ROUND17A_AT,
    ROUND17A_CHARGED_AT,
    ROUND17A_HELD,
    ROUND17A_NO_OBJECT,
    ROUND17A_OTHER_PLACES,
    ROUND17A_OTHER_THINGS,
    ROUND17A_PLACE_ASKED,
    ROUND17B_ACTIONS,
    ROUND17B_DESKS,
    ROUND17B_ENDED,
    ROUND17B_STAFF,
    SCENE,
    SERVICES,
    STEERING,
)
from ivr.flow.machine import CONFIRM_BELOW, Choice, HumanEscape
from ivr.flow.text import normalize, tokens

NO_MATCH = 0.5
"""Scores below this are no match: the caller is asked again."""
MARGIN = 0.1
"""Two options scoring closer than this are ambiguous: the caller is asked which."""
BEYOND = 0.7
"""What an option leads to counts for it this much ("pay a bill" at an "anything else?" menu is its main menu): below the
default ``confirm_below``, so the caller is asked "Did you want the main menu?" rather than re-asked or sent there on one
word ("a joke" is a complaint's word), and an option's own phrases win over it."""

__all__ = ["CONFIRM_BELOW", "MARGIN", "NO_MATCH", "Understanding", "asks_for_person", "combined", "spoken_key", "understand"]

Kind = Literal["option", "human", "ambiguous", "none"]


@dataclass(frozen=True)
class Understanding:
    """What a sentence means at a menu, and how sure that is.

    ``kind`` is ``option`` (``choice`` is its index), ``human`` (a request for a person), ``ambiguous``
    (``candidates`` are the close options, best first) or ``none``. ``confidence`` is the winner's score
    in [0, 1] (1.0 for a spoken key or an explicit request for a person); ``scores`` has every option's
    score in the menu's order, and ``human_score`` the human escape's.
    """

    kind: Kind = "none"
    confidence: float = 0.0
    choice: int | None = None
    candidates: tuple[int, ...] = ()
    scores: tuple[float, ...] = ()
    human_score: float = 0.0
    by_key: bool = False


KEY_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(["press", "push", "option", "number", "key", "choose", "select", "pick", "dial", "hit"]),
    "es": frozenset(["oprima", "pulse", "presione", "marque", "opcion", "numero", "tecla"]),
    "fr": frozenset(["appuyez", "tapez", "option", "numero", "touche", "le", "la", "s'il", "vous", "plait"]),
    "de": frozenset(["drucken", "drucke", "drücken", "drücke", "sie", "option", "nummer", "taste", "die", "bitte"]),
    "fa": frozenset(["شماره", "گزینه", "کلید", "دکمه", "را", "رو", "بزنید", "لطفا"]),
    "ar": frozenset(["اضغط", "رقم", "خيار", "الرقم", "من", "فضلك"]),
    "ko": frozenset(["번", "버튼", "눌러", "주세요"]),
}
_KEY_FILLERS = {lang: frozenset(w for phrase in KEY_WORDS.get(lang, ()) for w in normalize(phrase).split())
                | frozenset(w for phrase in FILLERS.get(lang, ()) if len(words := normalize(phrase).split()) == 1 for w in words)
                for lang in {*KEY_WORDS, *FILLERS}}
"""Words that may stand beside a spoken key: every word of the key's carriers ("press", "option number") and the one-word fillers."""
_KEY_FILLER_PHRASES = {lang: sorted({tuple(words) for phrase in FILLERS.get(lang, ()) if len(words := normalize(phrase).split()) > 1},
                                    key=len, reverse=True)
                       for lang in FILLERS}
"""Fillers of more than one word, which stand beside a key only whole ("*good morning* two please"): their words alone may say
something ("have a *good* one" is no key 1)."""


@functools.cache
def _filler_phrases_by_first_word(language: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``language``'s multi-word fillers and English's, by their first word, longest first: a turn's words are looked up, not
    every phrase tried at every word (spoken_key runs on every turn)."""
    return _by_first_word(tuple({*_KEY_FILLER_PHRASES.get(language, ()), *_KEY_FILLER_PHRASES["en"]}))


@functools.cache
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``phrases`` by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(found) for first, found in index.items()}


def _without_phrases(words: Sequence[str], by_first: Mapping[str, Sequence[tuple[str, ...]]]) -> list[str]:
    """``words`` without the phrases of ``by_first`` (phrases by their first word, longest first) where they stand whole."""
    out: list[str] = []
    k = 0
    while k < len(words):
        found = next((p for p in by_first.get(words[k], ()) if tuple(words[k:k + len(p)]) == p), None)
        if found:
            k += len(found)
        else:
            out.append(words[k])
            k += 1
    return out


def _without_filler_phrases(said: Sequence[str], language: str) -> list[str]:
    """``said`` with the multi-word fillers of ``language`` (and English's) taken out where they stand whole."""
    return _without_phrases(said, _filler_phrases_by_first_word(language))


POINTING: dict[str, frozenset[str]] = {"en": frozenset({"the", "this", "that"})}
"""Words that make a number after them a pronoun ("*the* calling one", "*that* one"): the caller points at an option, not at a key."""
COUNTED: dict[str, frozenset[str]] = {"en": frozenset({"more", "thing", "things", "of", "last"})}
"""Words that make a number before them a count ("*one more* thing", "*one of* those", "one last thing"): the caller counts requests,
not a key."""


KEY_NAMES: dict[str, dict[str, str]] = {"en": {"star": "*", "asterisk": "*", "pound": "#", "hash": "#"}}
"""The keys that are not digits, as a caller says them after a prompt's "press star"."""


def spoken_key(said: Sequence[str], language: str) -> str | None:
    """The key a caller said ("zero", "press 2", "option number two, please", "zero zero zero"), or None if they said more, or
    said "one" as a pronoun ("the calling one", "the spanish one") with no word for a key."""
    base = language.split("-")[0]
    fillers = _KEY_FILLERS.get(base, frozenset()) | _KEY_FILLERS["en"]
    rest = {w for w in _without_filler_phrases(said, base) if w not in fillers}
    if len(rest) == 1 and (named := KEY_NAMES.get(base, {}).get(next(iter(rest)))) is not None:
        return named  # "star", "press star": the prompt's "press star"
    if len(rest) != 1 or not (key := next(iter(rest))).isdigit():
        return None
    first = said.index(key)
    if POINTING.get(base, frozenset()) & set(said[:first]) and not KEY_WORDS.get(base, frozenset()) & set(said):
        return None
    if first + 1 < len(said) and said[first + 1] in COUNTED.get(base, frozenset()):
        return None
    return key


def understand(
    text: str,
    language: str,
    choices: Sequence[Choice],
    human: HumanEscape,
    allowed: Iterable[int] | None = None,
) -> Understanding:
    """What ``text`` means at a menu of ``choices`` (only those in ``allowed``, if given)."""
    words = tokens(text, language)
    if not words:
        return Understanding(scores=tuple(0.0 for _ in choices))
    allowed = set(range(len(choices)) if allowed is None else allowed)
    key = spoken_key(words, language)
    if key is not None:
        if key == human.dtmf:
            return Understanding("human", 1.0, scores=tuple(0.0 for _ in choices), human_score=1.0, by_key=True)
        for i, choice in enumerate(choices):
            if i in allowed and key in choice.dtmf:
                return Understanding("option", 1.0, i, (i,), tuple(1.0 if j == i else 0.0 for j in range(len(choices))), by_key=True)
    option_phrases = [phrases_of(c, language) for c in choices]
    label_names: list[frozenset[str]] = [frozenset() for _ in choices]
    if language.split("-")[0] not in t.SEGMENTED:
        menu = _names(choices, language)
        if (named := _named(words, language, menu)) is not None:
            text = " ".join(named)  # "dagoba", "dago bah": the menu's own name, as a recognizer or a hurried typist split or slipped it
        own_names = [_qualifiers_dropped(_label_names(c, language, menu[1], choices), c, language) for c in choices]  # round 16a
        label_names = [frozenset(t.stem(n, language) for n in names) for names in own_names]
        option_phrases = [(*ps, *(t.phrase_terms(n, language) for n in sorted(names)))
                          for names, ps in zip(own_names, option_phrases, strict=True)]
    human_phrases = human_terms(human, language)
    known: set[str] = set()
    if language.split("-")[0] in t.SEGMENTED:
        known = set().union(*map(_terms, (*option_phrases, human_phrases)))
    text = _action_named(text, language, choices, allowed, option_phrases)  # round 17b: "terminate my account" where the menu says "cancel"
    acted = tokens(text, language)
    analysed = t.analyse(text, language, known)
    said = _bag(_conceded(analysed, language))  # "thanks for that *but* i also need ...": what follows is meant
    blank = tuple(0.0 for _ in choices)
    if not said:
        return Understanding(scores=blank)
    said = _the_line_named(said, words, language)  # round 16a: "someone from the office": the office is the line, no option
    said = _person_across_clauses(said, words, language)  # round 16a: "a bill from you and i don't understand it"
    said = _a_doer(_who_calls(_a_thing_not_helping(said, words, language), words, language), words, language)  # round 16a
    said = _somebody_elsewhere(said, words, language)  # round 16a: "verify employment for a former employee", "page someone at the airport"
    said = _somebody_in_a_story(said, words, language)  # round 16a: "the crew hit a line", "i'm meeting someone off the 4 pm"
    option_terms = [_terms(phrases) for phrases in option_phrases]
    offered = set().union(*(option_terms[i] for i in allowed))  # what leads on is no reason to weigh a word more here
    said = _staff_named(said, words, language, choices, allowed, offered)  # round 17b
    if _explicit(said, human_phrases):
        return Understanding("human", 1.0, scores=blank, human_score=1.0)
    beyond = [c.beyond.get(language, ()) for c in choices]
    said = _in_the_language_asked_for(said, language, offered)
    said = _visit_booked(said, words, language, offered)  # round 16a: "i need to come in" where visits are booked is no question of hours
    said = _own_thing_shut(said, words, language)  # round 16a: "my car door won't open" is no question of hours
    said = _said_alone(said, words, language, offered)  # "perfect", "thanks", "sorry?" alone close the call or ask again
    said = _back_alone(said, words, language, offered)  # "return", "restart", "main" alone go back where a menu offers it
    if _where_one_is(words, language) and WAY in offered and WAY not in said:  # "where am i", "no idea where my ship is"
        said = {**said, WAY: t.CONTENT}
    asks = [term for term in (t.CONNECT, t.TALK) if term in said]
    if asks:  # "put me through" alone or to somebody is a person; "put me through to billing" is billing
        if not {term for term in _objects(said) if not term.startswith("=") or term in offered or term[1:] in SERVICES}:
            return Understanding("human", 1.0, scores=blank, human_score=1.0)
        said = {**said, **dict.fromkeys(asks, t.GENERIC_WEIGHT)}
    # beside an option's words, a word for somebody is who does it ("have a technician call me", "the teller was rude")
    for_options = _at_menu({**said, t.PERSON: t.GENERIC_WEIGHT} if t.PERSON in said else said, offered)
    asking = _a_question(words, language)
    heard = [_as_option_hears(for_options, option_phrases[i], option_terms[i], label_names[i], asking, offered) for i in range(len(choices))]
    more = (_one_more(words, language) and (asking or bool(t.WANTS & set(words)))) or _more_told(words, language)  # "I need to pay a bill *too*"
    scores = tuple(max(score(heard[i], option_phrases[i]), BEYOND * score(heard[i], beyond[i]),
                       _named_and_beyond(heard[i], option_phrases[i], option_terms[i], beyond[i], more)) if i in allowed else 0.0
                   for i in range(len(choices)))
    if (other := _the_other(said, option_terms, allowed)) is not None:
        scores = tuple(max(s, BEYOND) if i == other else s for i, s in enumerate(scores))
    if (pointed := _position(words, language, choices, allowed, scores)) is not None:  # "the second one", "the one after brodo"
        at, beside = pointed
        scores = tuple(max(s, POSITION) if i == at else min(s, POSITION - 2 * MARGIN) if i == beside else s for i, s in enumerate(scores))
    # beside a service no option offers, a word for somebody is who would do it ("can someone notarize this"): asked again
    unoffered = any(term[1:] in SERVICES and term not in offered for term in said)
    person = score({**said, t.PERSON: t.GENERIC_WEIGHT} if unoffered and t.PERSON in said else said, (*human_phrases, ((t.PERSON, t.CONTENT),)))
    ranked = sorted(((s, i) for i, s in enumerate(scores) if i in allowed), key=lambda pair: (-pair[0], pair[1]))
    best, best_i = ranked[0] if ranked else (0.0, -1)
    if max(best, person) < NO_MATCH and t.TALK not in said:
        closest = (best_i,) if best > 0 and best >= person else ()
        return Understanding(confidence=max(best, person), candidates=closest, scores=scores, human_score=person)
    if person >= best + MARGIN or (person > best and best < NO_MATCH):  # a word for somebody beside an option's words ("the teller was rude") is that option
        confidence = person if person - best >= MARGIN else (person + best) / 2
        return Understanding("human", confidence, scores=scores, human_score=person)
    if t.TALK in said and (best < CONFIRM_BELOW or person >= best or not _at_a_place(words, language)):
        # "talk to someone about my bill", "talk to someone at the city", "someone in the bank": a person; "talk to someone on Dagobah": Dagobah
        return Understanding("human", 1.0, scores=scores, human_score=1.0)
    close = tuple(i for s, i in ranked if s >= NO_MATCH and best - s < MARGIN)
    every_phrase = [(*option_phrases[i], *beyond[i]) for i in range(len(choices))]
    if len(close) == 1 and len(ranked) > 1 and ranked[1][0] >= NO_MATCH and _undistinguished(heard[best_i], every_phrase[best_i], every_phrase[ranked[1][1]]):
        close = (best_i, ranked[1][1])  # "I'm out of my inhaler": medicine is a refill's word and a pharmacist's alike, so ask which
    if len(close) > 1:
        return Understanding("ambiguous", best, best_i, close, scores, person)
    if NO_MATCH <= best < CONFIRM_BELOW and person < NO_MATCH and not unoffered:  # unsure: is the rest of the turn its scene or story?
        own, others = option_terms[best_i], set().union(*(option_terms[j] for j in allowed if j != best_i))
        if not t.NEGATORS & set(words):
            best = max(best, _with_its_scene(heard[best_i], option_phrases[best_i], own, others))
        if best < CONFIRM_BELOW:
            best = max(best, _told_twice(heard[best_i], analysed, option_phrases[best_i], own, others),
                       _asked_last(heard[best_i], analysed, option_phrases[best_i], own, others),
                       _told_around(heard[best_i], analysed, words, language, option_phrases[best_i], own, others))
    confidence = best if best - person >= MARGIN else (person + best) / 2
    if confidence >= CONFIRM_BELOW and _associated_only(heard[best_i], choices[best_i], option_terms[best_i], acted, language):
        confidence = ASSOCIATION_CAP  # round 16a: chosen only through another business's association: confirmed, not routed
    if confidence >= CONFIRM_BELOW and _another_business(words, language, offered, heard[best_i]) is not None:
        confidence = ASSOCIATION_CAP  # round 17a: "my gas bill", "is the pharmacy open": another business's thing, confirmed
    if confidence >= CONFIRM_BELOW and _deed_on_another_thing(heard[best_i], option_terms[best_i], offered, words, language):
        confidence = ASSOCIATION_CAP  # round 17a: "freeze my credit card" at a gym: the deed is the option's, the thing no option's
    return Understanding("option", confidence, best_i, (best_i,), scores, person)


ORDINALS: dict[str, dict[str, int]] = {"en": {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}}
"""Where a caller points in the prompt's list ("the *second* one", "the *last* option")."""
ITEM: dict[str, tuple[str, ...]] = {"en": ("1", "option", "choice", "ones")}
"""What a caller calls an item of the list they point at ("the second *one*", "the last *option*")."""
NEXT_TO: dict[str, dict[str, int]] = {"en": {"after": 1, "before": -1}}
"""A caller pointing beside an option the prompt named ("the one *after* brodo")."""
DATED: dict[str, frozenset[str]] = {"en": frozenset({"on", "by", "until", "till", "since", "from", "before", "after"})}
"""Words that make "the first" a date ("moving to a new apartment *on the first*", "*by the* first"), not a place in the prompt's list."""
POSITION = 0.8
"""How sure an option pointed at by its place in the prompt is: sure, unless the caller's words name another, then both are offered."""


def _position(words: Sequence[str], language: str, choices: Sequence[Choice], allowed: set[int], scores: Sequence[float]) -> tuple[int, int] | None:
    """The option a caller points at by its place in the prompt's list ("the second one", "the third option", "the first one english"),
    or beside one named ("the one after brodo"), and the option named beside it (-1 if none), which is only where the caller points
    from. Only options with a key are in the list, in the prompt's order; None if nothing is pointed at."""
    base = language.split("-")[0]
    listed = [i for i, c in enumerate(choices) if c.dtmf and i in allowed] or sorted(allowed)
    if not listed:
        return None
    pointing = POINTING.get(base, frozenset())
    ordinals, beside = ORDINALS.get(base, {}), NEXT_TO.get(base, {})
    for k in range(1, len(words)):
        if words[k - 1] not in pointing:
            continue
        if words[k] in ordinals and k > 1 and words[k - 2] in DATED.get(base, frozenset()):
            continue
        if words[k] in ordinals and (k + 1 == len(words) or words[k + 1] in ITEM.get(base, ())):
            n = ordinals[words[k]]
            return (listed[n], -1) if -len(listed) <= n < len(listed) else None
        if words[k] == "1" and k + 1 < len(words) and words[k + 1] in beside:
            named = max(listed, key=lambda i: scores[i])
            if scores[named] < NO_MATCH:
                return None
            n = listed.index(named) + beside[words[k + 1]]
            return (listed[n], named) if 0 <= n < len(listed) else None
    return None


def _only_its_groups(said: Mapping[str, float], own: set[str], others: set[str]) -> bool:
    """Whether every group the sentence names is one of the option's (``own``) and one of them is no other option's."""
    groups = {term for term, w in said.items() if term.startswith("=") and w >= t.CONTENT}
    return bool(groups) and groups <= own and bool(groups - others)


def _as_story(said: Mapping[str, float], kept: set[str], phrases: Sequence[Phrase]) -> float:
    """The score of ``phrases`` when every term but those ``kept`` (the option's, the request's) is the story told around them and
    counts as a filler."""
    return score({term: w if term in kept else min(w, t.FILLER_WEIGHT) for term, w in said.items()}, phrases)


def _with_its_scene(said: Mapping[str, float], phrases: Sequence[Phrase], own: set[str], others: set[str]) -> float:
    """An option's score (its ``phrases`` and terms, ``own``; ``others``: the other options' terms) when its request is the whole of
    what the caller asked: every group the sentence names is one of the option's, one of them is no other option's, and besides them
    the caller said one word no list holds, as the scene of a sentence (half weight: "I *forgot* which day recycling goes out", "a
    huge crack *opened* up in the road", "my son *borrowed* my card").
    That word is then the scene of the request, a generic word. A thing named (a capitalised name, two unknown words together, a
    word standing alone beside the request), two words no list holds ("my internet and *tv* are *both* down" may be an outage) or
    a negation in the sentence (checked by the caller) keep the score as it was; 0.0 where this does not hold."""
    if not _only_its_groups(said, own, others):
        return 0.0
    rest = {term: w for term, w in said.items() if term not in own and w > t.GENERIC_WEIGHT}
    if len(rest) != 1 or any(w >= t.CONTENT or term.startswith(("=", t.REFUSED)) for term, w in rest.items()):
        return 0.0
    return score({term: min(w, t.GENERIC_WEIGHT) if term in rest else w for term, w in said.items()}, phrases)


APART = 3
"""Terms between the first and the last mention of an option's words for them to be two mentions, not one ("devices can get online")."""


def _told_twice(said: Mapping[str, float], analysed: Sequence[t.Term], phrases: Sequence[Phrase], own: set[str], others: set[str]) -> float:
    """An option's score when a long turn comes back to it: the caller names the option's words twice, apart ("*what time* do you
    guys *close* on saturday night because i can't make it over there until after dinner"), one of them no other option's,
    and the rest of the turn names nothing: no group or thing of its own (content weight) and no word another option holds. The rest is
    then the story around the request and counts as fillers: its many generic words no longer outweigh the one request. An
    out-of-scope request told as a story names what it wants ("open a *mortgage*", "a copy of my *birth certificate*") and keeps
    its score; 0.0 where this does not hold."""
    hits = [k for k, (term, w) in enumerate(analysed) if w >= t.CONTENT and term in own]
    if not hits or hits[-1] - hits[0] < APART or not {analysed[k][0] for k in hits} - others:
        return 0.0
    if any((w >= t.CONTENT or (w >= t.GENERIC_WEIGHT and term in others)) and term not in own for term, w in said.items()):
        return 0.0
    return _as_story(said, own, phrases)


TOLD: dict[str, int] = {"en": 8}
"""How many words make a turn a situation told, per language ("the little light on the box has been blinking since this morning")."""


def _told_around(said: Mapping[str, float], analysed: Sequence[t.Term], words: Sequence[str], language: str, phrases: Sequence[Phrase],
                 own: set[str], others: set[str]) -> float:
    """An option's score when a caller tells their situation around its thing without asking for anything ("my phone hasn't had
    any *reception* since i woke up and my wife's is the same", "nobody on our street can *make calls* since about ten o'clock"): a
    turn of :data:`TOLD` words or more whose groups are all the option's, one of them no other option's, and whose other words are
    all everyday ones (no word no list holds, no thing named, no group the menu doesn't offer), none of them another option's, even
    negated or as a scene ("it's not my *internet* it's my bill"), and nothing refused. Those everyday words are then the story and
    count as fillers. A told situation that isn't the option's names something of its own (the *fridge*, the *ceiling*, the *gift*
    card) and keeps its score. A turn with a request verb ("... and i want to see if the money went in or not") is asked, not told:
    :func:`_asked_last` reads it. 0.0 where this does not hold, and in a language :data:`TOLD` doesn't list (measured in English only)."""
    if language not in TOLD or len(words) < TOLD[language] or _request_start(analysed) > 0:
        return 0.0
    if not _only_its_groups(said, own, others):
        return 0.0
    if any(term.startswith(t.REFUSED) or (w > t.GENERIC_WEIGHT and term not in own) or (w >= t.GENERIC_WEIGHT and term in others - own)
           for term, w in said.items()):
        return 0.0
    return _as_story(said, own, phrases)


REQUESTS: frozenset[str] = frozenset({"want", "wanna", "need", "like", "hope", "wonder"})
"""The verbs a caller's request starts with ("so my mom sent me money last night and *i want* to see if it showed up")."""
ASKING: tuple[frozenset[str], frozenset[str]] = (frozenset({"can", "could", "would"}), frozenset({"you", "i", "we"}))
"""A request asked as a question ("*can you* tell me ...", "*could i* ...")."""
REASONS = frozenset({"becaus", "caus", "cuz", "sinc"})
PURPOSE = frozenset({"i", "we", "he", "she", "they", "that"})
UNSAID = frozenset({"dont", "not", "didnt", "wont", "cant", "never", "doesnt"})


WHERE: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "en": ("where", frozenset({"am", "i", "im", "my", "we", "our"}), frozenset({"is", "are", "was", "were", "did", "do"})),
}
"""A caller asking where they or their things are ("*where am* i", "*where did i* leave my spacecraft", "no idea *where my* ship is",
"*where is my* ship"): the caller's own word right after "where", or after its verb. "Where is the nearest gas station" asks about
another place, which the menu's directions are not."""
WAY = "=directions"


def _where_one_is(words: Sequence[str], language: str) -> bool:
    """Whether a caller asks where they or their things are: at a menu that gives directions, that is asking the way."""
    where, whose, verbs = WHERE.get(language.split("-")[0], ("", frozenset(), frozenset()))
    for k in range(1, len(words) - 1):  # round 14b: "no clue *where* that is", "can't tell *where* they're landing"
        if words[k] == where and any(tuple(words[max(0, k - len(u)):k]) == u for u in UNKNOWING.get(language.split("-")[0], ())):
            return True
    for k in range(len(words) - 1):
        if words[k] == where and (words[k + 1] in whose or words[k + 1] in verbs and k + 2 < len(words) and words[k + 2] in whose):
            known = k > 0 and words[k - 1] in t.KNOWING and not t.NEGATORS & set(words[max(0, k - 3):k - 1])
            if not known:  # "i *know where* my ship is" asks nothing; "i *don't know where* i'm going" does
                return True
    return False


BUT: dict[str, frozenset[str]] = {"en": frozenset({"but"})}
"""The word after which a caller says what they mean, having conceded what came before."""


def _conceded(analysed: Sequence[t.Term], language: str) -> Sequence[t.Term]:
    """The turn with what a caller concedes before a "but" ("that answered my first question *but* i have a second one", "i speak
    a little spanish *but* english is much easier") counted as generic words, when what follows it names a group: the caller means
    what comes after. ``analysed`` itself where there is no such "but"."""
    turn = BUT.get(language.split("-")[0], frozenset())
    at = max((k for k, (term, _) in enumerate(analysed) if term in turn), default=-1)
    if at < 0 or not any(term.startswith("=") and w >= t.CONTENT for term, w in analysed[at + 1:]):
        return analysed
    return [(term, min(w, t.GENERIC_WEIGHT)) if k < at else (term, w) for k, (term, w) in enumerate(analysed)]


def _request_start(analysed: Sequence[t.Term]) -> int:
    """Where the last request of a turn starts, after its story: the term after its verb; 0 if there is none."""
    terms = [term for term, _ in analysed]
    for k in range(len(terms) - 1, 0, -1):
        if terms[k] in REQUESTS and terms[k - 1] not in UNSAID:
            return k + 1
        if terms[k - 1] in ASKING[0] and terms[k] in ASKING[1]:
            return k + 1
        if (terms[k - 1], terms[k]) in UNSURE:  # round 14b: "... and i'm *not sure* you'll still be there"
            return k + 1
    return 0


def _asked_last(said: Mapping[str, float], analysed: Sequence[t.Term], phrases: Sequence[Phrase], own: set[str], others: set[str]) -> float:
    """An option's score when a turn ends on its request, after a story: the words after the last request verb ("so my doctor
    called in a new prescription yesterday and *i'm wondering* if i can get it refilled today", "... *can you* tell me which way to
    go") name one of the option's own groups, no other option's, and nothing else (no word no list holds, no negation). What came
    before is the story and counts as fillers, whatever it names. A request that names what no option offers ("and i want to open
    a *mortgage*", "i want to *print* some *photos*") keeps its score; 0.0 where this does not hold."""
    start = _request_start(analysed)
    if start <= 0:
        return 0.0
    end = next((k for k in range(start, len(analysed)) if analysed[k][0] in REASONS
                or (analysed[k][0] == "so" and k + 1 < len(analysed) and analysed[k + 1][0] in PURPOSE)), len(analysed))
    request = analysed[start:end]
    if not any(w >= t.CONTENT and term in own and term not in others for term, w in request):
        return 0.0
    if any((w >= t.UNKNOWN_WEIGHT or term in t.NEGATORS) and term not in own for term, w in request):
        return 0.0
    return _as_story(said, own | {term for term, _ in request}, phrases)


QUESTION_FORMS: dict[str, frozenset[tuple[str, str]]] = {
    "en": frozenset({("can", "i"), ("could", "i"), ("should", "i"), ("is", "it"), ("is", "this"), ("is", "that"), ("is", "there"), ("are", "these"),
                     ("are", "there"), ("what", "happens"), ("what", "if"), ("how", "many"), ("how", "often"), ("how", "long"), ("do", "i"),
                     ("does", "it"), ("will", "it"), ("what", "do"), ("is", "ok"), ("is", "okay"), ("is", "normal"), ("im", "wondering")}),
}
"""How a caller asks a question ("*can i* take this with food", "*is it* normal", "*what happens* if"), anywhere in the sentence."""
QUESTION = "question"


COUNSEL: dict[str, frozenset[str]] = {"en": frozenset({"advice", "advise", "recommend", "recommendation", "consult", "opinion"})}
"""Words asking for what someone knows ("I need some *advice* about a drug"): a question, however it is worded."""


def _a_question(words: Sequence[str], language: str) -> bool:
    base = language.split("-")[0]
    forms = QUESTION_FORMS.get(base, frozenset())
    return any(pair in forms for pair in zip(words, words[1:], strict=False)) or bool(COUNSEL.get(base, frozenset()) & set(words))


def _as_option_hears(said: Mapping[str, float], phrases: Sequence[Phrase], own: set[str], names: frozenset[str], asking: bool,
                     offered: set[str]) -> Mapping[str, float]:
    """The sentence as option ``i`` hears it, where the caller took it up in the option's own terms:
    - named by its label ("call *the asteroid*", "*broadway* asteroid"): the prompt named the option with that word, and the
      caller's other plain words are how they ask for it, generic words;
    - asked as a question about a topic the option takes questions on (its phrase "a question about my *medicine*"; "can i split
      these *tablets* in half"), naming nothing else the menu offers: the words no list holds are what the question is about, not
      another request, so they count as generic words and the question is one."""
    if names and names & said.keys():
        return {term: t.CONTENT if term in names else w if term.startswith("=") else min(w, t.GENERIC_WEIGHT) for term, w in said.items()}
    if not asking:
        return said
    topics = {term for p in phrases if any(term == QUESTION for term, _ in p) for term, w in p if term.startswith("=") and w >= t.CONTENT}
    groups = {term for term, w in said.items() if term.startswith("=") and w >= t.CONTENT}
    if not groups & topics or groups & offered - own:
        return said
    return {**{term: w if term.startswith("=") else min(w, t.GENERIC_WEIGHT) for term, w in said.items()}, QUESTION: t.GENERIC_WEIGHT}


ONE_MORE: dict[str, tuple[tuple[str, ...], ...]] = {"en": (("too",), ("also",), ("as", "well"))}
"""How a request ends when it is one more thing ("I need to pay a bill *too*", "... *as well*")."""
OTHER = "=other"
MENU = "=menu"


def _one_more(words: Sequence[str], language: str) -> bool:
    return any(tuple(words[-len(end):]) == end for end in ONE_MORE.get(language.split("-")[0], ()))


def _named_and_beyond(said: Mapping[str, float], phrases: Sequence[Phrase], own: set[str], beyond: Sequence[Phrase], more: bool = False) -> float:
    """An option asked for in its own words and for what it leads to at once ("yes I have *another* prescription", "*one more*
    refill" at an "anything else?" menu whose main menu offers refills): both are the caller's evidence, so the option is scored on
    its phrases and what it leads to together. What it leads to alone stays :data:`BEYOND` of its match; 0.0 unless both are said."""
    ahead = _terms(beyond) - own
    back = next((term for term in (OTHER, MENU) if term in own), None) if more else None
    named = back is not None or any(w >= t.CONTENT and term in own for term, w in said.items())
    if not named or not any(w >= t.CONTENT and term in ahead for term, w in said.items()):
        return 0.0
    return score({**said, back: t.CONTENT} if back is not None else said, (*phrases, *beyond))


def _the_other(said: Mapping[str, float], option_terms: Sequence[set[str]], allowed: set[int]) -> int | None:
    """At a menu of two options, a caller who refuses the one and names nothing else ("I don't want to stay on hold", "I don't
    want to hang up yet") wants the other: its index, offered for a yes (:data:`BEYOND`), or None."""
    refused = {"=" + term[len(t.REFUSED):] for term in said if term.startswith(t.REFUSED)}
    if not refused or len(allowed) != 2 or any(w >= t.CONTENT for w in said.values()):
        return None
    holding = [i for i in sorted(allowed) if refused & option_terms[i]]
    return next(i for i in sorted(allowed) if i not in holding) if len(holding) == 1 else None


LANGUAGE_GROUPS = {"=english": "en", "=spanish": "es", "=persian": "fa"}
"""The groups that name a language a menu may offer, and the language each names."""


@functools.cache
def _words_of(language: str, heard_in: str) -> frozenset[str]:
    """The words of ``language``'s lists that are not ``heard_in``'s, as ``heard_in`` stems them ("la", "opcion", "por favor")."""
    own = t.lexicon(heard_in).words - _only_naming_languages(heard_in)
    said = {w for phrases in (FILLERS.get(language, ()), GENERIC.get(language, ()), KEY_WORDS.get(language, ()), *CONCEPTS.get(language, {}).values())
            for p in phrases for w in tokens(p, language)}
    return frozenset(t.stem(w, heard_in) for w in said - own)


def _in_the_language_asked_for(said: Mapping[str, float], language: str, offered: set[str]) -> dict[str, float]:
    """A caller asking for a language the menu offers may ask in it ("la opcion en espanol"): its words are fillers."""
    asked = {LANGUAGE_GROUPS[term] for term in said if term in LANGUAGE_GROUPS and term in offered}
    foreign = frozenset().union(*(_words_of(lang, language) for lang in asked if lang != language.split("-")[0]))
    return {term: t.FILLER_WEIGHT if term in foreign and not term.startswith("=") else w for term, w in said.items()}


def combined(understood: float, recognized: float) -> float:
    """How sure the engine is of a decision: the understanding's score, lowered by an unsure recognizer
    (the square root keeps a recognizer's 0.8 from sinking a sure understanding below a confirmation)."""
    return understood * math.sqrt(max(0.0, min(1.0, recognized)))


Phrase = tuple[t.Term, ...]


def phrases_of(choice: Choice, language: str) -> tuple[Phrase, ...]:
    """An option's phrases as terms: compiled with the flow, analysed here only for hand-made choices."""
    compiled = choice.terms.get(language)
    if compiled is not None:
        return compiled
    return tuple(t.phrase_terms(p, language) for p in (*choice.phrases.get(language, ()), *choice.phrases.get("*", ())))


def human_terms(human: HumanEscape, language: str) -> tuple[Phrase, ...]:
    compiled = human.terms.get(language)
    if compiled is not None:
        return compiled
    return tuple(t.phrase_terms(p, language) for p in human.phrases.get(language, ()))


def _at_menu(said: Mapping[str, float], offered: set[str]) -> dict[str, float]:
    """The sentence as a menu hears it: a group the menu offers nothing for stands for a related one it does
    ("I'm done" is a goodbye), or else, if it only steers the call or sets the scene ("my *other* bank", "I'll
    wait"), counts as a generic word. Beside a group the menu offers, any other group counts as an unknown word does,
    half: it is the scene of the request ("call me on my *mobile*", "the *modem's* back on"). Services no option offers
    and words no list holds keep their weight.
    Beside a group that is about something ("a complaint about the branch"), the other groups are what it is about."""
    out: dict[str, float] = {}
    beside = any(term in offered and weight >= t.CONTENT and term.startswith("=") for term, weight in said.items())
    frame = next((term for term, weight in said.items() if term[1:] in FRAMES and term in offered and weight >= t.CONTENT), None)
    for term, weight in said.items():
        if frame is not None and term.startswith("=") and term not in (frame, t.HUMAN, t.PERSON) and term[1:] not in STEERING:
            weight = min(weight, t.GENERIC_WEIGHT)
        elif term.startswith("=") and term not in offered and term not in (t.HUMAN, t.PERSON):
            term = next((r for r in ("=" + c for c in RELATED.get(term[1:], ())) if r in offered), term)
            if term not in offered and term[1:] in STEERING | SCENE:
                weight = min(weight, t.GENERIC_WEIGHT)
            elif term not in offered and beside and term[1:] not in SERVICES:
                weight = min(weight, t.UNKNOWN_WEIGHT)
        out[term] = max(weight, out.get(term, 0.0))
    return out


MIN_NUMBER = 2
"""The shortest number in an option's label that names it ("Brodo Asteroid B *612*"); a single digit is a key."""
MIN_NAME = 5
"""The shortest word of an option that a caller's slip or a recognizer's split is corrected to."""
NAME_SOUNDS_LIKE = 0.85
"""Jaro-Winkler similarity a word that sounds like an option's name (the same Metaphone key) must have to be taken for it."""


@functools.lru_cache(maxsize=4096)
def _words(said: str, language: str) -> tuple[str, ...]:
    return tuple(t.numbers(tokens(said, language)))


def _names(choices: Sequence[Choice], language: str) -> tuple[set[str], set[str]]:
    """Every word of the options' phrases and labels, and those of them no word list holds: the names a menu brings
    ("Dagobah", "Oober", "asteroid")."""
    lex = t.lexicon(language)
    every: set[str] = set()
    labels: set[str] = set()
    for c in choices:
        label = c.label.by_lang.get(language) or c.label.by_lang.get("*")
        for said in (*c.phrases.get(language, ()), *c.phrases.get("*", ())):
            every.update(_words(said, language))
        if label:
            labels.update(_words(label, language))
    every |= labels
    return every, {w for w in every if (len(w) >= MIN_NAME and w.isascii() and w.isalpha() and w not in lex.words)
                   or (len(w) >= MIN_NUMBER and w.isdigit() and w in labels)}


def _label_names(choice: Choice, language: str, names: set[str], choices: Sequence[Choice]) -> set[str]:
    """The names in an option's label that no other option's phrases or label hold ("Brodo" and "asteroid" of "Brodo
    Asteroid B 612"): each alone is the option, as the prompt named it."""
    label = choice.label.by_lang.get(language) or choice.label.by_lang.get("*")
    if not label:
        return set()
    own = set(_words(label, language)) & names
    for other in choices:
        if other is not choice:
            said = (*other.phrases.get(language, ()), *other.phrases.get("*", ()), other.label.by_lang.get(language) or other.label.by_lang.get("*") or "")
            own -= {w for x in said for w in _words(x, language)}
    return own


def _near(word: str, name: str, *, slips: bool = True) -> bool:
    """Whether ``word`` is ``name`` heard as it sounds ("farsee") or, with ``slips``, slipped (a letter left out, added,
    changed or two swapped: "dagoba"), never at its first letter. A listed word is only heard as it sounds: "charger" is
    not a slip of "charges"."""
    if word[0] != name[0]:
        return False
    if slips and jellyfish.damerau_levenshtein_distance(word, name) <= 1:
        return True
    return jellyfish.metaphone(word) == jellyfish.metaphone(name) and jellyfish.jaro_winkler_similarity(word, name) >= NAME_SOUNDS_LIKE


def _named(words: Sequence[str], language: str, menu: tuple[set[str], set[str]]) -> list[str] | None:
    """``words`` with the menu's words put back where a caller slipped ("dagoba") or a recognizer split them ("dago bah",
    "da go ba") or wrote them as they sound ("farsee"); None if there was nothing to put back. Only words neither a list nor
    the menu holds are corrected ("bro doe", the menu's own spelling of a name, stays), and only to one of the menu's words."""
    every, unlisted = menu
    names = {w for w in every if len(w) >= MIN_NAME and w.isascii() and w.isalpha()}
    if not names:
        return None
    lex = t.lexicon(language)

    def unknown(w: str) -> bool:
        return w not in lex.words and w not in every and t.stem(w, language) not in lex.word_stems

    out: list[str] = []
    i, changed = 0, False
    while i < len(words):
        for k in (3, 2, 1):
            piece = list(words[i:i + k])
            joined = "".join(piece)
            if len(piece) < k or len(joined) < MIN_NAME or not joined.isascii() or not joined.isalpha() or not any(map(unknown, piece)):
                continue
            found = {n for n in names if _near(joined, n, slips=n in unlisted)}
            if len(found) == 1:
                out.append(found.pop())
                i, changed = i + k, True
                break
        else:
            out.append(words[i])
            i += 1
    return out if changed else None


def _terms(phrases: Iterable[Phrase]) -> set[str]:
    """Every term of ``phrases``: the words an option (or the person escape) is asked for with."""
    return {term for p in phrases for term, _ in p}


def _evidence(said: Mapping[str, float], phrases: Sequence[Phrase]) -> set[str]:
    """The words of a sentence, fillers aside, that an option's phrases hold: what the option is chosen on."""
    vocabulary = _terms(phrases)
    return {term for term, weight in said.items() if weight >= t.GENERIC_WEIGHT and term in vocabulary}


def _undistinguished(said: Mapping[str, float], best: Sequence[Phrase], runner_up: Sequence[Phrase]) -> bool:
    """Whether all that chose the best option is as much the runner-up's: its lead then comes from how its phrases are
    worded, not from what the caller said, and a confident route would be a guess."""
    chosen = _evidence(said, best)
    return any(said[term] > t.GENERIC_WEIGHT for term in chosen) and chosen <= _evidence(said, runner_up)


ALONE: dict[str, dict[str, frozenset[str]]] = {
    "en": {
        "=goodbye": frozenset({"thanks", "thank", "you", "perfect", "great", "awesome", "cool", "excellent", "wonderful", "lovely", "brilliant",
                               "fantastic", "terrific", "sweet", "noted", "helpful", "appreciated", "so", "much", "very", "ok", "okay",
                               "alright", "oh", "that", "thats", "is", "was", "really", "super"}),
        "=repeat": frozenset({"what", "sorry", "pardon", "eh", "hm", "hmm", "come", "again"}),
    },
}
"""Turns that are only an acknowledgement ("perfect", "great thanks", "thank you so much") or only a puzzled word ("what?", "sorry?"):
after an answer, the first closes the call (a goodbye where the menu offers one), the second asks to hear it again. Each set holds
the words such a turn may consist of; a turn with any other word is left as it was."""
ALONE_NEEDS: dict[str, frozenset[str]] = {
    "en": frozenset({"thanks", "thank", "perfect", "great", "awesome", "cool", "excellent", "wonderful", "lovely", "brilliant", "fantastic",
                     "terrific", "sweet", "noted", "appreciated", "what", "sorry", "pardon"}),
}
"""Of those words, the ones that make the turn an acknowledgement or a puzzled question (not "ok" or "so" alone)."""


def _said_alone(said: dict[str, float], words: Sequence[str], language: str, offered: set[str]) -> dict[str, float]:
    """``said`` with the group a turn of acknowledgement or puzzlement alone stands for, at content weight, when the menu offers that
    group and the turn names no group or thing of its own (nothing above a generic word's weight): "thanks" while the caller restarts
    a router is no "ready"."""
    base = language.split("-")[0]
    if any(w > t.GENERIC_WEIGHT for w in said.values()) or not set(words) & ALONE_NEEDS.get(base, frozenset()):
        return said
    for group, alone in ALONE.get(base, {}).items():
        if set(words) <= alone and group in offered:
            return {**said, group: t.CONTENT}
    return said


def _bag(terms: Iterable[t.Term]) -> dict[str, float]:
    bag: dict[str, float] = {}
    for term, weight in terms:
        bag[term] = max(weight, bag.get(term, 0.0))
    return bag


def asks_for_person(text: str, language: str, human: HumanEscape) -> bool:
    """Whether ``text`` asks for a person: an explicit request ("put me through to someone", "un agente"),
    one of the flow's own phrases for it ("talk to a banker"), or only a word for somebody ("somebody",
    "a banker"). Used where no options compete (a collect, a confirmation)."""
    phrases = human_terms(human, language)
    known: set[str] = set()
    if language.split("-")[0] in t.SEGMENTED:
        known = _terms(phrases)
    said = _bag(t.analyse(text, language, known))
    if _explicit(said, phrases):
        return True
    content = {term for term, weight in said.items() if weight > t.GENERIC_WEIGHT}
    return content == {t.PERSON}


def _explicit(said: Mapping[str, float], human_phrases: Iterable[Phrase]) -> bool:
    """An explicit request for a person: a ``=human`` phrase, or all the words of one of the flow's human
    phrases that names more than a person ("talk to a banker", not "banker"); not one the caller negated or refused
    ("I don't need an agent, just my balance")."""
    asked = {term for term, weight in said.items() if weight > t.GENERIC_WEIGHT}
    if t.HUMAN in asked:
        return True
    if (t.CONNECT in said or t.TALK in said) and not _objects(said):  # "put me through", "talk to someone"
        return True
    for phrase in human_phrases:
        content = {term for term, weight in phrase if weight >= t.CONTENT}
        if content - {t.PERSON, t.CONNECT, t.TALK} and content <= asked:
            return True
    return False


SOMEBODY_AT: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset(["someone", "somebody", "anyone", "anybody"]), frozenset(["at", "on", "in", "from"])),
}
"""Words for somebody, and the words that put them somewhere: "someone *at* Oober" is that place's line, "someone about
my bill" a person."""


THE_LINE: dict[str, frozenset[str]] = {
    "en": frozenset({"bank", "store", "shop", "company", "pharmacy", "drugstore", "branch", "office", "business", "city", "here", "there"}),
}
"""Words for the line the caller has called ("someone *in the bank*", "someone at *the store*"): somebody there is a person, whatever a
group makes of the words ("in the bank" is also where money is)."""
DETERMINERS = frozenset({"the", "a", "an", "your", "this", "that", "my"})


def _at_a_place(words: Sequence[str], language: str) -> bool:
    """Whether somebody is put at a place ("someone *on* Dagobah") that is not the line itself ("someone *in the bank*")."""
    base = language.split("-")[0]
    who, where = SOMEBODY_AT.get(base, (frozenset(), frozenset()))
    for k, (a, b) in enumerate(zip(words, words[1:], strict=False)):
        if a in who and b in where:
            rest = [w for w in words[k + 2:] if w not in DETERMINERS]
            if not rest or rest[0] not in THE_LINE.get(base, frozenset()):
                return True
    return False


def _objects(said: Mapping[str, float]) -> set[str]:
    """What a sentence names besides being connected and somebody: the object of "put me through to ..."."""
    return {term for term, weight in said.items() if weight > t.GENERIC_WEIGHT and term not in (t.CONNECT, t.TALK, t.PERSON)}


def score(said: Mapping[str, float], phrases: Sequence[Phrase]) -> float:
    """How well ``phrases`` (one option's) explain ``said``: sqrt(share of the sentence explained by any
    of them * share of the best phrase found in the sentence)."""
    if not phrases:
        return 0.0
    total = sum(said.values())
    if total <= 0:
        return 0.0
    vocabulary = _terms(phrases)
    explained = sum(w for term, w in said.items() if term in vocabulary) / total
    if explained <= 0:
        return 0.0
    covered = 0.0
    for phrase in phrases:
        weights: dict[str, float] = {}
        for term, w in phrase:
            weights[term] = max(w, weights.get(term, 0.0))
        whole = sum(weights.values())
        if whole > 0:
            covered = max(covered, sum(w for term, w in weights.items() if term in said) / whole)
    return math.sqrt(explained * covered)


BACK_ALONE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"return", "restart", "main", "home", "reset", "back"}), frozenset({"up", "please", "the", "uh", "um", "ok", "okay", "just"})),
}
"""Turns that only say where to go back ("return", "restart", "main", "back up", "home please"): words that alone name going back, and
the words such a turn may have besides them. Elsewhere each word is another group's or none ("a *return*" is a refund, "it's *back up*" is
ready, "the *main* thing"), so only a turn made of nothing else is taken for going back, and only where a menu offers it."""


def _back_alone(said: dict[str, float], words: Sequence[str], language: str, offered: set[str]) -> dict[str, float]:
    """``said`` as going back (the menu group, at content weight) when the turn is only a word for going back and the menu offers it."""
    back, besides = BACK_ALONE.get(language.split("-")[0], (frozenset(), frozenset()))
    if MENU not in offered or not set(words) & back or not set(words) <= back | besides:
        return said
    return {MENU: t.CONTENT}


QUESTION_FORMS["en"] = QUESTION_FORMS["en"] | {("what", "this"), ("what", "these"), ("what", "does"), ("how", "to"), ("how", "much")}
"""Round 13b: asking what a thing is or does, and how to ("*what's this* medicine for", "*what does* it treat", "*how to* use my inhaler",
"*how much* of this can i take") is a question too."""


# -- round 14b ------------------------------------------------------------------------------------------------------------------------

UNKNOWING: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("no", "clue"), ("no", "idea"), ("cant", "tell"), ("cant", "see"), ("not", "sure"), ("dont", "know"), ("forgot",), ("lost", "track", "of")),
}
"""Round 14b: a caller who cannot tell *where* something is ("i've *no clue where* that is", "i *can't tell where* they're landing") asks
the way, whatever follows "where"; "where is the nearest gas station" asked plainly stays another place's."""
ITEM["en"] = (*ITEM["en"], "place", "planet", "world", "language")
"""Round 14b: what a caller calls an item of the list they point at also names the list's kind ("the second *place*", "the third
*language*")."""
DATED["en"] = DATED["en"] | {"in"}
"""Round 14b: "*in* the first place" is no place in the prompt's list."""


MORE_TOLD: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("also",), ("while", "im", "here"), ("while", "im", "on"), ("while", "ive", "got", "you"), ("while", "i", "have", "you")),
}
"""Round 14b: how a caller tells one more thing without asking for it ("there's *also* a bill i've got to sort out", "*while i'm here* i'd like to
settle my account", "that helps but there's a hole down our street *too*")."""


THERE_IS: dict[str, frozenset[str]] = {"en": frozenset({"theres", "there", "ive", "got", "needs", "have", "has"})}
"""Words that tell a thing is there to be done ("*there's* a hole down our street too", "she *needs* her pills done as well"): with "too" or
"as well" at the end, one more thing told; thanks ending "too" ("thanks for the refill too") tells nothing more."""


def _more_told(words: Sequence[str], language: str) -> bool:
    """Whether a turn tells one more thing: a word or phrase of :data:`MORE_TOLD` anywhere, or "too", "as well" at its end after a word
    that tells a thing is there to be done (:data:`THERE_IS`), without a request verb."""
    base = language.split("-")[0]
    told = MORE_TOLD.get(base, ())
    return ((_one_more(words, language) and bool(THERE_IS.get(base, frozenset()) & set(words)))
            or any(tuple(words[k:k + len(m)]) == m for m in told for k in range(len(words))))


UNSURE: frozenset[tuple[str, str]] = frozenset({("not", "=yes"), ("never", "know"), ("dont", "know"), ("no", "idea"), ("nobodi", "told"),
                                                 ("not", "certain")})
"""Round 14b: a caller's uncertainty asks as a request verb does ("i get off work at six and *i'm not sure* you'll still be there", "i
*never know* which morning to put things out", "*nobody's told* us when the truck comes"): what follows is the request, what came before
its story (as analysed: "sure" is the yes group's word)."""


@functools.cache
def _only_naming_languages(language: str) -> frozenset[str]:
    """Round 14b: the words ``language``'s lists hold only inside the phrases that name a language ("en" of "en espanol", "habla" of
    "no habla ingles"): they are the other language's words, and a caller asking for it in it ("*en* castellano", "*mi* abuela no habla
    ingles") says them as fillers, as round 12a made the rest of its words."""
    groups = CONCEPTS.get(language, {})
    naming = {w for g in LANGUAGE_GROUPS for p in groups.get(g[1:], ()) for w in tokens(p, language)}
    elsewhere = {w for name, phrases in groups.items() if "=" + name not in LANGUAGE_GROUPS for p in phrases for w in tokens(p, language)}
    elsewhere |= {w for phrases in (FILLERS.get(language, ()), GENERIC.get(language, ()), KEY_WORDS.get(language, ())) for p in phrases
                  for w in tokens(p, language)}
    return frozenset(naming - elsewhere)


# -- round 15a ------------------------------------------------------------------------------------------------------------------------

BACK_ALONE["en"] = (BACK_ALONE["en"][0] | {"start", "beginning", "previous"}, BACK_ALONE["en"][1] | {"again", "over", "to", "go", "me"})
"""Round 15a: "start", "the beginning", "previous" alone go back too, and a turn of going back may say "again", "over", "go to" ("start
again", "go to the beginning"): still only a turn made of nothing else, where a menu offers going back."""


# -- round 16a -------------------------------------------------------------------------------------------------------------------

ASSOCIATION_CAP = CONFIRM_BELOW - 0.01
"""Round 16a: how sure an option chosen only through another business's association is: below the confirmation line, so the caller
is asked "Did you want ...?" rather than sent there at once."""
MIN_SHARED = 4
"""Round 16a: letters a group's name and a designer's word must begin with alike for the word to name the group ("bill" of
"billing", "outage", "hour" of "hours")."""


def _own_stems(choice: Choice, language: str, *, content: bool = False) -> frozenset[str]:
    """Round 16a: the stems of the words a designer wrote for an option (its phrases and its label), fillers aside (with ``content``,
    generic words too)."""
    return _stems_of(_said_by(choice, language), language, t.GENERIC_WEIGHT if content else t.FILLER_WEIGHT)


def _said_by(choice: Choice, language: str) -> tuple[str, ...]:
    """What a designer wrote for an option (its phrases and its label), as a key for the caches below."""
    label = choice.label.by_lang.get(language) or choice.label.by_lang.get("*") or ""
    return (*choice.phrases.get(language, ()), *choice.phrases.get("*", ()), label)


@functools.lru_cache(maxsize=1024)
def _stems_of(said: tuple[str, ...], language: str, least: float) -> frozenset[str]:
    """The stems of the words of ``said`` weighing more than ``least`` (cached: a menu's options are the same turn after turn)."""
    lex = t.lexicon(language)
    return frozenset(s for p in said for w in tokens(p, language) if lex.weight(w, s := t.stem(w, language)) > least)


def _names_group(group: str, stems: frozenset[str], language: str) -> bool:
    """Round 16a: whether a designer's words name a group itself ("billing" the bill group, "outage" the outage group), not only a
    word the group holds in the business it was written for ("disconnect" is the internet group's, "meter reading" the water
    group's, "location" the branch group's)."""
    for part in group[1:].split("-"):
        name = t.stem(part, language)
        for s in stems:
            if s.startswith(name) or name.startswith(s) and len(s) >= 3 or s[:MIN_SHARED] == name[:MIN_SHARED]:
                return True
    return False


def _fixed_expressions(choice: Choice, language: str) -> set[str]:
    """Round 16a: the groups an option's phrase of two or more words reads as wholly ("phone home", "the little prince", "meter
    reading"): a fixed expression means one thing at any line; a single word ("disconnect", "checkup", "location") means what the
    business a list was written for made it."""
    lex = t.lexicon(language)
    out: set[str] = set()
    for said, terms in zip((*choice.phrases.get(language, ()), *choice.phrases.get("*", ())), phrases_of(choice, language), strict=False):
        content = [w for w in tokens(said, language) if w not in lex.fillers]
        groups = [term for term, weight in terms if weight > t.FILLER_WEIGHT]
        if len(content) >= 2 and len(groups) == 1 and groups[0].startswith("="):
            out.add(groups[0])
    return out


def _associated_only(heard: Mapping[str, float], choice: Choice, own: set[str], words: Sequence[str], language: str) -> bool:
    """Round 16a: whether all that chose an option is a group its designer's words never named, reached only because a word list
    holds the designer's word in that group for some other business ("disconnect" is an internet word at a telecom line, so "my
    internet is down" went to a utility's "start or stop service"; "location" is a bank's branch, so "someone from the office" went
    to a clinic's hours), and the caller said none of the designer's words. Such a route is a guess: the caller is asked to confirm."""
    evidence = {term for term, weight in heard.items() if weight >= t.CONTENT and term in own and term not in (t.HUMAN, t.PERSON)}
    if not evidence or any(not term.startswith("=") for term in evidence):
        return False
    if language.split("-")[0] != "en" or any(term[1:] in STEERING for term in evidence):
        return False  # groups are named in English; steering the call ("something else", "again") is every line's, no association
    fixed = {g for g in _fixed_expressions(choice, language) if g[1:] not in SERVICES}  # a service's group is a business's, phrase or not
    stems = _own_stems(choice, language)
    if any(_names_group(term, stems, language) or term in fixed for term in evidence):
        return False
    lex = t.lexicon(language)
    return not {s for w in words if lex.weight(w, s := t.stem(w, language)) > t.GENERIC_WEIGHT} & _own_stems(choice, language, content=True)


VISITING: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": tuple(tuple(p.split()) for p in ("visit", "visits", "visiting", "come in", "come by", "come over", "walk in", "pop in", "pop by",
                                           "pop into", "drop by", "drop in", "stop by", "swing by", "nip in", "nip into", "in person",
                                           "go in", "opening", "openings", "an opening", "any openings", "anything open")),
}
"""Round 16a: words for coming in, a visit and a free slot. A bank made them its opening hours ("can I *come in* tomorrow", "when can I
*visit*"); at a line that books visits (a clinic, a garage, a salon) coming in is what the caller wants booked or moved ("i need to *come
in* for my six month", "my *visit* is next tuesday", "i'd like an *opening* after work"), not when the doors open."""
BOOKING: dict[str, frozenset[str]] = {"en": frozenset({"=appointment", "appoint", "schedul", "reschedul"})}
"""Round 16a: an option's words that say the line books visits."""


def _without(words: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """Round 16a: ``words`` without any of ``phrases`` (longest first at each word)."""
    return _without_phrases(words, _by_first_word(phrases))


def _visit_booked(said: dict[str, float], words: Sequence[str], language: str, offered: set[str]) -> dict[str, float]:
    """Round 16a: ``said`` with the hours a word for coming in alone made of it taken as the visit to book, where an option books
    visits: the booking group at an unknown word's weight (a visit alone is a booking, beside another option's words it is their scene);
    a visit called off ("i *can't* come in") is a generic word."""
    base = language.split("-")[0]
    hours = "=hours"
    if said.get(hours, 0.0) < t.CONTENT or not BOOKING.get(base, frozenset()) & offered:
        return said
    rest = _without(words, VISITING.get(base, ()))
    if len(rest) == len(words) or any(term == hours for term, _ in t.analyse(" ".join(rest), language)):
        return said
    out = {term: w for term, w in said.items() if term != hours}
    if t.NEGATORS & set(words):  # "i won't be able to come in": a visit called off, which no word here says to book or move
        out[hours] = t.GENERIC_WEIGHT
        return out
    out[VISIT_AS] = max(out.get(VISIT_AS, 0.0), VISIT_WEIGHT)
    return out


VISIT_AS = "=appointment"
VISIT_WEIGHT = t.UNKNOWN_WEIGHT


THE_LINE["en"] = THE_LINE["en"] | {"clinic", "practice", "surgery", "hospital", "hotel", "dealership", "garage", "agency", "airline", "firm",
                                   "center", "centre", "salon", "shop", "front", "desk", "reception", "location", "line", "phone",
                                   "call", "other", "end"}
"""Round 16a: more words for the place a caller has called (a clinic, a practice, a hotel, a garage, its front desk) and for the call itself
("somebody *on the line*", "someone *on the other end*")."""
PLACED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"at", "from", "in", "with", "to", "of"}), frozenset({"the", "your", "this", "that", "ur", "yall"})),
}
"""Round 16a: the words that put somebody at the line's own place ("someone *from the* office", "connect me *with the* office")."""


def _the_line_named(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` with the line's own place, where somebody is asked for there ("someone from the office", "connect me with
    the office", "put me through to someone at the clinic"), only saying where they are: its group counts as a generic word, so the
    place is no option's word (an office is a bank's branch, which a clinic's hours and directions hold) and the caller gets a person."""
    base = language.split("-")[0]
    if not {t.PERSON, t.CONNECT, t.TALK} & said.keys():
        return said
    at, det = PLACED.get(base, (frozenset(), frozenset()))
    line = THE_LINE.get(base, frozenset())
    places = [words[k + 2] for k in range(len(words) - 2) if words[k] in at and words[k + 1] in det and words[k + 2] in line]
    if not places:
        return said
    groups = {term for place in places for term, weight in t.analyse(place, language) if weight >= t.CONTENT and term.startswith("=")}
    groups -= {t.HUMAN, t.PERSON, t.CONNECT, t.TALK}
    return {term: min(w, t.GENERIC_WEIGHT) if term in groups else w for term, w in said.items()}


DATED["en"] = DATED["en"] | {"for"}
"""Round 16a: "a ticket *for the fifth*", "an appointment *for the first*" is a date, not a place in the prompt's list."""


def _qualifiers_dropped(names: set[str], choice: Choice, language: str) -> set[str]:
    """Round 16a: an option's label names without the ones that only qualify a word of the option's phrases ("*dental* emergency",
    "*frequent* flyer"): such a word is often the line's own business ("Brightside Family *Dental*") and alone says nothing of the
    option ("a *dental* supply company"); a name that stands alone or beside other names ("Brodo Asteroid") still names it."""
    label = choice.label.by_lang.get(language) or choice.label.by_lang.get("*") or ""
    said = _words(label, language)
    phrased = {w for p in (*choice.phrases.get(language, ()), *choice.phrases.get("*", ())) for w in _words(p, language)}
    lex = t.lexicon(language)
    return {n for n in names
            if not any(a == n and b in phrased and b in lex.words and b not in names for a, b in zip(said, said[1:], strict=False))}


DOERS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"someone", "somebody", "anyone", "anybody"}), frozenset({"to", "come", "and", "out", "over"}),
           frozenset({"help", "talk", "speak", "call", "ring", "phone", "answer", "explain", "assist", "contact", "chat", "get", "tell",
                      "give", "discuss", "go", "who", "that", "with", "please", "me", "us", "there", "here", "real", "live", "human"})),
}
"""Round 16a: somebody who would do a thing ("i'd like *someone to check* it", "can *someone come read* it", "send *somebody out to look*
at it"): words for somebody, the words between them and the deed, and the words that still ask for a person to talk to ("someone *to
talk* to", "someone *to help* me", "someone *who* knows")."""


def _a_doer(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` with a word for somebody who would do the deed a caller names after it ("someone to check it", "can someone
    come read it") counted as a generic word: the deed is the request, an option's or none, so it is not taken for a person at once."""
    who, between, asking = DOERS.get(language.split("-")[0], (frozenset(), frozenset(), frozenset()))
    if t.PERSON not in said or t.HUMAN in said or t.CONNECT in said or t.TALK in said:
        return said
    lex = t.lexicon(language)
    for k, w in enumerate(words):
        if w not in who or k + 1 == len(words) or words[k + 1] not in between:
            continue
        rest = [x for x in words[k + 1:] if x not in between and (x not in lex.fillers or x in DEEDS)]
        if rest and rest[0] not in asking and rest[0] not in who:
            return {**said, t.PERSON: t.GENERIC_WEIGHT}
    return said


DEEDS = frozenset({"look", "see", "check"})
"""Round 16a: deeds somebody may be asked to come and do that the lists hold as fillers ("can someone come *look* at it")."""


SELF: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("im", "a"), ("im", "an"), ("i", "am", "a"), ("i", "am", "an"), ("this", "is", "a"), ("were", "a"), ("we", "are", "a"),
           ("i", "work", "as", "a"), ("i", "work", "as", "an")),
}
"""Round 16a: how a caller says who they are ("*i'm a* travel agent calling about ...", "*this is a* nurse from ...")."""
SELF_SPAN = 3
"""Round 16a: words after "i'm a" that may still describe the caller ("i'm a *travel agent*", "i'm a *home care nurse*")."""


def _who_calls(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` with a word for an agent or somebody that only says who the caller is ("i'm a travel agent calling about
    group commissions") counted as a generic word: the caller asks for what follows, not for an agent."""
    persons = {t.HUMAN, t.PERSON}
    if not persons & said.keys():
        return said
    for start in SELF.get(language.split("-")[0], ()):
        for k in range(len(words) - len(start)):
            if tuple(words[k:k + len(start)]) != start:
                continue
            for end in range(k + len(start) + 1, min(len(words), k + len(start) + SELF_SPAN) + 1):
                if persons & {term for term, _ in t.analyse(" ".join(words[k + len(start):end]), language)}:
                    rest = [*words[:k], *words[end:]]
                    if not persons & {term for term, _ in t.analyse(" ".join(rest), language)}:
                        return {term: min(w, t.GENERIC_WEIGHT) if term in persons else w for term, w in said.items()}
                    break
    return said


NOT_HELPING: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"helping", "working", "help"}),
           frozenset({"you", "this", "that", "thats", "it", "its", "system", "machine", "robot", "menu", "computer", "nobody", "one", "thing",
                      "line", "call", "recording", "anyone", "anybody", "nothing", "pressing", "options", "service", "i", "im"})),
}
"""Round 16a: "not helping" said of a thing ("ibuprofen *isn't helping*", "the cream is not helping"), not of the line ("*this* isn't
helping", "*you're* not helping"): the words it is said with, and the subjects that make it the line's."""


def _a_thing_not_helping(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` without the request for a person that "not helping" made of a thing's failing ("there's a throbbing and
    ibuprofen isn't helping"): the caller tells the trouble, which an option (or nobody) offers."""
    helping, line = NOT_HELPING.get(language.split("-")[0], (frozenset(), frozenset()))
    if t.HUMAN not in said:
        return said
    for k, w in enumerate(words):
        if w in helping and k >= 2 and words[k - 1] in t.NEGATORS | {"isnt", "arent", "wasnt", "not"}:
            subject = words[k - 2] if words[k - 2] not in t.COPULAS else (words[k - 3] if k >= 3 else "")
            if subject and subject not in line and subject not in t.COPULAS and subject not in t.lexicon(language).fillers:
                rest = [*words[:k - 1], *words[k + 1:]]
                if t.HUMAN not in {term for term, _ in t.analyse(" ".join(rest), language)}:
                    return {**said, t.HUMAN: t.GENERIC_WEIGHT}
    return said


ABOUT_SOMEBODY: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"for", "about", "regarding", "on", "of"}), frozenset({"a", "an", "my", "our", "the", "one", "this", "that", "his", "her",
                                                                           "their", "former", "new", "old", "your"})),
}
"""Round 16a: the words that make somebody the one a request is about ("to verify employment *for a former* employee", "a question
*about my* caregiver"), not the one asked for."""


def _somebody_elsewhere(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` with a word for somebody (not an explicit request for a person) counted as a generic word where it is only
    whom the request is about ("verify employment for a former employee") or somebody at another place than the line ("can you page
    someone at the airport"): the caller asks for a thing, which an option offers or none does."""
    if t.PERSON not in said or t.HUMAN in said or t.CONNECT in said or t.TALK in said:
        return said
    base = language.split("-")[0]
    about, det = ABOUT_SOMEBODY.get(base, (frozenset(), frozenset()))
    for k in range(len(words) - 1):
        if words[k] in about and words[k + 1] in det:
            end = k + 2
            while end < len(words) and words[end] in det:
                end += 1
            for last in range(end, min(len(words), end + 2)):
                if t.PERSON in {term for term, _ in t.analyse(words[last], language)}:
                    rest = [*words[:k], *words[last + 1:]]
                    if t.PERSON not in {term for term, _ in t.analyse(" ".join(rest), language)}:
                        return {**said, t.PERSON: t.GENERIC_WEIGHT}
                    break
    if _at_a_place(words, language):
        return {**said, t.PERSON: t.GENERIC_WEIGHT}
    return said


STORY: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"hit", "broke", "stole", "took", "came", "left", "cut", "dug", "knocked", "damaged", "smashed", "backed", "crashed",
                      "ran", "drove", "dropped", "lost", "parked", "hurt", "bumped", "scratched", "dented", "spilled", "hung"}),
           frozenset({"meeting", "picking", "collecting", "expecting", "bringing", "visiting", "dropping", "driving", "sending", "meet",
                      "collect", "bring", "visit", "drive"})),
}
"""Round 16a: somebody in a caller's story, not asked for: doing a deed that is told ("the construction *crew hit* a line", "a *guy backed*
into my car"), or met, fetched, brought ("i'm *meeting someone* off the 4 pm")."""


def _somebody_in_a_story(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` with a word for somebody who only acts in the caller's story or is met or fetched (:data:`STORY`) counted as a
    generic word: the request is the rest of the turn (an option's or none), not a person."""
    if t.PERSON not in said or t.HUMAN in said or t.CONNECT in said or t.TALK in said:
        return said
    did, fetching = STORY.get(language.split("-")[0], (frozenset(), frozenset()))
    for k, w in enumerate(words):
        if t.PERSON not in {term for term, _ in t.analyse(w, language)}:
            continue
        before = words[k - 1] if k >= 1 else ""
        if (k + 1 < len(words) and words[k + 1] in did) or before in fetching:
            return {**said, t.PERSON: t.GENERIC_WEIGHT}
    return said


CLAUSES: dict[str, frozenset[str]] = {"en": frozenset({"and", "but", "so", "because", "cause", "cuz", "then"})}
"""Round 16a: words that join two clauses; no request for a person runs across one ("i got a bill from *you and i* don't understand it"
is no "you don't understand")."""


def _person_across_clauses(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` without a request for a person that only a phrase running across two clauses made (the phrase matcher lets
    fillers stand between a phrase's words, and "and i" are fillers): found in the whole turn, in none of its clauses."""
    joins = CLAUSES.get(language.split("-")[0], frozenset())
    if t.HUMAN not in said or not joins & set(words):
        return said
    clauses: list[list[str]] = [[]]
    for w in words:
        if w in joins:
            clauses.append([])
        else:
            clauses[-1].append(w)
    if any(t.HUMAN in {term for term, _ in t.analyse(" ".join(c), language)} for c in clauses if c):
        return said
    return {**said, t.HUMAN: t.GENERIC_WEIGHT}


SHUT_THINGS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": tuple(tuple(p.split()) for p in ("door", "doors", "lock", "locks", "locked", "unlock", "unlocked", "shut", "shuts", "close", "closes",
                                           "closed", "closing", "open", "opens", "opened", "window", "windows", "gate", "stuck")),
}
"""Round 16a: words for a thing that opens, shuts or locks. A bank made them its hours ("the *doors were locked*", "when do you *close*");
said of the caller's own thing ("*my* car *door won't open*", "the door to *my* room won't *lock*", "*my* account is *closed*") they are
the caller's trouble, no question of when the line's place opens."""
THE_LINES_TIME: dict[str, frozenset[str]] = {
    "en": frozenset({"you", "your", "yall", "youre", "youll", "youd", "youve", "ya", "u", "when", "time", "then", "till", "until", "today",
                     "tomorrow", "tonight", "hours", "weekend", "weekends", "sunday", "saturday", "holiday", "early", "late", "still"}),
}
"""Round 16a: words that make opening and shutting the line's own ("are *you* open", "*when* does my branch close", "open on *sunday*")."""
OWNED = frozenset({"my", "our", "mine"})


def _own_thing_shut(said: dict[str, float], words: Sequence[str], language: str) -> dict[str, float]:
    """Round 16a: ``said`` with the hours that only the caller's own thing opening, shutting or locking made of it (:data:`SHUT_THINGS`,
    with "my" or "our" and no word of :data:`THE_LINES_TIME` nor one for the line's place) counted as a generic word."""
    base = language.split("-")[0]
    hours = "=hours"
    if said.get(hours, 0.0) < t.CONTENT or not OWNED & set(words):
        return said
    line = THE_LINE.get(base, frozenset())
    if THE_LINES_TIME.get(base, frozenset()) & set(words) or any(w.isdigit() for w in words):
        return said
    if any(w in line and (k == 0 or words[k - 1] not in OWNED) for k, w in enumerate(words)):  # "my branch", no; "my garage" is the caller's
        return said
    rest = _without(words, SHUT_THINGS.get(base, ()))
    if len(rest) == len(words) or any(term == hours for term, _ in t.analyse(" ".join(rest), language)):
        return said
    return {**said, hours: t.GENERIC_WEIGHT}


# -- round 17a --------------------------------------------------------------------------------------------------------------------

YOU = frozenset({"you", "your", "yours", "ya", "u", "yall"})
"""Round 17a: the line named after another business's thing ties that thing to the line ("a charge on my bank statement *from you*")."""
THING_DETERMINERS = frozenset({"my", "the", "a", "an", "our", "your", "his", "her", "their", "this", "that", "these", "those", "some"})
"""Round 17a: words before a thing that a deed is done to ("cancel *my* spot")."""
HOME_GROUPS = 2
"""Round 17a: how many of a business's groups a menu must offer to be that business's line (a bank's balances and cards)."""


def _is_the_line(home: Sequence[str], named: str, offered: set[str], language: str) -> bool:
    """Round 17a: whether the business ``named`` (its ``home`` groups) is the line's own: the menu offers two of its groups, or its
    options' words name it ("gas" at a gas utility's menu)."""
    if sum(f"={g}" in offered for g in home) >= HOME_GROUPS:
        return True
    if {term for term, _ in t.analyse(named, language, set())} & offered:  # "water" is the water group a city's menu offers
        return True
    return all(t.stem(w, language) in offered for w in named.split())


def _another_business(words: Sequence[str], language: str, offered: set[str], heard: Mapping[str, float]) -> str | None:
    """Round 17a: the other business the caller names, if any: a place of another business ("is *the pharmacy* open", "the
    *grocery* store", "what time does *the bank* close") or a thing of another business right before a word for a thing a menu
    handles ("my *gas* bill", "freeze my *credit* card", "my *bank* password"), where the menu is not that business's. A route the
    turn's other words chose is then a guess made on a shared word (the bill is the gas company's, not the gym's): confirmed, not
    taken at once. A place counts only where the route chosen (its groups ``heard``) is the place's opening hours, or money
    (:data:`ROUND17A_CHARGED_AT`) with "at" or "from" before it; in a story it is no request ("outside the supermarket")."""
    base = language.split("-")[0]
    chosen = {term for term, w in heard.items() if w >= t.CONTENT}
    places = ROUND17A_OTHER_PLACES.get(base, {})
    things = ROUND17A_OTHER_THINGS.get(base, {})
    for k in range(len(words)):
        for n in (2, 1):
            named = " ".join(words[k:k + n])
            if len(words[k:k + n]) < n:
                continue
            if named in places and not _is_the_line(places[named], named, offered, language):
                at = any(w in ROUND17A_AT for w in words[max(0, k - 2):k])
                if chosen & ROUND17A_PLACE_ASKED or (at and chosen & ROUND17A_CHARGED_AT):
                    return named
            if named in things and k + n < len(words) and not _is_the_line(things[named], named, offered, language) \
                    and not YOU & set(words[k + n:]):  # "my bank statement *from you*", "the bank account *you* take it from": the line's
                following = t.analyse(words[k + n], language, set())
                if any(term in ROUND17A_HELD and w >= t.CONTENT for term, w in following):
                    return named
    return None


def _deed_on_another_thing(heard: Mapping[str, float], own: set[str], offered: set[str], words: Sequence[str], language: str) -> bool:
    """Round 17a: whether an option was chosen only by a deed many menus share (:data:`ROUND17A_ACTIONS`: cancel or freeze,
    reschedule, change) done to a thing no option here names: "i'd like to freeze my *credit card*" at a gym, "my kids need to change
    *schools*" at a mover's, "cancel my *spot* in tomorrow's crossfit" at a gym's cancel-membership option. The deed is the option's,
    the thing another's: the route is a guess, confirmed. A deed alone ("i want to cancel"), on "it" or a time ("cancel it", "change
    the day"), or on a thing an option names ("freeze my membership") keeps its route."""
    base = language.split("-")[0]
    evidence = {term for term, w in heard.items() if w >= t.CONTENT and term in own}
    if not evidence or not evidence <= ROUND17A_ACTIONS:
        return False
    skipped = ROUND17A_NO_OBJECT.get(base, frozenset())
    lex = t.lexicon(language)
    for k, w in enumerate(words):
        if not ROUND17A_ACTIONS & {term for term, _ in t.analyse(w, language, set())}:
            continue
        rest = list(words[k + 1:k + 4])
        while rest and rest[0] in THING_DETERMINERS:  # "freeze *my* credit card": the thing follows
            rest = rest[1:]
        if not rest or rest[0] in skipped:
            continue
        thing = rest[0]
        terms = {term for term, _ in t.analyse(" ".join(rest[:2]), language, set())}
        if terms & offered or lex.weight(thing, t.stem(thing, language)) <= t.FILLER_WEIGHT:
            continue
        if not terms & ROUND17A_ACTIONS:
            return True
    return False

# -- round 17b ----------------------------------------------------------------------------------------------------------------

TALK_TO: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": tuple(tuple(p.split()) for p in ("speak to", "speak with", "talk to", "talk with", "chat to", "chat with", "speaking to",
                                           "speaking with", "talking to", "talking with", "a word with")),
}
"""Round 17b: a request to talk to somebody the caller names ("can i *speak to* a librarian", "i'd rather *talk with* the dispatcher")."""
CONNECT_TO: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": tuple(tuple(p.split()) for p in ("connect me to", "connect me with", "transfer me to", "put me through to", "put me on to",
                                           "through to", "patch me through to", "redirect me to", "get me")),
}
"""Round 17b: a request to be put through to somebody the caller names ("*connect me to* the information desk")."""
ASKED_TO_HELP: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"can", "could", "would", "will", "cant", "couldnt"}), frozenset({"help", "assist", "answer", "tell", "explain"})),
}
"""Round 17b: somebody named asked to help ("*can* a librarian *help* me", "*could* the front desk *answer* a question")."""
STAFF_DETERMINERS = frozenset({"a", "an", "the", "my", "your", "our", "one", "ur", "whoever", "whichever", "someone", "somebody"})
"""Round 17b: the words before the staff member or desk a caller names ("a librarian", "*my* move coordinator", "*one of your* nurses")."""
STAFF_SPAN = 3
"""Round 17b: words a named member of staff or desk may run to ("the *children's librarian*", "the *front desk manager*")."""
STAFF_ENDS = frozenset({"about", "for", "regarding", "concerning", "on", "at", "in", "please", "because", "cause", "and", "so", "i", "to",
                        "who", "that", "if", "now", "right", "today", "tonight", "asap", "pls", "thanks", "thank", "there", "here",
                        "instead", "rather", "real", "quick", "quickly", "again", "or", "but", "me", "us"})
"""Round 17b: words that end the name of a member of staff or a desk ("the dispatcher *about* my pickup")."""
STAFF = ROUND17B_STAFF
STAFF_SUFFIXES: tuple[str, ...] = ("ian", "ist", "er", "or", "ant")
"""Round 17b: how a title no list holds ends ("librar*ian*", "dispatch*er*", "coordinat*or*", "attend*ant*"): a word for somebody."""
DESKS = ROUND17B_DESKS


def _staff_word(word: str, language: str, own: frozenset[str], offered: set[str], *, titles: bool = True) -> bool:
    """Round 17b: whether ``word`` names a member of staff (:data:`STAFF`, or a title no list holds with an agent's ending) that no
    option of the menu has among its designer's words or groups."""
    base = language.split("-")[0]
    lex = t.lexicon(language)
    s = t.stem(word, language)
    if s in own or word in own:
        return False
    groups = {term for term, weight in t.analyse(word, language) if weight >= t.CONTENT and term.startswith("=")}
    if groups & offered:
        return False
    if word in STAFF.get(base, frozenset()) or word.rstrip("s") in STAFF.get(base, frozenset()):
        return True
    unknown = titles and word not in lex.words and not groups and len(word) > 5
    return unknown and word.rstrip("s").endswith(STAFF_SUFFIXES)


def _named_staff(words: Sequence[str], start: int, language: str, own: frozenset[str], offered: set[str],
                 stops: frozenset[str] = frozenset(), *, titles: bool = True) -> int | None:
    """Round 17b: the end of a member of staff or a desk named from ``start`` ("a librarian", "my move coordinator", "the circulation desk",
    "the front desk"), or None."""
    base = language.split("-")[0]
    k = start
    while k < len(words) and words[k] in STAFF_DETERMINERS | {"of"}:
        k += 1
    if k == start and (k >= len(words) or words[k] not in DESKS.get(base, frozenset()) | STAFF.get(base, frozenset()) | {"front"}):
        return None  # "speak to billing", "talk to nurses": a named person or desk comes with a word before it
    end = k
    while end < len(words) and end - k < STAFF_SPAN and words[end] not in STAFF_ENDS | stops:
        end += 1
    if end == k:
        return None
    name = [w.removesuffix("s") if w.endswith("s") and not w.endswith("ss") else w for w in words[k:end]]
    head, before = name[-1], name[:-1]
    desks = DESKS.get(base, frozenset())
    if head in desks:
        for w in before:  # "the billing desk", "the pharmacy counter", "the mortgage desk": an option's or another business's desk
            s = t.stem(w, language)
            if s in own or any(term.startswith("=") for term, weight in t.analyse(w, language) if weight >= t.CONTENT):
                return None
        return end
    return end if _staff_word(head, language, own, offered, titles=titles) else None


def _staff_named(said: dict[str, float], words: Sequence[str], language: str, choices: Sequence[Choice], allowed: set[int],
                 offered: set[str]) -> dict[str, float]:
    """Round 17b: ``said`` with a member of the line's staff or its desk asked for by name ("can i speak to a librarian", "connect me to
    the information desk", "can i talk to my move coordinator", "can a librarian help me", "somebody at the circulation desk please")
    taken as the request to talk to somebody it is: the name counts as a generic word and the request as "talk to someone" (or "put me
    through"), so the caller gets a person, or the option the rest of the turn names. A title an option's designer wrote ("a trainer" at
    a gym, "the pharmacist" at a pharmacy) or a desk an option's word qualifies ("the billing desk") is left to the option."""
    base = language.split("-")[0]
    if base not in TALK_TO:
        return said
    if not STAFF_TRIGGERS[base] & set(words) and not any(w in STAFF[base] | DESKS[base] or w.endswith(STAFF_SUFFIXES) for w in words):
        return said
    own = frozenset().union(*(_own_stems(choices[i], language) for i in allowed))
    found: tuple[int, int, str] | None = None
    for asks, group in ((TALK_TO.get(base, ()), t.TALK), (CONNECT_TO.get(base, ()), t.CONNECT)):
        for k in range(len(words)):
            for p in asks:
                if tuple(words[k:k + len(p)]) == p and (end := _named_staff(words, k + len(p), language, own, offered,
                                                                             titles=p != ("get", "me"))) is not None:
                    found = found or (k + len(p), end, group)
    can, deeds = ASKED_TO_HELP.get(base, (frozenset(), frozenset()))
    for k, w in enumerate(words):
        end = _named_staff(words, k + 1, language, own, offered, deeds) if found is None and w in can else None
        if end is not None and end < len(words) and words[end] in deeds:
            found = (k + 1, end, t.TALK)
    who, at = SOMEBODY_AT.get(base, (frozenset(), frozenset()))
    for k, w in enumerate(words):
        if found is None and w in who and k + 1 < len(words) and words[k + 1] in at | {"from"}:
            end = _named_staff(words, k + 2, language, own, offered, deeds)
            if end is not None and words[end - 1].rstrip("s") in DESKS.get(base, frozenset()):
                found = (k + 2, end, t.TALK)
    if found is None:  # "the front desk please", "i need the dispatcher", "librarian": the name alone, with fillers around it
        fillers = t.lexicon(language).fillers
        first = next((k for k, w in enumerate(words) if w not in fillers or w in STAFF_DETERMINERS), len(words))
        end = _named_staff(words, first, language, own, offered, titles=False) if first < len(words) else None
        if end is not None and all(w in fillers for w in words[end:]) and set(words[:first]) <= ASKING_FOR.get(base, frozenset()):
            found = (first, end, t.TALK)
    if found is None:
        return said
    start, end, group = found
    named = {term for term, _ in t.analyse(" ".join(words[start:end]), language)} - {t.HUMAN, t.PERSON, t.CONNECT, t.TALK}
    rest = {term for term, _ in t.analyse(" ".join([*words[:start], *words[end:]]), language)}
    out = {term: min(w, t.GENERIC_WEIGHT) if term in named and term not in rest else w for term, w in said.items()}
    told = {term for term, w in out.items() if w > t.GENERIC_WEIGHT and term not in (t.HUMAN, t.PERSON, t.CONNECT, t.TALK)}
    if told:  # "can a librarian help me renew my books", "my old teacher who lives on dagobah": somebody beside the request or story
        out[t.PERSON] = t.CONTENT
        return out
    out[group] = t.CONTENT
    return out


ACTIONS = ROUND17B_ACTIONS
ACTION_GAP = 3
ACTION_FIRSTS: dict[str, dict[tuple[str, ...], frozenset[str]]] = {
    base: {designers: frozenset(c.split()[0] for c in callers) for designers, callers in families.values()} for base, families in ACTIONS.items()
}
"""Round 17b: the first words of each action's everyday words (a quick test before the search)."""
ENDED = ROUND17B_ENDED


ASKING_FOR: dict[str, frozenset[str]] = {
    "en": frozenset({"i", "need", "want", "wanna", "id", "like", "to", "get", "me", "can", "could", "may", "please", "just", "the", "a", "an",
                     "um", "uh", "yes", "yeah", "ok", "okay", "hi", "hello", "hey", "give", "let", "would", "ill", "take"}),
}
"""Round 17b: the words a caller may ask for staff by name with and nothing else ("*i need* the dispatcher", "front desk *please*"); a
question whether the place has one ("*do you have* a photo counter") is no request for a person."""
STAFF_TRIGGERS: dict[str, frozenset[str]] = {
    base: frozenset(p[0] for p in (*TALK_TO[base], *CONNECT_TO[base])) | ASKED_TO_HELP[base][0] | SOMEBODY_AT[base][0] for base in TALK_TO
}
"""Round 17b: the words one of which a turn naming staff holds (a quick test before the search)."""


@functools.lru_cache(maxsize=512)
def _designer_words(said: tuple[str, ...], language: str) -> frozenset[str]:
    """Round 17b: the words of an option's phrases (cached)."""
    return frozenset(w for p in said[:-1] for w in tokens(p, language))


def _action_spans(words: Sequence[str], pattern: tuple[str, ...], language: str) -> list[tuple[int, int, list[str]]]:
    """Round 17b: where ``pattern`` (:data:`ACTIONS`) is said in ``words``: start, end and the words it keeps."""
    dets, ended = ENDED.get(language.split("-")[0], (frozenset(), frozenset()))
    found: list[tuple[int, int, list[str]]] = []
    for start in range(len(words)):
        k, ok = start, True
        kept: list[str] = []
        for j, part in enumerate(pattern):
            if part == "=":
                if k + 1 < len(words) and words[k] in dets and words[k + 1] in ended:
                    kept += words[k:k + 2]
                    k += 2
                else:
                    ok = False
            elif part == "*":
                nxt = pattern[j + 1] if j + 1 < len(pattern) else None
                gap = next((g for g in range(ACTION_GAP + 1) if nxt is not None and k + g < len(words) and words[k + g] == nxt), None)
                if gap is None:
                    ok = False
                else:
                    kept += words[k:k + gap]
                    k += gap
            elif k < len(words) and words[k] == part:
                k += 1
            else:
                ok = False
            if not ok:
                break
        if ok:
            found.append((start, k, kept))
    return found


def _action_named(text: str, language: str, choices: Sequence[Choice], allowed: set[int], option_phrases: Sequence[Sequence[Phrase]]) -> str:
    """Round 17b: ``text`` with a caller's everyday words for an action every business offers (:data:`ACTIONS`: "terminate my account",
    "sign me up", "put it on hold", "i can't log in") said in the word the menu names it by, where exactly one option's designer wrote
    that word ("cancel my membership", "join the gym", "freeze", "login"); not when the rest of the turn names another option's words
    ("sign up for the six am spin" is a class, not joining)."""
    base = language.split("-")[0]
    families = ACTIONS.get(base)
    if not families:
        return text
    words = list(tokens(text, language))
    original = tuple(words)
    present = set(words)
    designed = {i: _designer_words(_said_by(choices[i], language), language) for i in allowed}
    for designers, callers in families.values():
        if not ACTION_FIRSTS[base][designers] & present:
            continue
        holders = {i: d for i in allowed if (d := next((d for d in designers if d in designed[i]), None)) is not None}
        if len(holders) != 1:
            continue
        (target, word), = holders.items()
        if word in present:
            continue
        for pattern in sorted((tuple(c.split()) for c in callers), key=len, reverse=True):
            spans = _action_spans(words, pattern, language)
            if not spans:
                continue
            start, end, kept = spans[0]
            rest = [*words[:start], *kept, *words[end:]]
            heard = {term for term, weight in t.analyse(" ".join(rest), language) if weight >= t.CONTENT}
            others = set().union(*(_terms(option_phrases[j]) for j in allowed if j != target))
            if heard & (others - _terms(option_phrases[target])):
                break
            said = [w for w in words[start:end] if w in designed[target] and w in designers and w not in kept]  # "i can't reset my *password*" keeps it
            words = [*words[:start], word, *said, *kept, *words[end:]]
            break
    return text if tuple(words) == original else " ".join(words)  # unchanged, the caller's capitals still mark a name ("planet Earth")
