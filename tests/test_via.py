"""A source known only through another (format 1.1: a source reference's `via`).

The errors are located like every other (`file:line:column`), ordinary chains are let
through, and a reader sees "as reported by" on the claim page, the source page, the
sources index, the JSON/CSV exports and the sources' CSL-JSON.

The claim file used here (VIA_CLAIM) is the minimal claim with its sources written in
block form:

    1  - id: first-claim
    2    title: Something happened
    3    statement: It happened in [Mali](actor:mali).
    4    date: 2024-02
    5    actors: [mali]
    6    themes: [security]
    7    sources:
    8      - ref: paper
    9        via: report
   10    confidence: high
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

CLAIM = textwrap.dedent(MINIMAL["data/claims/claims.yaml"])
VIA_CLAIM = CLAIM.replace("  sources: [report]\n", "  sources:\n    - ref: paper\n      via: report\n")
SOURCES = textwrap.dedent(MINIMAL["data/sources.yaml"]) + textwrap.dedent(
    """\
    - id: paper
      type: article-newspaper
      title: "[Report on the events]"
      container-title: The Daily
      issued: 2024-02-21
    - id: wire
      type: article-newspaper
      title: Wire story
    """
)
SECOND_CLAIM = """\
- id: second-claim
  title: Another thing
  statement: Another thing happened.
  themes: [security]
  sources:
    - ref: wire
      via: paper
  confidence: low
