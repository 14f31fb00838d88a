"""Extraction: Documents in, Extractions (entities, events, relations) out.

One spaCy pipeline runs over all documents with `nlp.pipe`; the rule layers on top
(entities, events) are plain functions of the parsed Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg import nlp
from kg.extract import gazetteer
from kg.extract.entities import extract_entities
from kg.extract.events import build_matcher, extract_events
from kg.model import Document, Extraction

BATCH_SIZE = 64


def extract(documents: Iterable[Document], *, batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Extract every document, lazily and in input order."""
    pipeline = nlp.load()
    gaz = gazetteer.load()
    matcher = build_matcher(pipeline.vocab)
    pairs = pipeline.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=batch_size)
    for doc, document in pairs:
        found = extract_entities(doc, gaz)
        events = extract_events(doc, found, document.date, matcher)
        yield Extraction(document, list(found.entities.values()), events, found.relations)
