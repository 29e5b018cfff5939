"""Reading the example briefing in a real browser (issue #5): the example is built once and
served on localhost, and read in headless Chromium from Debian's `chromium` package
(never a downloaded browser), at desktop and phone widths. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import CHROMIUM
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (`.ci/run` installs it)", allow_module_level=True)

# The fixtures `browser` (one Chromium for the session) and `site_url` (the example, built
# and served once) are in conftest.py, shared with tests/test_search_browser.py.


class Reader:
    """A page plus everything it did: requests made and console messages printed."""

    def __init__(self, page: object, site_url: str):
        self.page = page
        self.site_url = site_url
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: self.console.append(("error", str(error))))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and self.console.append(("error", f"HTTP {response.status} {response.url}"))
            ),
        )

    def goto(self, path: str) -> None:
        self.page.goto(self.site_url + path)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def third_party_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.site_url) and not url.startswith("data:")]

    def errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


@pytest.fixture(params=[(1280, 900), (390, 844)], ids=["desktop", "phone"])
def reader(request: pytest.FixtureRequest, browser: object, site_url: str) -> Iterator[Reader]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    reader = Reader(page, site_url)
    reader.viewport = "desktop" if width > 600 else "phone"  # type: ignore[attr-defined]
    yield reader
    context.close()


ARTICLE = "article.md-content__inner"


def heading(page) -> str:
    """The page's headline, without the permalink sign the TOC extension adds."""
    return page.locator(f"{ARTICLE} h1").inner_text().rstrip("¶").strip()


def visible_count(reader) -> str:
    return reader.page.locator("form.bb-filter .bb-count").inner_text()


def test_from_a_key_judgment_to_an_actor_and_its_filtered_timeline(reader):
    page = reader.page
    reader.goto("")
    reader.screenshot(f"home-{reader.viewport}")
    key = page.locator(f"{ARTICLE} li a[href*='claims/']").first
    headline = key.inner_text()
    key.click()
    expect(page.locator(f"{ARTICLE} h1")).to_contain_text(headline)  # instant navigation swaps the page
    assert page.locator(f"{ARTICLE} .bb-cite").count() == 1
    reader.screenshot(f"claim-{reader.viewport}")

    actor = page.locator(f"{ARTICLE} p a[href*='actors/']").first
    actor.click()
    page.wait_for_url(re.compile(r"/actors/[a-z0-9-]+/$"))
    expect(page.locator(f"{ARTICLE} h1")).not_to_contain_text(headline)
    actor_id = page.url.rstrip("/").rsplit("/", 1)[1]
    actors = yaml.safe_load((ROOT / "data" / "actors.yaml").read_text("utf-8"))
    assert heading(page) == {a["id"]: a["name"] for a in actors}[actor_id]
    expect(page.locator(f"{ARTICLE} svg.bb-graph:visible")).to_have_count(1)  # its relations
    reader.screenshot(f"actor-{reader.viewport}")

    page.locator(f"{ARTICLE} a[href*='timeline/?actor=']").first.click()
    page.wait_for_url(re.compile(r"/timeline/\?actor="))
    assert parse_qs(urlsplit(page.url).query) == {"actor": [actor_id]}
    assert page.locator("select[name=actor]").input_value() == actor_id
    shown = page.locator("ul.bb-timeline > li:visible")
    assert shown.count() > 0
    for index in range(shown.count()):
        assert actor_id in shown.nth(index).get_attribute("data-actors").split()
    assert visible_count(reader) == f"Showing {shown.count()} of {page.locator('ul.bb-timeline > li').count()} claims"
    reader.screenshot(f"timeline-{reader.viewport}")
    assert reader.third_party_requests() == []
    assert reader.errors() == []


