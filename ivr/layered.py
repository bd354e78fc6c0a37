"""A flow's graph drawn without D2, in milliseconds, for flows too big for D2's layout engines.

D2 runs ELK and dagre inside a JavaScript interpreter: a 500-node flow takes it 2-7 s, and the time grows
faster than the flow. Here the layout is a layered tree, computed in one pass and stable under edits:

- each node's rank is its distance from the start (breadth first), so every arrow between neighbouring
  ranks is drawn as a line, and every other arrow (back to a menu, up to a person, across the tree) as a
  short labelled jump beside its node (``→ main``) that the designer can click to go there;
- each rank is ordered as the tree is written (a node's children in the order of its options), and each
  subtree gets a slot as wide as its widest rank: adding an option only moves the nodes to its right;
- the nodes of a subflow are framed together (``ivr-group``).

The shapes are simpler than D2's (same colours and dashes), the text uses the page's sans-serif font and
its width is estimated from per-character widths. Callers pass what to draw, already described and tagged
(:class:`Box`, :class:`Arrow`), so that both drawings carry the same data attributes.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FONT = 13.0
LINE = 16.0
SMALL = 11.0
PAD_X, PAD_Y = 12.0, 8.0
GAP_X = 24.0
GAP_Y = 44.0
STUB = 14.0
JUMP_CHARS = 44  # a jump's label is cut here (the whole is in its tooltip)

_NARROW = set("il.,:;|!'`ftrIj ()[]{}/\\-")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float = FONT) -> float:
    """The width of ``text`` in a sans-serif font of ``size`` px, estimated per character: close enough
    to size boxes, never measured (no font metrics on the server)."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.3
        elif ch in _WIDE:
            em += 0.86
        elif ch.isascii():
            em += 0.64 if ch.isupper() else 0.55
        elif unicodedata.east_asian_width(ch) in "WF":
            em += 1.0
        else:
            em += 0.62
    return em * size


@dataclass(frozen=True)
class Box:
    """A node to draw: its id, text rows, D2 shape name and D2 style (``fill``, ``stroke``, ``stroke-dash``,
    ``stroke-width``, ``font-color``, ``shadow``), the subflow calls it sits in (outermost first) and the
    attributes its ``<g>`` carries (``class`` included, already escaped)."""

    id: str
    rows: tuple[str, ...]
    shape: str
    style: Mapping[str, str]
    attrs: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Arrow:
    """An arrow to draw: its ends, label, D2 style and its ``<g>``'s attributes (``class`` included)."""

    src: str
    dst: str
    label: str
    style: Mapping[str, str]
    attrs: str
    to_name: str


@dataclass(frozen=True)
class Group:
    """A subflow's frame: its id (the calling node's), its title and its ``<g>``'s attributes."""

    id: str
    title: str
    attrs: str


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


@dataclass
class _Placed:
    box: Box
    w: float
    h: float
    block_w: float
    block_h: float
    jumps: list[tuple[Arrow, str]]
    x: float = 0.0  # the box's left
    y: float = 0.0
    rank: int = 0


