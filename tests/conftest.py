"""Shared helpers: write a small briefing into tmp_path, check it, build it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from briefbook.briefing.check import CheckResult, check_project
from briefbook.briefing.load import Project

MKDOCS_YML = """\
site_name: Test briefing
site_url: https://example.org/briefing/
site_author: Test Unit
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - briefbook:
      published: 2024-03-01  # claims without their own `published` are cited with this date
"""

MINIMAL = {
    "mkdocs.yml": MKDOCS_YML,
    "content/index.md": "# Test briefing\n\n<!-- briefbook:key-judgments -->\n",
    "data/actors.yaml": """\
        - id: mali
          name: Mali
          kind: state
          country: ML
        """,
    "data/themes.yaml": """\
        - id: security
          name: Security
        """,
    "data/sources.yaml": """\
        - id: report
          type: report
          title: A report
        """,
    "data/claims/claims.yaml": """\
        - id: first-claim
          title: Something happened
          statement: It happened in [Mali](actor:mali).
          date: 2024-02
          actors: [mali]
          themes: [security]
          sources: [report]
          confidence: high
        """,
}


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (path → text, dedented) under root; a value of None deletes the path."""
    for relative, text in files.items():
        path = root / relative
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path):
    """make_project(overrides) → a project folder: MINIMAL with some files replaced or removed."""

    def make(files: dict[str, str | None] | None = None, base: dict[str, str] | None = None) -> Path:
        root = tmp_path / "project"
        write_files(root, dict(base if base is not None else MINIMAL))
        write_files(root, files or {})
        return root

    return make


def check(root: Path, frozen: bool = False) -> CheckResult:
    return check_project(Project.at(root), frozen=frozen)


def messages(result: CheckResult) -> list[str]:
    """Every problem as the user sees it: `file:line:column: message`."""
    return [str(p) for p in result.sorted_problems()]


def build_site(root: Path, strict: bool = True, **overrides) -> Path:
    """Run a real `mkdocs build` of the project (in-process); return the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site_dir


# -- the example briefing, built once per session (browser suite, Nu HTML Checker) -----------------

ROOT = Path(__file__).resolve().parents[1]

STATUS_CLAIMS = """\
- id: minister-missing-withdrawn
  title: Defence minister reported missing after the Kati attack
  statement: >-
    Reports said the [defence minister](actor:mali-transitional-government) had
    not been seen since the attack. Correction: the reports were wrong.
  date: 2022-07
  actors: [mali-transitional-government]
  themes: [security-partnerships]
  sources: [mali-wagner-russia-analysis]
  confidence: low
  status: withdrawn
  status_note: >-
    Withdrawn: the minister was seen in public a week later; see
    [](claim:kidal-recaptured). (CSP: a note in parentheses.) At 04:30, 3:1.
- id: kidal-taken-superseded
  title: Kidal said to be taken by the army alone
  statement: An early report credited the [Malian army](actor:fama) alone with taking Kidal.
  date: 2023-11
  actors: [fama]
  themes: [security-partnerships]
  sources: [mali-wagner-russia-analysis]
  confidence: low
  status: superseded
  superseded_by: kidal-recaptured
"""
"""The example has no withdrawn or superseded claim yet: the session's copy gets one of
each, so that every page kind is read by the validators."""


class ExampleSite:
    """The example briefing, built strict and frozen into a temporary folder and served
    on localhost (a ThreadingHTTPServer in a daemon thread)."""

    def __init__(self, root: Path):
        import functools
        import http.server
        import shutil
        import threading

        class QuietHandler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

        for name in ("mkdocs.yml", "content", "data", "templates"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
        (root / "data" / "claims" / "statuses.yaml").write_text(STATUS_CLAIMS, "utf-8")
        ledger = root / "data" / "permalinks.lock"
        entries = set(ledger.read_text("utf-8").split()) | {
            "claims/minister-missing-withdrawn",
            "claims/kidal-taken-superseded",
        }
        ledger.write_text("".join(f"{entry}\n" for entry in sorted(entries)), "utf-8")
        config_text = (
            (root / "mkdocs.yml")
            .read_text("utf-8")
            .replace("!ENV [BRIEFBOOK_FROZEN, false]", "true")
            .replace("!ENV [BRIEFBOOK_PREVIEW, false]", "true")
        )
        (root / "mkdocs.yml").write_text(config_text, "utf-8")
        self.site = root / "site"
        self.site.mkdir()
        handler = functools.partial(QuietHandler, directory=str(self.site))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        build_site(root, strict=True, site_url=self.url)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("example") / "example"
    root.mkdir()
    example = ExampleSite(root)
    yield example
    example.close()


# -- the browser (tests/test_browser.py, tests/test_search_browser.py) ---------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site_url(example_site) -> str:
    """The example (strict, frozen), built once per session and served."""
    return example_site.url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (never a downloaded browser), one for the whole session: a
    second Playwright in the same thread would find the first one's event loop."""
    from playwright import sync_api as playwright_api

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
