"""Typed, resolved entities from spaCy's named entities and packaged reference data.

The statistical NER finds the spans; this module decides what they are (a country
keyed by its ISO code, a city in its country, a person without their title, an
organisation without the event word that follows it) and which spans name the same
thing within one document ("Narendra Modi" / "PM Modi" / "Modi").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract import gazetteer
from kg.extract.gazetteer import Gazetteer, normalise, slug
from kg.extract.tree import first_up, is_root
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
    "affairs", "secretary-general", "commissioner", "chairperson", "constable", "head",
    "attorney", "justice", "executive", "officer",
}
# Titles whose holder heads the organisation named before or after the title.
ORG_LEADER_TITLES = {"president", "secretary-general", "secretary general", "director", "director-general",
                     "chairman", "chairwoman", "chairperson", "chair", "head", "chief executive", "leader"}
# Words between parts of a title: "Secretary of State", "Ambassador to Germany".
TITLE_JOINS = {"of", "to", "for", "-", "."}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "del", "dos", "la", "le", "du", "-"}
# A common noun right before a name says what kind of thing the name is.
ORG_NOUNS = {"airline", "carrier", "company", "firm", "network", "broadcaster", "newspaper", "agency",
             "outlet", "website", "party", "movement", "group", "militia", "channel", "daily", "bank", "insurer"}
PLACE_NOUNS = {"town", "city", "village", "region", "province", "district", "capital", "port", "border",
               "island", "county"}
VENUE_WORDS = re.compile(r"\b(hospital|airport|mosque|masjid|church|cathedral|museum|palace|centre|center|stadium|"
                         r"hotel|square|temple|house|hall|base)\b", re.I)
NOT_ACTORS = re.compile(r"\b(week|day|festival|games|olympics|cup|prize|award|operation)\b", re.I)
PLACE_PREPS = {"in", "near", "at", "outside", "around", "into"}
PLACE_VERBS = {"enter", "capture", "seize", "take", "reach", "bomb", "shell"}
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
    r"headquarters|staff|directorate|commission|court|police|embassy|consulate|secretariat)\b",
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
    # person or state body -> the countries and organisations they act for ("US Secretary
    # of State", "President X of Iran", "the US Embassy"), so events can name the state too.
    acts_for: dict[str, set[str]] = field(default_factory=dict)

    def type_of(self, key: str) -> str:
        return self.entities[key].type


@dataclass
class Found:
    span: Span
    kind: str
    name: str
    positions: set[str]
    aliases: set[str] = field(default_factory=set)


def extract_entities(doc: Doc, gaz: Gazetteer | None = None) -> EntityResult:
    gaz = gaz or gazetteer.load()
    acronyms = _acronyms(doc)
    found = [typed for span, label in _candidate_spans(doc, gaz) if (typed := _classify(span, label, gaz, acronyms))]
    _retype_people(found)
    _share_titles(found)
    result = EntityResult({}, [], [])
    people = _resolve_people([f.name for f in found if f.kind == "Person"])
    orgs = _resolve_orgs([f.name for f in found if f.kind in ACTOR_TYPES - {"Person", "Country"}])
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
            _affiliations(doc, f, mention.key, gaz, result, by_start)
        elif f.kind in {"GovernmentBody", "MilitaryUnit"}:
            _part_of(doc, f, mention.key, gaz, result, by_start)
        if f.kind not in {"Person", "Country", "City"}:
            _located_in(doc, f, mention.key, result, by_start)
    _anaphora(doc, result)
    for entity in result.entities.values():
        entity.aliases.discard(entity.label)
        for position in sorted(entity.positions):
            _add(result, Relation("holdsPosition", entity.key, position))
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
    for name in _titled_names(doc, gaz):
        spans = [(s, label) for s, label in spans if s.end <= name.start or s.start >= name.end]
        spans.append((name, "PERSON"))
    # "Presidents Muhammadu Buhari of Nigeria and Patrice Talon of Benin": a name
    # coordinated with a person is a person, whatever NER called it.
    people = {t.i for s, label in spans if label == "PERSON" for t in s}
    spans = [
        (s, "PERSON" if label == "ORG" and s.root.dep_ == "conj" and s.root.head.i in people and _looks_like_name(_trim(s) or s) else label)
        for s, label in spans
    ]
    return sorted(spans, key=lambda pair: pair[0].start)


def _with_org_noun(ent: Span) -> Span:
    """"the Houthi movement": the common noun after a name is part of the organisation's name."""
    doc = ent.doc
    if ent.label_ in {"ORG", "NORP"} and ent.end < len(doc) and doc[ent.end].lower_ in ORG_NOUNS and doc[ent.end].is_lower:
        return doc[ent.start : ent.end + 1]
    return ent


