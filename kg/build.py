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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kg import resources
from kg.extract import extract
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

    def documents(self) -> Iterator[Document]:
        stdin = io.StringIO(self.stdin_text) if self.stdin_text is not None else None
        return iter_documents(self.paths, stdin=stdin)


def check_sources(sources: Iterable[str], stdin=None) -> Sources:
    """Read every record once, keeping only counts; IngestErrors names every bad one."""
    paths = [str(s) for s in sources]
    stdin_text = (stdin.read() if stdin is not None else None) if STDIN in paths else None
    errors: list[IngestError] = []
    count = words = 0
    replay = io.StringIO(stdin_text) if stdin_text is not None else None
    for document in iter_documents(paths, on_error=errors.append, stdin=replay):
        count += 1
        words += document.words
    if errors:
        raise IngestErrors(errors)
    if not count:
        raise IngestErrors([IngestError(", ".join(paths), None, "no documents found")])
    return Sources(paths, count, words, stdin_text)


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
class Tally:
    """What a build did, added up batch by batch (entity keys are kept to count distinct ones)."""

    documents: int = 0
    words: int = 0
    skipped: int = 0
    events: int = 0
    triples: int = 0
    entities: set[str] = field(default_factory=set)

    def add(self, extraction: Extraction, graph: str) -> None:
        self.documents += 1
        self.words += extraction.document.words
        self.events += len(extraction.events)
        self.triples += graph.count("\n")
        self.entities.update(e.key for e in extraction.entities)

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


def build(
    store: Store,
    documents: Iterable[Document],
    *,
    workers: int = 1,
    force: bool = False,
    commit_documents: int = COMMIT_DOCUMENTS,
    progress: Progress | None = None,
) -> BuildSummary:
    """Extract the documents that are not in `store` yet and write their graphs, batch by batch.

    `documents` may be a list (`read_all`) or a stream (`check_sources(...).documents()`);
    only one batch of extractions is held at a time.
    """
    started = time.perf_counter()
    tally = Tally()
    refresh_ontology(store)
    todo = new_documents(store, documents, tally, force=force, chunk=commit_documents, progress=progress)
    batch: dict = {}
    for extraction in extract(todo, workers=workers):
        graph = document_nquads(extraction)
        batch[graph_iri(extraction.document.id)] = graph
        tally.add(extraction, graph)
        if len(batch) >= commit_documents:
            store.replace_nquads(batch)
            batch = {}
        if progress:
            progress(extraction.document)
    if batch:
        store.replace_nquads(batch)
    return tally.summary(store, started)
