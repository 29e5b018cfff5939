"""Citing and reuse (issue #4): every format read back by an independent parser."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import bibtexparser
import feedparser
import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup
from conftest import build_site, check, write_files
from mkdocs.exceptions import Abort

from briefbook.adapters.cli import main as cli_main
from briefbook.contract.vocabularies import CSL_TYPES
from briefbook.site.exports import stamp

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
SITE_URL = "https://example.org/briefing/"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture, built once; returns the site folder."""
    root = tmp_path_factory.mktemp("citing") / "small"
    shutil.copytree(FIXTURE, root)
    return build_site(root)


def claim_soup(site: Path, claim_id: str) -> BeautifulSoup:
    return BeautifulSoup((site / "claims" / claim_id / "index.html").read_text("utf-8"), "html.parser")


def version_of(site: Path, claim_id: str) -> str:
    return json.loads((site / "api" / "claims" / f"{claim_id}.json").read_text("utf-8"))["claim"]["version"]


# -- the cite box ------------------------------------------------------------------------------


def test_cite_box_offers_every_format_once_with_a_copy_button_and_a_download(small):
    soup = claim_soup(small, "border-clash")
    box = soup.find(class_="bb-cite")
    labels = [label.get_text(strip=True) for label in box.select(".tabbed-labels label")]
    assert labels == ["Chicago (notes and bibliography)", "APA", "BibTeX", "RIS", "CSL-JSON"]
    blocks = box.select(".tabbed-block")
    assert len(blocks) == 5
    for block in blocks:  # each citation once: formatted text, or a code block for the data formats
        assert len(block.select(".bb-citation")) + len(block.find_all("pre")) == 1, block
        [copy] = block.select("button[data-clipboard-target]")  # Material's clipboard copies the target
        assert block.select_one(copy["data-clipboard-target"]) is not None
    assert len(box.find_all("pre")) == 3
    assert "no-copy" in box["class"]  # no copy button of Material's laid over the text
    assert box.get_text().count("Small Briefing, March 10, 2024") == 1  # Chicago shown once
    downloads = [a for a in box.find_all("a", href=True) if a.has_attr("download")]
    assert len(downloads) == 5
    for link in downloads:
        target = (small / "claims" / "border-clash" / link["href"]).resolve()
        assert target.is_file(), link["href"]


def test_chicago_and_apa_citations_are_exact(small):
    """Golden citations for one fixture claim, as the CSL styles format them."""
    version = version_of(small, "border-clash")
    chicago = (small / "api" / "claims" / "border-clash.chicago.txt").read_text("utf-8")
    apa = (small / "api" / "claims" / "border-clash.apa.txt").read_text("utf-8")
    assert chicago == (
        "Example Analysis Unit. “Ruritanian Troops and the Red Hand Front Exchange Fire at the Marlow "
        f"Crossing.” Small Briefing, March 10, 2024. {SITE_URL}claims/border-clash/. Version {version}.\n"
    )
    assert apa == (
        "Example Analysis Unit. (2024, March 10). Ruritanian troops and the Red Hand Front exchange fire "
        f"at the Marlow crossing. Small Briefing. {SITE_URL}claims/border-clash/ Version {version}.\n"
    )
    html = str(claim_soup(small, "border-clash").find(class_="bb-cite"))
    assert "<i>Ruritanian troops and the Red Hand Front exchange fire at the Marlow crossing</i>" in html


def test_bibtex_parses_with_an_independent_parser(small):
    text = (small / "api" / "claims" / "border-clash.bib").read_text("utf-8")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.key == "border-clash"
    assert entry.entry_type == "misc"
    fields = {f.key: f.value for f in entry.fields}
    # in braces: no BibTeX style changes its case ("Red Hand Front" stays)
    assert fields["title"] == "{Ruritanian troops and the Red Hand Front exchange fire at the Marlow crossing}"
    assert fields["url"] == f"{SITE_URL}claims/border-clash/"
    assert fields["author"] == "{Example Analysis Unit}"
    assert fields["note"] == f"Version {version_of(small, 'border-clash')}"
    assert fields["year"] == "2024"


