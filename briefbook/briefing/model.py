"""The checked briefing as immutable records: what templates and exports read.

Records keep where each of their fields was written (`at`), so cross-record checks
can point at the exact list item that names an unknown ID.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..contract.dates import EdtfDate
from ..contract.fields import Markdown
from ..contract.kinds import FOLDERS
from ..contract.vocabularies import (
    ACTOR_KIND_WORDS,
    CREDIBILITY_WORDS,
    LIKELIHOOD_WORDS,
    RELIABILITY_WORDS,
)
from ..problems import Position


@dataclass(frozen=True, slots=True)
class Located:
    """Where a record and each of its fields (and list items) were written."""

    pos: Position
    fields: Mapping[str, Position] = field(default_factory=dict)
    items: Mapping[str, tuple[Position, ...]] = field(default_factory=dict)
    present: frozenset[str] = frozenset()
    """Fields written in the record, valid or not (an invalid value is not a missing one)."""

    def of(self, name: str, index: int | None = None) -> Position:
        if index is not None and name in self.items and index < len(self.items[name]):
            return self.items[name][index]
        return self.fields.get(name, self.pos)


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    part_of: tuple[str, ...] = ()
    summary: Markdown | None = None
    wikidata: str | None = None
    where: Located = field(default=Located(Position("")), compare=False, repr=False)

    @property
    def kind_words(self) -> str:
        return ACTOR_KIND_WORDS[self.kind]

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    name: str
    summary: Markdown | None = None
    parent: str | None = None
    where: Located = field(default=Located(Position("")), compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Author:
    family: str | None = None
    given: str | None = None
    literal: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def display(self) -> str:
        if self.literal:
            return self.literal
        return ", ".join(p for p in (self.family, self.given) if p)

    def csl(self) -> dict[str, str]:
        parts = {"family": self.family, "given": self.given, "literal": self.literal, **self.extra}
        return {k: v for k, v in parts.items() if v}


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    type: str
    title: str
    container_title: str | None = None
    publisher: str | None = None
    authors: tuple[Author, ...] = ()
    issued: EdtfDate | None = None
    url: str | None = None
    accessed: dt.date | None = None
    archive_url: str | None = None
    language: str | None = None
    reliability: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    where: Located = field(default=Located(Position("")), compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.title

    @property
    def reliability_words(self) -> str | None:
        return RELIABILITY_WORDS.get(self.reliability or "")


@dataclass(frozen=True, slots=True)
class SourceRef:
    ref: str
    locator: str | None = None
    quote: str | None = None
    credibility: int | None = None
    via: str | None = None
    """The source through which this one is known (format 1.1): shown as "as reported by"."""
    via_at: Position = field(default=Position(""), compare=False, repr=False)
    """Where `via` was written, for errors about it."""

    @property
    def credibility_words(self) -> str | None:
        return CREDIBILITY_WORDS.get(self.credibility or 0)


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """An item of a claim's `supports` or `contradicts` (format 1.1): the claim it is
    evidence for or against, and the analyst's reason in a sentence."""

    ref: str
    note: str | None = None
    at: Position = field(default=Position(""), compare=False, repr=False)
    """Where the ID was written, for errors about it."""


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    title: str
    statement: Markdown
    kind: str
    themes: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    date: EdtfDate | None = None
    date_label: str | None = None
    actors: tuple[str, ...] = ()
    confidence: str | None = None
    likelihood: str | None = None
    key: bool = False
    related: tuple[str, ...] = ()
    supports: tuple[ClaimRef, ...] = ()
    """Claims this one is evidence for (format 1.1)."""
    contradicts: tuple[ClaimRef, ...] = ()
    """Claims this one is evidence against (format 1.1)."""
    status: str = "current"
    superseded_by: str | None = None
    status_note: Markdown | None = None
    redirect_from: tuple[str, ...] = ()
    published: dt.date | None = None
    updated: dt.date | None = None
    where: Located = field(default=Located(Position("")), compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.title

    @property
    def date_words(self) -> str | None:
        if self.date_label:
            return self.date_label
        return self.date.words() if self.date else None

    @property
    def likelihood_words(self) -> tuple[str, str] | None:
        return LIKELIHOOD_WORDS.get(self.likelihood or "")

    @property
    def last_changed(self) -> dt.date | None:
        return self.updated or self.published


@dataclass(frozen=True)
class Briefing:
    """Every record of a project, by kind and ID, in the order the files list them."""

    actors: Mapping[str, Actor]
    themes: Mapping[str, Theme]
    sources: Mapping[str, Source]
    claims: Mapping[str, Claim]
    incomplete: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """IDs of records that exist but were too broken to build, by kind: they were
    reported, and must not also be reported as unknown or vanished."""
    unreadable: frozenset[str] = frozenset()
    """Kinds with a data file that could not be parsed: any of their IDs may exist."""

    def records(self, kind: str) -> Mapping[str, Any]:
        if kind not in FOLDERS:
            raise KeyError(kind)
        return getattr(self, kind)

    def exists(self, kind: str, record_id: str) -> bool:
        """Whether an ID may be referred to without a further error."""
        return record_id in self.records(kind) or record_id in self.incomplete.get(kind, ()) or kind in self.unreadable
