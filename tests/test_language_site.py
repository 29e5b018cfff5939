"""The example built in French with one setting (`theme: language: fr`): every page kind
briefbook generates, scanned for briefbook's own English words (the catalog's message
ids), with dates, likelihoods and confidence in French. Citations are left to the CSL
locale tests."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, STATUS_CLAIMS, build_site
from test_history import commit, git

from briefbook.site.language import catalog_path, load_language, read_catalog

EXTRA_CLAIMS = """\
- id: french-test-approximate
  title: An approximately dated assessment for the language test
  kind: assessment
  date: "2016~"
  statement: A claim dated about 2016, judged very likely.
  actors: [mali]
  themes: [security-partnerships]
  sources: [mali-wagner-russia-analysis]
  likelihood: very-likely
  confidence: high
  key: true
"""
"""What the example lacks for the test: an approximate year and a `very-likely`."""

GENERATED = re.compile(
    r"^(claims|actors|themes|sources|evidence)/|^(timeline|claims|actors|themes|sources|whats-new|actor-graph|evidence)/"
    r"index\.html$|^index\.html$"
)
"""The pages briefbook generates (the example's hand-written pages are the analyst's)."""


def french_example(root: Path) -> Path:
    """A copy of the example in French, with a git history (version pages, History and
    change summaries) and without its own home page (so the generated one is built)."""
    for name in ("mkdocs.yml", "content", "data", "templates"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    (root / "content" / "index.md").unlink()
    (root / "data" / "versions.lock").unlink()  # versions of a history this copy does not have
    (root / "data" / "claims" / "statuses.yaml").write_text(STATUS_CLAIMS, "utf-8")
    (root / "data" / "claims" / "language-test.yaml").write_text(EXTRA_CLAIMS, "utf-8")
    config = (root / "mkdocs.yml").read_text("utf-8")
    assert "  name: material\n" in config
    config = config.replace("  name: material\n", "  name: material\n  language: fr\n", 1)
    config = config.replace("!ENV [BRIEFBOOK_FROZEN, false]", "false").replace(
        "!ENV [BRIEFBOOK_PREVIEW, false]", "true"
    )
    (root / "mkdocs.yml").write_text(config, "utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "2026-11-20", "the example")
    claims = root / "data" / "claims" / "2012-2022.yaml"
    text = claims.read_text("utf-8")
    edited = text.replace(
        "  confidence: moderate\n  related: [kidal-recaptured]\n", "  confidence: high\n  related: []\n", 1
    )
    assert edited != text
    claims.write_text(
        edited.replace("slips out of the Malian state's control", "slips out of Bamako's control", 1), "utf-8"
    )
    commit(root, "2026-11-25", "kidal: confidence raised, title edited")
    return root


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("french") / "example"
    root.mkdir()
    french_example(root)
    return build_site(root, strict=True)


class _Text(HTMLParser):
    """An article's text nodes (script and style left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1
        for name, value in attrs:  # what assistive technology reads is text too
            if name in ("aria-label", "title", "alt", "placeholder") and value and not self._skip:
                self.nodes.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data)


def article_text(page: str) -> list[str]:
    article = re.split(r"<article [^>]*>", page, maxsplit=1)[1].split("</article>", 1)[0]
    # The cite box's formatted citations are the CSL locales' (another test's business).
    article = re.sub(r'<p class="bb-citation".*?</p>', "", article, flags=re.S)
    article = re.sub(r"<pre.*?</pre>", "", article, flags=re.S)
    parser = _Text()
    parser.feed(article)
    return parser.nodes


def english_patterns() -> dict[str, tuple[re.Pattern[str], bool]]:
    """Every catalog message French words differently, as a pattern of its visible words:
    tags dropped, each `%(slot)s` any text. Messages French writes the same ("Source",
    "Type", "Version", "Date", "Relations", numbers and punctuation) cannot tell an
    untranslated page from a translated one, and are left out (see the assertion on them)."""
    catalog = read_catalog(catalog_path("fr"), "fr")
    patterns = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        for english in ids:
            if english in strings or not re.search(r"[A-Za-z]{2}", english):
                continue
            visible = html.unescape(re.sub(r"<[^>]+>", "", english))
            literal = [re.escape(part.strip()) for part in re.split(r"%\(\w+\)[sd]", visible)]
            words = " ".join(part for part in literal if part)
            if len(re.findall(r"[A-Za-z]", words)) < 4:  # "and" between slots: not a label
                continue
            if len(words.split()) >= 3:  # a phrase: found anywhere in a text node
                patterns[english] = (re.compile(r".+?".join(part for part in literal if part)), True)
            else:  # a word or two: a text node of its own (a label, a heading, a cell), or its start when
                # the message has a slot ("Graded B2: source usually reliable...")
                starts_with_words = bool(literal[0]) and len(literal) > 1
                if len(literal) > 1 and not starts_with_words:
                    continue  # "%(field)s set to %(new)s": too loose to tell from the data's prose
                pattern = r"[\s·,:;(]*" + r".+?".join(literal) + (r".*" if starts_with_words else r"[\s·,:;.)]*")
                patterns[english] = (re.compile(pattern), False)
    return patterns


