"""Actor graphs drawn at build time as inline SVG: no JavaScript, nothing fetched.

Two graphs: `ego_graph` (one actor, the actors it appears with, its `part_of` parents
and its members) for actor pages, and `overview_graph` (every actor with claims) for one
overview page. Both return a `Graph`: positioned nodes and weighted edges, which
writes itself as SVG (`svg`, or `figure` for a Markdown page) and as the rows of the
table that is its text alternative (`table_rows`).

Names come from user data, so every text and attribute value goes through `_esc`,
which escapes for XML *and* turns Markdown punctuation into character references: even
an SVG that a template puts where Markdown reads it as inline HTML cannot turn a name
into a link or emphasis. Colours, dashes and fonts are left to CSS classes, so light and
dark themes can style them; a few presentation attributes (never inline styles, which
a strict Content-Security-Policy would block) keep it legible without the stylesheet.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from ..briefing.views import Views

Link = Callable[[str], str]
"""actor ID → the href of its page, relative to the page the graph is drawn on."""

CO = "co"
PART_OF = "part_of"
MAX_NEIGHBOURS = 24
MAX_EDGES = 300
WIDTH = 800.0
"""Every graph is this wide in user units, so labels read at the same size on every page."""
NARROW_WIDTH = 360.0
"""The phone layout's width in user units: about the column of a 390 px screen, so
labels read at nearly their own size there (see `Graph.narrow`)."""
FONT_SIZE = 12
LINE_HEIGHT = 14.0
LABEL_WIDTH = 180.0
"""Longer labels wrap onto more lines (never cut): about 24 characters."""
ITERATIONS = 200
GRAVITY = 0.5
SPRING = 0.3
"""Force layout tuning, chosen by eye on the example briefing and a 100-actor synthetic one."""

# -- escaping ------------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_URL_IGNORED = re.compile("[\x00-\x20\x7f-\x9f]")
"""What URL parsers strip or skip before reading a scheme (`java\tscript:` is `javascript:`)."""
_ESCAPES = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}|~^=:!"}
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _esc(value: object) -> str:
    """Text or attribute value, on one line, safe in XML, HTML and Markdown alike.

    Characters XML cannot carry at all (C0 controls, lone surrogates) are dropped;
    `& < > " '` and Markdown punctuation become numeric character references, which
    every parser decodes back to the same text."""
    text = _XML_ILLEGAL.sub("", " ".join(str(value).split()))
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)


def _href(value: str) -> str:
    """The link as given, escaped; a scheme other than http(s) (`javascript:`, `data:`)
    means the link callback is broken, so it fails loudly instead of being drawn."""
    match = _SCHEME.match(_URL_IGNORED.sub("", value))
    if match and match.group(1).lower() not in ("http", "https"):
        raise ValueError(f"refusing link {value!r}: only relative or http(s) URLs may be drawn")
    return _esc(value)


def _num(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing `.0`: compact SVG."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _isolated(name: str) -> str:
    """A name that carries bidi controls (U+202E...), wrapped in an isolate so that an
    override it leaves open cannot reverse the words after it in a tooltip."""
    return f"\u2068{name}\u2069" if _BIDI.search(name) else name


def _token(value: str) -> str:
    """A CSS class token from a data value (actor kinds are validated, but be sure)."""
    return re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "unknown"


# -- labels: measured, wrapped, placed without overlap ---------------------------------------

_THIN = set(" .,;:'|!()[]ijlf-")
_WIDE = set("MWmw@%")


def _char_width(char: str, bold: bool = False) -> float:
    if char in _THIN:  # DejaVu Sans, the widest common fallback: i l .278, ( .390, ! .400
        units = 0.4
    elif char in _WIDE or unicodedata.east_asian_width(char) in "WF":
        units = 1.05
    elif char.isupper() or char.isdigit():
        units = 0.78
    else:
        units = 0.66
    return units * FONT_SIZE * (1.15 if bold else 1.0)


def text_width(text: str, bold: bool = False) -> float:
    """A generous estimate of the width of `text` at FONT_SIZE in user units, from
    character classes (no font is at hand at build time): wider than DejaVu Sans and
    Liberation Sans draw it, so labels placed apart by it stay apart in the browser."""
    return sum(_char_width(char, bold) for char in text)


def wrap_label(name: str, width: float = LABEL_WIDTH, bold: bool = False) -> tuple[str, ...]:
    """The whole name on as few lines as fit `width`; a word too long for a line is split."""
    lines: list[str] = []
    line_width = 0.0
    space = _char_width(" ", bold)
    for word in name.split():
        word_width = text_width(word, bold)
        if lines and line_width + space + word_width <= width:
            lines[-1] = f"{lines[-1]} {word}"
            line_width += space + word_width
            continue
        chunk, chunk_width = "", 0.0
        for char in word:  # a word wider than a line is split where it has to be
            char_width = _char_width(char, bold)
            if chunk and chunk_width + char_width > width:
                lines.append(chunk)
                chunk, chunk_width = "", 0.0
            chunk += char
            chunk_width += char_width
        lines.append(chunk)
        line_width = chunk_width
    return tuple(lines) or ("",)


class Box(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


@dataclass(frozen=True, slots=True)
class Label:
    """A node's name as drawn: `lines` from the baseline `y` down, anchored at `x`."""

    x: float
    y: float
    anchor: str
    """"start", "middle" or "end" (SVG text-anchor)."""
    lines: tuple[str, ...]
    bold: bool = False

    def box(self, pad: float = 2.0) -> Box:
        width = max(text_width(line, self.bold) for line in self.lines)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        top = self.y - FONT_SIZE * 0.9
        bottom = self.y + (len(self.lines) - 1) * LINE_HEIGHT + FONT_SIZE * 0.3
        return Box(left - pad, top - pad, left + width + pad, bottom + pad)


