"""Which names of one document are the same person or organisation: a surname after the full
name ("Modi" after "Narendra Modi"), whatever NER called it or whether it saw it at all; a
short organisation name inside a longer one ("Working Group" in "Working Group on ..."); and
which country a province name several countries have lies in."""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from spacy.tokens import Doc

from kg.ids import country_key
from kg.model import Relation
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import positions
from kg.nlp.mentions import ACTOR_TYPES, EntityResult, Found, add_relation, country_counts, get_entity


def retype_people(found: list[Found]) -> None:
    """A name the text once says is a place or a building is one wherever NER typed it a
    person or a body; a full name the text once shows to be a person's is that person's
    wherever NER typed it a body (not one word: NER makes a person of "Wikinews" or "Collagen"
    too often); a one-word span that is a person's surname is that person ("Rouhani" as ORG);
    one that opens an organisation's name is that organisation ("Mahan" for "Mahan Air")."""
    # every name after the first: "Rosselló" of "Ricardo Rosselló Nevares" (two surnames)
    written = {fold(word): word for f in found if f.kind == "Person" and len(f.name.split()) > 1 for word in f.name.split()[1:]
               if fold(word)}  # (a name in another script folds to nothing)
    surnames = set(written)
    firsts = {f.name.split()[0]: f for f in found if f.kind in ACTOR_TYPES - {"Person", "Country"} and len(f.name.split()) > 1}
    people = {fold(f.name) for f in found if f.kind == "Person" and len(f.name.split()) > 1 and "." not in f.name}
    told = {fold(f.name): f.kind for f in found if f.told}
    for f in found:
        if f.kind == "Organization" and fold(f.name) in people:
            f.kind = "Person"  # "Sviatlana Tsikhanouskaya, an opposition candidate" once tells what she is every time
        if f.kind in {"Person", "Organization"} and fold(f.name) in told:
            f.kind = told[fold(f.name)]  # as "Hagia Sophia, now a museum" or "the plant at Abqaiq" tell of a place
        if f.kind == "Country" or len(f.name.split()) != 1:
            continue
        if f.kind not in {"Person", "City"} and fold(f.name) not in surnames and (spelled := _spelled_as(f.name, surnames)):
            f.kind, f.name = "Person", written[spelled]  # "Saree" after "Yahya Sarea": one name transliterated two ways
        if f.kind != "Person" and fold(f.name) in surnames:
            f.kind = "Person"  # "Warren", "Kennedy", "Bolton" are towns too
        elif f.name in firsts and not f.positions and f.kind != "City":  # "London" opens "London Stock Exchange"
            f.kind, f.name = firsts[f.name].kind, firsts[f.name].name


def split_pairs(found: list[Found]) -> list[Found]:
    """"Biden and Sanders", which NER took for one organisation: two people, when both names
    are surnames of people the text names in full."""
    surnames = {fold(f.name).split()[-1] for f in found if f.kind == "Person" and len(f.name.split()) > 1}
    out = []
    for f in found:
        cut = next((n for n, t in enumerate(f.span) if t.lower_ == "and"), None)
        if f.kind in {"Person", "Country"} or cut is None or len(f.span) != 3:
            out.append(f)
            continue
        left, right = f.span[:cut], f.span[cut + 1 :]
        if fold(left.text) in surnames and fold(right.text) in surnames:
            out += [Found(left, "Person", left.text, set()), Found(right, "Person", right.text, set())]
        else:
            out.append(f)
    return out


