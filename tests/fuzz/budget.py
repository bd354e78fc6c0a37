"""How long the fuzz suite runs, chosen by the environment variable HYPOTHESIS_PROFILE.

``ci`` (the default): a fixed set of examples per test (``derandomize``), no example database and no
deadline, so every run of CI tries exactly the same inputs in about two minutes on two cores.

``fuzz``: new random examples on every run, ``IVR_FUZZ_SCALE`` (default 25) times as many, and an
example database in the temp dir so a failure found once is tried first on the next run::

    HYPOTHESIS_PROFILE=fuzz IVR_FUZZ_SCALE=100 pytest tests/fuzz -p no:randomly --hypothesis-show-statistics
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example]

settings.register_profile("ci", derandomize=True, database=None, deadline=None, suppress_health_check=SUPPRESSED,
                          print_blob=True)
settings.register_profile("fuzz", derandomize=False, deadline=None, suppress_health_check=SUPPRESSED, print_blob=True)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or "ci"
SCALE = int(os.environ.get("IVR_FUZZ_SCALE") or 25) if PROFILE != "ci" else 1


def fuzz(examples: int) -> settings:
    """Settings for one fuzz test: ``examples`` inputs in CI, SCALE times as many in a long run."""
    return settings(settings.get_profile(PROFILE), max_examples=max(1, examples * SCALE))


def known(examples: int) -> settings:
    """Settings for a test of a known hole (marked xfail): the first failure is enough, without the
    seconds Hypothesis spends shrinking and explaining it. Once the hole is fixed it runs in full."""
    return settings(fuzz(examples), phases=[Phase.explicit, Phase.reuse, Phase.generate], report_multiple_bugs=False)
