"""What changed between two versions of a claim: in words for the History section
("confidence: moderate to high", "2 sources added") and word by word for a version
page's comparison (the standard library's difflib).

Works on model records, so a field added to the claim later is still noticed (as
"<field> edited") before it gets words of its own.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..contract.vocabularies import N_, NP_
from . import model

Text = Callable[[Any], str]
_WORD = re.compile(r"\s+|[^\s]+")

_DESCRIBED = {
    "id",
    "title",
    "statement",
    "kind",
    "date",
    "date_label",
    "actors",
    "themes",
    "sources",
    "confidence",
    "likelihood",
    "key",
    "related",
    "status",
    "superseded_by",
    "status_note",
    "redirect_from",
    "published",
    "updated",
    "where",
    "supports",
    "contradicts",
}


class Phrase(str):
    """One phrase of a change summary: English as a string (what the feeds and tests
    read), and the message it was made from, so that a page can say it in its own
    language (site/page_history.py). `values` fill the message's `%(name)s` slots;
    `plural` is the plural message and `number` the count choosing the form."""

    message: str
    values: dict[str, Any]
    plural: str | None
    number: int

    def __new__(
        cls, message: str, values: dict[str, Any] | None = None, plural: str | None = None, count: int = 1
    ) -> Phrase:
        values = values or {}
        english = plural if plural is not None and count != 1 else message
        phrase = super().__new__(cls, english % values if values else english)
        phrase.message, phrase.values, phrase.plural, phrase.number = message, values, plural, count
        return phrase


def _words(value: Any) -> str:
    if value is None:
        return "none"
    if hasattr(value, "edtf"):
        return value.edtf()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "text"):
        return value.text
    return str(value)


FIELD_NAMES = {
    "superseded_by": N_("superseded by"),
    "kind": N_("kind"),
    "date": N_("date"),
    "date_label": N_("date label"),
    "confidence": N_("confidence"),
    "likelihood": N_("likelihood"),
    "published": N_("published"),
    "updated": N_("updated"),
}
"""The fields a change summary names, as it names them (translated on the page)."""


def _from_to(name: str, old: Any, new: Any) -> Phrase:
    """`name` is a key of FIELD_NAMES; `{"field": ...}` holds the key, for the page to translate."""
    field = FIELD_NAMES[name]
    if old is None:
        return Phrase(N_("%(field)s set to %(new)s"), {"field": field, "new": _words(new)})
    if new is None:
        return Phrase(N_("%(field)s removed (was %(old)s)"), {"field": field, "old": _words(old)})
    return Phrase(N_("%(field)s: %(old)s to %(new)s"), {"field": field, "old": _words(old), "new": _words(new)})


_LISTED = {
    "source": (
        NP_("%(count)d source added", "%(count)d sources added"),
        NP_("%(count)d source removed", "%(count)d sources removed"),
        N_("sources reordered"),
    ),
    "actor": (
        NP_("%(count)d actor added", "%(count)d actors added"),
        NP_("%(count)d actor removed", "%(count)d actors removed"),
        N_("actors reordered"),
    ),
    "theme": (
        NP_("%(count)d theme added", "%(count)d themes added"),
        NP_("%(count)d theme removed", "%(count)d themes removed"),
        N_("themes reordered"),
    ),
}


def _listed(name: str, old: tuple, new: tuple) -> list[Phrase]:
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    (add_one, add_many), (remove_one, remove_many), reordered = _LISTED[name]
    words = []
    if added:
        words.append(Phrase(add_one, {"count": len(added)}, add_many, len(added)))
    if removed:
        words.append(Phrase(remove_one, {"count": len(removed)}, remove_many, len(removed)))
    if not added and not removed and old != new:
        words.append(Phrase(reordered))
    return words


def _same(old: Any, new: Any) -> bool:
    """Equal in meaning: Markdown compares by its text, not where it was written."""
    return getattr(old, "text", old) == getattr(new, "text", new)


def change_summary(old: model.Claim | None, new: model.Claim) -> list[Phrase]:
    """What changed from `old` to `new`, in short phrases; `old` None: the first version."""
    if old is None:
        return [Phrase(N_("first version"))]
    words: list[Phrase] = []
    if old.id != new.id:
        words.append(Phrase(N_("renamed from %(id)s"), {"id": old.id}))
    if old.status != new.status:
        if new.status == "superseded":
            words.append(Phrase(N_("superseded by %(id)s"), {"id": new.superseded_by}))
        elif new.status == "withdrawn":
            words.append(Phrase(N_("withdrawn")))
        else:
            words.append(Phrase(N_("status: %(old)s to %(new)s"), {"old": old.status, "new": new.status}))
    elif old.superseded_by != new.superseded_by:
        words.append(_from_to("superseded_by", old.superseded_by, new.superseded_by))
    if old.title != new.title:
        words.append(Phrase(N_("title edited")))
    if not _same(old.statement, new.statement):
        words.append(Phrase(N_("statement edited")))
    if old.kind != new.kind:
        words.append(_from_to("kind", old.kind, new.kind))
    if old.date != new.date:
        if old.date is not None and new.date is not None:
            words.append(
                Phrase(N_("date corrected from %(old)s to %(new)s"), {"old": old.date.edtf(), "new": new.date.edtf()})
            )
        else:
            words.append(_from_to("date", old.date, new.date))
    if old.date_label != new.date_label:
        words.append(_from_to("date_label", old.date_label, new.date_label))
    if old.confidence != new.confidence:
        words.append(_from_to("confidence", old.confidence, new.confidence))
    if old.likelihood != new.likelihood:
        words.append(_from_to("likelihood", old.likelihood, new.likelihood))
    if old.key != new.key:
        words.append(Phrase(N_("made a key judgment")) if new.key else Phrase(N_("no longer a key judgment")))
    old_refs = {ref.ref: ref for ref in old.sources}
    new_refs = {ref.ref: ref for ref in new.sources}
    words += _listed("source", tuple(old_refs), tuple(new_refs))
    if any(old_refs[ref] != new_refs[ref] for ref in old_refs.keys() & new_refs.keys()):
        words.append(Phrase(N_("source details edited")))
    words += _listed("actor", old.actors, new.actors)
    words += _listed("theme", old.themes, new.themes)
    if old.related != new.related:
        words.append(Phrase(N_("related claims edited")))
    if not _same(old.status_note, new.status_note) and new.status == old.status:
        words.append(Phrase(N_("status note edited")))
    if old.redirect_from != new.redirect_from and old.id == new.id:
        words.append(Phrase(N_("former IDs edited")))
    if old.supports != new.supports:
        words.append(Phrase(N_("judgments it supports edited")))
    if old.contradicts != new.contradicts:
        words.append(Phrase(N_("judgments it contradicts edited")))
    if old.published != new.published:
        words.append(_from_to("published", old.published, new.published))
    if old.updated != new.updated:
        words.append(_from_to("updated", old.updated, new.updated))
    for spec in dataclasses.fields(new):
        if spec.name not in _DESCRIBED and not _same(getattr(old, spec.name, None), getattr(new, spec.name)):
            words.append(Phrase(N_("%(field)s edited"), {"field": spec.name.replace("_", " ")}))
    return words or [Phrase(N_("no change in meaning"))]


def summary_text(words: list[str]) -> str:
    """The phrases as one sentence-like line: "Confidence: moderate to high; 2 sources added"."""
    text = "; ".join(words)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of words in a comparison: `same`, `removed` or `added`."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """`new` compared with `old` word by word (whitespace runs are words too, so the
    text reads as written)."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("replace", "delete"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if op in ("replace", "insert"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def comparison(old: model.Claim, new: model.Claim, text: Text) -> list[tuple[str, list[Piece]]]:
    """The fields a reader compares word by word (title, statement, date, status note),
    each shown when it changed, as (label, pieces). `text` renders a value as plain
    text (Markdown cross-references as their labels)."""
    rows = []
    for label, name in (
        (N_("Title"), "title"),
        (N_("Statement"), "statement"),
        (N_("Date"), "date"),
        (N_("Status note"), "status_note"),
    ):
        before, after = getattr(old, name), getattr(new, name)
        if not _same(before, after):
            rows.append((label, word_diff(text(before), text(after))))
    return rows
