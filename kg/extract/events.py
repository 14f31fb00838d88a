"""Diplomatic events from trigger words and the dependency parse.

A trigger (a verb such as "met", a noun such as "summit", a phrase such as
"telephone conversation") names the event class; the clause it sits in supplies
the participants (with roles where the parse shows a direction), the place, the
date, and the tense that separates what happened from what is planned.
"""

from __future__ import annotations

import hashlib
from datetime import date

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from kg.extract.dates import DateSpan, resolve
from kg.extract.entities import ACTOR_TYPES, PLACE_TYPES, EntityResult, Mention
from kg.extract.tree import first_up, is_root, up
from kg.model import EVENT_ROOT, Event, Participant

# class -> (verb lemmas, noun lemmas that are events by themselves)
TRIGGERS: dict[str, tuple[set[str], set[str]]] = {
    "Consultation": ({"confer", "consult"}, {"consultation"}),
    "Meeting": ({"meet"}, {"meeting", "talk", "talks"}),
    "Summit": (set(), {"summit"}),
    "PhoneCall": (set(), set()),  # phrases only, see PHRASES
    "Visit": ({"visit", "travel", "tour"}, {"visit", "trip"}),
    "Agreement": ({"agree", "sign", "ratify"}, {"agreement", "deal", "treaty", "accord", "pact"}),
    "Statement": ({"declare"}, {"statement", "communique", "declaration"}),
    "Support": ({"congratulate", "praise", "endorse", "support", "back", "second", "commend", "hail", "thank", "welcome"},
                {"congratulation", "support"}),
    "Cooperation": ({"cooperate", "collaborate"}, {"cooperation", "coalition"}),
    "Aid": ({"donate"}, {"aid", "assistance"}),
    "Concession": ({"concede", "ease", "lift"}, {"concession"}),
    "Retreat": ({"withdraw", "retreat"}, {"withdrawal"}),
    "Request": ({"urge", "ask", "request", "demand", "appeal", "encourage", "press"}, {"request", "appeal", "demand", "call"}),
    "Accusation": ({"accuse", "allege", "blame", "condemn", "criticise", "criticize", "denounce", "question",
                    "name", "brand", "label", "designate"},
                   {"accusation", "allegation", "criticism", "condemnation"}),
    "Rejection": ({"reject", "refuse", "deny", "veto", "dismiss", "oppose", "decline"}, {"rejection", "refusal"}),
    "Protest": ({"protest", "demonstrate"}, {"protest", "demonstration"}),
    "Threat": ({"threaten", "warn"}, {"threat", "ultimatum", "warning"}),
    "Sanction": ({"sanction", "ban", "embargo", "expel", "restrict", "suspend"}, {"sanction", "embargo", "ban", "restriction"}),
    "Mobilization": ({"deploy", "mobilize", "mobilise", "enter", "cross"}, {"deployment", "mobilization", "mobilisation"}),
    "Coercion": ({"arrest", "detain", "seize", "blockade"}, {"blockade", "arrest"}),
    "Assault": ({"attack", "invade", "bomb", "shell", "strike"}, {"attack", "invasion", "offensive", "airstrike", "incursion"}),
}
# Nouns of abstract classes count only as the object of a verb that makes them
# happen ("signed an agreement", "imposed sanctions"), not in "cooperation plans".
LIGHT_VERBS = {
    "sign", "reach", "announce", "impose", "provide", "offer", "express", "extend", "conclude",
    "release", "issue", "give", "send", "receive", "hold", "launch", "make", "adopt", "pledge",
    "deliver", "file", "lodge", "stage", "levy", "approve", "attend", "host", "pay", "enter", "begin",
    "start", "conduct", "carry", "increase", "join", "voice",
}
# Classes whose events are things said: whoever says them takes part.
SPEECH_ACTS = {"Statement", "Support", "Request", "Accusation", "Rejection", "Protest", "Threat", "Agreement"}
SPEECH_NOUNS = {"tweet", "statement", "letter", "post", "interview", "speech", "remark", "message"}
SPEECH_VERBS = {"say", "tell", "write", "add", "state", "tweet", "announce", "declare", "claim", "insist", "respond", "warn"}
# "both leaders", "the two countries": the people or states of the event told just before.
COLLECTIVE_PEOPLE = {"leader", "president", "minister", "head"}
COLLECTIVE_STATES = {"side", "country", "nation", "government", "state", "party"}
FREE_NOUN_CLASSES = {"Meeting", "Summit", "PhoneCall", "Visit", "Statement"}
DOCUMENT_CLASSES = {"Agreement", "Statement"}
# Verbs that are an event only with the right kind of subject: an army entering a town.
MILITARY_ONLY = {"enter", "cross"}
# "the operation was condemned", "criticised the move": an earlier event's actor is the target.
EVENT_ANAPHORS = {"operation", "offensive", "attack", "move", "decision", "action", "step", "plan",
                  "proclamation", "announcement", "measure", "policy", "incursion", "invasion", "request", "call"}
