"""Peak memory (RSS) of a whole build against corpus size: it must stay flat.

Each size is built from scratch in its own process (so peaks don't carry over), which
reads a folder of .jsonl files and builds it into a fresh Oxigraph store exactly as `kg build`
does: sources checked, then streamed through nlp.pipe and committed in batches. The
documents are the examples' paragraphs repeated with distinct ids (corpus.py), so
corpus size grows in documents much faster than in words parsed. The reference is the
peak of the smallest corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (1_000, 10_000)  # 10^5 documents: ~20 min of parsing on the 2-core machine; see RESULTS.md
QUICK_SIZES = (100, 1_000)


def child(source: str, store_dir: str) -> None:
    from kg.pipeline import build, check_sources
    from kg.store import open as open_store

    started = time.perf_counter()
    with open_store(store_dir) as store:
        summary = build(store, check_sources([source]).documents())
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child
    # would report its parent's peak (the harness's, with its corpora) as its own
    status = Path("/proc/self/status").read_text()
    peak_kib = int(status.split("VmHWM:")[1].split()[0])
    print(json.dumps({"documents": summary.documents, "triples": summary.store_triples,
                      "peak_mib": peak_kib / 1024, "seconds": time.perf_counter() - started}))


def measure(size: int, tmp: Path) -> dict:
    import corpus

    # a folder of .jsonl files of 1,000 documents each: kg.ingest reads a file whole, so
    # one huge file would measure the file's size, not the build's streaming
    source = tmp / f"corpus-{size}"
    source.mkdir()
    documents = corpus.repeated(corpus.paragraphs(), size)
    for start in range(0, size, 1_000):
        corpus.write_jsonl(documents[start : start + 1_000], source / f"part-{start // 1_000:05d}.jsonl")
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(source), str(tmp / f"store-{size}")],
        check=True, capture_output=True, text=True, cwd=HERE,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        results = {size: measure(size, Path(tmp)) for size in (QUICK_SIZES if quick else SIZES)}
    smallest = min(results)
    for size, result in results.items():
        rows.append({
            "benchmark": "rss",
            "figure": f"peak RSS, build of {result['documents']:,} documents ({result['triples']:,} triples, {result['seconds']:.0f} s)",
            "value": result["peak_mib"], "unit": "MiB",
            "reference": f"peak RSS at {smallest:,} documents: {results[smallest]['peak_mib']:,.0f} MiB",
            "ratio": result["peak_mib"] / results[smallest]["peak_mib"],
        })
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        for row in run(quick="--quick" in sys.argv):
            print(row)
