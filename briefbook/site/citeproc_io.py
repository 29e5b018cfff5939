"""What goes into citeproc-py and what comes out: the CSL item with its text held safe
from being read as markup and its quotes typeset, and the HTML citeproc-py writes made
safe for a Markdown page (and its plain form)."""

from __future__ import annotations

import html
import re
from typing import Any

from .csl_text import ENGLISH_QUOTES, plain_text, smart_quotes
from .escape import html_text


def plain_of_html(text: str) -> str:
    """citeproc-py's plain-text output, from its HTML output of the same item."""
    return html.unescape(_TAG.sub("", text))


_TAG = re.compile(r"<[^>]*>")


_ALLOWED_TAG = re.compile(r'</?(i|b|u|sup|sub|span)( style="font-variant:small-caps;")?>')
_PROTECT = str.maketrans({"&": "\ue000", "<": "\ue001", ">": "\ue002"})
_RICH_TEXT = ("title", "container-title", "literal", "family", "given", "publisher")
"""The CSL variables citeproc-js reads as rich text (quotes and apostrophes typeset)."""


def prepare_item(value: Any, key: str = "", quotes: tuple[str, str] = ENGLISH_QUOTES) -> Any:
    """The item as citeproc-py should see it: the characters `& < >` in the item's
    text held as private-use stand-ins, so that no text in the data is ever read as
    markup (citeproc-py copies it into HTML as it is) and the formatter's own tags are
    the only tags in its output; quotes and apostrophes typeset as citeproc-js does."""
    if isinstance(value, str):
        if key in ("id", "type", "URL", "note"):
            return value.translate(_PROTECT) if key in ("URL", "note") else value
        text = smart_quotes(plain_text(value), quotes) if key in _RICH_TEXT else value
        # `</` as one stand-in: the title-case rules must not read the slash as a
        # word break and capitalise a tag's name.
        return text.translate(_PROTECT).replace("\ue001/", "\ue001\ue003")
    if isinstance(value, list):
        return [prepare_item(v, key, quotes) for v in value]
    if isinstance(value, dict):
        return {k: prepare_item(v, k, quotes) for k, v in value.items()}
    return value


def unprotect(text: str, *, in_html: bool) -> str:
    text = text.replace("\ue003", "/")
    if in_html:
        return text.replace("\ue000", "&amp;").replace("\ue001", "&lt;").replace("\ue002", "&gt;")
    return text.replace("\ue000", "&").replace("\ue001", "<").replace("\ue002", ">")


def html_output(rendered: str) -> str:
    """The formatter's HTML with the item's text made safe for a Markdown page: text
    between the formatter's inline tags is HTML-escaped with Markdown's syntax
    characters as character references (`[x](...)` or `*x*{: onclick=...}` in a title
    stays text). Anything but the formatter's own inline tags is a bug: then the whole
    entry is shown as text."""
    parts = re.split(r"(<[^>]*>)", rendered)
    if not all(_ALLOWED_TAG.fullmatch(tag) for tag in parts[1::2]):
        return html_text(unprotect(html.unescape(re.sub(r"<[^>]*>", "", rendered)), in_html=False))
    parts[0::2] = [html_text(unprotect(html.unescape(text), in_html=False)) for text in parts[0::2]]
    return "".join(parts)


_URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?\u00bb)]")


def isolate_urls(formatted: str) -> str:
    """Each web address of a formatted citation in `<bdi>`, for a page written right to
    left: without it the bidirectional algorithm moves an address's trailing slash (and
    the full stop after it) to the wrong end, as a reader would copy it wrongly. CSS
    cannot reach an address inside the citation's text."""
    return _URL.sub(lambda match: f"<bdi>{match.group(0)}</bdi>", formatted)
