"""Extraction -> RDF: the triples of one document's graph, and their N-Quads text."""

from kg.rdf.mapping import ROLE_PROPERTY, Triple, triples
from kg.rdf.nquads import document_nquads, nquads, ntriples_term

__all__ = ["ROLE_PROPERTY", "Triple", "document_nquads", "nquads", "ntriples_term", "triples"]
