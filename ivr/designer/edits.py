"""Canvas edits as minimal edits of the flow's YAML text.

The designer's canvas and property panel send an operation ("add a menu after main", "connect option 2
to billing", "set the Spanish prompt"); :func:`apply_edit` answers with the new text and the smallest
changes that turn the old text into it, so the text pane shows the edit at once and everything the
designer wrote around it (comments above a node, end-of-line notes, quoting, flow lists, indentation,
the ``# yaml-language-server`` header) stays byte for byte.

How: the text is parsed once for positions (PyYAML's composer, libyaml when present: start and end of
every key and value), every operation becomes splices of the old text at those positions, and each
new or changed value is written by ruamel.yaml's round-trip emitter in the file's own indentation and
in the old value's style (quotes, ``>-``/``|`` blocks, ``[a, b]`` lists). The document is never
re-dumped as a whole: a whole-node round trip reflows multi-line flow lists, and ruamel attaches a
comment to the key *before* it, so deleting a key would drop the comment about the next one.
Pure functions, no Flask: the routes in :mod:`ivr.designer.views` call them.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString, SingleQuotedScalarString

from ivr.errors import FlowError, did_you_mean
from ivr.flow.model import NODE_ID_RE, NODE_TYPES
from ivr.flow.source import load_source

try:
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader

OPS = ("add_node", "add_option", "connect", "set", "delete_node", "delete_option", "rename_node")
EDGE_FIELDS = ("next", "on_error", "on_failure", "else")
"""A node's own edge fields (a node id each); options ('option:N'), cases ('case:N') and 'human' come on top."""
TODO_PROMPT = "TODO: what the caller hears"


class EditError(ValueError):
    """An edit that can't be made, in one line a designer understands (the API's 400)."""


@dataclass(frozen=True)
class Edit:
    """The result of an edit: the new text, the changes against the old one (UTF-16 offsets, as
    JavaScript and CodeMirror count), the node the edit created or touched, and what needs a look."""

    text: str
    changes: list[dict[str, Any]]
    node: str
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "changes": self.changes, "node": self.node}
        if self.warnings:
            out["warnings"] = self.warnings
        return out


def _suggest(word: str, choices: Sequence[str]) -> str:
    hint = did_you_mean(word, choices)
    return f"; {hint}" if hint else ""


def _node_ref(value: Any) -> str:
    """A node id from the request, or a one-line refusal."""
    if not isinstance(value, str) or not value:
        raise EditError("expected 'node', the name of a node")
    return value


