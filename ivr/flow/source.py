"""Safe YAML with positions.

The flow files are YAML, read with PyYAML's pure-Python parser and turned into plain values here
rather than by PyYAML's constructor, so that:

- every value and every mapping key keeps its file:line:col (``Source.pos``);
- duplicate keys are refused instead of silently overwritten;
- only YAML 1.2 core scalars are typed: ``yes``/``no``/``on``/``off`` stay strings, and so do
  numbers with a leading zero (``007`` is a DTMF string, not the integer 7), timestamps and sexagesimals;
- alias bombs, very deep nesting and oversized files are refused quickly with one clear error
  (PyYAML's own ``safe_load`` has no alias limit: pyyaml#235).
"""

from __future__ import annotations

import contextlib
import gc
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from ivr.errors import Diagnostic, FlowError

try:
    from yaml._yaml import CParser

    _LIBYAML = True
except ImportError:  # PyYAML built without libyaml: every flow takes the pure-Python path
    _LIBYAML = False

MAX_BYTES = 1_000_000
MAX_DEPTH = 50
MAX_ALIASES = 100
MAX_VALUES = 100_000

Path = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_OCT = re.compile(r"0o[0-7]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off while a flow is compiled or checked, back on afterwards.

    A big flow makes hundreds of thousands of objects that all live until the compiler returns, and every
    full collection walks them all: a third of the time of a 1 MB flow. Reference counting still frees
    what is dropped; cycles wait for the next collection. When the collector is already off (an outer
    pause, another thread's, or the application's choice) this leaves it alone: two threads compiling at
    once at worst turn it back on early."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass
class Source:
    """A loaded YAML document: its plain value and where each part of it stands in the file."""

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def pos(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, col) of the value at ``path``, or of its key when ``key``.

        Falls back to the nearest enclosing value that has a position.
        """
        if key and path in self.keys:
            return self.keys[path]
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def diag(
        self,
        path: Path,
        code: str,
        message: str,
        *,
        hint: str | None = None,
        severity: str = "error",
        key: bool = False,
    ) -> Diagnostic:
        line, col = self.pos(path, key=key)
        return Diagnostic(self.file, line, col, severity, code, message, hint)  # type: ignore[arg-type]

    def get(self, path: Path) -> Any:
        """The value at ``path`` or None."""
        cur = self.data
        for part in path:
            if isinstance(cur, Mapping) and part in cur:
                cur = cur[part]
            elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
                cur = cur[part]
            else:
                return None
        return cur


class TooLarge(ValueError):
    """A flow file over :data:`MAX_BYTES`, refused by its size (``None``: not known, more was there)."""

    def __init__(self, size: int | None) -> None:
        super().__init__(f"more than {MAX_BYTES:,} bytes" if size is None else f"{size:,} bytes")
        self.size = size

    def diagnostic(self, file: str) -> Diagnostic:
        size = f"more than {MAX_BYTES:,}" if self.size is None else f"{self.size:,}"
        return Diagnostic(file, 1, 1, "error", "file-too-large", f"file is {size} bytes; flows are limited to {MAX_BYTES:,}")


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, code: str, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.code = code
        self.message = message


class _Counting(yaml.composer.Composer):
    """PyYAML's composer, counting aliases and nesting as it goes, with plain scalars left untyped."""

    aliases = 0
    depth = 0

    if TYPE_CHECKING:  # from the parser each loader below is built on

        def check_event(self, *choices: Any) -> bool: ...
        def get_event(self) -> Any: ...

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """PyYAML's ``Composer.compose_node`` and the three it calls, in one: a megabyte of YAML is a
        hundred thousand nodes, and the calls between them were a third of the reading time."""
        event = self.get_event()
        kind = type(event)
        if kind is yaml.AliasEvent:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(event.start_mark, "yaml-aliases", f"more than {MAX_ALIASES} aliases; refusing a possible alias bomb")
        if self.depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels")
        anchor = event.anchor
        if kind is yaml.AliasEvent:
            if anchor not in self.anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {anchor!r}", event.start_mark)
            return self.anchors[anchor]
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence", self.anchors[anchor].start_mark,
                                              "second occurrence", event.start_mark)
        tag = event.tag
        node: yaml.Node
        end: type[yaml.Event]
        if kind is yaml.ScalarEvent:
            if tag is None or tag == "!":
                tag = _PLAIN if event.implicit[0] else self.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if anchor is not None:
                self.anchors[anchor] = node
            return node
        if kind is yaml.SequenceStartEvent:
            if tag is None or tag == "!":
                tag = self.resolve(yaml.SequenceNode, None, event.implicit)
            node = yaml.SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
            end = yaml.SequenceEndEvent
        else:
            if tag is None or tag == "!":
                tag = self.resolve(yaml.MappingNode, None, event.implicit)
            node = yaml.MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
            end = yaml.MappingEndEvent
        if anchor is not None:
            self.anchors[anchor] = node
        self.depth += 1
        items = node.value
        while not self.check_event(end):
            if end is yaml.SequenceEndEvent:
                items.append(self.compose_node(node, len(items)))
            else:
                key = self.compose_node(node, None)
                items.append((key, self.compose_node(node, key)))
        self.depth -= 1
        node.end_mark = self.get_event().end_mark
        return node

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """Leave plain scalars untyped here; :func:`_scalar` types them by YAML 1.2 core rules."""
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)  # type: ignore[misc,no-any-return]


