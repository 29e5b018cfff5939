"""Searching the example briefing in a real browser (issue #16): Pagefind in Material's
search box, at desktop and phone widths, in light and dark, checked by axe-core. The
example is built once per session (conftest.py) and read in Debian's Chromium, as in
tests/test_browser.py, whose helpers this module shares (the browser is conftest's)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import MKDOCS_YML, build_site
from playwright.sync_api import expect
from test_browser import ARTICLE, AXE, AXE_TAGS, ROOT, Reader, unique_statement_word

RESULT = ".md-search-result__item"
MB = 1024 * 1024


@pytest.fixture(
    params=[
        ((1280, 900), "light"),
        ((1280, 900), "dark"),
        ((390, 844), "light"),
        ((390, 844), "dark"),
    ],
    ids=["desktop-light", "desktop-dark", "phone-light", "phone-dark"],
)
def searcher(request: pytest.FixtureRequest, browser: object, site_url: str) -> Iterator[Reader]:
    yield from open_reader(browser, site_url, *request.param)


@pytest.fixture
def desktop(browser: object, site_url: str) -> Iterator[Reader]:
    yield from open_reader(browser, site_url, (1280, 900), "light")


def open_reader(browser, site_url: str, size: tuple[int, int], scheme: str) -> Iterator[Reader]:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    reader = Reader(page, site_url)
    reader.viewport = "desktop" if width > 600 else "phone"  # type: ignore[attr-defined]
    reader.scheme = scheme  # type: ignore[attr-defined]
    reader.sizes = []  # type: ignore[attr-defined]
    reader.pending = set()  # type: ignore[attr-defined]
    page.on("request", lambda r: reader.pending.add(r))  # type: ignore[attr-defined]
    page.on("requestfailed", lambda r: reader.pending.discard(r))  # type: ignore[attr-defined]

    def finished(request) -> None:
        reader.pending.discard(request)  # type: ignore[attr-defined]
        reader.sizes.append((request.url, request.sizes()))  # type: ignore[attr-defined]

    page.on("requestfinished", finished)
    yield reader
    context.close()


def open_search(reader: Reader) -> None:
    """As a reader does: the magnifier in the header on a phone, the `/` key on a desktop."""
    page = reader.page
    if reader.viewport == "phone":
        page.locator("label.md-header__button[for=__search]").click()
    else:
        page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()


SETTLED = "ol[data-bb-search-results]:not([aria-busy]) > li"
"""Results of everything typed so far (the list is aria-busy while a search runs)."""


def search(reader: Reader, text: str) -> None:
    open_search(reader)
    reader.page.locator("input.md-search__input").press_sequentially(text)
    reader.page.locator(SETTLED).first.wait_for()


def wait_for_downloads(reader: Reader) -> None:
    """Wait until every request the page made has finished. The results can show before
    Playwright reports a fragment's request finished (the page reads the body first), so
    counting finished requests right after the results appear can miss some. Playwright's
    sync API hands events over only inside its own calls, so none can slip between the
    check and the wait."""
    while reader.pending:  # type: ignore[attr-defined]
        reader.page.wait_for_event("requestfinished")


def axe_violations_in(page, selector: str) -> list[str]:
    if not AXE.is_file():  # installed by `make test` (npm ci), as tests/test_browser.py says
        pytest.skip("axe-core is installed by `make test` (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([selector, tags]) => {
            const result = await axe.run(document.querySelector(selector), {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return result.violations.map(v => v.id + ': ' + v.help + ' | ' +
                v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' || '));
        }""",
        [selector, AXE_TAGS],
    )


def claims_data() -> list[dict]:
    claims = []
    for path in sorted((ROOT / "data" / "claims").glob("*.yaml")):
        claims += yaml.safe_load(path.read_text("utf-8"))
    return claims


def result_paths(page) -> list[str]:
    return [
        re.sub(r"^https?://[^/]+", "", href)
        for href in page.locator(f"{RESULT} a").evaluate_all("as => as.map(a => a.href)")
    ]


def test_a_word_of_a_statement_finds_the_claim_with_its_headline_date_and_match(searcher):
    word, claim_id = unique_statement_word()
    claim = next(c for c in claims_data() if c["id"] == claim_id)
    page = searcher.page
    searcher.goto("claims/kidal-recaptured/")
    search(searcher, word)
    result = page.locator(RESULT).filter(has=page.locator(f"a[href*='claims/{claim_id}/']"))
    expect(result).to_have_count(1)
    assert result.locator("h2").inner_text() == " ".join(claim["title"].split())
    facts = result.locator(".bb-search-facts").inner_text()
    assert re.search(r"\b(19|20)\d\d\b", facts), facts  # the date, in words
    assert word in result.locator("mark").first.inner_text().lower()
    violations = axe_violations_in(page, "[data-bb-search]")
    searcher.screenshot(f"search-{searcher.viewport}-{searcher.scheme}")
    assert violations == []
    result.locator("a").click()
    page.wait_for_url(re.compile(rf"/claims/{claim_id}/$"))
    expect(page.locator(f"{ARTICLE} h1")).to_contain_text(claim["title"].split()[0])
    assert page.locator("#__search").is_checked() is False
    assert searcher.third_party_requests() == []
    assert not [url for url in searcher.requests if "search_index" in url]  # Material's whole index
    assert searcher.errors() == []