# -- the document ----------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """The text's plain value and node tree, read once by the compiler's own loader (so its errors read
    the same). Kept for the last few texts: the panel reads a node of the text the next edit starts
    from, so that edit finds its parse done. Neither is changed by an edit: they are shared."""
    found: list[yaml.Node] = []
    try:
        data = load_source(text, "flow", nodes=found).data
    except FlowError as e:
        d = e.diagnostics[0]
        raise EditError(f"line {d.line}: {d.message}" + (f" ({d.hint})" if d.hint else "")) from None
    return data, found[0] if found else None


class _Doc:
    """One parse of the text: plain values (through the compiler's own loader, so its errors read the
    same), the composed nodes with their positions, and the splices an edit collects."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data, root = _parse(text)
        if not isinstance(root, yaml.MappingNode) or not isinstance(self.data, dict):
            raise EditError("the flow is not a mapping with 'nodes:'; start from a new flow")
        self.root: yaml.MappingNode = root
        nodes = self.child(self.root, "nodes")
        plain = self.data.get("nodes")
        if nodes is None or not (isinstance(nodes, yaml.MappingNode) and isinstance(plain, dict) or plain is None or plain == {}):
            raise EditError("the flow has no 'nodes:' mapping to edit")
        self.empty = not plain
        if not isinstance(nodes, yaml.MappingNode) or not plain:  # 'nodes:' with nothing yet: an empty mapping to add to
            nodes = yaml.MappingNode("tag:yaml.org,2002:map", [], nodes.start_mark, nodes.end_mark)
        self.nodes: yaml.MappingNode = nodes
        self.plain: dict[str, Any] = plain or {}
        self.splices: list[tuple[int, int, str]] = []
        self.map_indent, self.seq_indent, self.seq_offset = self._indentation()
        self.blank_between_nodes = self._blank_between_nodes()

    # positions

    @staticmethod
    def off(mark: yaml.Mark) -> int:
        """A mark's string index: libyaml and PyYAML both count code points, as Python does."""
        return int(mark.index)

    def col(self, off: int) -> int:
        return off - self.line_start(off)

    def line_start(self, off: int) -> int:
        return self.text.rfind("\n", 0, off) + 1

    def line_end(self, off: int) -> int:
        """Just past the end of the line holding ``off`` (its newline included)."""
        nl = self.text.find("\n", off)
        return len(self.text) if nl < 0 else nl + 1

    def end(self, node: yaml.Node) -> int:
        """Where a value's own text ends: not the next token, past trailing blank lines and comments."""
        if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
            return self.end(node.value[-1][1])
        if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
            return self.end(node.value[-1])
        end = self.off(node.end_mark)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            while end > 0 and self.text[end - 1] in " \t\r\n":
                end -= 1
        return end

    def start(self, node: yaml.Node) -> int:
        return self.off(node.start_mark)

    # structure

    @staticmethod
    def child(mapping: yaml.Node, key: str) -> yaml.Node | None:
        if isinstance(mapping, yaml.MappingNode):
            for k, v in mapping.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    found: yaml.Node = v
                    return found
        return None

    @staticmethod
    def index(mapping: yaml.MappingNode, key: str) -> int | None:
        for i, (k, _) in enumerate(mapping.value):
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return i
        return None

    def node(self, name: str) -> tuple[int, yaml.Node, yaml.Node]:
        """(index, key, value) of the node called ``name``, or a refusal with a suggestion."""
        i = self.index(self.nodes, name)
        if i is None:
            raise EditError(f"no node {name!r}" + _suggest(name, list(self.plain)))
        k, v = self.nodes.value[i]
        return i, k, v

    def _indentation(self) -> tuple[int, int, int]:
        """The file's mapping indent and its block lists' indent and dash offset (ruamel's terms)."""
        mapping, sequence, offset = 2, 4, 2
        found_map = found_seq = False

        def walk(node: yaml.Node, key_col: int | None) -> None:
            nonlocal mapping, sequence, offset, found_map, found_seq
            if found_map and found_seq:
                return
            if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
                col = node.value[0][0].start_mark.column
                if key_col is not None and not found_map and col > key_col and self._own_line(node.value[0][0]):
                    mapping, found_map = col - key_col, True
                for k, v in node.value:
                    walk(v, k.start_mark.column)
            elif isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
                if key_col is not None and not found_seq:
                    dash = self._dash(node.value[0])
                    if dash is not None:
                        offset, sequence, found_seq = max(0, self.col(dash) - key_col), max(2, node.value[0].start_mark.column - key_col), True
                for item in node.value:
                    walk(item, None)

        walk(self.root, None)
        return mapping, max(sequence, offset + 2), offset

    def _own_line(self, node: yaml.Node) -> bool:
        at = self.start(node)
        return not self.text[self.line_start(at):at].strip()

    def _dash(self, item: yaml.Node) -> int | None:
        """The offset of the ``-`` that starts a block list item."""
        at = self.start(item) - 1
        while at >= 0 and self.text[at] in " \t":
            at -= 1
        return at if at >= 0 and self.text[at] == "-" else None

    def _blank_between_nodes(self) -> bool:
        if len(self.nodes.value) < 2:
            return True
        after = self.line_end(self.end(self.nodes.value[0][1]))
        return after < len(self.text) and not self.text[after:self.line_end(after)].strip()

    # splices

    def splice(self, start: int, end: int, insert: str) -> None:
        self.splices.append((start, end, insert))

    def result(self) -> str:
        out, at = [], 0
        for start, end, insert in sorted(self.splices, key=lambda s: (s[0], s[1])):
            if start < at:
                raise EditError("internal error: two parts of the edit overlap (please report it)")
            out += [self.text[at:start], insert]
            at = end
        out.append(self.text[at:])
        return "".join(out)

    # rendering with ruamel.yaml's round-trip emitter

    def _yaml(self) -> YAML:
        y = YAML()
        y.width = 4096
        y.preserve_quotes = True
        y.indent(mapping=self.map_indent, sequence=self.seq_indent, offset=self.seq_offset)
        return y

    def render(self, key: str | None, value: Any, col: int, style: str | None = None, flow: bool = False, width: int = 80) -> str:
        """``value`` as YAML after ``key:`` (or after ``-`` when ``key`` is None), its later lines at
        column ``col``: the text that follows the colon or the dash, without the final newline."""
        doc: Any
        if key is None:
            doc = CommentedSeq([_styled(value, style, flow, width)])
        else:
            doc = CommentedMap([(key, _styled(value, style, flow, width))])
        buf = io.StringIO()
        self._yaml().dump(doc, buf)
        text = buf.getvalue().rstrip("\n")
        if key is None:
            dash = text.index("-")
            body, shift = text[dash + 1:], col - dash
        else:
            body, shift = text[text.index(":") + 1:], col
        lines = body.split("\n")
        pad = " " * shift
        return "\n".join([lines[0]] + [pad + line if line else line for line in lines[1:]])

    def inline(self, value: Any, style: str | None, in_flow: bool = False) -> str:
        """A scalar or flow collection as it sits on one line; ``in_flow``: inside a ``[...]`` or
        ``{...}``, where a comma or a bracket in a text needs quotes too."""
        if not in_flow:
            return self.render("k", value, 0, style, flow=True).lstrip(" ")
        return self.render("k", [value], 0, None, flow=True).lstrip(" ")[1:-1] if not isinstance(value, str) or style not in ('"', "'") \
            else self.render("k", value, 0, style, flow=True).lstrip(" ")


@lru_cache(maxsize=4096)
def _needs_quotes(text: str) -> bool:
    """Whether ruamel.yaml would quote this text as a plain scalar (it looks like a number, a boolean, has ': ' ...)."""
    buf = io.StringIO()
    y = YAML()
    y.width = 4096
    y.dump(CommentedMap([("k", text)]), buf)
    return buf.getvalue()[3:4] in ("'", '"')


