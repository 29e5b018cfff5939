"""The language of a citation: which CSL locale file the styles are formatted with for
the site's language (Material's `theme.language`), and what the CSL item says of the
language of the cited page.

A style's words ("Accessed", "Retrieved … from", "n.d.", month names) and its date
forms come from the CSL locale files citeproc-py ships (the official
`citation-style-language/locales`, the files citeproc-js reads too). The locale is
chosen as CSL's specification chooses it: the language's own dialect when there is a
file for it (`fr-CA`), else the language's primary dialect (`fr` → `fr-FR`, `ar` →
`ar`), else US English, with one warning; within a chosen locale, a term that the file
lacks is taken from `en-US`, as both processors do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

ENGLISH = "en-US"
"""CSL's default locale, and the one every citation was formatted with before #19."""
ALIASES = {"zh-hant": "zh-TW", "zh-hans": "zh-CN", "zh-hk": "zh-TW", "no": "nb-NO", "sr-latn": "sr-Latn-RS"}
"""Tags Material's `theme.language` uses for which CSL's locale files have another name."""
log = logging.getLogger("mkdocs.plugins.briefbook.citations")


@dataclass(frozen=True)
class CitationLocale:
    """The site's language as the citation styles see it."""

    language: str
    """The site's language tag, as configured (`fr`, `pt-BR`)."""
    tag: str
    """The CSL locale file's tag (`fr-FR`, `pt-BR`, `en-US`)."""

    @property
    def is_english(self) -> bool:
        return _primary(self.language) == "en"

    @property
    def fell_back(self) -> bool:
        """True when no CSL locale speaks the language: the citations read in US English."""
        return self.tag == ENGLISH and not self.is_english

    @property
    def item_language(self) -> str | None:
        """The CSL item's `language`: the language the claim pages are written in.
        Both processors title-case a title only when its item is English, so a French
        title keeps the case the analyst wrote. None for English (no field, as before)."""
        return None if self.is_english else self.language

    @property
    def warning(self) -> str | None:
        if not self.fell_back:
            return None
        return (
            f"briefbook: no CSL locale for the site's language '{self.language}': the citations' own words "
            f"and dates (Accessed, Retrieved, n.d., month names) are in US English (CSL's en-US locale). "
            f"Add a locales-<tag>.xml to the CSL locales to change that"
        )


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


@cache
def citation_locale(language: str | None = "en") -> CitationLocale:
    """The CSL locale for a site language tag (case and `_` or `-` do not matter)."""
    from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS

    code = (language or "en").strip().replace("_", "-") or "en"
    by_lower = {tag.lower(): tag for tag in LANGUAGE_NAMES}
    lowered = code.lower()
    for candidate in (lowered, ALIASES.get(lowered, "").lower()):
        if candidate in by_lower:
            return CitationLocale(code, by_lower[candidate])
    primary = _primary(code)
    if primary == "en":
        return CitationLocale(code, ENGLISH)
    return CitationLocale(code, PRIMARY_DIALECTS.get(primary, ENGLISH))
