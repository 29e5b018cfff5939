"""Machine-readable shapes of the briefing: normalised records, version stamps, the
JSON and CSV exports under /api/, and the sources as CSL-JSON.

One normalised record per claim feeds all of them, so the stamp a reader sees on a page
is computed from exactly what the exports publish.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from typing import Any

from .. import __version__

from ..briefing import model
from ..contract.dates import EdtfDate
from ..contract.fields import FORMAT_VERSION

EXPORT_FORMAT_VERSION = 1
"""Version of the export shapes documented in the README (independent of the data format)."""
STAMP_LENGTH = 8


def _date(value: EdtfDate | None) -> str | None:
    return value.edtf() if value else None


def claim_record(claim: model.Claim) -> dict[str, Any]:
    """The claim's meaning, independent of how its YAML was written: defaults applied,
    dates normalised, no positions. Key order and file layout cannot change it."""
    return {
        "id": claim.id,
        "title": claim.title,
        "statement": claim.statement.text,
        "kind": claim.kind,
        "date": _date(claim.date),
        "date_label": claim.date_label,
        "actors": list(claim.actors),
        "themes": list(claim.themes),
        "sources": [
            {
                k: v
                for k, v in (
                    ("ref", r.ref),
                    ("locator", r.locator),
                    ("quote", r.quote),
                    ("credibility", r.credibility),
                    ("via", r.via),
                )
                if v is not None
            }
            for r in claim.sources
        ],
        "confidence": claim.confidence,
        "likelihood": claim.likelihood,
        "key": claim.key,
        "related": list(claim.related),
        "status": claim.status,
        "superseded_by": claim.superseded_by,
        "status_note": claim.status_note.text if claim.status_note else None,
        "redirect_from": list(claim.redirect_from),
        "published": claim.published.isoformat() if claim.published else None,
        "updated": claim.updated.isoformat() if claim.updated else None,
    }


def stamp(claim: model.Claim) -> str:
    """A short hash of the normalised record: it changes exactly when the claim does."""
    canonical = json.dumps(claim_record(claim), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:STAMP_LENGTH]


def csl_date(value: EdtfDate | None) -> dict[str, Any] | None:
    """An EDTF date as CSL-JSON: date-parts at its precision, a range for intervals."""
    if value is None:
        return None

    def parts(simple: Any) -> list[int]:
        return [p for p in (simple.year, simple.month, simple.day) if p is not None]

    date: dict[str, Any] = {"date-parts": [parts(value.start)]}
    if value.end is not None:
        date["date-parts"].append(parts(value.end))
    if value.start.approximate or value.start.uncertain:
        date["circa"] = True
    date["raw"] = value.edtf()
    return date


def source_csl(source: model.Source, reported_by: tuple[model.Source, ...] = ()) -> dict[str, Any]:
    """A source as a CSL-JSON item, with every passed-through CSL variable.

    A source the briefing knows only through others (`via`) says so in CSL's `note`,
    after any note of the analyst's, so a bibliography built from it does not pass it
    off as read.
    """
    item: dict[str, Any] = {**source.extra, "id": source.id, "type": source.type, "title": source.title}
    if reported_by:
        relayed = "As reported by " + "; ".join(s.title for s in reported_by)
        note = str(item.get("note") or "").strip()
        item["note"] = f"{note.rstrip('.')}. {relayed}" if note else relayed
    optional = {
        "container-title": source.container_title,
        "publisher": source.publisher,
        "author": [a.csl() for a in source.authors] or None,
        "issued": csl_date(source.issued),
        "URL": source.url,
        "accessed": {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]}
        if source.accessed
        else None,
        "archive_url": source.archive_url,
        "language": source.language,
    }
    item.update({k: v for k, v in optional.items() if v is not None})
    return item


class Exporter:
    """Builds the export documents of one briefing; `url` maps (kind, id) to an absolute
    or root-relative URL, so exports link to the published pages."""

    def __init__(self, briefing: model.Briefing, url: Callable[[str, str], str], site: dict[str, Any]):
        self.briefing = briefing
        self.url = url
        self.site = site
        self.stamps = {claim.id: stamp(claim) for claim in briefing.claims.values()}
        self.reported_by: dict[str, list[str]] = {}
        """Source ID → the sources it is known through (`via`), in the order first cited."""
        for claim in briefing.claims.values():
            for r in claim.sources:
                if r.via and r.via not in self.reported_by.setdefault(r.ref, []):
                    self.reported_by[r.ref].append(r.via)

    def ref(self, kind: str, record_id: str) -> dict[str, str]:
        record = self.briefing.records(kind)[record_id]
        return {"id": record_id, "name": record.label, "url": self.url(kind, record_id)}

    def claim(self, claim: model.Claim) -> dict[str, Any]:
        """A claim with references resolved to names and URLs, its permalink and stamp."""
        record = claim_record(claim)
        record.update(
            url=self.url("claims", claim.id),
            version=self.stamps[claim.id],
            date_text=claim.date_words,
            actors=[self.ref("actors", a) for a in claim.actors],
            themes=[self.ref("themes", t) for t in claim.themes],
            sources=[self.source_ref(s) for s in record["sources"]],
            related=[self.ref("claims", c) for c in claim.related],
            superseded_by=self.ref("claims", claim.superseded_by) if claim.superseded_by else None,
        )
        return record

    def source_ref(self, ref: dict[str, Any]) -> dict[str, Any]:
        """A claim's source reference with the titles and URLs of its source and `via`."""
        out = {**ref, "title": self.briefing.sources[ref["ref"]].title, "url": self.url("sources", ref["ref"])}
        if "via" in ref:
            out.update(via_title=self.briefing.sources[ref["via"]].title, via_url=self.url("sources", ref["via"]))
        return out

    def csl(self, source: model.Source) -> dict[str, Any]:
        return source_csl(source, tuple(self.briefing.sources[v] for v in self.reported_by.get(source.id, ())))

    def actor(self, actor: model.Actor) -> dict[str, Any]:
        return {
            "id": actor.id,
            "url": self.url("actors", actor.id),
            "name": actor.name,
            "kind": actor.kind,
            "aliases": list(actor.aliases),
            "country": actor.country,
            "part_of": [self.ref("actors", p) for p in actor.part_of],
            "summary": actor.summary.text if actor.summary else None,
            "wikidata": actor.wikidata,
        }

    def theme(self, theme: model.Theme) -> dict[str, Any]:
        return {
            "id": theme.id,
            "url": self.url("themes", theme.id),
            "name": theme.name,
            "parent": self.ref("themes", theme.parent) if theme.parent else None,
            "summary": theme.summary.text if theme.summary else None,
        }

    def source(self, source: model.Source) -> dict[str, Any]:
        record = {
            "id": source.id,
            "url": self.url("sources", source.id),
            "reliability": source.reliability,
            "csl": self.csl(source),
        }
        if source.id in self.reported_by:
            record["reported_by"] = [self.ref("sources", v) for v in self.reported_by[source.id]]
        return record

    def document(self) -> dict[str, Any]:
        """The whole briefing as one JSON document."""
        b = self.briefing
        return {
            "format_version": EXPORT_FORMAT_VERSION,
            "data_format_version": FORMAT_VERSION,
            "generator": f"briefbook {__version__}",
            "site": self.site,
            "actors": [self.actor(a) for a in b.actors.values()],
            "themes": [self.theme(t) for t in b.themes.values()],
            "sources": [self.source(s) for s in b.sources.values()],
            "claims": [self.claim(c) for c in b.claims.values()],
        }

    def claim_document(self, claim: model.Claim) -> dict[str, Any]:
        return {"format_version": EXPORT_FORMAT_VERSION, "site": self.site, "claim": self.claim(claim)}

    def sources_csl(self) -> list[dict[str, Any]]:
        return [self.csl(s) for s in self.briefing.sources.values()]

    def claims_csv(self) -> str:
        """One row per claim; list fields joined with '; '."""
        columns = [
            "id",
            "url",
            "version",
            "title",
            "kind",
            "date",
            "date_text",
            "status",
            "confidence",
            "likelihood",
            "key",
            "actors",
            "themes",
            "sources",
            "sources_via",
            "related",
            "superseded_by",
            "published",
            "updated",
            "statement",
        ]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for claim in self.briefing.claims.values():
            record = claim_record(claim)
            row = {key: record.get(key) for key in columns}
            row.update(
                url=self.url("claims", claim.id),
                version=self.stamps[claim.id],
                date_text=claim.date_words,
                key="true" if claim.key else "false",
                actors="; ".join(claim.actors),
                themes="; ".join(claim.themes),
                sources="; ".join(r.ref for r in claim.sources),
                sources_via="; ".join(f"{r.ref} via {r.via}" for r in claim.sources if r.via),
                related="; ".join(claim.related),
            )
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return out.getvalue()


def to_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
