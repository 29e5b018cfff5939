"""Every change briefbook makes to citeproc-py, in one place.

citeproc-py formats with the official CSL styles, but on a few points it differs from
citeproc-js (the processor behind Zotero and Mendeley, which the test suite uses as the
reference, see tests/test_citeproc_oracle.py). Each patch below brings one point in
line, and each is small and isolated so that a new citeproc-py release can be checked
against the suite (the tested range is pinned in pyproject.toml):

- speed: citeproc-py walks a style's whole tree for each citation and asks the same
  questions over and over; the answers are remembered or computed without raising an
  exception, never changed (bench/citation_outputs.py compares every citation of the
  example, the test fixtures and a 1,000-claim briefing, in five languages, byte for
  byte; tests/test_citing.py runs the fixtures against citeproc-py without them). A
  citation takes about a third of the CPU time it took without:
  - style lookups (a macro by name, whether a subtree prints a variable) memoised, a
    loaded style never changes (`_memoise`);
  - a citation item's `reference` and `bibliography` computed once (`_once_per_item`);
  - `cs:if type=…` lowered and split once per element (`_type_tests`);
  - the item's language found by a membership test, not a caught `VariableError`
    (`_item_language`);
  - `cs:choose` tests its branches without raising `ConditionFailed`, and remembers a
    test of type and variables by the item's shape (`_choose_without_exceptions`);
  - an element's root and first child of a tag, the locales' terms, options and date
    forms, and `cs:name`'s options remembered (`_element_lookups`, `_locale_lookups`,
    `_name_options`);
  - `format` and `wrap` return at once when an element has no font, decoration or
    affix (`_plain_formatting`);
  - a `cs:names` with none of its variables and no substitute fails at once
    (`_names_without_roles`);
- title case: citeproc-js's rules (its stop-word list, words after `:`, `?` and `!`,
  the last word, hyphenated compounds), instead of citeproc-py's shorter list (the port
  is citeproc_title_case.py);
- substitution: a variable printed in place of a missing author (the site's name in
  Chicago, the title in APA) is not printed a second time, as the CSL specification
  says ("substituted variables are suppressed in the rest of the output");
- nested quotes: double quotes inside a quoted title become single ones
  (`“He Said ‘No Way’”`), as citeproc-js alternates them (in another locale, the
  locale's outer quotes become its inner ones: `« … “last chance” … »`);
- punctuation seams: a period after text that already ends in `.`, `?` or `!` (looking
  through closing quotes, the French ` »` included, and inline tags) is dropped:
  `“Will Wagner Leave Mali?”`, `« Stop the raids! »`;
- apostrophes in the locale's terms typeset, as citeproc-js does (`à l’adresse`:
  `localise_terms`, run on each style as it is loaded);
- ordinals from the locale's own language: citeproc-py looked for a day's ordinal
  suffix only in locales tagged exactly as the style's first (`de`, not the `de-DE`
  file), so a German date read "3rd Mai"; now "3. Mai".

`apply()` installs them once per process; it is idempotent.
"""

from __future__ import annotations

import re
from typing import Any

from .citeproc_title_case import title_case
from .csl_text import INNER_QUOTES, OUTER_QUOTES

_MEMOS: dict[tuple[str, Any, Any], Any] = {}
_APPLIED = False

# -- punctuation at a seam ---------------------------------------------------------------------------

_CLOSING = re.compile(
    "(?:</[a-z]+>|[\u201d\u2019\u201c\u2018\"'\u00bb\u203a\u00a0\u202f" + OUTER_QUOTES[1] + INNER_QUOTES[1] + "])+$"
)


def _ends_sentence(text: str) -> bool:
    """True when `text`, ignoring closing tags and quotes (any locale's: `”`, `»`, the
    German `“`), ends in `.`, `?` or `!`."""
    return _CLOSING.sub("", text)[-1:] in (".", "?", "!")


# -- installing -------------------------------------------------------------------------------------------


