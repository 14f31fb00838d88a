"""Every shipped query (ontology/queries/*.rq) and API view (events, timeline, neighbours,
path, centrality) on the real feed (../shared/news, ~3x10^4 triples) and scaled to 10^5
and 10^6 triples: Oxigraph on disk against rdflib's in-memory store on the same data.

The scaled corpora are copies of the feed's article graphs with new article and event
IRIs and dates moved 100 years per copy, about the same entities (corpus.copies_nquads):
a longer feed about the same world. The documents are bulk-loaded (setup) and the
derived graph is computed once for the whole store (measured: "derivation"), so both
engines answer on the same documents and the same derived graph.

Queries run through KnowledgeGraph.query, the path of the Python API and `kg query`.
Oxigraph: median of 3 after a warm-up run; rdflib: one run in a forked copy of the loaded
process, stopped after RDFLIB_BUDGET seconds (then the figure is a lower bound). API
views: warm (median of 3 after the first call, which reads the mirror) against cold.
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import corpus

from kg.api import KnowledgeGraph
from kg.ids import DERIVED_GRAPH
from kg.store import Store
from kg.store import open as open_store

SIZES = (0, 100_000, 1_000_000)  # 0: the real feed as it is
RDFLIB_BUDGET = 120.0  # seconds per rdflib query
QUICK_BUDGET = 10.0
RDFLIB_AT_MILLION = ("who-met-whom", "most-active-actors")  # rdflib takes minutes per query at 10^6
VIEWS = {
    "events(United States)": lambda kg: kg.events("United States"),
    "timeline(Donald Trump)": lambda kg: kg.timeline("Donald Trump"),
    "events(between USA, Turkey, 2019)": lambda kg: kg.events(between=("USA", "Turkey"), start="2019-01-01", end="2019-12-31"),
    "neighbours(Iran, depth 2)": lambda kg: kg.neighbours("Iran", depth=2),
    "path(Donald Trump, Iran)": lambda kg: kg.path("Donald Trump", "Iran"),
    "centrality(top 10)": lambda kg: kg.centrality(top=10),
    "stats()": lambda kg: kg.stats(),
}


def forked(work, budget: float):
    """work() in a forked child: (its result, seconds) or (None, None) past `budget`."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        started = time.perf_counter()
        result = work()
        send.send((result, time.perf_counter() - started))

    process = context.Process(target=child)
    process.start()
    if receive.poll(budget):
        result = receive.recv()
        process.join()
        return result
    process.kill()
    process.join()
    return None, None


