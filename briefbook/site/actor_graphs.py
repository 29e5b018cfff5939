"""Which actors and relations an actor graph shows, and where they sit.

`ego_graph` (one actor, the actors it appears with, its `part_of` parents and its
members) for actor pages, and `overview_graph` (every actor with claims) for one
overview page; both return a `Graph` (graph.py), which draws itself.
"""

from __future__ import annotations

import functools
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from ..briefing.views import Views
from .graph import (
    CO,
    GRAVITY,
    ITERATIONS,
    MAX_EDGES,
    MAX_NEIGHBOURS,
    NARROW_WIDTH,
    PART_OF,
    SPRING,
    WIDTH,
    Edge,
    Graph,
    Link,
    Node,
    _isolated,
)
from .graph_labels import FONT_SIZE, LABEL_WIDTH, LINE_HEIGHT, Label, label_at, place_labels, wrap_label
from .graph_tips import GraphTips

# -- building graphs -------------------------------------------------------------------------


def _radii(counts: dict[str, int], smallest: float, largest: float) -> dict[str, float]:
    """Radius by claim count, area proportional (sqrt), relative to this graph's top."""
    top = max(counts.values(), default=0) or 1
    return {key: smallest + (largest - smallest) * math.sqrt(count / top) for key, count in counts.items()}


def _claims(views: Views, actor_id: str) -> int:
    return len(views.by_actor.get(actor_id, ()))


def ego_graph(
    views: Views, actor_id: str, link: Link, max_neighbours: int = MAX_NEIGHBOURS, tips: GraphTips | None = None
) -> Graph:
    """One actor in the centre and the actors linked to it around it.

    A star on purpose: only the centre's own relations are drawn, so the table has one
    row per relation of this actor and the SVG stays small (8–9 KB at 24 neighbours).
    Neighbours are ranked by shared claims (part_of relations first on a tie, then by
    name); the first `max_neighbours` are drawn, heaviest on the inner ring."""
    actors = views.briefing.actors
    centre = actors[actor_id]
    tips = tips or GraphTips()
    shared: Counter[str] = views.co_actors.get(actor_id, Counter())
    parents = {p for p in centre.part_of if p in actors and p != actor_id}
    members = {m for m in views.members.get(actor_id, ()) if m in actors and m != actor_id}
    structural = parents | members
    candidates = {a for a in shared if a in actors and a != actor_id} | structural
    ranked = sorted(candidates, key=lambda a: (-shared[a], a not in structural, actors[a].name.casefold(), a))
    kept = ranked[:max_neighbours]
    edges = [Edge(actor_id, a, shared[a], CO) for a in kept if shared[a]]
    edges += [Edge(actor_id, a, 0, PART_OF) for a in kept if a in parents]
    edges += [Edge(a, actor_id, 0, PART_OF) for a in kept if a in members]

    def tip(a: str) -> str:
        """What hovering a node tells: its relations to the centre, in the table's words."""
        if a == actor_id:
            return tips.tip(_isolated(centre.name), [tips.claims(_claims(views, a))])
        words = [tips.shared(shared[a])] if shared[a] else []
        name = _isolated(centre.name)
        words += [tips.has_member(name)] * (a in parents) + [tips.part_of(name)] * (a in members)
        return tips.tip(_isolated(actors[a].name), words)

    ids = [actor_id, *kept]
    radii = _radii({a: _claims(views, a) for a in ids}, 5.0, 16.0)
    names = {a: actors[a].name for a in ids}

    def graph(
        width: float, height: float, positions: dict[str, tuple[float, float]], labels: dict[str, Label]
    ) -> Graph:
        nodes = tuple(
            Node(a, names[a], actors[a].kind, link(a), _claims(views, a), *positions[a], radii[a], tip(a)) for a in ids
        )
        return Graph(nodes, tuple(edges), height, actor_id, len(ranked) - len(kept), width=width, labels=labels)

    narrow = graph(*_fan(ids, radii, names, NARROW_WIDTH))
    height, ring = _rings(len(kept))
    positions = dict(zip(ids, ring, strict=True))
    cx, cy = WIDTH / 2, height / 2
    entries = [
        (
            a,
            *positions[a],
            radii[a],
            "below" if a == actor_id else _outward(*positions[a], cx, cy),
            _wrap(names[a], a == actor_id),
        )
        for a in ids
    ]
    labels = place_labels(entries, WIDTH, height, actor_id)
    wide = graph(WIDTH, height, positions, labels) if labels else graph(*_fan(ids, radii, names, WIDTH))
    return replace(wide, narrow=narrow)


def _wrap(name: str, bold: bool = False) -> tuple[str, ...]:
    return wrap_label(" ".join(name.split()), LABEL_WIDTH, bold)


def _outward(x: float, y: float, cx: float, cy: float) -> str:
    """The side of a ring node pointing away from the centre, so ring labels fan out."""
    dx, dy = x - cx, y - cy
    distance = math.hypot(dx, dy)
    if distance < 1:
        return "below"
    if abs(dx / distance) < 0.1:
        return "below" if dy > 0 else "above"
    return "right" if dx > 0 else "left"