def apply() -> None:
    """Install the patches (once per process)."""
    global _APPLIED
    if _APPLIED:
        return
    from citeproc import model, source, string

    _memoise(model)
    _speed_up(model, source)
    _patch_title_case(model, string)
    _patch_seams(model, string)
    _patch_substitution(model)
    _patch_nested_quotes(model)
    _patch_ordinal_locales(model)
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


class _Once:
    """A property computed once per instance and then kept in its `__dict__` (a
    non-data descriptor, so the instance's value wins from the second access on). A
    getter that raises is not remembered, and raises again next time."""

    def __init__(self, getter: Any):
        self.getter = getter
        self.name = getter.__name__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = self.getter(instance)
        instance.__dict__[self.name] = value
        return value


def _speed_up(model: Any, source: Any) -> None:
    """The same answers as citeproc-py's, computed once instead of hundreds of times a
    citation: see each patch's docstring."""
    _once_per_item(source)
    _type_tests(model)
    _item_language(model)
    _choose_without_exceptions(model, source)
    _element_lookups(model)
    _locale_lookups(model)
    _name_options(model)
    _plain_formatting(model)
    _names_without_roles(model)


def _once_per_item(source: Any) -> None:
    """`CitationItem.reference` (its bibliography's source, by key) and `.bibliography`
    (its citation's) were computed on each of the ~400 uses a citation makes of them,
    through three `CustomDict` lookups each; neither changes once the citation is
    registered (a getter that raises before that is not remembered)."""
    for name in ("bibliography", "reference"):
        setattr(source.CitationItem, name, _Once(getattr(source.CitationItem, name).fget))


def _type_tests(model: Any) -> None:
    """`cs:if type="a b c"`: citeproc-py split and lowered the attribute and looked up
    the item's type once per listed type, on every test; the list is the element's (the
    style is never modified), the type the item's."""
    types: dict[Any, list[str]] = {}

    def _type(self: Any, item: Any) -> list[bool]:
        listed = types.get(self)
        if listed is None:
            listed = types[self] = [typ.lower() for typ in self.get("type").split()]
        if not listed:
            return []
        reference_type = item.reference.type
        return [typ == reference_type for typ in listed]

    model.If._type = _type


def _item_language(model: Any) -> None:
    """Every `cs:text` asked for the item's language by raising and catching
    `VariableError` when the item has none (every English one): the same answer from a
    membership test. The style's `default-locale` fallback is the root's, remembered."""
    defaults: dict[Any, str] = {}

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        if context is None:
            context = self
        reference = item.reference
        if "language" in reference:
            language = reference["language"][:2]
        else:
            root = self.get_root()
            language = defaults.get(root)
            if language is None:
                language = defaults[root] = root.get("default-locale", "en")[:2]
        attrib = self.attrib
        if "variable" in attrib:
            text = self._variable(item, context)
        elif "macro" in attrib:
            text = self.get_macro(self.get("macro")).render(item, context)
        elif "term" in attrib:
            text = self._term(item)
        elif "value" in attrib:
            text = model.String(self.preformat(self.get("value")))
        return text, language

    model.Text.process = process


_SHAPE_TESTS = frozenset(("type", "variable", "match"))
"""The `cs:if` attributes whose test depends only on the item's shape."""