def missed_surnames(doc: Doc, found: list[Found]) -> list[Found]:
    """A surname standing alone that NER left untagged ("congratulated Pelosi" after "Nancy
    Pelosi") is that person: a name told in full is later written short. Not a surname two
    people of the text share, nor one inside another name ("the Pelosi Foundation")."""
    owners: dict[str, set[str]] = {}
    for f in found:
        if f.kind == "Person" and len(f.name.split()) > 1:
            owners.setdefault(f.name.split()[-1].lower(), set()).add(f.name)
    surnames = {name for name, people in owners.items() if len(people) == 1}
    if not surnames:
        return []
    covered = {i for f in found for i in range(f.span.start, f.span.end)}
    missed = []
    for token in positions(doc, frozenset(), surnames):
        i = token.i
        if i in covered or token.pos_ not in {"PROPN", "NOUN"} or not token.text[:1].isupper():
            continue  # (the parser reads a sentence-initial "Trump" as the noun now and then)
        if (i > 0 and doc[i - 1].pos_ == "PROPN") or (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN"):
            continue
        missed.append(Found(doc[i : i + 1], "Person", token.text, set()))
    return missed


def _spelled_as(name: str, surnames: set[str]) -> str | None:
    """The one surname of the text a long name differs from by one letter ("Saree", "Sarea"),
    with the first letter kept; None if none or several."""
    folded = fold(name)
    if len(folded) < 5:
        return None
    close = [s for s in surnames if s[0] == folded[0] and abs(len(s) - len(folded)) <= 1
             and SequenceMatcher(None, s, folded).ratio() >= 0.8]
    return close[0] if len(close) == 1 else None


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def resolve_people(names: list[str]) -> dict[str, str]:
    """Map each person name to the fullest name in the document it can stand for.

    "Modi" stands for "Narendra Modi" when that is the only longer name containing
    it; "Dylevsky Igor Nikolayevich" and "Igor Nikolayevich Dylevsky" are one person;
    a short name two people share is the one of them named before it ("Mugabe" after "Robert
    Mugabe", before "Grace Mugabe" comes in: a story names its principal first and then writes
    him short); with two named before it ("Khan" beside two Khans) it stays on its own.
    """
    return _longest_containing(
        names, lambda short, long: set(fold(short).split()) <= set(fold(long).split()), earliest=True
    )


def resolve_orgs(names: list[str], gaz: Gazetteer) -> dict[str, str]:
    """"Working Group" stands for "Working Group on Military Cooperation" when unique; but
    "United Nations" is an organisation of its own beside "United Nations General Assembly"."""
    return _longest_containing(names, lambda short, long: long.startswith(short + " ") and not gaz.organization(short))


def _longest_containing(names: list[str], contains, earliest: bool = False) -> dict[str, str]:
    order = {name: i for i, name in reversed(list(enumerate(names)))}  # first occurrence
    unique = sorted(set(names), key=lambda n: (-len(n.split()), order[n]))
    canonical: dict[str, str] = {}
    for n, name in enumerate(unique):
        longer = [other for other in unique[:n] if contains(name, other)]
        roots = {canonical[other] for other in longer}
        if len(roots) > 1 and earliest:
            roots = {canonical[other] for other in longer if order[other] < order[name]}
        canonical[name] = roots.pop() if len(roots) == 1 else name
    return canonical


def shared_regions(result: EntityResult, gaz: Gazetteer) -> None:
    """A province name several countries have lies in the one of them the text names most
    ("Florida" among Texas and Ohio in a US story; the department of Uruguay in a story from
    Montevideo); in none, it stays unplaced."""
    located = {r.subject for r in result.relations if r.predicate == "locatedIn"}
    counts = {result.entities[key].iso_code: n for key, n in country_counts(result).items()}
    for entity in list(result.entities.values()):
        candidates = gaz.region_countries(entity.label) if entity.type == "Place" and entity.key not in located else ()
        named = [iso for iso in candidates if counts.get(iso)]
        if named:
            country = gaz.by_iso[max(named, key=counts.get)]
            get_entity(result, country_key(country.iso3), "Country", country.label, iso_code=country.iso3)
            add_relation(result, Relation("locatedIn", entity.key, country_key(country.iso3)))


def provinces_named_like_countries(found: list[Found], gaz: Gazetteer) -> None:
    """A country's name that is also a province of another country names the province when
    the text names other provinces of that country and names it as often as the country of the
    name, by name or by its places ("David Perdue of Georgia" beside senators of Utah and
    Texas); `shared_regions` then puts it in that country. Niger stays a country in a story
    from Niamey that names Nigeria more, but none of its states."""
    counts: dict[str, int] = {}
    provinces: set[str] = set()
    for f in found:
        place = gaz.country(f.name) if f.kind == "Country" else gaz.city(f.name) if f.kind == "City" else gaz.region(f.name) if f.kind == "Place" else None
        for iso in {place.iso3} if place is not None else gaz.region_countries(f.name) if f.kind == "Place" else ():
            counts[iso] = counts.get(iso, 0) + 1
            if f.kind == "Place":
                provinces.add(iso)
    for f in found:
        if f.kind == "Country" and (owners := gaz.province_owners(f.name) & provinces):
            owner = max(owners, key=lambda iso: counts.get(iso, 0))
            if counts.get(owner, 0) >= counts.get(gaz.country(f.name).iso3, 0):
                f.kind = "Place"
