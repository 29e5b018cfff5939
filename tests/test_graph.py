"""The actor graphs: valid, accessible, escaped, deterministic SVG that matches the views."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.briefing.model import Actor, Briefing, Claim
from briefbook.briefing.views import Views, build_views
from briefbook.contract.fields import Markdown
from briefbook.problems import Position
from briefbook.site import graph, graph_labels
from briefbook.site.actor_graphs import ego_graph, overview_graph
from briefbook.site.graph import Graph
from briefbook.site.urls import relative_url

FIXTURE = Path(__file__).parent / "fixtures" / "small"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "onload": '"onload="x',
    "amp": "Smith & Sons <Ltd> 'quoted'",
    "md": "[click](javascript:alert(1)) *NSYNC* `x` {: onclick=y}",
    "rtl": "\u202ePMC \u0641\u0627\u063a\u0646\u0631\u200b \u05d5\u05d2\u05e0\u05e8",
}


def make_views(actors: list[Actor], claims: list[tuple[str, ...]]) -> Views:
    """Views of an in-memory briefing: one claim per tuple of actor IDs."""
    text = Markdown("Something happened.", Position(""), "Something happened.")
    records = {
        f"c{i}": Claim(id=f"c{i}", title=f"Claim {i}", statement=text, kind="event", themes=(), sources=(), actors=ids)
        for i, ids in enumerate(claims)
    }
    briefing = Briefing(actors={a.id: a for a in actors}, themes={}, sources={}, claims=records)
    return build_views(briefing)


def link(actor_id: str) -> str:
    return f"../{actor_id}/"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def anchors(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}a")


def hub_views(spokes: int) -> Views:
    """Actor `hub` shares 1..spokes claims with `a00`.. (a00 the most), `a03` is part of it."""
    actors = [Actor("hub", "Hub", "state")]
    actors += [
        Actor(f"a{i:02d}", f"Actor {i:02d}", "person", part_of=("hub",) if i == 3 else ()) for i in range(spokes)
    ]
    claims = [("hub", f"a{i:02d}") for i in range(spokes) for _ in range(spokes - i)]
    return make_views(actors, claims)


@pytest.fixture(scope="module")
def fixture_views() -> Views:
    result = check_project(Project.at(FIXTURE))
    assert result.ok, result.sorted_problems()
    return build_views(result.briefing)


# -- the fixture briefing -------------------------------------------------------------------


def test_ego_graph_matches_the_views(fixture_views: Views) -> None:
    g = ego_graph(fixture_views, "ruritania", link)
    co = {e.b: e.weight for e in g.edges if e.kind == graph.CO}
    assert co == dict(fixture_views.co_actors["ruritania"])
    part_of = {(e.a, e.b) for e in g.edges if e.kind == graph.PART_OF}
    assert part_of == {("ruritania", "northern-league"), ("ruritanian-army", "ruritania")}
    assert {n.id for n in g.nodes} == {"ruritania", *co, "northern-league", "ruritanian-army"}
    assert g.omitted_actors == 0
    radius = {n.id: n.radius for n in g.nodes}
    assert radius["ruritania"] > radius["northern-league"]  # more claims, bigger node

    root = parse(g.svg("Ruritania's relations", g.summary()))
    lines = root.findall(f".//{SVG}line")
    assert len(lines) == len(g.edges)
    assert sum(line.get("class") == "bb-edge-part-of" for line in lines) == 2
    assert sum(line.get("class") == "bb-edge-co" for line in lines) == len(co)
    centre = [a for a in anchors(root) if "bb-centre" in a.get("class", "").split()]
    assert [a.get(XLINK_HREF) for a in centre] == ["../ruritania/"]


def test_heavier_edges_are_wider(fixture_views: Views) -> None:
    g = ego_graph(fixture_views, "ruritania", link)
    root = parse(g.svg("t", "d"))
    widths = {}
    positions = {(round(n.x, 1), round(n.y, 1)): n.id for n in g.nodes}
    for line in root.findall(f".//{SVG}line[@class='bb-edge-co']"):
        end = positions[(float(line.get("x2")), float(line.get("y2")))]
        widths[end] = float(line.get("stroke-width"))
    weights = fixture_views.co_actors["ruritania"]
    heavy, light = max(weights, key=weights.get), min(weights, key=weights.get)
    assert weights[heavy] > weights[light]
    assert widths[heavy] > widths[light]


def test_table_rows_read_from_the_centre(fixture_views: Views) -> None:
    rows = ego_graph(fixture_views, "ruritania", link).table_rows()
    assert all(row.a_id == "ruritania" and row.a_name == "Ruritania" for row in rows)
    assert ("part of", "northern-league", None) in [(r.relation, r.b_id, r.shared) for r in rows]
    assert ("has member", "ruritanian-army", None) in [(r.relation, r.b_id, r.shared) for r in rows]
    shared = [r.shared for r in rows if r.relation == "appears with"]
    assert shared == sorted(shared, reverse=True) and all(shared)
    assert len(rows) == len(ego_graph(fixture_views, "ruritania", link).edges)
    member = ego_graph(fixture_views, "ruritanian-army", link).table_rows()
    assert ("ruritanian-army", "part of", "ruritania") in [(r.a_id, r.relation, r.b_id) for r in member]
    assert ("ruritanian-army", "has member", "anna-ostrava") in [(r.a_id, r.relation, r.b_id) for r in member]


def test_overview_of_the_fixture(fixture_views: Views) -> None:
    g = overview_graph(fixture_views, lambda a: f"actors/{a}/")
    with_claims = {a for a in fixture_views.briefing.actors if fixture_views.by_actor.get(a)}
    assert {n.id for n in g.nodes} == with_claims
    pairs = {frozenset((e.a, e.b)): e.weight for e in g.edges if e.kind == graph.CO}
    expected = {frozenset((a, b)): w for a in with_claims for b, w in fixture_views.co_actors[a].items()}
    assert pairs == expected
    part_of = {(e.a, e.b) for e in g.edges if e.kind == graph.PART_OF}
    assert ("ruritanian-army", "ruritania") in part_of
    assert g.omitted_actors == g.omitted_edges == 0 and g.notes() == []
    root = parse(g.svg("All actors", g.summary()))
    assert sorted(a.get(XLINK_HREF) for a in anchors(root)) == sorted(f"actors/{a}/" for a in with_claims)
    rows = g.table_rows()
    assert len(rows) == len(g.edges)
    assert ("ruritanian-army", "part of", "ruritania", None) in [(r.a_id, r.relation, r.b_id, r.shared) for r in rows]


# -- SVG structure -------------------------------------------------------------------------------


XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def check_svg(g: Graph, hrefs: dict[str, str]) -> ET.Element:
    """What every graph's SVG must be: one raw block, titled, linked, inside its viewBox."""
    svg = g.svg("A title", "A description", id_prefix="g1")
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "\n\n" not in svg and all(line.strip() for line in svg.split("\n"))
    assert "style" not in svg
    root = parse(svg)
    assert root.get("role") == "img" and root.get("width") == "100%"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id") == "g1-title" and title.text == "A title"
    assert root.get("aria-describedby") == desc.get("id") == "g1-desc" and desc.text == "A description"

    links = anchors(root)
    assert len(links) == len(g.nodes)
    assert sorted(a.get(XLINK_HREF) for a in links) == sorted(hrefs[n.id] for n in g.nodes)
    for a in links:
        assert a.find(f"{SVG}circle") is not None and a.find(f"{SVG}text") is not None
        assert a.find(f"{SVG}title") is not None
        assert re.fullmatch(r"bb-kind-[a-z0-9-]+( bb-centre)?", a.get("class"))

    x0, y0, width, height = map(float, root.get("viewBox").split())
    assert (x0, y0) == (0, 0)
    for circle in root.iter(f"{SVG}circle"):
        cx, cy, r = (float(circle.get(k)) for k in ("cx", "cy", "r"))
        assert r <= cx <= width - r and r <= cy <= height - r
    for text in root.iter(f"{SVG}text"):
        assert 0 <= float(text.get("x")) <= width and 0 <= float(text.get("y")) <= height
    for line in root.iter(f"{SVG}line"):
        assert all(0 <= float(line.get(k)) <= width for k in ("x1", "x2"))
        assert all(0 <= float(line.get(k)) <= height for k in ("y1", "y2"))
    return root


