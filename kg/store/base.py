"""What every store does the same way: SPARQL through rdflib, named graphs, export.

A backend (Oxigraph on disk, rdflib in memory, a SPARQL server) sets `dataset` (an
rdflib Dataset whose default graph is the union of the named graphs) and writes in
its own fastest atomic way; reading, counting and serialising are shared here, so
SPARQL, serialisers and pyshacl see every backend alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import XSD, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result

import pyoxigraph as ox

from kg import vocab
from kg.ids import DERIVED_GRAPH, DIP, ONTOLOGY_GRAPH, PREFIXES, PROLOGUE
from kg.rdf import Triple, nquads
from kg.store import facts
from kg.store.derived import Delta, Deriver

VERSION = f"<{DERIVED_GRAPH}> <{DIP.version}>"  # the derived graph's stamp, new with every change

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

    def __init__(self, location: str, dataset: Dataset | Callable[[], Dataset], *, read_only: bool = False):
        """`dataset` may be a function that makes it: it is then made on first use, so a
        command that never needs rdflib's SPARQL engine never loads it."""
        self.location = location
        self.read_only = read_only
        self._dataset = dataset
        self._made = not callable(dataset) or isinstance(dataset, Dataset)
        if self._made:
            self._bind(dataset)

    @property
    def dataset(self) -> Dataset:
        if not self._made:
            self._dataset, self._made = self._dataset(), True
            self._bind(self._dataset)
        return self._dataset

    @dataset.setter
    def dataset(self, value) -> None:
        self._dataset, self._made = value, True

    @staticmethod
    def _bind(dataset) -> None:
        if dataset is not None:
            for prefix, namespace in PREFIXES.items():
                dataset.bind(prefix, namespace)

    def _ensure_ontology(self) -> None:
        if not self.read_only and not self._has_graph(ONTOLOGY_GRAPH):
            self.replace_graphs({ONTOLOGY_GRAPH: vocab.ontology_graph()})

    # -- writing: the documents and what they imply together, in one transaction ----------
    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        """Replace each named graph by the given triples, all or nothing, with the derived
        graph brought up to date in the same write (a graph named like it is ignored: it
        is derived, never loaded)."""
        self.replace_nquads({name: nquads(name, content) for name, content in graphs.items() if name != DERIVED_GRAPH})

    def replace_nquads(self, graphs: Mapping[URIRef, str]) -> None:
        """Replace each named graph by its N-Quads text (whose lines all name that graph)."""
        graphs = {name: text for name, text in graphs.items() if name != DERIVED_GRAPH}
        try:  # fail before touching anything
            parsed = {name: [(q.subject, q.predicate, q.object) for q in ox.parse(text, format=ox.RdfFormat.N_QUADS)]
                      for name, text in graphs.items()}
        except SyntaxError as err:
            raise ValueError(f"malformed N-Quads: {first_line(err)}") from err
        changes = {str(name): facts.read(str(name), triples) for name, triples in parsed.items() if is_source(name)}
        delta = self._derive(changes) if changes else None
        try:
            self._commit(graphs, delta)
        except BaseException:
            self._deriver = None  # the store was not changed: start again from what it holds
            raise

    def rederive(self) -> Delta:
        """Bring the derived graph up to date with the documents (e.g. after a SPARQL Update
        changed graphs behind the store's back); returns what changed."""
        self._deriver = None
        delta = self._derive({})
        if delta:
            self._commit({}, delta)
        return delta

    def _derive(self, changes: Mapping[str, facts.Source]) -> Delta:
        if getattr(self, "_deriver", None) is None:
            self._deriver = Deriver(self._read_sources())
            self._deriver.derive()
            self._stored = self.derived_lines()
        delta = self._deriver.update(changes)
        if self._stored is not None:  # the first write: from what the store holds, whatever wrote it
            target = self._deriver.lines()
            delta = Delta(sorted(self._stored - target), sorted(target - self._stored))
            self._stored = None
        return delta

    def _commit(self, graphs: Mapping[URIRef, str], delta: Delta | None) -> None:
        """Write the graphs (N-Quads) and the derived delta as one transaction."""
        raise NotImplementedError

    def _read_sources(self) -> dict[str, facts.Source]:
        """Every source graph's facts, read from the store."""
        triples: dict[str, list] = {}
        for g, s, p, o in self._quads():
            if is_source(g):
                triples.setdefault(g.value, []).append((s, p, o))
        return {name: facts.read(name, content) for name, content in triples.items()}

    def _quads(self) -> Iterator[tuple]:
        """Every quad, as pyoxigraph terms (graph, subject, predicate, object)."""
        rows = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in rows:
            yield tuple(facts.to_oxigraph(t) for t in row)

    def derived_lines(self) -> set[str]:
        """The derived graph as N-Triples lines (without its version stamp)."""
        rows = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}")
        lines = {" ".join(str(facts.to_oxigraph(t)) for t in row) for row in rows}
        return {line for line in lines if not line.startswith(VERSION)}

    def expected_derived(self) -> set[str]:
        """What the derived graph should hold, computed afresh from the documents."""
        deriver = Deriver(self._read_sources())
        deriver.derive()
        return deriver.lines()

    def cache_path(self, name: str):
        """Where a reader may keep something it computed from this store (a Path), or None."""
        return None

    def version(self) -> str | None:
        """The derived graph's stamp: it changes with every write of documents."""
        rows = self.select(f"SELECT ?v WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ <{DERIVED_GRAPH}> dip:version ?v }} }}")
        found = [str(row[0]) for row in rows]
        return found[0] if found else None

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
        """The rows of a fixed SELECT as plain Python values (IRIs and text as str, numbers,
        dates), with `bindings` (name -> RDF term) handed to the engine as bound variables,
        never spliced into the query text (Oxigraph substitutes only variables that the
        query projects)."""
        return self.table(sparql, bindings).rows

    def table(self, sparql: str, bindings: dict | None = None) -> Table:
        """A SELECT's columns, rows of plain Python values, and each column's one datatype
        (what `Rows.df` types by); the predeclared prefixes are added."""
        try:
            if bindings:
                result = self.dataset.query(PROLOGUE + sparql, initBindings={Variable(k): v for k, v in bindings.items()})
            else:
                result = self.dataset.query(PROLOGUE + sparql)
            terms = [tuple(row) for row in result]
        except OSError:
            raise
        except Exception as err:
            raise QueryError(first_line(err)) from err
        columns = [str(v) for v in result.vars]
        return Table(columns, [tuple(python(t) for t in row) for row in terms],
                     [_one_datatype(row[i] for row in terms) for i in range(len(columns))])

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

    def union_graph(self, *, include_ontology: bool = True, include_derived: bool = False) -> Graph:
        """All documents' triples (and the ontology, the derived graph) as one plain rdflib Graph."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for name in self.graph_names():
            if (include_ontology or name != ONTOLOGY_GRAPH) and (include_derived or name != DERIVED_GRAPH):
                graph += plain_strings(self.graph(name))
        return graph

    def serialize(self, fmt: str, *, include_ontology: bool = False, include_derived: bool = False) -> str:
        if fmt not in RDF_FORMATS:
            raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(RDF_FORMATS)})")
        if fmt in QUAD_FORMATS:
            out = Dataset()
            for prefix, namespace in PREFIXES.items():
                out.bind(prefix, namespace)
            for name in self.graph_names():
                if (include_ontology or name != ONTOLOGY_GRAPH) and (include_derived or name != DERIVED_GRAPH):
                    target = out.graph(name)
                    target += plain_strings(self.graph(name))
            return out.serialize(format=RDF_FORMATS[fmt])
        union = self.union_graph(include_ontology=include_ontology, include_derived=include_derived)
        return union.serialize(format=RDF_FORMATS[fmt])

    def close(self) -> None:
        if self._made and self._dataset is not None:
            self._dataset.close()
        self.dataset = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]
    datatypes: list[str | None]  # per column: the one XSD datatype its literals share, if any


def python(term):
    """An RDF term as a plain Python value: IRIs and text as str, numbers, dates, booleans."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _one_datatype(terms: Iterable) -> str | None:
    found = {str(t.datatype) if isinstance(t, Literal) and t.datatype else None for t in terms if t is not None}
    return found.pop() if len(found) == 1 else None


