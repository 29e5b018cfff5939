"""The data files' reads kept on disk between builds (briefing/read_cache.py): a warm
build reads only the files that changed, and reports exactly what a cold one reports."""

from __future__ import annotations

import pickle
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import MINIMAL, build_site, write_files

from briefbook.adapters.cli import main as cli_main
from briefbook.briefing import load, read_cache

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"

BROKEN_CLAIMS = """\
    - id: first-claim
      title: Something happened
      statement: It happened in [Mali](actor:mali).
      date: 2024-13
      actors: [mali, atlantis]
      themes: [security]
      sources: [report]
      confidence: high
    - id: second-claim
      title: Something else
      statement: Also [in Mali](actor:mali).
      themes: [security]
      sources: [report, nowhere]
      confidence: sure
    """
BROKEN_ERRORS = [
    "data/claims/claims.yaml:4:9: date: '2024-13' has month 13; months run from 01 to 12",
    "data/claims/claims.yaml:5:18: actors: unknown actor ID 'atlantis'; correct the ID, or add the actor to data/actors.yaml",
    "data/claims/claims.yaml:13:21: sources: unknown source ID 'nowhere'; correct the ID, "
    "or add the source to data/sources.yaml",
    "data/claims/claims.yaml:14:15: confidence: 'sure' is not one of low, moderate, high",
    "4 errors, 0 warnings",
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder, empty: the first run is a cold one."""
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("BRIEFBOOK_CACHE", raising=False)
    return home


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data files actually parsed (not taken from a cache), in order."""
    files: list[str] = []
    read = load.read_records

    def recorded(kind, path, text, problems, loaded):
        files.append(path)
        read(kind, path, text, problems, loaded)

    monkeypatch.setattr(load, "read_records", recorded)
    return files


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`briefbook check ROOT` as a new process would run it: its exit code and lines."""
    code = cli_main(["check", str(root)])
    return code, capsys.readouterr().out.splitlines()


def entries(home: Path) -> list[Path]:
    return sorted(home.glob("briefbook/reads-v*/*/*.pickle"))


def test_a_warm_check_reports_the_errors_of_a_cold_one_at_the_same_places(make_project, cache_home, parsed, capsys):
    root = make_project({"data/claims/claims.yaml": BROKEN_CLAIMS})
    cold = run_check(root, capsys)
    assert cold == (1, BROKEN_ERRORS)
    assert len(parsed) == 4 and len(entries(cache_home)) == 4, "every data file read, and kept"
    parsed.clear()
    warm = run_check(root, capsys)
    assert parsed == [], "nothing parsed: every file's read came from the cache"
    assert warm == cold


def test_a_warning_about_a_cached_file_follows_the_file_it_depends_on(make_project, cache_home, parsed, capsys):
    """Validation runs on every build: actors.yaml comes from the cache, unchanged, but
    its actor is now unused, reported where the cached record says it stands."""
    actors = textwrap.dedent(MINIMAL["data/actors.yaml"]) + "- id: niger\n  name: Niger\n  kind: state\n"
    claims = MINIMAL["data/claims/claims.yaml"].replace("[mali]", "[mali, niger]")
    root = make_project({"data/actors.yaml": actors, "data/claims/claims.yaml": claims})
    assert run_check(root, capsys) == (0, ["0 errors, 0 warnings"])
    parsed.clear()
    write_files(root, {"data/claims/claims.yaml": MINIMAL["data/claims/claims.yaml"]})
    code, lines = run_check(root, capsys)
    assert parsed == ["data/claims/claims.yaml"]
    assert (code, lines) == (
        0,
        [
            "data/actors.yaml:5:7: warning: actor 'niger' appears in no claim; list it in a claim's actors, or remove it",
            "0 errors, 1 warning",
        ],
    )
    uncached = root.parent / "uncached"
    shutil.copytree(root, uncached)
    shutil.rmtree(cache_home)
    assert run_check(uncached, capsys) == (code, lines)


def test_an_edited_file_is_read_again_and_only_its_last_read_is_kept(make_project, cache_home, parsed, capsys):
    root = make_project()
    assert run_check(root, capsys) == (0, ["0 errors, 0 warnings"])
    kept = entries(cache_home)
    parsed.clear()
    write_files(root, {"data/claims/claims.yaml": MINIMAL["data/claims/claims.yaml"].replace("high", "sure")})
    assert run_check(root, capsys) == (
        1,
        ["data/claims/claims.yaml:8:15: confidence: 'sure' is not one of low, moderate, high", "1 error, 0 warnings"],
    )
    assert parsed == ["data/claims/claims.yaml"]
    now = entries(cache_home)
    assert len(now) == len(kept) == 4, "the entry of the file's old text is gone"
    assert len(set(now) - set(kept)) == 1


@pytest.mark.parametrize("damage", ["garbage", "truncated", "another shape", "another file"])
def test_a_damaged_cache_entry_is_ignored_and_written_again(make_project, cache_home, parsed, capsys, damage):
    root = make_project({"data/claims/claims.yaml": BROKEN_CLAIMS})
    cold = run_check(root, capsys)
    for entry in entries(cache_home):
        data = entry.read_bytes()
        entry.write_bytes(
            {
                "garbage": b"not a pickle",
                "truncated": data[: len(data) // 2],
                "another shape": pickle.dumps((("claims", "data/claims/claims.yaml"), ("one", "two"))),
                "another file": pickle.dumps((("claims", "data/claims/other.yaml"), ([], set(), set(), []))),
            }[damage]
        )
    parsed.clear()
    assert run_check(root, capsys) == cold
    assert len(parsed) == 4, "every damaged entry was ignored"
    parsed.clear()
    assert run_check(root, capsys) == cold
    assert parsed == [], "and written again"


def test_entries_of_another_briefbook_version_are_not_used_and_are_dropped(
    make_project, cache_home, parsed, capsys, monkeypatch
):
    root = make_project()
    monkeypatch.setattr(read_cache, "code_fingerprint", lambda: "an older briefbook")
    run_check(root, capsys)
    older = entries(cache_home)
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    parsed.clear()
    monkeypatch.setattr(load, "read_records", load.read_records)  # undo() restored the unrecorded one
    assert run_check(root, capsys) == (0, ["0 errors, 0 warnings"])
    now = entries(cache_home)
    assert len(older) == len(now) == 4 and not set(older) & set(now)


def test_the_folder_of_a_project_that_is_gone_is_dropped(make_project, tmp_path, cache_home, capsys):
    gone = make_project()
    run_check(gone, capsys)
    other = write_files(tmp_path / "other", MINIMAL)
    shutil.rmtree(gone)
    run_check(other, capsys)
    folders = {path.parent for path in entries(cache_home)}
    assert len(folders) == 1
    assert (folders.pop() / "root.txt").read_text("utf-8") == str(other.resolve())


@pytest.mark.parametrize("off", ["citation_cache: false", "BRIEFBOOK_CACHE=0"])
def test_with_caching_off_nothing_is_written(make_project, cache_home, monkeypatch, off):
    mkdocs_yml = MINIMAL["mkdocs.yml"]
    if off.startswith("BRIEFBOOK_CACHE"):
        monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    else:
        mkdocs_yml += "      citation_cache: false\n"
    root = make_project({"mkdocs.yml": mkdocs_yml})
    cli_main(["check", str(root)])
    build_site(root)
    assert not list(cache_home.glob("briefbook/reads-*"))


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the sitemap (it carries the build date)."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap.xml")
    }


def test_a_build_from_the_cache_writes_the_site_an_uncached_build_writes(tmp_path, cache_home, parsed, monkeypatch):
    cached = tmp_path / "cached"
    shutil.copytree(FIXTURE, cached)
    build_site(cached)
    assert entries(cache_home)
    parsed.clear()
    warm = site_files(build_site(cached))
    assert parsed == [], "the warm build parsed no data file"
    monkeypatch.setenv("BRIEFBOOK_CACHE", "0")
    uncached = tmp_path / "uncached"
    shutil.copytree(FIXTURE, uncached)
    plain = site_files(build_site(uncached))
    assert warm.keys() == plain.keys()
    assert [path for path in warm if warm[path] != plain[path]] == []
