"""briefbook/dates.py: the EDTF subset of the data contract ("Dates" in data-format.md).

Parsing of every allowed form, rejection of everything else, the sort order ("by
earliest possible day, then finer precision first") and the words a date is shown in
("21 October 2024", "February 2024" - never "1 February 2024" -, "about 2016", ...).
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest
from conftest import check
from hypothesis import given, settings
from hypothesis import strategies as st

from briefbook.contract.dates import DateError, Precision, SimpleDate, day_words, parse_edtf, parse_full_date

ROOT = Path(__file__).resolve().parent.parent

# --- parsing every allowed form ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2024", Precision.YEAR, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-02", Precision.MONTH, dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2024-04", Precision.MONTH, dt.date(2024, 4, 1), dt.date(2024, 4, 30)),
        ("2024-12", Precision.MONTH, dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        ("2024-02-21", Precision.DAY, dt.date(2024, 2, 21), dt.date(2024, 2, 21)),
        ("2024-02-29", Precision.DAY, dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
        ("1999-12-31", Precision.DAY, dt.date(1999, 12, 31), dt.date(1999, 12, 31)),
    ],
)
def test_simple_dates_keep_their_precision(text, precision, earliest, latest):
    date = parse_edtf(text)
    assert not date.is_interval
    assert date.precision is precision
    assert date.earliest.toordinal() == earliest.toordinal()
    assert date.latest.toordinal() == latest.toordinal()
    assert date.edtf() == text


@pytest.mark.parametrize(
    ("text", "uncertain", "approximate"),
    [
        ("2016?", True, False),
        ("2016~", False, True),
        ("2016%", True, True),
        ("2024-08~", False, True),
        ("2024-08?", True, False),
        ("2024-02-21%", True, True),
        ("2024-02-21?", True, False),
    ],
)
def test_qualifiers(text, uncertain, approximate):
    date = parse_edtf(text)
    assert date.start.uncertain is uncertain
    assert date.start.approximate is approximate
    assert date.edtf() == text


def test_a_qualifier_does_not_change_precision_or_days():
    assert parse_edtf("2024-08~").earliest == parse_edtf("2024-08").earliest
    assert parse_edtf("2024-08~").latest == parse_edtf("2024-08").latest
    assert parse_edtf("2016?").precision is Precision.YEAR


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-06/2023-08", SimpleDate(2023, 6), SimpleDate(2023, 8)),
        ("2023/2024", SimpleDate(2023), SimpleDate(2024)),
        ("2023-06-01/2023-06-30", SimpleDate(2023, 6, 1), SimpleDate(2023, 6, 30)),
        ("2016?/2017~", SimpleDate(2016, uncertain=True), SimpleDate(2017, approximate=True)),
        ("2024-02/2024-03", SimpleDate(2024, 2), SimpleDate(2024, 3)),
        ("2023-06/2024", SimpleDate(2023, 6), SimpleDate(2024)),
    ],
)
def test_closed_intervals(text, start, end):
    date = parse_edtf(text)
    assert date.is_interval
    assert not date.open_end
    assert date.start == start
    assert date.end == end
    assert date.earliest == start.earliest
    assert date.latest == end.latest
    assert date.edtf() == text


@pytest.mark.parametrize("text", ["2024-03/..", "2024/..", "2024-03-05/..", "2016~/.."])
def test_open_end(text):
    date = parse_edtf(text)
    assert date.is_interval
    assert date.open_end
    assert date.end is None
    assert date.latest is None
    assert date.edtf() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" 2024", "' 2024' has spaces or line breaks around it; write the date alone"),
        ("2024\n", "'2024\\n' has spaces or line breaks around it; write the date alone"),
        ("２０２４", "'２０２４' has digits that are not ASCII 0-9; write the date with 0-9"),
        ("٢٠٢٤-01", "'٢٠٢٤-01' has digits that are not ASCII 0-9; write the date with 0-9"),
        ("1985-04-12T23:20:30", "'1985-04-12T23:20:30' is a date and time; dates here are days at most (YYYY-MM-DD)"),
    ],
)
def test_whitespace_other_digits_and_times_are_errors_that_say_so(text, message):
    """Contract 1.1: no surrounding spaces or line breaks, ASCII digits, no date-times
    (the JSON Schema refuses the same values, see test_schema_pattern_is_the_loader_rule)."""
    with pytest.raises(DateError) as caught:
        parse_edtf(text)
    assert str(caught.value) == message


# --- everything else is an error -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "24",
        "24-02",
        "202",
        "20245",
        "2024-2",
        "2024-02-1",
        "2024-13",
        "2024-00",
        "2024-02-00",
        "2024-02-30",
        "2023-02-29",
        "2024-04-31",
        "2024-02-21T10:00",
        "2024-02-21T10:00:00Z",
        "2024-02-21 10:00",
        "2024-02-21Z",
        "2024?~",
        "2024??",
        "~2024",
        "?2024",
        "-2024",
        "2024-W05",
        "2024-21",  # a season (EDTF level 1): not part of the contract
        "2024-XX",  # unspecified digits (level 1): not part of the contract
        "201X",
        "Y170000002",  # long year (level 1)
        "[2024,2025]",  # sets (level 2)
        "{2024..2025}",
        "2024/2023",
        "2024-02/2024-01",
        "2024-02-15/2024-02-14",
        "../2024",
        "../..",
        "2024/",
        "/2024",
        "2024//2025",
        "2024/2025/2026",
        "2024/../..",
        "21/10/2024",
        "October 2024",
        "2024.5",
        "0x7E8",
    ],
)
def test_rejects_everything_outside_the_contract(text):
    with pytest.raises(DateError):
        parse_edtf(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-13", "'2024-13' has month 13; months run from 01 to 12"),
        ("2024-02-30", "'2024-02-30' has day 30, but February 2024 has no 30th: it has 29 days"),
        ("2023-02-29", "'2023-02-29' has day 29, but February 2023 has no 29th: it has 28 days"),
        (
            "2024/2023",
            "'2024/2023' does not end after it starts: the end's earliest and latest possible days "
            "(2023-01-01, 2023-12-31) must both come after the start's (2024-01-01, 2024-12-31); write the "
            "earlier date first, or a single date",
        ),
        (
            "2024-03/2024-03-01",
            "'2024-03/2024-03-01' does not end after it starts: the end's earliest and latest possible days "
            "(2024-03-01, 2024-03-01) must both come after the start's (2024-03-01, 2024-03-31); write the "
            "earlier date first, or a single date",
        ),
        ("../2024", "'../2024' has an open start; only the end of an interval may be open (..)"),
        (
            "24-02",
            "'24-02' is not a date of the contract; write YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in "
            "? (uncertain), ~ (approximate) or % (both), or an interval START/END",
        ),
        (
            "2023-06/2023-8",
            "'2023-06/2023-8' is not a date of the contract; write YYYY, YYYY-MM or YYYY-MM-DD, optionally "
            "ending in ? (uncertain), ~ (approximate) or % (both), or an interval START/END",
        ),
    ],
)
def test_error_messages_say_what_to_write(text, message):
    with pytest.raises(DateError) as caught:
        parse_edtf(text)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["0000", "0000-02-29", "0000/2024", "0000-12~"])
def test_year_zero_is_a_date(text):
    """EDTF level 0 and the contract include year 0000 (a leap year: 1 BCE), which
    Python's date cannot hold: it parses, sorts before year 1 and is written out."""
    date = parse_edtf(text)
    assert date.edtf() == text
    assert date.sort_key() < parse_edtf("0001").sort_key()
    assert "0" in date.words()
    assert date.iso().startswith("0000")


