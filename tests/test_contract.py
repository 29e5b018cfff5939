"""A claim field is declared once, in the contract (contract/definitions.py), and
everything else follows from the declaration (issue #14): the model, loading, exports,
the CSV, the export schema and the JSON Schema. These tests fail, naming the field, when
a declaration and the code that should follow it disagree."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import check
from test_stamps import PINNED

from briefbook.briefing import model
from briefbook.contract.definitions import CLAIM
from briefbook.contract.fields import Text
from briefbook.contract.json_schema import file_schema
from briefbook.contract.record import Field
from briefbook.site import exports
from briefbook.site.export_schema import CLAIM_DERIVED, export_schema

ROOT = Path(__file__).resolve().parents[1]


def model_fields() -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(model.Claim) if f.name != "where"}


def test_the_claim_model_has_an_attribute_for_every_declared_field_and_no_other():
    declared = [spec.attr for spec in CLAIM.fields]
    assert sorted(model_fields()) == sorted(declared), "add the field to briefing/model.py's Claim (or the contract)"


def test_model_defaults_are_the_declared_defaults():
    for spec in CLAIM.fields:
        field = model_fields()[spec.attr]
        if field.default is not dataclasses.MISSING:
            assert field.default == spec.default, spec.name


def test_every_declared_field_is_exported_in_the_json_schema_files_and_the_export_schema():
    claim = next(iter(check(ROOT).briefing.claims.values()))
    names = [spec.name for spec in CLAIM.fields]
    assert list(exports.claim_record(claim)) == names
    assert list(file_schema("claims")["items"]["properties"]) == names
    exported = export_schema("claim")["$defs"]["claim"]
    assert list(exported["properties"]) == [*names, *CLAIM_DERIVED]
    assert set(exports.csv_columns()) | exports.CSV_LEFT_OUT >= set(names)


def test_the_exports_of_the_example_validate_against_the_export_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from briefbook.site.exports import Exporter

    briefing = check(ROOT).briefing
    exporter = Exporter(briefing, lambda kind, record_id: f"/{kind}/{record_id}/", {"name": "Example"})
    document = json.loads(exports.to_json(exporter.document()))
    jsonschema.validate(document, export_schema("briefing"))


@pytest.fixture
def claims_with_a_new_field(monkeypatch: pytest.MonkeyPatch):
    """The example's claims as they would be read once a new optional field is declared."""
    claims = check(ROOT).briefing.claims.values()
    monkeypatch.setattr(CLAIM, "fields", [*CLAIM.fields, Field("new_field", Text(), doc="added later")])
    extended = dataclasses.make_dataclass("Claim", [("new_field", str | None, None)], bases=(model.Claim,), frozen=True)
    return extended, {claim.id: {f.name: getattr(claim, f.name) for f in dataclasses.fields(claim)} for claim in claims}


def test_a_new_optional_field_changes_no_published_stamp(claims_with_a_new_field):
    extended, claims = claims_with_a_new_field
    assert {claim_id: exports.stamp(extended(**values)) for claim_id, values in claims.items()} == PINNED


def test_a_new_field_changes_the_stamp_of_a_claim_that_sets_it(claims_with_a_new_field):
    extended, claims = claims_with_a_new_field
    claim_id, values = next(iter(claims.items()))
    assert exports.stamp(extended(**values, new_field="set")) != PINNED[claim_id]
