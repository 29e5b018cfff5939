"""Briefing → {path: HTML page}: every generated page, from Jinja HTML templates.

Templates come from the project's `templates/` folder first and the built-ins
second; `builtin/NAME` always names the built-in, so an override can extend the
template it replaces (Pelican's arrangement). Templates write HTML, autoescaped: every
`{{ value }}` is plain text unless a helper made it HTML (`markdown(...)`, `link(...)`).
The data's prose stays Markdown, converted by prose.py with the site's own extensions.
Nothing here reads YAML or knows MkDocs.
"""

from __future__ import annotations

import dataclasses
import html
import multiprocessing
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..briefing import model
from ..briefing.changes import plain_text
from ..briefing.history_diff import comparison
from ..briefing.link_safety import neutralise_markdown
from ..briefing.links import rewrite_links
from ..briefing.views import Views, build_views
from ..contract import vocabularies
from ..contract.dates import day_words
from ..contract.fields import Markdown
from ..contract.kinds import KINDS
from ..problems import Position, Problem
from . import actor_graphs, graph
from .citation_cache import CitationCache
from .citations import STYLE_LABELS
from .escape import md_escape
from .evidence_matrix import Matrices
from .files import Outputs
from .graph_legend import legend_html
from .html_page import HeadingStyle, RenderedPage, number_headings
from .names import country_name, language_name
from .prose import XREF, MarkdownConfig, PageLinks, ProseConverter
from .sanitize import drop_unsafe_urls
from .urls import EVIDENCE_INDEX, Site, feed_path, record_path, relative_link, relative_url
from .versions import ClaimVersion, Versions
from .workers import available_workers, can_fork

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
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
KEY_JUDGMENTS_MARKER = "<!-- briefbook:key-judgments -->"


class Html(Markup):
    """HTML that is safe to insert as it is (built by briefbook, never data as written)."""

    __slots__ = ()


def _finalize(value: Any) -> Any:
    """`None` prints as nothing (`{{ claim.confidence }}` of a claim without one)."""
    return "" if value is None else value


def make_environment(templates_dir: Path | None) -> jinja2.Environment:
    """Project templates over built-ins, compiled once and cached for the whole build."""
    builtin = jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"builtin": builtin})]
    if templates_dir is not None and templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(builtin)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["time_html"] = time_html
    return env


LEGACY_SUFFIX = ".md.j2"


def legacy_templates(templates_dir: Path | None, project_root: Path) -> list[Problem]:
    """An override written for the Markdown templates of earlier versions: located at
    the line that names a built-in (or the first), with how to port it."""
    if templates_dir is None or not templates_dir.is_dir():
        return []
    problems = []
    for path in sorted(templates_dir.rglob(f"*{LEGACY_SUFFIX}")):
        text = path.read_text("utf-8", errors="replace")
        line = next((n for n, row in enumerate(text.splitlines(), 1) if LEGACY_SUFFIX in row), 1)
        try:
            shown = path.resolve().relative_to(project_root.resolve()).as_posix()
        except ValueError:
            shown = str(path)
        new_name = path.name[: -len(LEGACY_SUFFIX)] + ".html.j2"
        problems.append(
            Problem(
                Position(shown, line, 1),
                f"template {path.name} is a Markdown template, and briefbook's templates are HTML now: "
                f'rename it {new_name} (extending "builtin/{path.relative_to(templates_dir).as_posix()[: -len(LEGACY_SUFFIX)]}'
                '.html.j2" if it extends the built-in) and write HTML: <h2>...</h2> for headings, '
                "{{ link(kind, id) }} or <a href=\"{{ url('page.md') }}\"> for links, {{ markdown(field) }} for the "
                "data's Markdown fields; see templates/README.md",
            )
        )
    return problems


def time_html(date: Any, label: str | None = None) -> Html:
    """A date as HTML `<time>` elements: the start's, and for an interval the end's
    too (a `datetime` holds one date, never an interval), each at its own precision.
    A label, when given, stands for the whole date in one element. Year 0000 has no
    valid `datetime`, so it is plain text."""

    def one(simple: Any, words: str) -> str:
        if simple.year < 1:
            return html.escape(words)
        return f'<time datetime="{html.escape(simple.iso())}">{html.escape(words)}</time>'

    if label:
        return Html(one(date.start, label))
    if date.end is not None:
        return Html(f"{one(date.start, date.start.words())} – {one(date.end, date.end.words())}")
    if date.open_end:
        return Html(f"since {one(date.start, date.start.words())}")
    return Html(one(date.start, date.words()))