def test_full_date_of_year_zero_is_a_date_error():
    with pytest.raises(DateError):
        parse_full_date("0000-01-01")


# --- full dates (published, updated, accessed) -----------------------------------------


def test_full_date():
    assert parse_full_date("2024-02-21") == dt.date(2024, 2, 21)
    assert parse_full_date("2024-02-29") == dt.date(2024, 2, 29)


def test_a_full_date_with_an_impossible_day_says_which_day():
    with pytest.raises(DateError) as caught:
        parse_full_date("2024-02-30")
    assert str(caught.value) == "'2024-02-30' has day 30, but February 2024 has no 30th: it has 29 days"


@pytest.mark.parametrize(
    "text", ["2024", "2024-02", "2024-02-21?", "2024-02-21~", "2024-02-21/2024-02-22", "24-02-21", ""]
)
def test_full_date_rejects_partial_qualified_and_impossible_dates(text):
    with pytest.raises(DateError) as caught:
        parse_full_date(text)
    assert str(caught.value) == f"{text!r} is not a full date; write YYYY-MM-DD"


# --- sort order: earliest possible day, then finer precision first ------------------


def order(*texts: str) -> list[str]:
    return [d.edtf() for d in sorted((parse_edtf(t) for t in texts), key=lambda d: d.sort_key())]


