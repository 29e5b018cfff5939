"""Title case exactly as citeproc-js writes it: a port of its `_textcaseEngine` with
the `title` configuration (citeproc-js 1.4, CSL.Output.Formatters.title), installed in
citeproc-py by citeproc_patches.py. Both processors apply it to English items only."""

from __future__ import annotations

import re
from typing import Any

SKIP_WORDS = (
    "about above across afore after against al along alongside amid amidst among amongst anenst apropos apud "
    "around as aside astride at athwart atop barring before behind below beneath beside besides between beyond "
    "but by circa despite down during et except for forenenst from given in inside into lest like modulo near "
    "next notwithstanding of off on onto out over per plus pro qua sans since than through thru throughout "
    "thruout till to toward towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with "
    "within without or yet so for and nor a an the de d' von van c ca"
).split()
"""citeproc-js's CSL.SKIP_WORDS (its multi-word entries can never match a single word).
Like citeproc-js, the entries are regular-expression alternatives: `v.` matches `vs`."""

_SKIP = re.compile("(?:(?:[?!:]*\\s+|-|^)(?:" + "|".join(SKIP_WORDS) + ")(?=[!?:]*\\s+|-|$))")
_TAGS = re.compile(
    "(\u2018|\u2019|\u201c|\u201d|[\ue010-\ue013]| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)"
    '|<span style="font-variant: small-caps;">|<span class="no(?:case|decor)">|</span>|</?(?:i|sc|b|sub|sup)>)'
)
_SPACES = re.compile("([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")
_TAG_CLOSERS = {
    '<span style="font-variant: small-caps;">': "</span>",
    '<span class="nocase">': "</span>",
    '<span class="nodecor">': "</span>",
    "<sc>": "</sc>",
    "<sub>": "</sub>",
    "<sup>": "</sup>",
}
_QUOTES = {
    ' "': (" '", '"'),
    " '": (' "', "'"),
    "\u2018": ("\u2018", "\u2019"),
    "\u201c": ("\u201c", "\u201d"),
    "\ue010": ("\ue010", "\ue011"),
    "\ue012": ("\ue012", "\ue013"),
}
"""Quote openers and their closers; U+E010-U+E013 are the stand-ins for a locale's own
quotes (csl_text.OUTER_QUOTES, INNER_QUOTES: `en-GB` opens with `‘`)."""
_QUOTE_TAG = re.compile("(^(?:\u2018|\u2019|\u201c|\u201d|[\ue010-\ue013]|\"|')|(?: \"| ')$)")


def _capitalise(word: str) -> str:
    match = re.match(r"(\s*)(.)(.*)", word, re.S)
    if match and not (re.fullmatch("[\u0370-\u03ff]", match[2]) and not match[3]):
        return match[1] + match[2].upper() + match[3]
    return word


def title_case(text: str) -> str:
    """`text` in title case exactly as citeproc-js writes it (a port of its
    `_textcaseEngine` with the `title` configuration)."""
    if not text:
        return text
    parts = _TAGS.split(text)
    strings, tags = parts[0::2], parts[1::2]
    original = list(strings)
    state: dict[str, Any] = {"first": True, "after_punct": False, "last": None}

    def capitalise_words(string: str, index: int, following: str | None) -> str:
        if not string.strip():
            return string
        pieces = _SPACES.split(string)
        words = pieces[0::2]
        for j, word in enumerate(words):
            if not word:
                continue
            lower = word.lower()
            capitalise = (
                (len(word) > 1 and not _SKIP.search(lower))
                or (j == len(words) - 1 and following == "-")
                or state["first"]
                or state["after_punct"]
            )
            if capitalise and word == lower:
                words[j] = _capitalise(word)
            state["after_punct"] = False
            state["first"] = False
            state["last"] = (index, j)
        pieces[0::2] = words
        return "".join(pieces)

    tag_state: list[str] = []
    quote_state: list[dict[str, Any]] = []

    def quote_fix(tag: str, position: int) -> int | None:
        match = _QUOTE_TAG.search(tag)
        if not match:
            return None
        mark = match[1]
        if mark in ("\u201c", "\u2018", "\ue010", "\ue012", ' "', " '"):
            opener, closer = _QUOTES[mark]
            if not quote_state or mark == quote_state[-1]["opener"]:
                quote_state.append({"opener": opener, "closer": closer, "pos": position})
                return None
            previous = quote_state.pop().get("pos")
            quote_state.append({"opener": opener, "closer": closer})  # citeproc-js loses the position here
            return previous
        if quote_state and mark == quote_state[-1]["closer"]:
            quote_state.pop()
            return None
        return position

    if strings[0].strip():
        strings[0] = capitalise_words(strings[0], 0, tags[0] if tags else None)
    for i, tag in enumerate(tags):
        string = strings[i + 1]
        if tag in _TAG_CLOSERS:
            tag_state.append(_TAG_CLOSERS[tag])
        elif tag_state and tag == tag_state[-1]:
            tag_state.pop()
        if re.search(r"[!?:]$", tag):
            state["after_punct"] = True
        if not tag_state:
            # citeproc-js passes the split text here where it means the next tag, so
            # the hyphen rule applies to the first string only; kept as it is.
            strings[i + 1] = capitalise_words(string, i + 1, None)
        elif strings[i + 1].strip():
            state["last"] = None
        position = quote_fix(tag, i)
        if position is not None:
            strings[position + 1] = original[position + 1][:1] + strings[position + 1][1:]
            state["last"] = None
        if state["first"] and string.strip():
            state["first"] = False
        if state["after_punct"] and string.strip():
            state["after_punct"] = False
    for open_quote in quote_state:
        position = open_quote.get("pos")
        if position is not None:
            strings[position + 1] = original[position + 1][:1] + strings[position + 1][1:]
    if state["last"] is not None:
        index, j = state["last"]
        pieces = _SPACES.split(strings[index])
        word = pieces[2 * j]
        if len(word) > 1 and _SKIP.search(word.lower()):
            pieces[2 * j] = _capitalise(word)
        strings[index] = "".join(pieces)
    parts[0::2] = strings
    return "".join(parts)
