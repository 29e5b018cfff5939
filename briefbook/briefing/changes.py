"""What changed when: the events behind the "What's new" page and the Atom feeds.

A claim contributes its publication and, when it has an `updated` date, its latest
change, named after its status (superseded and withdrawn claims say so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..contract.vocabularies import N_
from . import model

EVENT_WORDS = {
    "published": N_("Published"),
    "updated": N_("Updated"),
    "superseded": N_("Superseded"),
    "withdrawn": N_("Withdrawn"),
}
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")


@dataclass(frozen=True, slots=True)
class Change:
    date: dt.date
    event: str
    claim: model.Claim

    @property
    def words(self) -> str:
        return EVENT_WORDS[self.event]


def claim_changes(claim: model.Claim) -> list[Change]:
    status_event = claim.status if claim.status in ("superseded", "withdrawn") else "updated"
    events = []
    if claim.published:
        first = status_event if claim.updated is None and status_event != "updated" else "published"
        events.append(Change(claim.published, first, claim))
    if claim.updated and claim.updated != claim.published:
        events.append(Change(claim.updated, status_event, claim))
    return events


def newest_first(claims: Iterable[model.Claim]) -> list[Change]:
    """Every change of these claims, newest first (ties in claim order)."""
    events = [change for claim in claims for change in claim_changes(claim)]
    return sorted(events, key=lambda change: change.date, reverse=True)


def plain_text(markdown: str, label_of: Callable[[str], str | None] = lambda target: None) -> str:
    """Markdown reduced to readable plain text for feed summaries: links keep their text,
    and an empty cross-reference takes its target's name (`label_of(target)`)."""

    def text(match: re.Match[str]) -> str:
        return match.group(1) or label_of(match.group(2)) or ""

    return " ".join(_LINK.sub(text, markdown).split())
