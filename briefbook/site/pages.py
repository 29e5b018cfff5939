"""Briefing → {path: HTML page}: every generated page, from Jinja HTML templates.

Templates come from the project's `templates/` folder first and the built-ins
second; `builtin/NAME` always names the built-in, so an override can extend the
template it replaces (Pelican's arrangement). Templates write HTML, autoescaped: every
`{{ value }}` is plain text unless a helper made it HTML (`markdown(...)`, `link(...)`).
The data's prose stays Markdown, converted by prose.py with the site's own extensions.
Nothing here reads YAML or knows MkDocs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..briefing import model
from ..briefing.changes import plain_text
from ..briefing.views import Views, build_views
from ..contract.fields import Markdown
from ..contract.kinds import KINDS
from . import actor_graphs, graph
from .citation_cache import CitationCache
from .content_pages import with_key_judgments
from .evidence_matrix import Matrices
from .files import Outputs
from .graph_direction import for_direction
from .graph_tips import GraphTips
from .html_page import HeadingStyle, RenderedPage, number_headings
from .language import load_language
from .page_prose import DataProse
from .page_words import PageWords
from .page_workers import Job, LatePage, LateRecords, PageJob, RecordJob, parallel, render_jobs
from .prose import DEFAULT_MARKDOWN, ProseConverter
from .redirect_pages import current_version_redirects, former_id_redirects
from .sanitize import drop_unsafe_urls
from .template_env import Html
from .template_globals import install_helpers
from .urls import EVIDENCE_INDEX, Site, record_path, relative_url
from .versions import ClaimVersion, Versions

INDEX_PAGES = {
    "timeline.md": "timeline.html.j2",
    "claims.md": "claims_index.html.j2",
    "actors.md": "actors_index.html.j2",
    "themes.md": "themes_index.html.j2",
    "sources.md": "sources_index.html.j2",
    "whats-new.md": "whats_new.html.j2",
    "actor-graph.md": "actor_graph.html.j2",
}
HOME_PAGE = ("index.md", "home.html.j2")
"""Generated only when the project's content has no index.md of its own."""
VERSION_TEMPLATE = "claim_version.html.j2"
"""The permanent page of a claim's earlier version (`/claims/<id>/v/<stamp>/`)."""
EVIDENCE_TEMPLATE = "evidence_index.html.j2"
MATRIX_TEMPLATE = "evidence_matrix.html.j2"
ASSETS_SOURCE = Path(__file__).parent / "assets"
STYLESHEET = "assets/briefbook.css"
SCRIPT = "assets/briefbook.js"
ASSETS = (STYLESHEET, SCRIPT)
"""Shipped with every site: styles for briefing pages; timeline filters and previews."""


