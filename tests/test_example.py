"""The example briefing shipped in this repository: clean data, a strict frozen build,
no broken link, and the counts issue #3 promises."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import build_site, check, messages
from linkcheck import check_site

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example project (a build must not write into the checkout)."""
    root = tmp_path_factory.mktemp("example")
    for name in ("mkdocs.yml", "content", "data", "templates"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copyfile(source, root / name)
    return root


def test_example_checks_with_no_error_and_no_warning_in_frozen_mode(example):
    assert messages(check(example, frozen=True)) == []


def test_example_has_the_promised_breadth(example):
    briefing = check(example).briefing
    claims = briefing.claims.values()
    assert len(claims) >= 60
    assert len(briefing.actors) >= 25
    assert len(briefing.themes) >= 8
    assert 4 <= sum(c.key for c in claims) <= 6
    assert all(c.confidence for c in claims)
    assert {c.kind for c in claims} == {"event", "assessment", "statement"}
    years = {c.date.year for c in claims if c.date}
    assert min(years) == 2012 and max(years) == 2024
    assert not any(s.url for s in briefing.sources.values()), "the example must never invent a URL"


def test_example_builds_strict_and_frozen_with_no_broken_link(example):
    ledger = (example / "data" / "permalinks.lock").read_text("utf-8")
    (example / "mkdocs.yml").write_text(
        (example / "mkdocs.yml")
        .read_text("utf-8")
        .replace("!ENV [BRIEFBOOK_FROZEN, false]", "true")
        .replace("!ENV [BRIEFBOOK_PREVIEW, false]", "true"),
        "utf-8",
    )
    site = build_site(example, strict=True)
    assert check_site(site) == []
    assert (example / "data" / "permalinks.lock").read_text("utf-8") == ledger
    assert (site / "claims" / "kidal-recaptured" / "index.html").is_file()


# --- the example says exactly what its source says (issue #20) ----------------------------------

ANALYSIS = "mali-wagner-russia-analysis"

SOURCE_DATES = {
    # claim ID: (EDTF date, date label or None). Every dated event or statement of the
    # source analysis (/work/shared/seed/), at the precision the analysis gives it.
    "kidal-lost-2012": ("2012-03", None),
    "zarif-visit-bamako-2016": ("2016", None),
    "military-coup-2020": ("2020", None),
    "amir-abdollahian-visit-mali-2022": ("2022-08", None),
    "china-urges-support-for-mali": ("2023-01", None),
    "turkey-tb2-first-delivery": ("2023-03", None),
    "mali-iran-defence-ministers-tehran": ("2023-05", "late May 2023"),
    "wagner-mutiny-2023": ("2023-06", None),
    "mining-law-amended": ("2023-08", None),
    "alliance-of-sahel-states-announced": ("2023-09", None),
    # "concurrently" with the alliance's announcement: approximate
    "aes-economic-union-proposed": ("2023-09~", None),
    # dated only as preceding the army's statement of October 2023: uncertain
    "mali-minister-meets-iranian-ambassador": ("2023-10?", "by October 2023"),
    "fama-iran-cooperation-commitment": ("2023-10", None),
    "kidal-recaptured": ("2023-11", None),
    "goita-kidal-speech": ("2023-11", None),
    "wagner-kidal-flag-video": ("2023-11", None),
    "diversification-declared-at-kidal": ("2023-11", None),
    "morocco-atlantic-initiative": ("2023-11", None),
    "aes-confederation-recommended": ("2023-12", None),
    "blood-gold-report-estimate": ("2023-12", None),
    "turkey-tb2-further-delivery": ("2024", "earlier in 2024"),
    "intahaka-ultimatum": ("2024-02", None),
    "intahaka-mine-seized": ("2024-02", None),
    "diop-lavrov-moscow": ("2024-02", "late February 2024"),
    "diop-diversification-moscow": ("2024-02", "late February 2024"),
    "aes-joint-force-announced": ("2024-03", None),
    "july-2024-losses": ("2024-07", None),
    "bear-brigade-withdrawal": ("2024-08", "late August 2024"),
    "focac-norinco-agreement": ("2024-09", None),
    "china-mali-strategic-partnership": ("2024-09", None),
    "goita-praises-china-expertise": ("2024-09?", None),
    "mali-brics-aspiration": ("2024-09", "late September 2024"),
    "us-un-ambassador-meets-mali-fm": ("2024-09-30", None),
    "turkey-mali-consultations": ("2024-10", None),
    "turkish-parliamentary-delegation": ("2024-10", None),
    "jeune-afrique-wagner-contempt": ("2024-10-20", None),
    # "concurrently" with Le Monde's report of 21 October: approximate
    "jeune-afrique-departure-speculation": ("2024-10-21~", None),
    # the date of the report is not the date of the event
    "tinzaouaten-operation-halted": ("2024-07/2024-10-21", "after the July 2024 losses; reported 21 October 2024"),
    "spain-training-talks": ("2024-10?", "under way when reported on 25 October 2024"),
}
REPORT_DATES = {
    "le-monde-2024-10-21": "2024-10-21",
    "jeune-afrique-2024-10-20": "2024-10-20",
    "jeune-afrique-series-2024-10": "2024-10-21~",
    "el-pais-2024-10-25": "2024-10-25",
    "blood-gold-report": "2023-12",
}


@pytest.fixture(scope="module")
def briefing(example):
    return check(example).briefing


def test_every_dated_event_of_the_source_at_its_precision(briefing):
    dated = {c.id: (c.date.edtf(), c.date_label) for c in briefing.claims.values() if c.date}
    assert dated == SOURCE_DATES
    assert {s: briefing.sources[s].issued.edtf() for s in REPORT_DATES} == REPORT_DATES
    # format 1.1: an interval's end comes after its start (both its earliest and latest days)
    dates = [c.date for c in briefing.claims.values() if c.date] + [
        s.issued for s in briefing.sources.values() if s.issued
    ]
    for date in dates:
        if date.end is not None:
            assert date.end.earliest > date.start.earliest and date.end.latest > date.start.latest, date.edtf()


def test_sources_known_only_through_the_analysis_are_never_graded_or_quoted(briefing):
    refs = [r for c in briefing.claims.values() for r in c.sources]
    relayed = {r.ref for r in refs if r.via}
    assert relayed == set(REPORT_DATES), "every press report and the Blood Gold Report are known through the analysis"
    for ref in refs:
        if ref.ref in relayed:
            assert ref.via == ANALYSIS, ref
            assert ref.credibility is None and ref.quote is None, f"{ref.ref} is graded or quoted but was not read"
    for source_id in relayed:
        source = briefing.sources[source_id]
        assert source.reliability is None and source.language is None, source_id
    # a title that is our description of a source is marked as one (CSL: in square brackets)
    described = {s.id for s in briefing.sources.values() if s.title.startswith("[") and s.title.endswith("]")}
    assert described == set(REPORT_DATES) - {"blood-gold-report"} | {ANALYSIS}


def test_likelihood_only_where_the_source_estimates_one(briefing):
    # "likely to escalate"; "unlikely to be tolerated" for a headline that says "will not tolerate"
    rated = {c.id: c.likelihood for c in briefing.claims.values() if c.likelihood}
    assert rated == {"wagner-confrontation-likely": "likely", "local-leaders-unlikely-to-tolerate-wagner": "likely"}
    for claim_id in ("mali-wagner-rift-realistic", "wagner-redeployment-to-ukraine-possible"):
        assert "no estimate" in briefing.claims[claim_id].statement.text


def test_actors_are_typed_as_the_source_describes_them(briefing):
    assert briefing.actors["africa-corps"].kind == "armed-forces"
    assert briefing.actors["africa-corps"].part_of == ("russia",)
    assert briefing.actors["bear-brigade"].kind != "private-military-company"


def test_relayed_sources_read_as_reported_by_the_analysis(example):
    site = example / "site"
    if not site.is_dir():
        site = build_site(example, strict=True)
    page = (site / "claims" / "tinzaouaten-operation-halted" / "index.html").read_text("utf-8")
    assert "as reported by" in page and f'href="../../sources/{ANALYSIS}/"' in page
