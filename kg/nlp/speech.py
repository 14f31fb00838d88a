"""Acts told only in what someone says: an obligation put in someone's mouth is a request
("X said foreign powers must leave"), naming something with a word of contempt is an
accusation ("called the deal 'lousy'"), and so is saying a named actor did wrong ("said
Bolton broke the law", "claimed Iran spoofed e-mails"; PLOVER ACCUSE: allege)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.nlp.arguments import speech_verb
from kg.nlp.assertion import clause_verb
from kg.nlp.countries import settled_home
from kg.nlp.lexicon import Lexicon, Trigger, positions
from kg.nlp.mentions import EntityResult
from kg.nlp.quotes import first_mark, open_quote, quoted_tokens
from kg.nlp.titles import LEADER_TITLES, is_title_word

OBLIGATION = {"should", "must", "need", "ought"}
OBLIGATION_SOURCE = "obligation in reported speech"
THREAT_SOURCE = "PLOVER THREATEN: a speaker's own side promised to use force"
FUTURE = {"will", "'ll", "would", "shall", "wo"}
# who "I will destroy ...", "we will crush ...", "Iran said it would retaliate" puts forward: the speaker's own side
OWN_SIDE = {"i", "we", "it", "they"}
MAXIM = {"always", "never"}
TRUE = {"true", "correct", "accurate", "right", "factual"}
EVERYONE = {"people", "everyone", "everybody", "anyone", "anybody", "one", "nobody", "no-one", "all"}
# "called X a disgrace", "described X as reckless": verbs that give something a name
NAMING_VERBS = {"call", "describe", "label", "brand", "deem", "term"}
# Verbs that judge what someone did, as saying does: "the CIA believes the prince ordered it".
ASSESSING = {"allege", "assert", "believe", "conclude", "determine", "find"}
# Actors named as a clause's subject (a person, a body, a state, a people).
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


def told_acts(doc: Doc, lexicon: Lexicon) -> list[tuple[Trigger, Span]]:
    return (
        [(Trigger("Request", "verb", ("say",), (), source=OBLIGATION_SOURCE), span) for span in _obligations(doc, lexicon)]
        + [(Trigger("Accusation", "verb", ("call",), (), source="PLOVER ACCUSE disapprove: calling something by a pejorative name"), span)
           for span in _pejorative_names(doc, lexicon)]
        + [(Trigger("Accusation", "verb", ("say",), (), source="PLOVER ACCUSE allege: saying a named actor did wrong"), span)
           for span in _alleged_wrongs(doc, lexicon)]
        + [(Trigger("Threat", "verb", ("say",), (), source=THREAT_SOURCE), span) for span in _threats(doc, lexicon)]
        + [(Trigger("Rejection", "verb", ("say",), (), source="PLOVER REJECT deny: saying a claim is not true"), span)
           for span in _denials(doc, lexicon)]
    )


def _denials(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """"said the reports were not true", 'told the host, "No, it is not true."': denying a claim."""
    return _saying_it_is(doc, lexicon, lambda be: any(c.dep_ == "neg" for c in be.children) and any(
        c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in TRUE for c in be.children))


def _obligations(doc: Doc, lexicon: Lexicon) -> list[Span]:
    found = []
    for token in positions(doc, lexicon["speech_verbs"]):
        if token.pos_ != "VERB":
            continue
        own = {t.i for t in token.subtree}
        said = [t for c in _said_clauses(token) for t in c.subtree if c.head.i == token.i or t.i not in own]
        obliged = [t for t in said if t.lower_ in OBLIGATION and (t.tag_ == "MD" or any(c.dep_ == "xcomp" for c in t.children))
                   and not _of_the_speaker(t) and not _of_everyone(t)]  # "we still need to fight": a resolve, asked of no one else
        if obliged and not any(c.lower_ in MAXIM for t in obliged for c in t.head.children):
            found.append(doc[token.i : token.i + 1])  # ("we must always ...": a maxim, asked of no one)
    return found


def of_own_side(said: Token, entities: EntityResult, by_token) -> bool:
    """"Johnson said Britain must leave": what a leader says his own state must do is its
    resolve, asked of no one else; `by_token` maps tokens to actor mentions. A leader the
    text ties to no state ("the current prime minister") leads the story's."""
    speakers = {by_token[c.i].key for c in said.children if c.dep_ == "nsubj" and c.i in by_token}
    ours = set().union(*(entities.acts_for.get(k, set()) for k in speakers)) if speakers else set()
    if not ours and any(title in position.lower() for k in speakers if k in entities.entities
                        for position in entities.entities[k].positions for title in LEADER_TITLES):
        ours = {settled_home(entities)}
    obliged = [m for t in said.subtree if t.lower_ in OBLIGATION and t.tag_ == "MD"
               for c in t.head.children if c.dep_ == "nsubj" and c.i in by_token for m in [by_token[c.i]]]
    return bool(obliged) and all(m.key in ours for m in obliged)


