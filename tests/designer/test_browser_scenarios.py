"""From trying to testing in a real browser (headless Chromium through Playwright): a Try-it call saved
as a scenario, the flow's scenarios with pass or fail, coverage and traffic drawn on the graph."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.designer import test_browser as tb

pytestmark = pytest.mark.slow
playwright = tb.playwright
folder = tb.folder
server = tb.server


def test_a_try_it_call_becomes_a_passing_scenario_and_coverage_shows_the_rest(playwright: Any, server: str, folder: Path) -> None:
    (folder / "tests" / "bank.tests.yaml").unlink()  # a flow without scenarios yet
    page = tb._page(playwright)
    tb._open(page, server, "bank.yaml")
    page.wait_for_selector("#scenario-summary:has-text('no scenarios yet')")
    assert page.locator("#save-scenario").is_disabled()

    page.uncheck("#sound")
    tb._start(page)
    page.click('#keypad button[data-key="2"]')  # a lost card: straight to card services
    page.wait_for_selector("#handover:not([hidden])")
    page.click("#save-scenario")
    assert page.input_value("#scenario-name") == "main → lost_card (transferred)"
    page.fill("#scenario-name", "a lost card by keypad")
    page.press("#scenario-name", "Enter")
    page.wait_for_selector('#scenario-list li.pass[data-name="a lost card by keypad"]')
    assert "saved to tests/bank.tests.yaml" in page.inner_text("#scenario-saved")
    written = (folder / "tests" / "bank.tests.yaml").read_text()
    assert written.startswith("# yaml-language-server: $schema=")
    scenario = yaml.safe_load(written)["scenarios"][0]
    assert scenario["caller"] == ["press 2"] and scenario["expect"]["outcome"] == "transferred"

    # what that one scenario never exercised, marked on the graph
    page.select_option("#overlay", "coverage")
    page.wait_for_selector('#graph .ivr-node.untested[data-node="complaints"]')
    assert page.locator('#graph .ivr-node.untested[data-node="main"]').count() == 0
    assert page.locator("#graph .ivr-edge.untested").count() > 0

    # a scenario someone broke on disk: Run shows it failing, with its message
    with (folder / "tests" / "bank.tests.yaml").open("a") as fh:
        fh.write("  - name: broken on purpose\n    caller: [press 2]\n    expect: {outcome: completed}\n")
    page.click("#run-scenarios")
    page.wait_for_selector('#scenario-list li.fail[data-name="broken on purpose"]')
    assert "expected outcome completed, got transferred" in page.inner_text('#scenario-list li.fail .failure')
    assert "1 passed, 1 failed" in page.inner_text("#scenario-summary")

    # the numbers of a saved 'ivr simulate-many --json' on nodes and arrows, the arrows' width by traffic
    report = subprocess.run([sys.executable, "-m", "ivr", "simulate-many", str(folder / "bank.yaml"), "--callers", "50", "--json"],
                            capture_output=True, text=True, check=True).stdout
    (folder / "bank-sim.json").write_text(report)
    page.select_option("#overlay", "file")
    page.wait_for_selector('#overlay-file option[value="bank-sim.json"]', state="attached")
    page.wait_for_selector('#graph .ivr-edge[data-calls="50"]')
    assert page.locator('#graph .ivr-node[data-node="main"] text:has-text("50 visits")').count() == 1
    per_edge = json.loads(report)["per_edge"]
    drawn = page.eval_on_selector_all("#graph .ivr-edge[data-calls]", "els => Object.fromEntries(els.map(e => [e.dataset.edge, +e.dataset.calls]))")
    assert {k: v for k, v in drawn.items() if v} == per_edge
    assert not page.errors and not page.console and not page.elsewhere
    page.context.browser.close()