def _label(node_x: float, node_y: float, radius: float, lines: tuple[str, ...], side: str, bold: bool) -> Label:
    """A label beside its node: `side` is below, above, right or left."""
    gap = radius + 4
    extra = (len(lines) - 1) * LINE_HEIGHT
    if side == "below":
        return Label(node_x, node_y + gap + FONT_SIZE * 0.9, "middle", lines, bold)
    if side == "above":
        return Label(node_x, node_y - gap - FONT_SIZE * 0.3 - extra, "middle", lines, bold)
    y = node_y + FONT_SIZE * 0.35 - extra / 2
    return (
        Label(node_x + gap, y, "start", lines, bold) if side == "right" else Label(node_x - gap, y, "end", lines, bold)
    )


def place_labels(
    nodes: list[tuple[str, float, float, float, str, tuple[str, ...]]], width: float, height: float, bold: str | None
) -> dict[str, Label] | None:
    """Greedy placement: each node in turn (the order given) takes the first of its
    preferred sides, then the others, where its label stays inside the frame and
    overlaps no label placed before it and no node. None when some label finds no room."""
    circles = [Box(x - r, y - r, x + r, y + r) for _id, x, y, r, _pref, _lines in nodes]
    frame = Box(0, 0, width, height)
    placed: dict[str, Label] = {}
    boxes: list[Box] = []
    for node_id, x, y, r, preferred, lines in nodes:
        sides = [preferred, *[s for s in ("below", "above", "right", "left") if s != preferred]]
        for side in sides:
            label = _label(x, y, r, lines, side, node_id == bold)
            box = label.box()
            inside = (
                frame.left <= box.left
                and box.right <= frame.right
                and frame.top <= box.top
                and box.bottom <= frame.bottom
            )
            if inside and not any(box.overlaps(other) for other in boxes + circles):
                placed[node_id] = label
                boxes.append(box)
                break
        else:
            return None
    return placed


# -- the graph -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    kind: str
    href: str
    claims: int
    x: float
    y: float
    radius: float
    tip: str
    """The full name and what the node's relation is, shown on hover."""


@dataclass(frozen=True, slots=True)
class Edge:
    """`kind` is CO (weight = shared claims) or PART_OF (`a` is part of `b`; weight 0)."""

    a: str
    b: str
    weight: int
    kind: str


