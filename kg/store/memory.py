"""rdflib's in-memory store: for a quick look, and as the reference the benchmarks compare with."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Dataset, Graph, Literal, URIRef

from kg.ids import DERIVED_GRAPH, DIP
from kg.store.base import Store, new_version
from kg.store.derived import Delta
from kg.store.facts import to_oxigraph


class MemoryStore(Store):
    def __init__(self, location: str = "memory", *, read_only: bool = False, wait: bool = False):
        super().__init__(location, Dataset(default_union=True), read_only=read_only)
        self._ensure_ontology()

    def _commit(self, graphs: Mapping[URIRef, str], delta: Delta | None) -> None:
        """One process, one thread: everything is parsed first, then swapped in."""
        staged = Dataset()
        staged.parse(data="".join(graphs.values()), format="nquads")
        removed = _ntriples(delta.removed) if delta else []
        added = _ntriples(delta.added) if delta else []
        for name in graphs:
            self.dataset.remove_graph(name)
            graph = self.dataset.graph(name)
            graph.addN((s, p, o, graph) for s, p, o in staged.graph(name))
        if delta is not None:
            derived = self.dataset.graph(DERIVED_GRAPH)
            for triple in removed:
                derived.remove(triple)
            derived.addN((s, p, o, derived) for s, p, o in added)
            derived.set((DERIVED_GRAPH, DIP.version, Literal(new_version())))

    def _quads(self):
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            if g is not None:
                name = g.identifier if hasattr(g, "identifier") else g
                yield to_oxigraph(name), to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)


def _ntriples(lines: list[str]) -> list:
    return list(Graph().parse(data="".join(f"{line} .\n" for line in lines), format="nt")) if lines else []