NEEDED_EXTENSIONS: dict[str, dict] = {
    "tables": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "def_list": {},
    "toc": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
}
"""The Markdown extensions a site needs (build.site_needs adds them to mkdocs.yml): the
pages' classes are Material's for admonitions, tabs and tables; prose may use them."""
DEFAULT_MARKDOWN = MarkdownConfig.from_mkdocs_list([{name: settings} for name, settings in NEEDED_EXTENSIONS.items()])
"""The site's Markdown when no mkdocs.yml says more (the golden files, tests)."""


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
        self._prepared: dict[str, str] = {}
        self.views = build_views(self.briefing)
        self.outputs = Outputs(self.briefing, self.views, self.site, self.cache, self.stamps, self.versions)
        self.matrices = Matrices(self.views)
        self.page_links = PageLinks(self.site)
        toc = self.prose.config
        has_toc = any(name in ("toc", "markdown.extensions.toc") for name in toc.extensions)
        self.heading_style = HeadingStyle.from_settings(toc.toc_settings) if has_toc else None
        helpers: dict[str, Any] = {
            "briefing": self.briefing,
            "views": self.views,
            "site": self.site,
            "link": jinja2.pass_context(lambda ctx, kind, record_id: self.link(ctx["page_path"], kind, record_id)),
            "claim_item": jinja2.pass_context(lambda ctx, claim: self.claim_item(ctx["page_path"], claim)),
            "claim_line": jinja2.pass_context(lambda ctx, claim: self.claim_line(ctx["page_path"], claim)),
            "href": jinja2.pass_context(lambda ctx, kind, record_id: self.href(ctx["page_path"], kind, record_id)),
            "url": jinja2.pass_context(lambda ctx, path: self.url(ctx["page_path"], path)),
            "theme_ancestry": self.views.theme_ancestry,
            "actor_graph": jinja2.pass_context(lambda ctx, actor_id=None: self.actor_graph(ctx["page_path"], actor_id)),
            "plain_text": lambda text: plain_text(text, self.outputs.label_of),
            "markdown": jinja2.pass_context(lambda ctx, text: self.markdown(ctx["page_path"], text)),
            "permalink": self.permalink,
            "citation": self.outputs.citation,
            "file_href": jinja2.pass_context(lambda ctx, path: self.url(ctx["page_path"], path)),
            "jsonld": lambda record: Html(
                self.outputs.claim_jsonld(record)
                if isinstance(record, model.Claim)
                else self.outputs.actor_jsonld(record)
            ),
            "changes": self.outputs.changes,
            "history": self.versions.newest_first,
            "version_href": jinja2.pass_context(lambda ctx, version: self.version_href(ctx["page_path"], version)),
            "version_url": self.outputs.version_url,
            "version_citation": self.outputs.version_citation,
            "compare_versions": lambda old, new: comparison(old, new, self.plain),
            "feed_path": feed_path,
            "style_labels": STYLE_LABELS,
            "csl_type_words": vocabularies.CSL_TYPE_WORDS,
            "day_words": day_words,
            "likelihood_words": vocabularies.LIKELIHOOD_WORDS,
            "actor_kind_plurals": vocabularies.ACTOR_KIND_PLURALS,
            "country_name": country_name,
            "language_name": language_name,
            "graph_legend": lambda graph: Html(legend_html(graph)),
            "matrices": self.matrices,
            "bears_on_attr": self.bears_on_attr,
        }
        self.env.globals.update(helpers)
        self.env.filters["markdown"] = helpers["markdown"]
        self.env.filters["case_href"] = jinja2.pass_context(
            lambda ctx, claim_id: Html(f"{self.href(ctx['page_path'], 'claims', claim_id)}#the-case")
        )

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
            return value.words()
        return str(value)

    def claim_line(self, page_path: str, claim: model.Claim) -> Html:
        """A claim in a list: `<strong>date</strong>: title`, with its status if not current."""
        date = f"<strong>{html.escape(claim.date_words or '', quote=False)}</strong>: " if claim.date else ""
        status = f" <em>({html.escape(claim.status)})</em>" if claim.status != "current" else ""
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
        the page being rendered."""
        here = self.site.page_url(page_path)

        def link(target: str) -> str:
            return relative_url(here, self.site.page_url(record_path("actors", target)))

        if actor_id is None:
            return actor_graphs.overview_graph(self.views, link)
        return actor_graphs.ego_graph(self.views, actor_id, link)

    def markdown(self, page_path: str, text: Markdown | str | None) -> Html:
        """Data Markdown as HTML: made safe, converted once (see prose.py), with its
        cross-references and relative links pointing from this page."""
        if text is None:
            return Html("")
        converted = self.prose.convert(self.prepared(text))
        return Html(self.page_links.fix(converted, page_path))

    def prepared(self, text: Markdown | str) -> str:
        """The Markdown handed to the converter: raw HTML neutralised, cross-references
        as site-root placeholders (the same for every page), empty link texts filled."""
        raw = text.text if isinstance(text, Markdown) else str(text)
        done = self._prepared.get(raw)
        if done is None:

            def resolve(kind: str, record_id: str) -> tuple[str, str] | None:
                record = self.briefing.records(kind).get(record_id)
                return None if record is None else (f"{XREF}{kind}/{record_id}", record.label)

            done = self._prepared[raw] = rewrite_links(neutralise_markdown(raw), resolve, md_escape)
        return done

    def prose_fields(self) -> Iterator[Markdown]:
        """Every Markdown field of the briefing (statements, summaries, notes)."""
        for kind in KINDS:
            for record in self.briefing.records(kind.folder).values():
                for item in dataclasses.fields(record):
                    value = getattr(record, item.name)
                    if isinstance(value, Markdown):
                        yield value

    def convert_prose(self, workers: int | None = None) -> None:
        """Convert every prose field the cache lacks, on every core, before the pages ask."""
        self.prose.convert_all((self.prepared(text) for text in self.prose_fields()), workers)

    def resolve_links(self, text: str, page_path: str) -> str:
        """Cross-references in a hand-written page's Markdown, as relative `.md` links."""

        def resolve(kind: str, record_id: str) -> tuple[str, str] | None:
            record = self.briefing.records(kind).get(record_id)
            if record is None:
                return None
            return relative_link(page_path, record_path(kind, record_id)), record.label

        return rewrite_links(text, resolve, md_escape)

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

    def rendered_pages(self, with_home: bool = False, workers: int | None = None) -> Iterator[RenderedPage]:
        """Every generated page, each rendered once: the home page only when asked (the
        project has none of its own), each record's page in the order of the kinds
        registry, then the index pages. Record pages are rendered on every core when
        there are many (see render_jobs); the pages are the same either way."""
        self.convert_prose(workers)
        if with_home:
            yield self.page(self.env.get_template(HOME_PAGE[1]), HOME_PAGE[0])
        jobs = [
            (kind.template, kind.folder, kind.singular, record_id)
            for kind in KINDS
            for record_id in self.briefing.records(kind.folder)
        ]
        yield from render_jobs(self, jobs, workers)
        yield from self.version_pages()
        for path, template_name in INDEX_PAGES.items():
            yield self.page(self.env.get_template(template_name), path)
        yield from self.evidence_pages()

    def evidence_pages(self) -> Iterator[RenderedPage]:
        """The evidence page and each theme's matrix: none at all for a briefing without
        `supports` or `contradicts` (format 1.1)."""
        if not self.matrices:
            return
        yield self.page(self.env.get_template(EVIDENCE_TEMPLATE), EVIDENCE_INDEX, titled=False)
        template = self.env.get_template(MATRIX_TEMPLATE)
        for matrix in self.matrices.pages():
            yield self.page(template, matrix.path, matrix_page=matrix)

    def version_pages(self) -> Iterator[RenderedPage]:
        """Every earlier version's permanent page (left out of search: see RenderedPage)."""
        template = self.env.get_template(VERSION_TEMPLATE)
        for version in self.versions.earlier():
            yield self.page(
                template,
                version.path,
                unsearched=True,
                claim=version.claim,
                version=version,
                current=self.versions.current(version.claim_id),
                living=self.briefing.claims[version.claim_id],
            )

    def record_page(self, job: tuple[str, str, str, str]) -> RenderedPage:
        template_name, folder, singular, record_id = job
        record = self.briefing.records(folder)[record_id]
        return self.page(self.env.get_template(template_name), record_path(folder, record_id), **{singular: record})

    def pages(self, with_home: bool = False) -> Iterator[tuple[str, str]]:
        """(path, Markdown file) of every generated page, as `briefbook render` writes it."""
        for page in self.rendered_pages(with_home):
            yield page.path, page.markdown()

    def redirects(self) -> Iterator[tuple[str, str]]:
        """(path, HTML) of a redirect page for every former claim ID."""
        template = self.env.get_template("redirect.html.j2")
        for claim in self.briefing.claims.values():
            target = record_path("claims", claim.id)
            for old in claim.redirect_from:
                old_md = record_path("claims", old)
                out = self.site.page_url(old_md)
                out_path = out + "index.html" if out.endswith("/") else out
                relative = relative_link(out_path, self.site.page_url(target))
                if self.site.use_directory_urls:
                    relative = relative.rstrip("/") + "/"
                yield (
                    out_path,
                    template.render(claim=claim, target=relative, canonical=self.site.absolute(target), old_id=old),
                )

    def version_redirects(self) -> Iterator[tuple[str, str]]:
        """(path, HTML) for each claim's current version: its permanent URL leads to the
        claim page until the claim changes, when it becomes a page of its own."""
        template = self.env.get_template("claim_version_current.html.j2")
        for claim_id, claim in self.briefing.claims.items():
            current = self.versions.current(claim_id)
            if current is None:
                continue
            target = record_path("claims", claim_id)
            out = self.site.page_url(current.path)
            out_path = out + "index.html" if out.endswith("/") else out
            relative = relative_link(out_path, self.site.page_url(target))
            if self.site.use_directory_urls:
                relative = relative.rstrip("/") + "/"
            yield (
                out_path,
                template.render(claim=claim, target=relative, canonical=self.site.absolute(target)),
            )

    def content_page(self, text: str, page_path: str) -> str:
        """A hand-written page: cross-references resolved, key judgments filled in.

        The contract lists key judgments first on the home page: the marker line chooses
        where; a home page without it gets them under its title."""
        if KEY_JUDGMENTS_MARKER in text:
            block = self.key_judgments(page_path)
            text = text.replace(KEY_JUDGMENTS_MARKER, block)
        elif page_path == HOME_PAGE[0] and self.views.key:
            block = self.key_judgments(page_path)
            text = after_title(text, f"## Key judgments\n\n{block}\n")
        return self.resolve_links(text, page_path)

    def key_judgments(self, page_path: str) -> str:
        """The key judgments as a raw HTML block (a `<ul>`, or a `<p>` when there are
        none), which Markdown leaves as it is."""
        block = drop_unsafe_urls(self.render("partials/key_judgments.html.j2", page_path).strip("\n"))
        return f"\n\n{block}\n\n"


