"""Diplomatic events: a trigger from the lexicon, a clause that asserts it, the trigger's own
arguments as participants, a place, a date, and whether it happened or is planned.

A trigger is a predicate (a verb, or an event noun that a verb makes happen or that
carries its own actor); its class comes from the PLOVER-aligned lexicon
(data/triggers.jsonl) and its argument requirements ("needs") from the same file. An
event of a political class needs a political actor among its participants.
"""

from __future__ import annotations

from dataclasses import replace

from datetime import date

from spacy.tokens import Doc, Span, Token

from kg import vocab
from kg.model import Event, Participant
from kg.nlp import assertion
from kg.nlp.arguments import (
    Slot,
    argument_slots,
    attribution_tokens,
    befallen_or_related,
    mention_index,
    mentions_at,
    role_of,
    speech_verb,
    subject_tokens,
)
from kg.nlp.borders import border_class
from kg.nlp.countries import coordinated, home_country, place_index, place_of, places_as_parties, scene_country, settled_home
from kg.nlp.countries import unnamed_crowd
from kg.nlp.dates import sentence_dates, times_in
from kg.nlp.when import told_when
from kg.nlp.implied import (
    SPEAKERS_DO,
    acting_for,
    addressed,
    collective,
    demonym_of_a_thing,
    event_anaphor,
    mentioned_before,
    name_on_a_symbol,
    operation_of,
    pronoun_doer,
    protested_at,
    retold,
    sides,
    state_of_the_story,
    suspected,
    unaddressed_call,
)
from kg.nlp.lexicon import Lexicon, Trigger
from kg.nlp.mentions import EntityResult
from kg.nlp.merge import merge
from kg.nlp.needs import made_by, needs_met, to_people
from kg.nlp.political import is_political, talks_politics
from kg.nlp.quotes import quoted_tokens
from kg.nlp.shapes import Shape
from kg.nlp.speech import OBLIGATION_SOURCE, THREAT_SOURCE, of_own_side, quote_speaker, said_by, told_acts
from kg.nlp.tree import up

# Speech acts: whoever says them takes part, when the sentence names no other doer.
SPEECH_ACTS = {"Statement", "Support", "Request", "Accusation", "Rejection", "Threat", "Agreement", "Concession"}
# Classes whose events happen to the country where they happen.
PLACED = {"Assault", "Coercion", "Protest"}
# Classes that move forces: the state named on the troops moved is the one moving them.
MOVES = {"Retreat", "Mobilization"}
# Classes whose object may be an earlier event: "condemned the operation", "the move was criticised".
DIRECTED_AT_EVENTS = {"Accusation", "Rejection", "Support", "Request", "Threat", "Sanction"}
# Prepositions that set a reaction against the deed of the clause they hang in.
DESPITE = {"despite", "amid", "amidst"}
# Moves only an authority makes (PLOVER MOBILIZE: military or police), whoever else "dispatched a research ship".
BY_AUTHORITY = {"Mobilization"}
# Classes PLOVER says require a recipient (AID, SANCTION), or a partner (COOPERATE).
NEEDS_RECIPIENT = {"Aid", "Sanction"}
PARTNERED = {"Cooperation", "Consultation"}  # (with someone: "we spoke to many senior officers" names no one)


