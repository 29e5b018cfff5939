"""Text in CSL-JSON items: CSL processors read a few HTML-like tags in a title as markup
(CSL-JSON's rich text), so text that merely looks like such a tag is escaped on the way
in and restored wherever plain text is written (BibTeX, RIS, the plain form)."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<(/?(?:i|b|sup|sub|sc|span)\b)", re.IGNORECASE)
_ESCAPED_MARKUP = re.compile(r'<span class="nocase"><(/?(?:i|b|sup|sub|sc|span)\b)</span>', re.IGNORECASE)


def csl_rich_text(text: str) -> str:
    """Plain text as a CSL-JSON rich-text string: CSL processors read `<i>`, `<b>`,
    `<sup>`, `<sub>`, `<sc>` and `<span ...>` in a title as markup, so each such tag in
    the text has its opening `<name` wrapped in `<span class="nocase">`, which
    processors print as it is and leave uncased. Nothing else in the text is markup."""
    return _MARKUP.sub(r'<span class="nocase"><\1</span>', text)


def plain_text(text: str) -> str:
    """The plain text a `csl_rich_text` string was made from."""
    return _ESCAPED_MARKUP.sub(r"<\1", text)
