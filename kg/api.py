"""The Python entry point: `KnowledgeGraph`, what notebooks and scripts use.

It is a thin layer over the same stages as the CLI (ingest, extract, rdf, store),
so a graph built here and one built with `kg build` are the same graph.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Literal
from rdflib.query import Result

from kg.build import BuildSummary, build, check_sources
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
        checked = check_sources([str(s) for s in sources])
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

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
