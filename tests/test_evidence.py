"""Evidence (format 1.1): a claim's `supports` and `contradicts`.

The errors and warnings are located like every other (`file:line:column`), ordinary
relations are let through, and a reader sees both directions of every relation: the case
for and against a judgment on its page, what a claim bears on on its own, the evidence
matrices, the timeline filter, the exports (against their schema) and the feeds. A
briefing that uses neither field gets no evidence page at all.

The claim file used here (CLAIMS) is, with its line numbers:

    1  - id: first-claim
    2    title: Something happened
    3    statement: It happened in [Mali](actor:mali).
    4    date: 2024-02
    5    actors: [mali]
    6    themes: [security]
    7    sources: [report]
    8    confidence: high
    9    supports:
   10      - ref: judgment
   11        note: It is why we judge so.
   12    contradicts: [other-judgment]
   13  - id: judgment
   14    title: A judgment
   15    statement: We judge so.
   16    themes: [security]
   17    sources: [report]
   18    confidence: moderate
   19    key: true
   20  - id: other-judgment
   21    title: Another judgment
   22    statement: Some judge otherwise.
   23    themes: [security]
   24    sources: [report]
   25    confidence: low
   26    key: true
"""

from __future__ import annotations

import csv
import io
import json
import textwrap

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, build_site, check, messages

from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.site.build import make_site, site_files
from briefbook.site.urls import Site

FIRST = textwrap.dedent(MINIMAL["data/claims/claims.yaml"]) + (
    "  supports:\n    - ref: judgment\n      note: It is why we judge so.\n  contradicts: [other-judgment]\n"
)
JUDGMENTS = """\
- id: judgment
  title: A judgment
  statement: We judge so.
  themes: [security]
  sources: [report]
  confidence: moderate
  key: true
- id: other-judgment
  title: Another judgment
  statement: Some judge otherwise.
  themes: [security]
  sources: [report]
  confidence: low
  key: true
"""
CLAIMS = FIRST + JUDGMENTS
PATH = "data/claims/claims.yaml"


def problems(make_project, claims: str) -> list[str]:
    return messages(check(make_project({PATH: claims})))


def test_the_claim_file_reads_as_documented():
    lines = CLAIMS.splitlines()
    assert (
        lines[8] == "  supports:"
        and lines[9] == "    - ref: judgment"
        and lines[11] == "  contradicts: [other-judgment]"
    )
    assert lines[12] == "- id: judgment" and lines[19] == "- id: other-judgment" and len(lines) == 26


# --- what is let through --------------------------------------------------------------------------


def test_supports_and_contradicts_in_both_forms_are_accepted(make_project):
    # first-claim is evidence for one judgment and against another: that is what tells them apart
    result = check(make_project({PATH: CLAIMS}))
    assert messages(result) == []
    first = result.briefing.claims["first-claim"]
    assert [(r.ref, r.note) for r in first.supports] == [("judgment", "It is why we judge so.")]
    assert [(r.ref, r.note) for r in first.contradicts] == [("other-judgment", None)]


def test_a_chain_of_supports_that_does_not_loop_is_accepted(make_project):
    # first-claim supports judgment, which supports other-judgment: no circle.
    claims = CLAIMS.replace(
        "  key: true\n- id: other-judgment", "  key: true\n  supports: [other-judgment]\n- id: other-judgment"
    )
    claims = claims.replace("  contradicts: [other-judgment]\n", "")
    assert problems(make_project, claims) == []


# --- errors ---------------------------------------------------------------------------------------


def test_unknown_claim_in_supports_is_located_at_its_id(make_project):
    assert problems(make_project, CLAIMS.replace("ref: judgment", "ref: judgement")) == [
        "data/claims/claims.yaml:10:12: supports: unknown claim ID 'judgement' (did you mean 'judgment'?); "
        "correct the ID, or add the claim to a file under data/claims/",
    ]


def test_unknown_claim_in_contradicts_is_located_at_the_list_item(make_project):
    assert problems(make_project, CLAIMS.replace("contradicts: [other-judgment]", "contradicts: [other-judgmnt]")) == [
        "data/claims/claims.yaml:12:17: contradicts: unknown claim ID 'other-judgmnt' (did you mean "
        "'other-judgment'?); correct the ID, or add the claim to a file under data/claims/",
    ]


