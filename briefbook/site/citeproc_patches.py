"""Every change briefbook makes to citeproc-py, in one place.

citeproc-py formats with the official CSL styles, but on a few points it differs from
citeproc-js (the processor behind Zotero and Mendeley, which the test suite uses as the
reference, see tests/test_citeproc_oracle.py). Each patch below brings one point in
line, and each is small and isolated so that a new citeproc-py release can be checked
against the suite (the tested range is pinned in pyproject.toml):

- speed: memoised style lookups (a loaded style never changes);
- title case: citeproc-js's rules (its stop-word list, words after `:`, `?` and `!`,
  the last word, hyphenated compounds), instead of citeproc-py's shorter list;
- substitution: a variable printed in place of a missing author (the site's name in
  Chicago, the title in APA) is not printed a second time, as the CSL specification
  says ("substituted variables are suppressed in the rest of the output");
- nested quotes: double quotes inside a quoted title become single ones
  (`“He Said ‘No Way’”`), as citeproc-js alternates them;
- punctuation seams: a period after text that already ends in `.`, `?` or `!` (looking
  through closing quotes and inline tags) is dropped: `“Will Wagner Leave Mali?”`.

`apply()` installs them once per process; it is idempotent.
"""

from __future__ import annotations

import re
from typing import Any

_MEMOS: dict[tuple[str, Any, Any], Any] = {}
_APPLIED = False

# -- title case, after citeproc-js 1.4 (CSL.Output.Formatters.title) ------------------------------

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
    "(\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)"
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
_QUOTES = {' "': (" '", '"'), " '": (' "', "'"), "\u2018": ("\u2018", "\u2019"), "\u201c": ("\u201c", "\u201d")}
_QUOTE_TAG = re.compile("(^(?:\u2018|\u2019|\u201c|\u201d|\"|')|(?: \"| ')$)")


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
        if mark in ("\u201c", "\u2018", ' "', " '"):
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


# -- punctuation at a seam ---------------------------------------------------------------------------

_CLOSING = re.compile(r"(?:</[a-z]+>|[\u201d\u2019\"'])+$")


def _ends_sentence(text: str) -> bool:
    """True when `text`, ignoring closing tags and quotes, ends in `.`, `?` or `!`."""
    return _CLOSING.sub("", text)[-1:] in (".", "?", "!")


# -- installing -------------------------------------------------------------------------------------------


def apply() -> None:
    """Install the patches (once per process)."""
    global _APPLIED
    if _APPLIED:
        return
    from citeproc import model, string

    _memoise(model)
    _patch_title_case(model, string)
    _patch_seams(model, string)
    _patch_substitution(model)
    _patch_nested_quotes(model)
    _APPLIED = True


def _memoise(model: Any) -> None:
    """citeproc-py answers the same questions about a style over and over: it finds a
    macro by an XPath query on every use, and walks a subtree to learn whether it
    prints a variable, for every item. A loaded style is never modified (cite.py keeps
    it for the life of the process), so the answers can be remembered: a citation
    takes ~40% less time. The memo keys hold the elements, so their identities stay
    theirs."""
    element = model.CitationStylesElement

    def remember(cls: Any, name: str) -> None:
        original = getattr(cls, name)

        def memoised(self: Any, *args: Any) -> Any:
            key = (name, self, args)
            try:
                return _MEMOS[key]
            except KeyError:
                value = _MEMOS[key] = original(self, *args)
                return value

        setattr(cls, name, memoised)

    original_get_macro = element.get_macro

    def get_macro(self: Any, name: str) -> Any:
        key = ("get_macro", self.get_root(), name)
        if key not in _MEMOS:
            _MEMOS[key] = original_get_macro(self, name)
        return _MEMOS[key]

    element.get_macro = get_macro
    remember(element, "xpath_search")
    remember(model.Parent, "calls_variable")
    remember(model.Text, "calls_variable")


def _patch_title_case(model: Any, string: Any) -> None:
    original_case = model.TextCased.case

    def case(self: Any, text: Any, language: Any = None) -> Any:
        if self.get("text-case") == "title" and language in (None, "en"):
            return string.String(title_case(str(text)))
        return original_case(self, text, language)

    model.TextCased.case = case


def _patch_seams(model: Any, string: Any) -> None:
    original = string.normalize_seam

    def normalize_seam(left: Any, other: Any) -> Any:
        other = original(left, other)
        left_text, other_text = str(left), str(other)
        if other_text.startswith(".") and left_text and _ends_sentence(left_text):
            return string._strip_first_char(other)
        return other

    string.normalize_seam = normalize_seam
    model.normalize_seam = normalize_seam


_RENDERED: list[set[tuple[str, str]]] = []
"""While a `cs:substitute` renders: the (element, variable) pairs that printed."""


def _patch_substitution(model: Any) -> None:
    """citeproc-py represses only a substitute child that names its variable itself;
    the styles substitute through macros (`<text macro="title"/>`), so the variable
    came out twice. Here every variable that printed inside the substitute is
    repressed for the rest of the entry."""
    original_variable = model.Text._variable
    original_names = model.Names.process

    def _variable(self: Any, item: Any, context: Any) -> Any:
        text = original_variable(self, item, context)
        if text and _RENDERED:
            _RENDERED[-1].add((self.tag, self.get("variable")))
        return text

    def names_process(self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        layout = (context if context is not None else self).get_layout()
        repressed = layout.repressed.get(self.tag, [])
        roles = [role for role in self.get("variable", "").split() if role not in repressed]
        if not roles:
            raise model.VariableError
        text = original_names(self, item, names_context=names_context, context=context, **kwargs)
        if text and _RENDERED:
            _RENDERED[-1].update((self.tag, role) for role in roles if role in item.reference)
        return text

    def substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        for child in self.getchildren():
            _RENDERED.append(set())
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            finally:
                rendered = _RENDERED.pop()
            if text:
                layout = context.get_layout()
                for tag, variable in rendered:
                    layout.repressed.setdefault(tag, []).append(variable)
                return text
        return None

    model.Text._variable = _variable
    model.Names.process = names_process
    model.Substitute.render = substitute_render


def _patch_nested_quotes(model: Any) -> None:
    original = model.Quoted.quote

    def quote(self: Any, text: Any) -> Any:
        if self.get("quotes", "false").lower() == "true":
            text = text.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
        return original(self, text)

    model.Quoted.quote = quote
