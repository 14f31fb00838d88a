"""RDF terms and graphs as N-Quads text: what Oxigraph loads fastest and what build shards carry."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import XSD, BNode, Literal, URIRef

from kg.ids import graph_iri
from kg.model import Extraction
from kg.rdf.mapping import Triple, triples


def document_nquads(extraction: Extraction) -> str:
    """One document's graph as N-Quads, each triple once."""
    return nquads(graph_iri(extraction.document.id), dict.fromkeys(triples(extraction)))


def nquads(name: URIRef, content: Iterable[Triple]) -> str:
    """One graph as N-Quads text: what Oxigraph loads fastest, and what Dask shards carry."""
    g = ntriples_term(name)
    return "".join(f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} {g} .\n" for s, p, o in content)


_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def ntriples_term(term: URIRef | BNode | Literal) -> str:
    """A term in N-Triples syntax (valid in N-Quads and SPARQL alike).

    rdflib's `n3()` writes multi-line literals as Turtle long strings, which N-Quads
    does not allow; this writes every literal on one line. Plain strings stay plain.
    """
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ECHAR)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):  # the ontology's OWL lists and restrictions
        return f"_:{term}"
    raise TypeError(f"cannot store {type(term).__name__} {term!r} as an RDF term")


