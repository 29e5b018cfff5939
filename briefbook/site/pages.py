"""Briefing → {path: Markdown}: every generated page, from Jinja templates.

Templates come from the project's `templates/` folder first and the built-ins
second; `builtin/NAME` always names the built-in, so an override can extend the
template it replaces (Pelican's arrangement). Nothing here reads YAML or knows MkDocs.
"""

from __future__ import annotations

import html
import json
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..briefing import model
from ..briefing.changes import newest_first, plain_text
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
from .escape import Md, attr_escape, code_block, code_html, code_text, finalize, md_escape, md_join
from .files import Outputs
from .graph_legend import legend_html
from .names import country_name, language_name
from .urls import Site, feed_path, record_path, relative_link, relative_url

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
INDEX_PAGES = {
    "timeline.md": "timeline.md.j2",
    "claims.md": "claims_index.md.j2",
    "actors.md": "actors_index.md.j2",
    "themes.md": "themes_index.md.j2",
    "sources.md": "sources_index.md.j2",
    "whats-new.md": "whats_new.md.j2",
    "actor-graph.md": "actor_graph.md.j2",
}
HOME_PAGE = ("index.md", "home.md.j2")
"""Generated only when the project's content has no index.md of its own."""
ASSETS_SOURCE = Path(__file__).parent / "assets"
STYLESHEET = "assets/briefbook.css"
SCRIPT = "assets/briefbook.js"
ASSETS = (STYLESHEET, SCRIPT)
"""Shipped with every site: styles for briefing pages; timeline filters and previews."""
KEY_JUDGMENTS_MARKER = "<!-- briefbook:key-judgments -->"


def front_matter(title: str) -> Md:
    """YAML front matter setting the page title. Themes print `page.meta.title` into
    `<title>` as it is, so it is HTML-escaped here (Material would otherwise unescape the
    heading's entities with `striptags`, letting `</title><script>` through)."""
    return Md(f"---\ntitle: {json.dumps(html.escape(' '.join(title.split())))}\n---\n")


def make_environment(templates_dir: Path | None) -> jinja2.Environment:
    """Project templates over built-ins, compiled once and cached for the whole build."""
    builtin = jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"builtin": builtin})]
    if templates_dir is not None and templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(builtin)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # with `finalize`, Markdown templates escape for Markdown (see mdtext)
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["md"] = md_escape
    env.filters["join"] = md_join
    env.filters["attr"] = attr_escape
    env.filters["code"] = code_block
    env.filters["code_html"] = code_html
    env.filters["code_text"] = code_text
    env.filters["time_html"] = time_html
    return env


def time_html(date: Any, label: str | None = None) -> Md:
    """A date as HTML `<time>` elements: the start's, and for an interval the end's
    too (a `datetime` holds one date, never an interval), each at its own precision.
    A label, when given, stands for the whole date in one element. Year 0000 has no
    valid `datetime`, so it is plain text."""

    def one(simple: Any, words: str) -> str:
        if simple.year < 1:
            return attr_escape(words)
        return f'<time datetime="{attr_escape(simple.iso())}">{attr_escape(words)}</time>'

    if label:
        return Md(one(date.start, label))
    if date.end is not None:
        return Md(f"{one(date.start, date.start.words())} – {one(date.end, date.end.words())}")
    if date.open_end:
        return Md(f"since {one(date.start, date.start.words())}")
    return Md(one(date.start, date.words()))


