"""Streaming builds: batches of whole documents, skipping unchanged ones, workers, Dask."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.ids import DERIVED_GRAPH, DIP, ONTOLOGY_GRAPH
from kg.pipeline import build, check_sources
from kg.store import Store
from kg.store import open as open_store
from tests.conftest import EXAMPLES


def quads(store: Store) -> set[tuple]:
    """Every triple with its graph, the ontology's aside (its blank nodes differ per load), the
    derived graph's included (so workers and Dask must derive the same) but for its version stamp."""
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <%s> && ?p != <%s>) }"
                       % (ONTOLOGY_GRAPH, DIP.version))
    return {tuple(str(t) for t in row) for row in rows}


@pytest.fixture(scope="module")
def reference_quads(built_store_dir) -> set[tuple]:
    with open_store(built_store_dir) as store:
        return quads(store)


def test_second_build_skips_unchanged_documents(example_store, example_documents, reference_quads):
    summary = build(example_store, example_documents)
    assert (summary.documents, summary.skipped, summary.triples) == (0, 9, 0)
    assert "skipped 9 unchanged" in summary.line()
    assert quads(example_store) == reference_quads


def test_force_rebuilds_and_replaces(example_store, example_documents, reference_quads):
    summary = build(example_store, example_documents, force=True)
    assert (summary.documents, summary.skipped) == (9, 0)
    assert quads(example_store) == reference_quads


def test_only_new_documents_are_built(example_store, tmp_path):
    new = tmp_path / "new.txt"
    new.write_text("date 2025-01-02\nIndia and Japan held talks in Tokyo.\n")
    summary = build(example_store, check_sources([str(EXAMPLES), str(new)]).documents())
    assert (summary.documents, summary.skipped) == (1, 9)


def test_a_crash_mid_build_leaves_whole_documents_and_the_next_build_finishes(tmp_path, monkeypatch, example_documents, reference_quads):
    store = open_store(tmp_path / "store")
    real_commit = store.replace_nquads
    commits = []

    def crash_on_third_commit(graphs):
        if ONTOLOGY_GRAPH in graphs:  # the ontology's refresh, before the documents
            return real_commit(graphs)
        if len(commits) == 2:
            raise OSError("disk full (simulated)")
        commits.append(list(graphs))
        real_commit(graphs)

    monkeypatch.setattr(store, "replace_nquads", crash_on_third_commit)
    with pytest.raises(OSError):
        build(store, example_documents, commit_documents=3)
    monkeypatch.undo()
    written = {name for batch in commits for name in batch}
    assert len(written) == 6
    assert set(store.graph_names()) == written | {ONTOLOGY_GRAPH, DERIVED_GRAPH}
    # each of them whole: exactly its quads from a complete build; and derived from just them
    assert {q for q in quads(store) if URIRef(q[0]) != DERIVED_GRAPH} == {q for q in reference_quads if URIRef(q[0]) in written}
    assert store.derived_lines() == store.expected_derived()
    summary = build(store, example_documents, commit_documents=3)
    assert (summary.documents, summary.skipped) == (3, 6)
    assert quads(store) == reference_quads
    store.close()


def test_literals_with_quotes_newlines_and_backslashes_round_trip(tmp_path):
    name = URIRef("https://w3id.org/dipkg/id/article/test")
    text = 'He said "no"\nthen left \\ again\r\n\ttab — ünïcode'
    with open_store(tmp_path / "store") as store:
        store.replace_graphs({name: [(name, DIP.evidence, Literal(text)), (name, DIP.trigger, Literal("x", lang="en"))]})
        values = {str(row[0]) for row in store.query(f"SELECT ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")}
    assert values == {text, "x"}


def test_two_workers_give_the_same_triples(tmp_path, example_documents, reference_quads):
    with open_store(tmp_path / "store") as store:
        summary = build(store, example_documents, workers=2)
        assert summary.documents == 9
        assert quads(store) == reference_quads


def test_dask_local_cluster_gives_the_same_triples(tmp_path, reference_quads, monkeypatch):
    pytest.importorskip("dask.distributed")
    from kg import pipeline

    monkeypatch.setattr(pipeline, "DASK_PARTITION", 2)  # so both workers get some and shards arrive in any order
    sources = check_sources([str(EXAMPLES)])
    with open_store(tmp_path / "store") as store:
        summary = build(store, sources, engine="dask", scheduler="local", workers=2)
        assert (summary.documents, summary.skipped) == (9, 0)
        assert quads(store) == reference_quads
        assert ONTOLOGY_GRAPH in store.graph_names()
        again = build(store, sources, engine="dask", scheduler="local", workers=2)
        assert (again.documents, again.skipped) == (0, 9)


def test_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch):
    from kg import pipeline
    from kg.pipeline import DaskError

    monkeypatch.setattr(pipeline, "CONNECT_TIMEOUT", "2s")
    sources = check_sources([str(EXAMPLES / "000_seed.txt")])
    with open_store(tmp_path / "store") as store:
        with pytest.raises(DaskError, match="cannot reach the Dask scheduler"):
            build(store, sources, engine="dask", scheduler="tcp://127.0.0.1:1")
        assert len(store.graph_names()) == 1  # the ontology only


def test_cli_build_twice_says_skipped_and_force_rebuilds(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    store = str(tmp_path / "store")
    source = str(EXAMPLES / "000_seed.txt")
    first = runner.invoke(app, ["build", source, "--store", store, "--quiet"])
    assert first.exit_code == 0 and "1 documents" in first.stderr
    again = runner.invoke(app, ["build", source, "--store", store, "--quiet"])
    assert again.exit_code == 0 and "0 documents" in again.stderr and "skipped 1 unchanged" in again.stderr
    forced = runner.invoke(app, ["build", source, "--store", store, "--quiet", "--force"])
    assert forced.exit_code == 0 and "1 documents" in forced.stderr and "skipped" not in forced.stderr

