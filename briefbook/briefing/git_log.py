"""What git says of the claims' files: every blob change under the claims folder,
commit by commit, read with one `git log --raw`, and blobs read with `git cat-file
--batch` (history.py parses them). Plain subprocess calls, no git library: two
commands cover the whole history."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 120


class GitError(Exception):
    """git failed for a reason other than there being no repository."""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        input=stdin,
        capture_output=True,
        timeout=GIT_TIMEOUT,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
    )
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


@dataclass(frozen=True, slots=True)
class BlobChange:
    commit: str
    time: int
    position: int
    path: str
    old: str | None
    new: str | None


def claim_file_changes(root: Path, claims_dir: str) -> list[BlobChange]:
    """Every blob change under `claims_dir`, commit by commit, parents first; a merge
    counts its changes against its first parent."""
    raw = git(
        root,
        "log",
        "-z",
        "--reverse",
        "--topo-order",
        "--format=%x01%H %ct",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--relative",
        "--diff-merges=first-parent",
        "--",
        claims_dir,
    )
    changes: list[BlobChange] = []
    commit, time, position = "", 0, -1
    tokens = raw.decode("utf-8", "surrogateescape").split("\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith("\x01"):
            commit, _, stamp = token[1:].partition(" ")
            time, position = int(stamp), position + 1
        elif token.startswith(":") and index < len(tokens):
            meta, path = token[1:].split(), tokens[index]
            index += 1
            old, new = meta[2], meta[3]
            changes.append(
                BlobChange(
                    commit, time, position, path, None if set(old) == {"0"} else old, None if set(new) == {"0"} else new
                )
            )
    return changes


def is_claims_file(path: str, claims_dir: str) -> bool:
    inside = path[len(claims_dir) + 1 :] if path.startswith(claims_dir + "/") else None
    return (
        bool(inside)
        and path.endswith((".yaml", ".yml"))
        and not any(part.startswith("_") for part in str(inside).split("/"))
    )


def commit_day(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
