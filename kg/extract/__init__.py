"""Extraction: Documents in, Extractions (entities, events, relations) out.

One spaCy pipeline runs over all documents with `nlp.pipe`; the rule layers on top
(entities, events) are plain functions of the parsed Doc.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from kg import nlp
from kg.extract import gazetteer
from kg.extract.entities import extract_entities
from kg.extract.events import build_matcher, extract_events
from kg.model import Document, Extraction

# Measured on examples/ (benchmarks/bench_build.py): words/s is flat from 32 to 256,
# and a smaller batch keeps the memory of a batch of long articles small.
BATCH_SIZE = 64


def extract(
    documents: Iterable[Document], *, batch_size: int = BATCH_SIZE, workers: int = 1
) -> Iterator[Extraction]:
    """Extract every document, lazily and in input order.

    `workers` > 1 parses in that many processes (spaCy's `n_process`); the rules run
    here, on the parsed Docs as they come back in order. Only the text crosses to the
    workers: the Documents wait in `pending` until their Doc returns.
    """
    pipeline = nlp.load()
    gaz = gazetteer.load()
    matcher = build_matcher(pipeline.vocab)
    pending: deque[Document] = deque()

    def texts() -> Iterator[str]:
        for document in documents:
            pending.append(document)
            yield document.text

    for doc in pipeline.pipe(texts(), batch_size=batch_size, n_process=workers):
        document = pending.popleft()
        found = extract_entities(doc, gaz)
        events = extract_events(doc, found, document.date, matcher)
        yield Extraction(document, list(found.entities.values()), events, found.relations)
