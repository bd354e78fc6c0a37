"""Conditions and computed values: a small, safe expression language.

Written in Python syntax and parsed with :mod:`ast`, but only a whitelist of node kinds is
accepted and the tree is walked here, never passed to ``eval``::

    balance < 0 and open('office')
    card_status in ['lost', 'stolen']
    not verified or attempts >= 3
    len(account) == 8

Names are slots and variables (missing ones are null); ``true``/``false``/``null`` are accepted
beside Python's spellings. Functions: ``open(name)`` (business hours, see Flow.hours), ``len``,
``int``, ``float``, ``str``, ``lower``. A comparison between mismatched types is false rather than an error.
"""

from __future__ import annotations

import ast
import difflib
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

FUNCTIONS = ("open", "len", "int", "float", "str", "lower")
_NAMES = {"Pow": "'**'", "NamedExpr": "':='", "JoinedStr": "an f-string", "Lambda": "lambda", "Dict": "a mapping",
          "Set": "a set", "IfExp": "'x if y else z'", "ListComp": "a comprehension", "Starred": "'*'",
          "FloorDiv": "'//'", "BitAnd": "'&'", "BitOr": "'|'", "BitXor": "'^'", "Invert": "'~'", "Await": "await",
          "Slice": "a slice", "GeneratorExp": "a generator"}
_CONSTANTS = {"true": True, "false": False, "null": None, "none": None}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
}


class ExprError(ValueError):
    """An expression that cannot be parsed or uses something not allowed; ``col`` is 1-based."""

    def __init__(self, message: str, col: int = 1) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Expr:
    """A parsed expression: its source, the names it reads and the hours it tests."""

    source: str
    tree: ast.expr = field(repr=False, compare=False)
    names: frozenset[str]
    hours: frozenset[str]

    def evaluate(self, names: Mapping[str, Any], is_open: Callable[[str | None], bool] = lambda _: True) -> Any:
        try:
            return _eval(self.tree, names, is_open)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
            return None


def parse(source: str) -> Expr:
    """Parse and vet an expression, or raise :class:`ExprError`."""
    if not isinstance(source, str) or not source.strip():
        raise ExprError("empty condition")
    if len(source) > 500:
        raise ExprError("condition longer than 500 characters")
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as e:
        hint = ""
        if re.search(r"(?<![=!<>])=(?!=)", source):
            hint = "; compare with '==', not '='"
        elif "&&" in source or "||" in source:
            hint = "; write 'and' and 'or' instead of '&&' and '||'"
        elif "\n" in source.strip():
            hint = "; write the condition on one line"
        raise ExprError(f"cannot read this condition{hint}", e.offset or 1) from None
    names: set[str] = set()
    hours: set[str] = set()
    funcs = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if id(node) not in funcs:
            _vet(node, names, hours)
    return Expr(source, tree, frozenset(n for n in names if n.lower() not in _CONSTANTS), frozenset(hours))


def _vet(node: ast.AST, names: set[str], hours: set[str]) -> None:
    col = getattr(node, "col_offset", 0) + 1
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            what = node.func.id if isinstance(node.func, ast.Name) else "this"
            close = difflib.get_close_matches(what, FUNCTIONS, n=1)
            suggestion = f"did you mean {close[0]!r}? " if close else ""
            raise ExprError(f"unknown function {what!r}; {suggestion}known: {', '.join(FUNCTIONS)}", col)
        if node.keywords or len(node.args) > 1 or (node.func.id != "open" and len(node.args) != 1):
            raise ExprError(f"{node.func.id}() takes one argument", col)
        if node.func.id == "open":
            if node.args and not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                raise ExprError("open() takes the name of an hours block in quotes, like open('office')", col)
            hours.add(node.args[0].value if node.args else "")  # type: ignore[attr-defined]
        return
    if isinstance(node, ast.Name):
        if not (isinstance(node.ctx, ast.Load)):
            raise ExprError("assignment is not allowed", col)
        # function names are vetted with their call
        names.add(node.id)
        return
    allowed = (
        ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd, ast.Compare, ast.BinOp,
        ast.Constant, ast.List, ast.Tuple, ast.Load, ast.Subscript, *_COMPARE, *_BINARY,
    )
    if isinstance(node, ast.Attribute):
        raise ExprError("dots are not allowed; read a field with name['field']", col)
    if not isinstance(node, allowed):
        what = _NAMES.get(type(node).__name__, "this")
        raise ExprError(f"{what} is not allowed in a condition", col)


def _eval(node: ast.expr, names: Mapping[str, Any], is_open: Callable[[str | None], bool]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        lowered = node.id.lower()
        if node.id not in names and lowered in _CONSTANTS:
            return _CONSTANTS[lowered]
        return names.get(node.id)
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            result: Any = True
            for v in node.values:
                result = _eval(v, names, is_open)
                if not result:
                    return result
            return result
        for v in node.values:
            result = _eval(v, names, is_open)
            if result:
                return result
        return result
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, names, is_open)
        if isinstance(node.op, ast.Not):
            return not operand
        number = _number(operand)
        return -number if isinstance(node.op, ast.USub) else number
    if isinstance(node, ast.Compare):
        left = _eval(node.left, names, is_open)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, names, is_open)
            a, b = _coerce(left, right)
            try:
                if not _COMPARE[type(op)](a, b):
                    return False
            except TypeError:
                return False
            left = right
        return True
    if isinstance(node, ast.BinOp):
        a, b = _coerce(_eval(node.left, names, is_open), _eval(node.right, names, is_open))
        return _BINARY[type(node.op)](a, b)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_eval(e, names, is_open) for e in node.elts]
    if isinstance(node, ast.Subscript):
        container = _eval(node.value, names, is_open)
        key = _eval(node.slice, names, is_open)
        try:
            return container[key]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        fn = node.func.id
        if fn == "open":
            arg = node.args[0].value if node.args else None  # type: ignore[attr-defined]
            return is_open(arg)
        value = _eval(node.args[0], names, is_open)
        if fn == "len":
            return len(value) if value is not None else 0
        if fn == "int":
            return int(_number(value))
        if fn == "float":
            return float(_number(value))
        if fn == "str":
            return "" if value is None else str(value)
        if fn == "lower":
            return str(value).lower() if value is not None else ""
    raise ValueError("unsupported expression")  # pragma: no cover - vetted at parse time


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def _coerce(a: Any, b: Any) -> tuple[Any, Any]:
    """Compare "120.50" with 100 as numbers: HTTP answers and spoken digits arrive as text."""
    if isinstance(a, str) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return _number(a), b
    if isinstance(b, str) and isinstance(a, (int, float)) and not isinstance(a, bool):
        return a, _number(b)
    return a, b
