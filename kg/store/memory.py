"""rdflib's in-memory store: for a quick look, and as the reference the benchmarks compare with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Dataset, URIRef

from kg.rdf import Triple
from kg.store.base import Store


class MemoryStore(Store):
    def __init__(self, location: str = "memory", *, read_only: bool = False, wait: bool = False):
        super().__init__(location, Dataset(default_union=True), read_only=read_only)
        self._ensure_ontology()

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        staged = {name: list(content) for name, content in graphs.items()}  # fail before touching anything
        for name, content in staged.items():
            self.dataset.remove_graph(name)
            graph = self.dataset.graph(name)
            graph.addN((s, p, o, graph) for s, p, o in content)
