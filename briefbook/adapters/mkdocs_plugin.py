"""The MkDocs adapter: load and check in on_config, add pages in on_files.

Everything of substance happens in the library; this module only translates MkDocs
events into library calls and library problems into MkDocs logging and errors.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..briefing.check import CheckResult, check_project
from ..briefing.load import FileReads, Project
from ..briefing.publishing import is_publication, publishing_problems, site_settings_problems
from ..briefing.read_cache import reads_cache_dir
from ..problems import BriefingError, summary_line
from ..site.build import SiteFile, make_site, site_files
from ..site.citation_cache import CitationCache, default_cache_path
from ..site.edit_scope import EditScope
from ..site.files import BackgroundCitations
from ..site.html_page import RenderedPage, with_root_direction
from ..site.jsonld import move_jsonld_to_head
from ..site.language import language_problems
from ..site.page_browser import script_element, search_labels
from ..site.page_workers import LatePage, LateRecords
from ..site.pages import ASSETS_SOURCE, HOME_PAGE, INDEX_PAGES, Renderer
from ..site.prose import MarkdownConfig, ProseConverter
from ..site.sanitize import drop_unsafe_urls
from ..site.search_index import (
    SEARCH_ASSETS,
)
from ..site.template_env import COMPILED, compile_all
from ..site.urls import Site, drop_version_pages
from ..site.workers import can_fork
from .mkdocs_citations import PageCitations
from .mkdocs_downloads import Ahead, DownloadWriter, WrittenFiles
from .mkdocs_files import GeneratedFiles, error_markdown
from .mkdocs_history import PluginHistory
from .mkdocs_options import THEME_OVERRIDES, BriefbookConfig, apply_site_needs
from .mkdocs_pages import BriefbookPage, hand_over, hand_over_late, late_pages_allowed, nav_paths, page_for
from .mkdocs_search import PluginSearch
from .mkdocs_serve import NavTitles, ServeCache, WarningCounter, restore_sigterm, stop_on_sigterm
from .site_config import read_settings, theme_direction
from .theme_blocks import BlockCache
from .theme_nav import NavCache, behind_loader
from .theme_words import ThemeWords

log = get_plugin_logger(__name__)


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
        self.page_citations = PageCitations(None, may_defer=False)
        """Fills each page's citations, or after the last page (see mkdocs_citations.py)."""
        self.files_to_fill: list[File] = []
        """Generated files holding placeholders for citations still being formatted."""
        self.nav_titles = NavTitles()
        """Titles of the nav's pages, for those a `serve --dirty` rebuild does not read."""
        self.scope = EditScope()
        """The last serve build's pages: a rebuild renders only those an edit can change."""
        self.reads = FileReads()
        """What each data file gave: a `serve` rebuild re-reads only the files edited."""
        self.downloads = DownloadWriter()
        """Writes /api/ and the feeds into the site while the pages are made."""
        self.written_files = WrittenFiles()
        """The files the DownloadWriter writes, as MkDocs lists them (kept across rebuilds)."""
        self.to_write: list[tuple[str, str]] = []
        self.publishing = False
        """Whether this build publishes (and so may record permalinks); see publishing.py."""
        self.previous_sigterm: Any = None
        self.search = PluginSearch()
        self.history = PluginHistory()
        self.prose: ProseConverter | None = None
        """The data's Markdown as HTML, cached across `mkdocs serve` rebuilds."""
        self.rendered: dict[str, RenderedPage] = {}
        """Generated pages by path: their HTML replaces what MkDocs converts (a stub)."""
        self.late: LateRecords | None = None
        """Record pages still being rendered by workers (see mkdocs_pages.py)."""
        self.in_nav: set[str] = set()
        """Pages mkdocs.yml's `nav:` names: MkDocs makes their Page (see mkdocs_pages.page_for)."""

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
        self.search.close()
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
        apply_site_needs(config, pagefind=self.search.choose(self.config.search, config))
        self.reads.cache_dir = reads_cache_dir(default_cache_path() if settings.citation_cache else None)
        self.result = check_project(self.project, frozen=settings.frozen, reads=self.reads)
        self.result.problems.extend(site_settings_problems(config.site_url, config.site_author, serving=self.serving))
        self.result.problems.extend(language_problems(str(config.theme.get("language") or "en")))
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
        self.history.read(self.result, settings, cache_path, publishing=self.publishing, serving=self.serving)
        self.report(self.result)
        if self.result.ok:
            site = Site(
                config.site_name,
                config.site_url,
                config.site_author,
                config.use_directory_urls,
                str(config.theme.get("language") or "en"),
                theme_direction(config.theme),
            )
            if self.cache is None or self.cache.path != cache_path:
                self.cache = CitationCache(cache_path)
            markdown = MarkdownConfig(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
            self.prose = prose = ProseConverter.reused(self.prose, markdown, settings.citation_cache)
            self.renderer = make_site(
                self.result.briefing,
                site,
                self.project.templates_dir,
                self.cache,
                prose,
                versions=self.history.versions,
                published=settings.published,
            )
            self.citations = self.renderer.outputs.background
            self.search.start(self.renderer.briefing, self.renderer.views, self.renderer.words)
            # A build formats what the cache lacks in other processes while it goes on,
            # behind placeholders; under serve the pages are compared between rebuilds,
            # so the first build waits for them, formatted on every core (a rebuild after
            # an edit finds all but the edited claim's in the cache).
            self.citations.start(wait=self.serving)
        self.page_citations = PageCitations(self.citations, may_defer=list(config.plugins)[-1:] == ["briefbook"])
        self.files_to_fill = []
        return config

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
                reuse = (
                    self.scope.reuse_for(self.renderer, with_home, self.project.templates_dir) if self.serving else None
                )
                generated = site_files(
                    self.renderer,
                    with_home=with_home,
                    project_root=self.project.root,
                    reuse=reuse,
                    reuse_claim_files=self.scope.reuse_claim_files() if reuse is not None else None,
                    late=late_pages_allowed(config, serving=self.serving),
                    downloads_later=self.downloads_made_apart(),
                )
                if self.serving:
                    self.scope.remember(
                        ((item.path, item.page) for item in generated if item.role == "page" and item.page),
                        self.renderer.outputs.parts,
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
        self.in_nav = set(nav_paths(config.nav))
        self.written_files.begin(config)
        pages: list[str] = []
        made_later: set[str] = set()
        for item in generated:
            file = self.site_file(out, item)
            out.add(file)
            if item.is_page:
                pages.append(file.abs_dest_path)
            elif item.made_later:
                made_later.add(file.abs_dest_path)
        self.start_downloads(config.site_dir, pages, made_later)
        out.serve_content_pages(self.renderer.content_page)
        for asset in SEARCH_ASSETS if self.search.pagefind else ():
            source = ASSETS_SOURCE / asset.removeprefix("assets/")
            out.add(File.generated(config, asset, abs_src_path=str(source)))
        return files

    def site_file(self, out: GeneratedFiles, item: SiteFile) -> File:
        """A generated file as MkDocs sees it: record pages stay out of the nav; a
        download still holding citation placeholders is filled in on_env. Downloads,
        feeds and redirect pages (a claim's current-version URL: one a claim) are
        written by the DownloadWriter, not copied by MkDocs after the pages are made."""
        if item.source is not None:
            return File.generated(out.config, item.path, abs_src_path=str(item.source))
        if item.role in ("download", "feed", "redirect"):
            file = self.written_files.get(item.path)
            if not item.made_later:
                self.to_write.append((file.abs_dest_path, item.content()))
            return file
        inclusion = InclusionLevel.NOT_IN_NAV if item.role == "page" else InclusionLevel.UNDEFINED
        if item.page is not None:
            self.rendered[item.path] = item.page
            if isinstance(item.page, LatePage):  # its HTML comes in on_page_context
                self.late = item.page.records
            page_file = out.generated(
                item.path, "" if isinstance(item.page, LatePage) else item.page.source(), inclusion
            )
            page_for(page_file, out.config, item.page, self.in_nav)
            return page_file
        file = out.generated(item.path, item.content(), inclusion)
        if self.citations is not None and not item.is_page and self.citations.placeholders_in(item.content()):
            self.files_to_fill.append(file)
        return file

    def downloads_made_apart(self) -> bool:
        """Whether a forked process makes the downloads, not only writes them: a build's
        (not serve's, which keeps each claim's parts for the next rebuild) whose citations
        were all in the cache (others are being formatted, or will be formatted when
        first asked for, and kept in the cache: by this process, not by a child)."""
        return not self.serving and can_fork() and self.citations is not None and self.citations.all_cached

    def start_downloads(self, site_dir: str, pages: list[str], made_later: set[str]) -> None:
        """The downloads are written by a thread (a build's that are ready: by a forked
        process, which also makes the pages' files ahead of MkDocs and, when
        `made_later`, the downloads themselves) while MkDocs converts the pages (see
        mkdocs_downloads.py); `made_later`: the destinations of those downloads."""
        assert self.renderer is not None
        forked = not self.serving
        make = self.renderer.outputs.files if made_later else None
        ahead = Ahead(pages, make, frozenset(made_later)) if forked else None
        self.downloads.start_filled(site_dir, self.to_write, self.citations, forked=forked, ahead=ahead)
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
        if self.serving:
            self.nav_titles.read(page)
        if page.file.generated_by is None:
            return html
        if isinstance(page, BriefbookPage):  # its body since render()
            return html
        rendered = self.rendered.get(page.file.src_uri)
        if rendered is None:
            return drop_unsafe_urls(html)
        return "" if isinstance(rendered, LatePage) else hand_over(page, rendered)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.serving:
            self.nav_titles.listed(nav)
        return nav

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """A page rendered by a worker during the build (see mkdocs_pages.py)."""
        rendered = self.rendered.get(page.file.src_uri)
        if isinstance(rendered, LatePage):
            assert self.project is not None and self.result is not None
            try:
                hand_over_late(page, rendered, self.project.root)
            except BriefingError as error:
                self.result.problems.extend(error.problems)
                self.report(self.result)
        return context

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every page is converted; MkDocs copies the files next. The citations formatted
        meanwhile in other processes are collected, and put in the downloads."""
        if env.bytecode_cache is None:  # the theme's templates, compiled once a serve session
            env.bytecode_cache = COMPILED
        env.globals["bb_theme_word"] = ThemeWords(env)  # see overrides/partials/language.html
        behind_loader(env, config, THEME_OVERRIDES)  # see overrides/partials/nav.html
        env.globals["bb_nav"] = NavCache(config)
        env.globals["bb_blocks"] = BlockCache(config)  # see overrides/main.html
        if self.serving:
            self.nav_titles.fill()
        if self.renderer is not None:  # the search box's labels (overrides_pagefind/partials/search.html)
            env.globals["bb_search_words"] = search_labels(self.renderer.words)
        self.search.render_box(env, config)
        if self.citations is not None:
            for file in self.files_to_fill:
                file.content_string = self.citations.fill(file.content_string, in_html=False)
        self.files_to_fill = []
        self.search.list_pages(files, serving=self.serving)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Citations replace their placeholders; structured data moves into <head>; a
        site in another language than English gets the browser script's words."""
        output = self.page_citations.page(output, page.file.abs_dest_path)
        output = move_jsonld_to_head(self.search.mark(output, page.file.src_uri))
        if self.renderer is not None:  # the browser script's words, in the site's language
            output = with_root_direction(output, self.renderer.site.direction)
            strings = script_element(self.renderer.words)
            if strings and "</body>" in output:
                head, _, tail = output.rpartition("</body>")
                output = f"{head}{strings}\n</body>{tail}"
        self.search.add(output, page.url)
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
        self.search.abandon()

    def close_citations(self) -> None:
        """Also ends the workers of record pages rendered late, if any."""
        if self.late is not None:
            self.late.close()
            self.late = None
        if self.citations is not None:
            self.citations.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.project is not None
        for folder in (self.project.data_dir, self.project.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        self.search.wait_in(server)
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.warnings_logged.reset()
        logging.getLogger("mkdocs").addHandler(self.warnings_logged)
        self.search.begin()  # not while serving errors

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """A successful publishing build records new permalinks (never while serving,
        never in a preview: see publishing.py).

        MkDocs runs this event before `--strict` turns warnings into a failure, so a
        strict build that logged a warning records nothing: it is going to fail."""
        logging.getLogger("mkdocs").removeHandler(self.warnings_logged)
        if self.renderer is not None:  # Pagefind writes its bundle while the build ends
            self.search.finish(Path(config.site_dir))
        try:
            self.downloads.join()  # before close_citations: it may still be filling them in
        except OSError as error:
            raise PluginError(f"could not write the downloads into {config.site_dir}: {error}") from error
        self.page_citations.finish()
        self.close_citations()
        if self.renderer is not None:
            self.search.settle(serving=self.serving)
        if self.cache is not None:
            self.cache.save()
        if self.prose is not None:
            self.prose.save()
        if self.serving and self.renderer is not None:  # for the first rebuild (see compile_all)
            threading.Thread(
                target=compile_all, args=(self.renderer.env,), name="briefbook-compile", daemon=True
            ).start()
        if self.result is None or not self.publishing or self.config.frozen:
            return
        if config.strict and (self.warnings_logged.count or self.result.problems.warnings):
            return
        added = self.result.record_new_permalinks()
        if added:
            log.info(f"added {len(added)} new permalink(s) to {self.result.ledger.shown}")
        self.history.record()
