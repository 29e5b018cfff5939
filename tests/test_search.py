"""Search (issue #16): Pagefind by default, Material's search where a briefing keeps it.

Built here: which search a briefing gets, what a claim page tells the index, what is
left out of it. The reading side (typing, filters, phones, dark mode) is in
tests/test_search_browser.py."""

from __future__ import annotations

import gzip
import json
import logging

import pytest
from bs4 import BeautifulSoup
from conftest import MKDOCS_YML, build_site, write_files
from mkdocs.exceptions import Abort

PAGEFIND_YML = MKDOCS_YML.replace("  - search\n", "")

CLAIMS = """\
- id: first-claim
  title: Something <script>alert(1)</script> happened
  statement: It happened in [Mali](actor:mali), with the junta's quiet approval.
  date: 2022-07/2024-02
  kind: statement
  actors: [mali, wagner]
  themes: [drones]
  sources: [report]
  confidence: high
- id: second-claim
  title: Nothing happened
  statement: Nothing happened in [Mali](actor:mali).
  actors: [mali]
  themes: [security]
  sources: [report]
  confidence: low
  status: withdrawn
  status_note: It did not happen.
"""
ACTORS = """\
- id: mali
  name: Mali
  kind: state
  country: ML
- id: wagner
  name: Wagner Group, the
  kind: private-military-company
  aliases: [Africa Corps, PMC Wagner]
"""
THEMES = """\
- id: security
  name: Security
- id: drones
  name: Drones
  parent: security
"""


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture
def pagefind_site(make_project):
    root = make_project(
        {
            "mkdocs.yml": PAGEFIND_YML + "markdown_extensions:\n  - toc:\n      permalink: true\n",
            "data/claims/claims.yaml": CLAIMS,
            "data/actors.yaml": ACTORS,
            "data/themes.yaml": THEMES,
        }
    )
    return build_site(root)


def test_without_materials_search_plugin_the_site_gets_pagefind(pagefind_site):
    site = pagefind_site
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    # claims 2, actors 2, themes 2, source 1, home 1: not the index pages (claims/, timeline/, ...)
    assert entry["languages"]["en"]["page_count"] == 8
    assert not (site / "search" / "search_index.json").exists()
    home = soup(site / "index.html")
    box = home.select_one("header [data-bb-search]")
    assert box is not None and box.select_one("input.md-search__input") is not None
    assert home.select_one("header label.md-header__button[for=__search]") is not None
    # Material's script would mount (and download its own index for) a form named "search"
    assert home.select_one("form[name=search]") is None
    assert home.select_one("[data-md-component=search]") is None
    scripts = [s.get("src", "") for s in home.select("script[src]")]
    assert any(src.endswith("assets/search.js") for src in scripts)
    assert (site / "assets" / "search.js").is_file() and (site / "assets" / "search.css").is_file()


def test_a_claim_page_carries_its_metadata_and_filters_as_text(pagefind_site):
    page = soup(pagefind_site / "claims" / "first-claim" / "index.html")
    article = page.select_one("article[data-pagefind-body]")
    assert article is not None
    assert page.select("[data-pagefind-body]") == [article]  # the navigation is outside it
    meta = {span["data-pagefind-meta"]: span.get_text() for span in article.select("[data-pagefind-meta]")}
    assert meta == {
        "title": "Something <script>alert(1)</script> happened",  # text, never markup
        "kind": "Statement",
        "status": "Current",
        "date": "July 2022 – February 2024",
    }
    assert article.select("script") == []
    filters = sorted(
        (span["data-pagefind-filter"], span.get_text()) for span in article.select("[data-pagefind-filter]")
    )
    assert filters == [
        ("actor", "Mali"),
        ("actor", "Wagner Group, the"),  # a comma in a name is no separator: values are element text
        ("kind", "Statement"),
        ("status", "Current"),
        ("theme", "Drones"),
        ("theme", "Security"),  # the parent theme too, as the timeline's filter does
        ("year", "2022"),
        ("year", "2023"),
        ("year", "2024"),
    ]
    withdrawn = soup(pagefind_site / "claims" / "second-claim" / "index.html").select_one("[data-pagefind-body]")
    assert withdrawn.select_one('[data-pagefind-filter="status"]').get_text() == "Withdrawn"
    assert withdrawn.select('[data-pagefind-filter="year"]') == []  # undated


