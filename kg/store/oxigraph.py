"""Oxigraph on disk, the default store: RocksDB files in a directory, one writer at a time.

Writes take the atomic path: one transaction per batch of whole documents — one
SPARQL Update that drops the graphs it replaces, inserts the new triples and brings
the derived graph up to date (kg/store/derived.py) — so a failed build never leaves
half a document, half a batch, or a derived graph that disagrees with them, behind.
Opening for writing takes the store's write lock first (kg/store/lock.py), whoever
opens it: a build, a load, the Python API, or the endpoint's update worker.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from datetime import date
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, URIRef

from kg.ids import DERIVED_GRAPH, PROLOGUE
from kg.store.base import VERSION, QueryError, Store, StoreError, Table, first_line, new_version, update_text
from kg.store.facts import to_oxigraph
from kg.store.derived import Delta
from kg.store.lock import write_lock

# Oxigraph keeps written data in memory until its background flush catches up, which
# on a long build it does not: memory grew ~1 GB per 10^6 triples (benchmarks/bench_rss.py).
# An explicit flush after this many written triples keeps a build's memory flat.
FLUSH_EVERY_TRIPLES = 100_000


class DiskStore(Store):
    def __init__(self, location: str, *, read_only: bool = False, wait: bool = False):
        """Open (or create) a store; `read_only` opens an existing store as a snapshot
        of that moment, which works while another process writes to it (RocksDB reads
        the last committed state; pyoxigraph calls this unsupported, so a reader may at
        worst get an I/O error while a writer compacts). A writer holds the write lock
        until `close()`; `wait` queues behind another writer instead of refusing."""
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"cannot open store '{path}': it is a file, not a store directory")
        self._unflushed = 0
        self._held = ExitStack()
        try:
            if not read_only:
                self._held.enter_context(write_lock(path, wait=wait))
            try:
                self.native = open_read_only(path) if read_only else pyoxigraph.Store(str(_created(path)))
            except OSError as err:
                raise StoreError(_open_error(path, err)) from err
        except BaseException:
            self._held.close()
            raise
        super().__init__(str(location), self._rdflib_dataset, read_only=read_only)
        self._ensure_ontology()

    def _rdflib_dataset(self) -> Dataset:
        """rdflib's view of the store (for `query`, serialisers and pyshacl), made when first needed."""
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self.native), default_union=True)

    def cache_path(self, name: str) -> Path:
        return Path(self.location) / name

    def _has_graph(self, name: URIRef) -> bool:
        return self.native.contains_named_graph(pyoxigraph.NamedNode(str(name)))

    def _commit(self, graphs: Mapping[URIRef, str], delta: Delta | None) -> None:
        """One transaction per batch: a SPARQL Update that drops the replaced graphs, inserts
        the new triples and applies the derived delta; an N-Quads load (~3x faster to parse)
        when there is nothing to drop or derive (the ontology of a new store)."""
        drop = sorted(self.existing_graphs(graphs))
        if drop or delta is not None:
            self.native.update(update_text(graphs, delta, drop, new_version()))
        else:
            self.native.load("".join(graphs.values()), format=pyoxigraph.RdfFormat.N_QUADS)
        self._unflushed += sum(text.count("\n") for text in graphs.values()) + (len(delta.added) if delta else 0)
        if self._unflushed >= FLUSH_EVERY_TRIPLES:
            self.native.flush()
            self._unflushed = 0

    def _quads(self):
        return _native_quads(self.native)

    def derived_lines(self) -> set[str]:
        return _native_derived_lines(self.native)

    def query(self, sparql: str):
        try:
            return super().query(sparql)
        except QueryError as err:
            if isinstance(err.__cause__, RuntimeError):
                # Oxigraph's I/O and storage errors, not the query's
                raise StoreError(f"cannot read store '{self.location}': {err}") from err.__cause__
            raise

    def native_query(self, sparql: str):
        """A query straight to Oxigraph (the predeclared prefixes added): pyoxigraph's
        solutions, boolean or triples, with no rdflib terms made on the way."""
        try:
            return self.native.query(PROLOGUE + sparql, use_default_graph_as_union=True)
        except SyntaxError as err:
            raise QueryError(first_line(err)) from err
        except (OSError, RuntimeError) as err:
            raise StoreError(f"cannot read store '{self.location}': {first_line(err)}") from err

    def table(self, sparql: str, bindings: dict | None = None) -> Table:
        """Natively: the rows go from Oxigraph to Python values without rdflib terms between."""
        substitutions = {pyoxigraph.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            solutions = self.native.query(PROLOGUE + sparql, use_default_graph_as_union=True, substitutions=substitutions)
            return self.table_of(solutions)
        except SyntaxError as err:
            raise QueryError(first_line(err)) from err
        except (OSError, RuntimeError) as err:
            raise StoreError(f"cannot read store '{self.location}': {first_line(err)}") from err

    def table_of(self, solutions) -> Table:
        """pyoxigraph's solutions as a Table of plain Python values."""
        try:
            columns = [v.value for v in solutions.variables]
            terms = [tuple(solution[c] for c in columns) for solution in solutions]
        except (OSError, RuntimeError) as err:
            raise StoreError(f"cannot read store '{self.location}': {first_line(err)}") from err
        datatypes = []
        for i in range(len(columns)):
            found = {t.datatype.value if isinstance(t, pyoxigraph.Literal) else None for row in terms if (t := row[i]) is not None}
            datatypes.append(found.pop() if len(found) == 1 else None)
        return Table(columns, [tuple(_python(t) for t in row) for row in terms], datatypes)

    def __len__(self) -> int:
        return len(self.native)

    def existing_graphs(self, names: Iterable[URIRef]) -> set[URIRef]:
        return {name for name in names if self.native.contains_named_graph(pyoxigraph.NamedNode(str(name)))}

    def close(self) -> None:
        """Release the store, Oxigraph's lock on the directory, and the write lock."""
        super().close()
        if getattr(self, "native", None) is not None:
            if not self.read_only:
                self.native.flush()
            self.native = None
            gc.collect()  # rdflib graphs and results form cycles that still hold the store
        self._held.close()


def _native_quads(native: pyoxigraph.Store):
    for quad in native:
        yield quad.graph_name, quad.subject, quad.predicate, quad.object


def _native_derived_lines(native: pyoxigraph.Store) -> set[str]:
    quads = native.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(DERIVED_GRAPH)))
    lines = {f"{q.subject} {q.predicate} {q.object}" for q in quads}
    return {line for line in lines if not line.startswith(VERSION)}