def test_svg_structure(fixture_views: Views) -> None:
    actors = fixture_views.briefing.actors
    for actor_id in actors:
        check_svg(ego_graph(fixture_views, actor_id, link), {a: link(a) for a in actors})
    check_svg(overview_graph(fixture_views, link), {a: link(a) for a in actors})


def test_actor_without_relations_is_a_lone_node() -> None:
    views = make_views([Actor("solo", "Solo", "person")], [("solo",)])
    g = ego_graph(views, "solo", link)
    assert len(g.nodes) == 1 and g.edges == () and g.table_rows() == []
    check_svg(g, {"solo": link("solo")})


# -- hostile data ---------------------------------------------------------------------------------


def hostile_views() -> Views:
    actors = [Actor("centre", HOSTILE["script"], "state")]
    actors += [Actor(key, name, "armed-group", part_of=("centre",)) for key, name in HOSTILE.items() if key != "script"]
    actors.append(Actor("odd", "Odd kind", "<b>bad kind"))
    return make_views(actors, [("centre", "onload", "amp", "md", "rtl", "odd"), ("centre", "amp")])


@pytest.mark.parametrize("kind", ["ego", "overview"])
def test_hostile_names_are_escaped(kind: str) -> None:
    views = hostile_views()
    g = ego_graph(views, "centre", link) if kind == "ego" else overview_graph(views, link)
    svg = g.svg('Title </title><script>x</script> & "q"', "Desc <desc> &amp;")
    check_svg(g, {a: link(a) for a in views.briefing.actors})
    root = parse(svg)
    assert root.find(f"{SVG}title").text == 'Title </title><script>x</script> & "q"'
    assert root.find(f"{SVG}desc").text == "Desc <desc> &amp;"
    for element in root.iter():
        assert not element.tag.endswith("script")
        assert not any(name.lower().startswith("on") for name in element.attrib)
    names = {actor.name for actor in views.briefing.actors.values()}
    for a in anchors(root):
        full = a.find(f"{SVG}title").text
        assert any(full.startswith(name + " (") or full.startswith(f"\u2068{name}\u2069 (") for name in names)
        label = label_text(a).replace(" ", "")
        assert label in {"".join(name.split()) for name in names}
    labels = {label_text(a).replace(" ", "") for a in anchors(root)}
    assert HOSTILE["onload"] in labels and "<script>alert(1)</script>" in labels  # whole, never cut
    assert "<script" not in svg and "javascript:" not in svg
    tips = [a.find(f"{SVG}title").text for a in anchors(root)]
    assert any(tip.startswith(f"\u2068{HOSTILE['rtl']}\u2069 (") for tip in tips)  # the override stays inside
    classes = {a.get("class") for a in anchors(root)}
    assert "bb-kind-b-bad-kind" in classes


