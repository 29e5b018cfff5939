#!/usr/bin/env python3
"""Every formatted citation of a set of briefings, to prove a speed change to the
citation formatting left its output byte for byte the same, and to time it.

    python bench/citation_outputs.py collect ITEMS.json [--synthetic DIR ...]
    python bench/citation_outputs.py format ITEMS.json OUT.json [--reverse] [--profile]
    cmp BEFORE.json AFTER.json

`collect` writes the CSL items briefbook makes, in English, French, Arabic, British
English and German, of: the example briefing (repository root), with and without a site
author and with a site name that looks like markup; the test fixtures the citation tests
use (tests/fixtures/small with and without author, plus the citing claims; the Arabic
briefing); an earlier version of each example claim; the dated items of
tests/test_citing_language.py in every locale it tests; and every claim of each
`--synthetic` project (`bench/make_briefing.py DIR --claims 1000`), in English, French
and Arabic. Items are fixed at collection (SOURCE_DATE_EPOCH pins the access date of
undated claims), so the same ITEMS file can be formatted by two checkouts.

`format` formats every item in Chicago and APA through `Formatter.compute` (HTML and
plain text, exactly what the cache stores) in one process per run, as a worker does,
and writes them as JSON; with `--reverse` in the opposite order (a memo that leaked
from one item into another would show as a difference). It prints the CPU time per
claim (two styles) of the synthetic items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SITE_URL = "https://example.org/briefing/"
LANGUAGES = ("en", "fr", "ar", "en-GB", "de")
SYNTHETIC_LANGUAGES = ("en", "fr", "ar")
LOCALE_DATE_LANGUAGES = ("fr", "ar", "de", "fr-CA", "es", "ru", "zh-CN", "pt-BR", "ja")


def _items_of(project: Path, docs_dir: str | None, language: str, name: str | None, author: Any) -> list[dict]:
    from briefbook.adapters.site_config import read_site_config
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.briefing.views import Views
    from briefbook.site.citation_cache import CitationCache
    from briefbook.site.files import Outputs
    from briefbook.site.urls import Site
    from briefbook.site.versions import ClaimVersion

    config = read_site_config(project)
    result = check_project(Project.at(project, docs_dir or config.docs_dir))
    assert result.ok, [str(p) for p in result.sorted_problems()]
    briefing = result.briefing
    site_name = config.site_name if name is None else name
    site_author = config.site_author if author is ... else author
    site = Site(site_name, SITE_URL, site_author, True)
    outputs = Outputs(briefing, Views(briefing), site, CitationCache(None), language=language)
    items = [outputs.csl_item(claim) for claim in briefing.claims.values()]
    if project == ROOT:
        for claim in briefing.claims.values():
            version = ClaimVersion(claim.id, "0123abcd", dt.date(2024, 3, 9), True, 1, (), False, claim)
            items.append(outputs.version_csl_item(version))
    return items


def _date_items(language: str) -> list[dict]:
    """The items of tests/test_citing_language.py's dates test."""
    base = {
        "id": "c",
        "type": "webpage",
        "title": "Un titre",
        "container-title": "Site",
        "URL": "https://example.org/claims/c/",
        "note": "Version 0123abcd",
        "accessed": {"date-parts": [[2024, 5, 2]]},
    }
    items = []
    for kind in ("accessed", "issued"):
        for day in (1, 2, 3, 11, 21, 22):
            it = {**base, "id": f"{kind}{day}", "language": language, kind: {"date-parts": [[2024, 5, day]]}}
            if kind == "issued":
                del it["accessed"]
            items.append(it)
    return items


def collect(out: Path, synthetic: list[Path]) -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01: undated claims' access date
    sys.path.insert(0, str(ROOT))
    cases: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        citing = Path(tmp) / "citing"
        shutil.copytree(FIXTURES / "small", citing)
        shutil.copy(FIXTURES / "citing" / "claims.yaml", citing / "data" / "claims" / "citing.yaml")
        projects = [
            ("example", ROOT, None),
            ("small", FIXTURES / "small", "content"),
            ("citing", citing, "content"),
            ("arabic", ROOT / "tests" / "briefings" / "arabic", None),
        ]
        for language in LANGUAGES:
            for label, project, docs_dir in projects:
                for site_label, name, author in (
                    ("own", None, ...),
                    ("no-author", None, None),
                    ("markup", "S & <i>", ...),
                ):
                    items = _items_of(project, docs_dir, language, name, author)
                    cases += [{"set": f"{label}/{site_label}", "language": language, "item": i} for i in items]
    for language in LOCALE_DATE_LANGUAGES:
        cases += [{"set": "dates", "language": language, "item": i} for i in _date_items(language)]
    for project in synthetic:
        for language in SYNTHETIC_LANGUAGES:
            items = _items_of(project, None, language, None, ...)
            cases += [{"set": f"synthetic:{project.name}", "language": language, "item": i} for i in items]
    out.write_text(json.dumps(cases, ensure_ascii=False, indent=0), "utf-8")
    print(f"{len(cases)} items written to {out}")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def format_all(items_file: Path, out: Path, reverse: bool, profile: bool) -> None:
    sys.path.insert(0, str(ROOT))
    from briefbook.site.citation_cache import CitationCache
    from briefbook.site.citations import STYLES, Formatter

    cases = json.loads(items_file.read_text("utf-8"))
    order = list(range(len(cases)))
    if reverse:
        order.reverse()
    formatters: dict[str, Formatter] = {}
    results: list[Any] = [None] * len(cases)
    cpu: dict[str, float] = {}
    counts: dict[str, int] = {}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    for index in order:
        case = cases[index]
        language = case["language"]
        if language not in formatters:
            formatters[language] = Formatter(CitationCache(None), language, quiet=True)
            for style in STYLES:  # load the styles outside the timing
                formatters[language].style(style)
        formatter = formatters[language]
        group = f"{case['set']} {language}" if case["set"].startswith("synthetic") else "fixtures"
        start = _cpu()
        if profiler is not None and group != "fixtures":
            profiler.enable()
        results[index] = {style: formatter.compute(style, case["item"]) for style in STYLES}
        if profiler is not None:
            profiler.disable()
        cpu[group] = cpu.get(group, 0.0) + _cpu() - start
        counts[group] = counts.get(group, 0) + 1
    out.write_text(json.dumps(results, ensure_ascii=False, indent=0), "utf-8")
    for group in sorted(cpu):
        print(f"{group}: {counts[group]} items, {1000 * cpu[group] / counts[group]:.2f} ms CPU per claim (2 styles)")
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    collecting = commands.add_parser("collect")
    collecting.add_argument("items", type=Path)
    collecting.add_argument("--synthetic", type=Path, action="append", default=[])
    formatting = commands.add_parser("format")
    formatting.add_argument("items", type=Path)
    formatting.add_argument("out", type=Path)
    formatting.add_argument("--reverse", action="store_true")
    formatting.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()
    started = time.perf_counter()
    if arguments.command == "collect":
        collect(arguments.items, arguments.synthetic)
    else:
        format_all(arguments.items, arguments.out, arguments.reverse, arguments.profile)
    print(f"{time.perf_counter() - started:.1f} s wall", file=sys.stderr)


if __name__ == "__main__":
    main()
