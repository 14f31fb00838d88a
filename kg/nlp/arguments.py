"""An event's arguments from the dependency parse: the clause it asserts, its subject and objects,
the speaker it is told by, roles from voice, the states people act for, and its place."""


from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.model import Event, Participant
from kg.nlp.mentions import PLACE_TYPES, EntityResult, Mention
from kg.nlp.tree import first_up, is_root

SPEECH_NOUNS = {"tweet", "statement", "letter", "post", "interview", "speech", "remark", "message"}
SPEECH_VERBS = {"say", "tell", "write", "add", "state", "tweet", "announce", "declare", "claim", "insist", "respond", "warn"}
# "both leaders", "the two countries": the people or states of the event told just before.
COLLECTIVE_PEOPLE = {"leader", "president", "minister", "head"}
COLLECTIVE_STATES = {"side", "country", "nation", "government", "state", "party"}
DOCUMENT_CLASSES = {"Agreement", "Statement"}
# "the operation was condemned", "criticised the move": an earlier event's actor is the target.
EVENT_ANAPHORS = {"operation", "offensive", "attack", "move", "decision", "action", "step", "plan",
                  "proclamation", "announcement", "measure", "policy", "incursion", "invasion", "request", "call"}
TEMPORAL_MARKS = {"after", "before", "since", "until", "once", "when", "whenever"}
DIRECTED = {
    "Visit", "Support", "Aid", "Concession", "Request", "Accusation", "Rejection", "Protest",
    "Threat", "Sanction", "Coercion", "Assault", "Mobilization", "Retreat", "Statement",
}
FUTURE_MARKERS = {"will", "shall", "plan", "schedule", "expect", "intend", "forward", "aim", "hope", "set", "commit"}


def attribution_tokens(sent: Span) -> set[int]:
    """"According to the Associated Press, ...": the source of the news takes no part in it."""
    return {
        t.i
        for token in sent
        if token.lower_ == "according"
        for t in token.subtree
    }


def attributed_saying(doc: Doc, attribution: set[int]) -> set[int]:
    """"..., according to a tweet on Monday by Mike Pompeo": the date of the saying is the
    date of what it says."""
    return {
        i for i in attribution
        if doc[i].lemma_ in SPEECH_NOUNS or any(a.lemma_ in SPEECH_NOUNS for a in doc[i].ancestors)
    }


def event_anaphor(clause: Token, earlier: list[Event], have: set[str]) -> list[Participant]:
    """"The operation was condemned by the EU": the target is whoever ran the operation."""
    for child in clause.children:
        if child.dep_ in {"dobj", "nsubjpass"} and child.lemma_ in EVENT_ANAPHORS and any(
            c.lower_ in {"the", "this", "that"} for c in child.children
        ):
            for event in reversed(earlier):
                initiators = [p.key for p in event.participants if p.role == "initiator"]
                if initiators:
                    return [Participant(key, "recipient") for key in initiators if key not in have]
            return []
    return []


def clause_scope(clause: Token) -> set[int]:
    """The clause without the clauses hung on it ("..., after Turkey began an offensive";
    "... and spoke with Pompeo"): those are events of their own. A clause that says how
    ("as the two leaders reviewed the partnership between India and Russia") stays."""
    scope = {clause.i}
    for child in clause.children:
        temporal = child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in child.children)
        if temporal or child.dep_ == "relcl" or (child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}):
            continue
        scope |= {t.i for t in child.subtree}
    return scope


def subject_tokens(clause: Token, _seen: frozenset[int] = frozenset()) -> set[int]:
    """The subject, or the agent of a passive; a coordinated verb shares its head's subject.

    Each step goes to a head not visited before, so the walk ends on any parse."""
    tokens = {t.i for c in clause.children if c.dep_ in {"nsubj", "agent"} for t in c.subtree}
    if tokens or is_root(clause) or clause.i in _seen:
        return tokens
    seen = _seen | {clause.i}
    if clause.dep_ in {"conj", "xcomp"} and clause.head.pos_ in {"VERB", "AUX"}:
        # "G7 was scheduled to meet": the subject of a passive controls the verb after it.
        return subject_tokens(clause.head, seen) or {
            t.i for c in clause.head.children if c.dep_ == "nsubjpass" for t in c.subtree
        }
    if clause.tag_ in {"VBG", "VB"} and clause.dep_ in {"pcomp", "advcl", "acl"}:
        # "he is looking forward to welcoming ...": a verb without a subject of its own
        # has the subject of the clause it hangs from.
        verb = first_up(clause.head, lambda t: t.pos_ in {"VERB", "AUX"})
        return subject_tokens(verb, seen) if verb is not None else set()
    return tokens