def test_filter_the_timeline_by_actor_and_theme_survives_a_reload_and_clears(reader):
    page = reader.page
    reader.goto("timeline/")
    total = page.locator("ul.bb-timeline > li").count()
    assert visible_count(reader) == f"Showing {total} of {total} claims"
    page.select_option("select[name=actor]", "wagner")
    page.select_option("select[name=theme]", "mali-wagner-tensions")
    shown = page.locator("ul.bb-timeline > li:visible")
    count = shown.count()
    assert 0 < count < total
    for index in range(count):
        item = shown.nth(index)
        assert "wagner" in item.get_attribute("data-actors").split()
        assert "mali-wagner-tensions" in item.get_attribute("data-themes").split()
    assert visible_count(reader) == f"Showing {count} of {total} claims"
    assert parse_qs(urlsplit(page.url).query) == {"actor": ["wagner"], "theme": ["mali-wagner-tensions"]}
    # Headings of months with nothing left are hidden too.
    assert page.locator(f"{ARTICLE} h3:visible").count() < page.locator(f"{ARTICLE} h3").count()

    page.reload()
    assert page.locator("select[name=actor]").input_value() == "wagner"
    assert page.locator("ul.bb-timeline > li:visible").count() == count
    assert visible_count(reader) == f"Showing {count} of {total} claims"

    page.fill("input[name=from]", "2024")
    assert all(
        int(page.locator("ul.bb-timeline > li:visible").nth(i).get_attribute("data-to")) >= 2024
        for i in range(page.locator("ul.bb-timeline > li:visible").count())
    )

    page.locator("form.bb-filter button[type=reset]").click()
    page.wait_for_function(f"document.querySelectorAll('ul.bb-timeline > li:not([hidden])').length === {total}")
    assert urlsplit(page.url).query == ""
    assert visible_count(reader) == f"Showing {total} of {total} claims"
    assert reader.errors() == []


def test_without_scripts_every_claim_shows_and_no_dead_filter(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "timeline/?actor=wagner")
    assert page.locator("form.bb-filter").is_hidden()
    assert page.locator("ul.bb-timeline > li:visible").count() == page.locator("ul.bb-timeline > li").count()
    context.close()


def unique_statement_word() -> tuple[str, str]:
    """A word that occurs in exactly one claim's statement and in no title or name."""
    claims = []
    for path in sorted((ROOT / "data" / "claims").glob("*.yaml")):
        claims += yaml.safe_load(path.read_text("utf-8"))
    names = " ".join(
        str(record.get("name", "")) + " " + " ".join(record.get("aliases", []))
        for file in ("actors", "themes")
        for record in yaml.safe_load((ROOT / "data" / f"{file}.yaml").read_text("utf-8"))
    )
    titles = " ".join(c["title"] for c in claims) + " " + names
    counts: dict[str, list[str]] = {}
    for claim in claims:
        for word in set(re.findall(r"\b[a-z]{7,}\b", re.sub(r"\([^)]*\)", "", claim["statement"]).lower())):
            counts.setdefault(word, []).append(claim["id"])
    for word, owners in sorted(counts.items()):
        if len(owners) == 1 and word not in titles.lower():
            return word, owners[0]
    raise AssertionError("no word is unique to one statement")


def test_search_a_word_from_one_statement_and_open_the_claim(reader):
    word, claim_id = unique_statement_word()
    page = reader.page
    reader.goto("")
    if reader.viewport == "phone":
        page.locator("label.md-header__button[for=__search]").click()
    # typed key by key: Material's search can miss the single input event of fill()
    page.locator("input.md-search__input").press_sequentially(word)
    result = page.locator(f".md-search-result__item a[href*='claims/{claim_id}/']").first
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(rf"/claims/{claim_id}/"))
    expect(page.locator(f"{ARTICLE} .bb-cite")).to_have_count(1)
    assert word in page.locator(ARTICLE).inner_text().lower()
    assert reader.third_party_requests() == []
    assert reader.errors() == []


