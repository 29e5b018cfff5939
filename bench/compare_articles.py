"""Compare the text of every page's `<article>` between two builds of a briefing.

    .venv/bin/python bench/compare_articles.py                 # the example, base commit vs the worktree
    .venv/bin/python bench/compare_articles.py --before 742a485 --project /tmp/b1000
    .venv/bin/python bench/compare_articles.py --before-site A --after-site B   # two built sites

"Before" is the project built by briefbook as it was at a commit (exported with
`git archive`, imported ahead of the installed package; for the example, the example
as it was too); "after" is the worktree's briefbook. Both build with the same citation access day (SOURCE_DATE_EPOCH) and their
own empty citation cache. Text is compared word by word (markup and whitespace
ignored), so a page passes when a reader sees the same words in the same order. Exit
code 1 when a page differs or exists on one side only.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tarfile
import tempfile
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BEFORE = "742a485"
"""The commit this branch started from: pages written as Markdown, converted by MkDocs."""
BUILD_DAY_EPOCH = "1714521600"


class ArticleText(HTMLParser):
    """The words a reader sees inside the page's `<article>`: scripts, styles and
    `hidden` elements (Pagefind's metadata) left out."""

    BLOCKS = frozenset(
        {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "div", "pre", "br"}
    )
    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        """Open elements inside the article: (tag, whether its text is left out)."""
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "article" and not self.stack:
            self.stack.append((tag, False))
            return
        if not self.stack:
            return
        if tag in self.BLOCKS:
            self.parts.append(" ")
        if tag not in self.VOID:
            unseen = self.stack[-1][1] or tag in ("script", "style") or any(name == "hidden" for name, _ in attrs)
            self.stack.append((tag, unseen))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        if tag in self.BLOCKS:
            self.parts.append(" ")
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.stack and not self.stack[-1][1]:
            self.parts.append(data)

    @classmethod
    def words(cls, html: str) -> list[str]:
        parser = cls()
        parser.feed(html)
        return "".join(parser.parts).split()


def build(project: Path, site: Path, work: Path, code: Path | None) -> None:
    """Build `project` into `site` with briefbook from `code` (None: the installed one)."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH,
        "XDG_CACHE_HOME": str(work / f"cache-{site.name}"),
        "BRIEFBOOK_PREVIEW": "true",
        "NO_MKDOCS_2_WARNING": "1",
    }
    if code is not None:
        env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "-q", "-d", str(site)], cwd=project, env=env, check=True)


def export(commit: str, target: Path, *paths: str) -> Path:
    """The repository's files (`paths`, default all) as they were at `commit`."""
    archive = subprocess.run(["git", "archive", commit, *paths], cwd=REPO, capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def pages(site: Path) -> dict[str, list[str]]:
    return {
        path.relative_to(site).as_posix(): ArticleText.words(path.read_text("utf-8"))
        for path in sorted(site.rglob("*.html"))
        if "<article" in path.read_text("utf-8")
    }


def compare(before: Path, after: Path, shown: int = 40) -> int:
    old, new = pages(before), pages(after)
    differing = 0
    for path in sorted(old.keys() | new.keys()):
        if path not in new or path not in old:
            print(f"{path}: only {'before' if path in old else 'after'}")
            differing += 1
            continue
        if old[path] == new[path]:
            continue
        differing += 1
        print(f"--- {path}")
        diff = difflib.SequenceMatcher(None, old[path], new[path], autojunk=False)
        for op, a1, a2, b1, b2 in diff.get_opcodes():
            if op != "equal":
                context = " ".join(old[path][max(0, a1 - 4) : a1])
                print(
                    f"  …{context} [{' '.join(old[path][a1:a2])[: shown * 4]}] → [{' '.join(new[path][b1:b2])[: shown * 4]}]"
                )
    print(f"{len(old.keys() | new.keys())} pages compared, {differing} differ")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=REPO, help="the briefing to build (default: the example)")
    parser.add_argument("--before", default=DEFAULT_BEFORE, help="the commit whose briefbook builds 'before'")
    parser.add_argument("--before-site", type=Path, help="a site already built: compare it instead of building")
    parser.add_argument("--after-site", type=Path, help="a site already built: compare it instead of building")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bb-compare-") as tmp:
        work = Path(tmp)
        before = args.before_site
        if before is None:
            before = work / "before"
            project = args.project.resolve()
            if project == REPO:  # the example as it was too (its template override, its data)
                project = code = export(args.before, work / "code")
            else:
                code = export(args.before, work / "code", "briefbook")
            build(project, before, work, code)
        after = args.after_site
        if after is None:
            after = work / "after"
            build(args.project.resolve(), after, work, None)
        return compare(before, after)


if __name__ == "__main__":
    sys.exit(main())
