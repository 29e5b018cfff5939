"""Citations in the reader's language (#19): Chicago and APA formatted with the CSL locale
of the site's language, equal to citeproc-js with the same style and locale files; a
cache that never serves one language's citation to another; the fallback to US English
for a language no CSL locale speaks, with one warning."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path

import pytest
from citing_oracle import ROOT, SITE_URL, Comparison, citeproc_js, compare, no_author_project, oracle_available, report

from briefbook.site import citations as cite
from briefbook.site.citation_cache import CACHE_VERSION, CitationCache
from briefbook.site.citation_locale import citation_locale

FIXTURES = Path(__file__).resolve().parent / "fixtures"
needs_oracle = pytest.mark.skipif(oracle_available() is not None, reason=str(oracle_available()))


@pytest.fixture(scope="module")
def no_author(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The citing fixture (no `site_author`: cited under the site's name or the title;
    an undated claim, so an access date; a withdrawn one; quotes and apostrophes)."""
    return no_author_project(tmp_path_factory.mktemp("oracle") / "no-author")


@pytest.fixture(scope="module")
def comparisons(no_author: Path) -> dict[tuple[str, str], list[Comparison]]:
    """The example (an organisation as author) in French; the fixture in French, Arabic
    and British English (title case with the locale's quotes, `‘…“Last Chance”…’`)."""
    cases = [("example", ROOT, "fr"), *(("no-author", no_author, language) for language in ("fr", "ar", "en-GB"))]
    return {(project, language): compare(path, language) for project, path, language in cases}


@needs_oracle
@pytest.mark.parametrize(
    ("project", "language"), [("example", "fr"), ("no-author", "fr"), ("no-author", "ar"), ("no-author", "en-GB")]
)
def test_french_and_arabic_citations_equal_citeproc_js(comparisons, project, language):
    compared = comparisons[project, language]
    assert all(c.equal for c in compared), report(compared)
    assert len(compared) >= 96


@needs_oracle
def test_what_the_french_and_arabic_citations_read(comparisons):
    """Spelled out: the locale's words, dates and quotes; titles as written (a French or
    Arabic item is not title-cased, by either processor); the status in the language."""
    text = {(c.claim, c.style, lang): c.ours for (_, lang), cs in comparisons.items() for c in cs if c.form == "text"}
    assert text["will-the-brigade-leave", "chicago", "fr"].startswith(
        "Small briefing. «\u00a0Will the Wagner Brigade leave Ruritania?\u00a0» 2 mai 2024. https://"
    )
    assert "Ruritania’s «\u00a0last chance\u00a0» in the mine’s deal" in text["the-mines-last-chance", "apa", "fr"]
    assert (
        "«\u00a0Ruritania’s “last chance” in the mine’s deal, as the Herald calls it\u00a0»"
        in (text["the-mines-last-chance", "chicago", "fr"])
    )
    undated = text["an-undated-claim", "apa", "fr"]
    assert "(s.\u00a0d.). Small briefing. Consulté " in undated and ", à l’adresse https://" in undated
    assert "\u00a0». Consulté le " in text["an-undated-claim", "chicago", "fr"]
    assert "retirée 9 mai 2024" in text["a-withdrawn-claim", "chicago", "fr"]
    assert "2 مايو، 2024" in text["will-the-brigade-leave", "chicago", "ar"]
    assert "(د.ت). Small briefing. استرجع في " in text["an-undated-claim", "apa", "ar"]
    assert text["kidal-lost-2012", "apa", "fr"].startswith("The briefbook project. (")


@needs_oracle
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_versions_citation_in_french_and_arabic_equals_citeproc_js(language):
    """An earlier version is cited with its own URL and date, and its stamp."""
    from briefbook.adapters.site_config import read_site_config
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.briefing.views import Views
    from briefbook.site.files import Outputs
    from briefbook.site.urls import Site
    from briefbook.site.versions import ClaimVersion

    config = read_site_config(ROOT)
    briefing = check_project(Project.at(ROOT, config.docs_dir)).briefing
    site = Site(config.site_name, SITE_URL, config.site_author)
    outputs = Outputs(briefing, Views(briefing), site, CitationCache(None), language=language)
    claim = next(iter(briefing.claims.values()))
    version = ClaimVersion(claim.id, "0123abcd", dt.date(2024, 3, 9), True, 1, (), False, claim)
    item = outputs.version_csl_item(version)
    assert item["language"] == language and item["URL"].endswith(f"/claims/{claim.id}/v/0123abcd/")
    citation = outputs.version_citation(version)
    suffix = f" {cite.version_words('0123abcd', language)}."
    for style in cite.STYLES:
        reference = citeproc_js([item], style, outputs.formatter.locale.tag)[item["id"]]
        html_form, plain = citation.formatted[style]
        assert plain.endswith(suffix) and html_form.endswith(suffix)
        assert plain[: -len(suffix)] == reference["text"]
    assert ("9 mars 2024" if language == "fr" else "9 مارس، 2024") in citation.formatted["chicago"][1]


