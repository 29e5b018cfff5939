"""The plugin's options in mkdocs.yml, and what the plugin adds to the site's
configuration: the Markdown extensions, theme features, styles and scripts its pages
need, and the theme partials it brings. Kept apart from the event handlers so that
`mkdocs_plugin.py` reads as the list of MkDocs events it answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from ..site.build import site_needs
from ..site.search_index import SEARCH_ENGINES, SEARCH_SCRIPT, SEARCH_STYLESHEET

THEME_OVERRIDES = Path(__file__).parent / "overrides"
"""Material partials briefbook replaces (see overrides/partials/toc.html)."""
PAGEFIND_OVERRIDES = Path(__file__).parent / "overrides_pagefind"
"""Material's header with the search box shown without Material's search plugin, and
the search box itself (see overrides_pagefind/partials/): only when Pagefind is the search."""


class BriefbookConfig(Config):
    data_dir = opt.Type(str, default="data")
    """Folder of the YAML data, relative to mkdocs.yml."""
    templates_dir = opt.Type(str, default="templates")
    """Folder of template overrides, relative to mkdocs.yml; it may be absent."""
    frozen = opt.Type(bool, default=False)
    """Fail instead of adding new IDs to data/permalinks.lock (for CI)."""
    preview = opt.Type(bool, default=False)
    """This build is a preview on purpose (e.g. CI building an unpublished example): it
    records no permalink, and a local site_url is not warned about."""
    published = opt.Optional(opt.Type((str, dt.date)))
    """The date a claim without its own `published` counts as first published (YYYY-MM-DD)."""
    citation_cache = opt.Type(bool, default=True)
    """Keep formatted citations in the user's cache folder between builds (they are slow
    to format); BRIEFBOOK_CACHE=0 also turns it off."""
    search = opt.Optional(opt.Choice(SEARCH_ENGINES))
    """`pagefind` (the default) or `material` (Material's own search plugin, which must be
    listed); unset, Material's is kept where mkdocs.yml lists it (see search_index.py)."""


def apply_site_needs(config: MkDocsConfig, *, pagefind: bool) -> None:
    """Add what the generated pages need (see `site_needs`) to the user's mkdocs.yml,
    keeping whatever the user set, and the theme partials briefbook brings."""
    add_site_needs(config)
    # Theme partials briefbook needs for valid HTML on pages outside the nav, after
    # the project's own custom_dir, before Material's.
    if config.theme.name == "material" and str(THEME_OVERRIDES) not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))
    if pagefind and config.theme.name == "material":  # the search box without Material's plugin
        if str(PAGEFIND_OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(config.theme.dirs.index(str(THEME_OVERRIDES)), str(PAGEFIND_OVERRIDES))
        if SEARCH_STYLESHEET not in config.extra_css:
            config.extra_css.append(SEARCH_STYLESHEET)
        if SEARCH_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SEARCH_SCRIPT)


def add_site_needs(config: MkDocsConfig) -> None:
    """Add what the generated pages need (see `site_needs`) to the user's mkdocs.yml,
    keeping whatever the user set."""
    needs = site_needs()
    for name, settings in needs.markdown_extensions.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, {}).update(settings)
    if config.theme.name == "material":
        features = config.theme["features"] = list(config.theme.get("features") or [])
        features += [feature for feature in needs.material_features if feature not in features]
    for css in needs.extra_css:
        if css not in config.extra_css:
            config.extra_css.append(css)
    for script in needs.extra_javascript:
        if script not in config.extra_javascript:
            config.extra_javascript.append(script)
