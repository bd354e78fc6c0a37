"""The committed JSON Schema matches the model, and accepts the example flows."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ivr.flow.model import json_schema
from ivr.flow.source import load_source

ROOT = Path(__file__).parent.parent.parent


def test_committed_schema_is_in_step_with_the_model() -> None:
    committed = json.loads((ROOT / "schema" / "flow.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: ivr schema -o schema/flow.schema.json"


@pytest.mark.parametrize("path", sorted([*ROOT.glob("flows/*.yaml"), *ROOT.glob("flows/lib/*.yaml")]), ids=lambda p: p.name)
def test_example_flows_match_the_schema(path: Path) -> None:
    data = load_source(path.read_bytes(), str(path)).data
    jsonschema.validate(data, json_schema())


def test_schema_rejects_an_unknown_node_type() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"nodes": {"a": {"type": "menuu"}}}, json_schema())
