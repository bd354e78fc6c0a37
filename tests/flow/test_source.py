"""The safe YAML loader: positions, YAML 1.2 core scalars and the limits (ivr/flow/source.py)."""

from __future__ import annotations

import contextlib
import math

import pytest

from ivr.errors import Diagnostic, FlowError
from ivr.flow.source import MAX_BYTES, MAX_DEPTH, load_source


def refused(text: str | bytes, file: str = "flow.yaml") -> Diagnostic:
    """The single diagnostic the loader refuses ``text`` with."""
    with pytest.raises(FlowError) as info:
        load_source(text, file)
    diagnostics = info.value.diagnostics
    assert len(diagnostics) == 1, [d.format() for d in diagnostics]
    d = diagnostics[0]
    assert d.severity == "error"
    assert d.file == file
    assert d.line >= 1 and d.col >= 1
    return d


def value(text: str) -> object:
    data = load_source(f"v: {text}\n").data
    assert isinstance(data, dict)
    return data["v"]


# -- positions -------------------------------------------------------------------------------------

FLOW = """\
name: demo
nodes:
  main:
    type: menu
    prompt: "Press 1."
    options:
      - dtmf: "1"
        next: bye
      - {dtmf: "2", next: bye}
  bye:
    type: hangup
"""


def test_values_have_one_based_line_and_column() -> None:
    src = load_source(FLOW, "demo.yaml")
    assert src.file == "demo.yaml"
    assert src.values[()] == (1, 1)
    assert src.pos(("name",)) == (1, 7)
    assert src.pos(("nodes", "main")) == (4, 5)  # a block mapping starts at its first key
    assert src.pos(("nodes", "main", "type")) == (4, 11)
    assert src.pos(("nodes", "main", "prompt")) == (5, 13)  # the opening quote
    assert src.pos(("nodes", "main", "options")) == (7, 7)  # the first '-'
    assert src.pos(("nodes", "main", "options", 0)) == (7, 9)
    assert src.pos(("nodes", "main", "options", 0, "dtmf")) == (7, 15)
    assert src.pos(("nodes", "main", "options", 1)) == (9, 9)  # the '{'
    assert src.pos(("nodes", "main", "options", 1, "next")) == (9, 27)
    assert src.pos(("nodes", "bye", "type")) == (11, 11)


def test_keys_have_one_based_line_and_column() -> None:
    src = load_source(FLOW)
    assert src.pos(("name",), key=True) == (1, 1)
    assert src.pos(("nodes",), key=True) == (2, 1)
    assert src.pos(("nodes", "main"), key=True) == (3, 3)
    assert src.pos(("nodes", "main", "type"), key=True) == (4, 5)
    assert src.pos(("nodes", "main", "options", 0, "next"), key=True) == (8, 9)
    assert src.pos(("nodes", "main", "options", 1, "next"), key=True) == (9, 21)
    assert src.pos(("nodes", "bye"), key=True) == (10, 3)


def test_missing_paths_fall_back_to_the_nearest_enclosing_value() -> None:
    src = load_source(FLOW)
    assert src.pos(("nodes", "main", "options", 0, "phrases")) == (7, 9)
    assert src.pos(("nodes", "nope", "type")) == src.pos(("nodes",))
    assert src.pos(("nodes", "main", "nope"), key=True) == (4, 5)  # no key there: falls back to the value
    assert src.pos(("elsewhere",)) == (1, 1)


def test_diag_formats_at_the_position() -> None:
    src = load_source(FLOW, "demo.yaml")
    d = src.diag(("nodes", "main", "type"), "some-code", "a message", hint="a hint")
    assert d.format() == "demo.yaml:4:11: error[some-code]: a message\n  hint: a hint"
    assert src.diag(("nodes", "main"), "c", "m", key=True).format() == "demo.yaml:3:3: error[c]: m"


def test_get_walks_mappings_and_lists() -> None:
    src = load_source(FLOW)
    assert src.get(("nodes", "main", "options", 0, "next")) == "bye"
    assert src.get(("nodes", "main", "options", 1, "dtmf")) == "2"
    assert src.get(("nodes", "main", "options", 5)) is None
    assert src.get(("name", "x")) is None


def test_positions_after_a_bom_and_crlf_line_ends() -> None:
    src = load_source("\ufeffa: 1\r\nb:\r\n  c: x\r\n".encode())
    assert src.data == {"a": 1, "b": {"c": "x"}}
    assert src.pos(("b", "c")) == (3, 6)
    assert src.pos(("b", "c"), key=True) == (3, 3)