def test_cite_box_version_stamp_and_heading_signs_are_not_indexed(pagefind_site):
    article = soup(pagefind_site / "claims" / "first-claim" / "index.html").select_one("[data-pagefind-body]")
    assert article.select_one(".bb-cite").has_attr("data-pagefind-ignore")
    assert article.select_one(".bb-version").has_attr("data-pagefind-ignore")
    assert all(link.has_attr("data-pagefind-ignore") for link in article.select("a.headerlink"))
    assert article.select("a.headerlink")


def test_actor_pages_are_indexed_with_their_aliases_and_index_pages_are_not(pagefind_site):
    actor = soup(pagefind_site / "actors" / "wagner" / "index.html").select_one("[data-pagefind-body]")
    assert "Africa Corps" in actor.get_text() and "PMC Wagner" in actor.get_text()
    assert actor.select_one('[data-pagefind-meta="kind"]').get_text() == "Actor"
    assert actor.select("[data-pagefind-filter]") == []  # a filter by actor returns claims only
    for index in ("claims", "actors", "timeline", "themes", "sources"):
        assert soup(pagefind_site / index / "index.html").select("[data-pagefind-body]") == []


def test_a_briefing_that_lists_materials_search_keeps_it(make_project):
    site = build_site(make_project())  # conftest's mkdocs.yml lists `- search`
    assert (site / "search" / "search_index.json").is_file()
    assert not (site / "pagefind").exists()
    home = soup(site / "index.html")
    assert home.select_one("[data-md-component=search]") is not None
    assert home.select("[data-pagefind-body], [data-bb-search]") == []
    assert not (site / "assets" / "search.js").exists()


def test_search_material_option_with_materials_plugin_is_material(make_project):
    yml = MKDOCS_YML.replace("      published:", "      search: material\n      published:")
    site = build_site(make_project({"mkdocs.yml": yml}))
    assert (site / "search" / "search_index.json").is_file() and not (site / "pagefind").exists()


@pytest.mark.parametrize(
    ("plugins", "option", "message"),
    [
        (
            "  - search\n",
            "pagefind",
            "mkdocs.yml: the briefbook option `search: pagefind` and Material's `search` plugin are both set; "
            "remove `- search` from plugins (Pagefind replaces it), or set `search: material`",
        ),
        (
            "",
            "material",
            "mkdocs.yml: the briefbook option `search: material` needs Material's search plugin: "
            "add `- search` to plugins, or remove the option to use Pagefind",
        ),
    ],
)
def test_contradictory_search_settings_are_an_error_that_says_what_to_do(
    make_project, caplog, plugins, option, message
):
    yml = MKDOCS_YML.replace("  - search\n", plugins).replace(
        "      published:", f"      search: {option}\n      published:"
    )
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(make_project({"mkdocs.yml": yml}))
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == [message]


def test_an_unknown_search_engine_is_refused(make_project, caplog):
    yml = PAGEFIND_YML.replace("      published:", "      search: lunr\n      published:")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(make_project({"mkdocs.yml": yml}))
    assert "option 'search': Expected one of: ('pagefind', 'material') but received: 'lunr'" in caplog.text


def test_the_index_fed_page_by_page_equals_pagefinds_own_over_the_built_site(pagefind_site):
    """The plugin hands each page to Pagefind as it is written; Pagefind indexing the
    finished site on its own (its CLI's way) must find exactly the same."""
    import shutil

    from briefbook.site.search_index import build_index

    streamed = indexed(pagefind_site)
    shutil.rmtree(pagefind_site / "pagefind")
    build_index(pagefind_site)
    assert len(streamed) == 8
    assert indexed(pagefind_site) == streamed


def indexed(site) -> dict[str, dict]:
    """What the written Pagefind index holds, by URL: every fragment file on disk (one per
    indexed page: gzipped JSON after a signature), so a stale one left over counts too."""
    fragments = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        fragments[path.stem] = record
    return {record["url"]: record for record in fragments.values()}


