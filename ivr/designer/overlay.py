"""Numbers to draw on the graph: per-node visits, drop-off and transfers, from real call records
or from a bulk simulation of the flow as it is in the editor."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ivr.bulk import CallStats, load_population, simulate_caller
from ivr.designer.workspace import Refused, Workspace
from ivr.errors import IvrError, UsageError
from ivr.flow.machine import Flow
from ivr.layout import Annotation, tally

BULK_CALLERS = 1000


def from_records(store: str | None, flow_name: str, limit: int = 10_000) -> dict[str, Annotation]:
    """From the call records of a store (``ivr serve`` writes them), for the flow called ``flow_name``."""
    if not store:
        raise UsageError("no call records: start the designer with --store (the file 'ivr serve --store' writes)")
    if not store.startswith(("redis://", "rediss://", "unix://")) and not Path(store).is_file():
        raise UsageError(f"no call records: {store} does not exist")
    from ivr.store import open_store

    records = [r for r in open_store(store).records(limit) if r.get("flow") == flow_name]
    if not records:
        raise UsageError(f"no call records for {flow_name!r} in {store}")
    return tally((list(r.get("path") or []), str(r.get("outcome"))) for r in records)


def population_for(ws: Workspace, name: str) -> Path:
    """The population file (in populations/) whose flow is ``name``."""
    target = ws.resolve(name)
    folder = ws.root / "populations"
    found: list[tuple[bool, Path]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            pop = load_population(path)
        except (IvrError, OSError):
            continue
        if pop.flow_path.resolve() == target:
            found.append((pop.audio is not None, path))
    if found:  # callers modelled in text first: the overlay answers in a second, real audio would take minutes
        return min(found)[1]
    raise Refused(404, f"no caller population for {name} in populations/ (see 'ivr simulate-many')")


def from_bulk(ws: Workspace, name: str, flow: Flow, callers: int = BULK_CALLERS, seed: int = 1) -> dict[str, Annotation]:
    """Simulate ``callers`` callers of the flow's population through ``flow`` (the editor's text)."""
    pop = load_population(population_for(ws, name))
    stats: list[CallStats] = [simulate_caller(flow, pop, i, seed) for i in range(callers)]
    return tally((s.visited, s.outcome) for s in stats)


def as_json(annotations: Mapping[str, Annotation]) -> dict[str, Any]:
    return {k: v.as_dict() for k, v in annotations.items()}
