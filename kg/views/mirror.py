"""The store as a networkx graph: the view for walking ("how are these two connected?").

The mirror is read through SPARQL only, a handful of fixed queries with no user text
in them, so it works the same on every backend the store has. Entities and events
are nodes (id = IRI); typed edges carry the evidence sentence, article, date and
confidence that explain them, so a path can be told sentence by sentence.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from kg import vocab
from kg.ids import DIP, local_name
from kg.store import Store

RELATIONS = tuple(r for r in vocab.relation_predicates() if r != "holdsPosition")
ROLE_RANK = ("initiator", "recipient", "participant", "location")  # most specific first: an initiator is also a participant

ENTITY_CLASSES = " ".join(DIP[c].n3() for c in vocab.coarse_types())
_EVENT_CLASSES = " ".join(DIP[c].n3() for c in vocab.event_classes())

# Fixed queries: DISTINCT everywhere, because the union of the articles' graphs repeats
# an entity's triples once per article that names it.
Q_ENTITIES = f"SELECT DISTINCT ?x ?cls ?label WHERE {{ VALUES ?cls {{ {ENTITY_CLASSES} }} ?x a ?cls . OPTIONAL {{ ?x rdfs:label ?label }} }}"
Q_ALIASES = "SELECT DISTINCT ?x ?alias WHERE { ?x skos:altLabel ?alias }"
Q_POSITIONS = "SELECT DISTINCT ?x ?position WHERE { ?x dip:holdsPosition ?position }"
Q_MENTIONS = "SELECT ?x (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a dip:mentions ?x } GROUP BY ?x"
Q_EVENTS = f"""SELECT DISTINCT ?e ?cls ?date ?end ?precision ?evidence ?confidence ?status ?article ?title ?ident WHERE {{
  VALUES ?cls {{ {_EVENT_CLASSES} }} ?e a ?cls .
  OPTIONAL {{ ?e dip:date ?date }} OPTIONAL {{ ?e dip:endDate ?end }} OPTIONAL {{ ?e dip:datePrecision ?precision }}
  OPTIONAL {{ ?e dip:evidence ?evidence }} OPTIONAL {{ ?e dip:confidence ?confidence }}
  OPTIONAL {{ ?e dip:status ?status }}
  OPTIONAL {{ ?e prov:wasDerivedFrom ?article .
             OPTIONAL {{ ?article dcterms:title ?title }} OPTIONAL {{ ?article dcterms:identifier ?ident }} }}
}}"""
Q_ROLES = "SELECT DISTINCT ?e ?role ?x WHERE { VALUES ?role { dip:participant dip:initiator dip:recipient dip:location } ?e ?role ?x }"
Q_RELATIONS = f"""SELECT DISTINCT ?s ?p ?o ?article ?date ?title ?ident WHERE {{
  VALUES ?p {{ {" ".join(DIP[r].n3() for r in RELATIONS)} }}
  GRAPH ?article {{ ?s ?p ?o }}
  OPTIONAL {{ ?article dcterms:date ?date }} OPTIONAL {{ ?article dcterms:title ?title }}
  OPTIONAL {{ ?article dcterms:identifier ?ident }}
}}"""


@dataclass(frozen=True)
class Filters:
    """What to keep when mirroring: events in a date range, of some classes, involving
    some countries, at or above a confidence. Empty means no filter."""

    start: date | None = None
    end: date | None = None
    classes: tuple[str, ...] = ()  # ontology class names; a root class keeps its subclasses
    countries: tuple[str, ...] = ()  # entity IRIs (resolve names first)
    min_confidence: float | None = None

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.classes or self.countries or self.min_confidence is not None)

    def keeps_class(self, cls: str) -> bool:
        return not self.classes or cls in self.classes or vocab.event_roots()[cls] in self.classes


def event_classes(names: Iterable[str]) -> tuple[str, ...]:
    """Event class names as the ontology spells them, whatever the case; ValueError if unknown."""
    return tuple(vocab.event_class_named(name) for name in names)


def _text(term) -> str | None:
    return None if term is None else str(term)


# -- the mirror ----------------------------------------------------------------
def load(store: Store, filters: Filters | None = None) -> nx.MultiDiGraph:
    """The store as a MultiDiGraph: entity and event nodes, role and relation edges.

    Node attributes: label, cls (ontology class), type (Country, Person, Organization,
    Place or Event), aliases, positions, mentions (articles naming it), events (events
    it takes part in); events add date, end_date, evidence, confidence, status, article,
    article_title. Edge keys are the relation (initiator, recipient, participant,
    location, leaderOf, ...); edges carry evidence, article, article_title, date, confidence.
    """
    filters = filters or Filters()
    graph = nx.MultiDiGraph()
    entities = _entities(store)
    events = _events(store)
    roles = _roles(store)
    relations = _relations(store)

    # leaders, envoys and ministries of the wanted countries speak for them
    linked = {s for (s, _p, o) in relations if o in filters.countries} | set(filters.countries)
    kept_events = {e: attrs for e, attrs in events.items() if _event_kept(attrs, roles.get(e, {}), linked, filters)}
    actors_in_kept = {x for e in kept_events for x in roles.get(e, {})}
    for iri, attrs in entities.items():
        if not filters.active or iri in actors_in_kept:
            graph.add_node(iri, **attrs)
    for iri, attrs in kept_events.items():
        graph.add_node(iri, **attrs)
        for actor, role in roles.get(iri, {}).items():
            if actor not in graph:  # an actor typed in no article: keep the edge, name it by its IRI
                graph.add_node(actor, label=local_name(actor), cls="Actor", type="Actor", aliases=[], positions=[], mentions=0)
            graph.add_edge(iri, actor, key=role, relation=role, **_edge_from_event(attrs))
    for (s, p, o), attrs in relations.items():
        if s in graph and o in graph:
            graph.add_edge(s, o, key=p, relation=p, **attrs)
    for node, attrs in graph.nodes(data=True):
        if attrs["type"] != "Event":
            attrs["events"] = sum(1 for e in graph.predecessors(node) if graph.nodes[e]["type"] == "Event")
    graph.graph.update(name="diplomacy-kg", filters=_describe(filters))
    return graph


def _entities(store: Store) -> dict[str, dict]:
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for x, cls, label in store.select(Q_ENTITIES):
        classes[str(x)].add(local_name(cls))
        if label is not None:
            labels[str(x)] = min(labels.get(str(x), str(label)), str(label))  # one label, stably chosen
    aliases: dict[str, set[str]] = defaultdict(set)
    for x, alias in store.select(Q_ALIASES):
        aliases[str(x)].add(str(alias))
    positions: dict[str, set[str]] = defaultdict(set)
    for x, position in store.select(Q_POSITIONS):
        positions[str(x)].add(str(position))
    mentions = {str(x): int(n) for x, n in store.select(Q_MENTIONS)}
    out = {}
    for iri, found in classes.items():
        # the finest class wins: InternationalOrganization over Organization
        cls = sorted(found, key=lambda c: (vocab.coarse_types()[c] == c, c))[0]
        label = labels.get(iri, local_name(iri))
        out[iri] = {
            "label": label,
            "cls": cls,
            "type": vocab.coarse_types()[cls],
            "aliases": sorted(aliases.get(iri, set()) - {label}),
            "positions": sorted(positions.get(iri, set())),
            "mentions": mentions.get(iri, 0),
        }
    return out


def _events(store: Store) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e, cls, day, end, precision, evidence, confidence, status, article, title, ident in store.select(Q_EVENTS):
        iri = str(e)
        attrs = out.get(iri)
        cls_name = local_name(cls)
        if attrs is not None:  # typed twice (Meeting and Consultation): the finer class wins
            if vocab.event_roots()[cls_name] == attrs["cls"]:
                attrs["cls"] = cls_name
            continue
        day_text = _text(day)
        out[iri] = {
            "label": cls_name,  # with its date below, once the finer class is known
            "cls": cls_name,
            "type": "Event",
            "date": day_text,  # the first day, for filters and sorting
            "when": _as_precise_as(day_text, _text(precision)),  # what the text said: "2019-08", "2019"
            "end_date": _text(end),
            "evidence": _text(evidence),
            "confidence": float(confidence) if confidence is not None else None,
            "status": _text(status),
            "article": _text(article),
            "article_title": _text(title) or _text(ident),
        }
    for attrs in out.values():
        attrs["label"] = f"{attrs['cls']} {attrs['when']}" if attrs["when"] else attrs["cls"]
    return out


def _as_precise_as(day: str | None, precision: str | None) -> str | None:
    """An event known to the month is shown as "2019-08", not as its first day."""
    if day is None:
        return None
    return {"year": day[:4], "month": day[:7]}.get(precision or "day", day)


def _roles(store: Store) -> dict[str, dict[str, str]]:
    """event -> {entity: its most specific role}, places as "location"."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    rank = {r: i for i, r in enumerate(ROLE_RANK)}
    for e, role, x in store.select(Q_ROLES):
        role, current = local_name(role), out[str(e)].get(str(x))
        if current is None or rank[role] < rank[current]:
            out[str(e)][str(x)] = role
    return out


