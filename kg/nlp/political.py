"""Who is a political actor: PLOVER's political classes need one among an event's
participants (events.py). A state, a government body, an international or armed
organisation, a party, or a person the document shows in public office."""

from __future__ import annotations

from spacy.tokens import Span

from kg.nlp.lexicon import Lexicon
from kg.nlp.mentions import EntityResult
from kg.nlp.titles import is_title_word


def is_political(key: str, entities: EntityResult, lexicon: Lexicon) -> bool:
    """A state, a government body, an international or armed organisation, a party, or a
    person acting in an office (a title or an affiliation in this document). Non-state
    armed groups are typed MilitaryUnit by name (entities.py, words.json "armed_groups")."""
    entity = entities.entities[key]
    if entity.type in {"Country", "GovernmentBody", "InternationalOrganization", "MilitaryUnit"}:
        return True
    if entity.type == "Person":  # a member of a university or a firm holds no public office, nor a columnist
        office = any(is_title_word(word) for position in entity.positions for word in position.lower().replace("-", " ").split())
        bodies = {r.object for r in entities.relations if r.subject == key and r.predicate in {"leaderOf", "memberOf"}}
        if bodies and not any(is_political(b, entities, lexicon) for b in bodies if b in entities.entities):
            return False  # "Red Hat's Chief Technical Officer": a title in a firm is no public office
        return bool(office or entities.acts_for.get(key)) or any(
            r.subject == key and r.predicate in {"leaderOf", "memberOf", "represents", "partOf"}
            and r.object in entities.entities and is_political(r.object, entities, lexicon)
            for r in entities.relations
        )
    return any(word in lexicon["political_words"] for word in entity.label.lower().split())


def talks_politics(sent: Span, lexicon: Lexicon) -> bool:
    """A person with no title in the text acts in public life when the sentence talks of
    government, elections or policy ("dropped out of the presidential race", "criticized
    the government"): the words of words.json "political_context", written in lower case."""
    words = lexicon["political_context"] | lexicon["office_acts"]  # "pressured Trump not to commute the sentence"
    return any(t.is_lower and t.lemma_.lower() in words for t in sent)
