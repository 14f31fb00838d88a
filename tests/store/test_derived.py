"""The corpus layer: the derived graph the store keeps beside the documents.

Hand-made articles go through the real RDF mapping into real stores (Oxigraph on disk,
rdflib in memory). What is checked: the derived graph is always exactly what the
documents imply (after a build, a rebuild that replaces a document, a load, a build cut
short, even by kill -9), whatever the batching; and the identity rules, on invariants:
a short name joins the one full name its context allows, people who share a surname
stay apart, a country's short form is the country, reports of one event are one event.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from kg.ids import DERIVED_GRAPH, graph_iri
from kg.model import Document, Entity, Event, Extraction, Participant, Relation
from kg.pipeline import build, read_all
from kg.rdf import triples
from kg.store import open as open_store
from kg.store.load import load
from tests.conftest import EXAMPLES

D = f"<{DERIVED_GRAPH}>"


def doc(name: str, day: date) -> Document:
    return Document(id=f"derived-{name}", identifier=name, text="(hand-made)", date=day, title=name, source=name)


def person(key: str, label: str, *aliases: str, positions=()) -> Entity:
    return Entity(f"person/{key}", "Person", label, set(aliases), positions=set(positions), mentions=1)


def country(iso: str, label: str) -> Entity:
    return Entity(f"country/{iso}", "Country", label, {label}, iso, mentions=1)


def event(cls: str, keys: list[str], day: date, sentence: int, evidence: str, precision: str = "day") -> Event:
    return Event(cls, [Participant(k) for k in keys], day, evidence, "x", date_precision=precision, sentence=sentence)


USA, TUR, GBR = country("USA", "United States"), country("TUR", "Turkey"), country("GBR", "United Kingdom")
TRUMP = person("donald-trump", "Donald Trump", "Trump", positions=["President"])
ERDOGAN = person("recep-tayyip-erdogan", "Recep Tayyip Erdoğan", "Erdoğan")
SHORT_TRUMP = person("trump", "Trump")
SPIKE = person("spike-cohen", "Spike Cohen")
MICHAEL = person("michael-cohen", "Michael Cohen")
JO = person("jo-jorgensen", "Jo Jorgensen")
SHORT_COHEN = person("cohen", "Cohen")


def articles() -> list[Extraction]:
    """Five articles: one phone call told twice (by its day and by its month), "Trump" and
    "Cohen" on their own, two Cohens who are different people, "Britain" as a place."""
    britain = Entity("place/britain", "Place", "Britain", mentions=1)
    call = "Trump and Erdoğan spoke by phone."
    return [
        Extraction(doc("a", date(2019, 10, 7)), [USA, TUR, TRUMP, ERDOGAN, britain], [
            event("PhoneCall", [TRUMP.key, ERDOGAN.key, USA.key, TUR.key], date(2019, 10, 6), 0, "On October 6, " + call),
            event("Statement", [TRUMP.key, ERDOGAN.key], date(2019, 10, 6), 1, "They spoke of Britain."),
        ], [Relation("leaderOf", TRUMP.key, USA.key), Relation("leaderOf", ERDOGAN.key, TUR.key)]),
        Extraction(doc("b", date(2019, 10, 20)), [USA, TUR, SHORT_TRUMP, ERDOGAN], [
            event("PhoneCall", [SHORT_TRUMP.key, ERDOGAN.key], date(2019, 10, 1), 0, "Earlier this month " + call, "month"),
        ], [Relation("leaderOf", ERDOGAN.key, TUR.key)]),
        Extraction(doc("c", date(2020, 5, 1)), [SPIKE, JO, SHORT_COHEN], [
            event("Meeting", [SHORT_COHEN.key, JO.key], date(2020, 4, 30), 0, "Cohen met Jorgensen."),
        ], []),
        Extraction(doc("d", date(2020, 6, 1)), [MICHAEL, USA], [
            event("Accusation", [MICHAEL.key, USA.key], date(2020, 6, 1), 0, "Michael Cohen accused the US."),
        ], []),
        Extraction(doc("e", date(2020, 7, 1)), [SPIKE, JO, GBR, britain], [
            event("Support", [SPIKE.key, JO.key], date(2020, 7, 1), 0, "Spike Cohen backed Jo Jorgensen in Britain."),
        ], []),
    ]


def graphs(extractions: list[Extraction]) -> dict:
    return {graph_iri(x.document.id): list(dict.fromkeys(triples(x))) for x in extractions}


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    with open_store(tmp_path / "store" if request.param == "oxigraph" else "memory") as opened:
        yield opened


def consistent(store) -> set[str]:
    derived = store.derived_lines()
    assert derived == store.expected_derived()
    return derived


def rows(store, sparql: str) -> list[tuple]:
    return [tuple(map(str, row)) for row in store.select(sparql)]


# -- the derived graph follows every change, in the same write ------------------------------
def test_a_build_derives_and_a_rebuild_rederives(store):
    store.replace_graphs(graphs(articles()))
    first = consistent(store)
    version = store.version()
    assert version is not None
    # article b told again without its call: the call is one report again, Trump still Donald Trump
    b = articles()[1]
    b.events = []
    store.replace_graphs(graphs([b]))
    second = consistent(store)
    assert second != first and store.version() != version
    reports = rows(store, f"SELECT ?r WHERE {{ GRAPH {D} {{ ?r owl:sameAs ?e . ?e dip:eventType ?t }} }}")
    assert reports == []


def test_load_derives_what_a_build_would(store, tmp_path):
    store.replace_graphs(graphs(articles()))
    dump = tmp_path / "dump.trig"
    dump.write_text(store.serialize("trig", include_ontology=True, include_derived=True), encoding="utf-8")
    with open_store(tmp_path / "copy") as copy:
        load(copy, [dump])  # the derived graph in the file is not loaded: it is derived again
        assert consistent(copy) == store.derived_lines()


def test_batches_and_order_do_not_change_the_derived_graph(tmp_path):
    extractions = articles()
    with open_store("memory") as one:
        one.replace_graphs(graphs(extractions))
        whole = consistent(one)
    with open_store(tmp_path / "batched") as batched:
        for extraction in reversed(extractions):
            batched.replace_graphs(graphs([extraction]))
        assert consistent(batched) == whole


def test_validate_reports_a_derived_graph_that_disagrees(tmp_path):
    from kg.quality.validate import derived_problems

    with open_store(tmp_path / "store") as store:
        store.replace_graphs(graphs(articles()))
        assert derived_problems(store) == []
        store.native.update(f"DELETE WHERE {{ GRAPH {D} {{ ?x <https://w3id.org/dipkg/ontology#actsFor> ?y }} }}")
        problems = derived_problems(store)
    assert problems and "missing" in problems[0] and "actsFor" in problems[0]


# -- identity ----------------------------------------------------------------------
def test_one_identity_per_actor_and_different_people_kept_apart(store):
    store.replace_graphs(graphs(articles()))
    canonical = dict(rows(store, f"SELECT ?m ?c WHERE {{ GRAPH {D} {{ ?m owl:sameAs ?c . ?c dip:entityType ?t }} }}"))
    assert canonical["https://w3id.org/dipkg/id/person/trump"] == "https://w3id.org/dipkg/id/person/donald-trump"
    assert canonical["https://w3id.org/dipkg/id/place/britain"] == "https://w3id.org/dipkg/id/country/GBR"
    # "Cohen" is Spike Cohen: named in full in its article; Michael Cohen stays someone else
    assert canonical["https://w3id.org/dipkg/id/person/cohen"] == "https://w3id.org/dipkg/id/person/spike-cohen"
    assert "https://w3id.org/dipkg/id/person/michael-cohen" not in canonical
    labels = rows(store, f"SELECT ?x ?l WHERE {{ GRAPH {D} {{ ?x dip:entityType dip:Person ; rdfs:label ?l }} }}")
    names = sorted(label for _x, label in labels)
    assert names == ["Donald Trump", "Jo Jorgensen", "Michael Cohen", "Recep Tayyip Erdoğan", "Spike Cohen"]
    # every merge says why, and where
    why = rows(store, f"""SELECT ?rule ?reason ?article WHERE {{ GRAPH {D} {{
        ?r dip:mention <https://w3id.org/dipkg/id/person/cohen> ; dip:rule ?rule ; rdfs:comment ?reason ;
           prov:wasDerivedFrom ?article }} }}""")
    assert why == [("short name", "'Cohen' is 'Spike Cohen', named in full in the same article",
                    str(graph_iri("derived-c")))]


def test_a_short_name_with_no_context_stays_itself(store):
    """Two Cohens and an article that names neither nor anyone they are seen with."""
    extra = Extraction(doc("f", date(2021, 1, 1)), [SHORT_COHEN], [], [])
    store.replace_graphs(graphs([*articles(), extra]))
    canonical = {(m, a): c for m, c, a in rows(store, f"""SELECT ?m ?c ?a WHERE {{ GRAPH {D} {{
        ?r dip:mention ?m ; dip:canonical ?c ; prov:wasDerivedFrom ?a }} }}""")}
    cohen = "https://w3id.org/dipkg/id/person/cohen"
    assert canonical[(cohen, str(graph_iri("derived-c")))].endswith("spike-cohen")
    assert (cohen, str(graph_iri("derived-f"))) not in canonical  # left alone, not guessed
    same_as = rows(store, f"SELECT ?c WHERE {{ GRAPH {D} {{ <{cohen}> owl:sameAs ?c }} }}")
    assert same_as == []  # not the same thing in every article: no owl:sameAs
    assert rows(store, f"SELECT ?t WHERE {{ GRAPH {D} {{ <{cohen}> dip:entityType ?t }} }}") == [(
        "https://w3id.org/dipkg/ontology#Person",)]


def test_reports_of_one_event_are_one_event_with_their_evidence(store):
    store.replace_graphs(graphs(articles()))
    calls = rows(store, f"""SELECT ?e ?date ?start ?end (COUNT(DISTINCT ?ev) AS ?n) (COUNT(DISTINCT ?a) AS ?articles)
        WHERE {{ GRAPH {D} {{ ?e dip:eventType dip:PhoneCall ; dip:date ?date ; dip:earliestDate ?start ;
                 dip:latestDate ?end ; dip:evidence ?ev ; prov:wasDerivedFrom ?a }} }} GROUP BY ?e ?date ?start ?end""")
    assert len(calls) == 1
    _e, day, start, end, evidence, sources = calls[0]
    assert (day, start, end, evidence, sources) == ("2019-10-06", "2019-10-06", "2019-10-06", "2", "2")
    # one of them stands for the event in listings (who-met-whom), with no grouping needed
    first = rows(store, f"SELECT ?e ?s WHERE {{ GRAPH {D} {{ ?e dip:eventType dip:PhoneCall ; dip:firstEvidence ?s }} }}")
    said = {s for (s,) in rows(store, f"SELECT ?s WHERE {{ GRAPH {D} {{ ?e dip:eventType dip:PhoneCall ; dip:evidence ?s }} }}")}
    assert len(first) == 1 and first[0][1] in said
    # the statement of the same day, in the same article, is another event
    assert len(rows(store, f"SELECT ?e WHERE {{ GRAPH {D} {{ ?e dip:eventType dip:Statement }} }}")) == 1


def test_a_month_report_between_two_days_stays_alone(store):
    """Two calls on different days of October and a report 'this month': it could be
    either, so it joins neither (and never chains the two days into one)."""
    extractions = articles()
    second = Extraction(doc("g", date(2019, 10, 21)), [TRUMP, ERDOGAN], [
        event("PhoneCall", [TRUMP.key, ERDOGAN.key], date(2019, 10, 20), 0, "On October 20 they spoke again."),
    ], [])
    store.replace_graphs(graphs([*extractions, second]))
    calls = rows(store, f"SELECT ?e ?date WHERE {{ GRAPH {D} {{ ?e dip:eventType dip:PhoneCall ; dip:date ?date }} }}")
    assert sorted(day for _e, day in calls) == ["2019-10", "2019-10-06", "2019-10-20"]


def test_acts_for_spans_articles(store):
    store.replace_graphs(graphs(articles()))
    # article b says Erdoğan leads Turkey; article a's "Trump" call is Turkey's event through him
    acting = rows(store, f"SELECT ?x WHERE {{ GRAPH {D} {{ ?x dip:actsFor <https://w3id.org/dipkg/id/country/TUR> }} }}")
    assert sorted(x.rsplit("/", 1)[1] for (x,) in acting) == ["TUR", "recep-tayyip-erdogan"]


# -- builds cut short ----------------------------------------------------------------
def test_a_failed_batch_leaves_the_derived_graph_of_the_batches_before(tmp_path, example_documents):
    path = tmp_path / "store"
    with open_store(path) as store:
        real_commit, calls = store._commit, []

        def fail_third(graphs_, delta):
            calls.append(1)
            if len(calls) == 3:
                raise OSError("disk gone")
            real_commit(graphs_, delta)

        store._commit = fail_third
        with pytest.raises(OSError):
            build(store, example_documents, commit_documents=3)
        consistent(store)
        store._commit = real_commit
        build(store, example_documents, commit_documents=3)  # skips what is there, derives the rest
        completed = consistent(store)
    with open_store("memory") as clean:
        build(clean, example_documents)
        assert clean.derived_lines() == completed


KILLED_BUILD = """
import sys
from kg.pipeline import build, read_all
from kg.store import open as open_store
with open_store(sys.argv[1]) as store:
    build(store, read_all([sys.argv[2]]), commit_documents=1)