def _threats(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """"I will totally destroy the Economy of Turkey", "Iran said it would retaliate against the
    US": force the speaker's own side says it will use, told in what is said, is a threat made
    in the saying (whatever condition it sets: a threat is made conditional)."""
    found = []
    uses = {phrase.split()[0] for phrase in lexicon["forceful_uses"]}
    for token in positions(doc, lexicon["force_verbs"] | uses):
        if token.lemma_ not in lexicon["force_verbs"] and not _forceful_use(token, lexicon):
            continue
        shares = token.dep_ == "conj" and not any(c.dep_ in {"nsubj", "aux"} for c in token.children)
        verb = token.head if shares else token  # "will destroy and obliterate": the second shares the first's
        if verb.dep_ == "xcomp" and verb.head.lemma_ in lexicon["attempt_verbs"]:
            verb = verb.head  # "would seek to extradite him", "would consider charging him": what it will try is its threat
        if token.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
            continue
        future = any(c.dep_ == "aux" and c.lower_ in FUTURE for c in verb.children)
        said = said_by(verb, lexicon) if future else None
        if said is not None and any(c.dep_ == "nsubj" and (c.lower_ in OWN_SIDE or _state_of_an_official(c, said))
                                    for c in verb.children):
            found.append(doc[token.i : token.i + 1])
    return found


def _state_of_an_official(subject: Token, said: Token) -> bool:
    """"The foreign minister said Mexico would seek to extradite him": a state whose force an
    official (a title in the speaker's phrase) announces is the speaker's own side."""
    speakers = [c for c in said.children if c.dep_ == "nsubj"]
    return subject.ent_type_ == "GPE" and any(is_title_word(t.lower_) for s in speakers for t in s.subtree)


def _forceful_use(verb: Token, lexicon: Lexicon) -> bool:
    """"will use the full force of the law", "will bring the killers to justice": a plain verb
    made forceful by its object (words.json "forceful_uses", verb and object lemmas)."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [o for c in verb.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    return any(f"{verb.lemma_} {o.lemma_}" in lexicon["forceful_uses"] for o in objects)


def said_by(clause: Token, lexicon: Lexicon) -> Token | None:
    """The verb of saying a clause is told under: its governing "said", the quote's own
    '"...," X said', or, for words in quotation marks, the verb outside them whose subject
    speaks ('Trump defended his decision, "... I will destroy ..."')."""
    quoted = quote_speaker(clause)  # (first: "As I have stated ..., I will" inside the quote is its own)
    said = quoted or speech_verb(clause_verb(clause), lexicon)
    return said or next((c for c in clause.children if c.dep_ == "parataxis" and c.lemma_ in lexicon["speech_verbs"]), None)


def quote_speaker(token: Token) -> Token | None:
    """For a word in quotation marks, the verb outside them whose named subject says it: in
    its sentence, or in the one of its paragraph where the quotation opened (Trump wrote, "Bolton
    served well. I thank John for his service.")."""
    sent = token.sent
    opened = open_quote(sent)
    quoted = quoted_tokens(sent)
    if token.i not in quoted:
        return None
    speaker = _speaking_verb(sent, quoted)
    if speaker is None and opened is not None and token.i < first_mark(sent) and _speakers_own(token):
        before = opened.sent
        speaker = _speaking_verb(before, quoted_tokens(before))
    return speaker


def _speakers_own(clause: Token) -> bool:
    """A clause of a quote the speaker does in the saying: "I thank John", "Condolences to his
    family"; not one of someone else ("He just announced ...", "you ask Thoth")."""
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return clause.pos_ not in {"VERB", "AUX"} or any(c.lower_ in {"i", "we"} for c in subjects)


def _speaking_verb(sent: Span, quoted: set[int]) -> Token | None:
    return next((t for t in sent if t.i not in quoted and t.pos_ == "VERB"
                 and any(c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.ent_type_) for c in t.children)), None)


def _said_clauses(verb: Token) -> list[Token]:
    """The heads of what a verb of saying reports: its complement clauses, or the quote it is
    told after ('"Japan must stop," Wang said': the quote heads the sentence)."""
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "parataxis"}]
    return clauses + ([verb.head] if verb.dep_ == "parataxis" else [])


