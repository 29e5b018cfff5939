"""Actor graphs drawn at build time as inline SVG: no JavaScript, nothing fetched.

A `Graph` (built by actor_graphs.py: `ego_graph` for actor pages, `overview_graph` for
the overview page) is positioned nodes and weighted edges, and writes itself as SVG (`svg`, or `figure` for a Markdown page) and as the rows of the
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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .graph_labels import FONT_SIZE, LINE_HEIGHT, Label, label_at

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
    rtl: bool = False
    """Drawn for a right-to-left site: mirrored, text right to left (graph_direction.py)."""

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
        # Said, not inherited: labels are anchored for the direction they were placed in.
        direction = ' direction="rtl"' if self.rtl else ""
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="bb-graph {kind}" '
            f'viewBox="0 0 {_num(self.width)} {_num(self.height)}" width="100%"{direction} role="img" '
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
            if self.arcs:  # on the left of the column (on the right, mirrored)
                room = (self.width - a.x if self.rtl else a.x) - 6
                bulge = min(2 * room, 0.9 * abs(b.y - a.y)) * (-1 if self.rtl else 1)
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
            label = labels.get(node.id) or label_at(node.x, node.y, node.radius, (node.name,), "below", False)
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
