"""Preview or publication: only a build for the public address records permalinks, and
a build for publishing says what its citations still lack."""

from __future__ import annotations

import errno
import os

import pytest
from conftest import MINIMAL, build_site, write_files
from mkdocs.exceptions import Abort

from briefbook.adapters.cli import main
from briefbook.briefing.publishing import is_local_address

LEDGER = "actors/mali\nclaims/first-claim\nsources/report\nthemes/security\n"
LOCAL = MINIMAL["mkdocs.yml"].replace("https://example.org/briefing/", "http://127.0.0.1:8000/")
UNDATED = (
    MINIMAL["mkdocs.yml"]
    .replace("      published: 2024-03-01  # claims without their own `published` are cited with this date\n", "")
    .replace("  - briefbook:\n", "  - briefbook\n")
)


def preview(mkdocs_yml: str) -> str:
    return mkdocs_yml.replace("  - briefbook:\n", "  - briefbook:\n      preview: true\n")


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/briefing/", True),
        ("http://[::1]:8000/", True),
        ("http://0.0.0.0:8000/", True),
        ("https://example.org/briefing/", False),
        ("https://analysis.example.net/", False),
        ("http://192.168.1.20/briefing/", False),  # an intranet is a real audience
        (None, False),
    ],
)
def test_local_addresses(url, local):
    assert is_local_address(url) is local


LOCAL_ERROR = (
    "mkdocs.yml: site_url is http://127.0.0.1:8000/, an address on this computer: every permalink, citation and "
    "feed would point there; to publish, set site_url (or BRIEFBOOK_SITE_URL) to the site's public address; to "
    "build a preview on purpose, set the plugin option preview: true (or BRIEFBOOK_PREVIEW=true)"
)


