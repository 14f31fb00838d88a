"""An event's participants: the trigger's own arguments, found by the argument shapes of
data/arguments.json (subject, object, passive agent, "with"/"between"/"to"/"against"
phrases, possessors), mapped to the entity mentions they name, with roles from voice.

Only the trigger's arguments take part: not every name in the sentence. A coordinated
argument ("Russia and China") gives each conjunct; a head noun gives the actors written
on it ("Iranian officials", "the government of Iran"); a person brings the state the
document says they act for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg import vocab
from kg.nlp.lexicon import Lexicon, Trigger
from kg.nlp.mentions import ACTOR_TYPES, EntityResult, Mention
from kg.nlp.quotes import in_quote, interview_answers
from kg.nlp.shapes import Shape, matches
from kg.nlp.titles import is_title_word, sent_to
from kg.nlp.tree import first_up, is_root, up

INITIATOR_SLOTS = {"subject", "agent", "light_subject", "light_agent", "by", "speaker", "claimant"}
RECIPIENT_SLOTS = {"object", "passive_subject", "to", "against", "occurrence_subject"}
PARTNER_SLOTS = {"with", "between"}
# Pronouns that stand for a person named before ("he"), or for people ("them": "charges against them").
SINGULAR_PERSONAL = {"he", "him", "she", "her"}
PERSONAL = SINGULAR_PERSONAL | {"they", "them"}
# The roots whose events have no direction: everyone who takes part is a participant.
UNDIRECTED = {"Consultation", "Agreement", "Cooperation"}
# Classes whose "of"/"for" phrase names who the act is aimed at ("criticism of X", "support for X").
AIMED = {"Accusation", "Coercion", "Assault", "Sanction", "Retreat", "Support", "Aid", "Threat", "Rejection"}
OF_HEADS = {"government", "president", "leader", "leaders", "minister", "ministers", "member", "members", "people",
            "forces", "army", "troops", "police", "citizens", "authorities", "representatives", "delegation", "head", "king",
            "queen", "prime", "officials", "spokesperson", "spokesman", "embassy", "ministry", "navy", "foreign", "state"}
NAME_PARTS = {"compound", "amod", "poss", "nmod", "nummod"}
# Clauses inside an argument phrase tell events of their own.
COMPLEMENTS = {"dobj", "dative", "attr", "oprd", "xcomp", "ccomp", "auxpass", "nsubjpass"}
CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"}
# ... but "facilities belonging to Saudi Aramco" says whose they are.
OWNING = {"belong", "own", "operate", "run", "base", "station", "house"}
# What befalls someone: inside an argument, whom it befell is no party to the event at hand.
FATES = {"death", "deaths", "killing", "murder", "assassination", "arrest", "detention", "execution", "funeral", "shooting"}
# Those who follow or oppose someone ("Trump supporters", "critics of the plan"): whom they follow takes no part.
FOLLOWERS = {"supporter", "fan", "follower", "loyalist", "opponent", "critic", "voter", "admirer", "backer", "detractor"}
# Kin of someone ("Hamza bin Laden, son of Osama bin Laden"; "Cengiz, fiancée of Khashoggi"): whose kin takes no part.
KIN = {"son", "daughter", "wife", "husband", "brother", "sister", "father", "mother", "fiancée", "fiancé", "fiance", "widow",
       "widower", "grandson", "granddaughter", "nephew", "niece", "cousin", "uncle", "aunt", "stepson", "stepdaughter", "parent"}
# Who works for someone ("a former advisor for Trump was sentenced"): whom he serves does not undergo what he does.
SERVANTS = {"advisor", "adviser", "aide", "lawyer", "attorney", "assistant", "staffer", "employee", "bodyguard", "driver"}
# "killed by a US airstrike in Iraq": where a thing happened or stands is its place, not a party to it.
LOCATIVE = {"in", "at", "near", "inside", "outside"}
TERRITORY = {"waters", "water", "territory", "airspace", "soil", "border", "borders", "land", "lands", "zone"}
# ... except of those whose place is whom they serve: "authorities in the United Kingdom".
HELD_BY_PLACE = {"authorities", "authority", "officials", "official", "government", "police", "prosecutors", "prosecutor",
                 "lawmakers", "legislators", "court", "courts", "judge", "administration", "parliament", "democrats",
                 "republicans", "members", "leaders", "colleagues", "counterparts", "partners", "allies"}


@dataclass(frozen=True)
class Slot:
    name: str
    token: Token


def argument_slots(doc: Doc, shapes: list[Shape], triggers: set[int], lexicon: Lexicon) -> dict[int, list[Slot]]:
    """trigger token index -> its argument slots, from the shapes of data/arguments.json.

    The marks the shapes test besides a token's own attributes: trigger, light verb
    ("held talks"), occurrence verb ("the attack killed")."""
    light, occurs = lexicon["light_verbs"], lexicon["occurrence_verbs"]
    marks = {
        "dip_trigger": lambda t: t.i in triggers,
        "dip_light": lambda t: t.pos_ == "VERB" and t.lemma_ in light,
        "dip_occurs": lambda t: t.pos_ == "VERB" and t.lemma_ in occurs,
    }
    out: dict[int, list[Slot]] = defaultdict(list)
    for i in sorted(triggers):
        for slot, tokens in matches(shapes, doc[i], marks):  # ("fighters which European nations refused": "which" is no subject)
            if not (tokens[-1].tag_ in {"WDT", "WP"} and sum(c.dep_ == "nsubj" for c in tokens[-1].head.children) > 1):
                out[i].append(Slot(_active_by(slot, doc[i]), antecedent(tokens[-1])))
        if not any(s.name in {"subject", "agent", "passive_subject"} for s in out[i]):
            out[i] += _raised_subject(doc[i], lexicon["temporal_marks"])
        out[i] += _shared_object(doc[i]) + _gapped_object(doc[i])
        if not any(s.name in {"subject", "passive_subject"} for s in out[i]):
            out[i] += _gapped_passive_subject(doc[i])
    return out


def _active_by(slot: str, verb: Token) -> str:
    """"he had ordered fire safety checks by the State Fire Brigade": a "by" phrase on a verb
    with a subject of its own and no passive is who does what the object names, not the verb."""
    active = any(c.dep_ == "nsubj" for c in verb.children) and not any(c.dep_ == "auxpass" for c in verb.children)
    return "object" if slot == "agent" and active else slot


def _gapped_passive_subject(verb: Token) -> list[Slot]:
    """"the third President to be impeached by the House": a passive clause on a noun, with
    no subject of its own, is about that noun (the name it stands in apposition to, if any).
    (A bare participle is left alone: the parser hangs finite verbs as one too.)"""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if verb.dep_ not in {"relcl", "acl"} or not passive or verb.head.pos_ not in {"NOUN", "PROPN"}:
        return []
    noun = verb.head.head if verb.head.dep_ == "appos" else verb.head
    return [Slot("passive_subject", noun)]


def _gapped_object(verb: Token) -> list[Slot]:
    """"deals the administration brokered": a relative clause with no relative pronoun and no
    object of its own has the noun it hangs on as its object."""
    if verb.dep_ != "relcl" or verb.pos_ != "VERB" or verb.head.pos_ not in {"NOUN", "PROPN"}:
        return []
    deps = {c.dep_ for c in verb.children}
    own_subject = any(c.dep_ == "nsubj" and c.tag_ not in {"WDT", "WP"} for c in verb.children)
    if not own_subject or deps & {"dobj", "nsubjpass", "auxpass", "ccomp", "xcomp", "dative"} or any(c.tag_ in {"WDT", "WP"} for c in verb.children):
        return []
    return [Slot("object", verb.head)]


def _raised_subject(verb: Token, marks: frozenset[str]) -> list[Slot]:
    """"A bombing was reported to have killed X", "troops were ordered to withdraw": the
    subject of a passive is the subject of the verb after it (a shape the matcher cannot
    write, since it holds only when the verb has no subject of its own); a finite verb's
    subject the parser hung on the conjunction before it, read as a preposition ("after
    Theresa May stepped down"; "was arrested after Paweł Adamowicz was stabbed", the clause
    hung on the verb before it as a second verb)."""
    if verb.pos_ == "VERB" and verb.tag_ in {"VBD", "VBZ", "VBP"}:
        return [Slot("subject", p) for c in verb.children if c.dep_ in {"mark", "prep"} and c.i < verb.i
                for p in c.children if p.dep_ == "pobj" and p.i < verb.i][:1]
    if verb.dep_ == "conj" and any(c.dep_ == "auxpass" and c.tag_ in {"VBD", "VBZ", "VBP"} for c in verb.children):
        return [Slot("passive_subject", p) for c in verb.head.children if c.dep_ == "prep" and c.lower_ in marks
                and verb.head.i < c.i < verb.i for p in c.children if p.dep_ == "pobj" and p.i < verb.i][:1]
    if verb.pos_ != "VERB" or verb.dep_ != "xcomp" or verb.head.pos_ not in {"VERB", "AUX"}:
        return []
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    return [Slot("passive_subject" if passive else "subject", c) for c in verb.head.children if c.dep_ == "nsubjpass"]


def _shared_object(verb: Token) -> list[Slot]:
    """"fired and landed a live round": two verbs in one clause, the first with no complement
    of its own, share the object written after the second (not "refused to disavow it and
    defended his policies", nor a passive, nor "to pay" with its own infinitive)."""
    if verb.pos_ != "VERB" or any(c.dep_ in COMPLEMENTS for c in verb.children):
        return []
    shared = [Slot("object", o) for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
              and not any(d.dep_ in {"nsubj", "nsubjpass", "aux"} for d in c.children)
              for o in c.children if o.dep_ == "dobj"][:1]
    if not shared and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in verb.children):
        # "surrounded and threatened Senator Paul": the parser hung the object written after the
        # second verb on the first
        shared = [Slot("object", o) for o in verb.head.children if o.dep_ == "dobj" and o.i > verb.i][:1]
    return shared


