"""Numbers to draw on the graph: per-node visits, drop-off and transfers and per-arrow calls, from real
call records, from a bulk simulation of the flow as it is in the editor, or from a saved
``ivr simulate-many --json`` file in the designer's folder."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ivr.bulk import CallStats, load_population, simulate_caller
from ivr.designer.workspace import Refused, Workspace
from ivr.errors import IvrError, UsageError
from ivr.flow.machine import Flow
from ivr.layout import Annotation, edge_counts, tally

Overlay = tuple[dict[str, Annotation], dict[str, int]]
MAX_JSON = 20_000_000

BULK_CALLERS = 1000


def from_records(store: str | None, flow_name: str, limit: int = 10_000) -> Overlay:
    """From the call records of a store (``ivr serve`` writes them), for the flow called ``flow_name``."""
    if not store:
        raise UsageError("no call records: start the designer with --store (the file 'ivr serve --store' writes)")
    if not store.startswith(("redis://", "rediss://", "unix://")) and not Path(store).is_file():
        raise UsageError(f"no call records: {store} does not exist")
    from ivr.store import open_store

    records = [r for r in open_store(store).records(limit) if r.get("flow") == flow_name]
    if not records:
        raise UsageError(f"no call records for {flow_name!r} in {store}")
    paths = [[str(n) for n in r.get("path") or []] for r in records]
    return tally((p, str(r.get("outcome"))) for p, r in zip(paths, records, strict=True)), edge_counts(paths)


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


def from_bulk(ws: Workspace, name: str, flow: Flow, callers: int = BULK_CALLERS, seed: int = 1) -> Overlay:
    """Simulate ``callers`` callers of the flow's population through ``flow`` (the editor's text)."""
    pop = load_population(population_for(ws, name))
    stats: list[CallStats] = [simulate_caller(flow, pop, i, seed) for i in range(callers)]
    edges: dict[str, int] = {}
    for s in stats:
        for e in s.edges:
            edges[e] = edges.get(e, 0) + 1
    return tally((s.visited, s.outcome) for s in stats), edges


def from_file(ws: Workspace, file: str, flow: Flow) -> Overlay:
    """A saved ``ivr simulate-many --json`` report in the designer's folder (confined like flow files):
    its per-node numbers and, from reports that have them, its per-arrow calls."""
    path = ws.resolve(file)
    if not file.endswith(".json"):
        raise Refused(403, "an overlay file is the .json that 'ivr simulate-many --json' writes")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_JSON + 1)
    except FileNotFoundError:
        raise Refused(404, f"no file {file!r} in the designer's folder") from None
    except OSError as e:
        raise Refused(404, f"cannot read {file!r}: {e.strerror or e}") from None
    if len(data) > MAX_JSON:
        raise UsageError(f"{file} is over {MAX_JSON:,} bytes; not a simulate-many report")
    try:
        report = json.loads(data)
    except (ValueError, RecursionError):
        raise UsageError(f"{file} is not JSON; save it with 'ivr simulate-many FLOW --json > {file}'") from None
    per_node = report.get("per_node") if isinstance(report, dict) else None
    if not isinstance(per_node, dict):
        raise UsageError(f"{file} has no per_node numbers: it is not an 'ivr simulate-many --json' report")
    nodes: dict[str, Annotation] = {}
    for nid, v in per_node.items():
        if nid in flow.nodes and isinstance(v, dict):
            nodes[nid] = Annotation(*(v.get(k) if isinstance(v.get(k), int) else None for k in ("visits", "drop_off", "transfers")))
    if not nodes:
        raise UsageError(f"{file} is about another flow: none of its nodes is in {flow.name}")
    raw = report.get("per_edge")
    edges = {str(k): v for k, v in raw.items() if isinstance(v, int) and not isinstance(v, bool)} if isinstance(raw, dict) else {}
    return nodes, edges


def overlay_files(ws: Workspace) -> list[str]:
    """The .json files in the designer's folder (not hidden), the choices of the overlay 'from a file'."""
    found = []
    for path in sorted(ws.root.rglob("*.json")):
        try:
            name = ws.name_of(path)
            ws.resolve(name)
        except (Refused, ValueError):
            continue
        found.append(name)
    return found[:200]


def as_json(annotations: Mapping[str, Annotation]) -> dict[str, Any]:
    return {k: v.as_dict() for k, v in annotations.items()}
