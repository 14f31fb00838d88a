"""Typed, resolved entities from spaCy's named entities and packaged reference data.

The statistical NER finds the spans; this module decides what they are (a country
keyed by its ISO code, a city in its country, a person without their title, an
organisation without the event word that follows it) and which spans name the same
thing within one document ("Narendra Modi" / "PM Modi" / "Modi").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.extract import gazetteer
from kg.extract.gazetteer import Gazetteer, slug
from kg.model import Entity, Relation

ACTOR_TYPES = {"Country", "Person", "Organization", "InternationalOrganization", "GovernmentBody", "MilitaryUnit"}
PLACE_TYPES = {"Place", "City", "Venue"}

# Words that make up titles and ranks. A run of them before a name is the position
# the person holds, not part of the name.
TITLE_WORDS = {
    "president", "prime", "minister", "pm", "chancellor", "king", "queen", "prince", "princess",
    "crown", "sheikh", "emir", "sultan", "premier", "pope", "general", "gen", "lt", "lieutenant",
    "colonel", "col", "major", "maj", "admiral", "marshal", "air", "commander", "captain", "secretary",
    "ambassador", "envoy", "spokesperson", "spokesman", "spokeswoman", "foreign", "defence",
    "defense", "interior", "finance", "deputy", "vice", "chief", "senator", "sen", "governor", "mayor",
    "speaker", "chairman", "chairwoman", "chair", "director", "leader", "state", "supreme",
    "dr", "mr", "mrs", "ms", "sir", "lord", "rep", "representative", "ayatollah", "first", "lady",
}
RANKS = {"lt", "lieutenant", "general", "gen", "col", "colonel", "major", "maj", "admiral", "marshal", "captain", "commander", "sgt"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "lord"}
# Titles whose holder leads the country named before the title ("Russian President").
LEADER_TITLES = {
    "president", "prime minister", "pm", "chancellor", "king", "queen", "emir", "sultan",
    "premier", "supreme leader", "sheikh",
}
EVENT_NOUNS = {"summit", "meeting", "conference", "talks", "session", "forum"}
GOVERNMENT_WORDS = re.compile(
    r"\b(ministry|department|office|government|parliament|kremlin|senate|congress|cabinet|"
    r"white house|administration|embassy|agency|bureau|council of ministers|state duma|assembly|"
    r"headquarters|staff|directorate|commission)\b",
    re.I,
)
MILITARY_WORDS = re.compile(r"\b(army|navy|air force|armed forces|military|guard corps|forces|militia|brigade|regiment)\b", re.I)
INTERNATIONAL_WORDS = re.compile(
    r"\b(united nations|nations|international|organi[sz]ation|union|alliance|treaty|bank|fund|"
    r"league|cooperation council|community|bloc)\b",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    key: str
    start: int  # token offsets in the spaCy Doc
    end: int
    text: str


@dataclass
class EntityResult:
    entities: dict[str, Entity]
    mentions: list[Mention]
    relations: list[Relation]

    def type_of(self, key: str) -> str:
        return self.entities[key].type


def extract_entities(doc: Doc, gaz: Gazetteer | None = None) -> EntityResult:
    gaz = gaz or gazetteer.load()
    found: list[tuple[Span, str, str, set[str]]] = []  # span, type, name, positions
    for ent in doc.ents:
        typed = _classify(ent, gaz)
        if typed:
            found.append(typed)
    result = EntityResult({}, [], [])
    people = _resolve_people([name for span, kind, name, _ in found if kind == "Person"])
    orgs = _resolve_orgs([name for span, kind, name, _ in found if kind in ACTOR_TYPES - {"Person", "Country"}])
    for span, kind, name, positions in found:
        entity = _entity_for(kind, name, gaz, people, orgs, result)
        entity.aliases.add(span.text if kind in {"Country"} else name)
        entity.positions |= positions
        entity.mentions += 1
        result.mentions.append(Mention(entity.key, span.start, span.end, span.text))
        if kind == "Person":
            result.relations.extend(_leader_relations(doc, span, entity.key, positions, gaz, result))
    for entity in result.entities.values():
        entity.aliases.discard(entity.label)
        for position in sorted(entity.positions):
            result.relations.append(Relation("holdsPosition", entity.key, position))
    return result


def _classify(ent: Span, gaz: Gazetteer) -> tuple[Span, str, str, set[str]] | None:
    """What one NER span is, after trimming determiners, titles and event words."""
    span = _trim(ent)
    if span is None:
        return None
    text = span.text
    label = ent.label_
    positions: set[str] = set()
    if not text[:1].isupper():
        return None
    if label in {"GPE", "NORP", "ORG", "PERSON", "LOC"} and gaz.country(text):
        return span, "Country", text, positions
    if label == "NORP":
        return None  # religions, ethnic groups and parties are not actors of this graph yet
    if label in {"PERSON", "ORG"}:
        title, rest = _split_title(span)
        if title and rest is not None and (label == "PERSON" or _looks_like_name(rest)):
            positions.add(title)
            return rest, "Person", rest.text, positions
        if label == "PERSON":
            before = _title_before(span)
            if before:
                positions.add(before)
            return span, "Person", text, positions
        return span, _org_type(text), text, positions
    if label == "GPE":
        return span, "City" if gaz.city(text) else "Place", text, positions
    if label == "LOC":
        return span, "Place", text, positions
    if label == "FAC":
        return span, "Venue", text, positions
    return None


def _trim(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ in {"ADP", "CCONJ", "DET"}):
        end -= 1
    # A trailing rank belongs to the next name ("the Armed Forces of Russia Lt").
    while end - start > 1 and ent.label_ == "ORG" and doc[end - 1].lower_.rstrip(".") in RANKS:
        end -= 1
    # "Shanghai Cooperation Organisation (SCO) Summit": the organisation, not the event.
    if ent.label_ == "ORG":
        while end > start and doc[end - 1].lower_ in EVENT_NOUNS:
            end -= 1
        paren = next((t.i for t in doc[start:end] if t.text == "("), None)
        if paren is not None and paren > start:
            end = paren
    if start >= end:
        return None
    return doc[start:end]


def _split_title(span: Span) -> tuple[str | None, Span | None]:
    """Split "PM Modi" into ("PM", span "Modi")."""
    i = span.start
    while i < span.end and span.doc[i].lower_.rstrip(".") in TITLE_WORDS | {".", "of"}:
        i += 1
    if i == span.start or i >= span.end:
        return None, None
    title = _title_text(span.doc[span.start : i])
    return title, span.doc[i : span.end]


def _title_before(span: Span) -> str | None:
    """The title written just before a person's name ("Prime Minister" Narendra Modi)."""
    doc = span.doc
    i = span.start
    while i > span.sent.start and doc[i - 1].lower_.rstrip(".") in TITLE_WORDS | {"."} and not doc[i - 1].ent_type_ == "PERSON":
        i -= 1
    return _title_text(doc[i : span.start]) if i < span.start else None


