"""Every path and URL of the site, once: where each page and file is written, the URL
MkDocs serves it at, relative links between pages, and the public permalink.

Paths are Markdown source paths (`claims/kidal.md`) or file paths (`api/claims.csv`),
relative to the site root. Free of MkDocs: `Site.page_url` states MkDocs' rule.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

API = "api"
"""The folder of machine-readable files: exports, citations, export schemas."""
FEED_PATH = "feed.xml"


@dataclass(frozen=True)
class Site:
    """What pages need to know about the site they are part of."""

    name: str = "Briefing"
    url: str | None = None
    author: str | None = None
    use_directory_urls: bool = True
    language: str = "en"
    """The language the site is written in: Material's `theme.language` (see language.py)."""
    direction: str = "ltr"
    """`rtl` for a site written right to left (Material's `theme.direction`, else its
    `theme.language`'s): the actor graphs are drawn mirrored."""

    def page_url(self, src_path: str) -> str:
        """The URL path (relative to the site root) MkDocs gives a Markdown file."""
        stem = src_path[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
            return stem
        return f"{stem}/" if self.use_directory_urls else f"{stem}.html"

    def absolute(self, src_path: str) -> str | None:
        if not self.url:
            return None
        return self.url.rstrip("/") + "/" + self.page_url(src_path)


def record_path(kind: str, record_id: str) -> str:
    """A record's Markdown file. An ID `index` gets a folder of its own, since
    `claims/index.md` would be served at /claims/ instead of /claims/index/."""
    if record_id == "index":
        return f"{kind}/index/index.md"
    return f"{kind}/{record_id}.md"


def version_path(claim_id: str, stamp: str) -> str:
    """A claim version's permanent page: `/claims/<id>/v/<stamp>/`."""
    return f"claims/{claim_id}/v/{stamp}.md"


def is_version_page(path: str) -> bool:
    """Whether a page path (`claims/x/v/0123abcd.md`) is a version page."""
    parts = path.split("/")
    return len(parts) == 4 and parts[0] == "claims" and parts[2] == "v"


_SITEMAP_VERSION = re.compile(r"\s*<url>\s*<loc>[^<]*/claims/[^<]*/v/[0-9a-f]{8}(?:/|\.html)</loc>.*?</url>", re.S)


def drop_version_pages(sitemap: str) -> str:
    """A sitemap without its version pages' entries."""
    return _SITEMAP_VERSION.sub("", sitemap)


def claim_file(claim_id: str, suffix: str) -> str:
    """A file published for one claim: its JSON export and citation downloads."""
    return f"{API}/claims/{claim_id}{suffix}"


def feed_path(kind: str | None = None, record_id: str | None = None) -> str:
    """The briefing's Atom feed, or an actor's or theme's."""
    return FEED_PATH if kind is None else f"feeds/{kind}/{record_id}.xml"


def relative_link(from_page: str, target: str) -> str:
    """The relative path from one source file to another (`claims/a.md` → `../actors/b.md`).

    Called for every link on every page, so it works on path parts directly instead of
    `posixpath.relpath`, which normalises both paths against the working directory."""
    here = from_page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def relative_url(from_url: str, to_url: str) -> str:
    """The href from one page URL to another, both relative to the site root as MkDocs
    serves them (`actors/mali/`, or `actors/mali.html` without directory URLs).

    Raw HTML is not rewritten by MkDocs the way Markdown links to `.md` files are, so
    links in raw HTML must already be the final URLs. Called for every link of every
    page, so it works on path parts (as `relative_link` does) rather than through
    `posixpath.relpath`, which normalises both against the working directory."""
    if "./" in from_url or "./" in to_url or from_url.startswith("/") or to_url.startswith("/"):
        return _relative_url_slow(from_url, to_url)
    here = from_url.split("/")[:-1]  # the folder the page is served from
    there = to_url.split("/")
    last = there.pop()  # "" for a folder URL
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    if last:
        parts.append(last)
        return "/".join(parts)
    return "/".join(parts) + "/" if parts else "./"


def _relative_url_slow(from_url: str, to_url: str) -> str:
    start = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    rel = posixpath.relpath(to_url or ".", start or ".")
    if to_url.endswith("/") or not to_url:
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel


class SiteUrls:
    """Public URLs of pages and files: absolute when the site has a `site_url`, else
    root-relative (which still works on the site itself)."""

    def __init__(self, site: Site):
        self.site = site

    def url(self, kind: str, record_id: str) -> str:
        """A record page's public URL: for a claim, its permalink."""
        path = record_path(kind, record_id)
        return self.site.absolute(path) or "/" + self.site.page_url(path)

    def file_url(self, path: str) -> str:
        return (self.site.url.rstrip("/") + "/" + path) if self.site.url else "/" + path

    def href(self, page_path: str, kind: str, record_id: str) -> str:
        """A record page's URL relative to a page, for raw HTML."""
        return relative_url(self.site.page_url(page_path), self.site.page_url(record_path(kind, record_id)))

    def site_info(self) -> dict[str, Any]:
        return {"name": self.site.name, "url": self.site.url, "author": self.site.author}


EVIDENCE_INDEX = "evidence.md"
"""The evidence matrices' page (format 1.1): the key judgments' matrix and the list of themes'."""


def matrix_path(theme_id: str | None = None) -> str:
    """A theme's evidence matrix page (`evidence/<theme>.md`), or without a theme the
    evidence page, which holds the key judgments' matrix."""
    return EVIDENCE_INDEX if theme_id is None else record_path("evidence", theme_id)


def is_evidence_page(path: str) -> bool:
    """Whether a page is the evidence page or a theme's matrix (which, like the index
    pages, list claims rather than say anything of their own)."""
    return path == EVIDENCE_INDEX or path.startswith("evidence/")
