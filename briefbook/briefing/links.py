"""Links inside Markdown: cross-references (`actor:ID`, ...) and the safety of targets.

A small scanner rather than a Markdown parser: it only needs to find inline links,
reference definitions and the spans where Markdown is *not* interpreted (code), which
is what both cross-reference rewriting and HTML neutralising need.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..contract.kinds import KINDS

CROSS_REF_KINDS = {kind.scheme: kind.folder for kind in KINDS}
"""Cross-reference scheme → kind folder: `actor:wagner` names the actor `wagner`."""
SAFE_SCHEMES = {"http", "https", "mailto"}

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.M)
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
"""A code span: not opened by an escaped backtick, never across a blank line (Markdown
reads paragraphs one at a time). When in doubt, text is *not* code, so it is escaped."""
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?P<title>\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_REF_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]]+)\]:[ \t]*(?P<target><[^>\n]*>|\S+)", re.M)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")


@dataclass(frozen=True, slots=True)
class Link:
    """One link found in Markdown: offsets of its target within the text, and its parts."""

    start: int
    end: int
    text: str | None
    target: str
    target_start: int
    target_end: int
    image: bool = False

    @property
    def scheme(self) -> str | None:
        return link_scheme(self.target)

    @property
    def cross_ref(self) -> tuple[str, str] | None:
        """(kind folder, ID) when the target is a cross-reference, else None."""
        scheme, _, rest = self.target.partition(":")
        if scheme in CROSS_REF_KINDS and rest:
            return CROSS_REF_KINDS[scheme], rest
        return None


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see, after entities and invisible characters are undone."""
    if ":" not in target and "&" not in target:
        return None  # no colon, written or as an entity: no scheme
    plain = _SCHEME.match(target)
    if plain:  # written plainly: undoing entities and invisible characters changes nothing before the colon
        return plain.group(1).lower()
    cleaned = html.unescape(target)
    cleaned = "".join(ch for ch in cleaned if ch.isprintable() and not ch.isspace())
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks and code spans, where nothing is a link or HTML."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    while True:
        fence = _FENCE.search(text, pos)
        if not fence:
            break
        marker = fence.group(1)
        closing = re.compile(rf"^[ ]{{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.M)
        line_end = text.find("\n", fence.end())
        end_match = closing.search(text, line_end + 1) if line_end >= 0 else None
        if end_match is None:  # an unclosed fence is not code to Markdown either
            pos = fence.end()
            continue
        ranges.append((fence.start(), end_match.end()))
        pos = end_match.end()
    outside = _outside(text, ranges)
    for start, stop in outside:
        for span in _CODE_SPAN.finditer(text, start, stop):
            ranges.append(span.span())
    return sorted(ranges)


def _outside(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result, pos = [], 0
    for start, end in sorted(ranges):
        if start > pos:
            result.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        result.append((pos, len(text)))
    return result


def iter_links(text: str) -> Iterator[Link]:
    """Inline links/images and reference definitions outside code, in text order."""
    return iter(_links(text))


@functools.lru_cache(maxsize=1 << 14)
def _links(text: str) -> tuple[Link, ...]:
    """`iter_links`, remembered by the text: validation, the views and the pages each
    look for the links of the same fields, and a `mkdocs serve` rebuild looks for them
    in every field again (Link is frozen, so a remembered one can be handed out twice)."""
    found: list[Link] = []
    for start, stop in _outside(text, code_ranges(text)):
        for match in _INLINE_LINK.finditer(text, start, stop):
            target = match.group("target")
            t_start, t_end = match.span("target")
            if target.startswith("<") and target.endswith(">"):
                target, t_start, t_end = target[1:-1], t_start + 1, t_end - 1
            found.append(
                Link(match.start(), match.end(), match.group("text"), target, t_start, t_end, bool(match.group("bang")))
            )
        for match in _REF_DEFINITION.finditer(text, start, stop):
            target = match.group("target")
            t_start, t_end = match.span("target")
            if target.startswith("<") and target.endswith(">"):
                target, t_start, t_end = target[1:-1], t_start + 1, t_end - 1
            found.append(Link(match.start(), match.end(), None, target, t_start, t_end))
    return tuple(sorted(found, key=lambda link: link.start))


Resolver = Callable[[str, str], tuple[str, str] | None]
"""(kind folder, ID) → (relative URL, label), or None when the ID is unknown."""


def rewrite_links(text: str, resolve: Resolver, escape_label: Callable[[str], str]) -> str:
    """Turn cross-references into relative links; an empty text takes the target's label."""
    pieces, pos = [], 0
    for link in iter_links(text):
        ref = link.cross_ref
        if ref is None:
            continue
        resolved = resolve(*ref)
        if resolved is None:
            continue
        url, label = resolved
        if link.text is not None and not link.text.strip() and not link.image:
            label_start = link.start + 1
            pieces.append(text[pos:label_start])
            pieces.append(escape_label(label))
            pos = label_start
        pieces.append(text[pos : link.target_start])
        pieces.append(url)
        pos = link.target_end
    pieces.append(text[pos:])
    return "".join(pieces)


def escape_outside_code(text: str, transform: Callable[[str], str]) -> str:
    pieces, pos = [], 0
    for start, end in code_ranges(text):
        pieces.append(transform(text[pos:start]))
        pieces.append(text[start:end])
        pos = end
    pieces.append(transform(text[pos:]))
    return "".join(pieces)


_ID_LIKE = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")


def near_cross_ref(target: str) -> str | None:
    """The cross-reference a mistyped target most likely meant, or None: `claims:x` →
    `claim:x`, `Actor:x` → `actor:x`, `clam:x` → `claim:x`. Only for a target that is
    not already a cross-reference and whose rest reads as an ID, so `tel:+33...` or an
    http(s) link is never taken for one."""
    scheme, colon, rest = target.strip().partition(":")
    if not colon or not _ID_LIKE.match(rest) or (scheme in CROSS_REF_KINDS):
        return None
    word = scheme.lower()
    if word in SAFE_SCHEMES:
        return None
    if word in CROSS_REF_KINDS:
        return f"{word}:{rest}"
    singular = {plural: kind for kind, plural in CROSS_REF_KINDS.items()}
    if word in singular:
        return f"{singular[word]}:{rest}"
    close = difflib.get_close_matches(word, [*CROSS_REF_KINDS, *singular], n=1, cutoff=0.75)
    if close:
        return f"{singular.get(close[0], close[0])}:{rest}"
    return None


def near_miss_message(field: str, target: str, suggestion: str) -> str:
    *most, last = [f"{k}:ID" for k in CROSS_REF_KINDS]
    kinds = f"{', '.join(most)} or {last}"
    return (
        f"{field}: link target {target!r} is not a cross-reference (did you mean {suggestion!r}?); "
        f"cross-references are written {kinds}"
    )
