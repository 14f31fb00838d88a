"""What a trigger needs to be an event: the argument requirements ("needs") of data/triggers.jsonl,
and, for an event noun, a verb that makes it happen or an actor written on it.
"""


from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg import vocab
from kg.nlp.arguments import (
    PERSONAL,
    Slot,
    conjuncts,
    mentions_at,
    subject_tokens,
)
from kg.nlp.assertion import WH_WORDS
from kg.nlp.lexicon import Lexicon, Trigger
from kg.nlp.mentions import PLACE_TYPES, EntityResult

# Event nouns that are events by themselves ("a summit in Rome", "protests continued").
FREE_NOUNS = {"Meeting", "Summit", "PhoneCall", "Visit", "Statement", "Protest"}

# Event nouns that happen where they are said to ("an attack on oil infrastructure in Saudi
# Arabia"): violence and repression happen to the country they happen in.
PLACED_NOUNS = {"Assault", "Coercion"}

# -- argument requirements ("needs" in data/triggers.jsonl) --------------------------------


def needs_met(trigger: Trigger, head: Token, slots: list[Slot], lexicon: Lexicon, entities: EntityResult, by_token) -> bool:
    if (trigger.kind == "noun" and trigger.cls not in FREE_NOUNS and not noun_happens(head, slots, lexicon, entities, by_token)
            and not (trigger.cls in PLACED_NOUNS and _placed(head, entities))):
        return False
    return all(check(need, head, slots, lexicon, entities, by_token) for need in trigger.needs)


def noun_happens(head: Token, slots: list[Slot], lexicon: Lexicon, entities: EntityResult, by_token) -> bool:
    """An event noun is an event when a verb makes it happen ("imposed sanctions", "the attack
    killed"), or when it carries its own actor ("US sanctions", "an attack on the base", "the
    Taliban claimed responsibility for the bombing")."""
    head = through_quantity(head, lexicon)  # "issued a series of pardons" happens as "issued pardons" does
    if head.dep_ in {"dobj", "nsubjpass", "attr"} and head.head.lemma_ in lexicon["light_verbs"]:
        return True
    if head.dep_ == "appos" and head.head.dep_ in {"dative", "dobj"} and head.head.head.lemma_ in lexicon["light_verbs"]:
        return True  # "granted Milken a full pardon", the pardon parsed as Milken's apposition
    if head.dep_ == "pobj" and head.head.lower_ in {"under", "into", "in"} and head.head.head.lemma_ in lexicon["light_verbs"]:
        return True  # "placed under arrest", "took into custody", "came under attack"
    if head.dep_ == "nsubj" and head.head.lemma_ in lexicon["occurrence_verbs"]:
        return True
    if head.tag_ in {"NNP", "NNPS"}:
        return False  # "re-entering the Paris Climate Accord": a named treaty is mentioned, not made
    return named(head, slots, entities, by_token)


def _placed(head: Token, entities: EntityResult) -> bool:
    """A place or country introduced by "in", "at" or "near" inside the noun's phrase."""
    return _place_after({"in", "at", "near"}, {t.i for t in head.subtree}, head.doc, entities)


def _place_after(prepositions: set[str], where: set[int], doc, entities: EntityResult) -> bool:
    """A place or country mention introduced by one of `prepositions` standing at `where`."""
    for m in entities.mentions:
        if entities.type_of(m.key) in PLACE_TYPES | {"Country"}:
            root = doc[m.start : m.end].root
            if root.dep_ == "pobj" and root.head.lower_ in prepositions and root.head.i in where:
                return True
    return False


def _held_by_a_person(noun: Token, entities: EntityResult, by_token) -> bool:
    """"Trump ramped up his campaign, holding five rallies a day", "announced it again in a
    rally on Friday": the verb that holds the noun, or the phrase it is in, has a person for
    its subject, written or shared."""
    if noun.dep_ == "pobj" and noun.head.lower_ in {"in", "at"} and noun.head.head.pos_ == "VERB":
        verb = noun.head.head
    elif noun.dep_ == "dobj":
        verb = noun.head
    else:
        return False
    return any(entities.type_of(by_token[i].key) == "Person" for i in subject_tokens(verb) if i in by_token)


