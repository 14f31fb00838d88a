"""Relations between one document's entities (leaderOf, memberOf, partOf, represents, locatedIn) and
the mentions that name no one by name but can mean only one ("he", "the embassy")."""


from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from kg.ids import country_key
from kg.model import Relation
from kg.nlp import lexicon
from kg.nlp.gazetteer import Gazetteer, sovereigns
from kg.nlp.lexicon import positions
from kg.nlp.mentions import (
    ACTOR_TYPES,
    ORGANIZATION_TYPES,
    PLACE_TYPES,
    EntityResult,
    Found,
    Mention,
    add_relation,
    get_entity,
)
from kg.nlp.quotes import in_quote
from kg.nlp.titles import (
    LEADER_TITLES,
    ORG_LEADER_TITLES,
    TITLE_WORDS,
    as_office,
    is_title,
    rank_code,
    title_start,
)
from kg.nlp.tree import first_up

# -- pronouns and definite descriptions --------------------------------------------------


ANAPHORIC_NOUNS = {"embassy", "ministry", "department", "commission", "agency", "council", "alliance",
                   "bloc", "union", "army", "navy", "movement", "party", "court", "parliament", "consulate"}
PRONOUNS = {"he", "she"}


# Title words that qualify a title and name no one alone: "the state" is no Secretary of State.
TITLE_MODIFIERS = {"state", "affairs", "foreign", "first", "finance", "interior", "defence", "defense", "crown", "air",
                   "supreme", "vice", "deputy", "prime", "justice", "executive"}


def anaphora(doc: Doc, result: EntityResult) -> None:
    """Mentions that name no one by name but can mean only one: "he" or "she" as a subject
    when the sentence before names one person; "the embassy" after "the US Embassy"; "the
    commissioner" after "trade commissioner Albert Muchanga". Anything ambiguous is left out."""
    people = sorted((m for m in result.mentions if result.type_of(m.key) == "Person"), key=lambda m: m.start)
    others = sorted((m for m in result.mentions if result.type_of(m.key) != "Person"), key=lambda m: m.start)
    sentences = list(doc.sents)
    starts = [s.start for s in sentences]
    added = []
    for token in positions(doc, PRONOUNS | ANAPHORIC_NOUNS | TITLE_WORDS):
        n = bisect.bisect_right(starts, token.i) - 1
        sent = sentences[n]
        key = None
        if token.lower_ in PRONOUNS and token.dep_ in {"nsubj", "nsubjpass"} and not in_quote(token):  # (a quote's "he" is not its speaker)
            here = {m.key for m in people if sent.start <= m.start < token.i}
            before = {m.key for m in people if n and sentences[n - 1].start <= m.start < sentences[n - 1].end}
            subjects = {m.key for m in people if n and sentences[n - 1].start <= m.start < sentences[n - 1].end
                        and doc[m.start:m.end].root.dep_ == "nsubj" and doc[m.start:m.end].root.head.dep_ == "ROOT"}
            # "the same day that he dropped out, Bloomberg endorsed Biden": a pronoun in a clause
            # before the main one points forward to the main clause's subject
            ahead = {m.key for m in people if token.i < m.start < sent.end and doc[m.start:m.end].root.dep_ == "nsubj"
                     and doc[m.start:m.end].root.head.dep_ == "ROOT"} if first_up(token, lambda t: t.dep_ in {"relcl", "advcl", "acl"}) else set()  # not in the main clause
            choice = here or (ahead if len(ahead) == 1 else set()) or (subjects if len(subjects) == 1 else before)
            key = choice.pop() if len(choice) == 1 else None
        elif token.pos_ == "NOUN" and token.is_lower and any(c.lower_ == "the" for c in token.children):
            if token.lemma_ in ANAPHORIC_NOUNS:
                key = next((m.key for m in reversed(others) if m.start < token.i
                            and result.entities[m.key].label.lower().split()[-1] == token.lemma_), None)
            elif token.lemma_ in TITLE_WORDS and token.lemma_ not in TITLE_MODIFIERS and not any(
                    c.dep_ == "prep" and c.lower_ in {"of", "for"} for c in token.children):  # "the president of Turkey" is his own
                key = next((m.key for m in reversed(people) if m.start < token.i and any(
                    _holds(p, token.lemma_) for p in result.entities[m.key].positions)), None)
        if key:
            added.append(Mention(key, token.i, token.i + 1, token.text))
    result.mentions.extend(added)


