"""An internal link checker for a built site folder (no network).

`check_site(site_dir, site_url)` parses every `.html` file under `site_dir` and returns
one human-readable string per broken link: a relative or same-site `href`/`src`/`srcset`
(or `<meta http-equiv="refresh">` target) whose file does not exist, whose `#fragment`
names no `id` (or `<a name>`) in the target page, that climbs out of the site, or that
uses a `javascript:` URL (never allowed). Links to other hosts, `mailto:`, `tel:` and
`data:` URLs are not followed.

Directory URLs follow the web server convention MkDocs relies on: `foo/` means
`foo/index.html`. With `site_url` (e.g. `https://example.org/briefing/`), absolute
links to that host and root-relative links (`/briefing/...`) are resolved inside the
site too; without it, `/...` means the site folder's root.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = {"href", "xlink:href", "src", "poster", "action", "formaction", "data", "cite", "background"}
SKIPPED_SCHEMES = {"mailto", "tel", "data"}
_REFRESH = re.compile(r"^\s*\d*(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?(?P<url>.*?)\s*$", re.I | re.S)


@dataclass
class Reference:
    tag: str
    attribute: str
    url: str
    line: int


@dataclass
class ParsedPage:
    anchors: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value for name, value in attrs if value is not None}
        line = self.getpos()[0]
        if "id" in values:
            self.page.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.anchors.add(values["name"])
        for name, value in attrs:
            if value is None:
                continue
            name = name.lower()
            if name in URL_ATTRIBUTES and not (tag == "object" and name != "data"):
                self.page.references.append(Reference(tag, name, value, line))
            elif name == "srcset" or name == "imagesrcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.page.references.append(Reference(tag, name, url, line))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH.match(values.get("content", ""))
            url = match.group("url").strip("'\"") if match else ""
            if url:
                self.page.references.append(Reference(tag, "http-equiv=refresh", url, line))


def parse_page(text: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


class SiteChecker:
    def __init__(self, site_dir: Path | str, site_url: str | None = None):
        self.root = Path(site_dir).resolve()
        self.site_url = urlsplit(site_url) if site_url else None
        self.base_path = (self.site_url.path if self.site_url else "/") or "/"
        if not self.base_path.endswith("/"):
            self.base_path += "/"
        self._pages: dict[str, ParsedPage | None] = {}

    # -- pages -------------------------------------------------------------------------

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html") if p.is_file())

    def page(self, relative: str) -> ParsedPage | None:
        if relative not in self._pages:
            path = self.root / relative
            try:
                self._pages[relative] = parse_page(path.read_text("utf-8"))
            except (OSError, UnicodeDecodeError):
                self._pages[relative] = None
        return self._pages[relative]

    # -- resolution --------------------------------------------------------------------

    def site_path(self, page: str, url: str) -> tuple[str | None, str | None, str | None]:
        """(target path inside the site or None, fragment or None, problem or None)."""
        url = html.unescape(url).strip()
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        cleaned = re.sub(r"[\s\x00-\x1f]", "", url).lower()
        if cleaned.startswith("javascript:") or scheme == "javascript":
            return None, None, "a javascript: URL"
        if scheme in SKIPPED_SCHEMES:
            return None, None, None
        fragment = unquote(parts.fragment) if "#" in url else None
        if scheme or parts.netloc:
            if scheme not in ("http", "https", ""):
                return None, None, f"an unexpected URL scheme {scheme!r}"
            if self.site_url is None or parts.netloc.lower() != self.site_url.netloc.lower():
                return None, None, None  # another site: not followed
            return self._from_root(parts.path or "/", fragment, url)
        path = unquote(parts.path)
        if path.startswith("/"):
            return self._from_root(path, fragment, url)
        if not path:
            return page, fragment, None
        joined = posixpath.join(posixpath.dirname(page), path)
        return self._normalise(joined, path.endswith("/"), fragment)

    def _from_root(self, path: str, fragment: str | None, url: str):
        path = unquote(path)
        if not (path + "/").startswith(self.base_path) and path != self.base_path.rstrip("/"):
            return None, None, f"outside the site (its root is {self.base_path})"
        inside = path[len(self.base_path) :] if path.startswith(self.base_path) else ""
        return self._normalise(inside, path.endswith("/") or not inside, fragment)

    def _normalise(self, joined: str, directory: bool, fragment: str | None):
        normal = posixpath.normpath(joined) if joined else "."
        if normal == ".." or normal.startswith("../"):
            return None, None, "a path that climbs out of the site"
        if normal == ".":
            normal = ""
        if directory or (self.root / normal).is_dir():
            normal = posixpath.join(normal, "index.html") if normal else "index.html"
        return normal, fragment, None

    # -- checking ----------------------------------------------------------------------

    def check(self) -> list[str]:
        broken: list[str] = []
        for relative in self.html_files():
            parsed = self.page(relative)
            if parsed is None:
                broken.append(f"{relative}: cannot be read as UTF-8 HTML")
                continue
            for ref in parsed.references:
                problem = self.check_reference(relative, ref)
                if problem:
                    broken.append(f"{relative}:{ref.line}: <{ref.tag} {ref.attribute}={ref.url!r}>: {problem}")
        return broken

    def check_reference(self, page: str, ref: Reference) -> str | None:
        target, fragment, problem = self.site_path(page, ref.url)
        if problem:
            return problem
        if target is None:
            return None
        path = self.root / target
        if not path.is_file():
            return f"{target} does not exist"
        if fragment and target.endswith(".html"):
            parsed = self.page(target)
            if parsed is None:
                return f"{target} cannot be read to find #{fragment}"
            if fragment not in parsed.anchors:
                return f"{target} has no element with id {fragment!r}"
        return None


def check_site(site_dir: Path | str, site_url: str | None = None) -> list[str]:
    """Every broken internal link of a built site, as `page:line: <tag attr=url>: problem`."""
    return SiteChecker(site_dir, site_url).check()