def label_text(anchor: ET.Element) -> str:
    """A node's label as read: its lines (tspans) joined by spaces."""
    text = anchor.find(f"{SVG}text")
    lines = [t.text or "" for t in text.findall(f"{SVG}tspan")] or [text.text or ""]
    return " ".join(lines)


def test_names_cannot_become_markdown() -> None:
    """Wrapped in <figure>, the SVG passes through Python-Markdown untouched; even bare
    (where Markdown reads it inline), no name turns into a link or emphasis."""
    views = hostile_views()
    g = ego_graph(views, "centre", link)
    extensions = ["tables", "attr_list", "md_in_html", "def_list", "admonition"]
    figure = g.figure("T", "D")
    assert figure.startswith('<figure class="bb-graph-figure">\n<svg ')
    html = markdown.markdown(f"Before\n\n{figure}\n\nAfter", extensions=extensions)
    assert figure in html
    bare = markdown.markdown(f"Before\n\n{g.svg('T', 'D')}\n\nAfter", extensions=extensions)
    assert "<em>" not in bare and "<code>" not in bare and 'href="javascript' not in bare
    assert bare.count("<a ") == len(g.nodes)


def test_control_characters_are_dropped() -> None:
    views = make_views([Actor("a", "Bell\x07 and\nnew\tline\x00", "person"), Actor("b", "B", "person")], [("a", "b")])
    root = parse(ego_graph(views, "a", link).svg("t\x1b", "d"))
    assert {a.find(f"{SVG}text").text for a in anchors(root)} == {"Bell and new line", "B"}


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", " JavaScript:x", "java\tscript:x", "data:text/html,x", "vbscript:x"]
)
def test_unsafe_links_are_refused(bad: str) -> None:
    views = make_views([Actor("a", "A", "person"), Actor("b", "B", "person")], [("a", "b")])
    g = ego_graph(views, "a", lambda actor_id: bad if actor_id == "b" else "../a/")
    with pytest.raises(ValueError, match="refusing link"):
        g.svg("t", "d")


