"""The field definitions of the data contract: one source for validation and JSON Schema.

Each field type knows how to read a located YAML value (`read`) and how to describe
itself in JSON Schema (`json_schema`), so the files editors check against and the
checks `briefbook check` runs can never drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..problems import Position, Problems, did_you_mean
from .yamltree import BOOL, INT, YMap, YNode, YScalar, YSeq

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
MAX_ID_LENGTH = 64
INVALID: Any = object()
"""Returned by a reader when the value is wrong; the problem has been reported already."""


@dataclass(frozen=True, slots=True)
class Markdown:
    """A Markdown value with what is needed to point at places inside it."""

    text: str
    pos: Position
    raw: str
    """The value's source text as it stands in the file (quotes, indentation and all)."""

    def position_at(self, index: int) -> Position:
        """The file position of an index into the raw text (the value's start if < 0)."""
        if index < 0:
            return self.pos
        before = self.raw[:index]
        newlines = before.count("\n")
        if not newlines:
            return Position(self.pos.path, self.pos.line, self.pos.column + index)
        return Position(self.pos.path, self.pos.line + newlines, index - before.rfind("\n"))


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    return repr(node.text)


class FieldType:
    """Base of all field types. `read` reports problems and returns a value or INVALID."""

    expects = "a value"

    def read(self, node: YNode, name: str, problems: Problems, source: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_model(self, value: Any) -> Any:
        """The model attribute for a value `read` returned."""
        return value

    def exported(self, value: Any) -> Any:
        """The model attribute as plain JSON data (exports, CSV, version stamps)."""
        return value

    def export_schema(self) -> dict[str, Any]:
        """The JSON Schema of `exported` values, for the /api/ export schema."""
        return {"type": "string"}

    def scalar_text(self, node: YNode, name: str, problems: Problems) -> str | Any:
        if not isinstance(node, YScalar):
            problems.error(node.pos, f"{name}: expected {self.expects}, found {describe(node)}")
            return INVALID
        return node.text


@dataclass
class Text(FieldType):
    """Plain text. YAML's implicit types are read back as the text the analyst wrote."""

    max_length: int | None = None
    single_line: bool = False
    expects: str = "text"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        text = text.strip()
        if not text:
            problems.error(node.pos, f"{name}: is empty; write {self.expects} or remove the field")
            return INVALID
        if self.single_line and "\n" in text:
            problems.error(node.pos, f"{name}: must be one line; remove the line breaks")
            return INVALID
        if self.max_length and len(text) > self.max_length:
            problems.error(
                node.pos,
                f"{name}: is {len(text)} characters long; shorten it to at most {self.max_length}",
            )
            return INVALID
        return text

    def json_schema(self):
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.max_length:
            schema["maxLength"] = self.max_length
        return schema


class MarkdownText(Text):
    expects = "Markdown text"

    def read(self, node, name, problems, source):
        text = super().read(node, name, problems, source)
        if text is INVALID:
            return INVALID
        assert isinstance(node, YScalar)
        return Markdown(text, node.pos, source[node.raw_start : node.raw_end])

    def exported(self, value: Markdown) -> str:
        return value.text

    def json_schema(self):
        return {"type": "string", "minLength": 1, "description": "Markdown"}


class Identifier(FieldType):
    expects = "an ID"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        if not ID_RE.match(text) or len(text) > MAX_ID_LENGTH:
            hint = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_ID_LENGTH] or "an-id"
            problems.error(
                node.pos,
                f"{name}: {text!r} is not a valid ID; use 1-{MAX_ID_LENGTH} lowercase letters, digits "
                f"and single hyphens, e.g. {hint!r}",
            )
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH}


@dataclass
class Choice(FieldType):
    values: tuple[str, ...]

    @property
    def expects(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.values)

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        if text not in self.values:
            problems.error(
                node.pos,
                f"{name}: {text!r} is not one of {', '.join(self.values)}{did_you_mean(text, self.values)}",
            )
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "enum": list(self.values)}

    def export_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


class Boolean(FieldType):
    expects = "true or false"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        assert isinstance(node, YScalar)
        if node.plain and node.tag == BOOL and text.lower() in ("true", "false"):
            return text.lower() == "true"
        problems.error(node.pos, f"{name}: {text!r} is not true or false; write true or false")
        return INVALID

    def json_schema(self):
        return {"type": "boolean"}

    def export_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass
class Integer(FieldType):
    minimum: int
    maximum: int

    @property
    def expects(self) -> str:  # type: ignore[override]
        return f"a whole number from {self.minimum} to {self.maximum}"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        assert isinstance(node, YScalar)
        if node.tag == INT and text.isdigit() and self.minimum <= int(text) <= self.maximum:
            return int(text)
        problems.error(node.pos, f"{name}: {text!r} is not {self.expects}")
        return INVALID

    def json_schema(self):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def export_schema(self) -> dict[str, Any]:
        return self.json_schema()


@dataclass
class ListOf(FieldType):
    item: FieldType
    min_items: int = 0

    @property
    def expects(self) -> str:  # type: ignore[override]
        return f"a list of {self.item.expects}"

    def read(self, node, name, problems, source):
        if isinstance(node, YScalar) and not isinstance(self.item, ListOf):
            # `themes: mali` for `themes: [mali]` is a slip worth a clear message, not a guess.
            problems.error(node.pos, f"{name}: expected a list, found {describe(node)}; write [{node.text}]")
            return INVALID
        if not isinstance(node, YSeq):
            problems.error(node.pos, f"{name}: expected a list, found {describe(node)}")
            return INVALID
        values = []
        for index, item in enumerate(node.items):
            value = self.item.read(item, f"{name}[{index}]", problems, source)
            if value is not INVALID:
                values.append((value, item.pos))
        if len(node.items) < self.min_items:
            problems.error(node.pos, f"{name}: needs at least {self.min_items} item(s)")
            return INVALID
        return values

    def json_schema(self):
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema

    def to_model(self, value: Any) -> tuple[Any, ...]:
        return tuple(self.item.to_model(item) for item, _ in value)

    def exported(self, value: Any) -> list[Any]:
        return [self.item.exported(item) for item in value]

    def export_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.export_schema()}
