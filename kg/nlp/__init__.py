"""The extraction layer: Documents in, Extractions (entities, events, relations) out.

One spaCy pipeline runs over all documents with `nlp.pipe`: the statistical model and
the extraction components (entities, events; kg/nlp/components.py), whose rules are
plain functions of the parsed Doc and whose word lists and patterns are data files.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator

from kg.model import Document, Extraction

BATCH_SIZE = 64


def extract(documents: Iterable[Document], *, batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Extract every document, lazily and in input order: one `nlp.pipe` per batch runs the
    model and the extraction components; the Doc extensions they write become Extractions.

    spaCy is imported only here: `kg.nlp.gazetteer` (reference data) is read by layers
    that never parse text, and `kg query` should not wait for spaCy."""
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, batch_size)):
        yield from extract_batch(batch)


def extract_batch(documents: list[Document]) -> Iterator[Extraction]:
    """One `nlp.pipe` call over the batch (what a guarded process gets at a time).

    Each extraction carries its `seconds`: the components time themselves per document;
    the statistical parse runs for the whole batch, so a document is charged the share
    of it its words are (parsing time grows with words)."""
    from kg.nlp import pipeline

    nlp = pipeline.load()
    started = time.perf_counter()
    docs = list(nlp.pipe((_doc(nlp, d) for d in documents), batch_size=max(1, len(documents))))
    parse = time.perf_counter() - started - sum(doc._.dip_seconds for doc in docs)
    total = sum(d.words for d in documents)
    for document, doc in zip(documents, docs, strict=True):
        share = parse * document.words / total if total else parse / len(documents)
        yield as_extraction(doc, document, seconds=share + doc._.dip_seconds)


def _doc(nlp, document: Document):
    from kg.nlp.dates import headline_month
    doc = nlp.make_doc(document.text)
    doc._.dip_date = document.date
    doc._.dip_period = headline_month(document.title)
    return doc


def as_extraction(doc, document: Document, seconds: float = 0.0) -> Extraction:
    """What the components found in a Doc, as the dataclasses the RDF mapping reads."""
    found = doc._.dip_entities
    return Extraction(document, list(found.entities.values()), list(doc._.dip_events), found.relations, seconds=seconds)
