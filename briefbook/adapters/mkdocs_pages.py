"""A generated page's HTML handed to MkDocs: its body, TOC and anchors in
`on_page_content`, or, for a page the workers are still rendering (a `mkdocs build`
with many records: the record pages, then the index, evidence and version pages), just
before MkDocs puts it in the theme, in `on_page_context`.

Late pages let them render on the other cores while MkDocs reads every page, builds
the nav and writes the pages before them, instead of MkDocs waiting for all of them in
`on_files` (at 5,000 claims, rendering 6,800 pages kept both cores busy while MkDocs,
on one core, could do nothing; the ten index pages alone then took 2.5 s of the
build's own process). An index page named in mkdocs.yml's `nav:` keeps MkDocs' Page
and the nav's title either way (its file sets none). A page's HTML is the same either way;
only when MkDocs receives it differs. So they are used only when no other plugin could
read a page's content before `on_page_context` (briefbook is the only plugin listed),
and never under `mkdocs serve` (whose rebuilds compare each page's text: see
edit_scope.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..problems import BriefingError
from ..site.html_page import RenderedPage
from ..site.page_workers import LatePage
from ..site.template_env import template_problem


def late_pages_allowed(config: MkDocsConfig, *, serving: bool) -> bool:
    """Whether generated pages may reach MkDocs late (see the module's docstring)."""
    return not serving and list(config.plugins) == ["briefbook"]


def hand_over(page: Page, rendered: RenderedPage) -> str:
    """Set the page's TOC and anchors from briefbook's HTML; the body to use."""
    page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
    page.present_anchor_ids = set(rendered.anchors)
    return rendered.html


def hand_over_late(page: Page, late: LatePage, project_root: Path) -> None:
    """The page's HTML, title and TOC, once its worker has rendered it; a template's
    error there is raised as BriefingError at the template's file and line."""
    try:
        rendered = late.ready()
    except jinja2.TemplateError as error:
        raise BriefingError([template_problem(error, project_root)]) from error
    page.content = hand_over(page, rendered)
    page.meta.update(rendered.meta())


class BriefbookPage(Page):
    """A generated page whose HTML briefbook wrote: MkDocs reads and renders it without
    a Markdown instance (one a page cost ~0.4 ms, 6,800 times at 5,000 claims, for a
    stub whose HTML was thrown away in `on_page_content`).

    Safe within MkDocs' plugin API: MkDocs 1.6 keeps a `File.page` a plugin sets in
    `on_files` (mkdocs#3366; Material's blog plugin makes its pages so), and builds it
    through the same `_populate_page`: every page event still runs, in order. What the
    page holds at each step is what the stub conversion left, except that its content is
    the body from `render()` on, so a plugin reading `page.content` in `on_page_content`
    sees it even when listed before briefbook (it saw an empty page). `read_source` asks
    `on_page_read_source` first, like MkDocs; without an answer, the page's Markdown and
    meta are what MkDocs would parse from the file (`RenderedPage.source()`), made
    without the file (the same meta a late page gets). A page still rendering
    (LatePage) gets its body in `on_page_context`, as before. Pages listed in mkdocs.yml's
    own `nav:` keep MkDocs' Page, whose title the nav sets (see `page_for`)."""

    def __init__(self, file: File, config: MkDocsConfig, rendered: RenderedPage):
        super().__init__(None, file, config)
        self.rendered = rendered

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:  # another plugin's source: as MkDocs reads it
            super().read_source(config)
            return
        late = isinstance(self.rendered, LatePage)
        self.markdown = "" if late else self.rendered.html.lstrip("\n")
        self.meta = {} if late else self.rendered.meta()

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """The body briefbook rendered, its TOC and anchors (what `on_page_content`
        set after the stub's conversion); a late page's come in `on_page_context`."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self._title_from_render = None
        self.links_to_anchors = {}
        if isinstance(self.rendered, LatePage):
            self.content, self.toc, self.present_anchor_ids = "", get_toc([]), set()
        else:
            self.content = hand_over(self, self.rendered)


def nav_paths(nav: Any) -> Iterator[str]:
    """Every page path named in mkdocs.yml's `nav:` (strings anywhere in it)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)


def page_for(file: File, config: MkDocsConfig, rendered: RenderedPage, in_nav: set[str]) -> None:
    """Make `file` a BriefbookPage, unless mkdocs.yml's `nav:` names it: MkDocs gives a
    page the nav's title only when it makes the Page itself (nav._data_to_navigation)."""
    if file.src_uri not in in_nav:
        BriefbookPage(file, config, rendered)
