"""Pages that briefbook renders to HTML itself (issue #15): HTML templates that escape
every value, headings numbered as Python-Markdown's `toc` extension numbers them, prose
converted once (cached) and on every core, overrides written for the old Markdown
templates reported with how to port them."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import markdown as markdown_lib
import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, ROOT, build_site, check

from briefbook.adapters.cli import main as cli_main
from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.site import page_workers
from briefbook.site import prose as prose_module
from briefbook.site.build import make_site, site_files
from briefbook.site.escape import md_escape
from briefbook.site.html_page import HeadingStyle, number_headings
from briefbook.site.pages import INDEX_PAGES
from briefbook.site.prose import DEFAULT_MARKDOWN, ProseConverter
from briefbook.site.urls import EVIDENCE_INDEX, Site
from briefbook.site.workers import can_fork

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
SITE = Site("Small briefing", "https://example.org/briefing/", "Example Analysis Unit")

EVIL = "<x-evil a=\"1\" b='2'>&amp;</x-evil>"
"""Markup in a plain text field: must print as these characters, never as an element."""


def q(text: str) -> str:
    """A YAML scalar that reads as `text` (JSON is YAML)."""
    return json.dumps(text)


EVIL_PROJECT = {
    "data/actors.yaml": f"""\
        - id: mali
          name: {q(EVIL + " Mali")}
          kind: state
          country: ML
          aliases: [{q(EVIL)}]
        - id: wagner
          name: {q("Wagner " + EVIL)}
          kind: armed-group
          part_of: [mali]
        """,
    "data/themes.yaml": f"""\
        - id: security
          name: {q("Security " + EVIL)}
        - id: border
          name: {q("Border " + EVIL)}
          parent: security
        """,
    "data/sources.yaml": f"""\
        - id: report
          type: report
          title: {q("Report " + EVIL)}
          container-title: {q("Journal " + EVIL)}
          publisher: {q("Publisher " + EVIL)}
          author:
            - literal: {q("Author " + EVIL)}
          issued: 2024-03
          reliability: B
        - id: origin
          type: article-newspaper
          title: {q("Origin " + EVIL)}
        """,
    "data/claims/claims.yaml": f"""\
        - id: first-claim
          title: {q("First " + EVIL)}
          statement: It happened in [Mali](actor:mali), see [](claim:second-claim).
          date: 2024-02
          date_label: {q("Label " + EVIL)}
          actors: [mali, wagner]
          themes: [border]
          sources:
            - ref: report
              locator: {q("Locator " + EVIL)}
              quote: {q("Quote " + EVIL)}
              credibility: 2
              via: origin
          confidence: high
          key: true
          related: [second-claim]
        - id: second-claim
          title: {q("Second " + EVIL)}
          statement: Withdrawn, see [the first](claim:first-claim).
          kind: assessment
          themes: [security]
          sources: [origin]
          status: withdrawn
          status_note: Note on [Mali](actor:mali).
          confidence: low
        """,
}


def evil_pages(root: Path) -> dict[str, str]:
    result = check_project(Project.at(root))
    assert result.ok, [str(p) for p in result.sorted_problems()]
    renderer = make_site(result.briefing, Site(f"Site {EVIL}", SITE.url, SITE.author), None)
    return {item.path: item.page.html for item in site_files(renderer, with_home=True, project_root=root) if item.page}


def test_every_page_kind_escapes_every_value(make_project):
    """Names, titles, labels, locators, quotes, authors and the site's name print as text on
    every kind of page: no element comes from the data."""
    pages = evil_pages(make_project(EVIL_PROJECT))
    expected = {"index.md", "timeline.md", "claims.md", "actors.md", "themes.md", "sources.md", "whats-new.md"}
    assert expected | {"actor-graph.md", "claims/first-claim.md", "actors/mali.md", "themes/border.md"} <= set(pages)
    for path, page in pages.items():
        soup = BeautifulSoup(page, "html.parser")
        assert soup.find("x-evil") is None, path
        assert "<x-evil" not in page, path
        text = soup.get_text()
        if path.count("/"):  # a record page shows its own name or title, as written
            assert EVIL in text, path
    claim = BeautifulSoup(pages["claims/first-claim.md"], "html.parser").get_text()
    for field in ("First", "Label", "Locator", "Quote", "Report", "Journal", "Origin"):
        assert f"{field} {EVIL}" in claim, field
    source = BeautifulSoup(pages["sources/report.md"], "html.parser").get_text()
    assert f"Author {EVIL}" in source and f"Publisher {EVIL}" in source
    home = BeautifulSoup(pages["index.md"], "html.parser")
    assert home.find("h1").get_text() == f"Site {EVIL}"


def test_prose_cross_references_resolve_from_each_page(make_project):
    pages = evil_pages(make_project(EVIL_PROJECT))
    first = BeautifulSoup(pages["claims/first-claim.md"], "html.parser")
    statement = next(p for p in first.find_all("p") if p.get_text().startswith("It happened"))
    assert [a["href"] for a in statement.find_all("a")] == ["../../actors/mali/", "../second-claim/"]
    assert statement.find_all("a")[1].get_text() == f"Second {EVIL}"  # an empty link text takes the title
    second = BeautifulSoup(pages["claims/second-claim.md"], "html.parser")
    notice = second.find(class_="admonition")
    assert notice.find("a", string="Mali")["href"] == "../../actors/mali/"


HEADINGS = ["Sources", "Sources", "Sources_1", "Mali & Wagner: 2024", "Goïta’s “speech”", "x" * 3, "", "1. Début"]


@pytest.mark.parametrize(
    "settings",
    [{}, {"permalink": True}, {"permalink": "#", "permalink_title": ""}, {"toc_depth": "2-3", "anchorlink": True}],
    ids=["default", "permalink", "custom-permalink", "depth-anchorlink"],
)
def test_headings_get_what_the_toc_extension_gives_them(settings):
    """Ids (unique on the page), permalinks and TOC entries, compared with Python-Markdown's
    own toc extension on the same headings written in Markdown."""
    levels = [2, 2, 3, 2, 3, 4, 2, 2]
    written = "\n\n".join(f"{'#' * level} {md_escape(text)}" for level, text in zip(levels, HEADINGS, strict=True))
    md = markdown_lib.Markdown(extensions=["toc"], extension_configs={"toc": settings})
    expected_html = md.convert(written)
    body = "\n".join(f"<h{level}>{html.escape(text)}</h{level}>" for level, text in zip(levels, HEADINGS, strict=True))
    numbered, toc, anchors, _title = number_headings(body, HeadingStyle.from_settings(settings))

    def parts(markup: str) -> list[tuple[str, str, str]]:
        soup = BeautifulSoup(markup, "html.parser")
        return [(h.name, h.get("id"), str(h.decode_contents())) for h in soup.find_all(re.compile("^h[1-6]$"))]

    assert parts(numbered) == parts(expected_html)
    assert toc == md.toc_tokens
    assert anchors == {h[1] for h in parts(expected_html)}


def rendered(root: Path, prose: ProseConverter, workers: int | None = None) -> list[tuple]:
    result = check_project(Project.at(root))
    renderer = make_site(result.briefing, SITE, root / "templates", None, prose)
    renderer.outputs.background.start(wait=True)
    return [(p.path, p.title, p.html, p.toc) for p in renderer.rendered_pages(with_home=True, workers=workers)]


def test_a_prose_cache_hit_and_a_miss_give_identical_pages():
    prose = ProseConverter(DEFAULT_MARKDOWN)
    missed = rendered(FIXTURE, prose)
    converted = prose.conversions
    assert converted > 10, "the first rendering converted the prose"
    hit = rendered(FIXTURE, prose)
    assert prose.conversions == converted, "the second found every text in the cache"
    assert hit == missed


def test_the_prose_cache_on_disk_serves_the_next_build(tmp_path):
    """A build in a new process finds the prose the last one converted, and its pages are
    the same; a text it lacks is converted and added."""
    path = tmp_path / "cache" / "prose.json"
    first = ProseConverter(DEFAULT_MARKDOWN, path)
    missed = rendered(FIXTURE, first)
    first.save()
    assert path.is_file() and first.conversions > 10
    second = ProseConverter(DEFAULT_MARKDOWN, path)
    assert rendered(FIXTURE, second) == missed
    assert second.conversions == 0
    assert second.convert("A *new* text.") == "<p>A <em>new</em> text.</p>" and second.conversions == 1
    second.save()
    assert ProseConverter(DEFAULT_MARKDOWN, path).convert("A *new* text.") == "<p>A <em>new</em> text.</p>"


def test_the_prose_cache_is_keyed_by_the_configuration():
    """Another configuration (here the footnotes extension) converts again."""
    plain = ProseConverter(DEFAULT_MARKDOWN)
    other = prose_module.MarkdownConfig((*DEFAULT_MARKDOWN.extensions, "footnotes"), DEFAULT_MARKDOWN.configs)
    assert plain.config_key != ProseConverter(other).config_key
    text = "A note.[^1]\n\n[^1]: The note."
    assert "footnote" not in plain.convert(text)
    assert 'class="footnote"' in ProseConverter(other).convert(text)


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
def test_pages_rendered_on_several_cores_equal_pages_rendered_on_one(monkeypatch):
    monkeypatch.setattr(page_workers, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(prose_module, "MIN_PARALLEL", 1)
    one = rendered(FIXTURE, ProseConverter(DEFAULT_MARKDOWN), workers=0)
    several_prose = ProseConverter(DEFAULT_MARKDOWN)
    several = rendered(FIXTURE, several_prose, workers=3)
    assert several_prose.conversions > 10
    assert several == one


# -- overrides written for the Markdown templates ---------------------------------------------

LEGACY = (
    '{#- my claim page -#}\n{% extends "builtin/claim.md.j2" %}\n{% block statement %}{{ super() }}{% endblock %}\n'
)


def test_a_markdown_override_is_reported_at_its_line_with_how_to_port_it(make_project, tmp_path, capsys, caplog):
    from mkdocs.exceptions import Abort

    root = make_project({"templates/claim.md.j2": LEGACY})
    expected = (
        "templates/claim.md.j2:2:1: template claim.md.j2 is a Markdown template, and briefbook's templates are "
        'HTML now: rename it claim.html.j2 (extending "builtin/claim.html.j2" if it extends the built-in)'
    )
    assert cli_main(["render", str(root), "--out", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    assert out.startswith(expected), out
    assert "templates/README.md" in out
    with pytest.raises(Abort):
        build_site(root)
    assert any(record.getMessage().endswith(out.splitlines()[0]) for record in caplog.records)


def test_the_ported_override_builds(make_project):
    """The same override in the new form: the built-in page, with its addition."""
    ported = '{% extends "builtin/claim.html.j2" %}\n{% block statement %}{{ super() }}<p>ADDED</p>{% endblock %}\n'
    root = make_project({"templates/claim.html.j2": ported})
    site = build_site(root)
    article = BeautifulSoup((site / "claims/first-claim/index.html").read_text("utf-8"), "html.parser").article
    assert "ADDED" in article.get_text() and article.find("h2", id="sources") is not None


def test_the_example_override_is_in_the_new_form():
    root = Path(__file__).resolve().parent.parent
    assert not list((root / "templates").rglob("*.md.j2"))
    assert (root / "templates" / "claim.html.j2").is_file()


# -- the plugin hands MkDocs a stub and sets the page -----------------------------------------


def test_the_sidebar_toc_and_title_come_from_the_rendered_page(make_project):
    root = make_project(
        {"mkdocs.yml": MINIMAL["mkdocs.yml"] + 'markdown_extensions:\n  - toc:\n      permalink: "#"\n'}
    )
    site = build_site(root)
    page = BeautifulSoup((site / "claims/first-claim/index.html").read_text("utf-8"), "html.parser")
    toc = page.find("nav", class_="md-nav--secondary")
    assert [a["href"] for a in toc.find_all("a")] == ["#sources", "#cite-this-claim"]
    assert page.find("h2", id="sources").find("a", class_="headerlink").get_text() == "#"
    assert page.title.get_text().startswith("Something happened")
    assert len(page.article.find_all("h1")) == 1


def test_render_output_has_the_plugin_toc(tmp_path, make_project):
    """`briefbook render` writes headings as Markdown with their ids: plain MkDocs lists
    the same TOC, with the same anchors, as the plugin's build."""
    root = make_project()
    plugin = build_site(root)
    out = tmp_path / "out"
    assert cli_main(["render", str(root), "--out", str(out)]) == 0
    plain = build_site(out)

    def toc(site: Path) -> list[str]:
        page = BeautifulSoup((site / "claims/first-claim/index.html").read_text("utf-8"), "html.parser")
        return [a["href"] for a in page.find("nav", class_="md-nav--secondary").find_all("a")]

    assert toc(plain) == toc(plugin) == ["#sources", "#cite-this-claim"]
    shutil.rmtree(out)


