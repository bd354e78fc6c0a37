"""The designer in a real browser: Debian's headless Chromium driven by Playwright.

Under CI (CI=true) a missing Chromium or Playwright fails these tests; elsewhere they are skipped
with the reason. ``IVR_DESIGNER_SCREENSHOT=docs/designer.png`` also saves README's screenshot.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from ivr.designer import create_designer_app

ROOT = Path(__file__).parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT = 20_000  # ms, for anything the page waits for

pytestmark = pytest.mark.slow


def _need(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}; CI must run the browser tests")
    pytest.skip(what)


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


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "flows"
    shutil.copytree(ROOT / "flows", target)
    return target


@pytest.fixture
def server(folder: Path) -> Iterator[str]:
    """The designer on an ephemeral port, in a thread."""
    app: Flask = create_designer_app(folder)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(5)


def _page(playwright: Any, *extra: str) -> Any:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*ARGS, *extra])
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    console: list[str] = []  # a script error, a failed request, or anything the Content-Security-Policy refused
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.console = console
    page.elsewhere = []

    def local_only(route: Any) -> None:
        """Works offline: anything the page asks of another host is refused and remembered."""
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            page.elsewhere.append(url)
            route.abort()

    page.route("**/*", local_only)
    return page


def _select(page: Any, needle: str, occurrence: int = 0) -> None:
    """Put the editor's selection on ``needle`` (its nth occurrence), as a user's double-click would."""
    page.evaluate("""([needle, n]) => {
        const ed = window.ivrEditor.current;
        let at = -1;
        for (let i = 0; i <= n; i++) at = ed.text().indexOf(needle, at + 1);
        if (at < 0) throw new Error('not in the editor: ' + needle);
        ed.select(at, at + needle.length);
        ed.focus();
    }""", [needle, occurrence])


def _open(page: Any, server: str, name: str) -> None:
    page.goto(server + "/")
    page.click(f'#flows a:text-is("{name}")')
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#graph svg .ivr-node")


def _start(page: Any) -> None:
    page.click("#start-call")
    page.wait_for_selector('#graph .ivr-node.current[data-node="main"]')
    page.wait_for_selector("#keypad button:not([disabled])")


def test_edit_see_try_and_save(playwright: Any, server: str, folder: Path) -> None:
    page = _page(playwright)
    original = (folder / "bank.yaml").read_text()
    lines = original.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == "next: main")

    page.goto(server + "/")
    page.wait_for_selector('#flows tr[data-file="bank.yaml"] .badge.valid')
    _open(page, server, "bank.yaml")
    assert page.evaluate("window.ivrEditor.current.view.state.doc.lines") == len(original.split("\n"))  # the last, empty line too
    assert page.evaluate("window.ivrEditor.current.text()") == original

    # type an error: it shows at its line, with the hint
    _select(page, "next: main")
    page.keyboard.press("End")
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.type("ian")
    page.wait_for_selector(".cm-lintRange-error")
    problem = page.locator("#problems li.error").first
    assert problem.inner_text().startswith(f"{line}:11: error[unknown-node]: no node 'mian'")
    assert "hint: did you mean 'main'?" in problem.inner_text()
    assert page.locator(".cm-lintRange-error").count() == 1 and page.inner_text(".cm-lintRange-error") == "mian"
    assert page.locator("#dirty").is_visible()

    # fix it
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.type("ain")
    page.wait_for_selector("#summary .valid")
    page.wait_for_selector(".cm-lintRange-error", state="detached")

    # double-clicking a node of the graph jumps to its YAML (a click selects it for editing on the canvas)
    page.dblclick('#graph .ivr-node[data-node="main"]')
    main_line = lines.index("  main:") + 1
    page.wait_for_selector(".cm-line.cm-target")
    assert page.evaluate("window.ivrEditor.current.cursorLine()") == main_line

    # the overlay: a thousand simulated callers of populations/bank.yaml, counted on each node
    page.select_option("#overlay", "bulk")
    page.wait_for_selector('#graph .ivr-node[data-node="main"] text:has-text("1000 visits")')
    page.select_option("#overlay", "")
    page.wait_for_function("() => !document.querySelector('#graph svg').textContent.includes('visits')")

    # walk a call to a person with the keypad...
    page.uncheck("#sound")
    _start(page)
    assert "Thank you for calling Acme Bank." in page.inner_text("#transcript")
    page.click('#keypad button[data-key="0"]')
    page.wait_for_selector("#handover:not([hidden])")
    assert '"reason": "caller-asked"' in page.inner_text("#handover-context")
    assert "transferred" in page.inner_text("#call-state")

    # ...and with typed speech, through the balance path first (the keypad enters the account number)
    _start(page)
    page.fill("#say", "check my balance")
    page.press("#say", "Enter")
    page.wait_for_selector('#graph .ivr-node.current[data-node="verify.account"]')
    for key in "12345678":  # the 8th digit sends it: no finish key needed
        page.click(f'#keypad button[data-key="{key}"]')
    page.wait_for_selector('#graph .ivr-node.current[data-node="verify.pin"]')
    assert page.inner_text("#slots").count("***") == 1
    assert "didn't get that" not in page.inner_text("#transcript")
    page.fill("#say", "representative")
    page.press("#say", "Enter")
    page.wait_for_selector("#handover:not([hidden])")
    assert "12345678" not in page.inner_text("#handover-context")

    # save, then check the file on disk: the edit, and every comment and blank line as it was
    _select(page, "Thank you for calling Acme Bank.")
    page.keyboard.type("Welcome to Acme Bank.")
    page.keyboard.press("Control+s")
    page.wait_for_selector("#save-message:has-text('Saved')")
    assert (folder / "bank.yaml").read_text() == original.replace("Thank you for calling Acme Bank.", "Welcome to Acme Bank.")
    assert not page.locator("#dirty").is_visible()

    # somebody else changes the file: saving shows the difference and writes nothing until asked
    theirs = (folder / "bank.yaml").read_text().replace("retries: 2", "retries: 3")
    (folder / "bank.yaml").write_text(theirs)
    _select(page, "Welcome to Acme Bank.")
    page.keyboard.type("Hello from Acme Bank.")
    page.click("#save")
    page.wait_for_selector("#conflict:not([hidden])")
    assert "-retries: 3" in page.inner_text("#diff")
    assert (folder / "bank.yaml").read_text() == theirs
    page.click("#overwrite")
    page.wait_for_selector("#conflict[hidden]", state="attached")
    assert "Hello from Acme Bank." in (folder / "bank.yaml").read_text()

    screenshot = os.environ.get("IVR_DESIGNER_SCREENSHOT")
    if screenshot:  # README's picture: a call on its way to a person, with what the person will be told
        _start(page)
        page.fill("#say", "check my balance")
        page.press("#say", "Enter")
        for key in "12345678":  # the 8th digit sends it: no finish key needed
            page.click(f'#keypad button[data-key="{key}"]')
        page.wait_for_selector('#graph .ivr-node.current[data-node="verify.pin"]')
        page.fill("#say", "agent")
        page.press("#say", "Enter")
        page.wait_for_selector("#handover:not([hidden])")
        page.dblclick('#graph .ivr-node[data-node="main"]')
        page.screenshot(path=screenshot)
    assert page.errors == [] and page.elsewhere == []
    assert [m for m in page.console if "status of 409" not in m] == []  # the conflict above is the one refusal asked for
    page.context.browser.close()


def test_a_new_flow_from_the_template(playwright: Any, server: str, folder: Path) -> None:
    page = _page(playwright)
    page.goto(server + "/")
    page.fill("#new-name", "support")
    page.click("#new-flow button")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#summary .valid")
    assert (folder / "support.yaml").is_file()
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_prompts_are_heard_under_the_content_security_policy(playwright: Any, server: str) -> None:
    """The page's script is the only script the policy allows, and prompt audio needs the token: the
    script fetches it with the token and plays it from a blob: URL."""
    page = _page(playwright, "--autoplay-policy=no-user-gesture-required")
    with page.expect_response(lambda r: r.url.startswith(server + "/designer-static/designer.js")) as script:
        _open(page, server, "bank.yaml")
    assert "script-src 'self'" in script.value.headers["content-security-policy"]
    assert page.is_checked("#sound")
    with page.expect_response(lambda r: "/api/speech?" in r.url) as spoken:
        _start(page)
    assert spoken.value.status == 200 and spoken.value.headers["content-type"] == "audio/wav"
    page.wait_for_function("() => window.ivrStats.prompts.some((p) => p.played)")
    assert all(p["status"] == 200 for p in page.evaluate("window.ivrStats.prompts"))
    assert page.errors == [] and page.elsewhere == [] and page.console == []
    # the policy is in force, and what it refuses shows on the console these tests watch
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.inline = true';
                             document.body.appendChild(s); }""")
    page.wait_for_function("() => true")
    assert page.evaluate("window.inline") is None
    assert len(page.console) == 1 and "Content Security Policy" in page.console[0]
    page.context.browser.close()


