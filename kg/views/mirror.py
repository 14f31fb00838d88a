"""The store as a networkx graph: the view for walking ("how are these two connected?").

The mirror reads the derived graph (one node per real actor and per real event across
articles, kg/store/derived.py) through a handful of fixed SPARQL queries with no user
text in them, so it works the same on every backend. Entities and events are nodes
(id = IRI); typed edges carry the evidence sentence, article, date and confidence that
explain them, so a path can be told sentence by sentence.

It is read once per store version (the derived graph's stamp, new with every write) and
kept: the views that walk it (paths, neighbours, centrality, the page) do not read the
store again until a build or a load has changed it.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from kg import vocab
from kg.ids import DERIVED_GRAPH, DIP, local_name
from kg.store import Store

RELATIONS = tuple(r for r in vocab.relation_predicates() if r != "holdsPosition")
ROLE_RANK = ("initiator", "recipient", "participant", "location")  # most specific first: an initiator is also a participant
DERIVED = f"<{DERIVED_GRAPH}>"

# Fixed queries over the derived graph, where every canonical node is stated once.
Q_ENTITIES = f"""SELECT ?x ?cls ?label ?iso WHERE {{ GRAPH {DERIVED} {{
  ?x dip:entityType ?cls ; rdfs:label ?label . OPTIONAL {{ ?x dip:isoCode ?iso }} }} }}"""
Q_ALIASES = f"SELECT ?x ?alias WHERE {{ GRAPH {DERIVED} {{ ?x dip:entityType ?cls ; skos:altLabel ?alias }} }}"
Q_POSITIONS = f"SELECT ?x ?position WHERE {{ GRAPH {DERIVED} {{ ?x dip:holdsPosition ?position }} }}"
Q_MENTIONS = f"SELECT ?x (COUNT(?a) AS ?n) WHERE {{ GRAPH {DERIVED} {{ ?a dip:mentions ?x }} }} GROUP BY ?x"
Q_EVENTS = f"""SELECT ?e ?cls ?date ?start ?end ?endDate ?confidence ?status WHERE {{ GRAPH {DERIVED} {{
  ?e dip:eventType ?cls .
  OPTIONAL {{ ?e dip:date ?date }} OPTIONAL {{ ?e dip:earliestDate ?start }} OPTIONAL {{ ?e dip:latestDate ?end }}
  OPTIONAL {{ ?e dip:endDate ?endDate }} OPTIONAL {{ ?e dip:confidence ?confidence }} OPTIONAL {{ ?e dip:status ?status }}
}} }}"""
Q_EVIDENCE = f"SELECT ?e ?evidence WHERE {{ GRAPH {DERIVED} {{ ?e dip:eventType ?cls ; dip:evidence ?evidence }} }}"
Q_FIRST_EVIDENCE = f"SELECT ?e ?evidence WHERE {{ GRAPH {DERIVED} {{ ?e dip:firstEvidence ?evidence }} }}"
Q_SOURCES = f"""SELECT ?e ?article ?day ?title ?ident WHERE {{
  GRAPH {DERIVED} {{ ?e dip:eventType ?cls ; prov:wasDerivedFrom ?article }}
  OPTIONAL {{ GRAPH ?article {{ ?article dcterms:date ?day }} }}
  OPTIONAL {{ GRAPH ?article {{ ?article dcterms:title ?title }} }}
  OPTIONAL {{ GRAPH ?article {{ ?article dcterms:identifier ?ident }} }}
}}"""
Q_ROLES = f"""SELECT ?e ?role ?x WHERE {{ GRAPH {DERIVED} {{
  VALUES ?role {{ dip:participant dip:initiator dip:recipient dip:location }} ?e ?role ?x . ?e dip:eventType ?cls }} }}"""
Q_ACTS = f"SELECT ?x ?state WHERE {{ GRAPH {DERIVED} {{ ?x dip:actsFor ?state FILTER(?x != ?state) }} }}"
# Relations as the articles state them (which article, when), resolved to canonical nodes
# with the identity links (an entity IRI may stand for different actors in different articles).
Q_RELATIONS = f"""SELECT DISTINCT ?s ?p ?o ?article ?date ?title ?ident WHERE {{
  VALUES ?p {{ {" ".join(DIP[r].n3() for r in RELATIONS)} }}
  GRAPH ?article {{ ?s ?p ?o }}
  FILTER(?article != {DERIVED})
  OPTIONAL {{ ?article dcterms:date ?date }} OPTIONAL {{ ?article dcterms:title ?title }}
  OPTIONAL {{ ?article dcterms:identifier ?ident }}
}}"""
Q_IDENTITY = f"""SELECT ?m ?c ?article WHERE {{ GRAPH {DERIVED} {{
  ?r dip:mention ?m ; dip:canonical ?c ; prov:wasDerivedFrom ?article }} }}"""


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
@dataclass
class Tables:
    """What the mirror reads from the store, once per store version."""

    entities: dict[str, dict]
    events: dict[str, dict]
    roles: dict[str, dict[str, str]]
    relations: dict[tuple[str, str, str], dict]
    acts: dict[str, set[str]]  # actor -> the actors it acts for (not itself)
    graph: nx.MultiDiGraph | None = None  # the unfiltered mirror, built on first use
    memo: dict = field(default_factory=dict)  # views of the unfiltered mirror (undirected copy, centrality)


_CACHE: OrderedDict[tuple[str, str], Tables] = OrderedDict()
CACHED_VERSIONS = 2
CACHE_FILE = "kg-mirror-{version}.json"  # beside a store on disk, for the next command to start from


def tables(store: Store) -> Tables:
    """The store's tables, read once per version of the derived graph: kept in this process,
    and for a store on disk also in a JSON file in its directory, so that the next `kg path`
    starts from it (a store whose derived graph has no stamp is read every time)."""
    version = store.version()
    key = (store.location, version)
    if version is not None and key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    path = store.cache_path(CACHE_FILE.format(version=version)) if version is not None else None
    found = _read_cache(path) if path is not None else None
    if found is None:
        found = Tables(_entities(store), _events(store), _roles(store), _relations(store), _acts(store))
        if path is not None:
            _write_cache(path, found)
    if version is not None:
        _CACHE[key] = found
        while len(_CACHE) > CACHED_VERSIONS:
            _CACHE.popitem(last=False)
    return found


def _read_cache(path) -> Tables | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Tables(data["entities"], data["events"], data["roles"],
                      {tuple(key): attrs for key, attrs in data["relations"]}, {x: set(s) for x, s in data["acts"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path, found: Tables) -> None:
    """Written whole or not at all (a temporary file renamed); older versions' files removed.
    A store one may not write to is simply read again next time."""
    data = {"entities": found.entities, "events": found.events, "roles": found.roles,
            "relations": [[list(key), attrs] for key, attrs in found.relations.items()],
            "acts": {x: sorted(s) for x, s in found.acts.items()}}
    try:
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, path)
        for old in path.parent.glob(CACHE_FILE.format(version="*")):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def load(store: Store, filters: Filters | None = None) -> nx.MultiDiGraph:
    """The store as a MultiDiGraph: entity and event nodes, role and relation edges.

    Node attributes: label, cls (ontology class), type (Country, Person, Organization,
    Place or Event), aliases, positions, mentions (articles naming it), events (events
    it takes part in); events add date (as precise as the text), start and end (the
    interval's first and last day), end_date, evidence (its first report's sentence),
    sentences (all), articles (how many report it), confidence, status, article,
    article_title. Edge keys are the relation (initiator, recipient, participant,
    location, leaderOf, ...); edges carry evidence, article, article_title, date, confidence.

    Unfiltered, this is the cached mirror of the store's version: copy it before changing it.
    """
    filters = filters or Filters()
    found = tables(store)
    if not filters.active:
        if found.graph is None:
            found.graph = _build(found, filters)
        return found.graph
    return _build(found, filters)


def _build(found: Tables, filters: Filters) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    entities, events, roles, relations = found.entities, found.events, found.roles, found.relations
    # leaders, envoys and ministries of the wanted countries speak for them (dip:actsFor)
    linked = {x for x, states in found.acts.items() if states & set(filters.countries)} | set(filters.countries)
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
    found: dict[str, tuple[str, str]] = {}
    codes: dict[str, str] = {}
    for x, cls, label, iso in store.select(Q_ENTITIES):
        found[str(x)] = (local_name(cls), str(label))
        if iso is not None:
            codes[str(x)] = str(iso)
    aliases: dict[str, set[str]] = defaultdict(set)
    for x, alias in store.select(Q_ALIASES):
        aliases[str(x)].add(str(alias))
    positions: dict[str, set[str]] = defaultdict(set)
    for x, position in store.select(Q_POSITIONS):
        positions[str(x)].add(str(position))
    mentions = {str(x): int(n) for x, n in store.select(Q_MENTIONS)}
    out = {}
    for iri, (cls, label) in sorted(found.items()):
        out[iri] = {
            "label": label,
            "cls": cls,
            "type": vocab.coarse_types().get(cls, "Actor"),
            "aliases": sorted(aliases.get(iri, set()) - {label}),
            "positions": sorted(positions.get(iri, set())),
            "mentions": mentions.get(iri, 0),
        }
        if iri in codes:
            out[iri]["iso"] = codes[iri]
    return out


def _events(store: Store) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e, cls, day, start, end, end_date, confidence, status in store.select(Q_EVENTS):
        cls_name = local_name(cls)
        when = _text(day)
        out[str(e)] = {
            "label": f"{cls_name} {when}" if when else cls_name,
            "cls": cls_name,
            "type": "Event",
            "date": when,  # as precise as the text: "2019-10-06", "2019-10" or "2019"
            "start": _text(start),  # the interval's first and last day, for filters and sorting
            "end": _text(end),
            "end_date": _text(end_date),
            "confidence": float(confidence) if confidence is not None else None,
            "status": _text(status),
            "evidence": None, "sentences": [], "article": None, "article_title": None, "articles": 0,
        }
    for e, evidence in store.select(Q_EVIDENCE):
        if str(e) in out:
            out[str(e)]["sentences"].append(str(evidence))
    for e, evidence in store.select(Q_FIRST_EVIDENCE):
        if str(e) in out:
            out[str(e)]["evidence"] = str(evidence)
    sources: dict[str, list[tuple]] = defaultdict(list)
    for e, article, day, title, ident in store.select(Q_SOURCES):
        sources[str(e)].append((_text(day) or "", str(article), _text(title) or _text(ident)))
    for iri, attrs in out.items():
        attrs["sentences"].sort()
        if attrs["evidence"] is None and attrs["sentences"]:
            attrs["evidence"] = attrs["sentences"][0]
        reports = sorted(set(sources.get(iri, ())))
        attrs["articles"] = len(reports)
        if reports:  # the earliest article that reports it
            _day, attrs["article"], attrs["article_title"] = reports[0]
    return out


def _roles(store: Store) -> dict[str, dict[str, str]]:
    """event -> {entity: its most specific role}, places as "location"."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    rank = {r: i for i, r in enumerate(ROLE_RANK)}
    for e, role, x in store.select(Q_ROLES):
        role, current = local_name(role), out[str(e)].get(str(x))
        if current is None or rank[role] < rank[current]:
            out[str(e)][str(x)] = role
    return out


