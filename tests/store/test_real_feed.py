"""The corpus layer on real news: ../shared/news (285 Wikinews articles), built once per
session by the shared `real_feed` fixture (two minutes). Invariants only, since the extraction keeps improving: the 30
most active actors are neither split (a short name beside its full name, a country
beside its short form, one name under two types) nor merges of different people, and
no two events left in the graph are reports of one event."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from kg.ids import DERIVED_GRAPH
from kg.store import open as open_store
from kg.store.naming import abbreviates, country_of, tokens
from tests.conftest import QUERIES

D = f"<{DERIVED_GRAPH}>"


@pytest.fixture(scope="session")
def news_store(real_feed) -> Path:
    assert real_feed.run.returncode == 0, real_feed.run.stderr[-2000:]
    return real_feed.store


@pytest.fixture(scope="session")
def top30(news_store) -> list[tuple[str, str, str, int]]:
    """(IRI, label, class, events) of the 30 most active actors, by the shipped query."""
    with open_store(news_store, read_only=True) as store:
        rows = store.select((QUERIES / "most-active-actors.rq").read_text(encoding="utf-8"))[:30]
    top = [(actor, label, cls, int(events)) for label, cls, events, actor in rows]
    print("\nthe 30 most active actors of the real feed:")
    for actor, label, cls, events in top:
        print(f"  {events:3d}  {label} ({cls})  <{actor}>")
    return top


def test_the_30_most_active_actors_are_not_split(top30):
    for (a, label_a, cls_a, _), (b, label_b, cls_b, _) in combinations(top30, 2):
        words_a, words_b = tokens(label_a), tokens(label_b)
        assert words_a != words_b, f"one name, two nodes: {label_a} <{a}>, {label_b} <{b}>"
        if cls_a == cls_b == "Person":
            assert not abbreviates(words_a, words_b) and not abbreviates(words_b, words_a), (
                f"a short name beside its full name: {label_a}, {label_b}")
    for actor, label, cls, _ in top30:
        if cls != "Country":
            assert country_of(label) is None, f"{label} <{actor}> is a country's name beside the country"


def test_the_30_most_active_actors_are_not_merges_of_different_people(news_store, top30):
    with open_store(news_store, read_only=True) as store:
        merged = store.select(f"""SELECT ?c ?m ?label WHERE {{ GRAPH {D} {{
            ?r dip:mention ?m ; dip:canonical ?c }} GRAPH ?g {{ ?m rdfs:label ?label }} FILTER(?g != {D}) }}""")
    names = defaultdict(set)
    for canonical, _mention, label in merged:
        names[canonical].add(label)
    for actor, label, cls, _ in top30:
        if cls != "Person":
            continue
        full = [tokens(n) for n in names[actor] | {label} if len(tokens(n)) > 1]
        for x, y in combinations(full, 2):  # two full names in one person: one must be a form of the other
            assert x == y or abbreviates(x, y) or abbreviates(y, x), f"{label} <{actor}> merges {names[actor]}"
        for short in (tokens(n) for n in names[actor]):
            assert any(short == f or abbreviates(short, f) for f in full + [tokens(label)]), (
                f"{label} <{actor}> takes in {' '.join(short)!r}, which is no form of its names")


def test_no_two_events_left_are_reports_of_one(news_store):
    """Events of different articles on the same day, of one class line, with two actors in
    common that are not states acting through them, would be one event told twice."""
    with open_store(news_store, read_only=True) as store:
        rows = store.select(f"""SELECT ?e ?cls ?status ?start ?end ?x ?article WHERE {{ GRAPH {D} {{
            ?e dip:eventType ?cls ; dip:status ?status ; dip:earliestDate ?start ; dip:latestDate ?end ;
               dip:participant ?x ; prov:wasDerivedFrom ?article . ?x a dip:Person }} }}""")
    events: dict[str, dict] = {}
    for e, cls, status, start, end, person, article in rows:
        found = events.setdefault(e, {"key": (cls, status, start), "day": start == end, "people": set(), "articles": set()})
        found["people"].add(person)
        found["articles"].add(article)
    by_key = defaultdict(list)
    for e, found in events.items():
        if found["day"]:
            by_key[found["key"]].append((e, found))
    for same in by_key.values():
        for (a, x), (b, y) in combinations(same, 2):
            if not x["articles"] & y["articles"]:
                assert len(x["people"] & y["people"]) < 2, f"one event told twice: <{a}> <{b}>"


def test_the_derived_graph_is_what_the_documents_imply(news_store):
    with open_store(news_store, read_only=True) as store:
        assert store.derived_lines() == store.expected_derived()