@pytest.mark.parametrize("strict", [True, False])
def test_localhost_permalinks_fail_a_build_that_is_not_a_declared_preview(make_project, caplog, strict):
    root = make_project({"mkdocs.yml": LOCAL})
    with pytest.raises(Abort):
        build_site(root, strict=strict)
    assert any(LOCAL_ERROR in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert not (root / "site/claims").exists()
    assert not (root / "data/permalinks.lock").exists()


def test_a_declared_preview_builds_strict_and_records_nothing(make_project):
    root = make_project({"mkdocs.yml": preview(LOCAL)})
    site = build_site(root, strict=True)
    assert (site / "claims/first-claim/index.html").is_file()
    assert not (root / "data/permalinks.lock").exists()


def test_a_preview_can_be_declared_from_the_environment(make_project, monkeypatch):
    mkdocs_yml = LOCAL.replace("  - briefbook:\n", "  - briefbook:\n      preview: !ENV [BRIEFBOOK_PREVIEW, false]\n")
    root = make_project({"mkdocs.yml": mkdocs_yml})
    monkeypatch.setenv("BRIEFBOOK_PREVIEW", "true")
    build_site(root, strict=True)
    assert not (root / "data/permalinks.lock").exists()


def test_a_frozen_preview_still_refuses_a_new_id(make_project, caplog):
    mkdocs_yml = preview(LOCAL).replace("      preview: true\n", "      preview: true\n      frozen: true\n")
    root = make_project({"mkdocs.yml": mkdocs_yml, "data/permalinks.lock": LEDGER.replace("claims/first-claim\n", "")})
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert any(
        "claims/first-claim is not in data/permalinks.lock and this build is frozen" in r.getMessage()
        for r in caplog.records
    )


def test_a_publication_records_its_permalinks(make_project):
    root = make_project()
    build_site(root, strict=True)
    assert (root / "data/permalinks.lock").read_text("utf-8") == LEDGER


def test_the_starter_placeholders_can_be_replaced_after_previews(make_project):
    """The issue's trap: previewing a briefing made its placeholder IDs permanent."""
    root = make_project({"mkdocs.yml": preview(LOCAL)})
    build_site(root, strict=True)
    claims = (root / "data/claims/claims.yaml").read_text("utf-8").replace("first-claim", "real-claim")
    write_files(root, {"data/claims/claims.yaml": claims, "mkdocs.yml": MINIMAL["mkdocs.yml"]})
    build_site(root, strict=True)
    assert "claims/real-claim" in (root / "data/permalinks.lock").read_text("utf-8")
    assert "claims/first-claim" not in (root / "data/permalinks.lock").read_text("utf-8")


def test_render_records_only_a_publication(make_project, tmp_path, capsys):
    root = make_project({"mkdocs.yml": LOCAL})
    assert main(["render", str(root), "--out", str(tmp_path / "local")]) == 1
    assert capsys.readouterr().out.splitlines() == [LOCAL_ERROR, "1 error, 0 warnings"]
    assert not (tmp_path / "local").exists()

    assert main(["render", str(root), "--out", str(tmp_path / "preview"), "--preview"]) == 0
    assert "warning" not in capsys.readouterr().out
    assert not (root / "data/permalinks.lock").exists()

    write_files(root, {"mkdocs.yml": MINIMAL["mkdocs.yml"]})
    assert main(["render", str(root), "--out", str(tmp_path / "published")]) == 0
    assert "4 new permalink(s) recorded" in capsys.readouterr().out
    assert (root / "data/permalinks.lock").read_text("utf-8") == LEDGER


# -- the ledger is written atomically -------------------------------------------------------------


def test_a_full_disk_while_writing_the_ledger_leaves_the_old_one_whole(make_project, monkeypatch):
    root = make_project({"data/permalinks.lock": "actors/mali\n"})

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        build_site(root, strict=True)
    assert (root / "data/permalinks.lock").read_text("utf-8") == "actors/mali\n"
    assert sorted(p.name for p in (root / "data").iterdir()) == [
        "actors.yaml",
        "claims",
        "permalinks.lock",
        "sources.yaml",
        "themes.yaml",
    ]


def test_the_rewritten_ledger_keeps_its_permissions(make_project):
    root = make_project({"data/permalinks.lock": "actors/mali\n"})
    (root / "data/permalinks.lock").chmod(0o640)
    build_site(root, strict=True)
    assert (root / "data/permalinks.lock").read_text("utf-8") == LEDGER
    assert (root / "data/permalinks.lock").stat().st_mode & 0o777 == 0o640


# -- citations need a date ------------------------------------------------------------------------


def test_a_publication_with_undated_claims_warns_and_fails_strict(make_project, caplog):
    root = make_project({"mkdocs.yml": UNDATED})
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert (
        "briefbook: data/claims/claims.yaml:1:7: warning: 1 claim (first-claim) has no published date, so its "
        "citations carry none (Chicago shows no date, APA 'n.d.', BibTeX no year); add published: YYYY-MM-DD to "
        "each claim, or give the whole briefing one with the plugin option published: YYYY-MM-DD in mkdocs.yml"
    ) in [r.getMessage() for r in caplog.records]


def test_a_claim_own_published_date_needs_no_default(make_project):
    claims = MINIMAL["data/claims/claims.yaml"] + "  published: 2024-05-02\n"
    root = make_project({"mkdocs.yml": UNDATED, "data/claims/claims.yaml": claims})
    site = build_site(root, strict=True)
    assert "2024" in (site / "api/claims/first-claim.apa.txt").read_text("utf-8")


def test_the_site_wide_published_date_dates_citations_and_the_feed(make_project):
    site = build_site(make_project(), strict=True)
    apa = (site / "api/claims/first-claim.apa.txt").read_text("utf-8")
    assert "(2024, March 1)" in apa and "n.d." not in apa
    bibtex = (site / "api/claims/first-claim.bib").read_text("utf-8")
    assert "2024" in bibtex
    feed = (site / "feed.xml").read_text("utf-8")
    assert "<updated>2024-03-01" in feed and "2000-01-01" not in feed


def test_a_bad_site_wide_published_date_is_located(make_project, caplog):
    root = make_project({"mkdocs.yml": MINIMAL["mkdocs.yml"].replace("published: 2024-03-01", "published: 2024-03")})
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert any(
        "mkdocs.yml: plugins: briefbook: published: '2024-03' is not a full date; write YYYY-MM-DD" in r.getMessage()
        for r in caplog.records
    )
