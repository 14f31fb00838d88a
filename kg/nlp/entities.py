"""Typed, resolved entities from spaCy's named entities and packaged reference data.

The statistical NER finds the spans; this module decides what they are (a country
keyed by its ISO code, a city in its country, a person without their title, an
organisation without the event word that follows it) and which spans name the same
thing within one document ("Narendra Modi" / "PM Modi" / "Modi").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.ids import country_key, entity_key
from kg.model import Entity, Relation
from kg.nlp import gazetteer, lexicon
from kg.nlp.arguments import KIN
from kg.nlp.clues import (
    CREDITS,
    capitalised_inside,
    in_credit,
    is_place_slot,
    is_time_zone,
    is_title_part,
    org_head,
    portfolio,
    said_to_be,
    site_of_a_facility,
    storm_name,
)
from kg.nlp.gazetteer import Gazetteer, normalise
from kg.nlp.lexicon import positions
from kg.nlp.resolve import (
    missed_surnames,
    provinces_named_like_countries,
    resolve_orgs,
    resolve_people,
    retype_people,
    shared_regions,
    split_pairs,
)
from kg.nlp.mentions import (
    ACTOR_TYPES,
    BODY_WORDS,
    GOVERNMENT_WORDS,
    INTERNATIONAL_WORDS,
    MILITARY_WORDS,
    NAME_PARTICLES,
    ORG_END,
    PLACE_TYPES,
    REACH_WORDS,
    EntityResult,
    Found,
    Mention,
    add_relation,
    get_entity,
)
from kg.nlp.relations import affiliations, anaphora, located_in, named_parts, part_of, territories
from kg.nlp.spans import taken_apart, with_particles
from kg.nlp.titles import (
    RANKS,
    apposed_names,
    as_office,
    is_title,
    rank_code,
    share_titles,
    split_title,
    title_before,
    titled_names,
)

# A common noun right before a name says what kind of thing the name is.
ORG_NOUNS = {"airline", "carrier", "company", "firm", "network", "broadcaster", "newspaper", "agency",
             "outlet", "website", "party", "movement", "group", "militia", "channel", "daily", "bank", "insurer"}
PLACE_NOUNS = {"town", "city", "village", "region", "province", "district", "capital", "port", "border",
               "island", "county"}
VENUE_WORDS = re.compile(r"\b(hospital|airport|mosque|masjid|church|cathedral|museum|palace|centre|center|stadium|"
                         r"hotel|square|temple|house|hall|base|headquarters|complex|bridge)\b", re.I)
NOT_ACTORS = re.compile(r"\b(week|day|festival|games|olympics|cup|prize|award|medal|legion of hono(?:u)?r|civil war|world war|economy|caliphate)\b|^operation\b", re.I)
# The last words of a document's name ("Affordable Care Act", "Good Friday Agreement").
DOCUMENT_ENDS = {"act", "accord", "accords", "agreement", "treaty", "law", "laws", "code", "regulations", "constitution", "amendment", "bill", "charter",
                 "protocol", "declaration", "doctrine", "resolution"}
# The head nouns of a name that make it a place even when NER calls it an organisation.
# (Hospitals, embassies and hotels are run by someone: organisations.)
VENUE_HEADS = {"airport", "headquarters", "complex", "stadium", "square", "mosque", "cathedral", "church", "temple",
               "museum", "base", "bridge"}
NATIONAL = re.compile(r"\bnational\b", re.I)
EVENT_NOUNS = {"summit", "meeting", "conference", "talks", "session", "forum"}


def extract_entities(doc: Doc, gaz: Gazetteer | None = None) -> EntityResult:
    gaz = gaz or gazetteer.load()
    acronyms = _acronyms(doc)
    found = [typed for span, label in _candidate_spans(doc, gaz) if (typed := _classify(span, label, gaz, acronyms))]
    found = split_pairs(found)
    retype_people(found)
    found = sorted(found + missed_surnames(doc, found), key=lambda f: f.span.start)
    share_titles(found)
    provinces_named_like_countries(found, gaz)
    result = EntityResult({}, [], [])
    people = resolve_people([f.name for f in found if f.kind == "Person"])
    orgs = resolve_orgs([f.name for f in found if f.kind in ACTOR_TYPES - {"Person", "Country"}], gaz)
    for f in found:
        entity = _entity_for(f.kind, f.name, gaz, people, orgs, result)
        entity.aliases.add(f.span.text if f.kind == "Country" else f.name)
        entity.aliases |= f.aliases
        entity.positions |= f.positions
        entity.mentions += 1
        result.mentions.append(Mention(entity.key, f.span.start, f.span.end, f.span.text))
    by_start = {m.start: m for m in result.mentions}
    for f, mention in zip(found, result.mentions):
        if f.kind == "Person":
            affiliations(doc, f, mention.key, gaz, result, by_start)
        elif f.kind in {"GovernmentBody", "MilitaryUnit"}:
            part_of(doc, f, mention.key, gaz, result, by_start)
        if f.kind not in {"Person", "Country", "City"}:
            located_in(doc, f, mention.key, result, by_start)
    shared_regions(result, gaz)
    named_parts(result)
    territories(result)
    anaphora(doc, result)
    for entity in result.entities.values():
        entity.aliases.discard(entity.label)
        for position in sorted(entity.positions):
            add_relation(result, Relation("holdsPosition", entity.key, position))
    return result


# -- finding the spans -----------------------------------------------------------------


def _candidate_spans(doc: Doc, gaz: Gazetteer) -> list[tuple[Span, str]]:
    """NER spans, corrected by names that follow a title ("Air Marshal Ashutosh Dixit")."""
    spans = [(_with_org_noun(ent), ent.label_) for ent in doc.ents]
    # "G7", "NATO", "ECOWAS": acronyms of the organisation table that NER left out.
    spans += [
        (doc[t.i : t.i + 1], "ORG")
        for t in doc
        if not t.ent_type_ and t.pos_ == "PROPN" and t.text in gaz.organizations
        and (t.text.isupper() or any(c.isdigit() for c in t.text))
    ]
    # "wrote on Twitter": a platform NER left out is still a company
    platforms = lexicon.load()["platforms"]
    spans += [(doc[t.i : t.i + 1], "ORG") for t in positions(doc, frozenset(), platforms)
              if not t.ent_type_ and t.pos_ == "PROPN" and t.text[:1].isupper()]
    # "The government of Burundi": a country's name NER left out is still the country
    spans += [(doc[t.i : t.i + 1], "GPE") for t in positions(doc, frozenset(), _one_word_countries(gaz))
              if not t.ent_type_ and t.pos_ == "PROPN" and t.text[:1].isupper() and gaz.country(t.text)
              and not rank_code(t)]
    spans = [part for span, label in spans for part in taken_apart(span, label, gaz, ORG_NOUNS)]
    for name in [*titled_names(doc, gaz), *apposed_names(doc, gaz)]:
        spans = [(s, label) for s, label in spans if s.end <= name.start or s.start >= name.end]
        spans.append((name, "PERSON"))
    spans = with_particles(spans)
    # "Presidents Muhammadu Buhari of Nigeria and Patrice Talon of Benin": a name
    # coordinated with a person is a person, whatever NER called it.
    people = {t.i for s, label in spans if label == "PERSON" for t in s}
    spans = [
        (s, "PERSON" if label == "ORG" and s.root.dep_ == "conj" and s.root.head.i in people and _looks_like_name(_trim(s) or s) else label)
        for s, label in spans
    ]
    # "the Supreme Court of Justice (Oberster Gerichtshof)": a name in brackets after an
    # organisation's is the same body in its own language, no one else (an acronym is kept)
    bodies = {s.end for s, label in spans if label == "ORG"}
    spans = [(s, label) for s, label in spans
             if not ((len(s) > 1 or sum(c.isupper() for c in s.text) < 2) and s.start >= 1 and doc[s.start - 1].text == "(" and s.start - 1 in bodies
                     and ")" in doc[s.end : s.end + 2].text)]
    return sorted(spans, key=lambda pair: pair[0].start)


def _one_word_countries(gaz: Gazetteer) -> frozenset[str]:
    return frozenset(name for name in gaz.countries if " " not in name and len(name) > 3)


def _with_org_noun(ent: Span) -> Span:
    """"the Houthi movement": the common noun after a name is part of the organisation's name."""
    doc = ent.doc
    if ent.label_ in {"ORG", "NORP"} and ent.end < len(doc) and doc[ent.end].lower_ in ORG_NOUNS and doc[ent.end].is_lower:
        return doc[ent.start : ent.end + 1]
    return ent


