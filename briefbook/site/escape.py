"""Markdown escaping: the output side of "data is text, never code", where data lands
in Markdown rather than HTML.

Page templates write HTML and Jinja escapes it (see pages.py). Data still lands in
Markdown in three places: a record's label as the text of a cross-reference in prose or
on a hand-written page (`[](actor:wagner)`), a heading of a page that `briefbook render`
writes as Markdown, and citations shown inside raw HTML that Markdown reads. There
HTML escaping alone is the wrong tool: a name like `*NSYNC` or `[x](javascript:...)`
would still turn into Markdown syntax.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup


class Md(Markup):
    """Markdown that is safe to insert as is."""

    __slots__ = ()


_INLINE = re.compile(r"([\\`*_\[\]{}|])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+(?=[.)]))")


def md_escape(value: Any) -> Md:
    """Plain text → Markdown that displays exactly that text, on one line."""
    if isinstance(value, Markup):
        return Md(value)
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)  # & < > → entities: no raw HTML, and `>` cannot quote
    text = _INLINE.sub(r"\\\1", text)
    match = _LINE_START.match(text)
    if match:
        lead, mark = match.groups()
        if mark.isdigit():
            text = f"{lead}{mark}\\{text[match.end() :]}"
        else:
            text = f"{lead}\\{mark}{text[match.end() :]}"
    return Md(text)


_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]{}!|~^=]|(?m:^[ \t]*[#+\-]|^[ \t]*\d+(?=[.)]))")


def html_text(value: str) -> str:
    """Text for raw HTML inside a Markdown page: HTML-escaped, and every character that
    Markdown (or an extension such as attr_list) could read as syntax written as a
    character reference, which the browser shows as the character itself."""
    return _MARKDOWN_SYNTAX.sub(_reference, html.escape(value, quote=True))


def _reference(match: re.Match[str]) -> str:
    text = match.group(0)
    stripped = text.lstrip(" \t")
    return text[: len(text) - len(stripped)] + "".join(f"&#{ord(c)};" for c in stripped)