def antecedent(token: Token) -> Token:
    """"Babaryka, who was arrested": a relative pronoun stands for the noun its clause modifies."""
    if token.tag_ in {"WP", "WDT"} or token.lower_ in {"who", "which", "that", "whom"}:
        clause = first_up(token, lambda t: t.dep_ == "relcl")
        if clause is not None:
            return clause.head
    return token


def conjuncts(token: Token) -> list[Token]:
    """The token and everything coordinated with it or set beside it: "Russia, China and Iran"."""
    found, todo = [], [token]
    seen = set()
    while todo:
        t = todo.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        found.append(t)
        todo.extend(c for c in t.children if c.dep_ in {"conj", "appos"})
        # "things, including Molotov cocktails": what is included is among them
        todo.extend(g for c in t.children if c.dep_ == "prep" and c.lower_ == "including" for g in c.children if g.dep_ == "pobj")
    return found


def mentions_at(token: Token, by_token: dict[int, Mention], doc: Doc) -> list[Mention]:
    """The entity mentions an argument phrase names: its head, the names written on it
    ("Iranian officials", "the US Embassy"), coordinated heads ("Russia and China") and the
    phrases hung on it ("a treaty with Iran", "the president of France"), but not the
    clauses hung on it (a relative clause is another event's business) nor where it is."""
    found, todo, seen = [], [token], set()
    undergoes = token.dep_ in {"nsubjpass", "dobj"}
    if token.dep_ == "dobj" and token.tag_ == "NNS":
        # "detained eight people for spreading rumors, including Li Wenliang": a verb takes no
        # "including"; one the parser hangs on a verb after a plural object names its members
        todo += [g for c in token.head.subtree if c.dep_ == "prep" and c.lower_ == "including" and c.i > token.i
                 and c.head.pos_ == "VERB" and c.head.i != token.head.i for g in c.children if g.dep_ == "pobj"]
    while todo:
        t = todo.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        if t.dep_ == "appos" and t.ent_type_ == "NORP":
            continue  # "Sirhan, an ethnic Palestinian from Jordan": who someone is, not a party
        if (t.dep_ == "amod" and t.ent_type_ == "NORP" and t.head.i == token.i and token.dep_ == "pobj"
                and token.head.lower_ in LOCATIVE and token.lemma_.lower() not in TERRITORY):
            continue  # "met at an Irish pub": where something happens is no party ("in Iranian waters" is)
        own = by_token.get(t.i)
        if own is not None and not sent_to(doc, own.start):  # (however the parser hangs the envoy's name)
            found.append(own)
        office = t.dep_ == "appos" and is_title_word(t.lower_)  # "Llerandi, Rosselló's chief of staff": his boss takes no part
        origin = t.ent_type_ == "PERSON"  # "Bruce McArthur, from Toronto, Canada": where a person is from is no party
        befallen = t.lemma_.lower() in FATES | KIN | FOLLOWERS  # "protests over the death of George Floyd": he does not protest
        served = undergoes and t.lemma_.lower() in SERVANTS  # ("an advisor to Trump was arrested": not Trump)
        # "Hunter Biden's former business partner Tony Bobulinski held a press conference": the
        # one named acts, not whose partner he is (an office's holder acts for its state: "office")
        named = t.pos_ == "NOUN" and not is_title_word(t.lower_) and any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in t.children)
        todo.extend(c for c in t.children if (c.dep_ not in CLAUSES or c.lemma_ in OWNING) and c.lower_ not in {"like", "unlike"}
                    and not (served and c.lower_ in {"for", "to"})
                    and (c.lower_ not in LOCATIVE or t.lower_ in HELD_BY_PLACE) and not ((office or named) and c.dep_ == "poss")
                    and not (origin and c.lower_ == "from") and not (befallen and (c.lower_ == "of" or c.dep_ in {"poss", "compound", "amod"})))
    return sorted(dict.fromkeys(found), key=lambda m: m.start)


