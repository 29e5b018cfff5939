"""Links inside Markdown fields and pages: cross-references must name a record that
exists, and every other target must use a safe scheme (http(s), mailto, relative)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ..contract.fields import Markdown
from ..contract.kinds import KINDS
from ..problems import Position, Problem, Problems, Severity, did_you_mean
from . import model
from .link_safety import nesting_problem, unsafe_targets
from .links import CROSS_REF_KINDS, SAFE_SCHEMES, iter_links, link_scheme, near_cross_ref, near_miss_message

SINGULAR = {kind.folder: kind.singular for kind in KINDS}


def check_markdown_links(text: Markdown | None, field: str, briefing: model.Briefing, problems: Problems) -> None:
    """Cross-references must resolve; link targets must be http(s), mailto or relative."""
    if text is None:
        return
    for step in _link_facts(text, field):
        if isinstance(step, Problem):
            problems.append(step)
        else:
            check_link_target(*step, field, briefing, problems)


CrossRef = tuple[str, tuple[str, str], Position]
"""A cross-reference to look up: its target as written, (kind, ID), where it is."""


@functools.lru_cache(maxsize=1 << 15)
def _link_facts(text: Markdown, field: str) -> tuple[Problem | CrossRef, ...]:
    """What checking a field's links finds from its text alone, in order: the problems,
    and the cross-references whose records must exist (looked up in each briefing).
    Remembered by the value (its text and where it stands): a `mkdocs serve` rebuild
    checks every field of the briefing again, most of them unchanged."""
    found: list[Problem | CrossRef] = []
    searched_from: dict[str, int] = {}  # per target: where its next occurrence is sought

    def where(target: str) -> Position:
        index = text.raw.find(target, searched_from.get(target, 0))
        searched_from[target] = index + 1 if index >= 0 else len(text.raw)
        return text.position_at(index)

    def error(position: Position, message: str) -> None:
        found.append(Problem(position, message, Severity.ERROR))

    nesting = nesting_problem(text.text)
    if nesting:
        error(text.pos, f"{field}: {nesting}")
        return tuple(found)
    near_misses: set[int] = set()
    for link in iter_links(text.text):
        if link.cross_ref is not None:
            found.append((link.target, link.cross_ref, where(link.target)))
        elif suggestion := near_cross_ref(link.target):
            near_misses.add(link.target_start)
            error(where(link.target), near_miss_message(field, link.target, suggestion))
    kinds = ", ".join(f"{k}:" for k in CROSS_REF_KINDS)
    for offset, token in unsafe_targets(text.text):
        if offset in near_misses:
            continue  # reported above, with the cross-reference it was meant to be
        error(
            where(token),
            f"{field}: link target {token[:60]!r} is refused: only http(s), mailto, relative links "
            f"and cross-references ({kinds}) are allowed",
        )
    return tuple(found)


def check_link_target(
    target: str,
    cross_ref: tuple[str, str] | None,
    where: Position,
    field: str,
    briefing: model.Briefing,
    problems: Problems,
) -> None:
    """One link target in Markdown (data or content page): known ID, or a safe scheme."""
    if cross_ref is not None:
        kind, ref_id = cross_ref
        known: Mapping[str, Any] = briefing.records(kind)
        if not briefing.exists(kind, ref_id):
            problems.error(
                where,
                f"{field}: link to unknown {SINGULAR[kind]} {ref_id!r}{did_you_mean(ref_id, known)}; "
                f"correct the ID or add the {SINGULAR[kind]}",
            )
        return
    scheme = link_scheme(target)
    if scheme is not None and scheme not in SAFE_SCHEMES:
        kinds = ", ".join(f"{k}:" for k in CROSS_REF_KINDS)
        problems.error(
            where,
            f"{field}: link target {target[:60]!r} is refused: only http(s), mailto, relative links "
            f"and cross-references ({kinds}) are allowed",
        )
