"""`briefbook render`: the generated site as plain Markdown plus a plugin-free mkdocs.yml.

The output builds with MkDocs alone and with Zensical, so a briefing never depends on
MkDocs 1.x staying installable: each generated page is a Markdown file whose headings
are Markdown (so the theme's table of contents lists them, with the ids the plugin gives
them) and whose body is the HTML briefbook rendered, in raw blocks Markdown leaves as
they are (see html_page.RenderedPage.markdown); hand-written pages stay Markdown.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from ..briefing.check import CheckResult
from ..site.build import SiteNeeds, make_site, site_files, site_needs
from ..site.citation_cache import CitationCache, default_cache_path
from ..site.page_browser import script_element
from ..site.prose import MarkdownConfig, ProseConverter, default_prose_cache_path
from ..site.urls import Site
from ..site.versions import Versions
from .index_layout import index_paths, moved_nav, retarget_links
from .site_config import Settings, SiteConfig, read_site_config

PASSED_THROUGH = (
    "site_name",
    "site_url",
    "site_author",
    "site_description",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "use_directory_urls",
    "nav",
    "theme",
    "extra",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
)


def plain(value: Any) -> bool:
    """True when a config value survived the tolerant read whole (no dropped tags)."""
    if value is None:
        return False
    if isinstance(value, dict):
        return all(plain(v) or (v is None and k) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return True


def plain_config(site: SiteConfig, needs: SiteNeeds) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for key in PASSED_THROUGH:
        value = site.raw.get(key)
        if value is not None and plain(value):
            config[key] = value
    extensions = list(config.get("markdown_extensions") or [])
    names = {e if isinstance(e, str) else next(iter(e)) for e in extensions}
    extensions += [
        {name: settings} if settings else name
        for name, settings in needs.markdown_extensions.items()
        if name not in names
    ]
    config["markdown_extensions"] = extensions
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("name") == "material":
        features = list(theme.get("features") or [])
        features += [feature for feature in needs.material_features if feature not in features]
        config["theme"] = {**theme, "features": features}
    config["extra_css"] = [*(config.get("extra_css") or []), *needs.extra_css]
    config["extra_javascript"] = [*(config.get("extra_javascript") or []), *needs.extra_javascript]
    config["docs_dir"] = "docs"
    # The plugin keeps record pages out of the nav; plain MkDocs does the same with this
    # (a nav entry per claim makes every page carry the whole list: slow and unreadable).
    config["not_in_nav"] = "\n".join(needs.not_in_nav) + "\n"
    config["plugins"] = ["search"]
    return config


def render_project(
    result: CheckResult, out: Path, settings: Settings | None = None, versions: Versions | None = None
) -> int:
    """Write docs/ and mkdocs.yml into `out` (absent or empty); return the file count.

    Every page is rendered before anything is written, so a broken template (raised as
    BriefingError at its file and line, see site_files) leaves no half-written folder
    behind."""
    settings = settings or Settings()
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; choose a new folder")
    project = result.project
    for folder in (project.data_dir, project.content_dir, project.templates_dir):
        if out.resolve().is_relative_to(folder.resolve()):
            raise FileExistsError(f"{out} is inside the project's {folder.name}/ folder; choose a folder outside it")
    site_config = read_site_config(project.root)
    site = Site(
        site_config.site_name,
        site_config.site_url,
        site_config.site_author,
        site_config.use_directory_urls,
        site_config.language,
        site_config.direction,
    )
    cache = CitationCache(default_cache_path() if settings.citation_cache else None)
    config = plain_config(site_config, site_needs())
    prose_cache = default_prose_cache_path() if settings.citation_cache else None
    prose = ProseConverter(MarkdownConfig.from_mkdocs_list(config["markdown_extensions"]), prose_cache)
    renderer = make_site(
        result.briefing, site, project.templates_dir, cache, prose, versions=versions, published=settings.published
    )
    renderer.outputs.background.start(wait=True)  # on every core, before the pages need them
    with_home = not (project.content_dir / "index.md").is_file()
    generated = site_files(renderer, with_home=with_home, project_root=project.root)
    # With directory URLs each generated page is written into its URL's folder, for
    # Zensical's sake (see index_layout.py); hand-written pages' links and the nav follow.
    pages = [item.path for item in generated if item.page is not None]
    moved = index_paths(pages) if site.use_directory_urls else {}
    if "nav" in config:
        config["nav"] = moved_nav(config["nav"], moved)
    if moved.get("evidence.md"):
        config["not_in_nav"] += "!/evidence/index.md\n"  # the evidence page, in the nav; its matrices are not
    content = {}
    if project.content_dir.is_dir():
        for source in sorted(project.content_dir.rglob("*.md")):
            if source.is_file():
                relative = source.relative_to(project.content_dir).as_posix()
                text = renderer.content_page(source.read_text("utf-8"), relative)
                content[relative] = retarget_links(text, relative, moved)
    docs = out / "docs"
    written = 0

    def write(path: str, text: str) -> None:
        nonlocal written
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        written += 1

    if project.content_dir.is_dir():
        for source in sorted(project.content_dir.rglob("*")):
            if not source.is_file():
                continue
            relative = source.relative_to(project.content_dir).as_posix()
            if relative in content:
                write(relative, content[relative])
            else:
                (docs / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, docs / relative)
                written += 1
    strings = script_element(renderer.words)  # the browser script's words (not for English)
    for item in generated:
        text = item.content()
        write(
            moved.get(item.path, item.path),
            f"{text.rstrip(chr(10))}\n\n{strings}\n" if strings and item.is_page else text,
        )
    cache.save()
    prose.save()
    out.mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(
        "# Written by `briefbook render`: builds without the briefbook plugin.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        "utf-8",
    )
    return written + 1
