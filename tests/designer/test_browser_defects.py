"""The designer's defects of issue 16, each as a designer meets it in a real browser (Debian's
headless Chromium through Playwright, as in test_browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.designer.test_browser import _open, _page, _start

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
        page.evaluate("document.querySelectorAll('#highlight .ln.target').forEach((n) => n.classList.remove('target'))")
        page.click(f'#graph .ivr-node[data-node="{node}"]')
        page.wait_for_selector(f'#highlight .ln.target[data-line="{human}"]')
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