def test_a_filter_by_actor_returns_only_that_actors_claims(searcher):
    expected = {c["id"] for c in claims_data() if "wagner" in c.get("actors", [])}
    page = searcher.page
    searcher.goto("")
    open_search(searcher)
    page.locator(".bb-search-filters summary").click()
    actor = page.locator("select[data-bb-search-filter=actor]")
    expect(actor.locator("option", has_text="Wagner Group")).to_have_count(1)
    actor.select_option("Wagner Group")
    page.locator(SETTLED).first.wait_for()
    expect(page.locator("[data-bb-search-meta]")).to_have_text(f"{len(expected)} matching documents")
    more = page.locator("[data-bb-search-more]")
    while more.is_visible():
        shown = page.locator(RESULT).count()
        more.click()
        expect(page.locator(RESULT)).not_to_have_count(shown)
    found = {re.search(r"/claims/([^/]+)/$", path).group(1) for path in result_paths(page)}
    assert found == expected
    violations = axe_violations_in(page, "[data-bb-search]")
    searcher.screenshot(f"search-filter-{searcher.viewport}-{searcher.scheme}")
    assert violations == []
    # a word narrows the filtered list: every result still involves the actor
    page.locator("input.md-search__input").press_sequentially("kidal")
    page.locator(SETTLED).first.wait_for()
    narrowed = {re.search(r"/claims/([^/]+)/$", path).group(1) for path in result_paths(page)}
    assert narrowed and narrowed <= expected
    assert searcher.errors() == []


def alias_word() -> tuple[str, str]:
    """A word of an actor's alias found in no claim, in no other actor's names, and not in
    the actor's own name: only the alias can find that actor's page."""
    actors = yaml.safe_load((ROOT / "data" / "actors.yaml").read_text("utf-8"))
    claims_text = " ".join(p.read_text("utf-8") for p in (ROOT / "data" / "claims").glob("*.yaml")).lower()
    for actor in actors:
        others = " ".join(b["name"] + " " + " ".join(b.get("aliases", [])) for b in actors if b is not actor).lower()
        for alias in actor.get("aliases", []):
            for word in re.findall(r"[A-Za-z]{5,}", alias):
                w = word.lower()
                if not re.search(rf"\b{w}\b", claims_text) and w not in others and w not in actor["name"].lower():
                    return word, actor["id"]
    raise AssertionError("no actor has an alias word found nowhere else")


def test_an_actor_is_found_by_an_alias(searcher):
    word, actor_id = alias_word()
    searcher.goto("")
    search(searcher, word)
    assert f"/actors/{actor_id}/" in result_paths(searcher.page)
    assert searcher.errors() == []


def test_the_first_search_downloads_only_what_the_query_needs(desktop, example_site):
    searcher = desktop
    searcher.goto("claims/kidal-recaptured/")
    search(searcher, "wagner")
    wait_for_downloads(searcher)
    fetched = [url for url, _ in searcher.sizes]
    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for _, s in searcher.sizes)
    assert total < 1 * MB, total
    site = Path(example_site.site)
    fragments = list((site / "pagefind" / "fragment").iterdir())
    fetched_fragments = [url for url in fetched if "/pagefind/fragment/" in url]
    # one fragment per result shown (ten), out of one per indexed page
    assert 0 < len(fetched_fragments) <= 10 < len(fragments)
    assert not [url for url in fetched if "/pagefind/filter/" in url]  # filters load when opened


def test_keyboard_opens_moves_through_and_closes_the_search(desktop):
    searcher = desktop
    page = searcher.page
    searcher.goto("timeline/")
    page.keyboard.press("s")
    expect(page.locator("input.md-search__input")).to_be_focused()
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("kidal")
    page.locator(SETTLED).first.wait_for()
    page.keyboard.press("ArrowDown")
    first = page.locator(f"{RESULT} a").first
    expect(first).to_be_focused()
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target.lstrip("./")) + "$"))
    assert searcher.errors() == []


HOSTILE_CLAIMS = """\
- id: first-claim
  title: Something <img src=x onerror="window.hacked=1"> happened
  statement: >-
    The zorblax report <script>window.hacked=2</script> and <b onclick="window.hacked=3">bold</b>
    text, in [Mali](actor:mali).
  date: 2024-02
  actors: [mali]
  themes: [security]
  sources: [report]
  confidence: high
"""


def test_markup_in_the_data_shows_as_text_in_the_results(browser, make_project):
    """Pagefind's excerpts and titles come from the page's text: what looked like markup in
    the data is shown as the characters written, and nothing in it runs."""
    root = make_project(
        {"mkdocs.yml": MKDOCS_YML.replace("  - search\n", ""), "data/claims/claims.yaml": HOSTILE_CLAIMS}
    )
    site = build_site(root)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("zorblax")
        result = page.locator(SETTLED).first
        result.wait_for()
        assert result.locator("h2").inner_text() == 'Something <img src=x onerror="window.hacked=1"> happened'
        assert "<script>window.hacked=2</script>" in result.inner_text()
        assert result.locator("img, script, b").count() == 0
        assert page.evaluate("window.hacked") is None
    finally:
        context.close()
        server.shutdown()
        server.server_close()
