"""README's "Start your own briefing", followed as written: a fresh virtual environment,
a plain `pip install` of a briefbook wheel built from this tree, `briefbook init`, the
serve command, then the build for publishing, which must be strict-clean and ready.

No network: pip installs from `.wheelhouse/`, the wheels of briefbook's dependencies
that `make test` prepares (`pip wheel`, with the network, at install time). pip reads
`PIP_NO_INDEX` and `PIP_FIND_LINKS` from the environment, so the README's own `pip
install` line runs unchanged. The only values supplied are the ones the README asks the
reader for: what to install from (`BRIEFBOOK`) and the public address (`SITE_URL`).
"""

from __future__ import annotations

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
from linkcheck import check_site

ROOT = Path(__file__).resolve().parent.parent
WHEELHOUSE = ROOT / ".wheelhouse"
PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
SITE_URL = "https://example.org/my-briefing/"  # RFC 2606's documentation domain, for tests only


def readme_blocks() -> list[list[str]]:
    """The shell blocks of README's "Start your own briefing", as lists of lines."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Start your own briefing", 1)[1].split("\n## ", 1)[0]
    return [block.strip("\n").splitlines() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"$ {script}\n{result.stdout}\n{result.stderr}"
    return result


def serve_until_ready(command: str, cwd: Path, env: dict[str, str]) -> str:
    """Start the README's serve line, wait for MkDocs to say it serves, stop it with SIGTERM."""
    server = subprocess.Popen(
        ["bash", "-c", command + f" -a 127.0.0.1:{free_port()}"],
        cwd=cwd,
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
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=120)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return "".join(output)


@pytest.mark.skipif(not WHEELHOUSE.is_dir(), reason="no .wheelhouse/: `make test` prepares it")
def test_start_your_own_briefing_as_written(tmp_path):
    dist = tmp_path / "dist"
    wheel_build = subprocess.run(
        [*PIP_WHEEL, "--wheel-dir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert wheel_build.returncode == 0, wheel_build.stderr
    (wheel,) = dist.glob("briefbook-*.whl")

    home = tmp_path / "home"
    work = home / "work"
    work.mkdir(parents=True)
    env = {
        "HOME": str(home),  # `~/briefbook-env` lands in the test's folder
        # `python3` is the Python the suite runs on (the wheelhouse was made for it), and
        # no virtual environment's bin/ is on the PATH
        "PATH": f"{Path(sys.base_prefix) / 'bin'}:/usr/bin:/bin",
        "TMPDIR": str(tmp_path),
        "LANG": "C.UTF-8",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(WHEELHOUSE),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_MKDOCS_2_WARNING": "1",
        "BRIEFBOOK_CACHE": "0",
        # Who commits: what a reader's git configuration says (the README commits the briefing).
        "GIT_AUTHOR_NAME": "A. Analyst",
        "GIT_AUTHOR_EMAIL": "analyst@example.org",
        "GIT_COMMITTER_NAME": "A. Analyst",
        "GIT_COMMITTER_EMAIL": "analyst@example.org",
    }
    values = {"BRIEFBOOK": str(wheel), "SITE_URL": SITE_URL}
    install, publish = readme_blocks()

    cwd = work
    script: list[str] = []
    for line in install:
        name = line.split("=", 1)[0]
        if name in values:  # "set this to yours": the test's value instead of the placeholder
            script.append(f"{name}={shlex.quote(values[name])}")
        elif "mkdocs serve" in line:
            run("\n".join([*script, f"pwd > {tmp_path / 'cwd'}"]), cwd, env)
            cwd = Path((tmp_path / "cwd").read_text().strip())
            script = []
            output = serve_until_ready(line.split("#")[0].strip(), cwd, env)
            assert re.search(r"Serving on http://127\.0\.0\.1:\d+/", output), output
        else:
            script.append(line)
    assert cwd == work / "my-briefing" and not script
    assert not (cwd / "data/permalinks.lock").exists()  # previewing made nothing permanent
    assert not list(tmp_path.glob("briefbook-serve-*"))  # SIGTERM left nothing behind

    # What the README asks in words before publishing: your name as site_author.
    mkdocs_yml = cwd / "mkdocs.yml"
    text = mkdocs_yml.read_text("utf-8")
    assert "site_author: Your name or organisation" in text
    mkdocs_yml.write_text(text.replace("Your name or organisation", "A. Analyst"), "utf-8")

    lines = [f"SITE_URL={shlex.quote(SITE_URL)}" if line.startswith("SITE_URL=") else line for line in publish]
    built = run("\n".join(lines), cwd, env)
    log = built.stdout + built.stderr
    assert "WARNING" not in log, log

    site = cwd / "site"
    assert check_site(site, SITE_URL) == []
    ledger = (cwd / "data/permalinks.lock").read_text("utf-8").splitlines()
    assert "claims/licence-granted" in ledger and "actors/example-state" in ledger
    versions = (cwd / "data/versions.lock").read_text("utf-8")
    assert "claims/licence-granted/v/" in versions
    committed = subprocess.run(["git", "status", "--porcelain"], cwd=cwd, capture_output=True, text=True).stdout
    assert committed == ""  # the ledgers were committed with the data; site/ is ignored
    assert (site / "whats-new/index.html").is_file() and (site / "methodology/index.html").is_file()
    feed = feedparser.parse((site / "feed.xml").read_text("utf-8"))
    assert feed.feed.link == SITE_URL and len(feed.entries) == 3
    assert all(entry.link.startswith(SITE_URL) for entry in feed.entries)
    apa = (site / "api/claims/licence-granted.apa.txt").read_text("utf-8")
    assert "A. Analyst" in apa and "(2024, June 3)" in apa and f"{SITE_URL}claims/licence-granted/" in apa
