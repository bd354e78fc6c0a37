"""PocketSphinx: the embedded recognizer that works offline out of the box.

Its English model ships inside the ``pocketsphinx`` wheel. Each menu-like state gets its own small
language model (:mod:`ivr.speech.lm`), built from the same phrase list the compiler derived plus
the spoken keys ("press one"), carrier words around them ("uh I'd like to ... please") and, with a
small share, the few thousand most common English words: a caller can say words around a phrase
and they are heard, and speech outside the menu is heard as the words it is made of instead of
being forced onto a phrase. Digit questions keep a grammar of digits; free-speech states use the
general English language model. An endpointer finds where the caller stops speaking, as a live
call would.

Confidence is calibrated, not assumed: the word posteriors of the lattice (how much of the
recognizer's belief the words heard hold, against every other path) are mapped to the chance that
the engine decides on the heard words what it would on the caller's true words, fitted on
synthetic callers (bench/hearing.py).

A phone line (Twilio's media streams, or the simulator's ``--telephone``) keeps 300-3400 Hz of the caller at
8 kHz, and the model, trained on wideband speech, mishears much more of it. ``phone=True`` reads the model
with ``phone.mllr``: one linear transform of its Gaussians' means toward phone-band speech, estimated once by
scripts/adapt_phone.py (docs/speech.md, "The phone line's own model"). Wideband audio (a microphone) keeps the
model as it ships: the transform makes it hear wideband speech worse.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pocketsphinx import Decoder, Endpointer, get_model_path

from ivr.engine.effects import Listen
from ivr.errors import UsageError
from ivr.flow.text import DIGIT_WORDS
from ivr.speech import Recognized, lm, spell, tokens, unknown

_NUMBERS = {d: w for w, d in DIGIT_WORDS["en"].items()} | {"*": "star", "#": "pound"}
_KEY_WORDS = ("press", "option", "number")
_QUIET = bytes(2 * 16_000 // 5)  # 0.2 s of silence
_VARIANT = re.compile(r"\(\d+\)$")  # a pronunciation variant's mark ("read(2)")
_FILLER_MARKS = ("<", "[", "+")  # how the decoder's silences and fillers begin ("<sil>", "[SPEECH]", "+breath+")
_DIGIT_SOUNDALIKES = frozenset(["to", "too", "for", "fore", "won", "ate", "o", "owe", "oh", "nein", "sicks", "tree", "free", "fine",
                                "won't", "want", "ten", "then", "than", "and", "a", "i", "by", "buy"])
END_OF_SPEECH = 0.6  # seconds of (mostly) silence that end a caller's turn
COMMON_WORDS = 3000  # how many of English's most common words a menu state can hear besides its own
GARBAGE = 0.15  # the share of a menu state's unigram mass that goes to them
OPENNESS = 0.0  # the share of every history's mass kept for words never seen after it
READINGS = 10  # n-best paths whose words the engine checks for agreement (docs/speech.md, "Readings that agree")
PHONE_MLLR = os.path.join(os.path.dirname(__file__), "phone.mllr")


def _words(phrase: str) -> list[str]:
    """A phrase's words with hyphens split ("wi-fi" -> "wi fi"), digits as English words."""
    return [w for token in tokens(phrase, _NUMBERS) for w in token.split("-") if w]


