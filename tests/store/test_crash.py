"""Crashes, full disks, read-only stores and concurrent use, on real `kg` processes.

A build is killed with SIGKILL at seeded random moments; the store must open,
validate, hold only whole documents (each article graph exactly as a clean build
makes it) and be completed by running the build again. Queries run while a build
writes; a second build on the same store is refused or queued, never interleaved.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from kg.ids import DERIVED_GRAPH
from kg.pipeline import build, read_all
from kg.store import Store, StoreError
from kg.store import open as open_store
from tests.conftest import EXAMPLES

KG = [sys.executable, "-m", "kg"]
ENV = {**os.environ, "COLUMNS": "300"}
# the documents' graphs (and the ontology); the derived graph is checked on its own
QUADS_PER_GRAPH = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/dipkg/derived>) } "
                   "GROUP BY ?g")
KILLS = 4  # random kill points per run of the crash test (seeded: the same every run)


def kg(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, env=ENV, **kwargs)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*KG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def graphs_of(store: Store) -> dict[str, frozenset]:
    """Every named graph's triples but the derived one's, by graph name; blank nodes
    canonically relabelled (the ontology's OWL lists), so equal sets mean isomorphic graphs."""
    graphs: dict[str, Graph] = {}
    for g, s, p, o in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        if str(g) != str(DERIVED_GRAPH):
            graphs.setdefault(str(g), Graph()).add((s, p, o))
    return {name: frozenset(to_canonical_graph(graph)) for name, graph in graphs.items()}


@pytest.fixture(scope="module")
def clean(tmp_path_factory, example_documents) -> dict[str, frozenset]:
    """The graphs of a clean, uninterrupted build of the examples."""
    with open_store(tmp_path_factory.mktemp("clean") / "store") as store:
        build(store, example_documents)
        return graphs_of(store)


def assert_whole_documents(path: Path, clean: dict[str, frozenset]) -> int:
    """The store opens, every document graph in it is exactly its clean build's graph, and the
    derived graph is exactly what those documents imply (never half-derived); returns how many graphs."""
    with open_store(path, read_only=True) as store:
        graphs = graphs_of(store)
        derived, expected = store.derived_lines(), store.expected_derived()
    for name, triples in graphs.items():
        assert name in clean, f"a graph no clean build makes: {name}"
        assert triples == clean[name], f"graph {name} is not whole: {len(triples)} of {len(clean[name])} triples"
    assert derived == expected, f"derived graph: {len(expected - derived)} missing, {len(derived - expected)} extra"
    return len(graphs)


def test_kill_9_at_random_points_leaves_whole_documents_and_rerun_completes(tmp_path, clean):
    store = tmp_path / "store"
    started = time.perf_counter()
    assert kg("build", str(EXAMPLES), "--store", str(tmp_path / "timing"), "--quiet").returncode == 0
    duration = time.perf_counter() - started
    rng = random.Random(8)
    survived = []
    for _ in range(KILLS):
        if (store / "CURRENT").exists() and assert_whole_documents(store, clean) == len(clean):
            shutil.rmtree(store)  # complete already: the next kill should have something to interrupt
        build_process = start("build", str(EXAMPLES), "--store", str(store), "--quiet")
        moment = rng.uniform(0.05, duration * 1.05)
        time.sleep(moment)
        build_process.send_signal(signal.SIGKILL)
        build_process.wait()
        survived.append(build_process.returncode)
        whole = 0
        if (store / "CURRENT").exists():  # killed after Oxigraph created the store
            whole = assert_whole_documents(store, clean)
            check = kg("validate", "--store", str(store))
            assert check.returncode == 0, check.stdout + check.stderr
        print(f"kill -9 at {moment:.2f} s of {duration:.2f} s: exit {build_process.returncode}, {whole} whole graphs")
    assert -signal.SIGKILL in survived, "no kill landed while a build ran"
    # one more kill, and the re-run completes what it left
    killed = start("build", str(EXAMPLES), "--store", str(store), "--quiet")
    time.sleep(rng.uniform(0.05, duration))
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    rerun = kg("build", str(EXAMPLES), "--store", str(store), "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert assert_whole_documents(store, clean) == len(clean)
    with open_store(store, read_only=True) as done:  # no duplicates, nothing missing
        assert len(done) == sum(len(t) for t in clean.values()) + len(done.derived_lines()) + 1  # + the version stamp

    # Killing a re-build of a complete store loses nothing: each graph is swapped whole.
    for _ in range(2):
        again = start("build", str(EXAMPLES), "--store", str(store), "--quiet")
        moment = rng.uniform(duration * 0.5, duration * 1.05)
        time.sleep(moment)
        again.send_signal(signal.SIGKILL)
        again.wait()
        assert assert_whole_documents(store, clean) == len(clean)
        print(f"kill -9 of a re-build at {moment:.2f} s: exit {again.returncode}, all {len(clean)} graphs whole")


CREATE = "import sys; from kg.store import open; print('ready', flush=True); open(sys.argv[1]).close()"


def test_kill_9_while_a_store_is_created_leaves_no_half_store(tmp_path):
    """RocksDB writes CURRENT before its column families: a kill in between used to leave a
    directory that looked like a store and that neither a query nor a build could open."""
    rng = random.Random(3)
    interrupted = 0
    for n in range(24):
        store = tmp_path / f"store{n}"
        child = subprocess.Popen([*KG[:1], "-c", CREATE, str(store)], stdout=subprocess.PIPE, text=True, env=ENV)
        child.stdout.readline()  # imports done: what follows is the creation itself
        time.sleep(rng.uniform(0.0, 0.08))
        child.send_signal(signal.SIGKILL)
        child.wait()
        if not (store / "CURRENT").exists():
            interrupted += 1
        else:
            with open_store(store, read_only=True):
                pass  # the open is the check: a half-made store raised StoreError here
        with open_store(store) as again:  # and a writer can always go on
            assert len(again) > 0  # the ontology, written on the first write open
    assert interrupted, "no kill landed while a store was being created"


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory) -> Path:
    """36 articles (the examples, each in several copies): a build of several seconds."""
    path = tmp_path_factory.mktemp("corpus") / "long.jsonl"
    docs = read_all([str(EXAMPLES)])
    with path.open("w") as out:
        for copy in range(4):
            for doc in docs:
                record = {"id": f"{doc.identifier}#{copy}", "date": doc.date.isoformat(), "text": f"{doc.text}\n\nCopy {copy}."}
                out.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def long_clean(tmp_path_factory, long_corpus) -> dict[str, frozenset]:
    with open_store(tmp_path_factory.mktemp("long") / "store") as store:
        build(store, read_all([str(long_corpus)]))
        return graphs_of(store)


def counts(csv_text: str) -> dict[str, int]:
    lines = csv_text.strip().splitlines()[1:]
    return {g: int(n) for g, n in (line.rsplit(",", 1) for line in lines)}


def test_queries_during_a_build_see_whole_documents(tmp_path, long_corpus, long_clean):
    expected = {name: len(triples) for name, triples in long_clean.items()}

    store = tmp_path / "store"
    assert kg("build", str(EXAMPLES / "000_seed.txt"), "--store", str(store), "--quiet").returncode == 0
    running = start("build", str(long_corpus), str(EXAMPLES / "000_seed.txt"), "--store", str(store), "--quiet")
    answers = []
    while running.poll() is None:
        result = kg("query", QUADS_PER_GRAPH, "--store", str(store), "--format", "csv")
        assert result.returncode == 0, result.stderr  # the build does not lock readers out
        answers.append((running.poll() is None, counts(result.stdout)))
    assert running.wait() == 0, running.stderr.read()
    during = [seen for still_running, seen in answers if still_running]
    assert len(during) >= 2, "the build was too short to query during it"
    print(f"{len(during)} queries answered while the build ran")
    for seen in during:
        for graph, n in seen.items():
            if graph in expected:  # the seed's graph and the ontology are in every snapshot
                assert n == expected[graph], f"{graph}: {n} of {expected[graph]} triples"
        # a snapshot is before the build or after it, never between: all new documents or none
        assert len(seen) in (2, len(expected) + 1), len(seen)
    final = counts(kg("query", QUADS_PER_GRAPH, "--store", str(store), "--format", "csv").stdout)
    assert {g: n for g, n in final.items() if g in expected} == expected


def test_second_build_is_refused_or_queued_never_interleaved(tmp_path, long_corpus, long_clean, clean):
    store = tmp_path / "store"
    first = start("build", str(long_corpus), "--store", str(store), "--quiet")
    lock = store / "kg-write.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and f"pid {first.pid}" in lock.read_text()):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    refused = kg("build", str(EXAMPLES / "000_seed.txt"), "--store", str(store), "--quiet")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"is being written by `kg build` (pid {first.pid}" in refused.stderr and "--wait" in refused.stderr
    queued = kg("build", str(EXAMPLES / "000_seed.txt"), "--store", str(store), "--quiet", "--wait")
    assert first.poll() is not None, "--wait returned before the first build finished"
    assert first.returncode == 0 and queued.returncode == 0, queued.stderr
    seed = read_all([str(EXAMPLES / "000_seed.txt")])[0]
    seed_graph = next(name for name in clean if name.endswith(seed.id))
    with open_store(store, read_only=True) as result:
        assert graphs_of(result) == {**long_clean, seed_graph: clean[seed_graph]}


def test_store_held_by_another_writer_gives_a_clear_message(tmp_path, built_store_dir):
    store = tmp_path / "store"
    shutil.copytree(built_store_dir, store)
    with open_store(store):  # this process holds the write lock and Oxigraph's own, as the Python API would
        result = kg("build", str(EXAMPLES / "000_seed.txt"), "--store", str(store), "--quiet")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "is being written by" in result.stderr and f"pid {os.getpid()}" in result.stderr
        with pytest.raises(StoreError, match="open for writing by another process"):
            open_store(store)
        assert kg("query", "ASK { ?s ?p ?o }", "--store", str(store)).stdout.strip() == "true"


# -- full disk and read-only stores: a real tmpfs -------------------------------


@pytest.fixture
def tiny_fs(tmp_path):
    """A real 64 MB tmpfs (needs root or CAP_SYS_ADMIN, as in CI here); skipped elsewhere."""
    mount = tmp_path / "fs"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_is_reported_and_loses_nothing(tiny_fs, clean):
    store = tiny_fs / "store"
    assert kg("build", str(EXAMPLES / "000_seed.txt"), "--store", str(store), "--quiet").returncode == 0
    with open_store(store, read_only=True) as before_store:
        before = graphs_of(before_store)
    filler = tiny_fs / "filler"
    with filler.open("wb") as out:  # fill the file system to the last block
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    full = kg("build", str(EXAMPLES), "--store", str(store), "--quiet")
    assert full.returncode == 1 and "Traceback" not in full.stderr
    assert "No space left on device" in full.stderr and f"store '{store}'" in full.stderr
    filler.unlink()
    with open_store(store, read_only=True) as after:
        assert graphs_of(after) == before
    assert kg("build", str(EXAMPLES), "--store", str(store), "--quiet").returncode == 0
    assert assert_whole_documents(store, clean) == len(clean)


def test_read_only_store_is_reported_and_still_queryable(tiny_fs):
    store = tiny_fs / "store"
    assert kg("build", str(EXAMPLES / "000_seed.txt"), "--store", str(store), "--quiet").returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)
    try:
        refused = kg("build", str(EXAMPLES), "--store", str(store), "--quiet")
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "Read-only file system" in refused.stderr
        query = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a dip:Article }", "--store", str(store), "--format", "csv")
        assert query.returncode == 0 and query.stdout.splitlines()[1] == "1", query.stderr
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tiny_fs)], check=True)


