"""The catalog template: every string briefbook shows, gathered from the page
templates (Jinja's `{% trans %}` and `_()`) and from the code (`_()`, `N_()`,
`ngettext()`), with Babel's extractors.

    python -m briefbook.site.message_catalog      # what `make messages` runs

rewrites `briefbook/locale/briefbook.pot` and adds any new string, untranslated, to
every language's catalog (`msgmerge`'s job, done with Babel); a translator fills
those in. The test suite fails when the template is out of date or a shipped catalog
lacks a string.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .language import DOMAIN, LOCALE_DIR, TEMPLATE

PACKAGE = Path(__file__).resolve().parent.parent
METHODS = [
    ("**/templates/**.j2", "jinja2.ext:babel_extract"),
    ("**/assets/**", "ignore"),
    ("**.py", "python"),
]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "NC_": ((1, "c"), 2),
    "NP_": (1, 2),
}


def extract() -> Catalog:
    """A fresh template from the package's templates and code."""
    catalog = Catalog(project="briefbook", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), METHODS, OPTIONS, keywords=KEYWORDS, comment_tags=["NOTE:"], strip_comment_tags=True
    ):
        if filename.startswith("locale/"):
            continue
        catalog.add(message, None, [(f"briefbook/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def template_text(catalog: Catalog) -> str:
    """The .pot file's text: no dates, so it changes only when a string does."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, sort_output=True, width=100, no_location=True)
    return buffer.getvalue().decode("utf-8")


def update_catalogs(template: Catalog) -> list[Path]:
    """Every language's catalog gains the template's new strings (untranslated) and
    loses the strings nothing uses any more (kept as obsolete entries)."""
    updated = []
    for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = path.parent.parent.name
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=DOMAIN)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        write_catalog(path, catalog)
        updated.append(path)
    return updated


def write_catalog(path: Path, catalog: Catalog) -> None:
    """A language's catalog written back with its header as the translator wrote it
    (Babel would rewrite it with dates and placeholders on every run), then its
    messages in order."""
    header = path.read_text("utf-8").split("\n\n", 1)[0] if path.is_file() else ""
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, sort_output=True, width=100, no_location=True, ignore_obsolete=True)
    body = buffer.getvalue().decode("utf-8")
    path.write_text(f"{header}\n\n{body.lstrip(chr(10))}" if header else body, "utf-8")


def main() -> int:
    template = extract()
    TEMPLATE.write_text(template_text(template), "utf-8")
    print(f"{TEMPLATE.relative_to(PACKAGE.parent)}: {len(template)} strings")
    for path in update_catalogs(template):
        print(f"updated {path.relative_to(PACKAGE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
