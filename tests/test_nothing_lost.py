"""Nothing lost: no command changes the analyst's files, and published URLs survive edits.

Every command (check, check --frozen, render, mkdocs build, a serve rebuild, export) runs
on a project with valid data and on one with a data error; `data/`, `content/`,
`templates/` and `mkdocs.yml` are hashed before and after. The only change allowed is
new lines in `data/permalinks.lock`, and only after a successful publishing run (build
or render, not frozen). Nothing is written outside the command's output folder (the
citation cache, when on, lives in its own user cache folder, pointed into tmp_path).

Then permalinks: a site is built, every page URL recorded, and the data edited the ways
the README allows (rename with redirect_from, withdraw, supersede): every URL still
answers with the right page. Deleting a published claim fails with advice.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, build_site, check, messages, write_files
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from briefbook.adapters.cli import build_parser
from briefbook.adapters.cli import main as cli_main

LEDGER = "data/permalinks.lock"
LEDGER_BEFORE = "# Published permalinks: never remove a line.\nactors/mali\nclaims/first-claim\n"
"""A ledger that lacks some current IDs (themes/security, sources/report, claims/second-claim),
so that a publishing run has something to add."""

VALID = {
    LEDGER: LEDGER_BEFORE,
    "templates/claim.html.j2": '{% extends "builtin/claim.html.j2" %}\n',
    "content/about.md": "# About\n\nSee [the claim](claim:first-claim) and [Mali](actor:mali).\n",
    "content/image.bin": "not really an image\n",
    "data/claims/more/second.yaml": """\
        - id: second-claim
          title: Something else happened
          statement: Later, in [Mali](actor:mali), after [](claim:first-claim).
          date: 2024-03
          actors: [mali]
          themes: [security]
          sources: [{ref: report, locator: p. 2, quote: "A quote."}]
          confidence: moderate
        """,
    "data/claims/_draft.yaml": "- id: draft\n  title: not read\n",
}
DATA_ERROR = {
    **VALID,
    "data/claims/more/second.yaml": VALID["data/claims/more/second.yaml"].replace(
        "confidence: moderate", "confidance: moderate"
    ),
}
WARNING_ONLY = {
    **VALID,
    "data/claims/more/second.yaml": VALID["data/claims/more/second.yaml"].replace("confidence: moderate\n", ""),
}
"""Valid data with a warning (a claim without confidence): a strict build fails."""

COMPLETE_LEDGER = LEDGER_BEFORE + "claims/second-claim\nsources/report\nthemes/security\n"
DATA_VARIANTS = {
    "valid": VALID,
    "valid-complete-ledger": {**VALID, LEDGER: COMPLETE_LEDGER},
    "data-error": DATA_ERROR,
}
ALL_IDS = {"actors/mali", "claims/first-claim", "claims/second-claim", "sources/report", "themes/security"}


# -- snapshots ------------------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every file under folder (not under any of `skip`), by relative path, with its hash."""
    return {
        p.relative_to(folder).as_posix(): digest(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(p == s or s in p.parents for s in skip)
    }


def ledger_lines(root: Path) -> list[str]:
    path = root / LEDGER
    return path.read_text("utf-8").splitlines() if path.exists() else []


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The citation cache (on by default) goes to a folder of its own inside tmp_path."""
    cache = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def make(tmp_path: Path, files: dict[str, str], frozen: bool = False) -> Path:
    root = write_files(tmp_path / "project", dict(MINIMAL))
    write_files(root, files)
    if frozen:
        yml = root / "mkdocs.yml"
        yml.write_text(
            yml.read_text("utf-8").replace("  - briefbook:\n", "  - briefbook:\n      frozen: true\n"), "utf-8"
        )
    return root


# -- the commands -----------------------------------------------------------------------------------


def serve_build(root: Path, site_dir: Path) -> None:
    """One rebuild as `mkdocs serve` does it (see test_serve.py)."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()


def has_command(name: str) -> bool:
    return any(name in (getattr(action, "choices", None) or ()) for action in build_parser()._actions)


Command = Callable[[Path, Path], bool]
"""(project root, tmp_path) → whether the run succeeded."""


def run_cli(*args: str) -> Command:
    def run(root: Path, tmp: Path) -> bool:
        argv = [a.format(root=root, tmp=tmp) for a in args]
        return cli_main(argv) == 0

    return run


def run_build(root: Path, tmp: Path) -> bool:
    try:
        build_site(root)
    except Abort:
        return False
    return True


def run_serve(root: Path, tmp: Path) -> bool:
    serve_build(root, tmp / "served")
    return True


COMMANDS: dict[str, tuple[Command, str | None, bool]] = {
    # name: (run, output folder relative to tmp_path or to the project ("project/..."), publishes)
    "check": (run_cli("check", "{root}"), None, False),
    "check-json": (run_cli("check", "{root}", "--format", "json"), None, False),
    "check-frozen": (run_cli("check", "{root}", "--frozen"), None, False),
    "render": (run_cli("render", "{root}", "--out", "{tmp}/out"), "out", True),
    "render-frozen": (run_cli("render", "{root}", "--out", "{tmp}/out", "--frozen"), "out", False),
    "build": (run_build, "project/site", True),
    "serve": (run_serve, "served", False),
    "export": (run_cli("export", "{root}", "--out", "{tmp}/export.json"), "export.json", False),
}


@pytest.mark.parametrize("variant", DATA_VARIANTS)
@pytest.mark.parametrize("command", COMMANDS)
def test_commands_leave_the_project_unchanged_but_for_new_permalinks(tmp_path, user_cache, command, variant):
    if command == "export" and not has_command("export"):
        pytest.skip("briefbook export does not exist (yet) in briefbook/cli.py")
    run, output, publishes = COMMANDS[command]
    root = make(tmp_path, DATA_VARIANTS[variant])
    out = tmp_path / output if output else None
    protected = (root / "site", user_cache) + ((out,) if out else ())
    project_before = snapshot(root, skip=(root / "site",))
    everything_before = snapshot(tmp_path, skip=protected)
    ledger_before = ledger_lines(root)

    succeeded = run(root, tmp_path)

    new_ids = variant == "valid"  # the ledger lacks some current IDs: frozen runs refuse them
    expected = command == "serve" or (variant != "data-error" and not (command.endswith("frozen") and new_ids))
    assert succeeded == expected, (command, variant)
    project_after = snapshot(root, skip=(root / "site",))
    ledger_after = ledger_lines(root)
    changed = {p for p in project_before.keys() | project_after.keys() if project_before.get(p) != project_after.get(p)}
    if publishes and succeeded:
        assert changed <= {LEDGER}, changed
        assert set(ledger_before) <= set(ledger_after)
        entries = [line for line in ledger_after if line and not line.startswith("#")]
        assert entries == sorted(entries)
        assert set(entries) == ALL_IDS
        assert "# Published permalinks: never remove a line." in ledger_after
    else:
        assert changed == set(), changed
    everything_after = snapshot(tmp_path, skip=protected)
    written = {
        p
        for p in everything_before.keys() | everything_after.keys()
        if everything_before.get(p) != everything_after.get(p)
    }
    assert written <= {f"project/{LEDGER}"}, f"{command} wrote outside its output folder: {sorted(written)}"
    if out is not None and succeeded and command != "serve":
        assert out.exists(), f"{command} wrote no output to {out}"


def test_frozen_build_writes_nothing_but_its_site(tmp_path, user_cache):
    root = make(tmp_path, VALID, frozen=True)
    before = snapshot(tmp_path, skip=(root / "site", user_cache))
    assert not run_build(root, tmp_path)  # new IDs are errors when frozen
    assert snapshot(tmp_path, skip=(root / "site", user_cache)) == before


def test_frozen_build_with_a_complete_ledger_succeeds_and_changes_nothing(tmp_path, user_cache):
    root = make(tmp_path, VALID)
    assert run_build(root, tmp_path)  # records the new IDs
    (tmp_path / "project" / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text("utf-8").replace("  - briefbook:\n", "  - briefbook:\n      frozen: true\n"),
        "utf-8",
    )
    before = snapshot(tmp_path, skip=(root / "site", user_cache))
    assert run_build(root, tmp_path)
    assert snapshot(tmp_path, skip=(root / "site", user_cache)) == before


def test_a_strict_build_that_fails_on_a_warning_records_no_permalink(tmp_path, user_cache):
    """A build that fails is not a publishing build, whatever made it fail: here a
    warning under --strict (a claim without confidence)."""
    root = make(tmp_path, WARNING_ONLY)
    result = check(root)
    assert result.ok and result.problems.warnings, messages(result)
    before = snapshot(root, skip=(root / "site",))
    assert not run_build(root, tmp_path)
    assert snapshot(root, skip=(root / "site",)) == before, ledger_lines(root)


def test_a_template_error_records_no_permalink(tmp_path, user_cache):
    root = make(tmp_path, {**VALID, "templates/claim.html.j2": "{{ claim.no_such_field.deeper }}\n"})
    before = snapshot(root, skip=(root / "site",))
    assert not run_build(root, tmp_path)
    assert snapshot(root, skip=(root / "site",)) == before


def test_a_build_without_a_ledger_creates_it_with_every_id(tmp_path, user_cache):
    root = make(tmp_path, {**VALID, LEDGER: None})
    before = snapshot(root, skip=(root / "site",))
    assert run_build(root, tmp_path)
    after = snapshot(root, skip=(root / "site",))
    assert set(after) - set(before) == {LEDGER}
    assert {p for p in before if before[p] != after.get(p)} == set()
    assert ledger_lines(root) == sorted(ledger_lines(root))
    assert "claims/second-claim" in ledger_lines(root)


def test_serve_rebuilds_with_errors_and_fixes_never_write_the_project(tmp_path, user_cache):
    root = make(tmp_path, VALID)
    before = snapshot(root)
    for files in (DATA_ERROR, VALID, WARNING_ONLY, VALID):
        write_files(root, files)
        serve_build(root, tmp_path / "served")
    assert snapshot(root) == before


def test_render_refuses_a_non_empty_output_folder_and_keeps_it(tmp_path, user_cache):
    root = make(tmp_path, VALID)
    out = write_files(tmp_path / "out", {"keep.txt": "mine\n"})
    before = snapshot(tmp_path, skip=(user_cache,))
    assert cli_main(["render", str(root), "--out", str(out)]) != 0
    assert snapshot(tmp_path, skip=(user_cache,)) == before


@pytest.mark.parametrize("inside", ["data/out", "data/claims/out"])
def test_render_into_the_data_folder_is_refused_or_harmless(tmp_path, user_cache, inside):
    """An output folder inside data/ must not turn generated files into data: briefbook
    refuses it, or the project still checks exactly as before."""
    root = make(tmp_path, {**VALID, LEDGER: COMPLETE_LEDGER})
    before = snapshot(root / "data")
    expected = messages(check(root))
    code = cli_main(["render", str(root), "--out", str(root / inside), "--frozen"])
    if code != 0:
        assert snapshot(root / "data") == before
    else:
        assert messages(check(root)) == expected


# -- permalinks survive edits ---------------------------------------------------------------------

BASE = {
    "data/claims/claims.yaml": """\
        - id: first-claim
          title: Something happened
          statement: It happened in [Mali](actor:mali). See [](claim:second-claim).
          date: 2024-02
          actors: [mali]
          themes: [security]
          sources: [report]
          confidence: high
        - id: second-claim
          title: The second claim
          statement: A second thing, after [](claim:first-claim).
          date: 2024-03
          actors: [mali]
          themes: [security]
          sources: [report]
          confidence: moderate
          key: true
        - id: third-claim
          title: The third claim
          statement: A third thing.
          date: 2024-04
          actors: [mali]
          themes: [security]
          sources: [report]
          confidence: low
        - id: fourth-claim
          title: The fourth claim
          statement: A fourth thing.
          date: 2024-05
          actors: [mali]
          themes: [security]
          sources: [report]
          confidence: low
        """,
}


def claims_text(root: Path) -> str:
    return (root / "data/claims/claims.yaml").read_text("utf-8")


def page_urls(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text("utf-8"), "html.parser")


def heading(site: Path, page: str) -> str:
    article = soup(site, page).find("article")
    assert article is not None, page
    return " ".join(article.find("h1").get_text(" ").split())


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, set[str]]:
    """A project built once (not frozen): its ledger holds every ID; the URLs it served."""
    root = make(tmp_path, BASE)
    site = build_site(root)
    urls = page_urls(site)
    assert "claims/second-claim/index.html" in urls
    assert "claims/second-claim" in ledger_lines(root)
    return root, urls


