"""Material's page-independent blocks rendered once for all the pages that share them:
see overrides/main.html, which asks `BlockCache` for a page's key.

Material renders its stylesheets, scripts, configuration and footer with every page
(about a quarter of main.html's time for a record page). What they print depends on the
site's configuration, and on the page only through relative URLs. For a page whose
folder shares no first segment with any URL these blocks print (the theme's `assets/`,
`extra_css`, `extra_javascript`, the favicon, polyfills), each relative URL is
`base_url` followed by the target, so pages with the same `base_url` get the same bytes.
A page with a previous or next page (its footer links them), a page beside those
targets, or a project whose own partials these blocks include, renders them as
Material does.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from .theme_nav import RenderedOnce

BLOCK_PARTIALS = (
    "partials/icons.html",
    "partials/footer.html",
    "partials/copyright.html",
    "partials/social.html",
    "partials/integrations/analytics.html",
    "partials/integrations/analytics",
)
"""What the cached blocks include: a project's own copy may show the page."""


class BlockCache(RenderedOnce):
    """The cached blocks' HTML by key, for one build (`bb_blocks` in the templates)."""

    def __init__(self, config: MkDocsConfig):
        super().__init__(config, BLOCK_PARTIALS)
        self.beside_targets = {"assets"} | {_first_segment(url) for url in _targets(config)}
        """First segments of the URLs the blocks print: a page in such a folder renders them."""

    def key(self, block: str, page: Any, base_url: str) -> tuple[str, str] | None:
        """What the block depends on for this page (None: render it as Material does)."""
        if not self.enabled or page is None or getattr(page, "file", None) is None:
            return None
        if block == "footer" and (page.previous_page is not None or page.next_page is not None):
            return None
        if _first_segment(page.url) in self.beside_targets:
            return None
        return (block, base_url)


def _first_segment(url: str) -> str:
    """`claims` of `claims/x/`; "" for a URL at the site's root."""
    folder, slash, _ = url.removeprefix("./").partition("/")
    return folder if slash else ""


def _targets(config: MkDocsConfig) -> list[str]:
    """The site-relative URLs the cached blocks print besides the theme's own assets."""
    extra: dict[str, Any] = dict(config.extra or {})
    urls = [str(path) for path in config.extra_css] + [str(script) for script in config.extra_javascript]
    urls += [str(script) for script in extra.get("polyfills") or ()]
    favicon = config.theme.get("favicon")
    if favicon:
        urls.append(str(favicon))
    return [url for url in urls if "://" not in url and not url.startswith("/")]
