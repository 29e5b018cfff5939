"""Prose fields (statements, summaries, status notes) from Markdown to HTML: each one
converted once, with the site's own Markdown extensions, cached by its exact input and
configuration, and spread over the machine's cores.

Pages are HTML that briefbook writes itself (see html_page.py); only the analyst's
prose is Markdown. Converting it apart from the page it appears on needs two things
the page used to give it: cross-references become site-root placeholders
(`briefbook-xref:claims/ID`), and relative links stay as written; `PageLinks` turns both
into the URL relative to the page they appear on. Headings get their ids and permalinks
from the page (html_page.py), so the `toc` extension is left out here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import markdown as markdown_lib

from .citation_cache import default_cache_path, write_cache_file
from .urls import Site, record_path, relative_url
from .workers import available_workers, can_fork

MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
"""What MkDocs adds to every site's `markdown_extensions`."""
_TOC_NAMES = frozenset({"toc", "markdown.extensions.toc"})
XREF = "briefbook-xref:"
"""The placeholder scheme of a cross-reference in converted prose: `briefbook-xref:actors/mali`."""


@dataclass(frozen=True)
class MarkdownConfig:
    """A site's Markdown: extension names, in order, and their settings (what MkDocs
    gives as `config.markdown_extensions` and `config.mdx_configs`)."""

    extensions: tuple[str, ...]
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_mkdocs_list(cls, items: Iterable[Any]) -> MarkdownConfig:
        """From mkdocs.yml's `markdown_extensions` list (names, or one-key mappings),
        with MkDocs' own built-ins added as MkDocs adds them."""
        names: list[str] = []
        configs: dict[str, Mapping[str, Any]] = {}
        for item in (*MKDOCS_BUILTIN_EXTENSIONS, *items):
            if isinstance(item, Mapping):
                name, settings = next(iter(item.items()))
                if settings:
                    configs[name] = dict(settings)
            else:
                name = str(item)
            if name not in names:
                names.append(name)
        return cls(tuple(names), configs)

    def key(self) -> str:
        """What makes two configurations convert alike (the cache key's second half)."""
        settings = sorted(
            (name, sorted((k, repr(v)) for k, v in value.items())) for name, value in self.configs.items()
        )
        return repr((self.extensions, settings))

    @property
    def toc_settings(self) -> Mapping[str, Any]:
        for name in _TOC_NAMES:
            if name in self.configs:
                return self.configs[name]
        return {}

    def new_markdown(self) -> markdown_lib.Markdown:
        """A converter for prose: the site's extensions except `toc` (the page numbers
        its headings)."""
        names = [name for name in self.extensions if name not in _TOC_NAMES]
        configs = {name: dict(value) for name, value in self.configs.items() if name in names}
        return markdown_lib.Markdown(extensions=names, extension_configs=configs)


MIN_PARALLEL = 200
"""Fewer new texts than this are converted in the build's own process: starting
workers costs more than the conversions."""

_worker_config: MarkdownConfig | None = None
_worker_md: markdown_lib.Markdown | None = None


def _start_worker() -> None:
    global _worker_md
    assert _worker_config is not None
    _worker_md = _worker_config.new_markdown()


def _convert_batch(texts: Sequence[str]) -> list[str]:
    assert _worker_md is not None
    return [_convert(_worker_md, text) for text in texts]


