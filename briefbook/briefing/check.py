"""The library's front door: load → validate → ledger → (render), for any adapter.

The CLI and the MkDocs plugin both call `check_project`, then decide what to do with
the problems (exit code, PluginError, a page in `mkdocs serve`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Position, Problem, Problems
from . import ledger as ledger_mod
from .link_check import check_link_target
from .links import iter_links, near_cross_ref, near_miss_message
from .load import FileReads, Project, load_records, read_file_text
from .model import Briefing
from .read_cache import paused_gc
from .validate import check_briefing


@dataclass
class CheckResult:
    project: Project
    briefing: Briefing
    problems: Problems
    ledger: ledger_mod.Ledger
    new_entries: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems.errors

    def sorted_problems(self) -> list[Problem]:
        return self.problems.sorted()

    def record_new_permalinks(self) -> list[str]:
        """Add new IDs to the ledger: only for publishing builds with no errors."""
        if self.ok and self.new_entries:
            ledger_mod.write_ledger(self.ledger, self.new_entries)
            added, self.new_entries = self.new_entries, []
            return added
        return []


def content_pages(project: Project) -> list[Path]:
    if not project.content_dir.is_dir():
        return []
    return sorted(p for p in project.content_dir.rglob("*.md") if p.is_file())


def check_markdown_page(text: str, shown: str, briefing: Briefing, problems: Problems) -> None:
    """Cross-references in a hand-written page must resolve, reported at line:column."""
    line_starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            line_starts.append(index + 1)
    from bisect import bisect_right

    for link in iter_links(text):
        suggestion = near_cross_ref(link.target) if link.cross_ref is None else None
        if link.cross_ref is None and suggestion is None:
            continue
        line = bisect_right(line_starts, link.target_start)
        column = link.target_start - line_starts[line - 1] + 1
        if suggestion is not None:  # `[](claims:x)` would publish an invisible dead link
            problems.error(Position(shown, line, column), near_miss_message("link", link.target, suggestion))
            continue
        check_link_target(link.target, link.cross_ref, Position(shown, line, column), "link", briefing, problems)


def check_project(
    project: Project, frozen: bool = False, check_content: bool = True, reads: FileReads | None = None
) -> CheckResult:
    """Read and check everything; never raises for bad data, it reports. `reads` keeps
    what each data file gave, for the next check (`mkdocs serve`)."""
    problems = Problems()
    with paused_gc():  # thousands of records and their indexes, made and kept (see paused_gc)
        briefing = check_briefing(load_records(project, problems, reads), problems)
    if check_content:
        for path in content_pages(project):
            shown = project.relative(path)
            text = read_file_text(path, shown, problems)
            if text is not None:
                check_markdown_page(text, shown, briefing, problems)
    ledger = ledger_mod.read_ledger(project.ledger_path, project.relative(project.ledger_path), problems)
    new_entries = ledger_mod.check_ledger(ledger, briefing, problems, frozen)
    return CheckResult(project, briefing, problems, ledger, new_entries)