def _acronyms(doc: Doc) -> dict[str, str]:
    """"Syrian Democratic Forces (SDF)": the acronym stands for the name before it."""
    found: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        span = _trim(ent)
        if span is None or span.end + 1 >= len(doc):
            continue
        opening, acronym = doc[span.end], doc[span.end + 1]
        if opening.text == "(" and sum(c.isupper() for c in acronym.text) >= 2:
            found.setdefault(acronym.text, span.text)
    return found


# -- deciding what a span is -----------------------------------------------------------


def _classify(ent: Span, label: str, gaz: Gazetteer, acronyms: dict[str, str]) -> Found | None:
    """What one NER span is, after trimming determiners, titles and event words."""
    span = _trim(ent, label)
    if span is None:
        return None
    text = span.text
    doc = span.doc
    # "al-Eryani", "de Blasio", "al-Shabaab": a name may open on its lower-case particle
    particle = label in {"PERSON", "ORG"} and len(span) > 1 and span[0].lower_ in NAME_PARTICLES and span[-1].text[:1].isupper()
    if not (text[:1].isupper() or particle) or NOT_ACTORS.search(text) or is_time_zone(span) or (is_title_part(span) and not gaz.country(text)):
        return None
    if label == "ORG" and all(is_title(t) for t in span):
        return None  # "Detective Inspector" before a name: a title, not a body
    if (len(span) == 1 and span[0].pos_ not in {"PROPN", "NOUN"} and not text.isupper() and not gaz.country(text)
            and not capitalised_inside(span[0], label)):
        return None  # "And", "Content": a capitalised function word or adjective names no one
    if len(span) == 1 and span[0].pos_ == "NOUN" and span[0].is_sent_start and not gaz.country(text) and not text.isupper():
        return None  # "Commerce", "Oxygen" opening a sentence: a common noun, not a name
    if len(span) > 1 and span[-1].lower_ in DOCUMENT_ENDS and span[-2].lower_ != "of":  # (not "School of Law")
        return None  # "the Tenure of Office Act", "the Paris Agreement": a text, which does nothing
    if label in {"PERSON", "ORG"} and portfolio(span):
        return None  # "Road Transport and Bridges Minister Obaidul Quader": a minister's portfolio names no one
    if any("]" in t.text[1:] for t in span):
        return None  # "[W]e must": an editor's bracket inside a word, not a name
    if in_credit(span) or storm_name(span) or text.lower() in lexicon.load()["not_actor_names"]:
        return None  # a photo credit, a storm, a disease or a process ("Brexit") acts for no one
    if label in {"ORG", "GPE", "PERSON", "NORP", "PRODUCT", "LOC"} and (agency := gaz.agency(text) or gaz.agency(acronyms.get(text, ""))):
        return Found(span, agency.kind, agency.name, set(), {text})  # "the FBI": a state's agency (data/agencies.tsv)
    for acronym, long in acronyms.items():
        full = gaz.organization(acronym)
        if full and label == "ORG" and len(text) > 8 and normalise(text) in normalise(full):
            # "United Nations Educational, Scientific and Cultural Organization (UNESCO)",
            # which NER cuts at the comma: every piece is the one organisation.
            return Found(span, "InternationalOrganization", full, set())
    if text in acronyms:
        long = acronyms[text]
        name = gaz.organization(text) or gaz.organization(long) or long
        return Found(span, "InternationalOrganization" if name != long or gaz.organization(long) else _org_type(long), name, set(), {text})
    igo = gaz.organization(text) if label in {"ORG", "GPE", "PERSON", "NORP", "PRODUCT", "LOC"} else None
    if igo:
        return Found(span, "InternationalOrganization", igo, set(), {text})
    if text.lower() in lexicon.load()["armed_groups"]:  # "the Houthis" is no person, "Taliban" no company
        return Found(span, _org_type(text), text, set())
    if text.lower() in lexicon.load()["platforms"]:  # "wrote on Twitter": a company, whatever NER said
        return Found(span, "Organization", text, set())
    before = doc[span.start - 1].text if span.start > 0 and doc[span.start - 1].is_lower else ""
    after = doc[span.end].text if span.end < len(doc) and doc[span.end].is_lower else ""
    if label in {"GPE", "NORP", "ORG", "PERSON", "LOC"} and gaz.country(text):
        return Found(span, "Country", text, set())
    if label == "NORP" and len(span) > 1 and span[-1].tag_ == "NNP" and not gaz.is_demonym(span[-1].text):
        return Found(span, _org_type(text), text, set())  # "Saudi Aramco": a name after a nationality
    if label == "NORP" and text.lower() in lexicon.load()["party_members"]:
        # "Trump criticized Democrats": the members of a party stand for it ("Democrat": "Democratic")
        return Found(span, "Organization", text[:-1].replace("Democrat", "Democratic") + " Party", set(), {text})
    if label == "NORP":
        return None  # religions and ethnic groups are not actors of this graph
    if label in {"PERSON", "ORG", "GPE", "LOC", "FAC"}:
        if label != "ORG" and (GOVERNMENT_WORDS.search(text) or MILITARY_WORDS.search(text)) and not VENUE_WORDS.search(text):
            return Found(span, _org_type(text), text, set())  # "the French Embassy" is a body, not a building
        if VENUE_WORDS.search(text) and (label != "ORG" or span[-1].lower_ in VENUE_HEADS):
            return Found(span, "Venue", text, set())  # "José Martí International Airport" is a place, whatever NER said
        if before in ORG_NOUNS:
            return Found(span, _org_type(text), text, set())
        if gaz.city(text):
            return Found(span, "City", text, set())
        if gaz.region(text):
            return Found(span, "Place", text, set())  # "Ghazni", "Virginia": a province or a state
        if (before in PLACE_NOUNS and label != "ORG") or after in PLACE_NOUNS:
            return Found(span, "Place", text, set())  # "the town of Mokha", "Maidan Wardak province"
    if label == "ORG" and site_of_a_facility(span):
        return Found(span, "Place", text, set(), told=True)  # "the processing plant at Abqaiq"
    if label in {"PERSON", "ORG"} and said_to_be(span, VENUE_HEADS):
        return Found(span, "Venue", text, set(), told=True)  # "Hagia Sophia, formerly a church and now a museum"
    if label in {"PERSON", "ORG"}:
        title, rest = split_title(span)
        if title and rest is not None and (label == "PERSON" or _looks_like_name(rest)) and _org_type(text) == "Organization":
            return Found(rest, "Person", rest.text, {title})
        if label == "PERSON" and org_head(span, "street_heads"):
            return Found(span, "Place", text, set())  # "Southbank Boulevard"
        if label == "PERSON" and (org_head(span) or text.lower() in lexicon.load()["media"]):
            return Found(span, _org_type(text), text, set())  # "Ben Franklin Technology Partners", "Wikinews"
        if label == "PERSON" and not (len(span) == 1 and text.isupper() and len(text) > 1):  # ("NPR", "VPOTUS": no one's name)
            titles = title_before(span)
            if not titles and is_place_slot(span):
                return Found(span, "Place", text, set())
            return Found(span, "Person", text, titles)
        # "Ricardo Rosselló, Puerto Rico's governor", "Maya Rockeymoore Cummings, his wife and ...": said to be someone
        # ("Sviatlana Tsikhanouskaya, an opposition candidate": what only a person is)
        titled = said_to_be(span, lexicon.load()["person_nouns"] | lexicon.load()["occupations"]) or any(
            (c.dep_ == "appos" and is_title(c)) or (c.dep_ in {"appos", "conj"} and c.lemma_.lower() in KIN) for c in span.root.children)
        # "officers Antoine Quirin and Nicolas Redouane": a full name after a title, or beside a person's name
        titled = titled or (len(span) > 1 and not text.isupper() and not VENUE_WORDS.search(text)
                            and not any(t.lower_ in ORG_NOUNS or t.is_stop or t.ent_type_ == "NORP" for t in span) and (
            (span.start > 0 and doc[span.start - 1].is_lower and is_title(doc[span.start - 1])) or _beside_a_person(span)))
        if (as_office(span.root) or titled or _speaks_for_a_body(span)) and _looks_like_name(span) and _org_type(text) == "Organization":
            # "Rosselló resigned as governor", "Ricardo Rosselló, Puerto Rico's governor": no firm
            # holds an office; "Nikki Holland of the National Crime Agency said": a body's own name holds its "of"
            return Found(span, "Person", text, set())
        return Found(span, _org_type(text), text, set())
    if label == "GPE":
        return Found(span, "Place", text, set())
    if label == "LOC":
        return Found(span, "Place", text, set())
    if label == "FAC":
        return Found(span, "Venue", text, set())
    return None


