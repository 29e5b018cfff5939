"""schema.org structured data (JSON-LD) for claim and actor pages.

A claim names the language it is written in (`inLanguage`: the site's), and each
source it appears in the source's own language when the data gives one."""

from __future__ import annotations

import json
import re
from typing import Any

from ..briefing import model

ACTOR_TYPES = {
    "state": "Country",
    "person": "Person",
    "government": "GovernmentOrganization",
    "media": "NewsMediaOrganization",
    "company": "Corporation",
}
"""schema.org types by actor kind; every other kind is an Organization."""


def _source_work(source: model.Source, url: str) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title, "url": source.url or url}
    if source.issued:
        work["datePublished"] = source.issued.iso()
    if source.container_title or source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.container_title or source.publisher}
    if source.language:
        work["inLanguage"] = source.language
    if source.authors:
        work["author"] = [
            {"@type": "Person" if a.family else "Organization", "name": a.display} for a in source.authors
        ]
    return work


def claim_jsonld(
    claim: model.Claim,
    briefing: model.Briefing,
    permalink: str,
    url_of: Any,
    author: str | None,
    version: str,
    language: str | None = None,
) -> dict[str, Any]:
    """A schema.org Claim: where it appears (its sources), when, by whom, in which
    language (`language`: the site's tag)."""
    sources = [_source_work(briefing.sources[r.ref], url_of("sources", r.ref)) for r in claim.sources]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "@id": permalink,
        "url": permalink,
        "name": claim.title,
        "text": claim.statement.text,
        "version": version,
        **({"inLanguage": language} if language else {}),
        "appearance": sources,
        "citation": sources,
        "about": [
            {
                "@type": ACTOR_TYPES.get(briefing.actors[a].kind, "Organization"),
                "name": briefing.actors[a].name,
                "url": url_of("actors", a),
            }
            for a in claim.actors
        ],
    }
    if claim.published:
        data["datePublished"] = claim.published.isoformat()
    if claim.last_changed:
        data["dateModified"] = claim.last_changed.isoformat()
    if author:
        data["author"] = {"@type": "Organization", "name": author}
    return data


def actor_jsonld(actor: model.Actor, url: str, url_of: Any, briefing: model.Briefing) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ACTOR_TYPES.get(actor.kind, "Organization"),
        "@id": url,
        "url": url,
        "name": actor.name,
    }
    if actor.aliases:
        data["alternateName"] = list(actor.aliases)
    if actor.wikidata:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{actor.wikidata}"
    if actor.part_of and data["@type"] != "Country":
        key = "memberOf" if data["@type"] == "Person" else "parentOrganization"
        data[key] = [
            {
                "@type": ACTOR_TYPES.get(briefing.actors[p].kind, "Organization"),
                "name": briefing.actors[p].name,
                "url": url_of("actors", p),
            }
            for p in actor.part_of
        ]
    if actor.country and data["@type"] != "Country":
        data["location"] = {"@type": "Country", "identifier": actor.country}
    return data


def script_tag(data: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> element; `<` is escaped so no data can
    close the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>'


_JSONLD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)


def move_jsonld_to_head(page_html: str) -> str:
    """Move JSON-LD blocks written in the page body into <head>, where crawlers expect them."""
    blocks = _JSONLD.findall(page_html)
    head_end = page_html.find("</head>")
    if not blocks or head_end < 0:
        return page_html
    body = page_html[head_end:]
    for block in blocks:
        body = body.replace(block, "", 1)
    return page_html[:head_end] + "".join(blocks) + body
