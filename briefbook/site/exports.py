"""Machine-readable shapes of the briefing: normalised records, version stamps, the
JSON and CSV exports under /api/, and the sources as CSL-JSON.

One normalised record per claim feeds all of them, so the stamp a reader sees on a page
is computed from exactly what the exports publish.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections.abc import Callable
from typing import Any

from .. import __version__
from ..briefing import model
from ..briefing.evidence import WAYS, build_evidence
from ..contract.dates import EdtfDate
from ..contract.definitions import CLAIM, FORMAT_VERSION
from ..contract.vocabularies import N_
from .language import Language, load_language

EXPORT_FORMAT_VERSION = 1
"""Version of the export shapes documented in the README (independent of the data format)."""
STAMP_LENGTH = 8


def claim_record(claim: model.Claim) -> dict[str, Any]:
    """The claim's meaning, independent of how its YAML was written: defaults applied,
    dates normalised, no positions. Key order and file layout cannot change it. Every
    field the contract declares is here, in the contract's order."""
    return {spec.name: spec.exported(getattr(claim, spec.attr)) for spec in CLAIM.fields}


STAMPED_ALWAYS = frozenset(
    """id title statement kind date date_label actors themes sources confidence likelihood key related
    status superseded_by status_note redirect_from published updated""".split()
)
"""The claim fields stamped before format 1.1's evidence, hashed even when absent (as null,
[] or their default), exactly as every stamp published so far was computed. A field added
later (`supports` and `contradicts` of format 1.1, and any after them) is hashed only
when a claim sets it to something other than its default, so adding an optional field
changes no published stamp (tests/test_stamps.py pins them)."""


def stamp_record(claim: model.Claim) -> dict[str, Any]:
    """What a version stamp hashes: the normalised record without the values a claim
    leaves absent or at their default (except the fields stamped since format 1.1)."""
    defaults = {spec.name: spec.exported(spec.default) for spec in CLAIM.fields}
    return {
        name: value for name, value in claim_record(claim).items() if name in STAMPED_ALWAYS or value != defaults[name]
    }


