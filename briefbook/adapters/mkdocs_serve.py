"""What `mkdocs serve` needs beyond a build: generated files kept in a session folder
(so `--dirty` rebuilds see which changed), SIGTERM handled like Ctrl-C, and a count
of the warnings MkDocs logged (for `--strict`)."""

from __future__ import annotations

import logging
import shutil
import signal
import threading
from pathlib import Path
from typing import Any

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


class WarningCounter(logging.Handler):
    """Counts warnings MkDocs logs during a build (as MkDocs itself does for --strict)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def reset(self) -> None:
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class ServeCache:
    """A folder of generated files for one `mkdocs serve` session. A file keeps its
    modification time while its text stays the same, which is what MkDocs' dirty
    rebuilds compare."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written: dict[str, str] = {}
        """Path → the text this session last wrote there (only this session writes in
        its folder): a rebuild compares texts in memory, not the 1,400 files of a
        1,000-claim site on disk."""

    def write(self, path: str, text: str) -> Path:
        target = self.folder / path
        if self.written.get(path) != text:
            data = text.encode("utf-8")
            if not (target.is_file() and target.read_bytes() == data):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            self.written[path] = text
        return target

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class NavTitles:
    """The titles of the nav's pages across `mkdocs serve --dirty` rebuilds. MkDocs reads
    only the pages whose file changed, and a page it did not read has no title: the nav
    of every page it rebuilt, and the 404 page's, said "None" in place of "Timeline" or
    "Methodology". A page not read keeps the title it had when it last was (its file,
    which its title comes from, has not changed since)."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.nav_pages: list[Page] = []

    def listed(self, nav: Navigation) -> None:
        self.nav_pages = list(nav.pages)

    def read(self, page: Page) -> None:
        """A page MkDocs read and converted in this build."""
        if page.title is not None:
            self.titles[page.file.src_uri] = page.title

    def fill(self) -> None:
        """Once every page was read: the unread pages of the nav get their titles back."""
        for page in self.nav_pages:
            if page.markdown is None and page.file.src_uri in self.titles:
                page.title = self.titles[page.file.src_uri]
        self.nav_pages = []


def stop_on_sigterm() -> Any:
    """SIGTERM (what process managers and editors send) stops `mkdocs serve` the way
    Ctrl-C does, so MkDocs runs on_shutdown and the session folders are removed; by
    default SIGTERM ends the process on the spot and leaves them behind. Returns the
    handler to restore, or None when nothing was changed."""
    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None  # someone else handles it

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def restore_sigterm(previous: Any) -> None:
    if previous is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, previous)
