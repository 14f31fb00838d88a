"""The RDF store: an rdflib Dataset over Oxigraph on disk, or rdflib in memory.

Everyone reads through rdflib (`Store.dataset`), so SPARQL, serialisers and
pyshacl work the same on both backends. Writes take the fast, atomic path of each
backend: on Oxigraph one transaction per batch of whole documents — an N-Quads
load when the batch only adds new graphs (the common, incremental case), one SPARQL
Update (drop the old graphs, insert the new triples) when it replaces some — so a
failed build never leaves half a document, or half a batch, behind.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from kg import resources
from kg.rdf import ONTOLOGY_GRAPH, PREFIXES, Triple

# Oxigraph keeps written data in memory until its background flush catches up, which
# on a long build it does not: memory grew ~1 GB per 10^6 triples (benchmarks/bench_rss.py).
# An explicit flush after this many written triples keeps a build's memory flat.
FLUSH_EVERY_TRIPLES = 100_000

DEFAULT_LOCATION = "kg-store"
MEMORY = "memory"

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


def default_location() -> str:
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


class Store:
    def __new__(cls, location: str | os.PathLike | None = None, **options):
        # `--store http://...` names a SPARQL server: kg/remote.py keeps that apart.
        from kg.remote import RemoteStore, is_remote

        if cls is Store and is_remote(location or default_location()):
            cls = RemoteStore
        return super().__new__(cls)

    def __init__(self, location: str | os.PathLike | None = None, *, read_only: bool = False):
        """Open (or create) a store; `read_only` opens an existing Oxigraph store as a
        snapshot of that moment, which works while another process writes to it
        (RocksDB reads the last committed state; pyoxigraph calls this unsupported,
        so a reader may at worst get an I/O error while a writer compacts)."""
        self.location = str(location or default_location())
        self.read_only = read_only
        self._oxigraph: pyoxigraph.Store | None = None
        self._unflushed = 0
        if self.location == MEMORY:
            self.dataset = Dataset(default_union=True)
        else:
            path = Path(self.location)
            if path.exists() and not path.is_dir():
                raise StoreError(f"cannot open store '{path}': it is a file, not a store directory")
            try:
                self._oxigraph = _open_read_only(path) if read_only else pyoxigraph.Store(str(path))
            except OSError as err:
                raise StoreError(_open_error(path, err)) from err
            self.dataset = Dataset(store=OxigraphStore(store=self._oxigraph), default_union=True)
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)
        if not read_only and not self._has_graph(ONTOLOGY_GRAPH):
            self.replace_graphs({ONTOLOGY_GRAPH: resources.ontology_graph()})

    # -- writing -------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        """Replace each named graph by the given triples, all or nothing."""
        if self._oxigraph is not None:
            self.replace_nquads({name: nquads(name, content) for name, content in graphs.items()})
            return
        staged = {name: list(content) for name, content in graphs.items()}  # fail before touching anything
        for name, content in staged.items():
            self.dataset.remove_graph(name)
            graph = self.dataset.graph(name)
            graph.addN((s, p, o, graph) for s, p, o in content)

    def replace_nquads(self, graphs: Mapping[URIRef, str]) -> None:
        """Replace each named graph by its N-Quads text (whose lines all name that graph).

        The bulk path of a build: extraction writes N-Quads as it goes (in a worker,
        or a Dask task), and here they go in as one transaction per batch.
        """
        if self._oxigraph is None:
            staged = Dataset()
            staged.parse(data="".join(graphs.values()), format="nquads")  # fail before touching anything
            self.replace_graphs({name: list(staged.graph(name)) for name in graphs})
            return
        if self.existing_graphs(graphs):
            self._oxigraph.update(_replace_update(graphs))
        else:  # nothing to drop: Oxigraph's N-Quads parser is ~3x faster than SPARQL Update
            self._oxigraph.load("".join(graphs.values()), format=pyoxigraph.RdfFormat.N_QUADS)
        self._unflushed += sum(text.count("\n") for text in graphs.values())
        if self._unflushed >= FLUSH_EVERY_TRIPLES:
            self._oxigraph.flush()
            self._unflushed = 0

    # -- reading -------------------------------------------------------------
    def query(self, sparql: str) -> Result:
        try:
            result = self.dataset.query(sparql)
            if result.type == "SELECT":
                # Drain Oxigraph's lazy iterator now: it pins the store (and its file
                # lock) for as long as any unfinished result is alive.
                result.bindings = list(result.bindings)
            return result
        except OSError:
            raise
        except RuntimeError as err:
            if self._oxigraph is not None:  # Oxigraph's I/O and storage errors, not the query's
                raise StoreError(f"cannot read store '{self.location}': {_first_line(err)}") from err
            raise QueryError(_first_line(err)) from err
        except Exception as err:  # each engine has its own parser errors (SyntaxError, ParseException)
            raise QueryError(_first_line(err)) from err

    def graph_names(self) -> list[URIRef]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in rows)

    def graph(self, name: URIRef) -> Graph:
        """One named graph (a document's, or the ontology), read without adding it."""
        return self.dataset.get_context(name)

    def existing_graphs(self, names: Iterable[URIRef]) -> set[URIRef]:
        """Those of `names` that the store holds (with at least one triple)."""
        if self._oxigraph is not None:
            return {name for name in names if self._oxigraph.contains_named_graph(pyoxigraph.NamedNode(str(name)))}
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
                graph += _plain_strings(self.graph(name))
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
                    target += _plain_strings(self.graph(name))
            return out.serialize(format=RDF_FORMATS[fmt])
        return self.union_graph(include_ontology=include_ontology).serialize(format=RDF_FORMATS[fmt])

    def close(self) -> None:
        """Release the store, and with it Oxigraph's lock on the directory."""
        if self.dataset is not None:
            self.dataset.close()
        self.dataset = None
        if self._oxigraph is not None:
            if not self.read_only:
                self._oxigraph.flush()
            self._oxigraph = None
            gc.collect()  # rdflib graphs and results form cycles that still hold the store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _replace_update(graphs: Mapping[URIRef, str]) -> str:
    """One SPARQL Update that swaps the graphs' content: Oxigraph runs it as one transaction.

    An N-Quads line `s p o g .` is the SPARQL quad `GRAPH g { s p o . }`: graph names
    are IRIs without spaces, so the last two fields split off cleanly.
    """
    parts = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
    quads = []
    for text in graphs.values():
        for line in text.splitlines():
            spo, g, _dot = line.rsplit(" ", 2)
            quads.append(f"GRAPH {g} {{ {spo} . }}")
    if quads:
        parts.append("INSERT DATA {\n" + "\n".join(quads) + "\n}")
    return " ;\n".join(parts)


def nquads(name: URIRef, triples: Iterable[Triple]) -> str:
    """One graph as N-Quads text: what Oxigraph loads fastest, and what Dask shards carry."""
    g = ntriples_term(name)
    return "".join(f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} {g} .\n" for s, p, o in triples)


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


def _plain_strings(triples: Iterable[Triple]) -> Iterator[Triple]:
    """Oxigraph hands back "x"^^xsd:string where rdflib writes "x"; RDF 1.1 says they are
    the same term, but rdflib (and so pyshacl's sh:in, and serialisers) compare them as
    different. One spelling for everyone: the plain one."""
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        yield s, p, o


def _open_read_only(path: Path, attempts: int = 6) -> pyoxigraph.Store:
    """A snapshot open lists the store's files while a writer may be retiring one (an
    old write-ahead log): the open then fails with "No such file", and a moment later
    succeeds on the new set of files."""
    for attempt in range(attempts):
        try:
            return pyoxigraph.Store.read_only(str(path))
        except (OSError, RuntimeError) as err:  # RocksDB says "Corruption" for a retired file
            if "No such file" not in str(err) or attempt == attempts - 1:
                raise OSError(_first_line(err)) from err
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def _open_error(path: Path, err: OSError) -> str:
    text = str(err)
    if "LOCK" in text and ("temporarily unavailable" in text or "lock hold" in text):
        # RocksDB's own lock: another process (a build, a load, a server) has it open to write.
        return (
            f"store '{path}' is open for writing by another process (a `kg build`, `kg load` "
            "or `kg serve`); wait for it to finish (queries work meanwhile)"
        )
    return f"cannot open store '{path}': {_first_line(err)}"


def _first_line(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0] if len(text) > 300 else text
