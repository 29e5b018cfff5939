"""The one way to make a site: a checked briefing in, every file of the site out.

The MkDocs plugin, `briefbook render` and the golden files all call `make_site` and
`site_files`, and they all apply `site_needs` to their mkdocs.yml. A new page kind is a
template and a few lines here. Free of MkDocs: what MkDocs does with the files (nav,
HTML, search) is the adapter's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..briefing.model import Briefing
from ..briefing.publishing import dated_claim, with_published_default
from ..contract.kinds import KINDS
from ..problems import BriefingError
from .citation_cache import CitationCache
from .exports import stamp
from .files import ClaimParts
from .html_page import RenderedPage
from .pages import ASSETS, ASSETS_SOURCE, INDEX_PAGES, SCRIPT, STYLESHEET, Renderer
from .prose import DEFAULT_MARKDOWN, NEEDED_EXTENSIONS, ProseConverter
from .template_env import legacy_templates, make_environment, template_problem
from .urls import EVIDENCE_INDEX, Site
from .versions import Versions


@dataclass(frozen=True)
class SiteFile:
    """One file of the site: generated `text`, or a `source` file copied as it is."""

    path: str
    """Relative to the site root: a Markdown page (`claims/x.md`) or a file as served."""
    role: str
    """page, index, redirect, download, feed or asset."""
    text: str | None = None
    source: Path | None = None
    page: RenderedPage | None = None
    """A page's HTML, title and TOC; its `text` is the Markdown file `briefbook render` writes."""
    made_later: bool = False
    """A download listed by its path alone: its text is made elsewhere (see `site_files`)."""

    @property
    def is_page(self) -> bool:
        return self.role in ("page", "index")

    def content(self) -> str:
        if self.made_later:
            raise ValueError(f"{self.path} is made later, by whoever asked for it so (site_files)")
        if self.page is not None:
            return self.page.markdown()
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
        markdown_extensions=NEEDED_EXTENSIONS,
        extra_css=(STYLESHEET,),
        extra_javascript=(SCRIPT,),
        material_features=("content.code.copy",),
        not_in_nav=(*(f"/{kind.folder}/" for kind in KINDS), "/evidence/"),
    )


def make_site(
    briefing: Briefing,
    site: Site,
    templates_dir: Path | None,
    cache: CitationCache | None = None,
    prose: ProseConverter | None = None,
    versions: Versions | None = None,
    published: dt.date | None = None,
) -> Renderer:
    """The renderer of one briefing on one site, with the project's template overrides;
    `prose` converts the data's Markdown with the site's extensions (and caches it).

    A claim without a `published` date of its own takes its first version's (with
    `versions`, the claims' history), else the site's `published`. With a history,
    pages show the dates it gives and a page for every earlier version; the stamps
    hash the claims as written (with the site's date, as they always have)."""
    environment = make_environment(templates_dir)
    prose = prose or ProseConverter(DEFAULT_MARKDOWN)
    if versions is None or not versions.available:
        dated = with_published_default(briefing, published)
        return Renderer(
            dated, site, environment, cache or CitationCache(None), prose=prose, templates_dir=templates_dir
        )
    stamps = {claim.id: stamp(dated_claim(claim, published)) for claim in briefing.claims.values()}
    return Renderer(
        with_published_default(versions.with_dates(briefing), published),
        site,
        environment,
        cache or CitationCache(None),
        versions=versions,
        stamps=stamps,
        prose=prose,
        templates_dir=templates_dir,
    )


def site_files(
    renderer: Renderer,
    *,
    with_home: bool,
    project_root: Path,
    reuse: Callable[[str], RenderedPage | None] | None = None,
    reuse_claim_files: Callable[[str], ClaimParts | None] | None = None,
    late: bool = False,
    downloads_later: bool = False,
) -> list[SiteFile]:
    """Every file the site needs besides hand-written pages: record and index pages (and
    the home page when the project has none), redirects for former claim IDs, downloads
    (exports, citations), feeds and assets, in the order MkDocs lists them.

    A template that fails raises BriefingError with the template's file and line, and
    so does an override written for the Markdown templates of earlier versions.
    `reuse` gives the record pages that need no rendering, `reuse_claim_files` a
    claim's downloads and export entries that need no making (see edit_scope.py). `late`: record pages
    rendered by worker processes come as LatePage, their HTML to be asked for when it
    is needed (the plugin's `mkdocs build`: see page_workers.py). `downloads_later`: the
    downloads and feeds come as paths only (`made_later`), for the caller to make with
    `renderer.outputs.files()` (the plugin's `mkdocs build`, in another process)."""
    legacy = legacy_templates(renderer.templates_dir, project_root)
    if legacy:
        raise BriefingError(legacy)
    try:
        pages = renderer.rendered_pages(with_home, reuse=reuse, late=late)
    except jinja2.TemplateError as error:
        raise BriefingError([template_problem(error, project_root)]) from error
    try:
        # The record pages' workers have started: the downloads are made meanwhile.
        if downloads_later:
            downloads = [SiteFile(path, download_role(path), made_later=True) for path in renderer.outputs.file_paths()]
        else:
            downloads = [
                SiteFile(path, download_role(path), text) for path, text in renderer.outputs.files(reuse_claim_files)
            ]
        files = [
            SiteFile(
                page.path, "index" if page.path in INDEX_PAGES or page.path == EVIDENCE_INDEX else "page", page=page
            )
            for page in pages
        ]
        files += [SiteFile(path, "redirect", html) for path, html in renderer.redirects()]
        files += [SiteFile(path, "redirect", html) for path, html in renderer.version_redirects()]
    except jinja2.TemplateError as error:
        raise BriefingError([template_problem(error, project_root)]) from error
    finally:
        close = getattr(pages, "close", None)
        if close is not None:
            close()  # the workers end, should anything above have failed
    files += downloads
    files += [SiteFile(asset, "asset", source=ASSETS_SOURCE / asset.removeprefix("assets/")) for asset in ASSETS]
    return files


def download_role(path: str) -> str:
    """A download's role: the Atom feeds are `feed`, everything else in /api/ `download`."""
    return "feed" if path.endswith(".xml") else "download"
