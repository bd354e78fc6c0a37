"""The designer's editor (CodeMirror, editor.bundle.js) in a real browser: what typing YAML feels like.

The same set-up as test_browser.py (kept apart so either can change): Debian's Chromium driven by Playwright,
every request to another host refused, so the editor is shown to work offline.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from ivr.designer import create_designer_app

ROOT = Path(__file__).parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        _need(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        yield p


def _need(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}; CI must run the browser tests")
    pytest.skip(what)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "flows"
    shutil.copytree(ROOT / "flows", target)
    return target


@pytest.fixture
def server(folder: Path) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, create_designer_app(folder), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(5)


def _page(playwright: Any) -> Any:
    """A page that records script errors, console errors and any request for another host (refused)."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_default_timeout(20_000)
    page.errors, page.console, page.elsewhere = [], [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.console.append(m.text) if m.type == "error" else None)

    def local_only(route: Any) -> None:
        if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            page.elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    return page


def _open(page: Any, server: str, name: str) -> None:
    page.goto(f"{server}/edit/{name}")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#graph svg .ivr-node")


def _cursor_at(page: Any, needle: str, *, end: bool = True) -> None:
    """Put the cursor after (or before) the first ``needle`` in the editor and focus it, as a click there would."""
    page.evaluate("""([needle, end]) => {
        const ed = window.ivrEditor.current;
        const at = ed.text().indexOf(needle);
        if (at < 0) throw new Error('not in the editor: ' + needle);
        ed.select(end ? at + needle.length : at);
        ed.focus();
    }""", [needle, end])


def _line_of(page: Any, needle: str) -> str:
    return str(page.evaluate("""(needle) => {
        const ed = window.ivrEditor.current;
        const doc = ed.view.state.doc;
        return doc.lineAt(ed.text().indexOf(needle)).text;
    }""", needle))


def _current_line(page: Any) -> str:
    return str(page.evaluate("(() => { const v = window.ivrEditor.current.view; return v.state.doc.lineAt(v.state.selection.main.head).text; })()"))


def _clean(page: Any) -> None:
    assert page.errors == [] and page.elsewhere == [] and page.console == []
    page.context.browser.close()


