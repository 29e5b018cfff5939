"""The EDTF subset of the data contract: parse, order and say dates in words.

A briefing's dates are often partial ("February 2024") or hedged ("about 2016"), and
a reader must never be told more than the analyst knows: so a date keeps its
precision from parsing to display, and nothing ever prints "1 February 2024" for a
month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

SIMPLE_PATTERN = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[?~%]?"
"""One date of the contract's form (the calendar is checked apart): ASCII digits only."""
EDTF_PATTERN = rf"^{SIMPLE_PATTERN}(/({SIMPLE_PATTERN}|\.\.))?(?![\s\S])"
r"""A whole date value, as the published JSON Schema states it. `(?![\s\S])` ends the
value in ECMAScript and Python alike (Python's `$` would let a final line break through)."""
FULL_DATE_PATTERN = r"^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}(?![\s\S])"
"""A day of publication or access: as the loader reads it, from year 0001 (Python's
`date`, which feeds and exports use, has no year 0000)."""

_SIMPLE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<qual>[?~%])?")
MONTHS = [calendar.month_name[i] for i in range(13)]
_GREGORIAN_CYCLE = 146097
"""Days in 400 Gregorian years: the calendar repeats, which lets year 0000 have an ordinal."""


@dataclass(frozen=True, order=True, slots=True)
class Day:
    """A calendar day of the proleptic Gregorian calendar, year 0000 included (which
    Python's `date` cannot hold)."""

    year: int
    month: int
    day: int

    def toordinal(self) -> int:
        """Days as `date.toordinal` counts them (0001-01-01 is 1; year 0000 below it)."""
        if self.year >= 1:
            return dt.date(self.year, self.month, self.day).toordinal()
        return dt.date(self.year + 400, self.month, self.day).toordinal() - _GREGORIAN_CYCLE

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


class Precision(IntEnum):
    """Finer precision sorts first among dates that start on the same day."""

    DAY = 0
    MONTH = 1
    YEAR = 2


class DateError(ValueError):
    """A date value outside the contract's EDTF subset; the message says what to write."""


@dataclass(frozen=True, slots=True)
class SimpleDate:
    """One calendar date at year, month or day precision, possibly qualified."""

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> Day:
        return Day(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> Day:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return Day(self.year, month, day)

    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.uncertain and self.approximate:
            text += "%"
        elif self.uncertain:
            text += "?"
        elif self.approximate:
            text += "~"
        return text

    def iso(self) -> str:
        """ISO 8601 at the date's own precision (`2024`, `2024-02`, `2024-02-21`)."""
        return self.edtf().rstrip("?~%")

    def plain_words(self) -> str:
        """The date alone at its own precision: `21 October 2024`, `February 2024`, `2016`."""
        if self.day is not None:
            return f"{self.day} {MONTHS[self.month or 1]} {self.year}"
        if self.month is not None:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    def words(self) -> str:
        text = self.plain_words()
        if self.approximate:
            text = f"about {text}"
        if self.uncertain:
            text = f"{text} (uncertain)"
        return text


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """A contract date: one SimpleDate, or an interval whose end may be open (`..`)."""

    start: SimpleDate
    end: SimpleDate | None = None
    open_end: bool = False

    @property
    def is_interval(self) -> bool:
        return self.end is not None or self.open_end

    @property
    def precision(self) -> Precision:
        return self.start.precision

    @property
    def earliest(self) -> Day:
        return self.start.earliest

    @property
    def latest(self) -> Day | None:
        """Last possible day, or None for an interval still open."""
        if self.open_end:
            return None
        return (self.end or self.start).latest

    @property
    def year(self) -> int:
        return self.start.year

    def sort_key(self) -> tuple[int, int, int]:
        """Earliest possible day, then finer precision first, then shorter spans first."""
        latest = self.latest
        return (
            self.earliest.toordinal(),
            int(self.precision),
            latest.toordinal() if latest else dt.date.max.toordinal() + 1,
        )

    def edtf(self) -> str:
        if not self.is_interval:
            return self.start.edtf()
        return f"{self.start.edtf()}/{self.end.edtf() if self.end else '..'}"

    def words(self) -> str:
        if not self.is_interval:
            return self.start.words()
        if self.end is None:
            return f"since {self.start.words()}"
        return f"{self.start.words()} – {self.end.words()}"

    def iso(self) -> str:
        """The start at its own precision, for HTML `datetime` attributes (never more
        precise than the data)."""
        return self.start.iso()

    def end_iso(self) -> str | None:
        """The end at its own precision, or None (a single date, or an open end)."""
        return self.end.iso() if self.end is not None else None


def _parse_simple(text: str, whole: str) -> SimpleDate:
    match = _SIMPLE.fullmatch(text)
    if not match:
        raise DateError(
            f"{whole!r} is not a date of the contract; write YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally ending in ? (uncertain), ~ (approximate) or % (both), or an "
            "interval START/END"
        )
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{whole!r} has month {month:02d}; months run from 01 to 12")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(
                f"{whole!r} has day {day:02d}, but {MONTHS[month]} {year:04d} has no {_ordinal(day)}: "
                f"it has {last} days"
            )
    qual = match["qual"]
    return SimpleDate(year, month, day, uncertain=qual in ("?", "%"), approximate=qual in ("~", "%"))


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _explain_form(text: str) -> str:
    """Why a value that is not of the form is refused, when it is a common slip."""
    if text != text.strip():
        return f"{text!r} has spaces or line breaks around it; write the date alone"
    if any(char.isdigit() and not char.isascii() for char in text):
        return f"{text!r} has digits that are not ASCII 0-9; write the date with 0-9"
    if "T" in text and text[:1].isdigit():
        return f"{text!r} is a date and time; dates here are days at most (YYYY-MM-DD)"
    return ""


def parse_edtf(text: str) -> EdtfDate:
    """Parse a contract date, raising DateError with a message that says what to write."""
    explained = _explain_form(text)
    if explained:
        raise DateError(explained)
    if "/" not in text:
        return EdtfDate(_parse_simple(text, text))
    start_text, _, end_text = text.partition("/")
    if start_text == "..":
        raise DateError(f"{text!r} has an open start; only the end of an interval may be open (..)")
    start = _parse_simple(start_text, text)
    if end_text == "..":
        return EdtfDate(start, None, open_end=True)
    end = _parse_simple(end_text, text)
    if not (end.earliest > start.earliest and end.latest > start.latest):
        raise DateError(
            f"{text!r} does not end after it starts: the end's earliest and latest possible days "
            f"({end.earliest.isoformat()}, {end.latest.isoformat()}) must both come after the start's "
            f"({start.earliest.isoformat()}, {start.latest.isoformat()}); write the earlier date first, "
            "or a single date"
        )
    return EdtfDate(start, end)


def parse_full_date(text: str) -> dt.date:
    """A full calendar day (YYYY-MM-DD), as `published`, `updated` and `accessed` need."""
    try:
        date = parse_edtf(text)
    except DateError as error:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) or _explain_form(text):
            raise  # a full date's form with an impossible day or month: say which
        raise DateError(f"{text!r} is not a full date; write YYYY-MM-DD") from error
    if date.is_interval or date.precision is not Precision.DAY or date.start.uncertain or date.start.approximate:
        raise DateError(f"{text!r} is not a full date; write YYYY-MM-DD")
    if date.start.year < 1:
        raise DateError(f"{text!r} is in year 0000; a day of publication or access is in year 0001 or later")
    return dt.date(date.start.year, date.start.month or 1, date.start.day or 1)


def day_words(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}"