def addressee_tokens(clause: Token) -> set[int]:
    """"wrote to the US Embassy asking ...": who a request hung on a speech verb is made to."""
    head = clause.head
    if clause.dep_ not in {"advcl", "xcomp", "ccomp"} or head.lemma_ not in SPEECH_VERBS:
        return set()
    return {t.i for c in head.children if c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to") for t in c.subtree}


def speech_verb(clause: Token) -> Token | None:
    """The verb of saying an event is told under: "said" in "Erdoğan said, 'They need ...'"."""
    token = clause
    for _ in range(3):
        if token.dep_ not in {"ccomp", "xcomp", "parataxis", "conj"} or is_root(token):
            return None
        token = token.head
        if token.lemma_ in SPEECH_VERBS:
            return token
    return None


def collective(scope: set[int], doc: Doc, earlier: list[Event], have: set[str], entities: EntityResult) -> list[Participant]:
    """"both leaders", "the two countries": the two people or states of the latest event with two."""
    wanted = set()
    for i in scope:
        token = doc[i]
        if token.pos_ == "NOUN" and any(c.lower_ in {"both", "two"} for c in token.children):
            if token.lemma_ in COLLECTIVE_PEOPLE:
                wanted.add("Person")
            elif token.lemma_ in COLLECTIVE_STATES:
                wanted.add("Country")
    for event in reversed(earlier):
        found = [p.key for p in event.participants if entities.type_of(p.key) in wanted]
        if len(found) >= 2:
            return [Participant(key) for key in found if key not in have]
    return []


def governing_verb(token: Token) -> Token | None:
    """The verb whose clause an event noun sits in: 'held' for 'held a telephone conversation'."""
    return first_up(token, lambda t: t.pos_ in {"VERB", "AUX"}, steps=3)


def negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def is_future(token: Token) -> bool:
    for tok in [token, *token.ancestors]:
        if tok.lemma_ in FUTURE_MARKERS or any(c.lemma_ in FUTURE_MARKERS and c.dep_ in {"aux", "advmod", "prt"} for c in tok.children):
            return True
    return False


def mention_root(mention: Mention, doc: Doc) -> Token:
    return doc[mention.start : mention.end].root


def participants_of(cls: str, clause: Token, actors: list[Mention], doc: Doc, subject: set[int]) -> list[Participant]:
    objects = {
        t.i
        for c in clause.children
        if c.dep_ in {"dobj", "dative", "nsubjpass"} or (c.dep_ == "prep" and c.lower_ in {"to", "on", "against", "for"})
        for t in c.subtree
    }
    roles: dict[str, str] = {}
    for m in actors:
        root = mention_root(m, doc).i
        role = "participant"
        if cls in DIRECTED and root in subject and root not in objects:
            role = "initiator"
        elif cls in DIRECTED and root in objects:
            role = "recipient"
        if roles.get(m.key, "participant") == "participant":
            roles[m.key] = role
    return [Participant(key, role) for key, role in roles.items()]


def has_argument(noun: Token, cls: str = "") -> bool:
    """An event noun with its actor or target written on it: "United States sanctions",
    "a 1994 agreement", "criticism by UNESCO", "an attack on oil facilities". A document
    ("the NATO treaty") is an event only when it is dated or something is done to it."""
    for child in noun.children:
        if cls in DOCUMENT_CLASSES:
            if child.dep_ in {"nummod", "compound", "amod"} and child.ent_type_ == "DATE":
                return True
            continue
        if child.dep_ in {"poss", "compound", "nummod"} and (child.ent_type_ or child.pos_ == "PROPN"):
            return True
        if child.dep_ == "prep" and child.lower_ in {"by", "on", "against"}:
            return True
    return False


def acting_for(participants: list[Participant], entities: EntityResult) -> list[Participant]:
    """A president, minister or spokesperson acts for a state: name the state too."""
    keys = {p.key for p in participants}
    added = [
        Participant(actor, p.role)
        for p in participants
        for actor in sorted(entities.acts_for.get(p.key, ()))
        if actor not in keys
    ]
    return participants + list(dict.fromkeys(added))


def place_of(cls: str, clause: Token, mentions: list[Mention], entities: EntityResult, doc: Doc) -> str | None:
    """The place the event happened: a place introduced by 'in'/'at' in its clause."""
    best = None
    for m in mentions:
        root = mention_root(m, doc)
        kind = entities.type_of(m.key)
        prep = root.head.lower_ if root.dep_ == "pobj" else None
        if kind in PLACE_TYPES and prep in {"in", "at"}:
            if best is None or (kind == "Venue" and entities.type_of(best) != "Venue"):
                best = m.key
        elif best is None and cls == "Visit" and (prep == "to" or root.dep_ == "dobj") and kind in {"Country", "City", "Place"}:
            best = m.key
    return best
