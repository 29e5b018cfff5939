"""Atom feeds (RFC 4287) of changes, written with feedgen: one for the whole briefing,
one per actor and one per theme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..briefing.changes import Change, plain_text


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
) -> str:
    """A valid Atom document; entries newest first, each with a stable id."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.author({"name": author or title})
    feed.updated(_timestamp(changes[0].date if changes else fallback_updated))
    feed.generator("briefbook")
    for change in changes:
        claim = change.claim
        url = permalink(claim.id)
        entry = feed.add_entry(order="append")
        entry.id(f"{url}#{change.event}-{change.date.isoformat()}")
        entry.title(f"{change.words}: {claim.title}")
        entry.link(href=url, rel="alternate", type="text/html")
        entry.updated(_timestamp(change.date))
        if claim.published:
            entry.published(_timestamp(claim.published))
        entry.summary(plain_text(claim.statement.text, label_of))
    return feed.atom_str(pretty=True).decode("utf-8")