def test_http_links_are_kept_and_escaped() -> None:
    views = make_views([Actor("a", "A", "person"), Actor("b", "B", "person")], [("a", "b")])
    g = ego_graph(views, "a", lambda actor_id: f"https://example.org/?a={actor_id}&x=1")
    hrefs = {a.get(XLINK_HREF) for a in anchors(parse(g.svg("t", "d")))}
    assert hrefs == {"https://example.org/?a=a&x=1", "https://example.org/?a=b&x=1"}


# -- caps, determinism, size, speed ---------------------------------------------------------------


def test_ego_cap_keeps_the_heaviest() -> None:
    views = hub_views(40)
    g = ego_graph(views, "hub", link)
    assert len(g.nodes) == 1 + graph.MAX_NEIGHBOURS
    assert g.omitted_actors == 40 - graph.MAX_NEIGHBOURS
    assert g.notes() == ["16 more actors are not shown (sharing fewer claims)."]
    kept = {n.id for n in g.nodes}
    assert kept == {"hub"} | {f"a{i:02d}" for i in range(graph.MAX_NEIGHBOURS)}
    weights = {e.b: e.weight for e in g.edges if e.kind == graph.CO}
    assert weights == {f"a{i:02d}": 40 - i for i in range(graph.MAX_NEIGHBOURS)}
    assert [(e.a, e.b) for e in g.edges if e.kind == graph.PART_OF] == [("a03", "hub")]
    rows = g.table_rows()
    assert [r.b_id for r in rows if r.shared] == [f"a{i:02d}" for i in range(graph.MAX_NEIGHBOURS)]
    check_svg(g, {n.id: link(n.id) for n in g.nodes})
    small = ego_graph(views, "hub", link, max_neighbours=5)
    assert len(small.nodes) == 6 and small.omitted_actors == 35


def test_ego_svg_stays_small() -> None:
    """Actor pages must stay under 30 KB of HTML: the graph takes about a quarter."""
    actors = [Actor("hub", "Hub", "state")]
    actors += [Actor(f"neighbour-{i:02d}", f"A fairly long actor name {i:02d}", "armed-group") for i in range(30)]
    views = make_views(actors, [("hub", f"neighbour-{i:02d}") for i in range(30) for _ in range(30 - i)])
    g = ego_graph(views, "hub", link)
    assert len(g.svg("Actors that appear with Hub", g.summary()).encode()) < 11_000
    assert len(g.narrow.svg("Actors that appear with Hub", g.summary()).encode()) < 9_000  # no hover tips
    assert len(g.figure("Actors that appear with Hub", g.summary()).encode()) < 20_000


def test_layout_is_deterministic(fixture_views: Views) -> None:
    big = hub_views(40)
    for views in (fixture_views, big):
        assert overview_graph(views, link).svg("t", "d") == overview_graph(views, link).svg("t", "d")
    assert ego_graph(big, "hub", link).svg("t", "d") == ego_graph(big, "hub", link).svg("t", "d")


def big_briefing(actors: int = 80, claims: int = 900) -> Views:
    """Actors of ten kinds, some part of others, claims of 2–4 actors from a fixed pattern."""
    kinds = ["state", "government", "armed-forces", "armed-group", "private-military-company"]
    kinds += ["alliance", "organisation", "company", "media", "person"]
    records = [
        Actor(f"x{i}", f"Actor {i}", kinds[i % 10], part_of=(f"x{i // 4}",) if i % 7 == 0 and i else ())
        for i in range(actors)
    ]
    pattern = [
        tuple(dict.fromkeys(f"x{(c * m) % (1 + c % actors)}" for m in (1, 3, 7, 11)[: 2 + c % 3]))
        for c in range(claims)
    ]
    return make_views(records, [ids for ids in pattern if len(ids) > 1] + [(f"x{i}",) for i in range(actors)])


