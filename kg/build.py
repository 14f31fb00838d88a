"""ingest -> extract -> rdf -> store, as one all-or-nothing step.

Every source is read and checked before anything is extracted, and everything is
extracted before the store is touched; the store then swaps the documents' graphs
in one transaction. Bad input therefore costs nothing but the error message, and a
re-build of the same documents replaces their graphs instead of adding to them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg import resources
from kg.extract import extract
from kg.ingest import IngestError, iter_documents
from kg.model import Document
from kg.rdf import ONTOLOGY_GRAPH, graph_iri, triples
from kg.store import Store


class IngestErrors(ValueError):
    """Every bad record of a build, reported together."""

    def __init__(self, errors: list[IngestError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class BuildSummary:
    documents: int
    words: int
    entities: int
    events: int
    triples: int  # written for these documents
    store_triples: int  # in the whole store afterwards
    seconds: float

    def line(self) -> str:
        return (
            f"{self.documents} documents, {self.entities} entities, {self.events} events, "
            f"{self.triples} triples ({self.store_triples} in store) in {self.seconds:.1f} s"
        )


def read_all(sources: Iterable[str], stdin=None) -> list[Document]:
    """All documents of the sources, or IngestErrors naming every bad record."""
    errors: list[IngestError] = []
    documents = list(iter_documents(sources, on_error=errors.append, stdin=stdin))
    if errors:
        raise IngestErrors(errors)
    if not documents:
        raise IngestErrors([IngestError(", ".join(map(str, sources)), None, "no documents found")])
    return documents


def build(
    store: Store,
    documents: list[Document],
    *,
    progress: Callable[[Document], None] | None = None,
) -> BuildSummary:
    """Extract `documents` (from `read_all`) and swap their graphs into `store`."""
    started = time.perf_counter()
    graphs = {}
    entities: set[str] = set()
    events = 0
    for extraction in extract(documents):
        graphs[graph_iri(extraction.document.id)] = list(dict.fromkeys(triples(extraction)))
        entities.update(e.key for e in extraction.entities)
        events += len(extraction.events)
        if progress:
            progress(extraction.document)
    # The ontology is refreshed in the same transaction, so a store follows the
    # ontology of the version that last wrote to it.
    store.replace_graphs({**graphs, ONTOLOGY_GRAPH: resources.ontology_graph()})
    return BuildSummary(
        documents=len(graphs),
        words=sum(d.words for d in documents),
        entities=len(entities),
        events=events,
        triples=sum(len(t) for t in graphs.values()),
        store_triples=len(store),
        seconds=time.perf_counter() - started,
    )