def _of_everyone(modal) -> bool:
    """"People must know that ...", "everyone should vote": a maxim for all, asked of no one;
    "climate change must be addressed", "the forest should be opened up": a view of what is to
    be done, asked of no one named."""
    verb = modal.head if modal.tag_ == "MD" else modal
    if any(c.dep_ == "nsubj" and c.lower_ in EVERYONE for c in verb.children):
        return True
    things = [c for c in verb.children if c.dep_ == "nsubjpass" and c.pos_ in {"NOUN", "PROPN"} and not c.ent_type_]
    return bool(things) and not any(c.dep_ == "agent" for c in verb.children)


def _of_the_speaker(modal) -> bool:
    verb = modal.head if modal.tag_ == "MD" else modal
    return any(c.dep_ == "nsubj" and c.lower_ in {"i", "we"} for c in verb.children)


def _pejorative_names(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """"called the deal 'lousy'", "described the attack as a dastardly act": naming something
    with a word of contempt is disapproving of it, and of whoever is behind it."""
    found = []
    for token in positions(doc, NAMING_VERBS):
        if token.pos_ != "VERB" or not any(c.dep_ == "dobj" for c in token.children):
            continue
        names = [c for c in token.children if c.dep_ in {"oprd", "ccomp", "xcomp"}]
        named = [token] + [c for c in token.children if c.dep_ == "dobj"]  # "as" hangs on either
        names += [c for n in named for c in n.children if c.dep_ == "prep" and c.lower_ == "as"]
        names += [c for n in named[1:] for c in n.children if c.dep_ == "amod" and c.i > n.i]  # an adjective after its noun complements it
        if any(_pejorative(t, lexicon) for n in names for t in n.subtree):
            found.append(doc[token.i : token.i + 1])
    # "said the decision was a betrayal", '"Trump is a disgrace," X said': a deed or an actor
    # judged with a word of contempt
    judged = lexicon["event_anaphors"] | lexicon["told_anaphors"]

    def contempt(be: Token) -> bool:
        subject = next((c for c in be.children if c.dep_ in {"nsubj", "csubj"}), None)
        if subject is not None and (subject.dep_ == "csubj" or subject.lower_ in {"it", "this", "that"}):
            # "Leaving them to die is a big mistake", "it is a stab in the back": a deed judged
            # by a noun of contempt (not "it is dangerous": the weather may be)
            return any(_pejorative(c, lexicon) for c in be.children if c.dep_ == "attr" and c.pos_ == "NOUN")
        return (subject is not None and (subject.lemma_.lower() in judged or subject.ent_type_ in ACTOR_LABELS)
                and any(_pejorative(t, lexicon) for c in be.children if c.dep_ in {"attr", "acomp"} for t in c.subtree))

    return found + _saying_it_is(doc, lexicon, contempt)


def _saying_it_is(doc: Doc, lexicon: Lexicon, judged) -> list[Span]:
    """The verbs of saying that report an "X is Y" of which `judged` holds (called with the "be")."""
    return [doc[token.i : token.i + 1] for token in positions(doc, lexicon["speech_verbs"])
            if any(clause.lemma_ == "be" and judged(clause) for clause in _said_clauses(token))]


def _pejorative(token, lexicon: Lexicon) -> bool:
    return token.lemma_.lower() in lexicon["pejoratives"] or token.lower_ in lexicon["pejoratives"]


def _alleged_wrongs(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """"Trump said Bolton broke the law", "Ratcliffe claimed Iran spoofed e-mails", "said the
    Abu Sayyaf Group are the perpetrators", "believe the crown prince ordered the killing": a
    named actor said or judged to have done a wrong (a verb of wrongdoing, a crime as its
    object, a wrongful manner, a noun of wrongdoers after "be") is accused of it."""
    found = []
    for token in positions(doc, lexicon["speech_verbs"] | ASSESSING):
        if token.pos_ != "VERB":
            continue
        for clause in (c for c in token.children if c.dep_ == "ccomp"):
            subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is None or not (subject.ent_type_ in ACTOR_LABELS or is_title_word(subject.lower_)):
                continue  # a name, or an office that stands for one ("the crown prince ordered")
            lemma = clause.lemma_.lower()
            wrong = (lemma in lexicon["wrongdoing_verbs"]
                     or any(c.dep_ == "advmod" and c.lower_ in lexicon["wrong_manners"] for c in clause.children)
                     or (lemma not in lexicon["receiving_verbs"]  # "ordered the killing"; not "is facing attacks"
                         and any(c.dep_ == "dobj" and c.lemma_.lower() in lexicon["crimes"] for c in clause.children))
                     or (lemma == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in lexicon["wrongdoers"] for c in clause.children)))
            if wrong and not any(c.dep_ == "neg" for c in clause.children):
                found.append(doc[token.i : token.i + 1])
                break
    return found
