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


NAV_SETTINGS = {
    "default": "",
    "file URLs, a logo, tabs and sections": (
        "use_directory_urls: false\n"
        "extra:\n  homepage: https://example.org/\n"
        "nav:\n  - index.md\n  - Claims: claims/index.md\n  - Method: methodology.md\n"
        "  - Elsewhere: https://example.org/elsewhere/\n  - Border clash: claims/border-clash.md\n"
    ),
    "the TOC folded into the nav": "",
}


@pytest.mark.parametrize("settings", NAV_SETTINGS)
def test_the_navigation_rendered_once_for_pages_that_share_it_is_the_same(tmp_path, monkeypatch, settings):
    """Material's navigation, rendered once per key (theme_nav.py): every page is the same
    as when each page rendered it, with relative URLs of either form, links, a nav
    that names a record page, and the TOC folded into the nav."""
    from briefbook.adapters.theme_nav import NavCache

    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    sites: dict[bool, dict[str, str]] = {}
    rendered: list[int] = []
    for once in (False, True):
        root = small_project(tmp_path / f"once-{once}", "en", {})
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8") + NAV_SETTINGS[settings]
        if settings != "default":
            text = text.replace("  font: false\n", "  font: false\n  logo: assets/logo.png\n")
        if settings == "the TOC folded into the nav":
            text = text.replace("  font: false\n", "  font: false\n  features: [toc.integrate, navigation.tabs]\n")
        config.write_text(text, "utf-8")
        (root / "content" / "assets").mkdir()
        (root / "content" / "assets" / "logo.png").write_bytes(b"")
        key, put = NavCache.key, NavCache.put
        monkeypatch.setattr(NavCache, "key", key if once else lambda self, page, nav: None)

        def counted(self, k, html, put=put):
            rendered.append(1)
            return put(self, k, html)

        monkeypatch.setattr(NavCache, "put", counted)
        sites[once] = pages(build_site(root, strict=False))
        monkeypatch.undo()
    assert sites[True].keys() == sites[False].keys()
    claims = [path for path in sites[True] if path.startswith("claims/") and path != "claims/index.html"]
    assert len(claims) > 10
    for path, text in sites[False].items():
        assert sites[True][path] == text, path
    if settings == "the TOC folded into the nav":
        assert not rendered
    else:
        assert 0 < len(rendered) < len(claims) / 2, "record pages share their navigation"


def test_a_projects_own_nav_item_partial_is_rendered_with_each_page(tmp_path, monkeypatch):
    """A project's partials/nav-item.html (its custom_dir) may show the page being built:
    the navigation is then rendered with each page, not once for many."""
    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    own = '{% macro render(nav_item, path, level, parent) %}<li class="own">{{ page.url }}</li>{% endmacro %}\n'
    site = build_site(small_project(tmp_path / "own", "en", {"partials/nav-item.html": own}))
    for claim in ("border-clash", "brigade-will-stay"):
        page = BeautifulSoup((site / "claims" / claim / "index.html").read_text("utf-8"), "html.parser")
        assert {item.get_text() for item in page.select("nav.md-nav--primary li.own")} == {f"claims/{claim}/"}
