"""NER spans that run two names into one, taken apart: a body and the person who holds its
title ("director of Amnesty International Man-kei Tam"), a town and its mayor ("Mayor of
Koszalin Piotr Jedlinski"), a platform and the body after it ("on Twitter the Federal
Aviation Administration"); and names NER cut at a lower-case particle, put back together
("Ursula von der Leyen", "Arnel dela Vega")."""

from __future__ import annotations

from spacy.tokens import Span

from kg.nlp import lexicon
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.mentions import NAME_PARTICLES, ORG_END
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


def with_particles(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """"Ursula von der | Leyen", "Arnel | dela Vega": a person's name goes on over the
    lower-case particles of surnames (von, van der, de la, dela, bin, ...) to the capitalised
    word after them, wherever NER cut it and whatever it called the rest."""
    out: list[tuple[Span, str]] = []
    for span, label in sorted(spans, key=lambda pair: (pair[0].start, -len(pair[0]))):
        if out and _joined_by_particles(out[-1][0], span) and (
                out[-1][1] == "PERSON" or label == "PERSON" and len(out[-1][0]) == 1):  # ("Arnel" an ORG, "dela Vega" a PERSON)
            out[-1] = (span.doc[out[-1][0].start : span.end], "PERSON")
            continue
        out.append((span, label))
    return [_on_over_particles(span) if label == "PERSON" else (span, label) for span, label in out]


def _joined_by_particles(before: Span, after: Span) -> bool:
    doc = before.doc
    whole = doc[before.start : after.end]
    lower = [t for t in whole if t.is_lower]
    return (before.end <= after.start <= before.end + 2 and len(whole) <= 6 and after[-1].text[:1].isupper()
            and all(t.is_lower for t in doc[before.end : after.start])
            and bool(lower) and all(t.lower_ in NAME_PARTICLES for t in lower))


def _on_over_particles(span: Span) -> tuple[Span, str]:
    """"Arnel dela Vega" where NER stopped at "Arnel" (particles, then a capitalised name
    word) or began at "dela" (the given name before it)."""
    doc, start, end = span.doc, span.start, span.end
    if span[0].is_lower and span[0].lower_ in NAME_PARTICLES:
        while start > max(span.start - 2, 0) and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_:
            start -= 1
    span = doc[start:end]
    while end < len(doc) and doc[end].is_lower and doc[end].lower_ in NAME_PARTICLES:
        end += 1
    if end > span.end and end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and not doc[end].ent_type_:
        return doc[span.start : end + 1], "PERSON"
    return span, "PERSON"
