"""The key to an actor graph: what the colours, the circle sizes and the lines mean.

Kept apart from graph.py (the drawing) because it is plain HTML text beside the SVG,
readable without the picture and by screen readers.
"""

from __future__ import annotations

import html

from ..contract.vocabularies import ACTOR_KIND_WORDS
from .graph import CO, PART_OF, Graph


def legend_html(graph: Graph) -> str:
    """A raw HTML block (column 0, no blank line) listing what the drawing encodes:
    one colour per actor kind present, circle size, line width, dashed lines."""
    kinds = {node.kind for node in graph.nodes}
    items = [
        f'<li><span class="bb-swatch bb-kind-{html.escape(kind)}" aria-hidden="true"></span>{html.escape(words)}</li>'
        for kind, words in ACTOR_KIND_WORDS.items()
        if kind in kinds
    ]
    items.append('<li><span class="bb-swatch bb-swatch-size" aria-hidden="true"></span>larger circle: more claims</li>')
    if any(edge.kind == CO for edge in graph.edges):
        items.append(
            '<li><span class="bb-swatch-line" aria-hidden="true"></span>line: appear in the same claims '
            "(thicker for more)</li>"
        )
    if any(edge.kind == PART_OF for edge in graph.edges):
        items.append('<li><span class="bb-swatch-line bb-swatch-dashed" aria-hidden="true"></span>dashed: part of</li>')
    return '<ul class="bb-legend" aria-label="Key to the graph">\n' + "\n".join(items) + "\n</ul>"