def test_hovering_or_focusing_a_claim_link_previews_it(reader):
    page = reader.page
    reader.goto("claims/kidal-recaptured/")
    link = page.locator(f"{ARTICLE} a[href*='claims/kidal-lost-2012/']").first
    link.focus()
    preview = page.locator(".bb-preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "Kidal slips out of the Malian state" in text and "March 2012" in text
    page.keyboard.press("Escape")
    assert preview.count() == 0
    link.hover()
    preview.wait_for()
    assert reader.errors() == []


def test_every_page_kind_loads_without_errors_or_third_party_requests(reader):
    for path in (
        "",
        "claims/",
        "actors/",
        "themes/",
        "sources/",
        "whats-new/",
        "methodology/",
        "actors/wagner/",
        "themes/security-partnerships/",
        "sources/le-monde-2024-10-21/",
        "claims/kidal-flag/",
    ):
        reader.goto(path)
    reader.page.wait_for_url(re.compile(r"/claims/wagner-kidal-flag-video/$"))  # the redirect landed
    assert reader.third_party_requests() == []
    assert reader.errors() == []


def test_print_shows_the_article_with_link_targets_and_the_permalink(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "claims/kidal-recaptured/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".md-header").is_hidden()
    after = page.evaluate("getComputedStyle(document.querySelector('article a[data-print-href]'), '::after').content")
    assert site_url in after
    assert "claims/kidal-recaptured/" in page.locator(".bb-version").inner_text()
    context.close()


def test_actor_graph_overview_nodes_are_links_with_a_text_alternative(reader):
    page = reader.page
    reader.goto("actor-graph/")
    svg = page.locator(f"{ARTICLE} svg.bb-graph:visible")
    expect(svg).to_have_count(1)
    assert svg.get_attribute("role") == "img"
    assert svg.locator("title").count() > 0
    assert page.locator(f"{ARTICLE} table tbody tr").count() > 0  # the same relations, as text
    reader.screenshot(f"graph-{reader.viewport}")
    svg.locator("a[*|href*='wagner'] circle").first.click()
    page.wait_for_url(re.compile(r"/actors/wagner/$"))
    expect(page.locator(f"{ARTICLE} svg.bb-graph:visible")).to_have_count(1)  # its own relations
    assert reader.third_party_requests() == []
    assert reader.errors() == []


# -- checked from outside (issue #11): axe-core, and nothing wider than the screen ----------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGE_KINDS = {
    "home": "",
    "claim": "claims/kidal-recaptured/",
    "claim-withdrawn": "claims/minister-missing-withdrawn/",
    "claim-superseded": "claims/kidal-taken-superseded/",
    "actor": "actors/wagner/",
    "theme": "themes/security-partnerships/",
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
    "claim-with-a-case": "claims/wagner-confrontation-likely/",
    "hand-written": "methodology/",
}
"""Every kind of page the example has (conftest adds the withdrawn and superseded claims)."""


def axe_violations(page) -> list[str]:
    """axe-core's violations in the page's content (`.md-content`): Material's header,
    drawer, sidebars and footer are the theme's (see the README), the article is ours."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document.querySelector('.md-content'), {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' | ' +
                v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(' ')).join(' || '));
        }""",
        AXE_TAGS,
    )
    return result


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is installed by `make test` (npm ci)")
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violation_in_the_content(reader, kind):
    reader.goto(PAGE_KINDS[kind])
    assert axe_violations(reader.page) == []


WIDER_THAN_THE_SCREEN = """() => {
    const width = window.innerWidth;
    const clipped = (el) => {  // inside a scroll box or clip that itself fits the screen
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (style.overflowX !== 'visible' && up.getBoundingClientRect().right <= width + 1) return true;
        }
        return false;
    };
    const found = [];
    for (const el of document.querySelectorAll('.md-content *')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.right > width + 1 && !clipped(el)) {
            found.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' right=' + Math.round(box.right));
        }
    }
    for (const el of document.querySelectorAll('.md-content *')) {  // no box scrolls sideways either
        const style = getComputedStyle(el);
        if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
            found.push(el.tagName.toLowerCase() + '.' + el.className + ' scrolls sideways: ' + el.scrollWidth + ' > ' + el.clientWidth);
        }
    }
    const page = document.documentElement.scrollWidth;
    if (page > width) found.unshift('document scrollWidth ' + page + ' > ' + width);
    return found.slice(0, 20);
}"""


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_nothing_is_wider_than_the_screen(reader, kind):
    reader.goto(PAGE_KINDS[kind])
    assert reader.page.evaluate(WIDER_THAN_THE_SCREEN) == []
    reader.screenshot(f"{kind}-{reader.viewport}")


