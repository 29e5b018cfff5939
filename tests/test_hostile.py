"""Hostile data: whatever analysts (or a pasted bibliography) put in the data is text.

One project carries hostile payloads in every text field and is built once with a real
strict `mkdocs build`; a twin with the same structure and harmless text is built beside
it, so that whatever MkDocs and Material emit by themselves (their scripts, inline
styles, tags and attributes) is known, and anything *more* in the hostile site can only
have come from the data. Then, one by one: unsafe link targets, source URLs, IDs that
try to leave the output folder, very long and deeply nested values, and the resource
limits (alias bombs, a 5 MB file, 10,000 claims).
"""

from __future__ import annotations

import html
import json
import os
import re
import resource
import textwrap
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import markdown as markdown_lib
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import MINIMAL, MKDOCS_YML, build_site, check, messages, write_files
from linkcheck import check_site
from mkdocs.exceptions import Abort

from briefbook.site.build import site_needs
from briefbook.site.csl_text import plain_text
from briefbook.site.pages import Renderer
from briefbook.site.template_env import make_environment
from briefbook.site.urls import Site

EXTENSIONS = site_needs().markdown_extensions

SITE_URL = "https://example.org/briefing/"
SITE_NAME = "Test briefing"
SLOW = os.environ.get("BRIEFBOOK_SLOW_TESTS") == "1"


# -- the payloads ------------------------------------------------------------------------------

RTL = "مالي \u202eevil.exe\u202c \u200fمرحبا\u200f"
ZERO_WIDTH = "zero\u200bwidth\u200djoiner\u2060word\ufeffmark"

PLAIN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<b style="position:fixed;top:0;left:0">styled</b>',
    "\" onmouseover=\"alert(1)\" x=\" ' onfocus='alert(1)' autofocus '",
    "</title><script>alert(2)</script>",
    "&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt; &amp; &#60;b&#62;",
    "{{ config }} {% raw %} {# comment {{ 7*7 }} {%- endraw %}",
    "[x](javascript:alert(1)) [y]: javascript:alert(1) ![z](data:text/html,alert(1))",
    "*emphasis* _x_ __strong__ `code` [link](http://x) <https://ok.example>",
    '{: onclick="alert(1)" } {#id .class onclick=alert(1)}',
    '*x*{: onclick="alert(1)" } [y](https://ok.example){: onclick="alert(1)" style="color:red" }',
    "# heading > quote | table | 1. list - item --- === ~~~ ```",
    '<svg onload=alert(1)><a href="javascript:alert(1)">a</a></svg>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">',
    '<form action="https://evil.example"><input name=x formaction=javascript:alert(1)></form>',
    "<<script>script>alert(4)<</script>/script> ]]> <!-- --> <![CDATA[x]]>",
    "</textarea></style></noscript><style>*{display:none}</style>",
    "javascript:alert(1) data:text/html,<script>alert(5)</script> vbscript:msgbox(1)",
    "\\<script>alert(6)\\</script> \\\\ \\* \\_ \\` \\[",
    RTL,
    ZERO_WIDTH,
    "\u2028line\u2029separators\x85 \"quotes\" 'single' `tick` " + "tab\tend",
]
"""Single-line payloads for plain-text fields (each short enough for a claim title)."""

BENIGN_MARKDOWN = """\
Some *emphasis*, **strong**, `code`, a [link](https://ok.example/page) and
<https://ok.example/auto>, with [](actor:{actor}), [](theme:{theme}), [](source:{source})
and [the claim](claim:{claim}).

# A heading

> A quotation.

- an item
- another item

```
a fenced block
```

    an indented block

Term
:   Definition

| a | b |
|---|---|
| cell | cell |

!!! note "A note"
    Inside the note.

=== "A tab"

    Inside the tab.

```py title="a.py"
print(1)
```
"""

HOSTILE_MARKDOWN = (
    BENIGN_MARKDOWN
    + """
<script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="https://evil.example"></iframe>
<b style="position:fixed">styled</b> " onmouseover="alert(1) </title><script>alert(2)</script>

&lt;script&gt;alert(3)&lt;/script&gt; &#60;script&#62;alert(3)&#60;/script&#62;

{{ config }} {% raw %} {# {{ 7*7 }}

*emphasis*{: onclick="alert(1)" } and a [link](https://ok.example){: onclick="alert(1)" style="color:red" }

A paragraph with attributes
{: onclick="alert(1)" style="position:fixed" }

# Heading with attributes {: onclick="alert(1)" }

<div markdown="1" onclick="alert(1)">*inside a div*</div>

<p style="color:red" onmouseover="alert(1)">raw paragraph</p>

<svg onload=alert(1)></svg> <a href="javascript:alert(1)">a</a> <style>*{display:none}</style>

`code <script>alert(4)</script>` and ``double `tick` <img src=x onerror=alert(4)>``

```
<script>alert(5)</script>
```

    indented <script>alert(6)</script>

> <script>alert(7)</script> in a quote

- <img src=x onerror=alert(8)> in a list

Write to <mailto:x"/onmouseover="alert(9)"/x> and <https://ok.example/"/onmouseover="alert(9)>.

| <img src=x onerror=alert(10)> | <b onclick=alert(10)>b</b> |
|---|---|
| <script>alert(10)</script> | {: onclick="alert(10)" } |

!!! note "<img src=x onerror=alert(11)>"
    <script>alert(11)</script>

!!! note" onclick="alert(12)
    body

=== "<img src=x onerror=alert(13)>"

    <script>alert(13)</script>

```py title="<img src=x onerror=alert(14)>"
<script>alert(14)</script>
```

``` { .html onclick="alert(15)" }
<script>alert(15)</script>
```

Term <img src=x onerror=alert(16)>
:   <script>alert(16)</script>

RTL """
    + RTL
    + " and "
    + ZERO_WIDTH
    + "\n"
)
"""Allowed Markdown with hostile HTML and attribute lists in it: all of it must print."""

