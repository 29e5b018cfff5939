"""Live editing: under `mkdocs serve` a data error is shown in the site, not a crash."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_files
from mkdocs.commands.build import build
from mkdocs.config import load_config


def serve_build(root, site_dir, plugin_holder, dirty=False):
    """One rebuild as `mkdocs serve` does it: the same plugin instance, command 'serve'."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    if not plugin_holder:
        config.plugins.on_startup(command="serve", dirty=dirty)
        plugin_holder.append(config.plugins["briefbook"])
    build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
    return config


@pytest.fixture
def holder():
    """The plugin kept across rebuilds; shut down afterwards, as `mkdocs serve` does on
    exit, so its session folder of generated pages is removed."""
    plugins: list = []
    yield plugins
    for plugin in plugins:
        plugin.on_shutdown()
        assert plugin.serve_cache is None


def test_a_data_error_while_serving_shows_in_the_site_and_the_next_good_edit_restores_it(
    make_project, tmp_path, holder
):
    root = make_project()
    site = tmp_path / "served"
    serve_build(root, site, holder)
    assert (site / "claims" / "first-claim" / "index.html").is_file()

    write_files(root, {"data/themes.yaml": "- id: security\n  nme: Security\n"})
    serve_build(root, site, holder)  # does not raise
    home = (site / "index.html").read_text("utf-8")
    assert "The briefing data has errors" in home
    assert "data/themes.yaml:2:3: unknown field &#x27;nme&#x27; in theme (did you mean &#x27;name&#x27;?)" in home
    assert "data/themes.yaml" in (site / "timeline" / "index.html").read_text("utf-8")

    write_files(root, {"data/themes.yaml": "- id: security\n  name: Security\n"})
    serve_build(root, site, holder)
    assert "The briefing data has errors" not in (site / "index.html").read_text("utf-8")
    assert (site / "claims" / "first-claim" / "index.html").is_file()


def test_serving_never_writes_the_ledger(make_project, tmp_path, holder):
    root = make_project()
    serve_build(root, tmp_path / "served", holder)
    assert not (root / "data" / "permalinks.lock").exists()


def test_serve_watches_data_and_templates(make_project, tmp_path, holder):
    root = make_project({"templates/claim.html.j2": '{% extends "builtin/claim.html.j2" %}\n'})
    config = serve_build(root, tmp_path / "served", holder)

    class Server:
        def __init__(self):
            self.watched: list[str] = []
            self.app = lambda environ, start_response: [environ["PATH_INFO"].encode()]

        def watch(self, path):
            self.watched.append(path)

        def get_app(self):
            return self.app

        def set_app(self, app):
            self.app = app

    server = config.plugins.on_serve(Server(), config=config, builder=None)
    assert str(root / "data") in server.watched
    assert str(root / "templates") in server.watched
    # pages and, once Pagefind has written the index, search requests are served as MkDocs serves them
    assert server.app({"PATH_INFO": "/claims/"}, None) == [b"/claims/"]
    assert server.app({"PATH_INFO": "/pagefind/pagefind.js"}, None) == [b"/pagefind/pagefind.js"]


@pytest.mark.parametrize("dirty", [False, True])
def test_serving_without_dirty_suggests_it(make_project, caplog, dirty):
    root = make_project()
    config = load_config(str(root / "mkdocs.yml"))
    caplog.set_level("INFO")
    config.plugins.on_startup(command="serve", dirty=dirty)
    try:
        hinted = any("mkdocs serve --dirty" in record.getMessage() for record in caplog.records)
        assert hinted is not dirty
    finally:
        config.plugins.on_shutdown()


SERVED_PAGES = [
    "index.html",
    "claims/index.html",
    "timeline/index.html",
    "actors/index.html",
    "themes/index.html",
    "sources/index.html",
    "actor-graph/index.html",
    "whats-new/index.html",
]
NOTICE = "The briefing data has errors"


