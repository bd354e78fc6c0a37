"""Words into terms: what the understanding compares, for a caller's sentence and a flow's phrases alike.

``analyse("uh I'd like to check my balance please", "en")`` gives weighted terms: stems of the words
(Snowball, so "charged" and "charges" meet at "charg"), with every phrase of a concept group of
:mod:`ivr.flow.lexicon` replaced by the group's name ("how much do I have left" is ``=balance``), and a
weight per term: fillers ("uh", "I'd like to") barely count, generic words ("help") count a little.
Korean and Persian attach particles and endings to words ("상담원이랑", "قبضم"): a word that is not
known is split into the longest known words it starts with, and a short remainder is dropped.

Pure: the stemmers are code, not data files, and every table is built from :mod:`ivr.flow.lexicon`
the first time a language is used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import snowballstemmer

from ivr.flow.lexicon import CONCEPTS, CONTEXT_CONCEPTS, FILLERS, GENERIC, JUDGMENTS, NEGATIVE_PREFIXES, SAME_ACTION, SHORTHAND, STEERING, UNSTEMMED
from ivr.flow.text import tokens

Term = tuple[str, float]
"""A stem or a ``=concept``, and how much it counts."""

CONTENT = 1.0
UNKNOWN_WEIGHT = 0.5  # a word no list holds: the scene of a request ("the storm"), or together with another, a thing ("parking ticket")
GENERIC_WEIGHT = 0.15
FILLER_WEIGHT = 0.02
HUMAN = "=human"
PERSON = "=person"
CONNECT = "=connect"  # "put me through", "connect me": to a person unless its object is what an option offers
TALK = "=talk"  # "talk to someone": to a person unless a listed line or service is confidently named
TALKED = "talked"  # "talk to someone" told, not asked: a generic word
ROAD = "=road"
MIN_SCENE = 2  # words besides an unknown one for it to be only the scene of a request
CARRIERS = frozenset({"calling", "trying", "try", "going", "gonna", "want", "wanna", "wanted", "need", "needs", "needed"})
"""Fillers that carry a request of their own: a phrase's words do not reach across them ("I'm *calling to* set up" is not "I'm set")."""
COPULAS = frozenset({"is", "was", "are", "were", "be", "been"})
MAX_SKIPPED = 3  # fillers allowed between the words of a concept phrase ("my service *is* down")
SEGMENTED = frozenset({"ko", "fa"})  # languages whose words carry particles and endings
MAX_REMAINDER = 4  # characters of particle or ending dropped after a known word
MIN_PIECE = 2  # shortest known word a longer word is split into

_STEMMERS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "fa": "persian", "ar": "arabic",
             "pt": "portuguese", "it": "italian", "nl": "dutch", "tr": "turkish", "ru": "russian"}
_END = ""
_DROP = "_"  # a filler phrase: "por favor", "find out"

Trie = dict[str, "Trie | str"]


@functools.lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    """A word's Snowball stem in ``language`` (the word itself where Snowball has no stemmer, for digits, or where
    the stem would be another word: "personal" is not "person")."""
    base = language.split("-")[0]
    name = _STEMMERS.get(base)
    if name is None or word.isdigit() or word in UNSTEMMED.get(base, ()):
        return word
    return str(snowballstemmer.stemmer(name).stemWord(word))  # a new stemmer per word: they keep state while stemming


def key(word: str, language: str) -> str:
    """What a word is compared as: its stem, or the stem of the word for the same action ("dial" is "call"), an irregular past as its
    present ("ran out" is "run out"); how much it counts still comes from the word itself."""
    base = language.split("-")[0]
    stemmed = stem(IRREGULAR.get(base, {}).get(word, word), language)
    return SAME_ACTION.get(base, {}).get(stemmed, stemmed)


IRREGULAR: dict[str, dict[str, str]] = {
    "en": {"ran": "run", "ate": "eat", "fell": "fall", "stole": "steal", "stolen": "steal", "took": "take", "taken": "take", "broke": "break",
           "broken": "break", "came": "come", "went": "go", "gave": "give", "given": "give", "paid": "pay", "forgot": "forget",
           "forgotten": "forget", "sent": "send", "kept": "keep", "hung": "hang", "brought": "bring", "threw": "throw",
           "thrown": "throw", "wrote": "write", "written": "write", "drove": "drive", "driven": "drive",
           "woke": "wake", "shut": "shut", "cut": "cut", "froze": "freeze", "frozen": "freeze", "blew": "blow", "blown": "blow", "sank": "sink",
           "sunk": "sink", "swam": "swim", "began": "begin", "begun": "begin", "dropped": "drop", "won": "win", "grew": "grow"},
}
"""Irregular pasts, which Snowball leaves as they are, compared as their present: a group's phrase written in one tense is met in the
other ("my pills *ran out*", "*run out*"). "Left", "got", "lost", "found", "spoken" and "bought" are left alone: each is also a word of
its own or of another group ("money *left*", "*got* a question", "I was *spoken to* like a child", "I've *bought* a house")."""


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists, ready to use."""

    language: str
    trie: Trie
    fillers: frozenset[str]
    generic: frozenset[str]
    generic_stems: frozenset[str]
    vocabulary: frozenset[str]  # every stem of a concept phrase: what a Korean or Persian word may start with
    words: frozenset[str] = frozenset()  # every word of every list, as written: what a misspelt word is corrected to
    word_stems: frozenset[str] = frozenset()
    shortened: Mapping[str, frozenset[str]] = field(default_factory=dict)  # a listed word with a letter (not its first) left out -> it

    def weight(self, surface: str, stemmed: str = "") -> float:
        """How much a word counts: a filler barely, a generic word (or any inflection of one: "preferred") a little."""
        if surface.isdigit():  # a house number, "a" (Persian "یک" is also "one")
            return GENERIC_WEIGHT
        if surface in self.fillers:
            return FILLER_WEIGHT
        if surface in self.generic or stemmed in self.generic_stems:
            return GENERIC_WEIGHT
        return UNKNOWN_WEIGHT


def _stems(phrase: str, language: str) -> tuple[str, ...]:
    return tuple(key(t, language) for t in tokens(phrase, language))


@functools.cache
def lexicon(language: str) -> Lexicon:
    """The word lists of ``language``, with the English ways of asking for a person added (callers mix them in)."""
    base = language.split("-")[0]
    groups: dict[str, list[str]] = {}
    for lang in dict.fromkeys((base, "en")):
        for concept, phrases in CONCEPTS.get(lang, {}).items():
            if lang == base or concept in ("human", "person", "connect", "talk", "not-human"):
                groups.setdefault(concept, []).extend(phrases)
    fillers = FILLERS.get(base, ()) + (FILLERS["en"] if base != "en" else ())
    single = {ts[0] for f in fillers if len(ts := tokens(f, language)) == 1}
    generic = {t for g in GENERIC.get(base, ()) for t in tokens(g, language)}
    if base in SEGMENTED:  # their words are weighed after stemming and splitting
        single |= {stem(t, language) for t in single}
        generic |= {stem(t, language) for t in generic}
    trie: Trie = {}
    vocabulary: set[str] = set()

    def add(stems: Sequence[str], concept: str) -> None:
        if not stems:
            return
        node = trie
        for s in stems:
            child = node.setdefault(s, {})
            assert isinstance(child, dict)
            node = child
        node.setdefault(_END, concept)  # the first group to claim a phrase keeps it
        vocabulary.update(stems)

    for concept, members in groups.items():
        for phrase in members:
            add(_stems(phrase, language), concept)
            for variant in _tenses(tokens(phrase, language), base):
                add(tuple(key(w, language) for w in variant), concept)
    for phrase in fillers:
        filler = _stems(phrase, language)
        if len(filler) > 1:
            add(filler, _DROP)
    if base in SEGMENTED:  # a word may also start with a filler or a generic word ("문의요", "확인해")
        vocabulary |= {w for w in single | generic if len(w) >= MIN_PIECE}
    generic_stems = frozenset(stem(g, language) for g in generic) if base not in SEGMENTED else frozenset()
    words = {w for phrases in (*groups.values(), fillers, GENERIC.get(base, ())) for p in phrases for w in tokens(p, language)}
    if base in SEGMENTED:
        words = set()
    shortened: dict[str, set[str]] = {}
    for w in words:
        if len(w) >= MIN_CORRECTED and w.isalpha():
            for i in range(1, len(w)):
                shortened.setdefault(w[:i] + w[i + 1:], set()).add(w)
    return Lexicon(language, trie, frozenset(single), frozenset(generic), generic_stems, frozenset(vocabulary),
                   frozenset(words), frozenset(stem(w, language) for w in words), {k: frozenset(v) for k, v in shortened.items()})


TENSES: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "en": {"thats": (("that", "was"), ("that", "is")), "its": (("it", "was"),), "im": (("i", "was"),)},
}
"""A group's phrase told in another tense or uncontracted ("*that's* everything" is "*that was* everything")."""