def _spoken(path: Path, words: str) -> float:
    """Writes ``words`` between pauses for the browser's fake microphone; returns how long the words alone last."""
    from ivr.speech.voice import CallerVoice

    pcm = CallerVoice("joe").speak(words, 48_000)
    import numpy as np

    gap = np.zeros(48_000 // 2, dtype=np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(np.concatenate([gap, pcm, gap, gap, gap]).astype("<i2").tobytes())
    return len(pcm) / 48_000


def test_the_microphone_button_sends_speech_to_the_recognizer(playwright: Any, server: str, tmp_path: Path) -> None:
    wav = tmp_path / "representative.wav"
    word = _spoken(wav, "representative")
    page = _page(playwright, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                 f"--use-file-for-fake-audio-capture={wav}")
    _open(page, server, "bank.yaml")
    page.uncheck("#sound")
    _start(page)
    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    for _ in range(3):  # the fake device loops the file from wherever it is: one loop and one word more hold the whole word
        page.click("#mic")
        page.wait_for_selector("#mic.recording")
        time.sleep(seconds + word + 0.3)
        page.click("#mic")
        page.wait_for_selector("#mic:not(.recording)")
        page.wait_for_function("() => !document.querySelector('#mic').disabled || !document.querySelector('#handover').hidden")
        if page.locator("#handover:not([hidden])").count():
            break
    page.wait_for_selector("#handover:not([hidden])", timeout=5_000)
    transcript = page.inner_text("#transcript")
    assert "representative" in transcript and "heard by" in transcript
    assert page.errors == [] and page.console == []
    page.context.browser.close()


def test_a_prompt_part_in_another_language_is_spoken_and_shown_in_it(playwright: Any, server: str) -> None:
    """The 311 line's language menu is English, Spanish and Persian parts: Try it asks the offline
    voice for each part in its own language, and the transcript says which."""
    page = _page(playwright, "--autoplay-policy=no-user-gesture-required")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/speech?" in r.url else None)
    _open(page, server, "multilingual.yaml")
    page.click("#start-call")
    page.wait_for_selector("#keypad button:not([disabled])")
    page.wait_for_function("() => window.ivrStats.prompts.length >= 3")
    from urllib.parse import parse_qs, urlparse

    spoken = [(q["language"][0], q["text"][0]) for q in (parse_qs(urlparse(u).query) for u in asked)]
    assert spoken[:3] == [("en", "Welcome to Lakeview 311. For English, press 1."), ("es", "Para español, oprima 2."),
                          ("fa", "برای فارسی، کلید ۳ را فشار دهید.")]
    shown = page.locator("#transcript li.ivr .who").all_inner_texts()
    assert shown[:3] == ["IVR · language", "IVR · language · es", "IVR · language · fa"]
    assert page.errors == [] and page.elsewhere == []
    page.context.browser.close()


def test_try_it_plays_the_flows_recordings_and_speaks_one_it_cannot_play(playwright: Any, tmp_path: Path) -> None:
    """A flow of recorded prompts: the page plays the recording (MP3 through the designer's loader) and,
    for a corrupt one, speaks the prompt's text instead."""
    from tests.recorded import make_project

    project = make_project(tmp_path / "recorded")
    project.flow.write_text(project.flow.read_text().replace("welcome.mp3", "corrupt.mp3"))
    app: Flask = create_designer_app(project.root / "flows")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    page = _page(playwright, "--autoplay-policy=no-user-gesture-required")
    try:
        _open(page, f"http://127.0.0.1:{httpd.server_port}", "recorded.yaml")
        _start(page)
        page.wait_for_function("() => window.ivrStats.prompts.length >= 2 && window.ivrStats.prompts.every((p) => p.played)")
        prompts = page.evaluate("window.ivrStats.prompts")
        assert [(p["audio"], p["recordingStatus"], p["source"], p["status"]) for p in prompts[:2]] == [
            ("corrupt.mp3", 422, "speech", 200), ("menu.wav", 200, "recording", 200)]
        assert page.errors == [] and page.elsewhere == []
        assert [m for m in page.console if "422" not in m] == []  # the refused recording is the one failed request
    finally:
        page.context.browser.close()
        httpd.shutdown()
        thread.join(5)
