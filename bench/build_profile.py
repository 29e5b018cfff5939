"""Where a `mkdocs build` spends its time: timers around MkDocs' build steps and plugin events.

    .venv/bin/python bench/build_profile.py PROJECT [--site DIR] [--cprofile OUT.prof]

Runs `mkdocs build` in this process (the site folder is removed first, as `bench/run.py`
does) with a timer around each step MkDocs' build takes and each plugin event, and
prints wall and CPU seconds per step. The steps nest (a page's Markdown instance is
inside its `render`, inside `_populate_page`); the table says which. CPU is this
process's (every thread: the downloads thread counts where it overlaps); worker
processes (citations, page rendering, Pagefind) are listed apart, as children's CPU.

The timers wrap MkDocs' functions from the outside (a measurement only, never how
briefbook builds): `mkdocs.commands.build`'s steps, `markdown.Markdown.__init__`,
`jinja2.Template.render` of the page template, `mkdocs.utils.write_file` and
`PluginCollection.run_event`. With `--cprofile`, the same build runs under cProfile too
(slower: read proportions, not seconds).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import resource
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

Timings = dict[str, list[float]]
"""step → [calls, wall seconds, CPU seconds]"""


def timed(timings: Timings, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            entry = timings[name]
            entry[0] += 1
            entry[1] += time.perf_counter() - wall
            entry[2] += time.process_time() - cpu

    return wrapper


STEPS = (
    # (module, attribute, label): nesting shown by indentation in the label
    ("mkdocs.commands.build", "get_files", "get_files (collect docs_dir)"),
    ("mkdocs.commands.build", "get_navigation", "get_navigation"),
    ("mkdocs.commands.build", "_populate_page", "_populate_page (every page)"),
    ("mkdocs.structure.pages.Page", "render", "  Page.render (Markdown of the page)"),
    ("markdown.Markdown", "__init__", "    markdown.Markdown() (an instance a page)"),
    ("mkdocs.commands.build", "_build_theme_template", "theme templates (404, sitemap)"),
    ("mkdocs.commands.build", "_build_page", "_build_page (every page)"),
    ("mkdocs.commands.build", "get_context", "  get_context"),
    ("mkdocs.utils", "write_file", "  write_file (pages and sitemap)"),
    ("mkdocs.structure.files.Files", "copy_static_files", "copy_static_files"),
    ("mkdocs.structure.pages.Page", "validate_anchor_links", "validate_anchor_links"),
)


def resolve(path: str) -> Any:
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: Any = __import__(".".join(parts[:cut]), fromlist=["_"])
        except ImportError:
            continue
        for name in parts[cut:]:
            target = getattr(target, name)
        return target
    raise ImportError(path)


def instrument(timings: Timings) -> None:
    import jinja2
    from mkdocs.plugins import PluginCollection

    for where, attribute, label in STEPS:
        owner = resolve(where)
        setattr(owner, attribute, timed(timings, label, getattr(owner, attribute)))
    render = jinja2.Template.render

    def template_render(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        name = "  Template.render (main.html: theme, nav, TOC)" if self.name == "main.html" else "other templates"
        return timed(timings, name, render)(self, *args, **kwargs)

    jinja2.Template.render = template_render  # type: ignore[method-assign]
    run_event = PluginCollection.run_event

    def event(self: PluginCollection, name: str, *args: Any, **kwargs: Any) -> Any:
        return timed(timings, f"event {name}", run_event)(self, name, *args, **kwargs)

    PluginCollection.run_event = event  # type: ignore[assignment,method-assign]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--site", type=Path, help="site folder (default: PROJECT/site)")
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile of the build here")
    parser.add_argument("--dirty", action="store_true", help="mkdocs build --dirty")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = (args.site or args.project / "site").resolve()
    os.chdir(args.project)
    if not args.dirty:
        shutil.rmtree(site, ignore_errors=True)
    load = os.getloadavg()[0]
    wall, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
    import mkdocs.__main__

    imported = time.perf_counter() - wall
    timings: Timings = defaultdict(lambda: [0, 0.0, 0.0])
    instrument(timings)
    profile = cProfile.Profile() if args.cprofile else None
    if profile:
        profile.enable()
    command = ["build", "-q", "-d", str(site), *(["--dirty"] if args.dirty else [])]
    try:
        mkdocs.__main__.cli(command, standalone_mode=False)
    finally:
        if profile:
            profile.disable()
            profile.dump_stats(args.cprofile)
    total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"load {load:.1f} → {os.getloadavg()[0]:.1f}; mkdocs imported in {imported:.2f} s")
    print(f"{'step':<52} {'calls':>6} {'wall s':>8} {'CPU s':>8} {'ms/call':>8}")
    for name, (calls, seconds, cpu_seconds) in timings.items():
        per = 1000 * seconds / calls if calls else 0.0
        print(f"{name:<52} {calls:>6.0f} {seconds:>8.2f} {cpu_seconds:>8.2f} {per:>8.2f}")
    print(f"{'whole build (this process)':<52} {'':>6} {total_wall:>8.2f} {total_cpu:>8.2f}")
    print(f"{'worker processes and Pagefind (children CPU)':<52} {'':>6} {'':>8} {children_cpu() - children:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
