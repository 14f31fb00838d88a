"""Walking the mirror: explained paths between two entities, neighbourhoods, centrality."""


from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass, field

import networkx as nx

from kg.views.mirror import actor_projection


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
    simple = _simple(graph)
    try:
        chains = itertools.islice(nx.shortest_simple_paths(simple, source, target), k)
        return [_explain(graph, chain) for chain in chains]
    except nx.NetworkXNoPath:
        return []


# Views of a mirror, kept while the mirror lives (the store's mirror lives for its version):
# a path or a ranking asked twice of the same graph is not computed twice.
_SIMPLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_RANKED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Betweenness from this many sampled sources (seeded, so stable) once a projection is larger.
BETWEENNESS_SAMPLES = 300


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    if graph not in _SIMPLE:
        _SIMPLE[graph] = nx.Graph(graph.to_undirected(as_view=True))
    return _SIMPLE[graph]


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
    """Actors ranked by PageRank over the actor projection (shared events as weights).

    Betweenness is exact up to BETWEENNESS_SAMPLES actors, and estimated from that many
    sampled sources (with a fixed seed) above."""
    ranked = _RANKED.setdefault(graph, {})
    if top not in ranked:
        ranked[top] = _centrality(graph, top)
    return list(ranked[top])


def _centrality(graph: nx.MultiDiGraph, top: int) -> list[Centrality]:
    projection = actor_projection(graph)
    projection.remove_nodes_from([n for n in list(projection) if projection.degree(n) == 0])
    if not projection:
        return []
    samples = BETWEENNESS_SAMPLES if len(projection) > BETWEENNESS_SAMPLES else None
    betweenness = nx.betweenness_centrality(projection, k=samples, seed=0)
    pagerank = nx.pagerank(projection, weight="weight")
    rows = [
        Centrality(n, a["label"], a["type"], a.get("events", 0), projection.degree(n), betweenness[n], pagerank[n])
        for n, a in projection.nodes(data=True)
    ]
    return sorted(rows, key=lambda r: (-r.pagerank, r.label))[:top]
