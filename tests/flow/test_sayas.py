"""Say-as: values read as digits, dates, times, money and phone numbers in each language, and opening hours
read from the flow's own hours block."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from ivr.cli import main
from ivr.engine import CallState, DigitsEntered, step
from ivr.engine import effects as fx
from ivr.engine.events import CallStarted
from ivr.errors import FlowError
from ivr.flow import compile_flow, sayas
from ivr.flow.checks import check

ROOT = Path(__file__).parent.parent.parent
TUESDAY = "2026-11-24T10:30:00-05:00"

FLOW = """
languages: [en, es, fa, ko]
hours:
  shop:
    timezone: America/New_York
    open: {mon-fri: "09:00-19:00", sat: "09:00-13:00"}
nodes:
  ask:
    type: collect
    slot: rx
    max_length: 4
    prompt: Number?
    next: read
  read:
    type: say
    prompt:
      en: "Number {rx:digits}. Open {hours.shop}."
      es: "Número {rx:digits}. Abierto {hours.shop}."
      fa: "شماره {rx:digits}. ساعت کار {hours.shop}."
      ko: "번호 {rx:digits}. 영업 시간 {hours.shop}."
    next: bye
  bye:
    type: hangup
"""


def said(flow_text: str, language: str, digits: str = "4021", at: str = TUESDAY) -> list[fx.Say]:
    flow = compile_flow(flow_text, "t.yaml")
    state, _ = step(flow, CallState(), CallStarted(at=at))
    state.language = language
    _, effects = step(flow, state, DigitsEntered(digits + "#"))
    return [e for e in effects if isinstance(e, fx.Say)]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Number four zero two one. Open Monday to Friday nine AM to seven PM, Saturday nine AM to one PM."),
    ("es", "Número cuatro cero dos uno. Abierto de lunes a viernes, de las nueve de la mañana a las siete de la tarde; "
           "sábado, de las nueve de la mañana a la una de la tarde."),
    ("fa", "شماره چهار صفر دو یک. ساعت کار دوشنبه تا جمعه از ساعت نه صبح تا ساعت هفت شب، شنبه از ساعت نه صبح تا ساعت یک بعدازظهر."),
    ("ko", "번호 사 공 이 일. 영업 시간 월요일부터 금요일까지 오전 아홉 시부터 오후 일곱 시까지, 토요일 오전 아홉 시부터 오후 한 시까지."),
])
def test_digits_and_hours_are_spelled_out_in_the_callers_language(language: str, expected: str) -> None:
    say = said(FLOW, language)[0]
    assert say.text == expected
    assert [p for p in say.parts if isinstance(p, sayas.SayAs)] == [
        sayas.SayAs(expected.split(".")[0].split(" ", 1)[1], "4021", "digits")]


@pytest.mark.parametrize(("fmt", "value", "language", "expected"), [
    ("date", "2026-11-25", "en", "Wednesday, November twenty-fifth"),
    ("date", "2027-03-01", "en", "Monday, March first, twenty twenty-seven"),
    ("date", "2026-11-25", "es", "miércoles, veinticinco de noviembre"),
    ("date", "2026-12-01", "es", "martes, primero de diciembre"),
    ("date", "2026-11-25", "fa", "چهارشنبه، بیست و پنجم نوامبر"),
    ("date", "2026-11-25", "ko", "십일월 이십오일 수요일"),
    ("date", "2026-11-25T14:00:00", "en", "Wednesday, November twenty-fifth"),
    ("time", "14:30", "en", "two thirty PM"),
    ("time", "09:05", "en", "nine oh five AM"),
    ("time", "2026-11-25T12:00:00", "en", "noon"),
    ("time", "13:00", "es", "la una de la tarde"),
    ("time", "14:30", "ko", "오후 두 시 삼십 분"),
    ("time", "14:30", "fa", "ساعت دو و سی دقیقه بعدازظهر"),
    ("money", "12.50", "en", "twelve dollars and fifty cents"),
    ("money", "1", "en", "one dollar"),
    ("money", "21.01", "es", "veintiún dólares con un centavo"),
    ("money", "$1,250", "ko", "천이백오십 달러"),
    ("money", "3.5", "fa", "سه دلار و پنجاه سنت"),
    ("phone", "+15551234567", "en", "plus one, five five five, one two three, four five six seven"),
    ("phone", "555-0199", "es", "cinco cinco cinco, cero uno nueve nueve"),
    ("number", "1234", "en", "one thousand two hundred thirty-four"),
    ("number", "1234", "es", "mil doscientos treinta y cuatro"),
    ("number", "21", "fa", "بیست و یک"),
    ("number", "10000", "ko", "만"),
    ("ordinal", "3", "en", "third"),
    ("ordinal", "22", "en", "twenty-second"),
    ("ordinal", "3", "fa", "سوم"),
    ("ordinal", "2", "ko", "두 번째"),
    ("digits", "۴۰۲۱", "fa", "چهار صفر دو یک"),
])
def test_each_format_in_each_language(fmt: str, value: str, language: str, expected: str) -> None:
    text, _ = sayas.speak("{v:" + fmt + "}", {"v": value}, language, now=datetime.fromisoformat(TUESDAY))
    assert text == expected


def test_a_value_that_is_not_a_date_is_said_as_it_is() -> None:
    assert sayas.speak("{v:date} {v:time} {v:money}", {"v": "soon"}, "en") == ("soon soon soon", ())


def test_money_in_euros_and_a_language_without_spelling_tables() -> None:
    assert sayas.speak("{v:money:EUR}", {"v": "2"}, "es")[0] == "dos euros"
    assert sayas.speak("{v:money}", {"v": "2"}, "de")[0] == "2 USD"  # German voices read numerals themselves


def test_twilio_gets_say_as_for_what_its_voices_read_and_words_for_the_rest() -> None:
    _, parts = sayas.speak("{d:date} {t:time} {a:money} {p:phone}", {"d": "2026-11-25", "t": "14:00", "a": "5", "p": "5550199"},
                           "en", now=datetime.fromisoformat(TUESDAY))
    assert parts == (sayas.SayAs("Wednesday, November twenty-fifth", "11-25", "date", "md"),
                     " two PM five dollars ",  # Polly's say-as time reads durations and it has no currency
                     sayas.SayAs("five five five, zero one nine nine", "5550199", "telephone"))


def test_a_sensitive_slot_stays_masked_whatever_its_format() -> None:
    flow = FLOW.replace("max_length: 4", "max_length: 4\n    sensitive: true")
    say = said(flow, "en")[0]
    assert say.text.startswith("Number ***.")
    assert "4021" not in repr(say) and "four zero" not in say.text


def test_hours_next_opening() -> None:
    flow = FLOW.replace("Open {hours.shop}.", "Open again {hours.shop.next}.")
    assert said(flow, "en", at="2026-11-28T15:00:00-05:00")[0].text == "Number four zero two one. Open again Monday at nine AM."
    assert said(flow, "en", at="2026-11-24T05:00:00-05:00")[0].text.endswith("Open again today at nine AM.")
    assert said(flow, "en", at="2026-11-24T20:00:00-05:00")[0].text.endswith("Open again tomorrow at nine AM.")


def test_hours_grouping() -> None:
    flow = compile_flow("""
