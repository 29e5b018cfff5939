"""A generated page as HTML: its headings numbered the way the `toc` extension numbers
them, its table of contents, its title, and the Markdown file `briefbook render` writes.

briefbook writes its pages' HTML itself (MkDocs used to convert thousands of pages of
Markdown on one core), but a page must look and link as it did: the same heading ids
(so no link or anchor breaks), the same permalink `¶`, the same sidebar TOC. So the
headings a template writes (`<h2>Sources</h2>`) get what Python-Markdown's `toc`
extension, configured as in the site's mkdocs.yml, would have given them, with its own
`slugify`, `unique` and nesting functions.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import TocExtension, nest_toc_tokens, strip_tags, unique
from markdown.util import parseBoolValue

from .escape import md_escape


@dataclass(frozen=True)
class HeadingStyle:
    """The `toc` extension's settings that shape a heading (see markdown.extensions.toc)."""

    slugify: Callable[[str, str], str]
    separator: str = "-"
    permalink: bool | str = False
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    permalink_leading: bool = False
    anchorlink: bool = False
    anchorlink_class: str = "toclink"
    base_level: int = 0
    toc_top: int = 1
    toc_bottom: int = 6

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> HeadingStyle:
        """From the `toc` extension's settings in mkdocs.yml, defaults filled in by the
        extension itself."""
        config = TocExtension(**dict(settings)).getConfigs()
        depth = config["toc_depth"]
        if isinstance(depth, str) and "-" in depth:
            top, bottom = (int(x) for x in depth.split("-"))
        else:
            top, bottom = 1, int(depth)
        permalink = parseBoolValue(config["permalink"], False)  # as the extension reads it
        if permalink is None:
            permalink = config["permalink"]
        anchorlink = parseBoolValue(config["anchorlink"], False)
        return cls(
            slugify=config["slugify"],
            separator=config["separator"],
            permalink=False if permalink in (False, None) else permalink,
            permalink_class=config["permalink_class"],
            permalink_title=config["permalink_title"],
            permalink_leading=bool(parseBoolValue(config.get("permalink_leading"), False)),
            anchorlink=bool(anchorlink),
            anchorlink_class=config["anchorlink_class"],
            base_level=int(config["baselevel"]) - 1,
            toc_top=top,
            toc_bottom=bottom,
        )


_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar: JSON's ASCII escapes (YAML accepts them),
    but a character beyond U+FFFF as YAML's `\\UXXXXXXXX`, since YAML refuses JSON's
    surrogate pairs (an emoji in a title would lose the page its title)."""

    def one(pair: re.Match[str]) -> str:
        high, low = int(pair.group(1), 16), int(pair.group(2), 16)
        return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"

    return _SURROGATE_PAIR.sub(one, json.dumps(text))


@dataclass
class RenderedPage:
    """One generated page: its Markdown path, title (plain text), body HTML and TOC."""

    path: str
    title: str | None
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    """The `toc` extension's nested tokens (level, id, name, children), for MkDocs' get_toc."""
    anchors: set[str] = field(default_factory=set)
    """Every heading id, for MkDocs' anchor validation."""
    titled: bool = True
    """Whether the file sets the title (a record page); an index page takes its nav's."""
    unsearched: bool = False
    """Left out of Material's search index (a claim's earlier version: kept for citations)."""

    def front_matter(self) -> str:
        """YAML front matter setting the page title. Themes print `page.meta.title` into
        `<title>` as it is, so it is HTML-escaped (Material would otherwise unescape the
        heading's entities with `striptags`, letting `</title><script>` through)."""
        meta = self.meta()
        lines = []
        if "title" in meta:
            lines.append(f"title: {yaml_quoted(meta['title'])}")
        if self.unsearched:
            lines.append("search:\n  exclude: true")
        return f"---\n{chr(10).join(lines)}\n---\n\n" if lines else ""

    def meta(self) -> dict[str, Any]:
        """The front matter as MkDocs reads it into `page.meta` (see front_matter)."""
        meta: dict[str, Any] = {}
        if self.title is not None and self.titled:
            meta["title"] = html.escape(" ".join(self.title.split()))
        if self.unsearched:
            meta["search"] = {"exclude": True}
        return meta

    def source(self) -> str:
        """What MkDocs reads as the page's file: the title, then the body. The plugin
        hands MkDocs' Markdown step nothing of it (the body arrives ready-made), but the
        text changes whenever the page does, which `mkdocs serve --dirty` compares."""
        return f"{self.front_matter()}\n{self.html}"

    def markdown(self) -> str:
        """The page as a Markdown file that plain MkDocs (or Zensical) builds without the
        plugin: each top-level heading as a Markdown heading with its id (so the theme's
        TOC lists it), everything between as raw HTML blocks that Markdown leaves alone."""
        pieces = [self.front_matter()]
        pos = 0
        for start, end, level, heading_id, text in _top_level_headings(self.html):
            pieces.append(_raw_block(self.html[pos:start]))
            pieces.append(f"{'#' * level} {md_escape(text)} {{#{heading_id}}}\n\n")
            pos = end
        pieces.append(_raw_block(self.html[pos:]))
        return "".join(pieces)


