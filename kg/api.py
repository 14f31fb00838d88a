"""The Python entry point: `KnowledgeGraph`, what notebooks and scripts use.

It is a thin layer over the same stages as the CLI (ingest, extract, rdf, store),
so a graph built here and one built with `kg build` are the same graph.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from rdflib import RDFS, XSD, Literal, URIRef
from rdflib.query import Result

from kg import resources
from kg.build import BuildSummary, build, check_sources
from kg.rdf import DIP, ID
from kg.store import Store

# XSD datatypes -> the pandas dtype of a column holding only them
_DTYPES = {
    **dict.fromkeys(map(str, (XSD.date, XSD.dateTime, XSD.dateTimeStamp)), "datetime64[ns]"),
    **dict.fromkeys(
        map(str, (XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger)), "Int64"
    ),
    **dict.fromkeys(map(str, (XSD.decimal, XSD.double, XSD.float)), "float64"),
    str(XSD.boolean): "boolean",
}


@dataclass
class Rows:
    """The rows of a SELECT query, as plain Python values, convertible to pandas."""

    columns: list[str]
    rows: list[tuple]
    datatypes: list[str | None] = field(default_factory=list)  # per column: the one XSD datatype of its literals

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def df(self):
        """A pandas DataFrame with typed columns: xsd:date -> datetime64, integers -> Int64
        (nullable), decimals and doubles -> float64, booleans -> boolean; IRIs and other
        literals are strings, unbound cells missing values."""
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=self.columns)
        for column, datatype in zip(self.columns, self.datatypes):
            dtype = _DTYPES.get(datatype or "")
            try:
                if dtype == "datetime64[ns]":
                    frame[column] = pd.to_datetime(frame[column], errors="coerce")
                elif dtype:
                    frame[column] = frame[column].astype(dtype)
            except (TypeError, ValueError):  # an ill-typed literal came through as text: keep the column as it is
                pass
        return frame

    @classmethod
    def from_result(cls, result: Result) -> Rows:
        columns = [str(v) for v in result.vars]
        terms = [tuple(row) for row in result]
        rows = [tuple(_python(term) for term in row) for row in terms]
        return cls(columns, rows, [_column_datatype(row[i] for row in terms) for i in range(len(columns))])


def _column_datatype(terms: Iterable) -> str | None:
    """The datatype every bound cell of a column shares, if they are all typed literals."""
    found = {str(t.datatype) if isinstance(t, Literal) and t.datatype else None for t in terms if t is not None}
    return found.pop() if len(found) == 1 else None


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

    def build(
        self, sources: Iterable[str | os.PathLike], *, progress: bool = False, workers: int = 1, force: bool = False
    ) -> BuildSummary:
        """Ingest, extract and load sources, like `kg build`: documents already in the
        store are skipped (unless `force`), bad input writes nothing."""
        checked = check_sources([str(s) for s in sources]).all_good()
        if not progress:
            return build(self.store, checked.documents(), workers=workers, force=force)
        from tqdm.auto import tqdm

        with tqdm(total=checked.count, unit="doc") as bar:
            return build(self.store, checked.documents(), workers=workers, force=force, progress=lambda _doc: bar.update())

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
    # -- convenience views -----------------------------------------------------
    def events(
        self,
        country: str | None = None,
        *,
        between: tuple[str, str] | None = None,
        classes: Sequence[str] | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> Rows:
        """Events in date order, one row each: date, class, status, place, participants,
        evidence, event and article IRIs.

        `country` and the two names of `between` are resolved by label, alias or ISO
        code, case-insensitively; an actor takes part directly or through someone who
        leads, represents or is part of it. `classes` are ontology class names, each
        with its subclasses ("Consultation" is meetings, summits, calls and visits);
        `start` and `end` bound the date, both inclusive.

        Names never reach SPARQL as text: they are looked up in Python, and only the
        IRIs found, class IRIs and typed dates go into the query, as VALUES written by
        rdflib. So a name like `x" } ; DROP ALL ; #` is just a name nobody has.

        >>> kg = KnowledgeGraph.open("memory")
        >>> _ = kg.build(["examples/000_seed.txt"])
        >>> calls = kg.events("india", classes=["PhoneCall"])
        >>> calls.df.loc[0, "participants"]
        'India, Narendra Modi, Russia, Vladimir Putin'
        >>> calls.df.loc[0, "date"]
        Timestamp('2025-10-01 00:00:00')
        >>> len(kg.events(between=("IND", "Russia"), start="2025-01-01", end="2025-12-31")) > 0
        True
        """
        wanted: dict[str, list[URIRef]] = {}
        if country is not None:
            wanted["actor"] = self._actors(country)
        if between is not None:
            first, second = between
            wanted["a"], wanted["b"] = self._actors(first), self._actors(second)
        if classes is not None:
            wanted["wanted"] = [_event_class(name) for name in classes]
        return self._events(wanted, _as_date(start, "start"), _as_date(end, "end"))

    def timeline(self, name: str) -> Rows:
        """Every event of one actor (a country, person or organisation) in date order.

        >>> kg = KnowledgeGraph.open("memory")
        >>> _ = kg.build(["examples/000_seed.txt"])
        >>> kg.timeline("Vladimir Putin").df["event_class"].tolist()
        ['Meeting', 'PhoneCall', 'Support', 'Summit']
        """
        return self.events(name)

    def _actors(self, name: str) -> list[URIRef]:
        """The actors a name stands for: by rdfs:label, skos:altLabel or ISO code, any letter case."""
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"an actor's name must be a non-empty string, not {name!r}")
        if name.startswith(str(ID)):
            return [URIRef(name)]
        key = name.strip().casefold()
        rows = self.store.query(_ACTOR_NAMES)
        found = sorted({row[0] for row in rows if str(row[1]).casefold() == key})
        if not found:
            raise ValueError(f"no actor named {name!r} in the graph (a label, an alias or an ISO code)")
        return found

    def _events(self, wanted: dict[str, list[URIRef]], start: date | None, end: date | None) -> Rows:
        patterns = []
        if "actor" in wanted:
            patterns.append("?event dip:participant ?via . ?via (dip:leaderOf|dip:represents|dip:partOf)* ?actor .")
        if "a" in wanted:
            patterns.append(
                "?event dip:participant ?pa , ?pb . "
                "?pa (dip:leaderOf|dip:represents|dip:partOf)* ?a . ?pb (dip:leaderOf|dip:represents|dip:partOf)* ?b ."
            )
        if "wanted" in wanted:
            patterns.append("?event a ?wantedClass . ?wantedClass rdfs:subClassOf* ?wanted .")
        if start is not None:
            patterns.append(f"FILTER(?date >= {Literal(start, datatype=XSD.date).n3()})")
        if end is not None:
            patterns.append(f"FILTER(?date <= {Literal(end, datatype=XSD.date).n3()})")
        values = "\n  ".join(_values(variable, terms) for variable, terms in wanted.items())
        query = _EVENTS.replace("#VALUES", values).replace("#PATTERNS", "\n  ".join(patterns))
        rows = Rows.from_result(self.store.query(query))
        at = rows.columns.index("participants")  # GROUP_CONCAT's order is the engine's: make it stable
        rows.rows = [(*row[:at], ", ".join(sorted(row[at].split(", "))) if row[at] else row[at], *row[at + 1 :]) for row in rows.rows]
        return rows

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_ACTOR_NAMES = """
SELECT DISTINCT ?actor ?name WHERE {
  ?actor a ?cls . ?cls rdfs:subClassOf* dip:Actor .
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } UNION { ?actor dip:isoCode ?name }
}"""

# #VALUES and #PATTERNS are filled with rdflib-serialised IRIs and dates only (see events()).
_EVENTS = """
SELECT ?date ?event_class ?status ?place
       (GROUP_CONCAT(DISTINCT ?participantLabel; separator=", ") AS ?participants)
       ?evidence ?event ?article
