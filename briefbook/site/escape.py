"""Markdown escaping: the output side of "data is text, never code".

Templates write Markdown, so HTML escaping alone is the wrong tool: a name like
`*NSYNC` or `[x](javascript:...)` would still turn into Markdown syntax. So every
`{{ value }}` in a Markdown template passes through `finalize`, which escapes plain
strings for Markdown (and for any HTML around them) and returns `Md`, a
markupsafe.Markup. Autoescaping stays on, so macro output and values that are Markdown
already (rendered statements, links built by briefbook) are Markup and pass as they
are, and HTML templates (`*.html.j2`) get Jinja's ordinary HTML escaping.
"""

from __future__ import annotations

import html
import re
from typing import Any

from jinja2 import pass_context, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
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


def attr_escape(value: Any) -> Md:
    """Text for an HTML attribute or a raw HTML block, where Markdown escapes would show."""
    return Md(html_text(" ".join(str(value).split())))


def code_block(value: Any, lang: str = "", indent: int = 0) -> Md:
    """A fenced code block showing `value` verbatim (the fence outgrows any backtick
    run), indented by `indent` spaces to sit inside a tab or an admonition."""
    text = str(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    block = f"{fence}{lang}\n{text.rstrip()}\n{fence}"
    if indent:
        pad = " " * indent
        block = "\n".join(pad + line if line else line for line in block.split("\n"))
    return Md(block)


def is_html_template(name: str | None) -> bool:
    return name is not None and name.endswith((".html", ".html.j2"))


def code_text(value: Any) -> Md:
    """The text of a `<pre><code>` in raw HTML: escaped, Markdown syntax as references."""
    return Md(html_text(str(value).rstrip("\n")))


def code_html(value: Any, indent: int = 0) -> Md:
    """A code block as raw HTML (`<pre><code>`), indented by `indent` spaces.

    For the citation formats: Material still gives it a copy button, while a fenced
    block would be run through Pygments, which costs about 1 ms a block and dominated
    the build at thousands of claims."""
    escaped = html_text(str(value).rstrip("\n"))
    lines = f"<pre><code>{escaped}</code></pre>".split("\n")
    pad = " " * indent
    return Md("\n".join(pad + line for line in lines))


@pass_context
def finalize(context: Context, value: Any) -> Any:
    """Jinja's finalize hook: Markdown-escape every output of a Markdown template."""
    if value is None:
        return ""
    if isinstance(value, Markup) or is_html_template(context.name):
        return value
    return md_escape(value)


@pass_eval_context
def md_join(eval_ctx: EvalContext, value: Any, separator: str = "") -> Md:
    """`join` that escapes each plain item for Markdown (Jinja's would only HTML-escape)."""
    return Md(str(separator).join(item if isinstance(item, Markup) else md_escape(item) for item in value))