REFUSALS = {"refuse", "decline", "fail", "reject"}
TEMPORAL_MARKS = {"after", "before", "since", "until", "once", "when", "whenever"}
OBLIGATION = {"should", "must", "need", "ought", "have"}
# "named the PKK and the YPG as terrorists": naming is an accusation only with a charge.
LABEL_VERBS = {"name", "brand", "label", "designate"}
CHARGES = {"terrorist", "terror", "criminal", "aggressor", "sponsor"}
DOCUMENTS = {"treaty", "agreement", "deal", "accord", "pact", "convention"}
PHRASES = {
    "PhoneCall": [
        [{"LOWER": {"IN": ["telephone", "phone", "telephonic", "video"]}}, {"LEMMA": {"IN": ["conversation", "call", "talk"]}}],
        [{"LEMMA": {"IN": ["speak", "talk"]}}, {"LOWER": {"IN": ["on", "by", "over"]}}, {"LOWER": "the", "OP": "?"},
         {"LOWER": {"IN": ["phone", "telephone"]}}],
    ],
    "Statement": [[{"LOWER": "joint"}, {"LEMMA": {"IN": ["statement", "declaration", "communique"]}}]],
    "Meeting": [[{"LEMMA": "hold"}, {"LOWER": "talks"}]],
    "Consultation": [[{"LEMMA": {"IN": ["speak", "talk"]}, "POS": "VERB"}, {"LOWER": {"IN": ["with", "to"]}}]],
    "Request": [[{"LEMMA": "call", "POS": "VERB"}, {"LOWER": {"IN": ["for", "on", "upon"]}}],
                [{"LEMMA": "count"}, {"LOWER": "on"}]],
    "Mobilization": [[{"LEMMA": {"IN": ["send", "deploy", "dispatch", "move"]}}, {"OP": "?"}, {"OP": "?"},
                      {"LEMMA": {"IN": ["troop", "soldier", "force", "warship", "jet", "army"]}}]],
}
DIRECTED = {
    "Visit", "Support", "Aid", "Concession", "Request", "Accusation", "Rejection", "Protest",
    "Threat", "Sanction", "Coercion", "Assault", "Mobilization", "Retreat", "Statement",
}
# "During the meeting, ...", "Following the summit, ...": a look back at an event
# told elsewhere, not a new one.
BACK_REFERENCE_PREPS = {"during", "after", "following", "before", "since", "at", "on"}
FUTURE_MARKERS = {"will", "shall", "plan", "schedule", "expect", "intend", "forward", "aim", "hope", "set", "commit"}