class Row(NamedTuple):
    """One relation of the text alternative, e.g. (mali, Mali, "appears with", wagner, Wagner, 12)."""

    a_id: str
    a_name: str
    relation: str
    b_id: str
    b_name: str
    shared: int | None


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    height: float
    centre: str | None = None
    """The actor of an ego graph; None for the overview."""
    omitted_actors: int = 0
    """Actors left out by the cap on nodes."""
    omitted_edges: int = 0
    """Co-occurrence links left out because they were lighter than `min_weight`."""
    min_weight: int = 1
    width: float = WIDTH
    labels: dict[str, Label] | None = None
    """Every node's label, placed so that none overlaps another (see place_labels)."""
    arcs: bool = False
    """Edges drawn as arcs left of a column of nodes (the phone layout of the overview)."""
    narrow: Graph | None = None
    """The same graph laid out for a phone-sized column, drawn beside this one and
    shown instead of it on narrow screens (CSS in assets/briefbook.css)."""

    @property
    def by_id(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}

    def table_rows(self) -> list[Row]:
        """The text alternative: one row per edge, heaviest first, then by names. In an
        ego graph every row starts from the centre ("has member" for its members)."""
        nodes = self.by_id
        rows = []
        for edge in self.edges:
            a, b, relation = edge.a, edge.b, "appears with" if edge.kind == CO else "part of"
            if edge.kind == PART_OF and b == self.centre:
                a, b, relation = b, a, "has member"
            shared = edge.weight if edge.kind == CO else None
            rows.append(Row(a, nodes[a].name, relation, b, nodes[b].name, shared))
        rows.sort(key=lambda r: (-(r.shared or 0), r.a_name.casefold(), r.b_name.casefold(), r.relation))
        return rows

    def notes(self) -> list[str]:
        """Plain sentences saying what was left out, for under the table."""
        notes = []
        if self.omitted_actors:
            who = "actor is" if self.omitted_actors == 1 else "actors are"
            fewer = "sharing fewer claims" if self.centre else "with fewer links"
            notes.append(f"{self.omitted_actors} more {who} not shown ({fewer}).")
        if self.omitted_edges:
            links = "link is" if self.omitted_edges == 1 else "links are"
            notes.append(f"{self.omitted_edges} {links} not shown: pairs sharing fewer than {self.min_weight} claims.")
        return notes

    def summary(self) -> str:
        """A one-sentence description, for `svg(description=...)`."""
        co = sum(1 for e in self.edges if e.kind == CO)
        part = sum(1 for e in self.edges if e.kind == PART_OF)
        if self.centre is not None:
            name = self.by_id[self.centre].name
            text = f"{name} and the {len(self.nodes) - 1} actors linked to it: {co} appear with it in claims"
        else:
            text = f"{len(self.nodes)} actors and {co} pairs that appear together in claims"
        text += f", {part} part-of links" if part else ""
        return text + ". The table after the graph lists the same relations."

    # -- SVG ---------------------------------------------------------------------------------

    def svg(self, title: str, description: str, id_prefix: str = "bb-graph") -> str:
        """One `<svg>` element, no blank line inside, titled and described for assistive
        technology. Links take `tabindex="-1"`: with `role="img"` the drawing is one
        picture to assistive technology, and keyboard users get the same links in the
        table instead of a second set of tab stops."""
        kind = "bb-graph-ego" if self.centre else "bb-graph-overview"
        kind += " bb-graph-narrow" if self.width <= NARROW_WIDTH else " bb-graph-wide"
        ids = _esc(f"{id_prefix}-title"), _esc(f"{id_prefix}-desc")
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="bb-graph {kind}" '
            f'viewBox="0 0 {_num(self.width)} {_num(self.height)}" width="100%" role="img" '
            f'aria-labelledby="{ids[0]}" aria-describedby="{ids[1]}" font-size="{FONT_SIZE}">\n'
            f'<title id="{ids[0]}">{_esc(title)}</title>\n<desc id="{ids[1]}">{_esc(description)}</desc>'
        )
        return "\n".join([head, *self._edge_lines(), *self._node_lines(), "</svg>"])

    def figure(self, title: str, description: str, id_prefix: str = "bb-graph") -> str:
        """The SVG inside `<figure class="bb-graph-figure">`: what a Markdown page needs.

        Python-Markdown does not count `<svg>` as a block-level tag, so a bare SVG is put
        in a paragraph and its text is read as Markdown; a `<figure>` is a raw HTML block,
        passed through as it is. Starts at column 0, no blank line inside."""
        svgs = [self.svg(title, description, id_prefix)]
        if self.narrow is not None:
            svgs.append(self.narrow.svg(title, description, f"{id_prefix}-narrow"))
        return '<figure class="bb-graph-figure">\n' + "\n".join(svgs) + "\n</figure>"

    def _edge_lines(self) -> Iterable[str]:
        nodes = self.by_id
        top = max((e.weight for e in self.edges if e.kind == CO), default=1)
        # co edges lightest first, so heavy ones are on top; part_of dashes over them
        ordered = sorted(self.edges, key=lambda e: (e.kind == PART_OF, e.weight, e.a, e.b))
        yield '<g class="bb-edges" stroke="#888" stroke-opacity="0.6">'
        for edge in ordered:
            a, b = nodes[edge.a], nodes[edge.b]
            if edge.kind == CO:
                width, dash = 0.8 + 5.2 * math.sqrt(edge.weight / top), ""
            else:
                width, dash = 1.5, ' stroke-dasharray="5 4"'
            if self.arcs:
                bulge = min(2 * (a.x - 6), 0.9 * abs(b.y - a.y))
                yield (
                    f'<path class="bb-edge-{_token(edge.kind)}" d="M{_num(a.x)} {_num(a.y)}Q{_num(a.x - bulge)} '
                    f'{_num((a.y + b.y) / 2)} {_num(b.x)} {_num(b.y)}" fill="none" stroke-width="{_num(width)}"{dash}/>'
                )
                continue
            yield (
                f'<line class="bb-edge-{_token(edge.kind)}" x1="{_num(a.x)}" y1="{_num(a.y)}" '
                f'x2="{_num(b.x)}" y2="{_num(b.y)}" stroke-width="{_num(width)}"{dash}/>'
            )
        yield "</g>"

    def _node_lines(self) -> Iterable[str]:
        labels = self.labels or {}
        narrow = self.width <= NARROW_WIDTH
        for node in self.nodes:
            tip = "" if narrow else f"<title>{_esc(node.tip)}</title>"
            classes = f"bb-kind-{_token(node.kind)}" + (" bb-centre" if node.id == self.centre else "")
            label = labels.get(node.id) or _label(node.x, node.y, node.radius, (node.name,), "below", False)
            anchor = "" if label.anchor == "start" else f' text-anchor="{label.anchor}"'
            if len(label.lines) == 1:
                text = _esc(label.lines[0])
            else:
                text = "".join(
                    f'<tspan x="{_num(label.x)}" dy="{0 if i == 0 else _num(LINE_HEIGHT)}">{_esc(line)}</tspan>'
                    for i, line in enumerate(label.lines)
                )
            yield (
                # xlink:href, not href: Material's instant navigation assigns `.href` on
                # every `a[href]` it finds, which throws on SVG links (a read-only property).
                # The phone layout leaves out the hover tips: there is no hover, and it halves its size.
                f'<a xlink:href="{_href(node.href)}" class="{classes}" tabindex="-1">{tip}'
                f'<circle cx="{_num(node.x)}" cy="{_num(node.y)}" r="{_num(node.radius)}"/>'
                f'<text x="{_num(label.x)}" y="{_num(label.y)}"{anchor}>{text}</text></a>'
            )