def test_a_right_to_left_citation_isolates_its_web_address():
    """In Arabic the address (and its trailing slash) reads left to right inside the
    right-to-left sentence; the copied plain text, and every left-to-right site, have
    no such markup, and the cache keeps the two apart."""
    from briefbook.site.citeproc_io import isolate_urls

    assert isolate_urls("Site. https://example.org/claims/c/. Version 1.") == (
        "Site. <bdi>https://example.org/claims/c/</bdi>. Version 1."
    )
    assert isolate_urls("« https://example.org/a?b=1&amp;c=2 »") == "« <bdi>https://example.org/a?b=1&amp;c=2</bdi> »"
    arabic, french = cite.Formatter(CitationCache(None), "ar"), cite.Formatter(CitationCache(None), "fr")
    html_form, plain = arabic._format_style("chicago", item())
    assert "<bdi>https://example.org/claims/c/</bdi>" in html_form and "<bdi>" not in plain
    assert "<bdi>" not in french._format_style("chicago", item())[0]
    urdu = cite.Formatter(CitationCache(None), "ur", quiet=True)  # no CSL locale: US English words
    assert urdu.locale.tag == cite.Formatter(CitationCache(None), "en").locale.tag
    assert urdu.cache_locale != urdu.locale.tag  # its isolated addresses are cached apart


# -- the cache --------------------------------------------------------------------------------


def item() -> dict:
    return {
        "id": "c",
        "type": "webpage",
        "title": "Un titre",
        "container-title": "Site",
        "URL": "https://example.org/claims/c/",
        "note": "Version 0123abcd",
        "accessed": {"date-parts": [[2024, 5, 2]]},
    }


def test_the_cache_key_holds_the_locale_and_english_keys_are_unchanged():
    """A French build never gets an English citation from the cache; English citations
    keep the keys they were cached under before there were locales."""
    english = CitationCache.key("apa", item())
    before = hashlib.sha256(json.dumps([CACHE_VERSION, "apa", item()], sort_keys=True).encode()).hexdigest()
    assert english == before == CitationCache.key("apa", item(), "en-US")
    assert len({english, CitationCache.key("apa", item(), "fr-FR"), CitationCache.key("apa", item(), "ar")}) == 3


def test_a_cache_filled_by_an_english_build_gives_a_french_build_french_citations():
    cache = CitationCache(None)
    english = cite.Formatter(cache, "en").format("apa", item())[1]
    assert "Retrieved May 2, 2024, from" in english
    french = cite.Formatter(cache, "fr").format("apa", item())[1]
    assert "Consulté 2 mai 2024, à l’adresse" in french
    assert cite.Formatter(cache, "en").format("apa", item())[1] == english
    assert len(cache.entries) == 2


def test_worker_processes_format_in_the_builds_language():
    """The background work gets the language: its results are French, under French keys."""
    formatter = cite.Formatter(CitationCache(None), "fr")
    items = [{**item(), "id": f"c{n}"} for n in range(cite.BACKGROUND_MIN)]
    jobs = formatter.missing(("apa",), items)
    results = cite.format_jobs([(key, kind, it) for key, (kind, it) in jobs.items()], language="fr")
    assert set(results) == set(jobs)
    assert all("à l’adresse" in value[1] for value in results.values())


# -- the locale and its fallback -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "tag"),
    [
        ("en", "en-US"),
        ("fr", "fr-FR"),
        ("fr-CA", "fr-CA"),
        ("fr_ca", "fr-CA"),
        ("fr-BE", "fr-FR"),
        ("ar", "ar"),
        ("pt-BR", "pt-BR"),
        ("pt", "pt-PT"),
        ("zh-Hant", "zh-TW"),
        ("sw", "en-US"),
    ],
)
def test_the_locale_is_the_dialect_else_the_languages_primary_dialect_else_us_english(language, tag):
    assert citation_locale(language).tag == tag


