"""An Arabic briefing read right to left in a real browser (issue #19): the small briefing
in tests/briefings/arabic (`theme.language: ar`), with a git history so that it has a
version page, built strict and served once, then read in Debian's Chromium at desktop
(1280 px) and phone (390 px) widths, every page kind: right to left, nothing wider than
the screen on either side, axe-clean, previews inside the screen, graph labels inside
the drawing, the timeline filter, the cite box, the phone's matrix chooser, and IDs,
stamps and web addresses that still read left to right. Screenshots go to
test-artifacts/rtl/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import CHROMIUM
from playwright.sync_api import expect
from rtl_checks import BEYOND_THE_SCREEN, NARROW_GRAPH_SIDES, READS_LEFT_TO_RIGHT, TEXT_SIDE, ArabicSite
from test_browser import AXE, GRAPH_LABELS, Reader, axe_violations

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (`.ci/run` installs it)", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "rtl"
ARTICLE = "article.md-content__inner"

PAGE_KINDS = {
    "home": "",
    "claim": "claims/kidal-recaptured/",
    "claim-superseded": "claims/kidal-taken-by-army-alone/",
    "claim-with-a-case": "claims/wagner-confrontation-likely/",
    "claim-version": None,  # found from the claim's history
    "actor": "actors/wagner/",
    "theme": "themes/mali-wagner-tensions/",
    "source": "sources/le-monde-2024-10-21/",
    "timeline": "timeline/",
    "claims-index": "claims/",
    "actors-index": "actors/",
    "themes-index": "themes/",
    "sources-index": "sources/",
    "actor-graph": "actor-graph/",
    "whats-new": "whats-new/",
    "evidence": "evidence/",
    "evidence-theme": "evidence/mali-wagner-tensions/",
    "hand-written": "methodology/",
}


@pytest.fixture(scope="session")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArabicSite]:
    site = ArabicSite(tmp_path_factory.mktemp("arabic") / "arabic")
    yield site
    site.close()


@pytest.fixture(params=[(1280, 900), (390, 844)], ids=["desktop", "phone"])
def reader(request: pytest.FixtureRequest, browser, arabic: ArabicSite) -> Iterator[Reader]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    reader = Reader(page, arabic.url)
    reader.viewport = "desktop" if width > 600 else "phone"  # type: ignore[attr-defined]
    yield reader
    context.close()


def path_of(kind: str, arabic: ArabicSite) -> str:
    return arabic.version_path if PAGE_KINDS[kind] is None else PAGE_KINDS[kind]


def screenshot(reader: Reader, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    reader.page.screenshot(path=str(ARTIFACTS / f"{name}-{reader.viewport}.png"), full_page=True)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_reads_right_to_left_within_the_screen(reader, arabic, kind):
    page = reader.page
    reader.goto(path_of(kind, arabic))
    assert page.evaluate("document.body.dir") == "rtl"
    assert page.evaluate(f"getComputedStyle(document.querySelector('{ARTICLE}')).direction") == "rtl"
    # the headline starts at the right edge of the column
    side = page.locator(f"{ARTICLE} h1").evaluate(TEXT_SIDE)
    assert side["gapRight"] < 2 and side["gapLeft"] >= side["gapRight"], side
    assert page.evaluate(BEYOND_THE_SCREEN) == []
    assert reader.third_party_requests() == []
    assert reader.errors() == []
    screenshot(reader, kind)


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is installed by `make test` (npm ci)")
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violation_right_to_left(reader, arabic, kind):
    reader.goto(path_of(kind, arabic))
    assert axe_violations(reader.page) == []


@pytest.mark.parametrize("path", ["claims/kidal-recaptured/", "methodology/", "claims/wagner-confrontation-likely/"])
def test_ids_stamps_and_web_addresses_read_left_to_right_in_arabic_text(browser, arabic, path):
    """`/claims/kidal-recaptured/` in Arabic text was shown as `claims/kidal-recaptured//`
    (the bidi algorithm moves a neutral slash at the edge of a run), a stamp `3f2a9c10` as
    `f2a9c103`. Every character of inline code and of a link showing a web address
    now stands to the right of the one before it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(arabic.url + path)
    codes = page.locator(f"{ARTICLE} :not(pre) > code")
    addresses = page.locator(f"{ARTICLE} a").filter(has_text=re.compile(r"^https?://"))
    assert codes.count() + addresses.count() > 0
    for targets in (codes, addresses):
        for index in range(targets.count()):
            target = targets.nth(index)
            assert target.evaluate(READS_LEFT_TO_RIGHT) == [], target.inner_text()
    context.close()


def test_previews_open_under_the_links_right_edge_inside_the_screen(reader):
    page = reader.page
    reader.goto("claims/kidal-recaptured/")
    # links to other claims (instant navigation makes every href absolute: the page's own
    # anchors, permalink, versions and downloads all name kidal-recaptured)
    links = page.locator(f"{ARTICLE} a[href*='/claims/']:not([href*='kidal-recaptured'])")
    assert links.count() >= 3
    width = page.viewport_size["width"]
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        link.focus()
        preview = page.locator(".bb-preview")
        preview.wait_for()
        tip, box = preview.bounding_box(), link.bounding_box()
        assert tip["x"] >= 0 and tip["x"] + tip["width"] <= width, (tip, box)
        expected = max(8, min(box["x"] + box["width"] - tip["width"], width - tip["width"] - 8))
        assert abs(tip["x"] - expected) <= 1, (tip, box)  # its right edge under the link's
        assert page.evaluate(BEYOND_THE_SCREEN) == []
        page.keyboard.press("Escape")
        expect(preview).to_have_count(0)
    assert reader.errors() == []