@functools.lru_cache(maxsize=1 << 14)
def stamp(claim: model.Claim) -> str:
    """A short hash of the normalised record: it changes exactly when the claim does.
    Remembered by the claim's value (records are frozen, and where a claim was written
    takes no part in comparing two): a `mkdocs serve` rebuild stamps every claim again."""
    canonical = json.dumps(stamp_record(claim), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
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
    # CSL-JSON has one `circa` for the whole date and no form for an open end in
    # `date-parts`: `raw` carries the exact EDTF value (qualifiers of both ends, `..`).
    if any(d is not None and (d.approximate or d.uncertain) for d in (value.start, value.end)):
        date["circa"] = True
    date["raw"] = value.edtf()
    return date


# NOTE: in a source's CSL-JSON note, the sources it is known through: "As reported by Le Monde".
REPORTED_BY = N_("As reported by %(sources)s")


def source_csl(
    source: model.Source, reported_by: tuple[model.Source, ...] = (), words: Language | None = None
) -> dict[str, Any]:
    """A source as a CSL-JSON item, with every passed-through CSL variable.

    A source the briefing knows only through others (`via`) says so in CSL's `note`,
    after any note of the analyst's, so a bibliography built from it does not pass it
    off as read (in the site's language, `words`).
    """
    item: dict[str, Any] = {**source.extra, "id": source.id, "type": source.type, "title": source.title}
    if reported_by:
        sources = "; ".join(s.title for s in reported_by)
        relayed = (words or load_language("en")).gettext(REPORTED_BY) % {"sources": sources}
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

    def __init__(
        self,
        briefing: model.Briefing,
        url: Callable[[str, str], str],
        site: dict[str, Any],
        stamps: dict[str, str] | None = None,
        language: str = "en",
    ):
        """`language`: the site's language tag, which the documents declare (`site.language`)
        and write `date_text` in."""
        self.briefing = briefing
        self.url = url
        self.site = {**site, "language": language}
        self.words = load_language(language)
        self.stamps = stamps if stamps is not None else {claim.id: stamp(claim) for claim in briefing.claims.values()}
        """Given when the pages show dates the stamps leave out (a claim's history's)."""
        self.evidence = build_evidence(briefing)
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
        record.update(url=self.url("claims", claim.id), version=self.stamps[claim.id], date_text=self.date_text(claim))
        for spec in CLAIM.fields:  # IDs become {id, name, url}
            value = record[spec.name]
            if spec.refers_to is not None and value is not None:
                refs = [self.ref(spec.refers_to, v) for v in (value if isinstance(value, list) else [value])]
                record[spec.name] = refs if isinstance(value, list) else refs[0]
        record["sources"] = [self.source_ref(s) for s in record["sources"]]
        for name, _way in WAYS:
            record[name] = [self.claim_ref(r["ref"], r.get("note")) for r in record[name]]
        case = self.evidence.case(claim.id)
        record["supported_by"] = [self.claim_ref(b.evidence.id, b.note) for b in case.for_]
        record["contradicted_by"] = [self.claim_ref(b.evidence.id, b.note) for b in case.against]
        return record

    def date_text(self, claim: model.Claim) -> str | None:
        """How the claim's date reads on its page: the analyst's `date_label`, else the
        date in words in the site's language (English as it always read)."""
        if claim.date_label or claim.date is None or self.words.is_english:
            return claim.date_words
        return self.words.date(claim.date)

    def claim_ref(self, claim_id: str, note: str | None) -> dict[str, Any]:
        """One end of an evidence relation: the claim's ID, title and permalink, and the note."""
        ref = {"ref": claim_id, "title": self.briefing.claims[claim_id].title, "url": self.url("claims", claim_id)}
        return {**ref, "note": note} if note else ref

    def source_ref(self, ref: dict[str, Any]) -> dict[str, Any]:
        """A claim's source reference with the titles and URLs of its source and `via`."""
        out = {**ref, "title": self.briefing.sources[ref["ref"]].title, "url": self.url("sources", ref["ref"])}
        if "via" in ref:
            out.update(via_title=self.briefing.sources[ref["via"]].title, via_url=self.url("sources", ref["via"]))
        return out

    def csl(self, source: model.Source) -> dict[str, Any]:
        relayed = tuple(self.briefing.sources[v] for v in self.reported_by.get(source.id, ()))
        return source_csl(source, relayed, self.words)

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
        record: dict[str, Any] = {
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
        return {**self._document_head(), "claims": [self.claim(c) for c in self.briefing.claims.values()]}

    def _document_head(self) -> dict[str, Any]:
        """The whole briefing's document up to its claims (the last key)."""
        b = self.briefing
        return {
            "format_version": EXPORT_FORMAT_VERSION,
            "data_format_version": FORMAT_VERSION,
            "generator": f"briefbook {__version__}",
            "site": self.site,
            "actors": [self.actor(a) for a in b.actors.values()],
            "themes": [self.theme(t) for t in b.themes.values()],
            "sources": [self.source(s) for s in b.sources.values()],
        }

    def claim_document(self, claim: model.Claim) -> dict[str, Any]:
        return {"format_version": EXPORT_FORMAT_VERSION, "site": self.site, "claim": self.claim(claim)}

    # The same documents as `to_json` writes them, put together from each claim's JSON
    # (`claim_json`), which a `mkdocs serve` rebuild keeps for the claims an edit
    # cannot change (edit_scope.py): encoding the whole briefing again was a sixth of a
    # rebuild. JSON strings hold no raw line break, so indenting every line of a value
    # written at the top level gives exactly what the encoder writes deeper down.

    def claim_json(self, claim: model.Claim) -> str:
        """`self.claim(claim)` as JSON at the top level (what `nested` indents)."""
        return json.dumps(self.claim(claim), ensure_ascii=False, indent=2)

    def claim_document_json(self, claim_json: str) -> str:
        """`to_json(self.claim_document(claim))`, from the claim's `claim_json`."""
        head = json.dumps({"format_version": EXPORT_FORMAT_VERSION, "site": self.site}, ensure_ascii=False, indent=2)
        return f'{head[:-2]},\n  "claim": {nested(claim_json, 1)}\n}}\n'

    def document_json(self, claim_jsons: list[str]) -> str:
        """`to_json(self.document())`, from every claim's `claim_json` in order."""
        head = self._document_head()
        if not claim_jsons:
            return to_json({**head, "claims": []})
        items = ",\n".join("    " + nested(text, 2) for text in claim_jsons)
        return f'{json.dumps(head, ensure_ascii=False, indent=2)[:-2]},\n  "claims": [\n{items}\n  ]\n}}\n'

    def sources_csl(self) -> list[dict[str, Any]]:
        return [self.csl(s) for s in self.briefing.sources.values()]

    def claims_csv(self, rows: list[str] | None = None) -> str:
        """One row per claim; list fields joined with '; '. `rows`: each claim's
        `csv_row`, in order, when made already."""
        out = io.StringIO()
        csv.DictWriter(out, fieldnames=csv_columns(), lineterminator="\n").writeheader()
        if rows is None:
            rows = [self.csv_row(claim) for claim in self.briefing.claims.values()]
        return out.getvalue() + "".join(rows)

    def csv_row(self, claim: model.Claim) -> str:
        """A claim's line of the CSV (a writer formats each row on its own)."""
        columns = csv_columns()
        record = claim_record(claim)
        row = {key: csv_cell(record.get(key)) for key in columns}
        row.update(
            url=self.url("claims", claim.id),
            version=self.stamps[claim.id],
            date_text=csv_cell(self.date_text(claim)),
            sources="; ".join(r.ref for r in claim.sources),
            sources_via="; ".join(f"{r.ref} via {r.via}" for r in claim.sources if r.via),
            supports="; ".join(r.ref for r in claim.supports),
            contradicts="; ".join(r.ref for r in claim.contradicts),
        )
        out = io.StringIO()
        csv.DictWriter(out, fieldnames=columns, lineterminator="\n").writerow(row)
        return out.getvalue()


CSV_COLUMNS = """id url version title kind date date_text status confidence likelihood key actors themes sources
    sources_via related superseded_by published updated statement""".split()
"""The CSV's columns, in the order published since format 1.0."""
CSV_LEFT_OUT = frozenset({"date_label", "status_note", "redirect_from"})
"""Claim fields without a column: date_text says how the date reads; a note and former
IDs are for pages and the JSON export."""


def csv_columns() -> list[str]:
    """The published columns, then every claim field added since (at the end, so that
    readers of the older columns by position still work)."""
    added = [f.name for f in CLAIM.fields if f.name not in CSV_COLUMNS and f.name not in CSV_LEFT_OUT]
    return [*CSV_COLUMNS, *added]


def csv_cell(value: Any) -> str:
    """A cell: lists joined with '; ', true/false, empty for absent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def to_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def nested(value_json: str, depth: int) -> str:
    """JSON that `json.dumps(value, indent=2)` wrote at the top level, as the encoder
    writes the same value `depth` levels down (its first line goes after the key or
    the list's indentation)."""
    return value_json.replace("\n", "\n" + "  " * depth)
