"""Full `mkdocs build --strict` runs of briefings, read back as HTML.

The small fixture (tests/fixtures/small) is copied into a temporary folder and built
once per module; most tests read that one site. The other builds (template overrides,
hostile data, a new claim, `briefbook render`, `briefbook init`) are one each.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import MINIMAL, build_site, check, messages, write_files
from linkcheck import SiteChecker, check_site
from mkdocs.exceptions import Abort

from briefbook.adapters.cli import main as cli_main
from briefbook.adapters.site_config import read_site_config

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
SITE_URL = "https://example.org/briefing/"

TIMELINE_ORDER = [
    "league-founded",  # 2015?
    "mine-deal",  # 2016~
    "old-truce",  # 2019-05%
    "summer-patrols",  # 2023-06/2023-08
    "new-year-raid",  # 2024-01-01: same first day as the next two, finest precision first
    "brigade-arrival",  # 2024-01
    "annual-review",  # 2024
    "late-feb-offensive",  # 2024-02, date_label "late February 2024"
    "border-clash",  # 2024-02-21
    "ostrava-statement",  # 2024-02-25
    "occupation-open",  # 2024-03/..
]
TIMELINE_READING_ORDER = [
    # The timeline groups by year, then month: claims dated to a year only open their
    # year (they cannot sit under a month); the contract's order holds within each group.
    "league-founded",
    "mine-deal",
    "old-truce",
    "summer-patrols",
    "annual-review",  # 2024, before the months of 2024
    "new-year-raid",
    "brigade-arrival",
    "late-feb-offensive",
    "border-clash",
    "ostrava-statement",
    "occupation-open",
]
UNDATED = ["brigade-will-stay", "talks-unlikely", "talks-even-chance", "hidden-weapons"]
MONTHS = "January February March April May June July August September October November December".split()


# -- helpers ---------------------------------------------------------------------------------


def copy_fixture(dest: Path) -> Path:
    """A private copy of the small fixture (builds write site/ and data/permalinks.lock)."""
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns("site"))
    return dest


def page_file(url: str) -> str:
    """`claims/x/` → `claims/x/index.html`; `` → `index.html`."""
    url = url.lstrip("/")
    if not url or url.endswith("/"):
        return url + "index.html"
    return url


class BuiltSite:
    """A built site folder, read with BeautifulSoup; links resolved like a browser would."""

    def __init__(self, root: Path, site_url: str | None = SITE_URL, project: Path | None = None):
        self.root = root
        self.project = project
        self.checker = SiteChecker(root, site_url)
        self._soups: dict[str, BeautifulSoup] = {}

    def exists(self, url: str) -> bool:
        return (self.root / page_file(url)).is_file()

    def soup(self, url: str) -> BeautifulSoup:
        name = page_file(url)
        if name not in self._soups:
            self._soups[name] = BeautifulSoup((self.root / name).read_text("utf-8"), "html.parser")
        return self._soups[name]

    def article(self, url: str) -> Tag:
        article = self.soup(url).find("article")
        assert article is not None, f"{url}: no <article>"
        return article

    def target(self, url: str, href: str) -> str | None:
        """Where `href` on page `url` leads, as a directory URL (`claims/x/`), or None if off-site."""
        resolved, _fragment, problem = self.checker.site_path(page_file(url), href)
        assert problem is None, f"{url}: {href!r}: {problem}"
        if resolved is None:
            return None
        return resolved[: -len("index.html")] if resolved.endswith("index.html") else resolved

    def links(self, url: str, where: Tag | None = None) -> list[tuple[str, str | None]]:
        """(text, target) of every link in `where` (default: the page's article)."""
        scope = where if where is not None else self.article(url)
        return [(a.get_text(" ", strip=True), self.target(url, a["href"])) for a in scope.find_all("a", href=True)]

    def targets(self, url: str, where: Tag | None = None) -> list[str | None]:
        return [target for _text, target in self.links(url, where)]


def section(article: Tag, title: str) -> Tag:
    """The content between the `<h2>` titled `title` and the next `<h2>`, as one tag."""
    headings = [h for h in article.find_all("h2") if h.get_text(" ", strip=True) == title]
    assert headings, f"no section {title!r}; sections: {[h.get_text(strip=True) for h in article.find_all('h2')]}"
    holder = BeautifulSoup("<div></div>", "html.parser")
    div = holder.div
    for sibling in list(headings[0].next_siblings):
        if isinstance(sibling, Tag) and sibling.name in ("h1", "h2"):
            break
        div.append(copy.copy(sibling))
    return div


def has_section(article: Tag, title: str) -> bool:
    return any(h.get_text(" ", strip=True) == title for h in article.find_all("h2"))


def text_of(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def meta_text(site: BuiltSite, url: str) -> str:
    meta = site.article(url).find("p", class_="bb-meta")
    assert meta is not None, f"{url}: no metadata line"
    return text_of(meta)


def field(article: Tag, label: str) -> Tag | None:
    """A labelled value: a definition `<dt>label</dt><dd>value</dd>`, a table row
    `| label | value |`, or a paragraph `**label:** value`."""
    for term in article.find_all("dt"):
        if text_of(term).rstrip(":") == label:
            return term.find_next_sibling("dd")
    for row in article.find_all("tr"):
        cells = row.find_all(["td", "th"])
        if len(cells) >= 2 and text_of(cells[0]).rstrip(":") == label:
            return cells[1]
    for strong in article.find_all("strong"):
        if text_of(strong).rstrip(":") == label and strong.parent is not None and strong.parent.name == "p":
            return strong.parent
    return None


def field_text(article: Tag, label: str) -> str:
    value = field(article, label)
    assert value is not None, f"no field {label!r}"
    return text_of(value)


def timeline_ids(site: BuiltSite, url: str = "timeline/") -> list[str]:
    """The claims on the timeline itself (not the undated ones listed after it)."""
    return [i for ul in site.article(url).find_all("ul", class_="bb-timeline") for i in claim_ids_in(site, url, ul)]


def claim_ids_in(site: BuiltSite, url: str, where: Tag | None = None) -> list[str]:
    ids = []
    for target in site.targets(url, where):
        match = re.fullmatch(r"claims/([a-z0-9-]+)/", target or "")
        if match:
            ids.append(match.group(1))
    return ids


def log_text(caplog: pytest.LogCaptureFixture, error: BaseException | None = None) -> str:
    lines = [record.getMessage() for record in caplog.records]
    if error is not None:
        lines.append(str(error))
    return "\n".join(lines)


# -- the small fixture, built once ------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = copy_fixture(tmp_path_factory.mktemp("small") / "project")
    return BuiltSite(build_site(root), project=root)


@pytest.fixture(scope="module")
def fixture_briefing():
    result = check(FIXTURE)
    assert result.ok, messages(result)
    return result.briefing


def test_fixture_has_no_templates_folder():
    """The main build below is therefore the 'no templates/ folder' case: built-ins only."""
    assert not (FIXTURE / "templates").exists()


def test_fixture_checks_clean():
    result = check(FIXTURE, frozen=True)
    assert messages(result) == []


def test_every_record_and_index_has_its_page(small, fixture_briefing):
    for kind in ("claims", "actors", "themes", "sources"):
        for record_id, record in fixture_briefing.records(kind).items():
            url = f"{kind}/{record_id}/"
            assert small.exists(url), f"missing page /{url}"
            h1 = small.article(url).find("h1")
            assert text_of(h1) == record.label, url
    for url in ("", "claims/", "actors/", "themes/", "sources/", "timeline/", "methodology/"):
        assert small.exists(url), f"missing page /{url}"


def test_index_pages_list_every_record(small, fixture_briefing):
    for kind in ("claims", "actors", "themes", "sources"):
        listed = {t for t in small.targets(f"{kind}/") if t and t.startswith(f"{kind}/") and t != f"{kind}/"}
        expected = {f"{kind}/{record_id}/" for record_id in fixture_briefing.records(kind)}
        assert listed == expected, kind


def test_build_leaves_a_complete_ledger_unchanged(small):
    assert (small.project / "data/permalinks.lock").read_text("utf-8") == (FIXTURE / "data/permalinks.lock").read_text(
        "utf-8"
    )


def test_no_broken_internal_links(small):
    assert check_site(small.root, SITE_URL) == []


def test_no_cross_reference_left_unresolved(small):
    for path in small.root.rglob("*.html"):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            assert not re.match(r"(actor|theme|claim|source):", a["href"]), f"{path}: {a['href']}"


# -- claim pages -------------------------------------------------------------------------------


def test_claim_page_headline_meta_and_statement(small):
    url = "claims/border-clash/"
    article = small.article(url)
    assert text_of(article.find("h1")) == (
        "Ruritanian troops and the Red Hand Front exchange fire at the Marlow crossing"
    )
    meta = meta_text(small, url)
    assert "Event" in meta
    assert "21 February 2024" in meta
    assert "High confidence" in meta
    assert "Key judgment" in meta
    time = article.find("time")
    assert time is not None and time["datetime"] == "2024-02-21"
    statement = next(p for p in article.find_all("p") if "exchanged fire at dawn" in p.get_text())
    # An empty-text cross-reference takes the target's title.
    assert ("The Wagner Brigade arrives in Ruritania", "claims/brigade-arrival/") in small.links(url, statement)
    assert ("Red Hand Front", "actors/red-hand/") in small.links(url, statement)


def test_claim_page_actor_and_theme_links(small):
    url = "claims/border-clash/"
    involved = next(p for p in small.article(url).find_all("p") if "Actors:" in p.get_text())
    assert small.links(url, involved) == [
        ("Royal Ruritanian Army", "actors/ruritanian-army/"),
        ("Red Hand Front", "actors/red-hand/"),
        ("Border clashes", "themes/border-clashes/"),
    ]
    assert "Themes:" in involved.get_text()


def test_claim_page_sources_with_locator_quote_and_grading(small):
    url = "claims/border-clash/"
    sources = section(small.article(url), "Sources")
    items = sources.find_all("li")
    assert len(items) == 2
    first = text_of(items[0])
    assert small.targets(url, items[0]) == ["sources/herald-report/"]
    assert "Shots at dawn on the Marlow border" in first
    assert "The Zenda Herald" in first
    assert "p. 4" in first
    assert "B2" in first and "usually reliable" in first and "probably true" in first
    quote = items[0].find("blockquote")
    assert quote is not None and text_of(quote) == "Shots were fired at dawn near the old customs post."
    assert small.targets(url, items[1]) == ["sources/monitor-report/"]
    assert "fairly reliable" in text_of(items[1])
    assert items[1].find("blockquote") is None


def test_claim_page_backlinks(small):
    article = small.article("claims/border-clash/")
    backlinks = section(article, "Claims that link here")
    assert claim_ids_in(small, "claims/border-clash/", backlinks) == ["ostrava-statement"]
    # Statements and `related` both count as links to a claim.
    arrival = section(small.article("claims/brigade-arrival/"), "Claims that link here")
    assert claim_ids_in(small, "claims/brigade-arrival/", arrival) == ["border-clash", "brigade-will-stay"]


def test_claim_page_related_claims(small):
    url = "claims/brigade-will-stay/"
    related = section(small.article(url), "Related claims")
    assert claim_ids_in(small, url, related) == ["brigade-arrival", "occupation-open"]


def test_claim_page_cite_box_has_absolute_permalink(small):
    url = "claims/border-clash/"
    article = small.article(url)
    cite = section(article, "Cite this claim")
    box = cite.find(class_="bb-cite")
    assert box is not None, "no box under 'Cite this claim'"
    permalink = SITE_URL + "claims/border-clash/"
    assert permalink in box.get_text()
    assert "Ruritanian troops and the Red Hand Front exchange fire at the Marlow crossing" in box.get_text()
    assert "Small briefing" in box.get_text()
    assert "border-clash" in box.get_text()  # in the permalink, and the BibTeX key
    assert "March 10, 2024" in box.get_text()  # the last change (updated), as Chicago writes it
    page_text = text_of(article)
    assert "2024-03-01" in page_text or "1 March 2024" in page_text  # published
    assert "2024-03-10" in page_text or "10 March 2024" in page_text  # updated


@pytest.mark.parametrize(
    ("claim_id", "words"),
    [
        ("league-founded", "2015 (uncertain)"),
        ("mine-deal", "about 2016"),
        ("old-truce", "about May 2019 (uncertain)"),
        ("summer-patrols", "June 2023 – August 2023"),
        ("new-year-raid", "1 January 2024"),
        ("brigade-arrival", "January 2024"),
        ("annual-review", "2024"),
        ("late-feb-offensive", "late February 2024"),
        ("border-clash", "21 February 2024"),
        ("ostrava-statement", "25 February 2024"),
    ],
)
def test_claim_date_in_words_at_its_precision(small, claim_id, words):
    time = small.article(f"claims/{claim_id}/").find("time")
    assert time is not None
    assert f"· {words}" in text_of(time.parent)


def test_an_interval_carries_both_ends_in_time_elements(small):
    """A `datetime` holds one date: an interval is two <time> elements (issue 13)."""
    meta = small.article("claims/summer-patrols/").find("time").parent
    assert [(t["datetime"], text_of(t)) for t in meta.find_all("time")] == [
        ("2023-06", "June 2023"),
        ("2023-08", "August 2023"),
    ]
    labelled = small.article("claims/late-feb-offensive/").find("time").parent
    assert "late February 2024 ( February 2024 )" in text_of(labelled)  # text_of spaces out elements


def test_open_interval_reads_from_its_start(small):
    time = small.article("claims/occupation-open/").find("time")
    text = text_of(time)
    assert "March 2024" in text
    assert "1 March" not in text and ".." not in text


def test_date_label_replaces_the_words(small):
    meta = meta_text(small, "claims/late-feb-offensive/")
    assert "late February 2024" in meta
    assert "1 February" not in meta


@pytest.mark.parametrize(
    ("claim_id", "kind", "likelihood", "confidence"),
    [
        ("brigade-will-stay", "Assessment", "likely", "Moderate confidence"),
        ("talks-unlikely", "Assessment", "unlikely", "Low confidence"),
        ("talks-even-chance", "Assessment", "roughly even chance", "Moderate confidence"),
        ("hidden-weapons", "Assessment", "very unlikely", "Low confidence"),
        ("ostrava-statement", "Statement", None, "High confidence"),
        ("annual-review", "Event", None, "Low confidence"),
    ],
)
def test_claim_kind_likelihood_and_confidence_in_words(small, claim_id, kind, likelihood, confidence):
    meta = meta_text(small, f"claims/{claim_id}/")
    assert meta.startswith(kind)
    assert confidence in meta
    if likelihood:
        assert likelihood in meta.lower()
        assert "-" not in meta.lower().replace("–", ""), "raw likelihood value shown (e.g. even-chance)"
    else:
        assert not re.search(r"\d+%", meta)


def test_undated_claims_show_no_date(small):
    for claim_id in UNDATED:
        assert small.article(f"claims/{claim_id}/").find("time") is None


def test_disputed_notice(small):
    article = small.article("claims/late-feb-offensive/")
    notices = [d for d in article.find_all("div", class_="admonition") if "Disputed" in d.get_text()]
    assert notices
    for claim_id in ("border-clash", "brigade-will-stay"):
        assert "Disputed" not in small.article(f"claims/{claim_id}/").get_text()


def test_superseded_notice_links_to_replacement(small):
    url = "claims/talks-unlikely/"
    notices = [d for d in small.article(url).find_all("div", class_="admonition") if "Superseded" in d.get_text()]
    assert notices
    assert "claims/talks-even-chance/" in small.targets(url, notices[0])
    assert small.exists("claims/talks-even-chance/")
    # ... and the replacement says what it supersedes.
    replacement = section(small.article("claims/talks-even-chance/"), "Supersedes")
    assert claim_ids_in(small, "claims/talks-even-chance/", replacement) == ["talks-unlikely"]


def test_withdrawn_notice_shows_the_note(small):
    url = "claims/hidden-weapons/"
    notices = [d for d in small.article(url).find_all("div", class_="admonition") if "Withdrawn" in d.get_text()]
    assert notices
    assert "The only source was an unsigned leaflet" in text_of(notices[0])
    assert "claims/occupation-open/" in small.targets(url, notices[0])


# -- actor, theme and source pages ------------------------------------------------------------


def test_actor_page(small):
    url = "actors/ruritania/"
    article = small.article(url)
    text = text_of(article)
    assert "State" in text
    assert field_text(article, "Country") == "Norway"  # country: NO is a string, not YAML's false; shown by name
    # the summary opens the page, before the facts
    first = article.find("h1").find_next_sibling()
    assert first.name == "p" and first.get_text().startswith("An imaginary kingdom"), first
    assert first.find_next_sibling().name == "div" and "bb-record" in first.find_next_sibling()["class"]
    aliases = field_text(article, "Also known as")
    assert "Kingdom of Ruritania" in aliases and "The Kingdom" in aliases
    assert small.links(url, field(article, "Part of"))[-1] == (
        "Northern League of Imaginary States",
        "actors/northern-league/",
    )
    assert small.links(url, field(article, "Members"))[-1] == ("Royal Ruritanian Army", "actors/ruritanian-army/")
    assert claim_ids_in(small, url, section(article, "Claims")) == [
        "league-founded",
        "mine-deal",
        "brigade-arrival",
        "brigade-will-stay",
        "talks-unlikely",
        "talks-even-chance",
    ]
    themes = section(article, "Themes")
    assert set(small.targets(url, themes)) == {
        "themes/mining/",
        "themes/mercenaries/",
        "themes/border-clashes/",
        "themes/security/",
    }
    relations = section(article, "Relations")
    counts = {
        small.target(url, cells[1].a["href"]): cells[2].get_text(strip=True)
        for cells in (row.find_all("td") for row in relations.find_all("tr"))
        if cells and cells[0].get_text(strip=True) == "appears with"
    }
    assert counts == {"actors/wagner/": "2", "actors/red-hand/": "2", "actors/northern-league/": "1"}
    graph = relations.find("svg")
    assert graph is not None and graph.find("title") is not None
    assert {small.target(url, a["xlink:href"]) for a in graph.find_all("a")} >= set(counts)
    sources = section(article, "Sources cited")
    assert set(small.targets(url, sources)) == {
        "sources/monitor-report/",
        "sources/anonymous-leaflet/",
        "sources/herald-report/",
    }


def test_actor_page_keeps_part_of_members_and_summary_apart(small):
    """`Part of`, `Members` and the summary are separate, not one run-on paragraph."""
    article = small.article("actors/ruritania/")
    part_of, members = field(article, "Part of"), field(article, "Members")
    assert part_of is not None and members is not None
    assert "Members" not in part_of.get_text(), text_of(part_of)
    assert "imaginary kingdom" not in part_of.get_text(), text_of(part_of)
    assert "imaginary kingdom" not in members.get_text(), text_of(members)
    summary = next(p for p in article.find_all("p") if "imaginary kingdom" in p.get_text())
    assert "Part of" not in summary.get_text() and "Members" not in summary.get_text()


def test_actor_page_of_a_person_and_mentions(small):
    url = "actors/anna-ostrava/"
    article = small.article(url)
    assert "Person" in text_of(article)
    assert small.targets(url, field(article, "Part of")) == ["actors/ruritanian-army/"]
    assert claim_ids_in(small, url, section(article, "Claims")) == ["ostrava-statement"]
    # Wagner is named in a statement of a claim: the actor page says where.
    wagner = small.article("actors/wagner/")
    assert "The Musicians" in text_of(wagner)
    assert claim_ids_in(small, "actors/wagner/", section(wagner, "Mentioned in")) == ["brigade-arrival"]


def test_actors_index_groups_by_kind(small):
    article = small.article("actors/")
    headings = [text_of(h) for h in article.find_all("h2")]
    assert headings == [
        "States",
        "Armed forces",
        "Armed groups",
        "Private military companies",
        "Alliances",
        "People",
    ]


def test_theme_page_parent_children_claims_actors(small):
    url = "themes/security/"
    article = small.article(url)
    assert small.targets(url, section(article, "Sub-themes")) == ["themes/border-clashes/", "themes/mercenaries/"]
    claims = claim_ids_in(small, url, section(article, "Claims"))
    # Claims of sub-themes are included, in date order, undated ones last.
    assert claims == [
        "league-founded",
        "old-truce",
        "summer-patrols",
        "new-year-raid",
        "brigade-arrival",
        "annual-review",
        "late-feb-offensive",
        "border-clash",
        "ostrava-statement",
        "occupation-open",
        "brigade-will-stay",
        "talks-unlikely",
        "talks-even-chance",
    ]
    actors = small.targets(url, section(article, "Actors involved"))
    assert "actors/ruritanian-army/" in actors
    child = small.article("themes/mercenaries/")
    assert small.targets("themes/mercenaries/", field(child, "Part of")) == ["themes/security/"]
    assert set(small.targets("themes/mercenaries/", section(child, "Actors involved"))) == {
        "actors/wagner/",
        "actors/ruritania/",
    }


def test_theme_actors_cover_the_claims_listed(small):
    """A parent theme lists its sub-themes' claims; its 'Actors involved' must list their actors too."""
    url = "themes/security/"
    article = small.article(url)
    actors = set(small.targets(url, section(article, "Actors involved")))
    for expected in ("actors/wagner/", "actors/red-hand/", "actors/anna-ostrava/"):
        assert expected in actors, f"{expected} is in claims listed on /{url} but not under 'Actors involved'"


def test_themes_index_nests_children(small):
    article = small.article("themes/")
    top = article.find("ul")
    security = next(li for li in top.find_all("li", recursive=False) if "Security" in li.a.get_text())
    nested = security.find("ul")
    assert nested is not None
    assert small.targets("themes/", nested) == ["themes/border-clashes/", "themes/mercenaries/"]


def test_source_page_bibliographic_record(small):
    url = "sources/herald-report/"
    article = small.article(url)
    rows = {
        label: field(article, label)
        for label in ("Author", "Published in", "Date", "Link", "Archived copy", "Accessed", "Language", "Reliability")
    }
    assert all(rows.values()), [label for label, value in rows.items() if value is None]
    assert "Hentzau" in text_of(rows["Author"]) and "Rupert" in text_of(rows["Author"])
    assert "Herald staff" in text_of(rows["Author"])
    assert text_of(rows["Published in"]) == "The Zenda Herald"
    assert text_of(rows["Date"]) == "22 February 2024"
    assert rows["Link"].a["href"] == "https://example.com/herald/shots-at-dawn"
    assert rows["Archived copy"].a["href"].startswith("https://web.archive.org/")
    assert "2024-03-01" in text_of(rows["Accessed"]) or "1 March 2024" in text_of(rows["Accessed"])
    assert text_of(rows["Language"]) == "English"
    assert "B" in text_of(rows["Reliability"]) and "usually reliable" in text_of(rows["Reliability"])
    assert claim_ids_in(small, url, section(article, "Claims citing this source")) == [
        "brigade-arrival",
        "border-clash",
    ]


def test_source_page_with_only_required_fields(small):
    url = "sources/anonymous-leaflet/"
    article = small.article(url)
    labels = [text_of(term) for term in article.find_all("dt")]
    assert labels == ["Type"]
    assert claim_ids_in(small, url, section(article, "Claims citing this source")) == [
        "league-founded",
        "hidden-weapons",
    ]


# -- timeline --------------------------------------------------------------------------------


def test_timeline_order(small):
    assert timeline_ids(small) == TIMELINE_READING_ORDER


def test_timeline_leaves_undated_claims_to_a_section_after_it(small):
    article = small.article("timeline/")
    on_the_timeline = set(claim_ids_in(small, "timeline/", article.find("ul", class_="bb-timeline").parent))
    for timeline in article.find_all("ul", class_="bb-timeline"):
        assert not set(claim_ids_in(small, "timeline/", timeline)) & set(UNDATED)
    assert on_the_timeline  # the dated ones are there
    heading = article.find("h2", id="undated-assessments")
    assert heading is not None and text_of(heading) == "Undated assessments"
    assert article.find("a", href="#undated-assessments") is not None  # said at the top of the page
    undated = heading.find_next_sibling("ul", class_="bb-undated")
    assert claim_ids_in(small, "timeline/", undated) == UNDATED
    assert text_of(undated.find("li")).startswith("Assessment, likely: The Wagner Brigade will stay")


def test_timeline_says_what_kind_each_entry_is(small):
    article = small.article("timeline/")
    kinds = {}
    for item in article.select("ul.bb-timeline > li"):
        kinds[item["data-kind"]] = text_of(item.find("span", class_="bb-entry-kind"))
    assert kinds == {"event": "Event:", "statement": "Statement:"}


def test_overview_graph_has_a_legend_of_what_it_draws(small):
    article = small.article("actor-graph/")
    legend = article.find("ul", class_="bb-legend")
    assert legend is not None and legend.find_previous_sibling("figure") is not None
    items = [text_of(li) for li in legend.find_all("li")]
    assert items == [
        "State",
        "Armed forces",
        "Armed group",
        "Private military company",
        "Alliance",
        "Person",
        "larger circle: more claims",
        "line: appear in the same claims (thicker for more)",
        "dashed: part of",
    ]
    drawn = {c for a in article.find("svg").find_all("a") for c in a["class"] if c.startswith("bb-kind-")}
    assert {c for li in legend.find_all("li") for s in li.find_all("span") for c in s["class"]} >= drawn


def test_timeline_groups_by_year_and_month(small):
    article = small.article("timeline/")
    assert [text_of(h) for h in article.find_all("h2")] == [
        "2015",
        "2016",
        "2019",
        "2023",
        "2024",
        "Undated assessments",
    ]
    months = [text_of(h) for h in article.find_all("h3")]
    assert months == ["May 2019", "June 2023", "January 2024", "February 2024", "March 2024"]


def test_timeline_month_headings_hold_only_that_month(small):
    """A claim dated to a year only ('2024') must not sit under the 'January 2024' heading."""
    article = small.article("timeline/")
    heading = None
    misplaced = []
    for element in article.find_all(["h2", "h3", "li"]):
        if element.name == "h2":
            heading = None
        elif element.name == "h3":
            heading = text_of(element)
        elif heading is not None:
            date = text_of(element.find("time")) if element.find("time") else ""
            month, year = heading.split()
            if not re.search(rf"\b{month}\b", date) or year not in date:
                misplaced.append(f"{date!r} under {heading!r}")
    assert misplaced == []


def test_timeline_dates_read_at_their_precision(small):
    dates = [
        # The date is what comes before the entry's kind ("Event:", "Assessment, likely:").
        text_of(item).split(text_of(item.select_one(".bb-entry-kind")))[0].strip()
        for item in small.article("timeline/").select("li")
        if item.find("time")
    ]
    assert dates == [
        "2015 (uncertain)",
        "about 2016",
        "about May 2019 (uncertain)",
        "June 2023 – August 2023",
        "2024",
        "1 January 2024",
        "January 2024",
        "late February 2024",
        "21 February 2024",
        "25 February 2024",
        "since March 2024",
    ]
    # Nothing coarser than a day is ever given a day number.
    for text in dates:
        for match in re.finditer(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})", text):
            assert text == "1 January 2024" or match.group(1) != "1", text


def test_claims_index_lists_dated_then_undated(small):
    ids = claim_ids_in(small, "claims/")
    assert ids == TIMELINE_ORDER + UNDATED


# -- redirects and content pages ---------------------------------------------------------------


def test_redirect_from_old_id(small):
    url = "claims/old-id/"
    assert small.exists(url)
    soup = small.soup(url)
    refresh = soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
    assert refresh is not None
    target = re.search(r"url=(.*)$", refresh["content"], re.I).group(1).strip("'\" ")
    assert small.target(url, target) == "claims/brigade-arrival/"
    canonical = soup.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == SITE_URL + "claims/brigade-arrival/"
    # Without meta refresh (some readers block it), the page still links to the claim.
    assert "claims/brigade-arrival/" in [small.target(url, a["href"]) for a in soup.find_all("a", href=True)]


def test_home_page_key_judgments(small):
    article = small.article("")
    listed = claim_ids_in(small, "", section(article, "Key judgments"))
    assert listed == ["border-clash", "brigade-will-stay", "talks-even-chance"]
    text = text_of(section(article, "Key judgments"))
    assert "likely" in text and "roughly even chance" in text
    assert "briefbook:key-judgments" not in str(small.soup(""))


@pytest.mark.parametrize(
    "home",
    [
        "# My own briefing\n\nAn introduction of my own.\n",
        "---\ntitle: Home\n---\n\nMy own briefing\n===============\n\nAn introduction of my own.\n",
        "An introduction of my own.\n",
    ],
    ids=["atx-title", "front-matter-and-setext-title", "no-title"],
)
def test_key_judgments_are_on_a_home_page_without_the_marker(make_project, home):
    """The contract: a `key: true` claim is listed first on the home page. The marker
    only chooses where; without it the list comes under the page's title."""
    claims = MINIMAL["data/claims/claims.yaml"] + "  key: true\n"
    root = make_project({"content/index.md": home, "data/claims/claims.yaml": claims})
    site = BuiltSite(build_site(root))
    article = site.article("")
    assert claim_ids_in(site, "", section(article, "Key judgments")) == ["first-claim"]
    assert "An introduction of my own." in text_of(article)
    first_block = next(tag for tag in article.find_all(["h1", "h2", "p", "ul"]) if tag.name != "h1")
    assert first_block.name == "h2" and text_of(first_block).startswith("Key judgments"), article


def test_without_key_claims_a_home_page_without_the_marker_is_left_alone(make_project):
    site = BuiltSite(build_site(make_project({"content/index.md": "# Mine\n\nIntro.\n"})))
    assert not has_section(site.article(""), "Key judgments")


def test_cross_references_in_content_pages(small):
    home = small.links("")
    assert ("Wagner", "actors/wagner/") in home
    assert ("Ruritania", "actors/ruritania/") in home
    # An empty text takes the target's title.
    assert ("Ruritania joins the Northern League", "claims/league-founded/") in home
    assert ("The Wagner Brigade occupies the Zenda mine", "claims/occupation-open/") in home
    methodology = small.links("methodology/")
    assert ("security", "themes/security/") in methodology
    assert ("Shots at dawn on the Marlow border", "sources/herald-report/") in methodology
    assert ("Peace talks with the Red Hand Front are unlikely this year", "claims/talks-unlikely/") in methodology


# -- the link checker itself --------------------------------------------------------------------


def test_linkcheck_finds_broken_links(tmp_path):
    write_files(
        tmp_path,
        {
            "index.html": """\
                <a href="a/">ok</a> <a href="a/#here">ok</a> <a href="#top">ok</a> <p id="top"></p>
                <a href="https://other.example/x">other site</a> <a href="mailto:x@example.org">mail</a>
                <a href="https://example.org/briefing/a/">same site, ok</a>
                <a href="missing/">missing page</a> <a href="a/#nowhere">missing fragment</a>
                <a href="JavaScript:alert(1)">script</a> <img src="img/none.png">
                <a href="../../etc/passwd">out of the site</a>
                <a href="/elsewhere/">outside the base path</a>
                """,
            "a/index.html": '<h2 id="here">Here</h2><a name="named"></a><a href="../#top">ok</a>',
            "old/index.html": '<meta http-equiv="refresh" content="0; url=../gone/">',
            "moved/index.html": "<meta http-equiv='refresh' content='0;URL=\"../a/#named\"'>",
        },
    )
    broken = check_site(tmp_path, SITE_URL)
    joined = "\n".join(broken)
    assert len(broken) == 7, joined
    for needle in ("missing/", "#nowhere", "JavaScript:", "img/none.png", "../../etc/passwd", "/elsewhere/", "gone"):
        assert needle in joined, needle


# -- template overrides ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def overridden(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = copy_fixture(tmp_path_factory.mktemp("override") / "project")
    write_files(
        root,
        {
            "templates/claim.html.j2": """\
                {% extends "builtin/claim.html.j2" %}
                {% block statement %}
                <div class="custom-statement">
                <p>OVERRIDDEN STATEMENT:</p>
                {{ markdown(claim.statement) }}
                </div>
                {% endblock %}
                """,
            "templates/partials/cite.html.j2": """\
                <div class="admonition note">
                <p class="admonition-title">How to cite</p>
                <p>CUSTOM CITATION for {{ claim.title }}: <a href="{{ permalink(claim) }}">{{ permalink(claim) }}</a></p>
                </div>
                """,
        },
    )
    site = BuiltSite(build_site(root))
    return site


def test_override_extends_builtin_and_replaces_a_block(overridden):
    url = "claims/border-clash/"
    article = overridden.article(url)
    custom = article.find("div", class_="custom-statement")
    assert custom is not None
    assert "OVERRIDDEN STATEMENT" in custom.get_text()
    assert "exchanged fire at dawn" in custom.get_text()
    assert "claims/brigade-arrival/" in overridden.targets(url, custom)
    # The rest of the built-in template is still there.
    assert has_section(article, "Sources")
    assert "21 February 2024" in meta_text(overridden, url)


def test_override_of_a_partial_by_name(overridden):
    article = overridden.article("claims/brigade-arrival/")
    text = text_of(article)
    assert "CUSTOM CITATION for The Wagner Brigade arrives in Ruritania" in text
    assert SITE_URL + "claims/brigade-arrival/" in text
    cite = section(article, "Cite this claim")
    assert "CUSTOM CITATION" in cite.get_text()
    assert cite.find("div", class_="quote") is None  # the built-in box is gone


def test_overridden_site_has_no_broken_links(overridden):
    assert check_site(overridden.root, SITE_URL) == []


# -- data is text ------------------------------------------------------------------------------


HOSTILE = {
    "data/actors.yaml": """\
        - id: mali
          name: "</title><script>alert('actor')</script> Front"
          kind: state
          country: ML
        """,
    "data/claims/claims.yaml": """\
        - id: first-claim
          title: "</title><script>alert('title')</script> happened"
          statement: "Templates {{ config }} and {% raw %}x{% endraw %} and <script>alert('statement')</script> stay text, in [Mali](actor:mali)."
          date: 2024-02
          actors: [mali]
          themes: [security]
          sources:
            - ref: report
              quote: "<script>alert('quote')</script> said"
          confidence: high
        """,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("hostile") / "project"
    write_files(root, dict(MINIMAL))
    write_files(root, HOSTILE)
    return BuiltSite(build_site(root))


def test_hostile_data_checks_clean(tmp_path):
    root = write_files(tmp_path / "project", {**MINIMAL, **HOSTILE})
    assert check(root).ok, messages(check(root))


def test_template_syntax_in_data_prints_literally(hostile):
    text = text_of(hostile.article("claims/first-claim/"))
    assert "{{ config }}" in text
    assert "{% raw %}x{% endraw %}" in text


def test_script_in_data_becomes_text(hostile):
    claim = text_of(hostile.article("claims/first-claim/"))
    for where in ("title", "statement", "quote", "actor"):
        assert f"<script>alert('{where}')</script>" in claim, where
    assert "</title><script>alert('actor')</script> Front" in text_of(hostile.article("actors/mali/"))


def test_no_script_element_from_data_anywhere(hostile):
    """Names and titles also reach <title>, <meta> and the navigation: text there too.

    (Inside <title>, a browser reads `<script>` as text; only a `</title>` in the data
    could end it early, which is why the hostile names start with one.)
    """
    found = []
    for path in sorted(hostile.root.rglob("*.html")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.get_text())  # structured data: JSON, never code
                continue
            if "alert(" in script.get_text() and script.find_parent("title") is None:
                found.append(f"{path.relative_to(hostile.root)}: {script}")
        for tag in soup.find_all(True):
            found.extend(f"{path}: <{tag.name} {name}>" for name in tag.attrs if name.lower().startswith("on"))
    assert found == []


def test_hostile_site_has_no_broken_links(hostile):
    assert check_site(hostile.root, SITE_URL) == []


def test_javascript_link_is_an_error(make_project):
    root = make_project(
        {
            "data/claims/claims.yaml": """\
                - id: first-claim
                  title: Something happened
                  statement: Click [x](javascript:alert(1)) in [Mali](actor:mali).
                  date: 2024-02
                  actors: [mali]
                  themes: [security]
                  sources: [report]
                  confidence: high
                """
        }
    )
    result = check(root)
    assert not result.ok
    errors = [str(p) for p in result.problems.errors]
    assert any(e.startswith("data/claims/claims.yaml:3:") and "javascript" in e.lower() for e in errors), errors


# -- builds that must fail ---------------------------------------------------------------------


def test_build_with_a_data_error_names_file_line_column(tmp_path, caplog):
    root = copy_fixture(tmp_path / "project")
    write_files(
        root,
        {
            "data/claims/bad.yaml": """\
                - id: bad-claim
                  title: A bad claim
                  statement: Bad.
                  themes: [security]
                  sources: [monitor-report]
                  confidance: high
                """
        },
    )
    with caplog.at_level(logging.WARNING), pytest.raises(Abort) as raised:
        build_site(root)
    text = log_text(caplog, raised.value)
    assert "data/claims/bad.yaml:6:3:" in text, text
    assert "confidence" in text  # the suggestion
    assert not (root / "site" / "claims" / "bad-claim").exists()


@pytest.fixture
def new_claim_files() -> dict[str, str]:
    return {
        "data/claims/new.yaml": """\
            - id: a-new-claim
              title: A new claim appears
              statement: Something new about [](actor:wagner).
              date: 2024-04-02
              actors: [wagner]
              themes: [mercenaries]
              sources: [monitor-report]
              confidence: low
            """
    }


def test_build_adds_a_new_claim_to_the_ledger(tmp_path, new_claim_files):
    root = copy_fixture(tmp_path / "project")
    write_files(root, new_claim_files)
    before = (root / "data/permalinks.lock").read_text("utf-8").splitlines()
    site = BuiltSite(build_site(root))
    after = (root / "data/permalinks.lock").read_text("utf-8").splitlines()
    assert after == sorted([*before, "claims/a-new-claim"])
    assert after == sorted(after)
    assert site.exists("claims/a-new-claim/")
    assert timeline_ids(site)[-1] == "a-new-claim"


def test_frozen_build_fails_and_keeps_the_ledger(tmp_path, new_claim_files, caplog):
    root = copy_fixture(tmp_path / "project")
    write_files(root, new_claim_files)
    mkdocs_yml = (
        (root / "mkdocs.yml").read_text("utf-8").replace("  - briefbook:\n", "  - briefbook:\n      frozen: true\n")
    )
    assert "frozen: true" in mkdocs_yml
    (root / "mkdocs.yml").write_text(mkdocs_yml, "utf-8")
    ledger = (root / "data/permalinks.lock").read_text("utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort) as raised:
        build_site(root)
    text = log_text(caplog, raised.value)
    assert "claims/a-new-claim" in text and "frozen" in text, text
    assert "data/claims/new.yaml:1:" in text, text
    assert (root / "data/permalinks.lock").read_text("utf-8") == ledger


def test_deleting_a_published_claim_fails_with_advice(tmp_path, caplog):
    root = copy_fixture(tmp_path / "project")
    claims = root / "data/claims/dated.yaml"
    blocks = claims.read_text("utf-8").split("\n\n")
    kept = [b for b in blocks if "- id: annual-review\n" not in b]
    assert len(kept) == len(blocks) - 1
    claims.write_text("\n\n".join(kept), "utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort) as raised:
        build_site(root)
    text = log_text(caplog, raised.value)
    assert re.search(r"data/permalinks\.lock:\d+:\d+: claims/annual-review", text), text
    assert "redirect_from" in text and "withdrawn" in text  # the advice
    assert "claims/annual-review" in (root / "data/permalinks.lock").read_text("utf-8")


# -- briefbook render: plain Markdown that builds without the plugin ----------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    base = tmp_path_factory.mktemp("render")
    root = copy_fixture(base / "project")
    out = base / "out"
    assert cli_main(["render", str(root), "--out", str(out)]) == 0
    return out, BuiltSite(build_site(out))


def test_render_writes_plugin_free_config(rendered):
    out, _site = rendered
    config = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    plugins = config.get("plugins") or []
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    assert "briefbook" not in names
    assert config["docs_dir"] == "docs"
    assert config["site_url"] == SITE_URL
    # generated pages in their URL's folder (see adapters/index_layout.py); hand-written ones as they are
    for page in (
        "index.md",
        "methodology.md",
        "timeline/index.md",
        "claims/border-clash/index.md",
        "actors/wagner/index.md",
    ):
        assert (out / "docs" / page).is_file(), page
    assert (out / "docs/claims/old-id/index.html").is_file()


def test_render_asks_mkdocs_for_what_the_plugin_adds(rendered):
    """Both faces apply `site_needs`: plain MkDocs gets the copy buttons of the citation
    formats, as the plugin's build does (issue #14: render's mkdocs.yml used to lack them)."""
    out, site = rendered
    config = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    assert "content.code.copy" in config["theme"]["features"]
    assert config["extra_css"][-1] == "assets/briefbook.css"
    assert site.exists("claims/border-clash/")


def test_render_reports_a_template_error_at_its_line(tmp_path, capsys):
    """Like the plugin, `briefbook render` names the template's file and line (it used to
    end in a traceback)."""
    root = copy_fixture(tmp_path / "project")
    write_files(root, {"templates/theme.html.j2": "<h1>{{ theme.name }}</h1>\n\n{{ theme.no_such_field.upper() }}\n"})
    assert cli_main(["render", str(root), "--out", str(tmp_path / "out")]) == 1
    assert "templates/theme.html.j2:3:1: template error" in capsys.readouterr().out


def test_render_output_builds_without_broken_links(rendered):
    _out, site = rendered
    assert check_site(site.root, SITE_URL) == []
    assert site.target("claims/old-id/", "../brigade-arrival/") == "claims/brigade-arrival/"


def test_render_output_matches_plugin_build(rendered, small):
    _out, site = rendered
    for claim_id in ("border-clash", "brigade-arrival", "talks-unlikely", "hidden-weapons"):
        url = f"claims/{claim_id}/"
        assert text_of(site.article(url).find("h1")) == text_of(small.article(url).find("h1"))
        assert site.links(url) == small.links(url), url
        assert text_of(site.article(url)) == text_of(small.article(url)), url
    assert site.links("") == small.links("")
    assert timeline_ids(site) == TIMELINE_READING_ORDER


def test_the_downloads_a_build_writes_are_those_render_writes(rendered, small):
    """The plugin writes /api/ and the feeds into the site itself (a thread, not MkDocs'
    file copy); byte for byte they are what `briefbook render` puts beside its pages."""
    out, _site = rendered

    def downloads(folder: Path) -> dict[str, bytes]:
        paths = [*folder.glob("api/**/*"), *folder.glob("feeds/**/*"), folder / "feed.xml"]
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths if p.is_file()}

    built, written = downloads(small.root), downloads(out / "docs")
    assert len(built) > 6 * 4 and "api/claims/border-clash.ris" in built
    assert built.keys() == written.keys()
    assert [path for path in built if built[path] != written[path]] == []


def test_render_output_builds_with_zensical_and_shows_the_same_content(rendered, small, tmp_path):
    """Zensical, the Material team's successor, reads the same mkdocs.yml: the tree
    `briefbook render` writes builds with it, and the claims read as the plugin's pages."""
    import subprocess
    import sys

    out, _site = rendered
    project = tmp_path / "zensical"
    shutil.copytree(out, project)
    zensical = Path(sys.executable).with_name("zensical")
    result = subprocess.run([str(zensical), "build"], cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(project / "site")
    for claim_id in ("border-clash", "brigade-arrival", "talks-unlikely", "hidden-weapons"):
        url = f"claims/{claim_id}/"
        assert text_of(site.article(url).find("h1")) == text_of(small.article(url).find("h1"))
        assert site.links(url) == small.links(url), url
        assert text_of(site.article(url)) == text_of(small.article(url)), url
    assert timeline_ids(site) == TIMELINE_READING_ORDER


# -- briefbook init --------------------------------------------------------------------------------


def test_init_creates_a_project_that_checks_and_builds(tmp_path, monkeypatch):
    root = tmp_path / "new-briefing"
    assert cli_main(["init", str(root)]) == 0
    assert (root / "mkdocs.yml").is_file()
    result = check(root)
    assert messages(result) == []
    mkdocs_yml = (root / "mkdocs.yml").read_text("utf-8")
    assert "briefbook" in mkdocs_yml
    monkeypatch.setenv("BRIEFBOOK_PREVIEW", "true")  # the starter's site_url is still local
    site = BuiltSite(build_site(root), site_url=None)
    assert site.exists("timeline/") and site.exists("claims/")
    assert check_site(site.root, read_site_config(root).site_url) == []


def test_init_refuses_a_non_empty_folder(tmp_path):
    root = tmp_path / "taken"
    root.mkdir()
    (root / "notes.txt").write_text("mine", "utf-8")
    assert cli_main(["init", str(root)]) != 0
    assert (root / "notes.txt").read_text("utf-8") == "mine"
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]
