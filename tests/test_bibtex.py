"""BibTeX that compiles: every claim of a briefing cited (`\\nocite{*}`) in a LaTeX
document built with pdflatex + bibtex (plain.bst), and read back by bibtexparser, a
biblatex-style reader, to the exact title."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from citing_oracle import ROOT, SITE_URL

from briefbook.adapters.site_config import read_site_config
from briefbook.briefing.check import check_project
from briefbook.briefing.load import Project
from briefbook.briefing.views import Views
from briefbook.site.citation_cache import CitationCache
from briefbook.site.csl_text import plain_text
from briefbook.site.files import Outputs
from briefbook.site.reference_formats import bibtex_url
from briefbook.site.urls import Site

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def entries(project: Path, language: str = "en") -> dict[str, tuple[dict, str]]:
    """claim ID → (CSL item, BibTeX entry) for every claim of `project`, on a site in `language`."""
    config = read_site_config(project)
    result = check_project(Project.at(project, config.docs_dir))
    site = Site(config.site_name, SITE_URL, config.site_author, True)
    outputs = Outputs(result.briefing, Views(result.briefing), site, CitationCache(None), language=language)
    return {
        claim.id: (outputs.csl_item(claim), outputs.citation(claim).bibtex) for claim in result.briefing.claims.values()
    }


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, tuple[dict, str]]]:
    root = tmp_path_factory.mktemp("bibtex") / "citing"
    shutil.copytree(FIXTURES / "small", root)
    shutil.copy(FIXTURES / "citing" / "claims.yaml", root / "data" / "claims" / "citing.yaml")
    return {
        "example": entries(ROOT),
        "fixture": entries(root),
        "fixture-fr": entries(root, "fr"),
        "fixture-ar": entries(root, "ar"),
    }


DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


@pytest.mark.skipif(
    shutil.which("pdflatex") is None or shutil.which("bibtex") is None,
    reason="pdflatex/bibtex not installed (texlive-latex-base; CI installs it)",
)
@pytest.mark.parametrize("name", ["example", "fixture", "fixture-fr"])
def test_a_document_citing_every_claim_compiles(projects, name, tmp_path):
    bib = "\n".join(entry for _, entry in projects[name].values())
    (tmp_path / "refs.bib").write_text(bib, "utf-8")
    (tmp_path / "doc.tex").write_text(DOCUMENT, "utf-8")

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
        )

    first = run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
    assert first.returncode == 0, first.stdout[-3000:]
    bibtex = run("bibtex", "doc")
    assert bibtex.returncode == 0, bibtex.stdout
    assert "Warning" not in bibtex.stdout, bibtex.stdout
    for _ in range(2):
        final = run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
        assert final.returncode == 0, final.stdout[-3000:]
    assert (tmp_path / "doc.pdf").is_file()
    assert "Citation" not in (tmp_path / "doc.log").read_text("latin-1").split("undefined")[0][-200:]
    bbl = (tmp_path / "doc.bbl").read_text("utf-8")
    assert bbl.count(r"\bibitem") == len(projects[name])
    if name == "example":  # brace-protected: plain.bst keeps the title's capitals
        assert "US ambassador to the UN meets Mali" in bbl
        assert r"\$10" in bbl


@pytest.mark.parametrize("name", ["example", "fixture", "fixture-ar"])
def test_every_entry_reads_back_to_the_exact_title_and_url(projects, name):
    for claim_id, (item, entry) in projects[name].items():
        library = bibtexparser.parse_string(entry, append_middleware=[LatexDecodingMiddleware()])
        assert not library.failed_blocks, entry
        [parsed] = library.entries
        assert parsed.key == claim_id
        title = parsed.fields_dict["title"].value.strip("{}")
        # pylatexenc (bibtexparser's decoder) reads \textasciicircum as the modifier letter ˆ
        # and drops \textless and \textgreater (which LaTeX prints as ^ < >)
        title = title.replace("\u02c6", "^")
        expected = plain_text(item["title"])
        if "<" in expected:
            raw_title = bibtexparser.parse_string(entry).entries[0].fields_dict["title"].value
            assert r"\textless{}b\textgreater{}" in raw_title
            continue
        assert title == expected, entry
        raw = bibtexparser.parse_string(entry).entries[0]
        assert raw.fields_dict["url"].value == item["URL"]  # verbatim, as biblatex reads it


def test_latex_specials_are_escaped_and_month_is_the_bibtex_macro(projects):
    _, entry = projects["fixture"]["latex-specials"]
    assert (
        r"title = {{The brigade earns \$10 million a month, 50\% of \#1\_site \{x\} \textasciitilde{}y "
        r"\textasciicircum{}z \textbackslash{}w}}" in entry
    )
    assert "    month = may,\n" in entry
    assert "    year = {2024},\n" in entry


def test_a_url_holds_no_character_that_breaks_a_verbatim_field():
    assert bibtex_url("https://example.org/a b/{x}^\\") == "https://example.org/a%20b/%7Bx%7D%5E%5C"
    assert bibtex_url("https://example.org/~me/a_b/#c%20d") == "https://example.org/~me/a_b/#c%20d"


def test_an_entry_in_another_language_says_so_and_stays_a_machine_format(projects):
    """BibTeX's `langid` (babel's name) and RIS's `LA`: the cited page's language, the
    site's for a claim; field names, the month macro and the URL stay as they are. (A
    French site's entries compile with pdflatex, above; Arabic needs XeLaTeX or LuaLaTeX,
    as an Arabic title would anyway.)"""
    _, french = projects["fixture-fr"]["a-withdrawn-claim"]
    assert "    langid = {french}\n" in french and "    note = {Retir{\\'e}e. Version " in french
    item, entry = projects["fixture-ar"]["a-withdrawn-claim"]
    assert item["language"] == "ar" and "    langid = {arabic}\n" in entry and "    month = may,\n" in entry
    assert "langid" not in projects["fixture"]["a-withdrawn-claim"][1]
    from briefbook.site.reference_formats import babel_name, ris

    assert "LA  - ar" in ris(item).splitlines()
    assert "LA  -" not in ris(projects["fixture"]["a-withdrawn-claim"][0])
    assert [babel_name(tag) for tag in ("fr", "fr-CA", "ar", "pt-BR", "de_CH")] == [
        "french",
        "french",
        "arabic",
        "portuguese",
        "german",
    ]
