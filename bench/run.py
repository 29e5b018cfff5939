#!/usr/bin/env python3
"""Benchmark briefbook on synthetic briefings of 100, 1,000 and 5,000 claims.

    .venv/bin/python bench/run.py                      # full run (30-60 min on 2 cores)
    .venv/bin/python bench/run.py --quick              # smoke test: 100 and 1,000 claims, 1 run
    .venv/bin/python bench/run.py --out bench/out --json bench/out/results.json

Every step is timed as a whole process (interpreter start, imports and all), because
that is what an analyst waits for; each is run several times and the median reported.
The plain-MkDocs build of the same Markdown (from `briefbook render`) runs interleaved
with the plugin build, so the plugin's overhead is a ratio taken under the same machine
load. So does the anchor: plain MkDocs building the Markdown that `briefbook render`
wrote at commit aabb654 (hand-made Markdown pages, in effect), a fixed tree that later
changes to briefbook do not move; that old commit's code runs from `git archive` with
this venv's packages (and pybtex, which it needed, installed beside it with pip). Speed is checked here, never by a timed test in the suite: timings on a shared
machine are too noisy to fail a build on. See bench/README.md for the targets.

briefbook keeps formatted citations in the user's cache folder between builds, so a
build's time depends on what earlier builds left there. Every measured process gets its
own XDG_CACHE_HOME under the work folder: "cold" is an empty cache (a first build, a CI
build), "warm" is the cache the cold build of the same run just wrote. The user's own
cache is never read or written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_briefing  # the generator next to this file, not an installed module
import search_bytes  # the first search, in Chromium (Playwright)
import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100, 1000, 5000)
LARGE = 5000
"""From this size on, the `--*-large` options apply: one build takes minutes."""
SERVE_MODES = {"full": [], "dirty": ["--dirty"]}
"""`mkdocs serve` rebuilds the whole site after an edit; `--dirty` rebuilds only the
pages whose source files changed."""
SEED = 1
FIRST_SEARCH_MAX_MB = 1.0
FIRST_RESULTS_MAX_S = 1.0
SERVE_TIMEOUT = 1800.0
FETCH_TIMEOUT = 5.0
POLL = 0.05

# Targets of the issue. Each is checked on the numbers of this run only.
RATIO_MAX = 1.15  # at 1,000 claims: plugin build / plain MkDocs build of the same Markdown (issue #6)
ANCHOR_RATIO_MAX = 0.6  # at 1,000 claims: plugin build / plain MkDocs on the anchor's Markdown (issue #15)
ANCHOR_COMMIT = "aabb654"
"""`briefbook render` at this commit wrote the anchor's Markdown (issue #15)."""
ANCHOR_NEEDS = ("pybtex",)
"""What the anchor's code imports that this venv no longer has (installed with pip --target)."""
BUILD_5000_MAX = 30.0  # seconds, full build at 5,000 claims, warm citation cache
BUILD_5000_COLD_MAX = 60.0  # seconds, the same with an empty citation cache (issue #15)
SERVED_MAX = 1.5  # at 1,000 claims: `serve --dirty`, edit saved → edited page served (issue #15)
GROWTH_MAX = 5.5  # build(5,000) / build(1,000)
SERVE_SHARE_MAX = 0.40  # at 1,000 claims: serve rebuild after one edit / full (cold) build
CLAIM_PAGE_MAX_KB = 30.0

# Run inside a fresh interpreter for each measured command: RUSAGE_CHILDREN's ru_maxrss
# is the peak over every child a process ever had, so only a wrapper that has a single
# child gives that child's own peak. The clock runs here too, so the wrapper's own start
# is not counted.
WRAPPER = r"""
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as log:
    start = time.perf_counter()
    rc = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"rc": rc, "seconds": seconds, "cpu_seconds": cpu, "peak_kb": usage.ru_maxrss}))
"""


class BenchError(RuntimeError):
    """A step failed (non-zero exit, timeout): reported with its log, the run goes on."""


@dataclass
class Sample:
    seconds: float
    """Wall time: what the issue's targets are stated in."""
    cpu_seconds: float
    """User + system time: much less disturbed than wall time when other work shares the
    machine, so ratios are also given on it."""
    peak_kb: int


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class ServeResult:
    mode: str
    initial_s: float | None = None
    rebuild_s: list[float] = field(default_factory=list)
    """MkDocs' own 'Documentation built in X seconds' for each rebuild after an edit."""
    visible_s: list[float] = field(default_factory=list)
    """From the file write to the edited page being served: adds the watcher's polling
    (0.5 s) and debounce (0.1 s) to the rebuild."""
    error: str | None = None