"""
"""Appended after VIA_CLAIM it takes lines 11-18; its `via` value is at 17:12."""


def problems(make_project, claims: str, sources: str = SOURCES) -> list[str]:
    return messages(check(make_project({"data/sources.yaml": sources, "data/claims/claims.yaml": claims})))


def test_a_source_known_through_another_is_accepted(make_project):
    assert problems(make_project, VIA_CLAIM + SECOND_CLAIM) == []


def test_a_chain_of_via_that_does_not_loop_is_accepted(make_project):
    # wire via paper, paper via report: report was read, the chain ends there.
    result = check(make_project({"data/sources.yaml": SOURCES, "data/claims/claims.yaml": VIA_CLAIM + SECOND_CLAIM}))
    assert messages(result) == []
    refs = [r for c in result.briefing.claims.values() for r in c.sources]
    assert [(r.ref, r.via) for r in refs] == [("paper", "report"), ("wire", "paper")]


def test_a_source_used_only_as_via_is_not_reported_as_uncited(make_project):
    # `report` is cited by no claim directly, only as the source `paper` was read in.
    assert problems(make_project, VIA_CLAIM + SECOND_CLAIM) == []
    only_direct = VIA_CLAIM.replace("      via: report\n", "")
    assert problems(make_project, only_direct + SECOND_CLAIM) == [
        "data/sources.yaml:1:7: warning: source 'report' is cited by no claim; cite it in a claim's sources, "
        "or remove it"
    ]


def test_unknown_via_is_located(make_project):
    claim = VIA_CLAIM.replace("via: report", "via: reprt")
    assert problems(make_project, claim + SECOND_CLAIM) == [
        "data/claims/claims.yaml:9:12: via: unknown source ID 'reprt' (did you mean 'report'?); "
        "correct the ID, or add the source to data/sources.yaml",
        "data/sources.yaml:1:7: warning: source 'report' is cited by no claim; cite it in a claim's sources, "
        "or remove it",
    ]


def test_via_to_the_reference_itself_is_located(make_project):
    claim = VIA_CLAIM.replace("via: report", "via: paper")
    assert problems(make_project, claim + SECOND_CLAIM.replace("via: paper", "via: report")) == [
        "data/claims/claims.yaml:9:12: via: source 'paper' cannot be reported by itself; give the ID of the "
        "source you read it in, or remove via if you read this one directly",
    ]


def test_via_that_is_not_an_id_is_located(make_project):
    claim = VIA_CLAIM.replace("via: report", "via: [report]")
    assert problems(make_project, claim + SECOND_CLAIM) == [
        "data/claims/claims.yaml:9:12: via: expected an ID, found a list",
        "data/sources.yaml:1:7: warning: source 'report' is cited by no claim; cite it in a claim's sources, "
        "or remove it",
    ]


def test_a_loop_of_via_is_reported_once_where_it_closes(make_project):
    # paper via report (claim 1), report via wire (claim 3), wire via paper (claim 2): nobody read anything.
    third = (
        SECOND_CLAIM.replace("second-claim", "third-claim")
        .replace("ref: wire", "ref: report")
        .replace("via: paper", "via: wire")
    )
    assert problems(make_project, VIA_CLAIM + SECOND_CLAIM + third) == [
        "data/claims/claims.yaml:9:12: via: sources are known only through one another in a loop "
        "(paper → report → wire → paper); one of them must be the source you read: remove via from one of "
        "these references",
    ]


def test_a_loop_of_two_is_reported_at_the_first_reference(make_project):
    second = SECOND_CLAIM.replace("ref: wire", "ref: report")
    assert problems(make_project, VIA_CLAIM + second) == [
        "data/claims/claims.yaml:9:12: via: sources are known only through one another in a loop "
        "(paper → report → paper); one of them must be the source you read: remove via from one of "
        "these references",
        "data/sources.yaml:9:7: warning: source 'wire' is cited by no claim; cite it in a claim's sources, "
        "or remove it",
    ]


def test_via_is_in_the_published_json_schema(make_project):
    from briefbook.contract.json_schema import file_schema

    validator = jsonschema.Draft202012Validator(file_schema("claims"))
    claim = {"id": "a", "title": "t", "statement": "s", "themes": ["x"], "sources": [{"ref": "p", "via": "r"}]}
    assert list(validator.iter_errors([claim])) == []
    claim["sources"] = [{"ref": "p", "via": "Not an ID"}]
    assert list(validator.iter_errors([claim])) != []


# --- what a reader sees -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    from conftest import write_files

    root = tmp_path_factory.mktemp("via") / "project"
    write_files(root, dict(MINIMAL))
    write_files(root, {"data/sources.yaml": SOURCES, "data/claims/claims.yaml": VIA_CLAIM + SECOND_CLAIM})
    return build_site(root)


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")


def links(tag) -> list[tuple[str, str]]:
    return [(a.get_text(" ", strip=True), a["href"]) for a in tag.find_all("a", href=True)]


def test_claim_page_says_as_reported_by_with_a_link(site):
    article = soup(site, "claims/first-claim/index.html").find("article")
    heading = next(h for h in article.find_all("h2") if h.get_text(strip=True) == "Sources")
    item = heading.find_next("ol").find("li")
    text = " ".join(item.get_text(" ", strip=True).split())
    assert text == "[Report on the events] , The Daily, 21 February 2024, as reported by A report ."
    assert links(item) == [("[Report on the events]", "../../sources/paper/"), ("A report", "../../sources/report/")]


def test_source_page_names_the_sources_it_is_known_through(site):
    article = soup(site, "sources/paper/index.html").find("article")
    term = next(dt for dt in article.find_all("dt") if dt.get_text(strip=True) == "As reported by")
    assert links(term.find_next_sibling("dd")) == [("A report", "../report/")]
    # a source read directly says nothing of the kind
    report = soup(site, "sources/report/index.html").find("article")
    assert "As reported by" not in report.get_text()


def test_the_via_source_lists_the_claims_that_rely_on_it(site):
    # `paper` is cited by first-claim directly and by second-claim as the source `wire` was read in.
    article = soup(site, "sources/report/index.html").find("article")
    assert ("Something happened", "../../claims/first-claim/") in links(article)
    index = soup(site, "sources/index.html").find("article")
    item = next(li for li in index.find_all("li") if "[Report on the events]" in li.get_text())
    assert " ".join(item.get_text(" ", strip=True).split()) == (
        "[Report on the events] . The Daily, 21 February 2024, as reported by A report . Cited by 2."
    )


def test_exports_carry_via(site):
    document = json.loads((site / "api" / "briefing.json").read_text("utf-8"))
    schema = json.loads((site / "api" / "schema" / "briefing.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    claim = {c["id"]: c for c in document["claims"]}["first-claim"]
    assert claim["sources"] == [
        {
            "ref": "paper",
            "via": "report",
            "title": "[Report on the events]",
            "url": "https://example.org/briefing/sources/paper/",
            "via_title": "A report",
            "via_url": "https://example.org/briefing/sources/report/",
        }
    ]
    sources = {s["id"]: s for s in document["sources"]}
    assert sources["paper"]["reported_by"] == [
        {"id": "report", "name": "A report", "url": "https://example.org/briefing/sources/report/"}
    ]
    assert "reported_by" not in sources["report"]
    assert sources["paper"]["csl"]["note"] == "As reported by A report"
    one = json.loads((site / "api" / "claims" / "first-claim.json").read_text("utf-8"))
    assert one["claim"]["sources"] == claim["sources"]
    csl = {item["id"]: item for item in json.loads((site / "api" / "sources.json").read_text("utf-8"))}
    assert csl["paper"]["note"] == "As reported by A report"
    assert "note" not in csl["report"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "api" / "claims.csv").read_text("utf-8")))}
    assert rows["first-claim"]["sources"] == "paper"
    assert rows["first-claim"]["sources_via"] == "paper via report"
    assert rows["second-claim"]["sources_via"] == "wire via paper"


def test_csl_note_of_the_analyst_is_kept(make_project):
    from briefbook.site.exports import source_csl

    result = check(
        make_project(
            {
                "data/sources.yaml": SOURCES.replace(
                    "  issued: 2024-02-21\n", "  issued: 2024-02-21\n  note: Paywalled.\n"
                ),
                "data/claims/claims.yaml": VIA_CLAIM,
            }
        )
    )
    sources = result.briefing.sources
    assert source_csl(sources["paper"], (sources["report"],))["note"] == "Paywalled. As reported by A report"
    assert source_csl(sources["paper"])["note"] == "Paywalled."


def test_a_claim_without_via_keeps_its_version_stamp():
    # via is left out of the normalised record when absent, so existing stamps do not move.
    from briefbook.briefing.model import Claim, SourceRef
    from briefbook.contract.fields import Markdown
    from briefbook.problems import Position
    from briefbook.site.exports import claim_record

    statement = Markdown("s", Position("x.yaml", 1, 1), "s")
    plain = Claim("a", "t", statement, "assessment", ("x",), (SourceRef("p"),))
    assert claim_record(plain)["sources"] == [{"ref": "p"}]
    relayed = Claim("a", "t", statement, "assessment", ("x",), (SourceRef("p", via="r"),))
    assert claim_record(relayed)["sources"] == [{"ref": "p", "via": "r"}]