def serve_build(root, site_dir, holder: list, dirty: bool = True) -> None:
    """One rebuild as `mkdocs serve --dirty` does it: the same plugin instance, command 'serve'."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    if not holder:
        config.plugins.on_startup(command="serve", dirty=dirty)
        holder.append(config.plugins["briefbook"])
    build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
    # Under serve the page reloads while Pagefind writes the index; a search request
    # waits for it (on_serve), as this does.
    holder[0].search.indexer.wait()


def test_under_serve_the_index_follows_every_rebuild(make_project, tmp_path):
    root = make_project(
        {
            "mkdocs.yml": PAGEFIND_YML,
            "data/claims/claims.yaml": CLAIMS,
            "data/actors.yaml": ACTORS,
            "data/themes.yaml": THEMES,
        }
    )
    site = tmp_path / "served"
    holder: list = []
    try:
        serve_build(root, site, holder)
        claim = indexed(site)["/claims/first-claim/"]
        assert "quiet approval" in claim["content"]
        write_files(root, {"data/claims/claims.yaml": CLAIMS.replace("quiet approval", "zanzibarite blessing")})
        serve_build(root, site, holder)
        pages = indexed(site)
        claim = pages["/claims/first-claim/"]
        assert "zanzibarite blessing" in claim["content"] and "quiet approval" not in claim["content"]
        assert not any("quiet approval" in page["content"] for page in pages.values())
        # a data error while serving: the pages show it, search keeps the last good index
        write_files(root, {"data/themes.yaml": "- id: security\n  nme: Security\n"})
        serve_build(root, site, holder)
        assert "The briefing data has errors" in (site / "index.html").read_text("utf-8")
        assert indexed(site).keys() == pages.keys()
        assert "zanzibarite blessing" in indexed(site)["/claims/first-claim/"]["content"]
        # the error fixed and a claim removed: its page leaves the index (Pagefind cannot
        # drop a page, so the index starts afresh from the pages on disk)
        write_files(root, {"data/themes.yaml": THEMES, "data/claims/claims.yaml": CLAIMS.split("- id: second")[0]})
        serve_build(root, site, holder)
        assert (site / "claims" / "second-claim" / "index.html").is_file()  # --dirty leaves it behind
        assert "/claims/second-claim/" not in indexed(site)
        assert indexed(site).keys() == pages.keys() - {"/claims/second-claim/"}
    finally:
        for plugin in holder:
            plugin.on_shutdown()


def test_a_new_briefing_searches_with_pagefind(tmp_path, monkeypatch):
    from briefbook.adapters.cli import main

    root = tmp_path / "my-briefing"
    assert main(["init", str(root)]) == 0
    monkeypatch.setenv("BRIEFBOOK_PREVIEW", "true")
    site = build_site(root, strict=True)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "search").exists()
    assert soup(site / "claims" / "index.html").select_one("header [data-bb-search]") is not None


def test_a_rebuild_that_starts_while_the_last_bundle_is_written_waits_for_it_at_its_first_page():
    """Under `mkdocs serve` the bundle is written after the browser reloaded; an edit
    saved meanwhile starts a rebuild, which loads and renders before it waits for that
    write (at its first page), and the page is then indexed as always."""
    import threading

    from briefbook.site.search_index import PageIndexer

    indexer = PageIndexer()
    release = threading.Event()
    indexer.writing = threading.Thread(target=release.wait, args=(60,))  # the guard: never reached when right
    indexer.writing.start()
    try:
        indexer.begin()
        assert indexer.service is None, "nothing started or waited for while the last bundle is written"
        assert indexer.writing is not None and indexer.writing.is_alive()
        release.set()
        indexer.add(
            "<html><body><main data-pagefind-body><h1>Kati</h1><p>An attack.</p></main></body></html>", "/claims/kati/"
        )
        assert indexer.writing is None and indexer.service is not None
        assert indexer.index is not None and indexer.index.pages() == 1
    finally:
        release.set()
        indexer.close()


def test_pages_without_the_mark_are_indexed_whole_when_no_page_has_it(tmp_path):
    """Pages without `data-pagefind-body` are held back until a marked page comes (then
    Pagefind would skip them: they are not sent); when none comes, as with a theme
    without Material's article, every page is indexed whole, as Pagefind does."""
    from briefbook.site.search_index import PageIndexer

    def written(pages: dict[str, str]) -> list[str]:
        site = (
            tmp_path
            / f"site-{len(pages)}-{'marked' if any('data-pagefind-body' in h for h in pages.values()) else 'plain'}"
        )
        indexer = PageIndexer()
        files = {}
        try:
            indexer.begin()
            for url, html in pages.items():
                files[url] = site / url.strip("/") / "index.html"
                files[url].parent.mkdir(parents=True)
                files[url].write_text(html, "utf-8")
                indexer.add(html, url)
            indexer.finish(site, files)
        finally:
            indexer.close()
        return sorted(record["url"] for record in indexed(site).values())

    plain = {
        "/a/": "<html><body><main><h1>Kati</h1><p>An attack.</p></main></body></html>",
        "/b/": "<html><body><main><h1>Gao</h1><p>A convoy.</p></main></body></html>",
    }
    assert written(plain) == ["/a/", "/b/"]
    marked = dict(plain, **{"/c/": "<html><body><main data-pagefind-body><h1>Mopti</h1></main></body></html>"})
    assert written(marked) == ["/c/"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_search_box_rendered_once_a_build_equals_the_box_rendered_on_each_page(make_project, monkeypatch, language):
    """The plugin renders the search box once a build (PluginSearch.render_box): every
    page is the same as when each page rendered it."""
    from briefbook.adapters.mkdocs_search import PluginSearch

    sites = {}
    for once in (False, True):
        root = make_project(
            {
                "mkdocs.yml": PAGEFIND_YML.replace("  font: false\n", f"  font: false\n  language: {language}\n"),
                "data/claims/claims.yaml": CLAIMS,
                "data/actors.yaml": ACTORS,
                "data/themes.yaml": THEMES,
            }
        )
        render_box = PluginSearch.render_box
        monkeypatch.setattr(PluginSearch, "render_box", render_box if once else lambda self, env, config: None)
        site = build_site(root)
        monkeypatch.undo()
        sites[once] = {path.relative_to(site).as_posix(): path.read_text("utf-8") for path in site.rglob("*.html")}
    assert sites[True].keys() == sites[False].keys()
    assert "claims/first-claim/index.html" in sites[True]
    for path, text in sites[False].items():
        assert sites[True][path] == text, path
    box = soup_text(sites[True]["claims/first-claim/index.html"]).select_one("header [data-bb-search]")
    assert box.select("select[data-bb-search-filter]") and box.select_one("input.md-search__input")


def soup_text(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def test_a_projects_own_search_box_is_rendered_with_each_page(make_project):
    """A project's partials/search.html (its theme's custom_dir) may show the page: it
    is rendered with each page, not once a build."""
    root = make_project(
        {
            "mkdocs.yml": PAGEFIND_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
            "overrides/partials/search.html": '<div class="own-box">{{ page.url }}</div>\n',
            "data/claims/claims.yaml": CLAIMS,
            "data/actors.yaml": ACTORS,
            "data/themes.yaml": THEMES,
        }
    )
    site = build_site(root)
    assert (
        soup(site / "claims" / "first-claim" / "index.html").select_one(".own-box").get_text() == "claims/first-claim/"
    )
    assert soup(site / "actors" / "mali" / "index.html").select_one(".own-box").get_text() == "actors/mali/"


def test_a_bundle_pagefind_cannot_write_fails_the_build_and_says_where(make_project, monkeypatch, caplog):
    """Pagefind writes its bundle while the build does its last work; the build still
    ends only once it is written, and fails when it could not be."""
    from briefbook.site.pagefind_service import PagefindIndex, PagefindServiceError

    def refuse(self, output_path):
        raise PagefindServiceError("disk full")

    monkeypatch.setattr(PagefindIndex, "write", refuse)
    root = make_project(
        {
            "mkdocs.yml": PAGEFIND_YML,
            "data/claims/claims.yaml": CLAIMS,
            "data/actors.yaml": ACTORS,
            "data/themes.yaml": THEMES,
        }
    )
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(root)
    assert "Pagefind could not index" in caplog.text and "disk full" in caplog.text


def test_pagefind_reads_the_whole_article_even_with_an_article_inside_it():
    """Pagefind gets the `<html>` tag and the marked article (indexed_part); an
    `<article>` written inside a page's own content does not cut it short, and a page
    without the mark goes whole."""
    from briefbook.site.search_index import indexed_part

    page = (
        '<!doctype html><html lang="fr" dir="ltr"><head><title>T</title></head><body><nav>menu</nav>'
        '<article class="md-content__inner md-typeset" data-pagefind-body><h1>Kati</h1>'
        "<article><p>inner</p></article><p>after the inner one</p></article><footer>f</footer></body></html>"
    )
    part = indexed_part(page)
    assert part.startswith('<!doctype html>\n<html lang="fr" dir="ltr"><body><article class=')
    assert "after the inner one</p></article></body></html>" in part
    assert "menu" not in part and "<footer>" not in part
    unmarked = page.replace(" data-pagefind-body", "")
    assert indexed_part(unmarked) == unmarked


def test_pagefind_is_not_sent_what_it_would_ignore():
    """The cite box (nested blocks inside) and the headings' permalink signs are cut from
    what Pagefind reads; an ignored element that never closes is left for Pagefind."""
    from briefbook.site.search_index import indexed_part

    article = (
        '<article class="md-content__inner md-typeset" data-pagefind-body><h2 id="s">Sources'
        '<a data-pagefind-ignore class="headerlink" href="#s">¶</a></h2><p>kept</p>'
        '<div data-pagefind-ignore class="bb-cite"><div class="tabbed"><div><pre>@misc{x}</pre></div></div>'
        "<p>cite text</p></div><p>after the box</p></article>"
    )
    part = indexed_part(f'<html lang="en"><body><nav>menu</nav>{article}</body></html>')
    assert part == (
        '<!doctype html>\n<html lang="en"><body><article class="md-content__inner md-typeset" data-pagefind-body>'
        '<h2 id="s">Sources</h2><p>kept</p><p>after the box</p></article></body></html>'
    )
    unclosed = article.replace("<p>cite text</p></div>", "<p>cite text</p>")
    assert "cite text" in indexed_part(f'<html lang="en"><body>{unclosed}</body></html>')


def test_pages_sent_to_pagefind_in_batches_are_all_indexed_in_order(tmp_path, monkeypatch):
    """Pages go to Pagefind in batches (pagefind_service.SEND_AT): every page of several
    batches, and of the last one sent only when the bundle is written, is indexed."""
    from briefbook.site import pagefind_service
    from briefbook.site.pagefind_service import PagefindService

    monkeypatch.setattr(pagefind_service, "SEND_AT", 2_000)
    sent = []
    flush = PagefindService.flush

    def counted(self):
        sent.append(len(self.unsent))
        flush(self)

    monkeypatch.setattr(PagefindService, "flush", counted)
    service = PagefindService()
    try:
        index = service.new_index()
        sent.clear()
        for number in range(25):
            words = " ".join(f"word{number}x{i}" for i in range(60))
            index.add_html(
                f"<html lang='en'><body><main><h1>Page {number}</h1><p>{words}</p></main></body></html>", f"/p{number}/"
            )
        assert 3 < len(sent) < 25 and max(sent) > 1  # several batches of several pages
        service.flush()
        index.add_html("<html lang='en'><body><main><h1>Last</h1><p>a last page</p></main></body></html>", "/last/")
        assert len(service.unsent) == 1  # waiting for the next batch: sent when the bundle is written
        assert index.write(tmp_path / "pagefind") == 26
    finally:
        service.close()
    assert {record["url"] for record in indexed(tmp_path).values()} == {f"/p{number}/" for number in range(25)} | {
        "/last/"
    }
