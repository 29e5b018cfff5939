"""Chains of references between records (`via` between sources, `supports` between
claims): the shortest one from a record back to itself is what a loop warning shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def shortest_chain(edges: Mapping[str, Mapping[str, Any]], start: str, goal: str) -> list[str] | None:
    """The shortest chain of links from start to goal (both included), if any."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            path = [node]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for nxt in edges.get(node, {}):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None
