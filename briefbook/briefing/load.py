"""Files → records: find a project's data files, read them and build model records.

Only shape is checked here (one record at a time, through the schema); what needs the
whole briefing (references, cycles, the ledger) is `validate.py`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..contract.definitions import CLAIM
from ..contract.fields import INVALID, ListOf
from ..contract.kinds import KINDS, RECORDS
from ..contract.record import RecordValues
from ..contract.yamltree import YSeq, parse_yaml
from ..problems import Position, Problem, Problems
from . import model
from .read_cache import ProjectReads, entry_name, paused_gc

DATA_FILES = tuple(kind.folder for kind in KINDS if kind.one_file)
"""Kinds kept in one file each (`data/actors.yaml`); claims fill a folder."""


@dataclass(frozen=True)
class Project:
    """Where a briefing's parts live. Paths in messages are relative to `root`."""

    root: Path
    data_dir: Path
    templates_dir: Path
    content_dir: Path

    @classmethod
    def at(cls, root: Path | str, content_dir: str = "content") -> Project:
        root = Path(root).resolve()
        return cls(root, root / "data", root / "templates", root / content_dir)

    @property
    def ledger_path(self) -> Path:
        return self.data_dir / "permalinks.lock"

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def data_files(self) -> Iterator[tuple[str, Path]]:
        """(kind, path) of every data file, in a stable order; `_`-prefixed ones are drafts."""
        for kind in DATA_FILES:
            for suffix in (".yaml", ".yml"):
                path = self.data_dir / f"{kind}{suffix}"
                if path.is_file():
                    yield kind, path
        claims_dir = self.data_dir / "claims"
        if claims_dir.is_dir():
            found = [p for p in claims_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
            for path in sorted(found):
                if not any(part.startswith("_") for part in path.relative_to(claims_dir).parts):
                    yield "claims", path


def _ids(values: list[tuple[Any, Position]] | None) -> tuple[tuple[str, ...], tuple[Position, ...]]:
    if not values:
        return (), ()
    return tuple(v for v, _ in values), tuple(p for _, p in values)


def _located(rec: RecordValues, *list_fields: str) -> model.Located:
    items = {name: _ids(rec.get(name))[1] for name in list_fields}
    return model.Located(rec.pos, dict(rec.positions), items, frozenset(rec.present))


def build_actor(rec: RecordValues) -> model.Actor:
    return model.Actor(
        id=rec.get("id"),
        name=rec.get("name"),
        kind=rec.get("kind"),
        aliases=_ids(rec.get("aliases"))[0],
        country=rec.get("country"),
        part_of=_ids(rec.get("part_of"))[0],
        summary=rec.get("summary"),
        wikidata=rec.get("wikidata"),
        where=_located(rec, "part_of"),
    )


def build_theme(rec: RecordValues) -> model.Theme:
    return model.Theme(
        id=rec.get("id"),
        name=rec.get("name"),
        summary=rec.get("summary"),
        parent=rec.get("parent"),
        where=_located(rec),
    )


def _author(rec: RecordValues) -> model.Author:
    extra = {k: v for k, v in rec.values.items() if k not in ("family", "given", "literal")}
    return model.Author(rec.get("family"), rec.get("given"), rec.get("literal"), extra)


def build_source(rec: RecordValues) -> model.Source:
    return model.Source(
        id=rec.get("id"),
        type=rec.get("type"),
        title=rec.get("title"),
        container_title=rec.get("container-title"),
        publisher=rec.get("publisher"),
        authors=tuple(_author(a) for a, _ in rec.get("author") or ()),
        issued=rec.get("issued"),
        url=rec.get("URL"),
        accessed=rec.get("accessed"),
        archive_url=rec.get("archive_url"),
        language=rec.get("language"),
        reliability=rec.get("reliability"),
        extra=rec.extra,
        where=_located(rec),
    )


def _source_ref(value: str | RecordValues) -> model.SourceRef:
    if isinstance(value, str):
        return model.SourceRef(value)
    return model.SourceRef(
        value.get("ref"),
        value.get("locator"),
        value.get("quote"),
        value.get("credibility"),
        via=value.get("via"),
        via_at=value.at("via"),
    )


EVIDENCE = ("supports", "contradicts")
"""The claim fields of claim references (format 1.1), built like source references."""
CLAIM_LISTS = tuple(
    f.name for f in CLAIM.fields if isinstance(f.type, ListOf) and f.name != "sources" and f.name not in EVIDENCE
)
"""List fields of IDs, whose items keep their own positions for messages."""


def _claim_refs(values: list[tuple[str | RecordValues, Position]] | None) -> tuple[model.ClaimRef, ...]:
    """`supports` or `contradicts` as model records, each located at its ID (a reference
    without `ref` was reported)."""
    refs = []
    for value, pos in values or ():
        if isinstance(value, str):
            refs.append(model.ClaimRef(value, at=pos))
        elif value.get("ref"):
            refs.append(model.ClaimRef(value.get("ref"), value.get("note"), at=value.at("ref")))
    return tuple(refs)


def build_claim(rec: RecordValues) -> model.Claim:
    """Every field declared in the contract fills the model attribute of its name, with
    the declared default when absent; only the source and claim references (model records of their
    own) and the default kind (which depends on the date) need more."""
    refs = [(_source_ref(v), pos) for v, pos in rec.get("sources") or ()]
    refs = [(ref, pos) for ref, pos in refs if ref.ref]  # a reference without `ref` was reported
    located = _located(rec, *CLAIM_LISTS)
    evidence = {name: _claim_refs(rec.get(name)) for name in EVIDENCE}
    items = {**located.items, "sources": tuple(p for _, p in refs)}
    items.update({name: tuple(ref.at for ref in claim_refs) for name, claim_refs in evidence.items()})
    located = model.Located(located.pos, located.fields, items, located.present)
    values = {spec.attr: spec.model_value(rec.get(spec.name)) for spec in CLAIM.fields if spec.name not in EVIDENCE}
    values["kind"] = rec.get("kind") or ("event" if "date" in rec.present else "assessment")
    values["sources"] = tuple(ref for ref, _ in refs)
    values.update(evidence)
    return model.Claim(**values, where=located)


BUILDERS: dict[str, Callable[[RecordValues], Any]] = {
    "actors": build_actor,
    "themes": build_theme,
    "sources": build_source,
    "claims": build_claim,
}
REQUIRED_FOR_MODEL = {
    "actors": ("id", "name", "kind"),
    "themes": ("id", "name"),
    "sources": ("id", "type", "title"),
    "claims": ("id", "title", "statement", "themes", "sources"),
}


@dataclass
class Loaded:
    """What the data files hold: records by kind (duplicates included), the IDs of records
    too broken to build, and the kinds with a file that did not parse."""

    records: dict[str, list[Any]]
    incomplete: dict[str, set[str]]
    unreadable: set[str]


def read_records(kind: str, path: str, text: str, problems: Problems, loaded: Loaded) -> None:
    """Add every well-formed record of one file to `loaded`; the others were reported."""
    file = parse_yaml(path, text, problems)
    if file.root is None:
        if file.failed:
            loaded.unreadable.add(kind)
        return
    if not isinstance(file.root, YSeq):
        problems.error(
            file.root.pos,
            f"{path} must hold a list of {RECORDS[kind].kind} records, each starting with '- id: ...'",
        )
        loaded.unreadable.add(kind)
        return
    record = RECORDS[kind]
    for index, node in enumerate(file.root.items):
        values = record.read(node, f"{kind}[{index}]", problems, text)
        if values is INVALID:
            continue
        if kind == "claims" and values.get("kind") == "event" and "date" not in values.present:
            problems.error(
                values.at("kind"),
                "an event claim needs a date; add date: YYYY-MM-DD (or YYYY-MM, or YYYY), or make it kind: assessment",
            )
        # A record missing an essential field was reported; the rest are still checked
        # against each other so one run shows every problem.
        if all(name in values.values for name in REQUIRED_FOR_MODEL[kind]):
            loaded.records[kind].append(BUILDERS[kind](values))
        elif "id" in values.values:
            loaded.incomplete[kind].add(values.get("id"))


def read_file_text(path: Path, shown: str, problems: Problems) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.error(Position(shown), f"cannot read this file: {error.strerror}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.error(Position(shown, line, column), "this file is not UTF-8; save it as UTF-8")
        return None


@dataclass
class FileRead:
    """What reading one data file gave: kept by FileReads, in memory and on disk."""

    text: str
    loaded: Loaded
    problems: list[Problem]
    name: str = ""
    """Its entry's name in the disk cache (read_cache.entry_name), once computed."""

    def entry(self, kind: str, shown: str) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        """What the disk cache keeps: a header the entry is checked against, and the read."""
        own = self.loaded
        return (kind, shown), (own.records[kind], own.incomplete[kind], own.unreadable, self.problems)


@dataclass
class FileReads:
    """What reading each data file gave, by (kind, shown path, text): `mkdocs serve`
    keeps one across rebuilds, so an edit re-reads only the file it changed (reading the
    ten files of a 1,000-claim briefing is most of loading it). Records are frozen, so
    the same objects can go into the next briefing.

    With a `cache_dir` (read_cache.reads_cache_dir), the reads are also kept on disk,
    so the next build (another process) re-reads only the files changed since: see
    read_cache.py. Either way only single files' reads are kept; what depends on other
    files is validated on every build."""

    reads: dict[tuple[str, str], FileRead] = field(default_factory=dict)
    cache_dir: Path | None = None
    _disk: ProjectReads | None = field(default=None, repr=False)

    def start(self, project: Project) -> None:
        """Before a build's reads: the disk cache of this project, if any."""
        self._disk = ProjectReads(self.cache_dir, project.root) if self.cache_dir is not None else None

    def read(self, kind: str, shown: str, text: str, problems: Problems, loaded: Loaded) -> None:
        cached = self.reads.get((kind, shown))
        if cached is None or cached.text != text:
            cached = self.reads[(kind, shown)] = self._load_or_read(kind, shown, text)
        own = cached.loaded
        problems.extend(cached.problems)
        loaded.records[kind].extend(own.records[kind])
        loaded.incomplete[kind].update(own.incomplete[kind])
        loaded.unreadable.update(own.unreadable)

    def _load_or_read(self, kind: str, shown: str, text: str) -> FileRead:
        name = ""
        if self._disk is not None:
            name = entry_name(kind, shown, text)
            payload = self._disk.load(name, (kind, shown))
            if payload is not None:
                try:
                    records, incomplete, unreadable, found = payload
                    own = Loaded({kind: list(records)}, {kind: set(incomplete)}, set(unreadable))
                    return FileRead(text, own, list(found), name)
                except Exception:  # a payload of another shape: read the file, write it again
                    self._disk.damaged.add(name)
        own = Loaded({kind: []}, {kind: set()}, set())
        reported = Problems()
        read_records(kind, shown, text, reported, own)
        return FileRead(text, own, list(reported), name)

    def finish(self, seen: set[tuple[str, str]]) -> None:
        """After a build's reads (`seen`: its files): forget the files no longer there;
        the disk cache keeps this build's entries, writing those it lacks, and no others."""
        for gone in [key for key in self.reads if key not in seen]:
            del self.reads[gone]
        if self._disk is None:
            return
        wanted: dict[str, tuple[tuple[str, ...], tuple[Any, ...]]] = {}
        for (kind, shown), read in self.reads.items():
            read.name = read.name or entry_name(kind, shown, read.text)
            wanted[read.name] = read.entry(kind, shown)
        self._disk.keep(wanted)


def load_records(project: Project, problems: Problems, reads: FileReads | None = None) -> Loaded:
    """Read every data file of the project, reporting what is wrong in each (through
    `reads`, when given: see FileReads)."""
    loaded = Loaded({kind: [] for kind in RECORDS}, {kind: set() for kind in RECORDS}, set())
    if not project.data_dir.is_dir():
        problems.error(
            Position(project.relative(project.data_dir)),
            f"no {project.relative(project.data_dir)}/ folder here; run `briefbook init DIR` to start a briefing, "
            "point at the project folder, or correct the plugin's data_dir in mkdocs.yml",
        )
        loaded.unreadable.update(RECORDS)
        return loaded
    if reads is not None:
        reads.start(project)
    seen: set[tuple[str, str]] = set()
    with paused_gc():
        for kind, path in project.data_files():
            shown = project.relative(path)
            text = read_file_text(path, shown, problems)
            if text is None:
                loaded.unreadable.add(kind)
            elif reads is not None:
                seen.add((kind, shown))
                reads.read(kind, shown, text, problems, loaded)
            else:
                read_records(kind, shown, text, problems, loaded)
    if reads is not None:
        reads.finish(seen)
    return loaded
