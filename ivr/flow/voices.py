"""Text-to-speech voice names Twilio's ``<Say voice=...>`` takes, and what language each speaks.

A voice Twilio doesn't know fails the ``<Say>`` on a live call (the caller hears nothing), so the
compiler warns about one with a did-you-mean, and about a voice given a prompt in a language it
doesn't speak. Warnings, not errors: Twilio adds voices without notice, and a flow naming a voice
newer than this table must still run.

Twilio's voices (twilio.com/docs/voice/twiml/say/text-speech): ``man``, ``woman`` and ``alice``;
Amazon Polly voices as ``Polly.<Name>``, with ``-Neural`` or ``-Generative`` for those engines;
Google voices as ``Google.<language>-<kind>-<variant>``, like ``Google.es-US-Neural2-A``.
"""

from __future__ import annotations

import difflib
import re

from ivr.errors import did_you_mean

BASIC = ("man", "woman", "alice")

POLLY: dict[str, str] = {
    name: language
    for language, names in {
        "arb": "Zeina", "ar-AE": "Hala Zayd", "ca-ES": "Arlet", "cmn-CN": "Zhiyu", "cy-GB": "Gwyneth", "da-DK": "Mads Naja Sofie",
        "de-AT": "Hannah", "de-CH": "Sabrina", "de-DE": "Daniel Hans Marlene Vicki", "en-AU": "Nicole Olivia Russell",
        "en-GB": "Amy Arthur Brian Emma", "en-GB-WLS": "Geraint", "en-IE": "Niamh", "en-IN": "Aditi Kajal Raveena", "en-NZ": "Aria",
        "en-ZA": "Ayanda", "en-US": "Danielle Gregory Ivy Joanna Joey Justin Kendra Kevin Kimberly Matthew Patrick Ruth Salli Stephen",
        "es-ES": "Conchita Enrique Lucia Sergio", "es-MX": "Andres Mia", "es-US": "Lupe Miguel Pedro Penelope", "fi-FI": "Suvi",
        "fr-CA": "Chantal Gabrielle Liam", "fr-FR": "Celine Lea Mathieu Remi", "is-IS": "Dora Karl",
        "it-IT": "Adriano Bianca Carla Giorgio", "ja-JP": "Kazuha Mizuki Takumi Tomoko", "ko-KR": "Seoyeon", "nb-NO": "Ida Liv",
        "nl-BE": "Lisa", "nl-NL": "Laura Lotte Ruben", "pl-PL": "Ewa Jacek Jan Maja Ola", "pt-BR": "Camila Ricardo Thiago Vitoria",
        "pt-PT": "Cristiano Ines", "ro-RO": "Carmen", "ru-RU": "Maxim Tatyana", "sv-SE": "Astrid Elin", "tr-TR": "Burcu Filiz",
        "yue-CN": "Hiujin",
    }.items()
    for name in names.split()
}
"""Polly voice -> the language it speaks (Aditi and Kajal speak Hindi too)."""
BILINGUAL = {"Aditi": "hi-IN", "Kajal": "hi-IN"}

_POLLY_RE = re.compile(r"^Polly\.([A-Za-z]+)(-Neural|-Generative)?$")
_GOOGLE_RE = re.compile(r"^Google\.([a-z]{2,3}-[A-Z]{2,3})-(Standard|Wavenet|Neural2|News|Studio|Polyglot|Journey|Chirp-HD|Chirp3-HD)-[A-Za-z]+$")
KNOWN = (*BASIC, *(f"Polly.{name}" for name in POLLY))


def voice_language(voice: str) -> str | None:
    """The language a Twilio voice speaks (like ``es-US``), or None for one that speaks many."""
    if (m := _POLLY_RE.match(voice)) and m.group(1) in POLLY:
        return POLLY[m.group(1)]
    if m := _GOOGLE_RE.match(voice):
        return m.group(1)
    return None


def unknown(voice: str) -> tuple[str, str | None] | None:
    """Why Twilio would not know ``voice`` and a hint, or None when it does."""
    if voice in BASIC or _GOOGLE_RE.match(voice):
        return None
    m = _POLLY_RE.match(voice)
    if m and m.group(1) in POLLY:
        return None
    name = m.group(1) if m else voice.rpartition(".")[2].removesuffix("-Neural").removesuffix("-Generative")
    fixed = next((f"Polly.{n}" for n in POLLY if n.casefold() == name.casefold()), None)
    if voice.casefold().startswith("google"):
        return (f"unknown Twilio voice {voice!r}", "Google voices are named like Google.es-US-Neural2-A")
    suffix = (m.group(2) or "") if m else ""
    if fixed:
        hint: str | None = f"did you mean {fixed + suffix!r}?"
    elif m:
        close = difflib.get_close_matches(name, list(POLLY), n=3, cutoff=0.6)
        hint = "did you mean " + " or ".join(repr(f"Polly.{c}{suffix}") for c in close) + "?" if close else None
    else:
        hint = did_you_mean(voice, KNOWN)
    hint = hint or "Twilio's voices are man, woman, Polly.<Name> (like Polly.Lupe) and Google.<language>-<kind>-<variant>"
    return (f"unknown Twilio voice {voice!r}", hint)


def speaks(voice: str, language: str) -> bool:
    """Whether ``voice`` can say a prompt in ``language`` (a voice of unknown language can)."""
    own = voice_language(voice)
    if own is None:
        return True
    base = language.split("-")[0]
    spoken = {own, BILINGUAL.get(voice.removeprefix("Polly.").split("-")[0], own)}
    return any(s.split("-")[0] == base or (s == "arb" and base == "ar") or (s == "cmn-CN" and base == "zh") for s in spoken)