def _relations(store: Store) -> dict[tuple[str, str, str], dict]:
    """(subject, relation, object) -> the earliest article stating it, and how many do."""
    out: dict[tuple[str, str, str], dict] = {}
    for s, p, o, article, day, title, ident in store.select(Q_RELATIONS):
        key = (str(s), local_name(p), str(o))
        attrs = {"article": str(article), "article_title": _text(title) or _text(ident), "date": _text(day), "evidence": None, "confidence": None}
        known = out.get(key)
        if known is None or (attrs["date"] or "") < (known["date"] or ""):
            attrs["articles"] = (known or {}).get("articles", 0) + 1
            out[key] = attrs
        else:
            known["articles"] += 1
    return out


def _edge_from_event(attrs: dict) -> dict:
    return {k: attrs[k] for k in ("evidence", "article", "article_title", "date", "confidence")} | {"event_class": attrs["cls"]}


def _event_kept(attrs: dict, roles: dict[str, str], countries: set[str], filters: Filters) -> bool:
    if not filters.keeps_class(attrs["cls"]):
        return False
    day = attrs["date"]
    if filters.start and (day is None or day < filters.start.isoformat()):
        return False
    if filters.end and (day is None or day > filters.end.isoformat()):
        return False
    if filters.min_confidence is not None and (attrs["confidence"] or 0.0) < filters.min_confidence:
        return False
    if filters.countries and not any(x in countries for x in roles):
        return False
    return True


