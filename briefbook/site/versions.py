"""Claim versions as the site shows them: the History section of a claim page, a
permanent page for every earlier version, the dates a claim's history gives it, and the
version ledger's check.

The versions come from git (briefing/history.py), their stamps from exports.stamp, so
the stamp a History lists is the stamp the claim page showed at that time. A version
stamp hashes the claim as written: the `published` and `updated` dates its history
gives a claim that has none of its own are shown and exported, but not stamped (they
would change with every version, so no version could be recomputed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..briefing import history_diff
from ..briefing import version_ledger as ledger_mod
from ..briefing.changes import Change, sort_changes
from ..briefing.check import CheckResult
from ..briefing.git_log import GitError
from ..briefing.history import History, HistoryReader
from ..briefing.model import Briefing, Claim
from ..briefing.publishing import dated_claim
from ..problems import Position
from .citations import build_day
from .exports import stamp
from .urls import version_path


@dataclass(frozen=True)
class ClaimVersion:
    """One version of a current claim, as its pages show it."""

    claim_id: str
    """The claim's ID today (the version may have had a former one: `claim.id`)."""
    stamp: str
    date: dt.date
    committed: bool
    number: int
    """1 for the first version."""
    words: tuple[str, ...]
    """What changed from the version before, in short phrases."""
    current: bool
    claim: Claim
    """The claim as written in this version."""
    previous: ClaimVersion | None = field(default=None, repr=False)

    @property
    def path(self) -> str:
        """The version's page, under the ID it had (its URL never changes)."""
        return version_path(self.claim.id, self.stamp)

    @property
    def summary(self) -> str:
        return history_diff.summary_text(list(self.words))


@dataclass
class Versions:
    """Every current claim's versions, oldest first; empty without a git history."""

    available: bool = False
    by_claim: dict[str, list[ClaimVersion]] = field(default_factory=dict)
    ledger: ledger_mod.VersionLedger | None = None
    new_entries: list[str] = field(default_factory=list)
    note: str = ""
    """Why there is no history (no repository): a warning that fails no build, since
    the site is whole without it (a downloaded archive still builds as before)."""

    def of(self, claim_id: str) -> list[ClaimVersion]:
        return self.by_claim.get(claim_id, [])

    def newest_first(self, claim_id: str) -> list[ClaimVersion]:
        return list(reversed(self.of(claim_id)))

    def current(self, claim_id: str) -> ClaimVersion | None:
        versions = self.of(claim_id)
        return versions[-1] if versions else None

    def earlier(self) -> Iterator[ClaimVersion]:
        """The versions that have a page of their own, once each: all but each claim's
        current one (whose permanent URL leads to the claim page while it is current;
        an edit undone makes an earlier version current again)."""
        for versions in self.by_claim.values():
            seen = {(versions[-1].claim.id, versions[-1].stamp)}
            for version in versions[:-1]:
                if (version.claim.id, version.stamp) not in seen:
                    seen.add((version.claim.id, version.stamp))
                    yield version

    def is_current(self, version: ClaimVersion) -> bool:
        """Whether a version's text is its claim's current text (its URL leads to the claim page)."""
        current = self.current(version.claim_id)
        return current is not None and (current.claim.id, current.stamp) == (version.claim.id, version.stamp)

    def all(self) -> Iterator[ClaimVersion]:
        for versions in self.by_claim.values():
            yield from versions

    def with_dates(self, briefing: Briefing) -> Briefing:
        """The briefing as its pages show it: a claim without `published` was published
        on its first version's date, one without `updated` last updated on its latest
        version's (a value written in the data wins)."""
        if not self.by_claim:
            return briefing
        claims = {}
        for claim_id, claim in briefing.claims.items():
            versions = self.of(claim_id)
            if versions:
                published = claim.published or versions[0].date
                updated = claim.updated
                if updated is None and len(versions) > 1 and versions[-1].date > published:
                    updated = versions[-1].date
                if (published, updated) != (claim.published, claim.updated):
                    claim = dataclasses.replace(claim, published=published, updated=updated)
            claims[claim_id] = claim
        return dataclasses.replace(briefing, claims=claims)

    def record(self) -> list[str]:
        """Add the versions this publication showed to the ledger."""
        if self.ledger is None or not self.new_entries:
            return []
        ledger_mod.write_version_ledger(self.ledger, self.new_entries)
        added, self.new_entries = self.new_entries, []
        return added