TRICKY_URLS = [
    "https://ok.example/a_b*c?x=1&y=2#frag",
    'https://ok.example/"onmouseover="alert(1)',
    "https://ok.example/'><script>alert(1)</script>",
    "https://ok.example/path(with)parens[and]brackets{braces}",
    "HTTPS://OK.EXAMPLE/UPPER",
]
"""Valid http(s) URLs with characters that matter to Markdown or HTML."""

KINDS = ["state", "armed-group", "person", "media", "company"]


def project_files(plain: list[str], md: str, urls: list[str]) -> dict[str, str]:
    """A project whose every text field holds `plain[i]` (plain text) or `md` (Markdown).

    Record i of each kind carries payload i; claims cycle through every status, each has
    a former ID (a redirect page), a locator, a quote and a date label, and the
    statements cross-reference the other records (empty link text takes their names).
    """
    n = len(plain)
    actors, themes, sources, claims = [], [], [], []
    for i, text in enumerate(plain):
        refs = {"actor": f"actor-{i}", "theme": f"theme-{i}", "source": f"source-{i}", "claim": f"claim-{(i + 1) % n}"}
        summary = md.replace("{actor}", refs["actor"]).replace("{theme}", refs["theme"])
        summary = summary.replace("{source}", refs["source"]).replace("{claim}", refs["claim"])
        actors.append(
            {
                "id": f"actor-{i}",
                "name": text,
                "kind": KINDS[i % len(KINDS)],
                "aliases": [text, f"alias {i} {text}"],
                "country": "ML",
                **({"part_of": ["actor-0"]} if i else {}),
                "summary": summary,
            }
        )
        themes.append(
            {"id": f"theme-{i}", "name": text, "summary": summary, **({"parent": "theme-0"} if i % 2 else {})}
        )
        sources.append(
            {
                "id": f"source-{i}",
                "type": "report",
                "title": text,
                "container-title": text,
                "publisher": text,
                "author": [{"literal": text}, {"family": text, "given": text}],
                "issued": "2024-01",
                "URL": urls[i % len(urls)],
                "archive_url": urls[(i + 1) % len(urls)],
                "language": "fr",
                "reliability": "B",
                "note": text,
            }
        )
        claim = {
            "id": f"claim-{i}",
            "title": text,
            "statement": summary,
            "date": f"2024-01-{i + 1:02d}",
            "date_label": text,
            "actors": [f"actor-{i}", "actor-0"] if i else ["actor-0"],
            "themes": [f"theme-{i}"],
            "sources": [{"ref": f"source-{i}", "locator": text, "quote": text, "credibility": 2}, "source-0"],
            "confidence": "high",
            "key": i % 3 == 0,
            "related": [f"claim-{(i + 2) % n}"],
            "redirect_from": [f"old-claim-{i}"],
            "published": "2024-02-01",
            "updated": "2024-03-01",
        }
        status = i % 4
        if status == 1:
            claim.update(status="withdrawn", status_note=summary)
        elif status == 2:
            claim.update(status="superseded", superseded_by="claim-0")
        elif status == 3:
            claim.update(status="disputed")
        claims.append(claim)

    def dump(records: list[dict]) -> str:
        return yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=10_000)

    return {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": f"# {SITE_NAME}\n\n<!-- briefbook:key-judgments -->\n",
        "data/actors.yaml": dump(actors),
        "data/themes.yaml": dump(themes),
        "data/sources.yaml": dump(sources),
        "data/claims/claims.yaml": dump(claims),
    }


HOSTILE_FILES = project_files(PLAIN, HOSTILE_MARKDOWN, TRICKY_URLS)
CLEAN_FILES = project_files([f"Plain text number {i}" for i in range(6)], BENIGN_MARKDOWN, ["https://ok.example/clean"])


# -- building and reading ----------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def no_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds here never touch the real user cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


