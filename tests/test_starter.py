"""`briefbook init`: a starter that previews at once, with next steps that work as
printed, and that becomes a site ready to publish once its placeholders are replaced."""

from __future__ import annotations

import logging
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from conftest import build_site, check, messages
from mkdocs.exceptions import Abort

from briefbook.adapters.cli import main

PUBLIC = "https://example.org/my-briefing/"  # RFC 2606's documentation domain, for tests only


@pytest.fixture
def starter(tmp_path, capsys):
    root = tmp_path / "my-briefing"
    assert main(["init", str(root)]) == 0
    return root, capsys.readouterr().out


def publishable(root: Path) -> None:
    """What README's "Start your own briefing" asks before publishing: an author."""
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text("utf-8").replace("site_author: Your name or organisation", "site_author: A. Analyst"),
        "utf-8",
    )


def test_the_starter_checks_clean_and_has_what_the_readme_lists(starter):
    root, _ = starter
    assert messages(check(root)) == []
    assert (root / "content/methodology.md").is_file()
    text = (root / "mkdocs.yml").read_text("utf-8")
    assert "whats-new.md" in text and "methodology.md" in text and "site_author:" in text


def test_a_starter_preview_builds_strict_with_every_page_in_the_nav(starter, monkeypatch, caplog):
    root, _ = starter
    monkeypatch.setenv("BRIEFBOOK_PREVIEW", "true")
    caplog.set_level(logging.INFO)
    build_site(root, strict=True)
    assert not [r.getMessage() for r in caplog.records if "not included in the" in r.getMessage()]
    assert not (root / "data/permalinks.lock").exists()  # a preview makes nothing permanent


def test_the_starter_published_is_dated_and_cited(starter, monkeypatch):
    root, _ = starter
    publishable(root)
    monkeypatch.setenv("BRIEFBOOK_SITE_URL", PUBLIC)
    site = build_site(root, strict=True)
    feed = feedparser.parse((site / "feed.xml").read_text("utf-8"))
    assert len(feed.entries) == 3
    assert not feed.feed.updated.startswith("2000")
    assert "(2024, June 3)" in (site / "api/claims/licence-granted.apa.txt").read_text("utf-8")
    assert "claims/licence-granted" in (root / "data/permalinks.lock").read_text("utf-8")


def test_publishing_the_starter_with_its_placeholder_author_warns(starter, monkeypatch, caplog):
    root, _ = starter
    monkeypatch.setenv("BRIEFBOOK_SITE_URL", PUBLIC)
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert any(
        "mkdocs.yml: warning: site_author is still the starter's placeholder 'Your name or organisation'"
        in r.getMessage()
        for r in caplog.records
    )
    assert not (root / "data/permalinks.lock").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_init_prints_a_serve_command_that_works_as_printed(tmp_path):
    """Run `briefbook init` as a user would (not inside an activated environment, from
    another folder) and run the command it prints, with only a free port added."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = "/usr/bin:/bin"  # no environment's bin/ on the PATH
    env["TMPDIR"] = str(tmp_path)
    env["NO_MKDOCS_2_WARNING"] = "1"
    briefbook = str(Path(sys.executable).parent / "briefbook")
    init = subprocess.run([briefbook, "init", "my-briefing"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    printed = [line.strip() for line in init.stdout.splitlines() if "serve --dirty" in line]
    assert len(printed) == 1 and printed[0].startswith("cd my-briefing && "), init.stdout
    command = printed[0] + f" -a 127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        ["bash", "-c", f"exec bash -c {shlex.quote(command)}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        assert server.stdout is not None
        for line in server.stdout:
            output.append(line)
            if "Serving on" in line:
                break
        assert any(re.search(r"Serving on http://127\.0\.0\.1:\d+/", line) for line in output), "".join(output)
        assert not any("warning" in line.lower() and "dirty" not in line.lower() for line in output), "".join(output)
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=120)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert not (tmp_path / "my-briefing/data/permalinks.lock").exists()
    assert not list(tmp_path.glob("briefbook-serve-*"))
