"""An actor graph for a site written right to left (Arabic, Hebrew, Persian...).

The layouts of actor_graphs.py read from the left: the phone layout puts an actor
and its name on the left and its relations in a column to the right, arcs on the
left of the overview's column. Right to left, the reader starts at the right, so the
drawing is mirrored: every x becomes `width - x`. Text is not mirrored: the SVG says
`direction="rtl"` (graph.py), under which `text-anchor="start"` anchors a label's right
end, so a label placed to the right of its node (start) lands, mirrored, to the left of
it and still reads from its node outward. Anchors keep their values; only x moves.

Applied to a finished graph (pages.py: `for_direction`), so the layouts themselves
know nothing of direction, and placement without overlap carries over as it is.
"""

from __future__ import annotations

from dataclasses import replace

from .graph import Graph
from .graph_labels import Label


def mirrored(graph: Graph) -> Graph:
    """The same graph drawn right to left, the phone layout with it."""
    width = graph.width
    nodes = tuple(replace(node, x=width - node.x) for node in graph.nodes)
    labels = None
    if graph.labels is not None:
        labels = {node_id: _mirrored_label(label, width) for node_id, label in graph.labels.items()}
    narrow = mirrored(graph.narrow) if graph.narrow is not None else None
    return replace(graph, nodes=nodes, labels=labels, narrow=narrow, rtl=not graph.rtl)


def _mirrored_label(label: Label, width: float) -> Label:
    return replace(label, x=width - label.x)


def for_direction(graph: Graph, direction: str) -> Graph:
    """`graph` as the site's text direction (`ltr` or `rtl`) reads it."""
    return mirrored(graph) if direction == "rtl" else graph
