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
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - briefbook
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
