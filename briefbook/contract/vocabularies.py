"""The vocabularies of the data format, each written once as value → words.

The contract reads the values (the keys, in this order), the site prints the words.
"""

from __future__ import annotations


def N_(words: str) -> str:
    """Marks words for the translation catalogs (gettext's convention): they stay
    English here, the contract's own language; the site translates them as it prints
    them (see site/language.py)."""
    return words


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Like N_, for a message with plural forms (ngettext): `%(count)d source added`."""
    return singular, plural


CLAIM_KIND = "claim kind"
"""The translation context of the claim kinds: "Statement" names a kind of claim
(a party's declaration), not the statement every claim has."""


def NC_(context: str, words: str) -> str:
    """Like N_, for words that need a context to be translated right (pgettext)."""
    return words


LIKELIHOOD_WORDS = {
    "remote": (N_("remote chance"), N_("under 5%")),
    "very-unlikely": (N_("very unlikely"), N_("5–20%")),
    "unlikely": (N_("unlikely"), N_("20–45%")),
    "even-chance": (N_("roughly even chance"), N_("45–55%")),
    "likely": (N_("likely"), N_("55–80%")),
    "very-likely": (N_("very likely"), N_("80–95%")),
    "almost-certain": (N_("almost certain"), N_("over 95%")),
}
RELIABILITY_WORDS = {
    "A": N_("completely reliable"),
    "B": N_("usually reliable"),
    "C": N_("fairly reliable"),
    "D": N_("not usually reliable"),
    "E": N_("unreliable"),
    "F": N_("reliability cannot be judged"),
}
CREDIBILITY_WORDS = {
    1: N_("confirmed by other sources"),
    2: N_("probably true"),
    3: N_("possibly true"),
    4: N_("doubtful"),
    5: N_("improbable"),
    6: N_("truth cannot be judged"),
}
CSL_TYPE_WORDS = {
    "article-newspaper": N_("Newspaper article"),
    "article-magazine": N_("Magazine article"),
    "article-journal": N_("Journal article"),
    "report": N_("Report"),
    "webpage": N_("Web page"),
    "post": N_("Post"),
    "speech": N_("Speech"),
    "interview": N_("Interview"),
    "broadcast": N_("Broadcast"),
    "legislation": N_("Legislation"),
    "document": N_("Document"),
    "book": N_("Book"),
}
ACTOR_KIND_WORDS = {
    "state": N_("State"),
    "government": N_("Government"),
    "armed-forces": N_("Armed forces"),
    "armed-group": N_("Armed group"),
    "private-military-company": N_("Private military company"),
    "alliance": N_("Alliance"),
    "organisation": N_("Organisation"),
    "company": N_("Company"),
    "media": N_("Media"),
    "person": N_("Person"),
}
ACTOR_KIND_PLURALS = {
    "state": N_("States"),
    "government": N_("Governments"),
    "armed-forces": N_("Armed forces"),
    "armed-group": N_("Armed groups"),
    "private-military-company": N_("Private military companies"),
    "alliance": N_("Alliances"),
    "organisation": N_("Organisations"),
    "company": N_("Companies"),
    "media": N_("Media"),
    "person": N_("People"),
}

ACTOR_KINDS = tuple(ACTOR_KIND_WORDS)
CSL_TYPES = tuple(CSL_TYPE_WORDS)
LIKELIHOOD = tuple(LIKELIHOOD_WORDS)
RELIABILITY = tuple(RELIABILITY_WORDS)
CLAIM_KIND_WORDS = {
    "event": NC_("claim kind", "Event"),
    "assessment": NC_("claim kind", "Assessment"),
    "statement": NC_("claim kind", "Statement"),
}
CONFIDENCE_WORDS = {"low": N_("low"), "moderate": N_("moderate"), "high": N_("high")}
STATUS_WORDS = {
    "current": N_("current"),
    "disputed": N_("disputed"),
    "superseded": N_("superseded"),
    "withdrawn": N_("withdrawn"),
}
CLAIM_KINDS = tuple(CLAIM_KIND_WORDS)
CONFIDENCE = tuple(CONFIDENCE_WORDS)
STATUSES = tuple(STATUS_WORDS)

CSL_VARIABLES = frozenset(
    """
    abstract annote archive archive_collection archive_location archive-place authority
    call-number chapter-number citation-key citation-label collection-number collection-title
    container-title-short dimensions division DOI edition event event-title event-place genre
    ISBN ISSN issue jurisdiction keyword license medium note number number-of-pages
    number-of-volumes original-publisher original-publisher-place original-title page
    page-first part part-title PMCID PMID printing publisher-place references reviewed-genre
    reviewed-title scale section source status supplement title-short version volume
    volume-title volume-title-short year-suffix
    chair collection-editor compiler composer container-author contributor curator director
    editor editorial-director editor-translator executive-producer guest host illustrator
    interviewer narrator organizer original-author performer producer recipient
    reviewed-author script-writer series-creator translator
    available-date event-date original-date submitted
    shortTitle journalAbbreviation
    """.split()
)
"""Other CSL variables a pasted Zotero/pandoc bibliography may hold: kept and exported."""
