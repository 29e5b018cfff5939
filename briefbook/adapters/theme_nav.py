"""Material's site navigation rendered once for all the record pages that share it: see
overrides/partials/nav.html, which asks `NavCache` for a page's key.

Material renders the navigation sidebar with every page (a third of main.html's time).
A record page is never in the nav, so nothing in it is marked active and no TOC is
folded into it: its navigation differs from another's only by the relative URLs of the
links, which `NavCache.key` computes for every URL the navigation can print. Pages with
the same key get the same bytes, rendered once; any page in the nav (or a build whose nav
folds the TOC in) renders it as Material does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

BEHIND = "bb-behind/"
"""The prefix under which overrides/partials/nav.html reaches the template it stands in
front of (Material's, or another theme directory's after briefbook's)."""


def behind_loader(env: jinja2.Environment, config: MkDocsConfig, overrides: Path) -> None:
    """Let `bb-behind/NAME` load NAME from the theme directories after `overrides`."""
    dirs = list(config.theme.dirs)
    if str(overrides) not in dirs or env.loader is None:
        return
    after = dirs[dirs.index(str(overrides)) + 1 :]
    behind = jinja2.PrefixLoader({BEHIND.rstrip("/"): jinja2.FileSystemLoader(after)})
    env.loader = jinja2.ChoiceLoader([env.loader, behind])


NAV_PARTIALS = ("partials/nav.html", "partials/nav-item.html", "partials/logo.html", "partials/source.html")
"""The templates that make the navigation (Material's)."""


class RenderedOnce:
    """Theme HTML by key, for one build: what the templates print for every page with
    the same key, rendered by the first of them (see overrides/partials/nav.html and
    overrides/main.html). `enabled` is false when the project's custom_dir has its own
    copy of one of `partials`, which may show the page: then each page renders it."""

    def __init__(self, config: MkDocsConfig, partials: tuple[str, ...]):
        custom_dir = config.theme.custom_dir
        self.enabled = not custom_dir or not any((Path(custom_dir) / name).exists() for name in partials)
        self.html: dict[Any, str] = {}

    def get(self, key: Any) -> str | None:
        return self.html.get(key)

    def put(self, key: Any, html: str) -> str:
        self.html[key] = html
        return html


class NavCache(RenderedOnce):
    """The navigation's HTML by key, for one build (`bb_nav` in the templates)."""

    def __init__(self, config: MkDocsConfig):
        super().__init__(config, NAV_PARTIALS)
        self.config = config
        self.nav_id: int | None = None
        self.targets: list[str] = []
        self.in_nav: set[str] = set()

    def key(self, page: Page | None, nav: Any) -> tuple[str, ...] | None:
        """What the page's navigation depends on (None: render it as Material does):
        the relative form of every URL it can print, for a page outside the nav."""
        features = self.config.theme.get("features") or []
        if not self.enabled or page is None or nav is None or "toc.integrate" in features:
            return None
        if id(nav) != self.nav_id:
            self.nav_id, self.targets = id(nav), list(_urls(nav, self.config))
            self.in_nav = {item.file.src_uri for item in nav.pages}
        if page.file.src_uri in self.in_nav or page.parent is not None:  # (the page is active: it is being built)
            return None
        return tuple(normalize_url(url, page=page) for url in self.targets)


def _urls(nav: Any, config: MkDocsConfig) -> Iterator[str]:
    """Every URL the navigation passes through MkDocs' `url` filter (nav.html,
    nav-item.html, logo.html): its pages' and links', the home page's, the logo's."""
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        url = getattr(item, "url", None)
        if isinstance(url, str):
            yield url
        stack.extend(getattr(item, "children", None) or ())
    homepage = getattr(nav, "homepage", None)
    extra: dict[str, Any] = dict(config.extra or {})
    yield str(extra.get("homepage") or (homepage.url if homepage is not None else ""))
    logo = config.theme.get("logo")
    if logo:
        yield str(logo)
