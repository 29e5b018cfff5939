"""Search with Pagefind: what each page tells the index, and the index itself.

Material's own search makes every reader download the whole index (3 MB at 1,000
claims, 16 MB at 5,000) before typing anything. Pagefind indexes the built site and
splits the index into chunks, so a reader downloads only what a query needs. Two jobs:

- `SearchMarkup` adds Pagefind's attributes to a page's HTML after the theme rendered it:
  which part is indexed (the article, not the navigation), what is left out (the cite
  box, the version stamp, heading permalinks), and on a claim page the metadata a result
  shows (date in words, kind, status) and the filters (actor, theme, kind, status, year).
  It works on the HTML, not in the templates, so a project's own templates keep them.
- `PageIndexer` hands each page to Pagefind as the build writes it (its service, the
  binary the `pagefind[bin]` wheel bundles, in a process of its own: another core), and
  writes the bundle at the end; under `mkdocs serve` it keeps the index between
  rebuilds and re-adds only the pages rebuilt. `build_index` indexes a site already
  built, in one go (the reference the tests compare with).

Nothing here imports MkDocs; the plugin calls it.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..briefing.model import Briefing, Claim
from ..briefing.views import Views
from ..contract.vocabularies import N_
from .page_words import PageWords
from .pagefind_service import PagefindIndex, PagefindService, PagefindServiceError
from .pages import INDEX_PAGES
from .urls import is_evidence_page, is_version_page

SEARCH_ENGINES = ("pagefind", "material")
SEARCH_STYLESHEET = "assets/search.css"
SEARCH_SCRIPT = "assets/search.js"
SEARCH_ASSETS = (SEARCH_STYLESHEET, SEARCH_SCRIPT)
OUTPUT_FOLDER = "pagefind"
"""Where the index goes, relative to the site (what assets/search.js loads)."""

RECORD_KINDS = ("claims", "actors", "themes", "sources")
KIND_WORDS = {"actors": N_("Actor"), "themes": N_("Theme"), "sources": N_("Source")}
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
IGNORED_TAGS = ("div", "small", "a", "figure")
"""The elements `SearchMarkup.mark` may tell Pagefind to ignore, and `indexed_part` cut."""
IGNORED = re.compile(rf'<({"|".join(IGNORED_TAGS)}) class="(bb-cite\b|bb-version\b|headerlink\b|bb-graph-figure\b)')
"""The cite box (the same site name and stamp on every claim), the version stamp, the
permalink sign of each heading, and a relations graph (its labels, drawn twice for wide
and narrow screens, are the names the table after it lists): not text a reader
searches for."""


class SearchConfigError(ValueError):
    """The search option and the plugins listed in mkdocs.yml contradict each other."""


def choose_engine(option: str | None, material_listed: bool) -> str:
    """Pagefind unless the briefing chose Material's search: `search: material`, or
    Material's `search` plugin listed in mkdocs.yml without a `search:` option (a
    briefing made before Pagefind keeps the search it had)."""
    if option is None:
        return "material" if material_listed else "pagefind"
    if option == "pagefind" and material_listed:
        raise SearchConfigError(
            "mkdocs.yml: the briefbook option `search: pagefind` and Material's `search` plugin are both set; "
            "remove `- search` from plugins (Pagefind replaces it), or set `search: material`"
        )
    if option == "material" and not material_listed:
        raise SearchConfigError(
            "mkdocs.yml: the briefbook option `search: material` needs Material's search plugin: "
            "add `- search` to plugins, or remove the option to use Pagefind"
        )
    return option


@dataclass(frozen=True)
class SearchMarkup:
    """Pagefind's attributes for the pages of one briefing."""

    briefing: Briefing
    views: Views
    words: PageWords | None = None
    """The site's language, for the kinds, statuses and dates shown in results and filters."""

    def mark(self, page_html: str, src_uri: str) -> str:
        """Every page but the index pages (claims, timeline, ...) and the evidence matrices,
        which list everything and so would match every query, and the version pages (kept
        for citations, not for finding)."""
        if src_uri in INDEX_PAGES or is_evidence_page(src_uri) or is_version_page(src_uri):
            return page_html
        match = ARTICLE.search(page_html)
        if match is None:  # a theme without Material's article: index nothing of it
            return page_html
        fields = self.fields(src_uri)
        start, end = match.span()
        article_end = page_html.index(">", end) + 1
        page_html = (
            page_html[:start]
            + page_html[start:end]
            + " data-pagefind-body"
            + page_html[end:article_end]
            + fields
            + page_html[article_end:]
        )
        return IGNORED.sub(lambda m: f'<{m.group(1)} data-pagefind-ignore class="{m.group(2)}', page_html)

    def fields(self, src_uri: str) -> str:
        """Hidden metadata and filters of a record page (values are element content, so
        no name needs escaping for Pagefind's `key:value` syntax)."""
        kind, _, rest = src_uri.partition("/")
        if kind not in RECORD_KINDS or not rest:
            return ""
        record_id = rest.removesuffix(".md").removesuffix("/index")
        record = self.briefing.records(kind).get(record_id)
        if record is None:
            return ""
        if kind == "claims":
            meta, filters = self.claim_fields(record)
        else:
            kind_words = KIND_WORDS[kind]
            meta, filters = {"kind": self.words.language.gettext(kind_words) if self.words else kind_words}, []
        meta = {"title": record.label, **meta}
        spans = [f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in meta.items()]
        spans += [f'<span data-pagefind-filter="{key}">{html.escape(value)}</span>' for key, value in filters]
        return f'<div hidden data-pagefind-ignore="index">{"".join(spans)}</div>'

    def claim_fields(self, claim: Claim) -> tuple[dict[str, str], list[tuple[str, str]]]:
        words = self.words
        kind = words.kind(claim.kind) if words else claim.kind.capitalize()
        status = words.status(claim.status).capitalize() if words else claim.status.capitalize()
        meta = {"kind": kind, "status": status}
        date_words = words.claim_date(claim) if words and claim.date else claim.date_words
        if date_words:
            meta["date"] = date_words
        filters = [("kind", kind), ("status", status)]
        filters += [("actor", self.name("actors", actor)) for actor in claim.actors]
        filters += [("theme", self.name("themes", theme)) for theme in self.views.theme_ancestry(claim.themes)]
        filters += [("year", str(year)) for year in claim_years(claim)]
        return meta, filters

    def name(self, kind: str, record_id: str) -> str:
        record = self.briefing.records(kind).get(record_id)
        return record.label if record is not None else record_id


