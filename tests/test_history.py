"""Each claim's history from git (issue #17): briefings built from repositories made in
tmp_path, with commits that add, edit, reformat, move, rename, supersede and withdraw
claims. A reader's view: the History section, the version pages and their comparison,
the dates, What's new, the version ledger, a shallow clone, no repository at all."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import build_site, check, write_files
from mkdocs.exceptions import Abort

from briefbook.adapters import mkdocs_downloads, mkdocs_plugin
from briefbook.briefing.history import HistoryReader
from briefbook.briefing.history_diff import change_summary, word_diff
from briefbook.briefing.load import Project
from briefbook.briefing.publishing import dated_claim
from briefbook.site.exports import stamp
from briefbook.site.versions import stamp_function

SITE_PUBLISHED = dt.date(2024, 3, 1)
"""The `published` option of conftest's mkdocs.yml."""
CLAIM = """\
- id: first-claim
  title: Something happened
  statement: It happened in [Mali](actor:mali), said a report.
  date: {date}
  actors: [mali]
  themes: [security]
  sources: {sources}
  confidence: {confidence}
"""
SOURCES = """\
- id: report
  type: report
  title: A report
- id: second-report
  type: report
  title: A second report
"""


def claim_text(date: str = "2024", sources: str = "[report]", confidence: str = "moderate") -> str:
    return CLAIM.format(date=date, sources=sources, confidence=confidence)


def git(root: Path, *args: str, day: str = "2024-05-01") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Analyst",
        "GIT_AUTHOR_EMAIL": "analyst@example.org",
        "GIT_COMMITTER_NAME": "Analyst",
        "GIT_COMMITTER_EMAIL": "analyst@example.org",
        "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def commit(root: Path, day: str, message: str = "edit") -> None:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "-m", message, day=day)


def preview(root: Path) -> None:
    text = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(text.replace("  - briefbook:\n", "  - briefbook:\n      preview: true\n"), "utf-8")


@pytest.fixture
def repo(make_project):
    """A briefing whose one claim has three versions (and a reformatting and a move that
    are none): 2024-01-10 first version; 2024-02-01 a second source, confidence raised;
    2024-02-05 the YAML reformatted; 2024-02-07 moved to another file; 2024-03-01 the
    date made precise."""
    root = make_project({"data/sources.yaml": SOURCES, "data/claims/claims.yaml": claim_text()})
    git(root, "init", "-q", "-b", "main")
    commit(root, "2024-01-10", "first version")
    write_files(root, {"data/claims/claims.yaml": claim_text(sources="[report, second-report]", confidence="high")})
    commit(root, "2024-02-01", "a second source")
    reformatted = claim_text(sources="\n    - report\n    - second-report", confidence="high")
    write_files(root, {"data/claims/claims.yaml": "# reformatted\n" + reformatted.replace("title: ", "title:   ")})
    commit(root, "2024-02-05", "reformat")
    write_files(root, {"data/claims/claims.yaml": None, "data/claims/2024/events.yaml": reformatted})
    commit(root, "2024-02-07", "move")
    write_files(root, {"data/claims/2024/events.yaml": claim_text("2024-02", "[report, second-report]", "high")})
    commit(root, "2024-03-01", "date made precise")
    return root


def expected_in(message: str, expected: str) -> bool:
    return expected in message


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def history_items(page: str) -> list[str]:
    section = page.split('id="history"', 1)[1].split("<h2", 1)[0]
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def versions_of(root: Path) -> list[str]:
    """The claim's stamps, oldest first, as its History lists them."""
    page = (root / "site" / "claims" / "first-claim" / "index.html").read_text("utf-8")
    return [item.split()[0] for item in reversed(history_items(page))]


