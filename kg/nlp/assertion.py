"""Does the text say the event happened (or is scheduled)? Questions, conditions, negations,
hypothetical modals, hopes and attempts, cancellations and generic present-tense rules are
not events; future tense and "scheduled to" make a planned one.

Every check is a rule of English, not of any document: the words it reads are the lists in
data/words.json.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp.dates import times_in
from kg.nlp.lexicon import Lexicon
from kg.nlp.titles import is_title_word
from kg.nlp.tree import is_root, up
from kg.nlp.when import came_first

HAPPENED, PLANNED = "happened", "planned"
# Verbs whose first-person "would" performs the act ("I would urge", "we would ask").
PERFORMATIVES = {"urge", "ask", "encourage", "invite", "appeal", "implore", "remind", "advise", "request", "thank"}
# Verbs whose first-person simple present performs the act in the saying ("We appreciate the
# army's swift response", "I condemn this attack"): no habit, whether or not "said" follows.
SAID_NOW = PERFORMATIVES | {"appreciate", "welcome", "condemn", "congratulate", "commend", "salute", "praise",
                            "deplore", "denounce", "reject", "apologize", "apologise", "demand", "call"}
REFUSED = "refused"  # "did not accede to the demands": a concession not made is a rejection made
# "scheduled to meet", "set to sign", "due to visit": the event is planned, not hoped for.
SCHEDULING = {"schedule", "set", "due", "expect", "slate", "poise", "plan", "intend"}


def is_predicate(head: Token, span: Span, names: set[int], lexicon: Lexicon) -> bool:
    """A trigger that states something: not a word inside a name ("Shanghai Cooperation
    Organisation"), not a modifier of another noun ("talk show", "appeals court"), not an
    adjective-like participle ("alleged ties", "the banned party", "remains committed")."""
    if any(t.i in names for t in span) or (len(span) == 1 and head.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}):
        return False  # a word inside a name, or "March" the month (not "a minute of silence", a phrase NER read as a time)
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"compound", "amod", "nmod", "poss"} and len(span) == 1:
        return False
    if (head.tag_ == "NNP" and head.is_title and head.i > head.sent.start and head.lower_ not in lexicon["gatherings"]
            and any(c.dep_ == "compound" and c.tag_ == "NNP" for c in head.children)):
        # "re-entering the Paris Climate Accord": the last word of a name NER did not see names a
        # document, no act (a named summit, "the G20 Summit", is a gathering that took place)
        return False
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ == "pobj" and head.head.lower_ in {"for", "of"} and is_title_word(head.head.head.lower_):
        return False  # "the special envoy for Ukraine negotiations", "minister of trade": part of an office's name
    if (head.pos_ == "NOUN" and head.dep_ == "pobj" and head.head.lower_ == "in" and head.lemma_.lower() in lexicon["manner_nouns"]
            and not any(c.dep_ in {"det", "poss", "amod"} for c in head.children)):
        return False  # "resigned in protest", "fired in retaliation": why another act was done, no act of its own
    if head.tag_ == "VBN" and head.dep_ == "acomp" and head.head.lemma_ in {"remain", "stay", "seem", "appear", "become"}:
        return False  # "remains fully committed to the campaign": a state, not a deed
    return not (head.pos_ == "VERB" and head.dep_ in {"amod", "compound"})


def clause_verb(head: Token) -> Token:
    """The verb whose clause the trigger is asserted in: itself, or the verb of a noun."""
    if head.pos_ in {"VERB", "AUX"}:
        return head
    return next((t for t in up(head) if t.pos_ in {"VERB", "AUX"}), head)


def status(head: Token, lexicon: Lexicon, speech: Token | None) -> str | None:
    """HAPPENED, PLANNED, REFUSED (a yielding verb plainly negated), or None when the sentence
    does not assert the event."""
    sent = head.sent
    verb = clause_verb(head)
    if _question(sent) or _conditional(head, lexicon) or _cancelled(head, verb, lexicon) or _asked_about(head):
        return None
    if _negated(head, verb, lexicon):
        # "did not accede"; not "could not agree" (unable) nor "has not yet conceded" (pending)
        plain = head.pos_ == "VERB" and any(c.dep_ == "neg" for c in head.children) and not any(
            c.lower_ in {"yet", "still", "can", "could", "ca"} for c in head.children)
        return REFUSED if plain and head.lemma_ in lexicon["yielding_verbs"] else None
    if _left_out(head) or _polled(verb) or _result(verb):
        return None
    if verb.dep_ == "relcl" and any(c.dep_ == "det" and c.lower_ in {"any", "no"} for c in verb.head.children):
        return None  # "to name any groups who endorsed Biden": whoever did, no one told as doing it
    first = next(t for t in up(verb) if t.dep_ != "conj" or is_root(t))  # "want him to resign or be impeached"
    if (_definition(head) or _purpose(verb) or _purpose(first) or _intended(verb, lexicon) or _terms_of_agreement(verb, lexicon)
            or _unreal(head, lexicon) or _charged(verb, lexicon) or _rule_does(verb, lexicon) or _hearsay(verb, lexicon)):
        return None
    if came_first(head):
        return HAPPENED  # "a by-election is scheduled following the resignation of the MP": it was before
    if any(t.lemma_ == "forward" or any(c.lemma_ == "forward" and c.dep_ in {"advmod", "prt"} for c in t.children) for t in _own_clause_up(head)):
        return PLANNED  # "looking forward to welcoming" (not "urged him to move forward ..., such as Christie, who denounced")
    if (head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"dobj", "pobj"} and verb.lemma_ in lexicon["irrealis_governors"]
            and head.lemma_.lower() not in lexicon["voiced_nouns"]):
        return None  # "called for talks", "sought a ceasefire", "proposed a summit"; "vowed support" is support given
    if first.dep_ == "ccomp" and first.head.lemma_ in lexicon["irrealis_governors"] and first.head.lemma_ not in lexicon["speech_verbs"]:
        return None  # "requested that butterflies be given protection", "agreed that it would"
    governor = _governor(verb)
    if governor is not None:
        if governor.lemma_ in SCHEDULING:
            return PLANNED
        if governor.lemma_ in lexicon["irrealis_governors"]:
            return None  # "agreed to meet", "called for Iran to release", "hopes to visit": not (yet) done
        if governor.lemma_ == "have" and governor.tag_ in {"VBP", "VBZ"}:
            return None  # "I have to fight against it": a duty, not a deed ("had to resign" was done)
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"} | _modals_above(verb, lexicon)
    if modals & {"will", "shall", "'ll", "wo"}:
        return PLANNED
    hedge = {"would"} | ({"can", "must"} if verb.lemma_ in {"say", "tell"} else set())
    if modals & hedge and verb.lemma_ in lexicon["speech_verbs"] | PERFORMATIVES and any(
            c.dep_ == "nsubj" and c.lower_ in {"i", "we"} for c in verb.children):
        # "I would urge anyone with information to call", "we can say that it is a stab in the
        # back", "I must say": a hedged saying is made in the saying ("I can comment" is able to)
        return HAPPENED
    if modals & {"would"}:
        # "said he would visit Japan": a plan told in reported speech; a bare "would" is hypothetical
        return PLANNED if speech is not None else None
    if modals & lexicon["hypothetical_modals"]:
        return None
    if _be_to(verb):
        return PLANNED
    if head.pos_ in {"NOUN", "PROPN"} and any(c.lemma_ in {"possible", "potential", "likely", "alleged", "rumoured", "rumored", "hypothetical"} for c in head.children):
        return None
    if head.pos_ in {"NOUN", "PROPN"} and any(c.lemma_ in {"upcoming", "planned", "future", "next", "proposed", "imminent", "forthcoming"} for c in head.children):
        return PLANNED
    if _generic(verb, speech):
        return None
    return HAPPENED


def _own_clause_up(token: Token):
    """The token and its heads up to the head of the relative clause it is in."""
    for t in up(token):
        yield t
        if t.dep_ in {"relcl", "acl"}:
            return


def _result(verb: Token) -> bool:
    """"sought the nomination, thereby denying ballot access to the ticket": what an act brought
    about, told as its consequence, is no act of its own."""
    return verb.tag_ == "VBG" and any(c.dep_ == "advmod" and c.lower_ in {"thereby", "thus"} for c in verb.children)


MOTION = {"travel", "go", "come", "fly", "arrive", "head", "return", "visit", "meet", "gather"}


def _purpose(verb: Token) -> bool:
    """"a park with statues to honor US figures", "paid bounties to kill soldiers": an
    infinitive that says what something is for tells no happening. Going somewhere to do a
    thing ("travelled to Russia to attend the summit") is told as done."""
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return False
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        # not after an ordinal or a superlative: "the third President to be impeached" was impeached
        return not any(c.ent_type_ == "ORDINAL" or c.tag_ == "JJS" or c.lower_ in {"only", "last", "next"} for c in verb.head.children)
    return verb.dep_ == "advcl" and verb.head.lemma_ not in MOTION


def _polled(verb: Token) -> bool:
    """"57 percent of the U.S. public opposes expanding the court": a percentage of a
    population holding a view is a poll's finding, no one's act (a majority of a chamber
    voting is the chamber's)."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.ent_type_ == "PERCENT" and any(p.lower_ == "of" for p in c.children)
               for c in verb.children)


def _left_out(head: Token) -> bool:
    """"the Afghan government shut out of peace talks", "was excluded from the summit": an
    event someone is kept out of is not told as theirs."""
    prep = head.head
    return head.dep_ == "pobj" and ((prep.lower_ == "of" and prep.head.lower_ == "out")
                                    or (prep.lower_ == "from" and prep.head.lemma_ in {"exclude", "bar", "ban", "omit"}))


def _intended(verb: Token, lexicon: Lexicon) -> bool:
    """"the UK's efforts on leaving the EU", "the prospect of meeting Kim": a gerund after a
    noun of intent or possibility tells what is sought, not what was done."""
    prep = verb.head
    return (verb.tag_ == "VBG" and verb.dep_ == "pcomp" and prep.dep_ == "prep"
            and bool({prep.head.lemma_.lower(), prep.head.lower_} & lexicon["intent_nouns"]))


def _terms_of_agreement(verb: Token, lexicon: Lexicon) -> bool:
    """"a deal it brokered to normalize relations", "the Accords that normalized relations":
    what a clause on an agreement says is the agreement's terms, coded with it (PLOVER AGREE),
    no deed of its own; not what is done to it ("a treaty which had been agreed under Obama",
    "deals the administration brokered", "a pact signed in 2015": the verb's object is the noun)."""
    for token in up(verb):
        if token.dep_ not in {"xcomp", "acl", "relcl"}:
            return False
        if token.head.pos_ in {"NOUN", "PROPN"}:
            objects = [c for c in token.children if c.dep_ in {"nsubjpass", "dobj"}]
            if token.i == verb.i and (not objects or any(c.tag_ in {"WDT", "WP"} for c in objects)):
                return False
            return bool({token.head.lemma_.lower(), token.head.lower_.removesuffix("s")} & lexicon["agreements"])
    return False


def _modals_above(verb: Token, lexicon: Lexicon) -> set[str]:
    """Modals of the clauses the verb's clause depends on ("would allow him to allocate"),
    up to a verb of saying, whose report stands on its own."""
    found: set[str] = set()
    token = verb
    for _ in range(len(verb.sent)):
        if token.dep_ not in {"xcomp", "ccomp", "advcl", "conj"} or token.head.i == token.i:
            break
        if token.dep_ == "conj" and token.tag_ in {"VBD", "VBZ", "VBP"}:
            break  # "would have faced impeachment but resigned": a conjunct with its own tense has its own mood
        token = token.head
        if token.lemma_ in lexicon["speech_verbs"]:
            break
        found |= {c.lower_ for c in token.children if c.dep_ == "aux" and c.tag_ == "MD"}
    return found


def _governor(verb: Token) -> Token | None:
    """The verb an infinitive depends on: "agreed" for "agreed to meet", "called" for "called
    for Iran to release"."""
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ == "on" and verb.head.head.pos_ == "VERB":
        return verb.head.head  # "plans on leaving the EU", "counting on winning"
    if verb.tag_ == "VBG" and verb.dep_ == "conj":
        # "likes dropping bombs on people, and killing them": the second -ing is the liking's too,
        # whether the parser joins it to the first or to the verb above
        if verb.head.tag_ == "VBG" and verb.head.dep_ == "xcomp":
            return _governor(verb.head)
        if any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in verb.head.children):
            return verb.head
    infinitive = verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    if not infinitive or verb.head.i == verb.i:
        return None
    return next((t for t in up(verb.head) if t.pos_ in {"VERB", "AUX"}), None)


