"""Hand-written pages (`content/`) with what briefbook adds to them: the key judgments,
where the page's marker line says, or under the home page's title (the contract lists
them first on the home page)."""

from __future__ import annotations

import re
from collections.abc import Callable

KEY_JUDGMENTS_MARKER = "<!-- briefbook:key-judgments -->"


def with_key_judgments(text: str, block: Callable[[], str], *, home: bool) -> str:
    """`text` with the key judgments' HTML (`block()`, made only when needed) at the
    marker line, or, on the home page (`home`: the home page, and there are key
    judgments), under its title. A raw HTML block between blank lines, which Markdown
    leaves as it is."""
    if KEY_JUDGMENTS_MARKER in text:
        return text.replace(KEY_JUDGMENTS_MARKER, f"\n\n{block()}\n\n")
    if home:
        return after_title(text, f"## Key judgments\n\n\n\n{block()}\n\n\n")
    return text


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
_TITLE = re.compile(r"\A(?:[ \t]*\n)*(?:[ ]{0,3}#[ \t][^\n]*|[^\n]+\n[ ]{0,3}=+[ \t]*)(?:\n|\Z)")


def after_title(text: str, block: str) -> str:
    """`block` inserted after the page's leading `# Title` (or `Title\n===`), else at the
    top; after any front matter either way."""
    front = _FRONT_MATTER.match(text)
    start = front.end() if front else 0
    title = _TITLE.match(text[start:])
    at = start + (title.end() if title else 0)
    return f"{text[:at].rstrip(chr(10))}\n\n{block}\n{text[at:].lstrip(chr(10))}" if at else f"{block}\n{text}"