@pytest.mark.parametrize("path", ["actor-graph/", "actors/wagner/", "actors/csp-dpa/"])
def test_actor_graph_is_mirrored_with_every_label_inside_and_apart(reader, path):
    page = reader.page
    reader.goto(path)
    svg = page.locator(f"{ARTICLE} svg.bb-graph:visible")
    expect(svg).to_have_count(1)
    assert svg.get_attribute("direction") == "rtl"
    result = svg.evaluate(GRAPH_LABELS)
    assert result["labels"] > 1
    assert result["problems"] == []
    assert result["fits"]
    assert result["fontPx"] >= 10, result
    if reader.viewport == "phone":  # the column layouts read from the right
        sides = svg.evaluate(NARROW_GRAPH_SIDES)
        assert sides["labelsLeftOfNodes"], sides
        if path != "actor-graph/":
            assert sides["centreRight"], sides
    screenshot(reader, "graph-" + path.strip("/").replace("/", "-"))


def test_the_timeline_filter_works_right_to_left(reader):
    page = reader.page
    reader.goto("timeline/")
    items = page.locator("ul.bb-timeline > li")
    total = items.count()
    assert total > 5 and page.locator("ul.bb-timeline > li:visible").count() == total
    # entries marked on their right, the filter's fields from right to left
    assert items.first.evaluate("e => getComputedStyle(e).borderRightWidth") == "2px"
    assert items.first.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
    fields = page.locator("form.bb-filter label")
    first, second = fields.nth(0).bounding_box(), fields.nth(1).bounding_box()
    if abs(first["y"] - second["y"]) < 2:
        assert first["x"] > second["x"]
    else:
        assert first["x"] + first["width"] >= second["x"] + second["width"] - 1
    page.select_option("select[name=actor]", "wagner")
    shown = page.locator("ul.bb-timeline > li:visible")
    count = shown.count()
    assert 0 < count < total
    for index in range(count):
        assert "wagner" in shown.nth(index).get_attribute("data-actors").split()
    assert parse_qs(urlsplit(page.url).query) == {"actor": ["wagner"]}
    assert str(count) in page.locator("form.bb-filter .bb-count").inner_text()
    assert page.evaluate(BEYOND_THE_SCREEN) == []
    screenshot(reader, "timeline-filtered")
    page.reload()
    assert page.locator("ul.bb-timeline > li:visible").count() == count
    page.locator("form.bb-filter button[type=reset]").click()
    page.wait_for_function(f"document.querySelectorAll('ul.bb-timeline > li:not([hidden])').length === {total}")
    assert urlsplit(page.url).query == ""
    assert reader.errors() == []


def test_cite_box_tabs_from_the_right_and_a_copy_button_that_covers_nothing(reader):
    page = reader.page
    reader.goto("claims/kidal-recaptured/")
    box = page.locator(f"{ARTICLE} .bb-cite")
    labels = box.locator(".tabbed-labels > label")
    width = page.viewport_size["width"]
    first, second = labels.nth(0).bounding_box(), labels.nth(1).bounding_box()
    assert first["x"] > second["x"] or first["y"] < second["y"]  # the first tab on the right
    for index in range(labels.count()):
        label = labels.nth(index).bounding_box()
        assert label["x"] >= 0 and label["x"] + label["width"] <= width
        labels.nth(index).click()
        block = box.locator(".tabbed-block:visible")
        shown = block.locator(".bb-citation, pre")
        expect(shown).to_have_count(1)
        text, copy = shown.bounding_box(), block.locator("button.bb-copy").bounding_box()
        apart = (
            copy["y"] >= text["y"] + text["height"]
            or copy["x"] + copy["width"] <= text["x"]
            or copy["x"] >= text["x"] + text["width"]
        )
        assert apart, (text, copy)
        assert page.evaluate(BEYOND_THE_SCREEN) == []
    screenshot(reader, "cite-box")


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is installed by `make test` (npm ci)")
def test_on_a_phone_the_matrix_chooser_shows_one_judgment_at_a_time(browser, arabic):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    reader = Reader(page, arabic.url)
    reader.viewport = "phone"  # type: ignore[attr-defined]
    reader.goto("evidence/")
    picker = page.locator(".bb-matrix-pick select")
    expect(picker).to_be_visible()
    columns = page.locator(".md-content .bb-matrix-table thead th[data-col]:visible")
    assert columns.count() == 1
    options = picker.locator("option").all_inner_texts()
    assert len(options) == 4
    picker.select_option(label=options[2])
    assert columns.count() == 1 and " ".join(columns.first.inner_text().split()).startswith(options[2])
    assert page.evaluate(BEYOND_THE_SCREEN) == []
    assert axe_violations(page) == []
    screenshot(reader, "evidence-chooser")
    assert reader.errors() == []
    context.close()
