"""The plugin's side of claim history: the claims' versions read from git (parses
cached across `serve` rebuilds), the version ledger checked, and the versions a
publication showed recorded in it (see briefing/history.py and site/versions.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger

from ..briefing.check import CheckResult
from ..briefing.history import HistoryReader
from ..site.versions import Versions, read_versions

log = get_plugin_logger(__name__)


class PluginHistory:
    """One session's history reader, and this build's versions."""

    def __init__(self) -> None:
        self.reader: HistoryReader | None = None
        """Parses of the claims' git history, kept across `mkdocs serve` rebuilds."""
        self.versions: Versions | None = None

    def read(
        self, result: CheckResult, settings: Any, cache_path: Path | None, *, publishing: bool, serving: bool
    ) -> Versions | None:
        """The claims' versions from git, and the version ledger's check."""
        self.versions = None
        if not result.ok:
            return None
        cache_dir = cache_path.parent if cache_path is not None else None
        if self.reader is None or self.reader.cache_dir != cache_dir:
            self.reader = HistoryReader(cache_dir)
        self.versions = read_versions(
            result, settings.published, self.reader, frozen=settings.frozen, publishing=publishing
        )
        if self.versions.note and not serving:
            # Outside MkDocs' loggers: said once, and no reason for --strict to fail (the
            # site is whole without its history: a downloaded archive builds as before).
            logging.getLogger("briefbook").warning(f"WARNING -  briefbook: {self.versions.note}")
        return self.versions

    def record(self) -> None:
        """The versions this publication showed join the version ledger."""
        if self.versions is not None and self.versions.ledger is not None:
            added = self.versions.record()
            if added:
                log.info(f"added {len(added)} new version(s) to {self.versions.ledger.shown}")