def rebuild(root: Path) -> Path:
    site = root / "site"
    for path in sorted(site.rglob("*"), reverse=True):  # a fresh site: nothing left over
        path.unlink() if path.is_file() else path.rmdir()
    return build_site(root)


def assert_every_url_answers(site: Path, urls: set[str]) -> None:
    missing = sorted(url for url in urls if not (site / url).is_file())
    assert missing == [], missing


def test_renaming_a_claim_with_redirect_from_keeps_the_old_url(published):
    root, urls = published
    text = claims_text(root).replace(
        "- id: second-claim\n", "- id: second-claim-renamed\n  redirect_from: [second-claim]\n"
    )
    text = text.replace("(claim:second-claim)", "(claim:second-claim-renamed)")
    (root / "data/claims/claims.yaml").write_text(text, "utf-8")
    site = rebuild(root)
    assert_every_url_answers(site, urls)
    old = soup(site, "claims/second-claim/index.html")
    refresh = old.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"] == "0; url=../second-claim-renamed/"
    assert old.find("a", href="../second-claim-renamed/") is not None
    assert heading(site, "claims/second-claim-renamed/index.html") == "The second claim"
    lines = ledger_lines(root)
    assert "claims/second-claim" in lines and "claims/second-claim-renamed" in lines
    assert lines == sorted(lines)