@dataclass
class SizeResult:
    claims: int
    runs: int
    check: list[Sample] = field(default_factory=list)
    render: list[Sample] = field(default_factory=list)
    build: list[Sample] = field(default_factory=list)
    """`mkdocs build` with the plugin and an empty citation cache."""
    build_warm: list[Sample] = field(default_factory=list)
    """The same build again, with the cache the cold build wrote."""
    plain: list[Sample] = field(default_factory=list)
    anchor: list[Sample] = field(default_factory=list)
    """Plain MkDocs on the Markdown `briefbook render` wrote at ANCHOR_COMMIT."""
    serve: dict[str, ServeResult] = field(default_factory=dict)
    claim_page_bytes_median: float | None = None
    claim_page_bytes_max: int | None = None
    claim_pages: int = 0
    search_index_bytes: int | None = None
    """Material's search/search_index.json, or the whole pagefind/ folder."""
    first_search: dict[str, Any] | None = None
    """What a reader downloads to search once on a claim page (bench/search_bytes.py)."""
    site_bytes: int | None = None
    cache_bytes: int | None = None
    """What a cold build left in its cache folder (0: nothing is cached between builds)."""
    load_average: list[float] = field(default_factory=list)
    """1-minute load average before and after the timed runs: how shared the machine was."""
    error: str | None = None

    def median(self, name: str) -> float | None:
        return median([s.seconds for s in getattr(self, name)])

    def median_cpu(self, name: str) -> float | None:
        return median([s.cpu_seconds for s in getattr(self, name)])

    def peak_mb(self, name: str) -> float | None:
        samples: list[Sample] = getattr(self, name)
        return max(s.peak_kb for s in samples) / 1024 if samples else None

    def ratio(self, build: str = "build", cpu: bool = False, over: str = "plain") -> float | None:
        """A plugin build (cold or warm) over the plain build of the same Markdown (or of
        the anchor's, `over="anchor"`)."""
        of = self.median_cpu if cpu else self.median
        numerator, plain = of(build), of(over)
        return numerator / plain if numerator and plain else None

    def serve_rebuild(self, mode: str) -> float | None:
        serve = self.serve.get(mode)
        return median(serve.rebuild_s) if serve else None

    def serve_share(self, mode: str, build: str = "build") -> float | None:
        rebuild, full = self.serve_rebuild(mode), self.median(build)
        return rebuild / full if rebuild is not None and full else None

    def summary(self) -> dict[str, Any]:
        """The medians and derived numbers the table and the targets use."""
        check, render = self.median("check"), self.median("render")
        summary: dict[str, Any] = {
            "check_s": check,
            "render_s": render,
            "render_minus_check_s": render - check if render is not None and check is not None else None,
            "build_s": self.median("build"),
            "build_warm_s": self.median("build_warm"),
            "plain_s": self.median("plain"),
            "build_cpu_s": self.median_cpu("build"),
            "build_warm_cpu_s": self.median_cpu("build_warm"),
            "plain_cpu_s": self.median_cpu("plain"),
            "plugin_plain_ratio": self.ratio(),
            "plugin_plain_ratio_cpu": self.ratio(cpu=True),
            "warm_plain_ratio": self.ratio("build_warm"),
            "warm_plain_ratio_cpu": self.ratio("build_warm", cpu=True),
            "anchor_s": self.median("anchor"),
            "anchor_cpu_s": self.median_cpu("anchor"),
            "cold_anchor_ratio": self.ratio(over="anchor"),
            "cold_anchor_ratio_cpu": self.ratio(cpu=True, over="anchor"),
            "warm_anchor_ratio": self.ratio("build_warm", over="anchor"),
            "warm_anchor_ratio_cpu": self.ratio("build_warm", cpu=True, over="anchor"),
            "peak_mb_check": self.peak_mb("check"),
            "peak_mb_render": self.peak_mb("render"),
            "peak_mb_build": self.peak_mb("build"),
            "peak_mb_build_warm": self.peak_mb("build_warm"),
            "peak_mb_plain": self.peak_mb("plain"),
        }
        for mode, serve in self.serve.items():
            summary[f"serve_{mode}_rebuild_s"] = self.serve_rebuild(mode)
            summary[f"serve_{mode}_share_of_cold_build"] = self.serve_share(mode)
            summary[f"serve_{mode}_share_of_warm_build"] = self.serve_share(mode, "build_warm")
            summary[f"serve_{mode}_visible_s"] = median(serve.visible_s)
        return summary