def draw(start: str, boxes: Sequence[Box], arrows: Sequence[Arrow], groups: Sequence[Group] = ()) -> str:
    """The SVG of the graph: ``boxes`` laid out in ranks from ``start``, ``arrows`` between neighbouring
    ranks as lines and the rest as jumps, each subflow of ``groups`` framed."""
    by_id = {b.id: b for b in boxes}
    out: dict[str, list[Arrow]] = {b.id: [] for b in boxes}
    for a in arrows:
        if a.src in out and a.dst in by_id:
            out[a.src].append(a)

    depth: dict[str, int] = {}
    parent: dict[str, str] = {}
    roots: list[str] = []
    for root in [start, *by_id]:
        if root in depth or root not in by_id:
            continue
        roots.append(root)
        depth[root] = 0
        queue = deque([root])
        while queue:
            u = queue.popleft()
            for a in out[u]:
                if a.dst not in depth:
                    depth[a.dst] = depth[u] + 1
                    parent[a.dst] = u
                    queue.append(a.dst)
    children: dict[str, list[str]] = {b.id: [] for b in boxes}
    for u in by_id:
        for a in out[u]:
            if parent.get(a.dst) == u and a.dst not in children[u]:
                children[u].append(a.dst)

    lines: list[Arrow] = []
    placed: dict[str, _Placed] = {}
    for b in boxes:
        w = max(max((text_width(r) for r in b.rows), default=0) * 1.04 + 2 * PAD_X, 48)
        h = len(b.rows) * LINE + 2 * PAD_Y
        if b.shape == "diamond":
            w, h = w * 1.45, h * 1.45
        elif b.shape == "circle":
            w = h = max(w, h)
        elif b.shape in ("hexagon", "parallelogram"):
            w += 24
        jumps = []
        for a in out[b.id]:
            if depth[a.dst] == depth[b.id] + 1:
                lines.append(a)
            else:
                text = " · ".join(a.label.splitlines())
                text = f"{text} → {a.to_name}" if text else f"→ {a.to_name}"
                jumps.append((a, text))
        jump_w = max((text_width(t[:JUMP_CHARS] + ("…" if len(t) > JUMP_CHARS else ""), SMALL) for _, t in jumps), default=0)
        block_w = w + (STUB + 6 + jump_w if jumps else 0)
        block_h = max(h, len(jumps) * (SMALL + 3) + 6)
        placed[b.id] = _Placed(b, w, h, block_w, block_h, jumps, rank=depth[b.id])

    # the label of the tree arrow into a node is written just above it: its slot is at least as wide
    into = {a.dst: a for a in lines if parent.get(a.dst) == a.src}
    label_w = {v: max((text_width(r, SMALL) for r in a.label.splitlines()), default=0) + 8 for v, a in into.items()}
    slot: dict[str, float] = {}
    for u in _post_order(roots, children):
        kids = children[u]
        span = sum(slot[c] for c in kids) + GAP_X * max(0, len(kids) - 1)
        slot[u] = max(placed[u].block_w, label_w.get(u, 0), span)

    ranks = max(depth.values(), default=0) + 1
    rank_h = [0.0] * ranks
    band = [0.0] * ranks
    for v, p in placed.items():
        rank_h[p.rank] = max(rank_h[p.rank], p.block_h)
        if v in into and into[v].label:
            band[p.rank] = max(band[p.rank], len(into[v].label.splitlines()) * (SMALL + 2))
    top = [0.0] * ranks
    y = 28.0  # room for the start dot
    for r in range(ranks):
        y += band[r]
        top[r] = y
        y += rank_h[r] + GAP_Y
    height = y - GAP_Y + 16

    left = 16.0
    for root in roots:
        stack = [(root, left)]
        while stack:
            u, x0 = stack.pop()
            p = placed[u]
            p.x = x0 + (slot[u] - p.block_w) / 2
            p.y = top[p.rank]
            kids = children[u]
            span = sum(slot[c] for c in kids) + GAP_X * max(0, len(kids) - 1)
            cx = x0 + (slot[u] - span) / 2
            for c in kids:
                stack.append((c, cx))
                cx += slot[c] + GAP_X
        left += slot[root] + GAP_X * 2
    width = left - GAP_X * 2 + 16

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ivr-layered" data-layout="layered" width="{_f(width)}" '
           f'height="{_f(height)}" viewBox="0 0 {_f(width)} {_f(height)}" font-family="sans-serif" font-size="{_f(FONT)}">',
           "<style>.ivr-layered text{font-family:sans-serif}.ivr-jump{cursor:pointer}.ivr-label{fill:#fff;opacity:.85}</style>"]
    colours = sorted({a.style.get("stroke", "#444") for a in arrows} | {"#222"})
    svg.append("<defs>" + "".join(
        f'<marker id="ivr-arrow-{i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0 0L10 5L0 10z" fill="{c}"/></marker>' for i, c in enumerate(colours)) + "</defs>")
    marker = {c: f"url(#ivr-arrow-{i})" for i, c in enumerate(colours)}

    for g in groups:
        members = [p for p in placed.values() if g.id in p.box.groups]
        if not members:
            continue
        inset = 10.0 * (1 + max(len(p.box.groups) - 1 - p.box.groups.index(g.id) for p in members))
        x0 = min(p.x for p in members) - inset
        y0 = min(p.y - band[p.rank] for p in members) - inset - 16
        x1 = max(p.x + p.block_w for p in members) + inset
        y1 = max(p.y + p.block_h for p in members) + inset
        svg.append(f'<g {g.attrs}><rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(x1 - x0)}" height="{_f(y1 - y0)}" rx="8" '
                   f'fill="#f5f7fb" fill-opacity="0.6" stroke="#8a94a6" stroke-dasharray="5 3"/>'
                   f'<text x="{_f(x0 + 8)}" y="{_f(y0 + 13)}" font-size="{_f(SMALL)}" fill="#555">{esc(g.title)}</text></g>')

    if start in placed:
        s = placed[start]
        cx = s.x + s.w / 2
        svg.append(f'<g class="ivr-start"><circle cx="{_f(cx)}" cy="{_f(s.y - 22)}" r="6" fill="#222"/>'
                   f'<line x1="{_f(cx)}" y1="{_f(s.y - 16)}" x2="{_f(cx)}" y2="{_f(s.y - 2)}" stroke="#222" stroke-width="1.5" '
                   f'marker-end="{marker["#222"]}"/></g>')

    for a in lines:
        pu, pv = placed[a.src], placed[a.dst]
        x1, y1, x2, y2 = pu.x + pu.w / 2, pu.y + pu.h, pv.x + pv.w / 2, pv.y - 2
        ym = (y1 + y2) / 2
        tree = parent.get(a.dst) == a.src
        if tree and a.label:
            y2 -= band[pv.rank]
            ym = (y1 + y2) / 2
        stroke = a.style.get("stroke", "#444")
        path = f"M{_f(x1)} {_f(y1)}C{_f(x1)} {_f(ym)} {_f(x2)} {_f(ym)} {_f(x2)} {_f(y2)}"
        if tree and a.label:
            path += f"L{_f(x2)} {_f(pv.y - 2)}"
        body = [f'<path d="{path}" fill="none" {_stroke(a.style, stroke)} marker-end="{marker[stroke]}"/>']
        if a.label:
            label_rows = a.label.splitlines()
            lx, ly = (x2, y2 + 2) if tree else ((x1 + x2) / 2, ym - len(label_rows) * (SMALL + 2) / 2)
            lw = max(text_width(r, SMALL) for r in label_rows) + 6
            body.append(f'<rect class="ivr-label" x="{_f(lx - lw / 2)}" y="{_f(ly)}" width="{_f(lw)}" height="{_f(len(label_rows) * (SMALL + 2))}"/>')
            body.append(_text(label_rows, lx, ly + SMALL, SMALL + 2, SMALL, a.style.get("font-color", "#444"), "middle"))
        svg.append(f"<g {a.attrs}>{''.join(body)}</g>")

    for p in placed.values():
        b = p.box
        fill = b.style.get("fill", "#fff")
        stroke = b.style.get("stroke", "#444")
        shape = _shape(b.shape, p.x, p.y, p.w, p.h, fill, _stroke(b.style, stroke, 2))
        text_rows = _text(b.rows, p.x + p.w / 2, p.y + PAD_Y + LINE - 4 + (p.h - len(b.rows) * LINE - 2 * PAD_Y) / 2, LINE,
                     float(b.style.get("font-size", FONT)), b.style.get("font-color", "#1f2937"), "middle", bold_first=True)
        svg.append(f'<g {b.attrs}><g class="shape">{shape}</g>{text_rows}</g>')
        for i, (a, text) in enumerate(p.jumps):
            jx, jy = p.x + p.w, p.y + 10 + i * (SMALL + 3)
            stroke = a.style.get("stroke", "#444")
            short = text[:JUMP_CHARS] + ("…" if len(text) > JUMP_CHARS else "")
            svg.append(f'<g {_with_class(a.attrs, "ivr-jump")} data-to="{esc(a.dst)}"><title>{esc(text)}</title>')
            svg.append(f'<line x1="{_f(jx)}" y1="{_f(jy)}" x2="{_f(jx + STUB)}" y2="{_f(jy)}" {_stroke(a.style, stroke)} '
                       f'marker-end="{marker[stroke]}"/>'
                       f'<text x="{_f(jx + STUB + 4)}" y="{_f(jy + 4)}" font-size="{_f(SMALL)}" fill="{a.style.get("font-color", "#444")}">'
                       f"{esc(short)}</text></g>")
    svg.append("</svg>")
    return "\n".join(svg) + "\n"


