"""Data integrity: export then load gives the same graph; `kg validate` catches a
hand-broken store, one consistency check at a time."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.ids import DERIVED_GRAPH, DIP, ONTOLOGY_GRAPH, file_graph_iri
from kg.quality.validate import CONSISTENCY_CHECKS, validate
from kg.store import open as open_store
from kg.store.load import LoadError, parse_files

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def dataset_of(path) -> Dataset:
    """Every graph, the derived one without its version stamp (new with every write)."""
    with open_store(path, read_only=True) as store:
        out = Dataset()
        for name in store.graph_names():
            out.graph(name).__iadd__(t for t in store.dataset.get_context(name) if t[1] != DIP.version)
        return out


def assert_isomorphic_datasets(a: Dataset, b: Dataset) -> None:
    names_a = {g.identifier for g in a.graphs() if len(g)}
    names_b = {g.identifier for g in b.graphs() if len(g)}
    assert names_a == names_b
    for name in names_a:
        assert isomorphic(a.graph(name), b.graph(name)), name


@pytest.fixture
def store(built_store_dir, tmp_path) -> str:
    path = tmp_path / "store"
    shutil.copytree(built_store_dir, path)
    return str(path)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_export_then_load_into_a_fresh_store_is_isomorphic(store, tmp_path, fmt):
    dump = tmp_path / f"graph.{ {'nquads': 'nq'}.get(fmt, fmt)}"
    assert kg("export", "--format", fmt, "--include-ontology", "-o", str(dump), "--store", store).exit_code == 0
    fresh = str(tmp_path / "fresh")
    loaded = kg("load", str(dump), "--store", fresh)
    assert loaded.exit_code == 0, loaded.output
    assert "loaded" in loaded.stderr
    original, copy = dataset_of(store), dataset_of(fresh)
    assert len(list(original.graphs())) > 9
    assert_isomorphic_datasets(original, copy)
    assert kg("validate", "--store", fresh).exit_code == 0
    # Loading it again replaces the graphs: nothing doubles.
    with open_store(fresh, read_only=True) as s:
        before = len(s)
    assert kg("load", str(dump), "--store", fresh).exit_code == 0
    with open_store(fresh, read_only=True) as s:
        assert len(s) == before


def test_blank_nodes_and_triple_files_keep_their_shape(tmp_path):
    ttl = tmp_path / "extra.ttl"
    ttl.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "ex:a ex:knows [ ex:name \"B\" ; ex:knows [ ex:name \"C\" ] ] .\n"
        "ex:list ex:items ( 1 2 3 ) .\n"
    )
    store = str(tmp_path / "s")
    assert kg("load", str(ttl), "--store", store).exit_code == 0
    with open_store(store, read_only=True) as s:
        assert s.graph_names() == sorted([ONTOLOGY_GRAPH, DERIVED_GRAPH, file_graph_iri(ttl)])
        graph = s.union_graph(include_ontology=False)
    assert len(graph) == 11 and isomorphic(graph, Graph().parse(ttl))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b .\n", "malformed turtle"),
        ("bad.nq", "<http://a> <http://b> \"c\" <http://g> \n<http://a> <http://b>\n", "malformed nquads"),
        ("bad.jsonld", '{"@context": {"@vocab": 5}, "x": [}', "malformed json-ld"),
        ("bad.trig", "<http://g> { <http://a> <http://b> <http://c> ", "malformed trig"),
        ("notes.pdf", "%PDF", "unknown RDF file type '.pdf'"),
    ],
)
def test_malformed_rdf_is_one_clear_error_and_the_store_is_unchanged(store, tmp_path, name, content, reason):
    good = tmp_path / "good.nt"
    good.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    bad = tmp_path / name
    bad.write_text(content)
    with open_store(store, read_only=True) as s:
        before = len(s)
    result = kg("load", str(good), str(bad), "--store", store)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and str(bad) in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output
    with open_store(store, read_only=True) as s:
        assert len(s) == before
    with pytest.raises(LoadError):
        parse_files([bad])
    missing = kg("load", str(tmp_path / "missing.trig"), "--store", store)
    assert missing.exit_code == 1 and "cannot read" in missing.stderr


# -- validate: each consistency check fails on a store broken by hand ------------

D = "https://w3id.org/dipkg/ontology#"
I = "https://w3id.org/dipkg/id/"
BREAKAGES = {
    "event without a derivation from an article (prov:wasDerivedFrom)": """
        DELETE { GRAPH ?g { ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?a } }
        WHERE { { SELECT ?g ?e ?a WHERE { GRAPH ?g { ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?a }
                  FILTER(?g != <https://w3id.org/dipkg/derived>) } LIMIT 1 } }""",
    "event derived from an article other than the graph that holds it": f"""
        INSERT {{ GRAPH ?g {{ ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?other }} }}
        WHERE {{ {{ SELECT ?g ?e ?other WHERE {{
          GRAPH ?g {{ ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?a }}
          GRAPH ?other {{ ?other a <{D}Article> }} FILTER(?other != ?g) }} LIMIT 1 }} }}""",
    "article graph without its dip:Article": f"""
        DELETE {{ GRAPH ?g {{ ?g a <{D}Article> }} }}
        WHERE {{ {{ SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{D}Article> }} }} LIMIT 1 }} }}""",
    "orphan node (linked to no other resource)": f"""
        INSERT DATA {{ GRAPH <{I}article/extra> {{ <{I}article/extra> a <{D}Article> .
          <{I}country/XXX> a <{D}Country> ; <http://www.w3.org/2000/01/rdf-schema#label> "Nowhere" ; <{D}isoCode> "XXX" }} }}""",
    "resource IRI without an rdfs:label": f"""
        INSERT {{ GRAPH ?g {{ ?e <{D}participant> <{I}person/nobody> }} }}
        WHERE {{ {{ SELECT ?g ?e WHERE {{ GRAPH ?g {{ ?e a <{D}Meeting> }} }} LIMIT 1 }} }}""",
    "entity with more than one rdfs:label in one article graph": f"""
        INSERT {{ GRAPH ?g {{ ?x <http://www.w3.org/2000/01/rdf-schema#label> "Another name" }} }}
        WHERE {{ {{ SELECT ?g ?x WHERE {{ GRAPH ?g {{ ?x a <{D}Person> }} FILTER(?g != <{DERIVED_GRAPH}>) }} LIMIT 1 }} }}""",
    "entity with more than one canonical rdfs:label in the derived graph": f"""
        INSERT {{ GRAPH <{DERIVED_GRAPH}> {{ ?x <http://www.w3.org/2000/01/rdf-schema#label> "Another name" }} }}
        WHERE {{ {{ SELECT ?x WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?x a <{D}Person> }} }} LIMIT 1 }} }}""",
    "vocabulary term not declared (no rdfs:label in the ontology)": f"""
        INSERT {{ GRAPH ?g {{ ?e <{D}participantt> ?x }} }}
        WHERE {{ {{ SELECT ?g ?e ?x WHERE {{ GRAPH ?g {{ ?e <{D}participant> ?x }} }} LIMIT 1 }} }}""",
}


def test_every_check_has_a_breakage():
    assert set(BREAKAGES) == set(CONSISTENCY_CHECKS)


def test_example_store_is_consistent(store):
    with open_store(store, read_only=True) as s:
        report = validate(s)
    assert report.conforms and report.problems == [] and report.violations == 0


@pytest.mark.parametrize("check", list(BREAKAGES))
def test_validate_catches_a_hand_broken_store(store, check):
    with open_store(store) as s:
        before = len(s)
        s.native.update(BREAKAGES[check])
        assert len(s) != before or check == "event derived from an article other than the graph that holds it"
    result = kg("validate", "--store", store)  # kg validate prints each failed check (kg.quality.validate's Report)
    assert result.exit_code == 1
    assert check in result.stderr, result.stderr
    assert "failed consistency check(s)" in result.stderr


def test_two_articles_may_spell_one_entity_differently(tmp_path):
    """Each article keeps the name as it spelt it; the derived graph holds one canonical label."""
    feed = tmp_path / "two.jsonl"
    feed.write_text(
        '{"id": "a", "date": "2020-05-01", "text": "French Foreign Minister Jean-Yves Le Drian met Chinese leaders."}\n'
        '{"id": "b", "date": "2020-05-02", "text": "French Foreign Minister Jean Yves Le Drian met Chinese leaders."}\n'
    )
    store = str(tmp_path / "s")
    assert kg("build", str(feed), "--store", store, "--doc-timeout", "0").exit_code == 0
    with open_store(store, read_only=True) as s:
        labels = {str(row[0]) for row in s.select(
            "SELECT ?l WHERE { GRAPH ?g { <https://w3id.org/dipkg/id/person/jean-yves-le-drian> rdfs:label ?l } }")}
        canonical = [str(row[0]) for row in s.select(
            f"SELECT ?l WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ <https://w3id.org/dipkg/id/person/jean-yves-le-drian> rdfs:label ?l }} }}")]
    assert {"Jean-Yves Le Drian", "Jean Yves Le Drian"} <= labels and len(canonical) == 1
    result = kg("validate", "--store", store)
    assert result.exit_code == 0, result.output
