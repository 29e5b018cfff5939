"""Where a `mkdocs build` spends its time: timers around MkDocs' build steps and plugin events.

    .venv/bin/python bench/build_profile.py PROJECT [--site DIR] [--cprofile OUT.prof]
    .venv/bin/python bench/build_profile.py PROJECT --serve-edit 500   # a `serve --dirty` rebuild

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

With `--serve-edit N` (a project `bench/make_briefing.py` wrote), the builds are those
of `mkdocs serve --dirty`, in this process as MkDocs' serve runs them (the config loaded
again for each build, the plugin kept): a first build, untimed; then claim N's title is
edited in its YAML file and the rebuild is timed (what the watcher's 0.5 s polling and
the browser's reload add is not in it). The file is restored afterwards.
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

BENCH = Path(__file__).resolve().parent
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


def serve_builds(project: Path, site: Path, index: int, timings: Timings) -> Callable[[], None]:
    """Run `mkdocs serve --dirty`'s first build (untimed: `timings` is cleared after it);
    the rebuild after claim `index`'s title is edited, to be timed by the caller."""
    sys.path.insert(0, str(BENCH))
    import make_briefing
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config() -> Any:
        loaded = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        loaded.site_url = "http://127.0.0.1:8000/briefing/"
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    plugins = first.plugins
    build(first, serve_url=first.site_url, dirty=True)
    path = project / make_briefing.claims_file(index)
    original = path.read_text("utf-8")
    marker = f"- id: claim-{index}\n  title: "
    assert marker in original, f"claim-{index} is not where bench/make_briefing.py puts it"
    path.write_text(original.replace(marker, marker + "Edited ", 1), "utf-8")

    def rebuild() -> None:
        try:
            again = config()
            again.plugins = plugins  # MkDocs keeps plugins with on_startup across rebuilds
            build(again, serve_url=again.site_url, dirty=True)
            page = site / "claims" / f"claim-{index}" / "index.html"
            if "Edited " not in page.read_text("utf-8"):
                raise SystemExit(f"the rebuild did not show the edit in {page}")
        finally:
            path.write_text(original, "utf-8")
            plugins.on_shutdown()

    return rebuild


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--site", type=Path, help="site folder (default: PROJECT/site)")
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile of the build here")
    parser.add_argument("--dirty", action="store_true", help="mkdocs build --dirty")
    parser.add_argument(
        "--serve-edit", type=int, metavar="N", help="time a `serve --dirty` rebuild after claim N's title is edited"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = args.project.resolve()
    site = (args.site or project / "site").resolve()
    os.chdir(project)
    if not args.dirty:
        shutil.rmtree(site, ignore_errors=True)
    timings: Timings = defaultdict(lambda: [0, 0.0, 0.0])
    if args.serve_edit is not None:
        build = serve_builds(project, site, args.serve_edit, timings)
    else:
        import mkdocs.__main__

        command = ["build", "-q", "-d", str(site), *(["--dirty"] if args.dirty else [])]

        def build() -> None:
            mkdocs.__main__.cli(command, standalone_mode=False)

    load = os.getloadavg()[0]
    instrument(timings)
    wall, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
    profile = cProfile.Profile() if args.cprofile else None
    if profile:
        profile.enable()
    try:
        build()
    finally:
        if profile:
            profile.disable()
            profile.dump_stats(args.cprofile)
    total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"load {load:.1f} → {os.getloadavg()[0]:.1f}")
    print(f"{'step':<52} {'calls':>6} {'wall s':>8} {'CPU s':>8} {'ms/call':>8}")
    for name, (calls, seconds, cpu_seconds) in timings.items():
        per = 1000 * seconds / calls if calls else 0.0
        print(f"{name:<52} {calls:>6.0f} {seconds:>8.2f} {cpu_seconds:>8.2f} {per:>8.2f}")
    print(f"{'whole build (this process)':<52} {'':>6} {total_wall:>8.2f} {total_cpu:>8.2f}")
    print(f"{'worker processes and Pagefind (children CPU)':<52} {'':>6} {'':>8} {children_cpu() - children:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
