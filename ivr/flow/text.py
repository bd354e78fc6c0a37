"""Words: normalisation, number words, yes/no, the built-in human phrases and system prompts.

Pure data and functions shared by the compiler (to derive grammars) and the engine (to match
what a caller said against them), so both always agree.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

MASK = "***"
WORDS_PER_SECOND = 2.5  # 150 words a minute: an unhurried IVR voice
ANSWER_SECONDS = 2.0  # a caller's spoken or keyed answer, for call-time estimates

_PUNCT_KEEP = {"*", "#", "'"}
_ARABIC_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ۀ": "ه"})
_DIGITS_FOLD = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

DIGIT_WORDS: dict[str, dict[str, str]] = {
    "en": {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
           "seven": "7", "eight": "8", "nine": "9"},
    "es": {"cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
           "seis": "6", "siete": "7", "ocho": "8", "nueve": "9"},
    "fr": {"zero": "0", "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5",
           "six": "6", "sept": "7", "huit": "8", "neuf": "9"},
    "de": {"null": "0", "eins": "1", "zwei": "2", "drei": "3", "vier": "4", "funf": "5", "sechs": "6",
           "sieben": "7", "acht": "8", "neun": "9"},
    "fa": {"صفر": "0", "یک": "1", "دو": "2", "سه": "3", "چهار": "4", "پنج": "5", "شش": "6", "هفت": "7",
           "هشت": "8", "نه": "9"},
    "ar": {"صفر": "0", "واحد": "1", "اثنان": "2", "اثنين": "2", "ثلاثه": "3", "اربعه": "4", "خمسه": "5",
           "سته": "6", "سبعه": "7", "ثمانيه": "8", "تسعه": "9"},
    "ko": {"영": "0", "공": "0", "일": "1", "하나": "1", "이": "2", "둘": "2", "삼": "3", "셋": "3", "사": "4",
           "넷": "4", "오": "5", "다섯": "5", "육": "6", "여섯": "6", "칠": "7", "일곱": "7", "팔": "8",
           "여덟": "8", "구": "9", "아홉": "9"},
}
# Only while collecting digits: "oh" is a zero in "five oh two", but not in "oh, billing".
DIGIT_ONLY_WORDS: dict[str, dict[str, str]] = {"en": {"oh": "0", "o": "0"}}

_EN_UNITS = {w: int(d) for w, d in DIGIT_WORDS["en"].items()} | {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# A request for a person, as the system `confirm_option` prompt offers it back ("Did you want to speak to a person?")
# when the recognizer was unsure of the caller's words.
PERSON_OPTION: dict[str, str] = {
    "en": "to speak to a person", "es": "hablar con una persona", "fr": "parler à une personne",
    "de": "mit einer Person sprechen", "fa": "صحبت با یک نفر", "ar": "التحدث مع موظف", "ko": "상담원 연결",
}

YES_NO: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("yes", "yeah", "yep", "yup", "correct", "right", "that's right", "sure", "affirmative", "ok", "okay"),
           ("no", "nope", "nah", "wrong", "incorrect", "not right", "negative")),
    "es": (("sí", "si", "claro", "correcto", "vale", "de acuerdo", "afirmativo"),
           ("no", "incorrecto", "negativo")),
    "fr": (("oui", "ouais", "correct", "d'accord", "exact"), ("non", "incorrect")),
    "de": (("ja", "genau", "richtig", "korrekt"), ("nein", "falsch")),
    "fa": (("بله", "بلی", "اره", "درسته", "اری"), ("نه", "خیر", "نخیر")),
    "ar": (("نعم", "اجل", "ايوه", "صحيح"), ("لا", "كلا")),
    "ko": (("네", "예", "맞아요", "응"), ("아니요", "아니오", "아니", "틀려요")),
}

HUMAN_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("agent", "representative", "operator", "human", "a person", "real person", "customer service",
           "speak to someone", "talk to someone"),
    "es": ("agente", "representante", "operador", "operadora", "una persona", "humano", "asesor"),
    "fr": ("agent", "conseiller", "operateur", "une personne", "quelqu'un"),
    "de": ("mitarbeiter", "berater", "agent", "mensch", "jemanden sprechen"),
    "fa": ("اپراتور", "کارشناس", "نماینده", "اپراتور انسانی"),
    "ar": ("موظف", "ممثل", "وكيل", "خدمه العملاء"),
    "ko": ("상담원", "상담사", "직원", "사람"),
}

SYSTEM_PROMPTS: dict[str, dict[str, str]] = {
    "no_input": {
        "en": "Sorry, I didn't hear anything.",
        "es": "Perdone, no le he oído.",
        "fr": "Désolé, je n'ai rien entendu.",
        "de": "Entschuldigung, ich habe nichts gehört.",
        "fa": "ببخشید، صدایی نشنیدم.",
        "ar": "عذرًا، لم أسمع شيئًا.",
        "ko": "죄송합니다. 잘 들리지 않았습니다.",
    },
    "no_match": {
        "en": "Sorry, I didn't understand.",
        "es": "Perdone, no le he entendido.",
        "fr": "Désolé, je n'ai pas compris.",
        "de": "Entschuldigung, das habe ich nicht verstanden.",
        "fa": "ببخشید، متوجه نشدم.",
        "ar": "عذرًا، لم أفهم.",
        "ko": "죄송합니다. 이해하지 못했습니다.",
    },
    "escalate": {
        "en": "Let me get you to someone who can help.",
        "es": "Le paso con una persona que le pueda ayudar.",
        "fr": "Je vous passe quelqu'un qui pourra vous aider.",
        "de": "Ich verbinde Sie mit jemandem, der Ihnen helfen kann.",
        "fa": "شما را به یک کارشناس وصل می‌کنم.",
        "ar": "سأحوّلك إلى شخص يمكنه مساعدتك.",
        "ko": "도와드릴 상담원에게 연결해 드리겠습니다.",
    },
    "ambiguous": {
        "en": "Did you mean {options}?",
        "es": "¿Se refiere a {options}?",
        "fr": "Vouliez-vous dire {options} ?",
        "de": "Meinten Sie {options}?",
        "fa": "منظورتان {options} است؟",
        "ar": "هل تقصد {options}؟",
        "ko": "{options} 중 무엇을 말씀하셨나요?",
    },
    "or": {"en": "or", "es": "o", "fr": "ou", "de": "oder", "fa": "یا", "ar": "أو", "ko": "또는"},
    "confirm": {
        "en": "I heard {value}. Is that right? Say yes or press 1, or say no or press 2.",
        "es": "He entendido {value}. ¿Es correcto? Diga sí o pulse 1, o diga no o pulse 2.",
        "fr": "J'ai compris {value}. Est-ce exact ? Dites oui ou tapez 1, ou dites non ou tapez 2.",
        "de": "Ich habe {value} verstanden. Stimmt das? Sagen Sie ja oder drücken Sie 1, sonst nein oder 2.",
        "fa": "{value} را شنیدم. درست است؟ بگویید بله یا ۱ را بزنید، یا بگویید نه یا ۲ را بزنید.",
        "ar": "سمعت {value}. هل هذا صحيح؟ قل نعم أو اضغط 1، أو قل لا أو اضغط 2.",
        "ko": "{value}(으)로 들었습니다. 맞으면 네 또는 1번, 아니면 아니요 또는 2번을 눌러 주세요.",
    },
    "confirm_option": {
        "en": "Did you want {option}? Say yes or press 1, or say no or press 2.",
        "es": "¿Quería {option}? Diga sí o pulse 1, o diga no o pulse 2.",
        "fr": "Vouliez-vous {option} ? Dites oui ou tapez 1, ou dites non ou tapez 2.",
        "de": "Wollten Sie {option}? Sagen Sie ja oder drücken Sie 1, sonst nein oder 2.",
        "fa": "منظورتان {option} بود؟ بگویید بله یا ۱ را بزنید، یا بگویید نه یا ۲ را بزنید.",
        "ar": "هل تريد {option}؟ قل نعم أو اضغط 1، أو قل لا أو اضغط 2.",
        "ko": "{option}을(를) 원하셨나요? 맞으면 네 또는 1번, 아니면 아니요 또는 2번을 눌러 주세요.",
    },
    "goodbye": {
        "en": "Thank you for calling. Goodbye.",
        "es": "Gracias por su llamada. Adiós.",
        "fr": "Merci de votre appel. Au revoir.",
        "de": "Vielen Dank für Ihren Anruf. Auf Wiederhören.",
        "fa": "از تماس شما سپاسگزاریم. خدانگهدار.",
        "ar": "شكرًا لاتصالك. مع السلامة.",
        "ko": "전화해 주셔서 감사합니다. 안녕히 계세요.",
    },
    "human": {
        "en": "Connecting you to a person now.",
        "es": "Le paso con una persona.",
        "fr": "Je vous mets en relation avec une personne.",
        "de": "Ich verbinde Sie jetzt mit einem Mitarbeiter.",
        "fa": "در حال اتصال شما به کارشناس.",
        "ar": "جارٍ تحويلك إلى أحد الموظفين.",
        "ko": "상담원에게 연결하고 있습니다.",
    },
    "voicemail": {
        "en": "Nobody can take your call right now. Please leave your name, number and a message after the tone.",
        "es": "Nadie puede atenderle ahora. Deje su nombre, su número y un mensaje después de la señal.",
        "fr": "Personne ne peut vous répondre. Laissez votre nom, votre numéro et un message après le bip.",
        "de": "Im Moment ist niemand erreichbar. Bitte hinterlassen Sie Name, Nummer und Nachricht nach dem Ton.",
        "fa": "در حال حاضر کسی پاسخگو نیست. لطفاً پس از بوق نام، شماره و پیام خود را بگذارید.",
        "ar": "لا أحد متاح الآن. يرجى ترك اسمك ورقمك ورسالة بعد الصافرة.",
        "ko": "지금은 통화가 어렵습니다. 삐 소리 후 성함, 연락처와 메시지를 남겨 주세요.",
    },
    "queue": {
        "en": "You are number {position} in line. The expected wait is about {wait}.",
        "es": "Usted es el número {position} en la fila. La espera es de unos {wait}.",
        "fr": "Vous êtes le numéro {position} dans la file. L'attente est d'environ {wait}.",
        "de": "Sie sind Nummer {position} in der Warteschlange. Die Wartezeit beträgt etwa {wait}.",
        "fa": "شما نفر {position} در صف هستید. زمان انتظار حدود {wait} است.",
        "ar": "أنت رقم {position} في قائمة الانتظار. مدة الانتظار حوالي {wait}.",
        "ko": "대기 순서는 {position}번째이며 예상 대기 시간은 약 {wait}입니다.",
    },
}


MINUTES: dict[str, tuple[str, str]] = {
    "en": ("1 minute", "{n} minutes"),
    "es": ("1 minuto", "{n} minutos"),
    "fr": ("1 minute", "{n} minutes"),
    "de": ("1 Minute", "{n} Minuten"),
    "fa": ("۱ دقیقه", "{n} دقیقه"),
    "ar": ("دقيقة واحدة", "{n} دقائق"),
    "ko": ("1분", "{n}분"),
}


def minutes(seconds: float, language: str) -> str:
    """A wait in whole minutes, as a caller hears it: "1 minute", "4 minutes". A wait nobody can know
    (not a number) is heard as a minute, and none is longer than a day: a queue's estimate can be garbage."""
    n = max(1, round(min(seconds, 86_400.0) / 60)) if math.isfinite(seconds) or seconds == math.inf else 1
    one, many = MINUTES.get(language, MINUTES["en"])
    return one if n == 1 else many.format(n=n)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")


