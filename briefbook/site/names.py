"""Names for the codes the data format uses: `country: ML` reads "Mali" and
`language: ru` reads "Russian" on a page.

Babel carries the Unicode CLDR's display names (already installed with
mkdocs-material, which uses it for search languages): the common English name of every
ISO 3166-1 territory and every BCP 47 language tag, kept current by the CLDR. A code
Babel does not know is shown as written.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

_ENGLISH = Locale("en")


def country_name(code: str) -> str:
    """`ML` → `Mali`; `NO` → `Norway`."""
    return _ENGLISH.territories.get(code.upper(), code)


@cache
def language_name(tag: str) -> str:
    """`ru` → `Russian`, `pt-BR` → `Portuguese (Brazil)`, `zh-Hant` → `Chinese (Traditional)`."""
    try:
        return Locale.parse(tag, sep="-").get_display_name("en") or tag
    except (ValueError, UnknownLocaleError):
        primary = tag.split("-")[0].lower()
        return _ENGLISH.languages.get(primary, tag)
