"""Record pages (and, in a `mkdocs build`, the other generated pages after them)
rendered on every core: forked workers share the renderer as it is (prose converted,
citations cached or placeholders), so a page rendered in a worker equals the page
rendered here."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from typing import Any, Protocol

import jinja2

from .html_page import RenderedPage
from .template_env import template_location
from .workers import available_workers, can_fork

RecordJob = tuple[str, str, str, str]
"""(template name, kind folder, kind singular, record ID)."""


@dataclass(frozen=True)
class PageJob:
    """Any other generated page (an index, the evidence page, a theme's matrix, a
    claim's earlier version): what pages.Renderer.page is called with."""

    template: str
    path: str
    context: dict[str, Any] = field(default_factory=dict)
    titled: bool | None = None
    unsearched: bool = False
    alone: bool = False
    """A page as long to render as hundreds of record pages (an index page, at 5,000
    claims): a worker's batch of its own, so the pages spread over the workers."""


Job = RecordJob | PageJob


def template_of(job: Job) -> str:
    return job.template if isinstance(job, PageJob) else job[0]


class Renderer(Protocol):
    """What the workers need of pages.Renderer (named here, not imported: pages.py
    imports this module)."""

    env: jinja2.Environment

    def job_page(self, job: Job) -> RenderedPage: ...


MIN_PARALLEL_PAGES = 400
"""Fewer record pages than this are rendered in the build's own process."""
_forked: tuple[Renderer, Sequence[Job]] | None = None


def _render_batch(span: tuple[int, int]) -> list[RenderedPage]:
    assert _forked is not None
    renderer, jobs = _forked
    try:
        return [renderer.job_page(job) for job in jobs[span[0] : span[1]]]
    except jinja2.TemplateError as error:
        raise _portable(error) from None


def _portable(error: jinja2.TemplateError) -> jinja2.TemplateError:
    """A template's error as the build's process receives it: the traceback, where a
    runtime error's template file and line are, stays in the worker, so they travel
    as the attributes template_problem reads first (its message is kept as it is)."""
    filename, line = template_location(error)
    portable = jinja2.TemplateError(error.message or type(error).__name__)
    portable.filename, portable.lineno = filename, line  # type: ignore[attr-defined]
    return portable


def render_jobs(renderer: Renderer, jobs: Sequence[Job], workers: int | None) -> Iterator[RenderedPage]:
    """Pages in order: on every core (forked workers share the renderer as it is,
    prose converted and citations cached or placeholders) when there are many, else here.

    The workers start at once, before the first page is asked for, so the caller can do
    other work while they render (the plugin makes the downloads meanwhile: build.py);
    rendered here, a page is rendered when it is asked for."""
    if not parallel(jobs, workers):
        return (renderer.job_page(job) for job in jobs)
    workers = workers or available_workers(with_own_core=True)
    global _forked
    for name in {template_of(job) for job in jobs}:
        renderer.env.get_template(name)  # compiled once, before the fork
    spans = _spans(jobs, max(1, len(jobs) // (workers * 4)))
    _forked = (renderer, jobs)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)  # the workers fork here
    finally:
        _forked = None
    return _Collected(pool, pool.imap(_render_batch, spans))


def _spans(jobs: Sequence[Job], size: int) -> list[tuple[int, int]]:
    """The workers' batches: `size` jobs each, a job `alone` in a batch of its own."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [i for i, job in enumerate(jobs) if isinstance(job, PageJob) and job.alone] + [len(jobs)]:
        spans += [(i, min(i + size, end)) for i in range(start, end, size)]
        if end < len(jobs):
            spans.append((end, end + 1))
        start = end + 1
    return spans


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


def parallel(jobs: Sequence[Job], workers: int | None) -> bool:
    """Whether render_jobs renders these jobs in worker processes."""
    if workers is None:
        workers = available_workers(with_own_core=True)
    return workers >= 2 and len(jobs) >= MIN_PARALLEL_PAGES and can_fork()


class LateRecords:
    """Pages the workers are still rendering while the build goes on (a `mkdocs build`
    hands each to MkDocs just before MkDocs puts it in the theme: see the plugin's
    on_page_context): asked for by path, in any order."""

    def __init__(self, pages: Iterator[RenderedPage]):
        self.pages = pages
        self.arrived: dict[str, RenderedPage] = {}

    def get(self, path: str) -> RenderedPage:
        """The page at `path`, waiting for it; a template's error is raised here."""
        while path not in self.arrived:
            page = next(self.pages, None)
            if page is None:
                raise KeyError(f"no page {path} was rendered")
            self.arrived[page.path] = page
        return self.arrived.pop(path)

    def close(self) -> None:
        """The workers end (the build is over, or failed)."""
        close = getattr(self.pages, "close", None)
        if close is not None:
            close()
        self.arrived = {}


class LatePage(RenderedPage):
    """A page still being rendered: its path, and where its HTML will come from."""

    def __init__(self, path: str, records: LateRecords):
        super().__init__(path, None, "")
        self.records = records

    def ready(self) -> RenderedPage:
        return self.records.get(self.path)
