"""Material's page-independent blocks (styles, scripts, configuration, footer) rendered
once for the pages that share them (adapters/overrides/main.html and theme_blocks.py):
every page is the same as when each page rendered them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import build_site
from test_theme_words import pages, small_project

SETTINGS = {
    "default": ("", {}),
    "file URLs, a footer, assets beside the pages": (
        "use_directory_urls: false\n"
        "extra_css: [claims/extra.css]\n"
        "extra_javascript: [actors/extra.js]\n"
        "nav:\n  - index.md\n  - Claims: claims/index.md\n  - Method: methodology.md\n"
        "  - Border clash: claims/border-clash.md\n",
        {},
    ),
    "a project's own footer": ("", {"partials/copyright.html": "<p class='own'>{{ page.url }}</p>\n"}),
}


@pytest.mark.parametrize("settings", SETTINGS)
def test_blocks_rendered_once_for_pages_that_share_them_are_the_same(tmp_path, monkeypatch, settings):
    from briefbook.adapters.theme_blocks import BlockCache

    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    extra_yml, custom_dir = SETTINGS[settings]
    sites: dict[bool, dict[str, str]] = {}
    rendered: list[str] = []
    for once in (False, True):
        root = small_project(tmp_path / f"once-{once}", "en", custom_dir)
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8") + extra_yml
        if extra_yml:
            text = text.replace("  font: false\n", "  font: false\n  features: [navigation.footer]\n")
            for asset in ("claims/extra.css", "actors/extra.js"):
                (root / "content" / asset).parent.mkdir(parents=True, exist_ok=True)
                (root / "content" / asset).write_text("/* */\n", "utf-8")
        config.write_text(text, "utf-8")
        key, put = BlockCache.key, BlockCache.put
        monkeypatch.setattr(BlockCache, "key", key if once else lambda self, block, page, base_url: None)

        def counted(self, k, html, put=put):
            rendered.append(k[0])
            return put(self, k, html)

        monkeypatch.setattr(BlockCache, "put", counted)
        sites[once] = pages(build_site(root, strict=False))
        monkeypatch.undo()
    assert sites[True].keys() == sites[False].keys()
    claims = [path for path in sites[True] if path.startswith("claims/") and path.count("/") >= 1]
    assert len(claims) > 10
    for path, text in sites[False].items():
        assert sites[True][path] == text, path
    if settings == "a project's own footer":
        assert "footer" not in rendered
        page = BeautifulSoup(sites[True]["actors/ruritania/index.html"], "html.parser")
        assert page.select_one("p.own").get_text() == "actors/ruritania/"
    else:
        assert 0 < rendered.count("scripts") < len(claims) / 2, "pages share their scripts"