def test_sort_by_earliest_day_then_finer_precision_first():
    assert order("2024", "2024-02", "2024-01", "2023-12-31", "2024-01-01") == [
        "2023-12-31",
        "2024-01-01",
        "2024-01",
        "2024",
        "2024-02",
    ]


def test_a_year_sorts_before_a_later_month_of_that_year():
    # 2024 may have been any day from 1 January: its earliest day comes first
    assert order("2024-06-15", "2024-06", "2024") == ["2024", "2024-06", "2024-06-15"]


def test_intervals_sort_by_their_start():
    assert order("2023-07", "2023-06-15", "2023-06/2023-08") == ["2023-06/2023-08", "2023-06-15", "2023-07"]
    assert order("2024-03/..", "2024-02-28") == ["2024-02-28", "2024-03/.."]


def test_qualifiers_do_not_move_a_date():
    assert parse_edtf("2016~").sort_key()[:2] == parse_edtf("2016").sort_key()[:2]
    assert order("2017", "2016?") == ["2016?", "2017"]


# --- words, at the date's own precision ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2024-10-21", "21 October 2024"),
        ("2024-03-01", "1 March 2024"),
        ("2024-02-05", "5 February 2024"),
        ("2024-02", "February 2024"),
        ("2016", "2016"),
        ("2016~", "about 2016"),
        ("2016?", "2016 (uncertain)"),
        ("2024-08~", "about August 2024"),
        ("2024-10-21?", "21 October 2024 (uncertain)"),
        ("2023-06/2023-08", "June 2023 – August 2023"),
        ("2023/2024", "2023 – 2024"),
        ("2023-06-01/2023-06-30", "1 June 2023 – 30 June 2023"),
        ("2016?/2017~", "2016 (uncertain) – about 2017"),
    ],
)
def test_words(text, words):
    assert parse_edtf(text).words() == words


def test_both_qualifiers_say_approximate_and_uncertain():
    words = parse_edtf("2016%").words()
    assert "about" in words
    assert "uncertain" in words
    assert "2016" in words


@pytest.mark.parametrize("month", range(1, 13))
def test_a_month_is_never_shown_as_its_first_day(month):
    words = parse_edtf(f"2024-{month:02d}").words()
    assert words == f"{calendar.month_name[month]} 2024"
    assert not words[0].isdigit()


def test_a_year_is_never_shown_as_a_day_or_month():
    assert parse_edtf("2024").words() == "2024"


def test_open_end_in_words():
    words = parse_edtf("2024-03/..").words()
    assert "March 2024" in words
    assert "1 March" not in words
    assert not words.rstrip().endswith(("–", "-", ".."))


def test_day_words():
    assert day_words(dt.date(2024, 10, 21)) == "21 October 2024"
    assert day_words(dt.date(2024, 1, 5)) == "5 January 2024"


def test_date_label_is_shown_instead(make_project):
    root = make_project(
        {
            "data/claims/claims.yaml": """\
                - id: first-claim
                  title: Something happened
                  statement: It happened in [Mali](actor:mali).
                  date: 2024-02
                  date_label: late February 2024
                  actors: [mali]
                  themes: [security]
                  sources: [report]
                  confidence: high
                """
        }
    )
    claim = check(root).briefing.claims["first-claim"]
    assert claim.date.edtf() == "2024-02"
    assert claim.date_words == "late February 2024"


def test_without_date_label_the_date_is_shown_at_its_precision(make_project):
    claim = check(make_project()).briefing.claims["first-claim"]
    assert claim.date_words == "February 2024"


# --- properties over many dates ----------------------------------------------------------

years = st.integers(min_value=1, max_value=9999)
qualifiers = st.sampled_from(["", "?", "~", "%"])


@st.composite
def simple_texts(draw) -> str:
    year = draw(years)
    precision = draw(st.sampled_from(["year", "month", "day"]))
    text = f"{year:04d}"
    if precision != "year":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if precision == "day":
            day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
            text += f"-{day:02d}"
    return text + draw(qualifiers)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(simple_texts())