# Who is "the president" is no former, vice or future one: words that make a title another office.
NOT_THE_OFFICE = {"former", "vice", "deputy", "ex", "late", "elect"}


def _holds(position: str, office: str) -> bool:
    words = position.lower().replace("-", " ").split()
    return office in words and not NOT_THE_OFFICE & set(words)


# -- relations between entities --------------------------------------------------------

# Missions of a state abroad: in a country, they are not part of it.
MISSIONS = re.compile(r"\b(embassy|consulate|mission|delegation|high commission)\b", re.I)

# Bodies whose people act for them in public life (the others employ or enrol them).
ACTING_BODIES = {"GovernmentBody", "InternationalOrganization", "MilitaryUnit"}
CANDIDACY = {"nominee", "candidate"}  # a run for office: in public life, not yet acting for anyone


def affiliations(doc: Doc, f: Found, person: str, gaz: Gazetteer, result: EntityResult, mentions) -> None:
    """Who a person acts for, from the words around the name.

    "Russian President Vladimir Putin", "Iran's President Rouhani", "NATO Secretary-General
    Jens Stoltenberg", "President Hassan Rouhani of Iran", "Bruno Parrilla, the foreign
    minister of Cuba": a leader title makes them leaderOf; any other title of an
    organisation memberOf it; of a country, they represent it.
    """
    span = f.span
    sent = span.sent
    titles = set(f.positions)
    begin = title_start(span)
    if titles and any(doc[k].lower_ in {"former", "ex", "late"} for k in range(max(begin - 2, sent.start), begin + 1)):
        # "former US President Barack Obama" held the office; he acts for no one now.
        entity = result.entities[person]
        entity.positions = {p for p in entity.positions if p not in titles} | {t if t.lower().startswith("former") else f"former {t}" for t in titles}
        return
    candidates: list[int] = []
    for k in range(begin, span.start - 1):
        if doc[k].lower_ == "of":  # "the President of the United States Donald Trump"
            candidates.append(k + 2 if doc[k + 1].lower_ == "the" else k + 1)
    if span.root.dep_ == "appos" and is_title(span.root.head) and doc[span.start - 1].text == ",":
        # "Mahan's director, Hamid Arabnejad Khanooki": the title is the noun the name explains.
        noun = span.root.head
        owner = {t.i for c in noun.children if c.dep_ == "poss" for t in c.subtree}
        title = " ".join(t.text for t in noun.subtree if t.i <= noun.i and t.i not in owner and t.dep_ != "det"
                         and not t.is_punct)
        titles.add(title)
        result.entities[person].positions.add(title)
        candidates += [c.i for c in noun.children if c.dep_ == "poss"]
    i = begin - 1
    while i >= sent.start and doc[i].tag_ == "POS":
        i -= 1
    if i >= sent.start:
        candidates.append(i)
    after = span.end
    member_of = None  # "Sheldon Yett of UNICEF": a name "of" an organisation works for it, title or not
    if after + 1 < sent.end and doc[after].lower_ == "of":
        k = after + 2 if doc[after + 1].lower_ == "the" and after + 2 < sent.end else after + 1
        owner = mentions.get(k)
        if owner is not None and owner.end + 1 < sent.end and doc[owner.end].tag_ == "POS":
            k = owner.end + 1  # "of the UK's National Crime Agency"
        candidates.append(after + 1)
        member_of = k
        if k != after + 1:
            candidates.append(k)
    appos = [t for t in span.root.children if t.dep_ == "appos" and is_title(t)] + as_office(span.root)
    for head in appos:
        # "Zarif, Iran's foreign minister": the owner is whom the office is of, not part of it
        owner = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
        candidates += [c.i for c in head.children if c.dep_ == "poss"]
        title_tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ != "det" and t.i not in owner and not t.is_punct]
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
    staff = _staff_of(doc, begin, mentions, result)
    if staff is not None and not titles:
        # "BBC's Jonathan Marcus", "Washington Post columnist Jamal Khashoggi": works for it
        body, occupation = staff
        add_relation(result, Relation("memberOf", person, body))
        if occupation:
            result.entities[person].positions.add(occupation)
        if result.entities[body].type in {"GovernmentBody", "MilitaryUnit"}:
            result.acts_for.setdefault(person, set()).add(body)
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
        if titles and (index != member_of or index == after + 1):  # the token right after "of", as titles always read
            add_relation(result, Relation(predicate, person, actor))
            if not all(t.lower().split()[-1] in CANDIDACY for t in titles):  # a party's nominee does not speak for it
                result.acts_for.setdefault(person, set()).add(actor)
        elif index == member_of and (kind != "Country" or titles):
            add_relation(result, Relation(predicate, person, actor))
            if kind in ACTING_BODIES or kind == "Country":  # of UNICEF, of Iran: acts for it; of a university: no
                result.acts_for.setdefault(person, set()).add(actor)


