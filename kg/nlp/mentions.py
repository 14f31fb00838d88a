"""One document's entities as extraction sees them: mentions (token spans), typed finds, the result."""


from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from kg import vocab
from kg.model import Entity, Relation
from kg.nlp.gazetteer import Gazetteer

ACTOR_TYPES = set(vocab.actor_classes())
PLACE_TYPES = {cls for cls, coarse in vocab.coarse_types().items() if coarse == "Place"}
ORGANIZATION_TYPES = {cls for cls, coarse in vocab.coarse_types().items() if coarse == "Organization"}


@dataclass(frozen=True)
class Mention:
    key: str
    start: int  # token offsets in the spaCy Doc
    end: int
    text: str


@dataclass
class EntityResult:
    entities: dict[str, Entity]
    mentions: list[Mention]
    relations: list[Relation]
    # person or state body -> the countries and organisations they act for ("US Secretary
    # of State", "President X of Iran", "the US Embassy"), so events can name the state too.
    acts_for: dict[str, set[str]] = field(default_factory=dict)

    def type_of(self, key: str) -> str:
        return self.entities[key].type

    def country_of(self, key: str | None, within: dict[str, str] | None = None) -> str | None:
        """The country a place lies in, through the places between ("Fishmongers' Hall" in
        London in the UK); a country is its own. `within`: the locatedIn map, when a caller
        asks for many places."""
        within = self.located() if within is None else within
        for _ in range(4):
            if key is None or key not in self.entities:
                return None
            if self.type_of(key) == "Country":
                return key
            key = within.get(key)
        return None

    def located(self) -> dict[str, str]:
        return {r.subject: r.object for r in self.relations if r.predicate == "locatedIn" and r.object in self.entities}


@dataclass
class Found:
    span: Span
    kind: str
    name: str
    positions: set[str]
    aliases: set[str] = field(default_factory=set)
    told: bool = False  # the kind is what the text says the name is ("X, now a museum"), not NER's guess


def get_entity(result: EntityResult, key: str, kind: str, label: str, iso_code: str | None = None) -> Entity:
    if key not in result.entities:
        result.entities[key] = Entity(key=key, type=kind, label=label, iso_code=iso_code)
    return result.entities[key]


def country_counts(result: EntityResult) -> dict[str, int]:
    """Country key -> how often the text names it, by its name or by a place that lies in it."""
    counts: dict[str, int] = {}
    within = result.located()
    located = {key: result.country_of(key, within) for key in {m.key for m in result.mentions}}
    for m in result.mentions:
        if (country := located[m.key]) is not None:
            counts[country] = counts.get(country, 0) + 1
    return counts


def add_relation(result: EntityResult, relation: Relation) -> None:
    if relation not in result.relations:
        result.relations.append(relation)


# The lower-case particles of surnames ("Ursula von der Leyen", "Arnel dela Vega", "Hamza bin Ladin").
NAME_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "di", "van", "von", "der", "den", "del", "della", "dela", "dos", "das",
                  "la", "le", "du", "ter", "ten", "zu", "-"}
GOVERNMENT_WORDS = re.compile(
    r"\b(ministry|department|office|government|parliament|kremlin|senate|congress|cabinet|"
    r"white house|administration|embassy|agency|bureau|council of ministers|state duma|assembly|"
    r"headquarters|staff|directorate|commission|court|police|embassy|consulate|secretariat|"
    r"house of representatives|house of commons|house of lords|legislative council|legislature|coast guard)\b",
    re.I,
)
MILITARY_WORDS = re.compile(r"\b(army|navy|air force|armed forces|military|guard corps|forces|task force|militia|brigade|regiment|command|marines|coast guard)\b", re.I)
INTERNATIONAL_WORDS = re.compile(
    r"\b(united nations|nations|international|organi[sz]ation|union|alliance|treaty|bank|fund|"
    r"league|cooperation council|community|bloc)\b",
    re.I,
)
# A union, an alliance, a bank or a league is international only by its name's reach
# ("African Union", "World Bank"); "Sunshine Coast Rugby Union", "Hungarian Development Bank" are not.
BODY_WORDS = re.compile(r"\b(union|alliance|bank|fund|league|community|bloc)\b", re.I)
REACH_WORDS = re.compile(r"\b(world|global|african|european|arab|asian|asia|pacific|atlantic|islamic|americas|"
                         r"caribbean|latin american|eurasian|gulf|nordic|baltic|commonwealth|countries|nations|international)\b", re.I)
# The words an organisation's name ends on ("Amnesty International", "National Crime Agency").
ORG_END = re.compile("|".join(words.pattern for words in (GOVERNMENT_WORDS, MILITARY_WORDS, INTERNATIONAL_WORDS)), re.I)


def is_name(whole: Span, name: Span, gaz: Gazetteer) -> bool:
    if any(t.ent_type_ not in {"", "PERSON", "ORG", "WORK_OF_ART"} for t in name):
        return False
    text = name.text
    return not (
        gaz.country(text) or gaz.city(text) or gaz.organization(text)
        or gaz.region(whole.text) or gaz.city(whole.text)  # "Sultan Kudarat", a province: no sultan
        or GOVERNMENT_WORDS.search(whole.text) or MILITARY_WORDS.search(whole.text)
        or INTERNATIONAL_WORDS.search(text)
    )