def test_withdrawing_a_claim_keeps_its_page_with_the_notice_and_note(published):
    root, urls = published
    text = claims_text(root).replace(
        "  statement: A third thing.\n",
        "  statement: A third thing.\n  status: withdrawn\n  status_note: The only source retracted its report.\n",
    )
    (root / "data/claims/claims.yaml").write_text(text, "utf-8")
    site = rebuild(root)
    assert_every_url_answers(site, urls)
    article = soup(site, "claims/third-claim/index.html").find("article")
    notice = article.find(class_="admonition")
    assert notice is not None and "Withdrawn" in notice.get_text()
    assert "The only source retracted its report." in article.get_text()
    assert heading(site, "claims/third-claim/index.html") == "The third claim"


def test_superseding_a_claim_keeps_its_page_linking_to_the_replacement(published):
    root, urls = published
    text = claims_text(root).replace(
        "  statement: A fourth thing.\n",
        "  statement: A fourth thing.\n  status: superseded\n  superseded_by: first-claim\n",
    )
    (root / "data/claims/claims.yaml").write_text(text, "utf-8")
    site = rebuild(root)
    assert_every_url_answers(site, urls)
    article = soup(site, "claims/fourth-claim/index.html").find("article")
    notice = article.find(class_="admonition")
    assert notice is not None and "Superseded" in notice.get_text()
    assert notice.find("a", href="../first-claim/") is not None
    assert heading(site, "claims/fourth-claim/index.html") == "The fourth claim"


