"""The downloads (`/api/`: six files a claim, and the feeds), written into the site by a
thread of their own while MkDocs converts and writes the pages.

Passed through MkDocs' file collection, each download was kept in memory as a `File`,
and copied once every page was written, on the build's one core: 0.5 to 4 s for the
6,000 files of a 1,000-claim site on this shared machine, most of it waiting for the
disk. Written here, the waiting overlaps the page work. Each download stays listed in
MkDocs' files (so a page's link to it still resolves, and other plugins see it) as a
`WrittenFile`, which MkDocs neither reads nor copies.

Under `mkdocs serve` the same writer is kept across rebuilds: a file is written again
only when its text changed (or it is missing, after MkDocs cleaned the site), and a
download no longer produced (a removed claim's) is deleted.

A `mkdocs build` (on Linux) writes the downloads that are ready in a forked process
instead: writing 30,000 files is 2-3 s of the CPU (most of it the kernel's), which the
thread took from the build's own process, the busiest of the machine. The child gets the
texts with the fork (nothing is copied or pickled) and only writes files; those still
waiting for citations (a cold build) are filled in and written by the thread, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..site.files import BackgroundCitations
from ..site.workers import can_fork


class WrittenFile(File):
    """A file briefbook writes into the site itself (see DownloadWriter)."""

    def copy_file(self, dirty: bool = False) -> None:
        """Already written (or being written) by the DownloadWriter."""

    def is_modified(self) -> bool:
        return False


class DownloadWriter:
    """Writes (destination, text) pairs in a thread; `fill` replaces the citation
    placeholders of a text that holds some (it waits for the citations the first time)."""

    def __init__(self) -> None:
        self.written: dict[str, int] = {}
        """Destination → hash of the text last written there, in `site_dir`."""
        self.site_dir: str | None = None
        self.thread: threading.Thread | None = None
        self.error: OSError | None = None
        self.stopping = threading.Event()
        self.child: multiprocessing.process.BaseProcess | None = None
        """A build's process writing the files that are ready (see the module's docstring)."""
        self.child_errors: Any = None

    def start(
        self,
        site_dir: str,
        files: list[tuple[str, str]],
        needs_fill: Callable[[str], bool],
        fill: Callable[[str], str],
        *,
        forked: bool = False,
        ahead: Ahead | None = None,
    ) -> None:
        """Start writing `files` (absolute destination in `site_dir`, text): those
        ready at once first, then those whose citations are still being formatted. What
        was written into the same `site_dir` before and is no longer wanted is deleted.
        `ahead`: what a forked process does besides (see Ahead), when `forked`; its
        downloads to make are made by the thread when no process can be forked."""
        self.join()
        self.error = None
        self.stopping.clear()
        if site_dir != self.site_dir:  # MkDocs may reuse a plugin for another site
            self.site_dir, self.written = site_dir, {}
        wanted = {dest for dest, _ in files} | (ahead.made if ahead is not None else set())
        stale = [dest for dest in self.written if dest not in wanted]
        ready = [(dest, text) for dest, text in files if not needs_fill(text)]
        waiting = [(dest, text) for dest, text in files if needs_fill(text)]
        if forked and (ready or ahead is not None) and can_fork():
            self.child_errors, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
            self.child = multiprocessing.get_context("fork").Process(
                target=_write_all, args=(ready, sending, site_dir, ahead), name="briefbook-downloads", daemon=True
            )
            self.child.start()
            sending.close()
            ready, ahead = [], None
        make = ahead.make if ahead is not None else None  # no child made them: the thread does
        self.thread = threading.Thread(
            target=self._run, args=(ready, waiting, stale, fill, make), name="briefbook-downloads", daemon=True
        )
        self.thread.start()

    def start_filled(
        self,
        site_dir: str,
        files: list[tuple[str, str]],
        citations: BackgroundCitations | None,
        *,
        forked: bool = False,
        ahead: Ahead | None = None,
    ) -> None:
        """`start`, with the downloads that wait for citations filled in once the
        citations are formatted; `forked`: a build's, whose ready files a child writes
        (with what it does `ahead`)."""

        def needs_fill(text: str) -> bool:
            return citations is not None and citations.placeholders_in(text)

        def fill(text: str) -> str:
            return citations.fill(text, in_html=False) if citations is not None else text

        self.start(site_dir, files, needs_fill, fill, forked=forked, ahead=ahead)

    def stop(self) -> None:
        """The build failed: the files not written yet are left (not waited for)."""
        self.stopping.set()
        if self.child is not None:
            self.child.terminate()
            self.child.join()
            self.child = None

    def join(self) -> None:
        """Wait until every file is written; raises the error writing one met."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.child is not None:
            self.child.join()
            if self.child.exitcode != 0 and self.error is None:
                try:
                    message = self.child_errors.recv()
                except EOFError:  # it died before it could say why
                    message = f"the process writing them ended with status {self.child.exitcode}"
                self.error = OSError(message)
            self.child_errors.close()
            self.child = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _run(
        self,
        ready: list[tuple[str, str]],
        waiting: list[tuple[str, str]],
        stale: list[str],
        fill: Callable[[str], str],
        make: Callable[[], Iterable[tuple[str, str]]] | None = None,
    ) -> None:
        try:
            for dest in stale:
                self.written.pop(dest, None)
                Path(dest).unlink(missing_ok=True)
            made: set[str] = set()
            for dest, text in ready:
                if self.stopping.is_set():
                    return
                self._write(dest, text, made)
            for dest, text in waiting:
                if self.stopping.is_set():
                    return
                self._write(dest, fill(text), made)
            for path, text in make() if make is not None else ():
                if self.stopping.is_set():
                    return
                self._write(os.path.normpath(os.path.join(str(self.site_dir), path)), text, made)
        except OSError as error:
            self.error = error
        except Exception as error:  # a download that could not be made, as the child reports it
            self.error = OSError(f"{type(error).__name__}: {error}")

    def _write(self, dest: str, text: str, made: set[str]) -> None:
        digest = hash(text)
        if self.written.get(dest) == digest and os.path.exists(dest):
            return
        write_text_file(dest, text, made)
        self.written[dest] = digest