# -- building graphs -------------------------------------------------------------------------


def _radii(counts: dict[str, int], smallest: float, largest: float) -> dict[str, float]:
    """Radius by claim count, area proportional (sqrt), relative to this graph's top."""
    top = max(counts.values(), default=0) or 1
    return {key: smallest + (largest - smallest) * math.sqrt(count / top) for key, count in counts.items()}


def _claims(views: Views, actor_id: str) -> int:
    return len(views.by_actor.get(actor_id, ()))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def ego_graph(views: Views, actor_id: str, link: Link, max_neighbours: int = MAX_NEIGHBOURS) -> Graph:
    """One actor in the centre and the actors linked to it around it.

    A star on purpose: only the centre's own relations are drawn, so the table has one
    row per relation of this actor and the SVG stays small (8–9 KB at 24 neighbours).
    Neighbours are ranked by shared claims (part_of relations first on a tie, then by
    name); the first `max_neighbours` are drawn, heaviest on the inner ring."""
    actors = views.briefing.actors
    centre = actors[actor_id]
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
            return f"{_isolated(centre.name)} ({_plural(_claims(views, a), 'claim')})"
        words = [_plural(shared[a], "shared claim")] if shared[a] else []
        name = _isolated(centre.name)
        words += [f"has member {name}"] * (a in parents) + [f"part of {name}"] * (a in members)
        return f"{_isolated(actors[a].name)} ({'; '.join(words)})"

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
        labels[node_id] = _label(x, y, r, lines, "right", False)
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


def overview_graph(views: Views, link: Link, max_nodes: int = 60, max_edges: int = MAX_EDGES) -> Graph:
    """Every actor with claims (the `max_nodes` most connected), joined by shared claims
    and `part_of`. When more than `max_edges` pairs remain, the lightest weights are
    dropped (weight 1 first) until they fit, and the graph says how many.

    Laid out by force (Fruchterman–Reingold), not on a circle by kind: with dozens of
    nodes and hundreds of edges a circle turns into a hairball of chords, while forces
    put actors that share claims next to each other, which is what the page is for."""
    actors = views.briefing.actors

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
            claims = _plural(_claims(views, a), "claim")
            tip = f"{_isolated(actors[a].name)} ({claims}, appears with {_plural(degree(a), 'actor')})"
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
