"""Typing in the designer's editor on a big flow: the time each key costs the page, in headless Chromium.

A generated flow of about 2,000 lines is opened in the designer; the cursor goes to a prompt in its middle
and 60 characters are typed, one every 120 ms (a quick typist) so the live validation runs in between as it
does for a user. For each key the page measures from the keydown to the first task after the next frame (the
work the key caused: event handlers, highlighting, style, layout and paint); the validation's answer landing
counts towards the key it lands on. Prints the median, 95th percentile and worst key, and the long tasks
(over 50 ms) seen while typing.

Run: .venv/bin/python bench/editor_typing.py [--lines 2000] [--keys 60]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from ivr.designer import create_designer_app  # noqa: E402

MEASURE = """() => {
  window.keyLatency = [];
  window.longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: "longtask" });
  window.addEventListener("keydown", () => {
    const t0 = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.keyLatency.push(performance.now() - t0), 0));
  }, true);
}"""


def big_flow(lines: int) -> str:
    """A valid menu flow of about ``lines`` lines: a chain of menus, each with three options."""
    out = ["name: big", "languages: [en]", "", "nodes:"]
    i = 0
    while len(out) < lines:
        after = f"m{i + 1}"
        out += [f"  m{i}:", "    type: menu", f"    description: Menu number {i}.",
                f"    prompt: For sales press 1, for support press 2, to go on press 3. This is menu {i}.",
                "    options:",
                '      - dtmf: "1"', "        phrases: [sales, buy]", f"        next: s{i}",
                '      - dtmf: "2"', "        phrases: [support, help]", f"        next: s{i}",
                '      - dtmf: "3"', "        phrases: [next, go on]", f"        next: {after}",
                f"  s{i}:", "    type: say", f"    prompt: Thanks, menu {i}.", "    next: done", ""]
        i += 1
    out += [f"  m{i}:", "    type: say", "    prompt: The end.", "    next: done", "  done:", "    type: hangup", "    prompt: Goodbye."]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--gap", type=int, default=120, help="ms between keys")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as tmp:
        text = big_flow(args.lines)
        (Path(tmp) / "big.yaml").write_text(text)
        httpd = make_server("127.0.0.1", 0, create_designer_app(tmp), threaded=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"http://127.0.0.1:{httpd.server_port}/edit/big.yaml")
            page.wait_for_selector("body[data-ready=true]")
            needle = "This is menu 60."
            page.evaluate("""(needle) => {
              if (window.ivrEditor && window.ivrEditor.current) {
                const ed = window.ivrEditor.current;
                const at = ed.text().indexOf(needle);
                ed.select(at, at); ed.focus();
              } else {
                const t = document.querySelector('#text');
                const at = t.value.indexOf(needle);
                t.focus(); t.setSelectionRange(at, at);
              }
            }""", needle)
            page.evaluate(MEASURE)
            for ch in ("Please listen carefully as our options have changed today. " * 3)[: args.keys]:
                page.keyboard.type(ch)
                page.wait_for_timeout(args.gap)
            page.wait_for_function(f"window.keyLatency.length >= {args.keys}")
            page.wait_for_timeout(1500)
            latency = page.evaluate("window.keyLatency")
            long_tasks = page.evaluate("window.longTasks")
            lines = page.evaluate("(window.ivrEditor && window.ivrEditor.current) ? window.ivrEditor.current.text().split('\\n').length "
                                  ": document.querySelector('#text').value.split('\\n').length")
            browser.close()
        httpd.shutdown()
    latency.sort()
    p95 = latency[min(len(latency) - 1, int(len(latency) * 0.95))]
    print(f"{lines} lines, {len(latency)} keys, one every {args.gap} ms")
    print(f"per key: median {statistics.median(latency):.1f} ms, p95 {p95:.1f} ms, worst {latency[-1]:.1f} ms")
    print(f"long tasks while typing: {len(long_tasks)}, {sum(long_tasks):.0f} ms in all, longest {max(long_tasks, default=0):.0f} ms")


if __name__ == "__main__":
    main()
