"""Everything a claim page cites and every file published beside the pages: citations,
the /api/ exports, the Atom feeds and the JSON-LD.

Kept apart from `render.py` (which turns templates into Markdown) so that `briefbook
export` can produce the JSON without rendering a single page.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import citations as cite

from . import exports

from . import feeds

from . import jsonld

from ..briefing import model
from ..briefing.changes import newest_first
from ..briefing.views import Views

API = "api"
EXPORT_SCHEMAS = ("briefing", "claim")


@dataclass(frozen=True)
class Citation:
    """One claim's citation in every offered format, and where each can be downloaded."""

    version: str
    formatted: dict[str, tuple[str, str]]
    """style → (HTML, plain text)."""
    bibtex: str
    ris: str
    csl_json: str
    downloads: dict[str, str]
    """format → file path (relative to the site root)."""


def claim_file(claim_id: str, suffix: str) -> str:
    return f"{API}/claims/{claim_id}{suffix}"


DOWNLOADS = {
    "chicago": ".chicago.txt",
    "apa": ".apa.txt",
    "bibtex": ".bib",
    "ris": ".ris",
    "csl_json": ".csl.json",
    "json": ".json",
}


class SiteUrls:
    """Public URLs of pages and files: absolute when the site has a `site_url`, else
    root-relative (which still works on the site itself)."""

    def __init__(self, site: Any):
        self.site = site

    def url(self, kind: str, record_id: str) -> str:
        """A record page's absolute URL when the site has one, else root-relative."""
        from .pages import record_path

        path = record_path(kind, record_id)
        return self.site.absolute(path) or "/" + self.site.page_url(path)

    def file_url(self, path: str) -> str:
        return (self.site.url.rstrip("/") + "/" + path) if self.site.url else "/" + path

    def site_info(self) -> dict[str, Any]:
        return {"name": self.site.name, "url": self.site.url, "author": self.site.author}


def exporter_for(briefing: model.Briefing, site: Any) -> exports.Exporter:
    urls = SiteUrls(site)
    return exports.Exporter(briefing, urls.url, urls.site_info())


class Outputs(SiteUrls):
    """Citations and published files for one briefing on one site."""

    def __init__(self, briefing: model.Briefing, views: Views, site: Any, cache: cite.CitationCache):
        super().__init__(site)
        self.briefing = briefing
        self.views = views
        self.exporter = exports.Exporter(briefing, self.url, self.site_info())
        self.formatter = cite.Formatter(cache)
        self._citations: dict[str, Citation] = {}

    # -- citations ------------------------------------------------------------------------

    def csl_item(self, claim: model.Claim) -> dict[str, Any]:
        site = cite.CiteSite(self.site.name, self.site.author, lambda c: self.url("claims", c.id))
        return cite.csl_item(claim, site, self.exporter.stamps[claim.id])

    def citation(self, claim: model.Claim) -> Citation:
        if claim.id not in self._citations:
            version = self.exporter.stamps[claim.id]
            item = self.csl_item(claim)
            formatted = {}
            for style in cite.STYLES:
                html, plain = self.formatter.format(style, item)
                html, plain = f"{html} Version {version}.", f"{plain} Version {version}."
                formatted[style] = (html, plain)
            self._citations[claim.id] = Citation(
                version=version,
                formatted=formatted,
                bibtex=self.formatter.export("bibtex", item),
                ris=self.formatter.export("ris", item),
                csl_json=json.dumps([item], ensure_ascii=False, indent=2) + "\n",
                downloads={name: claim_file(claim.id, suffix) for name, suffix in DOWNLOADS.items()},
            )
        return self._citations[claim.id]

    def start_citations(self, *, wait: bool) -> None:
        """Format every citation the cache lacks in other processes: `wait` for them
        (`briefbook render`), or let the build go on with placeholders in their place
        until `finish_citations` (the MkDocs plugin, where a first build would otherwise
        spend a third of its time in citeproc)."""
        items = [self.csl_item(claim) for claim in self.briefing.claims.values()]
        jobs = self.formatter.missing((*cite.STYLES, *cite.EXPORTERS), items)
        self.formatter.start_background(jobs, wait=wait)

    def finish_citations(self) -> None:
        """Wait for the citations being formatted; `fill_page` and `fill_file` then
        replace their placeholders."""
        self.formatter.finish()
        self._citations.clear()  # citations asked for from now on are the real ones

    def fill_page(self, page_html: str) -> str:
        return self.formatter.fill(page_html, in_html=True)

    def fill_file(self, text: str) -> str:
        return self.formatter.fill(text, in_html=False)

    def formatting_in_background(self) -> bool:
        return self.formatter.background is not None

    def has_placeholders(self, text: str) -> bool:
        background = self.formatter.background
        return background is not None and background.prefix in text

    def cancel_citations(self) -> None:
        self.formatter.cancel()

    def claim_jsonld(self, claim: model.Claim) -> str:
        data = jsonld.claim_jsonld(
            claim,
            self.briefing,
            self.url("claims", claim.id),
            self.url,
            self.site.author,
            self.exporter.stamps[claim.id],
        )
        return jsonld.script_tag(data)

    def actor_jsonld(self, actor: model.Actor) -> str:
        return jsonld.script_tag(jsonld.actor_jsonld(actor, self.url("actors", actor.id), self.url, self.briefing))

    def label_of(self, target: str) -> str | None:
        """The name or title a cross-reference target (`actor:wagner`) points at."""
        from ..briefing.links import CROSS_REF_KINDS

        scheme, _, record_id = target.partition(":")
        record = self.briefing.records(CROSS_REF_KINDS[scheme]).get(record_id) if scheme in CROSS_REF_KINDS else None
        return record.label if record is not None else None

    # -- files ----------------------------------------------------------------------------

    def files(self) -> Iterator[tuple[str, str]]:
        """(path, text) of every published file that is not a page."""
        yield f"{API}/briefing.json", exports.to_json(self.exporter.document())
        yield f"{API}/claims.csv", self.exporter.claims_csv()
        yield f"{API}/sources.json", exports.to_json(self.exporter.sources_csl())
        for name in EXPORT_SCHEMAS:
            yield f"{API}/schema/{name}.schema.json", exports.to_json(export_schema(name))
        for claim in self.briefing.claims.values():
            citation = self.citation(claim)
            yield claim_file(claim.id, ".json"), exports.to_json(self.exporter.claim_document(claim))
            yield citation.downloads["chicago"], citation.formatted["chicago"][1] + "\n"
            yield citation.downloads["apa"], citation.formatted["apa"][1] + "\n"
            yield citation.downloads["bibtex"], citation.bibtex
            yield citation.downloads["ris"], citation.ris
            yield citation.downloads["csl_json"], citation.csl_json
        if self.site.url:
            yield from self.feeds()

    def feeds(self) -> Iterator[tuple[str, str]]:
        """The briefing's feed and one per actor and theme (they need absolute URLs)."""
        changes = newest_first(self.briefing.claims.values())
        fallback = max((c.date for c in changes), default=dt.date(2000, 1, 1))

        def feed(title: str, path: str, page: str, selected: list) -> str:
            return feeds.atom_feed(
                title=title,
                feed_url=self.file_url(path),
                page_url=page,
                changes=selected,
                permalink=lambda claim_id: self.url("claims", claim_id),
                author=self.site.author,
                fallback_updated=fallback,
                label_of=self.label_of,
            )

        yield feeds.feed_path(), feed(self.site.name, feeds.feed_path(), self.file_url(""), changes)
        for actor in self.briefing.actors.values():
            path = feeds.feed_path("actors", actor.id)
            selected = [c for c in changes if actor.id in c.claim.actors]
            yield path, feed(f"{self.site.name}: {actor.name}", path, self.url("actors", actor.id), selected)
        for theme in self.briefing.themes.values():
            path = feeds.feed_path("themes", theme.id)
            ids = {c.id for c in self.views.theme_claims_with_descendants(theme.id)}
            selected = [c for c in changes if c.claim.id in ids]
            yield path, feed(f"{self.site.name}: {theme.name}", path, self.url("themes", theme.id), selected)


