"""Reading a project's mkdocs.yml without MkDocs, for the CLI, and the briefbook
plugin's options for every command.

mkdocs.yml may hold tags PyYAML's safe loader refuses (`!ENV`, `!!python/name:` for
pymdownx options); those values are read as None here, which is all the CLI needs:
where the content and data live, and the site's name, URL and author.

`read_settings` turns the plugin's options into `Settings`; the MkDocs plugin hands it
the options MkDocs read, the CLI the ones read here, so `check`, `render`, `export` and
`mkdocs build` agree on where the data and templates are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..briefing.load import Project
from ..contract.dates import DateError, parse_full_date
from ..problems import BriefingError, Position, Problem
from ..site.language import load_language


@dataclass(frozen=True)
class Settings:
    """The briefbook plugin's options, checked (see the README's "Plugin options")."""

    data_dir: str = "data"
    templates_dir: str = "templates"
    frozen: bool = False
    preview: bool = False
    """This build is a preview on purpose: it records no permalink and may keep a
    local site_url."""
    published: dt.date | None = None
    """The date a claim without its own `published` counts as first published."""
    citation_cache: bool = True

    def project(self, root: Path, docs_dir: str) -> Project:
        root = Path(root).resolve()
        return Project(root, root / self.data_dir, root / self.templates_dir, (root / docs_dir).resolve())


def _flag(value: Any) -> bool:
    """A boolean option; `!ENV` values read from the environment may be the text 'true'."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)


def read_settings(options: dict[str, Any], shown: str = "mkdocs.yml") -> Settings:
    """The plugin options as Settings; BriefingError, located at mkdocs.yml, if one is wrong."""
    published = options.get("published")
    if published is not None and not isinstance(published, dt.date):
        try:
            published = parse_full_date(str(published))
        except DateError as error:
            problem = Problem(Position(shown), f"plugins: briefbook: published: {error}")
            raise BriefingError([problem]) from error
    if isinstance(published, dt.datetime):
        published = published.date()
    return Settings(
        data_dir=str(options.get("data_dir") or "data"),
        templates_dir=str(options.get("templates_dir") or "templates"),
        frozen=_flag(options.get("frozen", False)),
        preview=_flag(options.get("preview", False)),
        published=published,
        citation_cache=_flag(options.get("citation_cache", True)),
    )


class _TolerantLoader(yaml.SafeLoader):
    pass


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """`!ENV NAME` / `!ENV [NAME, ..., default]` as MkDocs reads them; other tags → None."""
    if suffix != "ENV":
        return None
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        for name in values[:-1] if len(values) > 1 else values:
            if isinstance(name, str) and name in os.environ:
                return yaml.safe_load(os.environ[name])
        return values[-1] if len(values) > 1 else None
    return None


_TolerantLoader.add_multi_constructor("!", _unknown_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


@dataclass
class SiteConfig:
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_dir(self) -> str:
        return str(self.raw.get("docs_dir") or "docs")

    @property
    def site_name(self) -> str:
        return str(self.raw.get("site_name") or "Briefing")

    @property
    def site_url(self) -> str | None:
        return self.raw.get("site_url") or None

    @property
    def site_author(self) -> str | None:
        return self.raw.get("site_author") or None

    @property
    def language(self) -> str:
        """Material's `theme.language` (English when unset): the language of briefbook's
        own words too (see site/language.py)."""
        theme = self.raw.get("theme")
        language = theme.get("language") if isinstance(theme, dict) else None
        return str(language or "en")

    @property
    def use_directory_urls(self) -> bool:
        return bool(self.raw.get("use_directory_urls", True))

    @property
    def direction(self) -> str:
        theme = self.raw.get("theme")
        return theme_direction(theme if isinstance(theme, Mapping) else {})

    def plugin_options(self) -> dict[str, Any]:
        plugins = self.raw.get("plugins") or []
        if isinstance(plugins, dict):  # MkDocs also accepts plugins as a mapping
            return plugins.get("briefbook") or {}
        for entry in plugins:
            if isinstance(entry, dict) and "briefbook" in entry:
                return entry["briefbook"] or {}
        return {}

    def settings(self) -> Settings:
        return read_settings(self.plugin_options())


def theme_direction(theme: Mapping[str, Any]) -> str:
    """`rtl` or `ltr`, as Material decides it: `theme.direction` when set, else the
    direction of `theme.language`'s script (Arabic, Hebrew, Persian... read right to left)."""
    direction = theme.get("direction")
    if direction in ("ltr", "rtl"):
        return str(direction)
    language = theme.get("language")
    return load_language(str(language) if language else None).direction


def read_site_config(root: Path) -> SiteConfig:
    """The project's mkdocs.yml (defaults when there is none); BriefingError if unreadable."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        path = root / name
        if path.is_file():
            try:
                loaded = yaml.load(path.read_text("utf-8"), Loader=_TolerantLoader)
            except (yaml.YAMLError, UnicodeDecodeError) as error:
                mark = getattr(error, "problem_mark", None)
                where = Position(name, mark.line + 1, mark.column + 1) if mark else Position(name)
                problem = getattr(error, "problem", None) or str(error)
                raise BriefingError([Problem(where, f"{name} does not parse: {problem}")]) from error
            return SiteConfig(loaded if isinstance(loaded, dict) else {})
    return SiteConfig({"docs_dir": "content"})
