"""Work shared with other processes (issue #6): a build that renders pages in a forked
worker writes exactly the site a single process writes, and a worker that fails costs
time, never pages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import build_site, check, write_files

from briefbook.site import parallel
from briefbook.site.citations import CitationCache
from briefbook.site.pages import Renderer, make_environment
from briefbook.site.urls import Site
from briefbook.site.workers import MAX_WORKERS, available_workers

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked, on Linux only")


def renderer_for(root: Path) -> Renderer:
    result = check(root)
    assert result.ok
    site = Site("Small briefing", "https://example.org/briefing/", "Example Analysis Unit")
    return Renderer(result.briefing, site, make_environment(root / "templates"), CitationCache(None))


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def any_size_in_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small fixture's 50-odd pages are shared out as a big briefing's would be."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 0)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_pages_rendered_by_workers_are_the_pages_rendered_here(small, any_size_in_parallel, workers):
    alone = list(renderer_for(small).pages(with_home=True))
    shared = parallel.render_pages(renderer_for(small), with_home=True, workers=workers)
    assert [path for path, _ in shared] == [path for path, _ in alone]
    assert shared == alone


REAL_RENDER_SHARE = parallel.render_share


def marked_share(start: int, step: int) -> list[str]:
    """`render_share`, each page marked with the ID of the process that rendered it
    (module level: a worker receives it by name, as it does the real one)."""
    return [text + f"<!-- rendered by {os.getpid()} -->" for text in REAL_RENDER_SHARE(start, step)]


def test_the_worker_renders_every_other_page_in_its_own_process(small, any_size_in_parallel, monkeypatch):
    """The equality above would also hold if nothing were forked: here every page a
    worker rendered carries that worker's process ID."""
    monkeypatch.setattr(parallel, "render_share", marked_share)
    pages = parallel.render_pages(renderer_for(small), with_home=False, workers=1)
    assert len(pages) > 2
    for number, (_, text) in enumerate(pages):
        if number % 2:
            assert "<!-- rendered by " in text and f"<!-- rendered by {os.getpid()} -->" not in text
        else:
            assert "<!-- rendered by " not in text


def broken_share(start: int, step: int) -> list[str]:
    raise RuntimeError("worker lost")


def test_a_worker_that_fails_has_its_pages_rendered_here(small, any_size_in_parallel, monkeypatch):
    monkeypatch.setattr(parallel, "render_share", broken_share)
    alone = list(renderer_for(small).pages())
    assert parallel.render_pages(renderer_for(small), with_home=False, workers=2) == alone


def test_a_template_error_in_a_worker_share_is_raised_here_with_its_line(small, any_size_in_parallel):
    """Only the second page, a worker's, fails: the error still names its template and line."""
    second = renderer_for(small).page_jobs()[1][0]
    assert second.startswith("claims/")
    template = (
        f'# {{{{ claim.title }}}}\n\n{{% if page_path == "{second}" %}}{{{{ claim.no_such_field.x }}}}{{% endif %}}\n'
    )
    write_files(small, {"templates/claim.md.j2": template})
    with pytest.raises(jinja2.UndefinedError) as raised:
        parallel.render_pages(renderer_for(small), with_home=False, workers=1)
    assert any(entry.path.name == "claim.md.j2" and entry.lineno + 1 == 3 for entry in raised.traceback)


def test_a_build_with_workers_writes_the_site_a_single_process_writes(tmp_path, any_size_in_parallel, monkeypatch):
    from briefbook.adapters import mkdocs_plugin as plugin

    asked: list[int] = []

    def recorded(renderer, with_home, workers):
        asked.append(workers)
        return parallel.render_pages(renderer, with_home, workers)

    monkeypatch.setattr(plugin, "render_pages", recorded)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # warm after the first build
    sites = {}
    for workers in ("0", "2"):
        monkeypatch.setenv("BRIEFBOOK_WORKERS", workers)
        root = tmp_path / f"workers-{workers}"
        shutil.copytree(FIXTURE, root)
        site = build_site(root)
        sites[workers] = {
            path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and not path.name.startswith("sitemap.xml")
        }
    assert asked == [0, 2]
    assert sites["0"].keys() == sites["2"].keys()
    assert [path for path in sites["0"] if sites["0"][path] != sites["2"][path]] == []


def test_workers_can_be_turned_off_or_set(monkeypatch):
    monkeypatch.setenv("BRIEFBOOK_WORKERS", "0")
    assert available_workers() == 0
    monkeypatch.setenv("BRIEFBOOK_WORKERS", "3")
    assert available_workers() == 3
    monkeypatch.delenv("BRIEFBOOK_WORKERS")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert (available_workers(), available_workers(with_own_core=True)) == (1, 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert available_workers() == MAX_WORKERS
