"""Build throughput: the whole build (ingest, NLP, extraction, RDF, store) in words/s,
against raw `nlp.pipe` of the same pipeline on the same text, in the same process.

Both sides run warm (model and reference data loaded, as the reference's `nlp.pipe`
has its model loaded) and interleaved, best of the repeats, to damp the noise of a
shared machine. With --workers 2 both sides use two processes (spaCy's n_process).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import corpus

from kg.nlp import BATCH_SIZE, gazetteer
from kg.nlp import pipeline as nlp
from kg.pipeline import build, check_sources
from kg.store import open as open_store


def raw_pipe(texts: list[str], workers: int) -> float:
    pipeline = nlp.load()
    started = time.perf_counter()
    for _doc in pipeline.pipe(texts, batch_size=BATCH_SIZE, n_process=workers):
        pass
    return time.perf_counter() - started


def whole_build(source: Path, store_dir: Path, workers: int, force: bool = False) -> tuple[float, int]:
    started = time.perf_counter()
    with open_store(store_dir) as store:
        summary = build(store, check_sources([str(source)]).documents(), workers=workers, force=force)
    return time.perf_counter() - started, summary.skipped


def run(quick: bool = False) -> list[dict]:
    documents = corpus.repeated(corpus.examples(), 18 if quick else 90)  # 10 / 50 copies of the examples
    words = corpus.words(documents)
    texts = [d.text for d in documents]
    repeats = 1 if quick else 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = corpus.write_jsonl(documents, tmp / "corpus.jsonl")
        nlp.load(), gazetteer.load()
        with open_store("memory") as warm:
            build(warm, corpus.examples()[:1])
        for workers in (1, 2):
            raw_best = build_best = float("inf")
            for attempt in range(repeats):
                raw_best = min(raw_best, raw_pipe(texts, workers))
                seconds, _ = whole_build(source, tmp / f"store-{workers}-{attempt}", workers)
                build_best = min(build_best, seconds)
            raw_rate, build_rate = words / raw_best, words / build_best
            label = "1 process" if workers == 1 else f"--workers {workers}"
            rows.append({
                "benchmark": "build", "figure": f"kg build words/s, {label} ({len(documents)} docs, {words} words)",
                "value": build_rate, "unit": "words/s",
                "reference": f"nlp.pipe words/s, same text, {label}: {raw_rate:,.0f}",
                "ratio": build_rate / raw_rate,
            })
        # incremental: the same corpus again, every document already in the store
        first = tmp / "store-1-0"
        again, skipped = whole_build(source, first, 1)
        rows.append({
            "benchmark": "build", "figure": f"second build of the same corpus (skipped {skipped} unchanged), s",
            "value": again, "unit": "s",
            "reference": f"first build, 1 process: {build_best_first(rows, words):.1f} s",
            "ratio": again / build_best_first(rows, words),
        })
    if not quick:
        rows.extend(real_feed())
    return rows


def real_feed() -> list[dict]:
    """The whole build of the real feed (../shared/news) against nlp.pipe of its text, one
    process each, and how much of the build the derived graph took (Store._derive)."""
    from kg.pipeline import read_all
    from kg.store.base import Store

    documents = read_all([str(corpus.NEWS)])
    words = corpus.words(documents)
    spent = []
    original = Store._derive

    def timed_derive(self, changes):
        started = time.perf_counter()
        try:
            return original(self, changes)
        finally:
            spent.append(time.perf_counter() - started)

    raw = raw_pipe([d.text for d in documents], 1)
    with tempfile.TemporaryDirectory() as tmp:
        Store._derive = timed_derive
        try:
            seconds, _ = whole_build(corpus.NEWS, Path(tmp) / "news", 1)
        finally:
            Store._derive = original
    return [
        {"benchmark": "build", "figure": f"kg build words/s, real feed, 1 process ({len(documents)} docs, {words:,} words)",
         "value": words / seconds, "unit": "words/s", "reference": f"nlp.pipe words/s, same text: {words / raw:,.0f}",
         "ratio": raw / seconds},
        {"benchmark": "build", "figure": f"of which the derived graph (identity, events, closure), s ({len(spent)} commits)",
         "value": sum(spent), "unit": "s", "reference": f"whole build: {seconds:.0f} s", "ratio": sum(spent) / seconds},
    ]


def build_best_first(rows: list[dict], words: int) -> float:
    """Seconds of the best single-process build, from its words/s figure."""
    first = next(r for r in rows if "1 process" in r["figure"])
    return words / first["value"]


if __name__ == "__main__":
    import sys

    for row in (real_feed() if "--real" in sys.argv else run(quick="--quick" in sys.argv)):
        print(row)
