"""How many processes briefbook may add to a build: the cores MkDocs leaves idle.

BRIEFBOOK_WORKERS sets the number (0 keeps all the work in the build's own process,
for a machine shared with other work or to compare timings)."""

from __future__ import annotations

import os
import sys

MAX_WORKERS = 4


def available_workers(*, with_own_core: bool = False) -> int:
    """Worker processes to start: one per core but the build's own (or every core, when
    the build waits for them anyway), at most MAX_WORKERS."""
    setting = os.environ.get("BRIEFBOOK_WORKERS", "").strip()
    if setting.isdigit():
        return int(setting)
    cores = os.cpu_count() or 1
    return max(0, min(cores if with_own_core else cores - 1, MAX_WORKERS))


def can_fork() -> bool:
    """Only Linux forks safely (macOS frameworks may not survive a fork)."""
    return sys.platform.startswith("linux")
