"""The Python entry point: `KnowledgeGraph`, what notebooks and scripts use.

It is a thin layer over the same stages as the CLI (ingest, extract, rdf, store),
so a graph built here and one built with `kg build` are the same graph.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from rdflib import Literal
from rdflib.query import Result

from kg.build import BuildSummary, build, read_all
from kg.store import Store


@dataclass
class Rows:
    """The rows of a SELECT query, as plain Python values, convertible to pandas."""

    columns: list[str]
    rows: list[tuple]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def df(self):
        """A pandas DataFrame; literals become Python values (dates, numbers), IRIs strings."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    @classmethod
    def from_result(cls, result: Result) -> Rows:
        columns = [str(v) for v in result.vars]
        rows = [tuple(_python(term) for term in row) for row in result]
        return cls(columns, rows)


def _python(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _in_notebook() -> bool:
    """True inside a Jupyter kernel, where a returned page displays itself."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class KnowledgeGraph:
    """A diplomacy knowledge graph in a store.

    >>> kg = KnowledgeGraph.open("memory")
    >>> kg.build(["examples/000_seed.txt"]).documents
    1
    >>> rows = kg.query("SELECT ?name WHERE { ?p a dip:Person ; rdfs:label ?name } ORDER BY ?name")
    >>> "Vladimir Putin" in rows.df["name"].tolist()
    True
    """

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def open(cls, location: str | os.PathLike | None = None) -> KnowledgeGraph:
        """Open (or create) a store: a directory for Oxigraph on disk, or "memory"."""
        return cls(Store(location))

    def build(self, sources: Iterable[str | os.PathLike], *, progress: bool = False) -> BuildSummary:
        """Ingest, extract and load sources; all or nothing, like `kg build`."""
        documents = read_all([str(s) for s in sources])
        if not progress:
            return build(self.store, documents)
        from tqdm.auto import tqdm

        with tqdm(total=len(documents), unit="doc") as bar:
            return build(self.store, documents, progress=lambda _doc: bar.update())

    def query(self, sparql: str) -> Rows | Result:
        """SELECT -> Rows (with `.df`); ASK -> bool; CONSTRUCT/DESCRIBE -> rdflib Graph.

        The prefixes dip:, id:, rdfs:, skos:, xsd:, dcterms: and prov: are predeclared.
        """
        result = self.store.query(sparql)
        if result.type == "SELECT":
            return Rows.from_result(result)
        if result.type == "ASK":
            return bool(result.askAnswer)
        return result.graph

    # -- the graph views (kg.graph, kg.viz) -----------------------------------------
    def to_networkx(
        self, *, actors: bool = False, start: date | str | None = None, end: date | str | None = None,
        classes: Iterable[str] = (), countries: Iterable[str] = (), min_confidence: float | None = None,
    ):
        """The networkx mirror: a MultiDiGraph of entities and events (node ids are IRIs),
        or with `actors=True` a Graph of actors linked by the events they share.

        Filters keep events in [start, end], of `classes` (a root class keeps its
        subclasses), involving `countries` (names), at or above `min_confidence`.
        """
        from kg import graph

        mirror = graph.load(self.store, self._filters(start, end, classes, countries, min_confidence))
        return graph.actor_projection(mirror) if actors else mirror

    def resolve(self, name: str) -> str:
        """The IRI of an entity, by label or alias, any case; UnknownName says what was meant."""
        from kg import graph

        return graph.resolve(self.store, name)

    def path(self, source: str, target: str, *, k: int = 1, **filters) -> list[dict]:
        """The k shortest chains between two named entities, each hop a dict with its
        relation, roles, date, evidence sentence and article. [] when not connected."""
        from dataclasses import asdict

        from kg import graph

        mirror = self.to_networkx(**filters)
        a, b = graph.resolve_in(mirror, self.store, source), graph.resolve_in(mirror, self.store, target)
        return [{"source": p.source, "target": p.target, "names": p.names, "hops": [asdict(h) for h in p.hops]} for p in graph.paths(mirror, a, b, k)]

    def neighbours(self, name: str, *, depth: int = 1, **filters) -> Rows:
        """Entities within `depth` steps (an event between two is one step), nearest first."""
        from kg import graph

        mirror = self.to_networkx(**filters)
        rows = graph.neighbours(mirror, graph.resolve_in(mirror, self.store, name), depth)
        return Rows(["id", "label", "type", "cls", "distance", "via"], [(r.id, r.label, r.type, r.cls, r.distance, r.via) for r in rows])

    def centrality(self, *, top: int = 10, **filters) -> Rows:
        """Actors ranked by PageRank over shared events, with degree and betweenness."""
        from kg import graph

        rows = graph.centrality(self.to_networkx(**filters), top)
        return Rows(["id", "label", "type", "events", "degree", "betweenness", "pagerank"], [tuple(vars(r).values()) for r in rows])

    def visualize(
        self, path: str | os.PathLike | None = None, *, focus: str | None = None, depth: int = 2,
        max_nodes: int | None = None, actors: bool = False, physics: bool = True, title: str = "diplomacy-kg", **filters,
    ):
        """The interactive page (kg.viz.Page): shown inline when it is the last thing in a
        Jupyter cell; written to `path` (default graph.html) outside Jupyter or when given."""
        from kg import graph, viz

        mirror = self.to_networkx(**filters)
        if focus is not None:
            mirror = graph.neighbourhood(mirror, graph.resolve_in(mirror, self.store, focus), depth)
        page = viz.render(mirror, title=title, max_nodes=max_nodes, physics=physics, actors=actors)
        if path is not None or not _in_notebook():
            page.save(path or "graph.html")
        return page

    def _filters(self, start, end, classes, countries, min_confidence):
        from kg import graph

        day = lambda d: date.fromisoformat(d) if isinstance(d, str) else d  # noqa: E731
        return graph.Filters(
            start=day(start), end=day(end), classes=graph.event_classes(classes),
            countries=tuple(graph.resolve(self.store, c) for c in countries), min_confidence=min_confidence,
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
