"""The one name resolver: what a person typed (a label, an alias, an ISO code, any case) -> one entity.

Names typed by people never become query text: they reach the engine as a bound
variable (`initBindings`), and everything else matches in Python.
"""


from __future__ import annotations

import difflib
from collections import defaultdict

import networkx as nx
from rdflib import Literal, URIRef

from kg.ids import is_resource, local_name
from kg.store import Store
from kg.views.mirror import ENTITY_CLASSES

Q_RESOLVE = f"""SELECT DISTINCT ?x ?label ?how ?wanted WHERE {{
  {{ ?x rdfs:label ?name . BIND("label" AS ?how) }} UNION {{ ?x skos:altLabel ?name . BIND("alias" AS ?how) }}
  UNION {{ ?x dip:isoCode ?name . BIND("code" AS ?how) }}
  FILTER(LCASE(STR(?name)) = ?wanted)
  VALUES ?cls {{ {ENTITY_CLASSES} }} ?x a ?cls ; rdfs:label ?label .
}}"""
Q_NAMES = f"""SELECT DISTINCT ?x ?label ?name WHERE {{
  VALUES ?cls {{ {ENTITY_CLASSES} }} ?x a ?cls ; rdfs:label ?label .
  {{ ?x rdfs:label ?name }} UNION {{ ?x skos:altLabel ?name }}
}}"""


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
    if is_resource(name) and store.select("SELECT ?label WHERE { ?x rdfs:label ?label } LIMIT 1", {"x": URIRef(name)}):
        return str(name)
    rows = store.select(Q_RESOLVE, {"wanted": Literal(wanted)})
    for how in ("label", "alias", "code"):  # a name's own label first, then an alias, then an ISO code
        found = {str(x): str(label) for x, label, kind, _ in rows if str(kind) == how}
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
    for _x, label, other in store.select(Q_NAMES):
        labels_by_name[str(other).lower()].add(str(label))
    scores: dict[str, float] = {}
    for candidate, labels in labels_by_name.items():
        score = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        if wanted and (wanted in candidate.split() or candidate in wanted.split()):
            score = max(score, 0.9)
        for label in labels:
            scores[label] = max(scores.get(label, 0.0), score)
    ranked = sorted((s, label) for label, s in scores.items() if s >= 0.6)
    return [label for _s, label in sorted(ranked, key=lambda i: (-i[0], i[1]))[:n]]


def resolve_in(graph: nx.MultiDiGraph, store: Store, name: str) -> str:
    iri = resolve(store, name)
    if iri not in graph:
        note = f" with these filters ({graph.graph['filters']})" if graph.graph.get("filters") else ""
        raise UnknownName(f"'{graph_label(store, iri)}' is not in the graph{note}")
    return iri


def graph_label(store: Store, iri: str) -> str:
    rows = store.select("SELECT ?label ?x WHERE { ?x rdfs:label ?label } LIMIT 1", {"x": URIRef(iri)})
    return str(rows[0][0]) if rows else local_name(iri)