def _styled(value: Any, style: str | None, flow: bool = False, width: int = 80) -> Any:
    """The value as ruamel types that carry the style: quotes, block scalars, flow lists."""
    if isinstance(value, str):
        if flow and "\n" in value:
            return DoubleQuotedScalarString(value)
        if "\n" in value.rstrip("\n") or (style in ("|", ">") and value):
            if style == ">" and "\n" not in value.rstrip("\n") and "  " not in value:
                folded = FoldedScalarString(value)
                folded.fold_pos = _folds(value, width)
                return folded
            return LiteralScalarString(value)
        if style == '"':
            return DoubleQuotedScalarString(value)
        if style == "'":
            return SingleQuotedScalarString(value)
        if not style and _needs_quotes(value):
            return DoubleQuotedScalarString(value)
        return value
    if isinstance(value, Mapping):
        m = CommentedMap((k, _styled(v, None, flow)) for k, v in value.items())
        if flow:
            m.fa.set_flow_style()
        return m
    if isinstance(value, list):
        s = CommentedSeq(_styled(v, None, flow) for v in value)
        if flow:
            s.fa.set_flow_style()
        return s
    return value


def _folds(text: str, width: int) -> list[int]:
    """Where a folded block breaks its lines: at the last space that keeps each line within ``width``."""
    out: list[int] = []
    line = last = 0
    for m in re.finditer(" ", text):
        if m.start() - line > width and last > line:
            out.append(last)
            line = last + 1
        last = m.start()
    if len(text) - line > width and last > line:
        out.append(last)
    return out


# -- splices for values, keys and list items -----------------------------------------------------


@dataclass
class _Slot:
    """Where a value sits: in ``container`` at ``index`` (a mapping's pair or a list's item)."""

    container: yaml.Node
    index: int
    parent: _Slot | None = None

    @property
    def node(self) -> yaml.Node:
        v = self.container.value[self.index]
        return v[1] if isinstance(self.container, yaml.MappingNode) else v  # type: ignore[no-any-return]

    @property
    def key(self) -> yaml.Node | None:
        return self.container.value[self.index][0] if isinstance(self.container, yaml.MappingNode) else None


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style


def _replace(doc: _Doc, slot: _Slot, value: Any) -> None:
    """Write ``value`` in place of the slot's value, in the old value's style where it has one."""
    node = slot.node
    flow = bool(getattr(slot.container, "flow_style", False))
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    if isinstance(node, yaml.ScalarNode) and not _is_empty(node) and not isinstance(value, (Mapping, list)) and style not in ("|", ">"):
        if style is None or style == "":
            style = '"' if isinstance(value, str) and _needs_quotes(value) else None
        if isinstance(value, str) and "\n" in value.rstrip("\n") and not flow:
            pass  # a text of several lines becomes a block below
        else:
            doc.splice(doc.start(node), doc.end(node), doc.inline(value, style, in_flow=flow))
            return
    if flow:
        doc.splice(doc.start(node), doc.end(node), doc.inline(value, None, in_flow=True))
        return
    key = slot.key
    if key is not None:
        anchor = doc.text.index(":", doc.end(key)) + 1
        col = doc.col(doc.start(key))
        end = doc.end(node) if not _is_empty(node) else anchor
        if isinstance(value, list) and not value or isinstance(value, Mapping) and not value:
            doc.splice(anchor, end, " " + doc.inline(value, None))
            return
        width = 80
        if isinstance(node, yaml.ScalarNode) and node.style == ">":  # as wide as the designer wrapped it
            width = max(40, max((len(line.strip()) for line in doc.text[doc.start(node):doc.end(node)].split("\n")[1:]), default=80))
        rendered = doc.render("k", value, col, style if isinstance(value, str) else None,
                              flow=isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and bool(node.flow_style), width=width)
        doc.splice(anchor, end, rendered)
        return
    dash = doc._dash(node)
    if dash is None:
        raise EditError("can't edit this value in place: write it in the text")
    col = doc.col(dash)
    doc.splice(dash + 1, doc.end(node), doc.render(None, value, col, style if isinstance(value, str) else None))


def _entry_lines(doc: _Doc, first: int, end: int, col: int) -> tuple[int, int]:
    """The whole lines of an entry from ``first`` to ``end``, with the comment lines right above it at
    its own column (they describe it), and one blank line fewer where it sat between two blank lines."""
    start = doc.line_start(first)
    stop = doc.line_end(end)
    while start > 0:
        above = doc.line_start(start - 1)
        line = doc.text[above:start]
        if line.strip().startswith("#") and len(line) - len(line.lstrip(" ")) == col:
            start = above
        else:
            break
    before_blank = start == 0 or not doc.text[doc.line_start(start - 1):start].strip()
    if before_blank and stop < len(doc.text) and not doc.text[stop:doc.line_end(stop)].strip():
        stop = doc.line_end(stop)
    return start, stop


def _delete(doc: _Doc, slot: _Slot) -> None:
    """Take the slot's entry out: its lines in a block, its ``, item`` in a flow collection."""
    c = slot.container
    n = len(c.value)
    if n == 1 and slot.parent is not None:
        _replace(doc, slot.parent, {} if isinstance(c, yaml.MappingNode) else [])
        return

    def first(i: int) -> int:
        item = c.value[i]
        return doc.start(item[0] if isinstance(c, yaml.MappingNode) else item)

    def last(i: int) -> int:
        item = c.value[i]
        return doc.end(item[1] if isinstance(c, yaml.MappingNode) else item)

    i = slot.index
    if getattr(c, "flow_style", False):
        if n == 1:
            doc.splice(first(0), last(0), "")
        elif i > 0:
            doc.splice(last(i - 1), last(i), "")
        else:
            doc.splice(first(0), first(1), "")
        return
    begin = first(i) if isinstance(c, yaml.MappingNode) else (doc._dash(c.value[i]) or first(i))
    if doc.text[doc.line_start(begin):begin].strip():  # the first key after a list's dash
        if i + 1 < n:
            doc.splice(begin, first(i + 1), "")
            return
        begin = doc.line_start(begin)
    start, stop = _entry_lines(doc, begin, last(i), doc.col(begin))
    doc.splice(start, stop, "")


