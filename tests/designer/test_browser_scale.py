"""Issue 16 at the size of real flows, in a real browser (Debian's headless Chromium through Playwright, as in
test_browser): subflows framed and collapsible (remembered per flow), and a 500-node flow drawn in time and
moved around smoothly."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest

from tests.designer.test_browser import _open, _page, _start
from tests.designer.test_browser_canvas import _inside, _node, _rect, _settled
from tests.security.flowgen import menu_tree

pytestmark = pytest.mark.slow


def test_a_subflow_is_framed_and_closes_into_one_box_and_opens_again(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    frame = '#graph .ivr-group[data-group="verify"]:not(.ivr-node)'
    page.wait_for_selector(frame)
    assert "lib/verify.yaml" in page.text_content(frame)
    for member in ("verify.account", "verify.pin"):
        assert _inside(_rect(page, _node(member)), _rect(page, frame))
    assert not _inside(_rect(page, _node("main")), _rect(page, frame))

    corner = _rect(page, f"{frame} rect")
    page.mouse.click(corner["right"] - 3, corner["bottom"] - 3)  # on the frame, beside its nodes
    box = '#graph .ivr-node.collapsed[data-group="verify"]'
    page.wait_for_selector(box)
    assert page.locator(_node("verify.account")).count() == 0 and page.locator(frame).count() == 0
    assert "2 nodes inside" in page.text_content(box)
    edges = set(page.eval_on_selector_all("#graph .ivr-edge", "els => els.map(e => e.dataset.edge)"))
    assert {"main -> verify", "verify -> balance_lookup", "verify -> _human"} <= edges, edges
    assert page.evaluate("localStorage.getItem('ivr.collapsed:bank.yaml')") == '["verify"]'

    # remembered: the page opened again draws it closed, and a call inside it marks the box
    page.reload()
    page.wait_for_selector(box)
    page.uncheck("#sound")
    _start(page)
    page.fill("#say", "check my balance")
    page.press("#say", "Enter")
    page.wait_for_selector(f"{box}.current")
    _settled(page)
    assert _inside(_rect(page, box), _rect(page, "#graph"))

    page.click(box)  # opens it again
    page.wait_for_selector(_node("verify.account"))
    page.wait_for_selector(frame)
    assert page.locator(box).count() == 0
    assert page.evaluate("localStorage.getItem('ivr.collapsed:bank.yaml')") is None
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def _frames(page: Any, ctrl: bool) -> list[float]:
    return page.evaluate("""async (ctrl) => {
      const g = document.querySelector('#graph'), r = g.getBoundingClientRect(), frames = [];
      let last = await new Promise(requestAnimationFrame);
      for (let i = 0; i < 40; i++) {
        g.dispatchEvent(new WheelEvent('wheel', {deltaY: ctrl ? (i < 20 ? -40 : 40) : 30, deltaX: ctrl ? 0 : 10, ctrlKey: ctrl,
          clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true}));
        const now = await new Promise(requestAnimationFrame);
        frames.push(now - last);
        last = now;
      }
      return frames;
    }""", ctrl)  # type: ignore[no-any-return]


def test_a_500_node_flow_is_drawn_in_time_and_moves_smoothly(playwright: Any, server: str, folder: Path) -> None:
    """D2 took 4-7 s to lay out this flow (and up to 13 s to a drawn graph), and a pan frame took 150-500 ms."""
    (folder / "big.yaml").write_text(menu_tree(500))
    page = _page(playwright)
    _open(page, server, "big.yaml")
    assert page.locator("#graph .ivr-node").count() == 502
    assert page.get_attribute("#graph svg", "data-layout") == "layered"
    assert page.evaluate("window.ivrStats.graphs[0].server") < 1500  # ms; about 150 on an idle machine

    # fitted, the labels (under 1 px) are left out; at a readable zoom they are back
    assert page.get_attribute("#graph", "data-detail") == "far"
    assert page.evaluate("getComputedStyle(document.querySelector('#graph svg text')).display") == "none"
    zoom, pan = _frames(page, True), _frames(page, False)
    assert statistics.median(zoom) < 100 and statistics.median(pan) < 100, (sorted(zoom), sorted(pan))

    # an arrow to a node far away is a jump beside its node: a click flies there
    page.fill("#graph-search", "s_m1")
    page.press("#graph-search", "Enter")
    _settled(page)
    assert page.get_attribute("#graph", "data-detail") == "near"
    jump = '#graph .ivr-jump[data-edge="s_m1 -> m0"]'
    assert "→ m0" in page.text_content(jump)
    page.click(f"{jump} text")
    page.wait_for_selector(f'{_node("m0")}.found')
    _settled(page)
    pane, node = _rect(page, "#graph"), _rect(page, _node("m0"))
    assert abs(node["x"] - pane["x"]) < 3 and abs(node["y"] - pane["y"]) < 3, (pane, node)
    assert page.errors == [] and page.console == []
    page.context.browser.close()