def test_prose_headings_are_numbered_with_the_page(make_project):
    """A heading inside a statement gets its id from the page, in document order and unique
    beside the page's own headings, as when the toc extension read the whole page: the
    statement's `## Sources` comes first, so the page's own section is `#sources_1`."""
    claims = MINIMAL["data/claims/claims.yaml"].replace(
        "statement: It happened in [Mali](actor:mali).", 'statement: "## Sources\\n\\nIt happened."'
    )
    root = make_project({"data/claims/claims.yaml": claims})
    assert check(root).ok
    site = build_site(root)
    page = BeautifulSoup((site / "claims/first-claim/index.html").read_text("utf-8"), "html.parser")
    assert [h["id"] for h in page.article.find_all("h2")] == ["sources", "sources_1", "cite-this-claim"]
    toc = page.find("nav", class_="md-nav--secondary")
    assert [a["href"] for a in toc.find_all("a")] == ["#sources", "#sources_1", "#cite-this-claim"]


def test_a_template_edited_between_two_builds_renders_its_new_text(tmp_path):
    """Compiled templates are kept across `serve` rebuilds (template_env.COMPILED), by
    the checksum of their source: an edited override is compiled again, not served stale."""
    from briefbook.site.template_env import COMPILED, make_environment

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "note.html.j2").write_text("<p>first {{ word }}</p>\n", "utf-8")
    assert make_environment(templates).get_template("note.html.j2").render(word="x") == "<p>first x</p>\n"
    assert COMPILED.compiled, "the first compile is kept"
    (templates / "note.html.j2").write_text("<p>second {{ word }}</p>\n", "utf-8")
    assert make_environment(templates).get_template("note.html.j2").render(word="x") == "<p>second x</p>\n"


