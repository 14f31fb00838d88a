"""The borders between classes the codebook draws and one trigger word crosses: a crash kills
without an attacker, people attack with words what states attack with weapons, withdrawing
from a treaty is rejecting it, an attack blamed on someone by no one is the attack,
a promise of harm is a threat, withholding aid is a sanction
and closing by order is repression (PLOVER ASSAULT, ACCUSE, RETREAT, REJECT, THREATEN, SANCTION,
COERCE)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.assertion import clause_verb
from kg.nlp.lexicon import Lexicon
from kg.nlp.resolve import fold


def border_class(cls: str, head: Token, scope: set[int], doers: set[str], lexicon: Lexicon) -> str | None:
    """The class a trigger's event is on its own clause, or None when it is no event at all;
    `doers` are the entity types of its initiators."""
    if cls == "Accusation" and not doers and head.lemma_ in lexicon["blaming_verbs"] and _blamed_attack(head, lexicon):
        return "Assault"  # "an attack blamed on the Taliban", no one blaming: the attack, by the one blamed
    if cls == "Assault" and _accident(head, scope, lexicon):
        return None  # a crash, a storm, a fire or a disease kills without an attacker
    if cls == "Retreat" and any(c.dep_ == "prep" and c.lower_ in {"from", "out"} and any(
            g.dep_ in {"pobj", "prep"} and (g.lemma_.lower() in lexicon["documents"] or any(
                t.dep_ == "pobj" and t.lemma_.lower() in lexicon["documents"] for t in g.children))
            for g in c.children) for c in head.children):
        return "Rejection"  # "withdrew from the treaty", "pulled out of the deal" leave an agreement, not a battlefield
    if cls == "Sanction" and head.lemma_ in {"ban", "bar", "prohibit", "restrict"} and _on_the_public(head, lexicon):
        return "Coercion"  # a ban on a people or its practice (gatherings, the niqab) restricts freedoms (PLOVER COERCE)
    if cls == "Request" and head.lemma_ in {"order", "force", "compel"} and _ordered_closed(head, lexicon):
        return "Coercion"  # "ordered the network to shut down": closing by order is repression (PLOVER COERCE censor, restrict)
    if cls == "Aid" and _withheld(head, lexicon):
        return "Sanction"  # "the withholding of security aid", "ordered his staff to delay the aid" (PLOVER SANCTION: stop aid)
    if cls == "Agreement" and head.lemma_ in lexicon["promise_verbs"] and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in lexicon["harm_verbs"] for c in head.children):
        return "Threat"  # a promise of harm is a threat: "vowed to retaliate", "pledged to crush" (PLOVER THREATEN)
    if cls == "Assault" and head.lemma_ == "attack" and head.pos_ == "VERB" and not _attacks_people(head, lexicon) and (
            "Person" in doers or _on_a_topic(head)):
        return "Accusation"  # people attack decisions with words; states and armies with weapons
    return cls


def _blamed_attack(head: Token, lexicon: Lexicon) -> bool:
    """What is blamed is an attack: the noun the participle hangs on ("an attack ascribed to"),
    the passive subject ("the bombing was blamed on") or what one is blamed for."""
    deeds = [head.head] if head.dep_ == "acl" else []
    deeds += [c for c in head.children if c.dep_ == "nsubjpass"]
    deeds += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children if g.dep_ == "pobj"]
    return any(d.lemma_.lower() in lexicon.first_words("Assault", "noun") for d in deeds)


def _withheld(head: Token, lexicon: Lexicon) -> bool:
    """Aid named as what is withheld, frozen or cut: the act is its stopping."""
    token = head
    for _ in range(4):
        if token.dep_ not in {"pobj", "prep", "dobj", "nsubjpass", "compound"} or token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in lexicon["withholding"]:
            return True
    return False


def _ordered_closed(head: Token, lexicon: Lexicon) -> bool:
    """Ordered to close, halt or disband, or to hold someone; not an order to one's own forces
    ("ordered troops to stop firing" is a ceasefire)."""
    closes = any(c.dep_ == "xcomp" and c.lemma_.lower() in lexicon["closing_verbs"] for c in head.children)
    # "ordered the accused remain in custody", "ordered his arrest": an order to hold someone
    coercive = lexicon.first_words("Coercion") | {"custody"}
    holds = any(t.lemma_.lower() in coercive for c in head.children if c.dep_ in {"ccomp", "xcomp", "dobj"} for t in c.subtree)
    return (closes or holds) and not any(c.dep_ == "dobj" and c.lemma_.lower() in lexicon["forces"] for c in head.children)


def _on_the_public(head: Token, lexicon: Lexicon) -> bool:
    """What is banned: people at large or a practice, not a named actor ("banned Mahan Air")."""
    public = lexicon["people"] | lexicon["collective_nouns"] | lexicon["practices"]
    banned = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
    banned += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
    if head.pos_ == "NOUN" and head.dep_ == "dobj":  # "impose bans on niqabs": the light verb's "on"
        banned += [g for c in head.head.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
    return any(not t.ent_type_ and fold(t.lemma_) in public for t in banned)  # "niqāb" is the niqab


def _attacks_people(verb: Token, lexicon: Lexicon) -> bool:
    """"started attacking people", "attacked two officers": whoever attacks people attacks them."""
    people = lexicon["people"] | lexicon["collective_nouns"] | lexicon["forces"]
    return any(c.dep_ == "dobj" and c.lemma_.lower() in people for c in verb.children)


def _on_a_topic(verb: Token) -> bool:
    """"attacked Trump over his handling", "attacked him on his taxes": attacked with words
    about something; not "on Monday" nor "on the highway"."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"for", "over", "on"}:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC"}:
                continue
            if prep.lower_ != "on" or any(c.dep_ == "poss" for c in obj.children):
                return True
    return False


def _accident(head: Token, scope: set[int], lexicon: Lexicon) -> bool:
    """A vehicle, a crash or a storm in the clause; not a warplane or a warship, which are
    how armies attack ("jets bombed the city")."""
    doc = head.doc
    civil = lexicon["vehicles"] - lexicon["weapons"] - lexicon["forces"]
    near = set(scope)
    verb = clause_verb(head)
    if verb.dep_ in {"advcl", "conj"}:  # "a car crashed into a crowd, killing five"
        near |= {verb.head.i} | {c.i for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}}
    # "a fire killed five", "an explosion killed": what does the killing, when no one is named, is no attacker
    blind = any(c.dep_ == "nsubj" and c.lemma_.lower() in lexicon["vehicles"] - lexicon["forces"] and not c.ent_type_ for c in head.children)
    return blind or any(doc[i].lemma_.lower() in civil or doc[i].lemma_ == "drive" for i in near)
