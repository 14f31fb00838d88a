"""The Python API and the example queries over the built example corpus."""

from __future__ import annotations

import re

import pytest

from kg import KnowledgeGraph, vocab
from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def graph():
    with KnowledgeGraph.open("memory") as kg:
        kg.build([EXAMPLES / "000_seed.txt", EXAMPLES / "wn2019-01.txt"])
        yield kg


def test_select_rows_become_a_typed_dataframe(graph):
    rows = graph.query("""
        SELECT ?name ?start ?date WHERE {
          ?e a dip:PhoneCall ; dip:earliestDate ?start ; dip:date ?date ; dip:participant ?p .
          ?p a dip:Person ; rdfs:label ?name
        } ORDER BY ?name""")
    df = rows.df
    assert list(df.columns) == ["name", "start", "date"]
    assert {"Narendra Modi", "Vladimir Putin"} <= set(df["name"])
    assert str(df["start"].dtype).startswith("datetime64")  # typed, not a column of strings
    assert df["start"].iloc[0].date().isoformat() == "2025-10-01"
    assert list(rows)[0][1].isoformat() == "2025-10-01"  # the rows themselves hold datetime.date
    assert df["date"].iloc[0] == "2025-10"  # "earlier this month": a gYearMonth, no day made up


def test_ask_and_construct(graph):
    assert graph.query("ASK { ?c dip:isoCode 'IND' }") is True
    labels = graph.query("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a dip:Country ; rdfs:label ?l }")
    assert len(labels) >= 4


@pytest.mark.parametrize("name", sorted(vocab.example_queries()))
def test_every_example_query_answers_on_the_examples(memory_store, name):
    query = vocab.example_queries()[name]
    rows = list(memory_store.query(query))
    assert rows, f"{name} returned nothing on the example corpus"


def test_example_queries_answer_the_same_on_both_stores(memory_store, example_store):
    def rows(store, query):
        # GROUP_CONCAT's order is up to the engine: compare the lists as sets
        return sorted(tuple(", ".join(sorted(str(cell).split(", "))) for cell in row) for row in store.query(query))

    for name, query in vocab.example_queries().items():
        assert rows(memory_store, query) == rows(example_store, query), name


def test_dataframe_columns_are_typed_by_their_datatypes(graph):
    df = graph.query("""
        SELECT ?event ?date ?confidence (COUNT(?p) AS ?n) ?label ?maybe WHERE {
          ?event dip:earliestDate ?date ; dip:confidence ?confidence ; dip:participant ?p ; dip:evidence ?label .
          OPTIONAL { ?event dip:endDate ?maybe }
        } GROUP BY ?event ?date ?confidence ?label ?maybe""").df
    assert str(df["date"].dtype).startswith("datetime64")
    assert df["confidence"].dtype == "float64"
    assert str(df["n"].dtype) == "Int64"
    assert (df["n"] >= 1).all()
    assert df["event"].str.startswith("https://w3id.org/dipkg/id/event/").all()
    assert df["label"].map(type).eq(str).all()


def test_events_by_country_class_and_dates(graph):
    calls = graph.events("russia", classes=["PhoneCall"])
    assert calls.columns == ["date", "start", "end", "event_class", "status", "place", "participants", "evidence", "event", "article"]
    assert set(calls.df["event_class"]) == {"PhoneCall"}
    assert "Vladimir Putin" in calls.df.loc[0, "participants"]
    consultations = graph.events("RUS", classes=["consultation"])  # a superclass: meetings, summits, calls, visits
    assert {"PhoneCall", "Summit"} <= set(consultations.df["event_class"])
    assert len(consultations) > len(calls)
    in_2025 = graph.events("India", start="2025-01-01", end="2025-12-31").df
    assert len(in_2025) > 0
    assert (in_2025["end"].dt.year >= 2025).all() and (in_2025["start"].dt.year <= 2025).all()
    assert in_2025["date"].str.startswith("2025").all()  # as precise as the text: "2025-10-29", "2025-10"
    everything = graph.events("India").df
    assert len(everything) > len(in_2025)
    assert everything["start"].is_monotonic_increasing


def test_events_between_two_countries_need_both(graph):
    pair = graph.events(between=("India", "RUS")).df
    assert len(pair) > 0
    india = set(graph.events("India").df["event"])
    russia = set(graph.events("Russia").df["event"])
    assert set(pair["event"]) == india & russia


def test_timeline_of_a_person(graph):
    timeline = graph.timeline("vladimir putin").df
    assert "PhoneCall" in set(timeline["event_class"])
    assert timeline["participants"].str.contains("Vladimir Putin").all()
    assert timeline["date"].is_monotonic_increasing


@pytest.mark.parametrize("name", ['India" } ; DROP ALL ; #', "} ; DROP ALL", "India' ) }", "{?s ?p ?o}", "  "])
def test_hostile_names_are_names_nobody_has(graph, name):
    before = len(graph.store)
    with pytest.raises(ValueError):
        graph.timeline(name)
    with pytest.raises(ValueError):
        graph.events(between=(name, "India"))
    assert len(graph.store) == before


def test_an_actor_whose_label_has_sparql_in_it_is_found():
    from rdflib import RDF, RDFS, XSD, Literal, URIRef

    from kg.ids import DIP, ID, ONTOLOGY_GRAPH

    name = 'Mr "} ; DROP ALL ; # O\'Brien'
    person, event, article = ID["person/odd"], ID["event/odd"], ID["article/odd"]
    triples = [
        (person, RDF.type, DIP.Person), (person, RDFS.label, Literal(name)),
        (event, RDF.type, DIP.Meeting), (event, DIP.participant, person),
        (event, DIP.date, Literal("2020-02-02", datatype=XSD.date)), (event, DIP.status, Literal("happened")),
        (event, DIP.evidence, Literal("They met.")), (event, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), article),
    ]
    with KnowledgeGraph.open("memory") as kg:
        kg.store.replace_graphs({article: triples, ONTOLOGY_GRAPH: vocab.ontology_graph()})
        rows = kg.timeline(name.upper()).df
    assert rows["participants"].tolist() == [name]


def test_bad_arguments_are_clear_errors(graph):
    with pytest.raises(ValueError, match="unknown event class 'Party'"):
        graph.events("India", classes=["Party"])
    with pytest.raises(ValueError, match="start must be a date"):
        graph.events("India", start="2025-13-45")


def test_api_docstrings_run(monkeypatch):
    import doctest

    import kg.api

    monkeypatch.chdir(ROOT)
    assert doctest.testmod(kg.api).failed == 0


def test_readme_python_section_runs(tmp_path, monkeypatch):
    """The README's Python examples, run as written from a fresh folder holding examples/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Python", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks
    (tmp_path / "examples").symlink_to(EXAMPLES)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert "kg" in namespace
    namespace["kg"].close()
