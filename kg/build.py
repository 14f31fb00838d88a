"""ingest -> extract -> rdf -> store, streamed in batches of whole documents.

The sources are read twice: once to check every record (so bad input costs nothing
but the error message, and the store is not touched), then again to build, one
document at a time, so memory stays flat however big the corpus. Documents already
in the store (same content hash, hence same graph name) are skipped unless forced;
the others are parsed with `nlp.pipe`, turned into N-Quads, and committed in one
transaction per batch of whole documents. A crash mid-build leaves the batches
committed so far, each document whole, and the next build skips exactly those.
Re-building a document replaces its graph instead of adding to it.
"""

from __future__ import annotations

import io
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from rdflib import URIRef

from kg import nlp, resources
from kg.extract import extract, gazetteer
from kg.ingest import STDIN, IngestError, iter_documents
from kg.model import Document, Extraction
from kg.rdf import ONTOLOGY_GRAPH, graph_iri, triples
from kg.store import Store, nquads

# Documents per store transaction: big enough that the commit cost vanishes next to
# the NLP (benchmarks/bench_build.py), small enough that a batch's N-Quads are a few MB.
COMMIT_DOCUMENTS = 200

Progress = Callable[[Document], None]


class IngestErrors(ValueError):
    """Every bad record of a build, reported together."""

    def __init__(self, errors: list[IngestError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class BuildSummary:
    documents: int  # built (extracted and written) in this run
    words: int  # of the built documents
    entities: int
    events: int
    triples: int  # written for these documents
    store_triples: int  # in the whole store afterwards
    seconds: float
    skipped: int = 0  # already in the store, unchanged

    def line(self) -> str:
        skipped = f", skipped {self.skipped} unchanged" if self.skipped else ""
        return (
            f"{self.documents} documents, {self.entities} entities, {self.events} events, "
            f"{self.triples} triples ({self.store_triples} in store){skipped} in {self.seconds:.1f} s"
        )


@dataclass
class Sources:
    """Sources whose every record has been read and found good; `documents()` reads them again.

    Standard input can be read only once, so its text is kept; files are re-read.
    """

    paths: list[str]
    count: int
    words: int
    stdin_text: str | None = field(default=None, repr=False)
    errors: list[IngestError] = field(default_factory=list)  # the bad records, each reported once

    def all_good(self) -> Sources:
        """These sources, or IngestErrors naming every bad record (or that there was none)."""
        if self.errors:
            raise IngestErrors(self.errors)
        if not self.count:
            raise IngestErrors([IngestError(", ".join(self.paths), None, "no documents found")])
        return self

    def documents(self) -> Iterator[Document]:
        """The good documents again; the bad records were reported when checked."""
        stdin = io.StringIO(self.stdin_text) if self.stdin_text is not None else None
        return iter_documents(self.paths, stdin=stdin, on_error=lambda _error: None)


def check_sources(sources: Iterable[str], stdin=None) -> Sources:
    """Read every record once, keeping counts and every bad record; the caller decides
    whether bad records stop the build (`kg build --strict`, the Python API) or not."""
    paths = [str(s) for s in sources]
    stdin_text = (stdin.read() if stdin is not None else None) if STDIN in paths else None
    errors: list[IngestError] = []
    count = words = 0
    replay = io.StringIO(stdin_text) if stdin_text is not None else None
    for document in iter_documents(paths, on_error=errors.append, stdin=replay):
        count += 1
        words += document.words
    return Sources(paths, count, words, stdin_text, errors)


def read_all(sources: Iterable[str], stdin=None) -> list[Document]:
    """All documents of the sources in memory, or IngestErrors naming every bad record."""
    errors: list[IngestError] = []
    documents = list(iter_documents(sources, on_error=errors.append, stdin=stdin))
    if errors:
        raise IngestErrors(errors)
    if not documents:
        raise IngestErrors([IngestError(", ".join(map(str, sources)), None, "no documents found")])
    return documents


def document_nquads(extraction: Extraction) -> str:
    """One document's graph as N-Quads, each triple once."""
    return nquads(graph_iri(extraction.document.id), dict.fromkeys(triples(extraction)))


@dataclass
class Shard:
    """A partition of documents extracted and written as N-Quads, graph by graph, with counts.

    What a worker process or a Dask task sends back: text and numbers, cheap to ship.
    """

    graphs: dict[str, str]  # graph IRI -> N-Quads of that document
    events: int = 0
    entities: set[str] = field(default_factory=set)

    @property
    def triples(self) -> int:
        return sum(text.count("\n") for text in self.graphs.values())


def extract_shard(documents: list[Document]) -> Shard:
    """Extract a partition and write it as N-Quads (in this process, a worker, or a Dask task)."""
    shard = Shard(graphs={})
    for extraction in extract(documents):
        shard.graphs[str(graph_iri(extraction.document.id))] = document_nquads(extraction)
        shard.events += len(extraction.events)
        shard.entities.update(e.key for e in extraction.entities)
    return shard


@dataclass
class Tally:
    """What a build did, added up shard by shard (entity keys are kept to count distinct ones)."""

    documents: int = 0
    words: int = 0
    skipped: int = 0
    events: int = 0
    triples: int = 0
    entities: set[str] = field(default_factory=set)

    def commit(self, store: Store, documents: list[Document], shard: Shard, progress: Progress | None) -> None:
        """Write a shard in one transaction, then count it."""
        store.replace_nquads({URIRef(name): text for name, text in shard.graphs.items()})
        self.documents += len(documents)
        self.words += sum(d.words for d in documents)
        self.events += shard.events
        self.triples += shard.triples
        self.entities |= shard.entities
        if progress:
            for document in documents:
                progress(document)

    def summary(self, store: Store, started: float) -> BuildSummary:
        return BuildSummary(
            documents=self.documents,
            words=self.words,
            entities=len(self.entities),
            events=self.events,
            triples=self.triples,
            store_triples=len(store),
            seconds=time.perf_counter() - started,
            skipped=self.skipped,
        )


def new_documents(
    store: Store,
    documents: Iterable[Document],
    tally: Tally,
    *,
    force: bool = False,
    chunk: int = COMMIT_DOCUMENTS,
    progress: Progress | None = None,
) -> Iterator[Document]:
    """The documents that need building: not yet in the store (all of them with `force`).

    Checked a chunk at a time, so the store is asked once per chunk, not per document;
    a document repeated within a chunk is built once.
    """
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, chunk)):
        unique = list({d.id: d for d in batch}.values())
        present = set() if force else store.existing_graphs([graph_iri(d.id) for d in unique])
        for document in unique:
            if graph_iri(document.id) in present:
                tally.skipped += 1
                if progress:
                    progress(document)
            else:
                yield document


