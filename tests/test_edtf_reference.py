"""The contract's dates against the EDTF references: python `edtf` (PyPI) and npm `edtf`.

One table of inputs: for each, what briefbook reads (its earliest and latest possible
days, or an error) must be what the references read, except where the contract
deliberately differs; those rows name the difference, and the test checks that the
reference really does read them otherwise (so the list stays true)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from briefbook.contract.dates import DateError, parse_edtf

ROOT = Path(__file__).resolve().parent.parent

# input → the deliberate difference of the contract from each reference (None: none).
# "subset": valid EDTF that the contract leaves out; "leap": the contract checks the
# calendar; "order": an interval must end after it starts; "exact": the value must be
# the date alone.
TABLE: dict[str, dict[str, str | None]] = {
    "2024": {},
    "2024-02": {},
    "2024-02-29": {},
    "2024-12-31": {},
    "0000": {},
    "0000-02-29": {"npm": "leap: npm edtf takes year 0000 for a common year (1 BCE is a leap year)"},
    "9999-12": {},
    "2016?": {},
    "2024-08~": {},
    "2024-02%": {},
    "2023-06/2023-08": {},
    "2023-06/2023-08~": {},
    "2016?/2017~": {},
    "2023/2024": {},
    "2023-06-30/2023-07-01": {},
    "2024-03/..": {"python": "open end: python edtf parses it but cannot give its bounds"},
    "2024-02-30": {},
    "2024-13": {},
    "2024-00": {},
    "24": {"npm": "subset: npm edtf reads a century"},
    "2023-02-29": {"python": "leap", "npm": "leap"},
    "1900-02-29": {"python": "leap", "npm": "leap"},
    "2024/2024": {"python": "order"},
    "2024-03/2024-03-01": {"python": "order"},
    "2024/2023": {"python": "order"},
    "2024/2024-06": {"python": "order", "npm": "order"},
    " 2024": {"python": "exact"},
    "2024\n": {"python": "exact"},
    "２０２４": {},
    "1985-04-12T23:20:30": {"python": "subset", "npm": "subset"},
    "201X": {"python": "subset", "npm": "subset"},
    "2024-21": {"python": "subset", "npm": "subset"},
    "../2024": {"python": "subset", "npm": "subset"},
    "Y170000002": {"python": "subset", "npm": "subset"},
}


def ours(text: str) -> tuple[str, str | None] | None:
    """briefbook's reading: (earliest, latest or None when open), or None for an error."""
    try:
        date = parse_edtf(text)
    except DateError:
        return None
    return date.earliest.isoformat(), date.latest.isoformat() if date.latest else None


def python_reference(text: str) -> tuple[str, str | None] | str | None:
    import edtf

    try:
        value = edtf.parse_edtf(text)
    except Exception:
        return None
    try:
        low, high = value.lower_strict(), value.upper_strict()
        return (
            f"{low.tm_year:04d}-{low.tm_mon:02d}-{low.tm_mday:02d}",
            f"{high.tm_year:04d}-{high.tm_mon:02d}-{high.tm_mday:02d}",
        )
    except Exception:  # an open end or start: python edtf has no finite bounds for it
        return "accepted, no bounds"


@pytest.fixture(scope="module")
def npm_reference() -> dict[str, tuple[str, str | None] | None]:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "edtf").is_dir():
        pytest.fail("npm edtf is missing: run `make test` (npm ci) first")
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "oracles" / "edtf.js")],
        input=json.dumps(list(TABLE)),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return {text: (r["min"], r["max"]) if r["ok"] else None for text, r in json.loads(result.stdout).items()}


@pytest.mark.parametrize("text", list(TABLE))
def test_python_edtf_reads_the_contract_dates_as_briefbook(text):
    difference = TABLE[text].get("python")
    reference = python_reference(text)
    if difference is None:
        assert reference == ours(text)
    elif difference.startswith("open end"):
        assert reference == "accepted, no bounds" and ours(text) is not None
    else:  # the reference reads it otherwise, as named
        assert reference != ours(text)


@pytest.mark.parametrize("text", list(TABLE))
def test_npm_edtf_reads_the_contract_dates_as_briefbook(text, npm_reference):
    difference = TABLE[text].get("npm")
    if difference is None:
        assert npm_reference[text] == ours(text)
    else:
        assert npm_reference[text] != ours(text)


def test_the_deliberate_differences_are_the_named_ones():
    named = {kind for row in TABLE.values() for kind in row.values() if kind}
    assert {"leap", "order", "exact", "subset"} <= {kind.split(":")[0] for kind in named}
