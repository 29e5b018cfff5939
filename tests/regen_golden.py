"""Regenerate tests/golden/ from the small fixture: `python tests/regen_golden.py`.

The golden files are the Markdown (and redirect HTML) briefbook generates for
tests/fixtures/small, one file per page at the page's own relative path. Run this
after an intended change to the templates or the fixture, read the diff, commit it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.site.build import make_site, site_files
from briefbook.site.urls import Site

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "small"
GOLDEN = TESTS / "golden"
SITE = Site("Small briefing", "https://example.org/briefing/", "Example Analysis Unit")


BUILD_DAY_EPOCH = "1714521600"
"""2024-05-01: the build day an undated claim's citation carries as its access date
(SOURCE_DATE_EPOCH), fixed so that the golden files do not change with the calendar."""


def render_fixture(root: Path = FIXTURE) -> dict[str, str]:
    """{relative path: text} of every page briefbook generates for the fixture."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_DAY_EPOCH
    try:
        return _render_fixture(root)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _render_fixture(root: Path) -> dict[str, str]:
    project = Project.at(root)
    result = check_project(project)
    if not result.ok:
        problems = "\n".join(str(p) for p in result.sorted_problems())
        raise RuntimeError(f"the fixture {root} has errors:\n{problems}")
    renderer = make_site(result.briefing, SITE, project.templates_dir)
    pages: dict[str, str] = {}
    for path in sorted(project.content_dir.rglob("*.md")):
        relative = path.relative_to(project.content_dir).as_posix()
        pages[relative] = renderer.content_page(path.read_text("utf-8"), relative)
    for item in site_files(renderer, with_home=False, project_root=project.root):
        # The exports, the main feed and one claim's citations in every format; the
        # rest follow the same code paths. Assets are files of the package, not output.
        if item.role == "asset" or (item.role == "feed" and item.path != "feed.xml"):
            continue
        if item.path.startswith("api/claims/") and not item.path.startswith("api/claims/border-clash."):
            continue
        if item.is_page and item.path in pages:
            raise RuntimeError(f"{item.path} is both a content page and a generated page")
        pages[item.path] = item.content()
    return pages


def main() -> int:
    pages = render_fixture()
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for relative, text in pages.items():
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8", newline="\n")
    print(f"wrote {len(pages)} golden files to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