@dataclass
class Tools:
    """The executables measured: those of the venv this script runs in (or the repo's)."""

    bin_dir: Path
    env: dict[str, str]

    @classmethod
    def find(cls) -> Tools:
        here = Path(sys.executable).parent
        bin_dir = here if (here / "mkdocs").exists() and (here / "briefbook").exists() else REPO / ".venv" / "bin"
        for name in ("python", "mkdocs", "briefbook"):
            if not (bin_dir / name).exists():
                sys.exit(f"bench: {bin_dir / name} not found; run `make test` once to create .venv")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
        for name in ("BRIEFBOOK_FROZEN", "BRIEFBOOK_CACHE", "BRIEFBOOK_SITE_URL"):
            env.pop(name, None)
        return cls(bin_dir, env)

    def exe(self, name: str) -> str:
        return str(self.bin_dir / name)

    def env_with_cache(self, cache: Path) -> dict[str, str]:
        """This process's own cache folder (see the module docstring)."""
        cache.mkdir(parents=True, exist_ok=True)
        return dict(self.env, XDG_CACHE_HOME=str(cache))


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def measure(tools: Tools, cmd: list[str], cwd: Path, log: Path, cache: Path) -> Sample:
    """Run `cmd` once as a whole process; its wall time, CPU time and its own peak RSS.

    The disk is synced first: the step before (a 5,000-claim site is 44,000 files, 364 MB)
    would otherwise be flushed by the kernel while this one runs, and on this VM's disk
    that made the same build take 2 to 29 s longer to create its files (bench/disk.py).
    Each command starts as on a fresh CI machine."""
    os.sync()
    wrapper = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(log), *cmd],
        cwd=cwd,
        env=tools.env_with_cache(cache),
        capture_output=True,
        text=True,
    )
    if wrapper.returncode != 0:
        raise BenchError(f"benchmark wrapper failed for {' '.join(cmd)}:\n{wrapper.stderr}")
    result = json.loads(wrapper.stdout)
    if result["rc"] != 0:
        raise BenchError(f"`{' '.join(cmd)}` (in {cwd}) exited with {result['rc']}; log {log}:\n{log_tail(log)}")
    return Sample(result["seconds"], result["cpu_seconds"], result["peak_kb"])


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_sizes(site: Path, result: SizeResult) -> None:
    """Claim pages are site/claims/<id>/index.html; site/claims/index.html is the index."""
    sizes = sorted(p.stat().st_size for p in site.glob("claims/*/index.html"))
    if sizes:
        result.claim_pages = len(sizes)
        result.claim_page_bytes_median = statistics.median(sizes)
        result.claim_page_bytes_max = sizes[-1]
    index = site / "search" / "search_index.json"
    if index.exists():
        result.search_index_bytes = index.stat().st_size
    if (site / "pagefind").is_dir():
        result.search_index_bytes = folder_bytes(site / "pagefind")
    result.site_bytes = folder_bytes(site)


def measure_first_search(site: Path, project: Path, result: SizeResult) -> None:
    """Open the page of the middle claim, search the longest word of its statement."""
    if not search_bytes.CHROMIUM.exists():
        progress(f"{result.claims} claims: first search not measured ({search_bytes.CHROMIUM} is missing)")
        return
    index = result.claims // 2
    claims = yaml.safe_load((project / make_briefing.claims_file(index)).read_text("utf-8"))
    statement = next(c["statement"] for c in claims if c["id"] == f"claim-{index}")
    word = max(re.findall(r"[a-z]+", statement.lower()), key=len)
    progress(f"{result.claims} claims: first search for {word!r} on claims/claim-{index}/ in Chromium")
    try:
        found = search_bytes.first_search(site, f"claims/claim-{index}/", word)
    except Exception as error:  # Playwright's errors: report, do not lose the run
        progress(f"{result.claims} claims: first search FAILED: {error}")
        return
    result.first_search = {"word": word, **asdict(found)}


