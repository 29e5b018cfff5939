"""Checks across records: unique IDs, references, cycles, statuses, and data warnings.

Takes the records as read (duplicates included) and returns the Briefing with one
record per ID, having reported every problem it found on the way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..contract.definitions import CLAIM
from ..contract.fields import ListOf, Markdown, MarkdownText
from ..contract.kinds import KINDS
from ..problems import Position, Problems, did_you_mean
from . import model
from .chains import shortest_chain
from .evidence_check import check_evidence, evidence_warnings
from .link_check import check_markdown_links
from .load import Loaded

SINGULAR = {kind.folder: kind.singular for kind in KINDS}
WHERE_DEFINED = {kind.folder: kind.defined_in for kind in KINDS}


def unique(kind: str, records: list[Any], problems: Problems) -> dict[str, Any]:
    """One record per ID; a second record with the same ID is an error at its `id`."""
    by_id: dict[str, Any] = {}
    for record in records:
        first = by_id.get(record.id)
        if first is not None:
            problems.error(
                record.where.of("id"),
                f"duplicate {SINGULAR[kind]} ID {record.id!r}: already used at {first.where.of('id')}; "
                "IDs are permanent URLs, so give this one a new ID",
            )
            continue
        by_id[record.id] = record
    return by_id


class Checker:
    """Cross-record checks over a briefing; each method reports into `problems`."""

    def __init__(self, briefing: model.Briefing, problems: Problems):
        self.briefing = briefing
        self.problems = problems

    def ref(self, kind: str, ref_id: str, where: Position, field: str) -> bool:
        if self.briefing.exists(kind, ref_id):
            return True
        known = self.briefing.records(kind)
        self.problems.error(
            where,
            f"{field}: unknown {SINGULAR[kind]} ID {ref_id!r}{did_you_mean(ref_id, known)}; "
            f"correct the ID, or add the {SINGULAR[kind]} to {WHERE_DEFINED[kind]}",
        )
        return False

    def refs(self, kind: str, ids: Iterable[str], record: Any, field: str) -> None:
        for index, ref_id in enumerate(ids):
            self.ref(kind, ref_id, record.where.of(field, index), field)

    def markdown(self, text: Markdown | None, field: str) -> None:
        check_markdown_links(text, field, self.briefing, self.problems)

    def actors(self) -> None:
        for actor in self.briefing.actors.values():
            self.refs("actors", actor.part_of, actor, "part_of")
            if actor.id in actor.part_of:
                self.problems.error(actor.where.of("part_of"), f"part_of: actor {actor.id!r} cannot be part of itself")
            self.markdown(actor.summary, "summary")

    def themes(self) -> None:
        themes = self.briefing.themes
        for theme in themes.values():
            if theme.parent is not None:
                self.ref("themes", theme.parent, theme.where.of("parent"), "parent")
            self.markdown(theme.summary, "summary")
        reported: set[str] = set()
        for theme in themes.values():
            chain, current = [theme.id], theme.parent
            while current is not None and current in themes and current not in chain:
                chain.append(current)
                current = themes[current].parent
            if current == theme.id and theme.id not in reported:
                reported.update(chain)
                loop = " → ".join([*chain, theme.id])
                self.problems.error(
                    theme.where.of("parent"),
                    f"parent: themes form a cycle ({loop}); remove one of these parent links",
                )

    def claims(self) -> None:
        claims = self.briefing.claims
        for claim in claims.values():
            self.declared_fields(claim)
            for index, source_ref in enumerate(claim.sources):
                self.ref("sources", source_ref.ref, claim.where.of("sources", index), "sources")
                if source_ref.via is not None:
                    self.via(source_ref)
            self.status(claim)
            if claim.published and claim.updated and claim.updated < claim.published:
                self.problems.error(
                    claim.where.of("updated"),
                    f"updated: {claim.updated.isoformat()} is before published "
                    f"({claim.published.isoformat()}); correct one of the two dates",
                )

    def declared_fields(self, claim: model.Claim) -> None:
        """What a claim field's declaration asks for: lists of IDs name known records,
        Markdown has safe links that resolve. (A single ID, superseded_by, is checked
        with the status it goes with.)"""
        for spec in CLAIM.fields:
            value = getattr(claim, spec.attr)
            if spec.refers_to is not None and isinstance(spec.type, ListOf):
                self.refs(spec.refers_to, value, claim, spec.name)
            elif isinstance(spec.type, MarkdownText):
                self.markdown(value, spec.name)

    def via(self, source_ref: model.SourceRef) -> None:
        """`via` names another, known source: the one the analyst actually read."""
        if source_ref.via is None:
            return
        if source_ref.via == source_ref.ref:
            self.problems.error(
                source_ref.via_at,
                f"via: source {source_ref.ref!r} cannot be reported by itself; give the ID of the source "
                "you read it in, or remove via if you read this one directly",
            )
            return
        self.ref("sources", source_ref.via, source_ref.via_at, "via")

    def via_loops(self) -> None:
        """Sources known only through one another, round in a loop: none of them was read.

        Each loop is reported once, at the first reference (in file order) that closes it.
        """
        edges: dict[str, dict[str, model.SourceRef]] = {}
        for claim in self.briefing.claims.values():
            for source_ref in claim.sources:
                via = source_ref.via
                if via is not None and via != source_ref.ref and via in self.briefing.sources:
                    edges.setdefault(source_ref.ref, {}).setdefault(via, source_ref)
        reported: set[frozenset[str]] = set()
        for start, targets in edges.items():
            for via, source_ref in targets.items():
                path = shortest_chain(edges, via, start)
                if path is None or frozenset(path) in reported:
                    continue
                reported.add(frozenset(path))
                loop = " → ".join([start, *path])
                self.problems.error(
                    source_ref.via_at,
                    f"via: sources are known only through one another in a loop ({loop}); "
                    "one of them must be the source you read: remove via from one of these references",
                )

    def status(self, claim: model.Claim) -> None:
        if claim.status == "superseded" and claim.superseded_by is None:
            self.problems.error(
                claim.where.of("status"),
                "a superseded claim needs superseded_by: the ID of the claim that replaces it",
            )
        if (
            claim.superseded_by is not None
            and self.ref("claims", claim.superseded_by, claim.where.of("superseded_by"), "superseded_by")
            and claim.superseded_by == claim.id
        ):
            self.problems.error(claim.where.of("superseded_by"), "superseded_by: a claim cannot supersede itself")
        if claim.status == "withdrawn" and claim.status_note is None:
            self.problems.error(
                claim.where.of("status"),
                "a withdrawn claim needs status_note: a sentence telling readers why it was withdrawn",
            )

    def redirects(self) -> None:
        """A former ID must not be any claim's current ID or another claim's former ID."""
        owners: dict[str, model.Claim] = {}
        for claim in self.briefing.claims.values():
            for index, old in enumerate(claim.redirect_from):
                where = claim.where.of("redirect_from", index)
                if old in self.briefing.claims:
                    self.problems.error(
                        where,
                        f"redirect_from: {old!r} is the ID of an existing claim; a permalink can point at only one claim",
                    )
                elif old in owners and owners[old] is not claim:
                    self.problems.error(
                        where,
                        f"redirect_from: {old!r} already redirects to claim {owners[old].id!r}; "
                        "a former ID can redirect to only one claim",
                    )
                owners.setdefault(old, claim)

    def warnings(self) -> None:
        briefing = self.briefing
        self.likelihood_outside_assessments()
        self.claims_without_confidence()
        evidence_warnings(self.briefing, self.problems)
        if "claims" in briefing.unreadable or briefing.incomplete.get("claims"):
            # A claim file that did not parse, or a claim too broken to read, may name
            # any actor, theme or source: "appears in no claim" would be untrue, and
            # would bury the one real error under warnings.
            return
        used_actors = {a for c in briefing.claims.values() for a in c.actors}
        used_themes = {t for c in briefing.claims.values() for t in c.themes}
        cited = {r.ref for c in briefing.claims.values() for r in c.sources}
        cited.update(r.via for c in briefing.claims.values() for r in c.sources if r.via)
        for theme_id in list(used_themes):  # a parent theme is used through its sub-themes
            seen = set()
            parent = briefing.themes[theme_id].parent if theme_id in briefing.themes else None
            while parent and parent not in seen:
                seen.add(parent)
                used_themes.add(parent)
                parent = briefing.themes[parent].parent if parent in briefing.themes else None
        for actor in briefing.actors.values():
            if actor.id not in used_actors:
                self.problems.warning(
                    actor.where.of("id"),
                    f"actor {actor.id!r} appears in no claim; list it in a claim's actors, or remove it",
                )
        for theme in briefing.themes.values():
            if theme.id not in used_themes:
                self.problems.warning(
                    theme.where.of("id"), f"theme {theme.id!r} has no claims; list it in a claim's themes, or remove it"
                )
        for source in briefing.sources.values():
            if source.id not in cited:
                self.problems.warning(
                    source.where.of("id"),
                    f"source {source.id!r} is cited by no claim; cite it in a claim's sources, or remove it",
                )

    def claims_without_confidence(self) -> None:
        for claim in self.briefing.claims.values():
            if claim.confidence is None and "confidence" not in claim.where.present:
                self.problems.warning(
                    claim.where.of("id"), f"claim {claim.id!r} has no confidence; add confidence: low, moderate or high"
                )

    def likelihood_outside_assessments(self) -> None:
        """`likelihood` qualifies an assessment's headline; on an event or a statement
        it would print an estimate the reader cannot place. The contract allows the
        field on any claim, so this is a warning."""
        for claim in self.briefing.claims.values():
            if claim.likelihood is not None and claim.kind != "assessment":
                self.problems.warning(
                    claim.where.of("likelihood"),
                    f"likelihood: {claim.likelihood!r} on a claim of kind {claim.kind}; likelihood says how "
                    "likely an assessment's headline is to be true, as written (e.g. 'likely' before "
                    "'Mining output will grow'); make the claim kind: assessment, or remove likelihood "
                    "(how sure the briefing is of an event or a statement is its confidence)",
                )


def check_briefing(loaded: Loaded, problems: Problems) -> model.Briefing:
    records = loaded.records
    briefing = model.Briefing(
        actors=unique("actors", records["actors"], problems),
        themes=unique("themes", records["themes"], problems),
        sources=unique("sources", records["sources"], problems),
        claims=unique("claims", records["claims"], problems),
        incomplete={kind: frozenset(ids) for kind, ids in loaded.incomplete.items()},
        unreadable=frozenset(loaded.unreadable),
    )
    checker = Checker(briefing, problems)
    checker.actors()
    checker.themes()
    checker.claims()
    checker.via_loops()
    check_evidence(briefing, problems, checker.ref)
    checker.redirects()
    checker.warnings()
    return briefing
