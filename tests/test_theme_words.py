"""Material's words looked up once a build (adapters/overrides/partials/language.html and
theme_words.py): every page is the same as with Material's own lookup, and a project's
own language files still win."""

from __future__ import annotations

import shutil
from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup
from conftest import build_site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
MATERIAL_LANGUAGE = Path(material.__file__).parent / "templates" / "partials" / "language.html"


def small_project(root: Path, language: str, custom_dir: dict[str, str]) -> Path:
    shutil.copytree(FIXTURE, root)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  - search\n", "")
    text = text.replace("  font: false\n", f"  font: false\n  language: {language}\n  custom_dir: overrides\n")
    config.write_text(text, "utf-8")
    (root / "overrides").mkdir()
    for path, content in custom_dir.items():
        (root / "overrides" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "overrides" / path).write_text(content, "utf-8")
    return root


def pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text("utf-8")
        for path in site.rglob("*.html")
        if "pagefind" not in path.parts
    }


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_page_is_the_same_as_with_materials_own_lookup(tmp_path, monkeypatch, language):
    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    material_own = {"partials/language.html": MATERIAL_LANGUAGE.read_text("utf-8")}  # custom_dir wins over briefbook's
    before = pages(build_site(small_project(tmp_path / "material", language, material_own)))
    after = pages(build_site(small_project(tmp_path / "briefbook", language, {})))
    assert before.keys() == after.keys() and "claims/border-clash/index.html" in after
    for path, text in before.items():
        assert after[path] == text, path


def test_a_projects_own_language_file_still_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    own = '{% macro t(key) %}{{ {"action.skip": "Straight to the briefing"}[key] }}{% endmacro %}\n'
    site = build_site(small_project(tmp_path / "own", "en", {"partials/languages/en.html": own}))
    page = BeautifulSoup((site / "claims" / "border-clash" / "index.html").read_text("utf-8"), "html.parser")
    assert page.select_one("a.md-skip").get_text(strip=True) == "Straight to the briefing"
    assert page.select_one("html")["lang"] == "language"  # a key the file lacks (and English's too) prints as itself