def _is_title(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in TITLE_WORDS or (word.endswith("s") and word[:-1] in TITLE_WORDS and len(word) > 3)


def _titled_names(doc: Doc, gaz: Gazetteer):
    """Proper-noun runs right after a title: the title marks them as a person."""
    i = 0
    while i < len(doc):
        inside_other = doc[i].ent_iob_ == "I" and doc[i].ent_type_ != "PERSON"  # "Free Trade Area"
        if inside_other or not (_is_title(doc[i]) and doc[i].text[:1].isupper()):
            i += 1
            continue
        j = _title_end(doc, i, gaz)
        k = j
        while k < len(doc) and k - j < 6 and (
            (doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and doc[k].is_alpha and not _is_title(doc[k]))
            or (doc[k].lower_ in NAME_PARTICLES and k + 1 < len(doc) and k > j
                and (doc[k + 1].text[:1].isupper() or doc[k + 1].text == "-"))
        ):
            k += 1
        if k > j and _is_name(doc[i:k], doc[j:k], gaz):
            yield doc[j:k]
        i = max(k, i + 1)


def _title_end(doc: Doc, i: int, gaz: Gazetteer) -> int:
    j = i + 1
    while j < len(doc):
        if _is_title(doc[j]) or (doc[j].text in {"-", "."} and j + 1 < len(doc) and _is_title(doc[j + 1])):
            j += 1
        elif doc[j].lower_ in {"of", "to", "for"} and j + 2 < len(doc) and (
            _is_title(doc[j + 1]) or gaz.country(doc[j + 1].text)
        ) and doc[j + 1].text[:1].isupper() and doc[j + 2].pos_ == "PROPN":
            j += 2
        else:
            break
    return j


def _is_name(whole: Span, name: Span, gaz: Gazetteer) -> bool:
    if any(t.ent_type_ not in {"", "PERSON", "ORG", "WORK_OF_ART"} for t in name):
        return False
    text = name.text
    return not (
        gaz.country(text) or gaz.city(text) or gaz.organization(text)
        or GOVERNMENT_WORDS.search(whole.text) or MILITARY_WORDS.search(whole.text)
        or INTERNATIONAL_WORDS.search(text)
    )


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
    if not text[:1].isupper() or NOT_ACTORS.search(text) or _is_time_zone(span) or _is_title_part(span):
        return None
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
    before = doc[span.start - 1].text if span.start > 0 and doc[span.start - 1].is_lower else ""
    if label in {"GPE", "NORP", "ORG", "PERSON", "LOC"} and gaz.country(text):
        return Found(span, "Country", text, set())
    if label == "NORP":
        return None  # religions, ethnic groups and parties are not actors of this graph yet
    if label in {"PERSON", "ORG", "GPE", "LOC", "FAC"}:
        if label != "ORG" and (GOVERNMENT_WORDS.search(text) or MILITARY_WORDS.search(text)) and not VENUE_WORDS.search(text):
            return Found(span, _org_type(text), text, set())  # "the French Embassy" is a body, not a building
        if VENUE_WORDS.search(text) and label != "ORG":
            return Found(span, "Venue", text, set())
        if before in ORG_NOUNS:
            return Found(span, _org_type(text), text, set())
        if gaz.city(text):
            return Found(span, "City", text, set())
        if before in PLACE_NOUNS and label != "ORG":
            return Found(span, "Place", text, set())
    if label in {"PERSON", "ORG"}:
        title, rest = _split_title(span)
        if title and rest is not None and (label == "PERSON" or _looks_like_name(rest)) and _org_type(text) == "Organization":
            return Found(rest, "Person", rest.text, {title})
        if label == "PERSON":
            titles = _title_before(span)
            if not titles and _is_place_slot(span):
                return Found(span, "Place", text, set())
            return Found(span, "Person", text, titles)
        return Found(span, _org_type(text), text, set())
    if label == "GPE":
        return Found(span, "Place", text, set())
    if label == "LOC":
        return Found(span, "Place", text, set())
    if label == "FAC":
        return Found(span, "Venue", text, set())
    return None


def _is_time_zone(span: Span) -> bool:
    """"10:00 UTC", "8 pm BST": an upper-case word after a time is a time zone."""
    if len(span) != 1 or not span.text.isupper() or span.start == 0:
        return False
    previous = span.doc[span.start - 1]
    return previous.like_num or any(c.isdigit() for c in previous.text) or previous.ent_type_ == "TIME" or previous.lower_ in {"am", "pm", "a.m.", "p.m."}


def _is_title_part(span: Span) -> bool:
    """"State" in "Secretary of State", "Transportation" in "Department of Transportation"."""
    doc = span.doc
    if len(span) != 1 or span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    head = doc[span.start - 2]
    return _is_title(head) or bool(GOVERNMENT_WORDS.search(head.text))


def _is_place_slot(span: Span) -> bool:
    """A name where only a place can stand: "in Tell Tamer", "entered Ain Issa"."""
    root = span.root
    root = first_up(root, lambda t: t.dep_ != "conj" or is_root(t)) or root
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
        return True
    return root.dep_ == "dobj" and root.head.lemma_ in PLACE_VERBS


def _trim(ent: Span, label: str | None = None) -> Span | None:
    label = label or ent.label_
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ in {"ADP", "CCONJ", "DET"}):
        end -= 1
    # A trailing rank belongs to the next name ("the Armed Forces of Russia Lt").
    while end - start > 1 and label == "ORG" and doc[end - 1].lower_.rstrip(".") in RANKS:
        end -= 1
    # "Shanghai Cooperation Organisation (SCO) Summit": the organisation, not the event.
    if label == "ORG":
        while end > start and doc[end - 1].lower_ in EVENT_NOUNS:
            end -= 1
        paren = next((t.i for t in doc[start:end] if t.text == "("), None)
        if paren is not None and paren > start:
            end = paren
    if start >= end:
        return None
    return doc[start:end]