# -- duplicate keys --------------------------------------------------------------------------------


def test_duplicate_keys_are_refused_with_both_positions() -> None:
    d = refused("name: a\nnodes:\n  main:\n    type: say\n  main:\n    type: hangup\n")
    assert (d.code, d.line, d.col) == ("duplicate-key", 5, 3)
    assert "'main'" in d.message
    assert "line 3, column 3" in d.message
    assert d.format() == "flow.yaml:5:3: error[duplicate-key]: duplicate key 'main' (first given at line 3, column 3)"


def test_duplicate_keys_in_a_flow_mapping() -> None:
    d = refused("opt: {dtmf: 1, next: a, dtmf: 2}\n")
    assert (d.code, d.line, d.col) == ("duplicate-key", 1, 25)
    assert "line 1, column 7" in d.message


def test_keys_that_differ_only_in_quoting_are_duplicates() -> None:
    assert refused("'1': a\n\"1\": b\n").code == "duplicate-key"
    assert refused("1: a\n'1': b\n").code == "duplicate-key"


# -- scalars ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "Y", "N"])
def test_yaml_1_1_booleans_stay_strings(text: str) -> None:
    assert value(text) == text


@pytest.mark.parametrize("text", ["007", "0123", "00", "0009", "-007", "+01"])
def test_numbers_with_a_leading_zero_stay_strings(text: str) -> None:
    assert value(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("0", 0), ("-5", -5), ("+5", 5), ("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("1e3", 1000.0),
     ("0x1F", 31), ("0o17", 15)],
)
def test_yaml_1_2_core_numbers(text: str, expected: object) -> None:
    got = value(text)
    assert got == expected
    assert type(got) is type(expected)


def test_special_floats() -> None:
    assert value(".inf") == math.inf
    assert value("-.inf") == -math.inf
    nan = value(".nan")
    assert isinstance(nan, float) and math.isnan(nan)


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_booleans(text: str, expected: bool) -> None:
    assert value(text) is expected


@pytest.mark.parametrize("text", ["null", "~", "Null", "NULL", ""])
def test_nulls(text: str) -> None:
    assert value(text) is None


@pytest.mark.parametrize(("text", "expected"), [("!!str 12", "12"), ("!!str true", "true"), ("!!str", ""), ("'12'", "12"),
                                                ('"007"', "007"), ("'null'", "null"), ("!!str 1.5", "1.5")])
def test_explicit_strings(text: str, expected: str) -> None:
    assert value(text) == expected


@pytest.mark.parametrize("text", ["2026-12-25", "2026-12-25T10:30:00", "2026-12-25 10:30:00 -5", "12-25", "1:30", "09:00-17:00",
                                  "1_000", "0b101", "+1 555 0100", "1.2.3"])
def test_timestamps_sexagesimals_and_other_lookalikes_stay_strings(text: str) -> None:
    assert value(text) == text


def test_keys_are_always_strings() -> None:
    assert load_source("1: a\ntrue: b\nnull: c\n007: d\n").data == {"1": "a", "true": "b", "null": "c", "007": "d"}


def test_collections_and_anchors() -> None:
    data = load_source("a: &x [1, two, {k: v}]\nb: *x\n").data
    assert data == {"a": [1, "two", {"k": "v"}], "b": [1, "two", {"k": "v"}]}


# -- limits ----------------------------------------------------------------------------------------


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused() -> None:
    d = refused(billion_laughs())
    assert d.code in ("yaml-aliases", "yaml-size")


def test_many_aliases_are_refused() -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 1000) + "]\n"
    d = refused(text)
    assert d.code in ("yaml-aliases", "yaml-size")
    assert d.line == 2


def test_alias_bomb_as_mapping_keys_and_values() -> None:
    lines = ["a0: &a0 {k0: lol, k1: lol, k2: lol, k3: lol, k4: lol, k5: lol, k6: lol, k7: lol, k8: lol}"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} {{" + ", ".join(f"k{j}: *a{i - 1}" for j in range(9)) + "}")
    assert refused("\n".join(lines) + "\n").code in ("yaml-aliases", "yaml-size")


def test_a_few_aliases_are_fine() -> None:
    data = load_source("p: &p Please hold.\na: *p\nb: *p\n").data
    assert data == {"p": "Please hold.", "a": "Please hold.", "b": "Please hold."}


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 100_000])
def test_deeply_nested_sequences_are_refused(depth: int) -> None:
    d = refused("[" * depth + "]" * depth)
    assert d.code == "yaml-depth"
    assert d.line == 1


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 20_000])
def test_deeply_nested_mappings_are_refused(depth: int) -> None:
    d = refused("{a: " * depth + "x" + "}" * depth)
    assert d.code == "yaml-depth"


