"""What `kg stats` counts: triples, documents, then the real actors, places and events (the
derived graph's canonical nodes) by their most specific class, and what identity merged."""

from __future__ import annotations

from kg.ids import DERIVED_GRAPH, local_name
from kg.store import Store

_D = f"<{DERIVED_GRAPH}>"
STATS_QUERIES = {
    "documents": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }",
    "entities": f"SELECT ?cls (COUNT(?x) AS ?n) WHERE {{ GRAPH {_D} {{ ?x a dip:Actor ; dip:entityType ?cls }} }} GROUP BY ?cls ORDER BY DESC(?n) ?cls",
    "places": f"SELECT ?cls (COUNT(?x) AS ?n) WHERE {{ GRAPH {_D} {{ ?x a dip:Place ; dip:entityType ?cls }} }} GROUP BY ?cls ORDER BY DESC(?n) ?cls",
    "events": f"SELECT ?cls (COUNT(?x) AS ?n) WHERE {{ GRAPH {_D} {{ ?x dip:eventType ?cls }} }} GROUP BY ?cls ORDER BY DESC(?n) ?cls",
    "event reports merged into others": f"SELECT (COUNT(?x) AS ?n) WHERE {{ GRAPH {_D} {{ ?x owl:sameAs ?e . ?e dip:eventType ?t }} }}",
    "entity IRIs resolved to another": f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH {_D} {{ ?r dip:mention ?m }} }}",
}


def stats(store: Store) -> list[tuple[str, int]]:
    """(what, count) rows: triples, documents, then entities, places and events, each with
    its count per class indented below it, then the identity figures."""
    out = [("triples (all graphs, with ontology)", len(store))]
    for name, sparql in STATS_QUERIES.items():
        rows = store.select(sparql)
        if len(rows[0]) == 1:  # a single count
            out.append((name, int(rows[0][0] or 0)))
            continue
        out.append((name, sum(int(n) for _cls, n in rows)))
        out.extend((f"  {local_name(cls)}", int(n)) for cls, n in rows)
    return out
