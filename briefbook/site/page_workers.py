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
    if workers is None:
        workers = available_workers(with_own_core=True)
    if workers < 2 or len(jobs) < MIN_PARALLEL_PAGES or not can_fork():
        return (renderer.record_page(job) for job in jobs)
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
    return _collected(pool, pool.imap(_render_batch, spans))


def _collected(pool: Pool, batches: Iterator[list[RenderedPage]]) -> Iterator[RenderedPage]:
    """The workers' pages, in order; the pool ends with the last page, or when the
    caller stops asking (closes the iterator, or drops it)."""
    with pool:
        for batch in batches:
            yield from batch
