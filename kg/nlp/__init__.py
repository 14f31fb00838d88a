"""The extraction layer: Documents in, Extractions (entities, events, relations) out.

One spaCy pipeline runs over all documents with `nlp.pipe`: the statistical model and
the extraction components (entities, events; kg/nlp/components.py), whose rules are
plain functions of the parsed Doc and whose word lists and patterns are data files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.model import Document, Extraction

BATCH_SIZE = 64


def extract(documents: Iterable[Document], *, batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Extract every document, lazily and in input order: one `nlp.pipe` runs the model
    and the extraction components; the Doc extensions they write become an Extraction.

    spaCy is imported here, not when the package is: `kg.nlp.gazetteer` (reference data)
    is read by layers that never parse text, and `kg query` should not wait for spaCy."""
    from kg.nlp import pipeline

    nlp = pipeline.load()
    pairs = ((_doc(nlp, d), d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield as_extraction(doc, document)


def _doc(nlp, document: Document):
    doc = nlp.make_doc(document.text)
    doc._.dip_date = document.date
    return doc


def as_extraction(doc, document: Document) -> Extraction:
    """What the components found in a Doc, as the dataclasses the RDF mapping reads."""
    found = doc._.dip_entities
    return Extraction(document, list(found.entities.values()), list(doc._.dip_events), found.relations)