def test_all_three_edits_at_once_keep_every_url(published):
    root, urls = published
    text = claims_text(root)
    text = text.replace("- id: second-claim\n", "- id: second-claim-renamed\n  redirect_from: [second-claim]\n")
    text = text.replace("(claim:second-claim)", "(claim:second-claim-renamed)")
    text = text.replace(
        "  statement: A third thing.\n", "  statement: A third thing.\n  status: withdrawn\n  status_note: Wrong.\n"
    )
    text = text.replace(
        "  statement: A fourth thing.\n",
        "  statement: A fourth thing.\n  status: superseded\n  superseded_by: third-claim\n",
    )
    (root / "data/claims/claims.yaml").write_text(text, "utf-8")
    site = rebuild(root)
    assert_every_url_answers(site, urls)


def log_text(caplog: pytest.LogCaptureFixture, error: BaseException) -> str:
    return "\n".join(r.getMessage() for r in caplog.records) + "\n" + str(error)


@pytest.mark.parametrize(
    ("edit", "entry", "advice"),
    [
        ("delete-claim", "claims/third-claim", ("withdrawn", "status_note", "redirect_from", "restore")),
        ("rename-without-redirect", "claims/third-claim", ("withdrawn", "status_note", "redirect_from", "restore")),
        ("delete-actor", "actors/mali", ("restore",)),
    ],
)
def test_removing_a_published_id_fails_with_the_ledger_line_and_advice(published, caplog, edit, entry, advice):
    root, _ = published
    text = claims_text(root)
    if edit == "delete-claim":
        start = text.index("- id: third-claim\n")
        end = text.index("- id: fourth-claim\n")
        (root / "data/claims/claims.yaml").write_text(text[:start] + text[end:], "utf-8")
    elif edit == "rename-without-redirect":
        (root / "data/claims/claims.yaml").write_text(text.replace("id: third-claim", "id: third-claim-new"), "utf-8")
    else:
        write_files(
            root,
            {
                "data/actors.yaml": "- id: niger\n  name: Niger\n  kind: state\n",
                "data/claims/claims.yaml": text.replace("(actor:mali)", "(actor:niger)").replace(
                    "actors: [mali]", "actors: [niger]"
                ),
            },
        )
    ledger_before = (root / LEDGER).read_text("utf-8")
    line = ledger_lines(root).index(entry) + 1
    data_before = snapshot(root / "data")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort) as raised:
        rebuild(root)
    text = log_text(caplog, raised.value)
    assert re.search(rf"data/permalinks\.lock:{line}:1: {re.escape(entry)} was published", text), text
    for word in advice:
        assert word in text, (word, text)
    assert (root / LEDGER).read_text("utf-8") == ledger_before
    assert snapshot(root / "data") == data_before
    # and `briefbook check` says the same, at the same place
    assert any(m.startswith(f"data/permalinks.lock:{line}:1: {entry}") for m in messages(check(root)))


EXTRA_CLAIM = """\
- id: fifth-claim
  title: A fifth claim
  statement: Added later.
  date: 2024-06
  actors: [mali]
  themes: [security]
  sources: [report]
  confidence: low
"""


def test_ids_only_ever_join_the_ledger(published):
    """Across edits and rebuilds, the ledger only grows and stays sorted."""
    root, _ = published
    seen = [ledger_lines(root)]
    text = claims_text(root).replace(
        "- id: second-claim\n", "- id: second-claim-renamed\n  redirect_from: [second-claim]\n"
    )
    (root / "data/claims/claims.yaml").write_text(
        text.replace("(claim:second-claim)", "(claim:second-claim-renamed)"), "utf-8"
    )
    rebuild(root)
    seen.append(ledger_lines(root))
    write_files(root, {"data/claims/extra.yaml": EXTRA_CLAIM})
    rebuild(root)
    seen.append(ledger_lines(root))
    for before, after in itertools.pairwise(seen):
        assert set(before) <= set(after)
        entries = [e for e in after if not e.startswith("#")]
        assert entries == sorted(entries)
    assert {"claims/second-claim-renamed", "claims/fifth-claim"} <= set(seen[-1])