def normalize(text: str) -> str:
    """Lower-case, fold accents and Arabic-script variants, drop punctuation, fold digits. A possessive or
    contracted "'s" goes ("internet's" is "internet", "what's" is "what"), any other apostrophe just
    joins ("can't" is "cant")."""
    text = _POSSESSIVE.sub("", text.casefold().translate(_APOSTROPHES))
    text = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))
    text = text.translate(_ARABIC_FOLD).translate(_DIGITS_FOLD).replace("\u200c", " ")
    out = []
    for c in text:
        cat = unicodedata.category(c)
        out.append(" " if (cat[0] in "PSZC" and c not in _PUNCT_KEEP) else c)
    return " ".join("".join(out).replace("'", "").split())


def _normalized(table: Mapping[str, str]) -> dict[str, str]:
    return {normalize(k): v for k, v in table.items()}


def tokens(text: str, language: str | None = None, *, digits_only: bool = False) -> tuple[str, ...]:
    """Normalised words, with number words turned into digits ("press one" -> ("press", "1"))."""
    return normalized_tokens(normalize(text), language, digits_only=digits_only)


def normalized_tokens(normal: str, language: str | None = None, *, digits_only: bool = False) -> tuple[str, ...]:
    """:func:`tokens` of text already through :func:`normalize` (the compiler normalises a phrase given
    for every language once, not once per language)."""
    words = _DIGITS.get(language or "", {}) | _DIGITS["en"] if language else _DIGITS["en"]
    if digits_only:
        words = words | _DIGITS_ONLY.get(language or "en", {})
    return tuple(words.get(t, t) for t in normal.split())


