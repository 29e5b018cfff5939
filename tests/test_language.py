"""The reader's language: catalogs complete and current, dates in words at the data's
precision, English unchanged, fallback for languages without a catalog, direction."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbook.contract.dates import parse_edtf
from briefbook.site import language as lang
from briefbook.site.language import load_language, template_messages
from briefbook.site.message_catalog import extract, template_text

SHIPPED = ("fr", "ar")
DATES = ["2024-10-21", "2024-02", "2016", "2016~", "2023?", "2023-11%", "2022-05/..", "2012-01-17/2013-01", "0850"]


def test_the_catalog_template_lists_every_string_the_code_and_templates_use():
    """Fails when a string was added or changed without `make messages`."""
    assert lang.TEMPLATE.read_text("utf-8") == template_text(extract()), "run `make messages`"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_catalog_translates_every_string(code):
    language = load_language(code)
    assert language.missing == (), f"{code}: untranslated {list(language.missing)}"
    assert set(template_messages()) >= {"about %(date)s", "claim kind\x04Statement"}


def test_a_catalog_that_lacks_a_string_is_reported(tmp_path):
    """The completeness check can fail: a catalog with one string removed misses it."""
    catalog = lang.read_catalog(lang.catalog_path("fr"), "fr")
    catalog.delete("about %(date)s")
    assert lang.untranslated(catalog, template_messages()) == ("about %(date)s",)


@pytest.mark.parametrize("text", DATES)
def test_english_dates_read_as_they_always_have(text):
    date = parse_edtf(text)
    assert load_language("en").date(date) == date.words()
    assert load_language(None).date(date) == date.words()


@pytest.mark.parametrize(
    ("text", "french", "arabic"),
    [
        ("2024-10-21", "21 octobre 2024", "21 أكتوبر 2024"),
        ("2024-02", "février 2024", "فبراير 2024"),
        ("2016~", "vers 2016", "نحو 2016"),
        ("2023?", "2023 (date incertaine)", "2023 (تاريخ غير مؤكد)"),
        ("2022-05/..", "depuis mai 2022", "منذ مايو 2022"),
        ("2012-01-17/2013-01", "17 janvier 2012 – janvier 2013", "17 يناير 2012 – يناير 2013"),
    ],
)
def test_dates_in_words_in_french_and_arabic_at_the_datas_precision(text, french, arabic):
    date = parse_edtf(text)
    assert load_language("fr").date(date) == french
    assert load_language("ar").date(date) == arabic


def test_days_and_month_headings():
    french = load_language("fr")
    assert french.day(dt.date(2024, 10, 21)) == "21 octobre 2024"
    assert french.month(2024, 2) == "février 2024"
    assert load_language("en").month(2024, 2) == "February 2024"


def test_the_words_of_the_vocabularies_in_french():
    french = load_language("fr")
    assert french.gettext("roughly even chance") == "chances à peu près égales"
    assert french.gettext("almost certain") == "presque certain"
    assert french.gettext("usually reliable") == "habituellement fiable"
    assert french.pgettext("claim kind", "Statement") == "Déclaration"


def test_a_regional_tag_uses_its_languages_catalog():
    assert load_language("fr-CA").missing == ()
    assert load_language("fr-CA").gettext("likely") == "probable"


def test_a_language_without_a_catalog_falls_back_to_english_and_counts_what_is_missing():
    german = load_language("de")
    assert german.gettext("roughly even chance") == "roughly even chance"
    assert len(german.missing) == len(template_messages())
    assert german.day(dt.date(2024, 10, 21)) == "21. Oktober 2024", "dates still follow the language"


@pytest.mark.parametrize(
    ("code", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("fr", "ltr"), ("en", "ltr")]
)
def test_direction_of_the_script(code, direction):
    assert load_language(code).direction == direction


def test_an_unknown_tag_is_english():
    assert load_language("xx-nonsense").gettext("likely") == "likely"


def test_countries_and_languages_are_named_in_the_sites_language():
    from babel import Locale

    from briefbook.site.names import country_name, language_name

    assert country_name("NO", Locale("fr")) == "Norvège"
    assert language_name("ru", Locale("fr")) == "Russe", "capitalised as it stands alone"
    assert language_name("ru", Locale("ar")) == "الروسية"
    assert language_name("ru") == "Russian"


def test_time_elements_in_french():
    from briefbook.site.page_words import PageWords

    words = PageWords(load_language("fr"))
    assert (
        str(words.time_html(parse_edtf("2022-05-03/.."))) == 'depuis le <time datetime="2022-05-03">3 mai 2022</time>'
    )
    assert str(words.time_html(parse_edtf("2016~"))) == '<time datetime="2016">vers 2016</time>'


def test_a_template_compiled_for_one_language_speaks_another(tmp_path):
    """Compiled templates are shared by every build of a process: a word of a constant
    (`"event" | kind_words`) must not be folded into them in the first build's language."""
    from conftest import MINIMAL, write_files

    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.site.build import make_site
    from briefbook.site.urls import Site

    root = write_files(tmp_path / "project", dict(MINIMAL))
    briefing = check_project(Project.at(root)).briefing
    for code, word in (("en", "Event"), ("fr", "Événement"), ("en", "Event")):
        timeline = make_site(briefing, Site("Test", language=code), None).render("timeline.html.j2", "timeline.md")
        assert f"<em>{word}</em> (" in timeline


PREVIEW_DATES = [
    "2024-10-21",
    "2024-02",
    "2016",
    "2016~",
    "2023?",
    "2023-11%",
    "2024-10-21~",
    "2022-05/..",
    "2022-05-03/..",
    "2012-01-17/2013-01",
    "0850",
]


@pytest.mark.parametrize("code", ["fr", "ar", "de"])
def test_the_previews_write_dates_as_the_pages_do(code):
    """briefbook.js writes a preview's EDTF date from the page's patterns: the same words
    as Babel gives the pages (checked by running the script's own function in Node)."""
    import json
    import re
    import shutil
    import subprocess

    from briefbook.site.page_browser import ASSETS_SOURCE_SCRIPT, date_patterns
    from briefbook.site.page_words import PageWords

    if shutil.which("node") is None:
        pytest.skip("needs Node")
    source = ASSETS_SOURCE_SCRIPT.read_text("utf-8")
    function = re.search(r"  function dateWords\(.*?\n  }\n", source, re.S)
    assert function is not None
    language = load_language(code)
    dates = date_patterns(PageWords(language))
    script = function.group(0) + "\nconst [d, cases] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    script += "\nconsole.log(JSON.stringify(cases.map((c) => dateWords(c, d))));"
    run = subprocess.run(
        ["node", "-e", script], input=json.dumps([dates, PREVIEW_DATES]), capture_output=True, text=True, check=True
    )
    assert json.loads(run.stdout) == [language.date(parse_edtf(text)) for text in PREVIEW_DATES]