def extract_events(doc: Doc, entities: EntityResult, anchor: date, lexicon: Lexicon, shapes: list[Shape]) -> list[Event]:
    names = {i for m in entities.mentions for i in range(m.start, m.end)}
    # what can be an event at all (a predicate in a clause that asserts it) before the shapes run
    candidates = [(trigger, span) for trigger, span in _candidates(doc, lexicon)
                  if assertion.is_predicate(span.root, span, names, lexicon)]
    # "we will prosecute them", said the minister: a threat made in the saying, whatever the
    # threat's own mood, and not the prosecution it threatens
    threats = {span.root.i for trigger, span in candidates if trigger.source == THREAT_SOURCE}
    candidates = [(t, span) for t, span in candidates if t.source == THREAT_SOURCE or span.root.i not in threats]
    told = {span.root.i: _told(span.root, lexicon) for _, span in candidates}
    for i in threats:
        told[i] = (told[i][0], said_by(doc[i], lexicon), assertion.HAPPENED)
    candidates = [(trigger, span) for trigger, span in candidates if told[span.root.i][2] is not None]
    # "used water cannon and tear gas": a coordinated event noun takes its arguments where
    # its first conjunct stands
    stand_in = {span.root.i: _first_conjunct(span.root).i for _, span in candidates}
    heads = set(stand_in.values())
    slots = argument_slots(doc, shapes, heads, lexicon)
    by_token = mention_index(doc, entities, lexicon)
    places = place_index(doc, entities)
    starts = [s.start for s in doc.sents]
    sentences = {start: (n, starts[n - 1] if n else None) for n, start in enumerate(starts)}  # -> (index, previous start)
    timeline = sentence_dates(doc, anchor)
    found: list[Event] = []
    taken: set[int] = set()
    for trigger, span in candidates:
        head = span.root
        if head.i in taken:
            continue
        told_before = mentioned_before(trigger, span, found, lexicon)
        own = slots.get(stand_in[head.i], [])
        if told_before is not None and not any(s.name == "claimant" or s.name == "light_subject" and retold(s.token.head) for s in own):
            continue
        if not needs_met(trigger, doc[stand_in[head.i]], own, lexicon, entities, by_token):
            continue
        event = _event(trigger, span, told[head.i], own, entities, (by_token, places), anchor, lexicon, sentences, timeline, found)
        if event is not None and told_before is not None:
            # "ISIL claimed responsibility for all three attacks": the claimant made the attacks told before
            have = {p.key for p in told_before.participants}
            told_before.participants += [p for p in event.participants if p.key not in have and p.role == "initiator"]
        elif event is not None:
            taken.add(head.i)
            found.append(event)
    return merge(found)


def _how_said(head: Token, lexicon: Lexicon) -> Token | None:
    """"Italy said in a statement ...", "said at a press conference": the verb of saying
    whose form the speech noun tells. Its subject made the statement (a statement that
    announces another event of its sentence gives way to that event in merge.py)."""
    if head.dep_ == "pobj" and head.head.lower_ in {"in", "at", "during"} and head.head.head.lemma_ in lexicon["speech_verbs"]:
        return head.head.head
    return None


def _candidates(doc: Doc, lexicon: Lexicon) -> list[tuple[Trigger, Span]]:
    """Every trigger match and every act told in what someone says (speech.py), phrases
    before the single words inside them, in text order."""
    found = lexicon.find(doc) + told_acts(doc, lexicon)
    found.sort(key=lambda item: (item[1].start, -len(item[1]), bool(item[0].needs) is False))
    found = _of_events(found)
    kept, covered = [], set()
    for trigger, span in found:
        inside = {t.i for t in span}
        if len(span) == 1 and span.start in covered:
            continue
        kept.append((trigger, span))
        if len(span) > 1:
            covered |= inside
    return kept


def _of_events(found: list[tuple[Trigger, Span]]) -> list[tuple[Trigger, Span]]:
    """"statements of condemnation", "calls for a ceasefire": an event noun whose "of" phrase is
    another event noun is that event, told with the outer noun's arguments."""
    nouns = {span.root.i: trigger for trigger, span in found if trigger.kind == "noun"}
    inner = {}
    for trigger, span in found:
        head = span.root
        if trigger.kind != "noun" or trigger.cls not in {"Statement"}:
            continue
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.i in nouns:
                        inner[head.i] = nouns[obj.i]
                        inner[obj.i] = None
    out = []
    for trigger, span in found:
        i = span.root.i
        if i in inner and inner[i] is None and len(span) == 1:
            continue
        if inner.get(i) is not None:
            trigger = replace(inner[i], kind="noun", words=trigger.words, needs=())
        out.append((trigger, span))
    return out


