"""Benchmark corpora: the real feed (../shared/news, 285 Wikinews articles), and, where a
size sweep needs more text than the feed has, the bundled examples repeated.

No larger public-domain or CC-licensed news set ships in a package on the registries
this project may use (searched PyPI and npm package lists for Wikinews, Reuters,
news corpora: nothing that bundles the text), so the corpora are the examples
repeated, each copy with its own id (hence its own content hash, article IRI and
named graph): the NLP sees real news prose, and the store real, distinct documents.
For corpus-size curves the articles are cut into paragraphs, which gives many more
documents per word parsed.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from kg.ids import ID, ONTOLOGY_GRAPH, document_id
from kg.model import Document
from kg.pipeline import read_all

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
QUERIES = ROOT / "ontology" / "queries"


NEWS = ROOT.parent / "shared" / "news" / "wikinews-2019-2020.jsonl"


def examples() -> list[Document]:
    return read_all([str(EXAMPLES)])


def news(limit: int | None = None) -> list[Document]:
    """The real feed: 285 Wikinews articles (../shared/news), or its first `limit`."""
    if not NEWS.exists():
        raise SystemExit(f"the real news feed is not at {NEWS}")
    return read_all([str(NEWS)])[:limit]


def paragraphs(min_words: int = 20) -> list[Document]:
    """Each paragraph of the examples as its own dated document."""
    out = []
    for doc in examples():
        for i, text in enumerate(p.strip() for p in doc.text.split("\n\n")):
            if len(text.split()) >= min_words:
                identifier = f"{doc.identifier}:p{i}"
                out.append(Document(document_id(identifier, text), identifier, text, doc.date, doc.title))
    return out


def repeated(documents: list[Document], count: int) -> list[Document]:
    """`count` documents: copies of `documents` in turn, copy k with the id '<identifier>#k'."""
    out = []
    for n in range(count):
        doc = documents[n % len(documents)]
        identifier = f"{doc.identifier}#{n // len(documents)}"
        out.append(Document(document_id(identifier, doc.text), identifier, doc.text, doc.date, doc.title))
    return out


def write_jsonl(documents: list[Document], path: Path) -> Path:
    """The documents as a .jsonl source, so a benchmarked build reads them like any input."""
    with path.open("w", encoding="utf-8") as out:
        for d in documents:
            record = {"id": d.identifier, "date": d.date.isoformat(), "title": d.title, "text": d.text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def words(documents: list[Document]) -> int:
    return sum(d.words for d in documents)


def example_nquads() -> tuple[str, str]:
    """(the examples' document graphs, the ontology graph) as N-Quads, from a real build."""
    from kg.pipeline import build
    from kg.store import open as open_store

    store = open_store("memory")
    build(store, examples())
    docs = store.serialize("nquads", include_ontology=False)
    ontology = store.serialize("nquads", include_ontology=True)
    store.close()
    onto_lines = [line for line in ontology.splitlines() if line.rstrip().endswith(f"<{ONTOLOGY_GRAPH}> .")]
    return docs, "\n".join(onto_lines) + "\n"


def scaled_nquads(triples: int, base: str) -> tuple[str, int]:
    """About `triples` quads: copies of `base` in which every resource IRI (entities,
    events, articles and so graphs) gets a per-copy prefix, so copy k is a disjoint
    world of the same shape. Returns the text and the number of quads."""
    lines = [line for line in base.splitlines() if line.strip()]
    copies = max(1, math.ceil(triples / len(lines)))
    prefix = str(ID)
    out = []
    for k in range(copies):
        out.extend(line.replace(prefix, f"{prefix}c{k}/") for line in lines)
    return "\n".join(out) + "\n", len(out)


# -- the real feed (../shared/news), built once and kept ---------------------------------
NEWS = ROOT.parent / "shared" / "news" / "wikinews-2019-2020.jsonl"
CACHE = Path(__file__).resolve().parent / ".cache"


def news_nquads() -> str:
    """The real feed's document graphs as N-Quads, from a real build (a few minutes), kept
    in benchmarks/.cache under a key of the feed's and the extraction's source text."""
    import hashlib

    from kg.pipeline import build
    from kg.store import open as open_store

    digest = hashlib.sha256(NEWS.read_bytes())
    for part in ("nlp", "rdf"):
        for source in sorted((ROOT / "kg" / part).rglob("*")):
            if source.is_file():
                digest.update(source.read_bytes())
    cached = CACHE / f"news-{digest.hexdigest()[:16]}.nq"
    if not cached.exists():
        CACHE.mkdir(exist_ok=True)
        store = open_store("memory")
        build(store, read_all([str(NEWS)]))
        cached.write_text(store.serialize("nquads", include_ontology=False), encoding="utf-8")
        store.close()
    return cached.read_text(encoding="utf-8")


_DATE = re.compile(r'"(\d{4})(-\d\d)?(-\d\d)?"\^\^<http://www\.w3\.org/2001/XMLSchema#(date|gYearMonth|gYear)>')
_REPORTS = re.compile(r"<" + re.escape(str(ID)) + r"(article|event)/")


def copies_nquads(triples: int, base: str) -> tuple[str, int]:
    """About `triples` quads: copies of the feed's article graphs in which articles and
    events get new IRIs and every date moves 100 years per copy, while the entities stay
    the same: the corpus grows as a longer feed about the same world would, and no copy's
    event is a report of another copy's (their dates differ)."""
    lines = [line for line in base.splitlines() if line.strip()]
    copies = max(1, math.ceil(triples / len(lines)))
    out = []
    for k in range(copies):
        shift = lambda m, k=k: f'"{int(m.group(1)) + 100 * k:04d}{m.group(2) or ""}{m.group(3) or ""}"^^<http://www.w3.org/2001/XMLSchema#{m.group(4)}>'  # noqa: E731
        for line in lines:
            line = _REPORTS.sub(lambda m, k=k: f"<{ID}{m.group(1)}/c{k}-", line) if k else line
            out.append(_DATE.sub(shift, line) if k else line)
    return "\n".join(out) + "\n", len(out)
