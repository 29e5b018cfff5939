"""The one shape every message to a user takes: where, how bad, and what to do.

Every layer reports into a list of Problems instead of raising on the first one, so
an analyst sees all that is wrong in one run (mkdocs/config/base.py does the same).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in a project file; line and column count from 1, as editors do."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


@dataclass(frozen=True, slots=True)
class Problem:
    position: Position
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        return f"{self.position}: {prefix}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.position.path,
            "line": self.position.line,
            "column": self.position.column,
            "severity": self.severity.value,
            "message": self.message,
        }


class Problems(list[Problem]):
    """An append-only list of problems with helpers that keep messages uniform."""

    def error(self, position: Position, message: str) -> None:
        self.append(Problem(position, message, Severity.ERROR))

    def warning(self, position: Position, message: str) -> None:
        self.append(Problem(position, message, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]

    def sorted(self) -> list[Problem]:
        return sorted(self, key=lambda p: (p.position, p.severity.value, p.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix when a close match exists, else ''."""
    choices = list(choices)
    by_case = {choice.casefold(): choice for choice in choices}
    if word.casefold() in by_case and by_case[word.casefold()] != word:
        return f" (did you mean {by_case[word.casefold()]!r}?)"
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def summary_line(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


class BriefingError(Exception):
    """Raised by the library when a briefing cannot be built; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
