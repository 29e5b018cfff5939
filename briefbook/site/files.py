"""Everything a claim page cites and every file published beside the pages: citations,
the /api/ exports, the Atom feeds and the JSON-LD.

Kept apart from `render.py` (which turns templates into Markdown) so that `briefbook
export` can produce the JSON without rendering a single page.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..briefing import model
from ..briefing.changes import Change, evidence_changes, newest_first
from ..briefing.links import CROSS_REF_KINDS
from ..briefing.views import Views
from . import citations as cite
from . import exports, feeds, jsonld
from .export_schema import EXPORT_SCHEMAS, export_schema
from .language import load_language
from .urls import API, SiteUrls, claim_file, feed_path
from .versions import ClaimVersion, Versions, history_changes


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


@dataclass(frozen=True)
class ClaimParts:
    """What a claim adds to the published files: its six downloads, and its entries in
    the whole briefing's JSON and CSV. Made together, and kept together by a `mkdocs
    serve` rebuild for a claim an edit cannot change (edit_scope.py)."""

    files: list[tuple[str, str]]
    """(path, text) of its downloads."""
    record_json: str
    """Its object in `briefing.json`, as `Exporter.claim_json` writes it."""
    csv_row: str


DOWNLOADS = {
    "chicago": ".chicago.txt",
    "apa": ".apa.txt",
    "bibtex": ".bib",
    "ris": ".ris",
    "csl_json": ".csl.json",
    "json": ".json",
}


CLAIM_DOWNLOADS = ("json", "chicago", "apa", "bibtex", "ris", "csl_json")
"""A claim's downloads in the order `Outputs.files` yields them (an earlier version has
all but `json`)."""


def version_key(version: ClaimVersion) -> str:
    """An earlier version's key among the citations, and the stem of its downloads."""
    return f"{version.claim.id}/v/{version.stamp}"


def citation_downloads(citation: Citation) -> list[tuple[str, str]]:
    """(path, text) of a citation's downloads but the claim's JSON, in CLAIM_DOWNLOADS order."""
    return [
        (citation.downloads["chicago"], citation.formatted["chicago"][1] + "\n"),
        (citation.downloads["apa"], citation.formatted["apa"][1] + "\n"),
        (citation.downloads["bibtex"], citation.bibtex),
        (citation.downloads["ris"], citation.ris),
        (citation.downloads["csl_json"], citation.csl_json),
    ]


def exporter_for(
    briefing: model.Briefing, site: Any, stamps: dict[str, str] | None = None, language: str = "en"
) -> exports.Exporter:
    urls = SiteUrls(site)
    return exports.Exporter(briefing, urls.url, urls.site_info(), stamps, language)


class Outputs(SiteUrls):
    """Citations and published files for one briefing on one site."""

    def __init__(
        self,
        briefing: model.Briefing,
        views: Views,
        site: Any,
        cache: cite.CitationCache,
        stamps: dict[str, str] | None = None,
        versions: Versions | None = None,
        language: str = "en",
    ):
        """`language`: the site's language tag (Material's `theme.language`), which the
        citations, feeds, structured data and exports are written in and declare."""
        super().__init__(site)
        self.briefing = briefing
        self.views = views
        self.versions = versions or Versions()
        self.exporter = exports.Exporter(briefing, self.url, self.site_info(), stamps, language)
        self.formatter = cite.Formatter(cache, language)
        self._citations: dict[str, Citation] = {}
        self.background = BackgroundCitations(self)
        """Citations formatted on other cores while the pages are made."""
        self.parts: dict[str, ClaimParts] = {}
        """Each claim's parts, once `files` has made them."""

    # -- citations ------------------------------------------------------------------------

    def csl_item(self, claim: model.Claim) -> dict[str, Any]:
        site = cite.CiteSite(self.site.name, self.site.author, lambda c: self.url("claims", c.id))
        return cite.csl_item(claim, site, self.exporter.stamps[claim.id], language=self.formatter.language)

    def citation(self, claim: model.Claim) -> Citation:
        if claim.id not in self._citations:
            version = self.exporter.stamps[claim.id]
            item = self.csl_item(claim)
            formatted = {}
            for style in cite.STYLES:
                formatted[style] = self.formatter.versioned(style, item, version)
            self._citations[claim.id] = Citation(
                version=version,
                formatted=formatted,
                bibtex=self.formatter.export("bibtex", item),
                ris=self.formatter.export("ris", item),
                csl_json=json.dumps([item], ensure_ascii=False, indent=2) + "\n",
                downloads={name: claim_file(claim.id, suffix) for name, suffix in DOWNLOADS.items()},
            )
        return self._citations[claim.id]

    def version_url(self, version: ClaimVersion) -> str:
        """A version's permanent URL (absolute with a site_url)."""
        return self.site.absolute(version.path) or "/" + self.site.page_url(version.path)

    def version_csl_item(self, version: ClaimVersion) -> dict[str, Any]:
        """A version as a CSL item: its own URL, its stamp, its commit's date."""
        site = cite.CiteSite(self.site.name, self.site.author, lambda c: self.version_url(version))
        item = cite.csl_item(version.claim, site, version.stamp, language=self.formatter.language)
        item["id"] = f"{version.claim.id}-{version.stamp}"
        item["issued"] = {"date-parts": [[version.date.year, version.date.month, version.date.day]]}
        item.pop("accessed", None)
        return item

    def version_citation(self, version: ClaimVersion) -> Citation:
        """The citation of one version: its own permalink and date, so that a citation
        leads back to exactly the text cited."""
        key = version_key(version)
        if key not in self._citations:
            item = self.version_csl_item(version)
            formatted = {}
            for style in cite.STYLES:
                formatted[style] = self.formatter.versioned(style, item, version.stamp)
            self._citations[key] = Citation(
                version=version.stamp,
                formatted=formatted,
                bibtex=self.formatter.export("bibtex", item),
                ris=self.formatter.export("ris", item),
                csl_json=json.dumps([item], ensure_ascii=False, indent=2) + "\n",
                downloads={name: claim_file(key, suffix) for name, suffix in DOWNLOADS.items() if name != "json"},
            )
        return self._citations[key]

    def changes(self) -> list[Change]:
        """Every change, newest first: from the claims' history when git holds it, else
        from their `published` and `updated` dates."""
        if self.versions.available:
            return history_changes(self.versions, self.briefing)
        return newest_first(self.briefing.claims.values())

    def claim_jsonld(self, claim: model.Claim) -> str:
        data = jsonld.claim_jsonld(
            claim,
            self.briefing,
            self.url("claims", claim.id),
            self.url,
            self.site.author,
            self.exporter.stamps[claim.id],
            language=self.formatter.language,
        )
        return jsonld.script_tag(data)

    def actor_jsonld(self, actor: model.Actor) -> str:
        return jsonld.script_tag(jsonld.actor_jsonld(actor, self.url("actors", actor.id), self.url, self.briefing))

    def label_of(self, target: str) -> str | None:
        """The name or title a cross-reference target (`actor:wagner`) points at."""
        scheme, _, record_id = target.partition(":")
        record = self.briefing.records(CROSS_REF_KINDS[scheme]).get(record_id) if scheme in CROSS_REF_KINDS else None
        return record.label if record is not None else None

    # -- files ----------------------------------------------------------------------------

    def files(self, reuse: Callable[[str], ClaimParts | None] | None = None) -> Iterator[tuple[str, str]]:
        """(path, text) of every published file that is not a page. A claim's parts
        that `reuse` gives (a `serve` rebuild: see edit_scope.py) are not made again;
        `self.parts` holds every claim's afterwards."""
        parts: dict[str, ClaimParts] = {}
        for claim in self.briefing.claims.values():
            kept = reuse(claim.id) if reuse is not None else None
            parts[claim.id] = kept if kept is not None else self.claim_parts(claim)
        self.parts = parts
        yield f"{API}/briefing.json", self.exporter.document_json([p.record_json for p in parts.values()])
        yield f"{API}/claims.csv", self.exporter.claims_csv([p.csv_row for p in parts.values()])
        yield f"{API}/sources.json", exports.to_json(self.exporter.sources_csl())
        for name in EXPORT_SCHEMAS:
            yield f"{API}/schema/{name}.schema.json", exports.to_json(export_schema(name))
        for claim_parts in parts.values():
            yield from claim_parts.files
        for version in self.versions.earlier():
            yield from citation_downloads(self.version_citation(version))
        if self.site.url:
            yield from self.feeds()

    def file_paths(self) -> Iterator[str]:
        """The paths `files` yields, in the same order, without making a single text: a
        `mkdocs build` lists them in MkDocs' files while another process makes and
        writes them (see the plugin's downloads writer)."""
        yield f"{API}/briefing.json"
        yield f"{API}/claims.csv"
        yield f"{API}/sources.json"
        for name in EXPORT_SCHEMAS:
            yield f"{API}/schema/{name}.schema.json"
        for claim_id in self.briefing.claims:
            yield from (claim_file(claim_id, DOWNLOADS[name]) for name in CLAIM_DOWNLOADS)
        for version in self.versions.earlier():
            key = version_key(version)
            yield from (claim_file(key, DOWNLOADS[name]) for name in CLAIM_DOWNLOADS if name != "json")
        if self.site.url:
            yield feed_path()
            yield from (feed_path("actors", actor_id) for actor_id in self.briefing.actors)
            yield from (feed_path("themes", theme_id) for theme_id in self.briefing.themes)

    def claim_parts(self, claim: model.Claim) -> ClaimParts:
        """A claim's downloads, and its entries in the whole briefing's JSON and CSV."""
        record_json = self.exporter.claim_json(claim)
        citation = self.citation(claim)
        files = [
            (claim_file(claim.id, DOWNLOADS["json"]), self.exporter.claim_document_json(record_json)),
            *citation_downloads(citation),
        ]
        return ClaimParts(files, record_json, self.exporter.csv_row(claim))

    def feeds(self) -> Iterator[tuple[str, str]]:
        """The briefing's feed and one per actor and theme (they need absolute URLs)."""
        changes = self.changes()
        if self.views.evidence.bears_on:
            added = evidence_changes(self.views.evidence)
            changes = sorted([*changes, *added], key=lambda change: change.date, reverse=True)
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
                language=self.formatter.language,
            )

        words = load_language(self.formatter.language)
        yield feed_path(), feed(self.site.name, feed_path(), self.file_url(""), changes)
        for actor in self.briefing.actors.values():
            path = feed_path("actors", actor.id)
            selected = [c for c in changes if actor.id in c.claim.actors]
            title = feeds.labelled(self.site.name, actor.name, words)
            yield path, feed(title, path, self.url("actors", actor.id), selected)
        for theme in self.briefing.themes.values():
            path = feed_path("themes", theme.id)
            ids = {c.id for c in self.views.theme_claims_with_descendants(theme.id)}
            selected = [c for c in changes if c.claim.id in ids]
            title = feeds.labelled(self.site.name, theme.name, words)
            yield path, feed(title, path, self.url("themes", theme.id), selected)


class BackgroundCitations:
    """The citations the cache lacks, formatted on other cores while the build goes on
    (a first build would otherwise spend a third of its time in citeproc).

    `start` hands the work out; until it is done a citation is a placeholder. `fill`
    puts the results in place of the placeholders in a page or file (waiting for them
    the first time); `close` ends the work, cancelling it if the build stopped first.
    With too little work or no idle core, nothing starts and citations are formatted in
    the build's own process when first asked for."""

    def __init__(self, outputs: Outputs):
        self.outputs = outputs
        self.finished = False
        self.all_cached = False
        """Whether `start` found every citation in the cache (nothing to format at all)."""
        self.lock = threading.Lock()
        """`fill` is called by the thread writing the downloads and by the build's own."""

    @property
    def _formatter(self) -> cite.Formatter:
        return self.outputs.formatter

    def start(self, *, wait: bool) -> None:
        """Start formatting; `wait` for the results (on every core) before returning."""
        items = [self.outputs.csl_item(claim) for claim in self.outputs.briefing.claims.values()]
        items += [self.outputs.version_csl_item(version) for version in self.outputs.versions.earlier()]
        jobs = self._formatter.missing((*cite.STYLES, *cite.EXPORTERS), items)
        self.all_cached = not jobs
        self._formatter.start_background(jobs, wait=wait)

    @property
    def running(self) -> bool:
        return self._formatter.background is not None and not self.finished

    def ready(self) -> bool:
        """Whether every citation is formatted (never waits)."""
        background = self._formatter.background
        return background is None or self.finished or background.done()

    def placeholders_in(self, text: str) -> bool:
        background = self._formatter.background
        return background is not None and background.prefix in text

    def fill(self, text: str, *, in_html: bool) -> str:
        """`text` with its placeholders replaced: HTML-escaped in a page (`in_html`), as
        they are in a download."""
        if self._formatter.background is None:
            return text
        with self.lock:
            if not self.finished:
                self._formatter.finish()
                self.outputs._citations.clear()  # citations asked for from now on are the real ones
                self.finished = True
        return self._formatter.fill(text, in_html=in_html)

    def close(self) -> None:
        """End the work: cancelled when it was never collected (a failed build)."""
        if not self.finished:
            self._formatter.cancel()