GRAPH_LABELS = r"""(svg) => {
    const view = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / view.width;
    // the phone layout has no hover tips: the names come from the wide one's, by link
    const tips = {};
    for (const a of svg.closest('figure').querySelectorAll('svg.bb-graph-wide a'))
        tips[a.getAttribute('xlink:href')] = a.querySelector('title').textContent;
    const labels = [...svg.querySelectorAll('a')].map(a => {
        const box = a.querySelector('text').getBBox();
        return {text: a.querySelector('text').textContent, tip: tips[a.getAttribute('xlink:href')],
                left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height};
    });
    const problems = [];
    for (const l of labels) {
        if (l.left < 0 || l.top < 0 || l.right > view.width || l.bottom > view.height) problems.push('cut off: ' + l.text);
        if (!l.tip.replace(/[\u2068\u2069]/g, '').replace(/\s+/g, '').startsWith(l.text.replace(/\s+/g, '') + '('))
            problems.push('not the whole name: ' + l.text + ' / ' + l.tip);
    }
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i], b = labels[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
            problems.push('overlap: ' + a.text + ' / ' + b.text);
    }
    const figure = svg.closest('figure');
    const fits = svg.getBoundingClientRect().right <= figure.getBoundingClientRect().right + 1
        && figure.scrollWidth <= figure.clientWidth + 1 && figure.getBoundingClientRect().right <= window.innerWidth;
    return {problems, fits, fontPx: 12 * scale, labels: labels.length};
}"""


@pytest.mark.parametrize("path", ["actor-graph/", "actors/wagner/", "actors/mali-transitional-government/"])
def test_actor_graph_fits_the_column_with_every_label_whole_and_apart(reader, path):
    """Issue #11: on a phone the graph was 680 px wide in a 358 px column, labels cut
    ("Transitional authorit...") and drawn over each other. Now: one layout shown, fitting
    the column, text at least 10 px, every label the whole name and no two overlapping."""
    reader.goto(path)
    svg = reader.page.locator(f"{ARTICLE} svg.bb-graph:visible")
    expect(svg).to_have_count(1)
    result = svg.evaluate(GRAPH_LABELS)
    assert result["labels"] > 1
    assert result["problems"] == []
    assert result["fits"]
    assert result["fontPx"] >= 10, result
    reader.screenshot(f"graph-{path.strip('/').replace('/', '-')}-{reader.viewport}")


def test_cite_box_shows_each_citation_once_with_a_copy_button_that_covers_nothing(reader):
    """Issue #11: the box showed each citation twice, Material's copy button lay over the
    end of the first line, and the tab strip ran off a phone's screen."""
    page = reader.page
    reader.goto("claims/kidal-recaptured/")
    box = page.locator(f"{ARTICLE} .bb-cite")
    assert box.locator(".md-clipboard").count() == 0  # Material's overlay button
    labels = box.locator(".tabbed-labels > label")
    for index in range(labels.count()):
        label = labels.nth(index).bounding_box()
        assert label["x"] >= 0 and label["x"] + label["width"] <= page.viewport_size["width"]
        labels.nth(index).click()
        block = box.locator(".tabbed-block:visible")
        expect(block).to_have_count(1)
        shown = block.locator(".bb-citation, pre")
        expect(shown).to_have_count(1)  # each citation once
        button = block.locator("button.bb-copy")
        text, copy = shown.bounding_box(), button.bounding_box()
        apart = copy["y"] >= text["y"] + text["height"] or copy["x"] >= text["x"] + text["width"]
        assert apart, (text, copy)
    reader.screenshot(f"cite-box-{reader.viewport}")
