"""Each claim's history, read from the project's git repository.

A claim's versions are the commits in which its normalised record (what its version
stamp hashes) changed, each with the commit's date. Reformatting YAML or moving a claim
to another file changes no stamp, so it is no version.

Git is read with two commands whatever the history's length: one `git log --raw` lists
every commit that touched `data/claims/` with the blobs it changed, one `git cat-file
--batch` reads the blobs not parsed before. A blob's parse is cached by its hash (in
memory across `mkdocs serve` rebuilds, and on disk beside the citation cache), so a
warm build parses nothing: a blob's content never changes.

This module knows nothing of stamps: the caller passes the function that computes
them (site/exports.py), so that a version here is exactly the version a page shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import __version__
from ..problems import Problems
from . import model
from .git_log import BlobChange, GitError, claim_file_changes, commit_day, git, is_claims_file
from .load import Loaded, Project, read_records

CACHE_VERSION = "2"


@cache
def reader_fingerprint() -> str:
    """What the cached parses depend on: the code that reads and models the data
    (contract/ and briefing/). A briefbook whose model gained a field reads none of
    the parses an older one pickled, release number or not."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for source in sorted([*(package / "contract").glob("*.py"), *(package / "briefing").glob("*.py")]):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a claim: the ID it had then, its stamp, and when it was committed."""

    claim_id: str
    stamp: str
    date: dt.date
    commit: str | None
    """None: the working tree's text, not committed yet."""
    blob: str | None = None
    """The blob (file content) the version was read from."""
    position: int = 0
    """Order among commits of the same second (parents before children)."""

    @property
    def committed(self) -> bool:
        return self.commit is not None


@dataclass
class History:
    """Every claim version the repository holds, by the claim ID it had then."""

    available: bool
    """A git repository holds the project: versions can be read."""
    shallow: bool = False
    reason: str = ""
    """Why there is no history (`available` False)."""
    events: dict[str, list[Version]] = field(default_factory=dict)
    load_claim: Callable[[str, str], model.Claim | None] = field(default=lambda blob, claim_id: None, repr=False)

    def versions(
        self, claim_id: str, redirect_from: Iterable[str], current_stamp: str, today: dt.date
    ) -> list[Version]:
        """A current claim's versions, oldest first: those of its ID and of its former
        IDs (`redirect_from`), one entry per change, ending with the current text (dated
        `today` when it is not committed yet). Empty without a repository."""
        if not self.available:
            return []
        found = [v for old in (claim_id, *redirect_from) for v in self.events.get(old, ())]
        found.sort(key=lambda v: (v.date, v.position))
        versions: list[Version] = []
        for version in found:
            if versions and versions[-1].stamp == version.stamp and versions[-1].claim_id == version.claim_id:
                continue
            versions.append(version)
        if not versions or versions[-1].stamp != current_stamp or versions[-1].claim_id != claim_id:
            versions.append(Version(claim_id, current_stamp, today, None))
        return versions

    def claim_at(self, version: Version) -> model.Claim | None:
        """The claim as it was written in that version."""
        if version.blob is None:
            return None
        return self.load_claim(version.blob, version.claim_id)


def no_history(reason: str) -> History:
    return History(False, reason=reason)


