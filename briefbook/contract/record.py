"""Records of the contract: a mapping of declared fields (`Record`), and the declaration
of one field (`Field`), from which reading, the model attribute, the JSON Schema and the
export all follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems import Position, did_you_mean
from .fields import INVALID, FieldType, ListOf, article, describe
from .yamltree import NULL, YMap, YNode, YScalar, YSeq


@dataclass
class Field:
    """One field of a record, declared once: how it is read and checked (`type`), its
    JSON Schema, the model attribute it fills, how exports write it, and its default."""

    name: str
    type: FieldType
    required: bool = False
    doc: str = ""
    default: Any = None
    """The model's value when the field is absent; a version stamp leaves it out."""
    refers_to: str | None = None
    """The record kind (folder) an ID, or each ID of a list, names: exports link it."""

    def __post_init__(self) -> None:
        if self.default is None and isinstance(self.type, ListOf):
            self.default = ()

    @property
    def attr(self) -> str:
        """The model attribute (`container-title` → `container_title`)."""
        return self.name.replace("-", "_")

    def model_value(self, value: Any) -> Any:
        """The model attribute for a value read (None when absent)."""
        return self.default if value is None else self.type.to_model(value)

    def exported(self, value: Any) -> Any:
        """The model attribute as plain JSON data."""
        return None if value is None else self.type.exported(value)

    @property
    def nullable(self) -> bool:
        """Whether an export may hold null: optional, with no default."""
        return not self.required and self.default is None

    def export_schema(self) -> dict[str, Any]:
        """The JSON Schema of the exported value; IDs of `refers_to` exports are refs."""
        schema = self.type.export_schema()
        if self.refers_to is not None:
            ref = {"$ref": "#/$defs/ref"}
            schema = {"type": "array", "items": ref} if isinstance(self.type, ListOf) else ref
        if not self.nullable:
            return schema
        if "enum" in schema:
            return {**schema, "enum": [*schema["enum"], None]}
        if isinstance(schema.get("type"), str):
            return {**schema, "type": [schema["type"], "null"]}
        return {"oneOf": [schema, {"type": "null"}]}


@dataclass
class Record(FieldType):
    """A mapping with known fields. Unknown fields are errors with a suggestion, except
    keys starting with `_` (drafts) and, where `passthrough` is set, the names listed there."""

    kind: str
    fields: list[Field]
    passthrough: frozenset[str] = frozenset()
    extra_schema: dict[str, Any] = field(default_factory=dict)
    one_of_required: tuple[str, ...] = ()

    @property
    def expects(self) -> str:  # type: ignore[override]
        return f"{article(self.kind)} {self.kind} (a mapping of fields)"

    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def read(self, node, name, problems, source):
        if not isinstance(node, YMap):
            problems.error(node.pos, f"{name}: expected {self.expects}, found {describe(node)}")
            return INVALID
        known = self.by_name()
        values: dict[str, Any] = {}
        positions: dict[str, Position] = {"": node.pos}
        extra: dict[str, Any] = {}
        for key, value in node.items.items():
            if key.startswith("_"):
                continue
            key_pos = node.keys[key]
            spec = known.get(key)
            if spec is None:
                if key in self.passthrough:
                    extra[key] = plain_value(value)
                    continue
                suggestion = did_you_mean(key, list(known) + sorted(self.passthrough))
                problems.error(key_pos, f"unknown field {key!r} in {self.kind}{suggestion}")
                continue
            if isinstance(value, YScalar) and (value.tag == NULL or not value.text.strip()):
                if spec.required:
                    problems.error(
                        value.pos, f"{key}: is empty; every {self.kind} needs one: write {spec.type.expects}"
                    )
                elif value.tag != NULL:
                    problems.error(value.pos, f"{key}: is empty; write {spec.type.expects} or remove the field")
                continue
            result = spec.type.read(value, key, problems, source)
            if result is not INVALID:
                values[key] = result
                positions[key] = value.pos
        for spec in self.fields:
            if spec.required and spec.name not in node.items:
                problems.error(node.pos, f"{self.kind} is missing the required field {spec.name!r}")
        if self.one_of_required and not any(name in values for name in self.one_of_required):
            names = " or ".join(repr(n) for n in self.one_of_required)
            problems.error(node.pos, f"{article(self.kind)} {self.kind} needs {names}")
        present = {k for k, v in node.items.items() if not (isinstance(v, YScalar) and v.tag == NULL)}
        return RecordValues(values, positions, extra, present)

    def exported(self, value: Any) -> dict[str, Any]:
        """A model record (e.g. a source reference) as plain data, without absent fields."""
        out = {}
        for spec in self.fields:
            item = spec.exported(getattr(value, spec.attr))
            if item is not None:
                out[spec.name] = item
        return out

    def export_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "required": [f.name for f in self.fields if f.required],
            "properties": {f.name: f.type.export_schema() for f in self.fields},
        }

    def json_schema(self):
        properties = {
            f.name: {**f.type.json_schema(), **({"description": f.doc} if f.doc else {})} for f in self.fields
        }
        for name in sorted(self.passthrough):
            properties.setdefault(name, {"description": "CSL variable, passed through to exports"})
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "required": [f.name for f in self.fields if f.required],
            "patternProperties": {"^_": {"description": "ignored (draft)"}},
            "additionalProperties": False,
        }
        schema.update(self.extra_schema)
        return schema


@dataclass
class RecordValues:
    """A record's valid field values, where each stood, and passed-through extras."""

    values: dict[str, Any]
    positions: dict[str, Position]
    extra: dict[str, Any]
    present: set[str]

    @property
    def pos(self) -> Position:
        return self.positions[""]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def at(self, name: str) -> Position:
        return self.positions.get(name, self.pos)


@dataclass
class OneOf(FieldType):
    """A value written either as a scalar (read by `short`) or as a mapping (`full`)."""

    short: FieldType
    full: Record

    @property
    def expects(self) -> str:  # type: ignore[override]
        return f"{self.short.expects} or {self.full.expects}"

    def read(self, node, name, problems, source):
        if isinstance(node, YMap):
            return self.full.read(node, name, problems, source)
        return self.short.read(node, name, problems, source)

    def json_schema(self):
        return {"oneOf": [self.short.json_schema(), self.full.json_schema()]}

    def exported(self, value: Any) -> Any:
        return self.full.exported(value)  # the model holds the full form

    def export_schema(self) -> dict[str, Any]:
        return self.full.export_schema()


def plain_value(node: YNode) -> Any:
    """A passed-through value as plain data: scalars stay the text written."""
    if isinstance(node, YMap):
        return {k: plain_value(v) for k, v in node.items.items()}
    if isinstance(node, YSeq):
        return [plain_value(v) for v in node.items]
    return None if node.tag == NULL else node.text