def _first_conjunct(token: Token) -> Token:
    while token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "conj" and token.head.pos_ in {"NOUN", "PROPN"} and token.head.i != token.i:
        token = token.head
    return token


# -- one event --------------------------------------------------------------------------


def _told(head: Token, lexicon: Lexicon) -> tuple[Token, Token | None, str | None]:
    """The trigger's clause verb, the verb of saying it is told under, what the clause asserts."""
    verb = assertion.clause_verb(head)
    speech = speech_verb(verb, lexicon) or quote_speaker(verb)  # 'X responded: "I reject ..."'
    return verb, speech, assertion.status(head, lexicon, speech)


def _event(trigger: Trigger, span: Span, told, slots: list[Slot], entities: EntityResult, index, anchor: date,
           lexicon: Lexicon, sentences: dict[int, tuple[int, int | None]], timeline, earlier: list[Event]) -> Event | None:
    head, doc = span.root, span.doc
    by_token, places = index  # token -> actor mention, token -> place
    sent = head.sent
    verb, speech, state = told
    attribution = attribution_tokens(sent)
    roles: dict[str, str] = {}

    def add(mentions, role: str | None) -> None:
        for m in mentions:
            if role is None or m.start in attribution:
                continue
            if roles.get(m.key, "participant") == "participant":
                roles[m.key] = role

    for slot in slots:
        role = role_of(slot.name, trigger)
        if trigger.cls in MOVES and slot.name == "object" and slot.token.lemma_.lower() in lexicon["forces"]:
            role = "initiator"  # "withdrew US troops", "deployed Russian troops": whose forces move them
        add(mentions_at(slot.token, by_token, doc), role)
        for key in collective(slot.token, earlier, entities):
            roles.setdefault(key, role or "participant")
    for country, slot_name in places_as_parties(trigger.cls, slots, places, entities, by_token):
        roles.setdefault(country, role_of(slot_name, trigger) or "participant")
    if head.pos_ == "VERB" and not any(s.name in {"subject", "agent", "passive_subject"} for s in slots):
        # a verb without a subject of its own shares its head's: "was arrested and imprisoned"
        passive = any(c.dep_ == "auxpass" for c in head.children) or (  # (not "have broken with Trump and have urged him")
            head.tag_ == "VBN" and head.dep_ == "conj" and any(c.dep_ == "auxpass" for c in head.head.children))
        shared = subject_tokens(head)
        add(_mentions_in(shared, by_token), role_of("passive_subject" if passive else "subject", trigger))
        # ("Police arrived and shot him dead": an unnamed authority there uses force, as its own subject would)
        if head.dep_ == "conj" and trigger.cls in PLACED | MOVES:
            slots = slots + [Slot("passive_subject" if passive else "subject", doc[i]) for i in shared if doc[i].head.i not in shared]
    if (head.pos_ in {"NOUN", "PROPN"} and (not roles or role_of("subject", trigger) == "initiator" and "initiator" not in roles.values()) and verb.i != head.i and head.i not in subject_tokens(verb)
            and (vocab.event_roots()[trigger.cls] == "Consultation" or (verb.lemma_ in lexicon["light_verbs"] and made_by(head, verb, lexicon)))):
        # "travelled to attend the summit", "issued a series of pardons": a meeting, or an event
        # its verb makes happen, with no actor of its own has its verb's doers as participants.
        # Not others: who "referred to the riots" or "spoke at a rally" did neither.
        given = any(c.dep_ == "auxpass" for c in verb.children)  # "before being granted clemency": she received it
        add(_mentions_in(subject_tokens(verb), by_token), role_of("passive_subject" if given else "subject", trigger))
        objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
        objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"to", "with"} for g in c.children if g.dep_ == "pobj"]
        for token in objects:
            add(mentions_at(token, by_token, doc), "participant")
    if trigger.cls in DIRECTED_AT_EVENTS and "recipient" not in roles.values():
        for key in event_anaphor(head, slots, earlier, lexicon):
            roles.setdefault(key, "recipient")
        add(addressed(head, by_token, lexicon), "recipient")
    if "recipient" not in roles.values() and head.dep_ == "pobj" and (
            (trigger.cls in DIRECTED_AT_EVENTS and head.head.lower_ in DESPITE) or (trigger.cls == "Request" and head.head.lower_ in {"at", "upon", "per"})):
        # who acts despite criticism is its target ("Erdogan announced the change despite criticism
        # by Greece"), who acts at a request was asked ("at Iraq's request, U.S. troops returned")
        add(_mentions_in(subject_tokens(head.head.head), by_token), "recipient")
    if "initiator" not in roles.values():
        add(suspected(head, by_token) + operation_of(head, by_token), "initiator")  # "the suspect in a shooting"
    if trigger.cls == "Protest" and "recipient" not in roles.values():
        # "protested outside the White House", "rallied in front of the Russian embassy": the seat of power protested at
        add(protested_at(head, by_token, entities), "recipient")
    crowd = unnamed_crowd(slots, roles, lexicon, political=trigger.actors != "any")
    if crowd is not None:
        # "thousands of protesters marched", "police fired": an unnamed crowd or authority
        # stands for the country the text ties it to (where it happened, else the story's)
        whole = {t.i for t in sent}
        country = scene_country(place_of(trigger.cls, whole, entities, doc), whole, entities, doc)
        if country is None or country in roles:  # ("officers traveled to Canada": not Canada's officers)
            country = home_country(entities)
        if country is not None:  # ("sent officers to Portland": whose officers they are sends them)
            roles.setdefault(country, "initiator" if trigger.cls in MOVES and crowd == "object" else role_of(crowd, trigger) or "participant")
    if speech is not None and "initiator" not in roles.values() and pronoun_doer(slots):
        # "Lam announced that her government will withdraw the bill": the speaker is the doer
        add(_mentions_in(subject_tokens(speech), by_token), "initiator" if role_of("subject", trigger) == "initiator" else "participant")
    # a passive without its agent: "337 users were arrested", "the officers' lives were threatened"
    undergone = any(s.name == "passive_subject" for s in slots) and not any(s.name == "agent" for s in slots)
    if speech is not None and trigger.cls in SPEAKERS_DO and "initiator" not in roles.values() and undergone:
        # "authorities in the UK announced that 337 users were arrested": who tells of an arrest with no agent made it;
        # a person who tells of it ("prosecutor Remy Heitz said the wife was taken into custody"), the state he serves
        tellers = _mentions_in(subject_tokens(speech), by_token)
        served = {m.key: [p.key for p in acting_for([Participant(m.key, "initiator")], entities, settled_home(entities))[1:]]
                  for m in tellers if entities.type_of(m.key) == "Person"}
        add([m for m in tellers if not served.get(m.key)], "initiator")
        for key in (k for keys in served.values() for k in keys):
            roles[key] = "initiator"  # ("71 people were arrested": the state's people, the state arrests)
    if trigger.cls in SPEECH_ACTS and speech is not None and "initiator" not in roles.values() and not undergone:
        # (a threat told in the passive was someone else's, not the speaker's)
        add(_mentions_in(subject_tokens(speech), by_token), role_of("speaker", trigger))
    elif speech is not None:
        # "the President announced US troops would leave": who speaks for the doer is its author
        doers = {k for k, r in roles.items() if r == "initiator"}
        add([m for m in _mentions_in(subject_tokens(speech), by_token) if entities.acts_for.get(m.key, set()) & doers], "initiator")
    if trigger.cls == "Statement" and not roles and (said := _how_said(head, lexicon)) is not None:
        add(_mentions_in(subject_tokens(said), by_token), role_of("speaker", trigger))
    scope = _clause_scope(verb, lexicon) | ({t.i for t in head.subtree} if head.i != verb.i else set())
    # of its own arguments; or an act only an office can do: who pardons or vetoes acts in one
    # (a visit is political by its visitor or its host, not by the country visited: "I went to Syria" as a child)
    political = head.lemma_.lower() in lexicon["office_acts"] or any(
        is_political(key, entities, lexicon) for key, role in roles.items()
        if not (trigger.cls == "Visit" and role == "recipient" and entities.type_of(key) == "Country"))
    if len(roles) == 1:
        # one named side: the clause's other actors are the likeliest other side ("withdrew
        # the US from a treaty with Iran" names Iran only inside a phrase of the object)
        # (not in a phrase of time, "Following the announcement of Biden's win, Trump issued a
        # statement"; nor in a clause of its own, "In a briefing that included Gavin Newsom")
        people = lexicon["authority_nouns"] | lexicon["collective_nouns"] | lexicon["forces"] | lexicon["political_words"]
        when = {t.i for c in verb.children if c.dep_ == "prep" and c.lower_ in lexicon["time_preps"] for t in c.subtree}
        when |= {t.i for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "at", "during"}
                 for p in c.children if p.dep_ == "pobj" for r in p.children if r.dep_ in {"relcl", "acl"} for t in r.subtree}
        if head.dep_ == "dobj" and head.head.i == verb.i and any(t.cls in DIRECTED_AT_EVENTS for t in lexicon.verb_triggers(verb.lemma_)):
            when |= scope - {t.i for t in head.subtree}  # ("criticized Trump's refusal to debate": the critic refused nothing)
        if head.i not in (quoted := quoted_tokens(sent)):  # (nor in words it quotes: "declared it 'Australia's most boring by-election'")
            when |= quoted
        add([m for i, m in sorted(by_token.items()) if i in scope - when and i not in attribution and m.start == i
             and not demonym_of_a_thing(doc[i], people) and not befallen_or_related(doc[i])
             and not name_on_a_symbol(doc[m.start:m.end], lexicon)], "participant")
    if not political and any(entities.type_of(k) == "Person" for k in roles):
        political = talks_politics(sent, lexicon)
    if not roles and trigger.cls in PLACED and head.lemma_ != "rally" and (
            country := scene_country(place_of(trigger.cls, scope, entities, doc), scope, entities, doc)):
        # "protests continue in Baghdad", "nine men were jailed in Bradford": the country they happen in (not a campaign rally)
        roles[country] = "participant" if trigger.cls == "Protest" else "recipient"
    if trigger.cls == "Request" and "recipient" not in roles.values() and unaddressed_call(roles, entities):
        roles[home_country(entities)] = "recipient"
    elif not roles and speech is None and (implied := state_of_the_story(
            trigger.cls, head, slots, entities, lexicon, lambda: scene_country(place_of(trigger.cls, scope, entities, doc), scope, entities, doc))):
        roles[implied[0]], political = implied[1], True
    if not roles or ((trigger.actors == "political" or trigger.cls in BY_AUTHORITY) and not political):
        return None
    if trigger.cls == "Statement" and "initiator" not in roles.values():
        return None  # a statement no one is named making ("announced on Twitter the FAA would investigate")
    if trigger.source == OBLIGATION_SOURCE and of_own_side(head, entities, by_token):
        return None
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ != "nsubj" and head.head.lemma_ in lexicon["receiving_verbs"]:
        # "received support from X", "faced sanctions": the subject undergoes the event, X gives it
        givers = {m.key for s in slots if s.name in {"from", "by"} for m in mentions_at(s.token, by_token, doc)}
        givers |= {m.key for c in head.head.children if c.dep_ == "prep" and c.lower_ == "from"
                   for g in c.children if g.dep_ == "pobj" for m in mentions_at(g, by_token, doc)}
        roles = {k: ("initiator" if k in givers else "recipient" if r == "initiator" else r) for k, r in roles.items()}
    doers = {entities.type_of(k) for k, r in roles.items() if r == "initiator"}
    cls = border_class(trigger.cls, head, scope, doers, lexicon) if state != assertion.REFUSED else "Rejection"
    if cls is None:
        return None
    if cls in NEEDS_RECIPIENT and set(roles.values()) == {"initiator"} and not to_people(slots, lexicon) or cls in PARTNERED and len(roles) < 2:
        return None  # aid and sanctions go to someone, cooperation is with someone (PLOVER: recipient required)
    if cls == "Meeting" and head.lemma_ in {"meet", "convene"} and not any(s.name in {"object", "with", "between"} for s in slots) and len(
            sides(roles, entities)) < 2 and not any(entities.type_of(k) == "InternationalOrganization" for k in roles):
        return None  # a meeting is with someone: "The Senate was to meet Monday" is a sitting ("G7 met": its members)
    if cls == "Aid" and "initiator" not in roles.values():
        return None  # aid is given by someone: "was then airlifted to hospital" names no giver
    if (cls == "Agreement" and head.lemma_ in lexicon["promise_verbs"] | {"commit"} and len(sides(roles, entities)) < 2
            and not any(t.lemma_.lower() in lexicon["people"] - {"people"} for t in head.subtree)):
        # "Erdogan pledged converting Hagia Sophia": a promise of one's own deed agrees with no one
        # (PLOVER AGREE: to cooperate; a promise of aid to people, "each victim will get a payout",
        # does; a pledge to "people" at large is a campaign's)
        return None
    if trigger.cls == "Accusation" and cls == "Assault":  # the one blamed for the attack made it
        roles = {k: ("initiator" if r == "recipient" else r) for k, r in roles.items()}
    state = assertion.HAPPENED if state == assertion.REFUSED else state
    if role_of("subject", trigger) == "participant" and role_of("subject", retold := replace(trigger, cls=cls)) != "participant":
        # across a border to a directed class ("vowed to retaliate against the US"): roles as it reads its slots
        for slot in slots:
            for m in mentions_at(slot.token, by_token, doc):
                roles[m.key] = role_of(slot.name, retold) or roles.get(m.key, "participant")
    place = place_of(cls, scope, entities, doc)
    if cls in PLACED and (country := scene_country(place, scope, entities, doc)) is not None:
        # violence, repression and protest happen to a country: the one they happen in takes part,
        # and those named with it ("arrests were made in Australia, Brazil and Canada")
        for key in [country] + coordinated(country, scope, entities, doc):
            roles.setdefault(key, "participant" if cls == "Protest" else "recipient")
    participants = acting_for([Participant(key, role) for key, role in roles.items()], entities, settled_home(entities))
    index, previous = sentences.get(sent.start, (0, None))
    when = told_when(head, verb, speech, attribution, scope, state == assertion.PLANNED, anchor, timeline, previous, lexicon)
    if when.start > anchor:
        state = assertion.PLANNED
    has_own_date = any(e.label_ == "DATE" and e.root.i in scope for e in times_in(sent))
    confidence = 0.5 + 0.1 * min(len(roles), 2) + (0.1 if has_own_date else 0.0) + (0.1 if head.pos_ == "VERB" else 0.0)
    return Event(
        cls=cls,
        participants=participants,
        date=when.start,
        end_date=when.end,
        date_precision=when.precision,
        location=place,
        evidence=sent.text.strip(),
        trigger=span.text,
        confidence=round(min(confidence, 0.95), 2),
        status=state,
        sentence=index,
    )


def _mentions_in(tokens: set[int], by_token) -> list:
    return list(dict.fromkeys(by_token[i] for i in sorted(tokens) if i in by_token))


def _clause_scope(clause: Token, lexicon: Lexicon) -> set[int]:
    """The clause without the clauses hung on it ("..., after Turkey began an offensive";
    "... and spoke with Pompeo"): those are events of their own."""
    scope = {clause.i}
    for child in clause.children:
        temporal = child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lexicon["temporal_marks"] for c in child.children)
        if temporal or child.dep_ == "relcl" or (child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}):
            continue
        scope |= {t.i for t in child.subtree}
    return scope
