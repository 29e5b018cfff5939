#!/usr/bin/env python3
"""What claim history costs a build (issue #17): a 1,000-claim synthetic briefing with
300 commits of history, built warm with its git repository and without it.

    .venv/bin/python bench/history_cost.py [--claims 1000] [--commits 300] [--runs 3] [--out DIR]

The briefing is bench/make_briefing.py's (seed 1). Its history: the first third of the
commits add the claims in equal batches (a briefing written over time), the rest each
revise one claim chosen at random (confidence changed, a source added, a date made
precise or the statement extended: a new version each). "Without history" is the same
project copied without `.git/` (briefbook then reads no history and builds no version
page); "with history" reads the repository. Both builds are previews (nothing is
recorded in data/), each process has its own XDG_CACHE_HOME, and each variant is built
once cold to fill its caches (citations; parsed blobs) before the timed warm runs, which
alternate between the variants so both see the same machine load. Target: the warm
build with history takes at most 1.10 × the warm build without. Times are medians; CPU
time (user + system, worker processes included) moves less than wall time on a shared
machine, so both are given, with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_briefing  # noqa: E402

TARGET = 1.10


def git(root: Path, *args: str, when: int = 0) -> None:
    stamp = f"@{1700000000 + when * 3600} +0000"
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_DATE=stamp,
    )
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def write_claims(project: Path, claims: list[dict], files: set[int] | None = None) -> None:
    """The claims in files of 100, as make_briefing writes them (only `files` if given)."""
    per_file = make_briefing.CLAIMS_PER_FILE
    for start in range(0, len(claims), per_file):
        if files is not None and start not in files:
            continue
        path = project / make_briefing.claims_file(start)
        text = yaml.safe_dump(claims[start : start + per_file], sort_keys=False, allow_unicode=True)
        path.write_text(text, "utf-8")


def revise(claim: dict, rng: random.Random, n_sources: int) -> None:
    """One revision that changes the claim's meaning, so one new version."""
    choice = rng.randrange(4)
    if choice == 0:
        claim["confidence"] = {"low": "moderate", "moderate": "high", "high": "moderate"}[claim["confidence"]]
    elif choice == 1:
        cited = {s if isinstance(s, str) else s["ref"] for s in claim["sources"]}
        claim["sources"].append(
            next(f"source-{i}" for i in rng.sample(range(n_sources), 10) if f"source-{i}" not in cited)
        )
    elif choice == 2 and "date" in claim and len(str(claim["date"])) < 10:
        date = str(claim["date"])
        claim["date"] = f"{date}-06-15" if len(date) == 4 else f"{date}-15"
    else:
        claim["statement"] += " A later report confirmed it."


def make_history(project: Path, commits: int, seed: int = 1) -> int:
    """Rewrite the claims as `commits` commits; return the number of revisions."""
    per_file = make_briefing.CLAIMS_PER_FILE
    claims: list[dict] = []
    for path in sorted((project / "data" / "claims").glob("*.yaml"), key=lambda p: p.name):
        claims += yaml.safe_load(path.read_text("utf-8"))
    claims.sort(key=lambda c: int(c["id"].split("-")[1]))
    n_sources = len(yaml.safe_load((project / "data" / "sources.yaml").read_text("utf-8")))
    for path in (project / "data" / "claims").glob("*.yaml"):
        path.unlink()
    git(project, "init", "-q", "-b", "main")
    adding = max(1, commits // 3)
    batch = -(-len(claims) // adding)
    when = 0
    for step in range(adding):
        written = claims[: (step + 1) * batch]
        write_claims(
            project, written, {((len(written) - 1) // per_file) * per_file, (step * batch // per_file) * per_file}
        )
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", f"claims up to {len(written)}", when=when)
        when += 1
    rng = random.Random(seed)
    for _ in range(commits - adding):
        index = rng.randrange(len(claims))
        revise(claims[index], rng, n_sources)
        write_claims(project, claims, {(index // per_file) * per_file})
        git(project, "commit", "-q", "-am", f"revise {claims[index]['id']}", when=when)
        when += 1
    return commits - adding


def build(project: Path, site: Path, cache: Path, log: Path) -> tuple[float, float]:
    """One `mkdocs build` as a whole process: wall and CPU seconds (children included)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), BRIEFBOOK_PREVIEW="true", NO_MKDOCS_2_WARNING="1")
    for name in ("BRIEFBOOK_FROZEN", "BRIEFBOOK_CACHE", "BRIEFBOOK_SITE_URL"):
        env.pop(name, None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", str(site)],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"build failed in {project}; see {log}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="keep the work folder here")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="briefbook-history-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        with_git = work / "with-history"
        shutil.rmtree(with_git, ignore_errors=True)
        make_briefing.make(with_git, args.claims)
        config = with_git / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("  - search\n", ""), "utf-8")  # Pagefind, the default
        started = time.perf_counter()
        revisions = make_history(with_git, args.commits)
        print(f"history: {args.commits} commits ({revisions} revisions) in {time.perf_counter() - started:.1f} s")
        without = work / "without-history"
        shutil.rmtree(without, ignore_errors=True)
        shutil.copytree(with_git, without, ignore=shutil.ignore_patterns(".git"))
        variants = {"without": without, "with": with_git}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for name, project in variants.items():  # cold: fills the caches
            wall, _ = build(project, work / f"site-{name}", work / f"cache-{name}", work / f"{name}-cold.log")
            print(f"cold build {name} history: {wall:.1f} s")
        load_before = os.getloadavg()[0]
        for run in range(args.runs):
            for name, project in variants.items():
                times[name].append(
                    build(project, work / f"site-{name}", work / f"cache-{name}", work / f"{name}-{run}.log")
                )
        load_after = os.getloadavg()[0]
        version_pages = sum(1 for _ in (work / "site-with").glob("claims/*/v/*/index.html"))
        result = {
            "claims": args.claims,
            "commits": args.commits,
            "revisions": revisions,
            "version_urls": version_pages,
            "runs": args.runs,
            "load": [round(load_before, 2), round(load_after, 2)],
        }
        for name in variants:
            result[f"warm_{name}_s"] = round(statistics.median(t[0] for t in times[name]), 2)
            result[f"warm_{name}_cpu_s"] = round(statistics.median(t[1] for t in times[name]), 2)
        result["ratio"] = round(result["warm_with_s"] / result["warm_without_s"], 3)
        result["ratio_cpu"] = round(result["warm_with_cpu_s"] / result["warm_without_cpu_s"], 3)
        print(
            f"warm build, {args.claims} claims, {args.commits} commits ({version_pages} version URLs), "
            f"median of {args.runs}: without history {result['warm_without_s']} s "
            f"(CPU {result['warm_without_cpu_s']} s), with history {result['warm_with_s']} s "
            f"(CPU {result['warm_with_cpu_s']} s): ×{result['ratio']} wall, ×{result['ratio_cpu']} CPU "
            f"(target ≤ ×{TARGET}); load {load_before:.2f} → {load_after:.2f}"
        )
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
