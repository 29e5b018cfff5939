"""Rendering a briefing's pages on several cores.

Rendering is a third of what briefbook adds to a build (~1.3 ms a claim page). A
worker process forked from the build already holds the loaded briefing and the
compiled templates, so it can take a share of the pages at the cost of sending their
Markdown back; the build renders its own share meanwhile.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from .workers import can_fork
from .pages import Renderer

PARALLEL_MIN = 200
"""Fewer pages than this render faster than a process starts."""

_SHARED: tuple[Renderer, bool] | None = None
"""What a forked worker renders from: set just before the fork, never pickled."""


def render_share(start: int, step: int) -> list[str]:
    """In a worker: the Markdown of every `step`-th page, from `start`."""
    assert _SHARED is not None, "render_share runs in a worker forked by render_pages"
    renderer, with_home = _SHARED
    return [render() for _, render in renderer.page_jobs(with_home)[start::step]]


def render_pages(renderer: Renderer, with_home: bool, workers: int) -> list[tuple[str, str]]:
    """(path, Markdown) of every page, as `Renderer.pages` yields them, rendered by this
    process and up to `workers` forked ones, page by page in turn (claim, actor and
    index pages cost different amounts, so turns share them out evenly). A share whose
    worker fails is rendered here, where a template error then raises as usual."""
    global _SHARED
    jobs = renderer.page_jobs(with_home)
    if workers < 1 or len(jobs) < PARALLEL_MIN or not can_fork():
        return [(path, render()) for path, render in jobs]
    step = workers + 1
    texts: list[str] = [""] * len(jobs)
    _SHARED = (renderer, with_home)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            shares = {start: pool.submit(render_share, start, step) for start in range(1, step)}
            texts[0::step] = [render() for _, render in jobs[0::step]]
            for start, share in shares.items():
                try:
                    texts[start::step] = share.result()
                except Exception:  # a worker that failed: its pages are rendered here
                    texts[start::step] = [render() for _, render in jobs[start::step]]
    finally:
        _SHARED = None
    return [(path, text) for (path, _), text in zip(jobs, texts, strict=True)]