def test_deeply_nested_block_mappings_are_refused() -> None:
    text = "".join("  " * i + "a:\n" for i in range(200)) + "  " * 200 + "x\n"
    assert refused(text).code == "yaml-depth"


def test_nesting_within_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    data = load_source("[" * depth + "]" * depth).data
    for _ in range(depth - 1):
        assert isinstance(data, list) and len(data) == 1
        data = data[0]
    assert data == []


def test_oversized_files_are_refused() -> None:
    text = "# padding\n" * (MAX_BYTES // 10 + 1)
    assert len(text) > MAX_BYTES
    d = refused(text)
    assert (d.code, d.line, d.col) == ("file-too-large", 1, 1)
    assert refused(text.encode()).code == "file-too-large"


def test_a_file_just_under_the_limit_is_read() -> None:
    text = "a: 1\n" + "#" * (MAX_BYTES - 6) + "\n"
    assert len(text.encode()) == MAX_BYTES
    assert load_source(text).data == {"a": 1}


def test_oversized_text_is_measured_in_bytes() -> None:
    text = "a: " + "é" * 600_000 + "\n"
    assert len(text.encode()) > MAX_BYTES
    assert refused(text).code == "file-too-large"


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",
        "a: !!python/object/apply:os.system [ls]\n",
        "a: !!python/name:os.system ''\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!omap [{x: 1}]\n",
        "a: !!timestamp 2026-12-25\n",
        "a: !!int 12\n",
        "a: !!float 1\n",
        "a: !!bool yes\n",
        "a: !!null ''\n",
        "a: !custom x\n",
        "a: !Ref other\n",
        "!!python/object:os.system {}\n",
        "a: !!python/tuple [1, 2]\n",
    ],
)
def test_unsupported_tags_are_refused(text: str) -> None:
    d = refused(text)
    assert d.code == "yaml-tag"
    assert d.line == 1


def test_the_tag_is_named_and_positioned() -> None:
    d = refused("name: x\nnodes:\n  a: !!python/object:__main__.Evil {}\n")
    assert (d.code, d.line, d.col) == ("yaml-tag", 3, 6)
    assert "python/object" in d.message


def test_standard_container_tags_are_allowed() -> None:
    assert load_source("a: !!map {b: !!seq [1]}\n").data == {"a": {"b": [1]}}


def test_explicit_merge_tag_is_refused() -> None:
    d = refused("base: &b {x: 1}\nn:\n  !!merge <<: *b\n  y: 2\n")
    assert (d.code, d.line, d.col) == ("yaml-merge", 3, 3)


@pytest.mark.parametrize("text", ["base: &b {x: 1}\nn:\n  <<: *b\n  y: 2\n", "base: &b {x: 1}\nn: {<<: *b, y: 2}\n",
                                  "a: &a {x: 1}\nb: &b {y: 2}\nn:\n  <<: [*a, *b]\n"])
def test_merge_keys_are_refused(text: str) -> None:
    d = refused(text)
    assert d.code == "yaml-merge"


@pytest.mark.parametrize("text", ["1" * 5000, "-" + "9" * 4301])
def test_huge_integers_do_not_crash(text: str) -> None:
    with contextlib.suppress(FlowError):
        load_source(f"retries: {text}\n")


# -- empty, encoding, documents, syntax ------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "# just a comment\n", b"", "\ufeff", b"\xef\xbb\xbf"])
def test_empty_files_are_refused(text: str | bytes) -> None:
    d = refused(text)
    assert (d.code, d.line, d.col) == ("empty-file", 1, 1)


def test_a_document_with_only_a_marker_is_null() -> None:
    assert load_source("---\n").data is None


@pytest.mark.parametrize(("data", "col"), [(b"\xff\xfe", 1), (b"a: caf\xe9\n", 7), (b"name: \x80x\n", 7),
                                           (b"a: \xed\xa0\x80\n", 4)])
def test_non_utf8_bytes_are_refused(data: bytes, col: int) -> None:
    d = refused(data)
    assert (d.code, d.line, d.col) == ("encoding", 1, col)


def test_non_utf8_bytes_on_a_later_line_are_positioned_there() -> None:
    d = refused(b"name: x\nprompt: caf\xe9\n")
    assert (d.code, d.line, d.col) == ("encoding", 2, 12)


