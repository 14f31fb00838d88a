"""NER spans that run two names into one, taken apart: a body and the person who holds its
title ("director of Amnesty International Man-kei Tam"), a town and its mayor ("Mayor of
Koszalin Piotr Jedlinski"), a platform and the body after it ("on Twitter the Federal
Aviation Administration")."""

from __future__ import annotations

from spacy.tokens import Span

from kg.nlp import lexicon
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.mentions import ORG_END
from kg.nlp.titles import is_title


def taken_apart(span: Span, label: str, gaz: Gazetteer, org_nouns: set[str]) -> list[tuple[Span, str]]:
    """The (span, NER label) pairs one NER span stands for."""
    return [last for part, kind in _unglued(span, label, org_nouns)
            for middle in _place_before_name(part, kind, gaz) for last in _two_names(*middle)]


def _unglued(span: Span, label: str, org_nouns: set[str]) -> list[tuple[Span, str]]:
    """"director of Amnesty International Man-kei Tam": NER ran the body and the person
    holding the title into one name; it ends at the body's last word (International, Agency,
    Party, ...) and the person's name follows."""
    doc = span.doc
    if label != "ORG" or span.start < 2 or doc[span.start - 1].lower_ != "of":
        return [(span, label)]
    titled = is_title(doc[span.start - 2])  # else a full name must follow: "members of the House Darin LaHood"
    ends = [t.i for t in span[:-1] if t.lower_ in org_nouns
            or any(m.end() == t.idx + len(t) - span.start_char for m in ORG_END.finditer(doc[span.start : t.i + 1].text))]
    if not ends:
        return [(span, label)]
    tail = doc[ends[-1] + 1 : span.end]
    if not ((titled or len(tail) >= 2) and len(tail) <= 5 and not any(is_title(t) for t in tail) and tail[0].text[:1].isupper() and tail[-1].text[:1].isupper()
            and all(t.is_alpha or t.text == "-" for t in tail) and not any(ORG_END.search(t.text) for t in tail)):
        return [(span, label)]
    return [(doc[span.start : ends[-1] + 1], "ORG"), (tail, "PERSON")]


def _two_names(span: Span, label: str) -> list[tuple[Span, str]]:
    """"announced on Twitter the Federal Aviation Administration ...": a platform NER ran into
    the name after it ("Unite the Right" stays one name)."""
    if len(span) > 2 and span[0].lower_ in lexicon.load()["platforms"] and span[1].lower_ == "the":
        return [(span[:1], label), (span[1:], label)]
    return [(span, label)]


def _place_before_name(span: Span, label: str, gaz: Gazetteer) -> list[tuple[Span, str]]:
    """"Mayor of Koszalin Piotr Jedlinski": NER ran the town and the mayor's name into one
    person; a known city, region or country, then a name of two or three words. Also into one
    organisation, after a title's "from" or "of" ("Senator from Vermont Bernie Sanders")."""
    doc = span.doc
    after_title = span.start >= 2 and doc[span.start - 1].lower_ in {"of", "from"} and is_title(doc[span.start - 2])
    if not (label == "PERSON" or (label in {"ORG", "GPE"} and after_title)) or len(span) < 3:
        return [(span, label)]
    for cut in (1, 2):
        place, name = span[:cut], span[cut:]
        known = gaz.city(place.text) or gaz.region(place.text) or gaz.country(place.text)
        if known and 2 <= len(name) <= 3 and all(t.is_alpha and t.text[:1].isupper() for t in name):
            return [(place, "GPE"), (name, "PERSON")]
    return [(span, label)]