"""


def test_kill_9_during_a_build_never_leaves_it_half_derived(tmp_path):
    path = tmp_path / "store"
    env = {**os.environ}
    rng = random.Random(15)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", KILLED_BUILD, str(tmp_path / "timing"), str(EXAMPLES)], check=True, env=env)
    duration = time.perf_counter() - started
    seen = set()
    for _ in range(3):
        process = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(path), str(EXAMPLES)], env=env)
        time.sleep(rng.uniform(duration * 0.3, duration * 0.9))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if (path / "CURRENT").exists():
            with open_store(path, read_only=True) as store:
                consistent(store)
                seen.add(len(store.graph_names()))
    assert seen, "no kill landed after the store was created"
    subprocess.run([sys.executable, "-c", KILLED_BUILD, str(path), str(EXAMPLES)], check=True, env=env)
    with open_store(path, read_only=True) as store:
        assert len(consistent(store)) > 0
        assert len([g for g in store.graph_names() if "/article/" in str(g)]) == len(read_all([str(EXAMPLES)]))


def test_kg_identity_explains_every_merge(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    path = tmp_path / "store"
    with open_store(path) as store:
        store.replace_graphs(graphs(articles()))
    result = CliRunner().invoke(app, ["identity", "Spike Cohen", "--store", str(path)], catch_exceptions=False, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "person/cohen" in result.stdout and "named in full in the same article" in result.stdout
    assert "person/jeremy" not in result.stdout and "michael" not in result.stdout.lower()
    unknown = CliRunner().invoke(app, ["identity", "Nobody At All", "--store", str(path)])
    assert unknown.exit_code == 1 and "no entity is called" in unknown.stderr
