"""RDF files -> store: what `kg export` wrote, or any RDF, back into a store.

Every file is parsed before the store is touched, and all of them go in as one
write, so a malformed file costs nothing but its error message. Named graphs are
kept (loading a graph replaces the graph of that name, as a re-build does); the
triples of a triple format (Turtle, N-Triples) or of a default graph go into one
graph named after the file, because the store keeps everything in named graphs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.ids import file_graph_iri
from kg.rdf import Triple
from kg.store.base import Store, first_line

FORMAT_OF_SUFFIX = {
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}


class LoadError(ValueError):
    """A file that cannot be read or parsed; the message names it."""


@dataclass
class LoadSummary:
    files: int
    graphs: int
    triples: int


def parse_files(paths: Iterable[str | os.PathLike], fmt: str | None = None) -> dict[URIRef, list[Triple]]:
    """name -> triples of every graph in the files, or LoadError for the first bad file."""
    graphs: dict[URIRef, list[Triple]] = {}
    for path in map(Path, paths):
        rdf_format = fmt or FORMAT_OF_SUFFIX.get(path.suffix.lower())
        if rdf_format is None:
            raise LoadError(
                f"{path}: unknown RDF file type '{path.suffix or path.name}' "
                f"(expected {', '.join(FORMAT_OF_SUFFIX)}, or give --format)"
            )
        try:
            data = path.read_bytes()
        except OSError as err:
            raise LoadError(f"{path}: cannot read: {err.strerror or err}") from err
        dataset = Dataset()
        try:
            dataset.parse(data=data, format=rdf_format, publicID=path.resolve().as_uri())
        except Exception as err:  # each rdflib parser has its own exception types
            raise LoadError(f"{path}: malformed {rdf_format}: {first_line(err)}") from err
        for graph in dataset.graphs():
            triples = list(graph)
            if not triples:
                continue
            name = graph.identifier
            if name == DATASET_DEFAULT_GRAPH_ID or not isinstance(name, URIRef):
                name = file_graph_iri(path)
            graphs.setdefault(name, []).extend(triples)
    return graphs


def load(store: Store, paths: Iterable[str | os.PathLike], fmt: str | None = None) -> LoadSummary:
    paths = list(paths)
    graphs = parse_files(paths, fmt)
    store.replace_graphs(graphs)
    return LoadSummary(files=len(paths), graphs=len(graphs), triples=sum(len(t) for t in graphs.values()))