def time_steps(tools: Tools, project: Path, work: Path, result: SizeResult, anchor: Path | None) -> None:
    """check, render, plugin build (cold, then warm), plain build and the anchor's
    plain build, run by run."""
    logs, caches = work / "logs", work / "cache"
    logs.mkdir(exist_ok=True)
    result.load_average.append(round(os.getloadavg()[0], 2))
    for run in range(1, result.runs + 1):
        remove(caches)
        tag = f"{result.claims} claims, run {run}/{result.runs}"
        briefbook, mkdocs = tools.exe("briefbook"), tools.exe("mkdocs")
        progress(f"{tag}: briefbook check")
        result.check.append(
            measure(tools, [briefbook, "check", "."], project, logs / f"check-{run}.log", caches / "check")
        )
        rendered = work / f"rendered-{run}"
        remove(rendered)
        progress(f"{tag}: briefbook render")
        command = [briefbook, "render", ".", "--out", str(rendered), "--frozen"]
        result.render.append(measure(tools, command, project, logs / f"render-{run}.log", caches / "render"))
        steps = (
            ("build", project, "briefbook plugin, empty cache"),
            ("build_warm", project, "briefbook plugin, the cache the previous build wrote"),
            ("plain", rendered, "plain MkDocs, the rendered Markdown"),
        )
        if anchor is not None:
            steps += (("anchor", anchor, f"plain MkDocs, the Markdown rendered at {ANCHOR_COMMIT}"),)
        for name, cwd, what in steps:
            # A folder of its own, removed only once every run is measured: removing
            # 44,000 files frees their blocks, and the disk's discards would land in
            # the next measured command (see measure()).
            site = work / f"site-{run}-{name}"
            progress(f"{tag}: mkdocs build ({what})")
            command = [mkdocs, "build", "-q", "-d", str(site)]
            # Both plugin builds share one cache folder: the first fills it, the second reads it.
            sample = measure(tools, command, cwd, logs / f"{name}-{run}.log", caches / "build")
            getattr(result, name).append(sample)
            if name == "build":
                result.cache_bytes = folder_bytes(caches / "build")
                if run == result.runs:
                    page_sizes(site, result)
                    measure_first_search(site, project, result)
    for folder in [*work.glob("rendered-*"), *work.glob("site-*")]:
        remove(folder)
    remove(caches)
    result.load_average.append(round(os.getloadavg()[0], 2))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page, or None while the server holds the request: it answers only once a
    rebuild is done, and never if the rebuild failed, so the caller keeps asking and
    watches the log in between."""
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            return response.read().decode("utf-8", "replace")
    except TimeoutError:
        return None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return None
        raise


BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
REBUILD_FAILED = "An error happened during the rebuild"


def set_title(project: Path, index: int, title: str) -> None:
    """Edit one claim's title in place, as an analyst's editor would save it."""
    path = project / make_briefing.claims_file(index)
    text = path.read_text("utf-8")
    pattern = re.compile(rf"^(- id: claim-{index}\n  title: ).*$", re.MULTILINE)
    new, count = pattern.subn(lambda m: m.group(1) + title, text)
    if count != 1:
        raise BenchError(f"claim-{index} not found where expected in {path}")
    path.write_text(new, "utf-8")


def default_sigint() -> None:
    """In the server: Ctrl-C works even if this script was started with SIGINT ignored
    (`cmd &` in a script), which the child would otherwise inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a user stops it (MkDocs then removes its temporary site and plugins
    their own); terminate, then kill, if it does not stop."""
    for send in (lambda: server.send_signal(signal.SIGINT), server.terminate, server.kill):
        if server.poll() is not None:
            return
        send()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            continue


def time_serve(tools: Tools, project: Path, work: Path, claims: int, mode: str, edits: int) -> ServeResult:
    """Edit one claim's title under `mkdocs serve`; time the rebuild and until it is served."""
    result = ServeResult(mode)
    port = free_port()
    base = f"http://127.0.0.1:{port}{urlsplit(make_briefing.SITE_URL).path}"
    log_path = work / "logs" / f"serve-{mode}.log"
    cache = work / "cache" / f"serve-{mode}"
    remove(cache)

    def log_text() -> str:
        return log_path.read_text("utf-8", "replace")

    def built() -> list[str]:
        return BUILT.findall(log_text())

    def wait_for(condition: Any, what: str) -> None:
        deadline = time.monotonic() + SERVE_TIMEOUT
        while not condition():
            if server.poll() is not None:
                raise BenchError(
                    f"mkdocs serve exited ({server.returncode}) {what}; log {log_path}:\n{log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise BenchError(f"mkdocs serve: timed out {what}; log {log_path}:\n{log_tail(log_path)}")
            time.sleep(POLL)

    progress(f"{claims} claims: mkdocs serve ({mode}), initial build")
    # MkDocs drops any build-log message identical to an earlier one (its DuplicateFilter),
    # so a rebuild taking the same 0.01 s as an earlier one would not log its time. It
    # installs that filter only when no warning option is set: set a harmless one.
    env = dict(tools.env_with_cache(cache), PYTHONWARNINGS="ignore::DeprecationWarning")
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [tools.exe("mkdocs"), "serve", "-a", f"127.0.0.1:{port}", *SERVE_MODES[mode]],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=default_sigint,
        )
    try:
        wait_for(lambda: "Serving on" in log_text(), "before serving")
        first = built()
        result.initial_s = float(first[0]) if first else None
        if fetch(base) is None:
            raise BenchError(f"mkdocs serve does not answer on {base}; log {log_path}:\n{log_tail(log_path)}")
        # Spread the edits over the briefing: first, middle and last claim files.
        indexes = sorted({round(k * (claims - 1) / max(1, edits - 1)) for k in range(edits)})
        for k, index in enumerate(indexes, 1):
            # Let a pending rebuild (there should be none) finish before the next edit.
            time.sleep(1.0)
            wait_for(lambda: log_text().count("Detected file changes") == len(built()) - 1, "idle")
            built_before, failed_before = len(built()), log_text().count(REBUILD_FAILED)
            marker = f"Benchmark edit {mode} {k} {time.time_ns()}"
            progress(f"{claims} claims: mkdocs serve ({mode}), edit {k}/{len(indexes)} (claim-{index})")
            url = f"{base}claims/claim-{index}/"
            set_title(project, index, marker)
            start = time.perf_counter()
            while marker not in (fetch(url) or ""):
                if log_text().count(REBUILD_FAILED) > failed_before:
                    raise BenchError(
                        f"mkdocs serve: the rebuild after editing claim-{index} failed; log {log_path}:\n{log_tail(log_path, 40)}"
                    )
                if time.perf_counter() > start + SERVE_TIMEOUT or server.poll() is not None:
                    raise BenchError(
                        f"mkdocs serve never served the edit of claim-{index}; log {log_path}:\n{log_tail(log_path)}"
                    )
                time.sleep(POLL)
            result.visible_s.append(time.perf_counter() - start)
            # The page is served once the build is done, so its log line is already there.
            deadline = time.monotonic() + 5
            while len(built()) <= built_before:
                if time.monotonic() > deadline:
                    raise BenchError(f"mkdocs serve logged no 'Documentation built in' for the edit; log {log_path}")
                time.sleep(POLL)
            result.rebuild_s.append(float(built()[built_before]))
    except urllib.error.URLError as error:
        result.error = f"mkdocs serve ({mode}): {error}; log {log_path}:\n{log_tail(log_path)}"
    except BenchError as error:
        result.error = str(error)
    finally:
        stop(server)
        remove(cache)
    if result.error:
        progress(f"{claims} claims: mkdocs serve ({mode}) FAILED: {result.error}")
    return result