def test_utf16_is_refused() -> None:
    assert refused("a: 1\n".encode("utf-16")).code == "encoding"


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfname: caf\xc3\xa9\n", "\ufeffname: café\n"])
def test_a_utf8_bom_is_accepted(data: str | bytes) -> None:
    src = load_source(data)
    assert src.data == {"name": "café"}
    assert src.pos(("name",), key=True) == (1, 1)


def test_utf8_text_is_kept() -> None:
    assert load_source("prompt: 'سلام — 안녕하세요 ✓'\n".encode()).data == {"prompt": "سلام — 안녕하세요 ✓"}


@pytest.mark.parametrize("text", ["a: 1\n---\nb: 2\n", "---\na: 1\n---\nb: 2\n", "a: 1\n...\n---\nb: 2\n"])
def test_multiple_documents_are_refused(text: str) -> None:
    d = refused(text)
    assert d.code == "yaml-syntax"
    assert d.line > 1


def test_one_explicit_document_is_fine() -> None:
    assert load_source("---\na: 1\n...\n").data == {"a": 1}


def test_a_tab_in_indentation_is_a_syntax_error_with_position() -> None:
    d = refused("nodes:\n  main:\n\ttype: say\n")
    assert (d.code, d.line, d.col) == ("yaml-syntax", 3, 1)


def test_bad_indentation_is_a_syntax_error_with_position() -> None:
    d = refused("nodes:\n  main:\n    type: say\n   prompt: hi\n")
    assert d.code == "yaml-syntax"
    assert (d.line, d.col) == (4, 4)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: b: c\n", 1),
        ("a: [1, 2\n", 2),
        ("a: 'x\n", 1),  # points at the quote that is never closed
        ("a:\n  - 1\n  b: 2\n", 3),
        ("a: *undefined\n", 1),
        ("a: &x 1\nb: &x 2\n", 2),
        ("{a: 1\n", 2),
        ("a: @x\n", 1),
    ],
)
def test_syntax_errors_have_a_line(text: str, line: int) -> None:
    d = refused(text)
    assert d.code == "yaml-syntax"
    assert d.line == line
    assert d.message


def test_complex_keys_are_refused() -> None:
    d = refused("? [a, b]\n: 1\n")
    assert (d.code, d.line, d.col) == ("yaml-key", 1, 3)


NODE = "nodes:\n  a:\n    type: say\n    prompt: Hello there.\n    next: b\n  b:\n    type: hangup\n"


@pytest.mark.parametrize(
    ("text", "where", "message", "hint"),
    [
        (NODE.replace("Hello there.", "Hello: there."), (4, 18), "a second ': ' on this line", 'put the text in quotes, like prompt: "Note'),
        (NODE.replace("    next: b", "      next: b"), (5, 11), "indented deeper than the key above it", "line it up with the key above"),
        (NODE.replace("    next: b", "   next: b"), (5, 4), "indentation does not match the block", "line 4 (column 5) or line 2 (column 3)"),
        (NODE.replace("    next: b", "    next b"), (5, 5), "a key without ':'", "write 'key: value'"),
        (NODE.replace("Hello there.", "@home"), (4, 13), "a value cannot start with '@'", "put the text in quotes"),
        (NODE.replace("Hello there.", "*nope"), (4, 13), "*nope refers to an anchor &nope that is not defined", "define &nope"),
        (NODE.replace("    next: b", "    - next: b"), (5, 5), "a list item ('- ') where this mapping expects a key", "remove the '- '"),
        ("languages:\n  - en\n - fr\n", (3, 2), "a list item out of line", "line this '- ' up"),
        (NODE.replace("Hello there.", '"Hello" there.'), (4, 21), "text after the closing quote", "quote the whole text"),
        (NODE.replace("next: b", "next: ]"), (5, 11), "a value was expected here, not ']'", "in quotes"),
        ("a: &x 1\nb: &x 2\n", (2, 4), "the anchor &x is defined twice", "another name"),
    ],
)
def test_yaml_mistakes_are_explained_in_plain_words_with_a_hint(text: str, where: tuple[int, int], message: str, hint: str) -> None:
    """What the designer's editor shows as you type: PyYAML's own words ("mapping values are not allowed here",
    "expected <block end>") said as what is wrong and how to fix it."""
    d = refused(text)
    assert (d.code, (d.line, d.col)) == ("yaml-syntax", where)
    assert message in d.message and d.hint is not None and hint in d.hint, (d.message, d.hint)