class Built:
    """A built site: every HTML page parsed once."""

    def __init__(self, root: Path, site: Path):
        self.root = root
        self.site = site
        self.pages: dict[str, BeautifulSoup] = {
            p.relative_to(site).as_posix(): BeautifulSoup(p.read_text("utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))
        }

    def page(self, url: str) -> BeautifulSoup:
        return self.pages[url + "index.html" if url.endswith("/") or not url else url]

    def article(self, url: str) -> Tag:
        article = self.page(url).find("article")
        assert article is not None, url
        return article

    def elements(self) -> Iterator[tuple[str, Tag]]:
        for path, soup in self.pages.items():
            for tag in soup.find_all(True):
                yield path, tag


def build_project(root: Path, files: dict[str, str]) -> Built:
    write_files(root, files)
    result = check(root)
    assert result.ok, messages(result)
    return Built(root, build_site(root))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_project(tmp_path_factory.mktemp("hostile") / "project", HOSTILE_FILES)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_project(tmp_path_factory.mktemp("clean") / "project", CLEAN_FILES)


def assert_none(found: list[str]) -> None:
    assert not found, f"{len(found)} found:\n" + "\n".join(found[:40])


def words(text: str) -> str:
    """Text as a reader sees it: runs of whitespace are one space."""
    return " ".join(text.split())


def text_of(tag: Tag) -> str:
    return words(tag.get_text(" "))


def cleaned_url(value: str) -> str:
    """What a browser makes of an attribute URL: entities undone, whitespace and
    control characters dropped, lower case."""
    value = html.unescape(value)
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()


UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcdoc"}


def script_signature(path: str, script: Tag) -> tuple[str, str, str]:
    """A script as (kind, type, what): a site path for external ones, the (path-neutral)
    code for inline ones."""
    src = script.get("src")
    if src:
        resolved = os.path.normpath(os.path.join(os.path.dirname(path), src.split("?")[0])).replace(os.sep, "/")
        return ("src", script.get("type", ""), resolved)
    code = re.sub(r"(\.\./)+|\"\.\.?\"", "..", script.get_text())
    return ("inline", script.get("type", ""), words(code))


# -- the hostile site: nothing from the data becomes code --------------------------------------


def test_hostile_data_is_valid_data(hostile):
    """The payloads are all allowed text: the project checks clean and builds strict."""
    assert (hostile.site / "claims" / "claim-0" / "index.html").is_file()


def test_no_script_other_than_the_themes_own(hostile, clean):
    allowed = {script_signature(path, s) for path, soup in clean.pages.items() for s in soup.find_all("script")}
    found = []
    for path, soup in hostile.pages.items():
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # structured data: see test_json_ld_is_data
            if script_signature(path, script) not in allowed:
                found.append(f"{path}: {str(script)[:200]}")
    assert_none(found)


def test_json_ld_is_data_that_cannot_close_its_element(hostile):
    seen = 0
    for path, soup in hostile.pages.items():
        for script in soup.find_all("script", type="application/ld+json"):
            seen += 1
            data = json.loads(script.get_text())
            assert isinstance(data, dict), path
        raw = (hostile.site / path).read_text("utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S):
            assert "<" not in block, f"{path}: a '<' in JSON-LD could close the element: {block[:200]}"
    assert seen >= len(PLAIN)


def test_no_event_handler_attribute_anywhere(hostile):
    found = [
        f"{path}: <{tag.name} {name}={tag.get(name)!r}>"
        for path, tag in hostile.elements()
        for name in tag.attrs
        if name.lower().startswith("on")
    ]
    assert_none(found)


def test_no_element_or_attribute_the_clean_twin_does_not_have(hostile, clean):
    """Tags and attribute names in the hostile site are those the same site with plain
    text has: no iframe, object, form, base, style element or extra attribute from data."""
    clean_tags = {tag.name for _, tag in clean.elements()}
    clean_attrs = {(tag.name, name) for _, tag in clean.elements() for name in tag.attrs}
    new_tags = sorted({f"{path}: <{tag.name}>" for path, tag in hostile.elements() if tag.name not in clean_tags})
    new_attrs = sorted(
        {
            f"{path}: <{tag.name} {name}={tag.get(name)!r}>"
            for path, tag in hostile.elements()
            for name in tag.attrs
            if (tag.name, name) not in clean_attrs
        }
    )
    assert_none(new_tags + new_attrs)
    for forbidden in ("iframe", "object", "embed", "form", "input", "base", "svg", "math", "textarea"):
        assert not [p for p, tag in hostile.elements() if tag.name == forbidden and forbidden not in clean_tags]


def test_no_style_from_data(hostile, clean):
    clean_styles = {(tag.name, tag.get("style")) for _, tag in clean.elements() if tag.get("style")}
    clean_style_elements = {words(tag.get_text()) for _, tag in clean.elements() if tag.name == "style"}
    found = [
        f"{path}: <{tag.name} style={tag.get('style')!r}>"
        for path, tag in hostile.elements()
        if tag.get("style") and (tag.name, tag.get("style")) not in clean_styles
    ]
    found += [
        f"{path}: <style>{tag.get_text()[:80]}"
        for path, tag in hostile.elements()
        if tag.name == "style" and words(tag.get_text()) not in clean_style_elements
    ]
    assert_none(found)


def test_no_unsafe_url_in_any_attribute(hostile, clean):
    clean_values = {value for _, tag in clean.elements() for value in tag.attrs.values() if isinstance(value, str)}
    found = []
    for path, tag in hostile.elements():
        for name, value in tag.attrs.items():
            if not isinstance(value, str) or value in clean_values:
                continue
            url_attribute = name.lower() in URL_ATTRIBUTES or name.lower().startswith("xlink")
            if url_attribute and cleaned_url(value).startswith(UNSAFE_SCHEMES):
                found.append(f"{path}: <{tag.name} {name}={value!r}>")
            # the only refreshes: a former claim ID's page, to the claim's page
            redirect = re.fullmatch(r"claims/old-claim-(\d+)/index\.html", path)
            expected = f"0; url=../claim-{redirect.group(1)}/" if redirect else None
            if name.lower() == "content" and tag.get("http-equiv") and value != expected:
                found.append(f"{path}: <meta http-equiv content={value!r}>")
    assert_none(found)


def test_no_markup_from_data_in_the_citation_box(hostile):
    """The formatted citations and the BibTeX, RIS and CSL-JSON blocks carry titles and
    names: as text, never as Markdown (`[x](javascript:...)` must not become a link,
    `*a*{: onclick=...}` no emphasis with a handler)."""
    found = []
    for i in range(len(PLAIN)):
        box = hostile.article(f"claims/claim-{i}/").find(class_="bb-cite")
        assert box is not None, f"claim-{i} has no citation box"
        holders = box.select(".bb-citation, pre > code")
        assert holders, f"claim-{i}: no formatted citation or code block"
        for holder in holders:
            for tag in holder.find_all(True):
                if tag.name in ("a", "em", "strong", "img", "code", "script", "iframe", "svg") or any(
                    name.startswith("on") or name == "style" for name in tag.attrs
                ):
                    found.append(f"claim-{i}: {str(tag)[:100]} inside <{holder.name} {holder.attrs}>")
    assert_none(sorted(set(found)))


def test_csl_json_in_the_citation_box_is_the_literal_title(hostile):
    for i, text in enumerate(PLAIN):
        box = hostile.article(f"claims/claim-{i}/").find(class_="bb-cite")
        # The CSL-JSON block is the one that starts a JSON array of objects (an APA
        # citation of a title starting with "[" starts with "[" too).
        blocks = [code.get_text() for code in box.find_all("code") if re.match(r"\[\s*\{", code.get_text())]
        assert blocks, f"claim-{i}: no CSL-JSON block"
        item = json.loads(blocks[0])[0]
        # CSL-JSON titles are CSL rich text: markup-like tags are escaped (issue 13),
        # and reading the rich text back gives the literal title
        assert words(plain_text(item["title"])) == words(text), f"claim-{i}"
        if re.search(r"<b\b", text):
            assert '<span class="nocase"><b</span>' in item["title"]


def test_titles_print_literally_in_title_element_and_heading(hostile):
    for i, text in enumerate(PLAIN):
        for url in (f"claims/claim-{i}/", f"actors/actor-{i}/", f"themes/theme-{i}/", f"sources/source-{i}/"):
            page = hostile.page(url)
            assert page.title is not None
            assert words(page.title.get_text()) == f"{words(text)} - {SITE_NAME}", url
            assert text_of(hostile.article(url).find("h1")) == words(text), url


def test_every_plain_field_prints_literally(hostile):
    for i, text in enumerate(PLAIN):
        expected = words(text)
        claim = text_of(hostile.article(f"claims/claim-{i}/"))
        assert claim.count(expected) >= 3, f"claim-{i}: title, date label, locator, quote"
        actor = text_of(hostile.article(f"actors/actor-{i}/"))
        assert actor.count(expected) >= 3, f"actor-{i}: name and both aliases"
        assert f"alias {i} {expected}" in actor
        source = text_of(hostile.article(f"sources/source-{i}/"))
        assert source.count(expected) >= 4, f"source-{i}: title, outlet, publisher, authors"
        theme = text_of(hostile.article(f"themes/theme-{i}/"))
        assert expected in theme


def test_plain_text_markdown_prints_literally(hostile):
    i = PLAIN.index("*emphasis* _x_ __strong__ `code` [link](http://x) <https://ok.example>")
    heading = hostile.article(f"claims/claim-{i}/").find("h1")
    assert heading.find(["em", "strong", "code", "a"]) is None
    assert text_of(heading) == PLAIN[i]


def test_cross_reference_labels_are_escaped_names(hostile):
    """`[](actor:x)` takes the actor's name: the name as text, not as Markdown or HTML."""
    for i, text in enumerate(PLAIN):
        article = hostile.article(f"claims/claim-{i}/")
        labels = [text_of(a) for a in article.find_all("a", href=re.compile(rf"actors/actor-{i}/$"))]
        assert words(text) in labels, f"claim-{i}: {labels}"


def test_template_syntax_prints_literally(hostile):
    i = PLAIN.index("{{ config }} {% raw %} {# comment {{ 7*7 }} {%- endraw %}")
    assert PLAIN[i] in text_of(hostile.article(f"claims/claim-{i}/"))
    article = hostile.article("claims/claim-0/")
    paragraph = next(p for p in article.find_all("p") if "{{ config }}" in p.get_text())
    assert text_of(paragraph) == "{{ config }} {% raw %} {# {{ 7*7 }}"


def test_markdown_fields_show_html_as_text(hostile):
    article = text_of(hostile.article("claims/claim-0/"))
    for shown in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "</title><script>alert(2)</script>",
        '<div markdown="1" onclick="alert(1)">',
        "<svg onload=alert(1)></svg>",
        "<script>alert(3)</script>",  # written as entities
        "<script>alert(5)</script>",  # in a fenced block
        "<img src=x onerror=alert(8)> in a list",
    ):
        assert shown in article, shown


def test_markdown_fields_keep_their_markdown(hostile):
    article = hostile.article("claims/claim-0/")
    assert article.find("em", string="emphasis") is not None
    assert article.find("a", href="https://ok.example/auto") is not None
    assert article.find("a", href="https://ok.example/page") is not None
    assert article.find("blockquote") is not None


def test_attribute_lists_in_markdown_do_not_apply(hostile):
    article = hostile.article("claims/claim-0/")
    assert '{: onclick="alert(1)" }' in text_of(article)


def test_rtl_and_zero_width_characters_are_kept(hostile):
    for payload in (RTL, ZERO_WIDTH):
        i = PLAIN.index(payload)
        article = hostile.article(f"claims/claim-{i}/")
        assert article.find("h1").get_text() == payload
        assert payload in article.get_text()
        assert payload in hostile.page(f"claims/claim-{i}/").title.get_text()
    statement = hostile.article("claims/claim-0/").get_text()
    assert RTL in statement and ZERO_WIDTH in statement


def test_source_urls_link_exactly(hostile):
    for i in range(len(PLAIN)):
        url = TRICKY_URLS[i % len(TRICKY_URLS)]
        article = hostile.article(f"sources/source-{i}/")
        hrefs = [a.get("href") for a in article.find_all("a")]
        assert url in hrefs, f"source-{i}: {url!r} not in {hrefs}"


def test_redirect_pages_carry_the_title_as_text(hostile):
    for i, text in enumerate(PLAIN):
        page = hostile.page(f"claims/old-claim-{i}/")
        assert words(page.title.get_text()) == words(f"Moved: {text}")
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh["content"] == f"0; url=../claim-{i}/"
        assert not page.find_all("script")


def test_hostile_site_has_no_broken_links(hostile):
    assert_none(check_site(hostile.site, SITE_URL))


def test_feeds_and_api_files_are_well_formed_and_literal(hostile):
    feed = ElementTree.parse(hostile.site / "feed.xml").getroot()
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [words(entry.findtext("atom:title", namespaces=ns) or "") for entry in feed.findall("atom:entry", ns)]
    missing = [text for text in PLAIN if not any(t.endswith(f": {words(text)}") for t in titles)]
    assert not missing, (missing, titles)
    document = json.loads((hostile.site / "api" / "briefing.json").read_text("utf-8"))
    titles_by_id = {c["id"]: words(c["title"]) for c in document["claims"]}
    assert titles_by_id == {f"claim-{i}": words(text) for i, text in enumerate(PLAIN)}


def test_search_index_holds_no_markup_from_data(hostile):
    """Material shows search results as HTML: the index must hold data as escaped text."""
    index = hostile.site / "search" / "search_index.json"
    docs = json.loads(index.read_text("utf-8"))["docs"]
    found = []
    for doc in docs:
        for key in ("title", "text"):
            value = doc.get(key) or ""
            soup = BeautifulSoup(value, "html.parser")
            for tag in soup.find_all(True):
                if tag.name in ("script", "iframe", "img", "svg", "style", "form", "base", "meta") or any(
                    n.lower().startswith("on") for n in tag.attrs
                ):
                    found.append(f"{doc['location']}: {key}: {str(tag)[:120]}")
    assert_none(found)


# -- unsafe link targets in Markdown fields: an error at the link, and neutralised anyway -------

UNSAFE_TARGETS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#115;cript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "java&#x0A;script:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,hi",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
]
LINK_FORMS = {
    "inline": "Read [this](TARGET) now.",
    "spaced": "Read [this](  TARGET  ) now.",
    "angle": "Read [this](<TARGET>) now.",
    "titled": 'Read [this](TARGET "a title") now.',
    "image": "See ![this](TARGET) now.",
    "reference": "Read [this][r] now.\n\n[r]: TARGET",
}


def claim_yaml(statement: str, extra: str = "") -> str:
    """One claim whose statement is written as a JSON (= YAML double-quoted) string on line 3."""
    return (
        "- id: first-claim\n"
        "  title: Something happened\n"
        f"  statement: {statement}\n"
        "  date: 2024-02\n"
        "  actors: [mali]\n"
        "  themes: [security]\n"
        "  sources: [report]\n"
        "  confidence: high\n" + extra
    )


def errors_at(result, path: str) -> list[str]:
    return [str(p) for p in result.problems.errors if p.position.path == path]


@pytest.mark.parametrize("form", LINK_FORMS)
@pytest.mark.parametrize("target", UNSAFE_TARGETS)
def test_unsafe_link_target_in_a_statement_is_an_error_at_the_link(make_project, target, form):
    statement = json.dumps(LINK_FORMS[form].replace("TARGET", target))
    root = make_project({"data/claims/claims.yaml": claim_yaml(statement)})
    result = check(root)
    line = claim_yaml(statement).splitlines()[2]
    column = line.index(target) + 1
    expected = f"data/claims/claims.yaml:3:{column}: statement: link target"
    assert any(e.startswith(expected) for e in errors_at(result, "data/claims/claims.yaml")), (
        expected,
        messages(result),
    )


@pytest.mark.parametrize(
    ("path", "files", "line"),
    [
        (
            "data/actors.yaml",
            {
                "data/actors.yaml": "- id: mali\n  name: Mali\n  kind: state\n  summary: Read [x](javascript:alert(1)).\n"
            },
            4,
        ),
        (
            "data/themes.yaml",
            {"data/themes.yaml": "- id: security\n  name: Security\n  summary: |\n    A.\n\n    [x](vbscript:x)\n"},
            6,
        ),
        (
            "data/claims/claims.yaml",
            {
                "data/claims/claims.yaml": claim_yaml(
                    "Fine.",
                    "  status: withdrawn\n  status_note: 'See ![x](data:image/png;base64,iVBORw0KGgo=)'\n",
                )
            },
            10,
        ),
    ],
    ids=["actor-summary", "theme-summary", "status-note"],
)
def test_unsafe_link_target_in_every_markdown_field_is_an_error(make_project, path, files, line):
    result = check(make_project(files))
    assert any(e.startswith(f"{path}:{line}:") and "link target" in e for e in errors_at(result, path)), messages(
        result
    )


def page_html(root: Path, page: str = "claims/first-claim.md") -> str:
    """A generated page as the build would turn it into HTML, even when the data has errors
    (the output side of "neutralised in the output in any case")."""
    result = check(root)
    renderer = Renderer(result.briefing, Site(SITE_NAME, SITE_URL), make_environment(None))
    markdown = next(text for path, text in renderer.pages() if path == page)
    return markdown_lib.markdown(markdown, extensions=list(EXTENSIONS), extension_configs=EXTENSIONS)


def unsafe_in(html_text: str) -> list[str]:
    soup = BeautifulSoup(html_text, "html.parser")
    found = [f"<script>{s.get_text()[:60]}" for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            unsafe_url = isinstance(value, str) and cleaned_url(value).startswith(UNSAFE_SCHEMES)
            if name.lower().startswith("on") or (name.lower() in URL_ATTRIBUTES and unsafe_url):
                found.append(f"<{tag.name} {name}={value!r}>")
            elif name == "style":
                found.append(f"<{tag.name} style={value!r}>")
    return found


@pytest.mark.parametrize("target", UNSAFE_TARGETS)
def test_unsafe_link_target_is_neutralised_in_the_output(make_project, target):
    statement = json.dumps(" ".join(LINK_FORMS[form].replace("TARGET", target) for form in LINK_FORMS))
    root = make_project({"data/claims/claims.yaml": claim_yaml(statement)})
    assert_none(unsafe_in(page_html(root)))


# -- Markdown that briefbook's scanner and the Markdown parser read differently -----------------

DIFFERENTIAL = {
    # raw HTML that briefbook takes for code (so leaves unescaped) but Markdown does not
    "escaped-backtick-html": "Text \\`<script>alert(1)</script>` more.",
    "code-span-across-paragraphs": "`a\n\n<script>alert(1)</script>\n\n`",
    "unclosed-tilde-fence": "Text.\n\n~~~\n<script>alert(1)</script>",
    "unclosed-backtick-fence": "Text.\n\n```\n<script>alert(1)</script>",
    "escaped-backtick-attr-list": 'Text \\`*x*{: onclick="alert(1)"}` more.',
    "escaped-backtick-img": "Text \\`<img src=x onerror=alert(1)>` more.",
    # links that briefbook's scanner does not see but Markdown does
    "escaped-backtick-link": "Text \\`[x](javascript:alert(1))` more.",
    "nested-parentheses": "[x](javascript:alert((1)))",
    "space-in-target": "[x](javascript:alert(1) x) ![y](data:image/svg+xml,<svg onload=alert(1)>)",
    "nested-brackets": "[a[b[c]]](javascript:alert(1))",
    "reference-target-on-next-line": "[x][a]\n\n[a]:\n  javascript:alert(1)",
    "reference-in-blockquote": "[x][a]\n\n> [a]: javascript:alert(1)",
    "reference-in-list": "[x][a]\n\n- [a]: javascript:alert(1)",
    "reference-in-admonition": '[x][a]\n\n!!! note "n"\n    [a]: javascript:alert(1)',
    # targets Python-Markdown builds from parts or finds where a narrower scanner would not
    "code-span-inside-target": "[x](java`scr`ipt:alert(1))",
    "code-span-inside-text": "[`a`](javascript:alert(1))",
    "autolink-of-any-scheme": "<javascript://%0Aalert(1)>",
    "attribute-list-href": "[x](https://ok.example){href='javascript:alert(1)'}",
    "attribute-list-src": '![x](https://ok.example/a.png){: src="data:text/html,hi" }',
}


@pytest.fixture(scope="module")
def differential(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[str]], Built]:
    """Each payload is checked alone; those that check clean are built together (one
    claim each): a payload is either refused with a located error or harmless."""
    base = tmp_path_factory.mktemp("differential")
    errors: dict[str, list[str]] = {}
    accepted: list[tuple[str, str]] = []
    for name, statement in DIFFERENTIAL.items():
        root = write_files(base / name, {**MINIMAL, "data/claims/claims.yaml": claim_yaml(json.dumps(statement))})
        result = check(root)
        errors[name] = [str(p) for p in result.problems.errors]
        if result.ok:
            accepted.append((name, statement))
    claims = "".join(
        claim_yaml(json.dumps(statement)).replace("first-claim", name) for name, statement in accepted
    ) or claim_yaml('"Nothing."')
    built = build_project(base / "all", {**MINIMAL, "data/claims/claims.yaml": claims})
    return errors, built


@pytest.mark.parametrize("name", DIFFERENTIAL)
def test_markdown_read_differently_never_becomes_code(differential, name):
    errors, built = differential
    if errors[name]:
        assert all(e.startswith("data/claims/claims.yaml:3:") for e in errors[name]), errors[name]
        return
    article = built.article(f"claims/{name}/")
    assert_none(unsafe_in(str(article)))


@pytest.mark.parametrize(
    "name",
    [n for n, text in DIFFERENTIAL.items() if re.search(r"(java`?scr`?ipt|data):", text) and "<script>" not in text],
)
def test_hidden_unsafe_link_is_still_an_error(make_project, name):
    """The contract: any other scheme is an error with its position, wherever Markdown
    would make a link of it."""
    root = make_project({"data/claims/claims.yaml": claim_yaml(json.dumps(DIFFERENTIAL[name]))})
    errors = errors_at(check(root), "data/claims/claims.yaml")
    assert any(e.startswith("data/claims/claims.yaml:3:") and "link target" in e for e in errors), errors


@pytest.mark.parametrize("name", DIFFERENTIAL)
def test_markdown_read_differently_is_neutralised_in_the_output(make_project, name):
    root = make_project({"data/claims/claims.yaml": claim_yaml(json.dumps(DIFFERENTIAL[name]))})
    assert_none(unsafe_in(page_html(root)))


def test_placeholder_like_characters_in_a_statement(make_project, tmp_path):
    """NUL characters (written as YAML escapes) around digits look like briefbook's own
    autolink placeholders: a located error, or text that builds."""
    root = make_project({"data/claims/claims.yaml": claim_yaml('"a\\x000\\x00 b \\x001\\x00 <https://ok.example>"')})
    result = check(root)
    if not result.ok:
        assert errors_at(result, "data/claims/claims.yaml"), messages(result)
        return
    assert list(Renderer(result.briefing, Site(SITE_NAME, SITE_URL), make_environment(None)).pages())
    site = build_site(root)
    assert (site / "claims" / "first-claim" / "index.html").is_file()


def printable(text: str) -> str:
    return words("".join(ch for ch in text if ch.isprintable() or ch.isspace()))


@pytest.mark.parametrize(
    "title",
    [
        "\x7f</title><script>alert(1)</script>",
        "\ufffe&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
        "bell\x07 and escape\x1b",
    ],
    ids=["delete", "noncharacter", "c0-controls"],
)
def test_control_characters_in_a_title(make_project, title):
    """Either refused with a located error, or the page's title is the text (the YAML
    front matter that carries it must survive the character)."""
    root = make_project(
        {
            "data/claims/claims.yaml": claim_yaml('"Fine."').replace(
                "title: Something happened", f"title: {json.dumps(title)}"
            )
        }
    )
    result = check(root)
    if not result.ok:
        assert all(e.startswith("data/claims/claims.yaml:2:") for e in errors_at(result, "data/claims/claims.yaml"))
        return
    built = Built(root, build_site(root))
    page = built.page("claims/first-claim/")
    assert printable(page.title.get_text()).startswith(printable(title)), page.title
    assert printable(built.article("claims/first-claim/").find("h1").get_text()) == printable(title)
    assert_none(unsafe_in(str(page.find("article"))))


# -- source URLs --------------------------------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/path",
    "https:evil.example",
    "http://",
    "ftp://files.example/x",
    "file:///etc/passwd",
    "https://ok.example/with space",
    "https://ok.example/\ttab",
]