_DIGITS = {lang: _normalized(t) for lang, t in DIGIT_WORDS.items()}
_DIGITS_ONLY = {lang: _normalized(t) for lang, t in DIGIT_ONLY_WORDS.items()}


def spoken_digits(text: str, language: str) -> str | None:
    """Digits from speech like "five oh two 7", or None if anything else was said."""
    out = []
    for tok in tokens(text, language, digits_only=True):
        if not tok.isdigit():
            return None
        out.append(tok)
    return "".join(out) or None


def spoken_number(text: str, language: str) -> float | None:
    """A number from speech: "42", "forty two", "one hundred and five", "12.50", "three point five"."""
    norm = normalize(text.replace(",", "")) if re.search(r"\d,\d", text) else normalize(text)
    raw = text.strip().replace(",", "")
    try:
        return float(raw)
    except ValueError:
        pass
    toks = [t for t in norm.split() if t not in ("and", "y", "et", "und")]
    if not toks:
        return None
    digits = spoken_digits(" ".join(toks), language)
    if digits is not None:
        return float(digits)
    total, current, seen = 0, 0, False
    decimals: list[str] | None = None
    for t in toks:
        if decimals is not None:
            d = _DIGITS["en"].get(t, t)
            if not d.isdigit():
                return None
            decimals.append(d)
        elif t in ("point", "dot"):
            decimals = []
        elif t.isdigit():
            current += int(t)
            seen = True
        elif t in _EN_UNITS:
            current += _EN_UNITS[t]
            seen = True
        elif t == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif t in _EN_SCALES:
            total += max(current, 1) * _EN_SCALES[t]
            current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    value = float(total + current)
    if decimals:
        value += float("0." + "".join(decimals))
    return value