def claim_years(claim: Claim, most: int = 30) -> list[int]:
    """Every year a dated claim covers (an interval counts in each of its years, an open
    one in its first), so a filter by year finds it as the timeline's year range does."""
    if claim.date is None:
        return []
    first = claim.date.start.year
    last = claim.date.end.year if claim.date.end is not None else first
    return list(range(first, min(last, first + most) + 1))


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def build_index(site_dir: Path) -> int:
    """Index the built site into site_dir/pagefind/; returns the number of pages indexed.
    Pagefind's API is async: it runs in an event loop of its own, in a thread of its own
    when the build was itself started from one (a notebook, a test driving a browser)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run(site_dir)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run, site_dir).result()


def _run(site_dir: Path) -> int:
    try:
        return asyncio.run(_index(site_dir))
    except SearchIndexError:
        raise
    except Exception as error:  # the service's errors are plain exceptions
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {error}") from error


async def _index(site_dir: Path) -> int:
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError as error:  # pragma: no cover - it is a dependency
        raise SearchIndexError(
            "Pagefind is not installed: `pip install 'pagefind[bin]'`, or set the briefbook option `search: material`"
        ) from error
    # Written beside the index in use, then swapped in: Pagefind adds files to a folder it
    # finds (a rebuild under `serve` would leave the last index's fragments behind), and
    # a reader searching meanwhile keeps the whole old index until the new one is whole.
    final, fresh, old = (site_dir / name for name in (OUTPUT_FOLDER, ".pagefind-next", ".pagefind-old"))
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    async with PagefindIndex(config=IndexConfig(output_path=str(fresh))) as index:
        result = await index.add_directory(str(site_dir))
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return int(result.get("page_count", 0))


class PageIndexer:
    """Pagefind's index, fed page by page while MkDocs writes the pages.

    A build calls `begin`, `add` for each page written (its final HTML and its URL from
    the site root) and `finish`. Pagefind parses each page as it arrives, in its own
    process, so by the end of the build only the bundle is left to write. Kept across
    `mkdocs serve` rebuilds: Pagefind replaces a page added again at the same URL, so a
    `--dirty` rebuild re-adds only the pages it rebuilt; when a page is gone, the next
    index starts afresh from the pages on disk. `finish(wait=False)` writes the bundle
    in a thread; `ready` is set when it is in place (search requests wait for it)."""

    def __init__(self) -> None:
        self.service: PagefindService | None = None
        self.index: PagefindIndex | None = None
        self.indexed: set[str] = set()
        """URLs of the pages in `index`."""
        self.added: set[str] = set()
        """URLs added during this build."""
        self.ready = threading.Event()
        self.ready.set()
        self.writing: threading.Thread | None = None
        self.error: SearchIndexError | None = None
        self.starting = False
        """`begin` was called, and the index is set up when the first page comes."""
        self.marked = False
        """A page of `index` has `data-pagefind-body`: Pagefind skips every page without
        it (as `pagefind --site` does), so those are no longer sent."""
        self.unmarked: list[tuple[str, str]] = []
        """Pages without the mark, held until a marked page comes (then dropped unsent)
        or the bundle is written (then sent: with no marked page, Pagefind indexes all)."""

    def begin(self) -> None:
        """A build starts: the last bundle's write is waited for; a Pagefind process is
        started if none is running. Until `finish` has written the new bundle (or
        `abandon`), `ready` is clear.

        Under `mkdocs serve` the last bundle may still be being written (after the
        browser reloaded: see finish): then all this waits for the build's first page,
        so the rebuild loads, checks and renders meanwhile (up to 2 s at 1,000 claims
        when an edit follows the last quickly), and a search still finds the old
        bundle, whole, until then."""
        self.starting = True
        if self.writing is None or not self.writing.is_alive():
            self._start()

    def _start(self) -> None:
        if not self.starting:
            return
        self.starting = False
        self.wait()
        self.ready.clear()
        if self.service is None or self.service.failure is not None:
            self.close()
            self.service = PagefindService()
        if self.index is None:
            self.index = self.service.new_index()
            self.indexed = set()
            self.marked = False
        self.added = set()
        self.unmarked = []

    def add(self, page_html: str, url: str) -> None:
        """Hand a page to Pagefind. The pages left unmarked on purpose (the index pages,
        a 1.7 MB timeline at 5,000 claims) would be parsed only to be skipped."""
        self._start()
        if self.index is None:
            return
        self.added.add(url)
        part = indexed_part(page_html)
        if " data-pagefind-body" not in part:
            if not self.marked:
                self.unmarked.append((part, url))
            return
        if not self.marked:
            self.marked, self.unmarked = True, []
        self.index.add_html(part, url)

    def finish(self, site_dir: Path, pages: dict[str, Path], *, wait: bool = True) -> None:
        """Write the bundle of every page in `pages` (URL → its HTML file): those added
        during this build, and from the index or the disk the others. Raises
        SearchIndexError (or, with `wait=False`, keeps it for the next `wait`)."""
        self._start()
        if self.index is None or self.service is None:
            return
        try:
            if set(self.indexed) - set(pages):  # a page is gone: Pagefind cannot drop one
                self.index.delete()
                self.index = self.service.new_index()
                self.indexed = set()
                for url in self.added:
                    self.index.add_html(indexed_part(pages[url].read_text("utf-8")), url)
            for url, path in pages.items():
                if url not in self.added and url not in self.indexed and path.is_file():
                    self.index.add_html(indexed_part(path.read_text("utf-8")), url)
            for part, url in self.unmarked if not self.marked else ():
                self.index.add_html(part, url)
            self.unmarked = []
            self.indexed = set(pages)
        except (OSError, PagefindServiceError) as error:
            self.abandon()
            raise SearchIndexError(f"Pagefind could not index {site_dir}: {error}") from error
        self.error = None
        if wait:
            self._write(site_dir)
            self.wait()
        else:
            self.writing = threading.Thread(target=self._write, args=(site_dir,), name="pagefind-write", daemon=True)
            self.writing.start()

    def wait(self) -> None:
        """Until the last bundle is in place; raises the error writing it met."""
        self.ready.wait()
        if self.writing is not None:
            self.writing.join()
            self.writing = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _write(self, site_dir: Path) -> None:
        """Written beside the index in use, then swapped in: Pagefind adds files to a
        folder it finds, and a reader searching meanwhile keeps the whole old index."""
        try:
            assert self.index is not None
            final, fresh, old = (site_dir / name for name in (OUTPUT_FOLDER, ".pagefind-next", ".pagefind-old"))
            for folder in (fresh, old):
                shutil.rmtree(folder, ignore_errors=True)
            self.index.write(fresh)
            if final.exists():
                final.rename(old)
            fresh.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        except (OSError, PagefindServiceError) as error:
            self.drop()
            self.error = SearchIndexError(f"Pagefind could not index {site_dir}: {error}")
        finally:
            self.ready.set()

    def drop(self) -> None:
        """Forget the index (the next build starts a new one from every page)."""
        self.index = None
        self.indexed = set()
        self.marked = False
        self.unmarked = []

    def abandon(self) -> None:
        """The build failed: the bundle in place stays; the next build starts afresh."""
        self._settle()
        self.drop()
        self.ready.set()

    def _settle(self) -> None:
        """A build that never started its index: the last bundle's write ends first."""
        if self.starting:
            self.starting = False
            with contextlib.suppress(SearchIndexError):
                self.wait()

    def close(self) -> None:
        self._settle()
        self.ready.set()
        if self.service is not None:
            self.service.close()
        self.service = None
        self.drop()


