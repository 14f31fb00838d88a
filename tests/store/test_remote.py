"""`--store http://…`: the same commands against a real Oxigraph server (`oxigraph serve`)."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, vocab
from kg.cli import app
from kg.store import StoreError
from kg.store import open as open_store
from kg.store.remote import RemoteStore, endpoints
from tests.conftest import EXAMPLES, QUERIES
from tests.support.servers import free_port, oxigraph_serve

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def built_server(server):
    result = kg("build", str(EXAMPLES), "--store", server, "--quiet")
    assert result.exit_code == 0, result.output
    return server


def csv_rows(text: str) -> list[tuple]:
    # GROUP_CONCAT's order is up to the engine: compare its lists as sets
    return sorted(tuple(", ".join(sorted(cell.split(", "))) for cell in row) for row in list(csv.reader(io.StringIO(text)))[1:])


@pytest.mark.parametrize("name", sorted(vocab.example_queries()))
def test_every_example_query_gives_the_same_rows_as_the_local_store(built_server, built_store_dir, name):
    query_file = str(QUERIES / f"{name}.rq")
    remote = kg("query", "--file", query_file, "--format", "csv", "--store", built_server)
    local = kg("query", "--file", query_file, "--format", "csv", "--store", str(built_store_dir))
    assert remote.exit_code == local.exit_code == 0, remote.output
    assert csv_rows(remote.stdout)
    assert csv_rows(remote.stdout) == csv_rows(local.stdout)


def test_rebuilding_replaces_graphs_and_export_and_stats_match(built_server, built_store_dir):
    with open_store(built_server) as remote, open_store(built_store_dir) as local:
        before = len(remote)
        assert isinstance(remote, RemoteStore)
        assert before == len(local) > 0
        assert remote.graph_names() == local.graph_names()
    assert kg("build", str(EXAMPLES / "000_seed.txt"), "--store", built_server, "--quiet").exit_code == 0
    with open_store(built_server) as remote:
        assert len(remote) == before  # the document's graph was replaced, not added to
    remote_export = kg("export", "--format", "nquads", "--store", built_server).stdout
    local_export = kg("export", "--format", "nquads", "--store", str(built_store_dir)).stdout
    assert sorted(remote_export.splitlines()) == sorted(local_export.splitlines())
    stats = kg("stats", "--store", built_server)
    assert stats.exit_code == 0
    assert "│ documents" in stats.stdout and "9" in stats.stdout


def test_python_api_on_a_remote_store(built_server):
    with KnowledgeGraph.open(built_server) as graph:
        names = graph.query("SELECT DISTINCT ?n WHERE { ?c dip:isoCode 'IND' ; rdfs:label ?n }").df["n"].tolist()
    assert names == ["India"]


def test_bad_query_gets_the_servers_message(built_server):
    result = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x }", "--store", built_server])
    assert result.exit_code == 1
    assert "bad SPARQL query" in result.stderr
    assert "error at" in result.stderr  # Oxigraph's parser speaking


def test_unreachable_server_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        open_store(url)
    result = runner.invoke(app, ["stats", "--store", url])
    assert result.exit_code == 1
    assert "cannot reach the SPARQL endpoint" in result.stderr
    assert "Traceback" not in result.stderr


def test_endpoint_layouts(monkeypatch):
    assert endpoints("http://h:7878") == endpoints("http://h:7878/query")
    assert endpoints("http://h:7878/").update == "http://h:7878/update"
    assert endpoints("http://h:7878/query").graph_store == "http://h:7878/store"
    fuseki = endpoints("http://h:3030/ds")
    assert fuseki.query == fuseki.update == fuseki.graph_store == "http://h:3030/ds"
    monkeypatch.setenv("KG_UPDATE_ENDPOINT", "http://h:7200/repositories/kg/statements")
    monkeypatch.setenv("KG_GSP_ENDPOINT", "http://h:7200/repositories/kg/rdf-graphs/service")
    graphdb = endpoints("http://h:7200/repositories/kg")
    assert graphdb.query == "http://h:7200/repositories/kg"
    assert graphdb.update.endswith("/statements")
    assert graphdb.graph_store.endswith("/rdf-graphs/service")