def befallen_or_related(token: Token) -> bool:
    """The name is whom a fate befell, whose kin or whose followers are named ("the death of
    George Floyd", "son of Osama bin Laden", "Trump supporters"), which makes no party of it."""
    for t in up(token):
        if t.dep_ in CLAUSES:
            return False
        if (t.lower_ == "of" or t.dep_ in {"poss", "compound", "amod"}) and t.head.lemma_.lower() in FATES | KIN | FOLLOWERS:
            return True
    return False


def mention_index(doc: Doc, entities: EntityResult, lexicon: Lexicon) -> dict[int, Mention]:
    """Token index -> the actor mention it is part of. A platform a thing was said on
    ("hailed the report on Twitter", "via Telegram") carries it and takes no part."""
    index = {}
    for m in entities.mentions:
        if (entities.type_of(m.key) in ACTOR_TYPES and not _medium(m, doc, entities, lexicon) and not _home_of(m, doc, lexicon)
                and not _nationality_of_a_trade(m, doc, lexicon)):
            for i in range(m.start, m.end):
                index.setdefault(i, m)
    index.update(_pronouns(doc, entities))
    index.update(interview_answers(doc, entities) if "((" in doc.text else {})
    return index


def _pronouns(doc: Doc, entities: EntityResult) -> dict[int, Mention]:
    """"he", "him", "she": the one person named before it in its sentence, or else in the
    sentence before; with two or more to choose from it names no one, nor when a person is
    named after it ("the day he dropped out, Bloomberg endorsed Biden"), nor inside quotation
    marks (a quote's "she" is not its speaker)."""
    people = [m for m in entities.mentions if entities.type_of(m.key) == "Person"]
    found = {}
    for token in doc:
        if token.tag_ != "PRP" or token.lower_ not in SINGULAR_PERSONAL:
            continue
        sent = token.sent
        if in_quote(token):
            continue
        before = {m.key for m in people if sent.start <= m.start < token.i}
        if not before and any(token.i < m.start < sent.end for m in people):
            continue
        if not before and sent.start > 0:
            previous = doc[sent.start - 1].sent
            before = {m.key for m in people if previous.start <= m.start < previous.end}
        if len(before) == 1:
            found[token.i] = Mention(before.pop(), token.i, token.i + 1, token.text)
    return found


