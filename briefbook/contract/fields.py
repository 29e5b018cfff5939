"""The field definitions of the data contract: one source for validation and JSON Schema.

Each field type knows how to read a located YAML value (`read`) and how to describe
itself in JSON Schema (`json_schema`), so the files editors check against and the
checks `briefbook check` runs can never drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..problems import Position, Problems, did_you_mean
from . import dates
from .countries import ISO_3166_ALPHA2
from .yamltree import BOOL, INT, NULL, YMap, YNode, YScalar, YSeq

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


class EdtfDate(FieldType):
    expects = "a date (YYYY, YYYY-MM or YYYY-MM-DD, with ?, ~ or % and START/END intervals)"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        try:
            return dates.parse_edtf(text)
        except dates.DateError as error:
            problems.error(node.pos, f"{name}: {error}")
            return INVALID

    def json_schema(self):
        one = r"\d{4}(-\d{2}(-\d{2})?)?[?~%]?"
        return {
            "type": ["string", "integer"],
            "pattern": rf"^{one}(/({one}|\.\.))?$",
            "description": "EDTF date: 2024, 2024-02, 2024-02-21, 2016?, 2024-08~, 2023-06/2023-08, 2024-03/..",
        }


class FullDate(FieldType):
    expects = "a full date YYYY-MM-DD"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        try:
            return dates.parse_full_date(text)
        except dates.DateError as error:
            problems.error(node.pos, f"{name}: {error}")
            return INVALID

    def json_schema(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


class HttpUrl(FieldType):
    expects = "an http(s) URL"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        text = text.strip()
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
            problems.error(
                node.pos,
                f"{name}: {text!r} is not an http or https URL; write the full address starting "
                "with https:// (or leave the field out: a source without a URL is allowed)",
            )
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$"}


@dataclass
class Pattern(FieldType):
    regex: str
    expects: str = "a value"
    example: str = ""

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        if not re.fullmatch(self.regex, text):
            problems.error(node.pos, f"{name}: {text!r} is not {self.expects}, e.g. {self.example}")
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "pattern": f"^{self.regex}$"}


class Country(FieldType):
    expects = "an ISO 3166-1 alpha-2 country code"

    def read(self, node, name, problems, source):
        text = self.scalar_text(node, name, problems)
        if text is INVALID:
            return INVALID
        if text.upper() in ISO_3166_ALPHA2 and text == text.upper():
            return text
        hint = f" (did you mean {text.upper()!r}?)" if text.upper() in ISO_3166_ALPHA2 else ""
        problems.error(node.pos, f"{name}: {text!r} is not {self.expects} such as ML or RU{hint}")
        return INVALID

    def json_schema(self):
        return {"type": "string", "enum": sorted(ISO_3166_ALPHA2)}


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
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass
class Field:
    name: str
    type: FieldType
    required: bool = False
    doc: str = ""


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


def plain_value(node: YNode) -> Any:
    """A passed-through value as plain data: scalars stay the text written."""
    if isinstance(node, YMap):
        return {k: plain_value(v) for k, v in node.items.items()}
    if isinstance(node, YSeq):
        return [plain_value(v) for v in node.items]
    return None if node.tag == NULL else node.text


# --- The contract (format version 1) --------------------------------------------------

FORMAT_VERSION = 1
ACTOR_KINDS = (
    "state",
    "government",
    "armed-forces",
    "armed-group",
    "private-military-company",
    "alliance",
    "organisation",
    "company",
    "media",
    "person",
)
CSL_TYPES = (
    "article-newspaper",
    "article-magazine",
    "article-journal",
    "report",
    "webpage",
    "post",
    "speech",
    "interview",
    "broadcast",
    "legislation",
    "document",
    "book",
)
CLAIM_KINDS = ("event", "assessment", "statement")
CONFIDENCE = ("low", "moderate", "high")
LIKELIHOOD = ("remote", "very-unlikely", "unlikely", "even-chance", "likely", "very-likely", "almost-certain")
STATUSES = ("current", "disputed", "superseded", "withdrawn")
RELIABILITY = ("A", "B", "C", "D", "E", "F")

CSL_VARIABLES = frozenset(
    """
    abstract annote archive archive_collection archive_location archive-place authority
    call-number chapter-number citation-key citation-label collection-number collection-title
    container-title-short dimensions division DOI edition event event-title event-place genre
    ISBN ISSN issue jurisdiction keyword license medium note number number-of-pages
    number-of-volumes original-publisher original-publisher-place original-title page
    page-first part part-title PMCID PMID printing publisher-place references reviewed-genre
    reviewed-title scale section source status supplement title-short version volume
    volume-title volume-title-short year-suffix
    chair collection-editor compiler composer container-author contributor curator director
    editor editorial-director editor-translator executive-producer guest host illustrator
    interviewer narrator organizer original-author performer producer recipient
    reviewed-author script-writer series-creator translator
    available-date event-date original-date submitted
    shortTitle journalAbbreviation
    """.split()
)
"""Other CSL variables a pasted Zotero/pandoc bibliography may hold: kept and exported."""

ID = Identifier()
NAME_PART = Text(single_line=True)
AUTHOR = Record(
    "author",
    [
        Field("family", NAME_PART),
        Field("given", NAME_PART),
        Field("literal", NAME_PART, doc="a name that is not split, e.g. an institution"),
        Field("dropping-particle", NAME_PART),
        Field("non-dropping-particle", NAME_PART),
        Field("suffix", NAME_PART),
    ],
    extra_schema={"anyOf": [{"required": ["family"]}, {"required": ["literal"]}]},
    one_of_required=("family", "literal"),
)
SOURCE_REF = Record(
    "source reference",
    [
        Field("ref", ID, required=True, doc="the source's ID"),
        Field("locator", Text(single_line=True), doc='where in the source, e.g. "p. 4" or "para 12"'),
        Field("quote", Text(), doc="a short quotation from the source"),
        Field("credibility", Integer(1, 6), doc="Admiralty-code credibility of this information (1-6)"),
        Field(
            "via",
            ID,
            doc='format 1.1: the ID of the source through which this one is known, shown as "as reported by"',
        ),
    ],
)

ACTOR = Record(
    "actor",
    [
        Field("id", ID, required=True, doc="permanent ID: the page is /actors/<id>/"),
        Field("name", Text(single_line=True), required=True, doc="display name"),
        Field("kind", Choice(ACTOR_KINDS), required=True),
        Field("aliases", ListOf(Text(single_line=True)), doc="other names, shown and searchable"),
        Field("country", Country(), doc="ISO 3166-1 alpha-2 code, e.g. ML"),
        Field("part_of", ListOf(ID), doc="IDs of actors this one belongs to"),
        Field("summary", MarkdownText(), doc="one or two paragraphs of Markdown"),
        Field("wikidata", Pattern(r"Q[1-9][0-9]*", "a Wikidata ID", "Q1000"), doc="Wikidata item, Q<digits>"),
    ],
)
THEME = Record(
    "theme",
    [
        Field("id", ID, required=True, doc="permanent ID: the page is /themes/<id>/"),
        Field("name", Text(single_line=True), required=True),
        Field("summary", MarkdownText(), doc="Markdown"),
        Field("parent", ID, doc="ID of the parent theme"),
    ],
)
SOURCE = Record(
    "source",
    [
        Field("id", ID, required=True, doc="permanent ID: the page is /sources/<id>/"),
        Field("type", Choice(CSL_TYPES), required=True, doc="CSL item type"),
        Field("title", Text(), required=True),
        Field("container-title", Text(single_line=True), doc="the outlet, e.g. Le Monde"),
        Field("publisher", Text(single_line=True)),
        Field("author", ListOf(AUTHOR), doc="list of {family, given} or {literal}"),
        Field("issued", EdtfDate(), doc="publication date"),
        Field("URL", HttpUrl()),
        Field("accessed", FullDate()),
        Field("archive_url", HttpUrl(), doc="a snapshot, e.g. in a web archive"),
        Field("language", Pattern(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", "a BCP 47 language tag", "fr or pt-BR")),
        Field("reliability", Choice(RELIABILITY), doc="Admiralty-code reliability (A-F)"),
    ],
    passthrough=CSL_VARIABLES,
)
CLAIM = Record(
    "claim",
    [
        Field("id", ID, required=True, doc="the permalink: /claims/<id>/"),
        Field("title", Text(max_length=160, single_line=True), required=True, doc="one-line headline"),
        Field("statement", MarkdownText(), required=True, doc="the claim, in the briefing's own words"),
        Field("kind", Choice(CLAIM_KINDS), doc="default: event when dated, else assessment"),
        Field("date", EdtfDate(), doc="when it happened (required for events)"),
        Field("date_label", Text(single_line=True), doc="how the date reads, e.g. late February 2024"),
        Field("actors", ListOf(ID), doc="IDs of the actors involved"),
        Field("themes", ListOf(ID, min_items=1), required=True, doc="theme IDs (at least one)"),
        Field(
            "sources",
            ListOf(OneOf(ID, SOURCE_REF), min_items=1),
            required=True,
            doc="source IDs or {ref, locator, quote, credibility, via}",
        ),
        Field("confidence", Choice(CONFIDENCE), doc="analytic confidence"),
        Field("likelihood", Choice(LIKELIHOOD), doc="estimative language (assessments)"),
        Field("key", Boolean(), doc="a key judgment, listed first on the home page"),
        Field("related", ListOf(ID), doc="IDs of related claims"),
        Field("status", Choice(STATUSES), doc="default: current"),
        Field("superseded_by", ID, doc="the replacing claim (required when superseded)"),
        Field("status_note", MarkdownText(), doc="why it was withdrawn (required when withdrawn)"),
        Field("redirect_from", ListOf(ID), doc="former IDs; their permalinks keep working"),
        Field("published", FullDate(), doc="first published, YYYY-MM-DD"),
        Field("updated", FullDate(), doc="last substantive change, YYYY-MM-DD"),
    ],
    extra_schema={
        "allOf": [
            {"if": {"required": ["kind"], "properties": {"kind": {"const": "event"}}}, "then": {"required": ["date"]}},
            {
                "if": {"required": ["status"], "properties": {"status": {"const": "superseded"}}},
                "then": {"required": ["superseded_by"]},
            },
            {
                "if": {"required": ["status"], "properties": {"status": {"const": "withdrawn"}}},
                "then": {"required": ["status_note"]},
            },
        ]
    },
)

RECORDS: dict[str, Record] = {"actors": ACTOR, "themes": THEME, "sources": SOURCE, "claims": CLAIM}
"""Each data file kind and the record its list holds."""


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one data file: a list of records of one kind."""
    record = RECORDS[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"briefbook-{kind}.schema.json",
        "title": f"briefbook {kind} (data format v{FORMAT_VERSION})",
        "description": f"A list of {record.kind} records; see the briefbook data format.",
        "type": "array",
        "items": record.json_schema(),
    }
