"""The floor of a build: MkDocs + Material writing a briefing's pages with their HTML ready-made.

    .venv/bin/python bench/floor.py PROJECT [--work DIR] [--runs 1] [--markdown-ms 300]

What a build would cost if briefbook's own work were free: no loading or checking, no
rendering, no downloads, no search index. Once, untimed, the project's pages are
rendered by briefbook (the plugin's own `on_config`, then `rendered_pages`) and kept in
a pickle with the site's configuration as the plugin leaves it (Markdown extensions,
theme features, styles and scripts). Then a project of their own (`WORK/floor/`: the
project's hand-written pages, `plugins: []`, a hook file) is built with `mkdocs build`
as a whole process, timed as `bench/run.py` times builds: the hook adds each page to
MkDocs' files as the plugin does (record pages outside the nav), MkDocs' Markdown step
sees a stub, and `on_page_content` hands back the ready HTML and its TOC.

With `--page-subclass`, the hook sets each generated file's `File.page` (MkDocs 1.6
lets a plugin do so in `on_files`, as Material's blog plugin does) to a `Page` subclass
whose `render` takes the ready HTML, so no Markdown instance is built: what that saves.

Printed: the floor (wall and CPU, the load average), the same build with
`bench/build_profile.py`'s timers (MkDocs' steps: a Markdown instance a page, the
Material template, the file writes), and, timed alone in this process, building one
`markdown.Markdown` with the site's extensions (what MkDocs 1.6's `Page.render` does for
every page, even for a stub).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
HOOK = '''"""bench/floor.py's pages, ready-made: MkDocs + Material with no briefbook work."""
import pickle
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

PAGES = {}
SUBCLASS = SUBCLASS_SETTING


class ReadyPage(Page):
    """A page whose HTML is ready: no Markdown instance (what MkDocs 1.6 builds for
    every page, even a stub). Only with --page-subclass: measured, not what briefbook does."""

    def render(self, config, files):
        html, toc, anchors = PAGES[self.file.src_uri]
        self.content = html
        self.toc = get_toc(toc)
        self.present_anchor_ids = set(anchors)


def on_files(files, config):
    pages = pickle.loads((Path(config.config_file_path).parent / "pages.pickle").read_bytes())
    for path, front_matter, html, toc, anchors, in_nav in pages:
        if files.get_file_from_path(path) is not None:
            continue
        PAGES[path] = (html, toc, anchors)
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, path, content=front_matter + "stub", inclusion=inclusion)
        files.append(file)
        if SUBCLASS:
            ReadyPage(None, file, config)  # sets file.page
    return files


def on_page_markdown(markdown, page, config, files):
    return "" if page.file.src_uri in PAGES else markdown


def on_page_content(html, page, config, files):
    ready = PAGES.get(page.file.src_uri)
    if ready is None:
        return html
    page.toc = get_toc(ready[1])
    page.present_anchor_ids = set(ready[2])
    return ready[0]
'''


def prepare(project: Path, floor: Path, subclass: bool) -> dict[str, Any]:
    """Render the project's pages with the plugin (untimed) and write the floor project."""
    from mkdocs.config import load_config

    os.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    plugin: Any = config.plugins["briefbook"]
    assert plugin.renderer is not None, "the project's briefing has errors"
    from briefbook.site.pages import INDEX_PAGES
    from briefbook.site.urls import EVIDENCE_INDEX

    content = Path(config.docs_dir)
    pages = [
        (
            page.path,
            page.front_matter(),
            page.html,
            page.toc,
            sorted(page.anchors),
            page.path in INDEX_PAGES or page.path == EVIDENCE_INDEX,
        )
        for page in plugin.renderer.rendered_pages(with_home=not (content / "index.md").exists())
    ]
    plugin.close_citations()
    plugin.on_shutdown()
    shutil.rmtree(floor, ignore_errors=True)
    shutil.copytree(content, floor / "content")
    (floor / "pages.pickle").write_bytes(pickle.dumps(pages))
    (floor / "floor_hook.py").write_text(HOOK.replace("SUBCLASS_SETTING", str(subclass)), "utf-8")
    settings = {
        "site_name": config.site_name,
        "site_url": config.site_url,
        "docs_dir": "content",
        "theme": {"name": "material", "features": list(config.theme.get("features") or [])},
        "plugins": [],
        "hooks": ["floor_hook.py"],
        "markdown_extensions": [{name: config.mdx_configs.get(name, {})} for name in config.markdown_extensions],
        "extra_css": [str(css) for css in config.extra_css],
        "extra_javascript": [str(script) for script in config.extra_javascript],
    }
    import yaml

    (floor / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), "utf-8")
    return {"pages": len(pages), "extensions": config.markdown_extensions, "mdx_configs": dict(config.mdx_configs)}


def timed_build(floor: Path, site: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `mkdocs build` as a whole process."""
    shutil.rmtree(site, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "-q", "-d", str(site)], cwd=floor, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def markdown_instance_ms(extensions: list[Any], configs: dict[str, Any], count: int) -> float:
    """Milliseconds to build one `markdown.Markdown` with the site's extensions."""
    import markdown

    markdown.Markdown(extensions=extensions, extension_configs=configs)  # imports, once
    start = time.process_time()
    for _ in range(count):
        markdown.Markdown(extensions=extensions, extension_configs=configs)
    return 1000 * (time.process_time() - start) / count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--work", type=Path, default=BENCH / "out" / "floor-work")
    parser.add_argument("--runs", type=int, default=1, help="timed floor builds (median printed)")
    parser.add_argument("--markdown-ms", type=int, default=300, help="Markdown instances timed alone")
    parser.add_argument("--no-profile", action="store_true", help="skip the build with step timers")
    parser.add_argument(
        "--page-subclass",
        action="store_true",
        help="pages as a Page subclass that builds no Markdown instance (set as File.page in on_files)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project, work = args.project.resolve(), args.work.resolve()
    floor, site = work / "floor", work / "site"
    info = prepare(project, floor, args.page_subclass)
    print(f"{info['pages']} pages ready-made in {floor}")
    print(
        f"a markdown.Markdown with the site's {len(info['extensions'])} extensions: "
        f"{markdown_instance_ms(info['extensions'], info['mdx_configs'], args.markdown_ms):.2f} ms CPU each"
    )
    samples = []
    for run in range(args.runs):
        load = os.getloadavg()[0]
        wall, cpu = timed_build(floor, site)
        samples.append((wall, cpu))
        print(f"floor build {run + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU (load {load:.1f} → {os.getloadavg()[0]:.1f})")
    samples.sort()
    print(
        f"floor, median of {len(samples)}: {samples[len(samples) // 2][0]:.1f} s wall, {samples[len(samples) // 2][1]:.1f} s CPU"
    )
    if not args.no_profile:
        subprocess.run([sys.executable, str(BENCH / "build_profile.py"), str(floor), "--site", str(site)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
