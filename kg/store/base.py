"""What every store does the same way: SPARQL through rdflib, named graphs, export.

A backend (Oxigraph on disk, rdflib in memory, a SPARQL server) sets `dataset` (an
rdflib Dataset whose default graph is the union of the named graphs) and writes in
its own fastest atomic way; reading, counting and serialising are shared here, so
SPARQL, serialisers and pyshacl see every backend alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib import XSD, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from kg import vocab
from kg.ids import ONTOLOGY_GRAPH, PREFIXES, PROLOGUE
from kg.rdf import Triple

RDF_FORMATS = {  # CLI name -> rdflib serializer
    "turtle": "turtle",
    "nt": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}


class StoreError(RuntimeError):
    """A store that cannot be opened or written; the message is for the user."""


class QueryError(ValueError):
    """A SPARQL query the engine rejected; the message is the parser's."""


class Store:
    """The shared half of every backend; `kg.store.open()` picks the backend."""

    def __init__(self, location: str, dataset: Dataset, *, read_only: bool = False):
        self.location = location
        self.read_only = read_only
        self.dataset = dataset
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)

    def _ensure_ontology(self) -> None:
        if not self.read_only and not self._has_graph(ONTOLOGY_GRAPH):
            self.replace_graphs({ONTOLOGY_GRAPH: vocab.ontology_graph()})

    # -- writing (each backend its own way) --------------------------------------
    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        """Replace each named graph by the given triples, all or nothing."""
        raise NotImplementedError

    def replace_nquads(self, graphs: Mapping[URIRef, str]) -> None:
        """Replace each named graph by its N-Quads text (whose lines all name that graph)."""
        staged = Dataset()
        staged.parse(data="".join(graphs.values()), format="nquads")  # fail before touching anything
        self.replace_graphs({name: list(staged.graph(name)) for name in graphs})

    # -- reading -------------------------------------------------------------
    def query(self, sparql: str) -> Result:
        try:
            result = self.dataset.query(sparql)
            if result.type == "SELECT":
                # Drain a lazy iterator now: Oxigraph's pins the store (and its file
                # lock) for as long as any unfinished result is alive.
                result.bindings = list(result.bindings)
            return result
        except OSError:
            raise
        except Exception as err:  # each engine has its own parser errors (SyntaxError, ParseException)
            raise QueryError(first_line(err)) from err

    def select(self, sparql: str, bindings: dict | None = None) -> list[tuple]:
        """The rows of a fixed SELECT, with `bindings` (name -> RDF term) handed to the
        engine as bound variables, never spliced into the query text (Oxigraph
        substitutes only variables that the query projects)."""
        if bindings:
            try:
                result = self.dataset.query(PROLOGUE + sparql, initBindings={Variable(k): v for k, v in bindings.items()})
            except Exception as err:
                raise QueryError(first_line(err)) from err
            return [tuple(row) for row in result]
        return [tuple(row) for row in self.query(PROLOGUE + sparql)]

    def graph_names(self) -> list[URIRef]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in rows)

    def graph(self, name: URIRef) -> Graph:
        """One named graph (a document's, or the ontology), read without adding it."""
        return self.dataset.get_context(name)

    def existing_graphs(self, names: Iterable[URIRef]) -> set[URIRef]:
        """Those of `names` that the store holds (with at least one triple)."""
        return {name for name in names if self._has_graph(name)}

    def _has_graph(self, name: URIRef) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").askAnswer)

    def __len__(self) -> int:
        """Quads in all named graphs (what a dump writes)."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))[0])

    def union_graph(self, *, include_ontology: bool = True) -> Graph:
        """All documents' triples (and the ontology) as one plain rdflib Graph."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for name in self.graph_names():
            if include_ontology or name != ONTOLOGY_GRAPH:
                graph += plain_strings(self.graph(name))
        return graph

    def serialize(self, fmt: str, *, include_ontology: bool = False) -> str:
        if fmt not in RDF_FORMATS:
            raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(RDF_FORMATS)})")
        if fmt in QUAD_FORMATS:
            out = Dataset()
            for prefix, namespace in PREFIXES.items():
                out.bind(prefix, namespace)
            for name in self.graph_names():
                if include_ontology or name != ONTOLOGY_GRAPH:
                    target = out.graph(name)
                    target += plain_strings(self.graph(name))
            return out.serialize(format=RDF_FORMATS[fmt])
        return self.union_graph(include_ontology=include_ontology).serialize(format=RDF_FORMATS[fmt])

    def close(self) -> None:
        if self.dataset is not None:
            self.dataset.close()
        self.dataset = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def plain_strings(triples: Iterable[Triple]) -> Iterator[Triple]:
    """Oxigraph hands back "x"^^xsd:string where rdflib writes "x"; RDF 1.1 says they are
    the same term, but rdflib (and so pyshacl's sh:in, and serialisers) compare them as
    different. One spelling for everyone: the plain one."""
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        yield s, p, o


def first_line(err: BaseException, limit: int = 300) -> str:
    """An error as one short line: engines and parsers write pages, a message needs a line."""
    text = next((line.strip() for line in str(err).splitlines() if line.strip()), "") or type(err).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