def refresh_ontology(store: Store) -> None:
    """A store follows the ontology of the version that last wrote to it."""
    store.replace_graphs({ONTOLOGY_GRAPH: resources.ontology_graph()})


def partitions(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while partition := list(itertools.islice(iterator, size)):
        yield partition


def build(
    store: Store,
    documents: Iterable[Document],
    *,
    workers: int = 1,
    force: bool = False,
    commit_documents: int = COMMIT_DOCUMENTS,
    progress: Progress | None = None,
) -> BuildSummary:
    """Extract the documents that are not in `store` yet and write their graphs, a
    partition of whole documents per transaction.

    `documents` may be a list (`read_all`) or a stream (`check_sources(...).documents()`);
    only a few partitions are held at a time. With `workers` > 1 each worker process
    parses and extracts whole partitions (the same `extract_shard` a Dask task runs),
    and this process only reads and commits.
    """
    started = time.perf_counter()
    tally = Tally()
    refresh_ontology(store)
    todo = new_documents(store, documents, tally, force=force, chunk=commit_documents, progress=progress)
    if workers <= 1:
        for partition in partitions(todo, commit_documents):
            tally.commit(store, partition, extract_shard(partition), progress)
    else:
        for partition, shard in _in_worker_processes(todo, workers, min(commit_documents, WORKER_PARTITION)):
            tally.commit(store, partition, shard, progress)
    return tally.summary(store, started)


# Documents per task in a worker process: enough to fill nlp.pipe's batches, few enough
# that both workers stay busy to the end of a small corpus.
WORKER_PARTITION = 32


def _in_worker_processes(documents: Iterable[Document], workers: int, size: int) -> Iterator[tuple[list[Document], Shard]]:
    """(partition, shard) pairs from a pool of worker processes, in input order, with at
    most two partitions per worker in flight (memory stays flat on any corpus)."""
    nlp.load(), gazetteer.load()  # loaded once here; forked workers share the loaded model
    pending: deque[tuple[list[Document], Future]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for partition in partitions(documents, size):
            pending.append((partition, pool.submit(extract_shard, partition)))
            if len(pending) >= 2 * workers:
                partition, future = pending.popleft()
                yield partition, future.result()
        while pending:
            partition, future = pending.popleft()
            yield partition, future.result()
