"""Adding briefbook's files to MkDocs' collection: in memory for a build, through
the `mkdocs serve` session folder while serving, and the error notice that stands in
for the pages while the data has errors."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..problems import Problem, summary_line
from .mkdocs_serve import ServeCache


@dataclass
class GeneratedFiles:
    """One build's collection of files, and how briefbook adds to it."""

    files: Files
    config: MkDocsConfig
    serve_cache: ServeCache | None

    def generated(self, path: str, text: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
        """A generated file: in memory for a build; under `mkdocs serve`, a file in the
        session's cache, rewritten only when its text changed, so that `mkdocs serve
        --dirty` rebuilds just the pages an edit affected."""
        if self.serve_cache is None:
            return File.generated(self.config, path, content=text, inclusion=inclusion)
        source = self.serve_cache.write(path, text)
        return File.generated(self.config, path, abs_src_path=str(source), inclusion=inclusion)

    def add(self, file: File) -> None:
        """Add a generated file; a hand-written page at the same path is an error (it
        would silently replace or be replaced by the generated one)."""
        existing = self.files.src_uris.get(file.src_uri)
        if existing is not None and existing.generated_by is None:
            raise PluginError(
                f"{Path(self.config.docs_dir).name}/{file.src_uri} is a hand-written page at a path briefbook "
                "generates; rename or move it (to change a generated page, override its template in templates/)"
            )
        self.files.append(file)

    def serve_content_pages(self, transform: Callable[[str, str], str]) -> None:
        """Under `mkdocs serve`: every hand-written page is served from the session
        folder as `transform` makes it (links resolved, or the error notice on top), so a
        data edit, an error or its fix changes the file that `--dirty` compares, and the
        page is rebuilt. (Left in place, a page would keep whatever the build before
        wrote: the error notice after the error was fixed.)"""
        if self.serve_cache is None:
            return
        for file in list(self.files.documentation_pages()):
            if file.generated_by is not None or file.abs_src_path is None:
                continue
            text = Path(file.abs_src_path).read_text("utf-8-sig")
            self.files.remove(file)
            self.files.append(self.generated(file.src_uri, transform(text, file.src_uri), file.inclusion))

    def add_error_pages(self, notice: str, paths: Sequence[str]) -> None:
        """While serving with errors: the home page and every index page show the
        problems (hand-written pages keep their text below them)."""
        for path in paths:
            if self.files.get_file_from_path(path) is None:
                self.files.append(self.generated(path, notice))
        self.serve_content_pages(lambda text, _uri: notice + text)


def error_markdown(problems: Sequence[Problem]) -> str:
    """The notice listing the briefing's problems, as a Material admonition."""
    lines = "\n".join(f"    {html.escape(str(p))}" for p in problems)
    return (
        f'!!! failure "The briefing data has errors ({summary_line(problems)})"\n\n'
        "    Fix them and save: this page rebuilds by itself.\n\n"
        f"    <pre><code>\n{lines}\n    </code></pre>\n\n"
    )
