"""`kg serve` under load: who-met-whom queries per second with 1 and 8 concurrent clients,
and the latency percentiles of the bounded load test (2,000 requests over 20 clients).

Everything runs on localhost against a real `kg serve` subprocess over the example
corpus, built afresh in a temporary store. The references are measured in the same
run: the same query through `Store.query` in-process (what HTTP and the worker
processes cost), and the single client (what concurrency buys on this machine).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from kg import vocab  # noqa: E402
from kg.pipeline import build, read_all  # noqa: E402
from kg.store import open as open_store  # noqa: E402
from tests.support.servers import hammer, kg_serve  # noqa: E402

WHO_MET_WHOM = vocab.example_queries()["who-met-whom"]
ACCEPT = "application/sparql-results+json"
LOAD_QUERY = "SELECT DISTINCT ?label WHERE { ?c dip:isoCode 'IND' ; rdfs:label ?label }"


def _local_qps(store_dir: Path, seconds: float) -> float:
    with open_store(store_dir) as store:
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            list(store.query(WHO_MET_WHOM))
            count += 1
        return count / (time.perf_counter() - started)


def run(quick: bool = False) -> list[dict]:
    per_client = 25 if quick else 100
    load_total = 400 if quick else 2000
    with tempfile.TemporaryDirectory() as folder:
        store_dir = Path(folder) / "store"
        with open_store(store_dir) as store:
            build(store, read_all([str(ROOT / "examples")]))
        local = _local_qps(store_dir, 2 if quick else 5)
        with kg_serve(store_dir, "--workers", "2") as url:
            expected = requests.post(url, data={"query": WHO_MET_WHOM}, headers={"Accept": ACCEPT}).content
            hammer(url, WHO_MET_WHOM, expected, requests_total=20, clients=2, accept=ACCEPT)  # warm up
            one = hammer(url, WHO_MET_WHOM, expected, requests_total=per_client, clients=1, accept=ACCEPT)
            eight = hammer(url, WHO_MET_WHOM, expected, requests_total=8 * per_client, clients=8, accept=ACCEPT)
            load_expected = requests.post(url, data={"query": LOAD_QUERY}, headers={"Accept": "text/csv"}).content
            load = hammer(url, LOAD_QUERY, load_expected, requests_total=load_total, clients=20)
    for name, result in (("1 client", one), ("8 clients", eight), ("load", load)):
        if result.errors:
            raise RuntimeError(f"{name}: {len(result.errors)} errors, first: {result.errors[0]}")
    qps1 = one.requests / one.seconds
    qps8 = eight.requests / eight.seconds
    p50, p99 = load.percentile(50) * 1000, load.percentile(99) * 1000
    row = {"benchmark": "endpoint", "unit": "queries/s"}
    return [
        {**row, "figure": "who-met-whom, 1 client", "value": round(qps1, 1), "reference": f"same query in-process via Store.query: {local:.1f}/s", "ratio": round(qps1 / local, 3)},
        {**row, "figure": "who-met-whom, 8 clients", "value": round(qps8, 1), "reference": "1 client, same run", "ratio": round(qps8 / qps1, 3)},
        {"benchmark": "endpoint", "figure": f"load test p99 latency ({load.requests} requests, 20 clients, 0 errors)", "value": round(p99, 1), "unit": "ms", "reference": f"p50 of the same run: {p50:.1f} ms", "ratio": round(p99 / p50, 3)},
        {"benchmark": "endpoint", "figure": "load test throughput (20 clients)", "value": round(load.requests / load.seconds, 1), "unit": "requests/s", "reference": "who-met-whom, 8 clients", "ratio": round(load.requests / load.seconds / qps8, 3)},
    ]


def _markdown(rows: list[dict], title: str) -> str:
    """The harness's RESULTS.md table (benchmarks/run.py), for a run of this module alone."""
    columns = ["benchmark", "figure", "value", "unit", "reference", "ratio"]
    lines = [f"## {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")).replace("|", "\\|") for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n\n"


if __name__ == "__main__":
    import datetime as dt
    import platform

    figures = run(quick="--quick" in sys.argv)
    for figure in figures:
        print(figure)
    if "--record" in sys.argv:  # benchmarks/run.py records when it runs every topic
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with (ROOT / "benchmarks" / "RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(_markdown(figures, f"{stamp} — {platform.node()}, {platform.python_version()}, bench_endpoint.py alone"))
