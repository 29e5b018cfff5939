"""Link safety in data Markdown: what Python-Markdown, with the site's extensions, would
make the target of a link or image (found with its own grammar, so ordinary prose such
as `Withdrawn: ...` or `04:30` is never taken for one), which of those targets are
refused, and the neutralised text handed to Markdown. sanitize.py checks the HTML again,
independently of this scanner."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator

from markdown import Markdown
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.inlinepatterns import AUTOLINK_RE, LINK_RE, LinkInlineProcessor

from .links import AUTOLINK, CROSS_REF_KINDS, SAFE_SCHEMES, code_ranges, escape_outside_code, link_scheme

_RAW = re.compile(AUTOLINK.pattern + r"|[<{}]")
_RAW_REPLACEMENTS = {"<": "&lt;", "{": "\\{", "}": "\\}"}


def _neutralise(segment: str) -> str:
    """`<` as text except in http(s)/mailto autolinks; `{`/`}` escaped."""
    return _RAW.sub(lambda m: m.group(0) if m.group(1) else _RAW_REPLACEMENTS[m.group(0)], segment)


MAX_INDENT = 48
MAX_EMPHASIS_RUN = 32
MAX_BRACKETS = 500

# Python-Markdown's own grammar for what becomes a link or image target (see unsafe_targets).
_MD = Markdown()
_MD.treeprocessors["inline"].stashed_nodes = {}  # nothing stashed: the text is read as written
"""Only lends the link processor the `md` it expects; never converts anything."""
_LINK_PROCESSOR = LinkInlineProcessor(LINK_RE, _MD)
_BRACKET = re.compile(r"\[")
_AUTOLINK_TARGET = re.compile(AUTOLINK_RE)
_ATTR_LIST = re.compile(AttrListTreeprocessor.BASE_RE)
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|[*+\-](?=[ \t])|\d+[.)](?=[ \t])|:(?=[ \t])))*[ \t]*")
"""What blockquotes, list items, definitions and indented blocks (admonitions, tabs) put
before a line; Python-Markdown strips it before it looks for reference definitions."""
_BLOCK_BREAK = re.compile(r"\n[ \t>]*\n")
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite", "background", "xlink:href", "ping"}
)
"""Attributes whose value a browser loads or follows as a URL."""


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph-like blocks: Python-Markdown parses inline syntax one block at a time."""
    pos = 0
    for match in _BLOCK_BREAK.finditer(text):
        yield pos, match.start()
        pos = match.end()
    yield pos, len(text)


def _escaped(text: str, index: int) -> bool:
    """Whether text[index] follows an odd run of backslashes (Markdown's escape)."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


_CODE_MASK = str.maketrans({"`": "\u200b", **{c: "x" for c in "[]()<>{}\\"}})
"""Inside code, the syntax that could start a link becomes inert, and backticks become a
zero-width space, which is dropped when a scheme is read: a code span inside a link
target (`[x](java`scr`ipt:...)`) is text Python-Markdown joins into the target."""


def _masked(text: str) -> str:
    """The text with code made inert, offsets unchanged."""
    pieces, pos = [], 0
    for start, end in code_ranges(text):
        pieces.append(text[pos:start])
        pieces.append(text[start:end].translate(_CODE_MASK))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _inline_targets(text: str) -> Iterator[tuple[int, int]]:
    """Inline links and images, parsed by Python-Markdown's own link processor (nested
    brackets and parentheses, `<...>` targets, titles) one block at a time."""
    for block_start, block_stop in _blocks(text):
        block = text[block_start:block_stop]
        for match in _BRACKET.finditer(block):
            bracket = match.start()
            if _escaped(block, bracket):
                continue
            _label, index, handled = _LINK_PROCESSOR.getText(block, bracket + 1)
            if not handled:
                continue
            href, _title, end, handled = _LINK_PROCESSOR.getLink(block, index)
            if handled and href:
                offset = block.find(href, index, end)
                yield block_start + (offset if offset >= 0 else index), len(href)


def _reference_targets(text: str) -> Iterator[tuple[int, int]]:
    """Reference definitions (`[id]: target`, the target possibly on the next line),
    found with Python-Markdown's ReferenceProcessor.RE on the lines as its block parser
    sees them: without the quote, list or indentation around them."""
    lines: list[str] = []
    origins: list[int] = []
    pos = 0
    for line in text.split("\n"):
        container = _CONTAINER_PREFIX.match(line)
        prefix = container.end() if container else 0
        lines.append(line[prefix:])
        origins.append(pos + prefix)
        pos += len(line) + 1
    stripped = "\n".join(lines)
    line_starts, at = [], 0
    for line in lines:
        line_starts.append(at)
        at += len(line) + 1
    for match in ReferenceProcessor.RE.finditer(stripped):
        raw = match.group(2)
        target = raw.lstrip("<").rstrip(">")
        where = match.start(2) + len(raw) - len(raw.lstrip("<"))
        row = bisect.bisect_right(line_starts, where) - 1
        yield origins[row] + where - line_starts[row], len(target)


def _autolink_targets(text: str) -> Iterator[tuple[int, int]]:
    """`<scheme://...>`: Python-Markdown's AUTOLINK_RE takes any scheme followed by `//`."""
    for match in _AUTOLINK_TARGET.finditer(text):
        yield match.start(1), len(match.group(1))


