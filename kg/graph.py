"""The store as a networkx graph: the view for walking ("how are these two connected?").

The mirror is read through SPARQL only, a handful of fixed queries with no user text
in them, so it works the same on every backend the store has. Entities and events
are nodes (id = IRI); typed edges carry the evidence sentence, article, date and
confidence that explain them, so a path can be told sentence by sentence.

Names typed by people never become query text: `resolve` passes them to the engine
as a bound variable (`initBindings`), and everything else matches in Python.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from rdflib import Literal, URIRef, Variable

from kg.model import COARSE_TYPE, EVENT_CLASSES, EVENT_ROOT
from kg.rdf import DIP, PREFIXES
from kg.store import Store

ROLES = ("initiator", "recipient", "participant")  # most specific first: an initiator is also a participant
RELATIONS = ("leaderOf", "memberOf", "partOf", "represents", "locatedIn")
GRAPH_FORMATS = ("graphml", "gexf")

_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_ENTITY_CLASSES = " ".join(DIP[c].n3() for c in COARSE_TYPE)
_EVENT_CLASSES = " ".join(DIP[c].n3() for c in EVENT_CLASSES)
_DIP = str(DIP)

# Fixed queries: DISTINCT everywhere, because the union of the articles' graphs repeats
# an entity's triples once per article that names it.
Q_ENTITIES = f"SELECT DISTINCT ?x ?cls ?label WHERE {{ VALUES ?cls {{ {_ENTITY_CLASSES} }} ?x a ?cls . OPTIONAL {{ ?x rdfs:label ?label }} }}"
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
Q_RESOLVE = f"""SELECT DISTINCT ?x ?label ?how ?wanted WHERE {{
  {{ ?x rdfs:label ?name . BIND("label" AS ?how) }} UNION {{ ?x skos:altLabel ?name . BIND("alias" AS ?how) }}
  FILTER(LCASE(STR(?name)) = ?wanted)
  VALUES ?cls {{ {_ENTITY_CLASSES} }} ?x a ?cls ; rdfs:label ?label .
}}"""
Q_NAMES = f"""SELECT DISTINCT ?x ?label ?name WHERE {{
  VALUES ?cls {{ {_ENTITY_CLASSES} }} ?x a ?cls ; rdfs:label ?label .
  {{ ?x rdfs:label ?name }} UNION {{ ?x skos:altLabel ?name }}
}}"""


class UnknownName(LookupError):
    """A name that matches no entity, or several: the message says which, and what was meant."""


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
        return not self.classes or cls in self.classes or EVENT_ROOT.get(cls) in self.classes


def event_classes(names: Iterable[str]) -> tuple[str, ...]:
    """Event class names as the ontology spells them, whatever the case; ValueError if unknown."""
    known = {c.lower(): c for c in EVENT_CLASSES}
    out = []
    for name in names:
        if name.lower() not in known:
            raise ValueError(f"unknown event class '{name}' (choose from {', '.join(EVENT_CLASSES)})")
        out.append(known[name.lower()])
    return tuple(out)


def _select(store: Store, sparql: str, bindings: dict | None = None) -> list[tuple]:
    if bindings:
        # Bound values are terms handed to the engine, never spliced into the query text
        # (Oxigraph substitutes only variables that the query projects).
        result = store.dataset.query(_PROLOGUE + sparql, initBindings={Variable(k): v for k, v in bindings.items()})
        return [tuple(row) for row in result]
    return [tuple(row) for row in store.query(_PROLOGUE + sparql)]


def _local(iri) -> str:
    text = str(iri)
    return text[len(_DIP):] if text.startswith(_DIP) else text.rsplit("/", 1)[-1]


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
                graph.add_node(actor, label=_local(actor), cls="Actor", type="Actor", aliases=[], positions=[], mentions=0)
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
    for x, cls, label in _select(store, Q_ENTITIES):
        classes[str(x)].add(_local(cls))
        if label is not None:
            labels[str(x)] = min(labels.get(str(x), str(label)), str(label))  # one label, stably chosen
    aliases: dict[str, set[str]] = defaultdict(set)
    for x, alias in _select(store, Q_ALIASES):
        aliases[str(x)].add(str(alias))
    positions: dict[str, set[str]] = defaultdict(set)
    for x, position in _select(store, Q_POSITIONS):
        positions[str(x)].add(str(position))
    mentions = {str(x): int(n) for x, n in _select(store, Q_MENTIONS)}
    out = {}
    for iri, found in classes.items():
        # the finest class wins: InternationalOrganization over Organization
        cls = sorted(found, key=lambda c: (COARSE_TYPE[c] == c, c))[0]
        label = labels.get(iri, _local(iri))
        out[iri] = {
            "label": label,
            "cls": cls,
            "type": COARSE_TYPE[cls],
            "aliases": sorted(aliases.get(iri, set()) - {label}),
            "positions": sorted(positions.get(iri, set())),
            "mentions": mentions.get(iri, 0),
        }
    return out


def _events(store: Store) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e, cls, day, end, precision, evidence, confidence, status, article, title, ident in _select(store, Q_EVENTS):
        iri = str(e)
        attrs = out.get(iri)
        cls_name = _local(cls)
        if attrs is not None:  # typed twice (Meeting and Consultation): the finer class wins
            if EVENT_ROOT.get(cls_name) == attrs["cls"]:
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
    rank = {r: i for i, r in enumerate((*ROLES, "location"))}
    for e, role, x in _select(store, Q_ROLES):
        role, current = _local(role), out[str(e)].get(str(x))
        if current is None or rank[role] < rank[current]:
            out[str(e)][str(x)] = role
    return out


def _relations(store: Store) -> dict[tuple[str, str, str], dict]:
    """(subject, relation, object) -> the earliest article stating it, and how many do."""
    out: dict[tuple[str, str, str], dict] = {}
    for s, p, o, article, day, title, ident in _select(store, Q_RELATIONS):
        key = (str(s), _local(p), str(o))
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
        parts.append("countries " + ", ".join(_local(c) for c in filters.countries))
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


# -- names -------------------------------------------------------------------------
def resolve(store: Store, name: str) -> str:
    """The IRI of the entity called `name` (label or alias, any case).

    Raises UnknownName with "did you mean" suggestions when nothing or several match.
    """
    wanted = " ".join(name.split()).lower()
    if not wanted:
        raise UnknownName("an empty name matches nothing")
    rows = _select(store, Q_RESOLVE, {"wanted": Literal(wanted)})
    by_label = {str(x): str(label) for x, label, how, _ in rows if str(how) == "label"}
    by_alias = {str(x): str(label) for x, label, how, _ in rows if str(how) == "alias"}
    for found in (by_label, by_alias):
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
    for _x, label, other in _select(store, Q_NAMES):
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
    rows = _select(store, "SELECT ?label ?x WHERE { ?x rdfs:label ?label } LIMIT 1", {"x": URIRef(iri)})
    return str(rows[0][0]) if rows else _local(iri)


# -- paths ---------------------------------------------------------------------------
@dataclass
class Hop:
    """One step between two entities: through an event they share, or a direct relation."""

    source: str  # label
    target: str
    relation: str  # event class ("Meeting") or relation ("leaderOf", "location")
    source_role: str | None = None  # initiator / recipient / participant / location, for events
    target_role: str | None = None
    date: str | None = None
    evidence: str | None = None
    article: str | None = None  # IRI
    article_title: str | None = None
    event: str | None = None  # IRI of the event, when the hop goes through one
    source_id: str = ""
    target_id: str = ""
    inverse: bool = False  # a relation stated from target to source ("Macron leaderOf France")

    def sentence(self) -> str:
        """The hop in words: "Narendra Modi met (Meeting) Xi Jinping on 2025-08-31"."""
        if self.event:
            roles = f"{self.source_role} → {self.target_role}"
            return f"{self.source} and {self.target}: {self.relation} ({roles})" + (f", {self.date}" if self.date else "")
        subject, obj = (self.target, self.source) if self.inverse else (self.source, self.target)
        return f"{subject} {self.relation} {obj}" + (f" (stated {self.date})" if self.date else "")


@dataclass
class Path:
    source: str
    target: str
    hops: list[Hop] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.hops)

    @property
    def names(self) -> list[str]:
        return [self.source, *(h.target for h in self.hops)] if self.hops else [self.source]


def paths(graph: nx.MultiDiGraph, source: str, target: str, k: int = 1) -> list[Path]:
    """The k shortest chains from source to target (IRIs), each hop explained.

    Edges are walked in either direction (Modi ← participant ← Meeting → participant → Xi);
    an event in the middle of a chain becomes one hop between the two entities it joins.
    """
    if source == target:
        return [Path(graph.nodes[source]["label"], graph.nodes[target]["label"])]
    simple = nx.Graph(graph.to_undirected(as_view=True))
    try:
        chains = itertools.islice(nx.shortest_simple_paths(simple, source, target), k)
        return [_explain(graph, chain) for chain in chains]
    except nx.NetworkXNoPath:
        return []


def _explain(graph: nx.MultiDiGraph, chain: list[str]) -> Path:
    nodes = graph.nodes
    path = Path(nodes[chain[0]]["label"], nodes[chain[-1]]["label"])
    i = 0
    while i < len(chain) - 1:
        a, b = chain[i], chain[i + 1]
        if nodes[b]["type"] == "Event" and i + 2 < len(chain):
            c = chain[i + 2]
            path.hops.append(_event_hop(graph, a, b, c))
            i += 2
            continue
        if nodes[a]["type"] == "Event":  # the chain starts or ends at an event
            path.hops.append(_edge_hop(graph, a, b))
        elif nodes[b]["type"] == "Event":
            path.hops.append(_edge_hop(graph, b, a, reverse=True))
        else:
            path.hops.append(_edge_hop(graph, a, b))
        i += 1
    return path


def _role(graph: nx.MultiDiGraph, event: str, actor: str) -> str:
    return next(iter(graph.get_edge_data(event, actor) or {"participant": None}))


def _event_hop(graph: nx.MultiDiGraph, a: str, event: str, c: str) -> Hop:
    attrs = graph.nodes[event]
    return Hop(
        source=graph.nodes[a]["label"], target=graph.nodes[c]["label"], relation=attrs["cls"],
        source_role=_role(graph, event, a), target_role=_role(graph, event, c),
        date=attrs.get("when") or attrs.get("date"), evidence=attrs.get("evidence"), article=attrs.get("article"),
        article_title=attrs.get("article_title"), event=event, source_id=a, target_id=c,
    )


def _edge_hop(graph: nx.MultiDiGraph, a: str, b: str, *, reverse: bool = False) -> Hop:
    """A direct edge, whichever way it points; `reverse` tells the reader which way."""
    data = graph.get_edge_data(a, b) or {}
    inverse = not data
    if inverse:
        data = graph.get_edge_data(b, a) or {}
    key, attrs = next(iter(data.items()))
    source, target = (b, a) if reverse else (a, b)
    return Hop(
        source=graph.nodes[source]["label"], target=graph.nodes[target]["label"], relation=key, inverse=inverse != reverse,
        date=attrs.get("date"), evidence=attrs.get("evidence"), article=attrs.get("article"),
        article_title=attrs.get("article_title"), source_id=source, target_id=target,
    )


# -- neighbourhoods and centrality ------------------------------------------------------
@dataclass
class Neighbour:
    id: str
    label: str
    type: str
    cls: str
    distance: int  # in entity steps: an event between two entities counts as one
    via: str  # the hop that reached it, e.g. "Meeting 2025-08-31" or "leaderOf"


def neighbours(graph: nx.MultiDiGraph, node: str, depth: int = 1) -> list[Neighbour]:
    """Entities within `depth` steps of `node`, nearest first; events are walked through."""
    undirected = graph.to_undirected(as_view=True)
    seen = {node: 0}
    via: dict[str, str] = {}
    frontier = [node]
    for distance in range(1, depth + 1):
        next_frontier = []
        for current in frontier:
            for step in sorted(undirected.neighbors(current)):
                reached = [step] if graph.nodes[step]["type"] != "Event" else sorted(undirected.neighbors(step))
                for other in reached:
                    if other in seen:
                        continue
                    seen[other] = distance
                    if graph.nodes[step]["type"] == "Event":
                        via[other] = graph.nodes[step]["label"]
                    else:
                        via[other] = next(iter((graph.get_edge_data(current, step) or graph.get_edge_data(step, current))))
                    next_frontier.append(other)
        frontier = next_frontier
    out = [
        Neighbour(x, graph.nodes[x]["label"], graph.nodes[x]["type"], graph.nodes[x]["cls"], d, via[x])
        for x, d in seen.items() if x != node
    ]
    return sorted(out, key=lambda n: (n.distance, n.label))


def neighbourhood(graph: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph around `node`: its neighbours within `depth` and the events joining them."""
    keep = {node} | {n.id for n in neighbours(graph, node, depth)}
    events = {e for e, a in graph.nodes(data=True) if a["type"] == "Event" and any(x in keep for x in graph.successors(e))}
    events = {e for e in events if sum(1 for x in graph.successors(e) if x in keep) >= 2 or node in graph.successors(e)}
    return graph.subgraph(keep | events).copy()


