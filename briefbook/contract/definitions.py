"""The data format (version 1.1): every record kind and each of its fields, declared once.

A field's declaration here is all the code needs: loading fills the model attribute of
the same name, exports and the CSV write it, and the JSON Schema files (for editors) and
the /api/ export schema describe it. See the README's contributor notes for adding one.
"""

from __future__ import annotations

from .fields import Boolean, Choice, Identifier, Integer, ListOf, MarkdownText, Text
from .formatted_fields import Country, EdtfDate, FullDate, HttpUrl, Pattern
from .record import Field, OneOf, Record
from .vocabularies import (
    ACTOR_KINDS,
    CLAIM_KINDS,
    CONFIDENCE,
    CSL_TYPES,
    CSL_VARIABLES,
    LIKELIHOOD,
    RELIABILITY,
    STATUSES,
)

FORMAT_VERSION = 1

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
CLAIM_REF = Record(
    "claim reference",
    [
        Field("ref", ID, required=True, doc="the claim's ID"),
        Field("note", Text(), doc="the reason, in a sentence"),
    ],
)
"""An item of `supports` or `contradicts` (format 1.1): a claim ID, or `{ref, note}`."""

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
        Field("kind", Choice(CLAIM_KINDS), doc="default: event when dated, else assessment", default="assessment"),
        Field("date", EdtfDate(), doc="when it happened (required for events)"),
        Field("date_label", Text(single_line=True), doc="how the date reads, e.g. late February 2024"),
        Field("actors", ListOf(ID), doc="IDs of the actors involved", refers_to="actors"),
        Field("themes", ListOf(ID, min_items=1), required=True, doc="theme IDs (at least one)", refers_to="themes"),
        Field(
            "sources",
            ListOf(OneOf(ID, SOURCE_REF), min_items=1),
            required=True,
            doc="source IDs or {ref, locator, quote, credibility, via}",
        ),
        Field("confidence", Choice(CONFIDENCE), doc="analytic confidence"),
        Field("likelihood", Choice(LIKELIHOOD), doc="estimative language (assessments)"),
        Field("key", Boolean(), doc="a key judgment, listed first on the home page", default=False),
        Field("related", ListOf(ID), doc="IDs of related claims", refers_to="claims"),
        Field(
            "supports",
            ListOf(OneOf(ID, CLAIM_REF)),
            doc="format 1.1: claims this one is evidence for: claim IDs or {ref, note}",
        ),
        Field(
            "contradicts",
            ListOf(OneOf(ID, CLAIM_REF)),
            doc="format 1.1: claims this one is evidence against: claim IDs or {ref, note}",
        ),
        Field("status", Choice(STATUSES), doc="default: current", default="current"),
        Field("superseded_by", ID, doc="the replacing claim (required when superseded)", refers_to="claims"),
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
