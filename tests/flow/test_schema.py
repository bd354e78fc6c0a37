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


def test_committed_scenario_schema_is_in_step_with_the_model() -> None:
    from ivr import scenarios

    committed = json.loads((ROOT / "schema" / "scenarios.schema.json").read_text(encoding="utf-8"))
    assert committed == scenarios.json_schema(), "run: ivr schema --kind scenarios -o schema/scenarios.schema.json"


@pytest.mark.parametrize("path", sorted((ROOT / "flows" / "tests").glob("*.tests.yaml")), ids=lambda p: p.name)
def test_example_scenario_files_match_their_schema_and_say_so(path: Path) -> None:
    """Editors complete scenario files: each names the schema on its first line, and matches it."""
    from ivr import scenarios

    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/scenarios.schema.json"
    jsonschema.validate(load_source(text, str(path)).data, scenarios.json_schema())


def test_scenario_schema_rejects_a_typo() -> None:
    from ivr import scenarios

    with pytest.raises(jsonschema.ValidationError, match="'outcom' was unexpected"):
        jsonschema.validate({"flow": "x.yaml", "scenarios": [{"caller": ["hangup"], "expect": {"outcom": "completed"}}]},
                            scenarios.json_schema())


def test_committed_population_schema_is_in_step_and_the_examples_match_it() -> None:
    from ivr import scenarios

    committed = json.loads((ROOT / "schema" / "population.schema.json").read_text(encoding="utf-8"))
    assert committed == scenarios.population_schema(), "run: ivr schema --kind population -o schema/population.schema.json"
    for path in sorted((ROOT / "flows" / "populations").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/population.schema.json", path
        jsonschema.validate(load_source(text, str(path)).data, scenarios.population_schema())
