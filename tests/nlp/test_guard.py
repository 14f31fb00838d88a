"""kg.nlp.guard on components that really stall, loop, crash and raise (tests/stall.py).

The children load the pipeline with tests/stall.py's component added through
KG_NLP_PLUGINS; this process keeps the plain pipeline for the reference extractions.
One Guard per module serves most tests, so spaCy is loaded once rather than per test.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date

import psutil
import pytest

from kg.nlp import pipeline as nlp
from kg.nlp import extract, extract_batch
from kg.nlp.guard import Failed, Guard, GuardError, Stalled, shared_guard
from kg.model import Document, Extraction

from tests.support import stall

BUDGET = 3.0
SLOW_SECONDS = 1.2  # per SLOW document: a batch of three takes longer than one budget, less than three

TEXTS = [
    "Prime Minister Jacinda Ardern met French President Emmanuel Macron in Paris on Monday.",
    "German Chancellor Angela Merkel will visit Japan in December.",
    "Russian President Vladimir Putin spoke with Joe Biden by telephone on Tuesday.",
    "India and China signed a trade agreement in Beijing on Friday.",
    "The United Nations condemned the attack on the embassy.",
]


def document(name: str, text: str) -> Document:
    return Document(id=f"guard-{name}", identifier=name, text=text, date=date(2021, 3, 4))


NORMAL = [document(f"normal-{i}", text) for i, text in enumerate(TEXTS)]


def bad(marker: str, n: int = 0) -> Document:
    return document(f"{marker.lower()}-{n}", f"Modi met Xi in Delhi. {marker} The talks went on.")


@pytest.fixture(scope="module")
def reference() -> dict[str, Extraction]:
    """In-process extraction of the normal documents, with this process's plain pipeline."""
    return {e.document.id: e for e in extract(NORMAL)}


@pytest.fixture(scope="module")
def plugin_env():
    nlp.load()  # this process keeps its plain pipeline; only the children see the plugin
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(nlp.PLUGINS_VARIABLE, stall.PLUGIN)
        patch.setenv("KG_TEST_SLOW_SECONDS", str(SLOW_SECONDS))
        yield


@pytest.fixture(scope="module")
def guards(plugin_env):
    """One Guard per number of processes, shared by the module's tests."""
    made: dict[int, Guard] = {}

    def get(processes: int, batch_size: int) -> Guard:
        guard = made.setdefault(processes, Guard(BUDGET, processes))
        guard.batch_size = batch_size
        return guard

    yield get
    for guard in made.values():
        guard.close()


def check(results, documents, reference, expected: dict[str, type]) -> None:
    """One result per document, in input order; the normal ones equal to the reference."""
    assert [r.document.id for r in results] == [d.id for d in documents]
    for result in results:
        kind = expected.get(result.document.identifier.split("-")[0], Extraction)
        assert isinstance(result, kind), str(result)
        if kind is Extraction:
            assert result == reference[result.document.id]
            assert result.seconds > 0


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.timeout(90)
@pytest.mark.parametrize("processes", [1, 2])
def test_stalls_are_skipped_and_the_rest_extracted(guards, reference, processes):
    guard = guards(processes, 1)
    documents = [NORMAL[0], bad(stall.SLEEP), NORMAL[1], bad(stall.LOOP), NORMAL[2]]
    started = time.monotonic()
    results = list(guard.extract(documents))
    check(results, documents, reference, {"stall": Stalled, "loop": Stalled})
    assert all(r.seconds == BUDGET for r in results if isinstance(r, Stalled))
    assert "took longer than 3 s" in str(results[1])
    assert time.monotonic() - started < 2 * BUDGET + 30  # each stall costs its budget and a restart


@pytest.mark.timeout(90)
def test_a_stall_inside_a_batch_is_pinned_on_its_document(guards, reference):
    guard = guards(1, 3)
    documents = [NORMAL[0], bad(stall.SLEEP), NORMAL[1], NORMAL[2], NORMAL[3]]
    results = list(guard.extract(documents))
    check(results, documents, reference, {"stall": Stalled})
    assert len(guard.pids()) == 1


@pytest.mark.timeout(60)
def test_a_slow_batch_within_its_documents_budgets_is_not_a_stall(guards):
    guard = guards(1, 3)
    list(guard.extract(NORMAL[:1]))  # a child replaced by the test before starts up first: not this batch's time
    before = guard.pids()
    documents = [bad(stall.SLOW, n) for n in range(3)]
    started = time.monotonic()
    results = list(guard.extract(documents))
    assert time.monotonic() - started > BUDGET  # the batch took longer than one budget ...
    assert all(isinstance(r, Extraction) for r in results)  # ... and was extracted, not split
    assert guard.pids() == before
    assert all(r.seconds >= SLOW_SECONDS * 0.9 for r in results)  # the sleep is in the batch's parse, shared out


@pytest.mark.timeout(90)
@pytest.mark.parametrize("processes", [1, 2])
def test_a_crashing_child_is_reported_and_the_rest_goes_on(guards, reference, processes):
    guard = guards(processes, 2)
    documents = [NORMAL[0], bad(stall.KILLED), NORMAL[1], bad(stall.EXIT), NORMAL[2], bad(stall.RAISE), NORMAL[3]]
    results = list(guard.extract(documents))
    check(results, documents, reference, {"kill": Failed, "exit": Failed, "raise": Failed})
    assert "killed by SIGKILL" in results[1].reason
    assert "exit status 1" in results[3].reason
    assert "ValueError: a component failed on purpose" in results[5].reason


