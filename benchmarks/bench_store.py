"""Store load: triples/s into Oxigraph through the build's bulk path (N-Quads, one
transaction per batch of 200 document graphs) against rdflib's `Dataset.add`, one
triple at a time, into the same kind of store (rdflib over oxrdflib's Oxigraph store).

The triples are the examples' real build output, copied with distinct IRIs
(corpus.scaled_nquads), the same for both sides.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import corpus
import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef

from kg.store import open as open_store

COMMIT_GRAPHS = 200


def by_graph(text: str) -> dict[URIRef, str]:
    graphs: dict[URIRef, list[str]] = {}
    for line in text.splitlines():
        graph = line.rsplit(" ", 2)[1][1:-1]
        graphs.setdefault(URIRef(graph), []).append(line + "\n")
    return {name: "".join(lines) for name, lines in graphs.items()}


def bulk_load(graphs: dict[URIRef, str], path: Path) -> float:
    names = list(graphs)
    with open_store(path) as store:
        started = time.perf_counter()
        for i in range(0, len(names), COMMIT_GRAPHS):
            store.replace_nquads({name: graphs[name] for name in names[i : i + COMMIT_GRAPHS]})
        return time.perf_counter() - started


def oxigraph_bulk_load(text: str, path: Path) -> float:
    store = pyoxigraph.Store(str(path))
    started = time.perf_counter()
    store.bulk_load(text, format=pyoxigraph.RdfFormat.N_QUADS)
    return time.perf_counter() - started


def rdflib_add(text: str, path: Path) -> float:
    parsed = Dataset()
    parsed.parse(data=text, format="nquads")
    quads = [(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in parsed.quads((None, None, None, None))]
    target = Dataset(store=OxigraphStore(store=pyoxigraph.Store(str(path))))
    started = time.perf_counter()
    for s, p, o, g in quads:
        target.add((s, p, o, g))
    return time.perf_counter() - started


def run(quick: bool = False) -> list[dict]:
    base, _ontology = corpus.example_nquads()
    bulk_text, bulk_n = corpus.scaled_nquads(10_000 if quick else 200_000, base)
    add_text, add_n = bulk_text, bulk_n  # the same triples, so both rates include the same store growth
    with tempfile.TemporaryDirectory() as tmp:
        bulk_rate = bulk_n / bulk_load(by_graph(bulk_text), Path(tmp) / "bulk")
        add_rate = add_n / rdflib_add(add_text, Path(tmp) / "add")
        raw_rate = bulk_n / oxigraph_bulk_load(bulk_text, Path(tmp) / "raw")
    return [{
        "benchmark": "store", "figure": f"bulk load into Oxigraph, triples/s ({bulk_n} triples)",
        "value": bulk_rate, "unit": "triples/s",
        "reference": f"rdflib Dataset.add into Oxigraph ({add_n} triples): {add_rate:,.0f}/s",
        "ratio": bulk_rate / add_rate,
    }, {
        "benchmark": "store", "figure": f"pyoxigraph bulk_load, not transactional (builds do not use it), triples/s ({bulk_n} triples)",
        "value": raw_rate, "unit": "triples/s",
        "reference": f"rdflib Dataset.add into Oxigraph ({add_n} triples): {add_rate:,.0f}/s",
        "ratio": raw_rate / add_rate,
    }]


if __name__ == "__main__":
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(row)