def _acts(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for x, state in store.select(Q_ACTS):
        out[str(x)].add(str(state))
    return dict(out)


def _relations(store: Store) -> dict[tuple[str, str, str], dict]:
    """(subject, relation, object), canonical -> the earliest article stating it, and how many do."""
    canonical = {(str(m), str(a)): str(c) for m, c, a in store.select(Q_IDENTITY)}
    out: dict[tuple[str, str, str], dict] = {}
    for s, p, o, article, day, title, ident in store.select(Q_RELATIONS):
        where = str(article)
        subject, obj = canonical.get((str(s), where), str(s)), canonical.get((str(o), where), str(o))
        if subject == obj:
            continue
        key = (subject, local_name(p), obj)
        attrs = {"article": where, "article_title": _text(title) or _text(ident), "date": _text(day), "evidence": None, "confidence": None}
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
    # an event known to the month or the year is kept when its period overlaps the range
    if filters.start and (attrs["end"] is None or attrs["end"] < filters.start.isoformat()):
        return False
    if filters.end and (attrs["start"] is None or attrs["start"] > filters.end.isoformat()):
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
            if attrs["start"]:
                edge["first"] = min(filter(None, [edge["first"], attrs["start"]]))
                edge["last"] = max(filter(None, [edge["last"], attrs["end"] or attrs["start"]]))
    for _a, _b, edge in projection.edges(data=True):
        edge["label"] = ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in edge["classes"].most_common())
    return projection