def test_ris_reads_back(small):
    text = (small / "api" / "claims" / "border-clash.ris").read_text("utf-8")
    [record] = rispy.loads(text)
    assert record["type_of_reference"] == "ELEC"
    assert record["title"].startswith("Ruritanian troops")
    assert record["urls"] == [f"{SITE_URL}claims/border-clash/"]
    assert record["authors"] == ["Example Analysis Unit"]
    assert record["notes"] == [f"Version {version_of(small, 'border-clash')}"]


def test_csl_json_is_a_csl_item_with_the_permalink_and_last_change(small):
    [item] = json.loads((small / "api" / "claims" / "border-clash.csl.json").read_text("utf-8"))
    assert item["type"] == "webpage"
    assert item["URL"] == f"{SITE_URL}claims/border-clash/"
    assert item["container-title"] == "Small briefing"
    assert item["author"] == [{"literal": "Example Analysis Unit"}]
    assert item["issued"] == {"date-parts": [[2024, 3, 10]]}  # `updated` wins over `published`
    assert "accessed" not in item  # left to the reader


# -- version stamps ------------------------------------------------------------------------------


def test_stamp_changes_with_the_statement_but_not_with_layout_or_key_order(make_project):
    base = check(make_project()).briefing.claims["first-claim"]
    reordered = check(
        make_project(
            {
                "data/claims/claims.yaml": None,
                "data/claims/2024/february.yml": """\
                    - confidence: high
                      sources:
                      - report
                      themes: [security]
                      actors:
                        - mali
                      date: "2024-02"
                      statement: "It happened in [Mali](actor:mali)."
                      title: 'Something happened'
                      id: first-claim
                      kind: event
                    """,
            }
        )
    ).briefing.claims["first-claim"]
    assert stamp(reordered) == stamp(base)
    edited = check(
        make_project(
            {
                "data/claims/2024/february.yml": None,
                "data/claims/claims.yaml": """\
            - id: first-claim
              title: Something happened
              statement: It happened in [Mali](actor:mali), twice.
              date: 2024-02
              actors: [mali]
              themes: [security]
              sources: [report]
              confidence: high
            """,
            }
        )
    ).briefing.claims["first-claim"]
    assert stamp(edited) != stamp(base)


def test_stamp_is_shown_on_the_page_and_in_every_export(small):
    version = version_of(small, "border-clash")
    soup = claim_soup(small, "border-clash")
    assert version in soup.find("small", class_="bb-version").get_text()
    for suffix in (".bib", ".ris", ".csl.json", ".chicago.txt", ".apa.txt"):
        assert version in (small / "api" / "claims" / f"border-clash{suffix}").read_text("utf-8"), suffix
    document = json.loads((small / "api" / "briefing.json").read_text("utf-8"))
    assert {c["id"]: c["version"] for c in document["claims"]}["border-clash"] == version
    rows = list(csv.DictReader(io.StringIO((small / "api" / "claims.csv").read_text("utf-8"))))
    assert {r["id"]: r["version"] for r in rows}["border-clash"] == version


# -- exports -------------------------------------------------------------------------------------


