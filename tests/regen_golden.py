"""Regenerate tests/golden/ from the small fixture: `python tests/regen_golden.py`.

The golden files are the Markdown (and redirect HTML) briefbook generates for
tests/fixtures/small, one file per page at the page's own relative path. Run this
after an intended change to the templates or the fixture, read the diff, commit it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.site.pages import Renderer, Site, make_environment

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "small"
GOLDEN = TESTS / "golden"
SITE = Site("Small briefing", "https://example.org/briefing/", "Example Analysis Unit")


def render_fixture(root: Path = FIXTURE) -> dict[str, str]:
    """{relative path: text} of every page briefbook generates for the fixture."""
    project = Project.at(root)
    result = check_project(project)
    if not result.ok:
        problems = "\n".join(str(p) for p in result.sorted_problems())
        raise RuntimeError(f"the fixture {root} has errors:\n{problems}")
    renderer = Renderer(result.briefing, SITE, make_environment(project.templates_dir))
    pages: dict[str, str] = {}
    for path in sorted(project.content_dir.rglob("*.md")):
        relative = path.relative_to(project.content_dir).as_posix()
        pages[relative] = renderer.content_page(path.read_text("utf-8"), relative)
    for path, text in renderer.pages():
        if path in pages:
            raise RuntimeError(f"{path} is both a content page and a generated page")
        pages[path] = text
    for path, text in renderer.redirects():
        pages[path] = text
    for path, text in renderer.outputs.files():
        # The exports, the main feed and one claim's citations in every format; the
        # rest follow the same code paths.
        if path.startswith("api/claims/") and not path.startswith("api/claims/border-clash."):
            continue
        if path.startswith("feeds/"):
            continue
        pages[path] = text
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