def test_a_claim_that_supports_itself_is_located(make_project):
    assert problems(make_project, CLAIMS.replace("ref: judgment", "ref: first-claim")) == [
        "data/claims/claims.yaml:10:12: supports: claim 'first-claim' cannot be evidence for itself; "
        "name another claim, or remove the reference",
    ]


def test_a_claim_that_contradicts_itself_is_located(make_project):
    assert problems(make_project, CLAIMS.replace("contradicts: [other-judgment]", "contradicts: [first-claim]")) == [
        "data/claims/claims.yaml:12:17: contradicts: claim 'first-claim' cannot be evidence against itself; "
        "name another claim, or remove the reference",
    ]


def test_supporting_and_contradicting_the_same_claim_is_located_at_the_second(make_project):
    assert problems(make_project, CLAIMS.replace("contradicts: [other-judgment]", "contradicts: [judgment]")) == [
        "data/claims/claims.yaml:12:17: contradicts: claim 'first-claim' also supports 'judgment' "
        "(at data/claims/claims.yaml:10:12); a claim is evidence either for or against another: "
        "remove one of the two",
    ]


def test_a_reference_that_is_not_an_id_is_located(make_project):
    assert problems(make_project, CLAIMS.replace("contradicts: [other-judgment]", "contradicts: [Other Judgment]")) == [
        "data/claims/claims.yaml:12:17: contradicts[0]: 'Other Judgment' is not a valid ID; use 1-64 lowercase "
        "letters, digits and single hyphens, e.g. 'other-judgment'",
    ]


def test_a_reference_without_ref_and_an_unknown_key_are_located(make_project):
    claims = CLAIMS.replace(
        "    - ref: judgment\n      note: It is why we judge so.\n", "    - note: It is why.\n      reason: x\n"
    )
    assert problems(make_project, claims) == [
        "data/claims/claims.yaml:10:7: claim reference is missing the required field 'ref'",
        "data/claims/claims.yaml:11:7: unknown field 'reason' in claim reference",
    ]


def test_a_note_that_is_not_text_is_located(make_project):
    claims = CLAIMS.replace("note: It is why we judge so.", "note: [why]")
    assert problems(make_project, claims) == [
        "data/claims/claims.yaml:11:13: note: expected text, found a list",
    ]


# --- warnings -------------------------------------------------------------------------------------


def test_a_circle_of_supports_is_a_warning_where_it_closes(make_project):
    # first-claim → judgment → other-judgment → first-claim: the reasoning rests on itself.
    claims = CLAIMS.replace("  contradicts: [other-judgment]\n", "")
    claims = claims.replace(
        "  key: true\n- id: other-judgment", "  key: true\n  supports: [other-judgment]\n- id: other-judgment"
    )
    claims += "  supports: [first-claim]\n"
    assert problems(make_project, claims) == [
        "data/claims/claims.yaml:10:12: warning: supports: circular reasoning (first-claim → judgment → "
        "other-judgment → first-claim): each claim is offered as evidence for the next, so the chain rests on "
        "itself; remove one of these supports",
    ]


def test_two_claims_supporting_each_other_are_one_warning(make_project):
    claims = CLAIMS.replace(
        "  key: true\n- id: other-judgment", "  key: true\n  supports: [first-claim]\n- id: other-judgment"
    )
    assert problems(make_project, claims) == [
        "data/claims/claims.yaml:10:12: warning: supports: circular reasoning (first-claim → judgment → "
        "first-claim): each claim is offered as evidence for the next, so the chain rests on itself; remove one "
        "of these supports",
    ]


WITHDRAWN = "  status: withdrawn\n  status_note: The report was wrong.\n"


def test_evidence_from_a_withdrawn_claim_is_a_warning_at_each_reference(make_project):
    claims = FIRST + WITHDRAWN + JUDGMENTS
    assert problems(make_project, claims) == [
        "data/claims/claims.yaml:10:12: warning: supports: claim 'first-claim' is withdrawn, so it is no longer "
        "evidence for 'judgment'; remove 'judgment' from its supports",
        "data/claims/claims.yaml:12:17: warning: contradicts: claim 'first-claim' is withdrawn, so it is no "
        "longer evidence against 'other-judgment'; remove 'other-judgment' from its contradicts",
    ]


def test_evidence_for_a_withdrawn_claim_is_a_warning(make_project):
    claims = CLAIMS.replace("  confidence: moderate\n  key: true\n", "  confidence: moderate\n" + WITHDRAWN)
    assert problems(make_project, claims) == [
        "data/claims/claims.yaml:10:12: warning: supports: claim 'judgment' is withdrawn; evidence for it "
        "supports no judgment: remove the reference, or point it at the claim that replaces it",
    ]