def _question(sent: Span) -> bool:
    return sent.text.rstrip().rstrip("\"'”’)").rstrip().endswith("?")


def _negated(head: Token, verb: Token, lexicon: Lexicon) -> bool:
    negators = lexicon["negators"]
    if head.dep_ == "pobj" and head.head.lower_ in lexicon["back_reference_preps"] and head.head.head.i == verb.i:
        verb = head  # "were unable to question him about the attack": what is asked about still happened
    shared = verb.head if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(
        c.dep_ in {"nsubj", "aux", "neg"} for c in verb.children) and any(
        c.dep_ == "cc" and c.lower_ in {"or", "nor"} for c in verb.head.children) else verb  # "did not concede or admit defeat"
    for token in {head, verb, shared}:
        if any(c.dep_ == "neg" or (c.dep_ in {"det", "advmod", "preconj"} and c.lower_ in negators) for c in token.children):
            return True
    # "without meeting", "failed to agree", "has yet to concede", "were unable to question him"
    if verb.dep_ in {"pcomp", "xcomp"} and (verb.head.lower_ in {"without", *lexicon["inability"]} or verb.head.lemma_ in lexicon["refusal_verbs"]):
        return True
    if verb.dep_ == "xcomp" and any(c.lower_ == "yet" for c in verb.head.children):
        return True
    return False


