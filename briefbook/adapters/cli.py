"""The `briefbook` command: check, render, init, schema. Exit codes: 0 ok, 1 errors, 2 usage."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..briefing.check import CheckResult, check_project
from ..briefing.load import FileReads, Project
from ..problems import BriefingError, summary_line
from .site_config import Settings, SiteConfig, read_site_config

if TYPE_CHECKING:
    from ..site.versions import Versions


def print_report(result: CheckResult, fmt: str) -> None:
    """Every problem in order, then the totals, all on standard output: one stream, so
    piped or redirected output reads in the order it was written."""
    problems = result.sorted_problems()
    if fmt == "json":
        report = {
            "ok": result.ok,
            "errors": len(result.problems.errors),
            "warnings": len(result.problems.warnings),
            "problems": [p.as_dict() for p in problems],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for problem in problems:
        print(problem)
    print(summary_line(problems))


def configured_project(directory: str) -> tuple[Project, SiteConfig, Settings]:
    """The project as mkdocs.yml describes it: docs_dir, and the plugin's data_dir and
    templates_dir (the same reading `mkdocs build` makes)."""
    root = Path(directory)
    site_config = read_site_config(root)
    settings = site_config.settings()
    return settings.project(root, site_config.docs_dir), site_config, settings


def project_at(directory: str) -> Project:
    return configured_project(directory)[0]


def cached_reads(settings: Settings) -> FileReads:
    """The data files' reads kept between runs, beside the citation cache (read_cache.py)."""
    from ..briefing.read_cache import reads_cache_dir
    from ..site.citation_cache import default_cache_path

    return FileReads(cache_dir=reads_cache_dir(default_cache_path() if settings.citation_cache else None))


def read_history(result: CheckResult, settings: Settings, *, frozen: bool, publishing: bool) -> Versions | None:
    """The claims' versions from git and the version ledger's check, reported in
    `result` (site/versions.py); None when the data already has errors."""
    from ..briefing.history import HistoryReader
    from ..site.citation_cache import default_cache_path
    from ..site.versions import read_versions

    if not result.ok:
        return None
    cache = default_cache_path() if settings.citation_cache else None
    reader = HistoryReader(cache.parent if cache is not None else None)
    return read_versions(result, settings.published, reader, frozen=frozen, publishing=publishing)


def cmd_check(args: argparse.Namespace) -> int:
    project, _, settings = configured_project(args.dir)
    frozen = args.frozen or settings.frozen
    result = check_project(project, frozen=frozen, reads=cached_reads(settings))
    read_history(result, settings, frozen=frozen, publishing=False)
    print_report(result, args.format)
    return 0 if result.ok else 1


