"""Reading a project's mkdocs.yml without MkDocs, for the CLI.

mkdocs.yml may hold tags PyYAML's safe loader refuses (`!ENV`, `!!python/name:` for
pymdownx options); those values are read as None here, which is all the CLI needs:
where the content and data live, and the site's name, URL and author.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import BriefingError, Position, Problem


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
    def use_directory_urls(self) -> bool:
        return bool(self.raw.get("use_directory_urls", True))

    def plugin_options(self) -> dict[str, Any]:
        for entry in self.raw.get("plugins") or []:
            if isinstance(entry, dict) and "briefbook" in entry:
                return entry["briefbook"] or {}
        return {}


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