def rederive_native(native: pyoxigraph.Store) -> Delta:
    """Bring the derived graph of an Oxigraph store its caller writes to directly (the
    endpoint's SPARQL Update) up to date with its documents, in one more transaction."""
    from kg.store.base import is_source
    from kg.store.derived import Deriver
    from kg.store.facts import read

    triples: dict[str, list] = {}
    for g, s, p, o in _native_quads(native):
        if is_source(g):
            triples.setdefault(g.value, []).append((s, p, o))
    deriver = Deriver({name: read(name, content) for name, content in triples.items()})
    deriver.derive()
    stored, target = _native_derived_lines(native), deriver.lines()
    delta = Delta(sorted(stored - target), sorted(target - stored))
    if delta:
        native.update(update_text({}, delta, [], new_version()))
    return delta


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def _python(term):
    """A pyoxigraph term as the plain value rdflib's toPython would give."""
    if term is None:
        return None
    if not isinstance(term, pyoxigraph.Literal):
        return term.value
    datatype, value = term.datatype.value, term.value
    try:
        if datatype == _XSD + "date":
            return date.fromisoformat(value)
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
        if datatype == _XSD + "boolean":
            return value in ("true", "1")
    except ValueError:
        pass
    return value


def _created(path: Path) -> Path:
    """The store at `path`, made whole first if it is new (the caller holds the write lock).

    RocksDB writes CURRENT before it creates its column families; a process killed in
    between leaves a directory that looks like a store and that no one can open. So a new
    store is made in a sibling directory and its files are moved in, CURRENT last: the
    store at `path` is either absent or whole."""
    if (path / "CURRENT").exists():
        return path
    staging = path.with_name(f".{path.name}.creating")
    shutil.rmtree(staging, ignore_errors=True)  # what an interrupted creation left
    native = pyoxigraph.Store(str(staging))
    del native  # closes it: RocksDB releases its files
    gc.collect()
    for item in sorted(staging.iterdir(), key=lambda item: item.name == "CURRENT"):
        os.replace(item, path / item.name)
    staging.rmdir()
    return path


def open_read_only(path: Path, attempts: int = 6) -> pyoxigraph.Store:
    """A snapshot open lists the store's files while a writer may be retiring one (an
    old write-ahead log): the open then fails with "No such file", and a moment later
    succeeds on the new set of files."""
    for attempt in range(attempts):
        try:
            return pyoxigraph.Store.read_only(str(path))
        except (OSError, RuntimeError) as err:  # RocksDB says "Corruption" for a retired file
            if "No such file" not in str(err) or attempt == attempts - 1:
                raise OSError(first_line(err)) from err
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
    return f"cannot open store '{path}': {first_line(err)}"