def test_history_lists_each_change_in_words_newest_first(repo):
    preview(repo)
    site = build_site(repo)
    page = (site / "claims" / "first-claim" / "index.html").read_text("utf-8")
    items = history_items(page)
    assert len(items) == 3, items  # reformatting and moving the claim made no version
    assert re.fullmatch(r"[0-9a-f]{8} \(this version\) · 1 March 2024: Date corrected from 2024 to 2024-02", items[0])
    assert re.fullmatch(r"[0-9a-f]{8} · 1 February 2024: Confidence: moderate to high; 1 source added", items[1])
    assert re.fullmatch(r"[0-9a-f]{8} · 10 January 2024: First version", items[2])
    current = check(repo).briefing.claims["first-claim"]
    # The claim as written (with the site's `published`): the dates its history gives are not stamped.
    assert items[0].split()[0] == stamp(dated_claim(current, SITE_PUBLISHED))
    assert f"Version <code>{items[0].split()[0]}</code>" in page


def test_every_version_page_shows_its_old_text_and_a_working_comparison(repo):
    preview(repo)
    site = build_site(repo)
    first, second, current = versions_of(repo)
    old = (site / "claims" / "first-claim" / "v" / first / "index.html").read_text("utf-8")
    assert "Moderate confidence" in text_of(old)
    assert "A second report" not in text_of(old)
    assert f"The current version is {current} (1 March 2024)" in text_of(old)
    assert 'href="../../"' in old  # the notice links to the claim page
    assert "This is the claim's first version." in text_of(old)
    middle = (site / "claims" / "first-claim" / "v" / second / "index.html").read_text("utf-8")
    assert "High confidence" in text_of(middle) and "A second report" in text_of(middle)
    assert "Confidence: moderate to high; 1 source added" in text_of(middle)
    assert f'href="../{first}/"' in middle  # the version before, linked
    # The date made precise: the current text compared word by word with the version before.
    (site / "claims" / "first-claim" / "index.html").read_text("utf-8")
    precise = current
    assert not (site / "claims" / "first-claim" / "v" / precise / "index.html").read_text("utf-8").count("<article")
    # The current version's URL leads to the claim page while it is current.
    stub = (site / "claims" / "first-claim" / "v" / precise / "index.html").read_text("utf-8")
    assert 'url=../../"' in stub and "noindex" in stub


def test_a_version_page_cites_itself_beside_the_living_permalink(repo):
    preview(repo)
    site = build_site(repo)
    first = versions_of(repo)[0]
    page = (site / "claims" / "first-claim" / "v" / first / "index.html").read_text("utf-8")
    version_url = f"https://example.org/briefing/claims/first-claim/v/{first}/"
    citation = page.split('class="bb-citation"', 1)[1].split("</p>", 1)[0]
    assert version_url in citation and f"Version {first}" in citation and "January 10, 2024" in citation
    assert "https://example.org/briefing/claims/first-claim/" in page.split('class="bb-version"', 1)[1]
    bib = (site / "api" / "claims" / "first-claim" / "v" / f"{first}.bib").read_text("utf-8")
    assert version_url in bib


def test_the_comparison_marks_removed_and_added_words(repo):
    write_files(
        repo,
        {
            "data/claims/2024/events.yaml": claim_text("2024-02", "[report, second-report]", "high").replace(
                "said a report", "said two reports"
            )
        },
    )
    commit(repo, "2024-04-01", "statement edited")
    preview(repo)
    site = build_site(repo)
    before_last = versions_of(repo)[-2]
    page = (site / "claims" / "first-claim" / "v" / before_last / "index.html").read_text("utf-8")
    assert "<dd><ins>February </ins>2024</dd>" in page
    items = history_items((site / "claims" / "first-claim" / "index.html").read_text("utf-8"))
    assert items[0].endswith("4 April 2024: Statement edited") or items[0].endswith("1 April 2024: Statement edited")