def built_late_and_at_once(root: Path, monkeypatch) -> tuple[dict, list[str]]:
    """The project's HTML pages built twice, with every page handed to MkDocs at once
    (on_files) and with the pages the workers render handed over late; the paths of
    the late pages."""
    from briefbook.adapters import mkdocs_pages

    sites: dict[bool, dict[str, str]] = {}
    late_paths: list[str] = []
    for late in (False, True):
        site_root = root.with_name(f"{root.name}-late-{late}")
        shutil.copytree(root, site_root, symlinks=True)
        monkeypatch.setenv("BRIEFBOOK_WORKERS", "2")
        monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
        monkeypatch.setattr(page_workers, "MIN_PARALLEL_PAGES", 1)
        allowed = mkdocs_pages.late_pages_allowed
        seen: list[bool] = []

        def spy(config, *, serving, allowed=allowed, late=late, seen=seen):
            seen.append(allowed(config, serving=serving))
            return late and seen[-1]

        def made(self, path, records, init=page_workers.LatePage.__init__):
            late_paths.append(path)
            init(self, path, records)

        monkeypatch.setattr("briefbook.adapters.mkdocs_plugin.late_pages_allowed", spy)
        monkeypatch.setattr(page_workers.LatePage, "__init__", made)
        site = build_site(site_root)
        monkeypatch.undo()
        assert seen == [True], "briefbook is the only plugin of a build: late pages are allowed"
        sites[late] = {
            path.relative_to(site).as_posix(): path.read_text("utf-8")
            for path in site.rglob("*.html")
            if "pagefind" not in path.parts
        }
    assert sites[True].keys() == sites[False].keys()
    for path, text in sites[False].items():
        assert sites[True][path] == text, path
    return sites[True], late_paths


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
def test_record_pages_handed_to_mkdocs_late_equal_pages_handed_over_at_once(tmp_path, monkeypatch):
    """`mkdocs build` with briefbook alone: record pages rendered by workers reach MkDocs
    just before the theme (on_page_context), while MkDocs goes on; every page of the
    site is the same as when they all arrive in on_files."""
    root = shutil.copytree(FIXTURE, tmp_path / "small")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - search\n", ""), "utf-8")
    site, late_paths = built_late_and_at_once(root, monkeypatch)
    assert len([path for path in site if path.startswith("claims/")]) > 10
    assert {"claims/border-clash.md", *INDEX_PAGES} <= set(late_paths)
    page = BeautifulSoup(site["claims/border-clash/index.html"], "html.parser")
    assert page.title.get_text().startswith(page.select_one("article h1").get_text(" ", strip=True)[:10])
    assert page.select("nav.md-nav--secondary a"), "the page's TOC is in the sidebar"


