"""Text in CSL-JSON items: CSL processors read a few HTML-like tags in a title as markup
(CSL-JSON's rich text), so text that merely looks like such a tag is escaped on the way
in and restored wherever plain text is written (BibTeX, RIS, the plain form); quotes are
typeset on the way in and punctuation moved inside them on the way out, as citeproc-js
does."""

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


ENGLISH_QUOTES = ("\u201c\u201d", "\u2018\u2019")
"""The outer and inner quotes of US English (CSL's en-US locale)."""
OUTER_QUOTES = "\ue010\ue011"
INNER_QUOTES = "\ue012\ue013"
"""Stand-ins for a locale's outer and inner quotes while citeproc-py formats, replaced
by the locale's own (`« »`, `“ ”`) after: a `’` can then only be an apostrophe."""


def smart_quotes(text: str, quotes: tuple[str, str] = ENGLISH_QUOTES) -> str:
    """Straight quotes and apostrophes typeset as citeproc-js reads CSL rich text: an
    apostrophe inside or at the end of a word is `’`; a quote that opens (at the start
    or after a space or bracket) is `“`/`‘`, any other is `”`/`’` (or `quotes`, the
    outer and inner pair, for the `"` and `'` that are not apostrophes)."""
    outer_open, outer_close, inner_open, inner_close = quotes[0][0], quotes[0][1], quotes[1][0], quotes[1][1]
    out = []
    for index, char in enumerate(text):
        if char not in "'\"":
            out.append(char)
            continue
        opening = _opens(text, index)
        if char == "'":
            out.append(inner_open if opening else _closing_single(text, index, inner_close))
        else:
            out.append(outer_open if opening else outer_close)
    return "".join(out)


def _closing_single(text: str, index: int, inner_close: str) -> str:
    """`’` for an apostrophe (before a letter, or with no `'` opened before it), else
    the inner closing quote."""
    after = text[index + 1 : index + 2]
    opened = any(c == "'" and _opens(text, i) for i, c in enumerate(text[:index]))
    return "\u2019" if after.isalnum() or not opened else inner_close


def _opens(text: str, index: int) -> bool:
    """Whether the quote at `index` opens (at the start, after a space or a bracket)."""
    before = text[index - 1] if index else ""
    return not before or before.isspace() or before in "([{\u2014\u2013-/"


_PUNCTUATION_AFTER_QUOTE = re.compile(r"([\u201d\u2019])((?:</[a-z]+>)*)([.,])")


def punctuation_in_quote(text: str) -> str:
    """US English puts a period or comma inside the closing quote (the locale's
    `punctuation-in-quote`, true in en-US only), which citeproc-py does not implement:
    `”.` becomes `.”`, through both quotes when they nest, as citeproc-js writes it. A
    `’` moves only when a `‘` opened before it (else it is an apostrophe)."""

    def move(match: re.Match[str]) -> str:
        quote, tags, mark = match.groups()
        if quote == "\u2019" and "\u2018" not in text[: match.start()]:
            return match.group(0)
        return mark + quote + tags

    for _ in range(3):  # a period moves one quote at a time
        moved = _PUNCTUATION_AFTER_QUOTE.sub(move, text)
        if moved == text:
            break
        text = moved
    return text
