"""Generated pages as `<name>/index.md` in `briefbook render`'s tree, so that each page's
file sits in the folder of its URL.

A generated page's body is HTML, with links relative to the page's URL. MkDocs leaves
links in raw HTML as they are; Zensical reads them as relative to the Markdown file
(as it does Markdown links) and rewrites them. With directory URLs, `claims/x.md` is
served at `claims/x/`, one folder deeper than its file, so the two disagree; written
as `claims/x/index.md`, file and URL share a folder and both builders agree. The nav,
and hand-written pages' links to generated pages, follow the move.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from ..briefing.links import iter_links, link_scheme


def index_paths(paths: Iterable[str]) -> dict[str, str]:
    """`timeline.md` → `timeline/index.md` for every generated page not an index already."""
    return {
        path: f"{path[: -len('.md')]}/index.md"
        for path in paths
        if path.endswith(".md") and posixpath.basename(path) != "index.md"
    }


def moved_nav(nav: Any, moved: dict[str, str]) -> Any:
    """The user's nav with every entry naming a moved page renamed."""
    if isinstance(nav, str):
        return moved.get(nav, nav)
    if isinstance(nav, list):
        return [moved_nav(item, moved) for item in nav]
    if isinstance(nav, dict):
        return {key: moved_nav(value, moved) for key, value in nav.items()}
    return nav


def retarget_links(text: str, page_path: str, moved: dict[str, str]) -> str:
    """A hand-written page's Markdown with each link to a moved page pointing at its new
    file (relative to the page, fragment kept); every other link as written."""
    if not moved:
        return text
    here = posixpath.dirname(page_path)
    pieces, position = [], 0
    for link in iter_links(text):
        target, hash_mark, fragment = link.target.partition("#")
        if not target or link_scheme(target) is not None or target.startswith("/"):
            continue
        resolved = posixpath.normpath(posixpath.join(here, target))
        new = moved.get(resolved)
        if new is None:
            continue
        pieces += [text[position : link.target_start], posixpath.relpath(new, here or ".") + hash_mark + fragment]
        position = link.target_end
    return "".join(pieces) + text[position:]
