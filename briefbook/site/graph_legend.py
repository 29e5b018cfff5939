"""The words around an actor graph, in the site's language: the key to what the colours,
the circle sizes and the lines mean, the one-sentence description of the drawing, and
the notes on what was left out.

Kept apart from graph.py (the drawing) because it is plain HTML text beside the SVG,
readable without the picture and by screen readers.
"""

from __future__ import annotations

import html

from ..contract.vocabularies import ACTOR_KIND_WORDS
from .graph import CO, PART_OF, Graph
from .language import Language, load_language


def legend_html(graph: Graph, language: Language | None = None) -> str:
    """A raw HTML block (column 0, no blank line) listing what the drawing encodes:
    one colour per actor kind present, circle size, line width, dashed lines."""
    _ = (language or load_language(None)).gettext
    kinds = {node.kind for node in graph.nodes}
    items = [
        f'<li><span class="bb-swatch bb-kind-{html.escape(kind)}" aria-hidden="true"></span>{html.escape(_(words))}</li>'
        for kind, words in ACTOR_KIND_WORDS.items()
        if kind in kinds
    ]
    size = html.escape(_("larger circle: more claims"))
    items.append(f'<li><span class="bb-swatch bb-swatch-size" aria-hidden="true"></span>{size}</li>')
    if any(edge.kind == CO for edge in graph.edges):
        line = html.escape(_("line: appear in the same claims (thicker for more)"))
        items.append(f'<li><span class="bb-swatch-line" aria-hidden="true"></span>{line}</li>')
    if any(edge.kind == PART_OF for edge in graph.edges):
        dashed = html.escape(_("dashed: part of"))
        items.append(f'<li><span class="bb-swatch-line bb-swatch-dashed" aria-hidden="true"></span>{dashed}</li>')
    key = html.escape(_("Key to the graph"), quote=True)
    return f'<ul class="bb-legend" aria-label="{key}">\n' + "\n".join(items) + "\n</ul>"


def graph_summary(graph: Graph, language: Language) -> str:
    """A one-sentence description of the drawing, for its `<desc>`."""
    ngettext = language.ngettext
    co = sum(1 for e in graph.edges if e.kind == CO)
    part = sum(1 for e in graph.edges if e.kind == PART_OF)
    if graph.centre is not None:
        others = len(graph.nodes) - 1
        text = ngettext(
            "%(name)s and the %(count)d actor linked to it", "%(name)s and the %(count)d actors linked to it", others
        ) % {"name": graph.by_id[graph.centre].name, "count": others}
        text += ngettext(": %(count)d appears with it in claims", ": %(count)d appear with it in claims", co) % {
            "count": co
        }
    else:
        text = ngettext("%(count)d actor", "%(count)d actors", len(graph.nodes)) % {"count": len(graph.nodes)}
        text += ngettext(
            " and %(count)d pair that appear together in claims",
            " and %(count)d pairs that appear together in claims",
            co,
        ) % {"count": co}
    if part:
        text += ngettext(", %(count)d part-of link", ", %(count)d part-of links", part) % {"count": part}
    return text + language.gettext(". The table after the graph lists the same relations.")


def graph_notes(graph: Graph, language: Language) -> list[str]:
    """Plain sentences saying what was left out, for under the table."""
    ngettext = language.ngettext
    notes = []
    if graph.omitted_actors:
        count = graph.omitted_actors
        if graph.centre:
            note = ngettext(
                "%(count)d more actor is not shown (sharing fewer claims).",
                "%(count)d more actors are not shown (sharing fewer claims).",
                count,
            )
        else:
            note = ngettext(
                "%(count)d more actor is not shown (with fewer links).",
                "%(count)d more actors are not shown (with fewer links).",
                count,
            )
        notes.append(note % {"count": count})
    if graph.omitted_edges:
        count = graph.omitted_edges
        note = ngettext(
            "%(count)d link is not shown: pairs sharing fewer than %(least)d claims.",
            "%(count)d links are not shown: pairs sharing fewer than %(least)d claims.",
            count,
        )
        notes.append(note % {"count": count, "least": graph.min_weight})
    return notes