@pytest.mark.parametrize("field", ["URL", "archive_url"])
@pytest.mark.parametrize("url", BAD_URLS)
def test_source_url_must_be_http(make_project, url, field):
    root = make_project(
        {"data/sources.yaml": f"- id: report\n  type: report\n  title: A report\n  {field}: {json.dumps(url)}\n"}
    )
    errors = errors_at(check(root), "data/sources.yaml")
    column = len(f"  {field}: ") + 1
    assert any(e.startswith(f"data/sources.yaml:4:{column}: {field}:") for e in errors), errors


# -- IDs that try to leave the output folder -----------------------------------------------------

BAD_IDS = [
    "../../etc",
    "..",
    ".",
    "a/b",
    "/etc/passwd",
    "a\\b",
    "C:\\x",
    "%2e%2e",
    "CON",
    "Claim",
    "-x",
    "x-",
    "a--b",
    "a b",
    "a.b",
    "index.html",
    ".hidden",
    "~root",
    "é",
    "ｆｕｌｌ",
    "a\u200bb",
    "x" * 65,
]


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, int]:
    """Every file under folder (except under `skip`) and its size."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_size
        for p in folder.rglob("*")
        if p.is_file() and (skip is None or skip not in p.parents)
    }


@pytest.mark.parametrize("kind", ["actors", "themes", "sources", "claims"])
@pytest.mark.parametrize("bad", BAD_IDS)
def test_id_that_is_not_a_plain_name_is_refused(make_project, bad, kind):
    path = "data/claims/claims.yaml" if kind == "claims" else f"data/{kind}.yaml"
    text = textwrap.dedent(MINIMAL[path]).replace(
        {"actors": "id: mali", "themes": "id: security", "sources": "id: report", "claims": "id: first-claim"}[kind],
        f"id: {json.dumps(bad)}",
        1,
    )
    result = check(make_project({path: text}))
    assert any(e.startswith(f"{path}:1:7: id: ") and "not a valid ID" in e for e in errors_at(result, path)), messages(
        result
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("redirect_from", "[../../etc]"), ("actors", "['../mali']"), ("related", "['a/b']"), ("superseded_by", "'..'")],
)
def test_id_references_that_are_paths_are_refused(make_project, field, value):
    text = claim_yaml('"Fine."').replace("  actors: [mali]\n", "") + f"  {field}: {value}\n"
    errors = errors_at(check(make_project({"data/claims/claims.yaml": text})), "data/claims/claims.yaml")
    assert any(e.startswith("data/claims/claims.yaml:8:") and "not a valid ID" in e for e in errors), errors


def test_ledger_entries_that_are_paths_are_refused(make_project):
    root = make_project({"data/permalinks.lock": "claims/first-claim\nclaims/../../etc\nactors/a/b\n../x/y\n"})
    errors = errors_at(check(root), "data/permalinks.lock")
    assert [e.split(":")[1] for e in errors] == ["2", "3", "4"], errors


def test_a_build_with_escaping_ids_fails_and_writes_nowhere(make_project, tmp_path):
    root = make_project(
        {
            "data/actors.yaml": "- id: ../../escaped-actor\n  name: Mali\n  kind: state\n",
            "data/claims/claims.yaml": claim_yaml('"Fine."').replace("first-claim", "../../../escaped-claim")
            + "  redirect_from: [../../escaped-redirect]\n",
        }
    )
    before = snapshot(tmp_path, skip=root / "site")
    with pytest.raises(Abort):
        build_site(root)
    assert snapshot(tmp_path, skip=root / "site") == before
    site = root / "site"
    assert not site.exists() or not [p for p in site.rglob("*") if "escaped" in p.name]


def test_an_id_named_index_gets_its_own_folder(make_project):
    root = make_project({"data/claims/claims.yaml": claim_yaml('"Fine."').replace("first-claim", "index")})
    built = Built(root, build_site(root))
    assert text_of(built.article("claims/index/").find("h1")) == "Something happened"
    assert text_of(built.article("claims/").find("h1")) == "Claims"


# -- very long and deeply nested values -----------------------------------------------------------


def test_very_long_values_build(make_project):
    paragraph = "A sentence of the statement that goes on. " * 40 + "\n\n"
    statement = (paragraph * 60)[:100_000]
    name = "N" * 10_000
    root = make_project(
        {
            "data/actors.yaml": f"- id: mali\n  name: {name}\n  kind: state\n  aliases: [{'a' * 10_000}]\n",
            "data/claims/claims.yaml": claim_yaml(json.dumps(statement)).replace(
                "sources: [report]", f"sources: [{{ref: report, quote: {json.dumps('q ' * 50_000)}}}]"
            ),
        }
    )
    result = check(root)
    if not result.ok:  # refusing is allowed, but only with a located message
        assert all(p.position.line >= 1 for p in result.problems.errors), messages(result)
        return
    built = Built(root, build_site(root))
    assert name in text_of(built.article("actors/mali/"))
    assert words(statement) in text_of(built.article("claims/first-claim/"))


def test_a_title_over_160_characters_is_a_located_error(make_project):
    root = make_project({"data/claims/claims.yaml": claim_yaml('"Fine."').replace("Something happened", "T" * 161)})
    assert errors_at(check(root), "data/claims/claims.yaml") == [
        "data/claims/claims.yaml:2:10: title: is 161 characters long; shorten it to at most 160"
    ]


@pytest.mark.parametrize("depth", [10, 63, 100, 1_000, 100_000])
def test_deeply_nested_statement_is_a_located_error(make_project, depth):
    statement = "[" * depth + "]" * depth
    result = check(make_project({"data/claims/claims.yaml": claim_yaml(statement)}))
    errors = errors_at(result, "data/claims/claims.yaml")
    assert errors and all(e.startswith("data/claims/claims.yaml:3:") for e in errors), errors


def test_deeply_nested_block_list_is_a_located_error(make_project):
    nested = "".join(" " * (2 * i + 2) + "-\n" for i in range(2_000))
    result = check(
        make_project({"data/claims/claims.yaml": claim_yaml("").replace("  statement: \n", "  statement:\n" + nested)})
    )
    errors = errors_at(result, "data/claims/claims.yaml")
    assert errors and all(p.position.line >= 1 for p in result.problems.errors), errors


def test_self_referencing_alias_is_a_located_error(make_project):
    result = check(make_project({"data/claims/claims.yaml": claim_yaml("&a [*a]")}))
    errors = errors_at(result, "data/claims/claims.yaml")
    assert errors and all(p.position.line >= 1 for p in result.problems.errors), errors


DEEP_MARKDOWN = {
    "nested-lists": "".join("    " * i + "- level\n" for i in range(300)),
    "nested-emphasis": "*" * 20_000 + "a" + "*" * 20_000,
}


@pytest.mark.parametrize("name", DEEP_MARKDOWN)
def test_deeply_nested_markdown_is_refused_or_builds(make_project, name):
    """Not a RecursionError in the middle of a build: a located error from check, or a page."""
    root = make_project({"data/claims/claims.yaml": claim_yaml(json.dumps(DEEP_MARKDOWN[name]))})
    result = check(root)
    if not result.ok:
        assert all(e.startswith("data/claims/claims.yaml:3:") for e in errors_at(result, "data/claims/claims.yaml"))
        return
    site = build_site(root)
    assert (site / "claims" / "first-claim" / "index.html").is_file()


def test_a_statement_of_brackets_is_refused_or_builds(make_project):
    root = make_project({"data/claims/claims.yaml": claim_yaml(json.dumps("[" * 100_000))})
    result = check(root)
    if result.ok:
        build_site(root)


# -- resource limits --------------------------------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


BILLION_LAUGHS = """\
- id: mali
  name: &a0 lol
  kind: state
  aliases: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
  _2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
  _3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
  _4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
  _5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
  _6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
  _7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
  _8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
  _9: &a9 [*a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8]
