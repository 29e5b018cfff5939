"""How many worker processes briefbook may start (for background citation formatting).

The forked page-rendering worker is gone (issue #14): at 1,000 claims it saved no CPU
time and, on a busy machine, no wall time either (README, Performance)."""

from __future__ import annotations

import os

from briefbook.site.workers import MAX_WORKERS, available_workers


def test_workers_can_be_turned_off_or_set(monkeypatch):
    monkeypatch.setenv("BRIEFBOOK_WORKERS", "0")
    assert available_workers() == 0
    monkeypatch.setenv("BRIEFBOOK_WORKERS", "3")
    assert available_workers() == 3
    monkeypatch.delenv("BRIEFBOOK_WORKERS")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert (available_workers(), available_workers(with_own_core=True)) == (1, 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert available_workers() == MAX_WORKERS