def is_source(name: object) -> bool:
    """A graph of documents (a build's article graphs, a loaded file's), not the ontology's or the derived one."""
    return str(getattr(name, "value", name)) not in (str(ONTOLOGY_GRAPH), str(DERIVED_GRAPH))


def update_text(graphs: Mapping[URIRef, str], delta: Delta | None, drop: Iterable[URIRef], version: str) -> str:
    """One SPARQL Update that swaps the graphs' content and applies the derived delta: a
    server (Oxigraph, Fuseki) runs one update request as one transaction.

    An N-Quads line `s p o g .` is the SPARQL quad `GRAPH g { s p o . }`: graph names are
    IRIs without spaces, so the last two fields split off cleanly.
    """
    parts = [f"DROP SILENT GRAPH <{name}>" for name in drop]
    derived = f"<{DERIVED_GRAPH}>"
    if delta is not None and delta.removed:
        parts.append("DELETE DATA {\n" + "\n".join(f"GRAPH {derived} {{ {line} . }}" for line in delta.removed) + "\n}")
    quads = []
    for text in graphs.values():
        for line in text.splitlines():
            if line.strip():
                spo, g, _dot = line.rsplit(" ", 2)
                quads.append(f"GRAPH {g} {{ {spo} . }}")
    if delta is not None:
        quads.extend(f"GRAPH {derived} {{ {line} . }}" for line in delta.added)
        parts.append(f"DELETE WHERE {{ GRAPH {derived} {{ {derived} <{DIP.version}> ?v }} }}")
        quads.append(f'GRAPH {derived} {{ {VERSION} "{version}" . }}')
    if quads:
        parts.append("INSERT DATA {\n" + "\n".join(quads) + "\n}")
    return " ;\n".join(parts)


def new_version() -> str:
    import uuid

    return uuid.uuid4().hex


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