def _column(
    order: list[str], radii: dict[str, float], names: dict[str, str], x: float, width: float, y: float
) -> tuple[dict[str, tuple[float, float]], dict[str, Label], float]:
    """Nodes one under another at `x`, each label to its right, wrapped to the width
    left: one row per node, so no two labels can meet. Returns the bottom too."""
    positions, labels = {}, {}
    for node_id in order:
        r = radii[node_id]
        lines = wrap_label(" ".join(names[node_id].split()), min(LABEL_WIDTH, width - x - r - 12))
        half = max(r + 3, len(lines) * LINE_HEIGHT / 2 + 3, 11)
        y += half
        positions[node_id] = (x, y)
        labels[node_id] = label_at(x, y, r, lines, "right", False)
        y += half
    return positions, labels, y


def _fan(
    ids: list[str], radii: dict[str, float], names: dict[str, str], width: float
) -> tuple[float, float, dict[str, tuple[float, float]], dict[str, Label]]:
    """An ego graph for a narrow column: the centre on the left under its name, the
    neighbours in a column on the right, heaviest first. (width, height, positions, labels)."""
    centre, neighbours = ids[0], ids[1:]
    column_x = round(width * 0.4)
    title = Label(6, 8 + FONT_SIZE * 0.9, "start", wrap_label(names[centre], column_x - 30, True), True)
    positions, labels, bottom = _column(neighbours, radii, names, column_x, width, 8)
    r = radii[centre]
    middle = (positions[neighbours[0]][1] + positions[neighbours[-1]][1]) / 2 if neighbours else 0
    positions[centre] = (10 + r, max(title.box().bottom + r + 6, middle))
    labels[centre] = title
    return width, max(bottom, positions[centre][1] + r) + 8, positions, labels


def _rings(count: int) -> tuple[float, list[tuple[float, float]]]:
    """(height, [centre, *ring positions]): one ring up to 10 neighbours, else an inner
    ring (a third of them, the heaviest) and an outer ring offset by half a step so its
    edges pass between the inner nodes. Clockwise from the top."""
    if count <= 10:
        rings = [(count, 165.0, 0.0)]
    else:
        inner = min(10, math.ceil(count / 3))
        rings = [(inner, 135.0, 0.0), (count - inner, 240.0, 0.5)]
    outer_radius = rings[-1][1]
    height = 2 * outer_radius + 2 * (16 + 4 + FONT_SIZE + 12)
    cx, cy = WIDTH / 2, height / 2
    positions = [(cx, cy)]
    for size, radius, offset in rings:
        for i in range(size):
            angle = -math.pi / 2 + 2 * math.pi * (i + offset) / size
            positions.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return height, positions


def overview_graph(
    views: Views, link: Link, max_nodes: int = 60, max_edges: int = MAX_EDGES, tips: GraphTips | None = None
) -> Graph:
    """Every actor with claims (the `max_nodes` most connected), joined by shared claims
    and `part_of`. When more than `max_edges` pairs remain, the lightest weights are
    dropped (weight 1 first) until they fit, and the graph says how many.

    Laid out by force (Fruchterman–Reingold), not on a circle by kind: with dozens of
    nodes and hundreds of edges a circle turns into a hairball of chords, while forces
    put actors that share claims next to each other, which is what the page is for."""
    actors = views.briefing.actors
    tips = tips or GraphTips()

    def degree(a: str) -> int:
        return sum(1 for b in views.co_actors.get(a, ()) if b in actors and b != a)

    def by_name(a: str) -> tuple[str, str]:
        return actors[a].name.casefold(), a

    with_claims = [a for a in actors if views.by_actor.get(a)]
    ranked = sorted(with_claims, key=lambda a: (-degree(a), -_claims(views, a), *by_name(a)))
    kept = ranked[:max_nodes]
    shown = set(kept)
    pairs = {
        tuple(sorted((a, b), key=by_name)): weight
        for a in kept
        for b, weight in views.co_actors.get(a, Counter()).items()
        if b in shown and b != a
    }
    min_weight = 1
    while sum(1 for w in pairs.values() if w >= min_weight) > max_edges:
        min_weight += 1
    edges = [Edge(a, b, w, CO) for (a, b), w in sorted(pairs.items()) if w >= min_weight]
    edges += [Edge(a, p, 0, PART_OF) for a in kept for p in dict.fromkeys(actors[a].part_of) if p in shown and p != a]

    radii = _radii({a: _claims(views, a) for a in kept}, 4.0, 14.0)
    names = {a: actors[a].name for a in kept}
    dropped = sum(1 for w in pairs.values() if w < min_weight)

    def graph(width: float, height: float, spots: dict[str, tuple[float, float]], labels: dict[str, Label]) -> Graph:
        def node(a: str) -> Node:
            tip = tips.tip(_isolated(actors[a].name), [tips.overview(_claims(views, a), degree(a))])
            return Node(a, names[a], actors[a].kind, link(a), _claims(views, a), *spots[a], radii[a], tip)

        omitted = len(ranked) - len(kept)
        return Graph(tuple(map(node, kept)), tuple(edges), height, None, omitted, dropped, min_weight, width, labels)

    # Wide: forces, then labels placed apart; a frame too crowded for them grows taller.
    laid_out = _force_layout(kept, edges, WIDTH, 640.0, margin_x=75.0, margin_y=30.0)
    order = sorted(kept, key=lambda a: (-_claims(views, a), *by_name(a)))
    wide, spots, lines = None, laid_out, {a: _wrap(names[a]) for a in kept}
    for height in (640.0, 800.0, 960.0, 1120.0):
        spots = {a: (x, 30.0 + (y - 30.0) * (height - 60.0) / 580.0) for a, (x, y) in laid_out.items()}
        labels = place_labels([(a, *spots[a], radii[a], "below", lines[a]) for a in order], WIDTH, height, None)
        if labels:
            wide = graph(WIDTH, height, spots, labels)
            break
    # Narrow (and the wide fallback): one column, ordered as the forces placed them
    # top to bottom so that linked actors stay close, links drawn as arcs on the left.
    column = sorted(kept, key=lambda a: (spots[a][1], spots[a][0], a))
    narrow = _arc_graph(graph, column, radii, names, NARROW_WIDTH)
    return replace(wide or _arc_graph(graph, column, radii, names, WIDTH), narrow=narrow)