def build_matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for cls, (verbs, nouns) in TRIGGERS.items():
        if verbs:
            matcher.add(cls, [[{"LEMMA": {"IN": sorted(verbs)}, "POS": "VERB"}]])
        if nouns:
            # Proper-noun lemmas keep their case ("Summit"), so match the lower-cased form too.
            forms = sorted(nouns | {n + "s" for n in nouns})
            matcher.add(cls, [[{"LOWER": {"IN": forms}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
    for cls, patterns in PHRASES.items():
        matcher.add(cls, patterns)
    return matcher


def extract_events(doc: Doc, entities: EntityResult, anchor: date, matcher: Matcher) -> list[Event]:
    matches = [(doc.vocab.strings[m], doc[s:e]) for m, s, e in matcher(doc)]
    matches += [("Request", span) for span in speech_requests(doc)]
    # A phrase ("telephone conversation") outranks the single words inside it.
    matches.sort(key=lambda m: (m[1].start, -len(m[1])))
    taken: set[int] = set()
    found: list[tuple[Event, Span]] = []
    sentences = {s.start: i for i, s in enumerate(doc.sents)}
    context = _sentence_dates(doc, anchor)
    inside_names = {i for m in entities.mentions for i in range(m.start, m.end)}
    verb_triggers = {span.root.i for _, span in matches if span.root.pos_ == "VERB"}
    for cls, trigger in matches:
        if any(t.i in taken for t in trigger):
            continue
        taken.update(t.i for t in trigger)
        if trigger.root.i in inside_names or _mentioned_before(cls, trigger, found):
            continue  # "Shanghai Cooperation Organisation" is no cooperation
        if trigger.root.pos_ != "VERB" and trigger.root.dep_ == "dobj" and trigger.root.head.i in verb_triggers \
                and trigger.root.head.lemma_ not in LIGHT_VERBS:
            continue  # "opposed Macron's statement": the statement is what is opposed, told before
        event = _event(cls, trigger, entities, anchor, sentences, context, [e for e, _ in found])
        if event is not None:
            found.append((event, trigger))
    found = _merge_nested(found)
    events: list[Event] = []
    for event, _ in found:
        keys = {p.key for p in event.participants}
        same = next(
            (e for e in events if e.cls == event.cls and _same_time(e, event)
             and (keys <= {p.key for p in e.participants} or keys >= {p.key for p in e.participants})),
            None,
        )
        if same is None:
            events.append(event)
        else:  # one event mentioned twice is one event
            have = {p.key for p in same.participants}
            same.participants.extend(p for p in event.participants if p.key not in have)
    return events


def _same_time(a: Event, b: Event) -> bool:
    """Dates that can be one day: equal, or one known to the month that holds the other."""
    if a.date == b.date:
        return True
    coarse = [e for e in (a, b) if e.date_precision == "month"]
    return bool(coarse) and (a.date.year, a.date.month) == (b.date.year, b.date.month)


def _mentioned_before(cls: str, trigger: Span, found: list[tuple[Event, Span]]) -> bool:
    """"the summit", "their meeting", "the call": a definite event noun with no verb of its
    own points back to an event of that kind already told."""
    head = trigger.root
    if head.pos_ == "VERB" or not any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in head.children):
        return False
    same = [e for e, _ in found if e.cls == cls]
    for c in head.children:
        if c.dep_ in {"nummod", "amod", "compound"} and (c.ent_type_ in {"ORDINAL", "DATE", "CARDINAL"} or c.pos_ == "PROPN"):
            # "the 23rd Annual Summit", "the India-Russia Summit": a new one, named, unless
            # the name was given before ("held the fifth Meeting ... The fifth meeting reviewed").
            if not any(c.lower_ in e.evidence.lower().split() for e in same):
                return False
    verb = _governing_verb(head)
    if verb is not None and verb.lemma_ in LIGHT_VERBS and head.dep_ in {"dobj", "nsubjpass"}:
        return False
    return bool(same)


def _merge_nested(found: list[tuple[Event, Span]]) -> list[tuple[Event, Span]]:
    """One event told by two triggers in one clause is one event: "met ... for an AU summit"
    is the summit; "the calls ... asking the US to waive" is one request."""
    kept: list[tuple[Event, Span]] = []
    for event, trigger in found:
        host = next(
            (
                (other, span) for other, span in [*kept, *found]
                if other is not event and span.sent == trigger.sent
                and EVENT_ROOT.get(other.cls, other.cls) == EVENT_ROOT.get(event.cls, event.cls)
                and (
                    (event.cls == "Meeting" and other.cls != "Meeting" and span.root in trigger.root.subtree)
                    or (other.cls == event.cls and span.root.pos_ != "VERB" and trigger.root in span.root.subtree
                        and trigger.root.i != span.root.i)
                )
            ),
            None,
        )
        if host is None:
            kept.append((event, trigger))
            continue
        other = host[0]
        keys = {p.key for p in other.participants}
        other.participants.extend(p for p in event.participants if p.key not in keys)
        other.location = other.location or event.location
    return kept


def event_id(article_id: str, event: Event) -> str:
    """Stable across rebuilds: the same sentence yields the same event IRI. Two events of one
    class and one sentence with the same participants differ in their dates (else they were
    merged as one), so the date is part of the name."""
    parts = [article_id, event.cls, str(event.sentence), event.date.isoformat(), *sorted(p.key for p in event.participants)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _event(cls: str, trigger: Span, entities: EntityResult, anchor: date, sentences: dict[int, int], context,
           earlier: list[Event]) -> Event | None:
    head = trigger.root
    verb = _governing_verb(head)
    if cls not in FREE_NOUN_CLASSES and head.pos_ != "VERB" and (verb is None or verb.lemma_ not in LIGHT_VERBS) \
            and not _has_argument(head, cls):
        return None
    if _negated(head) or (verb is not None and _negated(verb)):
        return None
    if verb is not None and verb.dep_ == "xcomp" and verb.head.lemma_ in REFUSALS:
        return None  # "refused to sign the agreement": no agreement; the refusal is the event
    if head.pos_ != "VERB" and head.dep_ == "pobj" and head.head.lower_ in BACK_REFERENCE_PREPS and any(
        c.dep_ in {"det", "poss"} for c in head.children
    ):
        return None
    if cls == "Statement" and head.dep_ == "pobj" and head.head.lower_ == "in" and head.head.head.lemma_ in SPEECH_VERBS:
        return None  # "In a statement, the SDF said ...": how it was said, not a second event
    if verb is not None and verb.lemma_ == "be" and head.pos_ != "VERB" and (
        head.dep_ in {"nsubj", "attr"} or not _has_argument(head)
    ):
        return None  # "The Working Group Meeting is a forum for talks": a definition, not an occurrence
    if head.lemma_ in LABEL_VERBS and not any(t.lemma_ in CHARGES for t in head.subtree):
        return None
    if head.lemma_ == "welcome" and any(c.dep_ == "prep" and c.lower_ == "to" for c in head.children):
        return None  # "welcoming President Putin to India" is hosting a visit, not praise
    if cls == "Retreat" and any(
        c.dep_ == "prep" and c.lower_ in {"from", "out"} and any(t.lemma_ in DOCUMENTS for t in c.subtree)
        for c in head.children
    ):
        cls = "Rejection"  # "withdrew the US from a treaty" leaves an agreement, not a battlefield
    doc = trigger.doc
    sent = trigger.sent
    clause = verb or head
    scope = _clause_scope(clause) if verb is not None or head.pos_ == "VERB" else set(range(sent.start, sent.end))
    scope |= {t.i for t in head.subtree}
    subject = _subject_tokens(clause)
    said = _speech_verb(clause)
    speaker = _subject_tokens(said) if said is not None else set()
    if cls not in SPEECH_ACTS and any(m.start <= t < m.end for t in subject for m in entities.mentions):
        speaker = set()  # "Ruto will visit Washington, the White House announced": Ruto visits
    scope |= subject | speaker | _addressee_tokens(clause)
    attribution = _attribution(sent)
    scope -= attribution
    in_scope = [m for m in entities.mentions if sent.start <= m.start < sent.end and _root(m, doc).i in scope]
    actors = [m for m in in_scope if entities.type_of(m.key) in ACTOR_TYPES]
    if head.lemma_ in MILITARY_ONLY and not any(
        entities.type_of(m.key) == "MilitaryUnit" and _root(m, doc).i in subject for m in actors
    ):
        return None  # "the delegation entered the hall" is no mobilisation; "the Syrian Army entered Ain Issa" is
    if cls == "Assault" and head.pos_ == "VERB" and any(
        entities.type_of(m.key) == "Person" and _root(m, doc).i in subject for m in actors
    ):
        cls = "Accusation"  # people attack decisions with words; states and armies with weapons
    participants = _participants(cls, clause, actors, doc, subject | speaker)
    participants += _collective(scope, doc, earlier, {p.key for p in participants}, entities)
    participants += _event_anaphor(clause, earlier, {p.key for p in participants})
    if not participants:
        return None
    if len(participants) == 1 and participants[0].role != "initiator" and participants[0].key not in {
        m.key for m in actors if _root(m, doc).i in subject | speaker
    }:
        return None  # "a summit in India": a lone actor that is not doing anything is not a participant
    participants = _acting_for(participants, entities)
    future = _is_future(head)
    own_tokens = {clause.i, head.i} | {t.i for t in head.subtree if head.pos_ != "VERB"}
    if said is not None or clause.lemma_ in SPEECH_VERBS:
        # "Late on Sunday, the SDF announced it had entered an agreement": told and done
        # are one date as far as the text lets us know.
        speech = said if said is not None else clause
        heads = [speech, *(c for c in speech.children if c.dep_ in {"ccomp", "parataxis"})]
        own_tokens |= {speech.i} | {c.i for h in heads for c in h.children if c.dep_ == "advcl"}
    own_tokens |= _attributed_saying(doc, attribution)
    own = _date(sent, scope, anchor, future, own_tokens)
    when = own or _context_date(sent, anchor, context)
    status = "planned" if future or when.start > anchor else "happened"
    location = _location(cls, clause, in_scope, entities, doc)
    confidence = 0.5 + 0.1 * min(len(participants), 2) + (0.1 if own else 0.0) + (0.1 if head.pos_ == "VERB" else 0.0)
    return Event(
        cls=cls,
        participants=participants,
        date=when.start,
        end_date=when.end,
        date_precision=when.precision,
        location=location,
        evidence=sent.text.strip(),
        trigger=trigger.text,
        confidence=round(min(confidence, 0.95), 2),
        status=status,
        sentence=sentences.get(sent.start, 0),
    )


def _attribution(sent: Span) -> set[int]:
    """"According to the Associated Press, ...": the source of the news takes no part in it."""
    return {
        t.i
        for token in sent
        if token.lower_ == "according"
        for t in token.subtree
    }


def _attributed_saying(doc: Doc, attribution: set[int]) -> set[int]:
    """"..., according to a tweet on Monday by Mike Pompeo": the date of the saying is the
    date of what it says."""
    return {
        i for i in attribution
        if doc[i].lemma_ in SPEECH_NOUNS or any(a.lemma_ in SPEECH_NOUNS for a in doc[i].ancestors)
    }


def _event_anaphor(clause: Token, earlier: list[Event], have: set[str]) -> list[Participant]:
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


def speech_requests(doc: Doc) -> list[Span]:
    """Words of obligation put in someone's mouth are a request: "Rouhani said foreign powers
    should get out", "Erdoğan said, 'They need to stand by us'"."""
    found = []
    for token in doc:
        if token.lemma_ not in SPEECH_VERBS or token.pos_ != "VERB":
            continue
        said = [t for c in token.children if c.dep_ in {"ccomp", "parataxis"} for t in c.subtree]
        if token.dep_ == "parataxis":  # '"Japan must stop," Wang said': the quote heads the sentence
            own = {t.i for t in token.subtree}
            said += [t for t in token.head.subtree if t.i not in own]
        if any(t.lower_ in OBLIGATION and (t.tag_ == "MD" or any(c.dep_ == "xcomp" for c in t.children)) for t in said):
            found.append(doc[token.i : token.i + 1])
    return found


def _clause_scope(clause: Token) -> set[int]:
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


def _subject_tokens(clause: Token, _seen: frozenset[int] = frozenset()) -> set[int]:
    """The subject, or the agent of a passive; a coordinated verb shares its head's subject.

    Each step goes to a head not visited before, so the walk ends on any parse."""
    tokens = {t.i for c in clause.children if c.dep_ in {"nsubj", "agent"} for t in c.subtree}
    if tokens or is_root(clause) or clause.i in _seen:
        return tokens
    seen = _seen | {clause.i}
    if clause.dep_ in {"conj", "xcomp"} and clause.head.pos_ in {"VERB", "AUX"}:
        # "G7 was scheduled to meet": the subject of a passive controls the verb after it.
        return _subject_tokens(clause.head, seen) or {
            t.i for c in clause.head.children if c.dep_ == "nsubjpass" for t in c.subtree
        }
    if clause.tag_ in {"VBG", "VB"} and clause.dep_ in {"pcomp", "advcl", "acl"}:
        # "he is looking forward to welcoming ...": a verb without a subject of its own
        # has the subject of the clause it hangs from.
        verb = first_up(clause.head, lambda t: t.pos_ in {"VERB", "AUX"})
        return _subject_tokens(verb, seen) if verb is not None else set()
    return tokens


def _addressee_tokens(clause: Token) -> set[int]:
    """"wrote to the US Embassy asking ...": who a request hung on a speech verb is made to."""
    head = clause.head
    if clause.dep_ not in {"advcl", "xcomp", "ccomp"} or head.lemma_ not in SPEECH_VERBS:
        return set()
    return {t.i for c in head.children if c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to") for t in c.subtree}


def _speech_verb(clause: Token) -> Token | None:
    """The verb of saying an event is told under: "said" in "Erdoğan said, 'They need ...'"."""
    token = clause
    for _ in range(3):
        if token.dep_ not in {"ccomp", "xcomp", "parataxis", "conj"} or is_root(token):
            return None
        token = token.head
        if token.lemma_ in SPEECH_VERBS:
            return token
    return None


def _collective(scope: set[int], doc: Doc, earlier: list[Event], have: set[str], entities: EntityResult) -> list[Participant]:
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


def _governing_verb(token: Token) -> Token | None:
    """The verb whose clause an event noun sits in: 'held' for 'held a telephone conversation'."""
    return first_up(token, lambda t: t.pos_ in {"VERB", "AUX"}, steps=3)


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _is_future(token: Token) -> bool:
    for tok in [token, *token.ancestors]:
        if tok.lemma_ in FUTURE_MARKERS or any(c.lemma_ in FUTURE_MARKERS and c.dep_ in {"aux", "advmod", "prt"} for c in tok.children):
            return True
    return False


def _root(mention: Mention, doc: Doc) -> Token:
    return doc[mention.start : mention.end].root


def _participants(cls: str, clause: Token, actors: list[Mention], doc: Doc, subject: set[int]) -> list[Participant]:
    objects = {
        t.i
        for c in clause.children
        if c.dep_ in {"dobj", "dative", "nsubjpass"} or (c.dep_ == "prep" and c.lower_ in {"to", "on", "against", "for"})
        for t in c.subtree
    }
    roles: dict[str, str] = {}
    for m in actors:
        root = _root(m, doc).i
        role = "participant"
        if cls in DIRECTED and root in subject and root not in objects:
            role = "initiator"
        elif cls in DIRECTED and root in objects:
            role = "recipient"
        if roles.get(m.key, "participant") == "participant":
            roles[m.key] = role
    return [Participant(key, role) for key, role in roles.items()]


def _date(sent: Span, scope: set[int], anchor: date, future: bool, own: set[int]):
    """The clause's own date; a date told of another clause of the sentence ("travelled to
    attend the summit held on July 8-9") dates this event only to the month."""
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    dates.sort(key=lambda e: e.root.i not in scope)  # the clause's own date first
    for ent in dates:
        span = resolve(ent.text, anchor, future=future)
        if span is None:
            continue
        if _date_head(ent.root) in own or ent.root.i in own:
            return span
        if span.precision == "day":
            return DateSpan(span.start.replace(day=1), None, "month")
        return span
    return None


def _date_head(token: Token) -> int:
    """The verb a date phrase hangs from (the root when no verb is above it)."""
    chain = list(up(token))
    return next((t for t in chain if t.pos_ in {"VERB", "AUX"}), chain[-1]).i


def _sentence_dates(doc: Doc, anchor: date) -> dict[int, DateSpan]:
    """The date each sentence names, if any, by sentence start: the narrative's timeline."""
    found = {}
    for sent in doc.sents:
        for ent in sent.ents:
            if ent.label_ == "DATE" and (span := resolve(ent.text, anchor)):
                found[sent.start] = span
                break
    return found


def _context_date(sent: Span, anchor: date, context: dict[int, DateSpan]) -> DateSpan:
    """A sentence without a date of its own continues the one before it ("During the call,
    ...", "Following the summit, ..."): that date, known to the month."""
    starts = [s.start for s in sent.doc.sents]
    here = starts.index(sent.start)
    previous = starts[here - 1] if here else None
    if previous in context:
        if sent[0].lower_ == "then":  # "Then both nations issued statements": the same day, told next
            return context[previous]
        return DateSpan(context[previous].start.replace(day=1), None, "month")
    # No thread to follow: the article's month when the story it tells stays within one
    # month, else only its year ("the crash in August, the request in October, ...").
    months = {(d.start.year, d.start.month) for d in context.values() if d.start <= anchor and d.start.year == anchor.year}
    if len(months - {(anchor.year, anchor.month)}) == 0:
        return DateSpan(anchor.replace(day=1), None, "month")
    return DateSpan(anchor.replace(month=1, day=1), None, "year")


def _has_argument(noun: Token, cls: str = "") -> bool:
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


def _acting_for(participants: list[Participant], entities: EntityResult) -> list[Participant]:
    """A president, minister or spokesperson acts for a state: name the state too."""
    keys = {p.key for p in participants}
    added = [
        Participant(actor, p.role)
        for p in participants
        for actor in sorted(entities.acts_for.get(p.key, ()))
        if actor not in keys
    ]
    return participants + list(dict.fromkeys(added))


def _location(cls: str, clause: Token, mentions: list[Mention], entities: EntityResult, doc: Doc) -> str | None:
    """The place the event happened: a place introduced by 'in'/'at' in its clause."""
    best = None
    for m in mentions:
        root = _root(m, doc)
        kind = entities.type_of(m.key)
        prep = root.head.lower_ if root.dep_ == "pobj" else None
        if kind in PLACE_TYPES and prep in {"in", "at"}:
            if best is None or (kind == "Venue" and entities.type_of(best) != "Venue"):
                best = m.key
        elif best is None and cls == "Visit" and (prep == "to" or root.dep_ == "dobj") and kind in {"Country", "City", "Place"}:
            best = m.key
    return best