def test_a_language_no_csl_locale_speaks_is_cited_in_english_with_one_warning(caplog):
    caplog.set_level(logging.WARNING)
    formatter = cite.Formatter(CitationCache(None), "sw")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "'sw'" in warnings[0] and "US English" in warnings[0], warnings
    text = formatter.format("apa", {**item(), "language": "sw", "title": "Habari za mpaka"})[1]
    assert "Habari za mpaka. (n.d.). Site. Retrieved May 2, 2024, from" in text  # not title-cased
    caplog.clear()
    for language in ("en", "fr", "ar", "fr-CA"):
        cite.Formatter(CitationCache(None), language)
    cite.format_jobs([], language="sw")  # a worker process is quiet
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]


def test_an_english_item_is_unchanged_and_another_language_is_named_in_the_item():
    briefing_claim = _a_claim()
    site = cite.CiteSite("Site", None, lambda c: "https://example.org/c/")
    english = cite.csl_item(briefing_claim, site, "0123abcd", dt.date(2024, 5, 2))
    assert "language" not in english and english["note"] == "Version 0123abcd"
    assert cite.csl_item(briefing_claim, site, "0123abcd", dt.date(2024, 5, 2), language="en") == english
    french = cite.csl_item(briefing_claim, site, "0123abcd", dt.date(2024, 5, 2), language="fr")
    assert french == {**english, "language": "fr"}


def test_the_version_words_go_through_the_catalog(monkeypatch):
    """`Version <stamp>` is briefbook's own text: translated like the pages' words."""

    class Words:
        @staticmethod
        def gettext(message: str) -> str:
            return {"Version %(version)s": "Révision %(version)s"}.get(message, message)

    monkeypatch.setattr(cite, "load_language", lambda code: Words())
    assert cite.version_words("0123abcd", "fr") == "Révision 0123abcd"
    html_form, plain = cite.Formatter(CitationCache(None), "fr").versioned("apa", item(), "0123abcd")
    assert plain.endswith("/claims/c/ Révision 0123abcd.") and html_form.endswith("/claims/c/ Révision 0123abcd.")


def _a_claim():
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project

    briefing = check_project(Project.at(FIXTURES / "small", "content")).briefing
    return next(c for c in briefing.claims.values() if c.status == "current")


# -- feeds and structured data ----------------------------------------------------------------


def outputs_in(language: str):
    """The small fixture's citations and files for a site in `language` (the plugin's
    part, passing `theme.language` to Outputs, is wired by the core of #19)."""
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.briefing.views import Views
    from briefbook.site.files import Outputs
    from briefbook.site.urls import Site

    briefing = check_project(Project.at(FIXTURES / "small", "content")).briefing
    site = Site("Small briefing", SITE_URL, "Example Analysis Unit")
    return Outputs(briefing, Views(briefing), site, CitationCache(None), language=language)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_feeds_say_their_language_and_briefbooks_words_are_in_it(language):
    import feedparser

    from briefbook.site.language import load_language

    words = load_language(language)
    files = dict(outputs_in(language).feeds())
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo and feed.feed.language == language
    published, updated = words.gettext("Published"), words.gettext("Updated")
    assert published != "Published" and updated != "Updated"
    titles = [entry.title for entry in feed.entries]
    assert all(
        title.startswith((published, updated, words.gettext("Superseded"), words.gettext("Withdrawn")))
        for title in titles
    ), titles
    assert not any(title.startswith(("Published", "Updated")) for title in titles)
    actor = feedparser.parse(files["feeds/actors/ruritania.xml"])
    assert actor.feed.language == language and actor.feed.title.startswith("Small briefing")


def test_feed_titles_entries_and_change_summaries_go_through_the_catalog():
    """The separator of a title, the evidence words and what a version changed are
    briefbook's words, in the French catalog's (the same as What's new's)."""
    from briefbook.briefing.changes import Change
    from briefbook.briefing.history_diff import Phrase
    from briefbook.site import feeds
    from briefbook.site.language import load_language

    claim = _a_claim()
    added = Phrase("%(count)d source added", {"count": 2}, "%(count)d sources added", 2)
    changes = [
        Change(dt.date(2024, 5, 3), "evidence", claim, claim, "against"),
        Change(dt.date(2024, 5, 2), "updated", claim, summary=str(added), phrases=(added,)),
    ]
    xml = feeds.atom_feed(
        title=feeds.labelled("Small briefing", "Wagner", load_language("fr")),
        feed_url=SITE_URL + "feed.xml",
        page_url=SITE_URL,
        changes=changes,
        permalink=lambda claim_id: SITE_URL + claim_id,
        author=None,
        fallback_updated=dt.date(2024, 1, 1),
        language="fr",
    )
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">' in xml
    assert "<title>Small briefing\u00a0: Wagner</title>" in xml
    assert f"<title>Nouvel élément contraire\u00a0: {claim.title}</title>" in xml
    assert f"<title>Mis à jour\u00a0: {claim.title}</title>" in xml
    assert "<summary>2 sources ajoutées. " in xml and "sources added" not in xml
    english = feeds.atom_feed(**{**_FEED, "changes": changes, "permalink": lambda c: SITE_URL + c})
    assert "xml:lang" not in english  # no language given: none declared
    assert "<summary>2 sources added. " in english


