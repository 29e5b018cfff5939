"""What this machine's disk charges for a site's files, apart from any build.

    .venv/bin/python bench/disk.py SITE [--into DIR] [--runs 3]

Copies the shape of a built site (every folder and file of SITE, e.g. a 5,000-claim
site: 6,800 folders, 44,000 files) into a fresh folder, timing each step as the kernel
sees it (wall and system seconds): making the folders, creating the files empty,
writing their bytes into them, then removing the copy. Nothing of briefbook or MkDocs
runs: it is the floor a build's file writing stands on, and how much that floor moves
from one run to the next on the same disk (on this project's VM, creating the same
44,000 files took from 0.4 to 11 s of system time; see bench/HISTORY.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def timed(label: str, step: Callable[[], None]) -> None:
    before, wall = os.times(), time.perf_counter()
    step()
    after = os.times()
    print(f"  {label:<22} wall {time.perf_counter() - wall:6.2f} s   system {after.system - before.system:6.2f} s")


def one_run(copy: Path, folders: list[str], files: list[tuple[Path, bytes]]) -> None:
    """Make, fill and remove one copy of the site's files, each step timed."""

    def make_folders() -> None:
        for folder in folders:
            os.makedirs(copy / folder, exist_ok=True)

    def create() -> None:
        for path, _ in files:
            os.close(os.open(copy / path, os.O_WRONLY | os.O_CREAT, 0o644))

    def write() -> None:
        for path, data in files:
            with open(copy / path, "wb") as output:
                output.write(data)

    timed("make the folders", make_folders)
    timed("create the files", create)
    timed("write their bytes", write)
    timed("remove the copy", lambda: shutil.rmtree(copy))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--into", type=Path, default=None, help="where to make the copies (default: a temp folder)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = [(path.relative_to(args.site), path.read_bytes()) for path in args.site.rglob("*") if path.is_file()]
    folders = sorted({str(path.parent) for path, _ in files})
    print(f"{len(files)} files in {len(folders)} folders, {sum(len(data) for _, data in files) / 1e6:.0f} MB")
    work = Path(tempfile.mkdtemp(prefix="briefbook-disk-", dir=args.into))
    try:
        for run in range(1, args.runs + 1):
            print(f"run {run}")
            one_run(work / f"run-{run}", folders, files)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