def _with_class(attrs: str, extra: str) -> str:
    """``attrs`` with ``extra`` added to its class attribute."""
    at = attrs.find('class="')
    if at < 0:
        return f'class="{extra}" {attrs}'
    end = attrs.index('"', at + 7)
    return f"{attrs[:end]} {extra}{attrs[end:]}"


def _post_order(roots: Sequence[str], children: Mapping[str, Sequence[str]]) -> list[str]:
    order: list[str] = []
    stack = [(r, False) for r in reversed(roots)]
    while stack:
        u, done = stack.pop()
        if done:
            order.append(u)
            continue
        stack.append((u, True))
        stack.extend((c, False) for c in reversed(children[u]))
    return order


def _stroke(style: Mapping[str, str], colour: str, default_width: float = 1.5) -> str:
    width = style.get("stroke-width")
    attrs = f'stroke="{colour}" stroke-width="{width or _f(default_width)}"'
    if style.get("stroke-dash"):
        attrs += f' stroke-dasharray="{style["stroke-dash"]}"'
    return attrs


def _shape(shape: str, x: float, y: float, w: float, h: float, fill: str, stroke: str) -> str:
    paint = f'fill="{fill}" {stroke}'
    if shape == "circle":
        return f'<circle cx="{_f(x + w / 2)}" cy="{_f(y + h / 2)}" r="{_f(w / 2)}" {paint}/>'
    if shape == "diamond":
        pts = [(x + w / 2, y), (x + w, y + h / 2), (x + w / 2, y + h), (x, y + h / 2)]
    elif shape == "hexagon":
        pts = [(x + 12, y), (x + w - 12, y), (x + w, y + h / 2), (x + w - 12, y + h), (x + 12, y + h), (x, y + h / 2)]
    elif shape == "parallelogram":
        pts = [(x + 12, y), (x + w, y), (x + w - 12, y + h), (x, y + h)]
    else:
        rx = {"cylinder": 10, "stored_data": 12, "page": 1}.get(shape, 4)
        return f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" rx="{rx}" {paint}/>'
    return f'<polygon points="{" ".join(f"{_f(px)},{_f(py)}" for px, py in pts)}" {paint}/>'


def _text(rows: Sequence[str], x: float, y: float, step: float, size: float, colour: str, anchor: str, *, bold_first: bool = False) -> str:
    bold = ' font-weight="bold"'
    spans = "".join(f'<tspan x="{_f(x)}" y="{_f(y + i * step)}"{bold if bold_first and i == 0 else ""}>{esc(r)}</tspan>'
                    for i, r in enumerate(rows))
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{_f(size)}" fill="{colour}">{spans}</text>'