WHERE {
  #VALUES
  #PATTERNS
  ?event a ?cls ;
         dip:date ?date ;
         dip:status ?status ;
         dip:evidence ?evidence ;
         prov:wasDerivedFrom ?article .
  ?cls rdfs:subClassOf* dip:Event .
  FILTER NOT EXISTS { ?event a ?sub . ?sub rdfs:subClassOf+ ?cls . FILTER(?sub != ?cls) }
  OPTIONAL { ?event dip:participant ?participant . ?participant rdfs:label ?participantLabel . }
  OPTIONAL { ?event dip:location ?location . ?location rdfs:label ?place . }
  BIND(STRAFTER(STR(?cls), "#") AS ?event_class)
}
GROUP BY ?event ?date ?event_class ?status ?place ?evidence ?article
ORDER BY ?date ?event_class ?event
"""


def _values(variable: str, terms: Iterable[URIRef | Literal]) -> str:
    """A VALUES block of terms serialised by rdflib (IRIs checked, literals escaped)."""
    cells = []
    for term in terms:
        if isinstance(term, URIRef) and any(c in str(term) for c in '<>"{}|^`\\ '):
            raise ValueError(f"not a usable IRI: {term!r}")
        cells.append(term.n3())
    return f"VALUES ?{variable} {{ {' '.join(cells)} }}"


def _event_class(name: str) -> URIRef:
    """An ontology event class by name ("Meeting", "dip:Meeting"), in any letter case."""
    known = {str(c).removeprefix(str(DIP)).casefold(): c for c in _event_classes()}
    cls = known.get(str(name).removeprefix("dip:").casefold())
    if cls is None:
        names = ", ".join(sorted(str(c).removeprefix(str(DIP)) for c in known.values()))
        raise ValueError(f"unknown event class {name!r}; the ontology has: {names}")
    return cls


def _event_classes() -> set[URIRef]:
    ontology = resources.ontology_graph()
    return {c for c in ontology.transitive_subjects(RDFS.subClassOf, DIP.Event) if isinstance(c, URIRef) and c.startswith(str(DIP))}


def _as_date(value: date | str | None, what: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise ValueError(f"{what} must be a date (YYYY-MM-DD), not {value!r}") from err
