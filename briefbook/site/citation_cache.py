"""The citation cache: formatted citations by a hash of their exact input, in memory
across `mkdocs serve` rebuilds and on disk across builds. A changed claim has a changed
item, so the cache can never serve a stale citation; CACHE_VERSION changes when the
formatting itself changes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

CACHE_VERSION = "3"
ENGLISH_LOCALE = "en-US"


class CitationCache:
    """Formatted citations by a hash of (style, item, locale); optionally persisted as JSON."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, list[str]] = {}
        self.dirty = False
        if path is not None and path.is_file():
            try:
                self.entries = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    @staticmethod
    def key(style: str, item: dict[str, Any], locale: str = ENGLISH_LOCALE) -> str:
        """The hash of what a citation is made from: the style, the item and the CSL
        locale it is formatted with (a French build never gets an English citation).
        The locale is left out for en-US, so the keys of English citations are the
        ones cached before there were other locales."""
        inputs: list[Any] = [CACHE_VERSION, style, item]
        if locale != ENGLISH_LOCALE:
            inputs.append(locale)
        raw = json.dumps(inputs, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def get(self, key: str) -> list[str] | None:
        return self.entries.get(key)

    def put(self, key: str, value: list[str]) -> None:
        self.entries[key] = value
        self.dirty = True

    def save(self) -> None:
        if self.path is not None and self.dirty:
            self.dirty = not write_cache_file(self.path, self.entries)


def default_cache_path() -> Path | None:
    """`$XDG_CACHE_HOME/briefbook` (or ~/.cache/briefbook); BRIEFBOOK_CACHE=0 turns it off."""
    if os.environ.get("BRIEFBOOK_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefbook" / f"citations-v{CACHE_VERSION}.json"


def write_cache_file(path: Path, data: object) -> bool:
    """`data` as JSON at `path`, written whole or not at all (a temporary file, then a
    rename). Best effort: a cache that cannot be written only makes the next build
    slower, so a failure is reported as False, never raised."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        tmp.replace(path)
    except OSError:
        return False
    return True