def _staff_of(doc: Doc, begin: int, mentions, result: EntityResult) -> tuple[str, str | None] | None:
    """The organisation written before a name as its employer ("BBC's", "Abu Dhabi TV
    photojournalist"), with the occupation between; not a state ("Russia's Putin" is its
    leader, told by a title), nor a title (affiliations reads those)."""
    start, i, occupation = doc[begin].sent.start, begin - 1, None
    if i > start and doc[i].is_lower and doc[i].pos_ == "NOUN" and doc[i].lower_ in lexicon.load()["occupations"]:
        occupation, i = doc[i].text, i - 1
    possessive = i > start and doc[i].tag_ == "POS"
    if possessive:
        i -= 1
    if occupation is None and not possessive:
        return None
    owner = next((m for k in range(i, max(i - 6, start - 1), -1) if (m := mentions.get(k)) and m.end == i + 1), None)
    if owner is None or result.type_of(owner.key) not in ORGANIZATION_TYPES:
        return None
    return owner.key, occupation


def _actor_at(doc: Doc, index: int, gaz: Gazetteer, result: EntityResult, mentions) -> str | None:
    """The country or organisation named at a token (a mention, or a demonym NER left out)."""
    for start in range(index, max(index - 6, -1), -1):
        m = mentions.get(start)
        if m and m.start <= index < m.end:
            kind = result.entities[m.key].type
            return m.key if kind in ACTOR_TYPES - {"Person"} else None
    country = gaz.country(doc[index].text) if doc[index].text[:1].isupper() and not rank_code(doc[index]) else None
    if country:
        return get_entity(result, country_key(country.iso3), "Country", country.label, iso_code=country.iso3).key
    return None


def located_in(doc: Doc, f: Found, key: str, result: EntityResult, mentions) -> None:
    """"the US Embassy in London", "the Manekshaw Centre in New Delhi", "Syria's Idlib": where it stands."""
    start, end = f.span.start, f.span.end
    if f.kind in PLACE_TYPES and start > 1 and doc[start - 1].tag_ == "POS":
        # "Afghanistan's Maidan Wardak province", "Syria's Idlib": the state's own
        owner = next((m for k in range(start - 2, max(start - 6, -1), -1) if (m := mentions.get(k)) and m.end == start - 1), None)
        if owner is not None and result.type_of(owner.key) == "Country":
            add_relation(result, Relation("locatedIn", key, owner.key))
            return
    if end + 1 < len(doc) and doc[end].lower_ in {"in", "at"} and f.span.start <= doc[end].head.i < end:
        place = mentions.get(end + 1) or mentions.get(end + 2)
        if place and result.type_of(place.key) in PLACE_TYPES | {"Country"} and place.key != key:
            if result.type_of(place.key) == "Country" and f.kind in ACTING_BODIES - {"InternationalOrganization"} and not MISSIONS.search(f.name):
                # "the Ministry of Health in Samoa": a state's body in that state is part of it (an embassy is another state's)
                add_relation(result, Relation("partOf", key, place.key))
                result.acts_for.setdefault(key, set()).add(place.key)
            else:
                add_relation(result, Relation("locatedIn", key, place.key))