def _convert(md: markdown_lib.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


PROSE_CACHE_VERSION = "1"


def default_prose_cache_path() -> Path | None:
    """Beside the citation cache (and off when it is: BRIEFBOOK_CACHE=0)."""
    citations = default_cache_path()
    return None if citations is None else citations.parent / f"prose-v{PROSE_CACHE_VERSION}.json"


def _versions() -> str:
    """What else decides the HTML: the converter's and the usual extensions' versions."""
    found = []
    for name in ("markdown", "pymdown-extensions"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name}={metadata.version(name)}")
    return ",".join(found)


class ProseConverter:
    """Markdown → HTML with one site's configuration, cached by the exact text: in memory
    (the MkDocs plugin keeps it across `mkdocs serve` rebuilds, so an edit converts only
    the text it changed) and, given a `path`, on disk beside the citation cache, so a
    build converts only what changed since the last one. The disk cache is keyed by a
    hash of the text, the configuration and the versions of Markdown and
    pymdown-extensions; a configuration naming Python objects (whose `repr` differs from
    one process to the next) is cached in memory only."""

    def __init__(self, config: MarkdownConfig, path: Path | None = None):
        self.config = config
        self.config_key = config.key()
        self.salt = f"{PROSE_CACHE_VERSION}\0{_versions()}\0{self.config_key}\0"
        self.asked_path = path
        self.path = path if " at 0x" not in self.config_key else None
        self.cache: dict[str, str] = {}
        self.dirty = False
        if self.path is not None and self.path.is_file():
            try:
                self.cache = json.loads(self.path.read_text("utf-8"))
            except (OSError, ValueError):
                self.cache = {}
        self._md: markdown_lib.Markdown | None = None
        self.conversions = 0
        """How many texts were converted (not found in the cache): for tests."""

    def key(self, text: str) -> str:
        return hashlib.sha256((self.salt + text).encode("utf-8")).hexdigest()

    def convert(self, text: str) -> str:
        key = self.key(text)
        html = self.cache.get(key)
        if html is None:
            if self._md is None:
                self._md = self.config.new_markdown()
            html = self.cache[key] = _convert(self._md, text)
            self.conversions += 1
            self.dirty = True
        return html

    def save(self) -> None:
        if self.path is not None and self.dirty:
            self.dirty = not write_cache_file(self.path, self.cache)

    @classmethod
    def reused(cls, previous: ProseConverter | None, markdown: MarkdownConfig, on_disk: bool) -> ProseConverter:
        """The converter of the data's Markdown with this site's extensions: `previous`
        (a `serve` session's) while mkdocs.yml's Markdown settings stay the same; cached
        on disk beside the citations unless `on_disk` is off."""
        path = default_prose_cache_path() if on_disk else None
        if previous is None or previous.config_key != markdown.key() or previous.asked_path != path:
            return cls(markdown, path)
        return previous

    def convert_all(self, texts: Iterable[str], workers: int | None = None) -> None:
        """Convert every text the cache lacks, on every core when there are many (the
        build waits for them, so its own core counts: see workers.py)."""
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self.cache))
        if workers is None:
            workers = available_workers(with_own_core=True)
        if not missing:
            return
        if workers < 2 or len(missing) < MIN_PARALLEL or not can_fork():
            for text in missing:
                self.convert(text)
            return
        global _worker_config
        _worker_config = self.config
        size = max(1, len(missing) // (workers * 4))
        batches = [missing[i : i + size] for i in range(0, len(missing), size)]
        try:
            with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker) as pool:
                results = pool.map(_convert_batch, batches)
        finally:
            _worker_config = None
        for batch, converted in zip(batches, results, strict=True):
            for text, html in zip(batch, converted, strict=True):
                self.cache[self.key(text)] = html
        self.conversions += len(missing)
        self.dirty = True


_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class PageLinks:
    """Fixes the links of converted prose for the page it appears on: cross-reference
    placeholders and relative links (written relative to the page's Markdown path, as
    MkDocs reads them) become URLs relative to the page's own URL."""

    def __init__(self, site: Site):
        self.site = site

    def fix(self, html: str, page_path: str) -> str:
        if 'href="' not in html and 'src="' not in html:
            return html
        here = self.site.page_url(page_path)

        def one(match: re.Match[str]) -> str:
            target = match.group(2)
            if target.startswith(XREF):
                kind, _, record_id = target[len(XREF) :].partition("/")
                url = relative_url(here, self.site.page_url(record_path(kind, record_id)))
            elif target.startswith(("#", "/")) or _HAS_SCHEME.match(target) or not target:
                return match.group(0)
            else:
                url = self.relative(page_path, here, target)
            return f"{match.group(1)}{url}{match.group(3)}"

        return _URL_ATTRIBUTE.sub(one, html)

    def relative(self, page_path: str, here: str, target: str) -> str:
        """A relative link as MkDocs rewrites it: the path resolved against the page's
        Markdown file; a `.md` target becomes that page's URL."""
        path, hash_mark, fragment = target.partition("#")
        path, query_mark, query = path.partition("?")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
        if resolved.startswith("../") or resolved == "..":
            return target  # outside the site: left as written, as MkDocs leaves it
        url_path = self.site.page_url(resolved) if resolved.endswith(".md") else resolved
        url = relative_url(here, url_path) if path else ""
        return f"{url}{query_mark}{query}{hash_mark}{fragment}"


NEEDED_EXTENSIONS: dict[str, dict] = {
    "tables": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "def_list": {},
    "toc": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
}
"""The Markdown extensions a site needs (build.site_needs adds them to mkdocs.yml): the
pages' classes are Material's for admonitions, tabs and tables; prose may use them."""
DEFAULT_MARKDOWN = MarkdownConfig.from_mkdocs_list([{name: settings} for name, settings in NEEDED_EXTENSIONS.items()])
"""The site's Markdown when no mkdocs.yml says more (the golden files, tests)."""
