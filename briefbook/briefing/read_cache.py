"""What reading each data file gave, kept on disk between builds, beside the citation cache.

Parsing the YAML data files and building their records is most of a build's first
step (about 2 s of the build process for 5,000 claims); unpickling what a previous
build read from the same files costs a tenth of that. An entry is named by a hash of
everything its read depends on: the file's kind, its path as messages show it, its
exact text, and the code that reads it (`code_fingerprint`: briefbook's version, the
reading and model modules' source, Python's and PyYAML's versions). So an edited file,
or a briefbook that reads differently, simply finds no entry and reads the file again;
an entry that cannot be loaded is read again too, never an error. Only single files'
reads are kept: everything that depends on other files (references, the ledger) is
checked on every build.

Layout: `<cache>/reads-v<READS_CACHE_VERSION>/<hash of the project's folder>/`, one
pickle per data file, plus `root.txt` naming the project. The project is part of the
place rather than of the entry so that each build can keep exactly the entries it used
(the last build of each project, as the data stands) and delete the rest; folders of
projects that no longer exist are deleted by the next build that writes. Every file
is written to a temporary file first, then renamed, so concurrent builds never see
half a file (at worst one deletes an entry the other wrote, which costs a re-read).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .. import __version__

READS_CACHE_VERSION = "1"
"""Bump when what an entry holds changes shape in a way `code_fingerprint` cannot see."""

ROOT_FILE = "root.txt"
STALE_TEMPORARY = 3600.0
"""Seconds after which a temporary file is a crashed build's leftover."""


def reads_cache_dir(citation_cache: Path | None) -> Path | None:
    """Beside the citation cache, and off when it is (`citation_cache: false`, BRIEFBOOK_CACHE=0)."""
    return None if citation_cache is None else citation_cache.parent / f"reads-v{READS_CACHE_VERSION}"


@cache
def code_fingerprint() -> str:
    """What a cached read depends on besides the file: the code that reads and models the
    data (contract/, briefing/, problems.py), briefbook's version, and the versions of
    Python (pickles of the model) and PyYAML (the parser). A briefbook whose model gained
    a field finds none of the entries an older one wrote, release number or not."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{yaml.__version__}".encode())
    sources = [*(package / "contract").glob("*.py"), *(package / "briefing").glob("*.py"), package / "problems.py"]
    for source in sorted(sources):
        with contextlib.suppress(OSError):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while many objects are made and kept (records read
    or unpickled, the checked briefing's indexes): each collection would walk every
    object made so far, which cost more than unpickling itself (and a third of parsing).
    What is made there holds no garbage cycles to find; collection resumes after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _constructor_fields(cls: type) -> tuple[str, ...] | None:
    """The fields of a frozen, slotted dataclass whose generated `__init__` takes every
    field as it is stored (then `cls(*values)` rebuilds an instance), else None."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        return None
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    fields = dataclasses.fields(cls)
    if not (params.frozen and params.init) or hasattr(cls, "__post_init__") or not all(f.init for f in fields):
        return None
    return tuple(f.name for f in fields)


class _RecordPickler(pickle.Pickler):
    """Pickles the model's frozen dataclasses as a call of their constructor: unpickling
    them the default way goes through `dataclasses`' Python `__setstate__`, several times
    slower (most of the cost of loading an entry)."""

    def reducer_override(self, obj: Any) -> Any:
        cls: Any = type(obj)
        names = _constructor_fields(cls)
        if names is None:
            return NotImplemented
        return cls, tuple([getattr(obj, name) for name in names])


def entry_name(kind: str, shown: str, text: str) -> str:
    """The name of a file's entry: a hash of all a read depends on (see the module)."""
    digest = hashlib.sha256(f"{code_fingerprint()}\0{kind}\0{shown}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


class ProjectReads:
    """One project's entries on disk: `load` what a previous build kept, `save` what this
    build read anew and drop what it did not use. Best effort throughout: a cache that
    cannot be read or written only makes a build slower."""

    def __init__(self, cache_dir: Path, root: Path):
        self.root = str(root)
        self.folder = cache_dir / hashlib.sha256(self.root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.damaged: set[str] = set()
        """Entries found but unusable: written again by `keep`."""

    def load(self, name: str, header: tuple[str, ...]) -> Any | None:
        """The entry `name`, if it exists, loads, and was written for `header` (kind and
        shown path: a truncated hash cannot mix up two files)."""
        try:
            raw = (self.folder / f"{name}.pickle").read_bytes()
        except OSError:
            return None
        try:
            with paused_gc():
                stored_header, payload = pickle.loads(raw)  # our own cache folder, like history.py's
        except Exception:  # a damaged or foreign file: read the data file instead
            stored_header = payload = None
        if stored_header != header:
            self.damaged.add(name)
            return None
        return payload

    def keep(self, wanted: dict[str, tuple[tuple[str, ...], Any]]) -> None:
        """Make the folder hold exactly this build's entries (name → (header, read)):
        write those it lacks, delete the others and leftover temporary files."""
        try:
            found = list(os.scandir(self.folder))
        except OSError:
            found = []
        present = {entry.name.removesuffix(".pickle") for entry in found if entry.name.endswith(".pickle")}
        missing = [name for name in wanted if name not in present or name in self.damaged]
        if missing and self._prepare():
            for name in missing:
                try:
                    buffer = io.BytesIO()
                    _RecordPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(wanted[name])
                    _write_whole(self.folder / f"{name}.pickle", buffer.getvalue())
                except Exception:  # unpicklable or unwritable: this entry is not kept
                    continue
            _drop_projects_gone(self.folder.parent, keep=self.folder)
        now = time.time()
        for entry in found:
            stem, _, suffix = entry.name.partition(".")
            unused = suffix == "pickle" and stem not in wanted
            if unused or (suffix.endswith("tmp") and _older_than(entry, now - STALE_TEMPORARY)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

    def _prepare(self) -> bool:
        """The project's folder, naming the project (for `_drop_projects_gone`)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            root_file = self.folder / ROOT_FILE
            if not root_file.is_file():
                _write_whole(root_file, self.root.encode("utf-8", "surrogatepass"))
        except OSError:
            return False
        return True


def _older_than(entry: os.DirEntry[str], moment: float) -> bool:
    try:
        return entry.stat().st_mtime < moment
    except OSError:
        return False


def _write_whole(path: Path, data: bytes) -> None:
    """`data` at `path`, whole or not at all: a temporary file of this process's own
    (two builds never write the same one), then a rename."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _drop_projects_gone(cache_dir: Path, keep: Path) -> None:
    """Delete the entries of projects whose folder no longer exists (a test's temporary
    project, a deleted clone), so the cache holds only projects that can be built."""
    try:
        folders = [entry for entry in os.scandir(cache_dir) if entry.is_dir()]
    except OSError:
        return
    for folder in folders:
        if folder.path == str(keep):
            continue
        try:
            root = Path(folder.path, ROOT_FILE).read_text("utf-8", "surrogateescape")
        except OSError:
            continue  # being written by another build (root.txt comes first), or not ours
        if not Path(root).is_dir():
            shutil.rmtree(folder.path, ignore_errors=True)