def _choose_without_exceptions(model: Any, source: Any) -> None:
    """`cs:choose` tried each branch by rendering it and catching `ConditionFailed`
    (most of the ~110 tests a citation makes fail); here the test is made first and
    only the branch that matches renders, with the same arguments as before. The test
    is `If.render`'s own, up to where it raises.

    A test of the item's type and of which variables it has (all but a few tests of
    the styles) depends on nothing else: its result is remembered by the item's
    shape (its type, the variables of its reference and those of the citation item),
    which every claim of a site shares."""
    shapes: dict[tuple[Any, ...], int] = {}
    tested: dict[tuple[Any, int], bool] = {}
    by_shape: dict[Any, bool] = {}

    def shape(self: Any) -> int:
        reference = self.reference
        key = (reference.type, frozenset(reference), frozenset(self))
        number = shapes.get(key)
        if number is None:
            number = shapes[key] = len(shapes)
        return number

    shape.__name__ = "briefbook_shape"
    source.CitationItem.briefbook_shape = _Once(shape)

    def test(self: Any, item: Any, context: Any) -> bool:
        results: list[Any] = []
        attrib = self.attrib
        if "type" in attrib:
            results += self._type(item)
        if "variable" in attrib:
            results += self._variable(item)
        if "is-numeric" in attrib:
            results += self._is_numeric(item)
        if "is-uncertain-date" in attrib:
            results += self._is_uncertain_date(item)
        if "locator" in attrib:
            results += self._locator(item)
        if "position" in attrib:
            results += self._position(item, context)
        match = self.get("match")
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def matches(self: Any, item: Any, context: Any) -> bool:
        memoisable = by_shape.get(self)
        if memoisable is None:
            memoisable = by_shape[self] = set(self.attrib.keys()) <= _SHAPE_TESTS
        if not memoisable:
            return test(self, item, context)
        key = (self, item.briefbook_shape)
        result = tested.get(key)
        if result is None:
            result = tested[key] = test(self, item, context)
        return result

    def render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        for child in self.getchildren():
            try:
                if isinstance(child, model.If):
                    if not matches(child, item, context):
                        continue
                    return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:  # as before, from anywhere in the branch
                continue
        return None

    model.Choose.render = render


def _element_lookups(model: Any) -> None:
    """An element's root (asked ~450 times a citation, twice by each `get_formatter`)
    and its first child of a tag (`names.label`, `locale.terms`), remembered. The only
    change citeproc-py makes to a loaded style's tree is to insert a `cs:name` into a
    `cs:names` that has none, so a child that was missing is looked for again (and a
    child found stays the first of its tag)."""
    element = model.CitationStylesElement
    roots: dict[Any, Any] = {}
    children: dict[tuple[Any, str], Any] = {}

    def get_root(self: Any) -> Any:
        root = roots.get(self)
        if root is None:
            root = roots[self] = self.getroottree().getroot()
        return root

    def get_formatter(self: Any) -> Any:
        root = self.get_root()
        if isinstance(root, model.Locale):
            return root.style.formatter
        return root.formatter

    def __getattr__(self: Any, name: str) -> Any:
        key = (self, name)
        child = children.get(key)
        if child is None:
            child = self.find("cs:" + name, self.nsmap)
            if child is not None:
                children[key] = child
        return child

    element.get_root = get_root
    element.get_formatter = get_formatter
    model.SomewhatObjectifiedElement.__getattr__ = __getattr__


def _locale_lookups(model: Any) -> None:
    """A term, a locale option and a localised date form are looked up through the
    style's locales with XPath on every use; each is a function of the element's root
    and the question (the locales never change once loaded). Lookups that raise are
    not remembered."""
    element = model.CitationStylesElement
    terms: dict[tuple[Any, ...], Any] = {}
    options: dict[tuple[Any, str], Any] = {}
    dates: dict[tuple[Any, str], Any] = {}
    original_term, original_option, original_date = element.get_term, element.get_locale_option, element.get_date

    def get_term(
        self: Any, name: str, form: Any = None, fallback_locale: bool = True, zero_padded: bool = False
    ) -> Any:
        key = (self.get_root(), name, form, fallback_locale, zero_padded)
        if key in terms:
            return terms[key]
        term = terms[key] = original_term(self, name, form, fallback_locale, zero_padded)
        return term

    def get_locale_option(self: Any, name: str) -> Any:
        key = (self.get_root(), name)
        if key in options:
            return options[key]
        value = options[key] = original_option(self, name)
        return value

    def get_date(self: Any, form: str) -> Any:
        key = (self.get_root(), form)
        if key in dates:
            return dates[key]
        value = dates[key] = original_date(self, form)
        return value

    element.get_term = get_term
    element.get_locale_option = get_locale_option
    element.get_date = get_date


