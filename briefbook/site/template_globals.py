"""The names briefbook's page templates see: the briefing, links and URLs relative to
the page being rendered, citations, history, graphs and the language's words. Kept
apart from pages.py, which renders the pages, so that the list of what a template (or
a project's override) may call reads in one place."""

from __future__ import annotations

from typing import Any

import jinja2

from ..briefing import model
from ..briefing.changes import plain_text
from ..briefing.history_diff import comparison
from ..contract import vocabularies
from .citations import STYLE_LABELS
from .graph_legend import graph_notes, graph_summary, legend_html
from .names import country_name, language_name
from .template_env import Html
from .urls import feed_path


def install_helpers(renderer: Any) -> None:
    """Every global and filter of the renderer's Jinja environment (`renderer`: a
    pages.Renderer, untyped here so that this module does not import the one that imports it)."""
    helpers: dict[str, Any] = {
        "briefing": renderer.briefing,
        "views": renderer.views,
        "site": renderer.site,
        "link": jinja2.pass_context(lambda ctx, kind, record_id: renderer.link(ctx["page_path"], kind, record_id)),
        "claim_item": jinja2.pass_context(lambda ctx, claim: renderer.claim_item(ctx["page_path"], claim)),
        "claim_line": jinja2.pass_context(lambda ctx, claim: renderer.claim_line(ctx["page_path"], claim)),
        "href": jinja2.pass_context(lambda ctx, kind, record_id: renderer.href(ctx["page_path"], kind, record_id)),
        "url": jinja2.pass_context(lambda ctx, path: renderer.url(ctx["page_path"], path)),
        "theme_ancestry": renderer.views.theme_ancestry,
        "actor_graph": jinja2.pass_context(lambda ctx, actor_id=None: renderer.actor_graph(ctx["page_path"], actor_id)),
        "plain_text": lambda text: plain_text(text, renderer.outputs.label_of),
        "markdown": jinja2.pass_context(lambda ctx, text: renderer.markdown(ctx["page_path"], text)),
        "permalink": renderer.permalink,
        "citation": renderer.outputs.citation,
        "file_href": jinja2.pass_context(lambda ctx, path: renderer.url(ctx["page_path"], path)),
        "jsonld": lambda record: Html(
            renderer.outputs.claim_jsonld(record)
            if isinstance(record, model.Claim)
            else renderer.outputs.actor_jsonld(record)
        ),
        "changes": renderer.outputs.changes,
        "history": renderer.versions.newest_first,
        "version_href": jinja2.pass_context(lambda ctx, version: renderer.version_href(ctx["page_path"], version)),
        "version_url": renderer.outputs.version_url,
        "version_citation": renderer.outputs.version_citation,
        "compare_versions": lambda old, new: comparison(old, new, renderer.plain),
        "feed_path": feed_path,
        "style_labels": STYLE_LABELS,
        "likelihood_words": vocabularies.LIKELIHOOD_WORDS,
        "country_name": lambda code: country_name(code, renderer.language.locale),
        "language_name": lambda tag: language_name(tag, renderer.language.locale),
        "graph_legend": lambda graph: Html(legend_html(graph, renderer.language)),
        "graph_summary": lambda graph: graph_summary(graph, renderer.language),
        "graph_notes": lambda graph: graph_notes(graph, renderer.language),
        "change_summary": renderer.change_summary,
        **renderer.words.helpers(),
        "matrices": renderer.matrices,
        "bears_on_attr": renderer.bears_on_attr,
    }
    renderer.env.globals.update(helpers)
    renderer.env.filters["markdown"] = helpers["markdown"]
    renderer.env.filters.update(renderer.words.filters())
    renderer.env.filters["case_href"] = jinja2.pass_context(
        lambda ctx, claim_id: Html(f"{renderer.href(ctx['page_path'], 'claims', claim_id)}#the-case")
    )
