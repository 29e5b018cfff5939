"""The example site read by a validator nobody here wrote: the Nu HTML Checker (issue #11).

`java -jar node_modules/vnu-jar/build/dist/vnu.jar` (npm `vnu-jar`, pinned in
package-lock.json; `make test` installs it, `.ci/run` installs Java) checks every HTML
file of the example as built for the session (conftest.example_site, with a withdrawn
and a superseded claim added): no error and no warning may come from briefbook's markup,
on any page kind. Material's own chrome makes a few errors on every page, hand-written
ones included; they are listed in THEME_ERRORS, and the test checks that each really
occurs on a hand-written page too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

if shutil.which("java") is None or not VNU.is_file():
    pytest.skip(
        "the Nu HTML Checker needs Java and `npm ci` (`make test` and .ci/run set both up)", allow_module_level=True
    )

THEME_ERRORS = {
    # Material's drawer and search toggles: <input type="checkbox" autocomplete="off">
    # (theme chrome, on every page including hand-written ones; not briefbook's markup).
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”.",
}
HAND_WRITTEN = "methodology/index.html"
PAGE_KINDS = [
    "index.html",
    "claims/kidal-recaptured/index.html",
    "claims/minister-missing-withdrawn/index.html",
    "claims/kidal-taken-superseded/index.html",
    "claims/kidal-flag/index.html",  # a former ID's redirect page
    "actors/wagner/index.html",
    "themes/security-partnerships/index.html",
    "sources/le-monde-2024-10-21/index.html",
    "timeline/index.html",
    "claims/index.html",
    "actors/index.html",
    "themes/index.html",
    "sources/index.html",
    "actor-graph/index.html",
    "whats-new/index.html",
    "evidence/index.html",  # the key judgments' evidence matrix (format 1.1)
    "evidence/mali-wagner-tensions/index.html",  # a theme's
    "claims/wagner-confrontation-likely/index.html",  # a judgment's case
    HAND_WRITTEN,
]


@pytest.fixture(scope="module")
def nu_messages(example_site) -> dict[str, list[dict]]:
    """Every message of the checker, by page path (relative to the site)."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(example_site.site)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stderr)  # vnu writes its JSON report to stderr
    by_page: dict[str, list[dict]] = defaultdict(list)
    for message in report["messages"]:
        if message["type"] == "non-document-error":
            raise AssertionError(f"the checker could not read a file: {message}")
        page = Path(message["url"].removeprefix("file:")).resolve().relative_to(example_site.site.resolve())
        by_page[page.as_posix()].append(message)
    return by_page


def problem(message: dict) -> bool:
    """An error, or a warning (vnu's "info" with subType "warning"); plain info is not."""
    return message["type"] == "error" or message.get("subType") == "warning"


def test_every_page_kind_was_built(example_site):
    for page in PAGE_KINDS:
        assert (example_site.site / page).is_file(), page


def test_no_error_or_warning_from_briefbooks_markup_on_any_page(nu_messages):
    found = [
        f"{page}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()[:80]}]"
        for page, messages in sorted(nu_messages.items())
        for m in messages
        if problem(m) and m["message"] not in THEME_ERRORS
    ]
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:40])


def test_the_errors_left_to_the_theme_are_on_hand_written_pages_too(nu_messages):
    """What THEME_ERRORS excuses is Material's chrome: it occurs on a page briefbook did
    not generate, exactly as on the generated ones."""
    on_hand_written = {m["message"] for m in nu_messages.get(HAND_WRITTEN, []) if problem(m)}
    excused = {m["message"] for messages in nu_messages.values() for m in messages if m["message"] in THEME_ERRORS}
    assert excused <= on_hand_written
