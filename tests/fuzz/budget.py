"""How long the fuzz suite runs, chosen by the environment variable HYPOTHESIS_PROFILE.

``ci`` (the default): a fixed set of examples per test (``derandomize``), no example database and no
deadline, so every run of CI tries exactly the same inputs, in about a minute on two cores.

``fuzz``: new random examples on every run, ``IVR_FUZZ_SCALE`` (default 25) times as many, and an
example database in the temp dir so a failure found once is tried first on the next run::

    HYPOTHESIS_PROFILE=fuzz IVR_FUZZ_SCALE=100 pytest tests/fuzz --hypothesis-show-statistics

(scale 8 takes about ten minutes).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from hypothesis import HealthCheck, settings

SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example]

settings.register_profile("ci", derandomize=True, database=None, deadline=None, suppress_health_check=SUPPRESSED,
                          print_blob=True)
settings.register_profile("fuzz", derandomize=False, deadline=None, suppress_health_check=SUPPRESSED, print_blob=True)

P = ParamSpec("P")
R = TypeVar("R")
DEFAULT_RECURSION_LIMIT = 1000  # what sys.getrecursionlimit() is in a fresh interpreter, as a server runs
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or "ci"
SCALE = int(os.environ.get("IVR_FUZZ_SCALE") or 25) if PROFILE != "ci" else 1


def fuzz(examples: int) -> settings:
    """Settings for one fuzz test: ``examples`` inputs in CI, SCALE times as many in a long run."""
    return settings(settings.get_profile(PROFILE), max_examples=max(1, examples * SCALE))


def production_stack(test: Callable[P, R]) -> Callable[P, R]:
    """Run each example with Python's usual recursion limit above the test's own frames.

    Hypothesis raises the limit by 2,000 frames while it runs a test, which would hide exactly the
    RecursionErrors this suite looks for (a 1,000-node chain, deeply nested JSON): a server or the
    CLI has the default 1,000 frames. Goes under ``@given``."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        depth, frame = 0, sys._getframe()
        while frame is not None:
            depth, frame = depth + 1, frame.f_back
        before = sys.getrecursionlimit()
        sys.setrecursionlimit(depth + DEFAULT_RECURSION_LIMIT)
        try:
            return test(*args, **kwargs)
        finally:
            sys.setrecursionlimit(before)

    return run
