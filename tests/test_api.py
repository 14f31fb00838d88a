"""The Python API and the example queries over the built example corpus."""

from __future__ import annotations

import pytest

from kg import KnowledgeGraph, resources

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def graph():
    with KnowledgeGraph.open("memory") as kg:
        kg.build([EXAMPLES / "000_seed.txt", EXAMPLES / "wn2019-01.txt"])
        yield kg


def test_select_rows_become_a_typed_dataframe(graph):
    rows = graph.query("""
        SELECT ?name ?date WHERE {
          ?e a dip:PhoneCall ; dip:date ?date ; dip:participant ?p . ?p a dip:Person ; rdfs:label ?name
        } ORDER BY ?name""")
    df = rows.df
    assert list(df.columns) == ["name", "date"]
    assert {"Narendra Modi", "Vladimir Putin"} <= set(df["name"])
    assert str(df["date"].iloc[0]) == "2025-10-01"  # a datetime.date, not a string literal
    assert hasattr(df["date"].iloc[0], "year")


def test_ask_and_construct(graph):
    assert graph.query("ASK { ?c dip:isoCode 'IND' }") is True
    labels = graph.query("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a dip:Country ; rdfs:label ?l }")
    assert len(labels) >= 4


@pytest.mark.parametrize("name", sorted(resources.example_queries()))
def test_every_example_query_answers_on_the_examples(memory_store, name):
    query = resources.example_queries()[name]
    rows = list(memory_store.query(query))
    assert rows, f"{name} returned nothing on the example corpus"


def test_example_queries_answer_the_same_on_both_stores(memory_store, example_store):
    def rows(store, query):
        # GROUP_CONCAT's order is up to the engine: compare the lists as sets
        return sorted(tuple(", ".join(sorted(str(cell).split(", "))) for cell in row) for row in store.query(query))

    for name, query in resources.example_queries().items():
        assert rows(memory_store, query) == rows(example_store, query), name