def write_text_file(dest: str, text: str, made: set[str]) -> None:
    """Write one download, making its folder unless `made` says it was made already."""
    folder = os.path.dirname(dest)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    data = text.encode("utf-8")
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:  # not open(): no buffer, text layer or terminal check for 30,000 small files
        written = os.write(fd, data)
        while written < len(data):
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Ahead:
    """What the forked process of a build also does, on the core the build leaves idle.

    `pages`: the destination of every page MkDocs is about to write, made first, in
    MkDocs' order, as empty files in their folders. Making a file and its folder is most
    of what writing a page costs (0.2 to 0.8 ms on this VM's disk, 6,800 times at 5,000
    claims), and it was the build's own process that paid it; MkDocs then finds both made
    and only truncates and fills the file. A page MkDocs wrote first is left as it is
    (never truncated here), so whichever process comes first, the page is MkDocs'.

    `make`: the downloads, made here rather than only written (a build whose citations
    are all cached: nothing waits for them); their paths are in MkDocs' files already
    (`Outputs.file_paths`)."""

    pages: list[str]
    make: Callable[[], Iterable[tuple[str, str]]] | None = None
    """(path relative to the site, text) of each download, made as it is asked for."""
    made: frozenset[str] = frozenset()
    """The destinations `make` writes: still wanted, never deleted as stale (a plugin
    MkDocs keeps from one build to the next remembers what its thread wrote there)."""


def make_empty_files(destinations: list[str], made: set[str]) -> None:
    """Each file and its folder, empty; a file already there is left untouched."""
    for dest in destinations:
        folder = os.path.dirname(dest)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        os.close(os.open(dest, os.O_WRONLY | os.O_CREAT, 0o666))


def _write_all(files: list[tuple[str, str]], errors: Any, site_dir: str, ahead: Ahead | None) -> None:
    """In the forked child: make the pages' files ahead of MkDocs, then write every
    download (made here when `ahead` says so); an error is sent to the parent, which
    raises it as the thread's would be."""
    made: set[str] = set()
    try:
        if ahead is not None:
            make_empty_files(ahead.pages, made)
        for dest, text in files:
            write_text_file(dest, text, made)
        if ahead is not None and ahead.make is not None:
            for path, text in ahead.make():
                write_text_file(os.path.normpath(os.path.join(site_dir, path)), text, made)
    except Exception as error:  # an OSError, or a download that could not be made
        errors.send(str(error) if isinstance(error, OSError) else f"{type(error).__name__}: {error}")
        raise SystemExit(1) from error
    finally:
        errors.close()


class WrittenFiles:
    """The `WrittenFile` of each download path, made once for a site folder and URL style
    and listed again by every `mkdocs serve` rebuild: a File is a few paths and URLs
    worked out from these alone, and making 7,500 of them again was a tenth of a rebuild
    at 1,000 claims."""

    def __init__(self) -> None:
        self.made: dict[str, File] = {}
        self.settings: tuple[str, bool] | None = None
        self.config: MkDocsConfig | None = None

    def begin(self, config: MkDocsConfig) -> None:
        """A build with `config`: the files made for another site folder or URL style go."""
        settings = (config.site_dir, config.use_directory_urls)
        if settings != self.settings:
            self.made, self.settings = {}, settings
        self.config = config

    def get(self, path: str) -> File:
        file = self.made.get(path)
        if file is None:
            assert self.config is not None, "begin() first"
            file = self.made[path] = WrittenFile.generated(self.config, path, abs_src_path=os.devnull)
            file.abs_src_path = file.abs_dest_path  # where the DownloadWriter puts it
        return file