def _arc_graph(make: Callable[..., Graph], order: list[str], radii, names, width: float) -> Graph:
    positions, labels, bottom = _column(order, radii, names, round(width * 0.36), width, 8)
    return replace(make(width, bottom + 8, positions, labels), arcs=True)


def _force_layout(
    ids: list[str], edges: list[Edge], width: float, height: float, margin_x: float, margin_y: float
) -> dict[str, tuple[float, float]]:
    """`_laid_out`, remembered for the last few sets of inputs: under `mkdocs serve` an
    edit that leaves the graph's actors and edges as they were (a claim's title) does not
    lay it out again (a sixth of a rebuild). The layout is a function of exactly these
    arguments (its random start is seeded), so a remembered one is the one computed."""
    return dict(_laid_out(tuple(ids), tuple(edges), width, height, margin_x, margin_y))


@functools.lru_cache(maxsize=4)
def _laid_out(
    ids: tuple[str, ...], edges: tuple[Edge, ...], width: float, height: float, margin_x: float, margin_y: float
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold in the unit square, points as complex numbers: a seeded
    start (random.Random(0)), 200 iterations with linear cooling, positions kept inside
    the frame, and a pull to the middle so actors without links stay near the others.

    Repulsion on a point z is k² · conj(Σ 1/(z − w)), one C-level sum per point: the
    O(n²) iterations take ~0.15 s of CPU at 60 nodes. Springs are weak (hubs would otherwise
    collapse into one unreadable knot), and the result is spread by `_stretch`."""
    n = len(ids)
    if n == 0:
        return {}
    rng = random.Random(0)
    points = [complex(rng.random(), rng.random()) for _ in ids]
    index = {node: i for i, node in enumerate(ids)}
    springs = [(index[e.a], index[e.b], SPRING * (1 + math.log(max(e.weight, 1)))) for e in edges]
    k = math.sqrt(1.0 / n)
    for step in range(ITERATIONS):
        heat = 0.1 * (1 - step / ITERATIONS) + 0.002
        forces = [
            GRAVITY * (0.5 + 0.5j - z)
            + k * k * sum([1 / ((z - w) or 1e-9) for w in points[:i] + points[i + 1 :]]).conjugate()
            for i, z in enumerate(points)
        ]
        for i, j, strength in springs:
            pull = (points[i] - points[j]) * abs(points[i] - points[j]) / k * strength
            forces[i] -= pull
            forces[j] += pull
        for i, force in enumerate(forces):
            size = abs(force)
            moved = points[i] + (force * heat / size if size > heat else force)
            points[i] = complex(min(1.0, max(0.0, moved.real)), min(1.0, max(0.0, moved.imag)))
    xs = _stretch([z.real for z in points], margin_x, width)
    ys = _stretch([z.imag for z in points], margin_y, height)
    return {node: (xs[i], ys[i]) for i, node in enumerate(ids)}


def _stretch(values: list[float], margin: float, size: float) -> list[float]:
    """Scale into [margin, size − margin], half linearly and half by rank: a force layout
    packs hubs into a dense core and leaves leaves far out; ranks even the spacing out
    (and keep the order along each axis), so labels in the core have room."""
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return [size / 2] * len(values)
    rank = [0.0] * len(values)
    for position, i in enumerate(sorted(range(len(values)), key=values.__getitem__)):
        rank[i] = position / (len(values) - 1)
    inner = size - 2 * margin
    return [margin + inner * (0.5 * (v - low) / (high - low) + 0.5 * r) for v, r in zip(values, rank, strict=True)]