def through_quantity(noun: Token, lexicon: Lexicon) -> Token:
    """"a series of pardons", "a number of arrests": the quantity noun stands where the event noun would."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lexicon["quantity_nouns"]:
        return noun.head.head
    return noun


def named(head: Token, slots: list[Slot], entities: EntityResult, by_token) -> bool:
    own = {"possessor", "modifier", "of", "by", "between", "with", "against", "to", "for", "from", "claimant"}
    return any(s.name in own and mentions_at(s.token, by_token, head.doc) for s in slots)


def slot_words(slots: list[Slot], names: set[str]) -> set[str]:
    return {t.lemma_.lower() for s in slots if s.name in names for t in conjuncts(s.token)}


def has_actor(slots: list[Slot], names: set[str], head: Token, by_token) -> bool:
    return any(s.name in names and mentions_at(s.token, by_token, head.doc) for s in slots)


def check(need: str, head: Token, slots: list[Slot], lexicon: Lexicon, entities: EntityResult, by_token) -> bool:
    objects = {"object", "passive_subject"}
    children = {c.dep_ for c in head.children}
    preps = {c.lower_ for c in head.children if c.dep_ in {"prep", "dative", "agent"}}
    clause = bool(children & {"ccomp", "xcomp"})
    checks: dict[str, Callable[[], bool]] = {
        # "after being shot": a passive with no subject written still has someone it befell
        "object": lambda: any(s.name in objects for s in slots) or "auxpass" in children,
        "partner": lambda: has_actor(slots, {"with", "between"}, head, by_token) or plural_subject(head, slots, by_token),
        "destination": lambda: bool(preps & {"to", "in", "into"}) or any(s.name == "to" for s in slots),
        # "flew to Beijing"; "was flying in Siberia" is on the way, not at a destination
        "destination_to": lambda: bool(preps & {"to", "into"}) or any(s.name == "to" for s in slots),
        # "went to Moscow", "headed to Florida"; not "went to court", "went to war"
        "to_place": lambda: _place_after({"to"}, {c.i for c in head.children if c.dep_ == "prep"}, head.doc, entities),
        # "was flown to a hospital": carried there, not visiting
        "active": lambda: "auxpass" not in children,
        "to_clause": lambda: "xcomp" in children or "to" in preps,
        "named": lambda: named(head, slots, entities, by_token),
        "with": lambda: "with" in preps,
        "on": lambda: "on" in preps,
        # "imposed sanctions"; support or sympathy is given by voicing it ("vowed support for Azerbaijan")
        "made": lambda: head.dep_ in {"dobj", "nsubjpass", "attr"} and (head.head.lemma_ in lexicon["light_verbs"] or (
            head.lemma_.lower() in lexicon["voiced_nouns"] and head.head.lemma_ in lexicon["voicing_verbs"])),
        "not_to": lambda: "to" not in preps,
        # "Trump held a rally": a campaign rally; a protest is a crowd's
        "not_person_subject": lambda: not any(
            entities.type_of(m.key) == "Person" for s in slots if s.name in {"light_subject", "possessor"}
            for m in mentions_at(s.token, by_token, head.doc)) and not _held_by_a_person(head, entities, by_token),
        # "campaign rallies", "a Biden rally": a candidate's rally is no protest (PLOVER PROTEST is dissent)
        "not_campaign": lambda: not any(
            c.dep_ in {"compound", "amod", "poss", "nmod"} and (c.lemma_.lower() in lexicon["campaign_words"] or (
                c.i in by_token and entities.type_of(by_token[c.i].key) == "Person")) for c in head.children),
        # "the House confirmed him": confirming a person appoints; a statement confirms a fact
        "not_person_object": lambda: not any(
            (s.token.pos_ == "PRON" and s.token.lower_ in {"him", "her", "them"}) or any(
                entities.type_of(m.key) == "Person" for m in mentions_at(s.token, by_token, head.doc))
            for s in slots if s.name in objects),
        "to_or_for": lambda: bool(preps & {"to", "for"}),
        "for_or_named": lambda: "for" in preps or named(head, slots, entities, by_token),
        # "fired on protesters", "shot at the car": a target; not "shooting on a shoestring budget"
        "on_target": lambda: any(c.dep_ == "prep" and c.lower_ in {"on", "at", "upon", "into"} and any(
            g.dep_ == "pobj" and (g.i in by_token or g.ent_type_ or g.pos_ in {"PRON", "PROPN"} or g.lemma_.lower() in (
                lexicon["physical_targets"] | lexicon["collective_nouns"] | lexicon["authority_nouns"] | lexicon["forces"]))
            for g in c.children) for c in head.children),
        # "charges against Son": a charge is an accusation when it names whom it is against
        # "unsealed charges against him": a personal pronoun is someone, named before
        "against_actor": lambda: has_actor(slots, {"against"}, head, by_token) or bool(slot_words(slots, {"against"}) & PERSONAL),
        # "fought a war", "fought the Taliban", "clashed with police"; not "fought cancer" nor "fought for a seat"
        "combat": lambda: any(s.token.i in by_token or s.token.lemma_.lower() in lexicon["wars"] | lexicon["forces"] | lexicon["military_nouns"]
                              for s in slots if s.name in objects | {"against", "with", "between"}),
        # "attributed the bombing to the Taliban": blame, when it names whom
        "to_actor": lambda: has_actor(slots, {"to"}, head, by_token),
        # "demonstrated in Belgrade" is a protest; "demonstrates a lack of understanding" shows
        "intransitive": lambda: "dobj" not in children,
        "request_shape": lambda: has_actor(slots, {"object"}, head, by_token) or bool(preps & {"for"}) or clause,
        # "asked Trump about it", "asked why Biden did not", "asked if he had ideas": a question, not a request
        "not_question": lambda: not (("about" in preps and not children & {"xcomp"}) or any(
            c.dep_ == "ccomp" and any(g.lower_ in WH_WORDS | {"if"} and g.i < c.i for g in c.children)
            for c in head.children)),
        # "a new threat to his rule emerged", "poses a threat to peace": a danger, no threat made
        "not_danger": lambda: not ((head.dep_ == "nsubj" and head.head.lemma_ in {"emerge", "arise", "grow", "loom", "remain", "exist"})
                                   or (head.dep_ == "dobj" and head.head.lemma_ in {"pose", "represent", "constitute"})),
        # "a shooting", "the mass shooting", "Saturday's shooting": one happening; bare "the logistics of shooting with a crew" is filming
        "determined": lambda: head.tag_ == "NNS" or bool(children & {"det", "poss", "amod", "compound", "nummod"}),
        # "was questioned about the case while speaking to the press": asked; "police questioned him about the attack": investigated
        "not_asked": lambda: "about" not in preps or any(
            c.dep_ in {"nsubj", "agent"} and (c.lemma_.lower() in lexicon["authority_nouns"] or any(
                g.lemma_.lower() in lexicon["authority_nouns"] for g in c.subtree)) for c in head.children),
        # "declined to comment", "refused to say": silence, not a rejection of anything
        "not_silence": lambda: not any(c.dep_ == "xcomp" and c.lemma_.lower() in lexicon["silence"] for c in head.children),
        "charge_label": lambda: any(t.lemma_.lower() in lexicon["charges"] for t in head.subtree),
        "warn_shape": lambda: any(c.dep_ == "ccomp" and any(a.lower_ in {"will", "would", "'ll"} for a in c.children) for c in head.children)
        or "against" in preps,
        "withdrawable": lambda: bool(slot_words(slots, objects | {"of", "modifier", "subject"}) & lexicon["withdrawable"])
        or "from" in preps,
        "named_military": lambda: any(c.lemma_.lower() in {"military", "naval", "army", "joint", "war", "nuclear"} for c in head.children)
        or any(entities.type_of(m.key) in {"MilitaryUnit", "Country"} for s in slots for m in mentions_at(s.token, by_token, head.doc)),
    }
    checks["object_or_clause"] = lambda: checks["object"]() or clause
    # "shot a protester", "was shot", "shot at the crowd"; not "shooting with a five-person crew"
    checks["object_or_on_target"] = lambda: checks["object"]() or checks["on_target"]()
    checks["object_or_destination"] = lambda: checks["object"]() or checks["destination"]()
    checks["object_or_partner"] = lambda: checks["object"]() or checks["partner"]()
    checks["partner_or_object"] = checks["object_or_partner"]
    checks["to_clause_or_object"] = lambda: checks["to_clause"]() or checks["object"]()
    # speaking to a news agency or to reporters is a statement, not a consultation (PLOVER CONSULT)
    # an interview is no consultation, whichever side the outlet stands on ("Wikinews spoke to X", "told Reuters")
    checks["not_media_partner"] = lambda: not any(
        t.lower_ in lexicon["media"] for s in slots if s.name in {"to", "with", "object", "subject"} for t in s.token.subtree)
    checks["for_or_on"] = lambda: bool(preps & {"for", "on", "upon"})
    # "had only reached 3 percent support in the polls": support measured among voters, given by no one
    checks["not_measured"] = lambda: not any(t.ent_type_ == "PERCENT" for t in head.subtree)
    # "making a big deal about playing against Israel" is a fuss; "a big deal with China" an agreement
    checks["not_fuss"] = lambda: bool(preps & {"with", "between"}) or not any(
        c.dep_ == "amod" and c.lower_ in {"big", "huge", "great", "bigger", "biggest"} for c in head.children)
    # "supporters gathered outside" to greet, "mourners assembled": a crowd of followers protests only
    # when the clause says against what ("gathered for a rally", "to protest", "demanding")
    checks["dissent"] = lambda: not any(t.lemma_.lower() in lexicon["followers"] for s in slots if s.name == "subject"
                                        for t in s.token.subtree) or any(
        t.lemma_.lower() in lexicon["dissent_words"] for t in head.subtree if t.dep_ not in {"nsubj", "nsubjpass"})
    # PLOVER AGREE is agreeing *to* or *on* something; "agreed that vaccines work" is an opinion
    checks["agree_shape"] = lambda: checks["to_clause_or_object"]() or bool(preps & {"on", "upon", "over"}) or (
        plural_subject(head, slots, by_token) and "ccomp" not in children)
    if need in checks:
        return checks[need]()
    kind, _, what = need.partition(":")
    if kind == "object" and what == "actor":
        return has_actor(slots, objects, head, by_token)
    if kind == "object" and what == "organization":
        return any(vocab.coarse_types()[entities.type_of(m.key)] == "Organization"
                   for s in slots if s.name in objects for m in mentions_at(s.token, by_token, head.doc))
    if kind == "object_or_subject" and what == "actor":
        return has_actor(slots, objects | {"subject", "agent"}, head, by_token)
    if kind == "object" and what == "international":  # "left the EU"; not "leaving an opening on the Court"
        return any(entities.type_of(by_token[t.i].key) in {"InternationalOrganization", "GovernmentBody"}
                   for s in slots if s.name in objects for t in conjuncts(s.token) if t.i in by_token)
    if kind == "object" and what == "actor_or_people":
        return has_actor(slots, objects, head, by_token) or bool(slot_words(slots, objects) & (lexicon["people"] | lexicon["collective_nouns"]))
    if kind == "object" and what.startswith("actor_or_"):  # "supported Hadi", "supported the bill"; not "supported LGBT rights"
        return has_actor(slots, objects, head, by_token) or bool(slot_words(slots, objects) & lexicon[what.removeprefix("actor_or_")])
    if kind == "object" and what == "weapons_or_on_target":
        return bool(slot_words(slots, objects) & lexicon["weapons"]) or bool(preps & {"on", "at", "upon", "into"})
    if kind == "object" and what == "faults_or_clause":
        # "admitted that ...", "admitted responsibility", "admitted to ordering the payments"
        gerund = any(c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pcomp" for g in c.children) for c in head.children)
        return clause or gerund or bool(slot_words(slots, objects) & lexicon["faults"])
    if kind == "object":  # "sent the police a plan": with a direct object, the dative receives, it is not the thing
        things = [s for s in slots if not (s.token.dep_ == "dative" and any(o.token.dep_ == "dobj" for o in slots))]
        if what == "aid" and any(t.ent_type_ == "MONEY" for s in things if s.name in objects for t in s.token.subtree):
            return True  # "gave the candidate a total of US$10,000": money given is aid
        # "threw things, including Molotov cocktails": what the object includes is thrown too
        # (the parser may hang the phrase on the verb)
        holders = [t.token for t in things if t.name in objects] + ([head] if head.pos_ == "VERB" and things else [])
        included = {g.lemma_.lower() for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in {"including", "like"}
                    for p in c.children if p.dep_ == "pobj" for g in conjuncts(p)}
        return bool((slot_words(things, objects) | included) & lexicon[what])
    if kind == "not_object":  # "attacked the inquiry" is words, not force
        return not slot_words(slots, objects) & lexicon[what]
    if kind == "not_subject":  # "Video captured Trump wearing a mask": a camera arrests no one
        return not slot_words(slots, {"subject"}) & lexicon[what]
    if kind == "of":
        return bool(slot_words(slots, {"of"}) & lexicon[what])
    if kind == "object_or_subject":
        return bool(slot_words(slots, objects | {"subject"}) & lexicon[what])
    if kind == "subject":
        return subject_is(what, head, slots, lexicon, entities, by_token)
    raise ValueError(f"unknown need {need!r} in data/triggers.jsonl")


def plural_subject(head: Token, slots: list[Slot], by_token) -> bool:
    """"Modi and Putin met", "the two leaders discussed": the partners are the subject."""
    for s in slots:
        if s.name == "subject":
            if len(mentions_at(s.token, by_token, head.doc)) >= 2 or s.token.tag_ in {"NNS", "NNPS"}:
                return True
            if any(c.lower_ in {"both", "two", "three"} for c in s.token.children):
                return True
    return False


def subject_is(what: str, head: Token, slots: list[Slot], lexicon: Lexicon, entities: EntityResult, by_token) -> bool:
    subjects = [s for s in slots if s.name in {"subject", "agent"}]
    if not subjects and head.pos_ == "VERB":
        # "fired rockets at the base, killing four": the subject of the verb it hangs from
        subjects = [Slot("subject", head.doc[i]) for i in subject_tokens(head) if head.doc[i].dep_ in {"nsubj", "agent", "nsubjpass"}]
    kinds = {entities.type_of(m.key) for s in subjects for m in mentions_at(s.token, by_token, head.doc)}
    words = slot_words(subjects, {"subject", "agent"})
    if what == "actor":
        return bool(kinds)
    if what == "collective":
        plural = any(t.tag_ in {"NNS", "NNPS"} or t.ent_type_ == "NORP" for s in subjects for t in conjuncts(s.token))
        return plural or bool(words & lexicon["collective_nouns"]) or bool(kinds - {"Person"})
    # a state or an armed group as the subject itself, not a nationality on a person ("French inventor Zapata crossed")
    heads = {entities.type_of(m.key) for s in subjects for m in mentions_at(s.token, by_token, head.doc) if m.start <= s.token.i < m.end}
    military = bool(heads & {"MilitaryUnit", "Country"}) or bool(words & lexicon["military_nouns"])
    if what == "military":
        return military
    if what == "military_or_weapon":
        return military or bool(words & lexicon["weapons"])
    if what == "agent_or_weapon":
        # "killed in a US counter-terrorism operation", "killed in an airstrike": what kills
        means = {g.lemma_.lower() for c in head.children if c.dep_ == "prep" and c.lower_ in {"in", "during"}
                 for g in c.children if g.dep_ == "pobj"}
        return bool(kinds) or military or bool((words | means) & (lexicon["weapons"] | lexicon["killing_means"]))
    if what == "forces":
        return bool(words & lexicon["forces"])
    if what == "authority":  # "authorities shut down the site"; not "the airport was shut down" after a crash
        return bool(kinds) or bool(words & (lexicon["authority_nouns"] | lexicon["forces"]))
    raise ValueError(f"unknown subject need {what!r} in data/triggers.jsonl")


def made_by(noun: Token, verb: Token, lexicon: Lexicon) -> bool:
    """The verb makes the noun happen: its object ("issued pardons"), through a quantity ("a
    series of pardons") or a preposition of state ("placed under arrest", "put on alert");
    not a noun deeper in its object ("tweeted support for the protests")."""
    token = through_quantity(noun, lexicon)
    if token.dep_ == "pobj" and token.head.lower_ in {"under", "into", "in", "on"}:
        token = token.head
    return token.head.i == verb.i


def to_people(slots: list[Slot], lexicon: Lexicon) -> bool:
    """"banned a number of female chess players", "sent aid to refugees": a recipient, unnamed."""
    people = lexicon["people"] | lexicon["captives"] | lexicon["occupations"] | lexicon["collective_nouns"]
    heads = [s.token for s in slots if s.name in {"object", "passive_subject", "to"}]
    heads += [g for t in heads if t.lemma_.lower() in lexicon["quantity_nouns"]  # "a number of players"
              for c in t.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return any(t.lemma_.lower() in people for t in heads)
