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

_SIMPLE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qual>[?~%])?$")
MONTHS = [calendar.month_name[i] for i in range(13)]


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
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

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
    def earliest(self) -> dt.date:
        return self.start.earliest

    @property
    def latest(self) -> dt.date | None:
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
            latest.toordinal() if latest else dt.date.max.toordinal(),
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


def _parse_simple(text: str, whole: str) -> SimpleDate:
    match = _SIMPLE.match(text)
    if not match:
        raise DateError(
            f"{whole!r} is not a date of the contract; write YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally ending in ? (uncertain), ~ (approximate) or % (both), or an "
            "interval START/END"
        )
    year = int(match["year"])
    if year < 1:
        raise DateError(f"{whole!r} has year 0000; years run from 0001")
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{whole!r} has month {month:02d}; months run from 01 to 12")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"{whole!r} has day {day:02d}; {MONTHS[month]} {year} has {last} days")
    qual = match["qual"]
    return SimpleDate(year, month, day, uncertain=qual in ("?", "%"), approximate=qual in ("~", "%"))


def parse_edtf(text: str) -> EdtfDate:
    """Parse a contract date, raising DateError with a message that says what to write."""
    text = text.strip()
    if "/" not in text:
        return EdtfDate(_parse_simple(text, text))
    start_text, _, end_text = text.partition("/")
    if start_text == "..":
        raise DateError(f"{text!r} has an open start; only the end of an interval may be open (..)")
    start = _parse_simple(start_text, text)
    if end_text == "..":
        return EdtfDate(start, None, open_end=True)
    end = _parse_simple(end_text, text)
    if end.latest < start.earliest:
        raise DateError(f"{text!r} ends before it starts; write the earlier date first")
    return EdtfDate(start, end)


def parse_full_date(text: str) -> dt.date:
    """A full calendar day (YYYY-MM-DD), as `published`, `updated` and `accessed` need."""
    try:
        date = parse_edtf(text)
    except DateError as error:
        raise DateError(f"{text!r} is not a full date; write YYYY-MM-DD") from error
    if date.is_interval or date.precision is not Precision.DAY or date.start.uncertain or date.start.approximate:
        raise DateError(f"{text!r} is not a full date; write YYYY-MM-DD")
    return date.earliest


def day_words(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}"