def _trim(ent: Span, label: str | None = None) -> Span | None:
    label = label or ent.label_
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ in {"ADP", "CCONJ", "DET"}):
        end -= 1
    # "Gary Johnson Image: Gary Johnson": a caption's credit word is not part of the name
    while end - start > 1 and doc[end - 1].lower_ in CREDITS and end < len(doc) and doc[end].text == ":":
        end -= 1
    # A trailing rank belongs to the next name ("the Armed Forces of Russia Lt").
    while end - start > 1 and label == "ORG" and doc[end - 1].lower_.rstrip(".") in RANKS:
        end -= 1
    # "Shanghai Cooperation Organisation (SCO) Summit": the organisation, not the event.
    if label == "ORG":
        if end - start > 2 and doc[start].tag_ == "NNS" and is_title(doc[start]) and doc[start + 1].lower_ == "of":
            start += 2  # "Leaders of African Union": the people of a body are not the body
        while end > start and doc[end - 1].lower_ in EVENT_NOUNS:
            end -= 1
        paren = next((t.i for t in doc[start:end] if t.text == "("), None)
        if paren is not None and paren > start:
            end = paren
    if start >= end:
        return None
    return doc[start:end]


def _speaks_for_a_body(span: Span) -> bool:
    """A two- or three-word name, then "of" and a named body or state, and a verb of saying."""
    doc, end = span.doc, span.end
    k = end + 2 if end + 1 < len(doc) and doc[end + 1].lower_ == "the" else end + 1
    return (2 <= len(span) <= 3 and end < len(doc) and doc[end].lower_ == "of" and k < len(doc)
            and doc[k].ent_iob_ == "B" and doc[k].ent_type_ in {"ORG", "GPE", "NORP"}
            and span.root.dep_ == "nsubj" and span.root.head.lemma_ in lexicon.load()["speech_verbs"])


