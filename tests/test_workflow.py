"""Publishing in one step (issue #17): the CI workflows `briefbook init` writes, run as CI
would run them. A starter is committed to git and published once locally (which records
its ledgers), then cloned with its full history as the workflow's checkout does; each
command of the workflow's build runs in that clone, in order, with the workflow's own
environment. Only the install (the README's test installs a wheel as written) and the
deploy (which needs GitHub or GitLab) are left out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import build_site
from test_history import commit, git

from briefbook.adapters.cli import main
from briefbook.site.citation_cache import default_cache_path

PUBLIC = "https://example.org/my-briefing"  # RFC 2606's documentation domain; as Pages gives it, no slash
BIN = Path(sys.executable).parent


@pytest.fixture
def published_starter(tmp_path):
    """A starter as README's "Start your own briefing" leaves it: committed, published
    once (the ledgers recorded and committed), then cloned by CI with its full history."""
    root = tmp_path / "my-briefing"
    assert main(["init", str(root)]) == 0
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text("utf-8").replace("Your name or organisation", "A. Analyst"), "utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "2024-06-03", "My briefing")
    build_site(root, strict=True, site_url=PUBLIC + "/")
    assert (root / "data/versions.lock").is_file() and (root / "data/permalinks.lock").is_file()
    commit(root, "2024-06-03", "The published permalinks and versions")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", f"file://{root}", str(clone))
    return clone


def run(command: str, cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"$ {command}\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stdout + result.stderr, result.stderr


def base_env(clone: Path) -> dict[str, str]:
    return {
        "PATH": f"{BIN}:/usr/bin:/bin",  # briefbook and mkdocs, as `pip install` puts them on the PATH
        "HOME": str(clone.parent / "home"),
        "LANG": "C.UTF-8",
        "NO_MKDOCS_2_WARNING": "1",
    }


def test_the_github_workflow_checks_builds_and_keeps_its_cache(published_starter):
    clone = published_starter
    workflow = yaml.safe_load((clone / ".github/workflows/publish.yml").read_text("utf-8"))
    build = workflow["jobs"]["build"]
    steps = build["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy)
    expressions = {
        "${{ vars.BRIEFBOOK }}": "unused: the install step is not run",
        "${{ github.workspace }}/.cache": str(clone / ".cache"),
        "${{ vars.SITE_URL || steps.pages.outputs.base_url }}": PUBLIC,
    }
    env = {**base_env(clone), **{k: expressions.get(v, v) for k, v in build["env"].items()}}
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    ran = []
    for step in steps:
        if "run" not in step or step["name"] == "Install briefbook":
            continue
        step_env = {k: expressions.get(v, v) for k, v in step.get("env", {}).items()}
        run(step["run"], clone, {**env, **step_env})
        ran.append(step["run"])
    assert ran == ["briefbook check --frozen", 'BRIEFBOOK_SITE_URL="${SITE_URL%/}/" mkdocs build --strict']
    site = clone / "site"
    page = (site / "claims/licence-granted/index.html").read_text("utf-8")
    assert f"{PUBLIC}/claims/licence-granted/" in page and 'id="history"' in page
    # The cache folder the workflow keeps is the one briefbook wrote to.
    kept = clone / cache["with"]["path"]
    assert kept.is_dir() and any(kept.glob("citations-v*.json")) and any(kept.glob("history-v*"))
    assert default_cache_path_under(clone / ".cache").parent == kept


def default_cache_path_under(xdg_cache_home: Path) -> Path:
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(xdg_cache_home)
    try:
        path = default_cache_path()
    finally:
        if previous is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = previous
    assert path is not None
    return path


def test_the_gitlab_pipeline_runs_the_same_steps(published_starter):
    clone = published_starter
    pipeline = yaml.safe_load((clone / ".gitlab-ci.yml").read_text("utf-8"))["pages"]
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    variables = {k: v.replace("$CI_PROJECT_DIR", str(clone)) for k, v in pipeline["variables"].items()}
    env = {**base_env(clone), **variables, "CI_PAGES_URL": PUBLIC}
    commands = [line for line in pipeline["script"] if "pip install" not in line and 'BRIEFBOOK"' not in line]
    assert commands[0] == "briefbook check --frozen" and "mkdocs build --strict" in commands[1]
    for command in commands:
        run(command, clone, env)
    page = (clone / "public/claims/licence-granted/index.html").read_text("utf-8")
    assert f"{PUBLIC}/claims/licence-granted/" in page
    assert (clone / pipeline["cache"]["paths"][0]).is_dir()