def _raw_block(chunk: str) -> str:
    """HTML in a `<div>`: a raw block to Python-Markdown (md_in_html converts inside only
    with `markdown="1"`), whatever the elements inside it."""
    chunk = chunk.strip("\n")
    if not chunk.strip():
        return ""
    return f"<div>\n{chunk}\n</div>\n\n"


_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')


def number_headings(body: str, style: HeadingStyle | None) -> tuple[str, list[dict[str, Any]], set[str], str | None]:
    """(body with ids and permalinks, nested TOC tokens, ids, the first h1's text).

    What the `toc` extension does to a page's headings, for the headings of HTML that
    briefbook wrote: an id from the heading's text (kept if it has one), unique on the
    page, a permalink, and a TOC entry within `toc_depth`."""
    tokens: list[dict[str, Any]] = []
    used: set[str] = set()
    counters: dict[str, int] = {}
    title: str | None = None

    def one(match: re.Match[str]) -> str:
        nonlocal title
        level = min(6, int(match.group(1)) + (style.base_level if style else 0))
        attributes, inner = match.group(2) or "", match.group(3).strip()
        name = strip_tags(inner)
        if title is None and level == 1:
            title = html.unescape(name)
        if style is None:
            return match.group(0)
        existing = _ID.search(attributes)
        if existing:
            heading_id = existing.group(1)
            used.add(heading_id)
        else:
            heading_id = unique(style.slugify(html.unescape(name), style.separator), used, counters)
            attributes = f' id="{html.escape(heading_id)}"{attributes}'
        if style.toc_top <= level <= style.toc_bottom:
            tokens.append({"level": level, "id": heading_id, "name": name, "html": inner, "data-toc-label": ""})
        if style.anchorlink:
            inner = f'<a class="{style.anchorlink_class}" href="#{heading_id}">{inner}</a>'
        if style.permalink is not False:
            text = "&para;" if style.permalink is True else html.escape(str(style.permalink))
            title_attr = f' title="{html.escape(style.permalink_title)}"' if style.permalink_title else ""
            link = f'<a class="{style.permalink_class}" href="#{heading_id}"{title_attr}>{text}</a>'
            inner = f"{link}{inner}" if style.permalink_leading else f"{inner}{link}"
        return f"<h{level}{attributes}>{inner}</h{level}>"

    numbered = _HEADING.sub(one, body)
    return numbered, nest_toc_tokens(tokens), used, title


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW_TEXT = frozenset({"script", "style"})


def _top_level_headings(body: str) -> list[tuple[int, int, int, str, str]]:
    """(start, end, level, id, text) of each heading outside any other element."""
    found = []
    depth = 0
    raw_until: str | None = None
    pos = 0
    while (match := _TAG.search(body, pos)) is not None:
        pos = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if raw_until is not None:
            if closing and name == raw_until:
                raw_until = None
                depth -= 1
            continue
        if closing:
            depth -= 1
            continue
        if depth == 0 and len(name) == 2 and name[0] == "h" and name[1] in "123456":
            heading = _HEADING.match(body, match.start())
            identifier = _ID.search(heading.group(2) or "") if heading else None
            if heading and identifier:
                text = html.unescape(strip_tags(_PERMALINK.sub("", heading.group(3))))
                found.append((heading.start(), heading.end(), int(heading.group(1)), identifier.group(1), text))
                pos = heading.end()
                continue
        if name in _VOID or self_closing:
            continue
        depth += 1
        if name in _RAW_TEXT:
            raw_until = name
    return found


_PERMALINK = re.compile(r'<a class="[^"]*" href="#[^"]*"(?: title="[^"]*")?>[^<]*</a>')


def with_root_direction(document: str, direction: str) -> str:
    """A right-to-left page says so on `<html>` too: Material puts `dir` on `<body>`
    only, and the Nu HTML Checker (rightly) asks for it on the root, where it also
    governs the scrollbar's side and anything outside the body."""
    if direction != "rtl" or "<html dir=" in document:
        return document
    return document.replace("<html ", '<html dir="rtl" ', 1)