def _tenses(words: Sequence[str], language: str) -> list[tuple[str, ...]]:
    forms = TENSES.get(language, {})
    return [(*other, *words[1:]) for other in forms.get(words[0], ())] if len(words) > 1 else []


VOWELS = "aeiouy"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIN_DOUBLED = 3  # a word this long may have lost a double letter ("bil", "cal"): that slip is common enough to correct
MIN_TYPO = 4  # shorter words are left as typed: too many real words are one letter from another
MIN_CORRECTED = 6  # a typo is corrected only to a listed word this long ("balence" -> "balance", not "hard" -> "heard")
SPELLINGS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"), ("yse", "yze"), ("our", "or"), ("ours", "ors"),
    ("ogue", "og"), ("tre", "ter"), ("bre", "ber"), ("que", "ck"), ("quing", "cking"), ("ques", "cks"), ("yre", "ire"), ("yres", "ires"), ("ller", "ler"),
    ("lled", "led"), ("lling", "ling"), ("mme", "m"),
)
"""British endings and their American spelling ("recognise", "colour", "centre", "cheque", "tyre", "cancelled", "programme"): a word the
lists don't hold is tried with the other spelling."""


def _edits(word: str, lex: Lexicon) -> set[str]:
    """Listed words one typing slip away: a letter left out, a letter doubled, two letters swapped, or a vowel for another
    ("acount", "stollen", "paymnet", "balence"), never at the first letter. A consonant for another ("power" is not
    "tower"), a letter too many that is not a double ("charger" is not "charge") and a letter before the word ("part"
    is not "apart") are words of their own too often. A letter left out is looked up in the lists' words with one letter
    taken out (made once), so a long sentence of unknown words stays fast."""
    head, body = word[0], word[1:]
    splits = [(body[:i], body[i:]) for i in range(len(body) + 1)]
    out = {a + b[1:] for a, b in splits if b and a[-1:] == b[0]}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + v + b[1:] for a, b in splits if b and b[0] in VOWELS for v in VOWELS}
    found = {w for w in (head + x for x in out) if w in lex.words}
    found |= lex.shortened.get(word, frozenset())
    found.discard(word)
    return found


@functools.lru_cache(maxsize=65536)
def _spelled(word: str, language: str) -> str:
    lex = lexicon(language)
    if len(word) < MIN_DOUBLED or not word.isalpha() or word in lex.words:
        return word
    for british, american in SPELLINGS:
        if word.endswith(british) and (other := word[: -len(british)] + american) in lex.words:
            return other
    if stem(word, language) in lex.word_stems:
        return word
    doubled = {word[:i] + word[i - 1] + word[i:] for i in range(2, len(word) + 1)}  # "bil" -> "bill"
    found = {w for w in doubled if w in lex.words}
    if len(word) >= MIN_TYPO:
        found |= {w for w in _edits(word, lex) if len(w) >= MIN_CORRECTED}
    return found.pop() if len({stem(w, language) for w in found}) == 1 else word


def spelled(word: str, lex: Lexicon) -> str:
    """``word`` as the word lists spell it: a British spelling or a typing slip of a listed word is that word, a word
    the lists hold or could be either of two is left as it is."""
    return _spelled(word, lex.language)


COMPLAINT_WORD = "unacceptable"  # a complaint group's word that an opposite of a judgment stands for


def _judged(word: str, lex: Lexicon) -> str:
    """A judgment turned into its opposite ("unfair", "dishonest", "impolite") is a complaint: the complaint group's word."""
    base = lex.language.split("-")[0]
    if word in lex.words or not word.isalpha():
        return word
    judgments = JUDGMENTS.get(base, frozenset())
    for prefix in NEGATIVE_PREFIXES.get(base, ()):
        if word.startswith(prefix) and word[len(prefix):] in judgments:
            return COMPLAINT_WORD
    return word


NOT_JUDGED = frozenset({"just"})  # "not just my balance" is no complaint
DEGREE = frozenset({"very", "really", "so", "too", "that", "even", "remotely", "exactly", "particularly", "at", "all", "the", "least", "overly", "terribly",
                    "been", "being", "be"})
"""Words between a negation and the judgment it turns round ("not *very* helpful", "not *even* polite", "not *at all* friendly")."""


def _judged_not(words: list[str], lex: Lexicon) -> list[str]:
    """A judgment said not to hold ("not fair", "wasn't very polite", "not at all professional") is a complaint, as its prefixed
    opposite is: the negation and the judgment become the complaint group's word, unless they are a listed phrase of their own
    ("this is not helpful" asks for a person)."""
    judgments = JUDGMENTS.get(lex.language.split("-")[0], frozenset()) - NOT_JUDGED
    out: list[str] = []
    for w in words:
        if w in judgments:
            j = len(out) - 1
            while j >= 0 and out[j] in DEGREE:
                j -= 1
            if j >= 0 and out[j] in NEGATORS and not _is_phrase(lex, (*out[j:], w)):
                del out[j:]
                w = COMPLAINT_WORD
        out.append(w)
    return out


MIN_PART = 3  # the shortest word a run-together compound is split into


def _is_phrase(lex: Lexicon, words: Sequence[str]) -> bool:
    node: Trie | str = lex.trie
    for w in words:
        if not isinstance(node, dict) or not isinstance(node := node.get(key(w, lex.language), ""), dict):
            return False
    return isinstance(node, dict) and _END in node


