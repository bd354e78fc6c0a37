"""Issue 16's canvas: the graph of a real flow read and moved around in a real browser (Debian's headless
Chromium through Playwright, as in test_browser): pan and zoom, fit to the whole pane, the current node of
a call kept in view, search and jump, and the minimap."""

from __future__ import annotations

from typing import Any

import pytest

from tests.designer.test_browser import _open, _page, _start

pytestmark = pytest.mark.slow

RECT = """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                     return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
                             x: r.left + r.width / 2, y: r.top + r.height / 2}; }"""


def _rect(page: Any, sel: str) -> dict[str, float]:
    return page.evaluate(RECT, sel)  # type: ignore[no-any-return]


def _node(name: str) -> str:
    return f'#graph .ivr-node[data-node="{name}"]'


def _inside(inner: dict[str, float], outer: dict[str, float], slack: float = 1) -> bool:
    return (inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
            and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


def _settled(page: Any) -> None:
    """Wait for the view to stop moving (a jump is animated over about a third of a second)."""
    page.wait_for_function("() => !window.ivrCanvas.current.moving")


def test_the_graph_fits_the_whole_pane_and_pans_and_zooms_around_the_pointer(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "telecom.yaml")  # taller than wide: fitting the width alone left most of it below the pane
    pane, drawing = _rect(page, "#graph"), _rect(page, "#graph svg")
    assert _inside(drawing, pane), (drawing, pane)
    assert pane["width"] - drawing["width"] < 20 or pane["height"] - drawing["height"] < 20, (drawing, pane)
    page.evaluate("document.querySelector('#graph svg').dataset.same = 'yes'")
    drawn = page.evaluate("window.ivrStats.graphs.length")

    # Ctrl+wheel (a pinch on a touchpad) zooms in around the pointer: the point of the graph under it stays under it
    main = {k: round(v) for k, v in _rect(page, _node("main")).items()}  # the pointer is at whole pixels
    page.mouse.move(main["x"], main["y"])
    at = ((main["x"] - drawing["left"]) / drawing["width"], (main["y"] - drawing["top"]) / drawing["height"])
    page.keyboard.down("Control")
    for _ in range(5):
        page.mouse.wheel(0, -120)
    page.keyboard.up("Control")
    page.wait_for_function(f"() => document.querySelector('{_node('main')}').getBoundingClientRect().width > {main['width'] * 2}")
    bigger = _rect(page, "#graph svg")
    assert bigger["width"] > drawing["width"] * 2
    assert abs(bigger["left"] + at[0] * bigger["width"] - main["x"]) < 1 and abs(bigger["top"] + at[1] * bigger["height"] - main["y"]) < 1

    # a plain wheel pans
    page.mouse.wheel(0, -100)
    page.wait_for_function(f"() => document.querySelector('#graph svg').getBoundingClientRect().top > {bigger['top'] + 99}")
    scrolled = _rect(page, "#graph svg")
    assert abs(scrolled["top"] - (bigger["top"] + 100)) < 1 and abs(scrolled["left"] - bigger["left"]) < 1

    # a drag pans, and one that starts on a node does not open the node's YAML
    line = page.evaluate("window.ivrEditor.current.cursorLine()")
    start = _rect(page, _node("main"))
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(start["x"] - 60, start["y"] + 40, steps=5)
    page.mouse.move(start["x"] - 150, start["y"] + 80, steps=5)
    page.mouse.up()
    dragged = _rect(page, "#graph svg")
    assert abs(dragged["left"] - (scrolled["left"] - 150)) < 1 and abs(dragged["top"] - (scrolled["top"] + 80)) < 1, (scrolled, dragged)
    assert page.evaluate("window.ivrEditor.current.cursorLine()") == line

    # the buttons zoom around the pane's middle; fit shows the whole graph again
    zoom = float(page.get_attribute("#graph", "data-zoom"))
    page.click("#zoom-in")
    assert float(page.get_attribute("#graph", "data-zoom")) == pytest.approx(zoom * 1.25, rel=0.01)
    page.click("#zoom-out")
    page.click("#zoom-out")
    assert float(page.get_attribute("#graph", "data-zoom")) == pytest.approx(zoom / 1.25, rel=0.01)
    page.click("#zoom-fit")
    assert _rect(page, "#graph svg") == pytest.approx(drawing, abs=1)

    # none of it drew the graph again: the same SVG, moved and scaled
    assert page.evaluate("document.querySelector('#graph svg').dataset.same") == "yes"
    assert page.evaluate("window.ivrStats.graphs.length") == drawn
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_the_current_node_of_a_call_is_kept_in_view(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    page.uncheck("#sound")
    pane = _rect(page, "#graph")
    for _ in range(6):
        page.click("#zoom-in")
    page.mouse.move(pane["x"], pane["y"])
    page.mouse.wheel(0, -3000)  # the top of the graph, where the call starts, goes out of view
    page.wait_for_function(f"() => document.querySelector('{_node('main')}').getBoundingClientRect().top > {pane['bottom']}")
    _start(page)
    _settled(page)
    assert _inside(_rect(page, _node("main")), _rect(page, "#graph"))
    page.mouse.move(pane["x"], pane["y"])  # the call's button had the pointer
    page.mouse.wheel(0, 3000)
    page.wait_for_function(f"() => document.querySelector('{_node('main')}').getBoundingClientRect().bottom < {pane['top']}")
    page.fill("#say", "check my balance")
    page.press("#say", "Enter")
    page.wait_for_selector('#graph .ivr-node.current[data-node="verify.account"]')
    _settled(page)
    assert _inside(_rect(page, _node("verify.account")), _rect(page, "#graph"))
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_search_finds_a_node_and_jumps_to_it(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "telecom.yaml")
    page.fill("#graph-search", "back")
    found = page.locator("#graph-found li[data-node]").all_inner_texts()
    assert len(found) > 3 and all("back" in f for f in found), found
    page.fill("#graph-search", "no such node")
    assert page.inner_text("#graph-found") == "no node by that name"
    target = found[0]
    page.fill("#graph-search", target)
    page.press("#graph-search", "Enter")
    page.wait_for_selector(f'{_node(target)}.found')
    _settled(page)
    pane, node = _rect(page, "#graph"), _rect(page, _node(target))
    assert abs(node["x"] - pane["x"]) < 3 and abs(node["y"] - pane["y"]) < 3, (pane, node)
    assert float(page.get_attribute("#graph", "data-zoom")) >= 1  # readable: drawn at its full size at least
    assert page.locator("#graph-found").is_hidden()
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_the_minimap_shows_the_view_and_moves_it(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "telecom.yaml")
    page.wait_for_selector("#minimap:not([hidden]) img")
    page.wait_for_function("() => document.querySelector('#minimap img').complete && document.querySelector('#minimap img').naturalWidth > 0")
    mini, view = _rect(page, "#minimap"), _rect(page, "#minimap .minimap-view")
    assert _inside(view, mini) and view["width"] > mini["width"] - 6  # fitted: the view is the whole graph
    for _ in range(10):
        page.click("#zoom-in")
    view = _rect(page, "#minimap .minimap-view")
    assert view["width"] < mini["width"] / 3 and view["height"] < mini["height"] / 3
    # a click on the minimap centres the view on that place of the graph: the node drawn there
    target = "_human"
    where = page.evaluate("""(sel) => { const svg = document.querySelector('#graph svg'), n = document.querySelector(sel);
        const s = svg.getBoundingClientRect(), r = n.getBoundingClientRect();
        return [(r.left + r.width / 2 - s.left) / s.width, (r.top + r.height / 2 - s.top) / s.height]; }""", _node(target))
    page.mouse.click(mini["left"] + where[0] * mini["width"], mini["top"] + where[1] * mini["height"])
    pane, node = _rect(page, "#graph"), _rect(page, _node(target))
    assert abs(node["x"] - pane["x"]) < 4 and abs(node["y"] - pane["y"]) < 4, (pane, node)
    moved = _rect(page, "#minimap .minimap-view")
    assert abs(moved["x"] - (mini["left"] + where[0] * mini["width"])) < 3
    # a drag on it pans along
    page.mouse.move(moved["x"], moved["y"])
    page.mouse.down()
    page.mouse.move(moved["x"], moved["y"] - 30, steps=4)
    page.mouse.up()
    assert _rect(page, _node(target))["y"] > pane["y"] + 30
    assert page.errors == [] and page.console == []
    page.context.browser.close()
