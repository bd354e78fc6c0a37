"""Draw a compiled flow as Mermaid or Graphviz DOT. Human-escape edges are dashed and red."""

from __future__ import annotations

import re

from ivr.flow.machine import ANY_OTHER_KEY, Flow, Menu, Node

_MERMAID_SHAPES = {
    "menu": ('(["', '"])'),
    "collect": ('(["', '"])'),
    "branch": ('{"', '"}'),
    "http": ('[["', '"]]'),
    "transfer": ('{{"', '"}}'),
    "hangup": ('(("', '"))'),
    "record": ('[("', '")]'),
}
_DOT_SHAPES = {
    "menu": "box, style=rounded",
    "collect": "box, style=rounded",
    "branch": "diamond",
    "http": "box3d",
    "transfer": "hexagon",
    "hangup": "doublecircle",
    "record": "cylinder",
}


def edges(flow: Flow, node: Node) -> list[tuple[str, str, str]]:
    """(target, kind, label) for each edge, one per option, with the keys and first phrase."""
    out: list[tuple[str, str, str]] = []
    if isinstance(node, Menu):
        for c in node.choices:
            said = c.label.get(flow.language, flow.language)
            label = " / ".join(filter(None, [c.keys_shown(), "" if c.other and said == ANY_OTHER_KEY else said]))
            out.append((c.target, "option", label))
        out.append((node.human_target, "human", f"human ({flow.human.dtmf})"))
        return out
    for target, kind in node.edges():
        label = {"next": "", "human": f"human ({flow.human.dtmf})", "error": "error", "failure": "no answer",
                 "else": "else", "branch": "if"}.get(kind, kind)
        out.append((target, kind, label))
    if node.kind == "branch":
        conditions = iter(c.source for c, _ in node.cases)  # type: ignore[attr-defined]
        out = [(t, k, next(conditions) if k == "branch" else lbl) for t, k, lbl in out]
    return out


def _id(node_id: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", node_id)


def _mermaid_text(s: str) -> str:
    return s.replace('"', "#quot;").replace("\n", "<br/>")


def mermaid(flow: Flow) -> str:
    lines = ["flowchart TD"]
    for nid, node in flow.nodes.items():
        left, right = _MERMAID_SHAPES.get(node.kind, ('["', '"]'))
        lines.append(f"    {_id(nid)}{left}{_mermaid_text(nid)}<br/><i>{node.kind}</i>{right}")
    lines.append(f"    start(( )) --> {_id(flow.start)}")
    for nid, node in flow.nodes.items():
        for target, kind, label in edges(flow, node):
            if kind == "human":
                lines.append(f"    {_id(nid)} -.->|\"{_mermaid_text(label)}\"| {_id(target)}")
            else:
                text = f'|"{_mermaid_text(label)}"|' if label else ""
                lines.append(f"    {_id(nid)} -->{text} {_id(target)}")
    links = [line for line in lines if "-->" in line or "-.->" in line]
    human_links = [str(i) for i, line in enumerate(links) if "-.->" in line]
    if human_links:
        lines.append(f"    linkStyle {','.join(human_links)} stroke:#d33,stroke-dasharray:5 5")
    lines.append("    classDef human fill:#fde8e8,stroke:#d33")
    human_nodes = [_id(n) for n, node in flow.nodes.items() if node.kind == "transfer"]
    if human_nodes:
        lines.append(f"    class {','.join(human_nodes)} human")
    return "\n".join(lines) + "\n"


def _dot_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def dot(flow: Flow) -> str:
    lines = [f'digraph "{_dot_text(flow.name)}" {{', "    rankdir=TB;", '    node [shape=box, fontname="Helvetica"];',
             '    edge [fontname="Helvetica", fontsize=10];', '    "__start" [shape=point];']
    for nid, node in flow.nodes.items():
        shape = _DOT_SHAPES.get(node.kind, "box")
        extra = ', color="#d33", fillcolor="#fde8e8", style=filled' if node.kind == "transfer" else ""
        lines.append(f'    "{_dot_text(nid)}" [label="{_dot_text(nid)}\\n({node.kind})", shape={shape}{extra}];')
    lines.append(f'    "__start" -> "{_dot_text(flow.start)}";')
    for nid, node in flow.nodes.items():
        for target, kind, label in edges(flow, node):
            attrs = [f'label="{_dot_text(label)}"'] if label else []
            if kind == "human":
                attrs += ["style=dashed", 'color="#d33"', 'fontcolor="#d33"']
            suffix = f" [{', '.join(attrs)}]" if attrs else ""
            lines.append(f'    "{_dot_text(nid)}" -> "{_dot_text(target)}"{suffix};')
    lines.append("}")
    return "\n".join(lines) + "\n"
