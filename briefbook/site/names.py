"""Names for the codes the data format uses: `country: ML` reads "Mali" and
`language: ru` reads "Russian" on a page, in the site's language ("Russe" in French).

Babel carries the Unicode CLDR's display names (already installed with
mkdocs-material, which uses it for search languages): the common name of every
ISO 3166-1 territory and every BCP 47 language tag in every language, kept current by
the CLDR. A code Babel does not know is shown as written.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

_ENGLISH = Locale("en")


def country_name(code: str, locale: Locale = _ENGLISH) -> str:
    """`ML` → `Mali`; `NO` → `Norway` (`Norvège` in French)."""
    return locale.territories.get(code.upper()) or _ENGLISH.territories.get(code.upper(), code)


@cache
def language_name(tag: str, locale: Locale = _ENGLISH) -> str:
    """`ru` → `Russian`, `pt-BR` → `Portuguese (Brazil)`, `zh-Hant` → `Chinese (Traditional)`.
    Shown on its own (a field's value), so capitalised as the CLDR says languages do
    when they stand alone: French writes `russe` in a sentence, `Russe` alone."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name(locale)
    except (ValueError, UnknownLocaleError):
        primary = tag.split("-")[0].lower()
        name = locale.languages.get(primary) or _ENGLISH.languages.get(primary)
    return name[:1].upper() + name[1:] if name else tag