def build_versions(history: History, briefing: Briefing, published_default: dt.date | None) -> Versions:
    """Each current claim's versions, with the claim as it was and what changed."""
    versions = Versions(available=history.available)
    if not history.available:
        return versions
    today = build_day()
    for claim_id, claim in briefing.claims.items():
        shown = dated_claim(claim, published_default)
        found = history.versions(claim_id, claim.redirect_from, stamp(shown), today)
        out: list[ClaimVersion] = []
        for number, version in enumerate(found, start=1):
            current = number == len(found)
            then = shown if current else (history.claim_at(version) or shown)
            then = dated_claim(then, published_default)
            previous = out[-1] if out else None
            words = tuple(history_diff.change_summary(previous.claim if previous else None, then))
            out.append(
                ClaimVersion(
                    claim_id, version.stamp, version.date, version.committed, number, words, current, then, previous
                )
            )
        versions.by_claim[claim_id] = out
    return versions


def stamp_function(published_default: dt.date | None) -> tuple[Callable[[Claim], str], str]:
    """The stamp of a claim as its page shows it, and a key naming that function."""

    def stamp_of(claim: Claim) -> str:
        return stamp(dated_claim(claim, published_default))

    return stamp_of, f"published={published_default}"


def read_versions(
    result: CheckResult,
    published_default: dt.date | None,
    reader: HistoryReader,
    *,
    frozen: bool,
    publishing: bool,
) -> Versions:
    """Read the history of a checked briefing, check the version ledger, and report in
    `result.problems`: lost recorded versions (errors, at their ledger line), a shallow
    clone and uncommitted changes (warnings, the latter for a publication); no
    repository at all is the returned Versions' `note`."""
    problems = result.problems
    project = result.project
    stamp_of, key = stamp_function(published_default)
    try:
        history = reader.read(project, stamp_of, key)
    except (GitError, OSError) as error:
        problems.error(
            Position(project.relative(project.data_dir / "claims")),
            f"git could not read the history of the claims ({error}); repair the repository, or build from a "
            "fresh clone",
        )
        return Versions()
    finally:
        reader.save()
    data = project.relative(project.data_dir)
    if not history.available:
        return Versions(
            note=f"{data}: no claim history: {history.reason}, so the site shows no History sections and no "
            "version pages; build from a clone of the briefing's git repository to show them"
        )
    versions = build_versions(history, result.briefing, published_default)
    if history.shallow:
        problems.warning(
            Position(data),
            "the repository is a shallow clone: claim histories and dates stop at its oldest commit; fetch the "
            "full history (`git fetch --unshallow`; in CI, check out with fetch-depth: 0)",
        )
    published: dict[str, Position] = {}
    for claim_id, claim_versions in versions.by_claim.items():
        where = result.briefing.claims[claim_id].where.of("id")
        for version in claim_versions:
            if version.committed:
                published[ledger_mod.entry(version.claim.id, version.stamp)] = where
        if publishing and not claim_versions[-1].committed:
            problems.warning(
                where,
                f"claim {claim_id} has changes that are not committed to git: its version "
                f"{claim_versions[-1].stamp} would be published without a history that keeps it; commit the "
                "data, then build",
            )
    ledger_path = project.data_dir / ledger_mod.LEDGER_NAME
    ledger = ledger_mod.read_version_ledger(ledger_path, project.relative(ledger_path), problems)
    versions.ledger = ledger
    versions.new_entries = ledger_mod.check_versions(
        ledger, published, problems, frozen=frozen, shallow=history.shallow
    )
    return versions


def history_changes(versions: Versions, briefing: Briefing) -> list[Change]:
    """What's new and the feeds from the claims' history: one change per version, with
    its date and what it changed. The first version is the claim's publication (on its
    `published` date when the data gives one)."""
    changes: list[Change] = []
    for claim_id, claim in briefing.claims.items():
        for version in versions.of(claim_id):
            if version.previous is None:
                changes.append(
                    Change(claim.published or version.date, "published", claim, summary="", stamp=version.stamp)
                )
                continue
            status, before = version.claim.status, version.previous.claim.status
            event = status if status in ("superseded", "withdrawn") and status != before else "updated"
            changes.append(
                Change(
                    version.date,
                    event,
                    claim,
                    summary=version.summary,
                    phrases=tuple(version.words),
                    stamp=version.stamp,
                )
            )
    return sort_changes(changes)
