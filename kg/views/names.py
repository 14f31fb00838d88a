"""The one name resolver: what a person typed (a label, an alias, an ISO code, any case) -> one entity.

Names typed by people never become query text: they reach the engine as a bound
variable (`initBindings`), and everything else matches in Python.
"""


from __future__ import annotations

import difflib
from collections import defaultdict

import networkx as nx
from rdflib import URIRef

from kg.ids import is_resource, local_name
from kg.store import Store
from kg.views import mirror
from kg.views.mirror import DERIVED

# Names are looked up among the canonical actors and places of the derived graph: "Trump"
# is an alias of Donald Trump there, whatever the articles called him. The names come from
# the mirror's tables (read once per store version) and are matched in Python; an IRI
# given as a name is followed to the entity it stands for:
Q_CANONICAL = f"""SELECT DISTINCT ?c ?label ?x WHERE {{ GRAPH {DERIVED} {{
  {{ ?x dip:entityType ?t BIND(?x AS ?c) }} UNION {{ ?x owl:sameAs ?c }} UNION {{ ?r dip:mention ?x ; dip:canonical ?c }}
  ?c dip:entityType ?type ; rdfs:label ?label .
}} }}"""


class UnknownName(LookupError, ValueError):
    """A name that matches no entity, or several: the message says which, and what was meant."""


# -- names -------------------------------------------------------------------------
def resolve(store: Store, name: str) -> str:
    """The IRI of the entity called `name` (label, alias or ISO code, any case).

    Raises UnknownName with "did you mean" suggestions when nothing or several match.
    """
    wanted = " ".join(str(name).split()).lower()
    if not wanted:
        raise UnknownName("an empty name matches nothing")
    if is_resource(name):
        found = {str(c): str(label) for c, label, _x in store.select(Q_CANONICAL, {"x": URIRef(name)})}
        if len(found) == 1:  # the entity itself, or the one it stands for in every article
            return next(iter(found))
        if found:
            options = "; ".join(f"{label} <{c}>" for c, label in sorted(found.items(), key=lambda i: i[1]))
            raise UnknownName(f"<{name}> stands for different entities in different articles: {options}")
    rows = _index(store).get(wanted, ())
    for how in ("label", "alias", "code"):  # a name's own label first, then an alias, then an ISO code
        found = {x: label for x, label, kind in rows if kind == how}
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            options = "; ".join(f"{label} <{x}>" for x, label in sorted(found.items(), key=lambda i: i[1]))
            raise UnknownName(f"'{name}' is ambiguous: it names {options}; use the full name")
    suggestions = suggest(store, name)
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise UnknownName(f"no entity is called '{name}'{hint}")


def suggest(store: Store, name: str, n: int = 5) -> list[str]:
    """Canonical labels whose label or alias is close to `name` (matched in Python)."""
    wanted = " ".join(name.split()).lower()
    labels_by_name: dict[str, set[str]] = defaultdict(set)
    for other, rows in _index(store).items():
        labels_by_name[other].update(label for _x, label, how in rows if how != "code")
    scores: dict[str, float] = {}
    for candidate, labels in labels_by_name.items():
        score = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        if wanted and (wanted in candidate.split() or candidate in wanted.split()):
            score = max(score, 0.9)
        for label in labels:
            scores[label] = max(scores.get(label, 0.0), score)
    ranked = sorted((s, label) for label, s in scores.items() if s >= 0.6)
    return [label for _s, label in sorted(ranked, key=lambda i: (-i[0], i[1]))[:n]]


def _index(store: Store) -> dict[str, list[tuple[str, str, str]]]:
    """lower-case name -> [(IRI, label, "label" | "alias" | "code")], from the mirror's
    tables: read once per store version."""
    tables = mirror.tables(store)
    if "names" not in tables.memo:
        index: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for x, attrs in tables.entities.items():
            names = [(attrs["label"], "label")] + [(a, "alias") for a in attrs["aliases"]]
            names += [(attrs["iso"], "code")] if attrs.get("iso") else []
            for name, how in names:
                index[" ".join(str(name).split()).lower()].append((x, attrs["label"], how))
        tables.memo["names"] = dict(index)
    return tables.memo["names"]


def resolve_in(graph: nx.MultiDiGraph, store: Store, name: str) -> str:
    iri = resolve(store, name)
    if iri not in graph:
        note = f" with these filters ({graph.graph['filters']})" if graph.graph.get("filters") else ""
        raise UnknownName(f"'{graph_label(store, iri)}' is not in the graph{note}")
    return iri


def links_to(store: Store, iri: str) -> list[tuple]:
    """(entity IRI, its label in the articles, rule, reason, articles) for every entity IRI
    that stands for `iri` in some articles, most articles first."""
    rows = store.select(f"""SELECT ?m (SAMPLE(?l) AS ?label) ?rule ?reason (COUNT(DISTINCT ?a) AS ?articles) ?c
        WHERE {{ GRAPH {DERIVED} {{ ?r dip:canonical ?c ; dip:mention ?m ; dip:rule ?rule ; rdfs:comment ?reason ;
                                  prov:wasDerivedFrom ?a }}
                OPTIONAL {{ GRAPH ?g {{ ?m rdfs:label ?l }} FILTER(?g != {DERIVED}) }} }}
        GROUP BY ?m ?rule ?reason ?c ORDER BY DESC(?articles) ?m""", {"c": URIRef(iri)})
    return [(m, label or m, rule, reason, int(n)) for m, label, rule, reason, n, _c in rows]


def graph_label(store: Store, iri: str) -> str:
    rows = store.select(f"SELECT ?label ?x WHERE {{ GRAPH {DERIVED} {{ ?x rdfs:label ?label }} }} LIMIT 1", {"x": URIRef(iri)})
    if not rows:
        rows = store.select("SELECT ?label ?x WHERE { ?x rdfs:label ?label } LIMIT 1", {"x": URIRef(iri)})
    return str(rows[0][0]) if rows else local_name(iri)
