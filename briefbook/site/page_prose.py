"""The data's prose on a page: each Markdown field made safe (raw HTML neutralised),
its cross-references turned into site-root placeholders that are the same on every
page, converted once (prose.py: cached, on every core), then its links made relative
to the page that shows it. Hand-written pages get their cross-references as `.md`
links, which MkDocs resolves."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..briefing import model
from ..briefing.link_safety import neutralise_markdown
from ..briefing.links import rewrite_links
from ..contract.fields import Markdown
from ..contract.kinds import KINDS
from .escape import md_escape
from .prose import XREF, PageLinks, ProseConverter
from .urls import Site, record_path, relative_link


class DataProse:
    """The prose of one briefing, converted by one converter, for the pages of one site."""

    def __init__(self, briefing: model.Briefing, prose: ProseConverter, site: Site):
        self.briefing = briefing
        self.prose = prose
        self.page_links = PageLinks(site)
        self._prepared: dict[str, str] = {}

    def html(self, text: Markdown | str | None, page_path: str) -> str:
        """Data Markdown as HTML: made safe, converted once, with its cross-references
        and relative links pointing from this page."""
        if text is None:
            return ""
        converted = self.prose.convert(self.prepared(text))
        return self.page_links.fix(converted, page_path)

    def prepared(self, text: Markdown | str) -> str:
        """The Markdown handed to the converter: raw HTML neutralised, cross-references
        as site-root placeholders (the same for every page), empty link texts filled."""
        raw = text.text if isinstance(text, Markdown) else str(text)
        done = self._prepared.get(raw)
        if done is None:

            def resolve(kind: str, record_id: str) -> tuple[str, str] | None:
                record = self.briefing.records(kind).get(record_id)
                return None if record is None else (f"{XREF}{kind}/{record_id}", record.label)

            done = self._prepared[raw] = rewrite_links(neutralise_markdown(raw), resolve, md_escape)
        return done

    def fields(self) -> Iterator[Markdown]:
        """Every Markdown field of the briefing (statements, summaries, notes)."""
        for kind in KINDS:
            for record in self.briefing.records(kind.folder).values():
                for item in dataclasses.fields(record):
                    value = getattr(record, item.name)
                    if isinstance(value, Markdown):
                        yield value

    def convert_all(self, workers: int | None = None) -> None:
        """Convert every prose field the cache lacks, on every core, before the pages ask."""
        self.prose.convert_all((self.prepared(text) for text in self.fields()), workers)

    def resolve_links(self, text: str, page_path: str) -> str:
        """Cross-references in a hand-written page's Markdown, as relative `.md` links."""

        def resolve(kind: str, record_id: str) -> tuple[str, str] | None:
            record = self.briefing.records(kind).get(record_id)
            if record is None:
                return None
            return relative_link(page_path, record_path(kind, record_id)), record.label

        return rewrite_links(text, resolve, md_escape)
