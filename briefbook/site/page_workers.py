"""Record pages rendered on every core: forked workers share the renderer as it is
(prose converted, citations cached or placeholders), so a page rendered in a worker
equals the page rendered here."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from multiprocessing.pool import Pool
from typing import Protocol

import jinja2

from .html_page import RenderedPage
from .workers import available_workers, can_fork

RecordJob = tuple[str, str, str, str]
"""(template name, kind folder, kind singular, record ID)."""


class Renderer(Protocol):
    """What the workers need of pages.Renderer (named here, not imported: pages.py
    imports this module)."""

    env: jinja2.Environment

    def record_page(self, job: RecordJob) -> RenderedPage: ...


MIN_PARALLEL_PAGES = 400
"""Fewer record pages than this are rendered in the build's own process."""
_forked: tuple[Renderer, list[RecordJob]] | None = None


def _render_batch(span: tuple[int, int]) -> list[RenderedPage]:
    assert _forked is not None
    renderer, jobs = _forked
    return [renderer.record_page(job) for job in jobs[span[0] : span[1]]]


def render_jobs(renderer: Renderer, jobs: list[RecordJob], workers: int | None) -> Iterator[RenderedPage]:
    """Record pages in order: on every core (forked workers share the renderer as it is,
    prose converted and citations cached or placeholders) when there are many, else here.

    The workers start at once, before the first page is asked for, so the caller can do
    other work while they render (the plugin makes the downloads meanwhile: build.py);
    rendered here, a page is rendered when it is asked for."""
    if not parallel(jobs, workers):
        return (renderer.record_page(job) for job in jobs)
    workers = workers or available_workers(with_own_core=True)
    global _forked
    for name in {job[0] for job in jobs}:
        renderer.env.get_template(name)  # compiled once, before the fork
    size = max(1, len(jobs) // (workers * 4))
    spans = [(i, min(i + size, len(jobs))) for i in range(0, len(jobs), size)]
    _forked = (renderer, jobs)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)  # the workers fork here
    finally:
        _forked = None
    return _Collected(pool, pool.imap(_render_batch, spans))


class _Collected(Iterator[RenderedPage]):
    """The workers' pages, in order; the pool ends with the last page, or when the
    caller closes this (or drops it: the pool's finalizer)."""

    def __init__(self, pool: Pool, batches: Iterator[list[RenderedPage]]):
        self.pool = pool
        self.batches = batches
        self.batch: Iterator[RenderedPage] = iter(())

    def __next__(self) -> RenderedPage:
        while True:
            page = next(self.batch, None)
            if page is not None:
                return page
            try:
                self.batch = iter(next(self.batches))
            except BaseException:  # the last batch, or a template's error in a worker
                self.close()
                raise

    def close(self) -> None:
        self.pool.terminate()


def parallel(jobs: list[RecordJob], workers: int | None) -> bool:
    """Whether render_jobs renders these jobs in worker processes."""
    if workers is None:
        workers = available_workers(with_own_core=True)
    return workers >= 2 and len(jobs) >= MIN_PARALLEL_PAGES and can_fork()


class LateRecords:
    """Record pages the workers are still rendering while the build goes on (a
    `mkdocs build` hands each to MkDocs just before MkDocs puts it in the theme: see
    the plugin's on_page_context): asked for by path, in any order."""

    def __init__(self, pages: Iterator[RenderedPage]):
        self.pages = pages
        self.arrived: dict[str, RenderedPage] = {}

    def get(self, path: str) -> RenderedPage:
        """The page at `path`, waiting for it; a template's error is raised here."""
        while path not in self.arrived:
            page = next(self.pages, None)
            if page is None:
                raise KeyError(f"no record page {path} was rendered")
            self.arrived[page.path] = page
        return self.arrived.pop(path)

    def close(self) -> None:
        """The workers end (the build is over, or failed)."""
        close = getattr(self.pages, "close", None)
        if close is not None:
            close()
        self.arrived = {}


class LatePage(RenderedPage):
    """A record page still being rendered: its path, and where its HTML will come from."""

    def __init__(self, path: str, records: LateRecords):
        super().__init__(path, None, "")
        self.records = records

    def ready(self) -> RenderedPage:
        return self.records.get(self.path)