def test_dates_come_from_the_history_unless_written(repo):
    preview(repo)
    site = build_site(repo)
    line = text_of((site / "claims" / "first-claim" / "index.html").read_text("utf-8").split('class="bb-version"')[1])
    assert "Published 10 January 2024" in line and "Last updated 1 March 2024" in line
    write_files(
        repo,
        {
            "data/claims/2024/events.yaml": claim_text("2024-02", "[report, second-report]", "high")
            + "  published: 2024-01-01\n"
        },
    )
    commit(repo, "2024-04-02", "a written date")
    site = build_site(repo)
    line = text_of((site / "claims" / "first-claim" / "index.html").read_text("utf-8").split('class="bb-version"')[1])
    assert "Published 1 January 2024" in line and "Last updated 2 April 2024" in line


def test_whats_new_and_the_feed_list_every_change_with_its_summary(repo):
    preview(repo)
    site = build_site(repo)
    whats_new = text_of((site / "whats-new" / "index.html").read_text("utf-8"))
    assert "1 March 2024 Updated : Something happened (Date corrected from 2024 to 2024-02)" in whats_new
    assert "Updated : Something happened (Confidence: moderate to high; 1 source added)" in whats_new
    assert "10 January 2024 Published : Something happened" in whats_new
    feed = (site / "feed.xml").read_text("utf-8")
    assert feed.count("<entry>") == 3
    assert "Confidence: moderate to high; 1 source added. It happened in Mali" in feed


def test_stamps_ignore_reformatting_and_moving_between_files(repo):
    reader = HistoryReader(None)
    stamp_of, key = stamp_function(None)
    history = reader.read(Project.at(repo), stamp_of, key)
    assert [v.date.isoformat() for v in history.events["first-claim"]] == ["2024-01-10", "2024-02-01", "2024-03-01"]


def test_a_rename_with_redirect_from_keeps_the_old_versions_pages(repo):
    renamed = claim_text("2024-02", "[report, second-report]", "high").replace(
        "- id: first-claim", "- id: renamed-claim\n  redirect_from: [first-claim]"
    )
    write_files(repo, {"data/claims/2024/events.yaml": renamed})
    commit(repo, "2024-04-03", "renamed")
    preview(repo)
    site = build_site(repo)
    page = (site / "claims" / "renamed-claim" / "index.html").read_text("utf-8")
    items = history_items(page)
    assert len(items) == 4 and items[0].endswith("3 April 2024: Renamed from first-claim")
    old_stamp = items[1].split()[0]
    old_page = site / "claims" / "first-claim" / "v" / old_stamp / "index.html"
    assert "Something happened" in old_page.read_text("utf-8")
    assert f'href="../first-claim/v/{old_stamp}/"' in page


def test_supersede_and_withdraw_are_changes_of_their_own(make_project):
    root = make_project({"data/claims/claims.yaml": claim_text() + claim_text().replace("first-claim", "second-claim")})
    git(root, "init", "-q", "-b", "main")
    commit(root, "2024-01-10")
    text = (root / "data/claims/claims.yaml").read_text("utf-8")
    first, second = text.split("- id: second-claim")
    write_files(
        root,
        {
            "data/claims/claims.yaml": first
            + "  status: superseded\n  superseded_by: second-claim\n"
            + "- id: second-claim"
            + second
            + "  status: withdrawn\n  status_note: Wrong.\n"
        },
    )
    commit(root, "2024-02-10")
    preview(root)
    site = build_site(root)
    assert history_items((site / "claims/first-claim/index.html").read_text("utf-8"))[0].endswith(
        "Superseded by second-claim"
    )
    assert history_items((site / "claims/second-claim/index.html").read_text("utf-8"))[0].endswith("Withdrawn")
    whats_new = text_of((site / "whats-new" / "index.html").read_text("utf-8"))
    assert "Superseded : Something happened (Superseded by second-claim)" in whats_new
    assert "Withdrawn : Something happened (Withdrawn)" in whats_new


