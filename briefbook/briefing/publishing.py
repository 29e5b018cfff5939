"""Preview or publication: what a build is for, and what a publication still lacks.

A permalink is a promise to readers, so only a publication may record IDs in the
ledger. `mkdocs serve` is always a preview; so is a build with the plugin option
`preview: true`. A build whose `site_url` is still a local address (the starter's
`http://127.0.0.1:8000/`) would ship permalinks, citations and feeds pointing at the
author's computer: it fails, unless it is declared a preview.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
from urllib.parse import urlsplit

from ..problems import Position, Problem, Problems
from .model import Briefing, Claim

STARTER_AUTHOR = "Your name or organisation"
"""The starter's placeholder site_author (briefbook/starter/mkdocs.yml)."""


def is_local_address(url: str | None) -> bool:
    """Whether a site_url points at this computer (loopback, unspecified or `localhost`)."""
    if not url:
        return False
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def is_publication(site_url: str | None, *, serving: bool, preview: bool) -> bool:
    """Only a build for the public address records permalinks."""
    return not serving and not preview and not is_local_address(site_url)


def publishing_problems(
    briefing: Briefing,
    site_url: str | None,
    *,
    serving: bool,
    preview: bool,
    published_default: dt.date | None,
    site_author: str | None = None,
    shown: str = "mkdocs.yml",
) -> Problems:
    """For a build that is not declared a preview: an error for a local site_url;
    warnings for what its citations would lack (an author, a date)."""
    problems = Problems()
    if serving or preview:
        return problems
    if is_local_address(site_url):
        problems.error(
            Position(shown),
            f"site_url is {site_url}, an address on this computer: every permalink, citation and feed would "
            "point there; to publish, set site_url (or BRIEFBOOK_SITE_URL) to the site's public address; to "
            "build a preview on purpose, set the plugin option preview: true (or BRIEFBOOK_PREVIEW=true)",
        )
        return problems
    if site_author == STARTER_AUTHOR:
        problems.warning(
            Position(shown),
            f"site_author is still the starter's placeholder {STARTER_AUTHOR!r}, and every citation names it "
            "as the author; write your name or your organisation's in mkdocs.yml",
        )
    undated = [c for c in briefing.claims.values() if c.last_changed is None]
    if undated and published_default is None:
        names = ", ".join(c.id for c in undated[:3]) + (", ..." if len(undated) > 3 else "")
        problems.warning(
            undated[0].where.of("id"),
            f"{len(undated)} claim{'s' * (len(undated) != 1)} ({names}) {'have' if len(undated) != 1 else 'has'} "
            f"no published date, so {'their' if len(undated) != 1 else 'its'} citations carry none (Chicago shows no date, APA 'n.d.', BibTeX no "
            "year); add published: YYYY-MM-DD to each claim, or give the whole briefing one with the plugin "
            "option published: YYYY-MM-DD in mkdocs.yml",
        )
    return problems


def with_published_default(briefing: Briefing, published: dt.date | None) -> Briefing:
    """The briefing as its pages cite it: a claim with neither `published` nor `updated`
    counts as published on the site's `published` date. The analyst's data is unchanged;
    validation and the ledger keep using the briefing as written."""
    if published is None:
        return briefing
    claims = {claim_id: dated_claim(claim, published) for claim_id, claim in briefing.claims.items()}
    return dataclasses.replace(briefing, claims=claims)


def dated_claim(claim: Claim, published: dt.date | None) -> Claim:
    """One claim as `with_published_default` shows it (and as its stamp hashes it)."""
    if published is None or claim.published is not None or claim.updated is not None:
        return claim
    return dataclasses.replace(claim, published=published)


def site_settings_problems(site_url: str | None, site_author: str | None, *, serving: bool) -> list[Problem]:
    """Warnings about what mkdocs.yml leaves out that citations and feeds need."""
    problems = Problems()
    if not site_url and not serving:
        problems.warning(
            Position("mkdocs.yml"),
            "site_url is not set: permalinks in citations, exports and feeds need the site's public address; "
            "add site_url: https://... to mkdocs.yml (feeds are left out until then)",
        )
    if not site_author:
        problems.warning(
            Position("mkdocs.yml"),
            "site_author is not set: citations of the claims name no author, so the styles cite them under "
            "the site's name (Chicago) or the claim's title (APA); add site_author: <who publishes the "
            "briefing> to mkdocs.yml",
        )
    return list(problems)