def _split_title(span: Span) -> tuple[str | None, Span | None]:
    """Split "PM Modi" into ("Prime Minister", span "Modi")."""
    i = span.start
    while i < span.end and (_is_title(span.doc[i]) or span.doc[i].text in {".", "-"}):
        i += 1
    if i == span.start or i >= span.end:
        return None, None
    return _title_text(span.doc[span.start : i]), span.doc[i : span.end]


def _title_before(span: Span) -> set[str]:
    """The titles written just before a person's name ("Prime Minister" Narendra Modi)."""
    start = _title_start(span)
    return _positions(span.doc[start : span.start]) if start < span.start else set()


def _title_start(span: Span) -> int:
    """Where the title before a name begins: "Secretary of State", "the President of the
    United States", "Ambassador to Germany", "trade and industry commissioner"."""
    doc = span.doc
    start = span.sent.start
    i = span.start
    while i > start:
        t = doc[i - 1]
        if t.ent_type_ == "PERSON" and not _is_title(t):
            break
        if _is_title(t) or (t.text in {".", "-"} and i - 2 >= 0 and _is_title(doc[i - 2])):
            i -= 1
        elif t.lower_ in {"of", "to", "for"} and i - 2 >= start and _is_title(doc[i - 2]) and i < span.start:
            i -= 1
        elif t.text[:1].isupper():
            j = i - 1
            while j > start and i - j <= 4 and (doc[j].text[:1].isupper() and not _is_title(doc[j]) or doc[j].lower_ == "the"):
                j -= 1
            if doc[j].lower_ in {"of", "to", "for"} and j - 1 >= start and _is_title(doc[j - 1]):
                i = j - 1
            else:
                break
        else:
            break
    if i < span.start and doc[i].is_lower:
        while i > start and doc[i - 1].is_lower and doc[i - 1].pos_ in {"NOUN", "ADJ", "CCONJ"} and not doc[i - 1].ent_type_:
            i -= 1
    return i


