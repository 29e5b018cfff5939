"""Right to left without a browser (issue #19): which direction a site reads in, the actor
graphs drawn mirrored for it, and styles that mirror on their own. The browser half is
tests/test_rtl_browser.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINIMAL, build_site

from briefbook.adapters.site_config import theme_direction
from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.briefing.views import Views, build_views
from briefbook.site.actor_graphs import ego_graph, overview_graph
from briefbook.site.graph import NARROW_WIDTH, Graph
from briefbook.site.graph_direction import for_direction
from briefbook.site.pages import ASSETS_SOURCE

ARABIC = Path(__file__).resolve().parent / "briefings" / "arabic"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("theme", "direction"),
    [
        ({"language": "ar"}, "rtl"),
        ({"language": "he"}, "rtl"),
        ({"language": "fa"}, "rtl"),
        ({"language": "fr"}, "ltr"),
        ({}, "ltr"),
        ({"language": "ar", "direction": "ltr"}, "ltr"),  # Material's theme.direction wins
        ({"language": "en", "direction": "rtl"}, "rtl"),
    ],
)
def test_the_site_reads_in_materials_direction(theme, direction):
    assert theme_direction(theme) == direction


@pytest.fixture(scope="module")
def arabic_views() -> Views:
    result = check_project(Project.at(ARABIC))
    assert result.ok, result.sorted_problems()
    return build_views(result.briefing)


def link(actor_id: str) -> str:
    return f"../{actor_id}/"


def layouts(graph: Graph) -> list[Graph]:
    return [graph] if graph.narrow is None else [graph, graph.narrow]


@pytest.mark.parametrize("actor", [None, "wagner", "csp-dpa"])
def test_right_to_left_the_graph_is_the_left_to_right_one_mirrored(arabic_views, actor):
    """Every node and label at `width - x`, anchors unchanged (under direction="rtl" a
    start anchor is a label's right end), names whole, and the same relations."""

    def draw(direction: str) -> Graph:
        graph = overview_graph(arabic_views, link) if actor is None else ego_graph(arabic_views, actor, link)
        return for_direction(graph, direction)

    ltr, rtl = draw("ltr"), draw("rtl")
    assert rtl.table_rows() == ltr.table_rows()
    for left, right in zip(layouts(ltr), layouts(rtl), strict=True):
        assert (left.rtl, right.rtl) == (False, True)
        assert right.width == left.width and right.height == left.height
        for a, b in zip(left.nodes, right.nodes, strict=True):
            assert (b.id, b.y, b.radius) == (a.id, a.y, a.radius)
            assert b.x == pytest.approx(left.width - a.x)
        assert left.labels is not None and right.labels is not None
        for node_id, label in left.labels.items():
            mirrored = right.labels[node_id]
            assert (mirrored.anchor, mirrored.lines, mirrored.y) == (label.anchor, label.lines, label.y)
            assert mirrored.x == pytest.approx(left.width - label.x)


def test_the_svg_says_right_to_left_and_its_arcs_bend_right(arabic_views):
    graph = for_direction(overview_graph(arabic_views, link), "rtl")
    narrow = graph.narrow
    assert narrow is not None and narrow.arcs and narrow.width == NARROW_WIDTH
    root = ET.fromstring(narrow.svg("Graph", "Every actor"))
    assert root.get("direction") == "rtl"
    paths = root.findall(f".//{SVG}path")
    assert paths
    for path in paths:
        start_x, control_x, end_x = map(
            float, re.fullmatch(r"M([\d.]+) \S+Q([\d.]+) \S+ ([\d.]+) \S+", path.get("d")).groups()
        )
        assert control_x > start_x, path.get("d")  # to the right of the column of nodes
        assert (start_x + 2 * control_x + end_x) / 4 <= narrow.width  # the curve's furthest point
    # the centre of an actor's phone layout stands on the right
    wagner = for_direction(ego_graph(arabic_views, "wagner", link), "rtl").narrow
    assert wagner is not None and wagner.by_id["wagner"].x > wagner.width / 2


def test_left_to_right_graphs_are_drawn_as_before(arabic_views):
    """No direction attribute on an ordinary site's SVG: it inherits the page's."""
    graph = ego_graph(arabic_views, "wagner", link)
    assert "direction=" not in graph.figure("Graph", "Wagner")
    assert graph.narrow is not None and graph.narrow.by_id["wagner"].x < graph.narrow.width / 2


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Arabic briefing built (outside git: no version pages, a warning for that)."""
    root = tmp_path_factory.mktemp("arabic") / "arabic"
    shutil.copytree(ARABIC, root)
    return build_site(root, strict=False)


def test_an_arabic_build_draws_its_graphs_right_to_left(arabic_site):
    page = (arabic_site / "actors" / "wagner" / "index.html").read_text("utf-8")
    assert page.count('direction="rtl"') == 2  # the wide and the phone layout
    assert '<body dir="rtl"' in page
    assert '<html dir="rtl" lang="ar"' in page  # the root too, as the Nu HTML Checker asks


def test_an_arabic_page_lists_with_the_arabic_comma(arabic_site):
    """Lists of links (a claim's actors) are joined as Arabic writes them, not with ", "."""
    page = (arabic_site / "claims" / "exclusive-reliance-on-russia-risky" / "index.html").read_text("utf-8")
    actors = page.split("الفاعلون:", 1)[1].split("<br", 1)[0]
    assert "</a>، <a" in actors and "</a>, <a" not in actors


def test_the_arabic_site_is_valid_html(arabic_site):
    """The Nu HTML Checker over every page (as tests/test_validators.py reads the example):
    `direction="rtl"` on an SVG is a presentation attribute it knows."""
    from test_validators import THEME_ERRORS, VNU, problem  # skips without Java or vnu

    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(arabic_site)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]
    assert len({m["url"] for m in messages}) > 20  # every page was read (each has the theme's error)
    found = [f"{m['url']}: {m['message']}" for m in messages if problem(m) and m["message"] not in THEME_ERRORS]
    assert found == []


TWO_ACTORS = {
    "data/actors.yaml": """\
        - {id: mali, name: Mali, kind: state}
        - {id: wagner, name: Wagner Group, kind: private-military-company}
        """,
    "data/claims/claims.yaml": MINIMAL["data/claims/claims.yaml"].replace("[mali]", "[mali, wagner]"),
}


@pytest.mark.parametrize(("theme", "drawn"), [("", 0), ("  direction: rtl\n", 2)])
def test_an_english_site_draws_left_to_right_unless_its_theme_says_rtl(make_project, theme, drawn):
    config = MINIMAL["mkdocs.yml"].replace("  font: false\n", "  font: false\n" + theme)
    root = make_project({**TWO_ACTORS, "mkdocs.yml": config})
    page = (build_site(root) / "actors" / "mali" / "index.html").read_text("utf-8")
    assert page.count('class="bb-graph ') == 2
    assert page.count('direction="rtl"') == drawn


def test_briefbooks_styles_place_nothing_on_a_physical_side():
    """`margin-left` stays on the left in Arabic; `margin-inline-start` follows the text.
    So no physical margins, paddings, borders, floats or alignments, and no `left:`/`right:`
    offsets, corner radii or transforms along x that would stay put right to left."""
    physical = re.compile(
        r"(?<![\w-])(margin|padding|border)-(left|right)\b|\b(float|text-align):\s*(left|right)\b"
        r"|(?<![\w-])(left|right)\s*:|(top|bottom)-(left|right)-radius|translateX|scaleX"
    )
    found = {
        f"{css.name}:{number}": line.strip()
        for css in sorted(ASSETS_SOURCE.glob("*.css"))
        for number, line in enumerate(css.read_text("utf-8").splitlines(), 1)
        if physical.search(line)
    }
    assert found == {}
    assert {css.name for css in ASSETS_SOURCE.glob("*.css")} >= {"briefbook.css", "search.css"}