_HTML_TAG = re.compile(r"<html\b[^>]*>")


def indexed_part(page_html: str) -> str:
    """What Pagefind reads of a page `SearchMarkup.mark` marked: its language (the
    `<html>` tag) and the article, which holds the indexed text and every meta and
    filter field, less what Pagefind would ignore in it (the cite box, a graph). At 5,000
    claims Pagefind then reads 29 MB instead of the site's 364 (tests/test_search.py: the index
    equals Pagefind's own over the built site). A page without the mark goes whole."""
    marked = page_html.find(" data-pagefind-body")
    opening = _HTML_TAG.search(page_html)
    start = page_html.rfind("<article", 0, marked) if marked >= 0 else -1
    end = page_html.rfind("</article>")
    if start < 0 or end < marked or opening is None:
        return page_html
    article = _without_ignored(page_html[start : end + len("</article>")])
    return f"<!doctype html>\n{opening.group(0)}<body>{article}</body></html>"


_IGNORED_MARK = re.compile(rf'<({"|".join(IGNORED_TAGS)}) data-pagefind-ignore class="')
"""An element `SearchMarkup.mark` told Pagefind to ignore (exactly as it writes the mark)."""


def _without_ignored(article: str) -> str:
    """The article without the elements Pagefind would ignore anyway (the cite box is
    half a claim page's article): less to encode, send and parse. An element whose end
    cannot be found (its tags unbalanced) is left for Pagefind to skip."""
    kept: list[str] = []
    pos = 0
    for match in _IGNORED_MARK.finditer(article):
        if match.start() < pos:  # inside an element already cut
            continue
        end = _element_end(article, match.group(1), match.start())
        if end is None:
            continue
        kept.append(article[pos : match.start()])
        pos = end
    kept.append(article[pos:])
    return "".join(kept)


_TAGS_OF = {name: re.compile(rf"<(/?){name}[\s>]") for name in IGNORED_TAGS}


def _element_end(text: str, name: str, start: int) -> int | None:
    """Where the element opened at `start` ends (after its closing tag), counting the
    same elements nested in it; None when it never closes."""
    depth = 0
    for tag in _TAGS_OF[name].finditer(text, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = text.find(">", tag.start())
            return None if close < 0 else close + 1
    return None


def search_url(page_url: str) -> str:
    """A page's URL from the site root, as Pagefind writes it for the file (`/`, `/x/`,
    `/x.html`; an `index.html` left out)."""
    url = "/" + page_url.removeprefix("./")  # MkDocs's URL of the home page is `./`
    return url.removesuffix("index.html")
