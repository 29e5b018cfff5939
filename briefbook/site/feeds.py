"""Atom feeds (RFC 4287) of changes, written with feedgen: one for the whole briefing,
one per actor and one per theme.

A feed says which language it is in (`xml:lang` on `<feed>`, the site's language), and
the words briefbook writes in it (what happened to a claim, the separator of a title)
come from the catalogs like the pages' words; titles and statements are the analyst's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ..briefing.changes import Change, plain_text
from ..contract.vocabularies import N_
from .language import Language, load_language
from .page_words import PageWords

# NOTE: a label and what it labels, as in a feed's title ("Briefing: Wagner") or an
# entry's ("Updated: Kidal falls"). French writes a no-break space before the colon.
LABELLED = N_("%(label)s: %(text)s")

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: a control character or a noncharacter (which a title may
    hold, see tests/test_hostile.py) becomes U+FFFD instead of failing the build."""
    return _NOT_XML.sub("\ufffd", text)


def labelled(label: str, text: str, words: Language) -> str:
    """`label: text` as the language writes it (French puts a space before the colon)."""
    return words.gettext(LABELLED) % {"label": label, "text": text}


def _timestamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom_feed(
    *,
    title: str,
    feed_url: str,
    page_url: str,
    changes: list[Change],
    permalink: Callable[[str], str],
    author: str | None,
    fallback_updated: dt.date,
    label_of: Callable[[str], str | None] = lambda target: None,
    language: str | None = None,
) -> str:
    """A valid Atom document; entries newest first, each with a stable id. `language`:
    the site's language tag, declared on the feed and used for briefbook's words (none
    declared, and English words, without it)."""
    from feedgen.feed import FeedGenerator

    words = load_language(language)
    page_words = PageWords(words)  # the words What's new uses for the same changes
    feed = FeedGenerator()
    if language:
        feed.language(language)
    feed.id(feed_url)
    feed.title(xml_text(title))
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.author({"name": xml_text(author or title)})
    feed.updated(_timestamp(changes[0].date if changes else fallback_updated))
    feed.generator("briefbook")
    for change in changes:
        claim = change.claim
        url = permalink(claim.id)
        entry = feed.add_entry(order="append")
        # A change from the claim's history is its version; without history, its event and day.
        entry.id(f"{url}#v-{change.stamp}" if change.stamp else f"{url}#{change.key}")
        happened = page_words.change(change)
        entry.title(xml_text(labelled(happened, claim.title, words)))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.updated(_timestamp(change.date))
        if claim.published:
            entry.published(_timestamp(claim.published))
        if change.evidence is not None:
            note = f" {change.note}" if change.note else ""
            entry.summary(xml_text(f"{labelled(happened, change.evidence.title, words)}.{note}"))
        else:
            statement = plain_text(claim.statement.text, label_of)
            summary = page_words.summary(change.phrases) if change.phrases else change.summary
            entry.summary(xml_text(f"{summary}. {statement}" if summary else statement))
    return feed.atom_str(pretty=True).decode("utf-8")