MIN_PARALLEL_PAGES = 400
"""Fewer record pages than this are rendered in the build's own process."""
_forked: tuple[Renderer, list[tuple[str, str, str, str]]] | None = None


def _render_batch(span: tuple[int, int]) -> list[RenderedPage]:
    assert _forked is not None
    renderer, jobs = _forked
    return [renderer.record_page(job) for job in jobs[span[0] : span[1]]]


def render_jobs(
    renderer: Renderer, jobs: list[tuple[str, str, str, str]], workers: int | None
) -> Iterator[RenderedPage]:
    """Record pages in order: on every core (forked workers share the renderer as it is,
    prose converted and citations cached or placeholders) when there are many, else here."""
    if workers is None:
        workers = available_workers(with_own_core=True)
    if workers < 2 or len(jobs) < MIN_PARALLEL_PAGES or not can_fork():
        for job in jobs:
            yield renderer.record_page(job)
        return
    global _forked
    for name in {job[0] for job in jobs}:
        renderer.env.get_template(name)  # compiled once, before the fork
    size = max(1, len(jobs) // (workers * 4))
    spans = [(i, min(i + size, len(jobs))) for i in range(0, len(jobs), size)]
    _forked = (renderer, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for batch in pool.imap(_render_batch, spans):
                yield from batch
    finally:
        _forked = None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
_TITLE = re.compile(r"\A(?:[ \t]*\n)*(?:[ ]{0,3}#[ \t][^\n]*|[^\n]+\n[ ]{0,3}=+[ \t]*)(?:\n|\Z)")


def after_title(text: str, block: str) -> str:
    """`block` inserted after the page's leading `# Title` (or `Title\n===`), else at the
    top; after any front matter either way."""
    front = _FRONT_MATTER.match(text)
    start = front.end() if front else 0
    title = _TITLE.match(text[start:])
    at = start + (title.end() if title else 0)
    return f"{text[:at].rstrip(chr(10))}\n\n{block}\n{text[at:].lstrip(chr(10))}" if at else f"{block}\n{text}"


def template_problem(error: jinja2.TemplateError, project_root: Path) -> Problem:
    """A template that fails to compile or render, located at its file and line."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if line is None:  # a runtime error: Jinja keeps the template's frame in the traceback
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith(".j2"):
                filename, line = frame.filename, frame.lineno
                break
    shown = filename or "templates"
    if filename:
        path = Path(filename)
        try:
            shown = path.resolve().relative_to(project_root).as_posix()
        except ValueError:
            shown = f"(built-in) {path.name}" if path.is_absolute() else filename
    return Problem(
        Position(shown, line or 0, 1 if line else 0),
        f"template error: {error.message or type(error).__name__}; fix the template",
    )