@pytest.mark.timeout(60)
def test_an_exception_costs_no_restart(guards, reference):
    guard = guards(1, 4)
    list(guard.extract(NORMAL[:1]))
    before = guard.pids()
    documents = [NORMAL[0], bad(stall.RAISE), NORMAL[1]]
    check(list(guard.extract(documents)), documents, reference, {"raise": Failed})
    assert guard.pids() == before


@pytest.mark.timeout(60)
def test_one_guard_serves_many_calls_and_abandoned_ones(guards, reference):
    guard = guards(2, 2)
    first = list(guard.extract(NORMAL[:3]))
    pids = guard.pids()
    second = list(guard.extract(NORMAL[3:]))
    check(first + second, NORMAL, reference, {})
    assert guard.pids() == pids  # the same children, pipeline loaded once
    partial = guard.extract(NORMAL)
    assert next(partial) == reference[NORMAL[0].id]
    partial.close()  # the rest is abandoned: its children's work is nobody's now
    check(list(guard.extract(NORMAL)), NORMAL, reference, {})


@pytest.mark.timeout(60)
def test_no_child_outlives_close_or_garbage_collection(plugin_env):
    with Guard(BUDGET, 2) as guard:
        list(guard.extract(NORMAL[:2]))
        pids = guard.pids()
        assert len(pids) == 2 and all(map(alive, pids))
    assert not any(map(alive, pids))
    with pytest.raises(RuntimeError):
        guard.extract(NORMAL)

    guard = Guard(BUDGET, 1)
    list(guard.extract(NORMAL[:1]))
    pids = guard.pids()
    del guard
    gc.collect()
    assert not any(map(alive, pids))


@pytest.mark.timeout(60)
def test_a_stalled_child_dies_with_its_parent(plugin_env):
    """The parent is killed while its child sleeps inside a native call: the kernel ends the child.
    The parent has not loaded spaCy, which only the children need."""
    script = textwrap.dedent(f"""
        import sys, threading, time
        from datetime import date
        from kg.nlp.guard import Guard
        from kg.model import Document
        guard = Guard(60, 1)
        list(guard.extract([Document("a", "a", "Modi met Xi.", date(2021, 1, 1))]))  # started and ready
        assert "spacy" not in sys.modules  # the children parse; the parent never loads the model
        stuck = Document("x", "x", "{stall.SLEEP}", date(2021, 1, 1))
        threading.Thread(target=lambda: list(guard.extract([stuck])), daemon=True).start()
        time.sleep(1)
        print(guard.pids()[0], flush=True)
        time.sleep(3600)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        child = int(parent.stdout.readline())
        assert alive(child)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child)


@pytest.mark.timeout(60)
def test_a_child_that_cannot_start_stops_the_extraction(monkeypatch):
    monkeypatch.setenv(nlp.PLUGINS_VARIABLE, "tests.no_such_module:nothing")
    with Guard(BUDGET) as guard, pytest.raises(GuardError, match="no_such_module"):
        list(guard.extract(NORMAL[:1]))


def test_no_budget_is_in_process_extraction(reference):
    with Guard(0) as guard:
        results = list(guard.extract(NORMAL))
        assert guard.pids() == []
    assert results == [reference[d.id] for d in NORMAL]
    assert all(r.seconds > 0 for r in results)
    assert "seconds" not in results[0].to_json()


def test_a_batch_parse_is_shared_out_by_words():
    long = document("long", " ".join(TEXTS * 40))
    short, big = extract_batch([NORMAL[0], long])
    assert big.seconds > 10 * short.seconds


def _task(texts: list[str], budget: float):
    documents = [document(f"dask-{i}", text) for i, text in enumerate(texts)]
    guard = shared_guard(budget)
    return [type(r).__name__ for r in guard.extract(documents)], guard.pids()


@pytest.mark.timeout(120)
def test_a_dask_worker_keeps_its_guard_across_tasks(plugin_env):
    """Dask workers are daemonic processes: the children are Popen'ed, and shared_guard
    keeps one per worker thread, so the pipeline is loaded once for many tasks."""
    distributed = pytest.importorskip("dask.distributed")
    import logging

    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    )
    with cluster, distributed.Client(cluster) as client:
        first = client.submit(_task, TEXTS[:2], BUDGET, pure=False).result()
        second = client.submit(_task, [TEXTS[2], f"x {stall.RAISE}"], BUDGET, pure=False).result()
    assert first[0] == ["Extraction", "Extraction"] and second[0] == ["Extraction", "Failed"]
    assert first[1] == second[1] and len(first[1]) == 1
    assert not alive(first[1][0])


def test_shared_guard_is_one_per_thread():
    mine = shared_guard(5)
    assert shared_guard(5) is mine and shared_guard(7) is not mine
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(shared_guard(5)))
    thread.start()
    thread.join()
    assert theirs[0] is not mine
    mine.close()
    assert shared_guard(5) is not mine  # a closed one is replaced


def test_plugin_entries_are_parsed_and_checked():
    assert nlp.plugins(" a.b:c , d:e,") == [("a.b", "c"), ("d", "e")]
    assert nlp.plugins("") == []
    with pytest.raises(ValueError, match="module:component"):
        nlp.plugins("a.b")
