"""JSON Schema of the /api/ JSON documents (`briefing.json` and each claim's JSON)."""

from __future__ import annotations

from typing import Any

from ..contract.definitions import CLAIM, CLAIM_REF, SOURCE_REF
from . import exports

EXPORT_SCHEMAS = ("briefing", "claim")


def _ref_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "name", "url"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "url": {"type": "string"}},
    }


def _claim_schema() -> dict[str, Any]:
    """Generated from the contract's claim fields (see contract/definitions.py): every
    field is always written, null or empty when absent; IDs become refs."""
    properties: dict[str, Any] = {spec.name: spec.export_schema() for spec in CLAIM.fields}
    source_ref = SOURCE_REF.export_schema()
    source_ref["required"] = [*source_ref["required"], "title", "url"]
    source_ref["properties"].update(
        title={"type": "string"},
        url={"type": "string"},
        via_title={"type": "string"},
        via_url={"type": "string"},
    )
    source_ref["dependentRequired"] = {"via": ["via_title", "via_url"]}
    properties["sources"] = {"type": "array", "items": source_ref}
    for name in ("supports", "contradicts"):
        properties[name] = {"type": "array", "items": _claim_ref_schema()}
    properties.update(CLAIM_DERIVED)
    return {"type": "object", "required": list(properties), "properties": properties, "additionalProperties": False}


def _claim_ref_schema() -> dict[str, Any]:
    """An end of an evidence relation (format 1.1): the claim's ID, title and URL, and the note."""
    schema = CLAIM_REF.export_schema()
    schema["required"] = [*schema["required"], "title", "url"]
    schema["properties"].update(title={"type": "string"}, url={"type": "string"})
    schema["additionalProperties"] = False
    return schema


CLAIM_DERIVED = {
    "url": {"type": "string"},
    "version": {"type": "string", "pattern": "^[0-9a-f]{8}$"},
    "date_text": {"type": ["string", "null"]},
    "supported_by": {
        "type": "array",
        "items": _claim_ref_schema(),
        "description": "the claims that list this one in their supports: the evidence for it",
    },
    "contradicted_by": {
        "type": "array",
        "items": _claim_ref_schema(),
        "description": "the claims that list this one in their contradicts: the evidence against it",
    },
}
"""What an export adds to a claim's fields: its permalink, version stamp and date in words,
and the evidence for and against it (the other direction of `supports` and `contradicts`)."""


def export_schema(name: str) -> dict[str, Any]:
    """JSON Schema of the /api/ JSON documents (`briefing` or `claim`)."""
    site = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "url": {"type": ["string", "null"]},
            "author": {"type": ["string", "null"]},
            "language": {
                "type": "string",
                "description": "the site's language (BCP 47 tag): that of the claims' text, date_text and citations",
            },
        },
    }
    defs = {"ref": _ref_schema(), "claim": _claim_schema(), "site": site}
    common = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs}
    if name == "claim":
        return {
            **common,
            "title": "briefbook claim export",
            "type": "object",
            "required": ["format_version", "site", "claim"],
            "properties": {
                "format_version": {"const": exports.EXPORT_FORMAT_VERSION},
                "site": {"$ref": "#/$defs/site"},
                "claim": {"$ref": "#/$defs/claim"},
            },
        }
    nullable_ref = {"oneOf": [{"$ref": "#/$defs/ref"}, {"type": "null"}]}
    return {
        **common,
        "title": "briefbook briefing export",
        "type": "object",
        "required": ["format_version", "data_format_version", "site", "actors", "themes", "sources", "claims"],
        "properties": {
            "format_version": {"const": exports.EXPORT_FORMAT_VERSION},
            "data_format_version": {"type": "integer"},
            "generator": {"type": "string"},
            "site": {"$ref": "#/$defs/site"},
            "actors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "url", "name", "kind"],
                    "properties": {"part_of": {"type": "array", "items": {"$ref": "#/$defs/ref"}}},
                },
            },
            "themes": {
                "type": "array",
                "items": {"type": "object", "required": ["id", "url", "name"], "properties": {"parent": nullable_ref}},
            },
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "url", "csl"],
                    "properties": {
                        "csl": {"type": "object", "required": ["id", "type", "title"]},
                        "reported_by": {
                            "type": "array",
                            "items": {"$ref": "#/$defs/ref"},
                            "description": "the sources through which this one is known (via)",
                        },
                    },
                },
            },
            "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
        },
    }
