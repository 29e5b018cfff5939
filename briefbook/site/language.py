"""The reader's language: briefbook's own words, dates in words, and the direction
of the script, for the language the site is written in (Material's `theme.language`).

Words come from gettext catalogs (`briefbook/locale/<language>/LC_MESSAGES/briefbook.po`,
read with Babel at build time: no compiled `.mo` file to keep in step), dates from the
Unicode CLDR through Babel, at the precision the data gives ("21 octobre 2024",
"février 2024", "vers 2016"). English is the catalogs' source language: an English
site needs no catalog, and any string a catalog lacks falls back to English.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..contract.dates import EdtfDate, SimpleDate
from ..problems import Position, Problem, Severity

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "briefbook"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
"""Every string briefbook shows, extracted from the templates and the code (`make messages`)."""
SOURCE_LANGUAGE = "en"
ENGLISH_DATES = "en_GB"
"""English dates read day month year ("21 October 2024"), as briefbook has always written them."""
_ENGLISH_DATES = Locale.parse(ENGLISH_DATES)


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def parse_tag(code: str) -> Locale:
    """`fr`, `pt-BR`, `zh-Hant`, `ar` → a Babel Locale; an unknown tag falls back to its
    primary language, then to English."""
    for tag in (code, code.replace("_", "-").split("-")[0]):
        try:
            return Locale.parse(tag.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse(ENGLISH_DATES)


@dataclass(frozen=True)
class Language:
    """One site language: what templates and code ask for words and dates."""

    code: str
    locale: Locale
    translations: gettext.NullTranslations = field(repr=False)
    missing: tuple[str, ...] = ()
    """Strings the catalog has no translation for (shown in English)."""
    _words_of: dict[SimpleDate, str] = field(default_factory=dict, repr=False, compare=False, hash=False)
    """Dates already put in words: a briefing names the same days on many pages, and
    Babel's formatting is most of what words cost a build (a tenth of a millisecond each)."""

    @property
    def is_english(self) -> bool:
        return self.locale.language == SOURCE_LANGUAGE

    @property
    def direction(self) -> str:
        """`rtl` or `ltr`, for the `dir` attribute and anything drawn (the actor graph)."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def day(self, day: dt.date) -> str:
        """A day in words: `21 October 2024`, `21 octobre 2024`."""
        return format_skeleton("yMMMMd", day, locale=self._date_locale)

    def month(self, year: int, month: int) -> str:
        """A month in words: `February 2024`, `février 2024` (the timeline's headings)."""
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self._date_locale)

    def year(self, year: int) -> str:
        return format_skeleton("y", dt.date(year, 1, 1), locale=self._date_locale)

    def plain_date(self, date: SimpleDate) -> str:
        """The date alone, at its own precision."""
        if date.year < 1:  # the CLDR's calendar starts at year 1: the contract's own words
            return date.plain_words()
        if date.day is not None:
            return self.day(dt.date(date.year, date.month or 1, date.day))
        if date.month is not None:
            return self.month(date.year, date.month)
        return self.year(date.year)

    def simple_date(self, date: SimpleDate) -> str:
        """At its precision, with what the data says of its certainty: `about 2016`."""
        words = self._words_of.get(date)
        if words is None:
            words = self._words_of[date] = self._simple_date(date)
        return words

    def _simple_date(self, date: SimpleDate) -> str:
        text = self.plain_date(date)
        if date.approximate:
            about = self.pgettext("day", "about %(date)s") if date.day is not None else self.gettext("about %(date)s")
            text = about % {"date": text}
        if date.uncertain:
            text = self.gettext("%(date)s (uncertain)") % {"date": text}
        return text

    def date(self, date: EdtfDate | SimpleDate) -> str:
        """Any contract date in words, intervals included."""
        if isinstance(date, SimpleDate):
            return self.simple_date(date)
        if not date.is_interval:
            return self.simple_date(date.start)
        if date.end is None:
            return self.since(date.start) % {"date": self.simple_date(date.start)}
        return self.gettext("%(start)s – %(end)s") % {
            "start": self.simple_date(date.start),
            "end": self.simple_date(date.end),
        }

    def since(self, start: SimpleDate) -> str:
        """`since %(date)s`; a day has its own message (French: "depuis le 3 mai 2022")."""
        return self.pgettext("day", "since %(date)s") if start.day is not None else self.gettext("since %(date)s")

    @property
    def _date_locale(self) -> Locale:
        return _ENGLISH_DATES if self.is_english else self.locale


def template_messages() -> list[str]:
    """Every message id in the catalog template, in order."""
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    return [message_key(message.id, message.context) for message in template if message.id]


def message_key(message_id: object, context: str | None) -> str:
    """A message as gettext keys it: `context\x04id` when it has a context."""
    text = str(message_id[0] if isinstance(message_id, (tuple, list)) else message_id)
    return f"{context}\x04{text}" if context else text


def read_catalog(path: Path, code: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=code.replace("-", "_"), domain=DOMAIN)


def _translations(catalog: Catalog) -> gettext.NullTranslations:
    """Babel's catalog as gettext translations, compiled in memory."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def untranslated(catalog: Catalog, wanted: list[str]) -> tuple[str, ...]:
    """The wanted messages the catalog lacks, or has only as an empty or fuzzy entry."""
    missing = []
    for key in wanted:
        context, _, message_id = key.rpartition("\x04")
        message = catalog.get(message_id, context=context or None)
        if message is None or message.fuzzy or not _has_string(message.string):
            missing.append(key)
    return tuple(missing)


def _has_string(value: object) -> bool:
    if isinstance(value, (tuple, list)):
        return all(value)
    return bool(value)


def find_catalog(code: str) -> Path | None:
    """The catalog for `code`, else for its primary language (`fr-CA` → `fr`)."""
    for tag in dict.fromkeys((code, code.replace("-", "_"), code.replace("_", "-").split("-")[0])):
        path = catalog_path(tag)
        if path.is_file():
            return path
    return None


@cache
def load_language(code: str | None) -> Language:
    """The language a site is written in; English when unset or English."""
    code = (code or SOURCE_LANGUAGE).strip() or SOURCE_LANGUAGE
    locale = parse_tag(code)
    if locale.language == SOURCE_LANGUAGE:
        return Language(code, locale, gettext.NullTranslations())
    wanted = template_messages()
    path = find_catalog(code)
    if path is None:
        return Language(code, locale, gettext.NullTranslations(), tuple(wanted))
    catalog = read_catalog(path, code)
    return Language(code, locale, _translations(catalog), untranslated(catalog, wanted))


def language_problems(code: str | None, shown: str = "mkdocs.yml") -> list[Problem]:
    """One warning when the site's language has no complete catalog: how many of
    briefbook's strings read in English, and how to translate them. Material's own words
    are Material's business (it speaks some sixty languages)."""
    language = load_language(code)
    if not language.missing:
        return []
    total = len(template_messages())
    name = language.locale.get_display_name(SOURCE_LANGUAGE) or language.code
    if len(language.missing) == total:
        what = f"briefbook has no catalog for {name} ({language.code}): all {total} of its strings are"
    else:
        what = f"the {name} ({language.code}) catalog lacks {len(language.missing)} of briefbook's {total} strings:"
        what += " they are"
    return [
        Problem(
            Position(shown),
            f"theme: language: {language.code}: {what} shown in English (Material's own words are translated); "
            f"to translate them, fill in briefbook/locale/{language.locale.language}/LC_MESSAGES/briefbook.po "
            'from briefbook/locale/briefbook.pot (see the README\'s "Languages")',
            Severity.WARNING,
        )
    ]
