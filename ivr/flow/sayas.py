"""Say-as: how a prompt reads a value (``{rx:digits}``, ``{pickup:date}``), and opening hours read from ``hours:``.

A prompt template names a format after a colon: ``{slot:digits}``, ``{slot:number}``, ``{slot:ordinal}``,
``{slot:date}``, ``{slot:time}``, ``{slot:money}`` (or ``{slot:money:EUR}``) and ``{slot:phone}``.
:func:`speak` fills a template in two forms at once: the words a local voice (Piper, espeak-ng) says,
spelled out in the call's language, and the parts Twilio gets, where a value its SSML voices read well
is a :class:`SayAs` (``<say-as interpret-as=...>``). ``{hours.NAME}`` reads an ``hours:`` block
("Monday to Friday nine AM to seven PM, ...") and ``{hours.NAME.next}`` when it next opens.

Pure: no clock (the call's start time is passed in), no I/O. English, Spanish, Persian and Korean are
spelled out; in other languages numbers stay numerals, which their voices read themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ivr.errors import did_you_mean
from ivr.flow import text as words
from ivr.flow.machine import Hours

FORMATS = ("digits", "number", "ordinal", "date", "time", "money", "phone")
CURRENCIES = ("USD", "EUR", "GBP")
SPELLED = ("en", "es", "fa", "ko")
"""Languages whose numbers, dates and times are spelled out in words."""


@dataclass(frozen=True)
class SayAs:
    """A value a TTS engine with SSML reads itself (Twilio's Polly and Google voices): ``text`` is the same
    value spelled out, what a voice without SSML says and what transcripts show."""

    text: str
    value: str
    interpret_as: str
    format: str | None = None


Part = str | SayAs


def problems(template: str) -> list[tuple[str, str, str | None]]:
    """(placeholder, message, hint) for every say-as format in ``template`` that is not known."""
    out: list[tuple[str, str, str | None]] = []
    for name, fmt, arg in words.template_formats(template):
        shown = "{" + name + (f":{fmt}" if fmt else "") + (f":{arg}" if arg else "") + "}"
        if fmt and fmt not in FORMATS:
            out.append((shown, f"unknown say-as format {fmt!r} in {shown!r}", did_you_mean(fmt, FORMATS) or f"use one of {', '.join(FORMATS)}"))
        elif arg and fmt != "money":
            out.append((shown, f"say-as format {fmt!r} takes nothing after it, in {shown!r}", None))
        elif arg and arg.upper() not in CURRENCIES:
            out.append((shown, f"unknown currency {arg!r} in {shown!r}", did_you_mean(arg.upper(), CURRENCIES) or f"use one of {', '.join(CURRENCIES)}"))
    return out


def hours_read(template: str) -> list[tuple[str, str | None]]:
    """(hours block, what of it) for every ``{hours.NAME}`` or ``{hours.NAME.next}`` in ``template``."""
    out: list[tuple[str, str | None]] = []
    for name in words.template_names(template):
        parts = name.split(".")
        if parts[0] == "hours" and len(parts) > 1:
            out.append((parts[1], ".".join(parts[2:]) or None))
    return out


def _lang(language: str) -> str:
    return language.split("-")[0].lower()


# -- numbers -------------------------------------------------------------------------------------

_EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ES_ONES = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece",
            "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós",
            "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve")
_ES_TENS = ("", "", "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa")
_ES_HUNDREDS = ("", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos",
                "ochocientos", "novecientos")
_FA_ONES = ("صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده", "دوازده", "سیزده", "چهارده",
            "پانزده", "شانزده", "هفده", "هجده", "نوزده")
_FA_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
_FA_HUNDREDS = ("", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد")
_KO_DIGITS = ("영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구")
_KO_NATIVE = {1: "한", 2: "두", 3: "세", 4: "네", 5: "다섯", 6: "여섯", 7: "일곱", 8: "여덟", 9: "아홉"}
_KO_NATIVE_TENS = {10: "열", 20: "스물", 30: "서른", 40: "마흔", 50: "쉰", 60: "예순", 70: "일흔", 80: "여든", 90: "아흔"}


def _en(n: int) -> str:
    if n < 20:
        return _EN_ONES[n]
    if n < 100:
        return _EN_TENS[n // 10] + ("-" + _EN_ONES[n % 10] if n % 10 else "")
    for size, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{_en(head)} {name}" + (f" {_en(rest)}" if rest else "")
    raise AssertionError(n)  # pragma: no cover


def _es(n: int) -> str:
    if n < 30:
        return _ES_ONES[n]
    if n < 100:
        return _ES_TENS[n // 10] + (" y " + _ES_ONES[n % 10] if n % 10 else "")
    if n == 100:
        return "cien"
    if n < 1000:
        return _ES_HUNDREDS[n // 100] + (" " + _es(n % 100) if n % 100 else "")
    if n < 1_000_000:
        head, rest = divmod(n, 1000)
        lead = "mil" if head == 1 else _es(head).removesuffix("uno") + ("un" if _es(head).endswith("uno") else "") + " mil"
        return lead + (" " + _es(rest) if rest else "")
    head, rest = divmod(n, 1_000_000)
    lead = "un millón" if head == 1 else _es(head).removesuffix("uno") + ("un" if _es(head).endswith("uno") else "") + " millones"
    return lead + (" " + _es(rest) if rest else "")


def _fa(n: int) -> str:
    if n < 20:
        return _FA_ONES[n]
    parts: list[str] = []
    for size, name in ((1_000_000_000, "میلیارد"), (1_000_000, "میلیون"), (1000, "هزار")):
        if n >= size:
            head, n = divmod(n, size)
            parts.append(f"{_fa(head)} {name}" if head > 1 or size > 1000 else name)
    if n >= 100:
        parts.append(_FA_HUNDREDS[n // 100])
        n %= 100
    if n >= 20:
        parts.append(_FA_TENS[n // 10])
        n %= 10
    if n:
        parts.append(_FA_ONES[n])
    return " و ".join(parts)


def _ko(n: int) -> str:
    if n == 0:
        return _KO_DIGITS[0]
    out = ""
    for size, name in ((100_000_000, "억"), (10_000, "만")):
        if n >= size:
            head, n = divmod(n, size)
            out += ("" if head == 1 and size == 10_000 else _ko(head)) + name
    for size, name in ((1000, "천"), (100, "백"), (10, "십")):
        if n >= size:
            head, n = divmod(n, size)
            out += ("" if head == 1 else _KO_DIGITS[head]) + name
    return out + (_KO_DIGITS[n] if n else "")


_CARDINAL = {"en": _en, "es": _es, "fa": _fa, "ko": _ko}


def cardinal(n: int, language: str) -> str:
    """A whole number in words ("forty-two", "cuarenta y dos", "چهل و دو", "사십이"); numerals elsewhere."""
    spell = _CARDINAL.get(_lang(language))
    if spell is None or abs(n) >= 10**12:
        return str(n)
    if n < 0:
        minus = {"en": "minus", "es": "menos", "fa": "منفی", "ko": "마이너스"}[_lang(language)]
        return f"{minus} {spell(-n)}"
    return spell(n)


_EN_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
               "twelve": "twelfth"}
_ES_ORDINAL = ("", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno", "décimo")


def _ko_native(n: int) -> str:
    """Native Korean numbers as they count things (한, 두, 스무): 1 to 99."""
    tens, ones = divmod(n, 10)
    if n == 20:
        return "스무"
    return _KO_NATIVE_TENS.get(tens * 10, "") + _KO_NATIVE.get(ones, "")


def ordinal(n: int, language: str) -> str:
    """First, second...: "twenty-first", "tercero", "سوم", "세 번째"."""
    lang = _lang(language)
    if n < 1 or lang not in SPELLED:
        return f"{n}."
    if lang == "en":
        head, _, last = _en(n).rpartition("-") if "-" in _en(n) else _en(n).rpartition(" ")
        last = _EN_ORDINAL.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
        sep = "-" if "-" in _en(n) else " "
        return f"{head}{sep}{last}" if head else last
    if lang == "es":
        return _ES_ORDINAL[n] if n <= 10 else _es(n)
    if lang == "fa":
        if n == 1:
            return "یکم"
        word = _fa(n)
        if word.endswith("سه"):
            return word[:-2] + "سوم"
        return word + ("\u200cام" if word.endswith("ی") else "م")
    return ("첫" if n == 1 else _ko_native(n) if n < 100 else _ko(n)) + " 번째"


_DIGIT_NAMES: dict[str, list[str]] = {}
for _lang_code, _table in words.DIGIT_WORDS.items():
    _names = ["" for _ in range(10)]
    for _word, _digit in _table.items():
        if not _names[int(_digit)]:
            _names[int(_digit)] = _word
    _DIGIT_NAMES[_lang_code] = _names
_DIGIT_NAMES["ko"][0] = "공"  # how Koreans read a zero in a number read digit by digit


def digits(value: str, language: str) -> str:
    """Digit by digit: "four seven one one", "cuatro siete uno uno", "사 칠 일 일"; letters stay letters."""
    names = _DIGIT_NAMES.get(_lang(language), _DIGIT_NAMES["en"] if _lang(language) == "en" else None)
    out = []
    for c in value.translate(_FOLD):
        if c.isspace() or c in "-./()":
            continue
        out.append(names[int(c)] if names and c in "0123456789" else c)
    return " ".join(out)


_FOLD = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_PLUS = {"en": "plus", "es": "más", "fa": "به اضافه", "ko": "플러스"}


def phone(value: str, language: str) -> str:
    """A phone number in groups, digit by digit: "five five five, one two three, four five six seven"."""
    raw = value.strip().translate(_FOLD)
    plus = raw.startswith("+")
    groups = [g for g in re.split(r"[\s\-./()]+", raw.lstrip("+")) if g]
    if len(groups) == 1:
        d = groups[0]
        if len(d) == 11 and d.startswith("1"):
            groups = [d[0], d[1:4], d[4:7], d[7:]]
        elif len(d) == 10:
            groups = [d[:3], d[3:6], d[6:]]
        elif len(d) > 4:
            cut = [d[i:i + 3] for i in range(0, len(d) - 4, 3)]
            groups = [*cut, d[len("".join(cut)):]]
    spoken = ("، " if _lang(language) == "fa" else ", ").join(digits(g, language) for g in groups)
    return (_PLUS.get(_lang(language), "+") + " " if plus else "") + spoken


def number(value: str, language: str) -> str:
    """A number as a count: "one thousand two hundred", "twelve point five"."""
    n = _as_number(value)
    if n is None:
        return value
    whole = int(n)
    if n == whole:
        return cardinal(whole, language)
    point = {"en": "point", "es": "coma", "fa": "ممیز", "ko": "점"}.get(_lang(language))
    decimals = f"{n:.10f}".rstrip("0").split(".")[1]
    if point is None:
        return value
    return f"{cardinal(whole, language)} {point} {digits(decimals, language)}"


def _as_number(value: str) -> float | None:
    text = value.strip().translate(_FOLD).replace(",", "").lstrip("$€£").strip()
    try:
        n = float(text)
    except ValueError:
        return None
    return n if abs(n) < 10**12 else None


_MONEY = {
    "USD": {"en": ("dollar", "dollars", "cent", "cents"), "es": ("dólar", "dólares", "centavo", "centavos"),
            "fa": ("دلار", "دلار", "سنت", "سنت"), "ko": ("달러", "달러", "센트", "센트")},
    "EUR": {"en": ("euro", "euros", "cent", "cents"), "es": ("euro", "euros", "céntimo", "céntimos"),
            "fa": ("یورو", "یورو", "سنت", "سنت"), "ko": ("유로", "유로", "센트", "센트")},
    "GBP": {"en": ("pound", "pounds", "penny", "pence"), "es": ("libra", "libras", "penique", "peniques"),
            "fa": ("پوند", "پوند", "پنس", "پنس"), "ko": ("파운드", "파운드", "펜스", "펜스")},
}
_AND = {"en": " and ", "es": " con ", "fa": " و ", "ko": " "}


def _count(n: int, lang: str) -> str:
    """A number before a noun: Spanish shortens "uno" ("un dólar", "veintiún dólares")."""
    word = cardinal(n, lang)
    if lang == "es" and word.endswith("uno"):
        return word[:-3] + ("ún" if word.endswith("veintiuno") else "un")
    return word


def money(value: str, language: str, currency: str = "USD") -> str:
    """An amount: "twelve dollars and fifty cents", "doce dólares con cincuenta centavos"."""
    n = _as_number(value)
    lang = _lang(language)
    names = _MONEY.get(currency.upper(), _MONEY["USD"]).get(lang)
    if n is None or names is None:
        return f"{value} {currency.upper()}" if n is not None else value
    cents_total = round(abs(n) * 100)
    whole, cents = divmod(cents_total, 100)
    one, many, cent, cents_word = names
    parts = [f"{_count(whole, lang)} {one if whole == 1 else many}"] if whole or not cents else []
    if cents:
        parts.append(f"{_count(cents, lang)} {cent if cents == 1 else cents_word}")
    spoken = _AND[lang].join(parts)
    return (cardinal(-1, lang).split()[0] + " " if n < 0 else "") + spoken


# -- dates and times -----------------------------------------------------------------------------

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "fa": ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"),
    "ko": ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"),
}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    "fa": ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"),
}
_KO_MONTHS = ("일월", "이월", "삼월", "사월", "오월", "유월", "칠월", "팔월", "구월", "시월", "십일월", "십이월")


def parse_date(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.strip()).date() if "T" in value or " " in value.strip() else date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_time(value: str) -> tuple[int, int] | None:
    """(hour, minute) from "14:30", "9:05" or an ISO date-time."""
    text = value.strip()
    if "T" in text:
        text = text.split("T", 1)[1]
    m = re.match(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", text)
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        return None
    return int(m.group(1)), int(m.group(2))


def _year(y: int, lang: str) -> str:
    if lang == "en" and not 2000 <= y < 2010 and 1100 <= y < 10000:
        head, tail = divmod(y, 100)
        return _en(head) + " " + (_en(tail) if tail >= 10 else f"oh {_en(tail)}" if tail else "hundred")
    return cardinal(y, lang)


def spell_date(day: date, language: str, today: date | None = None) -> str:
    """"Friday, March fourteenth" (the year only when it is not the call's): words in the call's language."""
    lang = _lang(language)
    year = today is None or today.year != day.year
    if lang == "en":
        out = f"{_WEEKDAYS['en'][day.weekday()]}, {_MONTHS['en'][day.month - 1]} {ordinal(day.day, 'en')}"
        return out + (f", {_year(day.year, 'en')}" if year else "")
    if lang == "es":
        d = "primero" if day.day == 1 else _es(day.day)
        return f"{_WEEKDAYS['es'][day.weekday()]}, {d} de {_MONTHS['es'][day.month - 1]}" + (f" de {_es(day.year)}" if year else "")
    if lang == "fa":
        out = f"{_WEEKDAYS['fa'][day.weekday()]}، {ordinal(day.day, 'fa')} {_MONTHS['fa'][day.month - 1]}"
        return out + (f" {_fa(day.year)}" if year else "")
    if lang == "ko":
        out = (f"{_ko(day.year)}년 " if year else "") + f"{_KO_MONTHS[day.month - 1]} {_ko(day.day)}일"
        return out + f" {_WEEKDAYS['ko'][day.weekday()]}"
    return day.isoformat()


def spell_time(hour: int, minute: int, language: str) -> str:
    """A clock time: "two thirty PM", "las dos y media de la tarde", "ساعت دو و سی دقیقه بعدازظهر", "오후 두 시 삼십 분"."""
    lang = _lang(language)
    hour %= 24
    twelve = hour % 12 or 12
    if lang == "en":
        if minute == 0 and hour == 12:
            return "noon"
        if minute == 0 and hour == 0:
            return "midnight"
        mins = "" if minute == 0 else f" oh {_en(minute)}" if minute < 10 else f" {_en(minute)}"
        return f"{_en(twelve)}{mins} {'AM' if hour < 12 else 'PM'}"
    if lang == "es":
        head = "la una" if twelve == 1 else f"las {_es(twelve)}"
        mins = "" if minute == 0 else " y cuarto" if minute == 15 else " y media" if minute == 30 else f" y {_es(minute)}"
        part = "de la mañana" if 5 <= hour < 12 else "del mediodía" if hour == 12 else "de la tarde" if 12 < hour < 20 else "de la noche"
        return f"{head}{mins} {part}"
    if lang == "fa":
        mins = "" if minute == 0 else f" و {_fa(minute)} دقیقه"
        part = "صبح" if 5 <= hour < 12 else "ظهر" if hour == 12 else "بعدازظهر" if 12 < hour < 18 else "شب"
        return f"ساعت {_fa(twelve)}{mins} {part}"
    if lang == "ko":
        mins = "" if minute == 0 else f" {_ko(minute)} 분"
        return f"{'오전' if hour < 12 else '오후'} {_ko_native(twelve)} 시{mins}"
    return f"{hour:02d}:{minute:02d}"


# -- opening hours -------------------------------------------------------------------------------

_RANGE_WORDS = {  # (days a-b, times a-b, a or b, and, every day, closed)
    "en": ("{a} to {b}", "{a} to {b}", "{a} and {b}", ", ", "every day", "closed"),
    "es": ("de {a} a {b}", "de {a} a {b}", "{a} y {b}", "; ", "todos los días", "cerrado"),
    "fa": ("{a} تا {b}", "از {a} تا {b}", "{a} و {b}", "، ", "همه روزه", "تعطیل"),
    "ko": ("{a}부터 {b}까지", "{a}부터 {b}까지", "{a}, {b}", ", ", "매일", "휴무"),
}


def _minute(m: int, lang: str) -> str:
    return spell_time(m // 60, m % 60, lang) if lang in SPELLED else f"{m // 60:02d}:{m % 60:02d}"


def hours_text(hours: Hours, language: str) -> str:
    """When ``hours`` are open, days with the same hours grouped: "Monday to Friday nine AM to seven PM,
    Saturday nine AM to one PM"."""
    lang = _lang(language) if _lang(language) in _RANGE_WORDS else "en"
    days_word, times_word, pair, sep, every, closed = _RANGE_WORDS[lang]
    names = _WEEKDAYS[lang]
    runs: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []
    for d in range(7):
        ranges = tuple(hours.weekly.get(d, ()))
        if runs and runs[-1][2] == ranges and runs[-1][1] == d - 1:
            runs[-1] = (runs[-1][0], d, ranges)
        else:
            runs.append((d, d, ranges))
    open_runs = [r for r in runs if r[2]]
    if not open_runs:
        return closed
    out = []
    for first, last, ranges in open_runs:
        when = (every if (first, last) == (0, 6) else names[first] if first == last
                else pair.format(a=names[first], b=names[last]) if last == first + 1
                else days_word.format(a=names[first], b=names[last]))
        times = [times_word.format(a=_minute(a, lang), b=_minute(b, lang)) for a, b in ranges]
        joined = times[0] if len(times) == 1 else pair.format(a=", ".join(times[:-1]), b=times[-1])
        out.append(f"{when}, {joined}" if lang == "es" else f"{when} {joined}")
    return sep.join(out)


_TODAY = {"en": ("today", "tomorrow", "{day} at {time}"), "es": ("hoy", "mañana", "el {day} a {time}"),
          "fa": ("امروز", "فردا", "{day} {time}"), "ko": ("오늘", "내일", "{day} {time}")}


def next_opening(hours: Hours, now: datetime, language: str) -> str:
    """When ``hours`` next open after ``now``: "today at nine AM", "tomorrow at ...", "Monday at ..."
    ("now" words when open already are the designer's: this reads the next opening either way)."""
    lang = _lang(language) if _lang(language) in _TODAY else "en"
    today_w, tomorrow_w, pattern = _TODAY[lang]
    local = now.astimezone(ZoneInfo(hours.timezone)) if now.tzinfo else now.replace(tzinfo=ZoneInfo(hours.timezone))
    minute = local.hour * 60 + local.minute
    for ahead in range(0, 15):
        day = local.date() + timedelta(days=ahead)
        if day.isoformat() in hours.holidays or day.isoformat()[5:] in hours.holidays:
            continue
        for start, _end in hours.weekly.get(day.weekday(), ()):
            if ahead == 0 and start <= minute:
                continue
            time = _minute(start, lang)
            if lang == "en" and ahead <= 1:
                return f"{today_w if ahead == 0 else tomorrow_w} at {time}"
            if ahead <= 1:
                word = today_w if ahead == 0 else tomorrow_w
                return f"{word} {'a ' + time if lang == 'es' else time}"
            return pattern.format(day=_WEEKDAYS[lang][day.weekday()], time=time)
    return {"en": "not in the next two weeks", "es": "no en las próximas dos semanas", "fa": "در دو هفته‌ی آینده نه",
            "ko": "앞으로 2주 동안 없음"}[lang]


# -- filling a template --------------------------------------------------------------------------

def _part(raw: str, fmt: str, arg: str | None, language: str, today: date | None) -> Part:
    if raw == words.MASK or not raw:
        return raw  # a masked value stays a mask
    if fmt == "digits":
        return SayAs(digits(raw, language), re.sub(r"\s+", "", raw), "digits")
    if fmt == "number":
        return SayAs(number(raw, language), raw, "cardinal") if _as_number(raw) is not None else raw
    if fmt == "ordinal":
        n = _as_number(raw)
        return SayAs(ordinal(int(n), language), str(int(n)), "ordinal") if n is not None and n == int(n) else raw
    if fmt == "phone":
        return SayAs(phone(raw, language), raw, "telephone")
    if fmt == "date":
        day = parse_date(raw)
        if day is None:
            return raw
        same = today is not None and today.year == day.year
        return SayAs(spell_date(day, language, today), day.isoformat()[5:] if same else day.isoformat(), "date", "md" if same else "ymd")
    if fmt == "time":
        t = parse_time(raw)
        return spell_time(*t, language) if t else raw  # Polly's say-as "time" reads durations, not clock times
    if fmt == "money":
        return money(raw, language, arg or "USD")  # Polly has no say-as for currency amounts
    return raw


def speak(template: str, lookup: Mapping[str, object], language: str, *, hours: Mapping[str, Hours] | None = None,
          now: datetime | None = None) -> tuple[str, tuple[Part, ...]]:
    """Fill ``template`` for the caller: the words (every value spelled out in ``language``) and the parts
    (values an SSML voice reads itself as :class:`SayAs`; () when there are none)."""
    parts: list[Part] = []
    today = now.date() if now is not None else None
    pos = 0
    for m in words.TEMPLATE.finditer(template):
        parts.append(template[pos:m.start()])
        pos = m.end()
        whole, name, fmt, arg = m.group(0), m.group(1), m.group(2), m.group(3)
        if whole in ("{{", "}}"):
            parts.append(whole[0])
            continue
        reading = name.split(".")
        if reading[0] == "hours" and len(reading) in (2, 3) and hours and reading[1] in hours:
            block = hours[reading[1]]
            if len(reading) == 2:
                parts.append(hours_text(block, language))
            elif reading[2] == "next" and now is not None:
                parts.append(next_opening(block, now, language))
            continue
        raw = words.as_text(words.lookup_path(lookup, name))
        parts.append(_part(raw, fmt, arg, language, today) if fmt else raw)
    parts.append(template[pos:])
    text = "".join(p.text if isinstance(p, SayAs) else p for p in parts)
    merged: list[Part] = []
    for p in parts:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        elif p != "":
            merged.append(p)
    return text, tuple(merged) if any(isinstance(p, SayAs) for p in merged) else ()


def fixed(template: str, hours: Mapping[str, Hours], language: str) -> str | None:
    """The words of a template that reads nothing but the flow's own hours (so it can be recorded ahead),
    else None."""
    names = words.template_names(template)
    if not names or any(len(n.split(".")) != 2 or n.split(".")[0] != "hours" or n.split(".")[1] not in hours for n in names):
        return None
    return speak(template, {}, language, hours=hours)[0]
