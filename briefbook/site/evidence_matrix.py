"""The evidence matrices (format 1.1): which exist, where, and what each holds.

One matrix for the key judgments (on the evidence page, `evidence.md`) and one per theme
with judgments that have evidence (`evidence/<theme>.md`), each made from the briefing's
relations (`briefing/evidence.py`). A briefing that uses neither `supports` nor
`contradicts` has none, and no evidence page: it builds the same pages as before.
Templates only read what is prepared here (see evidence_index.html.j2, evidence_matrix.html.j2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..briefing.evidence import Matrix
from ..briefing.model import Claim, Theme
from ..briefing.views import Views, claim_order
from ..contract.vocabularies import N_
from .urls import matrix_path

KEY_JUDGMENTS = N_("Key judgments")


@dataclass(frozen=True)
class MatrixPage:
    """One matrix and the page it is on; `theme` is None for the key judgments'."""

    path: str
    matrix: Matrix
    theme: Theme | None = None
    key_name: str = KEY_JUDGMENTS
    """What the key judgments' matrix is called, in the site's language."""

    @property
    def name(self) -> str:
        return self.theme.name if self.theme is not None else self.key_name


class Matrices:
    """Every evidence matrix of a briefing, computed once per build."""

    def __init__(self, views: Views, gettext: Callable[[str], str] = str):
        self.views = views
        evidence = views.evidence
        self.key: MatrixPage | None = None
        self.themes: list[MatrixPage] = []
        self._by_theme: dict[str, MatrixPage] = {}
        if not evidence.cases:
            return
        key = evidence.matrix(views.key, claim_order)
        if key:
            self.key = MatrixPage(matrix_path(), key, key_name=gettext(KEY_JUDGMENTS))
        for theme in sorted(views.briefing.themes.values(), key=lambda t: t.name.casefold()):
            matrix = evidence.matrix(views.theme_claims_with_descendants(theme.id), claim_order)
            if matrix:
                self.themes.append(MatrixPage(matrix_path(theme.id), matrix, theme))
        self._by_theme = {page.theme.id: page for page in self.themes if page.theme is not None}

    def __bool__(self) -> bool:
        return bool(self.views.evidence.cases)

    def of_theme(self, theme_id: str) -> MatrixPage | None:
        return self._by_theme.get(theme_id)

    def showing(self, claim: Claim) -> list[MatrixPage]:
        """The matrices in which a judgment is a column: the key judgments' and its themes'
        (with their parents', whose matrices include their sub-themes' claims)."""
        if claim.id not in self.views.evidence.cases:
            return []
        pages = [self.key] if claim.key and self.key is not None else []
        for theme_id in self.views.theme_ancestry(claim.themes):
            page = self.of_theme(theme_id)
            if page is not None:
                pages.append(page)
        return pages

    def judgments(self) -> list[Claim]:
        """Every claim with evidence for or against it, by title: the timeline filter's choices."""
        claims = self.views.briefing.claims
        return sorted((claims[claim_id] for claim_id in self.views.evidence.cases), key=lambda c: c.title.casefold())

    def pages(self) -> list[MatrixPage]:
        """The theme matrices' pages (the evidence page is rendered on its own)."""
        return self.themes