def git(root: Path, *args: str, day: str) -> None:
    stamp = f"{day}T12:00:00+00:00"
    env = {"GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "analyst@example.org", "GIT_AUTHOR_DATE": stamp}
    env |= {"GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "analyst@example.org", "GIT_COMMITTER_DATE": stamp}
    env |= {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ["PATH"]}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
def test_index_evidence_and_version_pages_handed_over_late_equal_pages_rendered_in_process(tmp_path, monkeypatch):
    """The example briefing (its nav names the index pages: MkDocs makes their Page and
    titles them), with a history of two commits: the index pages, the evidence page,
    each theme's matrix and the earlier versions' pages are rendered by the workers
    after the record pages, and every page is the same as when rendered in the build's
    own process, titles, TOC and anchors included."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("mkdocs.yml", "content", "data", "templates"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("!ENV [BRIEFBOOK_PREVIEW, false]", "true"), "utf-8")
    (root / "data" / "versions.lock").unlink()  # the example's published versions: not in this history
    git(root, "init", "-q", "-b", "main", day="2024-01-10")
    git(root, "add", "-A", day="2024-01-10")
    git(root, "commit", "-q", "-m", "first", day="2024-01-10")
    claims = root / "data" / "claims" / "2024.yaml"
    claims.write_text(re.sub(r"(\n  title: )(.*)", r"\1\2 (revised)", claims.read_text("utf-8"), count=1), "utf-8")
    git(root, "commit", "-q", "-am", "a title revised", day="2024-06-01")
    site, late_paths = built_late_and_at_once(root, monkeypatch)
    versions = [path for path in late_paths if "/v/" in path]
    matrices = [path for path in late_paths if path.startswith("evidence/") and path != EVIDENCE_INDEX]
    assert versions and matrices and {*INDEX_PAGES, EVIDENCE_INDEX} <= set(late_paths)
    version = BeautifulSoup(site[versions[0].removesuffix(".md") + "/index.html"], "html.parser")
    assert "(revised)" not in version.select_one("article h1").get_text()
    whats_new = BeautifulSoup(site["whats-new/index.html"], "html.parser")
    assert whats_new.title.get_text().startswith("What's new"), "the nav's title, not the file name's"
    assert whats_new.select("nav.md-nav--secondary a"), "the page's TOC is in the sidebar"


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
@pytest.mark.parametrize("template", ["claim.html.j2", "timeline.html.j2"])
def test_a_template_that_fails_in_a_worker_is_reported_at_its_line(tmp_path, monkeypatch, caplog, template):
    """A record page's or an index page's template that fails while a worker renders
    it (a late page): the error names the override's file and line, as when the page
    is rendered in the build's own process (the traceback stays in the worker)."""
    from mkdocs.exceptions import Abort

    root = shutil.copytree(FIXTURE, tmp_path / "small")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - search\n", ""), "utf-8")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / template).write_text("<h1>Page</h1>\n\n{{ views.no_such_view.deeper }}\n", "utf-8")
    monkeypatch.setenv("BRIEFBOOK_WORKERS", "2")
    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    monkeypatch.setattr(page_workers, "MIN_PARALLEL_PAGES", 1)
    late_paths: list[str] = []

    def made(self, path, records, init=page_workers.LatePage.__init__):
        late_paths.append(path)
        init(self, path, records)

    monkeypatch.setattr(page_workers.LatePage, "__init__", made)
    with pytest.raises(Abort):
        build_site(root)
    assert "timeline.md" in late_paths, "the pages were rendered late, by the workers"
    expected = f"templates/{template}:3:1: template error: "
    assert any(expected in record.getMessage() and "no_such_view" in record.getMessage() for record in caplog.records)


SPY_HOOK = """\
import json
from pathlib import Path

seen = {}


def on_page_content(html, page, **kwargs):
    seen[page.file.src_uri] = {"type": type(page).__name__, "content": html, "toc": len(page.toc.items)}


def on_post_build(config, **kwargs):
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen), "utf-8")
"""
"""A third-party hook, listed after briefbook: what it sees of each page."""


@pytest.mark.parametrize("plugins", ["search and briefbook", "briefbook and a hook"])
def test_pages_made_without_a_markdown_instance_equal_pages_converted_from_a_stub(tmp_path, monkeypatch, plugins):
    """Generated pages are BriefbookPage (mkdocs_pages.py): read and rendered without a
    Markdown instance. Every file of the site is the same as with MkDocs' own Page
    converting the stub (Material's search index too), and a plugin reading a page's
    content sees its body, title and TOC."""
    from briefbook.adapters import mkdocs_plugin

    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    sites = {}
    for subclass in (False, True):
        root = tmp_path / f"subclass-{subclass}"
        shutil.copytree(FIXTURE, root)
        if plugins != "search and briefbook":
            config = root / "mkdocs.yml"
            config.write_text(config.read_text("utf-8").replace("  - search\n", "") + "hooks: [spy.py]\n", "utf-8")
            (root / "spy.py").write_text(SPY_HOOK, "utf-8")
        page_for = mkdocs_plugin.page_for
        monkeypatch.setattr(mkdocs_plugin, "page_for", page_for if subclass else lambda *args: None)
        instances: list[int] = []

        def counted(self, *args, init=markdown_lib.Markdown.__init__, instances=instances, **kwargs):
            instances.append(1)
            init(self, *args, **kwargs)

        monkeypatch.setattr(markdown_lib.Markdown, "__init__", counted)
        site = build_site(root)
        monkeypatch.undo()
        sites[subclass] = {
            path.relative_to(site).as_posix(): path.read_bytes()
            for path in site.rglob("*")
            if path.is_file() and "pagefind" not in path.parts
        }
        sites[subclass, "markdown instances"] = len(instances)
        if plugins != "search and briefbook":
            sites[subclass, "seen"] = json.loads((root / "seen.json").read_text("utf-8"))
    assert sites[True].keys() == sites[False].keys()
    assert len([path for path in sites[True] if path.startswith("claims/")]) > 10
    for path, content in sites[False].items():
        assert sites[True][path] == content, path
    assert sites[True, "markdown instances"] < sites[False, "markdown instances"] - 10
    if plugins != "search and briefbook":
        seen = sites[True, "seen"]["claims/border-clash.md"]
        assert seen["type"] == "BriefbookPage"
        assert "<h1" in seen["content"] and seen["toc"] > 0
        other = sites[False, "seen"]["claims/border-clash.md"]
        assert seen["toc"] == other["toc"]
        before_citations = other["content"].split('class="bb-citation"')[0]  # filled in later
        assert seen["content"].startswith(before_citations) and len(before_citations) > 1000


def test_a_title_beyond_the_basic_plane_keeps_its_page_title_in_render_output(make_project, tmp_path):
    """`briefbook render` writes a page's title as YAML front matter: an emoji (a
    character beyond U+FFFF) must not make MkDocs drop it, as JSON's surrogate-pair
    escapes did."""
    from mkdocs.utils.meta import get_data

    title = "Drone strike near Kidal 🚁 𝔘 — “Wagner”"
    claims = MINIMAL["data/claims/claims.yaml"].replace("title: Something happened", f'title: "{title}"')
    root = make_project({"data/claims/claims.yaml": claims})
    out = tmp_path / "out"
    assert cli_main(["render", str(root), "--out", str(out)]) == 0
    _, meta = get_data((out / "docs" / "claims" / "first-claim" / "index.md").read_text("utf-8"))
    assert meta.get("title") == title


def test_templates_compiled_once_serve_the_next_environment_without_compiling(tmp_path, monkeypatch):
    """After a serve session's first build every template is compiled in the build's
    own process (compile_all), so a rebuild's new environment compiles none; a project
    template that does not compile is left to the page that uses it."""
    import jinja2

    from briefbook.site.template_env import COMPILED, compile_all

    monkeypatch.setattr(COMPILED, "compiled", {})  # as in a new process
    root = tmp_path / "small"
    shutil.copytree(FIXTURE, root)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "unused.html.j2").write_text("{% if %}\n", encoding="utf-8")

    def environment() -> jinja2.Environment:
        result = check_project(Project.at(root))
        return make_site(result.briefing, SITE, root / "templates", None, ProseConverter(DEFAULT_MARKDOWN, None)).env

    compile_all(environment())
    fresh = environment()
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    for name in ("claim.html.j2", "partials/cite.html.j2", "partials/sources.html.j2", "timeline.html.j2"):
        fresh.get_template(name)
    assert compiled == []
    with pytest.raises(jinja2.TemplateSyntaxError):
        fresh.get_template("unused.html.j2")