def cmd_render(args: argparse.Namespace) -> int:
    from ..briefing.publishing import is_publication, publishing_problems
    from ..site.language import language_problems
    from .plain_site import render_project

    project, site_config, settings = configured_project(args.dir)
    frozen = args.frozen or settings.frozen
    preview = args.preview or settings.preview
    result = check_project(project, frozen=frozen, reads=cached_reads(settings))
    result.problems.extend(language_problems(site_config.language))
    if result.ok:
        result.problems.extend(
            publishing_problems(
                result.briefing,
                site_config.site_url,
                serving=False,
                preview=preview,
                published_default=settings.published,
                site_author=site_config.site_author,
            )
        )
    publishing = is_publication(site_config.site_url, serving=False, preview=preview)
    versions = read_history(result, settings, frozen=frozen, publishing=publishing)
    if not result.ok:
        print_report(result, "text")
        return 1
    try:
        written = render_project(result, Path(args.out), settings, versions)
    except BriefingError as error:  # a template that fails, at its file and line
        result.problems.extend(error.problems)
        print_report(result, "text")
        return 1
    added = result.record_new_permalinks() if publishing and not frozen else []
    if publishing and not frozen and versions is not None:
        versions.record()
    for problem in result.sorted_problems():
        print(problem)
    print(f"wrote {written} files to {args.out}" + (f"; {len(added)} new permalink(s) recorded" if added else ""))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The whole briefing as JSON, without building the site."""
    from ..briefing.publishing import dated_claim, with_published_default
    from ..site.exports import stamp, to_json
    from ..site.files import exporter_for
    from ..site.urls import Site

    project, config, settings = configured_project(args.dir)
    result = check_project(project, reads=cached_reads(settings))
    versions = read_history(result, settings, frozen=False, publishing=False)
    if not result.ok:
        print_report(result, "text")
        return 1
    site = Site(config.site_name, config.site_url, config.site_author, config.use_directory_urls, config.language)
    # The same dates and stamps as the site's /api/briefing.json (see site/build.py: make_site).
    stamps = {c.id: stamp(dated_claim(c, settings.published)) for c in result.briefing.claims.values()}
    dated = versions.with_dates(result.briefing) if versions is not None else result.briefing
    document = exporter_for(
        with_published_default(dated, settings.published), site, stamps, language=config.language
    ).document()
    text = to_json(document)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, "utf-8")
        print(f"wrote {len(document['claims'])} claims to {args.out}")
    return 0


def mkdocs_command() -> str:
    """How to run MkDocs with the interpreter running briefbook, as a shell command that
    works without an activated environment: the `mkdocs` script beside this Python
    (a virtual environment's bin/), else `python -m mkdocs`."""
    python = Path(sys.executable)  # not resolved: a venv's python is a link to the base one
    script = python.parent / ("mkdocs.exe" if sys.platform == "win32" else "mkdocs")
    if script.is_file() and os.access(script, os.X_OK):
        return shlex.quote(str(script.absolute()))
    return f"{shlex.quote(str(python.absolute()))} -m mkdocs"


def cmd_init(args: argparse.Namespace) -> int:
    from .starter import create_starter

    try:
        created = create_starter(Path(args.dir))
    except FileExistsError as error:
        print(f"briefbook init: {error}", file=sys.stderr)
        return 2
    print(
        f"created a briefing in {args.dir} ({len(created)} files). Next, preview it while you edit "
        "(it rebuilds on every save; a preview records no permalink):\n"
        f"  cd {shlex.quote(args.dir)} && {mkdocs_command()} serve --dirty\n"
        'then open http://127.0.0.1:8000/ . To publish, see "Start your own briefing" in briefbook\'s README.'
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..contract.json_schema import write_schema_files

    for path in write_schema_files(Path(args.out)):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefbook", description="Sourced briefings: YAML claims → a cited website.")
    parser.add_argument("--version", action="version", version=f"briefbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check a briefing's data and report every problem")
    check.add_argument("dir", nargs="?", default=".", help="project folder (default: .)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--frozen", action="store_true", help="report IDs missing from data/permalinks.lock as errors")
    check.set_defaults(func=cmd_check)

    render = commands.add_parser("render", help="write the generated Markdown and a plain mkdocs.yml")
    render.add_argument("dir", help="project folder")
    render.add_argument("--out", required=True, help="output folder (created; must be empty or absent)")
    render.add_argument("--frozen", action="store_true", help="report IDs missing from data/permalinks.lock as errors")
    render.add_argument(
        "--preview", action="store_true", help="a preview, not a publication: record no permalink in the ledger"
    )
    render.set_defaults(func=cmd_render)

    export = commands.add_parser("export", help="write the whole briefing as one JSON document")
    export.add_argument("dir", help="project folder")
    export.add_argument("--out", required=True, help="JSON file to write, or - for standard output")
    export.set_defaults(func=cmd_export)

    init = commands.add_parser("init", help="create a small briefing that builds at once")
    init.add_argument("dir", help="new project folder (must be empty or absent)")
    init.set_defaults(func=cmd_init)

    schema = commands.add_parser("schema", help="write the JSON Schema files of the data format")
    schema.add_argument("--out", default=".", help="folder to write *.schema.json into")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BriefingError as error:
        for problem in error.problems:
            print(problem)
        print(summary_line(error.problems))
        return 1
    except FileExistsError as error:
        print(f"briefbook {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
