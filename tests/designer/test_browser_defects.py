"""The designer's defects of issue 16, each as a designer meets it in a real browser (Debian's
headless Chromium through Playwright, as in test_browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.designer.test_browser import _open, _page, _select, _start

pytestmark = pytest.mark.slow


def test_call_records_without_a_store_show_no_other_numbers(playwright: Any, server: str) -> None:
    """Choosing "call records" after "simulated callers" on a designer without --store: the graph loses
    the simulated numbers and says why, instead of keeping them under the records' label."""
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    page.select_option("#overlay", "bulk")
    page.wait_for_selector('#graph .ivr-node[data-node="main"] text:has-text("1000 visits")')
    page.select_option("#overlay", "records")
    page.wait_for_selector("#graph-note:has-text('--store')")
    page.wait_for_function("() => !document.querySelector('#graph svg').textContent.includes('visits')")
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_a_built_in_node_opens_the_human_settings(playwright: Any, server: str, folder: Path) -> None:
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    human = (folder / "bank.yaml").read_text().splitlines().index("human:") + 1
    tabs: list[Any] = []
    page.context.on("page", lambda p: tabs.append(p))
    for node in ("_human", "_voicemail"):
        page.evaluate("window.ivrEditor.current.goTo(1, 1)")
        page.click(f'#graph .ivr-node[data-node="{node}"]')
        page.wait_for_function("(line) => window.ivrEditor.current.cursorLine() === line", arg=human)
    assert tabs == [] and page.errors == [] and page.console == []
    page.context.browser.close()


def test_the_keypad_sends_at_the_digit_count_without_the_finish_key(playwright: Any, server: str) -> None:
    """The account number has 8 digits and a finish key (#): the 8th digit sends it, as on Twilio and the mic channel."""
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    page.uncheck("#sound")
    _start(page)
    page.fill("#say", "check my balance")
    page.press("#say", "Enter")
    page.wait_for_selector('#graph .ivr-node.current[data-node="verify.account"]')
    assert "end with #" in page.inner_text("#listening")
    for key in "12345678":
        page.click(f'#keypad button[data-key="{key}"]')
    page.wait_for_selector('#graph .ivr-node.current[data-node="verify.pin"]')
    assert page.inner_text("#digits") == ""
    assert page.errors == [] and page.console == []
    page.context.browser.close()


@pytest.mark.parametrize("width", [1280, 1600])
def test_the_graph_head_stays_one_line_and_the_overlay_menu_fits(playwright: Any, server: str, width: int) -> None:
    page = _page(playwright)
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, server, "bank.yaml")
    top = page.evaluate("document.querySelector('#graph').getBoundingClientRect().top")
    page.select_option("#overlay", "records")  # a long note: no call records, and how to get them
    page.wait_for_selector("#graph-note:has-text('--store')")
    assert page.evaluate("document.querySelector('#graph').getBoundingClientRect().top") == top
    head = page.evaluate("""() => { const h = document.querySelector('.graph-pane .pane-head');
        const pane = h.closest('.pane').getBoundingClientRect(), select = document.querySelector('#overlay').getBoundingClientRect();
        const widest = Math.max(...[...document.querySelectorAll('#overlay option')].map((o) => {
            const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(document.querySelector('#overlay')).font;
            return c.measureText(o.textContent).width; }));
        return {height: h.getBoundingClientRect().height, overflow: h.scrollWidth - h.clientWidth, selectRight: select.right,
                paneRight: pane.right, selectWidth: select.width, widest}; }""")
    assert head["height"] < 48, head  # one line
    assert head["overflow"] <= 0 and head["selectRight"] <= head["paneRight"], head  # nothing cut off at the pane's edge
    assert head["selectWidth"] >= head["widest"] + 8, head  # every choice readable in full
    page.context.browser.close()


AUDIO_LOG = """(() => {
    const play = HTMLMediaElement.prototype.play;
    window.audioLog = [];
    HTMLMediaElement.prototype.play = function () {
        const n = window.audioLog.push({playing: null, paused: null, ended: null}) - 1;
        this.addEventListener('playing', () => { window.audioLog[n].playing = performance.now(); });
        this.addEventListener('pause', () => { if (!this.ended) window.audioLog[n].paused = performance.now(); });
        this.addEventListener('ended', () => { window.audioLog[n].ended = performance.now(); });
        return play.call(this);
    };
})()"""


def _heard(page: Any) -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = page.evaluate("window.audioLog")
    return log


