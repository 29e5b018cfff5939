"""The downloads (/api/, feeds) written beside the pages (adapters/mkdocs_downloads.py): by
a forked process in a `mkdocs build` on Linux, by a thread otherwise; the same files
either way, and an error writing one is raised where the build waits for them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import build_site

from briefbook.adapters import mkdocs_downloads
from briefbook.adapters.mkdocs_downloads import DownloadWriter
from briefbook.site.workers import can_fork

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"


def api_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes() for path in (site / "api").rglob("*") if path.is_file()
    }


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
