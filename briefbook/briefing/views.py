"""Derived views of a briefing, computed once per build in linear time.

Templates only look things up here; nothing in a template loops over all claims to
find the ones about an actor, which keeps a 5,000-claim build linear.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from ..contract.dates import MONTHS, EdtfDate, Precision
from .evidence import Evidence, build_evidence
from .links import iter_links
from .model import Briefing, Claim


def dated(claim: Claim) -> EdtfDate:
    """The date of a claim on the timeline (which holds dated claims only)."""
    assert claim.date is not None
    return claim.date


def claim_order(claim: Claim) -> tuple:
    """Dated claims by the contract's date order; undated ones after, in file order."""
    if claim.date is None:
        return (1, (0, 0, 0))
    return (0, claim.date.sort_key())


@dataclass(frozen=True, slots=True)
class Backlink:
    """A claim that links to a page, and the sentence (Markdown) in which it does."""

    claim: Claim
    sentence: str | None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[\"“(])")


def sentence_around(text: str, offset: int) -> str:
    """The sentence of `text` that contains `offset`: what a reader needs to see why the
    page is linked, without the whole statement."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > offset:
            return " ".join(text[start : match.start()].split())
        start = match.end()
    return " ".join(text[start:].split())


@dataclass
class Views:
    briefing: Briefing
    ordered: list[Claim] = field(default_factory=list)
    timeline: list[Claim] = field(default_factory=list)
    key: list[Claim] = field(default_factory=list)
    by_actor: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    by_source: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    """Source ID → the claims citing it, directly or as the `via` of another source."""
    reported_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Source ID → the sources it is known through (`via`), in the order first cited."""
    linked_from: dict[tuple[str, str], list[Backlink]] = field(default_factory=lambda: defaultdict(list))
    """(kind folder, ID) → the claims whose statement, note or `related` point at it,
    each with the sentence around the link (None for a `related` link)."""
    supersedes: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    co_actors: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    actor_themes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    actor_sources: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    evidence: Evidence = field(default_factory=Evidence)
    """What supports or contradicts what, both ways (format 1.1)."""

    def claims_of(self, kind: str, record_id: str) -> list[Claim]:
        return {"actors": self.by_actor, "themes": self.by_theme, "sources": self.by_source}[kind].get(record_id, [])

    def theme_ancestry(self, theme_ids: tuple[str, ...]) -> list[str]:
        """The themes and all their parents: a claim under "drones" is also under
        "security partnerships" when a reader filters by the broader theme."""
        seen: dict[str, None] = {}
        for theme_id in theme_ids:
            current: str | None = theme_id
            while current and current not in seen:
                seen[current] = None
                theme = self.briefing.themes.get(current)
                current = theme.parent if theme else None
        return list(seen)

    def timeline_actor_ids(self) -> set[str]:
        return {actor for claim in self.timeline for actor in claim.actors}

    def timeline_years(self) -> tuple[int, int]:
        """First and last year on the timeline (open intervals count as their start)."""
        if not self.timeline:
            return (0, 0)
        last = max((dated(c).latest or dated(c).earliest).year for c in self.timeline)
        return (dated(self.timeline[0]).year, last)

    def child_themes(self, theme_id: str) -> list:
        return [self.briefing.themes[child] for child in self.children.get(theme_id, [])]

    def theme_claims_with_descendants(self, theme_id: str) -> list[Claim]:
        seen: dict[str, Claim] = {}
        stack = [theme_id]
        visited: set[str] = set()
        while stack:
            current = stack.pop()
            if current in visited:
                continue
            visited.add(current)
            for claim in self.by_theme.get(current, []):
                seen.setdefault(claim.id, claim)
            stack.extend(self.children.get(current, []))
        return sorted(seen.values(), key=claim_order)

    def timeline_groups(self) -> list[tuple[int, list[Claim], list[tuple[str, list[Claim]]]]]:
        """Dated claims by year: (year, claims dated to the year only, [(month, claims)]).

        A claim dated `2024` sorts with 1 January 2024, but reads best before the months
        of its year, not inside January's list.
        """
        years = []
        for year, in_year in groupby(self.timeline, key=lambda c: dated(c).year):
            whole_year: list[Claim] = []
            months: dict[str, list[Claim]] = {}
            for claim in in_year:
                date = dated(claim)
                if date.precision is Precision.YEAR or date.start.month is None:
                    whole_year.append(claim)
                else:
                    months.setdefault(MONTHS[date.start.month], []).append(claim)
            years.append((year, whole_year, list(months.items())))
        return years

    def theme_actor_counts(self, theme_id: str) -> Counter[str]:
        """Actors of the claims a theme page lists (its own and its sub-themes')."""
        counts: Counter[str] = Counter()
        for claim in self.theme_claims_with_descendants(theme_id):
            counts.update(dict.fromkeys(claim.actors, 1))
        return counts


def build_views(briefing: Briefing) -> Views:
    views = Views(briefing)
    claims = list(briefing.claims.values())
    views.ordered = sorted(claims, key=claim_order)
    views.timeline = [c for c in views.ordered if c.date is not None]
    views.key = [c for c in views.ordered if c.key]
    views.evidence = build_evidence(briefing, claim_order)
    for claim in views.ordered:
        for actor in dict.fromkeys(claim.actors):
            views.by_actor[actor].append(claim)
            for other in claim.actors:
                if other != actor:
                    views.co_actors[actor][other] += 1
            for theme in claim.themes:
                views.actor_themes[actor][theme] += 1
            for ref in claim.sources:
                views.actor_sources[actor][ref.ref] += 1
        for theme in dict.fromkeys(claim.themes):
            views.by_theme[theme].append(claim)
        for source in dict.fromkeys(s for ref in claim.sources for s in (ref.ref, ref.via) if s):
            views.by_source[source].append(claim)
        for ref in claim.sources:
            if ref.via and ref.via not in views.reported_by[ref.ref]:
                views.reported_by[ref.ref].append(ref.via)
        targets: dict[tuple[str, str], str | None] = {}
        for text in (claim.statement, claim.status_note):
            if text is not None:
                for link in iter_links(text.text):
                    if link.cross_ref and link.cross_ref not in targets:
                        targets[link.cross_ref] = sentence_around(text.text, link.start)
        for related in claim.related:
            targets.setdefault(("claims", related), None)
        for target, sentence in targets.items():
            if target != ("claims", claim.id):
                views.linked_from[target].append(Backlink(claim, sentence))
        if claim.superseded_by:
            views.supersedes[claim.superseded_by].append(claim)
    for member in briefing.actors.values():
        for parent in member.part_of:
            views.members[parent].append(member.id)
    for sub in briefing.themes.values():
        if sub.parent:
            views.children[sub.parent].append(sub.id)
    return views