def _title_text(tokens: Span) -> str | None:
    words = [t.text for t in tokens if t.lower_.rstrip(".") not in HONORIFICS and t.text != "."]
    while words and words[0].lower() in {"of", "."}:
        words.pop(0)
    if not words:
        return None
    text = " ".join(words).replace(" .", ".")
    return "Prime Minister" if text.upper() == "PM" else text


def _looks_like_name(span: Span) -> bool:
    return 0 < len(span) <= 4 and all(t.text[:1].isupper() and t.is_alpha for t in span)


def _org_type(text: str) -> str:
    if MILITARY_WORDS.search(text):
        return "MilitaryUnit"
    if GOVERNMENT_WORDS.search(text):
        return "GovernmentBody"
    if INTERNATIONAL_WORDS.search(text) or (text.isupper() and 2 <= len(text) <= 6):
        return "InternationalOrganization"
    return "Organization"


def _resolve_people(names: list[str]) -> dict[str, str]:
    """Map each person name to the fullest name in the document it can stand for.

    "Modi" stands for "Narendra Modi" when that is the only longer name containing
    it; an ambiguous short name ("Khan" beside two Khans) stays on its own.
    """
    return _longest_containing(names, lambda short, long: set(short.split()) <= set(long.split()))


def _resolve_orgs(names: list[str]) -> dict[str, str]:
    """"Working Group" stands for "Working Group on Military Cooperation" when unique."""
    return _longest_containing(names, lambda short, long: long.startswith(short + " "))


def _longest_containing(names: list[str], contains) -> dict[str, str]:
    unique = sorted(set(names), key=lambda n: (-len(n.split()), n))
    canonical: dict[str, str] = {}
    for name in unique:
        longer = [other for other in unique if len(other) > len(name) and contains(name, other)]
        roots = {canonical[other] for other in longer}
        canonical[name] = roots.pop() if len(roots) == 1 else name
    return canonical


def _entity_for(kind: str, name: str, gaz: Gazetteer, people, orgs, result: EntityResult) -> Entity:
    if kind == "Country":
        country = gaz.country(name)
        return _get(result, f"country/{country.iso3}", "Country", country.label, iso_code=country.iso3)
    if kind == "Person":
        label = people.get(name, name)
        return _get(result, f"person/{slug(label)}", "Person", label)
    if kind in PLACE_TYPES:
        city = gaz.city(name) if kind == "City" else None
        label = city.name if city else name
        entity = _get(result, f"place/{slug(label)}", kind, label)
        if city:
            country = gaz.by_iso[city.iso3]
            _get(result, f"country/{country.iso3}", "Country", country.label, iso_code=country.iso3)
            relation = Relation("locatedIn", entity.key, f"country/{country.iso3}")
            if relation not in result.relations:
                result.relations.append(relation)
        return entity
    label = orgs.get(name, name)
    return _get(result, f"organization/{slug(label)}", _org_type(label), label)


def _get(result: EntityResult, key: str, kind: str, label: str, iso_code: str | None = None) -> Entity:
    if key not in result.entities:
        result.entities[key] = Entity(key=key, type=kind, label=label, iso_code=iso_code)
    return result.entities[key]


def _leader_relations(doc: Doc, span: Span, person: str, positions: set[str], gaz, result) -> list[Relation]:
    """'Russian President Vladimir Putin', "Iran's President Rouhani": leaderOf the country."""
    if not any(p.lower() in LEADER_TITLES for p in positions):
        return []
    i = span.start - 1
    while i >= span.sent.start and doc[i].lower_.rstrip(".") in TITLE_WORDS | {"."}:
        i -= 1
    while i >= span.sent.start and doc[i].tag_ == "POS":
        i -= 1
    if i < span.sent.start:
        return []
    country = gaz.country(doc[i].text) if doc[i].ent_type_ in {"GPE", "NORP"} else None
    if not country:
        return []
    key = f"country/{country.iso3}"
    _get(result, key, "Country", country.label, iso_code=country.iso3)
    return [Relation("leaderOf", person, key)]