def _name_options(model: Any) -> None:
    """`cs:name` reads 14 options for each name list it prints, each through an XPath
    query for the enclosing `cs:bibliography` and its inherited value: a function of
    the element, the option and the context element, except while sorting (options
    passed in `sort_options`, not remembered)."""
    original = model.Name.get_option
    values: dict[tuple[Any, str, Any], Any] = {}

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options is not None:
            return original(self, name, context, sort_options)
        key = (self, name, context)
        if key in values:
            return values[key]
        value = values[key] = original(self, name, context, sort_options)
        return value

    model.Name.get_option = get_option


_FORMATTING = (
    ("font-style", "normal"),
    ("font-variant", "normal"),
    ("font-weight", "normal"),
    ("text-decoration", "none"),
    ("vertical-align", "baseline"),
)


def _plain_formatting(model: Any) -> None:
    """Most elements have no font or decoration and no affixes, yet `format` asked the
    formatter five times and `wrap` normalised two empty seams: with nothing to apply,
    the text is returned as those steps returned it (`'' + text + ''`: the same
    string types as citeproc-py's). Anything else goes through citeproc-py's code."""
    original_format, original_wrap = model.Formatted.format, model.Affixed.wrap

    def format(self: Any, string: Any) -> Any:
        get = self.get
        for name, default in _FORMATTING:
            if get(name, default) != default:
                return original_format(self, string)
        if isinstance(string, (int, float)):
            return str(string)
        return string

    def wrap(self: Any, string: Any) -> Any:
        if string is None:
            return None
        if self.get("prefix", "") or self.get("suffix", ""):
            return original_wrap(self, string)
        return "" + string + ""

    model.Formatted.format = format
    model.Affixed.wrap = wrap


def _names_without_roles(model: Any) -> None:
    """Most of a style's `cs:names` name roles a web page does not have (editor,
    translator, …): with none of its variables in the item and no `cs:substitute`,
    citeproc-py's `Names.process` ends in a `NameError` turned into `VariableError`;
    that error is raised at once."""
    original = model.Names.process

    def process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        roles = self.get("variable")
        if roles is not None and self.substitute() is None:
            reference = item.reference
            if not any(role in reference for role in roles.split()):
                raise model.VariableError
        return original(self, item, *args, **kwargs)

    model.Names.process = process


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
            text = text.replace(OUTER_QUOTES[0], INNER_QUOTES[0]).replace(OUTER_QUOTES[1], INNER_QUOTES[1])
        return original(self, text)

    model.Quoted.quote = quote


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def localise_terms(style: Any) -> None:
    """A freshly loaded style's locale terms with their apostrophes typeset (`à
    l'adresse` → `à l’adresse`), as citeproc-js prints them; a lone `'` (the Arabic
    locale's inner quote) is left alone. Run before the style formats anything."""
    for locale in style.root.locales:
        for element in locale.iter("{http://purl.org/net/xbiblio/csl}*"):
            if element.text and "'" in element.text:
                element.text = _APOSTROPHE.sub("\u2019", element.text)


_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _patch_ordinal_locales(model: Any) -> None:
    """A term looked up without fallback (the ordinals: CSL says a locale's own ordinal
    terms replace en-US's) is looked up in every locale of the first one's language,
    in-style `de` and the `de-DE` file alike; citeproc-py compared whole tags."""
    original = model.CitationStylesElement.get_term

    def get_term(
        self: Any, name: str, form: Any = None, fallback_locale: bool = True, zero_padded: bool = False
    ) -> Any:
        root = self.get_root()
        if fallback_locale or isinstance(root, model.Locale) or not root.locales:
            return original(self, name, form, fallback_locale, zero_padded)
        main = root.locales[0].get(_LANG)
        if not main:
            return original(self, name, form, fallback_locale, zero_padded)
        language = main.split("-")[0]
        for locale in root.locales:
            if (locale.get(_LANG) or main).split("-")[0] != language:
                continue
            try:
                return locale.get_term(name, form, zero_padded=zero_padded)
            except IndexError:
                continue
        return None

    model.CitationStylesElement.get_term = get_term
