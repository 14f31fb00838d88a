"""Every key and IRI of the graph: minted here, parsed back here, nowhere else.

Extraction names an entity by a key ("country/IND", "person/narendra-modi"); the RDF
mapping turns keys into IRIs under one resource namespace, and every reader turns
IRIs back into keys or local names with the functions below, so the spelling of an
identifier is one decision, made once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

DIP = Namespace("https://w3id.org/dipkg/ontology#")
ID = Namespace("https://w3id.org/dipkg/id/")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/dipkg/ontology")
# The corpus layer's graph: what the store derives from all the documents together
# (class closure, most specific classes, who acts for which state, one node per real
# actor and event). Recomputed by the store in the same transaction as every change.
DERIVED_GRAPH = URIRef("https://w3id.org/dipkg/derived")
PREFIXES = {
    "dip": DIP, "id": ID, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "dcterms": DCTERMS, "prov": PROV, "owl": OWL,
}
# The same prefixes as plain strings, for the result writers (Turtle's @prefix lines).
PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
# The same prefixes as SPARQL text, for queries that travel as strings (HTTP, Oxigraph).
PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())

# The first segment of an entity key: what kind of thing it names.
KINDS = ("country", "person", "organization", "place")


def slug(text: str) -> str:
    """A name as a path segment: accents folded, lower case, runs of other characters as '-'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


def country_key(iso3: str) -> str:
    return f"country/{iso3}"


def entity_key(kind: str, name: str) -> str:
    """The key of a person, organisation or place by its name ("person", "Narendra Modi")."""
    if kind not in KINDS:
        raise ValueError(f"unknown entity kind {kind!r} (one of {', '.join(KINDS)})")
    return country_key(name) if kind == "country" else f"{kind}/{slug(name)}"


def entity_iri(key: str) -> URIRef:
    return ID[key]


def key_of(iri: object) -> str:
    """The key an entity IRI was minted from ("country/IND"); other IRIs come back whole."""
    text = str(iri)
    return text[len(ID):] if text.startswith(str(ID)) else text


def is_resource(iri: object) -> bool:
    """An IRI minted here (an entity, event or article), not a vocabulary term."""
    return str(iri).startswith(str(ID))


def local_name(iri: object) -> str:
    """The short name of a vocabulary term or resource: "Meeting" for dip:Meeting, "IND" for a country."""
    text = str(iri)
    if text.startswith(str(DIP)):
        return text[len(DIP):]
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def document_id(identifier: str, text: str) -> str:
    """Content hash: the same article read from anywhere gets the same id (and IRI)."""
    return _hash(identifier, text, sep="\n")


def article_iri(document_id: str) -> URIRef:
    return ID[f"article/{document_id}"]


def graph_iri(document_id: str) -> URIRef:
    """The named graph holding one document's triples: the article IRI itself."""
    return article_iri(document_id)


def event_id(document_id: str, cls: str, sentence: int, day: str, participants: Iterable[str]) -> str:
    """Stable across rebuilds: the same sentence yields the same event IRI. Two events of one
    class and one sentence with the same participants differ in their dates (else they were
    merged as one), so the date is part of the name."""
    return _hash(document_id, cls, str(sentence), day, *sorted(participants))


def event_iri(event_id: str) -> URIRef:
    return ID[f"event/{event_id}"]


def identity_iri(mention: str, canonical: str) -> URIRef:
    """The record explaining why an entity IRI stands for another one (in some articles)."""
    return ID[f"identity/{_hash(str(mention), str(canonical))}"]


def file_graph_iri(path) -> URIRef:
    """The graph for triples loaded from an RDF file without a graph name of their own."""
    return URIRef(Path(path).resolve().as_uri())


def _hash(*parts: str, sep: str = "\x1f") -> str:
    return hashlib.sha256(sep.join(parts).encode()).hexdigest()[:16]