def test_the_first_prompt_comes_at_once_and_speech_stops_when_the_caller_acts(playwright: Any, server: str) -> None:
    """The voice is loaded, and the opening prompts spoken, while the page is open: the first prompt plays
    within a second of "Start a call". A key pressed during a prompt stops it and drops the queued ones;
    hanging up stops everything."""
    page = _page(playwright, "--autoplay-policy=no-user-gesture-required")
    page.add_init_script(AUDIO_LOG)
    _open(page, server, "bank.yaml")
    page.wait_for_function("() => Object.keys(window.ivrStats.voices).length > 0")
    assert page.evaluate("async () => (await Promise.all(Object.values(window.ivrStats.voices))).every(Boolean)")

    _start(page)
    page.wait_for_function("() => window.audioLog.some((a) => a.playing)")
    first = page.evaluate("window.audioLog[0].playing - window.ivrStats.callStarted")
    assert first < 1000, f"the first prompt played {first:.0f} ms after the call started"
    assert [p["text"] for p in page.evaluate("window.ivrStats.prompts")] == ["Thank you for calling Acme Bank."]

    page.click('#keypad button[data-key="4"]')  # branch hours, while the welcome is still playing
    page.wait_for_function("() => window.audioLog[0].paused || window.audioLog[0].ended")
    assert _heard(page)[0]["ended"] is None, "the welcome went on to its end after the key"
    page.wait_for_function("() => window.ivrStats.prompts.some((p) => p.played && p.text.includes('open'))")
    said = [p["text"] for p in page.evaluate("window.ivrStats.prompts")]
    assert not any("For your balance" in t for t in said), said  # the menu queued behind the welcome was dropped

    _start(page)
    page.wait_for_function("() => window.ivrStats.prompts.length && window.ivrStats.prompts.at(-1).played")
    page.click("#hangup")
    hung_up = page.evaluate("performance.now()")
    page.wait_for_timeout(2500)
    log = _heard(page)
    assert all(a["paused"] or a["ended"] for a in log), log
    assert not any(a["playing"] and a["playing"] > hung_up for a in log), "a prompt played after the caller hung up"
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_sound_on_or_off_is_remembered(playwright: Any, server: str) -> None:
    page = _page(playwright)
    speech: list[str] = []
    page.on("request", lambda r: speech.append(r.url) if "/api/speech" in r.url else None)
    _open(page, server, "bank.yaml")
    assert page.is_checked("#sound")
    page.uncheck("#sound")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#graph svg .ivr-node")
    assert not page.is_checked("#sound")
    speech.clear()
    _start(page)
    page.wait_for_timeout(500)
    assert speech == []  # nothing loaded ahead, nothing spoken
    page.check("#sound")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.is_checked("#sound")
    assert page.errors == [] and page.console == []
    page.context.browser.close()


TOFU = """([chars, font]) => {
    // A character no installed font has is drawn as the font's "missing glyph" box: the same pixels as a
    // code point no font can have (U+0378 is unassigned). Any other drawing is a real glyph.
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const g = canvas.getContext('2d', {willReadFrequently: true});
    g.font = `32px ${font}`;
    const draw = (c) => { g.clearRect(0, 0, 48, 48); g.fillText(c, 4, 36); return g.getImageData(0, 0, 48, 48).data.join(','); };
    const missing = draw('\\u0378');
    if (draw('\\u0379') !== missing || draw('a') === missing) throw new Error('cannot tell a glyph from a box here');
    return chars.filter((c) => draw(c) === missing);
}"""


@pytest.mark.parametrize("flow", ["korean.yaml", "multilingual.yaml"])
def test_every_language_of_the_example_flows_renders_as_text_not_boxes(playwright: Any, server: str, folder: Path, flow: str) -> None:
    """Hangul and the Arabic script of Farsi in the editor's font and the page's: scripts/test installs fonts for them."""
    import unicodedata

    text = (folder / flow).read_text()
    letters = sorted({c for c in text if ord(c) > 0x2FF and unicodedata.category(c).startswith("L")})
    assert len(letters) > 20
    page = _page(playwright)
    _open(page, server, flow)
    for where in (".cm-content", "#transcript"):
        font = page.evaluate(f"getComputedStyle(document.querySelector('{where}')).fontFamily")
        boxes = page.evaluate(TOFU, [letters, font])
        assert boxes == [], (f"{len(boxes)} letters of {flow} are drawn as boxes in {font}: {''.join(boxes[:40])} "
                             "(scripts/test installs the fonts: apt-get install fonts-nanum fonts-farsiweb)")
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_the_node_in_view_stays_in_place_when_a_node_is_added(playwright: Any, server: str) -> None:
    """Issue 16's "a layout that stays put": adding an option and its node slides bank's drawing down; the
    node the designer was looking at stays at the same place on screen."""
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    for _ in range(4):
        page.click("#zoom-in")
    where = """(node) => { const r = document.querySelector(`#graph .ivr-node[data-node="${node}"]`).getBoundingClientRect();
                           return [r.left + r.width / 2, r.top + r.height / 2]; }"""
    page.evaluate("""() => { const g = document.querySelector('#graph'), n = document.querySelector('#graph .ivr-node[data-node="complaints"]');
        const v = g.getBoundingClientRect(), r = n.getBoundingClientRect();
        window.ivrCanvas.current.panBy(v.left + v.width / 2 - r.left - r.width / 2, v.top + v.height / 2 - r.top - r.height / 2); }""")
    seen = page.evaluate(where, "complaints")
    drawn = page.evaluate("window.ivrStats.graphs.length")
    _select(page, "next: branch_hours")
    page.keyboard.press("End")
    # inserted as one edit: typed, the editor's Enter would indent each line on top of the typed spaces
    page.evaluate("(s) => { const v = window.ivrEditor.current.view; v.dispatch({changes: {from: v.state.selection.main.head, insert: s}}); }",
                  '\n      - dtmf: "5"\n        phrases: [rates]\n        next: rates\n\n'
                  "  rates:\n    type: say\n    prompt: Our savings rate is two percent.\n    next: main")
    page.wait_for_selector('#graph .ivr-node[data-node="rates"]')
    page.wait_for_function(f"() => window.ivrStats.graphs.length > {drawn}")
    now = page.evaluate(where, "complaints")
    assert abs(now[0] - seen[0]) < 2 and abs(now[1] - seen[1]) < 2, (seen, now)
    assert page.errors == [] and page.console == []
    page.context.browser.close()