_FEED = {
    "title": "Small briefing",
    "feed_url": SITE_URL + "feed.xml",
    "page_url": SITE_URL,
    "author": None,
    "fallback_updated": dt.date(2024, 1, 1),
}


def test_a_claims_structured_data_names_its_language_and_its_sources():
    outputs = outputs_in("fr")
    claim = outputs.briefing.claims["border-clash"]
    data = json.loads(outputs.claim_jsonld(claim).split(">", 1)[1].rsplit("<", 1)[0])
    assert data["inLanguage"] == "fr"
    languages = {work["name"]: work.get("inLanguage") for work in data["citation"]}
    sources = {outputs.briefing.sources[r.ref].title: outputs.briefing.sources[r.ref].language for r in claim.sources}
    assert languages == sources and set(languages.values()) - {None}


def test_the_exports_declare_the_language_and_write_dates_in_it():
    outputs = outputs_in("fr")
    document = outputs.exporter.document()
    assert document["site"]["language"] == "fr"
    dated = {c["id"]: c["date_text"] for c in document["claims"]}
    claims = outputs.briefing.claims
    words = {cid: text for cid, text in dated.items() if claims[cid].date and not claims[cid].date_label}
    assert words and all(text == outputs.exporter.words.date(claims[cid].date) for cid, text in words.items())
    assert any(text != claims[cid].date_words for cid, text in words.items())  # French, not English
    english = outputs_in("en").exporter
    assert english.document()["site"]["language"] == "en"
    assert all(c["date_text"] == claims[c["id"]].date_words for c in english.document()["claims"])


def test_a_sources_note_of_the_sources_it_is_known_through_is_in_the_language(monkeypatch):
    """The CSL note "As reported by …" of a source known through another (`via`, which
    the example has) is briefbook's text: through the catalog."""
    from briefbook.adapters.site_config import read_site_config
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.site import exports

    class Words:
        is_english = False

        @staticmethod
        def gettext(message: str) -> str:
            return {"As reported by %(sources)s": "Selon %(sources)s"}.get(message, message)

    config = read_site_config(ROOT)
    briefing = check_project(Project.at(ROOT, config.docs_dir)).briefing
    english = exports.Exporter(briefing, lambda kind, record_id: f"/{kind}/{record_id}/", {"name": "S"})
    relayed = [item for item in english.sources_csl() if "As reported by " in item.get("note", "")]
    assert relayed
    monkeypatch.setattr(exports, "load_language", lambda code: Words())
    french = exports.Exporter(briefing, lambda kind, record_id: f"/{kind}/{record_id}/", {"name": "S"}, language="fr")
    notes = {item["id"]: item.get("note", "") for item in french.sources_csl()}
    for item in relayed:
        assert notes[item["id"]] == item["note"].replace("As reported by ", "Selon ")


@needs_oracle
@pytest.mark.parametrize("language", ["fr", "ar", "de", "fr-CA", "es", "ru", "zh-CN"])
def test_dates_in_any_locale_equal_citeproc_js_ordinals_included(language):
    """Days as the locale writes them ("3. Mai" in German, whose ordinal citeproc-py
    took from en-US: "3rd Mai"), as access and as publication dates, in both styles.
    (Not Portuguese: its ordinals agree with the month's gender, `1º de maio`, which
    citeproc-py does not implement: `1ª`; the README says so.)"""
    formatter = cite.Formatter(CitationCache(None), language)
    items = [
        {**item(), "id": f"{kind}{day}", "language": language, **{kind: {"date-parts": [[2024, 5, day]]}}}
        for kind in ("accessed", "issued")
        for day in (1, 2, 3, 11, 21, 22)
    ]
    for it in items:
        if it["id"].startswith("issued"):
            del it["accessed"]
    for style in cite.STYLES:
        reference = citeproc_js(items, style, formatter.locale.tag)
        for it in items:
            assert formatter.format(style, it)[1] == reference[it["id"]]["text"], (style, it["id"])
    if language == "de":
        assert "Abgerufen 3. Mai 2024" in formatter.format("apa", items[2])[1]
    if language == "fr":
        assert "Consulté le 1 mai 2024" in formatter.format("chicago", items[0])[1]