def _ref_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "name", "url"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "url": {"type": "string"}},
    }


def _claim_schema() -> dict[str, Any]:
    ref = {"$ref": "#/$defs/ref"}
    nullable_str = {"type": ["string", "null"]}
    return {
        "type": "object",
        "required": ["id", "url", "version", "title", "statement", "kind", "themes", "sources", "status"],
        "properties": {
            "id": {"type": "string"},
            "url": {"type": "string"},
            "version": {"type": "string", "pattern": "^[0-9a-f]{8}$"},
            "title": {"type": "string"},
            "statement": {"type": "string"},
            "kind": {"enum": ["event", "assessment", "statement"]},
            "date": nullable_str,
            "date_label": nullable_str,
            "date_text": nullable_str,
            "actors": {"type": "array", "items": ref},
            "themes": {"type": "array", "items": ref},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["ref", "title", "url"],
                    "properties": {
                        "ref": {"type": "string"},
                        "title": {"type": "string"},
                        "url": {"type": "string"},
                        "locator": {"type": "string"},
                        "quote": {"type": "string"},
                        "credibility": {"type": "integer", "minimum": 1, "maximum": 6},
                        "via": {"type": "string", "description": "the source through which this one is known"},
                        "via_title": {"type": "string"},
                        "via_url": {"type": "string"},
                    },
                    "dependentRequired": {"via": ["via_title", "via_url"]},
                },
            },
            "confidence": {"enum": ["low", "moderate", "high", None]},
            "likelihood": {
                "enum": [
                    "remote",
                    "very-unlikely",
                    "unlikely",
                    "even-chance",
                    "likely",
                    "very-likely",
                    "almost-certain",
                    None,
                ]
            },
            "key": {"type": "boolean"},
            "related": {"type": "array", "items": ref},
            "status": {"enum": ["current", "disputed", "superseded", "withdrawn"]},
            "superseded_by": {"oneOf": [ref, {"type": "null"}]},
            "status_note": nullable_str,
            "redirect_from": {"type": "array", "items": {"type": "string"}},
            "published": {"type": ["string", "null"], "format": "date"},
            "updated": {"type": ["string", "null"], "format": "date"},
        },
        "additionalProperties": False,
    }


def export_schema(name: str) -> dict[str, Any]:
    """JSON Schema of the /api/ JSON documents (`briefing` or `claim`)."""
    site = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "url": {"type": ["string", "null"]},
            "author": {"type": ["string", "null"]},
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
