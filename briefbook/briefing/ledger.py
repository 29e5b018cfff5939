"""The permalink ledger (`data/permalinks.lock`): every `kind/id` ever published.

A cited URL must never break, so an ID that was published and no longer exists (as an
`id` or in a claim's `redirect_from`) is an error. Publishing builds append new IDs;
in frozen mode (CI) a new ID is an error instead, so the ledger only changes in a
commit someone reviewed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..contract.fields import ID_PATTERN
from ..contract.kinds import BY_FOLDER, FOLDERS
from ..problems import Position, Problems
from .load import read_file_text
from .model import Briefing

KINDS = tuple(sorted(FOLDERS))
_ENTRY = re.compile(rf"^(?P<kind>[a-z]+)/(?P<id>{ID_PATTERN[1:-1]})$")


@dataclass
class Ledger:
    path: Path
    shown: str
    entries: dict[str, int] = field(default_factory=dict)
    """Each `kind/id` and the line it stands on."""
    exists: bool = False


def read_entries(path: Path, shown: str, problems: Problems, valid: Callable[[str], bool], form: str) -> Ledger:
    """A ledger file: one entry a line, `#` comments, each entry with the line it stands
    on; a line that is not `valid` is an error at that line, saying its `form`."""
    ledger = Ledger(path, shown)
    if not path.is_file():
        return ledger
    ledger.exists = True
    text = read_file_text(path, shown, problems)
    for number, line in enumerate((text or "").splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not valid(entry):
            problems.error(Position(shown, number, 1), f"{entry!r} is not a {form}")
            continue
        ledger.entries.setdefault(entry, number)
    return ledger


def read_ledger(path: Path, shown: str, problems: Problems) -> Ledger:
    def valid(entry: str) -> bool:
        match = _ENTRY.match(entry)
        return match is not None and match["kind"] in KINDS

    form = f"ledger entry; each line is kind/id with kind one of {', '.join(KINDS)}"
    return read_entries(path, shown, problems, valid, form)


def current_entries(briefing: Briefing) -> dict[str, Position]:
    """Every `kind/id` the briefing publishes now, with where its ID is written."""
    entries: dict[str, Position] = {}
    for kind in KINDS:
        for record in briefing.records(kind).values():
            entries[f"{kind}/{record.id}"] = record.where.of("id")
    return entries


def check_ledger(ledger: Ledger, briefing: Briefing, problems: Problems, frozen: bool) -> list[str]:
    """Report vanished IDs (and, when frozen, new ones); return the entries to add.

    A record that was reported as broken, or that sits in a file that did not parse,
    is not also reported as vanished.
    """
    current = current_entries(briefing)
    redirected = {f"claims/{old}" for claim in briefing.claims.values() for old in claim.redirect_from}
    for entry, line in ledger.entries.items():
        kind, _, record_id = entry.partition("/")
        if entry in current or entry in redirected or briefing.exists(kind, record_id):
            continue
        advice = (
            "restore the claim, keep it with status: withdrawn and a status_note, or add "
            f"{record_id!r} to the redirect_from of the claim that replaces it"
            if kind == "claims"
            else f"restore the {BY_FOLDER[kind].singular} with this ID (a published page must keep answering)"
        )
        problems.error(
            Position(ledger.shown, line, 1),
            f"{entry} was published but no record carries this ID any more; {advice}",
        )
    new = sorted(entry for entry in current if entry not in ledger.entries)
    if frozen and new:
        if not ledger.exists:
            problems.error(
                Position(ledger.shown),
                "the permalink ledger is missing and this build is frozen; publish once without frozen mode "
                "(`mkdocs build` for the public site_url) and commit data/permalinks.lock",
            )
        else:
            for entry in new:
                problems.error(
                    current[entry],
                    f"{entry} is not in {ledger.shown} and this build is frozen; publish once without "
                    "frozen mode (`mkdocs build` for the public site_url) and commit the updated ledger",
                )
        return []
    return new


def write_ledger(ledger: Ledger, new: list[str], header: str | None = None) -> None:
    """Add entries, keeping the file sorted and its comment lines first (`header` is the
    comment a new file starts with). With the version ledger, the only writes briefbook
    makes to data/."""
    if not new:
        return
    comments = [header] if header else []
    if ledger.exists:
        comments = [line for line in ledger.path.read_text("utf-8").splitlines() if line.startswith("#")]
    entries = sorted(set(ledger.entries) | set(new))
    head = "\n".join(comments) + "\n" if comments else ""
    write_atomically(ledger.path, head + "\n".join(entries) + "\n")
    for entry in new:
        ledger.entries.setdefault(entry, 0)
    ledger.exists = True


def write_atomically(path: Path, text: str) -> None:
    """Write a temporary file beside `path`, flush it to disk, then rename it over
    `path`: a crash or a full disk leaves the old ledger or the new one, never half."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