def test_enter_keeps_the_indentation_and_tab_moves_blocks(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    _cursor_at(page, "    prompt: Thank you for calling Acme Bank.")
    page.keyboard.press("Enter")
    assert _current_line(page) == "    "  # a sibling of prompt:, not column 0
    page.keyboard.type("description: hello")
    assert _line_of(page, "description: hello") == "    description: hello"

    _cursor_at(page, "    type: menu", end=False)  # at the start of a line: a new line above, this one untouched
    page.keyboard.press("Enter")
    assert _current_line(page) == "    type: menu" and _line_of(page, "  main:\n") == "  main:"
    page.keyboard.press("Control+z")

    _cursor_at(page, "    no_input:")  # after "key:" the next line goes one step deeper
    page.keyboard.press("Enter")
    assert _current_line(page) == "      "
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")

    _cursor_at(page, '      - dtmf: "1"')  # in a list item, the next key lines up with the item's first key
    page.keyboard.press("Enter")
    assert _current_line(page) == "        "
    page.keyboard.press("Backspace")
    page.keyboard.press("Control+z")

    # Tab and Shift+Tab on a selection move the whole block by two spaces
    page.evaluate("""() => {
        const ed = window.ivrEditor.current;
        const text = ed.text();
        const from = text.indexOf('  welcome:');
        const to = text.indexOf('next: main') + 'next: main'.length;
        ed.select(from, to);
        ed.focus();
    }""")
    page.keyboard.press("Tab")
    assert _line_of(page, "welcome:") == "    welcome:" and _line_of(page, "type: say\n") == "      type: say"
    page.keyboard.press("Shift+Tab")
    assert _line_of(page, "welcome:") == "  welcome:" and _line_of(page, "type: say\n") == "    type: say"
    _clean(page)


def test_completion_offers_node_names_after_next_and_fields_from_the_schema(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    page.wait_for_function("() => window.ivrEditor.current.nodes().length > 5")
    _cursor_at(page, "    next: main")
    for _ in range(4):
        page.keyboard.press("Backspace")
    page.keyboard.type("ma")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    offered = page.locator(".cm-tooltip-autocomplete li").all_inner_texts()
    assert any(o.startswith("main") for o in offered)
    assert all("ma" in o.lower() for o in offered)  # filtered by what was typed
    page.wait_for_timeout(150)  # CodeMirror ignores Enter for 75 ms after the list opens, so a fast typist's Enter stays a new line
    page.keyboard.press("Enter")  # takes the completion, not a new line
    assert _current_line(page) == "    next: main"
    page.wait_for_selector("#summary .valid")

    # a field of a menu node, with the schema's words beside it
    _cursor_at(page, "    type: menu")
    page.keyboard.press("Enter")
    page.keyboard.type("retr")
    page.wait_for_selector(".cm-tooltip-autocomplete li:has-text('retries')")
    page.wait_for_selector(".cm-completionInfo:has-text('before the caller goes to a person')")
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")
    assert _current_line(page) == "    retries: "
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")

    # node types after type:
    _cursor_at(page, "    type: menu")
    for _ in range(4):
        page.keyboard.press("Backspace")
    page.keyboard.type("col")
    page.wait_for_selector(".cm-tooltip-autocomplete li:has-text('collect')")
    page.keyboard.press("Escape")
    _clean(page)


def test_hover_shows_the_schema_description(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    page.wait_for_function("() => window.ivrEditor.current.nodes().length > 5")
    box = page.evaluate("""() => {
        const ed = window.ivrEditor.current;
        const at = ed.text().indexOf('\\nretries: 2') + 1;
        const c = ed.view.coordsAtPos(at + 2);
        return { x: c.left, y: (c.top + c.bottom) / 2 };
    }""")
    page.mouse.move(box["x"], box["y"])
    page.wait_for_selector(".cm-ivr-doc:has-text('Default re-asks before a person takes over')")
    _clean(page)


def test_a_diagnostic_is_a_lint_marker_at_its_line_and_column(playwright: Any, server: str, folder: Path) -> None:
    page = _page(playwright)
    lines = (folder / "bank.yaml").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == "next: main")
    _open(page, server, "bank.yaml")
    _cursor_at(page, "next: main")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("ian")
    page.wait_for_selector(".cm-lintRange-error")
    marked = page.evaluate("""() => {
        const el = document.querySelector('.cm-lintRange-error');
        const v = window.ivrEditor.current.view;
        const pos = v.posAtDOM(el);
        const line = v.state.doc.lineAt(pos);
        return { line: line.number, col: pos - line.from + 1, text: el.textContent };
    }""")
    assert marked == {"line": line, "col": 11, "text": "mian"}
    page.wait_for_selector(".cm-gutter-lint .cm-lint-marker-error")
    page.hover(".cm-lintRange-error")
    tip = page.wait_for_selector(".cm-tooltip-lint")
    assert "no node 'mian'" in tip.inner_text() and "did you mean 'main'?" in tip.inner_text()

    # the problems list still jumps to the place
    page.click("#problems li.error")
    assert page.evaluate("window.ivrEditor.current.cursorLine()") == line

    _cursor_at(page, "next: mian")
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.type("ain")
    page.wait_for_selector("#summary .valid")
    page.wait_for_selector(".cm-lintRange-error", state="detached")
    _clean(page)


def test_a_yaml_mistake_is_explained_with_a_hint(playwright: Any, server: str) -> None:
    page = _page(playwright)
    _open(page, server, "bank.yaml")
    _cursor_at(page, "    prompt: Thank you for calling Acme Bank.")
    page.keyboard.type(" Note: calls are recorded.")
    page.wait_for_selector(".cm-lintRange-error")
    problem = page.locator("#problems li.error").first.inner_text()
    assert "quotes" in problem and "hint:" in problem
    _clean(page)


def test_rename_a_node_everywhere_then_save(playwright: Any, server: str, folder: Path) -> None:
    page = _page(playwright)
    original = (folder / "bank.yaml").read_text()
    _open(page, server, "bank.yaml")
    page.wait_for_function("() => window.ivrEditor.current.nodes().length > 5")
    _cursor_at(page, "  main:", end=False)
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # on the name, before the colon
    page.once("dialog", lambda d: d.accept("main-menu"))
    page.keyboard.press("F2")
    page.wait_for_function("() => window.ivrEditor.current.text().includes('  main-menu:')")
    page.wait_for_selector("#summary .valid")  # every reference followed the node
    text = page.evaluate("window.ivrEditor.current.text()")
    assert "next: main\n" not in text and "next: main-menu" in text
    references = re.findall(r"\b(?:next|else|on_error|on_failure|start|target): *main\b(?![\w-])", original)
    assert len(references) >= 2 and text.count("main-menu") == len(references) + 1
    assert "# Escalating help" in text  # comments stay

    page.keyboard.press("Control+s")
    page.wait_for_selector("#save-message:has-text('Saved')")
    assert (folder / "bank.yaml").read_text() == text
    assert not page.locator("#dirty").is_visible()
    _clean(page)


def test_the_bundle_is_served_by_the_designer_itself(playwright: Any, server: str) -> None:
    page = _page(playwright)
    with page.expect_response(lambda r: r.url.startswith(server + "/designer-static/editor.bundle.js")) as bundle:
        _open(page, server, "bank.yaml")
    assert bundle.value.status == 200
    assert page.locator("#editor .cm-editor .cm-content").count() == 1
    _clean(page)