def part_of(doc: Doc, f: Found, body: str, gaz: Gazetteer, result: EntityResult, mentions) -> None:
    """"Russia's Ministry of Defence", "the US Embassy", "the Armed Forces of Russia": part of the state."""
    span = f.span
    words = f.name.split()
    country = None
    prefixes = [gaz.country(" ".join(words[:n])) for n in range(min(3, len(words) - 1), 0, -1)]
    after = doc[span.end + 2] if span.end + 2 < len(doc) and doc[span.end + 1].lower_ == "the" else doc[span.end + 1] if span.end + 1 < len(doc) else None
    if any(prefixes):
        country = next(c for c in prefixes if c)  # "United States Department of State"
    elif len(words) > 2 and words[-2].lower() == "of" and gaz.country(words[-1]):
        country = gaz.country(words[-1])
    elif after is not None and doc[span.end].lower_ == "of" and gaz.country(after.text):
        country = gaz.country(after.text)  # "the Islamic Revolutionary Guard Corps of Iran", "the Senate of the Philippines"
    elif span.start >= 2 and doc[span.start - 1].tag_ == "POS" and gaz.country(doc[span.start - 2].text):
        country = gaz.country(doc[span.start - 2].text)
    elif span.start >= 1 and doc[span.start - 1].ent_type_ in {"GPE", "NORP"} and gaz.country(doc[span.start - 1].text):
        country = gaz.country(doc[span.start - 1].text)
    elif (agency := gaz.agency(f.name)) is not None:
        country = gaz.by_iso.get(agency.iso3)  # "the FBI", "the Federal Security Service" (data/agencies.tsv)
    if country:
        key = get_entity(result, country_key(country.iso3), "Country", country.label, iso_code=country.iso3).key
        add_relation(result, Relation("partOf", body, key))
        result.acts_for.setdefault(body, set()).add(key)


def territories(result: EntityResult) -> None:
    """"Hong Kong" and "China" in one article: a territory is part of the state it belongs to
    (data/territories.tsv; ISO 3166 gives the territory its own code, not its sovereign)."""
    for territory, state in sovereigns().items():
        t, s = country_key(territory), country_key(state)
        if t in result.entities and s in result.entities:
            add_relation(result, Relation("partOf", t, s))


def named_parts(result: EntityResult) -> None:
    """"the United Nations General Assembly" is part of "the United Nations" when the article
    names both: a body whose name begins with another organisation's whole name belongs to it,
    a site whose name begins with a city's lies in it."""
    orgs = [e for e in result.entities.values() if e.type in ORGANIZATION_TYPES]
    for part in orgs:
        for whole in orgs:
            if whole is not part and part.label.startswith(whole.label + " ") and len(whole.label.split()) >= 2:
                add_relation(result, Relation("partOf", part.key, whole.key))
    # "London Bridge", "Kabul airport": a site named after the city the article names lies in it
    cities = [e for e in result.entities.values() if e.type == "City"]
    for site in (e for e in result.entities.values() if e.type in PLACE_TYPES - {"City", "Country"}):
        if not any(r.subject == site.key and r.predicate == "locatedIn" for r in result.relations):
            city = next((c for c in cities if site.label.startswith(c.label + " ")), None)
            if city is not None:
                add_relation(result, Relation("locatedIn", site.key, city.key))
