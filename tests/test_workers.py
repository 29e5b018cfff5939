"""How many worker processes briefbook may start (record pages, prose, citations), and
at what priority citation workers run beside a build."""

from __future__ import annotations

import os

import pytest

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


def report_priority(jobs):
    """Runs in a citation worker: each job's key with the worker's niceness."""
    import os

    return {key: [str(os.nice(0))] for key, _, _ in jobs}


def test_citation_workers_a_build_does_not_wait_for_yield_to_it():
    """Workers formatting while the build goes on take only the CPU it leaves idle (a
    lower priority); those the build waits for run at its own."""
    import os

    from briefbook.site.citation_workers import BackgroundFormatting

    jobs = {f"k{n}": ("chicago", {}) for n in range(3)}
    own = os.nice(0)
    if own > 9:
        pytest.skip("this process already runs at the lowest priorities: no lower one to see")
    behind = BackgroundFormatting(jobs, 1, styles=(), work=report_priority, in_front=False)
    in_front = BackgroundFormatting(jobs, 1, styles=(), work=report_priority, in_front=True)
    assert {value[0] for value in behind.wait(None).values()} == {str(min(own + 10, 19))}
    assert {value[0] for value in in_front.wait(None).values()} == {str(own)}
