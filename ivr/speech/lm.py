"""Per-state language models: what a caller may say around a menu's phrases, and what else they may say.

A listening state's model is a small back-off trigram model (ARPA text, which PocketSphinx reads)
estimated from sentences built here: every phrase of the state alone and inside carrier words
("uh I'd like to ... please", "can I ...", "I'm calling about my ..."), the spoken keys ("press
two"), and requests for a person. A share of the unigram mass (``garbage``) goes to the common words
of the language, so speech outside the menu is heard as the words it is made of instead of being
forced onto a phrase. Witten-Bell smoothing works with the fractional counts the sentences carry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

START, END = "<s>", "</s>"

# Carrier words around a phrase, as callers use them (prefix, suffix). A phrase that is a noun
# ("balance") and one that is a verb phrase ("check my balance") both fit most of them well enough:
# the trigram model learns word-to-word steps, not whole templates.
PREFIXES_EN = (
    "", "", "", "uh", "um", "yes", "yeah", "oh", "hi", "hello", "well", "so",
    "i'd like to", "i would like to", "i want to", "i need to", "i wanna", "can i", "could i", "can you", "let me",
    "i'd like", "i want", "i need", "i'd like the", "i need the", "the", "my", "it's", "it's about", "it's my", "about",
    "about my", "i'm calling about", "i'm calling about my", "i'm calling to", "i have a question about",
    "i have a question about my", "i need help with", "i need help with my", "help with my", "i think",
    "uh i'd like to", "um i need to", "yes i'd like to", "hi i'd like to", "hello i need", "uh my", "um my",
    "i just want to", "i just need to", "i was wondering", "i was hoping to", "please", "is it", "i have",
)
SUFFIXES_EN = ("", "", "", "please", "thanks", "thank you", "now", "today", "please thank you", "right now", "i think")
HUMAN_REQUESTS_EN = (
    "can i talk to someone", "can i speak to someone", "can i talk to somebody", "can i just talk to somebody",
    "i want to talk to a person", "i want to speak to a person", "i need to speak to someone", "let me talk to a person",
    "put me through to someone", "transfer me to a person", "connect me to someone", "get me a real person",
    "i'd like to speak with a live person", "a real human please", "talk to a human", "speak to an agent",
    "i want a representative", "let me talk to a representative", "operator", "customer service please",
    "can i talk to a real person", "someone please", "i want to speak to a manager",
)
RELATED_WEIGHT = 0.1  # a related phrase ("how much money is left" for "balance") against a phrase of the state

KEY_WORDS_EN = ("press", "option", "number")
DIGITS_EN = ("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
DIGIT_PREFIXES_EN = ("", "", "", "uh", "um", "it's", "yes", "yes it's", "my number is", "my account number is", "the number is",
                     "that's", "my zip code is", "sure", "okay")


class Counts:
    """Weighted n-gram counts of sentences, up to ``order`` words of history plus one."""

    def __init__(self, order: int = 3) -> None:
        self.order = order
        self.grams: list[dict[tuple[str, ...], dict[str, float]]] = [defaultdict(lambda: defaultdict(float)) for _ in range(order)]

    def add(self, words: Sequence[str], weight: float = 1.0) -> None:
        seq = (START, *words, END)
        for i in range(1, len(seq)):
            for n in range(self.order):
                if i - n < 0:
                    break
                history = seq[i - n : i]
                self.grams[n][history][seq[i]] += weight


def arpa(counts: Counts, common: Mapping[str, float], garbage: float, openness: float = 0.0) -> str:
    """An ARPA back-off model: Witten-Bell at every order, over a unigram level that mixes the
    sentences' words (``1 - garbage``) with the ``common`` words' own distribution (``garbage``).
    ``openness`` of every history's mass is kept for words never seen after it, so "can I change my"
    may go on with "address" although every sentence had a phrase there."""
    seen = counts.grams[0][()]
    total = sum(seen.values())
    vocab = set(seen) | set(common)
    common_total = sum(common.values()) or 1.0
    unigram = {w: (1 - garbage) * seen.get(w, 0.0) / total + garbage * common.get(w, 0.0) / common_total for w in vocab}
    unigram.pop(START, None)
    levels: list[dict[tuple[str, ...], float]] = [{(w,): p for w, p in unigram.items()}]
    backoff: list[dict[tuple[str, ...], float]] = [{}]

    def lower(n: int, gram: tuple[str, ...]) -> float:
        """P(last word | the history shortened to n-1 words), backing off as far as needed."""
        if n == 0:
            return unigram[gram[-1]]
        prob = levels[n].get(gram[-n - 1 :])
        if prob is not None:
            return prob
        return backoff[n - 1].get(gram[-n - 1 : -1], 1.0) * lower(n - 1, gram)

    for n in range(1, counts.order):
        probs: dict[tuple[str, ...], float] = {}
        alphas: dict[tuple[str, ...], float] = {}
        for history, successors in counts.grams[n].items():
            c = sum(successors.values())
            types = len(successors)
            kept, below = 0.0, 0.0
            for w, cw in successors.items():
                shorter = lower(n - 1, (*history, w))
                p = (1 - openness) * (cw + types * shorter) / (c + types)
                probs[(*history, w)] = p
                kept += p
                below += shorter
            alphas[history] = (1 - kept) / (1 - below) if below < 1 else 1e-9
        levels.append(probs)
        backoff[n - 1].update(alphas)  # a history of n words backs off from order n+1 to order n
        backoff.append({})
    lines = ["\\data\\"]
    sizes = [len(levels[0]) + 1, *(len(level) for level in levels[1:])]
    lines += [f"ngram {n + 1}={size}" for n, size in enumerate(sizes)]
    for n, level in enumerate(levels):
        lines += ["", f"\\{n + 1}-grams:"]
        if n == 0:
            lines.append(f"-99.0000\t{START}\t{_log(backoff[0].get((START,), 1.0)):.4f}")
        for gram, p in sorted(level.items()):
            bo = backoff[n].get(gram) if n + 1 < len(levels) else None
            lines.append(f"{_log(p):.4f}\t{' '.join(gram)}" + (f"\t{_log(bo):.4f}" if bo is not None else ""))
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def _log(p: float) -> float:
    return math.log10(p) if p > 0 else -99.0


def sentences(phrases: Iterable[Sequence[str]], keys: Iterable[str],
              prefixes: Iterable[str] = PREFIXES_EN, suffixes: Iterable[str] = SUFFIXES_EN,
              humans: Iterable[str] = HUMAN_REQUESTS_EN, related: Iterable[Sequence[str]] = (),
              related_weight: float = RELATED_WEIGHT, human_weight: float = 1.0) -> Counts:
    """The training sentences of one state: each phrase alone and in every carrier, keys, people, and
    ``related`` phrases (other ways of saying what a phrase means) with ``related_weight`` of a phrase's."""
    counts = Counts()
    pre = [p.split() for p in prefixes]
    post = [s.split() for s in suffixes]
    for phrase, weight in [*((p, 1.0) for p in phrases), *((r, related_weight) for r in related)]:
        counts.add(phrase, 4.0 * weight)
        for p in pre:
            for s in post:
                counts.add([*p, *phrase, *s], weight / len(post))
    for key in keys:
        counts.add([key], 2.0)
        for word in KEY_WORDS_EN:
            counts.add([word, key], 1.0)
    for h in humans:
        counts.add(h.split(), human_weight)
    return counts


def digit_sentences(phrases: Iterable[Sequence[str]], humans: Iterable[str] = HUMAN_REQUESTS_EN) -> Counts:
    """The training sentences of a digits question: any run of digits, alone or after a few carrier
    words ("my account number is ..."), and its other phrases (asking for a person) as in a menu."""
    counts = Counts()
    for a in DIGITS_EN:
        for b in DIGITS_EN:
            for c in DIGITS_EN:
                counts.add([a, b, c], 0.05)
    for prefix in DIGIT_PREFIXES_EN:
        for a in DIGITS_EN:
            counts.add([*prefix.split(), a, a, a], 0.2)
    digits = set(DIGITS_EN)
    others = [p for p in phrases if not set(p) <= digits]
    for phrase in others:
        counts.add(phrase, 2.0)
    for h in humans:
        counts.add(h.split(), 0.5)
    return counts
