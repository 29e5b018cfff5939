"""The plugin's search: Pagefind (the default) or Material's own plugin, chosen in
on_config; with Pagefind, each page is marked and handed to Pagefind's indexing process
as MkDocs writes it, and the bundle is written after the build (under `serve`, while
the browser reloads: a search waits for it, so it never shows the text before an edit).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files, InclusionLevel

from ..briefing.model import Briefing
from ..briefing.views import Views
from ..site.page_words import PageWords
from ..site.search_index import (
    OUTPUT_FOLDER,
    PageIndexer,
    SearchConfigError,
    SearchIndexError,
    SearchMarkup,
    choose_engine,
    search_url,
)
from .mkdocs_options import PAGEFIND_OVERRIDES


class PluginSearch:
    """One `mkdocs build` or `serve` session's search (kept across serve rebuilds)."""

    def __init__(self) -> None:
        self.pagefind = False
        self.markup: SearchMarkup | None = None
        """Pagefind's attributes for the pages, while the site shows a briefing."""
        self.indexer: PageIndexer | None = None
        """Pagefind, fed each page as it is written; kept across `serve` rebuilds."""
        self.pages: dict[str, Path] = {}
        """URL → HTML file of every page of this build (what the index must hold)."""

    def choose(self, option: str | None, config: MkDocsConfig) -> bool:
        """Whether Pagefind is the search (`search:` option, or Material's plugin listed)."""
        try:
            listed = any(name in config.plugins for name in ("search", "material/search"))
            self.pagefind = choose_engine(option, listed) == "pagefind"
        except SearchConfigError as error:
            raise PluginError(str(error)) from error
        self.markup = None
        return self.pagefind

    def start(self, briefing: Briefing, views: Views, words: PageWords | None = None) -> None:
        """A briefing to index (not while the site shows errors instead), in the site's language."""
        if self.pagefind:
            self.markup = SearchMarkup(briefing, views, words)
            self.indexer = self.indexer or PageIndexer()

    @property
    def active(self) -> bool:
        return self.markup is not None and self.indexer is not None

    def begin(self) -> None:
        if self.active:
            assert self.indexer is not None
            try:
                self.indexer.begin()
            except SearchIndexError as error:
                raise PluginError(str(error)) from error

    def list_pages(self, files: Files, *, serving: bool) -> None:
        """Every page of this build, as the index must hold them."""
        included = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
        self.pages = {search_url(f.url): Path(f.abs_dest_path) for f in files.documentation_pages(inclusion=included)}

    def render_box(self, env: jinja2.Environment, config: MkDocsConfig) -> None:
        """The search box (overrides_pagefind/partials/search.html), rendered once a
        build as the global `bb_search_box` that partials/header.html prints (it was
        rendered for every page: its icons read from disk, its words looked up each
        time). Its HTML depends on the theme's configuration and language and
        bb_search_words, never on the page (no URL in it), so every page gets the same
        bytes as before. A project's own partials/search.html (custom_dir) may depend
        on the page: the box is then rendered with each page, as before."""
        env.globals.pop("bb_search_box", None)
        if not self.pagefind or self.markup is None:
            return
        assert env.loader is not None
        _source, filename, _uptodate = env.loader.get_source(env, "partials/search.html")
        if Path(str(filename)).resolve() != (PAGEFIND_OVERRIDES / "partials" / "search.html").resolve():
            return
        box = env.from_string(
            '{% import "partials/language.html" as lang with context %}{% include "partials/search.html" %}'
        )
        env.globals["bb_search_box"] = box.render(config=config)

    def mark(self, output: str, src_uri: str) -> str:
        """A page's HTML with Pagefind's attributes (what it indexes, its filters)."""
        return self.markup.mark(output, src_uri) if self.markup is not None else output

    def add(self, output: str, url: str) -> None:
        if self.active:
            assert self.indexer is not None
            try:
                self.indexer.add(output, search_url(url))
            except SearchIndexError as error:  # raised by the first page's (see PageIndexer.begin)
                raise PluginError(str(error)) from error

    def finish(self, site_dir: Path) -> None:
        """Pagefind has parsed the pages while they were written; its bundle is written
        now, by Pagefind's process while the build does its last work (`settle` waits
        for it). Under `serve` the browser reloads meanwhile, and a search waits for the
        bundle (see wait_in), so search never lags behind an edit."""
        if not self.active:
            return
        assert self.indexer is not None
        try:
            self.indexer.finish(site_dir, self.pages, wait=False)
        except SearchIndexError as error:
            raise PluginError(str(error)) from error

    def settle(self, *, serving: bool) -> None:
        """A build ends once the bundle is written (not `serve`'s: see finish)."""
        if not self.active or serving:
            return
        assert self.indexer is not None
        try:
            self.indexer.wait()
        except SearchIndexError as error:
            raise PluginError(str(error)) from error

    def abandon(self) -> None:
        """A failed build: the index in place stays."""
        if self.indexer is not None:
            self.indexer.abandon()

    def close(self) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    def wait_in(self, server: LiveReloadServer) -> None:
        """The page reloads as soon as it is rebuilt; a search request waits until the
        index holds the edit (Pagefind writes it meanwhile)."""
        serve = server.get_app()
        assert serve is not None
        search_folder = f"/{OUTPUT_FOLDER}/"

        def wait_for_search(environ: dict[str, Any], start_response: Any) -> Any:
            if self.indexer is not None and search_folder in environ.get("PATH_INFO", ""):
                self.indexer.ready.wait(timeout=120)
            return serve(environ, start_response)

        server.set_app(wait_for_search)
