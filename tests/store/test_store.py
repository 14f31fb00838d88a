"""The example corpus end to end: ingest -> extract -> RDF -> store -> SPARQL."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.ids import DERIVED_GRAPH, DIP, ONTOLOGY_GRAPH
from kg.pipeline import IngestErrors, build, read_all
from kg.quality.validate import validate
from kg.store import QueryError
from kg.store import open as open_store

PREFIXES = """
PREFIX dip: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

SEED_CONSULTATIONS = PREFIXES + """
SELECT DISTINCT ?cls ?date WHERE {
  ?article dcterms:identifier "000_seed.txt" .
  ?e prov:wasDerivedFrom ?article ; a ?cls ; dip:date ?date ;
     dip:participant ?modi, ?putin .
  ?cls rdfs:subClassOf* dip:Consultation .
  ?modi rdfs:label "Narendra Modi" . ?putin rdfs:label "Vladimir Putin" .
}"""

WORKING_GROUP_MEETING = PREFIXES + """
SELECT ?e ?evidence WHERE {
  ?e a dip:Meeting ; dip:date ?date ; dip:location/rdfs:label "New Delhi" ; dip:evidence ?evidence .
  FILTER(?date = "2025-10-29"^^<http://www.w3.org/2001/XMLSchema#date>)
}"""


@pytest.fixture(params=["oxigraph", "memory"])
def any_store(request, example_store, memory_store):
    return example_store if request.param == "oxigraph" else memory_store


def test_one_named_graph_per_document_plus_ontology(any_store, example_documents):
    names = set(any_store.graph_names())
    assert ONTOLOGY_GRAPH in names and DERIVED_GRAPH in names
    assert len(names) == len(example_documents) + 2 == 11


def test_modi_and_putin_met_in_the_seed(any_store):
    rows = list(any_store.query(SEED_CONSULTATIONS))
    classes = {str(cls).split("#")[1] for cls, _ in rows}
    assert "PhoneCall" in classes


def test_working_group_meeting_in_new_delhi_on_the_day(any_store):
    rows = list(any_store.query(WORKING_GROUP_MEETING))
    assert len(rows) >= 1
    assert any("Working Group" in str(evidence) for _, evidence in rows)


def test_article_provenance(any_store):
    rows = list(any_store.query(PREFIXES + """
        SELECT ?date (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?a a dip:Article ; dcterms:identifier "000_seed.txt" ; dcterms:date ?date ; dip:mentions ?x .
          GRAPH ?a { ?a a dip:Article } } GROUP BY ?date"""))
    assert len(rows) == 1
    assert str(rows[0][0]) == "2025-10-29" and int(rows[0][1]) >= 10


def test_entities_share_one_iri_across_documents(any_store):
    rows = list(any_store.query(PREFIXES + """
        SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a dip:mentions <https://w3id.org/dipkg/id/country/USA> }"""))
    assert int(rows[0][0]) >= 3  # wn2019-01, -06, -08 all name the United States


def test_memory_and_oxigraph_hold_the_same_triples(example_store, memory_store):
    assert len(example_store) == len(memory_store) > 1000


def test_rebuild_is_idempotent(example_store, example_documents):
    before = len(example_store)
    summary = build(example_store, example_documents)
    assert len(example_store) == before == summary.store_triples


def test_changed_text_is_a_new_article(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("date 2025-01-02\nIndia and Japan held talks in Tokyo.\n")
    with open_store(tmp_path / "store") as store:
        build(store, read_all([str(source)]))
        source.write_text("date 2025-01-02\nIndia and Japan held talks in Osaka.\n")
        build(store, read_all([str(source)]))
        # the content hash changed, so this is a second article; both are kept (with the ontology and the derived graph)
        assert len(store.graph_names()) == 4


def test_bad_input_raises_before_anything_is_written(example_store, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("date 2025-01-02\nIndia and Japan held talks in Tokyo.\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"date": "2025-01-02", "text": "ok"}\n{"date": "2025-13-45", "text": "x"}\n')
    before = len(example_store)
    with pytest.raises(IngestErrors) as info:
        build(example_store, read_all([str(good), str(bad)]))
    assert "bad.jsonl:2" in str(info.value)
    assert len(example_store) == before


def test_failed_write_leaves_store_unchanged(example_store):
    """One broken triple in a batch aborts the whole transaction, earlier graphs included."""
    before = len(example_store)
    names = example_store.graph_names()
    victim = next(n for n in names if n != ONTOLOGY_GRAPH)
    graphs = {
        victim: [(victim, DIP.status, Literal("replaced"))],
        URIRef("https://w3id.org/dipkg/id/article/new"): [(URIRef("http://bad iri"), DIP.status, Literal("x"))],
    }
    with pytest.raises(Exception):
        example_store.replace_graphs(graphs)
    assert len(example_store) == before
    assert example_store.graph_names() == names


def test_bad_sparql_is_a_query_error(any_store):
    with pytest.raises(QueryError) as info:
        any_store.query("SELECT ?x WHERE { ?x ")
    assert str(info.value)


def test_store_reopens_with_its_content(example_store):
    count, path = len(example_store), example_store.location
    example_store.close()
    with open_store(path) as again:
        assert len(again) == count
        assert again.query("ASK { ?e a dip:PhoneCall }").askAnswer


def test_built_graph_conforms_to_shapes(example_store):
    report = validate(example_store)
    assert report.conforms, report.text


def test_shapes_catch_an_event_without_evidence(example_store):
    event = next(iter(example_store.query(PREFIXES + "SELECT ?e ?g WHERE { GRAPH ?g { ?e dip:evidence ?x } } LIMIT 1")))
    e, g = event
    triples = [(s, p, o) for s, p, o in example_store.dataset.graph(g) if not (s == e and p == DIP.evidence)]
    example_store.replace_graphs({g: triples})
    report = validate(example_store)
    assert not report.conforms and report.violations >= 1
