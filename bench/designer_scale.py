"""Big flows in the designer, before and after issue 16's work, side by side: how long from opening the page,
and from an edit, to the graph drawn, and what a pan and a zoom cost per frame, in headless Chromium.

"before" draws every flow with D2's ELK and paints every label at every zoom (the designer as it was);
"after" is the designer as it is: ELK up to ivr.layout.LAYERED_ABOVE boxes and ivr.layered above it, and
no text below the zoom at which it can be read. The flows are tests/security/flowgen.menu_tree: menus, collects
and says in a tree, no subflows. The server's part (flow_svg, layout cache emptied) is timed apart from the
page's. Pan and zoom are timed as a user makes them: 60 wheel events (Ctrl+wheel zooms, as a pinch does; a
plain wheel pans), one per frame, while the page records the time between frames, starting from the whole
graph fitted in the pane (the view a designer opens a big flow to), and a pan again at 100% around the
first menu, where every label is drawn.

Run: .venv/bin/python bench/designer_scale.py [--sizes 50,150,500] [--runs 2] [--server-only]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

import ivr.layout  # noqa: E402
from ivr.designer import create_designer_app  # noqa: E402
from tests.security.flowgen import menu_tree  # noqa: E402

APPROACHES = {"before": "elk", "after": "auto"}
SHOW_ALL_TEXT = ".graph[data-detail] svg text { display: inline !important; }"  # what the designer did before


def server_time(text: str, layout: str, runs: int) -> tuple[int, float]:
    """Boxes drawn and the best of ``runs`` seconds for the whole of flow_svg (validated flow in, tagged SVG
    out), the layout cache emptied each time."""
    from ivr.designer.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "scale.yaml").write_text(text)
        report = Workspace(tmp).validate("scale.yaml", text)
    assert report.flow is not None, report.as_dict()
    best = float("inf")
    for _ in range(runs):
        ivr.layout._drawn.clear()
        t = time.perf_counter()
        ivr.layout.flow_svg(report.flow, diagnostics=report.diagnostics, layout=layout)
        best = min(best, time.perf_counter() - t)
    return len(report.flow.nodes), best


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

EDIT = """async (edited) => {
  const before = window.ivrStats.graphs.length, started = performance.now(), view = window.ivrEditor.current.view;
  view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: edited}});
  while (window.ivrStats.graphs.length === before) await new Promise((r) => setTimeout(r, 5));
  await new Promise(requestAnimationFrame);
  return (performance.now() - started) / 1000;
}"""


def page_times(text: str, layout: str, runs: int) -> dict[str, Any]:
    """Seconds from opening the page to the graph drawn and from an edit that changes the graph (a leaf sent
    elsewhere) to the new graph drawn (medians of ``runs``), and frame times in ms (p50, p95) of wheel zoom
    and wheel pan."""
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "scale.yaml").write_text(text)
        app = create_designer_app(tmp)
        app.config["DESIGNER_LAYOUT"] = layout
        app.config["DESIGNER"].warm()  # as `ivr designer` does in a thread as it starts: the flow list is checked ahead
        httpd = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
            opened, edited = [], []
            for run in range(runs):
                ivr.layout._drawn.clear()
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.set_default_timeout(300_000)
                t = time.perf_counter()
                page.goto(f"http://127.0.0.1:{httpd.server_port}/edit/scale.yaml")
                page.wait_for_selector("#graph svg .ivr-node")
                page.evaluate("() => new Promise(requestAnimationFrame)")
                opened.append(time.perf_counter() - t)
                edited.append(page.evaluate(EDIT, text.replace("next: bye", f"next: m{run + 1}", 1)))
                if layout == "elk":
                    page.add_style_tag(content=SHOW_ALL_TEXT)
                if run == runs - 1:
                    page.click("#zoom-fit")
                    for name, arg in (("zoom", [True, 60]), ("pan", [False, 60]), ("pan at 100%", [False, 60])):
                        if name == "pan at 100%":  # the labels readable: the first menu at its full size
                            page.evaluate("() => window.ivrCanvas.current.focus('m0')")
                            page.wait_for_function("() => !window.ivrCanvas.current.moving")
                        frames = sorted(page.evaluate(FRAMES, arg))
                        out[name] = (statistics.median(frames), frames[max(0, int(len(frames) * 0.95) - 1)])
                page.close()
            out["open"] = statistics.median(opened)
            out["edit"] = statistics.median(edited)
            browser.close()
        httpd.shutdown()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,150,500", help="flow sizes in nodes, comma-separated")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--server-only", action="store_true")
    parser.add_argument("--approaches", default="before,after", help="which of before and after to measure")
    args = parser.parse_args()
    head = f"{'nodes':>5}  {'approach':8}  {'server s':>8}"
    if not args.server_only:
        head += f"  {'open s':>6}  {'edit s':>6}  {'zoom p50/p95 ms':>15}  {'pan p50/p95 ms':>14}  {'pan at 100% p50/p95':>19}"
    print(head, flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        text = menu_tree(size)
        for name, layout in ((n, APPROACHES[n]) for n in args.approaches.split(",")):
            nodes, server = server_time(text, layout, args.runs)
            line = f"{nodes:>5}  {name:8}  {server:>8.2f}"
            if not args.server_only:
                r = page_times(text, layout, args.runs)
                line += (f"  {r['open']:>6.2f}  {r['edit']:>6.2f}  {r['zoom'][0]:>7.1f}/{r['zoom'][1]:<7.1f}"
                         f"  {r['pan'][0]:>6.1f}/{r['pan'][1]:<7.1f}  {r['pan at 100%'][0]:>9.1f}/{r['pan at 100%'][1]:<9.1f}")
            print(line, flush=True)  # row by row: the slow "before" of a big flow takes minutes


if __name__ == "__main__":
    main()
