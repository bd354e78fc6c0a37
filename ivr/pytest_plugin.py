"""A pytest plugin: scenario files (``*.tests.yaml``) are collected as tests, one per scenario.

Installed with ivr (entry point ``pytest11``), so ``pytest flows/tests/`` runs the scenarios beside
a project's own tests, with each failure's expectations and transcript in the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(".tests.yaml"):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from ivr import qa

        suite = qa.load_suite(self.path)
        for scenario in suite.scenarios:
            yield ScenarioItem.from_parent(self, name=scenario.name, suite=suite, scenario=scenario)


class ScenarioFailed(Exception):
    pass


class ScenarioItem(pytest.Item):
    def __init__(self, *, suite: Any, scenario: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.suite = suite
        self.scenario = scenario

    def runtest(self) -> None:
        from ivr import qa

        outcome = qa.run_scenario(self.suite, self.scenario)
        if not outcome.ok:
            raise ScenarioFailed("\n".join(outcome.failures) + "\n\n" + qa.transcript_text(outcome))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"scenario: {self.name}"