@pytest.mark.parametrize("home", ["hand-written", "generated"])
def test_dirty_serve_shows_an_error_on_every_index_page_and_clears_it_when_fixed(make_project, tmp_path, holder, home):
    root = make_project({"content/index.md": None} if home == "generated" else {})
    claims = (root / "data/claims/claims.yaml").read_text("utf-8")
    site = tmp_path / "served"

    def pages() -> dict[str, str]:
        return {page: (site / page).read_text("utf-8") for page in SERVED_PAGES}

    serve_build(root, site, holder, dirty=True)
    assert not [page for page, text in pages().items() if NOTICE in text]

    write_files(root, {"data/claims/claims.yaml": claims.replace("date: 2024-02", "date: 2024-13")})
    serve_build(root, site, holder, dirty=True)
    assert [page for page, text in pages().items() if NOTICE not in text] == []

    write_files(root, {"data/claims/claims.yaml": claims})  # the error fixed: the data as before
    serve_build(root, site, holder, dirty=True)
    assert [page for page, text in pages().items() if NOTICE in text] == []

    write_files(root, {"data/claims/claims.yaml": claims.replace("Something happened", "Something else happened")})
    serve_build(root, site, holder, dirty=True)
    assert [page for page, text in pages().items() if NOTICE in text] == []
    assert "Something else happened" in (site / "claims/index.html").read_text("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sigterm_stops_serve_and_removes_its_session_folder(make_project, tmp_path):
    """A process manager or an editor stops `mkdocs serve` with SIGTERM: the generated
    pages' session folder (and MkDocs' own site folder) must go, as on Ctrl-C."""
    root = make_project()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{free_port()}"]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        assert server.stdout is not None
        for line in server.stdout:  # MkDocs says when it serves; no sleeping
            output.append(line)
            if "Serving on" in line:
                break
        assert any("Serving on" in line for line in output), "".join(output)
        assert [p.name.split("-")[1] for p in temp.glob("briefbook-serve-*")] == ["serve"]
        server.send_signal(signal.SIGTERM)
        rest, _ = server.communicate(timeout=120)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert list(temp.glob("briefbook-serve-*")) == [], "".join(output) + rest
    assert list(temp.glob("mkdocs_*")) == []


SECOND_CLAIM = """\
- id: second-claim
  title: Something else happened
  statement: It also happened in [Mali](actor:mali).
  actors: [mali]
  themes: [security]
  sources: [report]
  confidence: low
"""


def test_under_serve_the_downloads_follow_every_edit(make_project, tmp_path, holder):
    """Downloads are written straight into the site (not through MkDocs' file copy): an
    edited claim's are rewritten, an untouched claim's are left as they are, a removed
    claim's are deleted, and the page's link to its JSON still resolves."""
    root = make_project()
    claims = (root / "data/claims/claims.yaml").read_text("utf-8")
    write_files(root, {"data/claims/claims.yaml": claims + SECOND_CLAIM})
    site = tmp_path / "served"
    serve_build(root, site, holder, dirty=True)
    api = site / "api" / "claims"
    first_bib, second_bib = api / "first-claim.bib", api / "second-claim.bib"
    assert "Something else happened" in second_bib.read_text("utf-8")
    first_written = first_bib.stat().st_mtime_ns
    page = (site / "claims" / "second-claim" / "index.html").read_text("utf-8")
    assert 'href="../../api/claims/second-claim.json"' in page

    write_files(root, {"data/claims/claims.yaml": claims + SECOND_CLAIM.replace("else happened", "new happened")})
    serve_build(root, site, holder, dirty=True)
    assert "Something new happened" in second_bib.read_text("utf-8")
    assert "Something new happened" in (api / "second-claim.json").read_text("utf-8")
    assert first_bib.stat().st_mtime_ns == first_written, "an untouched claim's file is not rewritten"

    write_files(root, {"data/claims/claims.yaml": claims})
    serve_build(root, site, holder, dirty=True)
    assert not list(api.glob("second-claim.*"))
    assert first_bib.is_file()


def test_a_check_that_rereads_only_edited_files_finds_what_a_fresh_check_finds(make_project):
    """Under serve the plugin keeps what each data file gave (FileReads) and re-reads only
    the files whose text changed; problems in an unchanged file are still reported."""
    from conftest import check, messages

    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import FileReads, Project

    root = make_project({"data/sources.yaml": "- id: report\n  type: report\n  title: A report\n  colour: red\n"})
    reads = FileReads()
    first = check_project(Project.at(root), reads=reads)
    assert messages(first) == messages(check(root)) != []
    claims = (root / "data/claims/claims.yaml").read_text("utf-8")
    write_files(root, {"data/claims/claims.yaml": claims.replace("Something happened", "Something else")})
    again, fresh = check_project(Project.at(root), reads=reads), check(root)
    assert messages(again) == messages(fresh)
    assert "data/sources.yaml:4:3" in "\n".join(messages(again))
    assert again.briefing.claims == fresh.briefing.claims
    assert again.briefing.claims["first-claim"].title == "Something else"
    assert again.briefing.sources == first.briefing.sources


def downloads(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "api").rglob("*") if p.is_file()}


