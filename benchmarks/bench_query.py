"""Query latency of the example queries (ontology/queries/*.rq) at 10^4, 10^5 and 10^6
triples: Oxigraph on disk against rdflib's in-memory store, both through kg's Store
(the path `kg query` takes).

The graphs are synthetic scale-ups: the examples' real build output copied with a
per-copy IRI prefix (corpus.scaled_nquads), plus the ontology once, so every copy is
a disjoint world of the same shape and results grow with the size. Oxigraph: median
of 3 after a warm-up run; rdflib: one run (it is the slow side, by far), in a forked
copy of the loaded process that is stopped after RDFLIB_BUDGET seconds: then the
figure is a lower bound (reference "> budget").
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

import corpus

from kg.store import Store
from kg.store import open as open_store

SIZES = (10_000, 100_000, 1_000_000)
TARGET_QUERY = "who-met-whom"
RDFLIB_BUDGET = 120.0  # seconds per rdflib query
QUICK_BUDGET = 10.0


def timed_with_budget(store: Store, sparql: str, budget: float) -> tuple[float | None, int]:
    """(seconds, rows) of one run in a forked child, or (None, -1) past `budget`."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        send.send(timed(store, sparql, 1))

    process = context.Process(target=child)
    process.start()
    if receive.poll(budget):
        result = receive.recv()
        process.join()
        return result
    process.kill()
    process.join()
    return None, -1


def timed(store: Store, sparql: str, runs: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = len(list(store.query(sparql)))
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def load_oxigraph(path: Path, text: str) -> Store:
    store = open_store(path)
    store.native.bulk_load(text, format=__import__("pyoxigraph").RdfFormat.N_QUADS)  # setup, not measured
    return store


def load_memory(text: str) -> Store:
    store = open_store("memory")
    store.dataset.parse(data=text, format="nquads")
    return store


def example_queries() -> dict[str, str]:
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus.QUERIES.glob("*.rq"))}
    return queries


def run(quick: bool = False, sizes: tuple[int, ...] | None = None, only: set[str] | None = None) -> list[dict]:
    base, ontology = corpus.example_nquads()
    queries = {name: q for name, q in example_queries().items() if not only or name in only}
    rows = []
    for size in sizes or (SIZES[:1] if quick else SIZES):
        text, n = corpus.scaled_nquads(size, base)
        with tempfile.TemporaryDirectory() as tmp:
            oxigraph = load_oxigraph(Path(tmp) / "store", text)  # the Store already holds the ontology
            memory = load_memory(text)
            for name, sparql in queries.items():
                if size == SIZES[-1] and not name.startswith(TARGET_QUERY):
                    continue  # at 10^6 rdflib takes many minutes per query: the target query only
                timed(oxigraph, sparql, 1)
                ox_seconds, ox_rows = timed(oxigraph, sparql, 3)
                budget = QUICK_BUDGET if quick else RDFLIB_BUDGET
                mem_seconds, mem_rows = timed_with_budget(memory, sparql, budget)
                if mem_seconds is None:
                    reference, mem_seconds, same = f"rdflib in-memory: > {budget:.0f} s (stopped)", budget, ""
                else:
                    reference = f"rdflib in-memory: {mem_seconds * 1000:,.0f} ms"
                    same = "" if ox_rows == mem_rows else f" (rows differ: {ox_rows} vs {mem_rows})"
                rows.append({
                    "benchmark": "query", "figure": f"{name} at {n:,} triples, Oxigraph, ms ({ox_rows} rows){same}",
                    "value": ox_seconds * 1000, "unit": "ms",
                    "reference": reference,
                    "ratio": mem_seconds / ox_seconds,  # > 1: Oxigraph is that many times faster; a lower bound if stopped
                })
            oxigraph.close()
            memory.close()
    return rows


if __name__ == "__main__":
    import argparse

    from run import RESULTS, markdown

    parser = argparse.ArgumentParser(description="query latency, one size or query at a time")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--size", type=int, action="append", help="triples (repeatable)")
    parser.add_argument("--query", action="append", help="query name (repeatable)")
    parser.add_argument("--record", action="store_true", help=f"append the rows to {RESULTS.name}")
    args = parser.parse_args()
    found = run(args.quick, tuple(args.size) if args.size else None, set(args.query) if args.query else None)
    for row in found:
        print(row)
    if args.record:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(markdown(found, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()) + " — bench_query.py " + " ".join(sys.argv[1:])))
