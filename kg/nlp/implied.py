"""Participants the text implies but does not name as the trigger's arguments: the doers of
an event told before ("the operation was condemned"), an event noun that points back to one
("the summit"), a doer named by a pronoun, the state a call with no addressee is made to, the
state of the story for an event that names no one, the state an office holder acts for.
events.py asks these when a trigger's own slots leave a role empty."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.model import Event, Participant
from kg.nlp.arguments import Slot, mentions_at
from kg.nlp.countries import home_country, settled_home
from kg.nlp.lexicon import Lexicon, Trigger
from kg.nlp.mentions import EntityResult

# Classes that are things said: reactions to a deed, not deeds.
VERBAL = {"Statement", "Accusation", "Rejection", "Support", "Request", "Threat"}
# Acts only an authority does, so that its telling of one, passive and without an agent, is its own.
SPEAKERS_DO = {"Coercion"}
# Acts of policy only a state does (suspending a bill, lifting a curfew, banning a party).
POLICY_ACTS = {"Retreat", "Concession", "Sanction"}


def state_of_the_story(cls: str, head: Token, slots: list[Slot], entities: EntityResult, lexicon: Lexicon, scene) -> tuple[str, str] | None:
    """(state, role) for an event that names no one, not told in reported speech: an act of
    policy in the passive without its agent ("the bill was suspended after the protests", "the
    curfew was lifted") is the state's where it happened (`scene()`), else the story's; a
    crowd's call on no one named ("Legal and religious groups have called for the bill to be
    dropped") is on the story's state, though not a request for a service ("people requested
    absentee ballots"). The story's state is one it names more than once."""
    names = {s.name for s in slots}
    if cls in POLICY_ACTS and "passive_subject" in names and "agent" not in names:
        state = scene() or settled_home(entities)
        return (state, "initiator") if state else None
    if (cls == "Request" and head.lemma_ != "request" and (state := settled_home(entities))
            and any(s.name == "subject" and s.token.lemma_.lower() in lexicon["collective_nouns"] for s in slots)):
        return state, "recipient"
    return None


# Who is named as the one behind an act ("the suspect in a shooting", "the gunman in the attack").
DOERS = {"suspect", "perpetrator", "gunman", "attacker", "assailant", "culprit", "mastermind", "shooter", "bomber", "killer"}
OPERATIONS = {"operation", "raid", "strike", "airstrike", "attack", "offensive", "bombardment"}  # what a deed is done in


def operation_of(head: Token, by_token) -> list:
    """"was killed in a US counterterrorism operation", "died in an Israeli airstrike": whose
    operation a passive deed was done in did it."""
    if head.pos_ != "VERB" or not any(c.dep_ == "auxpass" for c in head.children):
        return []
    means = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children
             if p.dep_ == "pobj" and p.lemma_.lower() in OPERATIONS]
    return [by_token[t.i] for p in means for t in p.children if t.dep_ in {"compound", "amod", "poss", "nmod"} and t.i in by_token]


def suspected(head: Token, by_token) -> list:
    """"Kyle Rittenhouse, the suspect in a shooting": whom the text calls the suspect of an
    act, in an apposition to his name, did it as far as the text tells."""
    if head.dep_ != "pobj" or head.head.lower_ not in {"in", "of", "behind"}:
        return []
    noun = head.head.head
    if noun.lemma_.lower() not in DOERS or noun.dep_ != "appos" or noun.head.i not in by_token:
        return []
    return [by_token[noun.head.i]]


def unaddressed_call(roles: dict[str, str], entities: EntityResult) -> bool:
    """"Amnesty International called for an investigation into the shooting": a body outside
    the state a story is about, calling on no one named, calls on that state."""
    home = home_country(entities)
    callers = [k for k, r in roles.items() if r == "initiator"]
    tied = {r.subject for r in entities.relations if r.object == home}
    return (home is not None and home not in roles and bool(callers) and not tied & set(callers)
            and all(entities.type_of(k) in {"Organization", "InternationalOrganization"} for k in callers))


