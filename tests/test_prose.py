"""Ordinary prose is never a "link target" (issue #11, point 1).

Analysts write `Withdrawn: ...`, `- Gao: retaken`, `(CSP: the new coalition)`, times and
ratios. Only what Python-Markdown would make the target of a link or image is checked
against the allow-list; and the HTML of generated pages is checked again after
conversion, so a target the scanner misses still never reaches a reader.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, check, messages

from briefbook.adapters.cli import main
from briefbook.briefing.link_safety import unsafe_targets

PROSE = {
    "withdrawn-note": "Withdrawn: the minister was seen in public a week later; see [](claim:first-claim)",
    "line-of-its-own": "The army said so.\nCorrection: it was the gendarmerie.",
    "list-item": "Towns changed hands:\n\n- Gao: retaken\n- Timbuktu: besieged",
    "ordered-list": "1. Kidal: lost\n2. Menaka: held",
    "parenthesis": "The new bloc (CSP: the new coalition) met in Bamako.",
    "quote": '> The spokesman: "nothing happened"',
    "nested-quote": "> Minutes:\n>\n> Chair: opened at 10:00",
    "table": "| Town | Status |\n|---|---|\n| Gao: north | Note: retaken |",
    "time": "The convoy left at 04:30 and arrived at 13:05.",
    "ratio": "Votes were 3:1 in favour (ratio 2:1 before).",
    "q-and-a": "Q: Who fired first? A: Nobody knows.",
    "drive-letter": "C:",
    "line-starts": "Source: a diplomat\nStatus: unconfirmed\nNB: one source only",
    "definition-like": "Term: meaning\n\nAnother: line",
    "bracketed": "He said [sic]: the army. See [note 1]: below.",
    "emphasis": "*Update:* the count is **Final: 12**.",
    "link-after-colon": "Report: [Le Monde](https://www.lemonde.fr/) and [](actor:mali).",
}
"""Markdown prose, and (below) the text each must show on the page, exactly."""

SHOWN = {
    "withdrawn-note": "Withdrawn: the minister was seen in public a week later; see Something happened",
    "line-of-its-own": "The army said so. Correction: it was the gendarmerie.",
    "list-item": "Towns changed hands: Gao: retaken Timbuktu: besieged",
    "ordered-list": "Kidal: lost Menaka: held",
    "parenthesis": "The new bloc (CSP: the new coalition) met in Bamako.",
    "quote": 'The spokesman: "nothing happened"',
    "nested-quote": "Minutes: Chair: opened at 10:00",
    "table": "Town Status Gao: north Note: retaken",
    "time": "The convoy left at 04:30 and arrived at 13:05.",
    "ratio": "Votes were 3:1 in favour (ratio 2:1 before).",
    "q-and-a": "Q: Who fired first? A: Nobody knows.",
    "drive-letter": "C:",
    "line-starts": "Source: a diplomat Status: unconfirmed NB: one source only",
    "definition-like": "Term: meaning Another: line",
    "bracketed": "He said [sic]: the army. See [note 1]: below.",
    "emphasis": "Update: the count is Final: 12.",
    "link-after-colon": "Report: Le Monde and Mali.",
}


def claim_with(statement: str, status_note: str) -> str:
    return (
        "- id: first-claim\n"
        "  title: Something happened\n"
        "  statement: It happened in [Mali](actor:mali).\n"
        "  date: 2024-02\n"
        "  actors: [mali]\n  themes: [security]\n  sources: [report]\n  confidence: high\n"
        "- id: second-claim\n"
        "  title: Something else\n"
        f"  statement: {json.dumps(statement)}\n"
        "  date: 2024-03\n"
        "  actors: [mali]\n  themes: [security]\n  sources: [report]\n  confidence: high\n"
        "  status: withdrawn\n"
        f"  status_note: {json.dumps(status_note)}\n"
    )


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", PROSE)
def test_prose_has_no_link_target(name):
    assert unsafe_targets(PROSE[name]) == []


@pytest.mark.parametrize("name", PROSE)
def test_prose_is_accepted_by_check_and_shown_as_written(make_project, capsys, name):
    root = make_project({"data/claims/claims.yaml": claim_with(PROSE[name], PROSE[name])})
    assert main(["check", str(root)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out == "0 errors, 0 warnings\n"
    site = build_site(root)
    soup = BeautifulSoup((site / "claims" / "second-claim" / "index.html").read_text("utf-8"), "html.parser")
    article = soup.find("article")
    notice = article.find(class_="admonition")  # the withdrawn notice carries the status note
    assert SHOWN[name] in words(notice.get_text(" ")).replace(" .", ".").replace(" ,", ","), notice
    text = words(article.get_text(" ")).replace(" .", ".").replace(" ,", ",")
    assert text.count(SHOWN[name]) >= 2, text  # the note and the statement
    assert "unsafe-link-removed" not in str(article)


# -- the second net: the HTML of generated pages, independent of the scanner ---------------------

HIDDEN = "Read [this](javascript:alert(1)) and ![x](data:text/html,hi) and [r][r].\n\n[r]: vbscript:msgbox(1)"


def test_a_target_the_scanner_misses_is_removed_from_the_html(make_project, monkeypatch):
    """With the Markdown scanner switched off (as if it missed everything), the built page
    still has no unsafe link: the plugin checks the HTML data Markdown became."""
    import briefbook.briefing.link_check
    import briefbook.briefing.link_safety

    monkeypatch.setattr(briefbook.briefing.link_safety, "unsafe_targets", lambda text: [])
    monkeypatch.setattr(briefbook.briefing.link_check, "unsafe_targets", lambda text: [])
    statement = json.dumps(HIDDEN)
    claims = claim_with("Fine.", "Fine.").replace('"Fine."\n  date: 2024-03', f"{statement}\n  date: 2024-03", 1)
    root = make_project({"data/claims/claims.yaml": claims})
    assert check(root).ok, messages(check(root))
    site = build_site(root)
    soup = BeautifulSoup((site / "claims" / "second-claim" / "index.html").read_text("utf-8"), "html.parser")
    article = soup.find("article")
    assert "Read" in article.get_text() and "this" in article.get_text()
    found = [
        str(tag)
        for tag in article.find_all(True)
        for name in ("href", "src")
        if tag.get(name) and tag.get(name).split(":")[0].lower() in ("javascript", "data", "vbscript")
    ]
    assert found == []
    assert article.find("a", string="this") is not None  # the link text stays, without its target


def test_hand_written_pages_are_not_sanitised(make_project):
    """The net covers data: a hand-written page keeps any link its author wrote."""
    root = make_project({"content/about.md": "# About\n\nCall [the desk](tel:+4412345).\n"})
    site = build_site(root)
    soup = BeautifulSoup((site / "about" / "index.html").read_text("utf-8"), "html.parser")
    assert soup.find("a", string="the desk")["href"] == "tel:+4412345"