def _attribute_targets(text: str) -> Iterator[tuple[int, int]]:
    """URL attributes set by an attribute list (`{href=...}`), read by attr_list's own parser."""
    for match in _ATTR_LIST.finditer(text):
        attrs, _rest = get_attrs_and_remainder(match.group(1))
        for name, value in attrs:
            if value and name.lower() in URL_ATTRIBUTES:
                offset = text.find(value, match.start(1), match.end())
                yield (offset, len(value)) if offset >= 0 else (match.start(1), len(match.group(1)))


_FINDERS = ((_inline_targets, "]("), (_reference_targets, "]:"), (_autolink_targets, "://"), (_attribute_targets, "{"))


def link_targets(text: str) -> list[tuple[int, str, str]]:
    """(offset, target as written, target as Markdown reads it) of everything outside code
    that Python-Markdown, with the extensions briefbook requires (attr_list among them),
    would make the target of a link or image: inline links and images, reference
    definitions, autolinks and attribute lists. Prose such as `Withdrawn: ...`,
    `(CSP: the new coalition)` or `04:30` is none of these, so it is never taken for one."""
    if not any(mark in text for mark in ("](", "]:", "://", "{")):
        return []  # none of the four can occur (the common case, and cheap to know)
    masked = _masked(text)
    spans: set[tuple[int, int]] = set()
    for finder, mark in _FINDERS:
        if mark in masked:  # each construct needs its mark, literally, outside code
            spans.update(finder(masked))
    return [(start, text[start : start + length], masked[start : start + length]) for start, length in sorted(spans)]


def unsafe_targets(text: str) -> list[tuple[int, str]]:
    """(offset, token) of every link target (see link_targets) with a refused scheme."""
    return [(offset, written) for offset, written, read in link_targets(text) if is_unsafe_target(read)]


def nesting_problem(text: str) -> str | None:
    """Markdown that nests so deeply that Python-Markdown would recurse out of stack or
    take minutes: briefing text never needs it."""
    if any(len(line) - len(line.lstrip(" \t>")) > MAX_INDENT for line in text.splitlines()):
        return f"is nested or indented more than {MAX_INDENT} levels deep; flatten the lists or quotes"
    if re.search(rf"[*_]{{{MAX_EMPHASIS_RUN + 1},}}", text):
        return f"has a run of more than {MAX_EMPHASIS_RUN} * or _ characters; remove them"
    if text.count("[") > MAX_BRACKETS:
        return f"has more than {MAX_BRACKETS} [ characters; split the text"
    return None


def neutralise_markdown(text: str) -> str:
    """Data Markdown with raw HTML shown as text and attribute lists disarmed.

    Statements are Markdown, not HTML: `<` outside code becomes `&lt;` (so `<script>`
    prints literally and `a < b` reads right), `{`/`}` are escaped so attr_list cannot
    add `onclick=` attributes, and links whose target is not http(s), mailto or
    relative lose their target (they were reported as errors already).
    """
    if nesting_problem(text):  # reported as an error; never handed to Markdown
        return _neutralise(html.escape(" ".join(text.split()), quote=False)).replace("*", "\\*").replace("_", "\\_")
    pieces, pos = [], 0
    for offset, token in unsafe_targets(text):
        if offset < pos:  # inside a target already removed
            continue
        pieces.append(text[pos:offset])
        pieces.append("#unsafe-link-removed")
        pos = offset + len(token)
    pieces.append(text[pos:])
    return escape_outside_code("".join(pieces), _neutralise)


def is_unsafe_target(target: str) -> bool:
    scheme = link_scheme(target)
    return scheme is not None and scheme not in SAFE_SCHEMES and scheme not in CROSS_REF_KINDS
