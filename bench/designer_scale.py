"""A 500-node flow in the designer: how long from opening the page to the graph drawn, and what a pan and
a zoom cost per frame, in headless Chromium.

The flow is generated: a tree of menus (three options each: two deeper, one to a collect that reads a
number and a say that confirms it), with no subflows, until it has ``--nodes`` nodes. The server's part
(validation, D2's layout, our tagging of its SVG) is timed apart from the page's, so a slow graph says
whether D2 or the designer is to blame. Pan and zoom are timed as a user makes them: 60 wheel events
(Ctrl+wheel zooms, as a pinch does; a plain wheel pans), one per frame, while the page records the time
between frames.

Run: .venv/bin/python bench/designer_scale.py [--nodes 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from ivr.designer import create_designer_app  # noqa: E402


def scale_flow(nodes: int) -> str:
    """A valid flow of about ``nodes`` nodes: menus, collects and says, each menu two menus deeper and a
    collect-then-say leaf, breadth first; every leaf goes back to the main menu or hangs up."""
    out = ["name: scale", "description: A generated flow to measure the designer at size.", "languages: [en]", "", "nodes:"]
    menus = max(1, (nodes - 1) // 3)
    body: list[str] = []
    for i in range(menus):
        menu = f"m{i}"
        children = [f"m{c}" for c in (2 * i + 1, 2 * i + 2) if c < menus]
        body += [f"  {menu}:", "    type: menu", f"    prompt: Menu {menu}. Press 1 or 2 for more, 3 to give a number.", "    options:"]
        for k, child in enumerate(children, 1):
            body += [f'      - dtmf: "{k}"', f"        phrases: [choice {k} of {menu}]", f"        next: {child}"]
        body += ['      - dtmf: "3"', f"        phrases: [number {menu}]", f"        next: c_{menu}",
                 f"  c_{menu}:", "    type: collect", "    kind: digits", "    min_length: 4", "    max_length: 4",
                 f"    prompt: Enter four digits for {menu}.", f"    next: s_{menu}",
                 f"  s_{menu}:", "    type: say", f"    prompt: Thank you, {menu} has your number.", f"    next: {'m0' if i % 2 else 'bye'}"]
    body += ["  bye:", "    type: hangup", "    prompt: Goodbye."]
    return "\n".join(out + body) + "\n"


def server_times(text: str, runs: int) -> dict[str, float]:
    """Seconds for each part of drawing the graph on the server: compiling and checking, D2 alone (its own
    process on our D2 text), and the whole of flow_svg (D2 plus building its input and tagging its output)."""
    from ivr.designer.workspace import Workspace
    from ivr.layout import d2_binary, d2_source, flow_svg

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "scale.yaml").write_text(text)
        ws = Workspace(tmp)
        t = time.perf_counter()
        report = ws.validate("scale.yaml", text)
        validate = time.perf_counter() - t
    assert report.flow is not None, report.as_dict()
    source, _ = d2_source(report.flow, diagnostics=report.diagnostics)
    d2, whole = [], []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([d2_binary(), "--layout", "elk", "--pad", "16", "--no-xml-tag", "--omit-version", "-", "-"],
                       input=source.encode(), capture_output=True, check=True, timeout=300)
        d2.append(time.perf_counter() - t)
        t = time.perf_counter()
        flow_svg(report.flow, diagnostics=report.diagnostics)
        whole.append(time.perf_counter() - t)
    return {"nodes": len(report.flow.nodes), "validate": validate, "d2": min(d2), "flow_svg": min(whole)}


FRAMES = """async ([ctrl, steps]) => {
  const g = document.querySelector('#graph'), r = g.getBoundingClientRect();
  const frames = [];
  let last = await new Promise(requestAnimationFrame);
  for (let i = 0; i < steps; i++) {
    g.dispatchEvent(new WheelEvent('wheel', {deltaY: ctrl ? (i < steps / 2 ? -40 : 40) : 30, deltaX: ctrl ? 0 : 10, ctrlKey: ctrl,
                                               clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true}));
    const now = await new Promise(requestAnimationFrame);
    frames.push(now - last);
    last = now;
  }
  return frames;
}"""

BUTTONS = """async (steps) => {
  const frames = [];
  let last = await new Promise(requestAnimationFrame);
  for (let i = 0; i < steps; i++) {
    document.querySelector(i < steps / 2 ? '#zoom-in' : '#zoom-out').click();
    const now = await new Promise(requestAnimationFrame);
    frames.push(now - last);
    last = now;
  }
  return frames;
}"""


def page_times(text: str, runs: int) -> dict[str, Any]:
    """Seconds from opening the page to the graph drawn (median of ``runs`` fresh pages), and frame times in
    ms (median, 95th percentile, worst) of wheel zoom, wheel pan and the zoom buttons."""
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "scale.yaml").write_text(text)
        httpd = make_server("127.0.0.1", 0, create_designer_app(tmp), threaded=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
            opened = []
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.set_default_timeout(180_000)
                t = time.perf_counter()
                page.goto(f"http://127.0.0.1:{httpd.server_port}/edit/scale.yaml")
                page.wait_for_selector("#graph svg .ivr-node")
                page.evaluate("() => new Promise(requestAnimationFrame)")
                opened.append(time.perf_counter() - t)
                out["parts"] = page.evaluate("() => ({validate: window.ivrStats.validations[0], graph: window.ivrStats.graphs[0]})")
                page.close()
            out["open"] = statistics.median(opened)
            out["opens"] = opened
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(180_000)
            page.goto(f"http://127.0.0.1:{httpd.server_port}/edit/scale.yaml")
            page.wait_for_selector("#graph svg .ivr-node")
            page.click("#zoom-in")
            for name, script, arg in (("wheel zoom", FRAMES, [True, 60]), ("wheel pan", FRAMES, [False, 60]), ("zoom buttons", BUTTONS, 20)):
                frames = sorted(page.evaluate(script, arg))
                out[name] = (statistics.median(frames), frames[int(len(frames) * 0.95) - 1], frames[-1])
            browser.close()
        httpd.shutdown()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server-only", action="store_true")
    args = parser.parse_args()
    text = scale_flow(args.nodes)
    s = server_times(text, args.runs)
    print(f"server: {s['nodes']} nodes; validate {s['validate']:.2f} s, d2 alone {s['d2']:.2f} s, flow_svg {s['flow_svg']:.2f} s "
          f"(ours around d2: {s['flow_svg'] - s['d2']:.2f} s)", flush=True)
    if args.server_only:
        return
    p = page_times(text, args.runs)
    print(f"page: open to graph drawn {p['open']:.2f} s (runs: {', '.join(f'{t:.2f}' for t in p['opens'])})")
    print(f"page parts (last open): {p['parts']}")
    for name in ("wheel zoom", "wheel pan", "zoom buttons"):
        med, p95, worst = p[name]
        print(f"{name}: frame median {med:.1f} ms, p95 {p95:.1f} ms, worst {worst:.1f} ms")


if __name__ == "__main__":
    main()