WH_WORDS = {"whether", "how", "why", "what", "who", "whom", "which", "when", "where"}


def _asked_about(head: Token) -> bool:
    """"questions remain how much Iranian assistance is received", "asked whether Iran had
    attacked": a clause opened by a question word is what someone asks or does not know."""
    for token in up(head):
        if token.dep_ in {"ccomp", "csubj", "acl", "advcl"} and token.pos_ in {"VERB", "AUX"}:
            opening = [t for t in token.subtree if t.i < token.i]
            asking = WH_WORDS if token.dep_ in {"ccomp", "csubj"} else {"whether", "how"}  # "left when he arrived" tells a time
            # "..., who headed the campaign": a relative "who" the parser took for a question word
            return bool(opening) and opening[0].lower_ in asking and opening[0].dep_ not in {"nsubj", "nsubjpass"}
    return False


def _conditional(head: Token, lexicon: Lexicon) -> bool:
    """Under "if", "unless", "whether" anywhere up the clause chain."""
    marks = lexicon["conditional_marks"]
    for token in up(head):
        if token.dep_ in {"advcl", "ccomp"} and any(c.dep_ == "mark" and c.lower_ in marks for c in token.children):
            return True
    return False


# Verbs whose "from" or "out of" leaves an agreement or a body: what is left is not made now.
LEAVING = {"withdraw", "pull", "exit", "quit", "leave"}