@functools.lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    words = set()
    with open(os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict"), encoding="utf-8") as f:
        for line in f:
            words.add(line.split(" ", 1)[0])
    return frozenset(words)


def vocabulary_check() -> Callable[[str, str], list[str] | None]:
    """(language, phrase) -> the words of an English phrase PocketSphinx's dictionary lacks; None for other languages."""

    def unheard(language: str, phrase: str) -> list[str] | None:
        if language.split("-")[0] != "en":
            return None
        return unknown(phrase, _dictionary_words().__contains__, _NUMBERS)

    return unheard


@dataclass(frozen=True)
class Word:
    """One word of the best path: its spelling, its posterior probability and where it is."""

    word: str
    posterior: float
    start: int
    end: int


class SphinxRecognizer:
    name = "pocketsphinx"
    sample_rate = 16_000

    def __init__(self, common: int = COMMON_WORDS, garbage: float = GARBAGE, openness: float = OPENNESS,
                 related: bool = True, related_weight: float = lm.RELATED_WEIGHT, human_words: bool = False,
                 human_weight: float = 1.0, phone: bool = False, readings: int = READINGS) -> None:
        model = get_model_path()
        self.phone, self.reading_paths = phone, readings
        self.dictionary = os.path.join(model, "en-us", "cmudict-en-us.dict")
        adapted = {"mllr": PHONE_MLLR} if phone else {}
        self.decoder = Decoder(hmm=os.path.join(model, "en-us", "en-us"), dict=self.dictionary,
                               samprate=self.sample_rate, loglevel="FATAL", **adapted)
        self.decoder.add_lm_file("free", os.path.join(model, "en-us", "en-us.lm.bin"))
        self.common, self.garbage, self.openness = common, garbage, openness
        self.related, self.related_weight = related, related_weight
        self.human_weight = human_weight
        self.human_phrases: tuple[str, ...] = ()
        if human_words:  # every way of asking for a person the understanding knows, besides the carrier sentences
            from ivr.flow.lexicon import CONCEPTS

            self.human_phrases = CONCEPTS["en"]["human"]
        self.searches: dict[str, str] = {}
        self.states: dict[tuple[object, ...], str] = {}
        self.cmn = self.decoder.get_cmn(False)  # each turn starts from the model's own cepstral mean
        self.last_features: dict[str, float] = {}

    def known(self, word: str) -> bool:
        return self.decoder.lookup_word(word) is not None

    def spelled(self, phrase: str) -> list[str] | None:
        """``phrase`` as dictionary words ("wi-fi" as itself where the dictionary has it, else "wi fi"),
        or None if a word can't be said."""
        return spell(phrase, self.known, _NUMBERS)

    def unknown_words(self, phrase: str) -> list[str]:
        """The words of ``phrase`` this recognizer's dictionary lacks (it can never hear the phrase)."""
        return unknown(phrase, self.known, _NUMBERS)

    def digits(self, listen: Listen) -> bool:
        """Whether ``listen`` asks for digits (a free-speech question still takes 0 for a person: one key is no digits question)."""
        return listen.mode == "collect" and listen.dtmf.max_digits != 1 and set("0123456789") <= set(listen.dtmf.keys)

    def language_model(self, listen: Listen) -> str | None:
        """The state's ARPA model (its phrases, spoken keys, carrier words, common words; or digits), or
        None for free speech (a question without phrases), which the general English model hears."""
        phrases = [w for w in (self.spelled(p) for p in listen.phrases) if w]
        if not phrases:
            return None
        common = _common_words(self.dictionary, self.common)
        if self.digits(listen):
            counts = lm.digit_sentences(phrases)
            common = {w: p for w, p in common.items() if w not in _DIGIT_SOUNDALIKES}  # "to" would take half of "two"
        else:
            keys = [_NUMBERS[k] for k in listen.dtmf.keys if k in _NUMBERS] if listen.mode != "collect" or listen.dtmf.max_digits == 1 else []
            related = [w for w in (self.spelled(r) for r in related_phrases(listen.phrases)) if w] if self.related else []
            humans = [" ".join(w) for w in (self.spelled(h) for h in (*lm.HUMAN_REQUESTS_EN, *self.human_phrases)) if w]
            counts = lm.sentences(phrases, keys, humans=dict.fromkeys(humans), related=related, related_weight=self.related_weight,
                                  human_weight=self.human_weight)
        return lm.arpa(counts, common, self.garbage, self.openness)

    def search(self, listen: Listen) -> str:
        """The name of the decoder's search for ``listen``, made the first time a state is heard."""
        key = (listen.phrases, listen.dtmf.keys, listen.dtmf.max_digits, listen.mode)
        name = self.states.get(key)
        if name is None:
            arpa = self.language_model(listen)
            name = "free" if arpa is None else self._add("d" if self.digits(listen) else "m", arpa, self._add_arpa)
            self.states[key] = name
        return name

    def prepare(self, listen: Listen) -> None:
        """Make the state's search now (a few hundred ms the first time), so the caller's turn doesn't wait for it."""
        self.search(listen)

    def _add(self, kind: str, text: str, add: Callable[[str, str], None]) -> str:
        name = kind + hashlib.sha1(text.encode()).hexdigest()[:12]
        if name not in self.searches:
            add(name, text)
            self.searches[name] = kind
        return name

    def _add_arpa(self, name: str, text: str) -> None:
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".arpa", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            self.decoder.add_lm_file(name, f.name)

    def recognize(self, listen: Listen, frames: Iterator[bytes],
                  partial: Callable[[str], None] | None = None) -> Recognized | None:
        """The endpointer follows the stream frame by frame; when the caller stops speaking, their
        whole utterance is decoded at once (whole-utterance cepstral normalisation is far more
        accurate on short phone answers than the live estimate). None if nobody spoke (no speech,
        or a sound the model hears as no speech: a cough); a turn where someone spoke but no word
        could be placed is an empty text with confidence 0."""
        if listen.language.split("-")[0] != "en":
            raise UsageError(f"PocketSphinx has only an English model, and the call is in {listen.language!r}; "
                             "use a recognizer with a model for that language")
        endpointer = Endpointer(window=0.3, sample_rate=self.sample_rate)
        size = endpointer.frame_bytes
        hangover = int(END_OF_SPEECH / endpointer.frame_length)  # silent frames that end the turn
        buffer, audio, speech, quiet = b"", 0, bytearray(), 0
        for chunk in frames:
            buffer += chunk
            audio += len(chunk)
            while len(buffer) >= size:
                frame, buffer = buffer[:size], buffer[size:]
                heard = endpointer.process(frame)
                if heard is not None:
                    speech += heard
                quiet = 0 if endpointer.in_speech else quiet + 1
                if speech and quiet >= hangover:
                    return self.decode(listen, bytes(speech), audio)
        if endpointer.in_speech:
            rest = endpointer.end_stream(buffer)
            if rest:
                speech += rest
        return self.decode(listen, bytes(speech), audio) if speech else None

    def decode(self, listen: Listen, speech: bytes, audio_bytes: int) -> Recognized | None:
        started = time.perf_counter()
        decoder = self.decoder
        search = self.search(listen)
        decoder.activate_search(search)
        decoder.set_cmn(self.cmn)  # one caller's line (or one call's) must not colour the next turn
        decoder.start_utt()
        decoder.process_raw(_QUIET + speech + _QUIET, False, True)  # silence either side, as the model was trained
        decoder.end_utt()
        words, spoke = self.best_path()
        seconds, spent = audio_bytes / 2 / self.sample_rate, time.perf_counter() - started
        if not words:  # a cough or a hiss has no path at all; speech with no word made out has a [SPEECH] filler
            self.last_features = {}
            return Recognized("", 0.0, (), seconds, spent) if spoke else None
        kind = self.searches.get(search, "free")
        text = " ".join(w.word for w in words)
        readings: tuple[str, ...] = ()
        if kind == "m":
            confidence = self.confidence(listen, words)
            readings = self.readings(text)
        else:  # free speech, digits: the share of words (of digits) heard right we may expect
            posteriors = [w.posterior for w in words if kind == "free" or w.word in lm.DIGITS_EN] or [w.posterior for w in words]
            confidence = sum(posteriors) / len(posteriors)
            self.last_features = {}
        spent = time.perf_counter() - started  # the paths read too
        return Recognized(text, confidence, (), seconds, spent, readings)

    def readings(self, best: str) -> tuple[str, ...]:
        """The other word strings among the decoder's ``readings`` best paths (fillers left out, variants folded): the
        engine takes a decision every one of them agrees on as sure, however unsure the words (docs/speech.md)."""
        out: dict[str, None] = {}
        for hypothesis in itertools.islice(self.decoder.nbest(), self.reading_paths):
            if hypothesis is None:  # the lattice can end a path without words
                continue
            text = " ".join(_VARIANT.sub("", w) for w in hypothesis.hypstr.split() if not w.startswith(_FILLER_MARKS))
            if text and text != best:
                out[text] = None
        return tuple(out)

    def best_path(self) -> tuple[list[Word], bool]:
        """The words of the best path (fillers and silences left out, pronunciation variants folded),
        and whether it holds speech at all (words, or the model's filler for speech it can't place)."""
        if self.decoder.hyp() is None:
            return [], False
        out, spoke = [], False
        for seg in self.decoder.seg():
            word = seg.word
            if word.startswith(_FILLER_MARKS):
                spoke = spoke or word == "[SPEECH]"
                continue
            out.append(Word(_VARIANT.sub("", word), float(seg.prob), seg.start_frame, seg.end_frame))
        return out, spoke or bool(out)

    def confidence(self, listen: Listen, words: list[Word]) -> float:
        """How likely the engine decides on these words what it would on the caller's: from the
        posteriors of the words that carry the decision (a listed phrase heard, else every word)."""
        carrying = _phrase_words(listen, [w.word for w in words], self.spelled)
        deciding = [words[i].posterior for i in carrying] or [w.posterior for w in words]
        posteriors = [w.posterior for w in words]
        features = {"min_deciding": min(deciding), "mean_deciding": sum(deciding) / len(deciding),
                    "mean_all": sum(posteriors) / len(posteriors), "min_all": min(posteriors),
                    "phrase": 1.0 if carrying else 0.0, "words": float(len(words))}
        self.last_features = features
        return _calibrated(features)


def related_phrases(phrases: Iterable[str]) -> list[str]:
    """Other ways of saying what the state's phrases mean, from the understanding's word lists: a menu
    whose option is "balance" also expects "how much money is left", so a caller who says it is heard.
    Groups that only set the scene ("yes", "no", "road") and the person groups are left out (requests
    for a person have their own sentences)."""
    from ivr.flow import lexicon, terms

    groups = lexicon.CONCEPTS["en"]
    skip = {"human", "person", "not-human", *lexicon.CONTEXT_CONCEPTS}
    out: dict[str, None] = {}
    for phrase in phrases:
        for term, _ in terms.analyse(phrase, "en"):
            name = term[1:] if term.startswith("=") else None
            if name in groups and name not in skip:
                out.update(dict.fromkeys(groups[name]))
    return [p for p in out if p not in phrases]


def _phrase_words(listen: Listen, heard: list[str], spelled: Callable[[str], list[str] | None]) -> list[int]:
    """Indexes of the heard words that are part of a listed phrase found, word for word, in them."""
    found: set[int] = set()
    for phrase in listen.phrases:
        words = spelled(phrase)
        if not words:
            continue
        n = len(words)
        for i in range(len(heard) - n + 1):
            if heard[i : i + n] == words:
                found.update(range(i, i + n))
    return sorted(found)


def _calibrated(f: dict[str, float]) -> float:
    """A logistic map from the posterior features to the chance the turn is heard right (see
    bench/hearing.py --fit)."""
    z = CALIBRATION["bias"] + sum(CALIBRATION.get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + math.exp(-z))


CALIBRATION = {"bias": -2.0, "min_deciding": 4.0, "phrase": 0.5}


@functools.lru_cache(maxsize=4)
def _common_words(dictionary: str, count: int) -> dict[str, float]:
    """English's ``count`` most common words the dictionary can say, with their unigram probability
    in PocketSphinx's general language model."""
    from pocketsphinx import NGramModel

    general = NGramModel.readfile(os.path.join(os.path.dirname(dictionary), "en-us.lm.bin"))
    words = set()
    with open(dictionary, encoding="utf-8") as f:
        for line in f:
            word = line.split(" ", 1)[0]
            if "(" not in word and word.isascii() and re.fullmatch(r"[a-z']+", word):
                words.add(word)
    ranked = sorted(words, key=lambda w: (-general.prob([w]), w))[:count]
    return {w: 1.0001 ** general.prob([w]) for w in ranked}