@dataclass
class Renderer:
    """Renders pages of one briefing; every helper a template calls lives here."""

    briefing: model.Briefing
    site: Site
    env: jinja2.Environment
    cache: CitationCache = field(default_factory=lambda: CitationCache(None))
    versions: Versions = field(default_factory=Versions)
    """The claims' history (empty without git)."""
    stamps: dict[str, str] | None = None
    """The claims' version stamps, when the briefing shows dates they leave out."""
    prose: ProseConverter = field(default_factory=lambda: ProseConverter(DEFAULT_MARKDOWN))
    """Converts the data's Markdown with the site's extensions; may outlive the renderer."""
    templates_dir: Path | None = None
    views: Views = field(init=False)
    outputs: Outputs = field(init=False)

    def __post_init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        self.language = load_language(self.site.language)
        self.env.install_gettext_translations(self.language.translations, newstyle=True)  # type: ignore[attr-defined]
        self.words = PageWords(self.language)
        self.graph_tips = GraphTips(self.language)
        self.views = build_views(self.briefing)
        self.outputs = Outputs(
            self.briefing, self.views, self.site, self.cache, self.stamps, self.versions, self.site.language
        )
        self.matrices = Matrices(self.views, self.language.gettext)
        self.data_prose = DataProse(self.briefing, self.prose, self.site)
        toc = self.prose.config
        has_toc = any(name in ("toc", "markdown.extensions.toc") for name in toc.extensions)
        self.heading_style = HeadingStyle.from_settings(toc.toc_settings) if has_toc else None
        install_helpers(self)

    # -- helpers for templates -----------------------------------------------------------

    def link(self, page_path: str, kind: str, record_id: str) -> Html:
        """`<a href="relative/url/">Label</a>` for a record, from the page being rendered."""
        key = (kind, record_id)
        label = self._labels.get(key)
        if label is None:
            record = self.briefing.records(kind).get(record_id)
            label = self._labels[key] = html.escape(record.label if record is not None else record_id, quote=False)
        return Html(f'<a href="{self.href(page_path, kind, record_id)}">{label}</a>')

    def claim_item(self, page_path: str, claim: model.Claim) -> Html:
        """A list item for a claim (see claim_line)."""
        return Html(f"<li>{self.claim_line(page_path, claim)}</li>")

    def version_href(self, page_path: str, version: ClaimVersion) -> Html:
        """The URL of a version's page relative to the page being rendered, for raw
        HTML; the current version's is the claim page."""
        target = record_path("claims", version.claim_id) if self.versions.is_current(version) else version.path
        return Html(html.escape(relative_url(self.site.page_url(page_path), self.site.page_url(target)), quote=True))

    def plain(self, value: Any) -> str:
        """A field's value as plain text for a comparison."""
        if value is None:
            return ""
        if isinstance(value, Markdown):
            return plain_text(value.text, self.outputs.label_of)
        if hasattr(value, "edtf"):
            return self.language.date(value)
        return str(value)

    def change_summary(self, item: Any) -> str:
        """What a version (or a change on What's new) changed, in the site's language."""
        if isinstance(item, ClaimVersion):
            return self.words.summary(item.words)
        return self.words.summary(item.phrases) if item.phrases else str(item.summary)

    def claim_line(self, page_path: str, claim: model.Claim) -> Html:
        """A claim in a list: `<strong>date</strong>: title`, with its status if not current."""
        colon = html.escape(self.language.gettext(": "), quote=False)
        date = f"<strong>{html.escape(self.words.claim_date(claim), quote=False)}</strong>{colon}" if claim.date else ""
        status = f" <em>({html.escape(self.words.status(claim.status))})</em>" if claim.status != "current" else ""
        return Html(f"{date}{self.link(page_path, 'claims', claim.id)}{status}")

    def href(self, page_path: str, kind: str, record_id: str) -> Html:
        """The URL of a record's page relative to the page being rendered."""
        return Html(html.escape(self.outputs.href(page_path, kind, record_id), quote=True))

    def url(self, page_path: str, path: str) -> Html:
        """The URL of a page (`timeline.md`) or a published file (`api/...`, `feed.xml`)
        relative to the page being rendered, with any `?query` or `#fragment` kept."""
        target, mark, rest = path.partition("?") if "?" in path else path.partition("#")
        url_path = self.site.page_url(target) if target.endswith(".md") else target
        return Html(html.escape(relative_url(self.site.page_url(page_path), url_path) + mark + rest, quote=True))

    def actor_graph(self, page_path: str, actor_id: str | None = None) -> graph.Graph:
        """One actor's relations (or, without an ID, the whole briefing's), linked from
        the page being rendered, mirrored on a right-to-left site."""
        here = self.site.page_url(page_path)

        def link(target: str) -> str:
            return relative_url(here, self.site.page_url(record_path("actors", target)))

        if actor_id is None:
            return for_direction(
                actor_graphs.overview_graph(self.views, link, tips=self.graph_tips), self.site.direction
            )
        return for_direction(
            actor_graphs.ego_graph(self.views, actor_id, link, tips=self.graph_tips), self.site.direction
        )

    def markdown(self, page_path: str, text: Markdown | str | None) -> Html:
        """Data Markdown as HTML, its links pointing from this page (see page_prose.py)."""
        return Html(self.data_prose.html(text, page_path))

    def convert_prose(self, workers: int | None = None) -> None:
        """Convert every prose field the cache lacks, on every core, before the pages ask."""
        self.data_prose.convert_all(workers)

    def resolve_links(self, text: str, page_path: str) -> str:
        return self.data_prose.resolve_links(text, page_path)

    def bears_on_attr(self, claim: model.Claim) -> Html:
        """A timeline entry's ` data-bears-on="..."` (the judgments it is evidence for or
        against, for the timeline's evidence filter); nothing for a claim that bears on none."""
        judgments = self.views.evidence.judgment_ids(claim)
        return Html(f' data-bears-on="{html.escape(" ".join(judgments), quote=True)}"' if judgments else "")

    def permalink(self, claim: model.Claim) -> str:
        return self.outputs.url("claims", claim.id)

    # -- pages ---------------------------------------------------------------------------

    def render(self, template: str, page_path: str, **context: Any) -> str:
        return self.env.get_template(template).render(page_path=page_path, **context)

    def page(
        self,
        template: jinja2.Template,
        page_path: str,
        *,
        titled: bool | None = None,
        unsearched: bool = False,
        **context: Any,
    ) -> RenderedPage:
        """One page: the template's HTML, its headings numbered as the `toc` extension
        would, every URL through the allow-list (sanitize.py). A record's page sets its
        title (`context` holds the record); an index page's comes from the nav.
        `unsearched`: left out of Material's search (version pages)."""
        body = template.render(page_path=page_path, **context)
        body, toc, anchors, title = number_headings(body, self.heading_style)
        return RenderedPage(
            page_path,
            title,
            drop_unsafe_urls(body),
            toc,
            anchors,
            titled=bool(context) if titled is None else titled,
            unsearched=unsearched,
        )

    def rendered_pages(
        self,
        with_home: bool = False,
        workers: int | None = None,
        reuse: Callable[[str], RenderedPage | None] | None = None,
        late: bool = False,
    ) -> Iterator[RenderedPage]:
        """Every generated page, each rendered once: the home page only when asked (the
        project has none of its own), each record's page in the order of the kinds
        registry, then the others (later_jobs: versions, index, evidence). Record pages
        are rendered on every core when there are many (see render_jobs); the pages are
        the same either way. A record page `reuse` gives is not rendered again (a
        `serve` rebuild: see edit_scope.py). Prose is converted and the record pages'
        workers started before this returns (when most pages are kept, the few rendered
        convert theirs as they ask: the conversions are cached either way). `late`: when
        the record pages are rendered by workers, every page but the home page is, after
        them, and comes as LatePage (see page_workers.py): the index pages take seconds
        at 5,000 claims."""
        records = [(kind, record_id) for kind in KINDS for record_id in self.briefing.records(kind.folder)]
        kept: dict[str, RenderedPage] = {}
        jobs: list[RecordJob] = []
        for kind, record_id in records:
            path = record_path(kind.folder, record_id)
            page = reuse(path) if reuse is not None else None
            if page is None:
                jobs.append((kind.template, kind.folder, kind.singular, record_id))
            else:
                kept[path] = page
        if reuse is None or parallel(jobs, workers):
            self.convert_prose(workers)
        paths = [record_path(k.folder, i) for k, i in records]
        if late and parallel(jobs, workers):
            later = self.later_jobs()
            pending = LateRecords(render_jobs(self, [*jobs, *later], workers))
            kept.update((path, LatePage(path, pending)) for path in paths if path not in kept)
            late_pages = [LatePage(job.path, pending) for job in later]
            return self._in_order(with_home, paths, kept, iter(()), lambda: iter(late_pages))
        return self._in_order(
            with_home,
            paths,
            kept,
            render_jobs(self, jobs, workers),
            lambda: (self.job_page(job) for job in self.later_jobs()),
        )

    def _in_order(
        self,
        with_home: bool,
        paths: list[str],
        kept: dict[str, RenderedPage],
        rendered: Iterator[RenderedPage],
        later: Callable[[], Iterator[RenderedPage]],
    ) -> Iterator[RenderedPage]:
        if with_home:
            yield self.page(self.env.get_template(HOME_PAGE[1]), HOME_PAGE[0])
        try:
            for path in paths:
                yield kept[path] if path in kept else next(rendered)
        finally:
            close = getattr(rendered, "close", None)
            if close is not None:
                close()  # the workers end with the last page
        yield from later()

    def later_jobs(self) -> list[PageJob]:
        """The pages after the record pages: each earlier version's, the index pages,
        then the evidence page and each theme's matrix. The version template is compiled
        even without a history (an override that fails is reported either way)."""
        self.env.get_template(VERSION_TEMPLATE)
        index = [PageJob(template, path, alone=True) for path, template in INDEX_PAGES.items()]
        return [*self.version_jobs(), *index, *self.evidence_jobs()]

    def evidence_jobs(self) -> Iterator[PageJob]:
        """The evidence page and each theme's matrix: none at all for a briefing without
        `supports` or `contradicts` (format 1.1)."""
        if not self.matrices:
            return
        yield PageJob(EVIDENCE_TEMPLATE, EVIDENCE_INDEX, titled=False, alone=True)
        for matrix in self.matrices.pages():
            yield PageJob(MATRIX_TEMPLATE, matrix.path, {"matrix_page": matrix}, alone=True)

    def version_jobs(self) -> Iterator[PageJob]:
        """Every earlier version's permanent page (left out of search: see RenderedPage)."""
        for version in self.versions.earlier():
            context = {
                "claim": version.claim,
                "version": version,
                "current": self.versions.current(version.claim_id),
                "living": self.briefing.claims[version.claim_id],
            }
            yield PageJob(VERSION_TEMPLATE, version.path, context, unsearched=True)

    def job_page(self, job: Job) -> RenderedPage:
        """A record's page (RecordJob) or any other (PageJob), here or in a worker."""
        if isinstance(job, PageJob):
            template = self.env.get_template(job.template)
            return self.page(template, job.path, titled=job.titled, unsearched=job.unsearched, **job.context)
        return self.record_page(job)

    def record_page(self, job: RecordJob) -> RenderedPage:
        template_name, folder, singular, record_id = job
        record = self.briefing.records(folder)[record_id]
        return self.page(self.env.get_template(template_name), record_path(folder, record_id), **{singular: record})

    def pages(self, with_home: bool = False) -> Iterator[tuple[str, str]]:
        """(path, Markdown file) of every generated page, as `briefbook render` writes it."""
        for page in self.rendered_pages(with_home):
            yield page.path, page.markdown()

    def redirects(self) -> Iterator[tuple[str, str]]:
        """(path, HTML) of a redirect page for every former claim ID."""
        return former_id_redirects(self.env, self.briefing, self.site)

    def version_redirects(self) -> Iterator[tuple[str, str]]:
        """(path, HTML) of the redirect at each claim's current version's URL."""
        return current_version_redirects(self.env, self.briefing, self.site, self.versions)

    def content_page(self, text: str, page_path: str) -> str:
        """A hand-written page: cross-references resolved, key judgments filled in (see
        content_pages.py)."""

        def key_judgments() -> str:
            return drop_unsafe_urls(self.render("partials/key_judgments.html.j2", page_path).strip("\n"))

        text = with_key_judgments(text, key_judgments, home=page_path == HOME_PAGE[0] and bool(self.views.key))
        return self.resolve_links(text, page_path)