def demonym_of_a_thing(token: Token, people: frozenset[str]) -> bool:
    """"an Irish pub", "Russian oil": a nationality on a thing names no one; on "Iranian
    officials" or "Russian troops" (`people`: words for people who serve) it names the state they serve."""
    return token.dep_ == "amod" and token.ent_type_ == "NORP" and token.head.lemma_.lower() not in people


def name_on_a_symbol(name: Span, lexicon: Lexicon) -> bool:
    """"carrying European Union flags", "a Trump banner": whose flag or banner is carried takes
    no part in what its carriers do."""
    return name.root.dep_ == "compound" and name.root.head.lemma_.lower() in lexicon["symbols"]


def pronoun_doer(slots: list[Slot]) -> bool:
    """A doer named by a pronoun ("we", "she") or owned by one ("her government")."""
    for slot in slots:
        if slot.name in {"subject", "agent", "light_subject"}:  # "said it carried out the attack"
            token = slot.token
            if token.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
                return True
    return False


def event_anaphor(head: Token, slots: list[Slot], earlier: list[Event], lexicon: Lexicon) -> list[str]:
    """"The operation was condemned by the EU": the target is whoever ran the operation told
    before ("the operation", "this move", "the decision")."""
    for slot in slots:
        token = slot.token
        if slot.name in {"object", "passive_subject"} and token.lemma_.lower() in lexicon["event_anaphors"] and any(
            c.lower_ in {"the", "this", "that", "its", "his", "her", "their"} for c in token.children
        ) and not any(c.dep_ == "compound" for c in token.children):  # "the Top Two election policy" is named, not told before
            # "the decision", "the move" point back to a deed, not to what was said about it;
            # "the agreements", "the attack" to one of their own class, whose sides they are
            deed = token.lemma_.lower() not in lexicon["told_anaphors"]
            kinds = {t.cls for t in lexicon.noun_triggers(token.lemma_.lower())}
            for event in reversed(earlier):
                if kinds and event.cls not in kinds:
                    continue
                doers = [p.key for p in event.participants if p.role == "initiator"]
                if kinds and not doers:  # the sides of an agreement or a meeting, never whom an attack befell
                    doers = [p.key for p in event.participants if p.role == "participant"]
                if doers and not (deed and event.cls in VERBAL):
                    return doers
    return []


def mentioned_before(trigger: Trigger, span: Span, found: list[Event], lexicon: Lexicon) -> Event | None:
    """"the summit", "their meeting", "the call": a definite event noun that no verb makes
    happen points back to the last event of that kind already told."""
    head = span.root
    if head.pos_ == "VERB" or not any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in head.children):
        return None
    same = [e for e in found if e.cls == trigger.cls]
    for c in head.children:
        if c.dep_ in {"nummod", "amod", "compound"} and (c.ent_type_ in {"ORDINAL", "DATE", "CARDINAL"} or c.pos_ == "PROPN"):
            # "the 23rd Annual Summit": a new one, named, unless that name was told before
            if not any(c.lower_ in e.evidence.lower().split() for e in same):
                return None
    if head.dep_ in {"dobj", "nsubjpass"} and head.head.lemma_ in lexicon["light_verbs"] and not retold(head.head):
        return None
    return same[-1] if same else None