@dataclass
class Anchor:
    """The code of ANCHOR_COMMIT (from `git archive`) and what it needs beyond this venv."""

    source: Path
    deps: Path

    @classmethod
    def prepare(cls, tools: Tools, root: Path, commit: str) -> Anchor:
        source, deps = root / f"anchor-{commit}", root / "anchor-deps"
        if not (source / "briefbook").is_dir():
            source.mkdir(parents=True, exist_ok=True)
            archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=False)
            if archive.returncode != 0:
                raise BenchError(f"git archive {commit} failed: {archive.stderr.decode(errors='replace')}")
            subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
        missing = [name for name in ANCHOR_NEEDS if not (deps / name).is_dir()]
        if missing:
            progress(f"anchor: pip install --target {deps} {' '.join(missing)}")
            subprocess.run(
                [tools.exe("python"), "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(deps), *missing],
                check=True,
            )
        return cls(source, deps)

    def render(self, tools: Tools, project: Path, out: Path, log: Path) -> Path:
        """The anchor's Markdown tree for `project` (not timed: a fixed input)."""
        remove(out)
        env = dict(tools.env_with_cache(out.parent / "cache" / "anchor"), PYTHONPATH=f"{self.source}:{self.deps}")
        command = [tools.exe("python"), "-c", "import sys; from briefbook.cli import main; sys.exit(main())"]
        with log.open("wb") as output:
            done = subprocess.run(
                [*command, "render", ".", "--out", str(out), "--frozen"],
                cwd=project,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if done.returncode != 0:
            raise BenchError(f"the anchor's render ({self.source.name}) failed; log {log}:\n{log_tail(log)}")
        return out


def use_search(project: Path, engine: str) -> None:
    """The generator's mkdocs.yml lists Material's search plugin; without it briefbook
    uses Pagefind (its default since issue #16)."""
    if engine == "pagefind":
        config = project / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("  - search\n", ""), "utf-8")


def bench_size(
    result: SizeResult,
    tools: Tools,
    root: Path,
    edits: int,
    modes: list[str],
    engine: str = "pagefind",
    anchor: Anchor | None = None,
) -> None:
    """Fills `result` as it goes, so an interrupted run still reports what it measured."""
    claims = result.claims
    work = root / f"claims-{claims}"
    remove(work)
    project = work / "briefing"
    progress(f"{claims} claims: writing the synthetic briefing")
    make_briefing.make(project, claims, SEED)
    use_search(project, engine)
    try:
        (work / "logs").mkdir(parents=True, exist_ok=True)
        tree = None
        if anchor is not None:
            progress(f"{claims} claims: the anchor's Markdown (briefbook render at {ANCHOR_COMMIT}, not timed)")
            tree = anchor.render(tools, project, work / "anchor", work / "logs" / "anchor-render.log")
        time_steps(tools, project, work, result, tree)
    except BenchError as error:
        result.error = str(error)
        progress(f"{claims} claims FAILED: {error}")
    if edits:
        for mode in modes:
            result.serve[mode] = time_serve(tools, project, work, claims, mode, edits)


def environment(tools: Tools) -> dict[str, Any]:
    """What the numbers depend on, printed with them so a quoted table can be placed."""
    versions = subprocess.run(
        [
            tools.exe("python"),
            "-c",
            "import importlib.metadata as m, platform; "
            "print(platform.python_version(), *(m.version(p) for p in ('mkdocs', 'mkdocs-material', 'briefbook')))",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    names = ("python", "mkdocs", "mkdocs_material", "briefbook")
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu or platform.processor(),
        "cpu_count": os.cpu_count(),
        **dict(zip(names, versions + [""] * (len(names) - len(versions)), strict=True)),
        "commit": commit or "unknown",
    }


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "–" if value is None else format(value, spec)


def kb(value: float | None) -> float | None:
    return None if value is None else value / 1024


def serve_cell(r: SizeResult, mode: str) -> str:
    serve = r.serve.get(mode)
    if serve is None or not serve.rebuild_s:
        return "failed" if serve is not None and serve.error else "–"
    share = r.serve_share(mode)
    return f"{fmt(r.serve_rebuild(mode))} ({fmt(share * 100 if share is not None else None, '.0f')} %)"


def first_search_cell(r: SizeResult) -> str:
    if not r.first_search:
        return "–"
    return f"{fmt(kb(r.first_search['bytes']), ',.0f')} ({fmt(r.first_search['seconds_to_results'])})"


def table(results: list[SizeResult]) -> str:
    header = (
        "| claims | runs | check s | render s (− check) | build s, cold (CPU) | build s, warm | plain s (CPU) "
        "| plugin/plain cold (CPU) · warm | anchor s (CPU) | plugin/anchor cold (CPU) · warm | serve rebuild s (% of cold build) | serve --dirty rebuild s (%) "
        "| peak MB build / plain | claim page KB median / max | search index KB | first search KB (s) | load |"
    )
    rows = [header, "|" + "---:|" * (header.count("|") - 1)]
    for r in results:
        s = r.summary()
        rows.append(
            f"| {r.claims:,} | {r.runs} | {fmt(s['check_s'])} "
            f"| {fmt(s['render_s'])} ({fmt(s['render_minus_check_s'])}) "
            f"| {fmt(s['build_s'])} ({fmt(s['build_cpu_s'])}) | {fmt(s['build_warm_s'])} "
            f"| {fmt(s['plain_s'])} ({fmt(s['plain_cpu_s'])}) "
            f"| {fmt(s['plugin_plain_ratio'])} ({fmt(s['plugin_plain_ratio_cpu'])}) · {fmt(s['warm_plain_ratio'])} "
            f"| {fmt(s['anchor_s'])} ({fmt(s['anchor_cpu_s'])}) "
            f"| {fmt(s['cold_anchor_ratio'])} ({fmt(s['cold_anchor_ratio_cpu'])}) · {fmt(s['warm_anchor_ratio'])} "
            f"| {serve_cell(r, 'full')} | {serve_cell(r, 'dirty')} "
            f"| {fmt(s['peak_mb_build'], '.0f')} / {fmt(s['peak_mb_plain'], '.0f')} "
            f"| {fmt(kb(r.claim_page_bytes_median), '.1f')} / {fmt(kb(r.claim_page_bytes_max), '.1f')} "
            f"| {fmt(kb(r.search_index_bytes), ',.0f')} "
            f"| {first_search_cell(r)} "
            f"| {' → '.join(f'{x:.1f}' for x in r.load_average) or '–'} |"
        )
    return "\n".join(rows)


def verdict(ok: bool | None) -> str:
    return "n/a " if ok is None else ("PASS" if ok else "FAIL")


def targets(results: list[SizeResult]) -> list[dict[str, Any]]:
    """Each target of the issue, with the numbers it was judged on (n/a if not measured).
    Build targets are judged twice: with an empty citation cache and with a warm one."""
    by_size = {r.claims: r for r in results}
    r1k, r5k = by_size.get(1000), by_size.get(5000)
    checks: list[dict[str, Any]] = []

    def add(name: str, ok: bool | None, detail: str) -> None:
        checks.append({"target": name, "ok": ok, "detail": detail})

    for build, label in (("build", "cold cache"), ("build_warm", "warm cache")):
        name = f"1,000 claims: full build ≤ {RATIO_MAX} × plain MkDocs [{label}]"
        ratio = r1k.ratio(build) if r1k else None
        if r1k is None or ratio is None:
            add(name, None, "not measured")
        else:
            detail = f"{r1k.median(build):.2f} s / {r1k.median('plain'):.2f} s = {ratio:.2f}"
            add(name, ratio <= RATIO_MAX, f"{detail} (on CPU time: {r1k.ratio(build, cpu=True) or 0:.2f})")
    for build, label in (("build", "cold cache"), ("build_warm", "warm cache")):
        name = f"1,000 claims: full build ≤ {ANCHOR_RATIO_MAX} × plain MkDocs on the {ANCHOR_COMMIT} Markdown [{label}]"
        ratio = r1k.ratio(build, over="anchor") if r1k else None
        if r1k is None or ratio is None:
            add(name, None, "not measured")
        else:
            detail = f"{r1k.median(build):.2f} s / {r1k.median('anchor'):.2f} s = {ratio:.2f}"
            cpu = r1k.ratio(build, cpu=True, over="anchor") or 0
            add(name, ratio <= ANCHOR_RATIO_MAX, f"{detail} (on CPU time: {cpu:.2f})")
    for build, label in (("build", "cold cache"), ("build_warm", "warm cache")):
        b5k = r5k.median(build) if r5k else None
        b1k = r1k.median(build) if r1k else None
        limit = BUILD_5000_COLD_MAX if build == "build" else BUILD_5000_MAX
        add(
            f"5,000 claims: full build, search index included, ≤ {limit:.0f} s [{label}]",
            None if b5k is None else b5k <= limit,
            "not measured" if b5k is None else f"{b5k:.2f} s",
        )
        growth = b5k / b1k if b5k and b1k else None
        add(
            f"5,000 claims: full build ≤ {GROWTH_MAX} × the 1,000-claim build [{label}]",
            None if growth is None else growth <= GROWTH_MAX,
            "not measured" if growth is None else f"{b5k:.2f} s / {b1k:.2f} s = {growth:.2f}",
        )
    for mode in SERVE_MODES:
        name = f"1,000 claims: `mkdocs serve{' --dirty' if mode == 'dirty' else ''}` rebuild after one edit ≤ {SERVE_SHARE_MAX:.0%} of a full build"
        share = r1k.serve_share(mode) if r1k else None
        if r1k is None or share is None:
            add(name, None, "not measured")
        else:
            warm = r1k.serve_share(mode, "build_warm")
            detail = f"{r1k.serve_rebuild(mode):.2f} s / {r1k.median('build'):.2f} s (cold) = {share:.0%}"
            add(name, share <= SERVE_SHARE_MAX, detail + (f"; of the warm build {warm:.0%}" if warm else ""))
    name = f"1,000 claims: `mkdocs serve --dirty`, one claim's title edited: served ≤ {SERVED_MAX} s after the save"
    dirty = r1k.serve.get("dirty") if r1k else None
    if dirty is None or not dirty.visible_s:
        add(name, None, "not measured")
    else:
        seen = median(dirty.visible_s) or 0.0
        add(name, seen <= SERVED_MAX, f"median {seen:.2f} s over {len(dirty.visible_s)} edit(s)")
    name = f"5,000 claims: a first search on a claim page downloads ≤ {FIRST_SEARCH_MAX_MB:.0f} MB"
    searched = r5k.first_search if r5k else None
    if not searched:
        add(name, None, "not measured")
    else:
        detail = f"{searched['bytes'] / 1024:,.0f} KB in {searched['requests']} requests"
        add(name, searched["bytes"] <= FIRST_SEARCH_MAX_MB * 1024 * 1024, detail)
        add(
            f"5,000 claims: first results ≤ {FIRST_RESULTS_MAX_S:.0f} s after the last key",
            searched["seconds_to_results"] <= FIRST_RESULTS_MAX_S,
            f"{searched['seconds_to_results']:.2f} s",
        )
    pages = [r for r in results if r.claim_page_bytes_max is not None]
    name = f"claim page HTML ≤ {CLAIM_PAGE_MAX_KB:.0f} KB"
    if pages:
        worst = max(pages, key=lambda r: r.claim_page_bytes_max or 0)
        worst_kb = (worst.claim_page_bytes_max or 0) / 1024
        add(name, worst_kb <= CLAIM_PAGE_MAX_KB, f"largest {worst_kb:.1f} KB (at {worst.claims:,} claims)")
    else:
        add(name, None, "not measured")
    return checks


def report(env: dict[str, Any], results: list[SizeResult], checks: list[dict[str, Any]], notes: list[str]) -> str:
    lines = [
        f"briefbook benchmark, {env['date']}, commit {env['commit']}",
        f"{env['platform']}; {env['cpu']}; {env['cpu_count']} CPUs; Python {env['python']}, "
        f"MkDocs {env['mkdocs']}, Material {env['mkdocs_material']}, briefbook {env['briefbook']}",
        "",
        table(results),
        "",
        *(f"{verdict(c['ok'])}  {c['target']}: {c['detail']}" for c in checks),
    ]
    seen = [
        f"{r.claims:,} claims {mode} {median(serve.visible_s):.2f} s"
        for r in results
        for mode, serve in r.serve.items()
        if serve.visible_s
    ]
    if seen:
        lines += ["", "Edit saved → edited page served (median): " + "; ".join(seen) + "."]
    if notes:
        lines += ["", *notes]
    for r in results:
        if r.error:
            lines += ["", f"{r.claims:,} claims FAILED:", r.error]
        for mode, serve in r.serve.items():
            if serve.error:
                lines += ["", f"{r.claims:,} claims, mkdocs serve ({mode}) FAILED:", serve.error]
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes are claim counts separated by commas: {error}") from error
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one positive claim count")
    return sizes


def parse_modes(text: str) -> list[str]:
    modes = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [m for m in modes if m not in SERVE_MODES]
    if unknown:
        raise argparse.ArgumentTypeError(f"serve modes are {', '.join(SERVE_MODES)}; not {', '.join(unknown)}")
    return modes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES), help="claim counts (100,1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size, median reported (3)")
    parser.add_argument(
        "--runs-large", type=int, default=1, help=f"runs for sizes ≥ {LARGE:,} (1: a build takes minutes)"
    )
    parser.add_argument(
        "--serve-edits", type=int, default=3, help="claim edits under mkdocs serve per size (3; 0 skips)"
    )
    parser.add_argument("--serve-edits-large", type=int, default=1, help=f"edits for sizes ≥ {LARGE:,} (1)")
    parser.add_argument("--serve-modes", type=parse_modes, default=list(SERVE_MODES), help="full,dirty (both)")
    parser.add_argument("--serve-modes-large", type=parse_modes, default=["full"], help=f"for sizes ≥ {LARGE:,} (full)")
    parser.add_argument("--out", type=Path, help="work folder, kept (e.g. bench/out, git-ignored); default: a temp dir")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument(
        "--search", choices=("pagefind", "material"), default="pagefind", help="the site's search (pagefind)"
    )
    parser.add_argument(
        "--anchor",
        default=ANCHOR_COMMIT,
        help=f"commit whose `briefbook render` output is the anchor ({ANCHOR_COMMIT}); 'none' skips it",
    )
    parser.add_argument("--quick", action="store_true", help="smoke test: sizes 100,1000, one run, one serve edit")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.runs_large, args.serve_edits, args.serve_edits_large = [100, 1000], 1, 1, 1, 1
    if min(args.runs, args.runs_large) < 1 or min(args.serve_edits, args.serve_edits_large) < 0:
        parser.error("--runs must be ≥ 1 and --serve-edits ≥ 0")

    tools = Tools.find()
    env = environment(tools)
    root = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="briefbook-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    progress(f"work folder {root}")
    results: list[SizeResult] = []
    notes: list[str] = []
    interrupted = False
    try:
        anchor = None
        if args.anchor != "none":
            try:
                anchor = Anchor.prepare(tools, root, args.anchor)
            except (BenchError, subprocess.CalledProcessError) as error:
                notes.append(f"The anchor ({args.anchor}) could not be prepared, so it was not measured: {error}")
        for claims in args.sizes:
            large = claims >= LARGE
            runs = args.runs_large if large else args.runs
            edits = args.serve_edits_large if large else args.serve_edits
            modes = args.serve_modes_large if large else args.serve_modes
            if large and (runs, edits, modes) != (args.runs, args.serve_edits, args.serve_modes):
                notes.append(
                    f"{claims:,} claims: {runs} run(s), {edits} serve edit(s), serve mode(s) {','.join(modes)} "
                    f"(instead of {args.runs}, {args.serve_edits}, {','.join(args.serve_modes)}): one build takes "
                    "minutes; see --runs-large, --serve-edits-large, --serve-modes-large."
                )
            results.append(SizeResult(claims, runs))
            bench_size(results[-1], tools, root, edits, modes, args.search, anchor)
    except KeyboardInterrupt:
        interrupted = True
        notes.append("Interrupted (Ctrl-C): the last size is incomplete, later sizes were not measured.")
    finally:
        if args.out is None:
            remove(root)
    notes.append(
        "Times are medians of whole processes. 'render' includes loading and checking; the bracket is render − check. "
        "'cold': an empty citation cache (a first or CI build); 'warm': the cache the cold build just wrote. "
        "'serve rebuild' is MkDocs' own 'Documentation built in' after one claim's title is edited "
        "(`mkdocs serve` rebuilds everything; `--dirty` only changed pages), as a share of the cold full build; "
        "'served' adds the file watcher's polling (0.5 s) and debounce (0.1 s). "
        "CPU = user + system time of the process. Load = 1-minute load average before → after the timed runs "
        f"(on {os.cpu_count()} CPUs: above that, other work was competing and wall times are inflated)."
    )
    checks = targets(results)
    print(report(env, results, checks, notes))
    if args.json:
        payload = {
            "environment": env,
            "results": [{**asdict(r), "summary": r.summary()} for r in results],
            "targets": checks,
            "notes": notes,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    failed = any(r.error or any(s.error for s in r.serve.values()) for r in results)
    return 130 if interrupted else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
