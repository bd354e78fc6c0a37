"""The browser fixtures of test_browser, for every browser test module of the designer."""

from __future__ import annotations

from tests.designer.test_browser import folder, playwright, server  # noqa: F401 (fixtures are found by name)