hours:
  h:
    timezone: Europe/Madrid
    open: {daily: ["08:00-12:00", "13:00-17:30"]}
  w:
    timezone: Europe/Madrid
    open: {mon: "09:00-17:00", tue: "09:00-17:00", thu: "09:00-17:00", sat-sun: "10:00-12:00"}
nodes:
  a: {type: hangup}
""", "h.yaml")
    assert sayas.hours_text(flow.hours["h"], "en") == "every day eight AM to noon and one PM to five thirty PM"
    assert sayas.hours_text(flow.hours["w"], "en") == ("Monday and Tuesday nine AM to five PM, Thursday nine AM to five PM, "
                                                       "Saturday and Sunday ten AM to noon")


def test_spelled_dates_say_the_year_only_when_it_is_not_this_one() -> None:
    assert sayas.spell_date(date(2026, 1, 2), "en", date(2026, 1, 1)) == "Friday, January second"
    assert sayas.spell_date(date(2026, 1, 2), "ko") == "이천이십육년 일월 이일 금요일"


@pytest.mark.parametrize(("prompt", "position", "message", "hint"), [
    ("Your number is {rx:digit}.", "t.yaml:17:27", "unknown say-as format 'digit' in '{rx:digit}'", "did you mean 'digits'?"),
    ("Pay {rx:money:EUX} now", "t.yaml:17:16", "unknown currency 'EUX' in '{rx:money:EUX}'", "did you mean 'EUR'?"),
    ("Open {hours.shp}", "t.yaml:17:17", "no hours block 'shp'", "did you mean 'shop'?"),
    ("Open {hours.shop.later}", "t.yaml:17:17", "'{hours.shop.later}' reads nothing", None),
])
def test_an_unknown_format_is_an_error_at_its_place(prompt: str, position: str, message: str, hint: str | None) -> None:
    text = FLOW.replace('      en: "Number {rx:digits}. Open {hours.shop}."', f'      en: "{prompt}"')
    with pytest.raises(FlowError) as err:
        compile_flow(text, "t.yaml")
    diag = err.value.diagnostics[0]
    assert f"{diag.file}:{diag.line}:{diag.col}" == position
    assert diag.message.startswith(message)
    assert diag.hint == hint


def test_validate_prints_the_unknown_format_with_its_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = tmp_path / "f.yaml"
    flow.write_text("nodes:\n  a:\n    type: say\n    prompt: Ready {d:dat}\n    next: b\n  b: {type: hangup}\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(flow)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"{flow}:4:19: error[unknown-say-as]: unknown say-as format 'dat' in '{{d:dat}}'\n  hint: did you mean 'date'?" in err


def test_reading_hours_is_not_an_unset_slot() -> None:
    flow = compile_flow(FLOW, "t.yaml")
    assert [d for d in check(flow) if "hours" in d.message] == []


@pytest.mark.parametrize("value", ["²³", "1e300", "nan", "-inf", "", "0", "-0.001", "1000000000000", "2026-W01-1", "0001-01-01",
                                   "9999-12-31T23:59:59+14:00", "24:00", "12:60", "+", "١٢٣", "abc", "€-5", "1.995"])
def test_any_value_is_said_without_error(value: str) -> None:
    for fmt in sayas.FORMATS:
        for language in ("en", "es", "fa", "ko", "de"):
            text, _ = sayas.speak("{v:" + fmt + "}", {"v": value}, language)
            assert isinstance(text, str)


def test_hours_read_out_count_towards_a_long_prompt() -> None:
    days = ", ".join(f'{d}: "0{i}:00-1{i}:30"' for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 1))
    flow = compile_flow("hours:\n  h: {timezone: UTC, open: {" + days + "}}\n"
                        "nodes:\n  a: {type: say, prompt: 'Open {hours.h}', next: b}\n  b: {type: hangup}\n", "x.yaml")
    assert [d.code for d in check(flow) if d.code == "long-prompt"] == ["long-prompt"]