class _Loader(_Counting, yaml.SafeLoader):
    """The pure-Python reader and parser: slow (about 5 s a megabyte), but its error messages are the
    ones users see (and :func:`_syntax_error` rewords)."""


if _LIBYAML:

    class _FastLoader(_Counting, CParser, yaml.resolver.Resolver):
        """libyaml's reader and parser under the same composer: several times faster. It reads every flow
        first; a file it refuses is read again by :class:`_Loader`, for the familiar message."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_PLAIN = "tag:ivr:plain"
_NUMBER_START = frozenset("0123456789+-.")


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.tag == "tag:yaml.org,2002:str":
        return value
    if node.tag != _PLAIN:
        raise _Refused(node.start_mark, "yaml-tag", f"unsupported tag {_short_tag(node.tag)!r}; flows use plain YAML values")
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if len(value) > 40 or value[:1] not in _NUMBER_START:  # words; and no setting is a number this long (an id, a phone number)
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _HEX.fullmatch(value):
        return int(value, 16)
    if _OCT.fullmatch(value):
        return int(value[2:], 8)
    if _FLOAT.fullmatch(value) and not re.fullmatch(r"[-+]?0[0-9]+", value):
        return float(value)
    if _INF.fullmatch(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.fullmatch(value):
        return math.nan
    return value


class _Builder:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.count = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Refused(node.start_mark, "yaml-size", f"more than {MAX_VALUES} values once aliases are expanded")
        self.source.values.setdefault(path, _pos(node.start_mark))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if node.tag not in _STANDARD_TAGS:
            raise _Refused(node.start_mark, "yaml-tag", f"unsupported tag {_short_tag(node.tag)!r}; flows use plain YAML values")
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge" or (key_node.tag == _PLAIN and key_node.value == "<<"):
                    raise _Refused(key_node.start_mark, "yaml-merge", "merge keys ('<<') are not supported")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(key_node.start_mark, "yaml-key", "mapping keys must be plain text")
                key = key_node.value
                if key in seen:
                    first = _pos(seen[key].start_mark)
                    raise _Refused(
                        key_node.start_mark,
                        "duplicate-key",
                        f"duplicate key {key!r} (first given at line {first[0]}, column {first[1]})",
                    )
                seen[key] = key_node
                self.source.keys[(*path, key)] = _pos(key_node.start_mark)
                result[key] = self.build(value_node, (*path, key))
            return result
        raise _Refused(node.start_mark, "yaml-node", "unsupported YAML node")  # pragma: no cover


def load_source(text: str | bytes, file: str = "<flow>", *, nodes: list[yaml.Node] | None = None) -> Source:
    """Parse one YAML document into a :class:`Source`, or raise :class:`FlowError`. ``nodes``, when
    given, receives the composed root node, with the start and end of every value: for tools that
    edit the text in place (the designer's canvas edits) without parsing it twice."""

    def fail(line: int, col: int, code: str, message: str, hint: str | None = None) -> FlowError:
        return FlowError([Diagnostic(file, line, col, "error", code, message, hint)])

    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise FlowError([TooLarge(size).diagnostic(file)])
    if isinstance(text, bytes):
        data = text
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            raise fail(line, col, "encoding", "file is not valid UTF-8", "save it as UTF-8") from None
    if _LIBYAML:
        try:
            return _load(text, file, _FastLoader, nodes)
        except FlowError as e:
            if e.diagnostics[0].code != "yaml-syntax":
                raise
        except UnicodeError:
            pass
    return _load(text, file, _Loader, nodes)


def _load(text: str, file: str, kind: Any, nodes: list[yaml.Node] | None = None) -> Source:
    def fail(line: int, col: int, code: str, message: str, hint: str | None = None) -> FlowError:
        return FlowError([Diagnostic(file, line, col, "error", code, message, hint)])

    source = Source(file, None)
    loader: Any = None
    try:
        loader = kind(text)
        root = loader.get_single_node()
        if root is None:
            raise fail(1, 1, "empty-file", "file is empty; a flow needs at least 'nodes'")
        source.data = _Builder(source).build(root, ())
        if nodes is not None:
            nodes.append(root)
    except _Refused as e:
        line, col = _pos(e.mark)
        raise fail(line, col, e.code, e.message) from None
    except yaml.reader.ReaderError as e:
        before = text[: e.position]
        line, col = before.count("\n") + 1, e.position - (before.rfind("\n") + 1) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        raise fail(line, col, "yaml-syntax", f"control character U+{ord(char):04X} is not allowed in a flow file",
                   "delete it (it is often pasted in by accident)") from None
    except yaml.MarkedYAMLError as e:
        raise _syntax_error(file, e, text) from None
    except yaml.YAMLError as e:
        raise fail(1, 1, "yaml-syntax", str(e).splitlines()[0]) from None
    except RecursionError:
        raise fail(1, 1, "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        if loader is not None:
            loader.dispose()
    return source


def _columns(lines: list[str], line: int, block: yaml.Mark | None) -> str:
    """Where a mis-indented line could go: under the key on the line above it, or beside the block's first key."""
    places = []
    for above in range(line - 1, -1, -1):
        text = lines[above]
        if text.strip() and not text.lstrip().startswith("#"):
            col = len(text) - len(text.lstrip(" -"))
            places.append(f"line {above + 1} (column {col + 1})")
            break
    if block is not None and (not places or places[0] != f"line {block.line + 1} (column {block.column + 1})"):
        places.append(f"line {block.line + 1} (column {block.column + 1})")
    return f": line it up with {' or '.join(places)}" if places else ""


def _syntax_error(file: str, e: yaml.MarkedYAMLError, text: str = "") -> FlowError:
    """PyYAML's parse errors in plain words with a hint, at the place that needs the fix."""
    problem, context = e.problem or "", e.context or ""
    mark = e.problem_mark or e.context_mark
    hint = None
    message = f"{problem} ({context})" if problem and context else problem or context or "invalid YAML"
    lines = text.split("\n")
    here = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "quoted scalar" in context and "end of stream" in problem and e.context_mark is not None:
        mark, message = e.context_mark, "this quote is never closed"
        hint = "end the text with the same quote it starts with"
    elif "'\\t'" in problem or "\t" in problem:
        message, hint = "a tab character here; YAML indents with spaces", "replace the tab with spaces"
    elif "expected a single document" in context:
        message = "a flow file holds one YAML document"
        hint = "remove the second '---' and what follows, or move it into its own file"
    elif "found duplicate anchor" in context:
        anchor = re.search(r"anchor '([^']*)'", context)
        message = f"the anchor &{anchor.group(1) if anchor else ''} is defined twice"
        hint = "give the second one another name"
    elif "flow" in context or "got '?'" in problem or "found unexpected ':'" in problem:
        hint = "inside {...} or [...], put text containing ? : , # [ ] { } in quotes, like prompt: \"Which team?\""
    elif problem == "mapping values are not allowed here" and mark is not None:
        if re.match(r"\s*(?:-\s+)?[^\s#:][^:#]*:\s+\S", here[: mark.column]):
            message = "a second ': ' on this line: YAML reads the text after the first one as another key"
            hint = "put the text in quotes, like prompt: \"Note: calls are recorded.\""
        else:
            message = "this line is indented deeper than the key above it, so YAML takes it as more of that key's text"
            hint = "line it up with the key above it (the same column), or end the key above with ':' to nest it"
    elif problem.startswith("expected <block end>") and mark is not None:
        found = problem.split("but found ", 1)[-1]
        above = e.context_mark
        if found == "'<scalar>'" and re.match(r"\s*(?:-\s+)?[^\s#:][^:#]*:\s+[\"']", here):
            message = "text after the closing quote"
            hint = "quote the whole text, like prompt: \"Say \\\"yes\\\" to go on.\""
        elif found == "'-'":
            message = "a list item ('- ') where this mapping expects a key"
            hint = "put the list under a key that ends with ':', indented below it, or remove the '- '"
        elif found == "'<block sequence start>'":
            message = "a list item out of line with the list it belongs to"
            hint = "the items of one list start in the same column: line this '- ' up with the item above"
        else:
            message = "this line's indentation does not match the block it is in"
            hint = "the keys of one mapping start in the same column" + _columns(lines, mark.line, above)
    elif problem.startswith("could not find expected ':'") and e.context_mark is not None:
        mark = e.context_mark
        message = "a key without ':' (or text that runs on to a line YAML cannot fit it to)"
        hint = "write 'key: value'; if this continues the text above, indent it deeper than that key, or quote the whole text"
    elif "cannot start any token" in problem:
        char = re.search(r"character '([^']*)'", problem)
        message = f"a value cannot start with '{char.group(1) if char else '?'}' in YAML"
        hint = "put the text in quotes, like prompt: \"@home\""
    elif problem.startswith("found undefined alias"):
        alias = re.search(r"alias '([^']*)'", problem)
        name = alias.group(1) if alias else ""
        message = f"*{name} refers to an anchor &{name} that is not defined above"
        hint = f"define &{name} before this line, or quote the text if it starts with a '*' on purpose"
    elif problem.startswith("expected the node content"):
        message = f"a value was expected here, not {problem.split('but found ', 1)[-1]}"
        hint = "put text that holds [ ] { } , in quotes"
    elif "did not find expected '-' indicator" in problem:
        message = "the items of one list start in the same column"
        hint = "line this '- ' up with the first item of the list"
    elif "did not find expected key" in problem:
        message = "this line's indentation does not match the block it is in"
        hint = "the keys of one mapping, and the items of one list, start in the same column"
    line, col = _pos(mark)
    return FlowError([Diagnostic(file, line, col, "error", "yaml-syntax", message, hint)])
