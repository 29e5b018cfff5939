"""What changed when: the events behind the "What's new" page and the Atom feeds.

A claim contributes its publication and, when it has an `updated` date, its latest
change, named after its status (superseded and withdrawn claims say so). For the feeds, a
judgment also has an event when evidence for or against it is added (format 1.1).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..contract.vocabularies import N_
from . import model
from .evidence import Evidence

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
    evidence: model.Claim | None = None
    """For an `evidence` event: the claim added as evidence for or against `claim`."""
    way: str = ""
    note: str | None = None
    summary: str = ""
    """What changed, in words, when the claim's history is known ("Confidence: low to moderate")."""
    phrases: tuple[str, ...] = ()
    """The same as phrases (history_diff.Phrase), which a page or a feed words in its language."""
    stamp: str = ""
    """The version this change made, when the claim's history is known."""

    @property
    def words(self) -> str:
        return f"New evidence {self.way}" if self.event == "evidence" else EVENT_WORDS[self.event]

    @property
    def key(self) -> str:
        """What tells this event from the claim's others (the feed entry's ID)."""
        parts = [self.event, self.date.isoformat()]
        return "-".join([*parts, self.evidence.id] if self.evidence is not None else parts)


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
    return sort_changes([change for claim in claims for change in claim_changes(claim)])


def sort_changes(events: list[Change]) -> list[Change]:
    """Newest first; changes of the same day in the order given."""
    return sorted(events, key=lambda change: change.date, reverse=True)


def evidence_changes(evidence: Evidence) -> list[Change]:
    """Evidence added to a judgment after the judgment was published, dated by the last
    change of the claim that names it in `supports` or `contradicts` (where the relation
    is written): an `evidence` event of the judgment, for its feeds."""
    events = []
    for bearings in evidence.bears_on.values():
        for bearing in bearings:
            added, judgment = bearing.evidence.last_changed, bearing.judgment
            if added is not None and (judgment.published is None or added > judgment.published):
                events.append(Change(added, "evidence", judgment, bearing.evidence, bearing.way, bearing.note))
    return events


def plain_text(markdown: str, label_of: Callable[[str], str | None] = lambda target: None) -> str:
    """Markdown reduced to readable plain text for feed summaries: links keep their text,
    and an empty cross-reference takes its target's name (`label_of(target)`)."""

    def text(match: re.Match[str]) -> str:
        return match.group(1) or label_of(match.group(2)) or ""

    return " ".join(_LINK.sub(text, markdown).split())
