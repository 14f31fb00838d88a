"""The extraction layer: Documents in, Extractions (entities, events, relations) out.

One spaCy pipeline runs over all documents with `nlp.pipe`; the rule layers on top
(entities, events) are plain functions of the parsed Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.model import Document, Extraction

BATCH_SIZE = 64


def extract(documents: Iterable[Document], *, batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Extract every document, lazily and in input order.

    spaCy is imported here, not when the package is: `kg.nlp.gazetteer` (reference data)
    is read by layers that never parse text, and `kg query` should not wait for spaCy."""
    from kg.nlp import gazetteer, lexicon, pipeline
    from kg.nlp.entities import extract_entities
    from kg.nlp.events import extract_events

    nlp = pipeline.load()
    gaz = gazetteer.load()
    words = lexicon.load()
    matchers = (words.matcher(nlp.vocab), words.argument_matcher(nlp.vocab))
    pairs = nlp.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=batch_size)
    for doc, document in pairs:
        found = extract_entities(doc, gaz)
        events = extract_events(doc, found, document.date, words, matchers)
        yield Extraction(document, list(found.entities.values()), events, found.relations)
