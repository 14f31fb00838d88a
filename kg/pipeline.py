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
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from rdflib import URIRef

from kg import vocab
from kg.ids import ONTOLOGY_GRAPH, graph_iri
from kg.ingest import STDIN, IngestError, ReadOptions, iter_documents
from kg.model import Document, Extraction
from kg.rdf import document_nquads
from kg.store import Store

# Seconds one document's extraction may take before it is given up (`--doc-timeout`).
DOC_TIMEOUT = float(os.environ.get("KG_DOC_TIMEOUT") or 60)

# Documents per store transaction: big enough that the commit cost vanishes next to
# the NLP (benchmarks/bench_build.py), small enough that a batch's N-Quads are a few MB.
COMMIT_DOCUMENTS = 200

Progress = Callable[[Document], None]
Skip = Callable[[IngestError], None]


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
    errors: list[IngestError] = field(default_factory=list)  # bad records and documents given up on, skipped

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
    options: ReadOptions = field(default_factory=ReadOptions)  # how they were read (e.g. a default date)

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
        return iter_documents(self.paths, stdin=stdin, on_error=lambda _error: None, options=self.options)


def check_sources(sources: Iterable[str], stdin=None, options: ReadOptions = ReadOptions()) -> Sources:
    """Read every record once, keeping counts and every bad record; the caller decides
    whether bad records stop the build (`kg build --strict`, the Python API) or not."""
    paths = [str(s) for s in sources]
    stdin_text = (stdin.read() if stdin is not None else None) if STDIN in paths else None
    errors: list[IngestError] = []
    count = words = 0
    replay = io.StringIO(stdin_text) if stdin_text is not None else None
    for document in iter_documents(paths, on_error=errors.append, stdin=replay, options=options):
        count += 1
        words += document.words
    return Sources(paths, count, words, stdin_text, errors, options)


def read_all(sources: Iterable[str], stdin=None, options: ReadOptions = ReadOptions()) -> list[Document]:
    """All documents of the sources in memory, or IngestErrors naming every bad record."""
    errors: list[IngestError] = []
    documents = list(iter_documents(sources, on_error=errors.append, stdin=stdin, options=options))
    if errors:
        raise IngestErrors(errors)
    if not documents:
        raise IngestErrors([IngestError(", ".join(map(str, sources)), None, "no documents found")])
    return documents


def extract_all(
    documents: Iterable[Document], *, doc_timeout: float = DOC_TIMEOUT, on_skip: Skip | None = None
) -> Iterator[Extraction]:
    """Each document's extraction, in input order, without a store."""
    from kg.nlp import extract  # spaCy loads only when something is extracted, not for `kg query`

    return extract(documents)


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
    for extraction in extract_all(documents):
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
    errors: list[IngestError] = field(default_factory=list)

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
            errors=self.errors,
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
    store.replace_graphs({ONTOLOGY_GRAPH: vocab.ontology_graph()})


def partitions(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while partition := list(itertools.islice(iterator, size)):
        yield partition


def build(
    store: Store,
    documents: Sources | Iterable[Document],
    *,
    workers: int = 1,
    force: bool = False,
    engine: str = "local",
    scheduler: str = "local",
    doc_timeout: float = DOC_TIMEOUT,
    commit_documents: int = COMMIT_DOCUMENTS,
    progress: Progress | None = None,
    on_skip: Skip | None = None,
) -> BuildSummary:
    """Extract the documents that are not in `store` yet and write their graphs, a
    partition of whole documents per transaction.

    `documents` may be checked sources (streamed: only a few partitions are held at a
    time), a list (`read_all`) or any stream of Documents. The executor: this process
    (`workers` 1), a pool of worker processes (`workers` > 1, each parsing whole
    partitions, this process only reading and committing), or a Dask cluster
    (`engine` "dask" at `scheduler`). All run the same `extract_shard`, so they write
    the same graphs.
    """
    started = time.perf_counter()
    tally = Tally()
    if isinstance(documents, Sources):
        tally.errors.extend(documents.errors)
        documents = documents.documents()
    refresh_ontology(store)
    todo = new_documents(store, documents, tally, force=force, chunk=commit_documents, progress=progress)
    if engine == "dask":
        shards = _on_dask(todo, scheduler, workers)
    elif engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    elif workers <= 1:
        shards = ((partition, extract_shard(partition)) for partition in partitions(todo, commit_documents))
    else:
        shards = _in_worker_processes(todo, workers, min(commit_documents, WORKER_PARTITION))
    for partition, shard in shards:
        tally.commit(store, partition, shard, progress)
    return tally.summary(store, started)


# Documents per task in a worker process: enough to fill nlp.pipe's batches, few enough
# that both workers stay busy to the end of a small corpus.
WORKER_PARTITION = 32


def _in_worker_processes(documents: Iterable[Document], workers: int, size: int) -> Iterator[tuple[list[Document], Shard]]:
    """(partition, shard) pairs from a pool of worker processes, in input order, with at
    most two partitions per worker in flight (memory stays flat on any corpus)."""
    from kg.nlp import gazetteer, pipeline

    pipeline.load(), gazetteer.load()  # loaded once here; forked workers share the loaded model
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


# -- on a Dask cluster ----------------------------------------------------------------
# Documents per task: a few seconds of parsing, so scheduling costs nothing next to it.
DASK_PARTITION = 50
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "15s"  # Dask retries a refused connection until then


class DaskError(RuntimeError):
    """The cluster cannot be reached or started; the message is for the user."""


def connect(scheduler: str, workers: int = 2):
    """A Client on the scheduler at `scheduler`, or on a LocalCluster of `workers` processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # one spaCy pipeline per process, used by one thread
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster)
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise DaskError(f"cannot reach the Dask scheduler at '{scheduler}': {err}") from err


def _on_dask(documents: Iterable[Document], scheduler: str, workers: int) -> Iterator[tuple[list[Document], Shard]]:
    """(partition, shard) pairs from a Dask cluster, as they complete.

    The client (this process) hands partitions of whole documents to the cluster as
    Dask futures; each worker runs `extract_shard` exactly as a local build does, with
    the spaCy model loaded once per worker process, and returns N-Quads. Only a few
    partitions per worker are in flight, so memory stays flat; the documents travel
    with the tasks, so workers need the package and the model installed, not the data.
    """
    from dask.distributed import as_completed

    chunks = partitions(documents, DASK_PARTITION)
    first = next(chunks, None)
    if first is None:  # everything is in the store already: no cluster needed
        return
    client = connect(scheduler, workers)
    try:
        in_flight: dict[str, list[Document]] = {}
        done = as_completed()

        def submit(partition: list[Document] | None) -> None:
            if partition:
                future = client.submit(extract_shard, partition, pure=False)
                in_flight[future.key] = partition
                done.add(future)

        submit(first)
        size = max(1, len(client.scheduler_info().get("workers", {})))
        for _ in range(IN_FLIGHT_PER_WORKER * size - 1):
            submit(next(chunks, None))
        for future in done:
            shard = future.result()
            yield in_flight.pop(future.key), shard
            future.release()
            submit(next(chunks, None))
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and scheduler == "local":
            cluster.close()