def english_found(nodes: list[str], patterns: dict[str, tuple[re.Pattern[str], bool]]) -> set[str]:
    found = set()
    for english, (pattern, phrase) in patterns.items():
        for node in nodes:
            text = " ".join(node.split())
            if pattern.search(text) if phrase else any(pattern.fullmatch(part) for part in re.split(r" · ", text)):
                found.add(english)
                break
    return found


def test_the_scan_finds_briefbooks_english_words_on_an_english_page():
    """The scan can fail: on the English golden pages it finds the words it looks for."""
    patterns = english_patterns()
    golden = Path(__file__).parent / "golden"
    nodes = []
    for path in (
        golden / "claims" / "border-clash.md",
        golden / "timeline.md",
        golden / "sources" / "monitor-report.md",
    ):
        parser = _Text()
        parser.feed(path.read_text("utf-8"))
        nodes += parser.nodes
    found = english_found(nodes, patterns)
    assert {"Cite this claim", "Filter the timeline", "All actors", "Copy", "Graded %(grade)s:"} <= found
    assert {"Kind", "Claims citing this source"} & found


def test_every_generated_page_of_the_french_example_is_in_french(french_site):
    patterns = english_patterns()
    pages = sorted(p for p in french_site.rglob("*.html") if GENERATED.search(p.relative_to(french_site).as_posix()))
    kinds = {p.relative_to(french_site).parts[0] for p in pages}
    assert {"claims", "actors", "themes", "sources", "evidence", "timeline", "whats-new", "actor-graph"} <= kinds
    assert any("/v/" in p.as_posix() for p in pages), "version pages"
    assert (french_site / "index.html") in pages
    leftovers = {}
    for page in pages:
        text = page.read_text("utf-8")
        if "<article " not in text:
            continue  # a redirect
        found = english_found(article_text(text), patterns)
        if found:
            leftovers[page.relative_to(french_site).as_posix()] = sorted(found)
    assert leftovers == {}


def test_the_french_example_shows_dates_likelihoods_and_confidence_in_french(french_site):
    def text(path: str) -> str:
        page = html.unescape(re.sub(r"<[^>]+>", " ", (french_site / path).read_text("utf-8")))
        return re.sub(r"[ \t\r\n]+", " ", page)  # no-break spaces kept: French typography is tested

    timeline = text("timeline/index.html")
    assert "vers 2016" in timeline
    assert "Évaluation, très probable" in timeline
    assert "vers le 21 octobre 2024" in timeline
    assert "Chronologie" in timeline and "Filtrer la chronologie" in (french_site / "timeline/index.html").read_text()
    assert "21 octobre 2024" in text("sources/index.html")
    claim = text("claims/french-test-approximate/index.html")
    assert "Très probable (80–95\u202f%) · Confiance élevée · Jugement clé" in claim
    assert "Citer cette affirmation" in claim
    history = text("claims/kidal-lost-2012/index.html")
    assert "Titre modifié\u202f; confiance\u00a0: de modérée à élevée" in history
    assert '<html lang="fr"' in (french_site / "claims/kidal-lost-2012/index.html").read_text("utf-8")


def test_the_actor_graphs_say_their_words_in_french(french_site):
    """The graphs' titles, descriptions and hover tips (inside the SVG, which the scan
    above leaves to this test): French counts and relations, no English of briefbook's."""
    for path in ("actor-graph/index.html", "actors/wagner/index.html"):
        page = html.unescape((french_site / path).read_text("utf-8"))
        words = " ".join(re.findall(r"<(?:title|desc)[^>]*>([^<]*)</", page.split("<svg", 1)[1]))
        assert re.search(r"\d+ affirmations?", words), path
        for english in ("claims", "shared claim", "appears with", "has member", "part of", "actors linked"):
            assert english not in words, (path, english)
    tips = html.unescape((french_site / "actor-graph/index.html").read_text("utf-8"))
    assert "apparaît avec" in tips


def test_the_browser_scripts_words_are_on_every_page_of_a_french_site(french_site):
    page = (french_site / "timeline" / "index.html").read_text("utf-8")
    strings = re.search(r'<script type="application/json" id="bb-strings">(.*?)</script>', page)
    assert strings is not None
    import json

    words = json.loads(strings.group(1))
    assert words["count"]["one"] == "%(shown)s affirmation affichée sur %(total)s"
    assert words["count"]["other"] == "%(shown)s affirmations affichées sur %(total)s"
    assert words["kinds"]["assessment"] == "Évaluation"
    assert 'id="bb-strings"' in (french_site / "about" / "index.html").read_text("utf-8"), "hand-written pages too"


def test_french_is_complete():
    assert load_language("fr").missing == ()
