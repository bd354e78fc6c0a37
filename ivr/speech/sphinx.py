"""PocketSphinx: the embedded recognizer that works offline out of the box.

Its English model ships inside the ``pocketsphinx`` wheel. Each listening state gets a JSGF
grammar generated from the same phrase list the compiler derived (plus the spoken keys, like
"press one"), so the recognizer can only hear what the state accepts; free-speech states use
the general English language model. An endpointer finds where the caller stops speaking, as a
live call would.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator

from pocketsphinx import Decoder, Endpointer, get_model_path

from ivr.engine.effects import Listen
from ivr.errors import UsageError
from ivr.flow.text import DIGIT_WORDS, normalize
from ivr.speech import Recognized

_NUMBERS = {d: w for w, d in DIGIT_WORDS["en"].items()} | {"*": "star", "#": "pound"}
_KEY_WORDS = ("press", "option", "number")
_QUIET = bytes(2 * 16_000 // 5)  # 0.2 s of silence
END_OF_SPEECH = 0.6  # seconds of (mostly) silence that end a caller's turn


def _words(phrase: str) -> list[str]:
    return [_NUMBERS.get(w, w) for w in normalize(phrase.replace("'", "APOS")).replace("apos", "'").split()]


class SphinxRecognizer:
    name = "pocketsphinx"
    sample_rate = 16_000

    def __init__(self) -> None:
        model = get_model_path()
        self.decoder = Decoder(hmm=os.path.join(model, "en-us", "en-us"), dict=os.path.join(model, "en-us", "cmudict-en-us.dict"),
                               samprate=self.sample_rate, loglevel="FATAL")
        self.decoder.add_lm_file("free", os.path.join(model, "en-us", "en-us.lm.bin"))
        self.searches: dict[str, str] = {}
        self.cmn = self.decoder.get_cmn(False)  # each turn starts from the model's own cepstral mean

    def known(self, word: str) -> bool:
        return self.decoder.lookup_word(word) is not None

    def grammar(self, listen: Listen) -> str | None:
        """JSGF for what ``listen`` accepts, or None for free speech (or if no phrase is speakable)."""
        alternatives: list[str] = []
        for phrase in listen.phrases:
            words = _words(phrase)
            if words and all(self.known(w) for w in words):
                alternatives.append(" ".join(words))
        if listen.mode != "collect" or listen.dtmf.max_digits == 1:
            keys = [_NUMBERS[k] for k in listen.dtmf.keys if k in _NUMBERS]
            if keys:
                alternatives.append(f"[{' | '.join(_KEY_WORDS)}] ({' | '.join(keys)})")
        elif listen.mode == "collect" and set("0123456789") <= set(listen.dtmf.keys):  # a digits question, not
            # a free-speech one (whose only key is the human escape's 0)
            digits = " | ".join(_NUMBERS[d] for d in "0123456789") + " | oh"
            alternatives.append(f"({digits})+")
        if not alternatives:
            return None
        body = " | ".join(dict.fromkeys(alternatives))
        return f"#JSGF V1.0;\ngrammar state;\npublic <utt> = {body};\n"

    def search(self, listen: Listen) -> str:
        jsgf = self.grammar(listen)
        if jsgf is None:
            return "free"
        name = "g" + hashlib.sha1(jsgf.encode()).hexdigest()[:12]
        if name not in self.searches:
            self.decoder.add_jsgf_string(name, jsgf)
            self.searches[name] = jsgf
        return name

    def recognize(self, listen: Listen, frames: Iterator[bytes],
                  partial: Callable[[str], None] | None = None) -> Recognized | None:
        """The endpointer follows the stream frame by frame; when the caller stops speaking, their
        whole utterance is decoded at once (whole-utterance cepstral normalisation is far more
        accurate on short phone answers than the live estimate)."""
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
        decoder.activate_search(self.search(listen))
        decoder.set_cmn(self.cmn)  # one caller's line (or one call's) must not colour the next turn
        decoder.start_utt()
        decoder.process_raw(_QUIET + speech + _QUIET, False, True)  # silence either side, as the model was trained
        decoder.end_utt()
        return self._result(audio_bytes, time.perf_counter() - started)

    def _result(self, audio_bytes: int, spent: float) -> Recognized | None:
        hyp = self.decoder.hyp()
        text = hyp.hypstr.strip() if hyp is not None else ""
        if not text:
            return None
        text = re.sub(r"\(\d+\)", "", text)
        # PocketSphinx's posterior for a grammar search swings between 0.5 and 1 on the same clean
        # audio, so it can't gate a branch: a grammar result counts as certain (Vosk gives word confidences).
        return Recognized(text, 1.0, (), audio_bytes / 2 / self.sample_rate, spent)