def test_json_exports_validate_against_their_published_schemas(small):
    briefing_schema = json.loads((small / "api" / "schema" / "briefing.schema.json").read_text("utf-8"))
    claim_schema = json.loads((small / "api" / "schema" / "claim.schema.json").read_text("utf-8"))
    document = json.loads((small / "api" / "briefing.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(briefing_schema).validate(document)
    assert document["format_version"] == 1
    for path in sorted((small / "api" / "claims").glob("*.json")):
        if not path.name.endswith(".csl.json"):
            jsonschema.Draft202012Validator(claim_schema).validate(json.loads(path.read_text("utf-8")))
    claim = {c["id"]: c for c in document["claims"]}["border-clash"]
    assert claim["url"] == f"{SITE_URL}claims/border-clash/"
    names = {a["id"]: a["name"] for a in document["actors"]}
    assert claim["actors"] == [
        {"id": a, "name": names[a], "url": f"{SITE_URL}actors/{a}/"} for a in ("ruritanian-army", "red-hand")
    ]


def test_csv_has_one_row_per_claim_with_lists_joined(small):
    rows = list(csv.DictReader(io.StringIO((small / "api" / "claims.csv").read_text("utf-8"))))
    document = json.loads((small / "api" / "briefing.json").read_text("utf-8"))
    assert [r["id"] for r in rows] == [c["id"] for c in document["claims"]]
    row = {r["id"]: r for r in rows}["border-clash"]
    claim = {c["id"]: c for c in document["claims"]}["border-clash"]
    assert row["actors"] == "; ".join(a["id"] for a in claim["actors"])
    assert row["url"] == claim["url"]
    assert row["statement"] == claim["statement"]


def test_sources_as_csl_json(small):
    items = json.loads((small / "api" / "sources.json").read_text("utf-8"))
    assert all({"id", "type", "title"} <= set(item) for item in items)
    assert all(item["type"] in CSL_TYPES for item in items)


def test_export_command_writes_the_same_document_without_building(tmp_path, capsys):
    root = tmp_path / "small"
    shutil.copytree(FIXTURE, root)
    out = tmp_path / "briefing.json"
    assert cli_main(["export", str(root), "--out", str(out)]) == 0
    document = json.loads(out.read_text("utf-8"))
    assert len(document["claims"]) == len(check(root).briefing.claims)
    assert not (root / "site").exists()


# -- feeds and what's new -------------------------------------------------------------------------


def test_atom_feed_is_valid_and_newest_first(small):
    feed = feedparser.parse((small / "feed.xml").read_text("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == "en"  # xml:lang, the site's language
    dates = [entry.updated_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert all(entry.link.startswith(SITE_URL + "claims/") for entry in feed.entries)
    assert any(entry.title.startswith("Updated: ") for entry in feed.entries)


def test_one_feed_per_actor_and_theme_with_only_their_claims(small):
    document = json.loads((small / "api" / "briefing.json").read_text("utf-8"))
    for actor in document["actors"]:
        feed = feedparser.parse((small / "feeds" / "actors" / f"{actor['id']}.xml").read_text("utf-8"))
        assert not feed.bozo
        expected = {
            c["url"] for c in document["claims"] if any(a["id"] == actor["id"] for a in c["actors"]) and c["published"]
        }
        assert {entry.link for entry in feed.entries} == expected, actor["id"]
    for theme in document["themes"]:
        assert not feedparser.parse((small / "feeds" / "themes" / f"{theme['id']}.xml").read_text("utf-8")).bozo


def test_whats_new_lists_changes_newest_first_grouped_by_date(small):
    soup = BeautifulSoup((small / "whats-new" / "index.html").read_text("utf-8"), "html.parser")
    article = soup.find("article")
    days = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")]
    assert days[0] == "1 April 2024"
    assert "10 March 2024" in days
    assert article.find("a", href="../feed.xml") is not None


# -- structured data ---------------------------------------------------------------------------


def test_claim_page_head_carries_schema_org_claim(small):
    soup = claim_soup(small, "border-clash")
    [script] = soup.head.find_all("script", type="application/ld+json")
    data = json.loads(script.get_text())
    assert data["@type"] == "Claim"
    assert data["url"] == f"{SITE_URL}claims/border-clash/"
    assert data["datePublished"] == "2024-03-01" and data["dateModified"] == "2024-03-10"
    assert data["author"] == {"@type": "Organization", "name": "Example Analysis Unit"}
    assert data["appearance"] and data["citation"]
    assert all(work["@type"] == "CreativeWork" and work["name"] for work in data["citation"])
    assert data["inLanguage"] == "en"  # the site's language; a source's own, when the data gives it
    assert {work.get("inLanguage") for work in data["citation"]} <= {"en", "fr", None}
    assert not soup.body.find_all("script", type="application/ld+json")


@pytest.mark.parametrize(("actor_id", "schema_type"), [("ruritania", "Country"), ("anna-ostrava", "Person")])
def test_actor_page_head_carries_its_schema_org_type(small, actor_id, schema_type):
    soup = BeautifulSoup((small / "actors" / actor_id / "index.html").read_text("utf-8"), "html.parser")
    [script] = soup.head.find_all("script", type="application/ld+json")
    data = json.loads(script.get_text())
    assert data["@type"] == schema_type
    assert data["url"] == f"{SITE_URL}actors/{actor_id}/"


# -- without site_url -----------------------------------------------------------------------------


def test_without_site_url_a_clear_warning_and_no_broken_citation(make_project, caplog):
    root = make_project()
    write_files(
        root,
        {
            "mkdocs.yml": (root / "mkdocs.yml")
            .read_text("utf-8")
            .replace("site_url: https://example.org/briefing/\n", "")
        },
    )
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert any("site_url is not set" in record.getMessage() for record in caplog.records)
    site = build_site(root, strict=False)
    assert not (site / "feed.xml").exists()
    text = claim_soup(site, "first-claim").find(class_="bb-cite").get_text()
    assert "/claims/first-claim/" in text


# -- a first build formats citations in another process ----------------------------------------


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the sitemap (it carries the build date)."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap.xml")
    }


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty citation cache, as on a first build or in CI, and one worker process
    to format it whatever the machine's core count."""
    cache = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("BRIEFBOOK_WORKERS", "1")
    return cache


def copy_fixture(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURE, root)
    return root


def test_a_first_build_gives_the_same_site_as_a_build_from_the_cache(tmp_path, fresh_cache, monkeypatch):
    """With an empty cache the citations are formatted in a worker process while the
    pages convert; what lands in the site is what a cached build writes."""
    from briefbook.site import citations as cite

    started: list[int] = []

    class Recorded(cite.BackgroundFormatting):
        def __init__(self, jobs, workers, **options):
            started.append(len(jobs))
            super().__init__(jobs, workers, **options)

    monkeypatch.setattr(cite, "BackgroundFormatting", Recorded)
    first = site_files(build_site(copy_fixture(tmp_path, "first")))
    assert started and started[0] >= cite.BACKGROUND_MIN, "the first build formats in the background"
    assert list(fresh_cache.rglob("citations-*.json")), "the first build fills the cache"
    again = site_files(build_site(copy_fixture(tmp_path, "again")))
    assert len(started) == 1, "the second build finds every citation in the cache"
    assert first.keys() == again.keys()
    assert [path for path in first if first[path] != again[path]] == []
    assert not [path for path, data in first.items() if b"bbcite" in data]
    bib = first["api/claims/border-clash.bib"].decode("utf-8")
    assert bib.startswith("@misc{border-clash,") and "bbcite" not in bib
    page = BeautifulSoup(first["claims/border-clash/index.html"].decode("utf-8"), "html.parser")
    assert page.find(class_="bb-citation").get_text().startswith("Example Analysis Unit.")


def test_pages_written_before_their_citations_are_in_get_them_after_the_last_page(tmp_path, fresh_cache, monkeypatch):
    """A first build does not stop at the first claim page until every citation is
    formatted: pages written meanwhile keep their placeholders and are filled once
    MkDocs has written the last page. Here no citation is ever in early, so every claim
    page takes that path; the site is the one a build from the cache writes."""
    from briefbook.adapters import mkdocs_citations
    from briefbook.site.files import BackgroundCitations

    deferred: list[int] = []
    fill_after = mkdocs_citations.PageCitations.finish

    def finish(self):
        deferred.append(len(self.unfilled))
        fill_after(self)

    monkeypatch.setattr(BackgroundCitations, "ready", lambda self: False)
    monkeypatch.setattr(mkdocs_citations.PageCitations, "finish", finish)
    first = site_files(build_site(copy_fixture(tmp_path, "first")))
    assert deferred and deferred[0] >= 5, "the claim pages were written before their citations"
    assert not [path for path, data in first.items() if b"bbcite" in data]
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(fresh_cache))
    again = site_files(build_site(copy_fixture(tmp_path, "again")))
    assert [path for path in first if first[path] != again.get(path)] == []


def test_a_plugin_after_briefbook_never_sees_a_placeholder(tmp_path, fresh_cache, monkeypatch):
    """Pages are filled late only when no other plugin's on_post_page comes after
    briefbook's (a hook here)."""
    from briefbook.site.files import BackgroundCitations

    monkeypatch.setattr(BackgroundCitations, "ready", lambda self: False)
    root = copy_fixture(tmp_path, "hooked")
    seen = root / "seen.txt"
    (root / "seen.py").write_text(
        "from pathlib import Path\n"
        "def on_post_page(output, page, config):\n"
        f"    with Path({str(seen)!r}).open('a') as seen:\n"
        "        seen.write('placeholder\\n' if 'bbcite' in output else 'filled\\n')\n"
        "    return output\n",
        encoding="utf-8",
    )
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - seen.py\n")
    site = build_site(root)
    html = (site / "claims" / "border-clash" / "index.html").read_text("utf-8")
    assert "bbcite" not in html and "Example Analysis Unit." in html
    assert set(seen.read_text().split()) == {"filled"}


def broken_format_jobs(jobs):
    """Raises in the worker (module level: a worker receives it by name)."""
    raise RuntimeError("worker lost")


def test_a_worker_that_fails_leaves_the_citations_to_the_build_itself(tmp_path, fresh_cache, monkeypatch):
    from briefbook.site import citations as cite

    monkeypatch.setattr(cite, "format_jobs", broken_format_jobs)
    site = build_site(copy_fixture(tmp_path, "broken"))
    text = (site / "api" / "claims" / "border-clash.chicago.txt").read_text("utf-8")
    assert text.startswith("Example Analysis Unit.") and "bbcite" not in text
    assert "bbcite" not in (site / "claims" / "border-clash" / "index.html").read_text("utf-8")


def test_a_failed_build_stops_its_citation_workers(tmp_path, fresh_cache, monkeypatch):
    from briefbook.site import citations as cite

    started: list[cite.BackgroundFormatting] = []
    cancelled: list[bool] = []

    class Recorded(cite.BackgroundFormatting):
        def __init__(self, jobs, workers, **options):
            super().__init__(jobs, workers, **options)
            started.append(self)

        def cancel(self):
            cancelled.append(True)
            workers.extend(self.executor._processes.values())  # no public name before Python 3.14
            super().cancel()

    workers: list = []
    monkeypatch.setattr(cite, "BackgroundFormatting", Recorded)
    root = copy_fixture(tmp_path, "failing")
    write_files(root, {"templates/source.html.j2": "{{ no_such_helper() }}\n"})
    with pytest.raises(Abort):
        build_site(root)
    assert cancelled == [True] and len(started) == 1
    assert workers, "the failed build had started a worker, and asked it to stop"


def test_the_cite_box_is_left_out_of_the_search_index(small):
    index = json.loads((small / "search" / "search_index.json").read_text("utf-8"))
    claim_docs = [doc for doc in index["docs"] if doc["location"].startswith("claims/border-clash/")]
    assert claim_docs, "the claim is searchable"
    text = " ".join(doc["text"] for doc in claim_docs)
    assert "Example Analysis Unit." not in text and "@misc" not in text and "TY  -" not in text


# -- issue 13: what CSL and the styles can carry ----------------------------------------------


def test_without_site_author_a_warning_and_the_site_named_once(make_project, caplog):
    root = make_project()
    mkdocs_yml = (root / "mkdocs.yml").read_text("utf-8").replace("site_author: Test Unit\n", "")
    # No site-wide `published` either: the claim is undated, so the styles add the access date.
    mkdocs_yml = re.sub(r"\n +published: .*", "", mkdocs_yml)
    write_files(root, {"mkdocs.yml": mkdocs_yml})
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert any("site_author is not set" in record.getMessage() for record in caplog.records)
    site = build_site(root, strict=False)
    chicago = (site / "api" / "claims" / "first-claim.chicago.txt").read_text("utf-8")
    assert chicago.startswith("Test Briefing. “Something Happened.” Accessed ")  # the site, in title case
    assert chicago.lower().count("test briefing") == 1
    apa = (site / "api" / "claims" / "first-claim.apa.txt").read_text("utf-8")
    assert apa.startswith("Something happened. (n.d.). Test Briefing. Retrieved ")
    assert apa.count("Something happened") == 1


def test_a_withdrawn_claim_carries_csl_status_and_says_so_in_bibtex(small):
    [item] = json.loads((small / "api" / "claims" / "hidden-weapons.csl.json").read_text("utf-8"))
    assert item["status"] == "withdrawn"
    bib = (small / "api" / "claims" / "hidden-weapons.bib").read_text("utf-8")
    assert "note = {Withdrawn. Version " in bib
    [current] = json.loads((small / "api" / "claims" / "border-clash.csl.json").read_text("utf-8"))
    assert "status" not in current


def test_markup_like_text_is_escaped_in_csl_json(make_project):
    from briefbook.site.csl_text import csl_rich_text, plain_text

    title = 'Why <b>bold</b>, <i>x</i>, <span class="nocase">y</span> and a < b stay text'
    escaped = csl_rich_text(title)
    assert escaped == (
        'Why <span class="nocase"><b</span>>bold<span class="nocase"></b</span>>, <span class="nocase"><i</span>>x'
        '<span class="nocase"></i</span>>, <span class="nocase"><span</span> class="nocase">y'
        '<span class="nocase"></span</span>> and a < b stay text'
    )
    assert plain_text(escaped) == title


def test_a_source_date_keeps_its_open_end_and_its_end_qualifier_in_csl():
    from briefbook.contract.dates import parse_edtf
    from briefbook.site.exports import csl_date

    assert csl_date(parse_edtf("2024-03/..")) == {"date-parts": [[2024, 3]], "raw": "2024-03/.."}
    assert csl_date(parse_edtf("2023-06/2023-08~")) == {
        "date-parts": [[2023, 6], [2023, 8]],
        "circa": True,
        "raw": "2023-06/2023-08~",
    }


@pytest.mark.parametrize("language", ["en", "fr"])
def test_plain_citations_are_what_citeproc_plain_formatter_writes(tmp_path, language):
    """briefbook runs citeproc-py once per style (HTML) and derives the plain text from
    it; citeproc-py's own plain-text formatter must agree, for every kind of item in the
    fixtures (with and without author, dated and undated, withdrawn, markup-like text),
    in English and in French (the locale's quotes put in place of their stand-ins)."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON
    from citing_oracle import SITE_URL

    from briefbook.adapters.site_config import read_site_config
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.briefing.views import Views
    from briefbook.site import citations as cite
    from briefbook.site import citeproc_io
    from briefbook.site.citation_cache import CitationCache
    from briefbook.site.csl_text import ENGLISH_QUOTES, INNER_QUOTES, OUTER_QUOTES, punctuation_in_quote
    from briefbook.site.files import Outputs
    from briefbook.site.urls import Site

    project = Path(__file__).resolve().parent.parent  # the example: every field, an author
    citing = tmp_path / "small"  # titles with quotes, markup-like text, LaTeX's characters
    shutil.copytree(FIXTURE, citing)
    shutil.copy(FIXTURE.parent / "citing" / "claims.yaml", citing / "data" / "claims" / "citing.yaml")
    items = []
    for author in ("Example Analysis Unit", None):
        config = read_site_config(project)
        result = check_project(Project.at(project, config.docs_dir))
        small = check_project(Project.at(citing, "content"))
        for briefing in (result.briefing, small.briefing):
            site = Site("S & <i>", SITE_URL, author, True)
            outputs = Outputs(briefing, Views(briefing), site, CitationCache(None), language=language)
            items += [outputs.csl_item(claim) for claim in briefing.claims.values()]
    formatter_ = cite.Formatter(CitationCache(None), language)
    compared = 0
    for item in items:
        for style in cite.STYLES:
            quotes = formatter_.quotes(style)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prepared = citeproc_io.prepare_item(
                    item, quotes=(OUTER_QUOTES, INNER_QUOTES) if quotes else ENGLISH_QUOTES
                )
                bibliography = CitationStylesBibliography(
                    formatter_.style(style), CiteProcJSON([prepared]), formatter.plain
                )
                bibliography.register(Citation([CitationItem(item["id"])]))
                plain = str(bibliography.bibliography()[0])
            plain = plain.translate(str.maketrans(quotes)) if quotes else punctuation_in_quote(plain)
            expected = citeproc_io.unprotect(plain, in_html=False)
            assert formatter_.format(style, item)[1] == expected, (style, item)
            compared += 1
    assert compared >= 40


_FORMAT_ITEMS = """
import json, sys
sys.path.insert(0, sys.argv[1])
from briefbook.site import citeproc_patches
if sys.argv[3] == "unpatched":  # without the speed patches (but the first, memoised style lookups)
    citeproc_patches._speed_up = lambda *arguments: None
from briefbook.site.citation_cache import CitationCache
from briefbook.site.citations import STYLES, Formatter
cases = json.loads(open(sys.argv[2], encoding="utf-8").read())
order = list(range(len(cases)))[:: -1 if sys.argv[3] == "reversed" else 1]
formatters, out = {}, {}
for index in order:
    language, item = cases[index]
    formatter = formatters.setdefault(language, Formatter(CitationCache(None), language, quiet=True))
    out[index] = [formatter.compute(style, item) for style in STYLES]
print(json.dumps([out[index] for index in range(len(cases))], ensure_ascii=False))
"""


def test_the_speed_patches_change_no_citation(tmp_path):
    """citeproc_patches makes citeproc-py several times faster by remembering answers it
    recomputed (per style element, per item shape): every citation of the example and the
    citing fixture (with and without author, dated and undated, withdrawn, quotes,
    markup-like text), Chicago and APA, HTML and plain, in English, French and Arabic,
    formatted in one order and in the reverse (what one item leaves in the memos must not
    reach another), equals what citeproc-py writes without those patches.
    bench/citation_outputs.py makes the same comparison on a 1,000-claim briefing."""
    import subprocess
    import sys

    from citing_oracle import SITE_URL, no_author_project

    from briefbook.adapters.site_config import read_site_config
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.briefing.views import Views
    from briefbook.site.citation_cache import CitationCache
    from briefbook.site.citations import STYLES, Formatter
    from briefbook.site.files import Outputs
    from briefbook.site.urls import Site

    root = Path(__file__).resolve().parent.parent
    citing = no_author_project(tmp_path / "citing")
    arabic = root / "tests" / "briefings" / "arabic"
    cases = []
    for project, name, author, languages in (
        (root, None, "Example Analysis Unit", ("en",)),
        (citing, "S & <i>", None, ("en", "fr", "ar")),
        (arabic, None, None, ("ar",)),
    ):
        for language in languages:
            config = read_site_config(project)
            briefing = check_project(Project.at(project, config.docs_dir)).briefing
            site = Site(name or config.site_name, SITE_URL, author, True)
            outputs = Outputs(briefing, Views(briefing), site, CitationCache(None), language=language)
            cases += [(language, outputs.csl_item(claim)) for claim in briefing.claims.values()]
    items = tmp_path / "items.json"
    items.write_text(json.dumps(cases), "utf-8")

    def formatted(mode: str) -> list[list[list[str]]]:
        run = [sys.executable, "-c", _FORMAT_ITEMS, str(root), str(items), mode]
        return json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)

    reference = formatted("unpatched")
    assert len(reference) == len(cases) > 150
    assert any("Example Analysis Unit" in apa[1] for _, apa in reference)
    assert any("\u00ab" in chicago[1] for chicago, _ in reference)  # French quotes
    assert formatted("in order") == reference  # a fresh process: memos filled in this order
    formatters = {language: Formatter(CitationCache(None), language, quiet=True) for language in ("en", "fr", "ar")}
    here = {
        index: [formatters[cases[index][0]].compute(style, cases[index][1]) for style in STYLES]
        for index in reversed(range(len(cases)))
    }
    assert [here[index] for index in range(len(cases))] == reference


def test_serve_formats_a_cold_cache_on_every_core_before_the_pages(tmp_path, fresh_cache, monkeypatch):
    """`mkdocs serve` compares pages between rebuilds, so its first build waits for the
    citations (formatted in worker processes), and no page holds a placeholder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from briefbook.site import citations as cite

    started: list[int] = []

    class Recorded(cite.BackgroundFormatting):
        def __init__(self, jobs, workers, **options):
            started.append(len(jobs))
            super().__init__(jobs, workers, **options)

    monkeypatch.setattr(cite, "BackgroundFormatting", Recorded)
    root = copy_fixture(tmp_path, "served")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    finally:
        config.plugins.on_shutdown()
    assert started and started[0] >= cite.BACKGROUND_MIN
    served = site_files(tmp_path / "site")
    assert not [path for path, data in served.items() if b"bbcite" in data]
    assert served["api/claims/border-clash.bib"].startswith(b"@misc{border-clash,")