@dataclass
class Renderer:
    """Renders pages of one briefing; every helper a template calls lives here."""

    briefing: model.Briefing
    site: Site
    env: jinja2.Environment
    cache: CitationCache = field(default_factory=lambda: CitationCache(None))
    views: Views = field(init=False)
    outputs: Outputs = field(init=False)

    def __post_init__(self) -> None:
        self._labels: dict[tuple[str, str], Md] = {}
        self.views = build_views(self.briefing)
        self.outputs = Outputs(self.briefing, self.views, self.site, self.cache)
        helpers: dict[str, Any] = {
            "briefing": self.briefing,
            "views": self.views,
            "site": self.site,
            "link": jinja2.pass_context(lambda ctx, kind, record_id: self.link(ctx, kind, record_id)),
            "claim_item": jinja2.pass_context(lambda ctx, claim: self.claim_item(ctx["page_path"], claim)),
            "href": jinja2.pass_context(lambda ctx, kind, record_id: self.href(ctx["page_path"], kind, record_id)),
            "theme_ancestry": self.views.theme_ancestry,
            "actor_graph": jinja2.pass_context(lambda ctx, actor_id=None: self.actor_graph(ctx["page_path"], actor_id)),
            "plain_text": lambda text: plain_text(text, self.outputs.label_of),
            "markdown": jinja2.pass_context(lambda ctx, text: self.markdown(ctx, text)),
            "permalink": self.permalink,
            "front_matter": front_matter,
            "citation": self.outputs.citation,
            "download": jinja2.pass_context(lambda ctx, path: Md(relative_link(ctx["page_path"], path))),
            "file_href": jinja2.pass_context(lambda ctx, path: self.file_href(ctx["page_path"], path)),
            "jsonld": lambda record: Md(
                self.outputs.claim_jsonld(record)
                if isinstance(record, model.Claim)
                else self.outputs.actor_jsonld(record)
            ),
            "changes": lambda: newest_first(self.briefing.claims.values()),
            "feed_path": feed_path,
            "style_labels": STYLE_LABELS,
            "csl_type_words": vocabularies.CSL_TYPE_WORDS,
            "day_words": day_words,
            "likelihood_words": vocabularies.LIKELIHOOD_WORDS,
            "actor_kind_plurals": vocabularies.ACTOR_KIND_PLURALS,
            "country_name": country_name,
            "language_name": language_name,
            "graph_legend": lambda graph: Md(legend_html(graph)),
        }
        self.env.globals.update(helpers)
        self.env.filters["markdown"] = helpers["markdown"]

    # -- helpers for templates -----------------------------------------------------------

    def link(self, context: jinja2.runtime.Context, kind: str, record_id: str) -> Md:
        """`[Label](relative.md)` for a record, from the page being rendered."""
        return self.link_from(context["page_path"], kind, record_id)

    def claim_item(self, page_path: str, claim: model.Claim) -> Md:
        """A list item for a claim: `- **date**: [title](...)`, with its status if not current."""
        date = f"**{md_escape(claim.date_words)}**: " if claim.date else ""
        status = f" *({claim.status})*" if claim.status != "current" else ""
        return Md(f"- {date}{self.link_from(page_path, 'claims', claim.id)}{status}")

    def link_from(self, page_path: str, kind: str, record_id: str) -> Md:
        key = (kind, record_id)
        label = self._labels.get(key)
        if label is None:
            record = self.briefing.records(kind).get(record_id)
            label = self._labels[key] = md_escape(record.label if record is not None else record_id)
        return Md(f"[{label}]({relative_link(page_path, record_path(kind, record_id))})")

    def href(self, page_path: str, kind: str, record_id: str) -> Md:
        """The URL of a record's page relative to the page being rendered, for raw HTML
        (where MkDocs does not rewrite `.md` links): fast to render at thousands of claims."""
        return Md(html.escape(self.outputs.href(page_path, kind, record_id), quote=True))

    def file_href(self, page_path: str, path: str) -> Md:
        """The URL of a published file (`api/...`) relative to the page, for raw HTML."""
        return Md(html.escape(relative_url(self.site.page_url(page_path), path), quote=True))

    def actor_graph(self, page_path: str, actor_id: str | None = None) -> graph.Graph:
        """One actor's relations (or, without an ID, the whole briefing's), linked from
        the page being rendered."""
        here = self.site.page_url(page_path)

        def link(target: str) -> str:
            return relative_url(here, self.site.page_url(record_path("actors", target)))

        if actor_id is None:
            return actor_graphs.overview_graph(self.views, link)
        return actor_graphs.ego_graph(self.views, actor_id, link)

    def markdown(self, context: jinja2.runtime.Context, text: Markdown | str | None) -> Md:
        """Data Markdown, made safe and with cross-references pointing at their pages."""
        if text is None:
            return Md("")
        raw = text.text if isinstance(text, Markdown) else str(text)
        return Md(self.resolve_links(raw, context["page_path"], neutralise=True))

    def resolve_links(self, text: str, page_path: str, neutralise: bool = False) -> str:
        def resolve(kind: str, record_id: str) -> tuple[str, str] | None:
            record = self.briefing.records(kind).get(record_id)
            if record is None:
                return None
            return relative_link(page_path, record_path(kind, record_id)), record.label

        if neutralise:
            text = neutralise_markdown(text)
        return rewrite_links(text, resolve, md_escape)

    def permalink(self, claim: model.Claim) -> str:
        return self.outputs.url("claims", claim.id)

    # -- pages ---------------------------------------------------------------------------

    def render(self, template: str, page_path: str, **context: Any) -> str:
        return self.env.get_template(template).render(page_path=page_path, **context)

    def pages(
        self, with_home: bool = False, reuse: Callable[[str], str | None] | None = None
    ) -> Iterator[tuple[str, str]]:
        """(path, Markdown) of every generated page, each rendered once: the home page
        only when asked (the project has none of its own), each record's page in the
        order of the kinds registry, then the index pages. A record page `reuse` gives a
        text for is not rendered (a `serve` rebuild: see edit_scope.py)."""
        if with_home:
            yield HOME_PAGE[0], self.render(HOME_PAGE[1], HOME_PAGE[0])
        for kind in KINDS:
            template = self.env.get_template(kind.template)
            for record in self.briefing.records(kind.folder).values():
                path = record_path(kind.folder, record.id)
                kept = reuse(path) if reuse is not None else None
                yield path, kept if kept is not None else template.render(page_path=path, **{kind.singular: record})
        for path, template_name in INDEX_PAGES.items():
            yield path, self.render(template_name, path)

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

    def content_page(self, text: str, page_path: str) -> str:
        """A hand-written page: cross-references resolved, key judgments filled in.

        The contract lists key judgments first on the home page: the marker line chooses
        where; a home page without it gets them under its title."""
        if KEY_JUDGMENTS_MARKER in text:
            block = self.render("partials/key_judgments.md.j2", page_path)
            text = text.replace(KEY_JUDGMENTS_MARKER, block)
        elif page_path == HOME_PAGE[0] and self.views.key:
            block = self.render("partials/key_judgments.md.j2", page_path)
            text = after_title(text, f"## Key judgments\n\n{block}\n")
        return self.resolve_links(text, page_path)


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
