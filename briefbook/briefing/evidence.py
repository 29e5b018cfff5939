"""Evidence (format 1.1): which claims support or contradict which, in both directions.

A claim's `supports` and `contradicts` say what it is evidence for and against; pages,
matrices, the timeline filter, exports and feeds also need the other direction (the case
for and against a judgment). Both are indexed here once, in linear time, from the
checked briefing; a reference to an unknown claim or to the claim itself was reported
by validation and is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .model import Briefing, Claim

WAYS = (("supports", "for"), ("contradicts", "against"))
"""Each evidence field of a claim, and the way its claims bear on their target."""


@dataclass(frozen=True, slots=True)
class Bearing:
    """One relation: `evidence` is evidence `way` ("for" or "against") `judgment`, for
    the reason in `note`."""

    evidence: Claim
    judgment: Claim
    way: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Case:
    """What a judgment rests on: the evidence for it and against it."""

    for_: tuple[Bearing, ...]
    against: tuple[Bearing, ...]

    def __bool__(self) -> bool:
        return bool(self.for_ or self.against)


@dataclass(frozen=True, slots=True)
class Row:
    """A row of an evidence matrix: one piece of evidence and its cell per judgment
    (None where it does not bear on that judgment)."""

    evidence: Claim
    cells: tuple[Bearing | None, ...]

    @property
    def count(self) -> int:
        """How many of the matrix's judgments this evidence bears on: evidence that bears
        on several is what tells them apart."""
        return sum(cell is not None for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Matrix:
    """Judgments as columns, evidence as rows."""

    judgments: tuple[Claim, ...]
    rows: tuple[Row, ...]

    def __bool__(self) -> bool:
        return bool(self.judgments)


@dataclass
class Evidence:
    """Every relation of a briefing, by judgment and by piece of evidence."""

    cases: dict[str, Case] = field(default_factory=dict)
    """Judgment ID → its case (judgments with any evidence only)."""
    bears_on: dict[str, tuple[Bearing, ...]] = field(default_factory=dict)
    """Evidence claim ID → what it bears on, in the order written (supports first)."""

    def case(self, claim_id: str) -> Case:
        return self.cases.get(claim_id, NO_CASE)

    def judgment_ids(self, claim: Claim) -> list[str]:
        """The judgments a claim bears on, each once, in the order written."""
        return list(dict.fromkeys(b.judgment.id for b in self.bears_on.get(claim.id, ())))

    def matrix(self, judgments: Iterable[Claim], order: Callable[[Claim], tuple]) -> Matrix:
        """The matrix of these judgments (those with evidence, in the order given) and all
        the evidence bearing on them: evidence that bears on most of them first, then in
        `order` (the briefing's claim order)."""
        columns = tuple(j for j in judgments if j.id in self.cases)
        index = {j.id: i for i, j in enumerate(columns)}
        cells: dict[str, list[Bearing | None]] = {}
        claims: dict[str, Claim] = {}
        for judgment in columns:
            case = self.cases[judgment.id]
            for bearing in (*case.for_, *case.against):
                row = cells.setdefault(bearing.evidence.id, [None] * len(columns))
                claims[bearing.evidence.id] = bearing.evidence
                if row[index[judgment.id]] is None:
                    row[index[judgment.id]] = bearing
        rows = [Row(claims[claim_id], tuple(row)) for claim_id, row in cells.items()]
        rows.sort(key=lambda row: (-row.count, order(row.evidence)))
        return Matrix(columns, tuple(rows))


NO_CASE = Case((), ())


def build_evidence(briefing: Briefing, order: Callable[[Claim], tuple] = lambda claim: ()) -> Evidence:
    """The relations of a checked briefing; each judgment's evidence in `order`."""
    claims = briefing.claims
    for_: dict[str, list[Bearing]] = defaultdict(list)
    against: dict[str, list[Bearing]] = defaultdict(list)
    evidence = Evidence()
    for claim in claims.values():
        bearings = []
        seen: set[str] = set()
        for name, way in WAYS:
            for ref in getattr(claim, name):
                judgment = claims.get(ref.ref)
                if judgment is None or judgment.id == claim.id or ref.ref in seen:
                    continue  # reported by validation (unknown, itself, both ways or twice)
                seen.add(ref.ref)
                bearing = Bearing(claim, judgment, way, ref.note)
                bearings.append(bearing)
                (for_ if way == "for" else against)[judgment.id].append(bearing)
        if bearings:
            evidence.bears_on[claim.id] = tuple(bearings)
    for judgment_id in dict.fromkeys([*for_, *against]):
        evidence.cases[judgment_id] = Case(
            tuple(sorted(for_.get(judgment_id, ()), key=lambda b: order(b.evidence))),
            tuple(sorted(against.get(judgment_id, ()), key=lambda b: order(b.evidence))),
        )
    return evidence
