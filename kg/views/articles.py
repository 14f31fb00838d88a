"""What the store says each article contains: its entities, events and relations, read back by identifier.

The view an evaluation reads, so scores are those of the graph users query, not of an
internal data structure.
"""


from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg import vocab
from kg.ids import local_name
from kg.store import Store

# -- reading both sides --------------------------------------------------------------


@dataclass
class SysEntity:
    iri: str
    type: str  # coarse type
    labels: set[str]


@dataclass
class SysEvent:
    iri: str
    cls: str
    participants: set[str] = field(default_factory=set)
    date: str | None = None
    end_date: str | None = None
    location: str | None = None
    status: str = "happened"
    evidence: str = ""


@dataclass
class SysDocument:
    entities: dict[str, SysEntity] = field(default_factory=dict)
    events: dict[str, SysEvent] = field(default_factory=dict)
    relations: set[tuple[str, str, str]] = field(default_factory=set)  # (predicate, subject IRI, object IRI or literal)


ENTITY_QUERY = """
SELECT ?identifier ?entity ?type ?label WHERE {
  GRAPH ?article {
    ?article dcterms:identifier ?identifier ; dip:mentions ?entity .
    ?entity a ?type ; rdfs:label|skos:altLabel ?label .
  }
}"""

EVENT_QUERY = """
SELECT ?identifier ?event ?type ?participant ?date ?end ?location ?status ?evidence WHERE {
  GRAPH ?article {
    ?article dcterms:identifier ?identifier .
    ?event prov:wasDerivedFrom ?article ; a ?type ; dip:participant ?participant ; dip:date ?date ;
           dip:evidence ?evidence .
    OPTIONAL { ?event dip:endDate ?end }
    OPTIONAL { ?event dip:location ?location }
    OPTIONAL { ?event dip:status ?status }
  }
}"""

RELATION_QUERY = """
SELECT ?identifier ?predicate ?subject ?object WHERE {
  GRAPH ?article {
    ?article dcterms:identifier ?identifier .
    ?subject ?predicate ?object .
    VALUES ?predicate { %s }
  }
}""" % " ".join(f"dip:{p}" for p in vocab.relation_predicates())


def read_system(store: Store) -> dict[str, SysDocument]:
    """Entities, events and relations of every article in the store, by identifier."""
    docs: dict[str, SysDocument] = defaultdict(SysDocument)
    for identifier, entity, kind, label in store.query(ENTITY_QUERY):
        coarse = vocab.coarse_types().get(local_name(kind))
        if coarse is None:
            continue
        found = docs[str(identifier)].entities.setdefault(str(entity), SysEntity(str(entity), coarse, set()))
        found.labels.add(str(label))
    for identifier, event, kind, participant, when, end, location, status, evidence in store.query(EVENT_QUERY):
        cls = local_name(kind)
        if cls not in vocab.event_classes():
            continue
        found = docs[str(identifier)].events.setdefault(str(event), SysEvent(str(event), cls))
        found.participants.add(str(participant))
        # the literal is as precise as the text: "2019-10-06", "2019-10" (gYearMonth) or "2019" (gYear)
        found.date = str(when)
        found.end_date = str(end) if end else None
        found.location = str(location) if location else None
        found.status = str(status or "happened")
        found.evidence = str(evidence)
    for identifier, predicate, subject, obj in store.query(RELATION_QUERY):
        docs[str(identifier)].relations.add((local_name(predicate), str(subject), str(obj)))
    return dict(docs)
