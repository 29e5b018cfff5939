"""The MkDocs adapter: load and check in on_config, add pages in on_files.

Everything of substance happens in the library; this module only translates MkDocs
events into library calls and library problems into MkDocs logging and errors.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..briefing.check import CheckResult, check_project
from ..briefing.history import HistoryReader
from ..briefing.load import FileReads, Project
from ..briefing.publishing import is_publication, publishing_problems
from ..problems import BriefingError, Position, summary_line
from ..site.build import SiteFile, make_site, site_files
from ..site.citation_cache import CitationCache, default_cache_path
from ..site.citations import build_day
from ..site.edit_scope import EditScope
from ..site.files import BackgroundCitations
from ..site.html_page import RenderedPage
from ..site.jsonld import move_jsonld_to_head
from ..site.pages import ASSETS_SOURCE, HOME_PAGE, INDEX_PAGES, Renderer
from ..site.prose import MarkdownConfig, ProseConverter, default_prose_cache_path
from ..site.sanitize import drop_unsafe_urls
from ..site.search_index import (
    OUTPUT_FOLDER,
    SEARCH_ASSETS,
    PageIndexer,
    SearchConfigError,
    SearchIndexError,
    SearchMarkup,
    choose_engine,
    search_url,
)
from ..site.urls import API, Site, drop_version_pages
from ..site.versions import Versions, read_versions
from .mkdocs_downloads import DownloadWriter, WrittenFile
from .mkdocs_files import GeneratedFiles, error_markdown
from .mkdocs_options import BriefbookConfig, apply_site_needs
from .mkdocs_serve import ServeCache, WarningCounter, restore_sigterm, stop_on_sigterm
from .site_config import read_settings

log = get_plugin_logger(__name__)


def claim_downloads(files: list[SiteFile]) -> dict[str, list[tuple[str, str]]]:
    """Each claim's downloads (`api/claims/<id>.<format>`), in the order made."""
    found: dict[str, list[tuple[str, str]]] = {}
    prefix = f"{API}/claims/"
    for item in files:
        if item.role == "download" and item.path.startswith(prefix) and item.text is not None:
            claim_id = item.path[len(prefix) :].partition(".")[0]
            found.setdefault(claim_id, []).append((item.path, item.text))
    return found