class HistoryReader:
    """Reads claim histories, keeping every blob's parse: in memory for the life of the
    reader (a `mkdocs serve` session), on disk in `cache_dir` across builds."""

    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self._stamps: dict[str, dict[str, list[list[str]]]] = {}
        """Stamp function key → blob → [[claim ID, stamp], ...]."""
        self._claims: dict[str, dict[str, model.Claim]] = {}
        """Blob → its claims, as parsed in this process."""
        self._pickled: dict[str, dict[str, bytes]] = {}
        """Blob → each of its claims pickled, as read from the disk cache: a claim is
        unpickled only when a page needs it."""
        self._dirty: set[str] = set()

    # -- the disk cache ----------------------------------------------------------------------

    def _folder(self) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"history-v{CACHE_VERSION}-{reader_fingerprint()}"

    def _stamp_file(self, key: str) -> Path | None:
        folder = self._folder()
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return folder / f"stamps-{digest}.json" if folder else None

    def _stamps_for(self, key: str) -> dict[str, list[list[str]]]:
        if key not in self._stamps:
            entries: dict[str, list[list[str]]] = {}
            path = self._stamp_file(key)
            if path is not None and path.is_file():
                try:
                    entries = json.loads(path.read_text("utf-8"))
                except (OSError, ValueError):
                    entries = {}
            self._stamps[key] = entries
        return self._stamps[key]

    def _claims_path(self, blob: str) -> Path | None:
        folder = self._folder()
        return folder / "claims" / f"{blob}.pickle" if folder else None

    def save(self) -> None:
        """Best effort: a cache that cannot be written only makes the next build slower."""
        for key in self._dirty:
            path = self._stamp_file(key)
            if path is None:
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(self._stamps[key]), "utf-8")
                tmp.replace(path)
            except OSError:
                pass
        self._dirty.clear()

    # -- blobs -------------------------------------------------------------------------------

    def _parse(self, blob: str, path: str, text: str) -> dict[str, model.Claim]:
        loaded = Loaded({"claims": []}, {"claims": set()}, set())
        try:
            read_records("claims", path, text, Problems(), loaded)
        except Exception:  # an old file that today's reader cannot read is no version
            return {}
        claims: dict[str, model.Claim] = {}
        for claim in loaded.records["claims"]:
            claims.setdefault(claim.id, claim)
        return claims

    def _read_blobs(self, root: Path, wanted: dict[str, str]) -> dict[str, dict[str, model.Claim]]:
        """Parse blobs (hash → a path it was found at) with one `git cat-file --batch`."""
        if not wanted:
            return {}
        out = git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in wanted).encode())
        parsed: dict[str, dict[str, model.Claim]] = {}
        offset = 0
        for blob in wanted:
            header_end = out.index(b"\n", offset)
            header = out[offset:header_end].split()
            offset = header_end + 1
            if len(header) < 3 or header[1] != b"blob":
                parsed[blob] = {}
                continue
            size = int(header[2])
            content = out[offset : offset + size]
            offset += size + 1
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                parsed[blob] = {}
                continue
            parsed[blob] = self._parse(blob, wanted[blob], text)
        return parsed

    def _remember_claims(self, blob: str, claims: dict[str, model.Claim]) -> None:
        self._claims[blob] = claims
        path = self._claims_path(blob)
        if path is None or path.is_file():
            return
        try:
            pickled = {
                claim_id: pickle.dumps(claim, protocol=pickle.HIGHEST_PROTOCOL) for claim_id, claim in claims.items()
            }
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(pickled, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
        except (OSError, pickle.PicklingError):
            pass

    def claim_of(self, root: Path, blob: str, claim_id: str) -> model.Claim | None:
        """One claim of a blob, from memory, the disk cache or git."""
        if blob in self._claims:
            return self._claims[blob].get(claim_id)
        if blob not in self._pickled:
            cached = self._claims_path(blob)
            if cached is not None and cached.is_file():
                with contextlib.suppress(Exception):  # a damaged cache file: read git instead
                    self._pickled[blob] = pickle.loads(cached.read_bytes())  # our own cache file, never shared
        if blob in self._pickled:
            pickled = self._pickled[blob].get(claim_id)
            try:
                return pickle.loads(pickled) if pickled is not None else None
            except Exception:
                del self._pickled[blob]
        claims = self._read_blobs(root, {blob: "data/claims/file.yaml"}).get(blob, {})
        self._remember_claims(blob, claims)
        return claims.get(claim_id)

    # -- history -----------------------------------------------------------------------------

    def read(self, project: Project, stamp: Callable[[model.Claim], str], stamp_key: str) -> History:
        """Every version of every claim the repository holding `project` has committed.

        `stamp` computes a claim's version stamp, and `stamp_key` names it (stamps are
        cached per key). No repository (or no git) is no history; a repository whose
        history git cannot read raises GitError."""
        root = project.root
        if shutil.which("git") is None:
            return no_history("git is not installed")
        try:
            shallow = git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
        except GitError:
            return no_history("the project is not in a git repository")
        except OSError as error:
            return no_history(f"git could not run ({error})")
        claims_dir = os.path.relpath(project.data_dir / "claims", root).replace(os.sep, "/")
        try:
            changes = [c for c in claim_file_changes(root, claims_dir) if is_claims_file(c.path, claims_dir)]
        except GitError as error:
            if "does not have any commits" in str(error):
                return History(True, shallow)
            raise
        stamps = self._stamps_for(stamp_key)
        missing = {blob: c.path for c in changes for blob in (c.old, c.new) if blob and blob not in stamps}
        if missing:
            new = {b: cl for b, cl in ((b, self._claims.get(b)) for b in missing) if cl is not None}
            new.update(self._read_blobs(root, {b: p for b, p in missing.items() if b not in new}))
            for blob, claims in new.items():
                stamps[blob] = [[claim_id, stamp(claim)] for claim_id, claim in claims.items()]
                self._remember_claims(blob, claims)
            self._dirty.add(stamp_key)
        events: dict[str, list[Version]] = defaultdict(list)
        by_commit: dict[str, list[BlobChange]] = defaultdict(list)
        for change in changes:
            by_commit[change.commit].append(change)
        for commit, commit_changes in by_commit.items():
            before: dict[str, str] = {}
            after: dict[str, tuple[str, str]] = {}
            for change in commit_changes:
                if change.old:
                    for claim_id, claim_stamp in stamps.get(change.old, ()):
                        before.setdefault(claim_id, claim_stamp)
                if change.new:
                    for claim_id, claim_stamp in stamps.get(change.new, ()):
                        after.setdefault(claim_id, (claim_stamp, change.new))
            first = commit_changes[0]
            for claim_id, (claim_stamp, blob) in after.items():
                if before.get(claim_id) != claim_stamp:
                    events[claim_id].append(
                        Version(claim_id, claim_stamp, commit_day(first.time), commit, blob, first.position)
                    )
        return History(
            True, shallow, events=dict(events), load_claim=lambda blob, claim_id: self.claim_of(root, blob, claim_id)
        )
