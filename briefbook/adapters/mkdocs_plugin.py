"""The MkDocs adapter: load and check in on_config, add pages in on_files.

Everything of substance happens in the library; this module only translates MkDocs
events into library calls and library problems into MkDocs logging and errors.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
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
from ..plugin_free import REQUIRED_EXTENSIONS
from ..problems import Position, summary_line
from ..site.citations import CitationCache, default_cache_path
from ..site.jsonld import move_jsonld_to_head
from ..site.pages import (
    ASSETS,
    ASSETS_SOURCE,
    HOME_PAGE,
    INDEX_PAGES,
    SCRIPT,
    STYLESHEET,
    Renderer,
    Site,
    make_environment,
    template_problem,
)
from ..site.parallel import render_pages
from ..site.workers import available_workers

log = get_plugin_logger(__name__)


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
    citation_cache = opt.Type(bool, default=True)
    """Keep formatted citations in the user's cache folder between builds (they are slow
    to format); BRIEFBOOK_CACHE=0 also turns it off."""


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
        self.files_to_fill: list[File] = []
        """Downloads holding placeholders for citations still being formatted."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.serve_cache = ServeCache(Path(tempfile.mkdtemp(prefix="briefbook-serve-")))
            if not dirty:
                log.info(
                    "`mkdocs serve --dirty` (what `make serve` runs) rebuilds only the pages an edit changes, "
                    "several times faster than rebuilding the whole site"
                )

    def on_shutdown(self) -> None:
        if self.serve_cache is not None:
            self.serve_cache.remove()
            self.serve_cache = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.project = Project(
            root, root / self.config.data_dir, root / self.config.templates_dir, Path(config.docs_dir).resolve()
        )
        for name, settings in REQUIRED_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, {}).update(settings)
        if config.theme.name == "material":  # copy buttons on the citation formats
            features = config.theme["features"] = list(config.theme.get("features") or [])
            if "content.code.copy" not in features:
                features.append("content.code.copy")
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        self.result = check_project(self.project, frozen=self.config.frozen)
        if not config.site_url and not self.serving:
            self.result.problems.warning(
                Position("mkdocs.yml"),
                "site_url is not set: permalinks in citations, exports and feeds need the site's public address; "
                "add site_url: https://... to mkdocs.yml (feeds are left out until then)",
            )
        self.renderer = None
        self.report(self.result)
        if self.result.ok:
            site = Site(config.site_name, config.site_url, config.site_author, config.use_directory_urls)
            cache_path = default_cache_path() if self.config.citation_cache else None
            if self.cache is None or self.cache.path != cache_path:
                self.cache = CitationCache(cache_path)
            env = make_environment(self.project.templates_dir)
            self.renderer = Renderer(self.result.briefing, site, env, self.cache)
            if not self.serving:  # serve rebuilds find them cached; the first one waits
                self.renderer.outputs.start_citations(wait=False)
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
        if self.renderer is not None:
            try:
                with_home = files.get_file_from_path(HOME_PAGE[0]) is None
                # Cores left idle by MkDocs share the rendering, unless citations are
                # being formatted on them (and never while serving: one edit, few pages).
                busy = self.serving or self.renderer.outputs.formatting_in_background()
                pages = render_pages(self.renderer, with_home, 0 if busy else available_workers())
                redirects = list(self.renderer.redirects())
            except jinja2.TemplateError as error:
                assert self.result is not None and self.project is not None
                self.result.problems.append(template_problem(error, self.project.root))
                self.renderer.outputs.cancel_citations()
                self.renderer = None
                self.report(self.result)
        if self.renderer is None:
            self.add_error_pages(files, config)
            return files
        for path, markdown in pages:
            inclusion = InclusionLevel.UNDEFINED if path in INDEX_PAGES else InclusionLevel.NOT_IN_NAV
            self.add(files, config, self.generated(config, path, markdown, inclusion))
        for path, page_html in redirects:
            self.add(files, config, self.generated(config, path, page_html))
        for path, text in self.renderer.outputs.files():
            file = self.generated(config, path, text)
            self.add(files, config, file)
            if self.renderer.outputs.has_placeholders(text):
                self.files_to_fill.append(file)
        if self.serve_cache is not None:
            self.resolve_content_pages(files, config)
        for asset in ASSETS:
            source = ASSETS_SOURCE / asset.removeprefix("assets/")
            self.add(files, config, File.generated(config, asset, abs_src_path=str(source)))
        return files

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

    def resolve_content_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`: hand-written pages whose links or key judgments depend
        on the data are replaced by their resolved text, so a data edit marks them changed."""
        assert self.renderer is not None and self.serve_cache is not None
        for file in list(files.documentation_pages()):
            if file.generated_by is not None or file.abs_src_path is None:
                continue
            text = Path(file.abs_src_path).read_text("utf-8")
            resolved = self.renderer.content_page(text, file.src_uri)
            if resolved != text:
                files.remove(file)
                files.append(self.generated(config, file.src_uri, resolved, file.inclusion))

    def add(self, files: Files, config: MkDocsConfig, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None and existing.generated_by is None:
            raise PluginError(
                f"{Path(config.docs_dir).name}/{file.src_uri} is a hand-written page at a path briefbook "
                "generates; rename or move it (to change a generated page, override its template in templates/)"
            )
        files.append(file)

    def add_error_pages(self, files: Files, config: MkDocsConfig) -> None:
        """While serving with errors: every index page shows the problems instead of content."""
        for path in INDEX_PAGES:
            if files.get_file_from_path(path) is None:
                files.append(
                    File.generated(config, path, content=self.error_markdown(), inclusion=InclusionLevel.UNDEFINED)
                )

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

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every page is converted; MkDocs copies the files next. The citations formatted
        meanwhile in other processes are collected, and put in the downloads."""
        if self.renderer is not None:
            outputs = self.renderer.outputs
            outputs.finish_citations()
            for file in self.files_to_fill:
                file.content_string = outputs.fill_file(file.content_string)
        self.files_to_fill = []
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Citations replace their placeholders; structured data moves into <head>."""
        if self.renderer is not None:
            output = self.renderer.outputs.fill_page(output)
        return move_jsonld_to_head(output)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build does not wait for citations nobody will read."""
        if self.renderer is not None:
            self.renderer.outputs.cancel_citations()

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
        """A successful publishing build records new permalinks (never while serving).

        MkDocs runs this event before `--strict` turns warnings into a failure, so a
        strict build that logged a warning records nothing: it is going to fail."""
        logging.getLogger("mkdocs").removeHandler(self.warnings_logged)
        if self.cache is not None:
            self.cache.save()
        if self.result is None or self.serving or self.config.frozen:
            return
        if config.strict and (self.warnings_logged.count or self.result.problems.warnings):
            return
        added = self.result.record_new_permalinks()
        if added:
            log.info(f"added {len(added)} new permalink(s) to {self.result.ledger.shown}")