def retold(verb: Token) -> bool:
    """"said it had carried out the attack": a past perfect tells again what was told."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in verb.children)


def addressed(head: Token, by_token, lexicon: Lexicon) -> list:
    """"wrote to the US Embassy asking it to waive her immunity", "called Pompeo urging him":
    what a participle of asking says is said to whom the writing or the call went."""
    verb = head.head
    if head.tag_ != "VBG" or head.dep_ not in {"advcl", "xcomp", "conj"} or verb.lemma_ not in lexicon["speech_verbs"] | {"call", "phone"}:
        return []
    targets = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    targets += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    return [m for t in targets for m in mentions_at(t, by_token, t.doc)]


def sides(roles: dict[str, str], entities: EntityResult) -> list[set[str]]:
    """The participants grouped by whom they act for: Erdogan and Turkey are one side."""
    groups: list[set[str]] = []
    ties = {"leaderOf", "memberOf", "partOf", "represents"}
    for key in roles:
        group = {key} | entities.acts_for.get(key, set())
        group |= {r.object for r in entities.relations if r.subject == key and r.predicate in ties}
        joined = [g for g in groups if g & group]
        for g in joined:
            groups.remove(g)
            group |= g
        groups.append(group)
    return groups


SEATS = {"outside", "at", "before", "near", "front", "opposite", "around"}


def protested_at(head: Token, by_token, entities: EntityResult) -> list:
    """The government body or embassy a protest is held at ("outside the White House", "in
    front of the Russian embassy"): what it protests against sits there."""
    found = []
    for prep in (c for c in head.children if c.dep_ == "prep"):
        place = prep
        if prep.lower_ == "in" and any(g.lower_ == "front" for g in prep.children):  # "in front of"
            place = next(g for g in prep.children if g.lower_ == "front")
            place = next((g for g in place.children if g.lower_ == "of"), place)
        elif prep.lower_ not in SEATS:
            continue
        for obj in (g for g in place.children if g.dep_ == "pobj"):
            found += [m for m in mentions_at(obj, by_token, obj.doc) if entities.type_of(m.key) == "GovernmentBody"]
    return found


# Offices held at home, in the state's police, courts, legislature or provinces: whose holder
# the text ties to no state or body acts for the state the story is about ("Police Senior
# Superintendent Yolanda Yu" in a story from Hong Kong). Not a head of state or a minister: a
# story from Kyiv names "President Trump" without his country too.
HOME_OFFICES = {"senator", "governor", "mayor", "police", "superintendent", "constable", "inspector", "detective",
                "judge", "prosecutor", "mp", "congressman", "congresswoman", "legislator", "councillor", "councilor", "sheriff"}


def acting_for(participants: list[Participant], entities: EntityResult, home: str | None = None) -> list[Participant]:
    """A president, minister or spokesperson acts for a state: name the state too; the
    `home` state, when the text ties the holder of an office at home to no state or body."""
    keys = {p.key for p in participants}
    added: dict[str, Participant] = {}  # a state named for two participants takes the first one's role
    for p in participants:
        for actor in sorted(entities.acts_for.get(p.key) or ({home} if home and _unplaced_office(p.key, entities) else ())):
            if actor not in keys:
                added.setdefault(actor, Participant(actor, p.role))
    return participants + list(added.values())


def _unplaced_office(key: str, entities: EntityResult) -> bool:
    entity = entities.entities[key]
    if entity.type != "Person" or any(r.subject == key and r.predicate in {"leaderOf", "memberOf", "represents", "partOf"}
                                      for r in entities.relations):
        return False
    return any(word in HOME_OFFICES for position in entity.positions for word in position.lower().replace("-", " ").split())


# "both leaders", "the two countries": the people or states of the event told just before.
COLLECTIVE = {"leader": "Person", "president": "Person", "minister": "Person", "head": "Person",
              "side": "Country", "country": "Country", "nation": "Country", "government": "Country", "state": "Country"}


def collective(token: Token, earlier, entities: EntityResult) -> list[str]:
    """The two people or states a collective noun stands for, from the latest event with two."""
    kind = COLLECTIVE.get(token.lemma_.lower())
    words = {c.lower_ for c in token.children}
    # "both leaders", "the two countries" point back; "impeached two presidents" counts new ones
    if kind is None or not ("both" in words or ("two" in words and words & {"the", "these", "those"})):
        return []
    for event in reversed(earlier):
        found = [p.key for p in event.participants if entities.type_of(p.key) == kind]
        if len(found) >= 2:
            return found
    return []
