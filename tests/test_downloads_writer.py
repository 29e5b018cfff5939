"""The downloads (/api/, feeds) written beside the pages (adapters/mkdocs_downloads.py): by
a forked process in a `mkdocs build` on Linux (made there too when every citation is
cached, and the pages' files made ahead of MkDocs), by a thread otherwise; the same
site either way, and an error writing or making one is raised where the build waits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import build_site

from briefbook.adapters import mkdocs_downloads, mkdocs_plugin
from briefbook.adapters.mkdocs_downloads import Ahead, DownloadWriter, make_empty_files
from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.site.build import make_site
from briefbook.site.files import Outputs
from briefbook.site.urls import Site
from briefbook.site.workers import can_fork

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"


def api_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes() for path in (site / "api").rglob("*") if path.is_file()
    }


def every_file(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def forking(monkeypatch: pytest.MonkeyPatch, allowed: bool) -> None:
    monkeypatch.setattr(mkdocs_downloads, "can_fork", lambda: allowed)
    monkeypatch.setattr(mkdocs_plugin, "can_fork", lambda: allowed)


def build_made_apart(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], int]:
    """A warm build whose forked process makes the downloads; how many times their paths
    were listed instead of made (once: this build)."""
    listed = []
    file_paths = Outputs.file_paths

    def spy(self: Outputs):
        listed.append(self)
        return file_paths(self)

    monkeypatch.setattr(Outputs, "file_paths", spy)
    forking(monkeypatch, True)
    site = every_file(build_site(root))
    monkeypatch.setattr(Outputs, "file_paths", file_paths)
    return site, len(listed)


@pytest.mark.skipif(not can_fork(), reason="forked on Linux only")
def test_a_warm_build_makes_its_downloads_apart_and_the_site_is_the_same(tmp_path, monkeypatch):
    """With every citation cached, the forked process makes the downloads (and the pages'
    files ahead of MkDocs): every file of the site equals the one a build without a
    fork writes, none is left empty."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    forking(monkeypatch, False)
    in_process = every_file(build_site(root))  # also fills the cache
    made_apart, listed = build_made_apart(root, monkeypatch)
    assert listed == 1
    assert made_apart == in_process
    assert len([path for path in made_apart if path.startswith("api/claims/")]) > 30
    assert not [path for path, data in made_apart.items() if not data and path.endswith(".html")]


@pytest.mark.skipif(not can_fork(), reason="forked on Linux only")
def test_a_cold_build_makes_its_downloads_in_its_own_process(tmp_path, monkeypatch):
    """Citations still to format are formatted and cached by the build's own process, so
    the forked process only writes what it is given."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    cold, listed = build_made_apart(root, monkeypatch)
    assert listed == 0
    warm, listed = build_made_apart(root, monkeypatch)
    assert listed == 1
    assert warm == cold


def test_the_download_paths_are_those_files_makes_in_the_same_order(tmp_path):
    project = Project.at(shutil.copytree(FIXTURE, tmp_path / "project"))
    result = check_project(project)
    for url in ("https://example.org/briefing/", ""):  # feeds only with a site URL
        renderer = make_site(result.briefing, Site("Small", url, "A. Author", True), None)
        made = [path for path, _ in renderer.outputs.files()]
        assert list(renderer.outputs.file_paths()) == made
        assert any(path.endswith(".xml") for path in made) == bool(url)


@pytest.mark.skipif(not can_fork(), reason="forked on Linux only")
def test_downloads_written_by_a_forked_process_equal_those_written_by_the_thread(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    sites = {}
    for forked in (False, True):
        root = tmp_path / f"forked-{forked}"
        shutil.copytree(FIXTURE, root)
        monkeypatch.setattr(mkdocs_downloads, "can_fork", lambda forked=forked: forked)
        sites[forked] = api_files(build_site(root))
    assert len([path for path in sites[True] if path.startswith("api/claims/")]) > 30
    assert sites[True] == sites[False]
    assert any(path.endswith(".bib") for path in sites[True])


@pytest.mark.parametrize("forked", [False, True])
def test_a_download_that_cannot_be_written_is_an_error_where_the_build_waits(tmp_path, forked):
    (tmp_path / "api").write_text("a file where the folder should be", "utf-8")
    writer = DownloadWriter()
    good = str(tmp_path / "feed.xml")
    writer.start(
        str(tmp_path),
        [(good, "<feed/>\n"), (str(tmp_path / "api" / "claims" / "x.json"), "{}\n")],
        lambda text: False,
        lambda text: text,
        forked=forked,
    )
    with pytest.raises(OSError, match="api"):
        writer.join()
    assert Path(good).read_text("utf-8") == "<feed/>\n"
    writer.join()  # the error is raised once


@pytest.mark.parametrize("forked", [False, True])
def test_a_download_that_cannot_be_made_is_an_error_where_the_build_waits(tmp_path, forked, monkeypatch):
    monkeypatch.setattr(mkdocs_downloads, "can_fork", lambda: forked)

    def made():
        yield "api/briefing.json", "{}\n"
        raise ValueError("no such claim")

    writer = DownloadWriter()
    writer.start(str(tmp_path), [], lambda text: False, lambda text: text, forked=True, ahead=Ahead([], made))
    with pytest.raises(OSError, match="ValueError: no such claim"):  # where nothing forks, the thread made them
        writer.join()
    assert (tmp_path / "api" / "briefing.json").read_text("utf-8") == "{}\n"


def test_pages_made_ahead_are_empty_files_and_a_page_written_first_is_kept(tmp_path):
    written = tmp_path / "claims" / "a" / "index.html"
    written.parent.mkdir(parents=True)
    written.write_text("<html>MkDocs wrote this first</html>", "utf-8")
    ahead = [str(written), str(tmp_path / "claims" / "b" / "index.html"), str(tmp_path / "index.html")]
    make_empty_files(ahead, set())
    assert written.read_text("utf-8") == "<html>MkDocs wrote this first</html>"
    assert (tmp_path / "claims" / "b" / "index.html").read_bytes() == b""
    assert (tmp_path / "index.html").read_bytes() == b""


@pytest.mark.skipif(not can_fork(), reason="forked on Linux only")
def test_a_kept_writer_never_deletes_what_the_forked_process_makes(tmp_path, monkeypatch):
    """MkDocs keeps a plugin with on_startup from one build to the next: what its thread
    wrote in the last build and a forked process makes in this one is still wanted (it
    was deleted as stale, racing the process that wrote it)."""
    monkeypatch.setattr(mkdocs_downloads, "can_fork", lambda: True)
    download = str(tmp_path / "api" / "briefing.json")
    writer = DownloadWriter()
    writer.start(str(tmp_path), [(download, "{}\n")], lambda text: False, lambda text: text)  # the thread writes it
    writer.join()
    deleted = []
    unlink = Path.unlink
    monkeypatch.setattr(
        Path, "unlink", lambda self, missing_ok=False: (deleted.append(str(self)), unlink(self, missing_ok))[1]
    )
    ahead = Ahead([], lambda: [("api/briefing.json", '{"again": 1}\n')], frozenset({download}))
    writer.start(str(tmp_path), [], lambda text: False, lambda text: text, forked=True, ahead=ahead)
    writer.join()
    assert download not in deleted
    assert Path(download).read_text("utf-8") == '{"again": 1}\n'
