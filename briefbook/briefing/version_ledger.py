"""The version ledger (`data/versions.lock`): every claim version a publication showed.

A version page (`/claims/<id>/v/<stamp>/`) is cited like a permalink, so it must never
disappear. The versions come from git, which can lose them: a shallow clone holds only
the latest commits, a rewritten history (a squash, a filter) holds other ones. So every
version a publishing build published is recorded here, kept like the permalink ledger
(sorted, one `claims/<id>/v/<stamp>` a line; new entries are an error in frozen mode),
and a recorded version the history no longer holds fails the build at its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..contract.fields import ID_PATTERN
from ..problems import Position, Problems
from .ledger import Ledger, read_entries, write_ledger

LEDGER_NAME = "versions.lock"
_ENTRY = re.compile(rf"^claims/(?P<id>{ID_PATTERN[1:-1]})/v/(?P<stamp>[0-9a-f]{{8}})$")
HEADER = "# Every claim version a publication showed: kept by briefbook, commit it with the data."


def entry(claim_id: str, stamp: str) -> str:
    return f"claims/{claim_id}/v/{stamp}"


VersionLedger = Ledger
"""The same file form as the permalink ledger: one `claims/<id>/v/<stamp>` a line."""


def read_version_ledger(path: Path, shown: str, problems: Problems) -> VersionLedger:
    form = "version ledger entry; each line is claims/<id>/v/<stamp> (8 hex digits)"
    return read_entries(path, shown, problems, lambda item: bool(_ENTRY.match(item)), form)


def check_versions(
    ledger: VersionLedger,
    published: dict[str, Position],
    problems: Problems,
    *,
    frozen: bool,
    shallow: bool,
) -> list[str]:
    """Report recorded versions the history lost (and, frozen, versions not recorded);
    return the entries a publication adds. `published` maps each committed version the
    build publishes to where its claim is written."""
    for item, line in ledger.entries.items():
        if item in published:
            continue
        if shallow:
            why = (
                "this clone is shallow and does not hold the commit that made it; fetch the full history "
                "(`git fetch --unshallow`; in CI, check out with fetch-depth: 0) and build again"
            )
        else:
            why = (
                "the git history no longer holds it (a rewritten history: a squash, a rebase or a filter); "
                "restore the history that made it (the published branch, a backup), since a cited version "
                "must keep answering"
            )
        problems.error(Position(ledger.shown, line, 1), f"{item} was published but cannot be built: {why}")
    new = sorted(item for item in published if item not in ledger.entries)
    if frozen and new:
        for item in new:
            problems.error(
                published[item],
                f"{item} is not in {ledger.shown} and this build is frozen; publish once without frozen mode "
                f"(`mkdocs build` for the public site_url) and commit {ledger.shown}",
            )
        return []
    return new


def write_version_ledger(ledger: VersionLedger, new: list[str]) -> None:
    """Add entries, keeping the file sorted (and its comment lines first)."""
    write_ledger(ledger, new, HEADER)