def _home_of(mention: Mention, doc: Doc, lexicon: Lexicon) -> bool:
    """"US-based software company Red Hat", "UK-based retailer Tesco": where a business is
    from, not a party ("US-led" is: the state leads; a "Yemen-based" movement is Yemen's)."""
    end = mention.end
    if not (end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in {"based", "headquartered", "registered"}):
        return False
    return any(t.lemma_.lower() in lexicon["businesses"] for t in doc[end + 2 : end + 6])


def _nationality_of_a_trade(mention: Mention, doc: Doc, lexicon: Lexicon) -> bool:
    """"German firms", "an Iranian chess player", "US carmaker Ford", "U.S. dollars", "Tesco's
    Polish operation": where a business, one who plies a trade, a currency or someone's
    possession is from makes no party of the state; on officials, troops or an offensive
    ("Iranian involvement") it does."""
    root = doc[mention.start : mention.end].root
    if root.dep_ not in {"amod", "compound", "nmod"} or root.ent_type_ not in {"NORP", "GPE"}:
        return False
    # "Tesco's Polish operation": where a firm's is (not "Turkey's Syrian offensive", where a state's went)
    owned = any(c.dep_ == "poss" and c.ent_type_ == "ORG" for c in root.head.children)
    return owned or root.head.lemma_.lower() in lexicon["businesses"] | lexicon["occupations"] | lexicon["currencies"]


def _medium(mention: Mention, doc: Doc, entities: EntityResult, lexicon: Lexicon) -> bool:
    root = doc[mention.start : mention.end].root
    return (root.dep_ == "pobj" and root.head.lower_ in {"on", "via", "through", "over"}
            and entities.entities[mention.key].label.lower() in lexicon["platforms"])


