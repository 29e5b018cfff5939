"""The evidence matrices and the timeline's evidence filter in a real browser (format 1.1),
at desktop (1280 px) and phone (390 px) widths: every judgment side by side where they fit,
one at a time where they do not, nothing wider than the screen, and axe-clean in every
state. Uses the session's Chromium and example site (conftest.py); the axe and width
checks of tests/test_browser.py also cover these pages as they load."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import CHROMIUM
from playwright.sync_api import expect
from test_browser import AXE, WIDER_THAN_THE_SCREEN, Reader, axe_violations

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (`.ci/run` installs it)", allow_module_level=True)

MATRIX = ".md-content .bb-matrix-table"
KEY_JUDGMENTS = 5


def open_reader(browser, site_url: str, width: int, height: int) -> Iterator[Reader]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Reader(page, site_url)
    context.close()


@pytest.fixture
def desktop(browser, site_url) -> Iterator[Reader]:
    yield from open_reader(browser, site_url, 1280, 900)


@pytest.fixture
def phone(browser, site_url) -> Iterator[Reader]:
    yield from open_reader(browser, site_url, 390, 844)


def visible_columns(page) -> list[str]:
    return page.locator(f"{MATRIX} thead th[data-col]:visible").all_inner_texts()


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is installed by `make test` (npm ci)")
def test_on_a_desktop_the_key_judgments_stand_side_by_side_and_a_cell_leads_to_the_case(desktop):
    page = desktop.page
    desktop.goto("evidence/")
    expect(page.locator(".bb-matrix-pick")).to_be_hidden()
    assert len(visible_columns(page)) == KEY_JUDGMENTS
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
    assert axe_violations(page) == []
    # evidence bearing on several judgments comes first, and says so
    first = page.locator(f"{MATRIX} tbody tr").first
    expect(first).to_have_class("bb-matrix-several")
    expect(first.locator("th")).to_contain_text("bears on 2 judgments")
    desktop.screenshot("evidence-matrix-desktop")
    # the one piece of evidence against the rift judgment: its cell leads to that judgment's case
    page.locator(f"{MATRIX} a.bb-against").first.click()
    expect(page).to_have_url(desktop.site_url + "claims/mali-wagner-rift-realistic/#the-case")
    against = page.locator("article h3", has_text="Evidence against")
    expect(against).to_be_visible()
    expect(page.locator("article h3 + ul").last).to_contain_text("Wagner formally integrated into the Russian state")
    assert desktop.errors() == []


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is installed by `make test` (npm ci)")
def test_on_a_phone_the_matrix_shows_one_judgment_at_a_time(phone):
    page = phone.page
    phone.goto("evidence/")
    picker = page.locator(".bb-matrix-pick select")
    expect(picker).to_be_visible()
    assert visible_columns(page) and len(visible_columns(page)) == 1
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
    assert axe_violations(page) == []
    phone.screenshot("evidence-matrix-phone")
    options = picker.locator("option").all_inner_texts()
    assert len(options) == KEY_JUDGMENTS
    # another judgment: its column, and only the evidence that bears on it
    picker.select_option(label=options[1])
    columns = visible_columns(page)
    assert len(columns) == 1 and " ".join(columns[0].split()).startswith(options[1])
    rows = page.locator(f"{MATRIX} tbody tr:visible")
    assert rows.count() > 0
    for index in range(rows.count()):
        expect(rows.nth(index).locator("td:visible a")).to_have_count(1)
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
    assert axe_violations(page) == []
    assert phone.errors() == []


def test_a_wide_theme_matrix_fits_a_desktop_one_judgment_at_a_time(desktop):
    desktop.goto("evidence/mali-russia-relations/")
    expect(desktop.page.locator(".bb-matrix-pick select")).to_be_visible()
    assert len(visible_columns(desktop.page)) == 1
    assert desktop.page.evaluate(WIDER_THAN_THE_SCREEN) == []


def test_the_timeline_shows_the_evidence_for_or_against_a_judgment(phone):
    page = phone.page
    phone.goto("timeline/")
    page.locator("form.bb-filter select[name=evidence]").select_option("mali-wagner-rift-realistic")
    # two events and three undated claims bear on the judgment
    count = page.locator("form.bb-filter .bb-count")
    expect(count).to_have_text(re.compile(r"^Showing 5 of \d+ claims$"))
    listed = page.locator("ul.bb-timeline > li, ul.bb-undated > li").count()
    assert count.inner_text() == f"Showing 5 of {listed} claims"
    shown = page.locator("ul.bb-timeline > li:visible, ul.bb-undated > li:visible")
    assert shown.count() == 5
    for index in range(shown.count()):
        bears_on = shown.nth(index).get_attribute("data-bears-on") or ""
        assert "mali-wagner-rift-realistic" in bears_on.split()
    assert page.url.endswith("timeline/?evidence=mali-wagner-rift-realistic")
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
    # from the judgment's case, the same view
    phone.goto("claims/mali-wagner-rift-realistic/")
    page.locator("article a", has_text="Its evidence on the timeline").click()
    count = page.locator("form.bb-filter .bb-count")
    expect(count).to_have_text(re.compile(r"^Showing 5 of \d+ claims$"))
    listed = page.locator("ul.bb-timeline > li, ul.bb-undated > li").count()
    assert count.inner_text() == f"Showing 5 of {listed} claims"


def test_printed_from_a_phone_the_matrix_shows_every_judgment(phone):
    page = phone.page
    phone.goto("evidence/")
    assert len(visible_columns(page)) == 1
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert len(visible_columns(page)) == KEY_JUDGMENTS
    expect(page.locator(".bb-matrix-pick")).to_be_hidden()
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert len(visible_columns(page)) == 1
