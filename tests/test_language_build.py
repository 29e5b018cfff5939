"""The site's language as a user chooses it (`theme: language:` in mkdocs.yml): read by
the plugin and by `briefbook render`, English for what a language lacks with one
warning, right to left for Arabic, the browser script's words on the page, and a
`serve` rebuild that renders everything again when the language changes."""

from __future__ import annotations

import json
import logging
import re

import pytest
from conftest import MKDOCS_YML, build_site
from mkdocs.exceptions import Abort

from briefbook.adapters.cli import main
from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.site.build import make_site
from briefbook.site.edit_scope import EditScope
from briefbook.site.language import load_language, template_messages
from briefbook.site.urls import Site


def in_language(code: str) -> dict[str, str]:
    return {"mkdocs.yml": MKDOCS_YML.replace("  font: false\n", f"  font: false\n  language: {code}\n")}


def page(site, path: str = "claims/first-claim/index.html") -> str:
    return (site / path).read_text("utf-8")


def strings_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="bb-strings">(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))


def language_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "theme: language:" in r.getMessage()
    ]


def test_a_french_site_speaks_french_with_no_warning(make_project, caplog):
    site = build_site(make_project(in_language("fr")), strict=True)
    claim = page(site)
    assert '<html lang="fr"' in claim
    assert "Citer cette affirmation" in claim and "Cite this claim" not in claim
    assert "février 2024" in claim and "Confiance élevée" in claim
    assert "Nature" in page(site, "claims/index.html") and "Affirmations" in page(site, "claims/index.html")
    assert language_warnings(caplog) == []


def test_a_language_without_a_catalog_falls_back_to_english_with_one_warning(make_project, caplog):
    """German: Material's own words in German, briefbook's in English, and one warning
    saying how many strings are missing, in which language, and how to add them."""
    site = build_site(make_project(in_language("de")), strict=False)
    claim = page(site)
    assert '<html lang="de"' in claim
    assert "Suche" in claim, "Material's words stay translated"
    assert "Cite this claim" in claim and "21 October" not in claim
    assert "Februar 2024" in claim, "dates follow the language, from the CLDR"
    total = len(template_messages())
    assert language_warnings(caplog) == [
        f"briefbook: mkdocs.yml: warning: theme: language: de: briefbook has no catalog for German (de): all {total} of its "
        "strings are shown in English (Material's own words are translated); to translate them, fill in "
        'briefbook/locale/de/LC_MESSAGES/briefbook.po from briefbook/locale/briefbook.pot (see the README\'s "Languages")'
    ]
    assert "Showing" in strings_of(claim)["count"]["other"]


def test_the_missing_strings_warning_fails_a_strict_build_as_briefbooks_other_warnings_do(make_project):
    with pytest.raises(Abort):
        build_site(make_project(in_language("pt-BR")), strict=True)


def test_a_partial_catalog_names_how_many_strings_it_lacks(monkeypatch, tmp_path):
    from briefbook.site import language as lang

    catalog = lang.read_catalog(lang.catalog_path("fr"), "fr")
    catalog.delete("Cite this claim")
    catalog.delete("Copy")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "briefbook.po").write_bytes(lang.catalog_path("fr").read_bytes())  # its header
    from briefbook.site.message_catalog import write_catalog

    write_catalog(folder / "briefbook.po", catalog)
    monkeypatch.setattr(lang, "LOCALE_DIR", tmp_path)
    lang.load_language.cache_clear()
    try:
        french = lang.load_language("fr")
        assert french.gettext("Cite this claim") == "Cite this claim"
        assert french.gettext("Copy") == "Copy"
        assert french.gettext("Timeline") == "Chronologie"
        [problem] = lang.language_problems("fr")
        assert f"the French (fr) catalog lacks 2 of briefbook's {len(template_messages())} strings" in problem.message
    finally:
        lang.load_language.cache_clear()


def test_english_has_no_strings_element_and_no_warning(make_project, caplog):
    site = build_site(make_project(), strict=True)
    assert 'id="bb-strings"' not in page(site)
    assert language_warnings(caplog) == []


def test_arabic_reads_right_to_left_with_its_six_plural_forms(make_project):
    site = build_site(make_project(in_language("ar")), strict=True)
    claim = page(site)
    assert '<html dir="rtl" lang="ar"' in claim and '<body dir="rtl"' in claim
    assert "الاستشهاد بهذا الادعاء" in claim
    assert "فبراير 2024" in claim
    strings = strings_of(claim)
    assert set(strings["count"]) == {"zero", "one", "two", "few", "many", "other"}
    assert strings["count"]["two"] == "عرض %(shown)s من أصل ادعاءين"
    arabic = load_language("ar")
    forms = [arabic.ngettext("%(num)d claim", "%(num)d claims", n) % {"num": n} for n in (0, 1, 2, 3, 11, 100)]
    assert forms == ["لا ادعاءات", "ادعاء واحد", "ادعاءان", "3 ادعاءات", "11 ادعاءً", "100 ادعاء"]


def test_briefbook_render_reads_the_language_from_mkdocs_yml(make_project, tmp_path, capsys):
    root = make_project(in_language("fr"))
    assert main(["render", str(root), "--out", str(tmp_path / "out")]) == 0
    claim = (tmp_path / "out" / "docs" / "claims" / "first-claim" / "index.md").read_text("utf-8")
    assert "Citer cette affirmation" in claim
    assert strings_of(claim)["kinds"]["event"] == "Événement"
    assert "theme: language" not in capsys.readouterr().out


def test_briefbook_render_warns_once_for_a_language_without_a_catalog(make_project, tmp_path, capsys):
    root = make_project(in_language("de"))
    assert main(["render", str(root), "--out", str(tmp_path / "out")]) == 0
    output = capsys.readouterr().out
    assert output.count("theme: language: de:") == 1


def test_a_serve_rebuild_in_another_language_renders_every_page_again(make_project):
    root = make_project()
    briefing = check_project(Project.at(root)).briefing
    scope = EditScope()
    english = make_site(briefing, Site("Test", language="en"), None)
    assert scope.reuse_for(english, False, None) is None  # the first build renders everything
    scope.remember([("claims/first-claim.md", next(iter(english.rendered_pages())))], {})
    assert scope.reuse_for(make_site(briefing, Site("Test", language="en"), None), False, None) is not None
    assert scope.reuse_for(make_site(briefing, Site("Test", language="fr"), None), False, None) is None