def _describe(filters: Filters) -> str:
    parts = []
    if filters.start or filters.end:
        parts.append(f"dates {filters.start or '…'} to {filters.end or '…'}")
    if filters.classes:
        parts.append("classes " + ", ".join(filters.classes))
    if filters.countries:
        parts.append("countries " + ", ".join(local_name(c) for c in filters.countries))
    if filters.min_confidence is not None:
        parts.append(f"confidence ≥ {filters.min_confidence}")
    return "; ".join(parts)


# -- actors only -----------------------------------------------------------------
def actor_projection(graph: nx.MultiDiGraph) -> nx.Graph:
    """Actors linked when they took part in the same events.

    Edge attributes: weight (shared events), classes ({class: count}), label
    ("Meeting ×2, Summit"), first and last date, and the events themselves.
    """
    projection = nx.Graph()
    for node, attrs in graph.nodes(data=True):
        if attrs["type"] not in {"Event", "Place"}:
            projection.add_node(node, **attrs)
    for event, attrs in graph.nodes(data=True):
        if attrs["type"] != "Event":
            continue
        actors = sorted(x for x in graph.successors(event) if x in projection)
        for a, b in itertools.combinations(actors, 2):
            if not projection.has_edge(a, b):
                projection.add_edge(a, b, weight=0, classes=Counter(), events=[], first=None, last=None)
            edge = projection.edges[a, b]
            edge["weight"] += 1
            edge["classes"][attrs["cls"]] += 1
            edge["events"].append(event)
            if attrs["date"]:
                edge["first"] = min(filter(None, [edge["first"], attrs["date"]]))
                edge["last"] = max(filter(None, [edge["last"], attrs["date"]]))
    for _a, _b, edge in projection.edges(data=True):
        edge["label"] = ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in edge["classes"].most_common())
    return projection