def _cancelled(head: Token, verb: Token, lexicon: Lexicon) -> bool:
    """"the summit was cancelled", "called off the talks", "postponed the visit"."""
    cancel = lexicon["cancel_verbs"]
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"dobj", "nsubjpass"} and head.head.lemma_ in cancel:
        return head.head.lemma_ != "call" or any(c.lower_ == "off" for c in head.head.children)
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ == "pobj" and head.head.lower_ in {"from", "of"} and (
            head.head.head.lemma_ in LEAVING or head.head.head.head.lemma_ in LEAVING):
        return True  # "withdrew the US from a treaty with Iran", "pulled out of the deal": the treaty is ended, not made
    # "the planned trip to Warsaw, which was cancelled": the parser hangs the relative clause on the nearest noun
    return head.pos_ in {"NOUN", "PROPN"} and (any(c.dep_ in {"acl", "amod"} and c.lemma_ in cancel for c in head.children)
                                               or any(t.dep_ == "relcl" and t.lemma_ in cancel for t in head.subtree))


def _definition(head: Token) -> bool:
    """"The Working Group is a forum created to progress cooperation": what a thing is for,
    stated in the present, is no happening; nor is the subject of such a definition; nor an
    act named as the subject of a clause ("executing Fields would not bring her back")."""
    if head.tag_ == "VBG" and head.dep_ == "csubj":
        return True
    for token in up(head):
        if token.lemma_ == "be" and token.tag_ in {"VBZ", "VBP"} and any(c.dep_ == "attr" for c in token.children):
            return token.i != head.i and (head.dep_ == "nsubj" and head.head.i == token.i or any(
                t.dep_ == "attr" and t.head.i == token.i for t in up(head)))
    return False


def _rule_does(verb: Token, lexicon: Lexicon) -> bool:
    """"The directive provides liability protections", "the law has condemned many women": what
    a standing rule does, in the present or the present perfect, is its content, no one's act
    (words.json "standing_rules"; "the resolution condemned" in the past is its adoption)."""
    present = verb.tag_ in {"VBZ", "VBP"} or (verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in {"VBZ", "VBP"} for c in verb.children))
    return present and any(c.dep_ == "nsubj" and c.lemma_.lower() in lexicon["standing_rules"] for c in verb.children)