def _insert_key(doc: _Doc, mapping: yaml.MappingNode, key: str, value: Any, after: int | None = None, *, blank: bool = False) -> None:
    """Add ``key: value`` to a mapping, after its entry ``after`` (default: the last)."""
    if mapping.flow_style:
        entry = f"{key}: {doc.inline(value, None, in_flow=True)}"
        if mapping.value:
            doc.splice(doc.end(mapping.value[-1][1]), doc.end(mapping.value[-1][1]), ", " + entry)
        else:
            at = doc.text.index("{", doc.start(mapping)) + 1
            doc.splice(at, at, entry)
        return
    i = len(mapping.value) - 1 if after is None else after
    k0 = mapping.value[0][0]
    col = k0.start_mark.column
    at = doc.line_end(doc.end(mapping.value[i][1]))
    lead = "\n" if at == len(doc.text) and not doc.text.endswith("\n") else ""
    text = " " * col + key + ":" + doc.render(key, value, col) + "\n"
    doc.splice(at, at, lead + ("\n" if blank else "") + text)


def _append_item(doc: _Doc, seq: yaml.SequenceNode, value: Any) -> None:
    """Add ``value`` as the list's last item."""
    if seq.flow_style or not seq.value:
        if seq.value:
            end = doc.end(seq.value[-1])
            doc.splice(end, end, ", " + doc.inline(value, '"' if isinstance(value, str) and _needs_quotes(value) else None, in_flow=True))
        else:
            at = doc.text.index("[", doc.start(seq)) + 1
            doc.splice(at, at, doc.inline(value, None, in_flow=True))
        return
    dash = doc._dash(seq.value[0])
    if dash is None:
        raise EditError("can't add to this list in place: write it in the text")
    col = doc.col(dash)
    at = doc.line_end(doc.end(seq.value[-1]))
    lead = "\n" if at == len(doc.text) and not doc.text.endswith("\n") else ""
    doc.splice(at, at, lead + " " * col + "-" + doc.render(None, value, col) + "\n")


def _update(doc: _Doc, slot: _Slot, old: Any, new: Any) -> None:
    """The smallest splices that make the slot's value ``new``: key by key and item by item."""
    node = slot.node
    if isinstance(node, yaml.MappingNode) and isinstance(new, Mapping) and isinstance(old, Mapping) and len(old) == len(node.value):
        gone = [k for k in old if k not in new]
        if len(gone) == len(old) or (gone and node.flow_style):  # nothing kept, or cuts in a {...}: write it anew
            _replace(doc, slot, new)
            return
        for i, (k, _) in enumerate(node.value):
            if k.value in gone:
                _delete(doc, _Slot(node, i, slot))
            elif new[k.value] != old[k.value] or type(new[k.value]) is not type(old[k.value]):
                _update(doc, _Slot(node, i, slot), old[k.value], new[k.value])
        for k in new:
            if k not in old:
                _insert_key(doc, node, _field_name(k), new[k])
        return
    if (isinstance(node, yaml.SequenceNode) and isinstance(new, list) and isinstance(old, list) and new and old and len(old) == len(node.value)
            and not (node.flow_style and len(new) < len(old))):
        for i in range(min(len(old), len(new))):
            if old[i] != new[i]:
                _update(doc, _Slot(node, i, slot), old[i], new[i])
        if len(new) < len(old):
            for i in range(len(new), len(old)):
                _delete_quiet(doc, node, i)
        for v in new[len(old):]:
            _append_item(doc, node, v)
        return
    if old == new and type(old) is type(new):
        return
    _replace(doc, slot, new)


_FIELD = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def _field_name(key: Any) -> str:
    """A key to write as a new field: plain words only (field names, slot names, language codes)."""
    if not isinstance(key, str) or not _FIELD.fullmatch(key):
        raise EditError(f"{key!r} can't be a field name here: use letters, digits, _, - and .")
    return key


def _delete_quiet(doc: _Doc, seq: yaml.SequenceNode, i: int) -> None:
    """Delete item ``i`` of a list that keeps other items (the list itself stays)."""
    _delete(doc, _Slot(seq, i, None))


# -- node-level helpers ----------------------------------------------------------------------------


def _node_slot(doc: _Doc, name: str) -> tuple[_Slot, dict[str, Any]]:
    i, _, value = doc.node(name)
    plain = doc.plain.get(name)
    if not isinstance(value, yaml.MappingNode) or value.flow_style or not isinstance(plain, dict):
        raise EditError(f"node {name!r} is not a block mapping of fields; fix it in the text first")
    root_slot = _Slot(doc.root, doc.index(doc.root, "nodes") or 0)
    return _Slot(doc.nodes, i, root_slot), plain