@dataclass
class Centrality:
    id: str
    label: str
    type: str
    events: int  # events it took part in
    degree: int  # distinct partners in shared events
    betweenness: float
    pagerank: float


def centrality(graph: nx.MultiDiGraph, top: int = 10) -> list[Centrality]:
    """Actors ranked by PageRank over the actor projection (shared events as weights)."""
    projection = actor_projection(graph)
    projection.remove_nodes_from([n for n in list(projection) if projection.degree(n) == 0])
    if not projection:
        return []
    betweenness = nx.betweenness_centrality(projection)
    pagerank = nx.pagerank(projection, weight="weight")
    rows = [
        Centrality(n, a["label"], a["type"], a.get("events", 0), projection.degree(n), betweenness[n], pagerank[n])
        for n, a in projection.nodes(data=True)
    ]
    return sorted(rows, key=lambda r: (-r.pagerank, r.label))[:top]


# -- files -------------------------------------------------------------------------------
def write(graph: nx.Graph, path, fmt: str) -> None:
    """GraphML or GEXF for Gephi and Cytoscape: lists joined by " | ", missing values left out."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format '{fmt}' (choose from {', '.join(GRAPH_FORMATS)})")
    flat = flatten(graph)
    target = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path  # a path, or a binary file
    if fmt == "graphml":
        nx.write_graphml(flat, target)
    else:
        nx.write_gexf(flat, target)


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all strings, numbers or booleans, as the file formats need."""
    flat = graph.__class__()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items() if _scalar(v) is not None})
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **_scalars(attrs))
    if graph.is_multigraph():
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            flat.add_edge(u, v, key=key, **_scalars(attrs))
    else:
        for u, v, attrs in graph.edges(data=True):
            flat.add_edge(u, v, **_scalars(attrs))
    return flat


def _scalars(attrs: dict) -> dict:
    return {k: s for k, v in attrs.items() if (s := _scalar(v)) is not None}


def _scalar(value):
    if value is None:
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Counter):
        return ", ".join(f"{k}:{n}" for k, n in value.most_common())
    if isinstance(value, Iterable):
        return " | ".join(str(v) for v in value)
    return str(value)
