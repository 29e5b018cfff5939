"""The example briefing shipped in this repository: clean data, a strict frozen build,
no broken link, and the counts issue #3 promises."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import build_site, check, messages
from linkcheck import check_site

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example project (a build must not write into the checkout)."""
    root = tmp_path_factory.mktemp("example")
    for name in ("mkdocs.yml", "content", "data", "templates"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copyfile(source, root / name)
    return root


def test_example_checks_with_no_error_and_no_warning_in_frozen_mode(example):
    assert messages(check(example, frozen=True)) == []


def test_example_has_the_promised_breadth(example):
    briefing = check(example).briefing
    claims = briefing.claims.values()
    assert len(claims) >= 60
    assert len(briefing.actors) >= 25
    assert len(briefing.themes) >= 8
    assert 4 <= sum(c.key for c in claims) <= 6
    assert all(c.confidence for c in claims)
    assert {c.kind for c in claims} == {"event", "assessment", "statement"}
    years = {c.date.year for c in claims if c.date}
    assert min(years) == 2012 and max(years) == 2024
    assert not any(s.url for s in briefing.sources.values()), "the example must never invent a URL"


def test_example_builds_strict_and_frozen_with_no_broken_link(example):
    ledger = (example / "data" / "permalinks.lock").read_text("utf-8")
    (example / "mkdocs.yml").write_text(
        (example / "mkdocs.yml")
        .read_text("utf-8")
        .replace("!ENV [BRIEFBOOK_FROZEN, false]", "true")
        .replace("!ENV [BRIEFBOOK_PREVIEW, false]", "true"),
        "utf-8",
    )
    site = build_site(example, strict=True)
    assert check_site(site) == []
    assert (example / "data" / "permalinks.lock").read_text("utf-8") == ledger
    assert (site / "claims" / "kidal-recaptured" / "index.html").is_file()
