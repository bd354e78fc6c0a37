"""Keep Hypothesis's caches (and the ``fuzz`` profile's example database) out of the repository: they go to the temp dir."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "ivr-hypothesis")