def test_version_pages_stay_out_of_the_search_index_and_the_sitemap(repo):
    preview(repo)
    yml = (repo / "mkdocs.yml").read_text("utf-8").replace("  - search\n", "")
    (repo / "mkdocs.yml").write_text(yml, "utf-8")
    site = build_site(repo)
    first = versions_of(repo)[0]
    assert "data-pagefind-body" in (site / "claims/first-claim/index.html").read_text("utf-8")
    assert "data-pagefind-body" not in (site / "claims/first-claim/v" / first / "index.html").read_text("utf-8")
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "claims/first-claim/" in sitemap and "/v/" not in sitemap


def test_version_downloads_made_apart_equal_those_made_in_the_build_process(repo, tmp_path, monkeypatch):
    """A warm build's forked process makes every download, each earlier version's too
    (see mkdocs_downloads.Ahead): the site is the one the build's own process makes."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    preview(repo)

    def site_made(forks: bool) -> dict[str, bytes]:
        monkeypatch.setattr(mkdocs_downloads, "can_fork", lambda: forks)
        monkeypatch.setattr(mkdocs_plugin, "can_fork", lambda: forks)
        site = build_site(repo)
        return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}

    in_process = site_made(False)  # fills the cache: the next build's citations are all in it
    made_apart = site_made(True)
    assert [path for path in made_apart if "/v/" in path and path.startswith("api/")]
    assert made_apart == in_process


def test_version_pages_are_left_out_of_materials_search(repo):
    preview(repo)
    site = build_site(repo)
    index = (site / "search" / "search_index.json").read_text("utf-8")
    assert "first-claim/" in index and "first-claim/v/" not in index


# -- the version ledger ----------------------------------------------------------------------


def test_a_publication_records_its_versions_and_a_rewritten_history_fails_at_the_line(repo, caplog):
    build_site(repo)  # a publication: site_url is public
    ledger = (repo / "data" / "versions.lock").read_text("utf-8")
    recorded = [line for line in ledger.splitlines() if not line.startswith("#")]
    assert recorded == sorted(f"claims/first-claim/v/{s}" for s in versions_of(repo))
    commit(repo, "2024-03-02", "ledger")
    # The history squashed into one commit: the earlier versions are gone.
    git(repo, "checkout", "-q", "--orphan", "squashed")
    commit(repo, "2024-03-03", "squashed")
    git(repo, "branch", "-q", "-D", "main")
    with pytest.raises(Abort):
        build_site(repo)
    lost = [r.getMessage() for r in caplog.records if "cannot be built" in r.getMessage()]
    first_line = 1 + next(i for i, line in enumerate(ledger.splitlines()) if line == recorded[0])
    assert any(
        expected_in(
            m,
            f"data/versions.lock:{first_line}:1: {recorded[0]} was published but cannot be built: "
            "the git history no longer holds it",
        )
        for m in lost
    ), lost
    assert len(lost) == 2  # the current version is still there


def test_a_shallow_clone_says_to_fetch_the_full_history(repo, tmp_path, caplog):
    build_site(repo)
    commit(repo, "2024-03-02", "ledger")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result_lines = []
    with pytest.raises(Abort):
        build_site(clone)
    result_lines = [r.getMessage() for r in caplog.records]
    assert any(
        re.search(
            r"data/versions\.lock:\d+:1: claims/first-claim/v/[0-9a-f]{8} was published but cannot be built: "
            r"this clone is shallow .* fetch the full history \(`git fetch --unshallow`",
            m,
        )
        for m in result_lines
    ), result_lines
    assert any("warning: the repository is a shallow clone" in m for m in result_lines)
    git(clone, "fetch", "-q", "--unshallow")
    build_site(clone)  # with the full history, the same clone publishes


def test_a_frozen_build_refuses_a_version_not_in_the_ledger(repo):
    build_site(repo)
    write_files(repo, {"data/claims/2024/events.yaml": claim_text("2024-02", "[report, second-report]", "low")})
    commit(repo, "2024-04-01", "confidence lowered")
    result = check(repo, frozen=True)  # the ID ledger is complete: only the version is new
    from briefbook.site.versions import read_versions

    versions = read_versions(result, SITE_PUBLISHED, HistoryReader(None), frozen=True, publishing=False)
    errors = [str(p) for p in result.problems.errors]
    assert len(errors) == 1 and errors[0].startswith("data/claims/2024/events.yaml:1:7: claims/first-claim/v/")
    assert "is not in data/versions.lock and this build is frozen" in errors[0]
    assert versions.new_entries == []


def test_briefbook_check_frozen_reports_lost_versions(repo, tmp_path, capsys):
    from briefbook.adapters.cli import main

    build_site(repo)
    commit(repo, "2024-03-02", "ledger")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert main(["check", str(clone), "--frozen"]) == 1
    out = capsys.readouterr().out
    assert "data/versions.lock:" in out and "this clone is shallow" in out


def test_uncommitted_changes_warn_a_publication(repo, caplog):
    write_files(repo, {"data/claims/2024/events.yaml": claim_text("2024-02", "[report, second-report]", "low")})
    with pytest.raises(Abort):
        build_site(repo)  # strict: the warning fails it
    assert any("has changes that are not committed to git" in r.getMessage() for r in caplog.records)
    preview(repo)
    site = build_site(repo)  # a preview shows the working text as the newest version
    items = history_items((site / "claims/first-claim/index.html").read_text("utf-8"))
    assert "(not committed yet): Confidence: high to low" in items[0]


def test_without_a_repository_the_build_warns_once_and_shows_no_history(make_project, caplog):
    root = make_project()
    with caplog.at_level(logging.WARNING):
        site = build_site(root)  # a strict publication: nothing else changes
    notes = [r.getMessage() for r in caplog.records if "no claim history" in r.getMessage()]
    assert len(notes) == 1 and "not in a git repository" in notes[0]
    page = (site / "claims/first-claim/index.html").read_text("utf-8")
    assert 'id="history"' not in page and not (site / "claims/first-claim/v").exists()
    assert not (root / "data" / "versions.lock").exists()


def test_a_warm_read_parses_no_blob(repo, tmp_path, monkeypatch):
    stamp_of, key = stamp_function(None)
    cold_reader = HistoryReader(tmp_path / "cache")
    cold = cold_reader.read(Project.at(repo), stamp_of, key)
    cold_reader.save()

    def no_parse(*args, **kwargs):
        raise AssertionError("a blob was parsed again")

    warm_reader = HistoryReader(tmp_path / "cache")
    monkeypatch.setattr(warm_reader, "_parse", no_parse)
    warm = warm_reader.read(Project.at(repo), stamp_of, key)
    assert warm.events == cold.events
    version = warm.events["first-claim"][0]
    assert warm.claim_at(version).confidence == "moderate"  # from the cached parse


# -- change summaries ------------------------------------------------------------------------


def test_change_summaries_in_words(make_project):
    root = make_project({"data/sources.yaml": SOURCES})
    claim = check(root).briefing.claims["first-claim"]
    import dataclasses

    from briefbook.briefing.model import SourceRef
    from briefbook.contract.dates import parse_edtf

    assert change_summary(None, claim) == ["first version"]
    raised = dataclasses.replace(claim, confidence="high", sources=(*claim.sources, SourceRef("a"), SourceRef("b")))
    low = dataclasses.replace(claim, confidence="moderate")
    assert change_summary(low, raised) == ["confidence: moderate to high", "2 sources added"]
    coarse = dataclasses.replace(claim, date=parse_edtf("2023"))
    fine = dataclasses.replace(claim, date=parse_edtf("2023-11"))
    assert change_summary(coarse, fine) == ["date corrected from 2023 to 2023-11"]
    assert change_summary(claim, claim) == ["no change in meaning"]
    from briefbook.briefing.model import ClaimRef
    from briefbook.site.language import load_language
    from briefbook.site.page_words import PageWords

    evidence = dataclasses.replace(claim, supports=(ClaimRef("other-claim"),))
    assert change_summary(claim, evidence) == ["judgments it supports edited"]  # named, not "supports edited"
    assert PageWords(load_language("fr")).summary(change_summary(claim, evidence)) == "Jugements appuyés modifiés"


def test_word_diff_keeps_the_text_as_written():
    pieces = word_diff("Fighting began in 2023 near Kidal.", "Fighting began in November 2023 near Kidal.")
    assert "".join(p.text for p in pieces if p.kind != "removed") == "Fighting began in November 2023 near Kidal."
    assert [p.text for p in pieces if p.kind == "added"] == ["November "]


VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.skipif(not VNU.is_file(), reason="the Nu HTML Checker needs `npm ci` (`make test` sets it up)")
def test_history_section_and_version_pages_are_valid_html(repo):
    """The markup briefbook adds (History, version notice, comparison, version cite box,
    the current version's redirect) passes the Nu HTML Checker; Material's own chrome is
    excused exactly as in tests/test_validators.py."""
    from test_validators import THEME_ERRORS, problem

    preview(repo)
    site = build_site(repo)
    first, _, current = versions_of(repo)
    pages = [
        site / "claims/first-claim/index.html",
        site / "claims/first-claim/v" / first / "index.html",
        site / "claims/first-claim/v" / current / "index.html",
    ]
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *map(str, pages)], capture_output=True, text=True
    )
    found = [
        f"{m['url']}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(run.stderr)["messages"]
        if problem(m) and m["message"] not in THEME_ERRORS
    ]
    assert found == []


def test_an_edit_undone_makes_the_earlier_version_current_again(repo):
    write_files(repo, {"data/claims/2024/events.yaml": claim_text("2024", "[report, second-report]", "high")})
    commit(repo, "2024-04-05", "the precise date was wrong")  # back to the second version's text
    preview(repo)
    site = build_site(repo)
    _first, second, third, again = versions_of(repo)
    assert again == second  # the same text, the same stamp
    items = history_items((site / "claims/first-claim/index.html").read_text("utf-8"))
    assert items[0].endswith("5 April 2024: Date corrected from 2024-02 to 2024")
    stub = (site / "claims/first-claim/v" / second / "index.html").read_text("utf-8")
    assert "Current version:" in stub  # its URL leads to the claim page again
    assert "<article" in (site / "claims/first-claim/v" / third / "index.html").read_text("utf-8")


def test_briefbook_export_gives_the_dates_and_stamps_the_site_publishes(repo, tmp_path):
    from briefbook.adapters.cli import main

    preview(repo)
    site = build_site(repo)
    out = tmp_path / "briefing.json"
    assert main(["export", str(repo), "--out", str(out)]) == 0
    exported = {c["id"]: c for c in json.loads(out.read_text("utf-8"))["claims"]}["first-claim"]
    published = {c["id"]: c for c in json.loads((site / "api/briefing.json").read_text("utf-8"))["claims"]}
    assert exported["published"] == published["first-claim"]["published"] == "2024-01-10"
    assert exported["updated"] == "2024-03-01" and exported["version"] == published["first-claim"]["version"]


def test_a_line_of_the_version_ledger_that_is_no_entry_is_reported_at_its_line(tmp_path):
    """The version ledger is read as the permalink ledger is: comments and blank lines
    pass, each entry keeps its line, anything else is an error located at its line."""
    from briefbook.briefing.version_ledger import read_version_ledger
    from briefbook.problems import Problems

    path = tmp_path / "versions.lock"
    path.write_text("# a comment\n\nclaims/border-clash/v/0123abcd\nclaims/Bad ID/v/12\n", "utf-8")
    problems = Problems()
    ledger = read_version_ledger(path, "data/versions.lock", problems)
    assert ledger.entries == {"claims/border-clash/v/0123abcd": 3}
    assert [str(problem) for problem in problems] == [
        "data/versions.lock:4:1: 'claims/Bad ID/v/12' is not a version ledger entry; each line is "
        "claims/<id>/v/<stamp> (8 hex digits)"
    ]
