"""A generated page's HTML handed to MkDocs: its body, TOC and anchors in
`on_page_content`, or, for a record page the workers are still rendering (a `mkdocs
build`), just before MkDocs puts it in the theme, in `on_page_context`.

Late pages let the record pages render on the other cores while MkDocs reads every
page, builds the nav and writes the pages before them, instead of MkDocs waiting for
all of them in `on_files` (at 5,000 claims, rendering 6,800 pages kept both cores busy
while MkDocs, on one core, could do nothing). A page's HTML is the same either way;
only when MkDocs receives it differs. So they are used only when no other plugin could
read a page's content before `on_page_context` (briefbook is the only plugin listed),
and never under `mkdocs serve` (whose rebuilds compare each page's text: see
edit_scope.py)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..problems import BriefingError
from ..site.html_page import RenderedPage
from ..site.page_workers import LatePage
from ..site.template_env import template_problem


def late_pages_allowed(config: MkDocsConfig, *, serving: bool) -> bool:
    """Whether record pages may reach MkDocs late (see the module's docstring)."""
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
