"""Extraction -> RDF triples: one document's graph, the only reader of extraction results.

Each document becomes one named graph, named by its article IRI, so that every
triple can be traced to the article (and, for events, the sentence) it came from.
docs/rdf-mapping.md describes the triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import ids
from kg.ids import DIP
from kg.model import Event, Extraction
from kg.rdf.dates import date_literal, last_day

ROLE_PROPERTY = {"participant": DIP.participant, "initiator": DIP.initiator, "recipient": DIP.recipient}

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def triples(extraction: Extraction) -> Iterator[Triple]:
    doc = extraction.document
    article = ids.article_iri(doc.id)
    yield article, RDF.type, DIP.Article
    yield article, DCTERMS.identifier, Literal(doc.identifier)
    yield article, DCTERMS.date, Literal(doc.date, datatype=XSD.date)
    if doc.title:
        yield article, DCTERMS.title, Literal(doc.title)
    if doc.url or doc.source:
        yield article, DCTERMS.source, Literal(doc.url or doc.source)

    # An entity the text neither names nor ties to anything would be an orphan node.
    linked = {p.key for e in extraction.events for p in e.participants} | {e.location for e in extraction.events}
    linked |= {r.subject for r in extraction.relations} | {r.object for r in extraction.relations if r.predicate != "holdsPosition"}
    for entity in extraction.entities:
        if not entity.mentions and entity.key not in linked:
            continue
        iri = ids.entity_iri(entity.key)
        yield iri, RDF.type, DIP[entity.type]
        yield iri, RDFS.label, Literal(entity.label)
        for alias in sorted(entity.aliases - {entity.label}):
            yield iri, SKOS.altLabel, Literal(alias)
        if entity.iso_code:
            yield iri, DIP.isoCode, Literal(entity.iso_code)
        if entity.mentions:
            yield article, DIP.mentions, iri

    for event in extraction.events:
        yield from _event_triples(event, article, doc.id)

    for relation in extraction.relations:
        obj = Literal(relation.object) if relation.predicate == "holdsPosition" else ids.entity_iri(relation.object)
        yield ids.entity_iri(relation.subject), DIP[relation.predicate], obj


def _event_triples(event: Event, article: URIRef, document_id: str) -> Iterator[Triple]:
    day = event.date.isoformat()
    iri = ids.event_iri(ids.event_id(document_id, event.cls, event.sentence, day, (p.key for p in event.participants)))
    yield iri, RDF.type, DIP[event.cls]
    for participant in event.participants:
        actor = ids.entity_iri(participant.key)
        yield iri, DIP.participant, actor
        if participant.role != "participant":
            yield iri, ROLE_PROPERTY[participant.role], actor
    if event.location:
        yield iri, DIP.location, ids.entity_iri(event.location)
    # the precision is the datatype; the interval, two plain days, is for comparing
    precision = event.date_precision
    yield iri, DIP.date, date_literal(event.date, precision)
    if event.end_date:
        yield iri, DIP.endDate, date_literal(event.end_date, precision)
    yield iri, DIP.earliestDate, Literal(event.date, datatype=XSD.date)
    yield iri, DIP.latestDate, Literal(last_day(event.end_date or event.date, precision), datatype=XSD.date)
    yield iri, DIP.evidence, Literal(event.evidence)
    yield iri, DIP.trigger, Literal(event.trigger)
    yield iri, DIP.confidence, Literal(Decimal(str(event.confidence)), datatype=XSD.decimal)
    yield iri, DIP.status, Literal(event.status)
    yield iri, PROV.wasDerivedFrom, article