def _positions(tokens: Span) -> set[str]:
    """The positions a title run names: "AU chairperson President" holds two."""
    groups: list[list[Token]] = [[]]
    for t in tokens:
        previous = groups[-1][-1] if groups[-1] else None
        if previous is not None and previous.is_lower and _is_title(previous) and t.text[:1].isupper() and _is_title(t):
            groups.append([])
        groups[-1].append(t)
    doc = tokens.doc
    return {text for g in groups if g and (text := _title_text(doc[g[0].i : g[-1].i + 1]))}


def _title_text(tokens: Span) -> str | None:
    words = [t for t in tokens if t.lower_.rstrip(".") not in HONORIFICS]
    while words and (words[0].lower_ in TITLE_JOINS or words[0].is_punct):
        words.pop(0)
    if not words:
        return None
    of = next((n for n, t in enumerate(words) if t.lower_ == "of"), None)
    if of is not None and of > 0:
        rest = " ".join(t.text for t in words[of + 1 :] if t.lower_ != "the")
        if gazetteer.load().country(rest):
            words = words[:of]  # "President of the United States": the office is "President"
    text = "".join(t.text_with_ws for t in words).strip().rstrip(".").replace(" .", ".")
    if text.upper() == "PM":
        return "Prime Minister"
    if of is None and text.endswith("s") and _is_title(words[-1]) and text[:-1].lower().split()[-1] in TITLE_WORDS:
        text = text[:-1]  # "Presidents Buhari and Talon": each is a President
    return text


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


def _share_titles(found: list[Found]) -> None:
    """"Presidents Muhammadu Buhari of Nigeria and Patrice Talon of Benin": a plural title
    is each coordinated person's."""
    people = {t.i: f for f in found if f.kind == "Person" for t in f.span}
    for f in found:
        root = f.span.root
        if f.kind == "Person" and not f.positions and root.dep_ == "conj" and root.head.i in people:
            head = people[root.head.i]
            before = f.span.doc[_title_start(head.span) : head.span.start]
            if any(t.lower_.endswith("s") and _is_title(t) and t.lower_ not in TITLE_WORDS for t in before):
                f.positions |= head.positions


def _retype_people(found: list[Found]) -> None:
    """A one-word span that is a person's surname is that person, whatever NER said ("Rouhani"
    as ORG); one that opens an organisation's name is that organisation ("Mahan" for "Mahan Air")."""
    surnames = {_fold(f.name).split()[-1] for f in found if f.kind == "Person" and len(f.name.split()) > 1}
    firsts = {f.name.split()[0]: f for f in found if f.kind in ACTOR_TYPES - {"Person", "Country"} and len(f.name.split()) > 1}
    for f in found:
        if f.kind == "Country" or len(f.name.split()) != 1:
            continue
        if f.kind != "Person" and _fold(f.name) in surnames:
            f.kind = "Person"
        elif f.name in firsts and not f.positions:
            f.kind, f.name = firsts[f.name].kind, firsts[f.name].name


# -- resolving names to entities -------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _resolve_people(names: list[str]) -> dict[str, str]:
    """Map each person name to the fullest name in the document it can stand for.

    "Modi" stands for "Narendra Modi" when that is the only longer name containing
    it; "Dylevsky Igor Nikolayevich" and "Igor Nikolayevich Dylevsky" are one person;
    an ambiguous short name ("Khan" beside two Khans) stays on its own.
    """
    return _longest_containing(names, lambda short, long: set(_fold(short).split()) <= set(_fold(long).split()))


def _resolve_orgs(names: list[str]) -> dict[str, str]:
    """"Working Group" stands for "Working Group on Military Cooperation" when unique."""
    return _longest_containing(names, lambda short, long: long.startswith(short + " "))


def _longest_containing(names: list[str], contains) -> dict[str, str]:
    order = {name: i for i, name in reversed(list(enumerate(names)))}  # first occurrence
    unique = sorted(set(names), key=lambda n: (-len(n.split()), order[n]))
    canonical: dict[str, str] = {}
    for n, name in enumerate(unique):
        longer = [other for other in unique[:n] if contains(name, other)]
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
            _add(result, Relation("locatedIn", entity.key, f"country/{country.iso3}"))
        return entity
    label = orgs.get(name, name)
    return _get(result, f"organization/{slug(label)}", kind if kind == "InternationalOrganization" else _org_type(label), label)