def _set_path(doc: _Doc, name: str, path: Sequence[Any], value: Any) -> None:
    """Set (or with None delete) the value at ``path`` inside node ``name``, creating mappings on the way."""
    slot, plain = _node_slot(doc, name)
    if not path:
        raise EditError("expected 'path', a list of keys into the node, like [\"prompt\"]")
    node: yaml.Node = slot.node
    old: Any = plain
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        where = ".".join(str(p) for p in path[: depth + 1])
        if isinstance(step, bool) or not isinstance(step, (str, int)):
            raise EditError(f"path parts are keys or list indexes, not {step!r}")
        if isinstance(node, yaml.MappingNode) and isinstance(old, dict):
            if not isinstance(step, str):
                raise EditError(f"{where}: a mapping takes a key here, not the index {step}")
            i = doc.index(node, step)
            if i is None:
                if value is None:
                    return
                rest: Any = value
                for part in reversed(path[depth + 1:]):
                    if not isinstance(part, str):
                        raise EditError(f"{where} does not exist yet, so it has no item {part}")
                    rest = {part: rest}
                if node.value:
                    _insert_key(doc, node, _field_name(step), rest)
                else:
                    _replace(doc, slot, {step: rest})
                return
            slot, node, old = _Slot(node, i, slot), node.value[i][1], old.get(step)
        elif isinstance(node, yaml.SequenceNode) and isinstance(old, list):
            if not isinstance(step, int) or not -len(old) <= step < len(old):
                raise EditError(f"{where}: the list has {len(old)} items; give an index from 0 to {len(old) - 1}")
            i = step % len(old)
            slot, node, old = _Slot(node, i, slot), node.value[i], old[i]
        elif isinstance(old, str) and isinstance(step, str) and depth == len(path) - 1 and _is_language(doc, step):
            first = _languages(doc)[0]
            if value is None:
                return
            _replace(doc, slot, {first: old, step: value} if step != first else value)
            return
        else:
            raise EditError(f"{'.'.join(str(p) for p in path[:depth]) or name} is {_kind(old)}, so it has no {step!r}")
        if last:
            if value is None:
                _delete(doc, slot)
            else:
                _update(doc, slot, old, value)
            return


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else "a single value"


def _languages(doc: _Doc) -> list[str]:
    langs = doc.data.get("languages")
    if isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs):
        return langs
    return ["en"]


def _is_language(doc: _Doc, code: str) -> bool:
    return code in _languages(doc)


def _options(plain: dict[str, Any], name: str) -> list[Any]:
    options = plain.get("options")
    if plain.get("type") != "menu" or not isinstance(options, list):
        raise EditError(f"{name!r} is a {plain.get('type')!r} node, not a menu: it has no options")
    return options


def _option_label(option: Any) -> str:
    if not isinstance(option, dict):
        return ""
    label = option.get("label")
    if isinstance(label, dict):
        label = next(iter(label.values()), "")
    if not label:
        phrases = option.get("phrases")
        if isinstance(phrases, dict):
            phrases = next(iter(phrases.values()), [])
        if isinstance(phrases, list) and phrases:
            label = phrases[0]
        elif isinstance(phrases, str):
            label = phrases
    return str(label or "")


def _option_keys(option: Any) -> list[str]:
    keys = option.get("dtmf") if isinstance(option, dict) else None
    if keys is None:
        return []
    return [str(k) for k in (keys if isinstance(keys, list) else [keys])]


def _find_option(options: list[Any], which: Any, name: str) -> int:
    """An option by index (a number, or digits as text: what ``option:N`` in the panel's edges means),
    by key as ``key:1`` (or a key that is not digits, like * or #), or by label or first phrase."""
    if isinstance(which, int) and not isinstance(which, bool):
        if -len(options) <= which < len(options):
            return which % len(options)
        raise EditError(f"{name!r} has {len(options)} options; give an index from 0 to {len(options) - 1}")
    if not isinstance(which, str) or not which:
        raise EditError("expected 'option', an option's index, key (like key:1) or label")
    if re.fullmatch(r"-?[0-9]+", which):
        return _find_option(options, int(which), name)
    key = which.removeprefix("key:")
    for i, o in enumerate(options):
        if key in _option_keys(o):
            return i
    labels = [_option_label(o) for o in options]
    for i, o in enumerate(options):
        label = o.get("label") if isinstance(o, dict) else None
        texts = list(label.values()) if isinstance(label, dict) else [label]
        if which in texts or which == labels[i]:
            return i
    raise EditError(f"{name!r} has no option {which!r}" + _suggest(which, [x for x in labels if x]))


def _targets(doc: _Doc) -> list[str]:
    return list(doc.plain)


def _check_target(doc: _Doc, target: Any) -> str:
    if not isinstance(target, str) or not target:
        raise EditError("expected 'target', the name of the node the edge goes to")
    if target not in doc.plain:
        raise EditError(f"no node {target!r} to connect to" + _suggest(target, _targets(doc)))
    return target