def timed(work, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def count(result) -> int:
    return len(result) if hasattr(result, "__len__") else len(list(result))


def load_both(path: Path, text: str) -> tuple[Store, Store, float, float]:
    """(Oxigraph store, rdflib store, bulk load s, derivation s) on the same quads."""
    import pyoxigraph

    oxigraph = open_store(path)
    started = time.perf_counter()
    oxigraph.native.bulk_load(text, format=pyoxigraph.RdfFormat.N_QUADS)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    oxigraph.rederive()
    derived = time.perf_counter() - started
    memory = open_store("memory")
    memory.dataset.parse(data=text, format="nquads")
    derived_quads = "".join(f"{line} <{DERIVED_GRAPH}> .\n" for line in oxigraph.derived_lines())
    memory.dataset.parse(data=derived_quads, format="nquads")
    return oxigraph, memory, loaded, derived


def run(quick: bool = False, sizes: tuple[int, ...] | None = None, only: set[str] | None = None) -> list[dict]:
    base = corpus.news_nquads()
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus.QUERIES.glob("*.rq")) if not only or p.stem in only}
    budget = QUICK_BUDGET if quick else RDFLIB_BUDGET
    rows = []
    for size in sizes or ((0,) if quick else SIZES):
        text, n = (base, base.count("\n")) if size == 0 else corpus.copies_nquads(size, base)
        with tempfile.TemporaryDirectory() as tmp:
            oxigraph, memory, loaded, derived = load_both(Path(tmp) / "store", text)
            where = f"{n:,} triples{' (the real feed)' if size == 0 else ''}"
            rows.append(_row(f"derivation of the whole store at {where}, s ({len(oxigraph.derived_lines()):,} derived triples)",
                             derived, "s", f"bulk load of its documents: {loaded:.1f} s", derived / loaded))
            on_disk, in_memory = KnowledgeGraph(oxigraph), KnowledgeGraph(memory)
            for name, sparql in queries.items():  # as the Python API and `kg query` run them
                timed(lambda: count(on_disk.query(sparql)), 1)
                seconds, found = timed(lambda: count(on_disk.query(sparql)))
                if size >= 1_000_000 and name not in RDFLIB_AT_MILLION:
                    reference, ratio = "rdflib in-memory: not run at 10^6 (minutes per query)", None
                else:
                    rows_rdflib, mem_seconds = forked(lambda: count(in_memory.query(sparql)), budget)
                    if mem_seconds is None:
                        reference, ratio = f"rdflib in-memory: > {budget:.0f} s (stopped)", budget / seconds
                    else:
                        same = "" if rows_rdflib == found else f", {rows_rdflib} rows"
                        reference, ratio = f"rdflib in-memory: {mem_seconds * 1000:,.0f} ms{same}", mem_seconds / seconds
                rows.append(_row(f"{name}.rq at {where}, Oxigraph ({found} rows)", seconds * 1000, "ms", reference, ratio))
            rows.extend(_views(oxigraph, memory, where, size, budget))
            if size >= 1_000_000:
                rows.append(_mirror_memory(oxigraph, where))
            oxigraph.close()
            memory.close()
    return rows


def _views(oxigraph: Store, memory: Store, where: str, size: int, budget: float) -> list[dict]:
    out = []
    kg = KnowledgeGraph(oxigraph)
    for name, view in VIEWS.items():
        started = time.perf_counter()
        view(kg)
        cold = time.perf_counter() - started
        warm, result = timed(lambda view=view: view(kg))
        reference = f"cold (first call, reads the mirror): {cold * 1000:,.0f} ms"
        if size < 1_000_000:
            _found, mem_seconds = forked(lambda view=view: count(view(KnowledgeGraph(memory))), budget)
            reference += "; rdflib in-memory cold: " + (f"{mem_seconds * 1000:,.0f} ms" if mem_seconds else f"> {budget:.0f} s")
        out.append(_row(f"API {name} at {where}, warm ({count(result)} rows)", warm * 1000, "ms", reference, cold / warm if warm else None))
    return out


def _mirror_memory(store: Store, where: str) -> dict:
    from kg.views import mirror

    mirror._CACHE.clear()
    tracemalloc.start()
    graph = mirror.load(store)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return _row(f"networkx mirror at {where}: peak Python memory ({graph.number_of_nodes():,} nodes, "
                f"{graph.number_of_edges():,} edges)", peak / 2**20, "MiB", "", None)


def _row(figure: str, value: float, unit: str, reference: str, ratio) -> dict:
    return {"benchmark": "query", "figure": figure, "value": value, "unit": unit, "reference": reference, "ratio": ratio}


if __name__ == "__main__":
    import argparse

    from run import RESULTS, markdown

    parser = argparse.ArgumentParser(description="query and view latency on the real feed and scaled copies")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--size", type=int, action="append", help="triples (repeatable; 0 is the real feed)")
    parser.add_argument("--query", action="append", help="query name (repeatable)")
    parser.add_argument("--record", action="store_true", help=f"append the rows to {RESULTS.name}")
    args = parser.parse_args()
    found = run(args.quick, tuple(args.size) if args.size else None, set(args.query) if args.query else None)
    for row in found:
        print(row)
    if args.record:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(markdown(found, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()) + " — bench_query.py " + " ".join(sys.argv[1:])))
