"""The vocabularies of the data format, each written once as value → words.

The contract reads the values (the keys, in this order), the site prints the words.
"""

from __future__ import annotations

LIKELIHOOD_WORDS = {
    "remote": ("remote chance", "under 5%"),
    "very-unlikely": ("very unlikely", "5–20%"),
    "unlikely": ("unlikely", "20–45%"),
    "even-chance": ("roughly even chance", "45–55%"),
    "likely": ("likely", "55–80%"),
    "very-likely": ("very likely", "80–95%"),
    "almost-certain": ("almost certain", "over 95%"),
}
RELIABILITY_WORDS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_WORDS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
CSL_TYPE_WORDS = {
    "article-newspaper": "Newspaper article",
    "article-magazine": "Magazine article",
    "article-journal": "Journal article",
    "report": "Report",
    "webpage": "Web page",
    "post": "Post",
    "speech": "Speech",
    "interview": "Interview",
    "broadcast": "Broadcast",
    "legislation": "Legislation",
    "document": "Document",
    "book": "Book",
}
ACTOR_KIND_WORDS = {
    "state": "State",
    "government": "Government",
    "armed-forces": "Armed forces",
    "armed-group": "Armed group",
    "private-military-company": "Private military company",
    "alliance": "Alliance",
    "organisation": "Organisation",
    "company": "Company",
    "media": "Media",
    "person": "Person",
}
ACTOR_KIND_PLURALS = {
    "state": "States",
    "government": "Governments",
    "armed-forces": "Armed forces",
    "armed-group": "Armed groups",
    "private-military-company": "Private military companies",
    "alliance": "Alliances",
    "organisation": "Organisations",
    "company": "Companies",
    "media": "Media",
    "person": "People",
}

ACTOR_KINDS = tuple(ACTOR_KIND_WORDS)
CSL_TYPES = tuple(CSL_TYPE_WORDS)
LIKELIHOOD = tuple(LIKELIHOOD_WORDS)
RELIABILITY = tuple(RELIABILITY_WORDS)
CLAIM_KINDS = ("event", "assessment", "statement")
CONFIDENCE = ("low", "moderate", "high")
STATUSES = ("current", "disputed", "superseded", "withdrawn")

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