def _get(result: EntityResult, key: str, kind: str, label: str, iso_code: str | None = None) -> Entity:
    if key not in result.entities:
        result.entities[key] = Entity(key=key, type=kind, label=label, iso_code=iso_code)
    return result.entities[key]


def _add(result: EntityResult, relation: Relation) -> None:
    if relation not in result.relations:
        result.relations.append(relation)


# -- pronouns and definite descriptions --------------------------------------------------


ANAPHORIC_NOUNS = {"embassy", "ministry", "department", "commission", "agency", "council", "alliance",
                   "bloc", "union", "army", "navy", "movement", "party", "court", "parliament", "consulate"}


def _anaphora(doc: Doc, result: EntityResult) -> None:
    """Mentions that name no one by name but can mean only one: "he" or "she" as a subject
    when the sentence before names one person; "the embassy" after "the US Embassy"; "the
    commissioner" after "trade commissioner Albert Muchanga". Anything ambiguous is left out."""
    people = sorted((m for m in result.mentions if result.type_of(m.key) == "Person"), key=lambda m: m.start)
    others = sorted((m for m in result.mentions if result.type_of(m.key) != "Person"), key=lambda m: m.start)
    sentences = list(doc.sents)
    added = []
    for n, sent in enumerate(sentences):
        for token in sent:
            key = None
            if token.lower_ in {"he", "she"} and token.dep_ in {"nsubj", "nsubjpass"}:
                here = {m.key for m in people if sent.start <= m.start < token.i}
                before = {m.key for m in people if n and sentences[n - 1].start <= m.start < sentences[n - 1].end}
                subjects = {m.key for m in people if n and sentences[n - 1].start <= m.start < sentences[n - 1].end
                            and doc[m.start:m.end].root.dep_ == "nsubj" and doc[m.start:m.end].root.head.dep_ == "ROOT"}
                choice = here or (subjects if len(subjects) == 1 else before)
                key = choice.pop() if len(choice) == 1 else None
            elif token.pos_ == "NOUN" and token.is_lower and any(c.lower_ == "the" for c in token.children):
                if token.lemma_ in ANAPHORIC_NOUNS:
                    key = next((m.key for m in reversed(others) if m.start < token.i
                                and result.entities[m.key].label.lower().split()[-1] == token.lemma_), None)
                elif token.lemma_ in TITLE_WORDS:
                    key = next((m.key for m in reversed(people) if m.start < token.i and any(
                        token.lemma_ in p.lower().split() for p in result.entities[m.key].positions)), None)
            if key:
                added.append(Mention(key, token.i, token.i + 1, token.text))
    result.mentions.extend(added)


# -- relations between entities --------------------------------------------------------


def _affiliations(doc: Doc, f: Found, person: str, gaz: Gazetteer, result: EntityResult, mentions) -> None:
    """Who a person acts for, from the words around the name.

    "Russian President Vladimir Putin", "Iran's President Rouhani", "NATO Secretary-General
    Jens Stoltenberg", "President Hassan Rouhani of Iran", "Bruno Parrilla, the foreign
    minister of Cuba": a leader title makes them leaderOf; any other title of an
    organisation memberOf it; of a country, they represent it.
    """
    span = f.span
    sent = span.sent
    titles = set(f.positions)
    title_start = _title_start(span)
    if titles and any(doc[k].lower_ in {"former", "ex", "late"} for k in range(max(title_start - 2, sent.start), title_start + 1)):
        # "former US President Barack Obama" held the office; he acts for no one now.
        entity = result.entities[person]
        entity.positions = {p for p in entity.positions if p not in titles} | {t if t.lower().startswith("former") else f"former {t}" for t in titles}
        return
    candidates: list[int] = []
    for k in range(title_start, span.start - 1):
        if doc[k].lower_ == "of":  # "the President of the United States Donald Trump"
            candidates.append(k + 2 if doc[k + 1].lower_ == "the" else k + 1)
    if span.root.dep_ == "appos" and _is_title(span.root.head) and doc[span.start - 1].text == ",":
        # "Mahan's director, Hamid Arabnejad Khanooki": the title is the noun the name explains.
        noun = span.root.head
        owner = {t.i for c in noun.children if c.dep_ == "poss" for t in c.subtree}
        title = " ".join(t.text for t in noun.subtree if t.i <= noun.i and t.i not in owner and t.dep_ != "det"
                         and not t.is_punct)
        titles.add(title)
        result.entities[person].positions.add(title)
        candidates += [c.i for c in noun.children if c.dep_ == "poss"]
    i = title_start - 1
    while i >= sent.start and doc[i].tag_ == "POS":
        i -= 1
    if i >= sent.start:
        candidates.append(i)
    after = span.end
    if after + 1 < sent.end and doc[after].lower_ == "of":
        candidates.append(after + 1)
    appos = [t for t in span.root.children if t.dep_ == "appos" and _is_title(t)]
    for head in appos:
        title_tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ != "det" and not t.is_punct]
        of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        position_end = head.i + 1
        if of:
            objects = [c for c in of[0].children if c.dep_ == "pobj"]
            if objects and _actor_at(doc, objects[0].i, gaz, result, mentions):
                candidates.append(objects[0].i)
            elif objects:
                position_end = objects[0].i + 1
        title = doc[title_tokens[0].i : position_end].text if title_tokens else None
        if title:
            titles.add(title)
            result.entities[person].positions.add(title)
    for index in candidates:
        actor = _actor_at(doc, index, gaz, result, mentions)
        if actor is None:
            continue
        kind = result.entities[actor].type
        leader = any(t.lower() in (LEADER_TITLES if kind == "Country" else ORG_LEADER_TITLES) for t in titles)
        if leader:
            predicate = "leaderOf"
        elif kind == "Country":
            predicate = "represents"
        else:
            predicate = "memberOf"
        if titles:
            _add(result, Relation(predicate, person, actor))
            result.acts_for.setdefault(person, set()).add(actor)