def role_of(slot: str, trigger: Trigger) -> str | None:
    root = vocab.event_roots()[trigger.cls]
    if (root in UNDIRECTED and trigger.cls != "Visit") or trigger.cls in {"Summit", "PhoneCall", "Meeting"}:
        return "participant"
    if slot in PARTNER_SLOTS:
        return "participant"
    if slot in INITIATOR_SLOTS:
        return "initiator"
    if slot in RECIPIENT_SLOTS:
        return "recipient"
    if slot in {"possessor", "modifier"}:
        return "recipient" if trigger.patient else "initiator"
    if slot == "of":
        return "recipient" if not trigger.of_doer and (trigger.patient or trigger.cls in AIMED) else "initiator"
    if slot == "for":
        return "recipient" if trigger.cls in {"Support", "Aid", "Request"} else None
    if slot == "from":  # "aid from Japan"; but "withdrew from Syria" leaves a party
        if trigger.cls == "Retreat":
            return "recipient"
        return "initiator" if trigger.cls in {"Support", "Aid", "Request", "Threat", "Statement", "Accusation", "Rejection"} else None  # "a statement from the king", "criticism from the EU"
    return None


def subject_tokens(clause: Token, _seen: frozenset[int] = frozenset()) -> set[int]:
    """The subject, or the agent of a passive; a coordinated verb shares its head's subject,
    a verb without one ("agreed to meet", "looking forward to welcoming") its governor's.

    Each step goes to a head not visited before, so the walk ends on any parse."""
    # (not a relative clause on the subject: "Trump, who appointed Murphy, responded")
    tokens = {t.i for c in clause.children if c.dep_ in {"nsubj", "agent"} for t in c.subtree}
    tokens -= {t.i for i in list(tokens) if clause.doc[i].dep_ == "relcl" for t in clause.doc[i].subtree}
    if tokens or is_root(clause) or clause.i in _seen:
        return tokens
    seen = _seen | {clause.i}
    head = clause.head
    if clause.dep_ == "conj" and clause.tag_ == "VBD" and head.dep_ == "ccomp" and any(c.tag_ == "MD" for c in head.children):
        # "X predicted Trump would lose and asked voters ...": a past tense cannot join a verb
        # after "would"; the parser hung it one clause too low, it is the predicting clause's
        return subject_tokens(head.head, seen)
    if clause.dep_ in {"conj", "xcomp"} and clause.head.pos_ in {"VERB", "AUX"}:
        # "G7 was scheduled to meet": the subject of a passive controls the verb after it.
        return subject_tokens(clause.head, seen) or {
            t.i for c in clause.head.children if c.dep_ == "nsubjpass" for t in c.subtree
        }
    being = any(c.dep_ == "auxpass" and c.tag_ == "VBG" for c in clause.children)  # "after being shot"
    if (clause.tag_ in {"VBG", "VB"} or being) and clause.dep_ in {"pcomp", "advcl", "acl"}:
        verb = first_up(clause.head, lambda t: t.pos_ in {"VERB", "AUX"})
        if verb is not None and clause.head.lower_ == "from":
            # "banned anyone from entering", "stopped them from leaving": the object would be the doer
            objects = {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}
            if objects:
                return objects
        if verb is None:
            return set()
        # "had been allied with Kurdish groups in fighting ISIS", "was killed while fighting": the passive's subject does it
        return subject_tokens(verb, seen) or {t.i for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree}
    return tokens


def speech_verb(clause: Token, lexicon: Lexicon) -> Token | None:
    """The verb of saying an event is told under: "said" in "Erdoğan said, 'They need ...'"."""
    token = clause
    for _ in range(3):
        if token.dep_ not in {"ccomp", "xcomp", "parataxis", "conj"} or is_root(token):
            return None
        token = token.head
        if token.lemma_ in lexicon["speech_verbs"]:
            return token
    return None


def attribution_tokens(sent: Span) -> set[int]:
    """"According to the Associated Press, ...": the source of the news takes no part in it.
    "According to X, and Y, ...": the parser often hangs Y on the verb as a second subject."""
    out: set[int] = set()
    for token in sent:
        if token.lower_ != "according":
            continue
        out.update(t.i for t in token.subtree)
        for cc in (c for c in token.children if c.dep_ == "cc"):
            out.update(t.i for sibling in token.head.children if sibling.left_edge.i == cc.i + 1 for t in sibling.subtree)
    return out


def mention_root(mention: Mention, doc: Doc) -> Token:
    return doc[mention.start : mention.end].root