def _compounds(words: list[str], lex: Lexicon) -> list[str]:
    """Words run together or split apart as the lists don't write them: "bankcard" is "bank card" (a listed phrase), "pot
    hole" is "pothole" (a listed word). An unknown word is split only into a listed phrase: "carpet" is not "car pet"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if i + 1 < len(words) and (w not in lex.words or words[i + 1] not in lex.words) and w.isalpha() and (w + words[i + 1]) in lex.words:
            out.append(w + words[i + 1])
            i += 2
            continue
        if w not in lex.words and w.isalpha() and len(w) >= 2 * MIN_PART:
            split = next(([w[:k], w[k:]] for k in range(len(w) - MIN_PART, MIN_PART - 1, -1)
                          if w[:k] in lex.words and w[k:] in lex.words and _is_phrase(lex, (w[:k], w[k:]))), None)
            if split is not None:
                out.extend(split)
                i += 1
                continue
        out.append(w)
        i += 1
    return out


def _segment(words: Iterable[str], known: frozenset[str] | set[str]) -> list[str]:
    """Split words that carry particles ("상담원이랑" -> "상담원") into the known words they start with."""
    out: list[str] = []
    longest = max(map(len, known), default=0)
    for word in words:
        if word in known or word.isdigit():
            out.append(word)
            continue
        pieces, rest = [], word
        while rest:
            piece = next((rest[:n] for n in range(min(len(rest), longest), MIN_PIECE - 1, -1) if rest[:n] in known), None)
            if piece is None:
                break
            pieces.append(piece)
            rest = rest[len(piece):]
        if not pieces:
            out.append(word)
            continue
        out.extend(pieces)
        if len(rest) > MAX_REMAINDER:
            out.append(rest)
    return out


def analyse(text: str, language: str, known: frozenset[str] | set[str] = frozenset(), *, phrase: bool = False) -> tuple[Term, ...]:
    """The weighted terms of ``text``. ``known`` adds words (a menu's own) that Korean or Persian words may start with.
    In a flow's ``phrase`` every word was chosen, so a word no list holds counts fully; in a caller's sentence it
    counts half: it is more often the scene of a request ("after the storm") than what is asked for."""
    lex = lexicon(language)
    surface = numbers(tokens(text, language))
    if not phrase and lex.words:
        short = SHORTHAND.get(language.split("-")[0], {})
        surface = _judged_not([_judged(w, lex) for w in _compounds([spelled(w, lex) for s in surface for w in short.get(s, s).split()], lex)], lex)
    names = {w for raw in text.split()[1:] if raw[:1].isupper() and raw[1:2].islower() for w in tokens(raw, language)}
    stems = [key(w, language) for w in surface]
    if language.split("-")[0] in SEGMENTED:
        stems = _segment(stems, lex.vocabulary | known if known else lex.vocabulary)
        surface = stems
    out: list[Term] = []
    starts: list[int] = []  # the word each term starts at
    marks = [] if phrase else _marks(surface)
    i, n = 0, len(stems)
    while i < n:
        concept, end = _longest(lex, stems, surface, i)
        if concept is not None and (after := _phrase_across(marks, i, end, out, starts, surface)) is not None:
            i = after  # "bill *no sorry* the internet": a correction's words start no phrase that runs past it ("no ... internet")
            continue
        if concept is not None and concept != _DROP:  # a phrase of the same group overlapping this one ("I'll hold" + "hold the line") is one, never shorter
            end = max([end, *(e for j in range(i + 1, end) for c, e in [_longest(lex, stems, surface, j)] if c == concept)])
        if concept is not None:
            if concept != _DROP:
                out.append(("=" + concept, GENERIC_WEIGHT if concept in CONTEXT_CONCEPTS else CONTENT))
                starts.append(i)
            i = end
            continue
        weight = lex.weight(surface[i], stems[i])
        out.append((stems[i], CONTENT if weight == UNKNOWN_WEIGHT and (phrase or surface[i] in names) else weight))  # a name ("Boston") names a thing
        starts.append(i)
        i += 1
    if not phrase:
        out, starts = _corrected(out, starts, surface, marks)
        rules = (_told, _acted_on, _negated, _compared, _ordered, _another_place, _headed, _destination, _effect, _filled, _another_store,
                 _running_out, _since_taking, _billed_for, _reached_there, _again_of,
                 _not_spoken, _letting_know, _this_world, _taking, _excuse_me)
        for rule in rules:  # each reads what the ones before it left
            out = rule(out, starts, surface)
    for k in range(len(out) - 1):
        if out[k + 1][0] == ROAD and out[k][1] == UNKNOWN_WEIGHT:  # a word before "street" is its name: "elm street"
            out[k] = (out[k][0], GENERIC_WEIGHT)
        elif out[k][1] == UNKNOWN_WEIGHT and out[k + 1][1] in (UNKNOWN_WEIGHT, CONTENT) and not out[k + 1][0].startswith("="):
            if k + 2 < len(out) and out[k + 2][0].startswith("=") and out[k + 2][1] >= CONTENT and out[k + 1][1] == UNKNOWN_WEIGHT:
                continue  # they qualify the group's thing after them: "blood pressure *pills*"
            out[k] = (out[k][0], CONTENT)  # unknown words together name a thing: "parking ticket", "birth certificate"
            out[k + 1] = (out[k + 1][0], CONTENT)
    if sum(GENERIC_WEIGHT <= w != UNKNOWN_WEIGHT for _, w in out) < MIN_SCENE:  # "my water is brown": no scene, a thing
        which = _says_which(out)  # "my *thyroid* pills": which pills, not a thing of its own
        out = [(term, CONTENT if w == UNKNOWN_WEIGHT and k not in which else w) for k, (term, w) in enumerate(out)]
    return tuple(out)


WHOSE = frozenset({"my", "the", "a", "an", "your", "his", "her", "our", "their", "this", "that", "these", "those"})
"""The words before a word that says which of a group's things is meant ("*my* thyroid pills", "*the* bog planet")."""


def _says_which(out: Sequence[Term]) -> set[int]:
    """The words no list holds that only say which of a group's things is meant: between "my", "the" ... and the group's word ("my
    *thyroid* pills are running low", "can you get my *allergy* prescription ready"), as two such words do ("my *blood pressure* pills").
    They keep the half weight of a scene where a short turn would otherwise count every word no list holds as a thing named."""
    return {k for k in range(1, len(out) - 1) if out[k][1] == UNKNOWN_WEIGHT and out[k - 1][0] in WHOSE and out[k + 1][0].startswith("=")
            and out[k + 1][1] >= CONTENT}


def numbers(words: Sequence[str]) -> list[str]:
    """A number as callers and recognizers write it: "b612" is "b 612", and digits said one by one are one number ("six one two"
    is "612", as a label writes it)."""
    split = [part for w in words for part in (re.findall(r"[^\W\d_]+|\d+", w) if w.isalnum() and not w.isalpha() and not w.isdigit() else [w])]
    out: list[str] = []
    run = False  # the last word was made of digits said one by one
    for k, w in enumerate(split):
        if len(w) == 1 and w.isdigit() and k and len(split[k - 1]) == 1 and split[k - 1].isdigit() and (run or len(out[-1]) == 1) and len(out[-1]) < MAX_NUMBER:
            out[-1] += w
            run = True
        else:
            out.append(w)
            run = False
    return _teens(out)


MAX_NUMBER = 4  # digits said one by one are one number up to this long; longer runs are a phone or account number and stay apart


NEGATORS = frozenset({"not", "dont", "wont", "no", "never", "rather than", "instead of", "doesnt", "didnt", "cant", "cannot", "isnt", "arent",
                      "wasnt", "werent", "havent", "hasnt", "wouldnt", "shouldnt", "couldnt", "neither", "nor"})
NEGATION_GAP = frozenset({"a", "an", "the", "my", "i", "to", "want", "wanna", "need", "calling", "about", "for", "it", "in", "any", "speak", "understand",
                          "read", "know", "like"})
"""Words that may come between a negation and what it negates ("not *a* complaint", "I don't *want to* hold")."""
KNOWING = frozenset({"know"})
KNOWN_THINGS = frozenset({"the", "a", "an", "my", "our", "your", "when", "what", "which", "where", "how", "if"})
"""Not knowing a language negates it ("doesn't *know* english"); not knowing *the* schedule or *when* it is asks about it ("I don't know the
trash schedule")."""
LATER = (("and", "then"), ("and", "also"), ("then", "maybe"), ("and", "maybe"), ("and", "after"), ("after", "that"), ("and", "later"))
LATER_WEIGHT = 0.5


def _end(starts: list[int], k: int, surface: Sequence[str]) -> int:
    """Where term ``k``'s words end in ``surface`` (the next term's first word)."""
    return starts[k + 1] if k + 1 < len(starts) else len(surface)


def _negated(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A group said not to be wanted ("*not* a complaint, just my balance", "spanish, *not* english", "I *don't* want to hold,
    call me") counts as a generic word, if something else in the sentence is what is wanted; alone ("I did *not* get my
    bill") it is still what the call is about, unless it was refused ("I don't *want* a call back"): then it is marked
    :data:`REFUSED`, a generic word that no option's phrases hold."""
    negated, refused = set(), set()
    for k, (term, weight) in enumerate(out):
        if not term.startswith("=") or weight < CONTENT:
            continue
        if term == HUMAN and MACHINE & set(surface[starts[k]:_end(starts, k, surface)]):
            continue  # refusing the machine ("I don't want to talk to a robot") is asking for a person
        j = starts[k] - 1
        while j >= 0 and surface[j] in NEGATION_GAP and not (surface[j] in KNOWING and surface[j + 1] in KNOWN_THINGS):
            j -= 1
        if j < 0 or not (surface[j] in NEGATORS or " ".join(surface[j - 1:j + 1]) in NEGATORS):
            continue
        owner = max(m for m in range(k) if starts[m] <= j) if k and starts[0] <= j else None
        if owner is None or not out[owner][0].startswith("=") or out[owner][0] == "=no":  # not a word of a group's phrase ("not happy")
            negated.add(k)
            if WANTS & set(surface[j + 1:starts[k]]) or (term[1:] in STEERING and surface[j] in UNABLE) or term[1:] in STATES:
                refused.add(k)
    if not negated:
        return out
    if not any(w >= CONTENT and k not in negated for k, (_, w) in enumerate(out)):
        return [(REFUSED + term[1:], GENERIC_WEIGHT) if k in refused else (term, w) for k, (term, w) in enumerate(out)]
    return [(term, GENERIC_WEIGHT) if k in negated else (term, w) for k, (term, w) in enumerate(out)]


MACHINE = frozenset({"robot", "robots", "machine", "machines", "computer", "computers", "automated", "automatic", "recording", "recordings", "bot", "bots"})
"""Words for the line itself in the person group's phrases ("talk to a robot", "automated system"): said not to be wanted, they still
ask for a person."""
WANTS = frozenset({"want", "wanna", "need", "like"})
"""Words of wanting: a group negated across one ("I don't *want* to stay on hold", "I don't *need* the menu") is refused."""
UNABLE = frozenset({"cant", "cannot", "wont"})
"""Saying one can't or won't steer the call a way refuses it, as not wanting it does ("I *can't* stay on the phone", "I *won't* hold")."""
STATES = frozenset({"ready"})
"""Groups that report a state rather than ask for something: said not to hold ("the lights *aren't* steady", "it *didn't* come back on",
"I'm *not* ready"), they are refused like a thing not wanted, so "ready" is never taken for its opposite."""
REFUSED = "~"
"""What a term is prefixed with when it is the only thing the caller said and they refused it ("I don't want a call back"): it is
no evidence for the option that offers it (``~callback``), and a menu of two options may take it for the other."""


TOLD = frozenset({"was", "were", "made", "said", "told", "kept", "gave", "took", "hung", "had", "did", "didnt", "wouldnt", "wasnt", "werent", "never",
                  "got", "put", "sent", "went", "came", "spoke", "wrote", "ran", "threw", "broke", "forgot", "saw", "left", "refused"})
"""Verbs of something that happened ("the teller *was* rude", "your staff *made* me feel"): a word for somebody before one is who did it."""
TOLD_PLACE = frozenset({"at", "in", "on", "from", "behind", "over"})
TOLD_PLACE_WORDS = 3  # words of "at the front desk" allowed between somebody and what they did
AGAINST = frozenset({"against"})
OWN = frozenset({"my", "our"})
OWN_PEOPLE = frozenset({"people", "folks", "man", "woman", "lady", "guy", "guys", "person"})
"""The caller's own people ("get in touch with *my people*") are nobody the line could put them through to."""
MIN_PAST = 5  # a word ending in "ed" this long is taken for a past verb ("ignored", "laughed"); "bed", "need" are not


def _is_told(word: str) -> bool:
    return word in TOLD or (len(word) >= MIN_PAST and word.endswith("ed") and not word.endswith("eed"))


JUDGED_WHO = frozenset({"the", "a", "an", "your", "that", "this", "such", "some"})
"""Words before a judgment that make it a description of whom it is said of ("*the* worst customer service", "*a* rude agent")."""
COMPLAINT = "=complaint"


def _judged_who(out: list[Term], starts: list[int], surface: Sequence[str], k: int) -> bool:
    """Whether term ``k`` (somebody) is described by a complaint's word right before it ("this is *the worst customer service*",
    "*a rude* agent"): the caller judges them, and asks for nobody."""
    return (k > 0 and out[k - 1][0] == COMPLAINT and _end(starts, k - 1, surface) == starts[k] and starts[k - 1] > 0
            and surface[starts[k - 1] - 1] in JUDGED_WHO)


WITH = frozenset({"to", "with"})


def _talked_with(said: Sequence[str]) -> bool:
    """Whether a way of asking for somebody is told, not asked: in the past ("since i *talked* to anyone from my world") or to the
    caller's own people ("i want to talk to *my people* back home")."""
    return (len(said) > 1 and _is_told(said[0]) and said[1] in WITH) or any(a in OWN and b in OWN_PEOPLE for a, b in zip(said, said[1:], strict=False))


def _told(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A word for somebody the caller tells about is who did something, not somebody asked for: the subject of a past verb
    ("the lady at the desk *was* dismissive", "your staff *made* me feel like an idiot", "the man *ignored* me") or what a
    complaint is *against*, somebody a complaint's word describes ("*the worst* customer service"), or the caller's own people ("*my
    people*"); so does a way of asking for somebody that is told (:func:`_talked_with`). It counts as a generic word: the scene of the
    request."""
    told = set()
    for k, (term, weight) in enumerate(out):
        if term in (PERSON, HUMAN) and weight >= CONTENT and _judged_who(out, starts, surface, k):
            told.add(k)
            continue
        if term in (HUMAN, TALK) and weight >= CONTENT and _talked_with(surface[starts[k]:_end(starts, k, surface)]):
            told.add(k)
            continue
        if term != PERSON or weight < CONTENT:
            continue
        j = _end(starts, k, surface)
        if j < len(surface) and surface[j] in TOLD_PLACE:
            j = next((m for m in range(j + 1, min(len(surface), j + 2 + TOLD_PLACE_WORDS)) if _is_told(surface[m])), j)
        before = starts[k] - 1
        while before >= 0 and surface[before] in ("one", "of", "your", "the", "a", "an", "1"):
            before -= 1
        own = starts[k] > 0 and surface[starts[k] - 1] in OWN and surface[starts[k]] in OWN_PEOPLE
        if own or (j < len(surface) and _is_told(surface[j])) or (before >= 0 and surface[before] in AGAINST):
            told.add(k)
    return [(TALKED if term == TALK else term, GENERIC_WEIGHT) if k in told else (term, w) for k, (term, w) in enumerate(out)]


CORRECTIONS: tuple[tuple[str, ...], ...] = (
    ("no", "wait"), ("wait", "no"), ("no", "sorry"), ("sorry", "no"), ("no", "actually"), ("actually", "no"), ("no", "no"), ("i", "meant"),
    ("no", "i", "mean"), ("sorry", "i", "mean"), ("wait", "i", "mean"), ("um", "i", "mean"), ("uh", "i", "mean"), ("or", "rather"), ("scratch", "that"),
    ("make", "that"), ("correction",), ("um", "no"), ("uh", "no"), ("er", "no"), ("erm", "no"), ("hmm", "no"),
)
"""How a caller takes back what they just said ("dagobah *no wait* brodo", "lost card *sorry i meant* my balance", a hesitation before
"no": "english *um no* spanish")."""


ANSWERS = frozenset({"=yes", "=no"})
"""Round 15a: a yes or a no is something said, before a correction or after it ("uh yes *no sorry* no"), though it weighs a generic
word's weight (it is a menu's answer only where the menu asks)."""

HESITATIONS = frozenset({"uh", "um", "uhm", "er", "erm", "ah", "eh", "hmm", "mm", "oh"})
"""Sounds a caller makes while finding the word ("*uh* internet no the bill"): nothing said."""
CORRECTED_BY_NO = frozenset({"the", "my", "a", "an"})
"""What follows a bare "no" that takes back the thing just named ("uh balance *no the* hours", "internet *no my* bill"): a thing named
again, where "no" before a thing itself ("no signal") says it is missing."""
NAMED_BEFORE_NO = 3  # at most this many words (hesitations aside) named the thing a bare "no" takes back
WAIT = "wait"
"""A correction with nothing before it is no request of its own if the caller stops themselves in it ("uh *wait no* call me back"): its
other words may answer ("*no sorry* that's all", "*uh no* service") or start a request ("*i meant* to take two")."""


def _marks(surface: Sequence[str]) -> list[tuple[int, int]]:
    """Where a caller takes back what they said (:data:`CORRECTIONS`), and a bare "no" after a thing named in a few words, before
    the thing meant ("uh internet *no* the bill sorry", "balance *no* the hours")."""
    marks = [(k, k + len(m)) for k in range(len(surface)) for m in CORRECTIONS if tuple(surface[k:k + len(m)]) == m]
    for k in range(1, len(surface) - 1):
        if surface[k] != "no" or surface[k + 1] not in CORRECTED_BY_NO:
            continue
        named = [w for w in surface[:k] if w not in HESITATIONS]
        if 0 < len(named) <= NAMED_BEFORE_NO and "no" not in named:
            marks.append((k, k + 1))
    return marks


def _takes_back(out: Sequence[Term], starts: Sequence[int], surface: Sequence[str], begin: int, stop: int) -> bool:
    """Whether the correction at ``begin:stop`` takes something back or is no request of its own: something was said before it, or the
    caller stops themselves in it ("wait")."""
    return any(w >= UNKNOWN_WEIGHT and starts[k] < begin for k, (_, w) in enumerate(out)) or WAIT in surface[begin:stop]


def _phrase_across(marks: Sequence[tuple[int, int]], i: int, end: int, out: Sequence[Term], starts: Sequence[int],
                   surface: Sequence[str]) -> int | None:
    """Where a phrase found at word ``i`` (ending at ``end``) should start again: after the correction it begins in and runs past
    ("bill *no sorry* the internet" is no "no ... internet"; "uh wait *no* call me back" no refused call back). A phrase that starts
    later inside a correction after an answer was given keeps its words: in "yeah *no wait no* thanks" the caller's "no thanks" is the
    answer that corrects the "yeah", not a correction's "no"."""
    for begin, stop in marks:
        if begin <= i < stop < end and _takes_back(out, starts, surface, begin, stop):
            answered = any(term in ANSWERS and starts[k] < begin for k, (term, _) in enumerate(out))
            if i == begin or not answered:
                return stop
    return None


def _corrected(out: list[Term], starts: list[int], surface: Sequence[str], marks: Sequence[tuple[int, int]]) -> tuple[list[Term], list[int]]:
    """A caller who corrects themselves means what they said last ("english *no wait* spanish", "directions *no sorry i mean* a
    planet", "uh balance *no* the hours", "uh directions *no* the planets"): what came before the last correction is taken back, if
    something was said before it (a yes or a no counts: "uh yes *no sorry* no") and something after. A correction with nothing before
    it where the caller stops themselves is no request of its own ("uh *wait no* call me back" is a call back, not waiting). A turn
    that starts with what is not meant is read by :func:`_not_that`. Round 15b's bare "no" before "the", "my", "a" (``marks``, from
    :func:`_marks`, found once for the phrases and for this) and round 15a's after a thing that was all the caller had said
    (:func:`_bare_no`) are both corrections."""
    for begin, end in sorted(set(marks) | set(_bare_no(out, starts, surface)), key=lambda mark: -mark[1]):
        before = any((w >= UNKNOWN_WEIGHT or term in ANSWERS) and starts[k] < begin for k, (term, w) in enumerate(out))
        after = [k for k, (term, w) in enumerate(out) if starts[k] >= end and (w >= UNKNOWN_WEIGHT or term in ANSWERS)]
        if before and after:
            keep = [k for k in range(len(out)) if starts[k] >= end]
            return [out[k] for k in keep], [starts[k] for k in keep]
        if after and _takes_back(out, starts, surface, begin, end):
            keep = [k for k in range(len(out)) if not begin <= starts[k] < end]
            return [out[k] for k in keep], [starts[k] for k in keep]
    return _not_that(out, starts, surface)


# -- round 15a: a self-correction said with a bare "no", and "not X, Y" at the start of a turn --------------------------------------------

def _bare_no(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[tuple[int, int]]:
    """A bare "no" right after a group or a name that is all the caller had said, before another, takes the first back as "no wait"
    does ("uh directions *no* the planets", "spanish *no* english", "brodo *no* the swamp one"): the marks (where "no" starts and ends)
    for :func:`_corrected`. Said after anything more than hesitations ("my card no money", "the bins no pickup since monday" leave the
    "no" to the negation), or before nothing more than generic words, it is not one."""
    marks = []
    for k in range(1, len(out)):
        j = starts[k]
        if surface[j] != "no" or _end(starts, k, surface) != j + 1:
            continue
        p = k - 1
        if not (out[p][1] >= UNKNOWN_WEIGHT and _end(starts, p, surface) == j):
            continue
        if any(w > FILLER_WEIGHT for _, w in out[:p]):
            continue
        after = next((m for m in range(k + 1, len(out)) if out[m][1] > FILLER_WEIGHT), None)
        if after is not None and out[after][1] >= UNKNOWN_WEIGHT and out[after][0] != out[p][0]:
            marks.append((j, j + 1))
    return marks


LEADING_NOT = frozenset({"not"})
NOT_THAT_GAP = frozenset({"the", "a", "an", "my", "that", "this"})
"""What may stand between a leading "not" and the thing taken back ("not *the* swamp, the asteroid")."""


def _not_that(out: list[Term], starts: list[int], surface: Sequence[str]) -> tuple[list[Term], list[int]]:
    """A turn that starts by saying what is not meant, then says what is ("*not the pharmacist* the refill one", "*not the swamp* the
    asteroid", "*not the refill* i have a question"), means what follows: the leading "not" and the one thing after it are taken back,
    if a word more than a filler follows it (what is left may then be too little to route: asked again, never the thing refused).
    Only hesitations may come before "not" (a "not" later in the turn is the negation's), and a "not" before a word of little weight
    ("not sure", "not working") is left alone."""
    k = 0
    while k < len(out) and out[k][1] <= FILLER_WEIGHT:
        k += 1
    if k >= len(out) or surface[starts[k]] not in LEADING_NOT or _end(starts, k, surface) != starts[k] + 1:
        return out, starts
    x = k + 1
    while x < len(out) and surface[starts[x]] in NOT_THAT_GAP:
        x += 1
    if x >= len(out) or out[x][1] < UNKNOWN_WEIGHT:
        return out, starts
    if not any(w >= GENERIC_WEIGHT for _, w in out[x + 1:]):
        return out, starts
    return out[x + 1:], starts[x + 1:]


def _ordered(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """Two requests in one sentence ("my balance *and then* the opening hours"): the first is what the call is for, so what
    comes after counts half, if something came before."""
    pairs = [k for k in range(len(surface) - 1) if (surface[k], surface[k + 1]) in LATER]
    if not pairs:
        return out
    cut = pairs[0]
    if not any(w >= CONTENT and starts[k] < cut for k, (_, w) in enumerate(out)):
        return out
    return [(term, w * LATER_WEIGHT) if starts[k] > cut else (term, w) for k, (term, w) in enumerate(out)]


OTHER_PLACES = frozenset({"library", "libraries", "airport", "hotel", "restaurant", "gym", "mall", "bar", "school", "hospital", "museum", "pool",
                          "zoo", "park", "church", "stadium", "theater", "theatre", "cinema", "supermarket", "courthouse"})
"""Places that are no caller's line: beside a request they are its scene ("the pothole by the *library*"), but asked when they open they
are the place asked about ("when does the *library* open")."""
THE = frozenset({"the", "that", "this"})
OPENING = "=hours"
PLACE = "=branch"
ANY_PLACE = frozenset({"office", "offices"})
"""A line's words for its place that any place may be called ("the *post office*", "the *doctor's office*"); "branch" is the line's own."""


def _another_place(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A place no line is ("the library", "the gym") right before its opening hours ("when does *the library open*", "is *the gym* open")
    is the place asked about, a thing named that no option holds: the opening hours asked are another place's, so they are confirmed
    or asked again, not taken for the line's own. So is a line's word for a place made another place by a word no list holds right
    before it ("when does the *post office* open", "is the *box office* open")."""
    named = {k for k in range(len(out) - 1)
             if out[k][1] == GENERIC_WEIGHT and surface[starts[k]] in OTHER_PLACES and starts[k] and surface[starts[k] - 1] in THE
             and out[k + 1][0] == OPENING and starts[k + 1] == starts[k] + 1}
    hours = any(term == OPENING for term, _ in out)
    other = {k for k in range(len(out) - 1)
             if hours and out[k][1] == UNKNOWN_WEIGHT and out[k + 1][0] == PLACE and surface[starts[k + 1]] in ANY_PLACE
             and starts[k + 1] == starts[k] + 1 and starts[k] and surface[starts[k] - 1] in THE}
    named |= other
    places = {k + 1 for k in other}
    if not named:
        return out
    return [(term, CONTENT) if k in named else (term, GENERIC_WEIGHT) if k in places else (term, w) for k, (term, w) in enumerate(out)]


JOURNEYS = frozenset({"=directions", "=ride"})
"""Groups that go somewhere: where to is their destination ("which way *to the landing site*", "a ride *to the spaceport*")."""
MOVES = frozenset({"=moving"})
"""A move goes somewhere too: where to is its destination ("i'm moving *to florida*", "we're relocating *to austin*"), not a thing asked for."""
TOWARDS = frozenset({"to", "towards", "toward", "into"})
PLACE_GAP = frozenset({"the", "a", "an", "my", "our", "your", "that", "this", "back", "get", "go"})


def _destination(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """Where a journey goes is not another request: after a group that goes somewhere and "to" ("which way to the *landing site*"),
    the words no list holds up to the next group are the destination, generic words."""
    places = set()
    for k, (term, weight) in enumerate(out):
        if term not in JOURNEYS | MOVES or weight < CONTENT:
            continue
        m = k + 1
        if surface[_end(starts, k, surface) - 1] not in TOWARDS:  # "how do i get to" ends with where to
            while m < len(out) and surface[starts[m]] in PLACE_GAP:
                places.add(m)  # "the route *back* to": the way, not the menu
                m += 1
            if m >= len(out) or surface[starts[m]] not in TOWARDS:
                places -= set(range(k + 1, m))
                continue
            m += 1
        while m < len(out) and not out[m][0].startswith("="):
            if out[m][1] > GENERIC_WEIGHT:
                places.add(m)
            m += 1
    return [(term, min(w, GENERIC_WEIGHT)) if k in places else (term, w) for k, (term, w) in enumerate(out)] if places else out


TAKEN = frozenset({"=medicine"})
"""Groups for what a caller takes: one that does something to the caller is an effect of it ("my pills are *giving me* headaches")."""
EFFECT = "=drug-question"
DOING = frozenset({"makes", "made", "making", "make", "gives", "gave", "giving", "give", "keeps", "kept", "keeping"})
EFFECT_WORDS = 3  # words between the medicine and what it does ("my new pills *are* making me")


def _effect(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """What a caller takes doing something to them is an effect of it, a question for whoever knows medicines: a medicine followed by
    "makes me", "is giving me", "keeps me" ("my medicine makes me feel sick", "my pills are giving me headaches"). The verb becomes
    the effect's group, beside the medicine."""
    effects = set()
    for k, (term, weight) in enumerate(out):
        if term not in TAKEN or weight < CONTENT:
            continue
        end = _end(starts, k, surface)
        for m in range(k + 1, len(out)):
            j = starts[m]
            if j - end > EFFECT_WORDS or out[m][0].startswith("="):
                break
            if surface[j] in DOING and j + 1 < len(surface) and surface[j + 1] == "me":
                effects.add(m)
                break
    return [(EFFECT, CONTENT) if k in effects else (term, w) for k, (term, w) in enumerate(out)] if effects else out


HEADS = frozenset({"=bill", "=repairs"})
"""Groups that head a compound of two groups ("my *internet bill*", "the *cell phone bill*"): what is billed is what the bill is for, not
a request of its own; so is what a repair is for ("my *spaceship engine*", "the *spaceship repair shop*"), a service no option offers."""


def _headed(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """In two groups said together, the second the head of the compound ("my internet bill is too high"), the first only says which
    one: it counts as a generic word, so the bill decides and the internet is not a second request (they were asked which)."""
    modifiers = {k for k in range(len(out) - 1)
                 if out[k + 1][0] in HEADS and out[k][0].startswith("=") and out[k][0] != out[k + 1][0] and out[k][1] >= CONTENT
                 and out[k + 1][1] >= CONTENT and _end(starts, k, surface) == starts[k + 1]}
    return [(term, GENERIC_WEIGHT) if k in modifiers else (term, w) for k, (term, w) in enumerate(out)] if modifiers else out


ACTIONS: dict[str, frozenset[str]] = {"=moving": frozenset({"move", "moving", "relocate", "relocating", "transfer", "transferring", "take", "bring"})}
"""Groups that act on a thing, and the verbs that end them when they do ("*move* my internet", "*transfer* the service")."""
OBJECT_GAP = frozenset({"my", "the", "our", "a", "an", "all", "of", "over"})


def _acted_on(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A group right after a verb that acts on it is what it acts on ("*move my internet* to my new address" is moving, not
    internet help): it counts as a generic word. "Since I *moved house* my internet keeps dropping" has no object: moving ends
    with "house", and both keep their weight."""
    acted = set()
    for k, (term, weight) in enumerate(out):
        verbs = ACTIONS.get(term)
        if verbs is None or weight < CONTENT or k + 1 >= len(out):
            continue
        last = starts[k + 1] - 1
        if surface[last] not in verbs:
            continue
        m = k + 1
        while m < len(out) and not out[m][0].startswith("=") and surface[starts[m]] in OBJECT_GAP:
            m += 1
        if m < len(out) and out[m][0].startswith("=") and out[m][0] != term and out[m][1] >= CONTENT:
            acted.add(m)
    return [(term, GENERIC_WEIGHT) if k in acted else (term, w) for k, (term, w) in enumerate(out)]


COMPARED = frozenset({"than"})


def _compared(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """What a caller compares with is not what they ask for ("my speeds are way lower *than what I'm paying for*"): after "than",
    the groups count as generic words, if something came before."""
    cut = next((k for k, w in enumerate(surface) if w in COMPARED), None)
    if cut is None or not any(w >= CONTENT and starts[k] < cut for k, (_, w) in enumerate(out)):
        return out
    return [(term, min(w, GENERIC_WEIGHT)) if starts[k] > cut and term.startswith("=") else (term, w) for k, (term, w) in enumerate(out)]


@functools.lru_cache(maxsize=16384)
def phrase_terms(phrase: str, language: str) -> tuple[Term, ...]:
    """:func:`analyse` of a flow's phrase, remembered: a designer recompiles the same phrases again and again."""
    return analyse(phrase, language, phrase=True)


def _longest(lex: Lexicon, stems: list[str], surface: list[str], start: int) -> tuple[str | None, int]:
    """The longest concept phrase starting at ``start``. Fillers may come between its words, even a filler that also goes on
    another phrase if it is a copula ("that *was* everything" is "that's everything", though "that was it" is a phrase too; "someone *to*
    pick me up" is not "someone pick up")."""
    best: tuple[str | None, int] = (None, start)
    paths: list[tuple[Trie, int, int]] = [(lex.trie, start, 0)]
    while paths:
        node, k, skipped = paths.pop()
        if k >= len(stems):
            continue
        child = node.get(stems[k])
        skippable = (surface[k] in lex.fillers and surface[k] not in CARRIERS and surface[k] not in NEGATORS
                     and (not isinstance(child, dict) or surface[k] in COPULAS))
        if k > start and skippable and skipped < MAX_SKIPPED:
            paths.append((node, k + 1, skipped + 1))
        if isinstance(child, dict):
            end = child.get(_END)
            if isinstance(end, str) and k + 1 > best[1]:
                best = (end, k + 1)
            paths.append((child, k + 1, skipped))
    return best


FILLING = frozenset({"fill", "filled", "filling", "refill", "refilled", "refilling", "renew", "renewed", "renewing"})
"""Verbs for filling a medicine again ("my blood pressure medication *filled*", "*fill* the metformin")."""
REFILL = "=refill"
FILL_GAP = 2  # words between the medicine and "filled" ("my insulin *and* *test* strips filled") or between "fill" and it ("fill *my* *usual* ...")


def _filled(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A medicine filled is a refill, however the medicine is named: "filled" right after a medicine ("i need my *blood pressure
    medication filled*") or "fill" right before one ("can you *fill my* lisinopril"), a few words apart at most, becomes the refill's
    group. "Filled" alone is too many things' ("fill in a pothole", "filled out the form")."""
    filled = set()
    for k, (term, weight) in enumerate(out):
        if term not in TAKEN or weight < CONTENT:
            continue
        end = _end(starts, k, surface)
        after = next((m for m in range(k + 1, len(out)) if starts[m] - end <= FILL_GAP and surface[starts[m]] in FILLING
                      and _end(starts, m, surface) == starts[m] + 1), None)
        before = next((m for m in range(k - 1, -1, -1) if starts[k] - _end(starts, m, surface) <= FILL_GAP and surface[starts[m]] in FILLING
                       and _end(starts, m, surface) == starts[m] + 1), None)
        filled |= {m for m in (after, before) if m is not None and not out[m][0].startswith("=")}
    return [(REFILL, CONTENT) if k in filled else (term, w) for k, (term, w) in enumerate(out)] if filled else out


TEENS = {"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
         "eighteen": "18", "nineteen": "19"}
"""The numbers a caller says after a digit to make one number of them, as "six twelve" is 612 ("asteroid b *six twelve*")."""


def _teens(words: list[str]) -> list[str]:
    """A digit said alone and a number from ten to nineteen right after it are one number ("six twelve" is "612", as a label writes it)."""
    out: list[str] = []
    for w in words:
        if w in TEENS and out and len(out[-1]) == 1 and out[-1].isdigit():
            out[-1] += TEENS[w]
        else:
            out.append(w)
    return out


SHOPS = frozenset({"store", "shop", "market", "mart", "stand", "bakery", "outlet"})
"""A caller's generic words for a shop: made another one by a word no list holds right before them ("the *grocery store*")."""


def _another_store(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A shop another word makes another one ("when does *the grocery store* open", "is *the hardware store* next door open"), asked
    when it opens, is the place asked about, as another place is (:func:`_another_place`): that word names a thing no option holds, so
    the line's own opening hours are confirmed or asked again, not taken. "The store", "the pharmacy store" stay the line's."""
    if not any(term == OPENING for term, _ in out):
        return out
    named = {k - 1 for k in range(1, len(out))
             if surface[starts[k]] in SHOPS and out[k][1] == GENERIC_WEIGHT and out[k - 1][1] == UNKNOWN_WEIGHT and starts[k - 1] == starts[k] - 1
             and starts[k - 1] and surface[starts[k - 1] - 1] in THE}
    return [(term, CONTENT) if k in named else (term, w) for k, (term, w) in enumerate(out)] if named else out


# -- round 14b: situations told without naming the option ---------------------------------------------------------------------------

RUNNING_OUT = frozenset({"last", "left", "gone", "empty", "short", "finished", "through", "remaining", "low", "done", "again", "lasting",
                         "running", "finish", "over"})  # round 15a: "my pills is almost *finish*", "my medicine is *over*"
"""Words that tell a medicine is running out or due again, said after it ("my son's inhaler is on its *last* few puffs", "my dad's water
pills are all *gone*", "my allergy tablets won't *last* the trip", "she needs her pills *done*")."""
RUNNING_OUT_BEFORE = frozenset({"last", "again", "same", "end", "rest"})
"""The same told before the medicine, with "of" or "for" between ("the *last* of my asthma preventer", "the *last* week of my birth
control pack", "that time of the month *again* for my seizure medication", "*same again* on my heart meds")."""
RUNNING_OUT_WHICH = 2  # words no list holds between "again" and the medicine, saying which one
RUNNING_OUT_WORDS = 4  # words between the medicine and what tells it runs out ("my tablets *are* *almost* gone")
RUNNING_OUT_GAP = frozenset({"of", "for", "on", "my", "the", "his", "her", "our", "their", "week", "month", "bit", "few", "couple", "2", "this"})


def _running_out(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A medicine told to be running out or due again is a refill, however the medicine is named and whatever the telling word's own
    group elsewhere ("gone" is a lost card's, "again" hearing it again, "remaining" a balance's): a word of :data:`RUNNING_OUT` a few
    words after a medicine, with no other group between, or one of :data:`RUNNING_OUT_BEFORE` before it with only "of", "for", "my" and
    the like between, becomes the refill's group. A medicine that does something to the caller is the pharmacist's and keeps its
    effect (:func:`_effect` runs first, and a group between stops the search)."""
    refill = set()
    for k, (term, weight) in enumerate(out):
        if term not in (*TAKEN, REFILL) or weight < CONTENT:
            continue
        end = _end(starts, k, surface)
        for m in range(k + 1, len(out)):
            if starts[m] - end > RUNNING_OUT_WORDS:
                break
            if surface[starts[m]] in RUNNING_OUT:
                refill.add(m)
                break
            if out[m][0].startswith("=") and out[m][1] >= CONTENT:
                break
        m, which = k - 1, 0
        while m >= 0 and not out[m][0].startswith("=") and (surface[starts[m]] in RUNNING_OUT_GAP or out[m][1] == UNKNOWN_WEIGHT):
            which += out[m][1] == UNKNOWN_WEIGHT  # which medicine: "my *heart* meds", "my *seizure* medication"
            m -= 1
        if which > RUNNING_OUT_WHICH:
            continue
        if m >= 0 and m < k - 1 and surface[starts[m]] in RUNNING_OUT_BEFORE and not any(
                surface[starts[j]] in NEGATORS for j in range(max(0, m - 2), m)):
            refill.add(m)
    if not refill or any(term == EFFECT for term, _ in out):
        return out
    return [(REFILL, CONTENT) if k in refill else (term, w) for k, (term, w) in enumerate(out)]


SINCE = frozenset({"since", "after"})
"""What a symptom is told to have come with ("i've been dizzy *since* the new pills", "a rash *after* starting the antibiotics")."""


def _since_taking(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A medicine or a new prescription a symptom came *since* or *after* is the symptom's cause, the scene of a question for whoever
    knows medicines: beside the pharmacist's group, the refill's group or a medicine a few words after "since" counts as a generic
    word ("my stomach's been upset *since the new prescription*" is no refill)."""
    if not any(term == EFFECT and w >= CONTENT for term, w in out):
        return out
    cause = set()
    for k, w in enumerate(surface):
        if w not in SINCE:
            continue
        cause |= {m for m, (term, weight) in enumerate(out) if term in (REFILL, *TAKEN) and weight >= CONTENT and 0 < starts[m] - k <= FILL_GAP + 2}
    return [(term, GENERIC_WEIGHT) if k in cause else (term, w) for k, (term, w) in enumerate(out)] if cause else out


BILLED = frozenset({"=bill"})
BILLED_GAP = frozenset({"for", "the", "my", "our", "a", "your"})


def _billed_for(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """What a bill is *for* says which bill, as a compound's first word does (:func:`_headed`): "an invoice from the city *for the trash
    service*" is a bill, not the trash days; the group after "for" counts as a generic word."""
    which = set()
    for k, (term, weight) in enumerate(out):
        if term not in BILLED or weight < CONTENT:
            continue
        m = k + 1
        if m < len(out) and surface[starts[m]] == "for":
            while m < len(out) and surface[starts[m]] in BILLED_GAP and not out[m][0].startswith("="):
                m += 1
            if m < len(out) and out[m][0].startswith("=") and out[m][0] not in BILLED and out[m][1] >= CONTENT:
                which.add(m)
    return [(term, GENERIC_WEIGHT) if k in which else (term, w) for k, (term, w) in enumerate(out)] if which else out


REACHING = frozenset({"reach", "call", "ring", "phone", "contact", "message", "text", "visit"})
"""Verbs of getting to somebody somewhere: "*reach* someone there" is somebody at the place the caller named, not the line's person."""


def _reached_there(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A person the caller wants to *reach* or *call* (a way of asking for somebody, "someone there", right after such a verb) is somebody
    at the place they told of ("my x wing is sinking in a bog and i need to *reach someone there*"), not a request for the line's own
    person: it counts as a generic word. "Is anyone there" still asks for a person."""
    reached = {k for k, (term, weight) in enumerate(out)
               if term in (HUMAN, PERSON, TALK) and weight >= CONTENT and starts[k] and surface[starts[k] - 1] in REACHING}
    return [(TALKED, GENERIC_WEIGHT) if k in reached else (term, w) for k, (term, w) in enumerate(out)] if reached else out


AGAIN = frozenset({"again"})
STEERED_AGAIN = frozenset({"=menu", "=other"})


def _again_of(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """"Again" right after going back or the other options is theirs ("the top menu *again*", "the beginning *again* please"), not a
    request to hear the message again: it counts as a filler there."""
    again = {k for k in range(1, len(out)) if out[k][0] == "=repeat" and _end(starts, k, surface) - starts[k] == 1
             and surface[starts[k]] in AGAIN and out[k - 1][0] in STEERED_AGAIN}
    return [(term, FILLER_WEIGHT) if k in again else (term, w) for k, (term, w) in enumerate(out)] if again else out


LANGUAGES = frozenset({"=english", "=spanish", "=persian"})
SPEAKING = frozenset({"speak", "speaks", "understand", "understands", "read", "know", "knows"})


def _not_spoken(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """A language the caller says they don't speak ("i *don't speak* spanish", "my dad *doesn't understand* farsi") is refused, never
    taken for the language itself (it was sent there at once). "English, no, Spanish" is a correction, not this: only a negation with a
    verb of speaking refuses."""
    refused = set()
    for k, (term, weight) in enumerate(out):
        if term not in LANGUAGES or weight < CONTENT:
            continue
        j = starts[k]
        if surface[j] not in SPEAKING:
            j -= 1
            if j < 0 or surface[j] not in SPEAKING:
                continue
        if j > 0 and surface[j - 1] in NEGATORS:
            refused.add(k)
    if not refused:
        return out
    rest = any(w >= CONTENT and k not in refused for k, (_, w) in enumerate(out))
    return [((term, GENERIC_WEIGHT) if rest else (REFUSED + term[1:], GENERIC_WEIGHT)) if k in refused else (term, w)
            for k, (term, w) in enumerate(out)]


LETTING = ("let", "know")
NOT_TOLD = frozenset({"me", "us", "you"})
GET_IN_TOUCH = "=get-in-touch"
LET_WORDS = 3  # words between "let" and "know" ("let *my* *mum* know", "let *the* *whole* *family* know")


def _letting_know(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """Letting somebody know ("i need to *let my people know* where i am", "*let the family know* i landed") is getting in touch with
    them, and whoever is let know is who the caller reaches, not a person asked for: "let" becomes the group of getting in touch, a word
    for somebody up to "know" a generic word. "Let *me* know" asks the line to tell the caller and is left alone."""
    begin = next((k for k, w in enumerate(surface) if w == LETTING[0]), None)
    if begin is None:
        return out
    know = next((j for j in range(begin + 2, min(len(surface), begin + 2 + LET_WORDS)) if surface[j] == LETTING[1]), None)
    if know is None or NOT_TOLD & set(surface[begin + 1:know]):
        return out
    inside = {k for k in range(len(out)) if begin <= starts[k] <= know}
    if any(out[k][0].startswith("=") and out[k][0] not in (PERSON, HUMAN) and out[k][1] >= CONTENT for k in inside):
        return out
    first = min(inside)
    return [(GET_IN_TOUCH, CONTENT) if k == first else (term, min(w, GENERIC_WEIGHT)) if k in inside else (term, w) for k, (term, w) in enumerate(out)]


PLANET = "=planet"
HERE = frozenset({"this"})


def _this_world(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """*This* planet, *this* world is where the caller is ("i'm lost on *this planet*"), not one to call: it counts as a generic word."""
    here = {k for k, (term, w) in enumerate(out) if term == PLANET and starts[k] and surface[starts[k] - 1] in HERE}
    return [(term, GENERIC_WEIGHT) if k in here else (term, w) for k, (term, w) in enumerate(out)] if here else out


# -- round 15a: taking a medicine ------------------------------------------------------------------------------------------------------

TAKING = frozenset({"take", "takes", "taking", "took", "taken"})
TAKING_WORDS = 3  # words between "take" and the medicine ("take *this* medicine", "taken *my* *blood* tablets")
TAKEN_PRONOUNS = frozenset({"them", "it", "these", "those", "they"})
"""A medicine named before "take" may be taken as "them", "it", "these" ("my tablets, whether i can *take them* with my other ones")."""


def _taking(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """Taking a medicine is how it is taken, a question for whoever knows medicines ("i can *take* this medicine with the alcohol",
    "i forget *take* my pill yesterday", "i think i've *taken* my tablets twice"): a form of "take" a few words before a medicine, with
    no other group between, or right before "them", "it", "these" after one, is the pharmacist's group, not the lost card's "taken".
    A medicine told running out or due again (the refill's group, :func:`_running_out`) keeps the refill ("i need to take again the
    same medicine"), and so does a turn that tells, however far from the medicine, that some are left or gone ("i take a pill every
    day and i only have two *left*")."""
    if any(term == REFILL for term, _ in out) or (RUNNING_OUT - {"again"}) & set(surface):
        return out
    taking = set()
    for k in range(len(out) - 1):
        if surface[starts[k]] not in TAKING or _end(starts, k, surface) != starts[k] + 1:
            continue
        end = starts[k] + 1
        if end < len(surface) and surface[end] in TAKEN_PRONOUNS and any(term in TAKEN and w >= CONTENT for term, w in out[:k]):
            taking.add(k)  # "my tablets ... can i take *them* with my other ones"
            continue
        for m in range(k + 1, len(out)):
            if starts[m] - end > TAKING_WORDS:
                break
            if out[m][0] in TAKEN and out[m][1] >= CONTENT:
                taking.add(k)
                break
            if out[m][0].startswith("=") and out[m][1] >= CONTENT:
                break
    return [(EFFECT, CONTENT) if k in taking else (term, w) for k, (term, w) in enumerate(out)] if taking else out


ATTENTION = (("excuse", "me"),)
REPEAT = "=repeat"
SOMEBODY = frozenset({TALK, PERSON, HUMAN, CONNECT})


def _excuse_me(out: list[Term], starts: list[int], surface: Sequence[str]) -> list[Term]:
    """"Excuse me" opening a request only asks for attention ("*excuse me* i'd like to go back to the beginning please", "*excuse me*
    could you send a car"): at the start of a turn (after hesitations), before a group that names a thing, it is a filler, not a
    request to hear it again; alone ("excuse me?") or with "what" it still is one. Before a request for somebody only ("excuse me who
    do i talk to about ...") it is left as it was: whom to talk to about what no option offers is no surer for the politeness."""
    k = 0
    while k < len(out) and out[k][1] <= FILLER_WEIGHT:
        k += 1
    if k >= len(out) or out[k][0] != REPEAT or tuple(surface[starts[k]:_end(starts, k, surface)]) not in ATTENTION:
        return out
    if not any(term.startswith("=") and w >= CONTENT and term not in SOMEBODY for term, w in out[k + 1:]):
        return out
    return [(term, FILLER_WEIGHT) if m == k else (term, w) for m, (term, w) in enumerate(out)]
