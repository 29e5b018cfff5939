"""Small HTML pages that send a reader on: a former claim ID to the claim
(`redirect_from`), and a claim's current version URL to the claim page (it becomes a
page of its own once the claim changes)."""

from __future__ import annotations

from collections.abc import Iterator

import jinja2

from ..briefing import model
from .urls import Site, record_path, relative_link
from .versions import Versions


def redirect_file(site: Site, from_page: str, to_page: str) -> tuple[str, str]:
    """(the HTML file written at `from_page`'s URL, the relative URL of `to_page` from it)."""
    out = site.page_url(from_page)
    out_path = out + "index.html" if out.endswith("/") else out
    relative = relative_link(out_path, site.page_url(to_page))
    if site.use_directory_urls:
        relative = relative.rstrip("/") + "/"
    return out_path, relative


def former_id_redirects(env: jinja2.Environment, briefing: model.Briefing, site: Site) -> Iterator[tuple[str, str]]:
    """(path, HTML) of a redirect page for every former claim ID."""
    template = env.get_template("redirect.html.j2")
    for claim in briefing.claims.values():
        target = record_path("claims", claim.id)
        for old in claim.redirect_from:
            out_path, relative = redirect_file(site, record_path("claims", old), target)
            yield out_path, template.render(claim=claim, target=relative, canonical=site.absolute(target), old_id=old)


def current_version_redirects(
    env: jinja2.Environment, briefing: model.Briefing, site: Site, versions: Versions
) -> Iterator[tuple[str, str]]:
    """(path, HTML) for each claim's current version: its permanent URL leads to the
    claim page until the claim changes, when it becomes a page of its own."""
    template = env.get_template("claim_version_current.html.j2")
    for claim_id, claim in briefing.claims.items():
        current = versions.current(claim_id)
        if current is None:
            continue
        target = record_path("claims", claim_id)
        out_path, relative = redirect_file(site, current.path, target)
        yield out_path, template.render(claim=claim, target=relative, canonical=site.absolute(target))