EDITS = [
    # (file, old text, new text): each applied on top of the ones before
    ("data/claims/dated.yaml", "exchange fire at the Marlow crossing", "trade fire at the Marlow bridge"),
    ("data/actors.yaml", "name: Wagner Brigade", "name: Wagner Legion"),
    ("data/themes.yaml", "name: Border clashes", "name: Border fights"),
    (
        "data/themes.yaml",
        "- id: mercenaries\n  name: Mercenaries\n  parent: security",
        "- id: mercenaries\n  name: Mercenaries",
    ),
    ("data/sources.yaml", "title: Shots at dawn on the Marlow border", "title: Shots at dusk"),
    (
        "data/claims/dated.yaml",
        "  actors: [ruritanian-army, red-hand]\n  themes: [border-clashes]",
        "  actors: [ruritanian-army]\n  themes: [mining]",
    ),
    ("data/claims/dated.yaml", "It followed\n    [](claim:brigade-arrival).", "It followed\n    [](claim:mine-deal)."),
    ("data/claims/dated.yaml", "title: The Wagner Brigade arrives in Ruritania", "title: The Brigade lands"),
    ("data/claims/dated.yaml", "  date: 2024-01\n  redirect_from", "  date: 2023-11-05\n  redirect_from"),
    (
        "data/claims/dated.yaml",
        "  sources: [herald-report]\n  confidence: moderate",
        "  sources: [monitor-report]\n  confidence: moderate",
    ),
    ("data/actors.yaml", "name: Wagner Legion", "name: Wagner Group"),
    (
        "templates/claim.html.j2",
        "",
        '{% extends "builtin/claim.html.j2" %}\n{% block statement %}<p>Edited template</p>{{ super() }}{% endblock %}\n',
    ),
    ("data/claims/dated.yaml", "title: The Brigade lands", "title: The Brigade lands at last"),
]
"""Edits of a claim (title, actors, themes, date, sources, a link in its statement), an
actor's name, a theme (its name, its parent), a source and a template."""


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the sitemap (gzip stamps its time)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and not p.name.endswith(".gz") and p.parent.name != "search"
    }


def forget_remembered() -> None:
    """Empty what briefbook remembers by value across builds in a process, so that a
    build computes everything anew (a cache miss)."""
    from briefbook.briefing import link_check, links
    from briefbook.site import actor_graphs, exports

    for remembered in (links._links, link_check._link_facts, exports.stamp, actor_graphs._laid_out):
        remembered.cache_clear()


def fresh_build(root: Path, site: Path) -> None:
    """The first build of a new `serve --dirty` session, by a new plugin (MkDocs hands
    the same plugin to every config it loads in a process: set that one aside), with
    nothing remembered by value either."""
    from mkdocs.config.defaults import MkDocsConfig

    forget_remembered()
    cache = MkDocsConfig.plugins.plugin_cache
    kept = dict(cache)
    cache.clear()
    fresh: list = []
    try:
        serve_build(root, site, fresh, dirty=True)
        assert fresh[0] not in kept.values()
    finally:
        for plugin in fresh:
            plugin.on_shutdown()
        cache.clear()
        cache.update(kept)