def test_overview_caps_nodes_and_edges() -> None:
    views = big_briefing()
    started = time.perf_counter()
    g = overview_graph(views, link)
    elapsed = time.perf_counter() - started
    print(f"overview of {len(g.nodes)} nodes, {len(g.edges)} edges: {elapsed:.3f} s")
    assert len(g.nodes) == 60 and g.omitted_actors == 20
    co = [e for e in g.edges if e.kind == graph.CO]
    assert len(co) <= graph.MAX_EDGES
    assert g.min_weight >= 2 and g.omitted_edges > 0
    assert all(e.weight >= g.min_weight for e in co)
    assert any(e.kind == graph.PART_OF for e in g.edges)
    notes = g.notes()
    assert notes[0] == "20 more actors are not shown (with fewer links)."
    assert notes[1] == f"{g.omitted_edges} links are not shown: pairs sharing fewer than {g.min_weight} claims."
    degree = {a: len(views.co_actors[a]) for a in views.briefing.actors}
    shown = {n.id for n in g.nodes}
    assert min(degree[a] for a in shown) >= max(degree[a] for a in views.briefing.actors if a not in shown)
    check_svg(g, {a: link(a) for a in views.briefing.actors})
    uncapped = overview_graph(views, link, max_nodes=80, max_edges=10_000)
    assert uncapped.omitted_actors == uncapped.omitted_edges == 0 and uncapped.min_weight == 1


# -- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "href"),
    [
        ("actors/mali/", "actors/wagner/", "../wagner/"),
        ("actors/mali/", "actors/mali/", "./"),
        ("", "actors/wagner/", "actors/wagner/"),
        ("actor-graph/", "actors/wagner/", "../actors/wagner/"),
        ("actors/mali/", "", "../../"),
        ("actors/mali.html", "actors/wagner.html", "wagner.html"),
        ("actors.html", "actors/wagner.html", "actors/wagner.html"),
    ],
)
def test_relative_url(source: str, target: str, href: str) -> None:
    assert relative_url(source, target) == href


# -- labels: whole names, never overlapping, in both layouts (issue #11) ---------------------------


def label_boxes(g: Graph) -> list[graph_labels.Box]:
    assert g.labels is not None and set(g.labels) == {n.id for n in g.nodes}
    return [g.labels[n.id].box(pad=0) for n in g.nodes]


@pytest.mark.parametrize("spokes", [3, 12, 24])
@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_labels_are_whole_and_never_overlap(spokes: int, layout: str) -> None:
    """Long names wrap onto lines (never cut with "…"); no two label boxes, as estimated
    generously from the characters, intersect; all stay inside the frame. The browser
    suite checks the same with the boxes Chromium draws."""
    actors = [Actor("hub", "Transitional authorities of Mali", "government")]
    actors += [
        Actor(f"a{i:02d}", f"Permanent Strategic Framework {i} for the Defense of the People", "armed-group")
        if i % 3 == 0
        else Actor(f"a{i:02d}", f"Abdoulaye Diop {i}", "person")
        for i in range(spokes)
    ]
    views = make_views(
        actors,
        [("hub", f"a{i:02d}") for i in range(spokes) for _ in range(spokes - i)]
        + [tuple(f"a{i:02d}" for i in range(spokes))],
    )
    for g in (ego_graph(views, "hub", link), overview_graph(views, link)):
        drawn = g if layout == "wide" else g.narrow
        assert drawn.width == (graph.WIDTH if layout == "wide" else graph.NARROW_WIDTH)
        boxes = label_boxes(drawn)
        for i, a in enumerate(boxes):
            assert a.left >= 0 and a.right <= drawn.width and a.top >= 0 and a.bottom <= drawn.height
            assert not any(a.overlaps(b) for b in boxes[i + 1 :])
        for node in drawn.nodes:
            assert "".join(drawn.labels[node.id].lines).replace(" ", "") == node.name.replace(" ", "")
        root = parse(drawn.svg("t", "d"))
        assert "…" not in ET.tostring(root, encoding="unicode")


def test_wrap_label_keeps_every_character() -> None:
    name = "Jama'at Nasr al-Islam wal-Muslimin Supercalifragilisticexpialidociousandmore"
    lines = graph_labels.wrap_label(name, 120)
    assert "".join(lines).replace(" ", "") == name.replace(" ", "")
    assert all(graph_labels.text_width(line) <= 120 for line in lines)
