"""The words of briefbook's browser scripts (assets/briefbook.js, assets/search.js) in
the site's language: a JSON element the plugin puts on every page of a site not in
English (`<script type="application/json" id="bb-strings">`), which the scripts read,
falling back to their own English; and the search box's filter labels.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..contract import vocabularies as vocab
from ..contract.vocabularies import N_
from .page_words import PageWords

ASSETS_SOURCE_SCRIPT = Path(__file__).parent / "assets" / "briefbook.js"
"""The browser script whose words these are (see browser_strings)."""
SEARCH_LABELS = {
    "Filter": N_("Filter"),
    "Actor": N_("Actor"),
    "Theme": N_("Theme"),
    "Kind": N_("Kind"),
    "Status": N_("Status"),
    "Year": N_("Year"),
    "Any": N_("Any"),
}
"""The search box's filter labels (adapters/overrides_pagefind/partials/search.html)."""


def browser_strings(words: PageWords) -> str:
    """What briefbook.js and search.js say, in the language, as the JSON of a
    `<script type="application/json" id="bb-strings">` (see script_element). The
    timeline's count has one text per CLDR plural category the language uses; the
    script picks one with `Intl.PluralRules`."""
    language = words.language
    count: dict[str, str] = {}
    for number in (*range(200), 1000, 1_000_000):
        category = language.locale.plural_form(number)
        if category not in count:
            count[category] = language.ngettext(
                "Showing %(shown)s of %(total)s claim", "Showing %(shown)s of %(total)s claims", number
            )
    strings = {
        "locale": language.locale.language if language.is_english else str(language.code),
        "count": count,
        "pick": language.gettext("Show the evidence for or against "),
        "kinds": {kind: words.kind(kind) for kind in vocab.CLAIM_KINDS},
        "statuses": {status: words.status(status) for status in vocab.STATUSES},
        "dates": date_patterns(words),
        "unavailable": language.gettext(
            "Search is not available right now (the site may be rebuilding its index): try again in a moment."
        ),
    }
    return json.dumps(strings, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def date_patterns(words: PageWords) -> dict[str, Any]:
    """What the preview needs to write a claim's EDTF date in words as Babel does:
    each month's day and month patterns (`{d} octobre {y}`), and the qualifiers'
    messages. Empty where the CLDR writes numbers in other digits (the preview then
    shows the date as the claim's JSON has it)."""
    language = words.language
    days, months = [], []
    for month in range(1, 13):
        day = language.day(dt.date(2001, month, 23))
        whole = language.month(2001, month)
        if "2001" not in day or "23" not in day or "2001" not in whole:
            return {}
        days.append(day.replace("2001", "{y}").replace("23", "{d}"))
        months.append(whole.replace("2001", "{y}"))
    return {
        "day": days,
        "month": months,
        "about": language.gettext("about %(date)s"),
        "aboutDay": language.pgettext("day", "about %(date)s"),
        "uncertain": language.gettext("%(date)s (uncertain)"),
        "since": language.gettext("since %(date)s"),
        "sinceDay": language.pgettext("day", "since %(date)s"),
        "range": language.gettext("%(start)s – %(end)s"),
    }


def search_labels(words: PageWords) -> dict[str, str]:
    """English label → the label in the language, for the search box's filters."""
    return {english: words.language.gettext(message) for english, message in SEARCH_LABELS.items()}


def script_element(words: PageWords) -> str:
    """The browser script's words as an element for the end of every page; nothing
    for English, which the scripts already speak."""
    if words.language.is_english:
        return ""
    return f'<script type="application/json" id="bb-strings">{browser_strings(words)}</script>'
