"""Checks of the evidence fields (format 1.1): `supports` and `contradicts` name other,
known claims, never the same one both ways; loops of `supports` and evidence from or
for a withdrawn claim are warned about."""

from __future__ import annotations

from collections.abc import Callable

from ..problems import Position, Problems
from . import model
from .chains import shortest_chain

EVIDENCE_WAYS = (("supports", "for"), ("contradicts", "against"))
"""The claim fields of evidence (format 1.1) and how each reads: evidence for, against."""
RefCheck = Callable[[str, str, Position, str], bool]
"""Reports an unknown reference (kind, ID, where, field) and says whether it is known."""


def check_evidence(briefing: model.Briefing, problems: Problems, known: RefCheck) -> None:
    """`supports` and `contradicts` name other, known claims, and never the same one
    both ways: a claim is evidence either for or against another."""
    for claim in briefing.claims.values():
        supported: dict[str, model.ClaimRef] = {}
        for field, way in EVIDENCE_WAYS:
            for ref in getattr(claim, field):
                if ref.ref == claim.id:
                    problems.error(
                        ref.at,
                        f"{field}: claim {claim.id!r} cannot be evidence {way} itself; "
                        "name another claim, or remove the reference",
                    )
                    continue
                if not known("claims", ref.ref, ref.at, field):
                    continue
                if field == "supports":
                    supported.setdefault(ref.ref, ref)
                elif ref.ref in supported:
                    problems.error(
                        ref.at,
                        f"contradicts: claim {claim.id!r} also supports {ref.ref!r} (at {supported[ref.ref].at}); "
                        "a claim is evidence either for or against another: remove one of the two",
                    )


def evidence_warnings(briefing: model.Briefing, problems: Problems) -> None:
    """Reasoning that rests on itself (a loop of `supports`), and evidence that
    involves a withdrawn claim: allowed, but rarely what the analyst meant."""
    claims = briefing.claims
    for claim in claims.values():
        for field, way in EVIDENCE_WAYS:
            for ref in getattr(claim, field):
                target = claims.get(ref.ref)
                if target is None or target.id == claim.id:
                    continue
                if claim.status == "withdrawn":
                    problems.warning(
                        ref.at,
                        f"{field}: claim {claim.id!r} is withdrawn, so it is no longer evidence {way} "
                        f"{target.id!r}; remove {target.id!r} from its {field}",
                    )
                elif target.status == "withdrawn":
                    problems.warning(
                        ref.at,
                        f"{field}: claim {target.id!r} is withdrawn; evidence {way} it supports no "
                        "judgment: remove the reference, or point it at the claim that replaces it",
                    )
    edges: dict[str, dict[str, model.ClaimRef]] = {}
    for claim in claims.values():
        for ref in claim.supports:
            if ref.ref != claim.id and ref.ref in claims:
                edges.setdefault(claim.id, {}).setdefault(ref.ref, ref)
    reported: set[frozenset[str]] = set()
    for start, supported in edges.items():
        for next_id, ref in supported.items():
            path = shortest_chain(edges, next_id, start)
            if path is None or frozenset(path) in reported:
                continue
            reported.add(frozenset(path))
            loop = " → ".join([start, *path])
            problems.warning(
                ref.at,
                f"supports: circular reasoning ({loop}): each claim is offered as evidence for the next, "
                "so the chain rests on itself; remove one of these supports",
            )
