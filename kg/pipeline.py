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

import itertools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import URIRef

from kg import vocab
from kg.ids import ONTOLOGY_GRAPH, graph_iri
from kg.ingest import (  # noqa: F401 (the build's inputs)
    IngestError,
    IngestErrors,
    ReadOptions,
    Sources,
    check_sources,
    read_all,
)
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
    slowest: list[tuple[str, float]] = field(default_factory=list)  # (identifier, seconds), slowest first

    def line(self) -> str:
        skipped = f", skipped {self.skipped} unchanged" if self.skipped else ""
        return (
            f"{self.documents} documents, {self.entities} entities, {self.events} events, "
            f"{self.triples} triples ({self.store_triples} in store){skipped} in {self.seconds:.1f} s"
        )


def extract_all(
    documents: Iterable[Document], *, doc_timeout: float | None = DOC_TIMEOUT, workers: int = 1, on_skip: Skip | None = None
) -> Iterator[Extraction]:
    """Each document's extraction, in input order, without a store. A document whose
    extraction runs past `doc_timeout` seconds (or kills its process) is abandoned and
    handed to `on_skip` as a bad record; `doc_timeout` 0 extracts in this process, None
    is the default budget."""
    from kg.nlp.guard import Guard

    doc_timeout = DOC_TIMEOUT if doc_timeout is None else doc_timeout

    with Guard(_budget(doc_timeout, workers), workers if doc_timeout > 0 or workers > 1 else 0) as guard:
        for result in guard.extract(documents):
            if isinstance(result, Extraction):
                yield result
            elif on_skip is not None:
                on_skip(skipped(result))


def _budget(doc_timeout: float, workers: int) -> float:
    """No limit and several workers still needs the worker processes: an unreachable budget."""
    return doc_timeout if doc_timeout > 0 else (1e9 if workers > 1 else 0)


def skipped(result) -> IngestError:
    """A document the guard gave up on, as a bad record of its source: file, line, id, why."""
    document = result.document
    return IngestError(document.source or "<input>", document.line, f"{document.identifier}: {result.reason}; skipped")


@dataclass
class Shard:
    """A partition of documents extracted and written as N-Quads, graph by graph, with counts
    and the documents given up on. What a Dask task sends back: text and numbers."""

    graphs: dict[str, str] = field(default_factory=dict)  # graph IRI -> N-Quads of that document
    events: int = 0
    entities: set[str] = field(default_factory=set)
    skipped: list[IngestError] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # document identifier -> extraction time

    @property
    def triples(self) -> int:
        return sum(text.count("\n") for text in self.graphs.values())

    def add(self, extraction: Extraction) -> None:
        self.graphs[str(graph_iri(extraction.document.id))] = document_nquads(extraction)
        self.events += len(extraction.events)
        self.entities.update(e.key for e in extraction.entities)
        self.seconds[extraction.document.identifier] = extraction.seconds


def extract_shard(documents: list[Document], doc_timeout: float = DOC_TIMEOUT) -> Shard:
    """Extract a partition and write it as N-Quads, in a Dask task: the worker thread keeps
    one guarded extraction process across tasks, so the model loads once per worker."""
    from kg.nlp.guard import shared_guard

    shard = Shard()
    results = shared_guard(doc_timeout).extract(documents) if doc_timeout > 0 else extract_all(documents, doc_timeout=0)
    for result in results:
        if isinstance(result, Extraction):
            shard.add(result)
        else:
            shard.skipped.append(skipped(result))
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
    seconds: dict[str, float] = field(default_factory=dict)

    def commit(self, store: Store, documents: list[Document], shard: Shard, progress: Progress | None,
               on_skip: Skip | None = None) -> None:
        """Write a shard in one transaction, then count it; report what it gave up on."""
        if shard.graphs:
            store.replace_nquads({URIRef(name): text for name, text in shard.graphs.items()})
        for problem in shard.skipped:
            self.errors.append(problem)
            if on_skip is not None:
                on_skip(problem)
        self.seconds.update(shard.seconds)
        documents = [d for d in documents if str(graph_iri(d.id)) in shard.graphs]
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
            slowest=sorted(self.seconds.items(), key=lambda item: -item[1])[:5],
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
    doc_timeout: float | None = DOC_TIMEOUT,
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
    doc_timeout = DOC_TIMEOUT if doc_timeout is None else doc_timeout
    tally = Tally()
    if isinstance(documents, Sources):
        tally.errors.extend(documents.errors)
        documents = documents.documents()
    refresh_ontology(store)
    todo = new_documents(store, documents, tally, force=force, chunk=commit_documents, progress=progress)
    if engine == "dask":
        shards = _on_dask(todo, scheduler, workers, doc_timeout)
    elif engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    else:
        shards = _local(todo, workers, doc_timeout, commit_documents)
    for partition, shard in shards:
        tally.commit(store, partition, shard, progress, on_skip)
    return tally.summary(store, started)


def _local(documents: Iterable[Document], workers: int, doc_timeout: float, size: int) -> Iterator[tuple[list[Document], Shard]]:
    """(partition, shard) pairs from this machine: `workers` guarded extraction processes
    (each with its own model, fed batches as it finishes them), or this process itself when
    there is neither a budget nor more than one worker."""
    from kg.nlp.guard import Guard

    kept: list[Document] = []
    shard = Shard()
    with Guard(_budget(doc_timeout, workers), workers if doc_timeout > 0 or workers > 1 else 0) as guard:
        for result in guard.extract(_remember(documents, kept)):
            if isinstance(result, Extraction):
                shard.add(result)
            else:
                shard.skipped.append(skipped(result))
            if len(shard.graphs) + len(shard.skipped) >= size:
                yield _flush(kept, shard)
                shard = Shard()
    if shard.graphs or shard.skipped:
        yield _flush(kept, shard)


def _remember(documents: Iterable[Document], kept: list[Document]) -> Iterator[Document]:
    for document in documents:
        kept.append(document)
        yield document


def _flush(kept: list[Document], shard: Shard) -> tuple[list[Document], Shard]:
    """The documents a shard accounts for (results come in input order), taken off `kept`."""
    count = len(shard.graphs) + len(shard.skipped)
    partition = kept[:count]
    del kept[:count]
    return partition, shard


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
            dashboard_address=":0",  # None still tries 8787, which another cluster may hold
            silence_logs=logging.ERROR,
        )
        return Client(cluster)
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise DaskError(f"cannot reach the Dask scheduler at '{scheduler}': {err}") from err


def _on_dask(documents: Iterable[Document], scheduler: str, workers: int, doc_timeout: float) -> Iterator[tuple[list[Document], Shard]]:
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
                future = client.submit(extract_shard, partition, doc_timeout, pure=False)
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
