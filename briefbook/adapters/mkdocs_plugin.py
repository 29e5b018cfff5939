"""The MkDocs adapter: load and check in on_config, add pages in on_files.

Everything of substance happens in the library; this module only translates MkDocs
events into library calls and library problems into MkDocs logging and errors.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..briefing.check import CheckResult, check_project
from ..briefing.load import Project
from ..briefing.publishing import is_publication, publishing_problems, with_published_default
from ..problems import BriefingError, Position, summary_line
from ..site.build import SiteFile, make_site, site_files, site_needs
from ..site.citation_cache import CitationCache, default_cache_path
from ..site.files import BackgroundCitations
from ..site.jsonld import move_jsonld_to_head
from ..site.pages import ASSETS_SOURCE, HOME_PAGE, INDEX_PAGES, Renderer
from ..site.sanitize import drop_unsafe_urls
from ..site.search_index import (
    SEARCH_ASSETS,
    SEARCH_ENGINES,
    SEARCH_SCRIPT,
    SEARCH_STYLESHEET,
    SearchConfigError,
    SearchIndexError,
    SearchMarkup,
    build_index,
    choose_engine,
)
from ..site.urls import Site
from .site_config import read_settings

log = get_plugin_logger(__name__)
THEME_OVERRIDES = Path(__file__).parent / "overrides"
"""Material partials briefbook replaces (see overrides/partials/toc.html)."""
PAGEFIND_OVERRIDES = Path(__file__).parent / "overrides_pagefind"
"""Material's header with the search box shown without Material's search plugin, and
the search box itself (see overrides_pagefind/partials/): only when Pagefind is the search."""


class WarningCounter(logging.Handler):
    """Counts warnings MkDocs logs during a build (as MkDocs itself does for --strict)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def reset(self) -> None:
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class ServeCache:
    """A folder of generated files for one `mkdocs serve` session. A file keeps its
    modification time while its text stays the same, which is what MkDocs' dirty
    rebuilds compare."""

    def __init__(self, folder: Path):
        self.folder = folder

    def write(self, path: str, text: str) -> Path:
        target = self.folder / path
        data = text.encode("utf-8")
        if not (target.is_file() and target.read_bytes() == data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return target

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class BriefbookConfig(Config):
    data_dir = opt.Type(str, default="data")
    """Folder of the YAML data, relative to mkdocs.yml."""
    templates_dir = opt.Type(str, default="templates")
    """Folder of template overrides, relative to mkdocs.yml; it may be absent."""
    frozen = opt.Type(bool, default=False)
    """Fail instead of adding new IDs to data/permalinks.lock (for CI)."""
    preview = opt.Type(bool, default=False)
    """This build is a preview on purpose (e.g. CI building an unpublished example): it
    records no permalink, and a local site_url is not warned about."""
    published = opt.Optional(opt.Type((str, dt.date)))
    """The date a claim without its own `published` counts as first published (YYYY-MM-DD)."""
    citation_cache = opt.Type(bool, default=True)
    """Keep formatted citations in the user's cache folder between builds (they are slow
    to format); BRIEFBOOK_CACHE=0 also turns it off."""
    search = opt.Optional(opt.Choice(SEARCH_ENGINES))
    """`pagefind` (the default) or `material` (Material's own search plugin, which must be
    listed); unset, Material's is kept where mkdocs.yml lists it (see search_index.py)."""


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
        """Downloads holding placeholders for citations still being formatted."""
        self.publishing = False
        """Whether this build publishes (and so may record permalinks); see publishing.py."""
        self.previous_sigterm: Any = None
        self.search_markup: SearchMarkup | None = None
        """Pagefind's attributes for the pages, when Pagefind is the search."""
        self.pagefind = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.serve_cache = ServeCache(Path(tempfile.mkdtemp(prefix="briefbook-serve-")))
            self.stop_on_sigterm()
            if not dirty:
                log.info(
                    "`mkdocs serve --dirty` (what `make serve` runs) rebuilds only the pages an edit changes, "
                    "several times faster than rebuilding the whole site"
                )

    def stop_on_sigterm(self) -> None:
        """SIGTERM (what process managers and editors send) stops `mkdocs serve` the way
        Ctrl-C does, so MkDocs runs on_shutdown and the session folders are removed;
        by default SIGTERM ends the process on the spot and leaves them behind."""
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return  # someone else handles it

        def interrupt(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        self.previous_sigterm = signal.signal(signal.SIGTERM, interrupt)

    def on_shutdown(self) -> None:
        if self.serve_cache is not None:
            self.serve_cache.remove()
            self.serve_cache = None
        if self.previous_sigterm is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self.previous_sigterm)
            self.previous_sigterm = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            settings = read_settings(dict(self.config))
        except BriefingError as error:
            raise PluginError(str(error)) from error
        self.project = settings.project(root, config.docs_dir)
        apply_site_needs(config)
        # Theme partials briefbook needs for valid HTML on pages outside the nav, after
        # the project's own custom_dir, before Material's.
        if config.theme.name == "material" and str(THEME_OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))
        try:
            listed = any(name in config.plugins for name in ("search", "material/search"))
            self.pagefind = choose_engine(self.config.search, listed) == "pagefind"
        except SearchConfigError as error:
            raise PluginError(str(error)) from error
        if self.pagefind and config.theme.name == "material":  # the search box without Material's plugin
            if str(PAGEFIND_OVERRIDES) not in config.theme.dirs:
                config.theme.dirs.insert(config.theme.dirs.index(str(THEME_OVERRIDES)), str(PAGEFIND_OVERRIDES))
            if SEARCH_STYLESHEET not in config.extra_css:
                config.extra_css.append(SEARCH_STYLESHEET)
            if SEARCH_SCRIPT not in config.extra_javascript:
                config.extra_javascript.append(SEARCH_SCRIPT)
        self.search_markup = None
        self.result = check_project(self.project, frozen=settings.frozen)
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
        self.report(self.result)
        if self.result.ok:
            site = Site(config.site_name, config.site_url, config.site_author, config.use_directory_urls)
            cache_path = default_cache_path() if settings.citation_cache else None
            if self.cache is None or self.cache.path != cache_path:
                self.cache = CitationCache(cache_path)
            briefing = with_published_default(self.result.briefing, settings.published)
            self.renderer = make_site(briefing, site, self.project.templates_dir, self.cache)
            self.citations = self.renderer.outputs.background
            if self.pagefind:
                self.search_markup = SearchMarkup(self.renderer.briefing, self.renderer.views)
            if not self.serving:  # serve rebuilds find them cached; the first one waits
                self.citations.start(wait=False)
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
                generated = site_files(self.renderer, with_home=with_home, project_root=self.project.root)
            except BriefingError as error:  # a template that fails, at its file and line
                self.result.problems.extend(error.problems)
                self.close_citations()
                self.renderer = None
                self.report(self.result)
        if self.renderer is None:
            self.add_error_pages(files, config)
            return files
        for item in generated:
            self.add(files, config, self.site_file(config, item))
        if self.serve_cache is not None:
            self.serve_content_pages(files, config, self.renderer.content_page)
        for asset in SEARCH_ASSETS if self.pagefind else ():
            source = ASSETS_SOURCE / asset.removeprefix("assets/")
            self.add(files, config, File.generated(config, asset, abs_src_path=str(source)))
        return files

    def site_file(self, config: MkDocsConfig, item: SiteFile) -> File:
        """A generated file as MkDocs sees it: record pages stay out of the nav; a
        download still holding citation placeholders is filled in on_env."""
        if item.source is not None:
            return File.generated(config, item.path, abs_src_path=str(item.source))
        inclusion = InclusionLevel.NOT_IN_NAV if item.role == "page" else InclusionLevel.UNDEFINED
        file = self.generated(config, item.path, item.content(), inclusion)
        if self.citations is not None and not item.is_page and self.citations.placeholders_in(item.content()):
            self.files_to_fill.append(file)
        return file

    def generated(
        self, config: MkDocsConfig, path: str, text: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED
    ) -> File:
        """A generated file: in memory for a build; under `mkdocs serve`, a file in the
        session's cache, rewritten only when its text changed, so that `mkdocs serve
        --dirty` rebuilds just the pages an edit affected."""
        if self.serve_cache is None:
            return File.generated(config, path, content=text, inclusion=inclusion)
        source = self.serve_cache.write(path, text)
        return File.generated(config, path, abs_src_path=str(source), inclusion=inclusion)

    def serve_content_pages(self, files: Files, config: MkDocsConfig, transform: Any) -> None:
        """Under `mkdocs serve`: every hand-written page is served from the session
        folder as `transform` makes it (links resolved, or the error notice on top), so a
        data edit, an error or its fix changes the file that `--dirty` compares, and the
        page is rebuilt. (Left in place, a page would keep whatever the build before
        wrote: the error notice after the error was fixed.)"""
        assert self.serve_cache is not None
        for file in list(files.documentation_pages()):
            if file.generated_by is not None or file.abs_src_path is None:
                continue
            text = Path(file.abs_src_path).read_text("utf-8-sig")
            files.remove(file)
            files.append(self.generated(config, file.src_uri, transform(text, file.src_uri), file.inclusion))

    def add(self, files: Files, config: MkDocsConfig, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None and existing.generated_by is None:
            raise PluginError(
                f"{Path(config.docs_dir).name}/{file.src_uri} is a hand-written page at a path briefbook "
                "generates; rename or move it (to change a generated page, override its template in templates/)"
            )
        files.append(file)

    def add_error_pages(self, files: Files, config: MkDocsConfig) -> None:
        """While serving with errors: the home page and every index page show the
        problems (hand-written pages keep their text below them)."""
        notice = self.error_markdown()
        for path in [HOME_PAGE[0], *INDEX_PAGES]:
            if files.get_file_from_path(path) is None:
                files.append(self.generated(config, path, notice))
        if self.serve_cache is not None:
            self.serve_content_pages(files, config, lambda text, _uri: notice + text)

    def error_markdown(self) -> str:
        assert self.result is not None
        problems = self.result.sorted_problems()
        lines = "\n".join(f"    {html.escape(str(p))}" for p in problems)
        return (
            f'!!! failure "The briefing data has errors ({summary_line(problems)})"\n\n'
            "    Fix them and save: this page rebuilds by itself.\n\n"
            f"    <pre><code>\n{lines}\n    </code></pre>\n\n"
        )

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is not None:
            return markdown
        if self.renderer is None:
            return self.error_markdown() + markdown
        return self.renderer.content_page(markdown, page.file.src_uri)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's HTML passes the same allow-list of link targets as its data
        did (see sanitize.py): a second net, independent of the Markdown scanner."""
        if page.file.generated_by is None:
            return html
        return drop_unsafe_urls(html)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every page is converted; MkDocs copies the files next. The citations formatted
        meanwhile in other processes are collected, and put in the downloads."""
        if self.citations is not None:
            for file in self.files_to_fill:
                file.content_string = self.citations.fill(file.content_string, in_html=False)
        self.files_to_fill = []
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Citations replace their placeholders; structured data moves into <head>."""
        if self.citations is not None:
            output = self.citations.fill(output, in_html=True)
        if self.search_markup is not None:
            output = self.search_markup.mark(output, page.file.src_uri)
        return move_jsonld_to_head(output)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build does not wait for citations nobody will read."""
        self.close_citations()

    def close_citations(self) -> None:
        if self.citations is not None:
            self.citations.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.project is not None
        for folder in (self.project.data_dir, self.project.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.warnings_logged.reset()
        logging.getLogger("mkdocs").addHandler(self.warnings_logged)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """A successful publishing build records new permalinks (never while serving,
        never in a preview: see publishing.py).

        MkDocs runs this event before `--strict` turns warnings into a failure, so a
        strict build that logged a warning records nothing: it is going to fail."""
        logging.getLogger("mkdocs").removeHandler(self.warnings_logged)
        self.close_citations()
        if self.search_markup is not None and self.renderer is not None:  # not while serving errors
            self.index_for_search(Path(config.site_dir))
        if self.cache is not None:
            self.cache.save()
        if self.result is None or not self.publishing or self.config.frozen:
            return
        if config.strict and (self.warnings_logged.count or self.result.problems.warnings):
            return
        added = self.result.record_new_permalinks()
        if added:
            log.info(f"added {len(added)} new permalink(s) to {self.result.ledger.shown}")

    def index_for_search(self, site_dir: Path) -> None:
        """Pagefind indexes the site just written (under `serve` too, before the browser
        reloads, so search never lags behind an edit)."""
        try:
            pages = build_index(site_dir)
        except SearchIndexError as error:
            raise PluginError(str(error)) from error
        log.debug(f"Pagefind indexed {pages} pages")


def apply_site_needs(config: MkDocsConfig) -> None:
    """Add what the generated pages need (see `site_needs`) to the user's mkdocs.yml,
    keeping whatever the user set."""
    needs = site_needs()
    for name, settings in needs.markdown_extensions.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, {}).update(settings)
    if config.theme.name == "material":
        features = config.theme["features"] = list(config.theme.get("features") or [])
        features += [feature for feature in needs.material_features if feature not in features]
    for css in needs.extra_css:
        if css not in config.extra_css:
            config.extra_css.append(css)
    for script in needs.extra_javascript:
        if script not in config.extra_javascript:
            config.extra_javascript.append(script)
