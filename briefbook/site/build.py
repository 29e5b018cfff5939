"""The one way to make a site: a checked briefing in, every file of the site out.

The MkDocs plugin, `briefbook render` and the golden files all call `make_site` and
`site_files`, and they all apply `site_needs` to their mkdocs.yml. A new page kind is a
template and a few lines here. Free of MkDocs: what MkDocs does with the files (nav,
HTML, search) is the adapter's business.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..briefing.model import Briefing
from ..contract.kinds import KINDS
from ..problems import BriefingError
from .citation_cache import CitationCache
from .pages import ASSETS, ASSETS_SOURCE, INDEX_PAGES, SCRIPT, STYLESHEET, Renderer, make_environment, template_problem
from .urls import Site


@dataclass(frozen=True)
class SiteFile:
    """One file of the site: generated `text`, or a `source` file copied as it is."""

    path: str
    """Relative to the site root: a Markdown page (`claims/x.md`) or a file as served."""
    role: str
    """page, index, redirect, download, feed or asset."""
    text: str | None = None
    source: Path | None = None

    @property
    def is_page(self) -> bool:
        return self.role in ("page", "index")

    def content(self) -> str:
        return self.text if self.text is not None else Path(str(self.source)).read_text("utf-8")


@dataclass(frozen=True)
class SiteNeeds:
    """What the generated pages need from mkdocs.yml."""

    markdown_extensions: dict[str, dict]
    """The Markdown extensions pages are written for, with the settings they need."""
    extra_css: tuple[str, ...]
    extra_javascript: tuple[str, ...]
    material_features: tuple[str, ...]
    """Material for MkDocs features the pages use (copy buttons on the citation formats)."""
    not_in_nav: tuple[str, ...]
    """Folders of record pages: listed on index pages, never one by one in the nav."""


def site_needs() -> SiteNeeds:
    return SiteNeeds(
        markdown_extensions={
            "tables": {},
            "admonition": {},
            "attr_list": {},
            "md_in_html": {},
            "def_list": {},
            "toc": {},
            "pymdownx.superfences": {},
            "pymdownx.tabbed": {"alternate_style": True},
        },
        extra_css=(STYLESHEET,),
        extra_javascript=(SCRIPT,),
        material_features=("content.code.copy",),
        not_in_nav=tuple(f"/{kind.folder}/" for kind in KINDS),
    )


def make_site(
    briefing: Briefing, site: Site, templates_dir: Path | None, cache: CitationCache | None = None
) -> Renderer:
    """The renderer of one briefing on one site, with the project's template overrides."""
    return Renderer(briefing, site, make_environment(templates_dir), cache or CitationCache(None))


def site_files(
    renderer: Renderer,
    *,
    with_home: bool,
    project_root: Path,
    reuse: Callable[[str], str | None] | None = None,
    reuse_claim_files: Callable[[str], list[tuple[str, str]] | None] | None = None,
) -> list[SiteFile]:
    """Every file the site needs besides hand-written pages: record and index pages (and
    the home page when the project has none), redirects for former claim IDs, downloads
    (exports, citations), feeds and assets, in the order MkDocs lists them.

    A template that fails raises BriefingError with the template's file and line.
    `reuse` gives the text of record pages that need no rendering, `reuse_claim_files`
    a claim's downloads that need no making (see edit_scope.py)."""
    try:
        files = [
            SiteFile(path, "index" if path in INDEX_PAGES else "page", markdown)
            for path, markdown in renderer.pages(with_home, reuse)
        ]
        files += [SiteFile(path, "redirect", html) for path, html in renderer.redirects()]
    except jinja2.TemplateError as error:
        raise BriefingError([template_problem(error, project_root)]) from error
    files += [
        SiteFile(path, "feed" if path.endswith(".xml") else "download", text)
        for path, text in renderer.outputs.files(reuse_claim_files)
    ]
    files += [SiteFile(asset, "asset", source=ASSETS_SOURCE / asset.removeprefix("assets/")) for asset in ASSETS]
    return files
