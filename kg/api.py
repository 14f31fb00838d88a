"""KnowledgeGraph: the facade, the only place that wires the stages together.

Notebooks, scripts and the `kg` commands all come through here: building (sources ->
extraction -> triples -> store, with the store's write lock and the chosen engine),
querying, and the views (events, paths, neighbours, centrality, the page, exports).
So a graph built from Python and one built with `kg build` are the same graph.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from rdflib.query import Result

from kg import store as stores
from kg.ids import PREFIX_IRIS, PREFIXES
from kg.ingest import IngestError, ReadOptions
from kg.store import QueryError, Store, StoreBusy, StoreError
from kg.views import events as event_table
from kg.views import export, mirror, names, paths
from kg.views import records as event_data
from kg.views.names import UnknownName
from kg.views.rows import Rows

if TYPE_CHECKING:
    from kg.model import Extraction
    from kg.pipeline import BuildSummary, Sources
    from kg.store.load import LoadSummary

__all__ = [  # noqa: F822 (some are imported when first used, see _LAZY)
    "BuildSummary", "DaskError", "GoldError", "IngestError", "IngestErrors", "KnowledgeGraph", "LoadError", "PREFIXES", "QueryError",
    "Rows", "StoreBusy", "StoreError", "SuiteError", "UnknownName", "check_sources", "evaluate", "event_class_names", "extract",
]

GRAPH_FORMATS = export.GRAPH_FORMATS
DOC_TIMEOUT = None  # seconds one document's extraction may take: None is the pipeline's (kg/pipeline.py)

# Imported when first used, so that `kg query` or `kg path` do not wait for the build's,
# the evaluation's or the endpoint's modules (the graph commands must start in well under 2 s).
_LAZY = {
    "BuildSummary": "kg.pipeline", "DaskError": "kg.pipeline", "IngestErrors": "kg.pipeline", "Sources": "kg.pipeline",
    "GoldError": "kg.quality.evaluate", "LoadError": "kg.store.load", "LoadSummary": "kg.store.load",
    "SuiteError": "kg.quality.sentences",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.api' has no attribute {name!r}")


RDF_FORMATS = tuple(stores.RDF_FORMATS)
EVENT_FORMATS = event_data.FORMATS
EVENT_DTYPES = event_data.DTYPES  # event records' columns -> pandas dtypes (README, "Event data out")


def check_sources(
    sources: Iterable[str | os.PathLike], stdin: TextIO | None = None, *, default_date: date | str | None = None
) -> Sources:
    """Read every record of the sources once: counts, and every bad record. `default_date`
    is the date of records that give none (a page with no findable date, a feed item
    without one, a .txt without its header, a JSON line or CSV row without `date`)."""
    from kg import pipeline

    return pipeline.check_sources([str(s) for s in sources], stdin=stdin, options=ReadOptions.of(default_date))


def extract(
    sources: Iterable[str | os.PathLike], *, stdin: TextIO | None = None, doc_timeout: float | None = DOC_TIMEOUT,
    on_skip: Callable[[IngestError], None] | None = None, default_date: date | str | None = None,
) -> Iterator[Extraction]:
    """Each document's extraction, without a store (what `kg extract` prints); bad input
    raises IngestErrors first. A document whose extraction takes longer than
    `doc_timeout` seconds is left out and handed to `on_skip`."""
    from kg import pipeline

    documents = pipeline.read_all([str(s) for s in sources], stdin=stdin, options=ReadOptions.of(default_date))
    return pipeline.extract_all(documents, doc_timeout=doc_timeout, on_skip=on_skip)


def event_class_names(names: Iterable[str]) -> tuple[str, ...]:
    """Event class names as the ontology spells them, whatever the case; ValueError if unknown."""
    return mirror.event_classes(names)


def evaluate(gold: str | os.PathLike, corpus: str | os.PathLike):
    """Score extraction against hand-checked gold (kg/quality/evaluate.py): a Report."""
    from kg.quality import evaluate as scoring

    return scoring.evaluate(gold, corpus)


def score_sentences(path: str | os.PathLike):
    """Score extraction on a suite of single real sentences (kg/quality/sentences.py)."""
    from kg.quality.sentences import score_suite

    return score_suite(path)


def event_class_order(name: str) -> int:
    """Where an event class stands in the ontology (roots before their subclasses)."""
    from kg import vocab

    return vocab.event_classes().index(name)


def baseline_entities(corpus: str | os.PathLike, gold: str | os.PathLike):
    """Plain spaCy NER scored on the same gold entities: the reference for entity figures."""
    from kg.quality import evaluate as scoring

    return scoring.baseline_entities(corpus, gold)


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
    def open(
        cls, location: str | os.PathLike | None = None, *, read_only: bool = False, wait: bool = False, must_exist: bool = False
    ) -> KnowledgeGraph:
        """Open (or create) a store: a directory for Oxigraph on disk, "memory", or a SPARQL
        server's URL. Opening a store on disk for writing takes its write lock until
        `close()` (StoreBusy if another process writes, or queue with `wait`); `read_only`
        opens a snapshot that runs beside a writer. `must_exist` refuses to create one."""
        location = str(location or stores.default_location())
        local = location != stores.MEMORY and not stores.is_remote(location)
        if must_exist and local and not Path(location).is_dir():
            raise StoreError(f"no store at '{location}' (build one with `kg build SOURCES --store {location}`)")
        return cls(stores.open(location, read_only=read_only and location != stores.MEMORY, wait=wait))

    @property
    def location(self) -> str:
        return self.store.location

    # -- building ----------------------------------------------------------------
    def build(
        self,
        sources: Iterable[str | os.PathLike] | Sources,
        *,
        progress: bool | Callable = False,
        workers: int = 1,
        force: bool = False,
        engine: str = "local",
        scheduler: str = "local",
        doc_timeout: float | None = DOC_TIMEOUT,
        stdin: TextIO | None = None,
        on_skip: Callable[[IngestError], None] | None = None,
        default_date: date | str | None = None,
    ) -> BuildSummary:
        """Ingest, extract and load sources, like `kg build`. Documents already in the
        store are skipped (unless `force`). Bad input raises IngestErrors and writes
        nothing, unless the sources were checked first (`check_sources`), whose good
        records are then built and whose bad ones are in the summary's `errors`.

        `engine` is "local" (this process and `workers` - 1 more) or "dask" (on the
        cluster at `scheduler`, "local" for one on this machine). A document whose
        extraction takes longer than `doc_timeout` seconds is skipped, handed to
        `on_skip` and listed in the summary's `errors`. `default_date` (a date or
        "YYYY-MM-DD") is the date of records that give none, see `check_sources`.
        """
        from kg import pipeline

        checked = sources if isinstance(sources, pipeline.Sources) else check_sources(sources, stdin, default_date=default_date).all_good()
        options = dict(workers=workers, force=force, doc_timeout=doc_timeout, engine=engine, scheduler=scheduler,
                       on_skip=on_skip)
        if callable(progress) or not progress:
            return pipeline.build(self.store, checked, progress=progress or None, **options)
        from tqdm.auto import tqdm

        with tqdm(total=checked.count, unit="doc") as bar:
            return pipeline.build(self.store, checked, progress=lambda _doc: bar.update(), **options)

    def load(self, paths: Iterable[str | os.PathLike], fmt: str | None = None) -> LoadSummary:
        """Load RDF files (what `export` wrote, or any RDF); named graphs are kept."""
        from kg.store.load import load

        return load(self.store, paths, fmt)

    # -- reading -------------------------------------------------------------------
    def query(self, sparql: str) -> Rows | bool | Result:
        """SELECT -> Rows (with `.df`); ASK -> bool; CONSTRUCT/DESCRIBE -> rdflib Graph.

        The prefixes dip:, id:, rdfs:, skos:, xsd:, dcterms:, prov: and owl: are predeclared.
        """
        from kg.endpoint.results import native_answer

        native = native_answer(self.store, sparql)
        if native is not None:  # Oxigraph: its own answer, without rdflib terms on the way
            if hasattr(native, "variables"):
                return Rows.from_table(self.store.table_of(native))
            if type(native).__name__ == "QueryBoolean":
                return bool(native)
        result = self.store.query(sparql)
        if result.type == "SELECT":
            return Rows.from_result(result)
        if result.type == "ASK":
            return bool(result.askAnswer)
        return result.graph

    def query_text(self, sparql: str, fmt: str) -> bytes:
        """A query's answer in a SPARQL 1.1 result format (json, xml, csv, tsv), written by
        the endpoint's own writers; CONSTRUCT and DESCRIBE answer in Turtle."""
        from kg.endpoint import results

        return results.answer(self.store, sparql, fmt, PREFIX_IRIS)

    def export(self, fmt: str, *, include_ontology: bool = False) -> str:
        """The graph as RDF (turtle, nt, nquads, trig, jsonld); quad formats keep one graph per article."""
        return self.store.serialize(fmt, include_ontology=include_ontology)

    def write_graph(self, target: str | os.PathLike | IO[bytes], fmt: str):
        """The networkx mirror as GraphML or GEXF (for Gephi, Cytoscape); returns the mirror."""
        graph = mirror.load(self.store)
        export.write(graph, target, fmt)
        return graph

    def event_records(self):
        """Every event as an event-data record, one row each in date order: a pandas DataFrame
        whose columns follow POLECAT / PLOVER (README, "Event data out"), typed by
        EVENT_DTYPES, list cells joined with "; " as in `kg export --format events-csv`."""
        return event_data.frame(event_data.event_records(self.store))

    def export_events(self, fmt: str = "events-csv") -> tuple[bytes, int]:
        """The event records as CSV or JSON lines (`events-csv`, `events-jsonl`), and how many."""
        records = event_data.event_records(self.store)
        return event_data.write(records, fmt), len(records)

    def stats(self) -> list[tuple[str, int]]:
        """(what, count) rows: triples, documents, then entities, places and events, each
        with its count per class indented below it (kg/views/stats.py)."""
        from kg.views.stats import stats

        return stats(self.store)

    def validate(self):
        """SHACL shapes and consistency checks: a Report with `conforms`, `text`, `problems`."""
        from kg.quality.validate import validate

        return validate(self.store)

    # -- the graph views -------------------------------------------------------------
    def to_networkx(
        self, *, actors: bool = False, start: date | str | None = None, end: date | str | None = None,
        classes: Iterable[str] = (), countries: Iterable[str] = (), min_confidence: float | None = None,
    ):
        """The networkx mirror: a MultiDiGraph of entities and events (node ids are IRIs),
        or with `actors=True` a Graph of actors linked by the events they share.

        Filters keep events in [start, end], of `classes` (a root class keeps its
        subclasses), involving `countries` (names), at or above `min_confidence`.
        The graph is yours to change: a copy of the mirror the store keeps per version.
        """
        graph = self._mirror(start=start, end=end, classes=classes, countries=countries, min_confidence=min_confidence)
        return mirror.actor_projection(graph) if actors else graph.copy()

    def _mirror(self, *, start=None, end=None, classes=(), countries=(), min_confidence=None):
        """The mirror, read once per store version (kg/views/mirror.py); not to be changed."""
        return mirror.load(self.store, self._filters(start, end, classes, countries, min_confidence))

    def resolve(self, name: str) -> str:
        """The IRI of an entity, by label, alias or ISO code, any case; UnknownName says what was meant."""
        return names.resolve(self.store, name)

    def identity(self, name: str) -> Rows:
        """The entity IRIs the store resolved to this entity: with their label in the articles,
        the rule, the reason in words and how many articles it holds for (kg/store/identity.py)."""
        return Rows(["mention", "label", "rule", "reason", "articles"], names.links_to(self.store, names.resolve(self.store, name)))

    def label(self, iri: str) -> str:
        """An entity's name as the graph gives it."""
        return names.graph_label(self.store, iri)

    def explain(self, source: str, target: str, *, k: int = 1, **filters) -> list[paths.Path]:
        """The k shortest chains between two named entities, each hop explained."""
        graph = self._mirror(**filters)
        a, b = names.resolve_in(graph, self.store, source), names.resolve_in(graph, self.store, target)
        return paths.paths(graph, a, b, k)

    def path(self, source: str, target: str, *, k: int = 1, **filters) -> list[dict]:
        """The k shortest chains between two named entities, each hop a dict with its
        relation, roles, date, evidence sentence and article. [] when not connected."""
        return [
            {"source": p.source, "target": p.target, "names": p.names, "hops": [asdict(h) for h in p.hops]}
            for p in self.explain(source, target, k=k, **filters)
        ]

    def neighbours(self, name: str, *, depth: int = 1, **filters) -> Rows:
        """Entities within `depth` steps (an event between two is one step), nearest first."""
        graph = self._mirror(**filters)
        rows = paths.neighbours(graph, names.resolve_in(graph, self.store, name), depth)
        return Rows(["id", "label", "type", "cls", "distance", "via"], [(r.id, r.label, r.type, r.cls, r.distance, r.via) for r in rows])

    def centrality(self, *, top: int = 10, **filters) -> Rows:
        """Actors ranked by PageRank over shared events, with degree and betweenness."""
        rows = paths.centrality(self._mirror(**filters), top)
        return Rows(["id", "label", "type", "events", "degree", "betweenness", "pagerank"], [tuple(vars(r).values()) for r in rows])

    def visualize(
        self, path: str | os.PathLike | None = None, *, focus: str | None = None, depth: int = 2,
        max_nodes: int | None = None, actors: bool = False, physics: bool = True, hide_isolated: bool = False,
        title: str = "diplomacy-kg", **filters,
    ):
        """The interactive page (a Page): shown inline when it is the last thing in a
        Jupyter cell; written to `path` (default graph.html) outside Jupyter or when given."""
        import networkx as nx

        from kg.views import viz

        graph = self._mirror(**filters)
        if focus is not None:
            graph = paths.neighbourhood(graph, names.resolve_in(graph, self.store, focus), depth)
        elif hide_isolated:
            graph = graph.copy()
        if hide_isolated:
            graph.remove_nodes_from(list(nx.isolates(graph)))
        page = viz.render(graph, title=title, max_nodes=max_nodes, physics=physics, actors=actors)
        if path is not None or not viz.in_notebook():
            page.save(path or "graph.html")
        return page

    def _filters(self, start, end, classes, countries, min_confidence) -> mirror.Filters:
        day = lambda d: date.fromisoformat(d) if isinstance(d, str) else d  # noqa: E731
        return mirror.Filters(
            start=day(start), end=day(end), classes=mirror.event_classes(classes),
            countries=tuple(names.resolve(self.store, c) for c in countries), min_confidence=min_confidence,
        )

    # -- events as tables ----------------------------------------------------------------
    def events(
        self,
        country: str | None = None,
        *,
        between: tuple[str, str] | None = None,
        classes: Sequence[str] | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> Rows:
        """Events in date order, one row each (one per real event: reports of it in several
        articles are one): date (as precise as the text: "2025-10-29", "2025-10", "2025"),
        start and end (the first and last day that allows, datetime64 in `.df`), class,
        status, place, participants, evidence, event and article IRIs.

        `country` and the two names of `between` are resolved by label, alias or ISO
        code, case-insensitively; an actor takes part directly or through someone who
        leads, represents or is part of it. `classes` are ontology class names, each
        with its subclasses ("Consultation" is meetings, summits, calls and visits);
        `start` and `end` bound the date, both inclusive (an event known only to the month
        or the year is kept when its period overlaps them).

        >>> kg = KnowledgeGraph.open("memory")
        >>> _ = kg.build(["examples/000_seed.txt"])
        >>> calls = kg.events("russia", classes=["PhoneCall"])
        >>> calls.df.loc[0, "participants"]
        'Narendra Modi, Russia, Vladimir Putin'
        >>> calls.df.loc[0, "date"], calls.df.loc[0, "start"], calls.df.loc[0, "end"]  # "earlier this month"
        ('2025-10', Timestamp('2025-10-01 00:00:00'), Timestamp('2025-10-31 00:00:00'))
        >>> len(kg.events(between=("IND", "Russia"), start="2025-01-01", end="2025-12-31")) > 0
        True
        """
        return event_table.events(self.store, country, between=between, classes=classes, start=start, end=end)

    def timeline(self, name: str) -> Rows:
        """Every event of one actor (a country, person or organisation) in date order.

        >>> kg = KnowledgeGraph.open("memory")
        >>> _ = kg.build(["examples/000_seed.txt"])
        >>> kg.timeline("Vladimir Putin").df["event_class"].tolist()
        ['Meeting', 'PhoneCall', 'Support', 'Summit']
        """
        return self.events(name)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

