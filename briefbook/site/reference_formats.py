"""BibTeX and RIS, the formats reference managers import, written from a claim's CSL
item: BibTeX by briefbook itself (so that pdflatex + bibtex and biblatex compile it),
RIS through rispy.

Both stay machine formats whatever the site's language (field names, BibTeX's month
macros); an item in another language than English says so, as the CSL item does:
BibTeX's `langid` (biblatex's hyphenation and localisation of the entry, by babel's
name: `french`), RIS's `LA` (the language tag). The item's language is the cited page's:
for a claim, the site's."""

from __future__ import annotations

from typing import Any

from .csl_text import plain_text

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def latex_text(text: str) -> str:
    """Text as LaTeX that prints exactly that text: LaTeX's special characters as
    commands, and each other non-ASCII character as latexcodec's LaTeX for it, in
    braces (BibTeX's case changes and sorting then treat it as one letter)."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    out = []
    for char in text:
        if char in _LATEX_SPECIALS:
            out.append(_LATEX_SPECIALS[char])
        elif ord(char) < 128:
            out.append(char)
        else:
            encoded = str(codecs.encode(char, "ulatex", errors="keep")).strip() or char  # text in, text out
            out.append("{" + encoded + "}" if encoded != char else char)
    return "".join(out)


def bibtex_url(url: str) -> str:
    """A URL for BibTeX's `url` field, which biblatex and the url package read
    verbatim: nothing is escaped, and the characters that URLs may not hold anyway
    (and that would break a verbatim argument: braces, backslash, `^`, spaces) are
    percent-encoded."""
    from urllib.parse import quote

    return quote(url, safe="!#$%&'()*+,-./:;=?@[]_~")


def babel_name(tag: str) -> str:
    """The LaTeX babel/polyglossia name of a language tag (`fr-CA` → `french`): the
    English name of its primary language, in lower case, letters only."""
    from babel import Locale

    primary = tag.replace("_", "-").split("-")[0].lower()
    name = Locale("en").languages.get(primary, primary)
    return "".join(char for char in name.lower() if char.isascii() and char.isalpha())


def bibtex(item: dict[str, Any]) -> str:
    """A BibTeX @misc entry that pdflatex + bibtex and biblatex both compile: LaTeX's
    special characters escaped (pybtex's writer left `$` or `^` as they are), the
    title in double braces so that no style changes its case, the corporate author in
    braces (else "Unit, Example Analysis"), `month` as BibTeX's macro, the URL verbatim."""
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", "{" + latex_text(plain_text(item["author"][0]["literal"])) + "}"))
    fields.append(("title", "{" + latex_text(plain_text(item["title"])) + "}"))
    if item.get("container-title"):
        fields.append(("howpublished", latex_text(plain_text(item["container-title"]))))
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    if issued:
        fields.append(("year", str(issued[0])))
        if len(issued) > 1:
            fields.append(("month", BIBTEX_MONTHS[issued[1] - 1]))
        fields.append(("date", "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(issued))))
    fields.append(("url", bibtex_url(item["URL"])))
    accessed = item.get("accessed", {}).get("date-parts", [[]])[0]
    if accessed:
        fields.append(("urldate", "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(accessed))))
    note = item["note"]
    if item.get("status"):
        note = f"{item['status'].capitalize()}. {note}"
    fields.append(("note", latex_text(note)))
    if item.get("language"):
        fields.append(("langid", babel_name(item["language"])))
    body = ",\n".join(
        f"    {name} = {value}" if name == "month" else f"    {name} = {{{value}}}" for name, value in fields
    )
    return f"@misc{{{item['id']},\n{body}\n}}\n"


def ris(item: dict[str, Any]) -> str:
    """An RIS record (type ELEC), written by rispy."""
    import rispy
    from rispy.writer import RisWriter

    class PlainRisWriter(RisWriter):
        """rispy numbers records ("1."), which reference managers do not expect."""

        def set_header(self, count: int) -> str:
            return ""

    record: dict[str, Any] = {
        "type_of_reference": "ELEC",
        "id": item["id"],
        "title": plain_text(item["title"]),
        "secondary_title": plain_text(item.get("container-title", "")),
        "urls": [item["URL"]],
        "notes": [item["note"]],
    }
    if item.get("author"):
        record["authors"] = [plain_text(item["author"][0]["literal"])]
    if item.get("language"):
        record["language"] = item["language"]
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    if issued:
        record["year"] = str(issued[0])
        record["date"] = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued))
    return rispy.dumps([record], implementation=PlainRisWriter)


EXPORTERS = {"bibtex": bibtex, "ris": ris}
"""Export formats offered beside the styles, by name."""