def _actor_at(doc: Doc, index: int, gaz: Gazetteer, result: EntityResult, mentions) -> str | None:
    """The country or organisation named at a token (a mention, or a demonym NER left out)."""
    for start in range(index, max(index - 6, -1), -1):
        m = mentions.get(start)
        if m and m.start <= index < m.end:
            kind = result.entities[m.key].type
            return m.key if kind in ACTOR_TYPES - {"Person"} else None
    country = gaz.country(doc[index].text) if doc[index].text[:1].isupper() else None
    if country:
        return _get(result, f"country/{country.iso3}", "Country", country.label, iso_code=country.iso3).key
    return None


def _located_in(doc: Doc, f: Found, key: str, result: EntityResult, mentions) -> None:
    """"the US Embassy in London", "the Manekshaw Centre in New Delhi": where it stands."""
    end = f.span.end
    if end + 1 < len(doc) and doc[end].lower_ in {"in", "at"} and f.span.start <= doc[end].head.i < end:
        place = mentions.get(end + 1) or mentions.get(end + 2)
        if place and result.type_of(place.key) in PLACE_TYPES | {"Country"} and place.key != key:
            _add(result, Relation("locatedIn", key, place.key))


def _part_of(doc: Doc, f: Found, body: str, gaz: Gazetteer, result: EntityResult, mentions) -> None:
    """"Russia's Ministry of Defence", "the US Embassy", "the Armed Forces of Russia": part of the state."""
    span = f.span
    words = f.name.split()
    country = None
    prefixes = [gaz.country(" ".join(words[:n])) for n in range(min(3, len(words) - 1), 0, -1)]
    if any(prefixes):
        country = next(c for c in prefixes if c)  # "United States Department of State"
    elif len(words) > 2 and words[-2].lower() == "of" and gaz.country(words[-1]):
        country = gaz.country(words[-1])
    elif span.end + 1 < len(doc) and doc[span.end].lower_ == "of" and gaz.country(doc[span.end + 1].text):
        country = gaz.country(doc[span.end + 1].text)  # "the Islamic Revolutionary Guard Corps of Iran"
    elif span.start >= 2 and doc[span.start - 1].tag_ == "POS" and gaz.country(doc[span.start - 2].text):
        country = gaz.country(doc[span.start - 2].text)
    elif span.start >= 1 and doc[span.start - 1].ent_type_ in {"GPE", "NORP"} and gaz.country(doc[span.start - 1].text):
        country = gaz.country(doc[span.start - 1].text)
    if country:
        key = _get(result, f"country/{country.iso3}", "Country", country.label, iso_code=country.iso3).key
        _add(result, Relation("partOf", body, key))
        result.acts_for.setdefault(body, set()).add(key)