def yes_no(text: str, language: str) -> bool | None:
    """True for yes, False for no, None when the answer is neither (or both)."""
    norm = " " + normalize(text) + " "
    yes_words, no_words = YES_NO.get(language, YES_NO["en"])
    if language != "en":
        yes_words, no_words = yes_words + YES_NO["en"][0], no_words + YES_NO["en"][1]
    is_yes = any(f" {normalize(w)} " in norm for w in yes_words)
    is_no = any(f" {normalize(w)} " in norm for w in no_words)
    if is_yes == is_no:
        return None
    return is_yes


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as whole consecutive words."""
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


TEMPLATE = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(?::([A-Za-z_-]+)(?::([A-Za-z]+))?)?\}")
"""``{{``, ``}}``, or ``{name}`` with an optional say-as format and argument: ``{rx:digits}``, ``{copay:money:EUR}``."""
_TEMPLATE = TEMPLATE


def template_names(template: str) -> list[str]:
    """The names a ``{slot}`` template uses."""
    return [m.group(1) for m in _TEMPLATE.finditer(template) if m.group(1)]


def template_formats(template: str) -> list[tuple[str, str | None, str | None]]:
    """(name, say-as format, argument) for every placeholder of a template: ``{rx:digits}`` is ("rx", "digits", None)."""
    return [(m.group(1), m.group(2), m.group(3)) for m in _TEMPLATE.finditer(template) if m.group(1)]


def lookup_path(names: Mapping[str, object], dotted: str) -> object:
    """The value a ``{a.b.0}`` template names: mapping keys and list indexes; None when missing."""
    value: object = names
    for part in dotted.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render(template: str, lookup: Mapping[str, object], encode: Callable[[str], str] | None = None) -> str:
    """Fill ``{name}`` from ``lookup`` (``{{`` and ``}}`` are literal braces; missing names become "").
    ``encode`` is applied to each filled-in value (URL-encoding for web requests)."""

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        text = as_text(lookup_path(lookup, m.group(1)))
        return encode(text) if encode else text

    return _TEMPLATE.sub(sub, template)


def speech_seconds(text: str) -> float:
    """Rough seconds a TTS voice takes to say ``text``."""
    words = len(text.split())
    if words <= 1 and len(text) > 12:  # scripts written without spaces
        words = len(text) // 5
    return round(words / WORDS_PER_SECOND, 1)


def join_or(items: Iterable[str], language: str) -> str:
    items = list(items)
    word = SYSTEM_PROMPTS["or"].get(language, SYSTEM_PROMPTS["or"]["en"])
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