def test_every_simple_date_round_trips_and_spans_forward(text):
    date = parse_edtf(text)
    assert date.edtf() == text
    assert date.earliest <= date.latest
    words = date.words()
    assert str(date.start.year) in words
    if date.precision is Precision.MONTH:
        assert not words.removeprefix("about ")[0].isdigit()


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(st.lists(simple_texts(), min_size=2, max_size=8))
def test_sort_key_orders_by_earliest_day_then_precision(texts):
    parsed = [parse_edtf(t) for t in texts]
    ordered = sorted(parsed, key=lambda d: d.sort_key())
    keys = [(d.earliest, int(d.precision)) for d in ordered]
    assert keys == sorted(keys)


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(simple_texts(), simple_texts())
def test_an_interval_parses_exactly_when_it_does_not_end_before_it_starts(first, second):
    text = f"{first}/{second}"
    start, end = parse_edtf(first), parse_edtf(second)
    if not (end.earliest > start.earliest and end.latest > start.latest):
        with pytest.raises(DateError):
            parse_edtf(text)
    else:
        date = parse_edtf(text)
        assert date.edtf() == text
        assert date.words() == f"{start.words()} – {end.words()}"


# --- one rule in the loader and the published JSON Schema (contract 1.1) ---------------

SCHEMA_CASES = [
    "2024",
    "2024-02-21",
    "0000",
    "2016?/2017~",
    "2024-03/..",
    " 2024",
    "2024 ",
    "2024\n",
    "２０２４",
    "٢٠٢٤",
    "2024-02-21T10:00",
    "../2024",
    "2024/",
    "",
]


def test_schema_pattern_is_the_loader_rule():
    """The published schema's date pattern accepts exactly the values of the contract's
    form, in Python's `re` (jsonschema) and in ECMAScript (every other validator); the
    calendar (2024-02-30) and the order of an interval are the loader's alone."""
    import json
    import subprocess

    import jsonschema

    from briefbook.contract.dates import EDTF_PATTERN

    schema = json.loads((ROOT / "briefbook" / "schema" / "claims.schema.json").read_text("utf-8"))
    date_schema = schema["items"]["properties"]["date"]
    assert date_schema["pattern"] == EDTF_PATTERN
    loader = {}
    for text in SCHEMA_CASES:
        try:
            parse_edtf(text)
            loader[text] = True
        except DateError:
            loader[text] = False
    python = {text: jsonschema.Draft202012Validator(date_schema).is_valid(text) for text in SCHEMA_CASES}
    assert python == loader
    script = "const p = new RegExp(process.argv[1]); const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    script += "process.stdout.write(JSON.stringify(cases.map((c) => p.test(c))));"
    result = subprocess.run(
        ["node", "-e", script, EDTF_PATTERN], input=json.dumps(SCHEMA_CASES), capture_output=True, text=True, check=True
    )
    assert dict(zip(SCHEMA_CASES, json.loads(result.stdout), strict=True)) == loader


# --- HTML <time>: the interval's end too --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("2024-02-21", '<time datetime="2024-02-21">21 February 2024</time>'),
        ("2016~", '<time datetime="2016">about 2016</time>'),
        (
            "2023-06/2023-08~",
            '<time datetime="2023-06">June 2023</time> – <time datetime="2023-08">about August 2023</time>',
        ),
        ("2024-03/..", 'since <time datetime="2024-03">March 2024</time>'),
        ("0000", "0"),  # no valid datetime for year 0000 (HTML's years start at 1): text only
    ],
)
def test_time_elements_carry_both_ends_at_their_precision(text, html):
    from briefbook.site.language import load_language
    from briefbook.site.page_words import PageWords

    assert str(PageWords(load_language(None)).time_html(parse_edtf(text))) == html


def test_full_date_pattern_is_the_loader_rule():
    import re

    from briefbook.contract.dates import FULL_DATE_PATTERN

    for text in ["2024-02-21", "0000-01-01", "0001-01-01", " 2024-02-21", "2024-02-21\n", "２０２４-02-21", "2024-02"]:
        try:
            parse_full_date(text)
            loader = True
        except DateError:
            loader = False
        assert bool(re.search(FULL_DATE_PATTERN, text)) is loader, text