WRITER = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
for i in range(400):  # one transaction per 'document' of 200 triples; flushes make RocksDB retire files
    body = " ".join(f'<http://s/{i}/{j}> <http://p> "{"x" * 200}" .' for j in range(200))
    store.update(f"INSERT DATA {{ GRAPH <http://g/{i}> {{ {body} }} }}")
    if i % 40 == 0:
        store.flush()
"""


def test_snapshot_reads_during_heavy_writes_see_whole_transactions(tmp_path):
    """Many write transactions and flushes in another process while this one opens
    snapshots: every open succeeds (retrying a file the writer retired) and every
    graph it sees is whole."""
    path = tmp_path / "store"
    open_store(path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stderr=subprocess.PIPE, text=True)
    reads = []
    while writer.poll() is None:
        with open_store(path, read_only=True) as snapshot:
            sizes = {str(g): int(n) for g, n in snapshot.query(QUADS_PER_GRAPH) if str(g).startswith("http://g/")}
        assert set(sizes.values()) <= {200}, sizes
        reads.append(len(sizes))
    assert writer.returncode == 0, writer.stderr.read()
    assert len(reads) >= 3 and reads == sorted(reads)  # snapshots only move forward
    print(f"{len(reads)} snapshots during 400 write transactions, {len(set(reads))} distinct states, none partial")
