"""The published JSON Schema: generated from the same definitions, and accepting real data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefbook.contract.json_schema import SHIPPED, file_schema, schema_text
from briefbook.contract.kinds import RECORDS

ROOT = Path(__file__).resolve().parents[1]


class EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's language server does (YAML 1.2: no timestamps)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_shipped_schema_files_are_generated_from_the_definitions(kind):
    shipped = (SHIPPED / f"{kind}.schema.json").read_text("utf-8")
    assert shipped == schema_text(kind), "run `make schema` to regenerate briefbook/schema/"


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_schema_is_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(file_schema(kind))


def example_files(kind: str) -> list[Path]:
    if kind == "claims":
        return sorted((ROOT / "data" / "claims").glob("*.yaml"))
    return [ROOT / "data" / f"{kind}.yaml"]


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_example_data_validates_and_points_at_its_schema(kind):
    validator = jsonschema.Draft202012Validator(json.loads((SHIPPED / f"{kind}.schema.json").read_text("utf-8")))
    for path in example_files(kind):
        text = path.read_text("utf-8")
        first_line = text.splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema=")
        schema_path = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
        assert schema_path == (SHIPPED / f"{kind}.schema.json").resolve()
        errors = [e.message for e in validator.iter_errors(yaml.load(text, Loader=EditorLoader))]
        assert errors == [], path


def test_schema_rejects_what_the_checker_rejects():
    validator = jsonschema.Draft202012Validator(file_schema("claims"))
    bad = [{"id": "Bad ID", "title": "t", "statement": "s", "themes": [], "sources": ["x"], "titel": "typo"}]
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "does not match" in messages  # the ID pattern
    assert "titel" in messages  # unknown field
    event_without_date = [
        {"id": "a", "title": "t", "statement": "s", "themes": ["x"], "sources": ["x"], "kind": "event"}
    ]
    assert any("'date' is a required property" in e.message for e in validator.iter_errors(event_without_date))