def test_a_serve_rebuild_renders_what_a_fresh_build_renders(tmp_path, holder, monkeypatch):
    """After each edit a `serve --dirty` rebuild renders only the record pages the edit
    can change (edit_scope.py), keeps the others' text, and puts the whole briefing's
    downloads together from what it kept: every file of the site must read as a first
    build of a new `serve` session writes it, with nothing remembered from before."""
    import shutil

    from briefbook.site.edit_scope import EditScope

    kept_unrendered: list[int] = []
    unchanged_pages = EditScope.unchanged_pages

    def recorded(self, old, new):
        kept = unchanged_pages(self, old, new)
        kept_unrendered.append(len(kept))
        return kept

    monkeypatch.setattr(EditScope, "unchanged_pages", recorded)
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "small", root)
    serve_build(root, tmp_path / "served", holder, dirty=True)
    for number, (name, old, new) in enumerate(EDITS):
        path = root / name
        text = path.read_text("utf-8") if path.is_file() else ""
        assert old in text, old
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(old, new, 1) if old else new, "utf-8")
        serve_build(root, tmp_path / "served", holder, dirty=True)
        served = site_files(tmp_path / "served")
        fresh_build(root, tmp_path / f"fresh-{number}")
        expected = site_files(tmp_path / f"fresh-{number}")
        assert served.keys() == expected.keys(), name
        assert [path for path in served if served[path] != expected[path]] == [], (name, new)
    assert "Edited template" in (tmp_path / "served" / "claims" / "border-clash" / "index.html").read_text("utf-8")
    assert "The Brigade lands at last" in (tmp_path / "served" / "api" / "briefing.json").read_text("utf-8")
    assert len(kept_unrendered) == len(EDITS) - 2 and min(kept_unrendered) > 0, "some pages were not rendered again"


def test_the_whole_briefing_downloads_put_together_from_each_claims_part_read_as_encoded_at_once(make_project):
    """briefing.json, each claim's JSON and claims.csv are put together from each claim's
    part (what a `serve` rebuild keeps): byte for byte what encoding them at once writes,
    line breaks, quotes and non-ASCII text in values included, and with no claims."""
    import csv
    import io

    from conftest import check

    from briefbook.briefing.model import Briefing
    from briefbook.site import exports

    tricky = """\
- id: second-claim
  title: 'Said "no", twice; « ça »'
  statement: |
    First line, with a "quote".

        Indented: {x: [1]} — and a tab\there.
  actors: [mali]
  themes: [security]
  sources: [report]
  confidence: low
"""
    root = make_project()
    claims = (root / "data/claims/claims.yaml").read_text("utf-8")
    write_files(root, {"data/claims/claims.yaml": claims + tricky})
    briefing = check(root).briefing
    assert "\n" in briefing.claims["second-claim"].statement.text
    empty = Briefing(briefing.actors, briefing.themes, briefing.sources, {})
    for data in (briefing, empty):
        exporter = exports.Exporter(data, lambda kind, record_id: f"/{kind}/{record_id}/", {"name": "Ex"})
        claims_json = [exporter.claim_json(claim) for claim in data.claims.values()]
        assert exporter.document_json(claims_json) == exports.to_json(exporter.document())
        for claim, claim_json in zip(data.claims.values(), claims_json, strict=True):
            assert exporter.claim_document_json(claim_json) == exports.to_json(exporter.claim_document(claim))
        put_together = exporter.claims_csv()
        at_once = io.StringIO()
        writer = csv.DictWriter(at_once, fieldnames=exports.csv_columns(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv.DictReader(io.StringIO(put_together)))
        assert put_together == at_once.getvalue()


def test_after_a_dirty_rebuild_the_nav_names_every_page(make_project, tmp_path, holder):
    """MkDocs' `--dirty` rebuild reads only the pages whose file changed, and the nav of
    the pages it rebuilt said "None" for every page it did not read."""
    root = make_project()
    site = tmp_path / "served"
    serve_build(root, site, holder, dirty=True)
    claims = (root / "data/claims/claims.yaml").read_text("utf-8")
    write_files(root, {"data/claims/claims.yaml": claims.replace("Something happened", "Something else")})
    serve_build(root, site, holder, dirty=True)
    page = (site / "claims" / "first-claim" / "index.html").read_text("utf-8")
    assert "Something else" in page
    nav = page[page.index('<nav class="md-nav md-nav--primary"') :]
    assert re.search(r">\s*Timeline\s*<", nav)
    assert not re.search(r">\s*None\s*<", nav)
