"""The words of an actor graph's hover tips ("Wagner (12 claims, appears with 5
actors)"), in the site's language: kept apart from the layouts in actor_graphs.py,
which know nothing of words."""

from __future__ import annotations

from .language import Language, load_language


class GraphTips:
    """What hovering a node tells, in one language (English when none is given)."""

    def __init__(self, language: Language | None = None):
        self.language = language or load_language(None)

    def claims(self, count: int) -> str:
        return self.language.ngettext("%(num)d claim", "%(num)d claims", count) % {"num": count}

    def tip(self, name: str, details: list[str]) -> str:
        """`name (details; details)`: the name as written, isolated by the caller."""
        joined = self.language.gettext("; ").join(details)
        return self.language.gettext("%(name)s (%(details)s)") % {"name": name, "details": joined}

    def shared(self, count: int) -> str:
        return self.language.ngettext("%(count)d shared claim", "%(count)d shared claims", count) % {"count": count}

    def has_member(self, name: str) -> str:
        return self.language.gettext("has member %(name)s") % {"name": name}

    def part_of(self, name: str) -> str:
        return self.language.gettext("part of %(name)s") % {"name": name}

    def overview(self, claims: int, actors: int) -> str:
        """A node of the overview: its claims, and how many actors share one with it."""
        appears = self.language.ngettext("%(count)d actor", "%(count)d actors", actors) % {"count": actors}
        return self.language.gettext("%(claims)s, appears with %(actors)s") % {
            "claims": self.claims(claims),
            "actors": appears,
        }
