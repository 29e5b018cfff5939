"""The words of briefbook's pages in the site's language: what templates call to turn
the data's values (a kind, a status, a date, a likelihood) into words, bound to one
`Language` (see language.py).

The vocabularies stay English in the contract (vocabularies.py marks them for the
catalogs); they are translated here, as a page prints them. Dates go through Babel at
the data's precision. Every function returns plain text (Jinja escapes it) except
`time_html`, which builds `<time>` elements from escaped parts.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from typing import Any

import jinja2

from ..briefing.history_diff import FIELD_NAMES, Phrase
from ..contract import vocabularies as vocab
from ..contract.dates import EdtfDate, SimpleDate
from ..contract.vocabularies import N_
from .language import Language
from .template_env import Html

CONFIDENCE_PHRASES = {
    "low": N_("low confidence"),
    "moderate": N_("moderate confidence"),
    "high": N_("high confidence"),
}
"""Confidence as a phrase, so that a language can make the adjective agree ("confiance
élevée") and put it where it goes."""
EVIDENCE_WAYS = {"for": N_("for"), "against": N_("against")}
EVIDENCE_CHANGE = {"for": N_("New evidence for"), "against": N_("New evidence against")}
RELATIONS = {"appears with": N_("appears with"), "part of": N_("part of"), "has member": N_("has member")}
"""The relations of an actor graph's table (graph.py names them in English)."""
COMPARED_FIELDS = {
    "Title": N_("Title"),
    "Statement": N_("Statement"),
    "Date": N_("Date"),
    "Status note": N_("Status note"),
}
"""The labels of a version page's comparison (history_diff.comparison names them in English)."""
STATUS_CHANGE = "status: %(old)s to %(new)s"


def _unfolded(function: Callable[..., Any]) -> Callable[..., Any]:
    return jinja2.pass_context(lambda _context, *args, **kwargs: function(*args, **kwargs))


class PageWords:
    """Template helpers bound to one language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        _ = language.gettext
        self.actor_kind_plurals = {kind: _(words) for kind, words in vocab.ACTOR_KIND_PLURALS.items()}
        self.csl_type_words = {kind: _(words) for kind, words in vocab.CSL_TYPE_WORDS.items()}

    def helpers(self) -> dict[str, Any]:
        """Globals for the templates."""
        return {
            "day_words": self.day,
            "month_heading": self.month_heading,
            "year_heading": self.language.year,
            "actor_kind_plurals": self.actor_kind_plurals,
            "csl_type_words": self.csl_type_words,
            "language": self.language,
            # NOTE: between the items of a list ("Russia, Mali"); Arabic writes "، ".
            "comma": self.language.gettext(", "),
        }

    def filters(self) -> dict[str, Callable[..., Any]]:
        """Filters that take the context, so that Jinja never folds `"event" | kind_words`
        into the compiled template: compiled templates are shared by every build of the
        process (template_env.COMPILED), whatever its language."""
        return {name: _unfolded(function) for name, function in self._filters().items()}

    def _filters(self) -> dict[str, Callable[..., Any]]:
        return {
            "date_words": self.date,
            "claim_date": self.claim_date,
            "time_html": self.time_html,
            "kind_words": self.kind,
            "status_words": self.status,
            "confidence_words": self.confidence,
            "likelihood_words": self.likelihood,
            "likelihood_range": self.likelihood_range,
            "actor_kind_words": self.actor_kind,
            "reliability_words": self.reliability,
            "credibility_words": self.credibility,
            "evidence_way": self.evidence_way,
            "change_words": self.change,
            "relation_words": self.relation,
            "field_label": self.field_label,
            "style_label": self.style_label,
            "confidence_level": lambda level: self._words(vocab.CONFIDENCE_WORDS.get(level or ""), level or ""),
        }

    # -- dates -------------------------------------------------------------------------

    def date(self, date: EdtfDate | SimpleDate | None) -> str:
        return "" if date is None else self.language.date(date)

    def claim_date(self, claim: Any) -> str:
        """A claim's date as its page shows it: the analyst's `date_label` when it has
        one (data, shown as written), else its date in words."""
        return claim.date_label or self.date(claim.date)

    def day(self, day: dt.date | None) -> str:
        return "" if day is None else self.language.day(day)

    def month_heading(self, year: int, claim: Any) -> str:
        """A timeline month heading ("February 2024"), from a claim dated in that month."""
        return self.language.month(year, claim.date.start.month)

    def time_html(self, date: EdtfDate, label: str | None = None) -> Html:
        """A date as HTML `<time>` elements: the start's, and for an interval the end's
        too (a `datetime` holds one date, never an interval), each at its own precision.
        A label, when given, stands for the whole date in one element. Year 0000 has no
        valid `datetime`, so it is plain text."""
        words = self.language.simple_date

        def one(simple: SimpleDate, text: str) -> str:
            if simple.year < 1:
                return html.escape(text)
            return f'<time datetime="{html.escape(simple.iso())}">{html.escape(text)}</time>'

        if label:
            return Html(one(date.start, label))
        if date.end is not None:
            pattern = html.escape(self.language.gettext("%(start)s – %(end)s"))
            return Html(pattern % {"start": one(date.start, words(date.start)), "end": one(date.end, words(date.end))})
        if date.open_end:
            pattern = html.escape(self.language.since(date.start))
            return Html(pattern % {"date": one(date.start, words(date.start))})
        return Html(one(date.start, self.language.date(date)))

    # -- vocabularies ------------------------------------------------------------------

    def kind(self, kind: str) -> str:
        """A claim kind, capitalised as a label: `Event`, `Événement`."""
        words = vocab.CLAIM_KIND_WORDS.get(kind)
        return self.language.pgettext(vocab.CLAIM_KIND, words) if words else kind

    def status(self, status: str) -> str:
        return self._words(vocab.STATUS_WORDS.get(status), status)

    def confidence(self, confidence: str | None) -> str:
        """`moderate` → `moderate confidence` (capitalise it at the start of a sentence)."""
        return self._words(CONFIDENCE_PHRASES.get(confidence or ""), confidence or "")

    def likelihood(self, likelihood: str | None) -> str:
        words = vocab.LIKELIHOOD_WORDS.get(likelihood or "")
        return self.language.gettext(words[0]) if words else likelihood or ""

    def likelihood_range(self, likelihood: str | None) -> str:
        words = vocab.LIKELIHOOD_WORDS.get(likelihood or "")
        return self.language.gettext(words[1]) if words else ""

    def actor_kind(self, kind: str) -> str:
        return self._words(vocab.ACTOR_KIND_WORDS.get(kind), kind)

    def reliability(self, grade: str | None) -> str:
        return self._words(vocab.RELIABILITY_WORDS.get(grade or ""), grade or "")

    def credibility(self, grade: int | None) -> str:
        return self._words(vocab.CREDIBILITY_WORDS.get(grade or 0), str(grade or ""))

    def evidence_way(self, way: str) -> str:
        """`for` or `against`, as a claim is evidence for or against a judgment."""
        return self._words(EVIDENCE_WAYS.get(way), way)

    def change(self, change: Any) -> str:
        """What a change on What's new was: `Published`, `New evidence for`."""
        from ..briefing.changes import EVENT_WORDS

        if change.event == "evidence":
            return self._words(EVIDENCE_CHANGE.get(change.way), change.words)
        return self._words(EVENT_WORDS.get(change.event), change.words)

    def relation(self, relation: str) -> str:
        return self._words(RELATIONS.get(relation), relation)

    def field_label(self, label: str) -> str:
        return self._words(COMPARED_FIELDS.get(label), label)

    def style_label(self, label: str) -> str:
        """A citation style's name on its tab: citations.STYLE_LABELS marks the names that
        have words to translate; the others (APA, BibTeX, RIS) are names in any language."""
        return self.language.gettext(label)

    # -- what changed ------------------------------------------------------------------

    def summary(self, phrases: Iterable[str]) -> str:
        """A change summary ("Confidence: moderate to high; 2 sources added") in the
        language: each phrase from its message (history_diff.Phrase), a phrase that is
        plain text as it is."""
        text = self.language.gettext("; ").join(self.phrase(phrase) for phrase in phrases)
        return text[:1].upper() + text[1:]

    def phrase(self, phrase: str) -> str:
        if not isinstance(phrase, Phrase):
            return phrase
        language = self.language
        if phrase.plural is not None:
            message = language.ngettext(phrase.message, phrase.plural, phrase.number)
        else:
            message = language.gettext(phrase.message)
        values = dict(phrase.values)
        field = values.get("field")
        if field is not None:
            values["field"] = language.gettext(field)
        for slot in ("old", "new"):
            if slot in values:
                values[slot] = self.value_words(phrase, str(values[slot]))
        return message % values if values else message

    def value_words(self, phrase: Phrase, value: str) -> str:
        """A field's value in a change summary: a vocabulary's words where it has them."""
        field = phrase.values.get("field")
        if phrase.message == STATUS_CHANGE:
            return self.status(value)
        if field == FIELD_NAMES["confidence"]:
            return self._words(vocab.CONFIDENCE_WORDS.get(value), value)
        if field == FIELD_NAMES["likelihood"]:
            return self.likelihood(value)
        if field == FIELD_NAMES["kind"]:
            return self.kind(value).lower()
        return value

    def _words(self, message: str | None, fallback: str) -> str:
        return self.language.gettext(message) if message else fallback