def _beside_a_person(span: Span) -> bool:
    """A name coordinated with one NER calls a person's ("Antoine Quirin and Nicolas Redouane")."""
    root = span.root
    neighbours = [c for c in root.children if c.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
    return any(t.ent_type_ == "PERSON" and not span.start <= t.i < span.end for t in neighbours)


def _looks_like_name(span: Span) -> bool:
    return 0 < len(span) <= 4 and all(t.text[:1].isupper() and t.is_alpha for t in span) and not org_head(span)


def _org_type(text: str) -> str:
    if MILITARY_WORDS.search(text) or text.lower() in lexicon.load()["armed_groups"]:
        return "MilitaryUnit"
    if GOVERNMENT_WORDS.search(text):
        return "GovernmentBody"
    # (an acronym the reference data lacks, "CNN", "WWE", is no IGO; nor a union or a bank of one country)
    # (nor a "National" one: "Zimbabwe African National Union" is a party)
    if INTERNATIONAL_WORDS.search(text) and not NATIONAL.search(text) and (
            not BODY_WORDS.search(text) or REACH_WORDS.search(text) or INTERNATIONAL_WORDS.search(BODY_WORDS.sub("", text))):
        return "InternationalOrganization"
    return "Organization"


def _entity_for(kind: str, name: str, gaz: Gazetteer, people, orgs, result: EntityResult) -> Entity:
    if kind == "Country":
        country = gaz.country(name)
        return get_entity(result, country_key(country.iso3), "Country", country.label, iso_code=country.iso3)
    if kind == "Person":
        label = people.get(name, name)
        return get_entity(result, entity_key("person", label), "Person", label)
    if kind in PLACE_TYPES:
        city = gaz.city(name) if kind == "City" else None
        label = city.name if city else name
        entity = get_entity(result, entity_key("place", label), kind, label)
        country = gaz.by_iso[city.iso3] if city else gaz.region(name) if kind == "Place" else None
        if country:  # "Moscow" lies in Russia, "Texas" in the United States
            get_entity(result, country_key(country.iso3), "Country", country.label, iso_code=country.iso3)
            add_relation(result, Relation("locatedIn", entity.key, country_key(country.iso3)))
        return entity
    label = orgs.get(name, name)
    known = kind == "InternationalOrganization" or gaz.agency(label)  # (the reference data's type, not the name's words)
    return get_entity(result, entity_key("organization", label), kind if known else _org_type(label), label)
