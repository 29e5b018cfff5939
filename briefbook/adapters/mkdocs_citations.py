"""Citations still being formatted when MkDocs writes a page: the page is written with
their placeholders, and filled in once, in place, after the last page.

A first build (an empty citation cache, as in CI) formats every citation in worker
processes while it goes on (citation_workers.py). Filling a page's placeholders means
waiting for all of them, so the first claim page used to stop the build until the last
citation was formatted, with MkDocs' core idle meanwhile. Now a page whose citations
are not all in is written as it is and remembered; once MkDocs has written every page,
the remembered files get their citations (what `fill` would have put in the page), and
pages written after the citations came in are filled as before. The site is the same
either way (tests/test_citation_fill.py).

Placeholders are letters and digits inside the cite box, which the search index leaves
out (data-search-exclude), so search sees the same text either way. The pages are
filled before the build ends, so `mkdocs serve`'s reload and a deployment see only
filled pages. Only when briefbook is the last plugin listed, so that no other
plugin's `on_post_page` sees a placeholder."""

from __future__ import annotations

from pathlib import Path

from ..site.files import BackgroundCitations


class PageCitations:
    """Fills each page's citations when they are in, or after the last page."""

    def __init__(self, citations: BackgroundCitations | None, *, may_defer: bool):
        self.citations = citations
        self.may_defer = may_defer
        self.unfilled: list[Path] = []
        """Pages written with placeholders, to fill in `finish`."""

    def page(self, output: str, written_to: str) -> str:
        """The page's HTML to write: filled, or (its citations not all formatted yet)
        as it is, remembered for `finish`."""
        citations = self.citations
        if citations is None or not citations.placeholders_in(output):
            return output
        if self.may_defer and not citations.ready():
            self.unfilled.append(Path(written_to))
            return output
        return citations.fill(output, in_html=True)

    def finish(self) -> None:
        """Fill the pages written with placeholders (waiting for the last citations)."""
        if self.citations is None:
            return
        for path in self.unfilled:
            html = path.read_bytes().decode("utf-8")  # as MkDocs wrote it
            path.write_bytes(self.citations.fill(html, in_html=True).encode("utf-8", errors="xmlcharrefreplace"))
        self.unfilled = []