def node_edges(doc_plain: Mapping[str, Any], node: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every edge a node of its type has, set or not: [{edge, target, label}] (target None when unset)."""
    kind = node.get("type")
    out: list[dict[str, Any]] = []
    if kind == "menu":
        for i, o in enumerate(node.get("options") or []):
            keys = _option_keys(o)
            label = " / ".join(filter(None, [", ".join(keys), _option_label(o)]))
            out.append({"edge": f"option:{i}", "target": o.get("next") if isinstance(o, dict) else None, "label": label})
    if kind == "branch":
        for i, case in enumerate(node.get("when") or []):
            out.append({"edge": f"case:{i}", "target": case.get("next") if isinstance(case, dict) else None,
                        "label": str(case.get("if", "")) if isinstance(case, dict) else ""})
    props = _schema_for(str(kind)).get("properties", {}) if kind in NODE_TYPES else {}
    for name in EDGE_FIELDS:
        if name in props:
            out.append({"edge": name, "target": node.get(name), "label": {"on_error": "error", "on_failure": "no answer"}.get(name, name)})
    if "human" in props:
        human = node.get("human")
        out.append({"edge": "human", "target": human.get("target") if isinstance(human, dict) else None, "label": "human"})
    return out


def _edge_path(doc: _Doc, name: str, plain: dict[str, Any], edge: Any) -> list[str | int]:
    """The path of an edge's node-id field inside a node: ['next'], ['options', 2, 'next'], ['human', 'target']."""
    if not isinstance(edge, str) or not edge:
        raise EditError("expected 'edge', like next, on_error or option:1")
    names = [e["edge"] for e in node_edges(doc.plain, plain)]
    if edge.startswith("option:"):
        return ["options", _find_option(_options(plain, name), edge[len("option:"):], name), "next"]
    if edge.startswith("case:"):
        cases = plain.get("when")
        which = edge[len("case:"):]
        if plain.get("type") != "branch" or not isinstance(cases, list):
            raise EditError(f"{name!r} is not a branch: it has no cases")
        if not which.isdigit() or int(which) >= len(cases):
            raise EditError(f"{name!r} has {len(cases)} cases; give case:0 to case:{len(cases) - 1}")
        return ["when", int(which), "next"]
    if edge == "human" and "human" in names:
        return ["human", "target"]
    if edge in EDGE_FIELDS and edge in names:
        return [edge]
    simple = [e for e in names if ":" not in e]
    shown = ", ".join(simple + (["option:N"] if plain.get("type") == "menu" else []) + (["case:N"] if plain.get("type") == "branch" else []))
    raise EditError(f"a {plain.get('type')} node has no edge {edge!r}; its edges are {shown or 'none'}" + _suggest(edge, simple))


# -- the operations --------------------------------------------------------------------------------


def _template(doc: _Doc, kind: str, name: str, back: str | None, onward: str | None) -> dict[str, Any]:
    """A new node of ``kind``: its required fields with placeholders a designer sees and replaces, and
    edges that keep the flow compiling: on to where the edge it hangs from went before (``onward``),
    else back to that edge's node, else to itself."""
    here = onward or back or name
    human = doc.data.get("human")
    queue = human.get("queue") if isinstance(human, dict) and isinstance(human.get("queue"), str) else "agents"
    prompt = TODO_PROMPT
    templates: dict[str, dict[str, Any]] = {
        "menu": {"prompt": prompt, "options": [{"dtmf": "1", "label": "TODO: option", "next": here}]},
        "collect": {"kind": "digits", "prompt": prompt},
        "say": {"prompt": prompt},
        "set": {"set": {"todo": "TODO: value"}},
        "branch": {"when": [{"if": "true", "next": here}]},
        "http": {"url": "https://example.com/TODO"},
        "transfer": {"queue": queue},
        "record": {"prompt": prompt},
        "voicemail": {"prompt": prompt},
        "subflow": {"flow": "TODO.yaml"},
        "return": {},
        "hangup": {"prompt": "TODO: the goodbye the caller hears"},
    }
    node = {"type": kind, **templates[kind]}
    if onward and "next" in _schema_for(kind).get("properties", {}) and kind != "menu":
        node["next"] = onward
    return node


def _at(value: Any, path: Sequence[str | int]) -> Any:
    for step in path:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and -len(value) <= step < len(value):
            value = value[step]
        else:
            return None
    return value


def _unique_name(doc: _Doc, kind: str) -> str:
    n = 1 + sum(1 for v in doc.plain.values() if isinstance(v, dict) and v.get("type") == kind)
    while f"{kind}_{n}" in doc.plain:
        n += 1
    return f"{kind}_{n}"


def _add_node(doc: _Doc, op: Mapping[str, Any]) -> tuple[str, list[str]]:
    kind = op.get("type")
    if not isinstance(kind, str) or kind not in NODE_TYPES:
        raise EditError(f"no node type {kind!r}; the types are {', '.join(NODE_TYPES)}" + _suggest(str(kind), NODE_TYPES))
    name = op.get("name")
    if name is None or name == "":
        name = _unique_name(doc, kind)
    elif not isinstance(name, str) or not NODE_ID_RE.fullmatch(name):
        raise EditError(f"{name!r} can't name a node: use letters, digits, _ and -, starting with a letter")
    elif name in doc.plain:
        raise EditError(f"there is already a node {name!r}; choose another name")
    source = op.get("from")
    after = len(doc.nodes.value) - 1
    back = onward = None
    if source is not None:
        if not isinstance(source, Mapping):
            raise EditError("'from' is {\"node\": X, \"edge\": E}: the node and edge that lead to the new node")
        src = _node_ref(source.get("node"))
        after, _, _ = doc.node(src)
        _, plain = _node_slot(doc, src)
        path = _edge_path(doc, src, plain, source.get("edge", "next"))
        onward = _at(plain, path)
        _set_path(doc, src, path, name)
        back = src
    value = _template(doc, kind, name, back, onward if isinstance(onward, str) and onward in doc.plain else None)
    if doc.empty:
        _replace(doc, _Slot(doc.root, doc.index(doc.root, "nodes") or 0), {name: value})
    else:
        _insert_key(doc, doc.nodes, name, value, after, blank=doc.blank_between_nodes)
    return name, []


def _next_key(options: list[Any], human_key: str) -> str:
    used = {k for o in options for k in _option_keys(o)}
    for key in "123456789*#":
        if key not in used and key != human_key:
            return key
    raise EditError("every key of the keypad is taken in this menu; give the option phrases only, or a key of two digits")


def _add_option(doc: _Doc, op: Mapping[str, Any]) -> tuple[str, list[str]]:
    name = _node_ref(op.get("node"))
    slot, plain = _node_slot(doc, name)
    options = _options(plain, name)
    given = op.get("option", {})
    if not isinstance(given, Mapping):
        raise EditError("'option' is a mapping of the option's fields, like {\"label\": \"billing\", \"next\": \"billing\"}")
    human = doc.data.get("human")
    human_key = str(human.get("dtmf", "0")) if isinstance(human, dict) else "0"
    option: dict[str, Any] = {}
    if "dtmf" not in given:
        option["dtmf"] = _next_key(options, human_key)
    option.update(given)
    option.setdefault("label", f"option {len(options) + 1}")
    if "next" in option:
        _check_target(doc, option["next"])
    else:
        option["next"] = name
    if isinstance(option["dtmf"], (str, int)):
        option["dtmf"] = DoubleQuotedScalarString(str(option["dtmf"]))
    order = ["dtmf", "phrases", "label", "set", "next"]
    option = dict(sorted(option.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    seq = doc.child(slot.node, "options")
    assert seq is not None
    if isinstance(seq, yaml.SequenceNode) and seq.value:
        _append_item(doc, seq, option)
    else:
        _set_path(doc, name, ["options"], [option])
    return name, []


def _connect(doc: _Doc, op: Mapping[str, Any]) -> tuple[str, list[str]]:
    name = _node_ref(op.get("node"))
    _, plain = _node_slot(doc, name)
    path = _edge_path(doc, name, plain, op.get("edge"))
    _set_path(doc, name, path, _check_target(doc, op.get("target")))
    return name, []


def _set(doc: _Doc, op: Mapping[str, Any]) -> tuple[str, list[str]]:
    name = _node_ref(op.get("node"))
    path = op.get("path")
    if not isinstance(path, list) or not path:
        raise EditError("expected 'path', a list of keys into the node, like [\"prompt\", \"es\"]")
    if path == ["type"] or path[0] == "type":
        raise EditError("a node's type can't be changed here: add a node of the new type and connect it")
    _set_path(doc, name, path, op.get("value"))
    return name, []


def _references(doc: _Doc, target: str) -> list[tuple[list[str | int], str]]:
    """Every place that names node ``target``: (path from the document's root, how to say it)."""
    out: list[tuple[list[str | int], str]] = []
    for nid, node in doc.plain.items():
        if not isinstance(node, dict):
            continue
        for edge in node_edges(doc.plain, node):
            if edge["target"] == target:
                path = _edge_path(doc, nid, node, edge["edge"])
                label = f" ({edge['label']})" if edge["label"] and edge["label"] != edge["edge"] else ""
                out.append((["nodes", nid, *path], f"{nid} {edge['edge']}{label}"))
    if doc.data.get("start") == target:
        out.append((["start"], "the flow's start"))
    human = doc.data.get("human")
    if isinstance(human, dict) and human.get("target") == target:
        out.append((["human", "target"], "the flow's human target"))
    return out


def _delete_node(doc: _Doc, op: Mapping[str, Any]) -> tuple[str, list[str]]:
    name = _node_ref(op.get("node"))
    slot, _ = _node_slot(doc, name)
    warnings = [f"{where} still goes to the deleted {name!r}" for path, where in _references(doc, name) if path[:2] != ["nodes", name]]
    _delete(doc, slot)
    return name, warnings


def _delete_option(doc: _Doc, op: Mapping[str, Any]) -> tuple[str, list[str]]:
    name = _node_ref(op.get("node"))
    slot, plain = _node_slot(doc, name)
    options = _options(plain, name)
    i = _find_option(options, op.get("option"), name)
    seq = doc.child(slot.node, "options")
    assert isinstance(seq, yaml.SequenceNode)
    warnings = [f"{name!r} has no options left; a menu needs at least one"] if len(options) == 1 else []
    menu = slot.node
    assert isinstance(menu, yaml.MappingNode)
    _delete(doc, _Slot(seq, i, _Slot(menu, doc.index(menu, "options") or 0, slot)))
    return name, warnings


def _scalar_at(doc: _Doc, path: Sequence[str | int]) -> yaml.Node:
    node: yaml.Node | None = doc.root
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = doc.child(node, step)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"internal error: no value at {'.'.join(map(str, path))} (please report it)")
    return node


def _rename_node(doc: _Doc, op: Mapping[str, Any]) -> tuple[str, list[str]]:
    name = _node_ref(op.get("node"))
    i, key, _ = doc.node(name)
    new = op.get("to")
    if not isinstance(new, str) or not NODE_ID_RE.fullmatch(new):
        raise EditError(f"{new!r} can't name a node: use letters, digits, _ and -, starting with a letter")
    if new == name:
        return name, []
    if new in doc.plain:
        raise EditError(f"there is already a node {new!r}; choose another name")
    doc.splice(doc.start(key), doc.end(key), doc.inline(new, getattr(key, "style", None)))
    for path, _ in _references(doc, name):
        node = _scalar_at(doc, path)
        doc.splice(doc.start(node), doc.end(node), doc.inline(new, getattr(node, "style", None)))
    warnings = []
    plain = doc.plain[name]
    if isinstance(plain, dict) and plain.get("type") == "collect" and not plain.get("slot"):
        warnings.append(f"{name!r} kept its answer in the slot {name!r}; now it is {new!r}: update conditions and prompts that use {{{name}}}")
    return new, warnings


_OPS = {"add_node": _add_node, "add_option": _add_option, "connect": _connect, "set": _set,
        "delete_node": _delete_node, "delete_option": _delete_option, "rename_node": _rename_node}


def apply_edit(text: str, op: Mapping[str, Any]) -> Edit:
    """Make the canvas edit ``op`` on the flow ``text``: the new text, its changes, the node touched."""
    if not isinstance(op, Mapping):
        raise EditError("expected 'op', an edit like {\"op\": \"add_node\", \"type\": \"menu\"}")
    kind = op.get("op")
    if kind not in _OPS:
        raise EditError(f"no edit {kind!r}; the edits are {', '.join(OPS)}" + _suggest(str(kind), OPS))
    doc = _Doc(text)
    node, warnings = _OPS[kind](doc, op)
    new = doc.result()
    try:
        for _ in yaml.parse(new, Loader=_Parser):  # libyaml's parser alone: a syntax check at a fraction of a load's time
            pass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise EditError(f"internal error: the edit would break the YAML{where} (please report it)") from None
    return Edit(new, text_changes(text, new), node, warnings)


# -- changes in JavaScript's offsets ---------------------------------------------------------------


def _utf16(text: str, upto: int, cache: dict[str, Any]) -> int:
    """``upto`` (a code point index) in UTF-16 code units: one more for each character past U+FFFF before it."""
    wide = cache.get("wide")
    if wide is None:
        wide = cache["wide"] = [m.start() for m in re.finditer("[\U00010000-\U0010ffff]", text)]
    import bisect

    return upto + bisect.bisect_left(wide, upto)


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, min(len(a), len(b)) - limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def text_changes(old: str, new: str) -> list[dict[str, Any]]:
    """The changes that turn ``old`` into ``new``, as CodeMirror takes them: sorted, not overlapping,
    against the old text, in UTF-16 offsets; found by a line diff, each hunk trimmed to what differs."""
    if old == new:
        return []
    p = _common_prefix(old, new)
    p = old.rfind("\n", 0, p) + 1  # whole lines for the line diff
    s = _common_suffix(old, new, p)
    a, b = old[p:len(old) - s], new[p:len(new) - s]
    al, bl = a.splitlines(keepends=True), b.splitlines(keepends=True)
    a_at = [0]
    for line in al:
        a_at.append(a_at[-1] + len(line))
    b_at = [0]
    for line in bl:
        b_at.append(b_at[-1] + len(line))
    cache: dict[str, Any] = {}
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, al, bl, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        x, y = a[a_at[i1]:a_at[i2]], b[b_at[j1]:b_at[j2]]
        head = _common_prefix(x, y)
        tail = _common_suffix(x, y, head)
        start = p + a_at[i1] + head
        end = p + a_at[i2] - tail
        out.append({"from": _utf16(old, start, cache), "to": _utf16(old, end, cache), "insert": y[head:len(y) - tail]})
    return out


def apply_changes(old: str, changes: Sequence[Mapping[str, Any]]) -> str:
    """Apply UTF-16-offset changes to ``old`` as CodeMirror would (for tests and checks)."""
    units = old.encode("utf-16-le")
    out, at = [], 0
    for c in changes:
        out.append(units[at * 2:c["from"] * 2].decode("utf-16-le"))
        out.append(c["insert"])
        at = c["to"]
    out.append(units[at * 2:].decode("utf-16-le"))
    return "".join(out)


# -- what the property panel shows -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _full_schema() -> dict[str, Any]:
    from ivr.flow.model import json_schema

    return json_schema()


@cache
def _schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one node type, with the ``$defs`` it refers to."""
    defs: dict[str, Any] = _full_schema().get("$defs", {})
    found: dict[str, Any] | None = None
    for d in defs.values():
        t = d.get("properties", {}).get("type", {})
        if t.get("const") == kind or kind in t.get("enum", ()):
            found = d
            break
    if found is None:
        return {}
    needed: dict[str, Any] = {}

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            ref = x.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                key = ref[len("#/$defs/"):]
                if key not in needed and key in defs:
                    needed[key] = defs[key]
                    walk(defs[key])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(found)
    return {**found, **({"$defs": needed} if needed else {})}


def node_view(text: str, name: Any) -> dict[str, Any]:
    """Everything the property panel needs for node ``name``: its values, its type's schema, its
    edges, the flow's node names and languages."""
    doc = _Doc(text)
    name = _node_ref(name)
    doc.node(name)
    plain = doc.plain[name]
    if not isinstance(plain, dict):
        raise EditError(f"node {name!r} is not a mapping of fields; fix it in the text first")
    kind = plain.get("type")
    return {"node": name, "type": kind, "values": plain, "schema": _schema_for(kind) if isinstance(kind, str) else {},
            "edges": node_edges(doc.plain, plain), "nodes": list(doc.plain), "languages": _languages(doc)}
