"""Strategies the fuzz modules share."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def nested(leaves: st.SearchStrategy[Any], keys: st.SearchStrategy[str] | None = None, max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """JSON-like values: ``leaves`` in lists and mappings, a few levels deep. (A named function, not a
    lambda: Hypothesis reads a lambda's source to check it recurses, and misreads it when a line holds two.)"""
    key = st.text(max_size=6) if keys is None else keys

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.lists(inner, max_size=3) | st.dictionaries(key, inner, max_size=3)

    return st.recursive(leaves, extend, max_leaves=max_leaves)
