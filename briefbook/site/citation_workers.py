"""Formatting citations in worker processes, and the placeholders that stand for
them in pages and downloads until the workers are done: a first build has every
citation to format, and the pages need not wait.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Collection
from typing import Any

from markupsafe import escape

from .workers import can_fork

BACKGROUND_MIN = 40
"""Fewer citations to format than this, and a process is not worth starting."""
CHUNK = 50
"""Jobs per task: small enough that a cancelled build does not wait long for a worker."""
Job = tuple[str, str, dict[str, Any]]
"""(cache key, kind of citation, CSL item)."""


class BackgroundFormatting:
    """Citations being formatted in worker processes, and the placeholders that stand
    for them meanwhile.

    A placeholder is letters and digits only, so Markdown, the Markdown escaping of
    templates and HTML all pass it through unchanged; its random part differs every
    build, so no text in the data can forge one."""

    def __init__(
        self,
        jobs: dict[str, tuple[str, dict[str, Any]]],
        workers: int,
        *,
        styles: Collection[str],
        work: Callable[[list[Job]], dict[str, list[str]]],
        in_front: bool = True,
    ):
        """`work` formats a list of jobs in a worker (a module-level function, so
        that a worker receives it by name); `styles` are the kinds formatted as
        (HTML, plain text). Unless `in_front` (the caller waits for them), the workers
        run at a lower priority: see `yield_to_the_build`."""
        from concurrent.futures import ProcessPoolExecutor

        self.prefix = f"bbcite{secrets.token_hex(5)}n"
        self.pattern = re.compile(re.escape(self.prefix) + r"(\d+)p(\d)z")
        self.keys = list(jobs)
        self.kinds = {key: kind for key, (kind, _) in jobs.items()}
        self.styles = styles
        self.index = {key: number for number, key in enumerate(self.keys)}
        self.results: dict[str, list[str]] | None = None
        self.executor = ProcessPoolExecutor(
            workers, mp_context=_process_context(), initializer=None if in_front else yield_to_the_build
        )
        listed = [(key, kind, item) for key, (kind, item) in jobs.items()]
        self.tasks = [
            (chunk, self.executor.submit(work, chunk))
            for chunk in (listed[start : start + CHUNK] for start in range(0, len(listed), CHUNK))
        ]

    def placeholders(self, key: str) -> list[str] | None:
        number = self.index.get(key)
        if number is None:
            return None
        parts = 2 if self.kinds[key] in self.styles else 1
        return [f"{self.prefix}{number}p{part}z" for part in range(parts)]

    def done(self) -> bool:
        """Whether every task has finished (never waits)."""
        return all(task.done() for _, task in self.tasks)

    def wait(self, compute: Any) -> dict[str, list[str]]:
        """Every result; a task whose worker failed is formatted here instead."""
        if self.results is None:
            results: dict[str, list[str]] = {}
            for chunk, task in self.tasks:
                try:
                    results.update(task.result())
                except Exception:  # a worker that died or could not start: do the work here
                    results.update({key: compute(kind, item) for key, kind, item in chunk})
            self.executor.shutdown()
            self.results = results
        return self.results

    def fill(self, text: str, *, in_html: bool) -> str:
        if self.prefix not in text:
            return text
        assert self.results is not None, "fill() before finish()"
        results = self.results

        def value(match: re.Match[str]) -> str:
            key = self.keys[int(match.group(1))]
            part = int(match.group(2))
            text = results[key][part]
            if not in_html or (self.kinds[key] in self.styles and part == 0):  # part 0 of a style is HTML
                return text
            return str(escape(text.rstrip("\n")))  # as the cite box template escapes it (autoescape)

        return self.pattern.sub(value, text)

    def cancel(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def yield_to_the_build() -> None:
    """Runs first in a worker the build does not wait for: a lower priority (nice 10),
    so the worker takes the cores MkDocs' page loop, the record pages' workers and
    Pagefind leave idle, and never slows them. A build that goes on while citations are
    formatted can start a worker on every core: they use only what is left, then all of
    it once the build waits for them at its end."""
    import contextlib
    import os

    with contextlib.suppress(OSError, AttributeError):  # not on every platform
        os.nice(10)


def _process_context() -> Any:
    """Fork where it is safe and fast (Linux: the worker starts with everything
    imported); spawn elsewhere."""
    import multiprocessing

    return multiprocessing.get_context("fork" if can_fork() else "spawn")