def _unreal(head: Token, lexicon: Lexicon) -> bool:
    """"an imminent incursion", "a possible attack": an event noun its adjective says has
    not happened (an "upcoming" or "planned" one is scheduled, and stays)."""
    return head.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "amod" and c.lower_ in lexicon["unreal_modifiers"] for c in head.children)


def _hearsay(verb: Token, lexicon: Lexicon) -> bool:
    """"after an allegation he assaulted his ex-wife", "reports that troops attacked the
    village": what a claim or a report says is its content, not told as done. A relative
    clause on such a noun is told ("the claim he made"): it has a relative word, or no object.
    (The parser may hang the clause on the verb before the noun: it still follows the noun.)"""
    before = verb.doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else verb
    noun = verb.head if verb.dep_ in {"relcl", "acl", "ccomp"} else before if verb.dep_ == "advcl" else None
    if noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in lexicon["hearsay_nouns"]:
        return False
    if any(c.tag_ in {"WDT", "WP"} for c in verb.children):
        return False
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children) or any(c.dep_ == "dobj" for c in verb.children)


def _charged(verb: Token, lexicon: Lexicon) -> bool:
    """"accused Avenatti of threatening Nike", "charged with attacking a guard": what someone is
    accused of is alleged, not told as done (the accusation is the event)."""
    if verb.tag_ != "VBG":
        return False
    if verb.dep_ == "advcl" and verb.head.lemma_.lower() in lexicon["accusing_verbs"]:
        # "accused X of trying to pressure Nike, threatening to ...": the parser hangs the second charge on the verb
        return any(c.dep_ == "prep" and c.lower_ in {"of", "with"} and any(g.dep_ == "pcomp" for g in c.children)
                   for c in verb.head.children)
    if verb.dep_ != "pcomp" or verb.head.lower_ not in {"of", "with", "for"}:
        return False
    governor = verb.head.head
    if governor.lemma_ in {"try", "attempt"} and governor.dep_ == "pcomp":  # "accused of trying to pressure, threatening"
        governor = governor.head.head
    return governor.lemma_.lower() in lexicon["accusing_verbs"]


def _be_to(verb: Token) -> bool:
    """"is to step down", "was to have given": an arrangement, not a hope."""
    return verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _generic(verb: Token, speech: Token | None) -> bool:
    """A simple present with no time in its sentence states a rule or a habit ("guidelines
    call for 2%", "the court hears appeals"), and so does a present passive ("the PKK is
    banned in Turkey"): a state, not a happening; reported speech keeps it."""
    if verb.tag_ in {"VBZ", "VBP"} and any(t.lower_ in {"every", "each"} and t.head.ent_type_ in {"DATE", "TIME"} for t in verb.subtree):
        return True  # "We meet the consul every Monday": a habit, said or not
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    present = verb.tag_ in {"VBZ", "VBP"} or (verb.tag_ == "VBN" and [a.tag_ for a in auxiliaries] in (["VBZ"], ["VBP"]))
    if present and verb.dep_ == "advcl" and any(c.lower_ in {"when", "whenever"} and c.dep_ in {"advmod", "mark"} for c in verb.children):
        return True  # "those who remain silent when a mosque is attacked": whenever it is, said or not
    if speech is not None:
        return False
    if verb.lemma_ in SAID_NOW and any(c.dep_ == "nsubj" and c.lower_ in {"i", "we"} for c in verb.children):
        return False
    present_passive = (verb.tag_ == "VBN" and len(auxiliaries) == 1 and auxiliaries[0].dep_ == "auxpass"
                       and auxiliaries[0].tag_ in {"VBZ", "VBP"})
    if not present_passive and (verb.tag_ not in {"VBZ", "VBP"} or auxiliaries):
        return False
    if _news_present(verb):
        return False
    if verb.dep_ == "advcl" and verb.head.tag_ in {"VBD", "VBN"}:
        return False  # "This took place as protests continue in Baghdad": the present of the story's moment
    # a time in a clause of its own ("Hungary spent 1.15% in 2018; guidelines call for 2%") dates that clause only
    other = {t.i for c in verb.children if c.dep_ in {"ccomp", "advcl", "parataxis", "conj", "relcl"} for t in c.subtree}
    clause = {t.i for t in verb.subtree} - other
    return not any(e.root.i in clause for e in times_in(verb.sent))


def _news_present(verb: Token) -> bool:
    """"The FSB denies the explosions are related", "Trump asks Zelensky to investigate": a
    named actor saying or asking something, told in the present as news tells it. A rule
    has no one's name on it ("guidelines call for 2%")."""
    named = any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in verb.children)
    return named and any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children)
