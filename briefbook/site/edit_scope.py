"""Which record pages an edit can change, so that a `mkdocs serve` rebuild renders only
those and keeps the others' text from the rebuild before.

Rendering every page is most of a rebuild after one edit (2 s at 1,000 claims); the
pages an edit can change are far fewer. What a built-in record page shows of other
records, it reaches through references between records: a claim names its actors,
themes, sources and related claims; an actor page lists the claims naming it, and
the themes and actors of those; a theme page the claims of its sub-themes. So the
pages rendered again are those of:

- every record that changed, appeared or went away (compared field by field);
- every record that names one of those, or that one of those names, in the old or
  the new data (any mention of an ID in any field, prose included, counts: a superset);
  a claim page shows nothing of records further away (its actors', themes' and sources'
  names, related, superseding and linking claims);
- for the other kinds, the same again from there (two steps: an actor page lists its
  claims' themes), and every ancestor theme of a theme in that set (a theme page lists
  its sub-themes' claims, however deep).

Index pages, the home page and hand-written pages are always rendered again. A project
with its own templates can show anything anywhere, so with a `templates/` folder
every page is rendered; so is every page when anything but the records changed (the
site's settings, the day, the ledger of permalinks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from ..briefing.model import Briefing
from ..contract.kinds import KINDS
from .citations import build_day
from .files import ClaimParts
from .html_page import RenderedPage
from .pages import Renderer
from .urls import record_path

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What an ID looks like (contract/fields.py ID_PATTERN), found anywhere in a record."""

Key = tuple[str, str]
"""(kind folder, record ID)."""


class EditScope:
    """The pages of the last build, and what they were rendered from."""

    def __init__(self) -> None:
        self.briefing: Briefing | None = None
        self.context: Hashable = None
        self.pages: dict[str, RenderedPage] = {}
        self.kept: set[str] = set()
        """Paths of the record pages `reuse` keeps."""
        self.claim_parts: dict[str, ClaimParts] = {}
        """Claim ID → its downloads and export entries in the last build."""
        self._tokens: dict[Key, tuple[Any, frozenset[str]]] = {}
        """Record → (the record, the ID-like words it holds), computed again only when
        the record changed."""

    def reuse(self, briefing: Briefing, context: Hashable) -> Callable[[str], RenderedPage | None] | None:
        """For the pages about to be rendered from `briefing`: a function giving the
        last text of a page that cannot have changed (None: render it), or None when
        every page must be rendered. `context` is everything else a page depends on."""
        previous, self.briefing = self.briefing, briefing
        same_context, self.context = context == self.context, context
        self.kept = set()
        if previous is None or not same_context or not self.pages:
            return None
        keep = self.kept = self.unchanged_pages(previous, briefing)
        pages = self.pages
        return lambda path: pages.get(path) if path in keep else None

    def reuse_for(
        self, renderer: Renderer, with_home: bool, templates_dir: Path | None
    ) -> Callable[[str], RenderedPage | None] | None:
        """`reuse` for a serve rebuild by `renderer`; None (render all) when the project
        has templates of its own, which can show anything anywhere."""
        if templates_dir is not None and templates_dir.is_dir() and any(templates_dir.rglob("*.j2")):
            return None
        context = (renderer.site, build_day(), with_home)  # the site's language included
        return self.reuse(renderer.briefing, context)

    def reuse_claim_files(self) -> Callable[[str], ClaimParts | None] | None:
        """After `reuse`: a function giving the downloads and export entries of a claim
        whose page is kept (they show no more than its page does), or None to make
        them all."""
        keep, files = self.kept, self.claim_parts
        if not keep or not files:
            return None
        return lambda claim_id: files.get(claim_id) if record_path("claims", claim_id) in keep else None

    def remember(self, pages: Iterable[tuple[str, RenderedPage]], claim_parts: dict[str, ClaimParts]) -> None:
        """The pages this build produced (path, page) and each claim's downloads and
        export entries: the next build may reuse them."""
        self.pages = dict(pages)
        self.claim_parts = claim_parts

    def forget(self) -> None:
        self.briefing, self.context, self.pages, self.kept, self.claim_parts = None, None, {}, set(), {}

    def unchanged_pages(self, old: Briefing, new: Briefing) -> set[str]:
        """Paths of record pages the edit from `old` to `new` cannot change."""
        old_records, new_records = self.records(old), self.records(new)
        changed = {
            key for key in old_records.keys() | new_records.keys() if old_records.get(key) != new_records.get(key)
        }
        old_tokens = {key: self.tokens_of(key, record) for key, record in old_records.items()}
        tokens = {key: self.tokens_of(key, record) for key, record in new_records.items()}
        one_step = changed | self.neighbours(changed, tokens) | self.neighbours(changed, old_tokens)
        two_steps = one_step | self.neighbours(one_step, tokens) | self.neighbours(one_step, old_tokens)
        for briefing in (old, new):
            themes = {record_id for kind, record_id in two_steps if kind == "themes"}
            two_steps |= {("themes", theme) for theme in ancestors(briefing, themes)}
        self._tokens = {key: self._tokens[key] for key in new_records if key in self._tokens}
        return {
            record_path(kind, record_id)
            for kind, record_id in new_records
            if (kind, record_id) not in (one_step if kind == "claims" else two_steps)
        }

    @staticmethod
    def neighbours(keys: set[Key], tokens: dict[Key, frozenset[str]]) -> set[Key]:
        """Records naming one of `keys`, and records one of `keys` names."""
        ids = {record_id for _, record_id in keys}
        found = {key for key, words in tokens.items() if not ids.isdisjoint(words)}
        named = set().union(*(tokens.get(key, frozenset()) for key in keys)) if keys else set()
        found |= {key for key in tokens if key[1] in named}
        return found

    def tokens_of(self, key: Key, record: Any) -> frozenset[str]:
        cached = self._tokens.get(key)
        if cached is None or (cached[0] is not record and cached[0] != record):
            cached = self._tokens[key] = (record, frozenset(_TOKEN.findall(repr(record).lower())))
        return cached[1]

    @staticmethod
    def records(briefing: Briefing) -> dict[Key, Any]:
        return {
            (kind.folder, record_id): record
            for kind in KINDS
            for record_id, record in briefing.records(kind.folder).items()
        }


def ancestors(briefing: Briefing, themes: set[str]) -> set[str]:
    """Every ancestor of `themes` (a cycle, an error elsewhere, is not followed twice)."""
    found: set[str] = set()
    for theme_id in themes:
        theme = briefing.themes.get(theme_id)
        while theme is not None and theme.parent is not None and theme.parent not in found:
            found.add(theme.parent)
            theme = briefing.themes.get(theme.parent)
    return found
