"""The HTML side of link safety: a net behind the Markdown scanner of links.py.

links.py refuses and neutralises unsafe link targets in data Markdown before it is
converted. This module checks what the conversion produced, independently of that
scanner: in the HTML of a generated page (template text plus data), every URL
attribute must pass the same allow-list (`link_safety.is_unsafe_target`), or it is removed,
and event-handler attributes are removed. So a target the scanner misses, however
Markdown came to make it, still never reaches a reader. Hand-written pages are left as
MkDocs renders them: they are the site author's own.

The HTML it reads is what Python-Markdown serialises (attribute values always quoted,
`<`, `>` and `"` escaped inside them) plus the raw HTML of briefbook's templates, so a
tag is matched exactly by the regular expressions below; no HTML parser is needed.
"""

from __future__ import annotations

import re

from ..briefing.link_safety import URL_ATTRIBUTES, is_unsafe_target

_TAG = re.compile(r"""<[A-Za-z][^\s/>]*(?:\s+[^\s"'=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_ATTRIBUTE = re.compile(r"""\s+([^\s"'=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def _unsafe(name: str, value: str | None) -> bool:
    name = name.lower()
    if name.startswith("on"):
        return True
    if value is None or name not in URL_ATTRIBUTES:
        return False
    if value[:1] in "\"'":
        value = value[1:-1]
    if name == "srcset":
        return any(is_unsafe_target(candidate.split()[0]) for candidate in value.split(",") if candidate.split())
    return is_unsafe_target(value)


_CANDIDATE = re.compile(r"\s(?:on|" + "|".join(sorted(URL_ATTRIBUTES)) + ")", re.I)
"""An attribute that could need removing: an event handler or a URL (most tags have neither)."""


def _clean_tag(match: re.Match[str]) -> str:
    return _clean_tag_text(match.group(0))


def _clean_tag_text(tag: str) -> str:
    """The tag without its unsafe attributes (the same object when it has none)."""
    if not _CANDIDATE.search(tag):
        return tag
    removed = False

    def attribute(attr: re.Match[str]) -> str:
        nonlocal removed
        if _unsafe(attr.group(1), attr.group(2)):
            removed = True
            return ""
        return attr.group(0)

    cleaned = _ATTRIBUTE.sub(attribute, tag)
    return cleaned if removed else tag


_CHECKED_SAFE: set[str] = set()
"""Tags found to need no change, remembered across pages (a record page repeats the
links of the others: the same actor, theme and navigation tags)."""
_MAX_CHECKED = 200_000


def drop_unsafe_urls(html: str) -> str:
    """The HTML with every URL attribute that fails the allow-list, and every event
    handler attribute, removed; everything else exactly as it was.

    Most pages need no change: their tags are collected by the regular expression alone
    (no Python call a tag), and each tag not seen before is checked once. Only a page
    with a tag to clean is rewritten, by the same per-tag cleaning."""
    fresh = set(_TAG.findall(html)) - _CHECKED_SAFE
    if all(_clean_tag_text(tag) is tag for tag in fresh):
        if len(_CHECKED_SAFE) + len(fresh) > _MAX_CHECKED:
            _CHECKED_SAFE.clear()
        _CHECKED_SAFE.update(fresh)
        return html
    return _TAG.sub(_clean_tag, html)
