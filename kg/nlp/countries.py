"""Where an event happened, and the country that stands for a party the text does not name
as an actor: a place named as a party ("Washington condemned", "shelled Idlib"), an unnamed
crowd or authority ("police fired"), violence that happens to the country it happens in.

Event coding (PLOVER, and CAMEO before it) codes a party to its country when the text gives
a place or a faceless group: a city cannot speak or be a side, its state can.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.nlp.arguments import Slot, mention_root, mentions_at
from kg.nlp.lexicon import Lexicon
from kg.nlp.mentions import PLACE_TYPES, EntityResult, country_counts
from kg.nlp.titles import is_title

# What a visit is to, when no place is introduced by "in" or "at".
VISITED = {"Country", "City", "Place"}
# Argument slots a place can fill as a party: the doer of a verbal act ("Moscow rejected ..."),
# the target of any act ("struck Sanaa", "criticised Beijing"), a partner; not a "to" phrase,
# which after a verb of motion is where something went ("airlifted to Zamboanga").
PARTY_SLOTS = {"subject", "agent", "object", "passive_subject", "against", "with", "between", "possessor"}
# Places do not visit, and a place visited is where the visit went (place_of), not a party to it.
NO_STAND_IN = {"Visit"}


def place_of(cls: str, scope: set[int], entities: EntityResult, doc: Doc) -> str | None:
    """The place the event happened: a place introduced by 'in'/'at' in its clause (a venue
    over a city), else a country introduced by 'in'; for a visit, the place visited."""
    best = country = None
    for m in entities.mentions:
        kind = entities.type_of(m.key)
        root = mention_root(m, doc)
        if root.i not in scope:
            continue
        prep = root.head.lower_ if root.dep_ == "pobj" else None
        if kind == "Country" and prep == "in" and country is None:
            country = m.key  # "protests in Hong Kong": the country, when no city or venue is named
        if kind not in PLACE_TYPES and (cls != "Visit" or kind not in VISITED):
            continue
        if kind in PLACE_TYPES and prep in {"in", "at", "near", "outside"}:
            if best is None or (kind == "Venue" and entities.type_of(best) != "Venue"):
                best = m.key
        elif best is None and cls == "Visit" and (prep in {"to", "in"} or root.dep_ == "dobj") and kind in VISITED:
            best = m.key
    return best or country


def scene_country(place: str | None, scope: set[int], entities: EntityResult, doc: Doc) -> str | None:
    """The country an event happened in: its `place`'s (place_of), else the one country all the places
    its clause names lie in, when the story names that country ("a base in Maidan Shahr in
    Afghanistan's Maidan Wardak province", where the parser hangs the town and the province apart)."""
    country = country_or_home(place, entities)
    if country is None:
        named = {m.key for m in entities.mentions if entities.type_of(m.key) == "Country"}  # (not a namesake abroad: "St. John's")
        lying_in = {entities.country_of(m.key) for m in entities.mentions
                    if entities.type_of(m.key) in PLACE_TYPES and mention_root(m, doc).i in scope} - {None}
        country = lying_in.pop() if len(lying_in) == 1 and lying_in <= named else None
    return country


def coordinated(country: str, scope: set[int], entities: EntityResult, doc: Doc) -> list[str]:
    """The countries named in one list with `country` in the clause ("in Australia, Brazil, Canada";
    a country is no apposition of another: the parser hangs lists so too)."""
    roots = {mention_root(m, doc).i: m.key for m in entities.mentions if entities.type_of(m.key) == "Country"}
    listed = [t for i, key in roots.items() if key == country and i in scope
              for a in [doc[i], *(c for c in doc[i].children if c.dep_ == "appos")] for t in [a, *a.conjuncts]]
    return list(dict.fromkeys(roots[t.i] for t in listed if t.i in roots and roots[t.i] != country))


def country_or_home(place: str | None, entities: EntityResult) -> str | None:
    """The country a place lies in; for a place neither the text nor the reference data puts
    anywhere (an oil field, a village: "the plant at Abqaiq"), the story's own country."""
    if place is None:
        return None
    return entities.country_of(place) or settled_home(entities)


def place_index(doc: Doc, entities: EntityResult) -> dict[int, str]:
    """Token index -> the place mention (city, region, site) it is part of."""
    index: dict[int, str] = {}
    for m in entities.mentions:
        if entities.type_of(m.key) in PLACE_TYPES:
            for i in range(m.start, m.end):
                index.setdefault(i, m.key)
    return index


def places_as_parties(cls: str, slots: list[Slot], places: dict[int, str], entities: EntityResult, by_token) -> list[tuple[str, str]]:
    """(country, slot name) for each argument that is a place and names no actor: the
    country the place lies in takes its part."""
    if cls in NO_STAND_IN:
        return []
    found = []
    for slot in slots:
        token: Token = slot.token
        place = places.get(token.i)
        if place is None and is_title(token):
            # "Chelyabinsk's governor promised": an office of a place acts for its state
            place = next((places[c.i] for c in token.children if c.dep_ == "poss" and c.i in places), None)
        if slot.name in PARTY_SLOTS and place is not None and not mentions_at(token, by_token, token.doc):
            country = country_or_home(place, entities)
            if country is not None:
                found.append((country, slot.name))
    return found


def unnamed_crowd(slots: list[Slot], roles: dict[str, str], lexicon: Lexicon, political: bool = False) -> str | None:
    """The slot of a doer or target that is a crowd or an authority without a name, if the
    event has no named actor in that role; only an authority for a `political` class (a
    crowd does not make "the government asked the judge" a state's request)."""
    crowds = lexicon["authority_nouns"] | (set() if political else lexicon["collective_nouns"])
    for slot in slots:
        role_taken = any(r == ("recipient" if slot.name in {"object", "passive_subject"} else "initiator") for r in roles.values())
        if slot.token.lemma_.lower() in crowds and not role_taken:
            return slot.name
    return None


def home_country(entities: EntityResult) -> str | None:
    """The country a story is about: the one it names most, by its name or by the places in
    it (a story from Christchurch that names the suspect's Australia twice is still about
    New Zealand); the first named, on a tie."""
    return home_country_named(entities, 1)


def settled_home(entities: EntityResult) -> str | None:
    """The country a story is about, when it names it more than once (a lone "from Jordan"
    does not make a story Jordanian)."""
    return home_country_named(entities, 2)


def home_country_named(entities: EntityResult, times: int) -> str | None:
    counts = country_counts(entities)
    home = max(counts, key=counts.get) if counts else None
    return home if home is not None and counts[home] >= times else None
