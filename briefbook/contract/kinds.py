"""The four record kinds, in one registry: everything that differs between them.

A kind's folder names its data (`data/actors.yaml`, `data/claims/`), its pages
(`/actors/<id>/`), its ledger entries (`actors/<id>`) and its field in the briefing; its
singular is its cross-reference scheme (`actor:<id>`) and the name a template gives the
record. The order is the order pages are generated in (and listed in the sitemap).
"""

from __future__ import annotations

from dataclasses import dataclass

from .definitions import ACTOR, CLAIM, SOURCE, THEME
from .record import Record


@dataclass(frozen=True)
class Kind:
    folder: str
    singular: str
    record: Record
    """The contract's record definition."""
    defined_in: str
    """Where an analyst adds one, for messages."""
    template: str
    """The page template (`<singular>.html.j2`, overridable in the project's templates/)."""

    @property
    def scheme(self) -> str:
        """The cross-reference scheme: `[text](actor:wagner)`."""
        return self.singular

    @property
    def one_file(self) -> bool:
        """Whether the records live in one file (`data/<folder>.yaml`) rather than a folder."""
        return self.folder != "claims"


KINDS: tuple[Kind, ...] = tuple(
    Kind(folder, singular, record, where, f"{singular}.html.j2")
    for folder, singular, record, where in (
        ("claims", "claim", CLAIM, "a file under data/claims/"),
        ("actors", "actor", ACTOR, "data/actors.yaml"),
        ("themes", "theme", THEME, "data/themes.yaml"),
        ("sources", "source", SOURCE, "data/sources.yaml"),
    )
)
BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS}
FOLDERS: tuple[str, ...] = tuple(BY_FOLDER)
BY_SCHEME: dict[str, Kind] = {kind.scheme: kind for kind in KINDS}
RECORDS: dict[str, Record] = {kind.folder: kind.record for kind in KINDS}
"""Each kind's record definition, by folder."""


def kind(folder: str) -> Kind:
    return BY_FOLDER[folder]