class BriefbookPlugin(BasePlugin[BriefbookConfig]):
    """Turns `data/` into pages. Kept alive across `mkdocs serve` rebuilds (on_startup)."""

    def __init__(self) -> None:
        self.serving = False
        self.result: CheckResult | None = None
        self.renderer: Renderer | None = None
        self.project: Project | None = None
        self.cache: CitationCache | None = None
        self.serve_cache: ServeCache | None = None
        self.warnings_logged = WarningCounter()
        self.citations: BackgroundCitations | None = None
        self.files_to_fill: list[File] = []
        """Generated files holding placeholders for citations still being formatted."""
        self.scope = EditScope()
        """The last serve build's pages: a rebuild renders only those an edit can change."""
        self.reads = FileReads()
        """What each data file gave: a `serve` rebuild re-reads only the files edited."""
        self.downloads = DownloadWriter()
        """Writes /api/ and the feeds into the site while the pages are made."""
        self.to_write: list[tuple[str, str]] = []
        self.publishing = False
        """Whether this build publishes (and so may record permalinks); see publishing.py."""
        self.previous_sigterm: Any = None
        self.search_markup: SearchMarkup | None = None
        """Pagefind's attributes for the pages, when Pagefind is the search."""
        self.pagefind = False
        self.history_reader: HistoryReader | None = None
        """Parses of the claims' git history, kept across `mkdocs serve` rebuilds."""
        self.versions: Versions | None = None
        self.prose: ProseConverter | None = None
        """The data's Markdown as HTML, cached across `mkdocs serve` rebuilds."""
        self.rendered: dict[str, RenderedPage] = {}
        """Generated pages by path: their HTML replaces what MkDocs converts (a stub)."""
        self.indexer: PageIndexer | None = None
        """Pagefind, fed each page as it is written; kept across `serve` rebuilds."""
        self.search_pages: dict[str, Path] = {}
        """URL → HTML file of every page of this build (what the index must hold)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.serve_cache = ServeCache(Path(tempfile.mkdtemp(prefix="briefbook-serve-")))
            self.previous_sigterm = stop_on_sigterm()
            if not dirty:
                log.info(
                    "`mkdocs serve --dirty` (what `make serve` runs) rebuilds only the pages an edit changes, "
                    "several times faster than rebuilding the whole site"
                )

    def on_shutdown(self) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None
        if self.serve_cache is not None:
            self.serve_cache.remove()
            self.serve_cache = None
        restore_sigterm(self.previous_sigterm)
        self.previous_sigterm = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            settings = read_settings(dict(self.config))
        except BriefingError as error:
            raise PluginError(str(error)) from error
        self.project = settings.project(root, config.docs_dir)
        try:
            listed = any(name in config.plugins for name in ("search", "material/search"))
            self.pagefind = choose_engine(self.config.search, listed) == "pagefind"
        except SearchConfigError as error:
            raise PluginError(str(error)) from error
        apply_site_needs(config, pagefind=self.pagefind)
        self.search_markup = None
        self.result = check_project(self.project, frozen=settings.frozen, reads=self.reads)
        if not config.site_url and not self.serving:
            self.result.problems.warning(
                Position("mkdocs.yml"),
                "site_url is not set: permalinks in citations, exports and feeds need the site's public address; "
                "add site_url: https://... to mkdocs.yml (feeds are left out until then)",
            )
        if not config.site_author:
            self.result.problems.warning(
                Position("mkdocs.yml"),
                "site_author is not set: citations of the claims name no author, so the styles cite them under "
                "the site's name (Chicago) or the claim's title (APA); add site_author: <who publishes the "
                "briefing> to mkdocs.yml",
            )
        self.publishing = is_publication(config.site_url, serving=self.serving, preview=settings.preview)
        if self.result.ok:
            self.result.problems.extend(
                publishing_problems(
                    self.result.briefing,
                    config.site_url,
                    serving=self.serving,
                    preview=settings.preview,
                    published_default=settings.published,
                    site_author=config.site_author,
                )
            )
        self.renderer = self.citations = None
        cache_path = default_cache_path() if settings.citation_cache else None
        self.read_history(settings, cache_path)
        self.report(self.result)
        if self.result.ok:
            site = Site(config.site_name, config.site_url, config.site_author, config.use_directory_urls)
            if self.cache is None or self.cache.path != cache_path:
                self.cache = CitationCache(cache_path)
            prose = self.prose_for(config, default_prose_cache_path() if settings.citation_cache else None)
            self.renderer = make_site(
                self.result.briefing,
                site,
                self.project.templates_dir,
                self.cache,
                prose,
                versions=self.versions,
                published=settings.published,
            )
            self.citations = self.renderer.outputs.background
            if self.pagefind:
                self.search_markup = SearchMarkup(self.renderer.briefing, self.renderer.views)
                self.indexer = self.indexer or PageIndexer()
            # A build formats what the cache lacks in other processes while it goes on,
            # behind placeholders; under serve the pages are compared between rebuilds,
            # so the first build waits for them, formatted on every core (a rebuild after
            # an edit finds all but the edited claim's in the cache).
            self.citations.start(wait=self.serving)
        self.files_to_fill = []
        return config

    def read_history(self, settings: Any, cache_path: Path | None) -> None:
        """The claims' versions from git, and the version ledger's check (site/versions.py)."""
        self.versions = None
        assert self.result is not None
        if not self.result.ok:
            return
        cache_dir = cache_path.parent if cache_path is not None else None
        if self.history_reader is None or self.history_reader.cache_dir != cache_dir:
            self.history_reader = HistoryReader(cache_dir)
        self.versions = read_versions(
            self.result,
            settings.published,
            self.history_reader,
            frozen=settings.frozen,
            publishing=self.publishing,
        )
        if self.versions.note and not self.serving:
            # Outside MkDocs' loggers: said once, and no reason for --strict to fail (the
            # site is whole without its history: a downloaded archive builds as before).
            logging.getLogger("briefbook").warning(f"WARNING -  briefbook: {self.versions.note}")

    def prose_for(self, config: MkDocsConfig, path: Path | None) -> ProseConverter:
        """The converter of the data's Markdown with this site's extensions: the same one
        across serve rebuilds while mkdocs.yml's Markdown settings stay the same."""
        markdown = MarkdownConfig(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
        if self.prose is None or self.prose.config_key != markdown.key() or self.prose.asked_path != path:
            self.prose = ProseConverter(markdown, path)
        return self.prose

    def report(self, result: CheckResult) -> None:
        problems = result.sorted_problems()
        for problem in problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        if not result.ok:
            message = f"the briefing has errors ({summary_line(problems)}); fix them and build again"
            if not self.serving:
                raise PluginError(message)
            log.error(message + "; the site shows them until then")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generated: list[SiteFile] = []
        if self.renderer is not None:
            assert self.project is not None and self.result is not None
            try:
                with_home = files.get_file_from_path(HOME_PAGE[0]) is None
                reuse = self.reusable_pages(with_home)
                generated = site_files(
                    self.renderer,
                    with_home=with_home,
                    project_root=self.project.root,
                    reuse=reuse,
                    reuse_claim_files=self.scope.reuse_claim_files() if reuse is not None else None,
                )
                if self.serving:
                    self.scope.remember(
                        ((item.path, item.page) for item in generated if item.role == "page" and item.page),
                        claim_downloads(generated),
                    )
            except BriefingError as error:  # a template that fails, at its file and line
                self.scope.forget()
                self.result.problems.extend(error.problems)
                self.close_citations()
                self.renderer = None
                self.report(self.result)
        out = GeneratedFiles(files, config, self.serve_cache)
        self.rendered = {}
        if self.renderer is None:
            self.scope.forget()
            out.add_error_pages(self.error_markdown(), [HOME_PAGE[0], *INDEX_PAGES])
            return files
        self.to_write = []
        for item in generated:
            out.add(self.site_file(out, item))
        self.start_downloads(config.site_dir)
        out.serve_content_pages(self.renderer.content_page)
        for asset in SEARCH_ASSETS if self.pagefind else ():
            source = ASSETS_SOURCE / asset.removeprefix("assets/")
            out.add(File.generated(config, asset, abs_src_path=str(source)))
        return files

    def reusable_pages(self, with_home: bool) -> Callable[[str], RenderedPage | None] | None:
        """Under `serve`, the record pages an edit cannot have changed keep the text
        they had (see edit_scope.py); a project with its own templates renders all."""
        assert self.renderer is not None and self.project is not None
        templates = self.project.templates_dir
        if not self.serving or (templates is not None and templates.is_dir() and any(templates.rglob("*.j2"))):
            return None
        site = self.renderer.site
        context = (site.name, site.url, site.author, site.use_directory_urls, build_day(), with_home)
        return self.scope.reuse(self.renderer.briefing, context)

    def site_file(self, out: GeneratedFiles, item: SiteFile) -> File:
        """A generated file as MkDocs sees it: record pages stay out of the nav; a
        download still holding citation placeholders is filled in on_env."""
        if item.source is not None:
            return File.generated(out.config, item.path, abs_src_path=str(item.source))
        if item.role in ("download", "feed"):
            file = WrittenFile.generated(out.config, item.path, abs_src_path=os.devnull)
            file.abs_src_path = file.abs_dest_path  # where the DownloadWriter puts it
            self.to_write.append((file.abs_dest_path, item.content()))
            return file
        inclusion = InclusionLevel.NOT_IN_NAV if item.role == "page" else InclusionLevel.UNDEFINED
        if item.page is not None:
            self.rendered[item.path] = item.page
            return out.generated(item.path, item.page.source(), inclusion)
        file = out.generated(item.path, item.content(), inclusion)
        if self.citations is not None and not item.is_page and self.citations.placeholders_in(item.content()):
            self.files_to_fill.append(file)
        return file

    def start_downloads(self, site_dir: str) -> None:
        """The downloads are written by a thread while MkDocs converts the pages; those
        waiting for citations once the citations are formatted (see mkdocs_downloads.py)."""
        citations = self.citations

        def needs_fill(text: str) -> bool:
            return citations is not None and citations.placeholders_in(text)

        def fill(text: str) -> str:
            return citations.fill(text, in_html=False) if citations is not None else text

        self.downloads.start(site_dir, self.to_write, needs_fill, fill)
        self.to_write = []

    def error_markdown(self) -> str:
        assert self.result is not None
        return error_markdown(self.result.sorted_problems())

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is not None:
            return "" if page.file.src_uri in self.rendered else markdown  # see on_page_content
        if self.renderer is None:
            return self.error_markdown() + markdown
        return self.renderer.content_page(markdown, page.file.src_uri)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's HTML is briefbook's own (see html_page.py): MkDocs' Markdown
        step saw nothing, so its TOC and anchors are set here. Its URLs passed the same
        allow-list of link targets as its data did (sanitize.py). Other generated pages
        (the error notice) pass it here."""
        if page.file.generated_by is None:
            return html
        rendered = self.rendered.get(page.file.src_uri)
        if rendered is None:
            return drop_unsafe_urls(html)
        page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = set(rendered.anchors)
        return rendered.html

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every page is converted; MkDocs copies the files next. The citations formatted
        meanwhile in other processes are collected, and put in the downloads."""
        if self.citations is not None:
            for file in self.files_to_fill:
                file.content_string = self.citations.fill(file.content_string, in_html=False)
        self.files_to_fill = []
        included = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
        self.search_pages = {
            search_url(file.url): Path(file.abs_dest_path) for file in files.documentation_pages(inclusion=included)
        }
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Citations replace their placeholders; structured data moves into <head>."""
        if self.citations is not None:
            output = self.citations.fill(output, in_html=True)
        if self.search_markup is not None:
            output = self.search_markup.mark(output, page.file.src_uri)
        output = move_jsonld_to_head(output)
        if self.search_markup is not None and self.indexer is not None:
            self.indexer.add(output, search_url(page.url))
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Version pages stay out of the sitemap: they are kept for citations, not
        offered to crawlers (the theme's sitemap lists every page)."""
        if template_name == "sitemap.xml":
            return drop_version_pages(output_content)
        return output_content

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build does not wait for citations nobody will read; the search index
        in place stays."""
        self.downloads.stop()
        self.close_citations()
        if self.indexer is not None:
            self.indexer.abandon()

    def close_citations(self) -> None:
        if self.citations is not None:
            self.citations.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.project is not None
        for folder in (self.project.data_dir, self.project.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        serve = server.get_app()
        assert serve is not None
        search_folder = f"/{OUTPUT_FOLDER}/"

        def wait_for_search(environ: dict[str, Any], start_response: Any) -> Any:
            """The page reloads as soon as it is rebuilt; a search waits until the index
            holds the edit (Pagefind writes it meanwhile), so it never shows the last one."""
            if self.indexer is not None and search_folder in environ.get("PATH_INFO", ""):
                self.indexer.ready.wait(timeout=120)
            return serve(environ, start_response)

        server.set_app(wait_for_search)
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.warnings_logged.reset()
        logging.getLogger("mkdocs").addHandler(self.warnings_logged)
        if self.search_markup is not None and self.indexer is not None:  # not while serving errors
            try:
                self.indexer.begin()
            except SearchIndexError as error:
                raise PluginError(str(error)) from error

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """A successful publishing build records new permalinks (never while serving,
        never in a preview: see publishing.py).

        MkDocs runs this event before `--strict` turns warnings into a failure, so a
        strict build that logged a warning records nothing: it is going to fail."""
        logging.getLogger("mkdocs").removeHandler(self.warnings_logged)
        try:
            self.downloads.join()  # before close_citations: it may still be filling them in
        except OSError as error:
            raise PluginError(f"could not write the downloads into {config.site_dir}: {error}") from error
        self.close_citations()
        if self.search_markup is not None and self.renderer is not None and self.indexer is not None:
            self.index_for_search(Path(config.site_dir))
        if self.cache is not None:
            self.cache.save()
        if self.prose is not None:
            self.prose.save()
        if self.result is None or not self.publishing or self.config.frozen:
            return
        if config.strict and (self.warnings_logged.count or self.result.problems.warnings):
            return
        added = self.result.record_new_permalinks()
        if added:
            log.info(f"added {len(added)} new permalink(s) to {self.result.ledger.shown}")
        self.record_versions()

    def record_versions(self) -> None:
        """The versions this publication showed join the version ledger."""
        if self.versions is not None and self.versions.ledger is not None:
            added = self.versions.record()
            if added:
                log.info(f"added {len(added)} new version(s) to {self.versions.ledger.shown}")

    def index_for_search(self, site_dir: Path) -> None:
        """Pagefind has parsed the pages while they were written; its bundle is written
        now. Under `serve` the browser reloads meanwhile, and a search waits for the
        bundle (see on_serve), so search never lags behind an edit."""
        assert self.indexer is not None
        try:
            self.indexer.finish(site_dir, self.search_pages, wait=not self.serving)
        except SearchIndexError as error:
            raise PluginError(str(error)) from error
