"""The generated Markdown of the small fixture, compared with tests/golden/ page by page."""

from __future__ import annotations

import difflib

import pytest
from regen_golden import GOLDEN, render_fixture

HOW_TO_UPDATE = "if the change is intended, run `python tests/regen_golden.py` and review the diff of tests/golden/"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_fixture()


def golden_files() -> list[str]:
    return sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())


def test_golden_folder_exists():
    assert golden_files(), f"tests/golden/ is empty; {HOW_TO_UPDATE}"


def test_same_set_of_pages(rendered):
    expected = set(golden_files())
    actual = set(rendered)
    missing = sorted(expected - actual)
    new = sorted(actual - expected)
    assert not missing and not new, (
        f"pages no longer generated: {missing}; pages not in tests/golden/: {new}; {HOW_TO_UPDATE}"
    )


@pytest.mark.parametrize("relative", golden_files())
def test_page_matches_golden(rendered, relative):
    expected = (GOLDEN / relative).read_text("utf-8")
    actual = rendered.get(relative)
    assert actual is not None, f"{relative} is no longer generated; {HOW_TO_UPDATE}"
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"tests/golden/{relative}",
                tofile=f"rendered/{relative}",
            )
        )
        pytest.fail(f"{relative} differs from its golden file; {HOW_TO_UPDATE}\n{diff}", pytrace=False)
