"""The `kg` command line, through typer's runner and once as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import EXAMPLES, QUERIES

runner = CliRunner()


def kg(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def store(built_store_dir, tmp_path) -> str:
    path = tmp_path / "store"
    shutil.copytree(built_store_dir, path)
    return str(path)


def triple_count(store: str) -> int:
    result = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", store, "--format", "csv")
    return int(result.stdout.splitlines()[1])


def test_help_has_examples():
    for command in ["build", "load", "extract", "query", "export", "stats", "validate"]:
        result = kg(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.stdout, command


def test_build_prints_summary_and_is_idempotent(tmp_path):
    store = str(tmp_path / "s")
    first = kg("build", str(EXAMPLES / "000_seed.txt"), "--store", store, "--quiet")
    assert first.exit_code == 0, first.output
    assert "1 documents" in first.stderr and "events" in first.stderr
    count = triple_count(store)
    again = kg("build", str(EXAMPLES / "000_seed.txt"), "--store", store, "--quiet")
    assert again.exit_code == 0
    assert triple_count(store) == count


def test_store_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    assert kg("build", str(EXAMPLES / "000_seed.txt"), "--quiet").exit_code == 0
    assert (tmp_path / "env-store").is_dir()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nodate.txt", "India met Japan.\n", "nodate.txt"),
        ("baddate.txt", "date 2025-13-45\nIndia met Japan.\n", "2025-13-45"),
        ("bad.jsonl", '{"date": "2025-01-01", "text": "fine"}\n{"date": "2025-01-01", "text": \n', "bad.jsonl:2"),
        ("empty.txt", "", "empty"),
        ("notes.pdf", "whatever", ".pdf"),
    ],
)
def test_bad_input_one_message_nonzero_exit_store_unchanged(store, tmp_path, name, content, message):
    before = triple_count(store)
    good = tmp_path / "good.txt"
    good.write_text("date 2025-03-04\nFrance and Germany signed an agreement in Paris.\n")
    path = tmp_path / name
    path.write_text(content)
    strict = kg("build", str(good), str(path), "--store", store, "--quiet", "--strict")
    assert strict.exit_code == 1
    assert "error:" in strict.stderr and message in strict.stderr and "nothing written" in strict.stderr
    assert "Traceback" not in strict.output
    assert triple_count(store) == before
    # Without --strict the good record goes in, the bad one is reported, and the exit says so.
    lenient = kg("build", str(good), str(path), "--store", store, "--quiet")
    assert lenient.exit_code == 3
    assert message in lenient.stderr and "skipped 1 bad record(s) in 1 file(s)" in lenient.stderr
    assert triple_count(store) > before


def test_binary_and_missing_files_are_reported(store, tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"date 2025-01-01\n\x00\x01\x02\xff" * 10)
    result = kg("build", str(binary), str(tmp_path / "missing.txt"), "--store", store, "--quiet")
    assert result.exit_code == 1
    assert "blob.txt" in result.stderr and "missing.txt" in result.stderr


def test_stdin_source(tmp_path):
    store = str(tmp_path / "s")
    line = json.dumps({"id": "a1", "date": "2025-02-03", "text": "France and Germany signed an agreement in Paris on Monday."})
    result = kg("build", "-", "--store", store, "--quiet", input=line + "\n")
    assert result.exit_code == 0, result.output
    rows = kg("query", 'SELECT ?id WHERE { ?a dcterms:identifier ?id }', "--store", store, "--format", "csv")
    assert "a1" in rows.stdout


def test_query_formats(store):
    query = str(QUERIES / "who-met-whom.rq")
    table = kg("query", "--file", query, "--store", store)
    assert table.exit_code == 0 and "Putin" in table.stdout
    as_csv = kg("query", "--file", query, "--store", store, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and any("Putin" in " ".join(r.values()) for r in rows)
    as_json = json.loads(kg("query", "--file", query, "--store", store, "--format", "json").stdout)
    assert as_json["results"]["bindings"]
    as_tsv = kg("query", "--file", query, "--store", store, "--format", "tsv").stdout.splitlines()
    assert as_tsv[0].startswith("?") and len(as_tsv) == len(rows) + 1
    assert all(line.count("\t") == as_tsv[0].count("\t") for line in as_tsv)


def test_ask_and_construct(store):
    ask = kg("query", "ASK { ?e a dip:PhoneCall }", "--store", store)
    assert ask.stdout.strip() == "true"
    construct = kg("query", "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a dip:Person ; rdfs:label ?l }", "--store", store)
    graph = Graph().parse(data=construct.stdout, format="turtle")
    assert len(graph) > 5


def test_bad_sparql_is_one_clear_error(store):
    result = kg("query", "SELECT ?x WHERE { ?x", "--store", store)
    assert result.exit_code == 1
    assert "bad SPARQL query" in result.stderr and "Traceback" not in result.output


def test_query_needs_an_existing_store(tmp_path):
    result = kg("query", "ASK {}", "--store", str(tmp_path / "nothing"))
    assert result.exit_code == 1 and "no store" in result.stderr
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize(("fmt", "quads"), [("turtle", False), ("nt", False), ("nquads", True), ("trig", True), ("jsonld", True)])
def test_export_round_trips(store, tmp_path, fmt, quads):
    out = tmp_path / f"graph.{fmt}"
    result = kg("export", "--format", fmt, "-o", str(out), "--store", store)
    assert result.exit_code == 0, result.output
    rdflib_format = {"jsonld": "json-ld"}.get(fmt, fmt)
    if quads:
        data = Dataset()
        data.parse(out, format=rdflib_format)
        assert len(list(data.graphs())) >= 9
        count = sum(len(g) for g in data.graphs())
    else:
        count = len(Graph().parse(out, format=rdflib_format))
    assert count > 1000


def test_stats_and_validate(store):
    stats = kg("stats", "--store", store)
    assert stats.exit_code == 0
    assert "documents" in stats.stdout and "PhoneCall" in stats.stdout
    valid = kg("validate", "--store", store)
    assert valid.exit_code == 0, valid.stdout
    assert "conforms" in valid.stdout


def test_extract_prints_json_lines():
    result = kg("extract", str(EXAMPLES / "000_seed.txt"), str(EXAMPLES / "wn2019-01.txt"))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["document"]["identifier"] for line in lines] == ["000_seed.txt", "wn2019-01.txt"]
    assert any(e["cls"] == "PhoneCall" for e in lines[0]["events"])


def test_real_subprocess(tmp_path):
    """The installed console script, as a user runs it."""
    kg_bin = Path(sys.executable).parent / "kg"
    store = str(tmp_path / "s")
    env = {**os.environ, "KG_STORE": store}
    built = subprocess.run([str(kg_bin), "build", str(EXAMPLES)], capture_output=True, text=True, env=env, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "9 documents" in built.stderr
    query = subprocess.run(
        [str(kg_bin), "query", "--file", str(QUERIES / "who-met-whom.rq"), "--format", "csv"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert query.returncode == 0 and "Putin" in query.stdout
    bad = subprocess.run([str(kg_bin), "query", "SELEKT"], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1 and bad.stderr.startswith("error:")
