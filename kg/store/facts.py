"""What one source graph (an article's) says, as the corpus layer needs it: its entities,
event reports and relations, read from RDF terms of any backend.

A source is any named graph but the ontology's and the derived one: a document graph
of a build, or a graph loaded from a file. The facts keep IRIs as plain strings and
literals as N-Triples text (so they are written back exactly as read), with the lexical
values that decisions need (names, dates, status) alongside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg import vocab
from kg.ids import DIP
from kg.rdf import dates

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT_DATE = "http://purl.org/dc/terms/date"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
_DIP = str(DIP)
ROLES = ("participant", "initiator", "recipient")


@dataclass
class EntityFacts:
    classes: set[str] = field(default_factory=set)  # dip: class names
    labels: list[str] = field(default_factory=list)  # rdfs:label values, lexical
    aliases: set[str] = field(default_factory=set)
    positions: list[str] = field(default_factory=list)  # dip:holdsPosition, N-Triples
    iso: str | None = None
    mentioned: bool = False  # the article names it (dip:mentions)

    @property
    def label(self) -> str | None:
        return min(self.labels) if self.labels else None


@dataclass
class EventFacts:
    classes: set[str] = field(default_factory=set)
    roles: dict[str, set[str]] = field(default_factory=lambda: {r: set() for r in ROLES})
    locations: set[str] = field(default_factory=set)
    date: tuple[str, str] | None = None  # (N-Triples, precision) of dip:date
    end: str | None = None  # N-Triples of dip:endDate
    first: date | None = None  # the interval the date allows
    last: date | None = None
    evidence: set[str] = field(default_factory=set)  # N-Triples
    triggers: set[str] = field(default_factory=set)
    confidence: tuple[float, str] | None = None  # (value, N-Triples)
    status: str | None = None
    articles: set[str] = field(default_factory=set)  # prov:wasDerivedFrom

    @property
    def cls(self) -> str | None:
        """The most specific of its classes (they lie on one line under dip:Event)."""
        return vocab.most_specific(c for c in self.classes if c in vocab.event_roots())


@dataclass
class Source:
    graph: str
    article: str | None = None  # the dip:Article the graph describes
    date: date | None = None  # that article's date
    entities: dict[str, EntityFacts] = field(default_factory=dict)
    events: dict[str, EventFacts] = field(default_factory=dict)
    relations: set[tuple[str, str, str]] = field(default_factory=set)  # (subject, relation name, object) between entities

    def mentions(self) -> set[str]:
        return set(self.entities)


_RELATIONS = None


def _relations() -> frozenset[str]:
    global _RELATIONS
    if _RELATIONS is None:
        _RELATIONS = frozenset(r for r in vocab.relation_predicates() if r != "holdsPosition")
    return _RELATIONS


def read(graph: str, triples: Iterable[tuple[object, object, object]]) -> Source:
    """A source's facts from its triples (pyoxigraph terms)."""
    entity_classes, event_classes, relations = vocab.coarse_types(), vocab.event_roots(), _relations()
    types: dict[str, set[str]] = {}
    rest: list[tuple[str, str, object]] = []
    article = None
    article_date = None
    for s, p, o in triples:
        if not isinstance(s, ox.NamedNode):
            continue  # blank nodes: OWL lists of a loaded ontology, nothing of ours
        subject, predicate = s.value, p.value
        if predicate == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(_DIP):
            name = o.value[len(_DIP):]
            if name == "Article":
                article = subject
            types.setdefault(subject, set()).add(name)
        else:
            rest.append((subject, predicate, o))
    source = Source(graph)
    for subject, names in types.items():
        if names & entity_classes.keys():
            source.entities[subject] = EntityFacts(classes=names & entity_classes.keys())
        elif names & event_classes.keys():
            source.events[subject] = EventFacts(classes=names & event_classes.keys())
    for subject, predicate, o in rest:
        if predicate.startswith(_DIP):
            name = predicate[len(_DIP):]
            event = source.events.get(subject)
            if event is not None:
                _event_fact(event, name, o)
                continue
            entity = source.entities.get(subject)
            if name == "mentions" and subject == article and o.value in source.entities:
                source.entities[o.value].mentioned = True
            elif entity is None:
                continue
            elif name in relations and isinstance(o, ox.NamedNode):
                source.relations.add((subject, name, o.value))
            elif name == "holdsPosition":
                entity.positions.append(str(o))
            elif name == "isoCode":
                entity.iso = o.value
        elif predicate == LABEL and subject in source.entities:
            source.entities[subject].labels.append(o.value)
        elif predicate == ALT_LABEL and subject in source.entities:
            source.entities[subject].aliases.add(o.value)
        elif predicate == DERIVED_FROM and subject in source.events:
            source.events[subject].articles.add(o.value)
        elif predicate == DCT_DATE and subject == article and isinstance(o, ox.Literal):
            parsed = dates.parse(o.value, o.datatype.value)
            article_date = parsed[0] if parsed else None
    # an event's participants must be entities of this graph (a hand-written graph may type them elsewhere)
    for event in source.events.values():
        for role in ROLES:
            event.roles[role] &= source.entities.keys()
        event.locations &= source.entities.keys()
    source.article, source.date = article, article_date
    for entity in source.entities.values():
        entity.labels.sort()
        entity.positions.sort()
    return source


def _event_fact(event: EventFacts, name: str, o) -> None:
    if name in ROLES and isinstance(o, ox.NamedNode):
        event.roles[name].add(o.value)
    elif name == "location" and isinstance(o, ox.NamedNode):
        event.locations.add(o.value)
    elif not isinstance(o, ox.Literal):
        return
    elif name == "date":
        span = dates.interval(o.value, o.datatype.value)
        if span is not None:
            event.date = (str(o), dates.precision_of(o.datatype.value))
            event.first = event.first or span[0]
            event.last = max(event.last or span[1], span[1])
    elif name == "endDate":
        span = dates.interval(o.value, o.datatype.value)
        if span is not None:
            event.end = str(o)
            event.last = max(event.last or span[1], span[1])
    elif name == "evidence":
        event.evidence.add(str(o))
    elif name == "trigger":
        event.triggers.add(str(o))
    elif name == "confidence":
        try:
            event.confidence = (float(o.value), str(o))
        except ValueError:
            pass
    elif name == "status":
        event.status = o.value


def to_oxigraph(term) -> object:
    """An rdflib term as a pyoxigraph one (the memory store's and file loads' triples)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def read_rdflib(graph: str, triples: Iterable[tuple]) -> Source:
    return read(graph, ((to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples))
