"""Diplomatic events from trigger words and the dependency parse.

A trigger (a verb such as "met", a noun such as "summit", a phrase such as
"telephone conversation") names the event class; the clause it sits in supplies
the participants (with roles where the parse shows a direction), the place, the
date, and the tense that separates what happened from what is planned.
"""

from __future__ import annotations

from datetime import date

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from kg import vocab
from kg.model import Event
from kg.nlp.arguments import (
    SPEECH_VERBS,
    acting_for,
    addressee_tokens,
    attributed_saying,
    attribution_tokens,
    clause_scope,
    collective,
    event_anaphor,
    governing_verb,
    has_argument,
    is_future,
    mention_root,
    negated,
    participants_of,
    place_of,
    speech_verb,
    subject_tokens,
)
from kg.nlp.dates import context_date, event_date, sentence_dates
from kg.nlp.mentions import ACTOR_TYPES, EntityResult

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
FREE_NOUN_CLASSES = {"Meeting", "Summit", "PhoneCall", "Visit", "Statement"}
# Verbs that are an event only with the right kind of subject: an army entering a town.
MILITARY_ONLY = {"enter", "cross"}
REFUSALS = {"refuse", "decline", "fail", "reject"}
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
# "During the meeting, ...", "Following the summit, ...": a look back at an event
# told elsewhere, not a new one.
BACK_REFERENCE_PREPS = {"during", "after", "following", "before", "since", "at", "on"}


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
    context = sentence_dates(doc, anchor)
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
    verb = governing_verb(head)
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
                and vocab.event_roots()[other.cls] == vocab.event_roots()[event.cls]
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


def _event(cls: str, trigger: Span, entities: EntityResult, anchor: date, sentences: dict[int, int], context,
           earlier: list[Event]) -> Event | None:
    head = trigger.root
    verb = governing_verb(head)
    if cls not in FREE_NOUN_CLASSES and head.pos_ != "VERB" and (verb is None or verb.lemma_ not in LIGHT_VERBS) \
            and not has_argument(head, cls):
        return None
    if negated(head) or (verb is not None and negated(verb)):
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
        head.dep_ in {"nsubj", "attr"} or not has_argument(head)
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
    scope = clause_scope(clause) if verb is not None or head.pos_ == "VERB" else set(range(sent.start, sent.end))
    scope |= {t.i for t in head.subtree}
    subject = subject_tokens(clause)
    said = speech_verb(clause)
    speaker = subject_tokens(said) if said is not None else set()
    if cls not in SPEECH_ACTS and any(m.start <= t < m.end for t in subject for m in entities.mentions):
        speaker = set()  # "Ruto will visit Washington, the White House announced": Ruto visits
    scope |= subject | speaker | addressee_tokens(clause)
    attribution = attribution_tokens(sent)
    scope -= attribution
    in_scope = [m for m in entities.mentions if sent.start <= m.start < sent.end and mention_root(m, doc).i in scope]
    actors = [m for m in in_scope if entities.type_of(m.key) in ACTOR_TYPES]
    if head.lemma_ in MILITARY_ONLY and not any(
        entities.type_of(m.key) == "MilitaryUnit" and mention_root(m, doc).i in subject for m in actors
    ):
        return None  # "the delegation entered the hall" is no mobilisation; "the Syrian Army entered Ain Issa" is
    if cls == "Assault" and head.pos_ == "VERB" and any(
        entities.type_of(m.key) == "Person" and mention_root(m, doc).i in subject for m in actors
    ):
        cls = "Accusation"  # people attack decisions with words; states and armies with weapons
    participants = participants_of(cls, clause, actors, doc, subject | speaker)
    participants += collective(scope, doc, earlier, {p.key for p in participants}, entities)
    participants += event_anaphor(clause, earlier, {p.key for p in participants})
    if not participants:
        return None
    if len(participants) == 1 and participants[0].role != "initiator" and participants[0].key not in {
        m.key for m in actors if mention_root(m, doc).i in subject | speaker
    }:
        return None  # "a summit in India": a lone actor that is not doing anything is not a participant
    participants = acting_for(participants, entities)
    future = is_future(head)
    own_tokens = {clause.i, head.i} | {t.i for t in head.subtree if head.pos_ != "VERB"}
    if said is not None or clause.lemma_ in SPEECH_VERBS:
        # "Late on Sunday, the SDF announced it had entered an agreement": told and done
        # are one date as far as the text lets us know.
        speech = said if said is not None else clause
        heads = [speech, *(c for c in speech.children if c.dep_ in {"ccomp", "parataxis"})]
        own_tokens |= {speech.i} | {c.i for h in heads for c in h.children if c.dep_ == "advcl"}
    own_tokens |= attributed_saying(doc, attribution)
    own = event_date(sent, scope, anchor, future, own_tokens)
    when = own or context_date(sent, anchor, context)
    status = "planned" if future or when.start > anchor else "happened"
    location = place_of(cls, clause, in_scope, entities, doc)
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