"""


def test_alias_bomb_fails_at_once(make_project):
    before = peak_mb()
    result = check(make_project({"data/actors.yaml": BILLION_LAUGHS}))
    errors = errors_at(result, "data/actors.yaml")
    assert errors and all(p.position.line >= 1 for p in result.problems.errors)
    assert any("alias" in e for e in errors), errors
    assert peak_mb() - before < 500


def test_alias_bomb_of_long_strings_fails_at_once(make_project):
    """1,000 aliases of one 100 KB name: a 100 KB file that reads as 100 MB of text (and
    an actor page of hundreds of MB). The budget must count what the aliases expand to."""
    text = f"- id: mali\n  name: &a {'x' * 100_000}\n  kind: state\n  aliases: [{', '.join(['*a'] * 1_000)}]\n"
    before = peak_mb()
    result = check(make_project({"data/actors.yaml": text}))
    errors = errors_at(result, "data/actors.yaml")
    assert any("alias" in e for e in errors), messages(result)
    assert peak_mb() - before < 500


def five_mb_of_claims(links_per_claim: int) -> str:
    sentence = "A long statement about Mali, sentence after sentence, that goes on and on. "
    link = "A long statement about [Mali](actor:mali), sentence after sentence, on and on. "
    statement = (link * links_per_claim + sentence * (3_500 - links_per_claim)).strip()
    text = "".join(claim_yaml(json.dumps(statement)).replace("first-claim", f"claim-{i}") for i in range(20))
    assert len(text.encode()) > 5_000_000
    return text


def test_a_5_mb_claims_file_checks_and_renders_in_bounded_memory(make_project):
    root = make_project({"data/claims/claims.yaml": five_mb_of_claims(links_per_claim=10)})
    before = peak_mb()
    result = check(root)
    assert result.ok, messages(result)[:5]
    pages = dict(Renderer(result.briefing, Site(SITE_NAME, SITE_URL), make_environment(None)).pages())
    assert "sentence after sentence, that goes on and on." in pages["claims/claim-19.md"]
    assert peak_mb() - before < 500


def test_a_5_mb_claims_file_full_of_links_checks_in_bounded_memory(make_project):
    root = make_project({"data/claims/claims.yaml": five_mb_of_claims(links_per_claim=3_500)})
    before = peak_mb()
    result = check(root)
    # 3,500 links in one statement is past what Markdown renders in reasonable time: a
    # located error for each statement, fast, is the right answer.
    assert not result.ok
    assert all("statement: has more than 500 [ characters" in m for m in messages(result)), messages(result)[:3]
    assert peak_mb() - before < 500


def many_claims(count: int) -> str:
    return "".join(
        f"- id: claim-{i}\n  title: Claim number {i}\n"
        f"  statement: Statement {i} about [Mali](actor:mali) and [](claim:claim-{(i + 1) % count}).\n"
        f"  date: 2024-02-{i % 28 + 1:02d}\n  actors: [mali]\n  themes: [security]\n  sources: [report]\n"
        "  confidence: high\n"
        for i in range(count)
    )


def test_10000_claims_in_one_file_check_in_bounded_memory(make_project):
    root = make_project({"data/claims/claims.yaml": many_claims(10_000)})
    before = peak_mb()
    result = check(root)
    assert result.ok, messages(result)[:5]
    assert len(result.briefing.claims) == 10_000
    assert peak_mb() - before < 500


@pytest.mark.skipif(not SLOW, reason="about 3 minutes; BRIEFBOOK_SLOW_TESTS=1 runs it")
def test_10000_claims_in_one_file_build(make_project):
    root = make_project({"data/claims/claims.yaml": many_claims(10_000)})
    before = peak_mb()
    site = build_site(root)
    assert (site / "claims" / "claim-9999" / "index.html").is_file()
    assert peak_mb() - before < 2_000