def test_evidence_for_a_superseded_or_disputed_claim_is_let_through(make_project):
    claims = CLAIMS.replace("  confidence: moderate\n  key: true\n", "  confidence: moderate\n  status: disputed\n")
    assert problems(make_project, claims) == []


def test_check_reports_them_in_json_with_their_positions(make_project, capsys):
    from briefbook.adapters.cli import main

    claims = CLAIMS.replace("contradicts: [other-judgment]", "contradicts: [judgment]")
    claims = claims.replace(
        "  key: true\n- id: other-judgment", "  key: true\n  supports: [first-claim]\n- id: other-judgment"
    )
    code = main(["check", str(make_project({PATH: claims})), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["errors"], report["warnings"]) == (1, 1, 1)
    assert [(p["line"], p["column"], p["severity"], p["message"].split(":")[0]) for p in report["problems"]] == [
        (10, 12, "warning", "supports"),
        (12, 17, "error", "contradicts"),
    ]


def test_the_fields_are_in_the_published_json_schema():
    from briefbook.contract.json_schema import file_schema

    validator = jsonschema.Draft202012Validator(file_schema("claims"))
    claim = {"id": "a", "title": "t", "statement": "s", "themes": ["x"], "sources": ["p"]}
    good = {**claim, "supports": ["b", {"ref": "c", "note": "Why."}], "contradicts": [{"ref": "d"}]}
    assert list(validator.iter_errors([good])) == []
    for bad in ({"supports": "b"}, {"supports": [{"note": "no ref"}]}, {"contradicts": [{"ref": "d", "why": "x"}]}):
        assert list(validator.iter_errors([{**claim, **bad}])) != [], bad


# --- a briefing without evidence ------------------------------------------------------------------


def rendered(root) -> dict[str, str]:
    project = Project.at(root)
    result = check_project(project)
    renderer = make_site(result.briefing, Site("Test", "https://example.org/"), project.templates_dir)
    return {f.path: f.content() for f in site_files(renderer, with_home=False, project_root=project.root)}


def test_a_briefing_without_evidence_has_no_evidence_page_and_no_trace_of_it(make_project):
    pages = rendered(make_project())
    assert not [path for path in pages if path.startswith("evidence")]
    assert "data-bears-on" not in pages["timeline.md"] and 'name="evidence"' not in pages["timeline.md"]
    assert "The case" not in pages["claims/first-claim.md"]
    claim = json.loads(pages["api/claims/first-claim.json"])["claim"]
    assert (claim["supports"], claim["contradicts"], claim["supported_by"], claim["contradicted_by"]) == (
        [],
        [],
        [],
        [],
    )


def test_the_stamp_of_a_claim_changes_only_when_it_uses_the_fields(make_project):
    from briefbook.site.exports import stamp

    plain = check(make_project()).briefing.claims["first-claim"]
    assert stamp(plain) == "1502f528"  # as computed before format 1.1's evidence fields existed
    with_evidence = check(make_project({PATH: CLAIMS})).briefing.claims["first-claim"]
    assert stamp(with_evidence) != stamp(plain)


# --- what a reader sees ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    from conftest import write_files

    root = tmp_path_factory.mktemp("evidence") / "project"
    write_files(root, dict(MINIMAL))
    write_files(root, {PATH: CLAIMS})
    return build_site(root)


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")


def text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def links(tag) -> list[tuple[str, str]]:
    return [(a.get_text(" ", strip=True), a["href"]) for a in tag.find_all("a", href=True)]


def section(article, title: str, level: str = "h2") -> list:
    """The elements after a heading, up to the next heading of its level or higher."""
    heading = next(h for h in article.find_all(level) if h.get_text(strip=True).rstrip("¶") == title)
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2") or (level == "h3" and sibling.name == "h3"):
            break
        found.append(sibling)
    return found


def test_a_judgment_shows_the_evidence_for_it_with_date_confidence_note_and_sources(site):
    article = soup(site, "claims/judgment/index.html").find("article")
    items = next(el for el in section(article, "Evidence for", "h3") if el.name == "ul").find_all("li", recursive=False)
    assert [text(li) for li in items] == [
        "February 2024 : Something happened · Event · High confidence It is why we judge so. Sources: A report ."
    ]
    assert links(items[0]) == [("Something happened", "../first-claim/"), ("A report", "../../sources/report/")]
    assert not [h for h in article.find_all("h3") if h.get_text(strip=True).startswith("Evidence against")]


def test_a_judgment_shows_the_evidence_against_it(site):
    article = soup(site, "claims/other-judgment/index.html").find("article")
    items = next(el for el in section(article, "Evidence against", "h3") if el.name == "ul").find_all("li")
    assert [text(li) for li in items] == [
        "February 2024 : Something happened · Event · High confidence Sources: A report ."
    ]
    case_links = links(next(s for s in article.find_all("small") if "Evidence matrices" in s.get_text()))
    assert case_links == [
        ("Its evidence on the timeline", "../../timeline/?evidence=other-judgment"),
        ("Key judgments", "../../evidence/"),
        ("Security", "../../evidence/security/"),
    ]


def test_the_evidence_claim_shows_what_it_bears_on_and_how(site):
    article = soup(site, "claims/first-claim/index.html").find("article")
    items = next(el for el in section(article, "Evidence for other judgments") if el.name == "ul").find_all("li")
    assert [text(li) for li in items] == [
        "Evidence for A judgment · Moderate confidence It is why we judge so.",
        "Evidence against Another judgment · Low confidence",
    ]
    assert [links(li) for li in items] == [
        [("A judgment", "../judgment/")],
        [("Another judgment", "../other-judgment/")],
    ]
    # a claim with no evidence of its own shows no such section, and no case
    judgment = soup(site, "claims/judgment/index.html").find("article")
    assert "Evidence for other judgments" not in judgment.get_text()
    assert "The case" not in soup(site, "claims/first-claim/index.html").find("article").get_text()


def matrix(page) -> tuple[list[str], list[list[str]]]:
    table = page.find("table", class_="bb-matrix-table")
    columns = [text(th) for th in table.find("thead").find_all("th")]
    rows = [[text(cell) for cell in tr.find_all(["th", "td"])] for tr in table.find("tbody").find_all("tr")]
    return columns, rows


def test_the_key_judgments_matrix_marks_each_cell_and_links_it(site):
    page = soup(site, "evidence/index.html")
    columns, rows = matrix(page)
    assert columns == ["Evidence", "A judgment Moderate confidence", "Another judgment Low confidence"]
    assert rows == [["Something happened February 2024 · Event · bears on 2 judgments", "For", "Against"]]
    table = page.find("table", class_="bb-matrix-table")
    assert table.find("caption").get_text() == (
        "Key judgments: 2 judgments (columns) and the evidence for or against them (rows)"
    )
    assert [th["scope"] for th in table.find_all("th")] == ["col", "col", "col", "row"]
    row = table.find("tbody").find("tr")
    assert "bb-matrix-several" in row["class"]
    assert links(row) == [
        ("Something happened", "../claims/first-claim/"),
        ("For", "../claims/judgment/#the-case"),
        ("Against", "../claims/other-judgment/#the-case"),
    ]
    assert row.find("a", class_="bb-for")["title"] == "It is why we judge so."
    region = page.find("div", class_="bb-matrix")
    assert (region["role"], region["tabindex"], region["aria-labelledby"]) == (
        "region",
        "0",
        "matrix-key-judgments-caption",
    )


def test_a_theme_has_its_matrix_linked_from_its_page_and_blank_cells(make_project, tmp_path):
    # a third judgment on which the evidence does not bear: its cell is blank
    claims = CLAIMS + JUDGMENTS.replace("other-judgment", "third").split("- id: judgment")[0]
    claims += (
        "- id: third\n  title: A third\n  statement: S.\n  themes: [security]\n  sources: [report]\n  confidence: low\n"
    )
    claims += "- id: fourth\n  title: A fourth\n  statement: S.\n  themes: [security]\n  sources: [report]\n  confidence: low\n  supports: [third]\n"
    pages = rendered(make_project({PATH: claims}))
    assert "evidence/security.md" in pages
    assert (
        '<strong>Evidence:</strong> <a href="../../evidence/security/">the evidence matrix</a> of 3 judgments '
        "under this theme" in pages["themes/security.md"]
    )
    table = BeautifulSoup(pages["evidence/security.md"], "html.parser").find("table")
    cells = [
        [(td.get_text(), td.a["href"] if td.a else None) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    ]
    assert cells == [
        [("For", "../../claims/judgment/#the-case"), ("Against", "../../claims/other-judgment/#the-case"), ("", None)],
        [("", None), ("", None), ("For", "../../claims/third/#the-case")],
    ]
    assert '<a href="security/">Security</a>: 3 judgments, 2 claims of evidence' in pages["evidence.md"]


def test_the_key_judgments_link_to_their_matrix(site):
    home = soup(site, "index.html").find("article")
    assert ("The evidence for and against the key judgments", "evidence/") in links(home)


def test_the_timeline_filters_by_evidence_for_or_against_a_judgment(site):
    page = soup(site, "timeline/index.html")
    select = page.find("select", attrs={"name": "evidence"})
    assert [(o["value"], o.get_text()) for o in select.find_all("option")] == [
        ("", "Any claim"),
        ("judgment", "For or against: A judgment"),
        ("other-judgment", "For or against: Another judgment"),
    ]
    entry = page.find("ul", class_="bb-timeline").find("li")
    assert entry["data-bears-on"] == "judgment other-judgment"
    assert [li.get("data-bears-on") for li in page.find("ul", class_="bb-undated").find_all("li")] == [None, None]


def test_the_exports_carry_both_directions_and_validate(site):
    document = json.loads((site / "api" / "briefing.json").read_text("utf-8"))
    schema = json.loads((site / "api" / "schema" / "briefing.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    claims = {c["id"]: c for c in document["claims"]}
    base = "https://example.org/briefing/claims/"
    assert claims["first-claim"]["supports"] == [
        {"ref": "judgment", "title": "A judgment", "url": base + "judgment/", "note": "It is why we judge so."}
    ]
    assert claims["first-claim"]["contradicts"] == [
        {"ref": "other-judgment", "title": "Another judgment", "url": base + "other-judgment/"}
    ]
    evidence = {"ref": "first-claim", "title": "Something happened", "url": base + "first-claim/"}
    assert claims["judgment"]["supported_by"] == [{**evidence, "note": "It is why we judge so."}]
    assert claims["other-judgment"]["contradicted_by"] == [evidence]
    assert claims["judgment"]["contradicted_by"] == [] and claims["first-claim"]["supported_by"] == []
    one = json.loads((site / "api" / "claims" / "judgment.json").read_text("utf-8"))
    claim_schema = json.loads((site / "api" / "schema" / "claim.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(claim_schema).validate(one)
    assert one["claim"]["supported_by"] == claims["judgment"]["supported_by"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "api" / "claims.csv").read_text("utf-8")))}
    assert (rows["first-claim"]["supports"], rows["first-claim"]["contradicts"]) == ("judgment", "other-judgment")
    assert rows["judgment"]["supports"] == ""


def test_the_feed_notes_evidence_added_to_a_judgment_after_it_was_published(make_project):
    claims = CLAIMS.replace("  confidence: high\n", "  confidence: high\n  published: 2024-03-05\n", 1)
    claims = claims.replace("  confidence: moderate\n", "  confidence: moderate\n  published: 2024-03-01\n")
    claims = claims.replace("  confidence: low\n", "  confidence: low\n  published: 2024-03-10\n")
    feeds = rendered(make_project({PATH: claims}))
    feed = BeautifulSoup(feeds["feed.xml"], "xml")
    entries = [(e.find("title").get_text(), e.find("id").get_text()) for e in feed.find_all("entry")]
    assert entries == [
        ("Published: Another judgment", "https://example.org/claims/other-judgment/#published-2024-03-10"),
        ("Published: Something happened", "https://example.org/claims/first-claim/#published-2024-03-05"),
        ("New evidence for: A judgment", "https://example.org/claims/judgment/#evidence-2024-03-05-first-claim"),
        ("Published: A judgment", "https://example.org/claims/judgment/#published-2024-03-01"),
    ]
    entry = feed.find_all("entry")[2]
    assert entry.find("summary").get_text() == "New evidence for: Something happened. It is why we judge so."
    # evidence published before the judgment was there when it was first published: no event
    theme_feed = BeautifulSoup(feeds["feeds/themes/security.xml"], "xml")
    assert "New evidence against: Another judgment" not in theme_feed.get_text()


def test_a_note_is_shown_as_the_text_written_everywhere(make_project):
    # Markup in a note is text: on the judgment's page, in the matrix cell's title and in
    # the feed. Ordinary punctuation (a colon, an asterisk, an ampersand) reads as written.
    note = 'Why: <script>alert(1)</script> [x](javascript:alert(1)) *so* & "quoted"'
    claims = CLAIMS.replace("note: It is why we judge so.", f"note: '{note}'")
    claims = claims.replace("  confidence: high\n", "  confidence: high\n  published: 2024-03-05\n", 1)
    claims = claims.replace("  confidence: moderate\n", "  confidence: moderate\n  published: 2024-03-01\n")
    root = make_project({PATH: claims})
    assert messages(check(root)) == []
    site = build_site(root)
    article = soup(site, "claims/judgment/index.html").find("article")
    assert article.find("script") is None and not article.find_all("a", href=lambda h: "javascript" in h)
    assert note in text(article)
    cell = soup(site, "evidence/index.html").find("a", class_="bb-for")
    assert cell["title"] == note
    feed = BeautifulSoup((site / "feed.xml").read_text("utf-8"), "xml")
    summaries = [s.get_text() for s in feed.find_all("summary")]
    assert f"New evidence for: Something happened. {note}" in summaries


def test_the_matrices_are_not_indexed_for_search_and_the_claims_are(make_project):
    from test_search import PAGEFIND_YML

    site = build_site(make_project({"mkdocs.yml": PAGEFIND_YML, PATH: CLAIMS}))
    for page in ("evidence/index.html", "evidence/security/index.html"):
        assert soup(site, page).select("[data-pagefind-body]") == [], page
    assert soup(site, "claims/judgment/index.html").select("[data-pagefind-body]") != []


# --- the example: every relation, both ways -------------------------------------------------------


def case_links(article, heading: str) -> set[str]:
    """The claims listed under a heading of a claim page (their pages' folder names)."""
    found = [h for h in article.find_all(["h2", "h3"]) if h.get_text(strip=True).rstrip("¶") == heading]
    if not found:
        return set()
    items = found[0].find_next_sibling("ul").find_all("li", recursive=False)
    return {li.a["href"].rstrip("/").split("/")[-1] for li in items}


def test_every_relation_of_the_example_shows_both_ways(example_site):
    from conftest import ROOT

    claims = check(ROOT).briefing.claims
    relations = [
        (c.id, way, r.ref)
        for c in claims.values()
        for field, way in (("supports", "for"), ("contradicts", "against"))
        for r in getattr(c, field)
    ]
    assert len(relations) >= 50
    pages: dict[str, BeautifulSoup] = {}

    def article(claim_id: str):
        if claim_id not in pages:
            pages[claim_id] = soup(example_site.site, f"claims/{claim_id}/index.html").find("article")
        return pages[claim_id]

    for evidence, way, judgment in relations:
        assert evidence in case_links(article(judgment), f"Evidence {way}"), (evidence, way, judgment)
        bears_on = next(li for li in section(article(evidence), "Evidence for other judgments") if li.name == "ul")
        item = next(li for li in bears_on.find_all("li") if li.a["href"].rstrip("/").split("/")[-1] == judgment)
        assert text(item).startswith(f"Evidence {way} "), (evidence, way, judgment)
    # every key judgment shows its case, with evidence for it
    for claim in claims.values():
        if claim.key:
            assert case_links(article(claim.id), "Evidence for"), claim.id


def test_the_example_key_judgments_matrix_has_a_cell_for_every_relation_and_no_other(example_site):
    from conftest import ROOT

    claims = check(ROOT).briefing.claims
    expected = {
        (c.id, way, r.ref)
        for c in claims.values()
        for field, way in (("supports", "for"), ("contradicts", "against"))
        for r in getattr(c, field)
        if claims[r.ref].key
    }
    table = soup(example_site.site, "evidence/index.html").find("table", class_="bb-matrix-table")
    columns = [th.a["href"].rstrip("/").split("/")[-1] for th in table.thead.find_all("th", attrs={"data-col": True})]
    assert columns == [c.id for c in claims.values() if c.key]
    found = set()
    for row in table.tbody.find_all("tr"):
        evidence = row.th.a["href"].rstrip("/").split("/")[-1]
        for column, cell in zip(columns, row.find_all("td"), strict=True):
            if cell.a is not None:
                way = "for" if cell.a["class"] == ["bb-for"] else "against"
                assert cell.a["href"].endswith(f"claims/{column}/#the-case")
                found.add((evidence, way, column))
    assert found == expected
